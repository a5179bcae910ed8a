"""``make browse`` (crawler/readers/browse.py): the archive in Datasette, read-only, searched in a
real headless Chromium: a word typed without hamza finds the article that has it with hamza."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from crawler.archive.storage import open_storage
from crawler.readers import browse
from tests.archives import (
    article,
    chromium_page,
    fixture_archive,
    fixture_archive_on,
    needs_chromium,
    sqlite_rows,
    store,
)
from tests.conftest import ROOT

WHEAT = "تجار يشترون محصول القمح في إدلب بأسعار متدنية"  # orient_news 150733: إدلب with hamza
NOT_IDLIB = "انقطاع المياه عن أحياء واسعة في مدينة دير الزور"  # a Furat Post title without it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


def start_browse(db_url: str, tmp_path: Path, port: int) -> subprocess.Popen:
    """``make browse`` as its recipe runs it, in the background; returns once the server answers."""
    env = {**os.environ, "NEWS_DB_URL": db_url, "NEWS_BROWSE_DIR": str(tmp_path / "browse")}
    log = (tmp_path / "browse.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.readers.browse", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError((tmp_path / "browse.log").read_text())
        try:
            get_json(f"http://127.0.0.1:{port}/-/versions.json")
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("datasette did not answer: " + (tmp_path / "browse.log").read_text())


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()  # the server is that process (the launcher execs datasette)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@needs_chromium
def test_chromium_finds_the_article_with_hamza_from_a_query_without_it(tmp_path):
    url = fixture_archive(tmp_path / "archive")
    archive_file = Path(url[len("sqlite:///") :])
    archive_before = archive_file.read_bytes()
    port = free_port()
    proc = start_browse(url, tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    try:
        [database] = get_json(f"{base}/-/databases.json")
        assert database["name"] == "archive" and database["is_mutable"] is False  # --immutable
        snapshot = Path(database["path"])
        assert snapshot.parent.parent == tmp_path / "browse" and snapshot.name == "archive.db"  # a snapshot
        snapshot_before = snapshot.read_bytes()

        with chromium_page(tmp_path / "profile") as page:
            page.goto(f"{base}/archive/articles", wait_until="load")
            for facet in ("outlet", "section", "lang", "month"):  # the metadata's facets
                assert page.locator(f'.facet-info[data-column="{facet}"]').count() == 1, facet
            assert page.locator("text=publication month (YYYY-MM, Damascus time)").count() == 1  # described
            page.fill('input[name="_search"]', "ادلب")  # typed without hamza
            page.locator('input[name="_search"]').press("Enter")
            page.wait_for_url("**_search=*")
            heading = page.locator("h3").first.inner_text()
            titles = page.locator("td.col-title").all_inner_texts()
        assert heading.startswith("6 rows where search matches")
        assert WHEAT in titles and NOT_IDLIB not in " ".join(titles) and len(titles) == 6
        assert all("إدلب" in t or "ادلب" not in t for t in titles)

        # and with hamza, harakat or in JSON: the same six articles
        for query in ("إدلب", "إِدْلِب"):
            found = get_json(f"{base}/archive/articles.json?_search={urllib.parse.quote(query)}&_shape=array")
            assert sorted(r["title"] for r in found) == sorted(titles), query
    finally:
        stop(proc)
    assert snapshot.read_bytes() == snapshot_before and archive_file.read_bytes() == archive_before  # read only


def test_the_snapshot_is_taken_again_only_when_the_archive_changed(any_db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_BROWSE_DIR", str(tmp_path / "browse"))
    url = fixture_archive_on(any_db_url, tmp_path)
    path = browse.snapshot_path(url)
    storage = open_storage(url)
    try:
        with storage.engine.connect() as conn:
            assert browse.ensure_snapshot(conn, path) == (True, 69)
        with storage.engine.connect() as conn:
            assert browse.ensure_snapshot(conn, path) == (False, None)  # nothing changed
        store(url, article("furat_post", "99003", "خبر جديد", "نص", "2023-12-01T10:00:00+02:00"))
        with storage.engine.connect() as conn:
            assert browse.ensure_snapshot(conn, path) == (True, 70)
    finally:
        storage.close()
    snap = f"sqlite:///{path}"
    assert sqlite_rows(snap, "SELECT count(*) AS n FROM runs") == [{"n": 4}]
    months = sqlite_rows(snap, "SELECT month FROM articles WHERE article_id = '99003'")
    assert months == [{"month": "2023-12"}]
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".partial")] == []


def test_browse_refuses_a_missing_archive_in_one_line(tmp_path):
    missing = tmp_path / "none.db"
    env = {**os.environ, "NEWS_DB_URL": f"sqlite:///{missing}", "NEWS_BROWSE_DIR": str(tmp_path / "browse")}
    done = subprocess.run(
        [sys.executable, "-m", "crawler.readers.browse"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"error: no archive at {missing} (set NEWS_DB_URL to the archive)"]
