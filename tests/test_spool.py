"""The spool that cannot lose nor block, and bounded waits on a busy database (issue 12).

Every test crawls the replica with real ``scrapy`` processes on real SQLite files. A busy
database is another connection holding ``BEGIN EXCLUSIVE`` on the file (a long transaction, a
backup); a full or read-only disk is a small tmpfs mounted by the test (root only, else skipped).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawler.replica import Replica
from tests.conftest import ROOT, load_expected, run_crawl, run_scrapy

#: a crawl against a locked database that does not wait long: 1 s per record, then the spool
LOCKED = {"NEWS_STORAGE_BUDGET": 1, "NEWS_SQLITE_BUSY_TIMEOUT": 0.1}
CRON_ARTICLES = {"orient_news": 30, "furat_post": 36}  # what a first cron run of each replica stores
ARABIC = re.compile(r"[\u0600-\u06ff]{3,}")


# -- helpers ---------------------------------------------------------------------------------------
def prepare(db_url: str) -> None:
    """The tables a crawl reads, as a database in use has them."""
    from crawler.archive.storage import open_storage

    open_storage(db_url).close()


def db_file(db_url: str) -> str:
    return db_url.removeprefix("sqlite:///")


@contextmanager
def exclusive_lock(db_url: str):
    """Another connection holds the database's write lock, as a long transaction or a backup does."""
    con = sqlite3.connect(db_file(db_url), isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        con.rollback()
        con.close()


def spool_under_lock(outlet: str, replica, db_url: str, tmp_path: Path):
    """A cron run while the database is locked: every record goes to the spool."""
    prepare(db_url)
    with exclusive_lock(db_url):
        result = run_crawl(outlet, replica.base_url, db_url, tmp_path, settings=LOCKED, timeout=180)
    assert result.returncode == 1, result.log[-3000:]
    assert result.stat("news/storage/spooled") == CRON_ARTICLES[outlet]
    assert "storage_error" in result.stat("news/failure_reasons", "")
    return result


def summary(log: str) -> str:
    return [line for line in log.splitlines() if line.startswith("SUMMARY ")][-1]


def spool_files(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "spool").rglob("*.jsonl") if not p.name.startswith("corrupt-"))


def spool_records(tmp_path: Path) -> list[dict]:
    return [json.loads(line) for path in spool_files(tmp_path) for line in path.read_bytes().splitlines() if line]


def query(db_url: str, sql: str) -> list[tuple]:
    con = sqlite3.connect(db_file(db_url))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def revisions(db_url: str) -> dict[tuple[str, str], int]:
    return {(o, a): r for o, a, r in query(db_url, "SELECT outlet, article_id, revision FROM articles")}


def start_scrapy(args: list[str], db_url: str, tmp_path: Path, name: str, **env) -> tuple[subprocess.Popen, Path]:
    stats = tmp_path / f"stats-{name}.json"
    full_env = {
        **os.environ,
        "NEWS_DB_URL": db_url,
        "NEWS_SPOOL_DIR": str(tmp_path / "spool"),
        "NEWS_LOCK_DIR": str(tmp_path / f"locks-{name}"),
        "NEWS_WARC_DIR": str(tmp_path / "warc"),
        "NEWS_STATS_FILE": str(stats),
        "NEWS_LOG_LEVEL": "INFO",
        **env,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return proc, stats


def finish(proc: subprocess.Popen, stats: Path, timeout: float = 240) -> tuple[int, str, dict]:
    out, _ = proc.communicate(timeout=timeout)
    return proc.returncode, out, json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}


@contextmanager
def tmpfs(path: Path, size: str):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(disk: Path, leave: int) -> None:
    """Fill the file system of ``disk`` until ``leave`` bytes are free."""
    with open(disk / "filler", "wb") as fh:
        while True:
            st = os.statvfs(disk)
            free = st.f_bavail * st.f_frsize
            if free <= leave:
                return
            fh.write(b"\0" * min(65536, free - leave))
            fh.flush()


# -- 1. a truncated line ---------------------------------------------------------------------------
def test_a_truncated_spool_line_is_moved_aside_and_the_other_records_are_replayed(tmp_path, db_url):
    with Replica("orient_news") as replica:
        spool_under_lock("orient_news", replica, db_url, tmp_path)
        [spooled] = spool_files(tmp_path)
        data = spooled.read_bytes()
        last = data.rstrip(b"\n").rsplit(b"\n", 1)[1]
        cut_id = json.loads(last)["record"]["article_id"]
        spooled.write_bytes(data[: len(data) - len(last) // 2 - 1])  # a crash in the middle of the last line
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path)
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("news/storage/replayed") == CRON_ARTICLES["orient_news"] - 1
    assert "replayed=29" in summary(result.log)
    assert result.stat("news/spool/corrupt") == 1
    [aside] = list((tmp_path / "spool").rglob("corrupt-*.jsonl"))
    assert aside.read_bytes().splitlines() == [last[: len(last) - len(last) // 2]]
    warnings = [line for line in result.log.splitlines() if "unreadable line" in line]
    assert len(warnings) == 1 and " WARNING: " in warnings[0] and str(aside) in warnings[0]
    assert spool_files(tmp_path) == []  # replayed, then removed
    stored = revisions(db_url)
    assert len(stored) == CRON_ARTICLES["orient_news"] - 1 and set(stored.values()) == {1}
    assert ("orient_news", cut_id) not in stored  # what is left of it waits in the corrupt file
    assert f'"article_id":"{cut_id}"'.encode() in aside.read_bytes()


# -- 2. two runs replaying at once -------------------------------------------------------------------
def test_two_cron_runs_replaying_at_once_store_each_record_once(tmp_path, db_url):
    with Replica("orient_news") as orient, Replica("furat_post") as furat:
        spool_under_lock("orient_news", orient, db_url, tmp_path)
        spool_under_lock("furat_post", furat, db_url, tmp_path)
        runs = [
            start_scrapy(["crawl", outlet, "-a", f"base_url={replica.base_url}"], db_url, tmp_path, outlet)
            for outlet, replica in (("orient_news", orient), ("furat_post", furat))
        ]
        ended = [finish(proc, stats) for proc, stats in runs]
    for code, out, _ in ended:
        assert code == 0, out[-3000:]
        assert "Traceback" not in out and "FileNotFoundError" not in out
    assert [stats.get("news/storage/replayed") for _, _, stats in ended] == [30, 36]
    stored = revisions(db_url)
    assert len(stored) == sum(CRON_ARTICLES.values())
    assert set(stored.values()) == {1}, "a record was written twice"
    assert spool_files(tmp_path) == []


def test_one_spool_file_is_replayed_by_one_process_only(tmp_path, db_url):
    with Replica("orient_news") as replica:
        spool_under_lock("orient_news", replica, db_url, tmp_path)
    # two replays of the same outlet at once (two lock folders: two machines, or a lock set up twice)
    runs = [start_scrapy(["reparse", "orient_news"], db_url, tmp_path, f"reparse-{n}") for n in (1, 2)]
    ended = [finish(proc, stats) for proc, stats in runs]
    for code, out, _ in ended:
        assert code == 0, out[-3000:]
        assert "Traceback" not in out
    assert sorted(stats.get("news/storage/replayed", 0) for _, _, stats in ended) == [0, 30]
    stored = revisions(db_url)
    assert len(stored) == 30 and set(stored.values()) == {1}, "a record was written twice"
    assert spool_files(tmp_path) == []


# -- 3. one spool per database -------------------------------------------------------------------------
def test_a_record_spooled_for_one_database_is_not_replayed_into_another(tmp_path, db_url):
    with Replica("orient_news") as replica:
        spool_under_lock("orient_news", replica, db_url, tmp_path)
    demo_url = f"sqlite:///{tmp_path / 'demo.db'}"
    demo = run_scrapy(["reparse", "orient_news"], demo_url, tmp_path)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "replayed=" not in summary(demo.stderr)
    assert query(demo_url, "SELECT count(*) FROM articles") == [(0,)]
    assert len(spool_records(tmp_path)) == 30  # still waiting for its own database
    production = run_scrapy(["reparse", "orient_news"], db_url, tmp_path)
    assert production.returncode == 0, production.stderr[-3000:]
    assert "replayed=30" in summary(production.stderr)
    assert len(revisions(db_url)) == 30


# -- 4. the spool cannot be written either ---------------------------------------------------------------
def test_a_full_disk_stops_the_run_with_storage_full(tmp_path):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        db_url = f"sqlite:///{disk / 'news.db'}"
        prepare(db_url)
        fill(disk, leave=100 * 1024)  # the database and its spool share a disk about to be full
        with Replica("orient_news") as replica:
            result = run_crawl(
                "orient_news", replica.base_url, db_url, tmp_path, env={"NEWS_SPOOL_DIR": str(disk / "spool")}
            )
            articles_fetched = [p for p in replica.requests if "news_show" in p]
    assert result.returncode == 1, result.log[-3000:]
    assert "storage_full" in result.stat("news/failure_reasons", "").split(",")
    assert result.stat("finish_reason") == "storage_full"
    lost = result.stat("news/storage/lost")
    assert lost >= 1
    lost_lines = [line for line in result.log.splitlines() if "record LOST" in line]
    assert len(lost_lines) == lost and all(re.search(r"https://orient-news\.net/\S+$", line) for line in lost_lines)
    assert "dropped={lost: " in summary(result.log)
    # fetching stopped: far fewer article pages than the run would have fetched
    assert len(articles_fetched) < CRON_ARTICLES["orient_news"] / 2


def test_a_read_only_spool_stops_the_run_with_storage_down(tmp_path, db_url):
    with tmpfs(tmp_path / "ro", "1m") as disk:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        prepare(db_url)
        with Replica("orient_news") as replica, exclusive_lock(db_url):
            result = run_crawl(
                "orient_news",
                replica.base_url,
                db_url,
                tmp_path,
                settings=LOCKED,
                env={"NEWS_SPOOL_DIR": str(disk / "spool")},
                timeout=180,
            )
    assert result.returncode == 1, result.log[-3000:]
    assert "storage_down" in result.stat("news/failure_reasons", "").split(",")
    assert result.stat("news/storage/lost") >= 1
    assert result.stat("news/storage/lost") == len([ln for ln in result.log.splitlines() if "record LOST" in ln])


# -- 5 and 6. a locked database -------------------------------------------------------------------------
COPY_ID = "210001"
COPY_PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<link rel="canonical" href="https://orient-news.net/ar/news_show/210001/0/%D9%86%D8%B3%D8%AE%D8%A9">
<meta property="article:published_time" content="2023-11-20T10:00:00+03:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "نسخة من خبر سابق", "datePublished": "2023-11-20T10:00:00+03:00", "dateModified": "2023-11-20T10:00:00+03:00", "author": {"@type": "Person", "name": "سامر الأحمد"}, "articleSection": "أخبار سوريا", "inLanguage": "ar"}</script>
</head><body><article class="news-details" data-news-id="210001"><h1 class="news-title">نسخة من خبر سابق</h1>
<div class="news-body" id="newsBody">PARAGRAPHS</div></article></body></html>"""


def serve_copy_of(replica, body: str) -> None:
    """A new article in the feed whose text is an earlier article's."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    replica.serve("/ar/news_show/210001/0/نسخة", COPY_PAGE.replace("PARAGRAPHS", paragraphs).encode("utf-8"))
    feed = replica.file_bytes("/ar/rss").decode("utf-8")
    item = (
        "<item><title>نسخة من خبر سابق</title><link>https://orient-news.net/ar/news_show/210001/0/"
        "%D9%86%D8%B3%D8%AE%D8%A9</link><pubDate>Mon, 20 Nov 2023 10:00:00 +0300</pubDate></item>"
    )
    replica.serve("/ar/rss", feed.replace("<item>", item + "<item>", 1).encode("utf-8"), "application/rss+xml")


def test_a_locked_database_spools_and_the_next_run_replays_with_raw_pages_and_index(tmp_path, db_url):
    from crawler.archive import neardup

    with Replica("orient_news") as replica:
        # a crawl while another connection holds the lock: bounded waits, every record spooled with
        # its raw bytes, the run FAILED (the old code waited about 50 s per article: past the timeout)
        locked = spool_under_lock("orient_news", replica, db_url, tmp_path)
        assert query(db_url, "SELECT count(*) FROM articles") == [(0,)]
        lines = spool_records(tmp_path)
        assert len(lines) == 30 and all(line["raw"] and line["raw"]["zlib_b64"] for line in lines)
        assert locked.stat("news/storage/lost") == 0
        # the lock is gone: the next run replays every record through every step
        replay = run_crawl("orient_news", replica.base_url, db_url, tmp_path)
        assert replay.returncode == 0, replay.log[-3000:]
        assert replay.stat("news/storage/replayed") == 30
        assert "replayed=30" in summary(replay.log)
        rows = {r["article_id"]: r for r in replay.rows("orient_news")}
        pages = {p["article_id"]: p for p in _pages(db_url)}
        assert set(pages) == set(rows)  # a raw page for every replayed record: reparse can re-extract it
        assert all(aid.encode() in pages[aid]["body"] for aid in rows)
        comparable = {aid for aid, r in rows.items() if neardup.fingerprint(r["body"]).comparable}
        indexed = {aid for (aid,) in query(db_url, "SELECT article_id FROM neardup_docs")}
        assert comparable and indexed == comparable
        assert spool_files(tmp_path) == []
        # a later copy of a replayed record is flagged as its near-duplicate
        original = max((rows[aid] for aid in comparable if rows[aid]["lang"] == "ar"), key=lambda r: len(r["body"]))
        serve_copy_of(replica, original["body"])
        later = run_crawl("orient_news", replica.base_url, db_url, tmp_path)
    assert later.returncode == 0, later.log[-3000:]
    copy = {r["article_id"]: r for r in later.rows("orient_news")}[COPY_ID]
    assert copy["duplicate_of"] == original["url"]
    # reparse re-extracts the replayed records from their raw pages
    reparse = run_scrapy(["reparse", "orient_news"], db_url, tmp_path)
    assert reparse.returncode == 0, reparse.stderr[-3000:]
    assert "reparse: 31 records re-extracted" in reparse.stderr


def _pages(db_url: str) -> list[dict]:
    from crawler.archive.storage import open_storage

    store = open_storage(db_url)
    try:
        return list(store.iter_pages())
    finally:
        store.close()


def test_a_failed_write_logs_no_sql_nor_article_text(tmp_path, db_url):
    with Replica("orient_news") as replica:
        result = spool_under_lock("orient_news", replica, db_url, tmp_path)
    log = result.log
    for sql in ("INSERT INTO", "UPDATE ", "SELECT ", "[SQL", "[parameters"):
        assert sql not in log, sql
    assert not [line for line in log.splitlines() if ARABIC.search(line)]
    texts = [r["body"][:40] for r in load_expected("orient_news").values()] + [
        r["title"] for r in load_expected("orient_news").values()
    ]
    assert not [t for t in texts if t in log]
    # each record that was not stored is named by its URL, with the error's class and kind
    spooled = [line for line in log.splitlines() if "[pipelines.storage] ERROR: not stored" in line]
    assert len(spooled) == 30
    assert all("(OperationalError: busy)" in line and "https://orient-news.net/" in line for line in spooled)


def test_sigterm_ends_a_crawl_stuck_on_a_locked_database_within_its_budget(tmp_path, db_url):
    budget = 4
    prepare(db_url)
    with Replica("orient_news", delay=0.05) as replica, exclusive_lock(db_url):
        proc, stats_path = start_scrapy(
            [
                "crawl",
                "orient_news",
                "-a",
                f"base_url={replica.base_url}",
                "-a",
                "mode=full",
                "-s",
                f"NEWS_STORAGE_BUDGET={budget}",
                "-s",
                "NEWS_SQLITE_BUSY_TIMEOUT=0.5",
            ],
            db_url,
            tmp_path,
            "sigterm",
        )
        lines: list[str] = []
        stuck = threading.Event()

        def read():
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if "near-duplicate index write failed" in line:  # a record is on its way to storage
                    stuck.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert stuck.wait(120), "".join(lines)[-3000:]
        time.sleep(0.5)  # the record now waits for the database
        proc.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        try:
            proc.wait(timeout=4 * budget)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"the crawl was still running {4 * budget} s after SIGTERM")
        took = time.monotonic() - signalled
        reader.join(10)
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    assert proc.returncode == 1, "".join(lines)[-3000:]
    assert took < 4 * budget
    assert stats["finish_reason"] == "shutdown"
    assert stats.get("news/storage/spooled", 0) >= 1 and stats.get("news/storage/lost", 0) == 0
    assert len(spool_records(tmp_path)) == stats["news/storage/spooled"]
