"""Distributed crawls (crawler/ops/distributed): real ``scrapy crawl`` workers, a real Redis
(tests/servers.py), a real PostgreSQL and the replica."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from crawler.archive.schema import runs
from crawler.ops.distributed.frontier import Frontier, connect
from crawler.replica.server import Replica
from tests.conftest import ROOT, load_expected, run_crawl
from tests.processes import crawl_env
from tests.servers import free_port

ORIENT = len(load_expected("orient_news"))


def worker(name: str, base_url: str, db_url: str, redis_url: str, tmp_path: Path, *args: str, env=None, settings=None):
    """One worker: ``scrapy crawl orient_news`` with NEWS_REDIS_URL, as an operator starts it."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "orient_news", "-a", f"base_url={base_url}", *args]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    stats = tmp_path / f"stats-{name}.json"
    full_env = crawl_env(db_url, tmp_path, name, stats=stats, NEWS_REDIS_URL=redis_url, **(env or {}))
    log = open(tmp_path / f"log-{name}.txt", "w")  # noqa: SIM115 - closed by finish()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT, text=True)
    proc.log_path = tmp_path / f"log-{name}.txt"  # type: ignore[attr-defined]
    proc.log_file = log  # type: ignore[attr-defined]
    return proc


def finish(proc, timeout: float = 300) -> tuple[int, str]:
    code = proc.wait(timeout)
    proc.log_file.close()
    return code, proc.log_path.read_text(encoding="utf-8")


def stored(db_url: str) -> tuple[Counter, list[dict]]:
    """How many times each Orient News article is stored, and the run-history rows."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        found = Counter(r[0] for r in conn.execute(text("SELECT article_id FROM articles WHERE outlet='orient_news'")))
        rows = [dict(r._mapping) for r in conn.execute(select(runs))]
    engine.dispose()
    return found, rows


def articles_fetched(replica: Replica) -> Counter:
    return Counter(p for p in replica.requests if "/news_show/" in p)


def summary(log: str) -> str:
    return [line for line in log.splitlines() if line.startswith("SUMMARY")][-1]


# -- set-up errors -------------------------------------------------------------------------------
def test_sqlite_with_redis_is_refused_with_one_line(tmp_path, redis_server):
    with Replica("orient_news") as replica:
        result = run_crawl(
            "orient_news",
            replica.base_url,
            f"sqlite:///{tmp_path / 'news.db'}",
            tmp_path,
            env={"NEWS_REDIS_URL": redis_server.url},
        )
        assert replica.requests == []
    assert result.returncode == 2, result.log
    assert "Traceback" not in result.log
    assert "NEWS_REDIS_URL needs a server database" in result.log
    assert summary(result.log).endswith(")") and "USAGE" in summary(result.log)


def test_redis_unreachable_at_start_is_one_line_naming_the_url_and_exit_1(tmp_path, pg_url):
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    with Replica("orient_news") as replica:
        result = run_crawl("orient_news", replica.base_url, pg_url, tmp_path, env={"NEWS_REDIS_URL": url})
        assert replica.requests == []
    assert result.returncode == 1, result.log
    assert "Traceback" not in result.log
    errors = [line for line in result.log.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "is unreachable" in errors[0]
    assert url.replace("s3cret", "***") in errors[0] and "s3cret" not in result.log
    assert "not started — FAILED" in summary(result.log)


# -- one crawl, several workers --------------------------------------------------------------------
def test_two_workers_form_one_crawl_every_article_once_and_one_history_row(tmp_path, pg_url, redis_server):
    with Replica("orient_news", delay=0.3) as replica:
        a = worker("a", replica.base_url, pg_url, redis_server.url, tmp_path, "-a", "mode=full")
        b = worker("b", replica.base_url, pg_url, redis_server.url, tmp_path, "-a", "mode=full")
        (code_a, log_a), (code_b, log_b) = finish(a), finish(b)
        fetched = articles_fetched(replica)
        pages = Counter(p for p in replica.requests if "/news_show/" not in p and "robots.txt" not in p)
    assert (code_a, code_b) == (0, 0), log_a[-3000:] + log_b[-3000:]
    # one worker seeded the crawl: each discovery page (sitemaps, feeds, listings) was fetched once
    assert sorted(("seeds it" in log, "joins it" in log) for log in (log_a, log_b)) == [(False, True), (True, False)]
    assert pages and max(pages.values()) == 1, pages.most_common(3)
    found, crawl_runs = stored(pg_url)
    assert len(found) == ORIENT and set(found.values()) == {1}
    assert fetched and max(fetched.values()) == 1, "an article page was fetched by both workers"
    stats_a = json.loads((tmp_path / "stats-a.json").read_text())
    stats_b = json.loads((tmp_path / "stats-b.json").read_text())
    assert len(crawl_runs) == 1, crawl_runs
    counts = json.loads(crawl_runs[0]["counts"])
    assert counts["stored"] == ORIENT and counts["crawl"]
    assert len(counts["workers"]) == 2
    assert sum(w["stored"] for w in counts["workers"].values()) == ORIENT
    assert all(w["stored"] > 0 for w in counts["workers"].values()), "the second worker took nothing from the queue"
    # every worker exits with the crawl's verdict and says so
    for log in (log_a, log_b):
        line = summary(log)
        assert line.startswith(f"SUMMARY orient_news: stored={ORIENT} ") and "2 workers]" in line
    assert stats_a["news/distributed/crawl"] == stats_b["news/distributed/crawl"]


def test_a_killed_worker_loses_nothing_its_leases_go_back_to_the_queue(tmp_path, pg_url, redis_server):
    lease = {"NEWS_REDIS_LEASE": "4"}
    with Replica("orient_news", delay=0.4) as replica:
        a = worker("a", replica.base_url, pg_url, redis_server.url, tmp_path, "-a", "mode=full", settings=lease)
        client = connect(redis_server.url)
        deadline = time.monotonic() + 60
        # wait until worker a holds leased article requests, then kill it without warning
        while time.monotonic() < deadline:
            leased = [k for k in client.keys("news:orient_news:crawl:*:leases") if client.zcard(k) >= 2]
            if leased and len(articles_fetched(replica)) >= 3:
                break
            time.sleep(0.1)
        else:
            pytest.fail("worker a never leased requests")
        b = worker("b", replica.base_url, pg_url, redis_server.url, tmp_path, "-a", "mode=full", settings=lease)
        time.sleep(0.5)
        a.send_signal(signal.SIGKILL)
        code_a, _ = finish(a)
        code_b, log_b = finish(b)
    assert code_a == -signal.SIGKILL
    assert code_b == 0, log_b[-4000:]
    found, crawl_runs = stored(pg_url)
    assert len(found) == ORIENT and set(found.values()) == {1}
    counts = json.loads(crawl_runs[-1]["counts"])
    assert "LOST" in [w["verdict"] for w in counts["workers"].values()]
    assert "took back" in log_b
    assert "1 lost]" in summary(log_b)


# -- politeness per site ---------------------------------------------------------------------------
@pytest.mark.parametrize("shared", [True, False])
def test_politeness_is_per_site_not_per_worker(tmp_path, pg_url, redis_server, shared):
    settings = {"CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NEWS_REDIS_SHARED_POLITENESS": str(int(shared))}
    with Replica("orient_news", delay=0.3) as replica:
        procs = [
            worker(n, replica.base_url, pg_url, redis_server.url, tmp_path, "-a", "mode=full", settings=settings)
            for n in ("a", "b")
        ]
        codes = [finish(p)[0] for p in procs]
        most = replica.max_in_flight
    assert codes == [0, 0]
    if shared:
        assert most <= 2, f"{most} requests in flight at the site at once"
    else:  # without it, each worker has its own 2: the test can tell
        assert most > 2


# -- the frontier survives Redis restarting -------------------------------------------------------
def test_redis_restarted_mid_crawl_the_crawl_resumes_where_it_was(tmp_path, pg_url, redis_server):
    with Replica("orient_news", delay=0.3) as replica:
        a = worker("a", replica.base_url, pg_url, redis_server.url, tmp_path, "-a", "mode=full")
        client = connect(redis_server.url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(articles_fetched(replica)) < 5:
            time.sleep(0.1)
        frontier = [k for k in client.keys("news:orient_news:crawl:*") if k.endswith((b":queue", b":leases"))]  # type: ignore[arg-type]
        assert sum(client.zcard(k) for k in frontier) > 0, "nothing left to crawl before the restart"
        redis_server.stop()
        time.sleep(2.0)
        redis_server.start()
        code, log = finish(a)
        fetched = articles_fetched(replica)
    assert code == 0, log[-4000:]
    found, _ = stored(pg_url)
    assert len(found) == ORIENT and set(found.values()) == {1}
    assert max(fetched.values()) <= 2


def test_frontier_leases_by_redis_time(redis_server):
    client = connect(redis_server.url)
    a, b = Frontier(client, "x", lease=0.5, worker="a"), Frontier(client, "x", lease=0.5, worker="b")
    assert a.join("d").seeder and not b.join("d").seeder
    a.push(b"first", 0)
    a.push(b"urgent", 5)
    got = a.pop()
    assert got is not None
    lease, data = got
    assert data == b"urgent" and a.in_flight() == 1 and a.pending() == 1
    a.mark_seeded()
    assert not b.done()
    time.sleep(0.7)  # a stopped renewing: its lease runs out
    assert b.requeue_expired() == 1 and b.pending() == 2
    assert not a.ack(lease)  # too late: it went back to the queue
    for _ in range(2):
        got = b.pop()
        assert got is not None
        b.ack(got[0])
    assert b.done()
