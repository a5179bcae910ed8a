"""Shared test helpers: the replica, a real ``scrapy crawl`` run, expected records."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import crawl_env

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_SITES = Path(os.environ.get("NEWS_SHARED_SITES", ROOT.parent / "shared" / "sites"))

sys.path.insert(0, str(ROOT))

# A crawl a test starts with an environment of its own (not through run_crawl) must not write WARC
# files into the project's data/warc: every process the tests start inherits this folder.
if "NEWS_WARC_DIR" not in os.environ:
    os.environ["NEWS_WARC_DIR"] = tempfile.mkdtemp(prefix="news-test-warc-")
    atexit.register(shutil.rmtree, os.environ["NEWS_WARC_DIR"], True)


def load_expected(outlet: str) -> dict[str, dict]:
    path = FIXTURES / "expected" / f"{outlet}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["article_id"]: r for r in records}


def manifest_rows(outlet: str) -> list[tuple[str, int, str, str]]:
    lines = (FIXTURES / "sites" / outlet / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    rows = []
    for line in lines:
        if line.strip():
            path, status, ctype, file = line.split("\t")[:4]
            rows.append((path, int(status), ctype, file))
    return rows


class CrawlResult:
    def __init__(self, returncode: int, stats: dict, log: str, db_url: str):
        self.returncode = returncode
        self.stats = stats
        self.log = log
        self.db_url = db_url

    def stat(self, key: str, default=0):
        return self.stats.get(key, default)

    def rows(self, outlet: str | None = None) -> list[dict]:
        from crawler.archive.storage import open_storage

        store = open_storage(self.db_url)
        try:
            return list(store.iter_articles(outlet))
        finally:
            store.close()


def run_crawl(
    outlet: str,
    base_url: str,
    db_url: str,
    tmp_path: Path,
    *args: str,
    settings: dict | None = None,
    env: dict | None = None,
    timeout: int = 240,
    cwd: Path = ROOT,
) -> CrawlResult:
    """Run ``scrapy crawl`` as a user would (a real subprocess, real exit code), from ``cwd``."""
    stats_path = tmp_path / f"stats-{outlet}-{len(list(tmp_path.glob('stats-*')))}.json"
    cmd = [sys.executable, "-m", "scrapy", "crawl", outlet, "-a", f"base_url={base_url}"]
    for arg in args:
        cmd += ["-a", arg]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    full_env = crawl_env(db_url, tmp_path, stats=stats_path, locks=False, **(env or {}))
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    return CrawlResult(proc.returncode, stats, proc.stdout + proc.stderr, db_url)


def run_scrapy(
    args: list[str], db_url: str, tmp_path: Path, env: dict | None = None, timeout: int = 240, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """Any project command (``quarantine``, ``runs``, ``reparse`` …) as a user runs it."""
    full_env = crawl_env(db_url, tmp_path, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'news.db'}"


# -- records as the pipelines leave them ------------------------------------------------------------
#: fields an expected record states that depend on how the record was fetched, not on the article
FETCH_FIELDS = {"published_at_raw", "template"}


def pipeline_crawler(tmp_path, **settings):
    from scrapy.utils.test import get_crawler

    return get_crawler(settings_dict={"NEWS_DB_URL": f"sqlite:///{tmp_path / 'pipe.db'}", **settings})


def through_cleaning(item, crawler):
    """The record after the validate and boilerplate pipelines (what storage would receive,
    before dedupe)."""
    from pipelines.boilerplate import BoilerplatePipeline
    from pipelines.validate import ValidatePipeline

    item = ValidatePipeline.from_crawler(crawler).process_item(item)
    return BoilerplatePipeline.from_crawler(crawler).process_item(item)


def mismatches(actual: dict, expected: dict, skip=()) -> list[str]:
    out = []
    for key, want in expected.items():
        if key in skip:
            continue
        got = actual.get(key)
        if key == "quoted_sources":
            got = [s["name"] if isinstance(s, dict) else s for s in (got or [])]
        if got != want:
            out.append(f"{expected.get('article_id')} {key}: got {got!r:.300} expected {want!r:.300}")
    return out


# -- PostgreSQL: a private cluster for the session, a fresh database per test --------------------
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres():
    """The session's PostgreSQL (tests/servers.py). Without one installed the PostgreSQL tests
    are skipped, except in CI (``CI=true``), where that is an error."""
    from tests.servers import ExternalPostgres, PostgresCluster, postgres_bindir

    server: ExternalPostgres | PostgresCluster
    if os.environ.get("NEWS_TEST_PG_URL"):
        server = ExternalPostgres(os.environ["NEWS_TEST_PG_URL"])
    else:
        bindir = postgres_bindir()
        if bindir is None:
            if os.environ.get("CI"):
                pytest.fail("PostgreSQL is not installed (.ci/run installs Debian's postgresql)")
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql, or set NEWS_TEST_PG_URL)")
        cluster = PostgresCluster(bindir).init()
        cluster.start()
        server = cluster
    yield server
    server.destroy()


@pytest.fixture
def pg_url(postgres) -> Iterator[str]:
    """A new, empty database on the session's server."""
    name = postgres.create_database()
    yield postgres.url(name)
    postgres.drop_database(name)


@pytest.fixture(params=BACKENDS)
def any_db_url(request, tmp_path) -> str:
    """The test runs twice: on an SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'news.db'}"
    return request.getfixturevalue("pg_url")


# -- Redis: a private server per test (distributed crawls) ------------------------------------------
@pytest.fixture
def redis_server():
    """A fresh ``redis-server`` of its own (tests/servers.py). Not installed: skipped, except in CI
    (``CI=true``: .ci/run installs Debian's redis-server), where that is an error."""
    from tests.servers import RedisServer, redis_installed

    if not redis_installed():
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(persist=True).start()
    yield server
    server.destroy()
