"""PostgreSQL in operation (issue 13, items 5 and 6): outages and concurrent writers.

Every test runs against the session's real PostgreSQL server (tests/conftest.py ``postgres``)
with real ``scrapy`` processes, or real pipelines in several processes; nothing is mocked.

- Outages: the server stopped in the middle of a crawl (records spooled, exit 1 naming the
  cause, no traceback; the next run replays them first and every article is stored once), a
  restart inside a long backfill survived by reconnecting (exit 0, every article stored), the
  connect and statement timeouts reaching the server.
- Concurrency: both spiders and a reparse writing one database at once (no duplicate row, no
  lost revision, a consistent near-duplicate index, the same records as a sequential run), two
  processes upserting one article, two processes checking two copies of one text at once.

A test that stops the server starts it again before it ends (``server_back``): the server is
the session's. Those tests need the private cluster (not ``NEWS_TEST_PG_URL``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from crawler.archive import neardup
from crawler.archive.storage import error_kind, open_storage
from crawler.items import Article
from crawler.replica import Replica
from tests.conftest import ROOT, load_expected, run_crawl

BACKFILL = ("since=2010-01-01", "until=2025-12-31")  # every article of the Orient News replica
STORED = re.compile(r"\[pipelines\.storage\] INFO: stored \((inserted|updated)\) (\S+) (\S+)$")


# -- helpers ----------------------------------------------------------------------------------------------
def sql(db_url: str, statement: str, **params) -> list[tuple]:
    store = open_storage(db_url)
    try:
        with store.engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        store.close()


def summary(log: str) -> str:
    return [line for line in log.splitlines() if line.startswith("SUMMARY ")][-1]


def crawl_env(db_url: str, tmp_path: Path, name: str, **extra: str) -> tuple[dict, Path]:
    """The environment ``run_crawl`` gives a crawl (tests/conftest.py), and its stats file; the
    run locks in the test's folder too."""
    stats = tmp_path / f"stats-{name}.json"
    env = {
        **os.environ,
        "NEWS_DB_URL": db_url,
        "NEWS_STATS_FILE": str(stats),
        "NEWS_SPOOL_DIR": str(tmp_path / "spool"),
        "NEWS_LOCK_DIR": str(tmp_path / "locks"),
        "NEWS_LOG_LEVEL": "INFO",
        **extra,
    }
    return env, stats


class Running:
    """A ``scrapy`` command running in the background; its output is read as it comes."""

    def __init__(self, args: list[str], env: dict, stats: Path):
        self.stats_path = stats
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scrapy", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        STARTED.append(self)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 90) -> None:
        """Until ``count`` lines of the output match ``pattern`` (fails if the run ends first)."""
        found = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.changed:
            while sum(1 for line in self.lines if found.search(line)) < count:
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    pytest.fail(f"no {count} lines matching {pattern!r}:\n" + "\n".join(self.lines[-40:]))
                self.changed.wait(min(left, 0.5))

    def finish(self, timeout: float = 180) -> tuple[int, str, dict]:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail("the run did not end:\n" + "\n".join(self.lines[-40:]))
        self.reader.join(30)
        stats = json.loads(self.stats_path.read_text(encoding="utf-8")) if self.stats_path.exists() else {}
        return self.proc.returncode, "\n".join(self.lines), stats


STARTED: list[Running] = []


@pytest.fixture(autouse=True)
def no_process_left():
    """A test that fails half-way leaves none of its ``scrapy`` processes running."""
    yield
    while STARTED:
        run = STARTED.pop()
        if run.proc.poll() is None:
            run.proc.kill()
            run.proc.wait()


def private_server(postgres):
    if not hasattr(postgres, "stop"):
        pytest.skip("stopping the server needs the tests' own cluster, not NEWS_TEST_PG_URL")
    return postgres


def accepting(postgres, timeout: float = 60) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(postgres.url("postgres"), connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def server_back(postgres):
    """Whatever the test does to the session's server, it runs and accepts connections after."""
    try:
        yield postgres
    finally:
        if not postgres.running():
            postgres.start()
        accepting(postgres)


def stop_and_wait(postgres, mode: str) -> None:
    postgres.stop(mode)
    assert not postgres.running()


def spooled_records(tmp_path: Path) -> list[dict]:
    files = [p for p in (tmp_path / "spool").rglob("*.jsonl") if not p.name.startswith("corrupt-")]
    return [json.loads(line)["record"] for path in files for line in path.read_bytes().splitlines() if line]


def articles_of(db_url: str) -> dict[tuple[str, str], dict]:
    store = open_storage(db_url)
    try:
        return {(r["outlet"], r["article_id"]): r for r in store.iter_articles()}
    finally:
        store.close()


def assert_index_consistent(db_url: str) -> dict[tuple[str, str], dict]:
    """Every article whose text is long enough has exactly one index entry, of its current text,
    with its ``duplicate_of``; every band key points at an entry and every entry has its keys."""
    rows = articles_of(db_url)
    docs: dict[tuple[str, str], list] = {}
    for outlet, article_id, signature, duplicate_of in sql(
        db_url, "SELECT outlet, article_id, signature, duplicate_of FROM neardup_docs"
    ):
        docs.setdefault((outlet, article_id), []).append((bytes(signature), duplicate_of))
    comparable = {key for key, row in rows.items() if neardup.fingerprint(row["body"] or "").comparable}
    assert comparable and set(docs) == comparable
    for key in comparable:
        [(signature, duplicate_of)] = docs[key]
        assert signature == neardup.fingerprint(rows[key]["body"]).to_bytes(), key
        assert duplicate_of == rows[key]["duplicate_of"], key
    assert sql(
        db_url, "SELECT count(*) FROM neardup_bands b LEFT JOIN neardup_docs d ON d.id = b.doc_id WHERE d.id IS NULL"
    ) == [(0,)]
    per_doc = sql(
        db_url,
        "SELECT d.id, count(b.doc_id) FROM neardup_docs d LEFT JOIN neardup_bands b ON b.doc_id = d.id GROUP BY d.id",
    )
    assert {n for _, n in per_doc} == {neardup.BANDS}
    return rows


# -- 5. outages: the server stopped in the middle of a crawl ----------------------------------------------
def test_postgresql_stopped_mid_crawl_spools_and_the_next_run_replays_every_article_once(postgres, pg_url, tmp_path):
    private_server(postgres)
    with Replica("orient_news") as replica:  # what the crawl must end up with, on a plain SQLite file
        (tmp_path / "sqlite").mkdir()
        plain = run_crawl("orient_news", replica.base_url, f"sqlite:///{tmp_path / 'sqlite' / 'news.db'}",
                          tmp_path / "sqlite", "mode=full")  # fmt: skip
    assert plain.returncode == 0, plain.log[-3000:]
    expected = {r["article_id"] for r in plain.rows()}
    assert len(expected) == 33

    with Replica("orient_news", delay=0.2) as slow, server_back(postgres):
        env, stats = crawl_env(pg_url, tmp_path, "outage")
        run = Running(
            ["crawl", "orient_news", "-a", f"base_url={slow.base_url}", "-a", "mode=full",
             "-s", "NEWS_STORAGE_BUDGET=2"],
            env, stats,
        )  # fmt: skip
        run.wait_for(r"INFO: stored \(inserted\)", 5)
        stop_and_wait(postgres, "immediate")
        code, log, first = run.finish()
    # the server is back (server_back): what the first run left behind
    assert code == 1, log[-3000:]
    assert "Traceback" not in log
    last = log.strip().splitlines()[-1]
    assert last.startswith("SUMMARY orient_news:") and " — FAILED (storage_error): " in last, last
    assert "records not stored (OperationalError: unreachable), spooled to" in last  # the cause, named
    assert first.get("news/storage/lost", 0) == 0 and first.get("news/errors/internal", 0) == 0
    stored, spooled = first["news/stored/inserted"], first["news/storage/spooled"]
    assert stored >= 5 and spooled >= 1
    assert stored + spooled == len(expected), "an article was neither stored nor spooled"
    waiting = {r["article_id"] for r in spooled_records(tmp_path)}
    assert len(waiting) == spooled
    before = {aid for _, aid in articles_of(pg_url)}
    # a commit the server made just before it died, whose answer never came, is spooled as well
    in_both = waiting & before
    assert len(in_both) <= 1 and before | waiting == expected

    with Replica("orient_news") as replica:
        again = run_crawl("orient_news", replica.base_url, pg_url, tmp_path, "mode=full")
    assert again.returncode == 0, again.log[-3000:]
    assert summary(again.log).endswith("— OK")
    assert "Traceback" not in again.log
    lines = again.log.splitlines()
    replayed_at = next(i for i, line in enumerate(lines) if "records read from" in line)
    discovery_at = next(i for i, line in enumerate(lines) if "articles already stored; mode full" in line)
    assert replayed_at < discovery_at  # the spool first, then the crawl
    assert again.stat("news/spool/read") == spooled
    assert again.stat("news/storage/replayed") == spooled - len(in_both)
    assert f"replayed={spooled - len(in_both)}" in summary(again.log)
    assert spooled_records(tmp_path) == []
    rows = assert_index_consistent(pg_url)
    assert {aid for _, aid in rows} == expected
    assert {r["revision"] for r in rows.values()} == {1}, "an article was written twice"
    pages = sql(pg_url, "SELECT article_id FROM pages WHERE outlet = 'orient_news'")
    assert {aid for (aid,) in pages} >= expected  # every record's raw page, also the replayed ones


# -- 5. outages: a restart inside a long backfill ---------------------------------------------------------
def test_a_server_restart_inside_a_backfill_is_survived_by_reconnecting(postgres, pg_url, tmp_path):
    private_server(postgres)
    with Replica("orient_news") as replica:
        (tmp_path / "sqlite").mkdir()
        plain = run_crawl("orient_news", replica.base_url, f"sqlite:///{tmp_path / 'sqlite' / 'news.db'}",
                          tmp_path / "sqlite", *BACKFILL)  # fmt: skip
    assert plain.returncode == 0, plain.log[-3000:]
    expected = {r["article_id"] for r in plain.rows()}

    args = ["crawl", "orient_news", "-a", BACKFILL[0], "-a", BACKFILL[1]]
    with Replica("orient_news", delay=0.2) as slow, server_back(postgres):
        env, stats = crawl_env(pg_url, tmp_path, "restart")
        run = Running([*args, "-a", f"base_url={slow.base_url}"], env, stats)
        run.wait_for(r"INFO: stored \(inserted\)", 5)
        stored_before = len(articles_of(pg_url))
        stop_and_wait(postgres, "fast")
        # the crawl meets the stopped server (a raw page, a lookup or a write), then it is back
        run.wait_for(
            r"not archived yet \(OperationalError: unreachable\)|failed for .* \(OperationalError: unreachable\)"
        )
        postgres.start()
        code, log, stats_of = run.finish()
    assert code == 0, log[-3000:]
    assert summary(log).endswith("— OK") and "Traceback" not in log
    assert stored_before < len(expected)  # restarted in the middle of it
    assert stats_of.get("news/storage/spooled", 0) == 0 and stats_of.get("news/storage/lost", 0) == 0
    # a record met the restart and was stored once the server took connections again
    assert stats_of.get("news/dedupe/deferred", 0) + stats_of.get("news/storage/retries", 0) >= 1
    rows = assert_index_consistent(pg_url)
    assert {aid for _, aid in rows} == expected
    assert {r["revision"] for r in rows.values()} == {1}
    assert {aid for (aid,) in sql(pg_url, "SELECT article_id FROM pages")} >= expected


# -- 5. outages: the timeouts reach the server ---------------------------------------------------------------
def test_statement_and_connect_timeouts_reach_the_server(pg_url):
    import psycopg
    from scrapy.utils.test import get_crawler

    from crawler.archive.storage import storage_for

    crawler = get_crawler(
        settings_dict={"NEWS_DB_URL": pg_url, "NEWS_DB_CONNECT_TIMEOUT": 3, "NEWS_DB_STATEMENT_TIMEOUT": 1.5}
    )
    store = storage_for(crawler)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "1500ms"
            driver = conn.connection.driver_connection  # the psycopg connection
            assert driver is not None and driver.info.get_parameters()["connect_timeout"] == "3"
        item = Article(outlet="orient_news", article_id="400001", url="https://orient-news.net/ar/news_show/400001")
        store.upsert(item)
        # another connection holds the row: the upsert is cancelled by the statement timeout (a
        # kind the storage step waits for), not left waiting; the holder lets go after 30 s at most
        with psycopg.connect(pg_url) as holder:
            holder.execute("SELECT 1 FROM articles WHERE article_id = '400001' FOR UPDATE")
            release = threading.Timer(30, holder.rollback)
            release.start()
            try:
                with pytest.raises(OperationalError) as raised:
                    store.upsert(item)
            finally:
                release.cancel()
        assert "statement timeout" in str(raised.value.orig)
        assert error_kind(raised.value) == "busy"
    finally:
        store.close()

    # a server that takes the connection and never answers: the connect timeout ends the wait
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        closing = threading.Timer(30, silent.close)  # without a timeout the attempt would hang
        closing.start()
        try:
            with pytest.raises(OperationalError) as raised:
                open_storage(f"postgresql://news:secret@127.0.0.1:{port}/news", connect_timeout=1)
        finally:
            closing.cancel()
    assert "timeout expired" in str(raised.value.orig)
    assert error_kind(raised.value) == "unreachable"


# -- 6. concurrency: both spiders and a reparse on one database ------------------------------------------
COPIES = 3  # Orient News pages whose text is a Furat Post article's


def serve_copies(replica, furat_bodies: list[str]) -> None:
    feed = replica.file_bytes("/ar/rss").decode("utf-8")
    items = ""
    for n, body in enumerate(furat_bodies, start=1):
        article_id = f"2200{n:02d}"
        url = f"https://orient-news.net/ar/news_show/{article_id}/0/copy-{n}"
        paragraphs = "".join(f"<p>{p}</p>" for p in ["أورينت نت - خاص", *body.split("\n\n")])
        html = COPY_PAGE.format(article_id=article_id, url=url, n=n, paragraphs=paragraphs)
        replica.serve(f"/ar/news_show/{article_id}/0/copy-{n}", html.encode("utf-8"))
        items += (
            f"<item><title>نسخة {n}</title><link>{url}</link><pubDate>Mon, 20 Nov 2023 10:00:00 +0300</pubDate></item>"
        )
    replica.serve("/ar/rss", feed.replace("<item>", items + "<item>", 1).encode("utf-8"), "application/rss+xml")


COPY_PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<link rel="canonical" href="{url}">
<meta property="article:published_time" content="2023-11-20T10:00:00+03:00">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "نسخة {n} من خبر", "datePublished": "2023-11-20T10:00:00+03:00", "dateModified": "2023-11-20T10:00:00+03:00", "author": {{"@type": "Person", "name": "سامر الأحمد"}}, "articleSection": "أخبار سوريا", "inLanguage": "ar"}}</script>
</head><body><article class="news-details" data-news-id="{article_id}"><h1 class="news-title">نسخة {n} من خبر</h1>
<div class="news-body" id="newsBody">{paragraphs}</div></article></body></html>"""


def prepare_archives(db_urls: list[str], orient, tmp_path: Path) -> list[list[str]]:
    """Archives as the concurrent writers find them: Orient News crawled (raw pages for the
    reparse, the copies indexed; the archives at once, each on its own), then every second record
    changed since (an older parser's title), so the refresh crawl and the reparse revise them.
    The log lines of each first crawl."""
    runs = []
    for n, db_url in enumerate(db_urls):
        env, stats = crawl_env(db_url, tmp_path, f"prepare-{n}")
        runs.append(
            Running(["crawl", "orient_news", "-a", f"base_url={orient.base_url}", "-a", "mode=full"], env, stats)
        )
    logs = []
    for db_url, run in zip(db_urls, runs, strict=True):
        code, log, _ = run.finish()
        assert code == 0, log[-3000:]
        sql(
            db_url,
            "UPDATE articles SET title = title || ' (older parser)' "
            "WHERE outlet = 'orient_news' AND CAST(article_id AS integer) % 2 = 0",
        )
        logs.append(log.splitlines())
    return logs


def writers(orient_url: str, furat_url: str) -> dict[str, list[str]]:
    return {
        "orient": ["crawl", "orient_news", "-a", f"base_url={orient_url}", "-a", "mode=full", "-a", "refresh=1"],
        "furat": ["crawl", "furat_post", "-a", f"base_url={furat_url}", "-a", "mode=full"],
        "reparse": ["reparse", "orient_news"],
    }


def test_both_spiders_and_a_reparse_writing_at_once_equal_a_sequential_run(postgres, pg_url, tmp_path):
    furat_bodies = [
        r["body"] for r in load_expected("furat_post").values() if neardup.fingerprint(r["body"]).comparable
    ][:COPIES]
    sequential_name = postgres.create_database()
    sequential_url = postgres.url(sequential_name)
    sequential: dict = {}
    try:
        with Replica("orient_news") as orient, Replica("furat_post") as furat:
            serve_copies(orient, furat_bodies)
            commands = writers(orient.base_url, furat.base_url)
            # the same archive twice, then the three writers one after another on one of them ...
            (tmp_path / "seq").mkdir()
            _, setup_log = prepare_archives([sequential_url, pg_url], orient, tmp_path)
            for name, args in commands.items():
                env, stats = crawl_env(sequential_url, tmp_path / "seq", name)
                code, log, _ = Running(args, env, stats).finish()
                assert code == 0, f"{name}: {log[-3000:]}"
            # ... and at once on the other (each its own lock folder: three machines)
            running = {}
            for name, args in commands.items():
                env, stats = crawl_env(pg_url, tmp_path, name, NEWS_LOCK_DIR=str(tmp_path / f"locks-{name}"))
                running[name] = Running(args, env, stats)
            ended = {name: run.finish() for name, run in running.items()}
            sequential = articles_of(sequential_url)
    finally:
        postgres.drop_database(sequential_name)

    for name, (code, log, _) in ended.items():
        assert code == 0, f"{name}: {log[-3000:]}"
        assert "Traceback" not in log and summary(log).endswith("— OK"), name
    run_stats = {name: s for name, (_, _, s) in ended.items()}
    tampered = int(sql(pg_url, "SELECT count(*) FROM articles WHERE title LIKE '%(older parser)'")[0][0])
    assert tampered == 0  # every changed record was revised by one of the two
    assert run_stats["orient"].get("news/stored/updated", 0) + run_stats["reparse"].get("news/stored/updated", 0) >= 1

    rows = assert_index_consistent(pg_url)
    # no duplicate row, the same articles as the sequential run
    assert sql(
        pg_url, "SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY outlet, article_id HAVING count(*) > 1) d"
    ) == [(0,)]
    assert set(rows) == set(sequential) and len(rows) == len(sequential) == 33 + COPIES + 36
    # no lost update: each article's revision is the number of upserts it got, by every process
    upserts: Counter = Counter()
    for line in setup_log + [line for _, log, _ in ended.values() for line in log.splitlines()]:
        found = STORED.search(line)
        if found:
            upserts[(found[2], found[3])] += 1
    assert {(r["outlet"], r["url"]): r["revision"] for r in rows.values()} == dict(upserts)
    assert max(r["revision"] for r in rows.values()) >= 2
    # the near-duplicate marks agree with the sequential run: each Furat Post original of a copy
    # Orient News stored earlier points to it
    assert {k: r["duplicate_of"] for k, r in rows.items()} == {k: r["duplicate_of"] for k, r in sequential.items()}
    marked = {k for k, r in rows.items() if r["duplicate_of"]}
    assert len(marked) == COPIES and {outlet for outlet, _ in marked} == {"furat_post"}


# -- 6. concurrency: two processes upserting one article -----------------------------------------------
UPSERTS = 200


def _upserter(db_url: str, who: int, barrier, results) -> None:
    from crawler.archive.storage import SQLStorage

    store = SQLStorage(db_url)
    outcomes = {"inserted": 0, "updated": 0}
    barrier.wait(60)
    try:
        for n in range(UPSERTS):
            item = Article(
                outlet="orient_news",
                article_id="300001",
                url="https://orient-news.net/ar/news_show/300001",
                title=f"revision {who}-{n}",
                body="text",
            )
            outcomes[store.upsert(item)] += 1
    finally:
        store.close()
    results.put(outcomes)


def test_two_processes_upserting_one_article_lose_no_revision(pg_url):
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    open_storage(pg_url).close()
    processes = [ctx.Process(target=_upserter, args=(pg_url, who, barrier, results)) for who in (1, 2)]
    for process in processes:
        process.start()
    try:
        outcomes = [results.get(timeout=120) for _ in processes]
    finally:
        for process in processes:
            process.join(30)
            with suppress(Exception):
                process.kill()
    assert [process.exitcode for process in processes] == [0, 0]
    assert sum(o["inserted"] for o in outcomes) == 1
    assert sum(o["updated"] for o in outcomes) == 2 * UPSERTS - 1
    assert sql(pg_url, "SELECT count(*), max(revision) FROM articles") == [(1, 2 * UPSERTS)]
    # every replaced version kept once, none lost between the two writers
    kept = sql(pg_url, "SELECT count(*), count(DISTINCT revision), min(revision), max(revision) FROM article_revisions")
    assert kept == [(2 * UPSERTS - 1, 2 * UPSERTS - 1, 1, 2 * UPSERTS - 1)]


# -- 6. concurrency: the ops tables' read-then-write steps ------------------------------------------------
OPS_WRITES = 60


def _ops_writer(db_url: str, barrier, results) -> None:
    from crawler.ops import crawlstate, quarantine, todo

    store = open_storage(db_url)
    entry = {"url": "https://orient-news.net/ar/news_cat/7?page=2", "kind": "listing", "callback": "parse_listing"}
    barrier.wait(60)
    try:
        for _ in range(OPS_WRITES):
            quarantine.put(store.engine, outlet="orient_news", article_id="300002", url="https://x/300002",
                           reason="no template matched", templates=["current"], body=b"<html></html>")  # fmt: skip
            todo.record_failure(store.engine, "orient_news", entry, "http_503", todo.Policy(give_up_tries=10**6))
            crawlstate.save_validators(store.engine, {"https://orient-news.net/feed": ('"e1"', None)})
    finally:
        store.close()
    results.put("ok")


def test_two_processes_writing_the_ops_tables_at_once_make_one_row_each_and_count_every_write(pg_url):
    """quarantine.put, todo.record_failure and save_validators read, then write: two writers at
    once must neither fail on the unique key nor lose a count."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    open_storage(pg_url).close()
    processes = [ctx.Process(target=_ops_writer, args=(pg_url, barrier, results)) for _ in (1, 2)]
    for process in processes:
        process.start()
    try:
        done = [results.get(timeout=120) for _ in processes]
    finally:
        for process in processes:
            process.join(30)
            with suppress(Exception):
                process.kill()
    assert done == ["ok", "ok"] and [process.exitcode for process in processes] == [0, 0]
    assert sql(pg_url, "SELECT count(*), max(times_seen) FROM quarantine") == [(1, 2 * OPS_WRITES)]
    assert sql(pg_url, "SELECT count(*), max(tries) FROM todo") == [(1, 2 * OPS_WRITES)]
    assert sql(pg_url, "SELECT count(*) FROM http_validators") == [(1,)]


# -- 6. concurrency: two processes checking two copies of one text at once ---------------------------------
PAIRS = 40


def prose(seed: int, paragraphs: int = 6, words: int = 22) -> list[str]:
    """Paragraphs of made-up words (letters only: no figures), different for every seed."""
    rnd = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        " ".join("".join(rnd.choice(letters) for _ in range(rnd.randint(4, 9))) for _ in range(words))
        for _ in range(paragraphs)
    ]


def race_url(outlet: str, n: int) -> str:
    return f"https://{outlet}.example/race/{n}"


def _dedupe_racer(db_url: str, spool_dir: str, outlet: str, barrier, results) -> None:
    """One crawl's dedupe step fed one copy of each text, in step with the other process."""
    from scrapy.utils.test import get_crawler

    from pipelines.dedupe import DedupePipeline

    crawler = get_crawler(settings_dict={"NEWS_DB_URL": db_url, "NEWS_SPOOL_DIR": spool_dir})
    dedupe = DedupePipeline.from_crawler(crawler)
    found = {}
    for n in range(PAIRS):
        paragraphs = prose(n)
        if outlet == "furat_post":
            paragraphs = ["Furat Post / news", *paragraphs]  # the copy, with a kicker line
        item = Article(outlet=outlet, article_id=str(n), url=race_url(outlet, n), title=f"report {n}",
                       body="\n\n".join(paragraphs))  # fmt: skip
        barrier.wait(60)
        found[n] = dedupe.process_item(item).duplicate_of
    results.put((outlet, found, crawler.stats.get_value("news/neardup/errors", 0)))


def test_two_processes_checking_two_copies_of_one_text_at_once_mark_exactly_one(any_db_url, tmp_path):
    """The near-duplicate check and the index write of a record are one step: two processes
    indexing the two copies of a text at the same moment never both miss the other (before,
    on PostgreSQL each missed the other in about 39 of 40 pairs; on SQLite in a few)."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    open_storage(any_db_url).close()  # the schema, before the racers open it
    racers = [
        ctx.Process(target=_dedupe_racer, args=(any_db_url, str(tmp_path / "spool"), outlet, barrier, results))
        for outlet in ("orient_news", "furat_post")
    ]
    for racer in racers:
        racer.start()
    try:
        found = {}
        for _ in racers:
            outlet, marks, errors = results.get(timeout=120)
            assert errors == 0
            found[outlet] = marks
    finally:
        for racer in racers:
            racer.join(30)
            with suppress(Exception):
                racer.kill()
    assert [racer.exitcode for racer in racers] == [0, 0]
    order = {
        (outlet, article_id): doc_id
        for doc_id, outlet, article_id in sql(any_db_url, "SELECT id, outlet, article_id FROM neardup_docs")
    }
    assert len(order) == 2 * PAIRS
    missed, both = [], []
    for n in range(PAIRS):
        marks = {outlet: found[outlet][n] for outlet in ("orient_news", "furat_post")}
        if None not in marks.values():
            both.append(n)
        elif set(marks.values()) == {None}:
            missed.append(n)
        else:  # the one indexed later is the copy of the one indexed earlier
            first, later = sorted(marks, key=lambda outlet: order[(outlet, str(n))])
            assert marks[first] is None and marks[later] == race_url(first, n)
    assert missed == [] and both == [], f"{len(missed)} pairs where each missed the other, {len(both)} marked twice"
    assert sql(any_db_url, "SELECT count(*) FROM neardup_docs WHERE duplicate_of IS NOT NULL") == [(PAIRS,)]


# -- 6. two hosts: one run of a spider at a time on one server archive -------------------------------------
def test_a_run_on_another_host_holding_the_archive_lock_is_refused_as_locked(pg_url, tmp_path):
    """The run lock's file is per host; on a server archive the archive itself holds the lock."""
    store = open_storage(pg_url)
    held = store.hold("run:orient_news:crawl")  # what a crawl of orient_news on another host holds
    assert held is not None and store.hold("run:orient_news:crawl") is None
    try:
        with Replica("orient_news") as replica:
            refused = run_crawl("orient_news", replica.base_url, pg_url, tmp_path)
            other = run_crawl("furat_post", replica.base_url, pg_url, tmp_path, "mode=full")  # another spider: free
    finally:
        held.release()
        store.close()
    assert refused.returncode == 75, refused.log[-1500:]
    assert "on another host, holds the archive's lock" in refused.log and "Traceback" not in refused.log
    assert refused.stat("downloader/request_count") == 0
    assert other.returncode != 75
    with Replica("orient_news") as replica:
        after = run_crawl("orient_news", replica.base_url, pg_url, tmp_path)
    assert after.returncode == 0, after.log[-1500:]
    assert sql(pg_url, "SELECT status FROM runs WHERE spider = 'orient_news' ORDER BY id") == [("LOCKED",), ("OK",)]
