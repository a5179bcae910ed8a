"""Every revision of every article is kept (``article_revisions``), ``scrapy history`` shows the
versions and what changed, and a silent edit (the text changed, the modified time did not) is
flagged in the history and counted in the SUMMARY. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from crawler.archive.schema import article_revisions
from crawler.archive.storage import open_storage
from crawler.readers.history import word_diff
from crawler.replica import Replica
from tests.conftest import last_line, load_expected, run_crawl, run_scrapy

TARGET = "184905"  # a current-template article with its own dateModified
ADDED = "وأكد مدير التربية أن الرواتب ستصرف مطلع الشهر المقبل."
NEW_MODIFIED = "2020-10-06T09:00:00+03:00"


@pytest.fixture
def db_url(any_db_url):
    return any_db_url


def page_route(replica) -> str:
    return next(p for p in replica.site.routes if p.startswith(f"/ar/news_show/{TARGET}/0/"))


def bump_sitemap(replica, lastmod: str) -> None:
    path = "/sitemap/2020-10.xml"
    sitemap = replica.file_bytes(path).decode("utf-8")
    sitemap = re.sub(r"(" + TARGET + r"[^<]*</loc><lastmod>)[^<]+", r"\g<1>" + lastmod, sitemap)
    replica.serve(path, sitemap.encode("utf-8"), "application/xml; charset=utf-8")


def kept_versions(db_url) -> list[dict]:
    store = open_storage(db_url)
    try:
        with store.engine.connect() as conn:
            kept = article_revisions
            rows = conn.execute(
                select(kept)
                .where(kept.c.outlet == "orient_news", kept.c.article_id == TARGET)
                .order_by(kept.c.revision)
            )
            return [dict(r._mapping) for r in rows]
    finally:
        store.close()


def test_an_edit_keeps_the_old_version_and_a_silent_edit_is_flagged(tmp_path, db_url):
    original = load_expected("orient_news")[TARGET]
    first_words = original["body"].split("\n\n")[0][:30]
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        route = page_route(replica)
        page = replica.file_bytes(route).decode("utf-8")
        assert first_words in page and '"dateModified": "2020-10-05T18:20:00+03:00"' in page

        # 1. an announced edit: a sentence added, dateModified and the sitemap's lastmod moved on
        edited = page.replace(first_words, f"{ADDED} {first_words}", 1).replace(
            '"dateModified": "2020-10-05T18:20:00+03:00"', f'"dateModified": "{NEW_MODIFIED}"'
        )
        replica.serve(route, edited.encode("utf-8"))
        bump_sitemap(replica, NEW_MODIFIED)
        announced = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
        assert announced.returncode == 0, announced.log[-2000:]
        assert announced.stat("news/stored/updated") == 1 and announced.stat("news/silent_edits") == 0

        # 2. a silent edit: the text changes again, the page's modified time does not
        silent = edited.replace(ADDED, ADDED.replace("مطلع الشهر المقبل", "خلال أيام"), 1)
        replica.serve(route, silent.encode("utf-8"))
        refresh = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full", "refresh=1")
    assert refresh.returncode == 0, refresh.log[-2000:]
    assert refresh.stat("news/stored/updated") == 1 and refresh.stat("news/silent_edits") == 1
    assert "silent_edits=1" in last_line(refresh.log)
    assert re.search(r"WARNING: silent edit: orient_news \S+184905", refresh.log)

    kept = kept_versions(db_url)
    assert [k["revision"] for k in kept] == [1, 2]
    assert kept[0]["body"] == original["body"] and kept[0]["replaced_silently"] == 0
    assert kept[1]["body"].startswith(ADDED) and kept[1]["replaced_silently"] == 1
    assert kept[0]["modified_at"] == "2020-10-05T18:20:00+03:00" and kept[1]["modified_at"] == NEW_MODIFIED
    current = {r["article_id"]: r for r in refresh.rows("orient_news")}[TARGET]
    assert current["revision"] == 3 and "خلال أيام" in current["body"]

    history = run_scrapy(["history", "orient_news", TARGET], db_url, tmp_path)
    assert history.returncode == 0, history.stderr
    out = history.stdout
    assert out.startswith(f"orient_news {TARGET}: 3 versions")
    assert "{+" + ADDED.split(maxsplit=1)[0] in out  # the added sentence, word by word
    headers = [line for line in out.splitlines() if line.startswith("revision ")]
    assert len(headers) == 3 and "SILENT EDIT" not in headers[1] and "SILENT EDIT" in headers[2]
    assert "[-مطلع الشهر المقبل.-] {+خلال أيام.+}" in out
    assert "modified_at: '2020-10-05T18:20:00+03:00' -> '2020-10-06T09:00:00+03:00'" in out


def test_a_reparse_that_changes_nothing_keeps_no_version_and_history_finds_by_url(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        url = next(r["url"] for r in open_storage(db_url).iter_articles("orient_news") if r["article_id"] == TARGET)
    reparse = run_scrapy(["reparse", "orient_news"], db_url, tmp_path)
    assert reparse.returncode == 0, reparse.stderr[-2000:]
    assert kept_versions(db_url) == []
    history = run_scrapy(["history", "orient_news", url], db_url, tmp_path)
    assert history.returncode == 0 and history.stdout.startswith(f"orient_news {TARGET}: 1 version\n")
    missing = run_scrapy(["history", "orient_news", "999999999"], db_url, tmp_path)
    assert missing.returncode == 1 and missing.stderr.strip() == "error: no stored orient_news article for 999999999"
    usage = run_scrapy(["history", "orient_news"], db_url, tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_word_diff_marks_what_was_added_and_removed_with_context():
    old = " ".join(f"w{n}" for n in range(30))
    new = old.replace("w15", "X15 Y") + " tail"
    context = "w16 w17 w18 w19 w20 w21 … w24 w25 w26 w27 w28 w29"
    assert word_diff(old, new) == f"… w9 w10 w11 w12 w13 w14 [-w15-] {{+X15 Y+}} {context} {{+tail+}}"
    assert word_diff("a b", "a b") == "…"  # nothing changed
