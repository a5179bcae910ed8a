"""Safe to operate: one archive whatever the working directory, one lock per database whatever its
URL's spelling, a ``make clean`` that keeps the archive, quiet cron runs with their stats in the run
history, no secrets or remote-control endpoint, redirects held to the outlet and a size cap."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sqlalchemy import create_engine, text

from crawler.replica import Replica
from tests.conftest import ROOT, last_line, load_expected, run_crawl, run_scrapy

FURAT_ARTICLES = len(load_expected("furat_post"))


def rows_in(db_path: Path) -> int:
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
    finally:
        engine.dispose()


# -- 1. paths: the project root's, whatever the working directory ------------------------------------------
def test_a_crawl_started_in_a_subdirectory_uses_the_project_archive_lock_spool_stats_and_log(tmp_path):
    rel = Path("data") / f"test-paths-{uuid.uuid4().hex[:8]}"
    sub = ROOT / "crawler"
    existed = (sub / "data").exists()
    env = {
        "NEWS_SPOOL_DIR": str(rel / "spool"),
        "NEWS_LOCK_DIR": str(rel / "locks"),
        "NEWS_STATS_FILE": str(rel / "stats.json"),
        "NEWS_LOG_FILE": str(rel / "crawl.log"),
    }
    try:
        with Replica("furat_post") as replica:
            result = run_crawl(
                "furat_post", replica.base_url, f"sqlite:///{rel}/news.db", tmp_path, "mode=full", env=env, cwd=sub
            )
        assert result.returncode == 0, result.log[-3000:]
        assert rows_in(ROOT / rel / "news.db") == FURAT_ARTICLES
        assert [p.name[:11] for p in (ROOT / rel / "locks").iterdir()] == ["furat_post-"]
        assert json.loads((ROOT / rel / "stats.json").read_text(encoding="utf-8"))["news/verdict"] == "OK"
        assert "Spider closed (finished)" in (ROOT / rel / "crawl.log").read_text(encoding="utf-8")
        assert last_line(result.log).startswith("SUMMARY furat_post: stored=")  # the SUMMARY stays on stderr
        assert existed or not (sub / "data").exists(), "the crawl wrote under crawler/"
    finally:
        shutil.rmtree(ROOT / rel, ignore_errors=True)
        shutil.rmtree(sub / rel, ignore_errors=True)
        if not existed:
            shutil.rmtree(sub / "data", ignore_errors=True)


def test_relative_paths_resolve_against_the_project_root_in_settings_and_commands(tmp_path, monkeypatch):
    from crawler.archive.storage import db_url_from_env, open_storage
    from crawler.ops.paths import PROJECT_ROOT, project_db_url, project_path, resolve_settings

    assert PROJECT_ROOT == ROOT
    assert project_db_url("sqlite:///data/news.db") == f"sqlite:///{ROOT}/data/news.db"
    assert project_db_url("sqlite:///./data/../data/news.db") == f"sqlite:///{ROOT}/data/news.db"
    assert project_db_url("sqlite://") == "sqlite://"
    assert project_db_url("postgresql://u:p@h/db") == "postgresql://u:p@h/db"
    assert project_path("logs/x.log") == ROOT / "logs" / "x.log"
    assert project_path("/var/log/x.log") == Path("/var/log/x.log")
    assert db_url_from_env().startswith(f"sqlite:///{ROOT}/")
    rel = os.path.relpath(tmp_path / "direct.db", ROOT)
    monkeypatch.chdir(tmp_path)
    open_storage(f"sqlite:///{rel}").close()
    assert (tmp_path / "direct.db").exists()
    from scrapy.settings import Settings

    settings = Settings({"NEWS_DB_URL": "sqlite:///x.db", "NEWS_WARC_DIR": "data/warc", "NEWS_CHROMIUM_PATH": "c"})
    settings.set("NEWS_SPOOL_DIR", "spool", priority="cmdline")
    settings.set("JOBDIR", "data/jobs/on-2016", priority="cmdline")
    resolve_settings(settings)
    assert settings["JOBDIR"] == str(ROOT / "data" / "jobs" / "on-2016")
    assert settings["NEWS_DB_URL"] == f"sqlite:///{ROOT}/x.db"
    assert settings["NEWS_WARC_DIR"] == str(ROOT / "data" / "warc")
    assert settings["NEWS_SPOOL_DIR"] == str(ROOT / "spool") and settings.getpriority("NEWS_SPOOL_DIR") == 40
    assert settings["NEWS_CHROMIUM_PATH"] == "c"  # not a NEWS_*_DIR / NEWS_*_FILE setting


# -- 2. the lock: the database, not the spelling of its URL ------------------------------------------------
def test_the_lock_is_keyed_on_the_database_not_on_the_spelling_of_its_url(tmp_path):
    from crawler.ops.lock import LockedError, RunLock

    rel = os.path.relpath(tmp_path / "x.db", ROOT)
    spellings = [
        f"sqlite:///{tmp_path}/x.db",
        f"sqlite:///{rel}",
        f"sqlite:///./{rel}",
        f"sqlite:///{tmp_path}/sub/../x.db",
        f"sqlite+pysqlite:///{tmp_path}/x.db",
    ]
    locks = os.path.relpath(tmp_path / "locks", ROOT)
    held = RunLock("orient_news", spellings[0], tmp_path / "locks").acquire()
    try:
        for url in spellings[1:]:
            with pytest.raises(LockedError):
                RunLock("orient_news", url, locks).acquire()  # a relative lock dir is the project root's
        RunLock("furat_post", spellings[1], locks).acquire().release()  # another spider: its own lock
        RunLock("orient_news", f"sqlite:///{tmp_path}/y.db", locks).acquire().release()  # another database
    finally:
        held.release()
    server = RunLock("orient_news", "postgresql+psycopg://news:pw-1@DB.example:5432/news", tmp_path).acquire()
    try:
        with pytest.raises(LockedError) as refused:
            RunLock("orient_news", "postgresql://news:pw-2@db.example/news?sslmode=require", tmp_path).acquire()
        assert "pw-1" not in str(refused.value) and "pw-2" not in str(refused.value)
        RunLock("orient_news", "postgresql://news@db.example/news_test", tmp_path).acquire().release()
    finally:
        server.release()


def test_a_crawl_from_another_directory_with_another_spelling_is_refused_while_one_runs(tmp_path):
    from crawler.ops.lock import RunLock

    absolute = f"sqlite:///{tmp_path}/news.db"
    relative = f"sqlite:///{os.path.relpath(tmp_path / 'news.db', ROOT)}"
    lock = RunLock("orient_news", absolute, tmp_path / "locks").acquire()
    try:
        locked = run_scrapy(
            ["crawl", "orient_news", "-a", "base_url=http://127.0.0.1:9"], relative, tmp_path, cwd=ROOT / "crawler"
        )
    finally:
        lock.release()
    assert locked.returncode == 75, locked.stderr[-2000:]
    assert last_line(locked.stderr).startswith("SUMMARY orient_news: not started — LOCKED (another orient_news run")
    assert f"for sqlite:///{tmp_path}/news.db" in locked.stderr  # the database it means, spelled out


# -- 3. make clean keeps the archive -------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_clean_keeps_the_archive_and_distclean_asks_or_needs_force(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for path in (".venv/bin/python", "data/news.db", "data/locks/x.lock", "logs/cron.log", ".mypy_cache/x"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    (tmp_path / "logs" / ".gitkeep").write_text("")
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)

    def make(*args):
        return subprocess.run(["make", *args], cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, text=True)

    clean = make("clean")
    assert clean.returncode == 0, clean.stderr
    assert (tmp_path / "data" / "news.db").exists() and (tmp_path / "logs" / "cron.log").exists()
    assert not (tmp_path / ".venv").exists() and not (tmp_path / ".mypy_cache").exists()
    assert not (tmp_path / "pkg" / "__pycache__").exists()

    refused = make("distclean")  # no terminal to ask, no FORCE=1
    assert refused.returncode != 0
    assert "data/" in refused.stdout and "FORCE=1" in refused.stdout + refused.stderr
    assert (tmp_path / "data" / "news.db").exists()

    forced = make("distclean", "FORCE=1")
    assert forced.returncode == 0, forced.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "logs" / "cron.log").exists()
    assert (tmp_path / "logs" / ".gitkeep").exists()


# -- 4. cron: logs/, quiet runs, stats per run ---------------------------------------------------------
def test_the_logs_folder_exists_and_its_logs_are_ignored():
    assert (ROOT / "logs" / ".gitkeep").is_file()
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")

    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0

    assert ignored("logs/orient_news.log") and ignored("logs/orient_news.log.1.gz")
    assert not ignored("logs/.gitkeep")


def test_a_warning_level_run_is_quiet_and_each_run_keeps_its_stats_in_the_history(tmp_path, db_url):
    with Replica("furat_post") as replica:
        full = run_crawl(
            "furat_post", replica.base_url, db_url, tmp_path, "mode=full", env={"NEWS_LOG_LEVEL": "WARNING"}
        )
        cron = run_crawl("furat_post", replica.base_url, db_url, tmp_path, env={"NEWS_LOG_LEVEL": "WARNING"})
    for result in (full, cron):
        assert result.returncode == 0, result.log[-3000:]
        lines = [line for line in result.log.splitlines() if line.strip()]
        assert len(lines) <= 3, lines
        assert lines[-1].startswith("SUMMARY furat_post: ") and lines[-1].endswith(" — OK")
    table = run_scrapy(["runs", "furat_post"], db_url, tmp_path).stdout.splitlines()
    assert table[0].split()[-2:] == ["run", "alarms"]
    ids = [line.split()[-2] for line in table[1:]]  # newest first; no alarms: "-" last
    assert len(ids) == 2
    kept = []
    for run_id in ids:
        shown = run_scrapy(["runs", "--stats", run_id], db_url, tmp_path)
        assert shown.returncode == 0, shown.stderr
        kept.append(json.loads(shown.stdout))
    newest, oldest = kept
    assert oldest["item_scraped_count"] == FURAT_ARTICLES and "item_scraped_count" not in newest
    assert oldest["news/verdict"] == newest["news/verdict"] == "OK" and oldest["news/exit_code"] == 0
    assert datetime.fromisoformat(oldest["start_time"]) < datetime.fromisoformat(newest["start_time"])
    last = run_scrapy(["runs", "furat_post", "--stats", "last"], db_url, tmp_path)
    assert json.loads(last.stdout) == newest
    missing = run_scrapy(["runs", "--stats", "999"], db_url, tmp_path)
    assert missing.returncode == 1 and "no run 999" in missing.stderr
    bad = run_scrapy(["runs", "--stats", "yesterday"], db_url, tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


OLD_RUNS_TABLE = """CREATE TABLE runs (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, spider VARCHAR(64) NOT NULL,
mode VARCHAR(32), arguments TEXT, started_at VARCHAR(40) NOT NULL, finished_at VARCHAR(40), exit_code INTEGER,
status VARCHAR(16), counts TEXT, alarms TEXT)"""


def test_a_run_history_made_before_stats_were_kept_gets_the_column(tmp_path, db_url):
    from crawler.ops.lock import RunLock

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(OLD_RUNS_TABLE))
        conn.execute(
            text(
                "INSERT INTO runs (spider, mode, arguments, started_at, finished_at, exit_code, status, counts, alarms)"
                " VALUES ('orient_news', 'cron', '{}', '2024-01-01T00:00:00+00:00', '2024-01-01T00:01:00+00:00', 0,"
                " 'OK', '{}', '[]')"
            )
        )
    engine.dispose()
    refused = run_scrapy(["crawl", "orient_news", "-a", "base_url=http://127.0.0.1:9"], db_url, tmp_path)
    assert refused.returncode == 1 and "run `scrapy db upgrade` first" in refused.stderr
    upgraded = run_scrapy(["db", "upgrade"], db_url, tmp_path)
    assert upgraded.returncode == 0 and "upgraded from pre-migrations" in upgraded.stdout, upgraded.stderr
    lock = RunLock("orient_news", db_url, tmp_path / "locks").acquire()
    try:
        locked = run_scrapy(["crawl", "orient_news", "-a", "base_url=http://127.0.0.1:9"], db_url, tmp_path)
    finally:
        lock.release()
    assert locked.returncode == 75 and "run history not written" not in locked.stderr, locked.stderr[-2000:]
    table = run_scrapy(["runs"], db_url, tmp_path).stdout.splitlines()
    assert len(table) == 3 and " LOCKED " in table[1] and " OK " in table[2]
    stats = json.loads(run_scrapy(["runs", "--stats", "last"], db_url, tmp_path).stdout)
    assert stats == {"news/exit_code": 75, "news/verdict": "LOCKED"}
    old = run_scrapy(["runs", "--stats", "1"], db_url, tmp_path)
    assert old.returncode == 1 and "before stats were kept" in old.stderr


# -- 5. secrets and the remote-control endpoint ----------------------------------------------------------
def test_the_remote_control_extension_is_off_and_a_killed_crawl_leaves_no_token_file(tmp_path, db_url):
    state = tmp_path / "state"
    env = dict(
        os.environ,
        NEWS_DB_URL=db_url,
        NEWS_LOCK_DIR=str(tmp_path / "locks"),
        NEWS_SPOOL_DIR=str(tmp_path / "spool"),
        NEWS_WARC_DIR=str(tmp_path / "warc"),
        NEWS_LOG_LEVEL="INFO",
        XDG_STATE_HOME=str(state),
        HOME=str(tmp_path),
    )
    with Replica("orient_news", delay=3.0) as replica:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "orient_news", "-a", f"base_url={replica.base_url}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not replica.requests and time.monotonic() < deadline:
                time.sleep(0.1)
            assert replica.requests, "the crawl never reached the replica"
            time.sleep(1.0)  # the engine has started: a remote-control server would be up by now
            proc.send_signal(signal.SIGKILL)
            log, _ = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    left = [p for p in state.rglob("*") if p.is_file()] if state.exists() else []
    assert left == [], f"token files left behind: {left}"
    assert "Enabled extensions:" in log
    assert "RemoteControl" not in log and "Remote control" not in log


def test_no_database_password_is_printed_by_any_command(tmp_path):
    secret = "s3cr3t-pw"
    url = f"postgresql://news:{secret}@127.0.0.1:9/news"
    from crawler.ops.lock import RunLock

    outputs = [
        run_scrapy(["crawl", "orient_news", "-a", "base_url=http://127.0.0.1:9"], url, tmp_path),
        run_scrapy(["runs"], url, tmp_path),
        run_scrapy(["runs", "--stats", "last"], url, tmp_path),
        run_scrapy(["quarantine"], url, tmp_path),
    ]
    lock = RunLock("orient_news", url, tmp_path / "locks").acquire()
    try:
        outputs.append(run_scrapy(["crawl", "orient_news", "-a", "base_url=http://127.0.0.1:9"], url, tmp_path))
    finally:
        lock.release()
    assert outputs[-1].returncode == 75 and "news:***@127.0.0.1" in outputs[-1].stderr
    for proc in outputs:
        assert secret not in proc.stdout + proc.stderr, proc.args


# -- 6. redirects held to the outlet; a size cap ---------------------------------------------------------
class Recorder:
    """An HTTP server on 127.0.0.2 (another host) that records what reaches it."""

    def __init__(self) -> None:
        recorder = self
        self.paths: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.paths.append(self.path)
                body = b"<html><body>elsewhere</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.2:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def english_articles() -> list[tuple[str, str]]:
    """(article_id, path) of the English orient_news articles (plain ASCII paths)."""
    found = [
        (aid, urlsplit(r["url"]).path)
        for aid, r in load_expected("orient_news").items()
        if "/en/news_show/" in r["url"]
    ]
    return sorted(found)


def redirect(replica: Replica, path: str, location: str, status: int = 302) -> None:
    """``path`` answers a redirect to ``location`` (a manifest row: status, Location, no file)."""
    replica.site.routes[unquote(path)] = (status, location, "-")


def test_redirects_leave_neither_the_outlet_nor_the_replica(tmp_path, db_url):
    try:
        recorder = Recorder()
    except OSError:
        pytest.skip("127.0.0.2 cannot be bound here")
    (a, a_path), (b, b_path), (c, c_path), *_ = english_articles()
    with Replica("orient_news") as replica, recorder:
        redirect(replica, a_path, recorder.base_url + a_path)
        redirect(replica, b_path, "https://elsewhere.example" + b_path)
        page = replica.file_bytes(c_path)
        replica.serve("/moved" + c_path, page)
        redirect(replica, c_path, "https://www.orient-news.net/moved" + c_path, 301)  # the outlet's own host
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
    assert recorder.paths == [], "a redirect to another host was followed"
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("news/offsite_redirects") == 2
    assert not [k for k in result.stats if k.startswith("news/errors/")], result.stats
    stored = {r["article_id"] for r in result.rows("orient_news")}
    assert a not in stored and b not in stored and c in stored
    warnings = [line for line in result.log.splitlines() if "redirect to another host not followed" in line]
    assert len(warnings) == 2, warnings
    assert any(recorder.base_url + a_path in w for w in warnings)
    assert any("https://elsewhere.example" + b_path in w for w in warnings)


def test_a_page_over_the_size_cap_is_refused_as_too_large(tmp_path, db_url):
    (aid, path), *_ = english_articles()
    with Replica("orient_news") as replica:
        page = replica.file_bytes(path)
        replica.serve(path, page.replace(b"</body>", b"<!--" + b"x" * 300_000 + b"--></body>"))
        result = run_crawl(
            "orient_news", replica.base_url, db_url, tmp_path, "mode=full", settings={"DOWNLOAD_MAXSIZE": 100_000}
        )
        fetched = [p for p in replica.requests if unquote(p) == unquote(path)]
    assert result.returncode == 1, result.log[-3000:]
    assert result.stat("news/errors/too_large") == 1 and len(fetched) == 1  # never retried
    assert aid not in {r["article_id"] for r in result.rows("orient_news")}
    summary = last_line(result.log)
    assert " errors=0 " not in summary and "FAILED" in summary
    assert "fetch failed (too_large)" in result.log


def test_the_size_cap_and_the_redirect_policy_are_project_settings():
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert 1024 * 1024 <= settings.getint("DOWNLOAD_WARNSIZE") < settings.getint("DOWNLOAD_MAXSIZE") <= 16 * 1024**2
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert "crawler.ops.offsite.OffsiteRedirectMiddleware" in settings.getdict("DOWNLOADER_MIDDLEWARES")


def test_redirect_policy():
    from crawler.ops.offsite import redirect_allowed

    hosts = ("orient-news.net",)
    base = "http://127.0.0.1:8000"
    assert redirect_allowed("https://orient-news.net/ar", hosts)
    assert redirect_allowed("http://www.orient-news.net/ar", hosts)
    assert redirect_allowed("https://en.orient-news.net/x", hosts)
    assert redirect_allowed("http://127.0.0.1:8000/ar", hosts, base)
    assert not redirect_allowed("http://127.0.0.1:8000/ar", hosts)
    assert not redirect_allowed("http://127.0.0.1:8001/ar", hosts, base)
    assert not redirect_allowed("http://127.0.0.2:8000/ar", hosts, base)
    assert not redirect_allowed("https://notorient-news.net/ar", hosts)
    assert not redirect_allowed("https://orient-news.net.evil.example/ar", hosts)
