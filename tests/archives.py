"""Archives for the readers' tests (export, search, report, browse): the committed archive that
main wrote before the migrations (tests/fixtures/archives/, both outlets, 69 articles, 4 runs),
brought to the newest revision as ``scrapy db upgrade`` does, on SQLite or copied into
PostgreSQL with ``scrapy db copy``'s code; and records stored through the storage interface."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crawler.archive import schema
from crawler.archive.copy import copy_archive
from crawler.archive.storage import engine_for_migrations, open_storage
from crawler.items import Article
from crawler.ops import waf
from tests.conftest import FIXTURES

PRE_MIGRATIONS = FIXTURES / "archives" / "pre-migrations-a3e62d0.db"
#: what the fixture archive holds (counted once by hand, checked by test_export)
FIXTURE_COUNTS = {"orient_news": 33, "furat_post": 36}


def fixture_archive(folder: Path) -> str:
    """A copy of the committed archive, upgraded in place: its SQLite URL."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fixture.db"
    shutil.copy(PRE_MIGRATIONS, path)
    url = f"sqlite:///{path}"
    engine = engine_for_migrations(url)
    try:
        schema.upgrade(engine)
    finally:
        engine.dispose()
    return url


def fixture_archive_on(db_url: str, folder: Path) -> str:
    """The upgraded fixture archive at ``db_url`` (an SQLite file to create, or an empty
    PostgreSQL database, filled by ``scrapy db copy``'s code)."""
    source = fixture_archive(folder / "source")
    if db_url.startswith("sqlite:///"):
        shutil.copy(source[len("sqlite:///") :], db_url[len("sqlite:///") :])
        return db_url
    checks = copy_archive(source, db_url, state_dir=folder / "copy-state", say=lambda line: None)
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    return db_url


def sqlite_rows(url: str, sql: str, *params: Any) -> list[dict[str, Any]]:
    """Rows read with the sqlite3 module itself: the tests' independent view of an archive."""
    conn = sqlite3.connect(url[len("sqlite:///") :])
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def article(outlet: str, article_id: str, title: str, body: str, published_at: str, **kw: Any) -> Article:
    host = "orient-news.net/ar/news_show" if outlet == "orient_news" else "euphratespost.net/p"
    url = kw.pop("url", f"https://{host}/{article_id}")
    return Article(
        outlet=outlet,
        article_id=article_id,
        url=url,
        fetched_url=url,
        lang=kw.pop("lang", "ar"),
        title=title,
        body=body,
        published_at=published_at,
        template=kw.pop("template", "current" if outlet == "orient_news" else "wp_page"),
        **kw,
    )


def store(db_url: str, *items: Article) -> None:
    """Store records through the storage interface (an upsert each: a revision when stored already)."""
    storage = open_storage(db_url)
    try:
        for item in items:
            storage.upsert(replace(item))
    finally:
        storage.close()


# -- a real browser -----------------------------------------------------------------------------------
CHROMIUM = os.environ.get("NEWS_CHROMIUM_PATH", waf.DEFAULT_CHROMIUM)
# skipped on a developer's machine without Chromium; never in CI (CI=true), where a missing browser
# must fail these tests rather than hide behind a skip (as tests/test_waf.py)
needs_chromium = pytest.mark.skipif(
    waf.chromium_missing(CHROMIUM) is not None and not os.environ.get("CI"),
    reason=f"no browser: {waf.chromium_missing(CHROMIUM)}",
)


@contextmanager
def chromium_page(profile: Path) -> Iterator[Any]:
    """A page of Debian's headless Chromium (Playwright drives it; never ``playwright install``),
    with a fresh profile folder."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=waf.CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context.new_page()
        finally:
            context.close()
