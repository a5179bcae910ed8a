"""The archive's schema and its moves: migrations (``scrapy db upgrade``), the typed PostgreSQL
schema, ``scrapy db copy`` (verified, resumable), and the one-line errors of a wrong URL."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, inspect, text

from crawler.archive import schema
from crawler.archive.storage import engine_for_migrations, open_storage
from crawler.archive.types import JSONText
from tests.conftest import FIXTURES, ROOT, last_line, run_crawl, run_scrapy

PRE_MIGRATIONS = FIXTURES / "archives" / "pre-migrations-a3e62d0.db"
ORIGINAL_TABLES = ["articles", "pages", "neardup_docs", "neardup_bands", "http_validators", "gone_articles",
                   "quarantine", "runs", "todo"]  # fmt: skip


def sqlite_rows(path, table: str) -> tuple[list[tuple], list[str]]:
    conn = sqlite3.connect(path)
    try:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        return sorted(conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr), columns
    finally:
        conn.close()


# -- migrations -------------------------------------------------------------------------------------
def test_an_archive_written_by_the_previous_main_is_refused_then_upgraded_in_place_with_nothing_lost(tmp_path):
    from crawler.replica import Replica

    path = tmp_path / "old.db"
    shutil.copy(PRE_MIGRATIONS, path)
    url = f"sqlite:///{path}"
    before = {t: sqlite_rows(path, t) for t in ORIGINAL_TABLES}
    assert len(before["articles"][0]) == 69 and len(before["quarantine"][0]) == 1

    with Replica("orient_news") as replica:
        refused = run_crawl("orient_news", replica.base_url, url, tmp_path)
    assert refused.returncode == 1
    assert "scrapy db upgrade" in refused.log and "Traceback" not in refused.log
    assert last_line(refused.log).startswith("SUMMARY orient_news: not started — FAILED")
    assert {t: sqlite_rows(path, t) for t in ORIGINAL_TABLES} == before  # nothing written, no run row

    status = run_scrapy(["db", "status"], url, tmp_path)
    assert status.returncode == 1 and "pre-migrations" in status.stdout
    upgraded = run_scrapy(["db", "upgrade"], url, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"upgraded from pre-migrations to {schema.head()}" in upgraded.stdout

    for table in ORIGINAL_TABLES:  # every row and column kept as it was
        rows, columns = sqlite_rows(path, table)
        old_rows, old_columns = before[table]
        assert columns[: len(old_columns)] == old_columns
        assert sorted((row[: len(old_columns)] for row in rows), key=repr) == old_rows, table
    conn = sqlite3.connect(path)
    empty = conn.execute("SELECT count(*) FROM articles WHERE search_text IS NULL OR search_text = ''").fetchone()
    sample = conn.execute("SELECT search_text FROM articles WHERE title LIKE '%إ%' LIMIT 1").fetchone()
    conn.close()
    assert empty == (0,)
    assert sample and "إ" not in sample[0]  # normalised: hamza forms folded

    assert run_scrapy(["db", "upgrade"], url, tmp_path).stdout.strip().endswith(f"already at {schema.head()}")
    with Replica("orient_news") as replica:
        again = run_crawl("orient_news", replica.base_url, url, tmp_path)
    assert again.returncode == 0, again.log[-2000:]
    assert again.stat("news/stored/inserted") == 0  # the archive's 33 articles were all known


def test_an_archive_newer_than_the_code_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    open_storage(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(schema.SchemaAhead, match="newer than this crawler"):
        open_storage(url)


def test_migrations_and_the_model_make_the_same_schema(any_db_url, tmp_path):
    """Upgrading an empty database through every migration gives what a new archive gets."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    def fts_objects(conn) -> dict[str, str]:
        """SQLite's full-text table and triggers, name -> SQL (empty on PostgreSQL)."""
        if conn.dialect.name != "sqlite":
            return {}
        sql = "SELECT name, sql FROM sqlite_master WHERE name LIKE 'articles_fts%' AND sql LIKE 'CREATE %'"
        return {name: " ".join(found.split()) for name, found in conn.execute(text(sql))}

    engine = engine_for_migrations(any_db_url)
    try:
        with engine.begin() as conn:  # through the migrations, from nothing
            from alembic import command

            config = schema.alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        with engine.connect() as conn:
            # SQLite's FTS5 tables are raw DDL, not in the metadata (schema.include_name leaves them out)
            opts = {"compare_type": False, "include_name": schema.include_name}
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), schema.metadata)
            indexes = {i["name"] for i in inspect(conn).get_indexes("articles")}
            migrated_fts = fts_objects(conn)
        # the search index is an expression index made by raw DDL on PostgreSQL (schema.SEARCH_INDEX_DDL)
        assert [d for d in diff if not (d[0] == "remove_index" and d[1].name == schema.SEARCH_INDEX)] == []
        assert (schema.SEARCH_INDEX in indexes) == any_db_url.startswith("postgresql")
        assert schema.current(engine) == schema.head()
        # ... and on SQLite the same full-text table and triggers as a new archive (schema.create)
        fresh = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        schema.create(fresh)
        with fresh.connect() as conn:
            assert fts_objects(conn)[schema.SEARCH_FTS]  # the FTS5 table of a new archive
            if any_db_url.startswith("sqlite"):
                assert migrated_fts == fts_objects(conn)
            else:
                assert migrated_fts == {}
        fresh.dispose()
    finally:
        engine.dispose()


def test_postgresql_schema_is_typed(pg_url):
    store = open_storage(pg_url)
    try:
        with store.engine.connect() as conn:
            types: dict[str, str] = dict(
                conn.execute(
                    text("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'articles'")
                ).all()
            )
            index = conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"), {"name": schema.SEARCH_INDEX}
            ).scalar()
        assert types["published_at"] == types["modified_at"] == types["scraped_at"] == "timestamp with time zone"
        assert types["authors"] == types["tags"] == types["quoted_sources"] == "jsonb"
        assert index is not None and "USING gin" in index and "search_text" in index
        runs_types = {c["name"]: str(c["type"]) for c in inspect(store.engine).get_columns("runs")}
        assert runs_types["started_at"] == "TIMESTAMP" and runs_types["stats"] == "JSONB"
    finally:
        store.close()


# -- URLs and errors --------------------------------------------------------------------------------
@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg", "postgres"])
def test_every_spelling_of_a_postgresql_url_works(pg_url, tmp_path, scheme):
    url = scheme + pg_url[len("postgresql") :]
    result = run_scrapy(["db", "status"], url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "schema empty" in result.stdout


def test_wrong_password_or_missing_database_is_one_line_and_exit_1(postgres, pg_url, tmp_path):
    from crawler.replica import Replica

    name = pg_url.rsplit("/", 1)[1]
    wrong = postgres.url(name, password="not-the-password-4711")
    missing = postgres.url("no_such_archive")
    with Replica("orient_news") as replica:
        for url, kind in ((wrong, "password authentication failed"), (missing, "does not exist")):
            result = run_crawl("orient_news", replica.base_url, url, tmp_path)
            assert result.returncode == 1
            errors = [line for line in result.log.splitlines() if line.startswith("error:")]
            assert len(errors) == 1 and kind in errors[0], result.log[-1500:]
            assert "Traceback" not in result.log
            assert "not-the-password-4711" not in result.log and postgres.password not in result.log
            assert last_line(result.log).startswith("SUMMARY orient_news: not started — FAILED")
            assert result.stat("downloader/request_count") == 0
    status = run_scrapy(["db", "status"], wrong, tmp_path)
    assert status.returncode == 1 and "not-the-password-4711" not in status.stdout + status.stderr
    assert len(status.stderr.strip().splitlines()) == 1


def parsed(table: str, rows: list[tuple]) -> list[tuple]:
    json_columns = [i for i, c in enumerate(schema.metadata.tables[table].columns) if isinstance(c.type, JSONText)]
    return sorted(
        (tuple(json.loads(v) if i in json_columns and v is not None else v for i, v in enumerate(row)) for row in rows),
        key=repr,
    )


# -- copy -------------------------------------------------------------------------------------------
def copied_tables(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        if " rows -> " in line:
            table, rest = line.split(":", 1)
            found[table] = rest.strip()
    return found


def test_copy_sqlite_to_postgresql_and_back_verified(pg_url, tmp_path):
    src = tmp_path / "laptop.db"
    shutil.copy(PRE_MIGRATIONS, src)
    assert run_scrapy(["db", "upgrade"], f"sqlite:///{src}", tmp_path).returncode == 0
    env = {"NEWS_COPY_STATE_DIR": str(tmp_path / "copy")}
    there = run_scrapy(["db", "copy", f"sqlite:///{src}", pg_url], pg_url, tmp_path, env=env)
    assert there.returncode == 0, there.stderr
    tables = copied_tables(there.stdout)
    assert set(tables) == {t.name for t in schema.TABLES}
    assert tables["articles"] == "69 rows -> 69 rows, hash ok" and tables["neardup_bands"].startswith("1725 rows")
    back_url = f"sqlite:///{tmp_path / 'back.db'}"
    back = run_scrapy(["db", "copy", pg_url, back_url], pg_url, tmp_path, env=env)
    assert back.returncode == 0, back.stderr
    for table in ORIGINAL_TABLES:  # the round trip gives every row back as SQLite wrote it
        rows, columns = sqlite_rows(tmp_path / "back.db", table)
        old_rows, old_columns = sqlite_rows(src, table)
        # jsonb keeps the value, not the key order or spacing: JSON columns compare parsed
        assert columns == old_columns and parsed(table, rows) == parsed(table, old_rows), table

    # the PostgreSQL archive takes new articles after the copied ids (sequences moved on)
    store = open_storage(pg_url)
    try:
        from crawler.items import Article

        assert (
            store.upsert(Article(outlet="orient_news", article_id="new-1", url="https://x/new-1", title="t"))
            == "inserted"
        )
        assert (store.get("orient_news", "new-1") or {}).get("id") == 70
    finally:
        store.close()
    refused = run_scrapy(["db", "copy", f"sqlite:///{src}", pg_url], pg_url, tmp_path, env=env)
    assert refused.returncode == 1 and "already holds rows" in refused.stderr


def test_copy_killed_midway_resumes_and_verifies(pg_url, tmp_path):
    src = tmp_path / "laptop.db"
    shutil.copy(PRE_MIGRATIONS, src)
    assert run_scrapy(["db", "upgrade"], f"sqlite:///{src}", tmp_path).returncode == 0
    state_dir = tmp_path / "copy"
    env = {**os.environ, "NEWS_DB_URL": pg_url, "NEWS_COPY_STATE_DIR": str(state_dir), "NEWS_LOG_LEVEL": "INFO"}
    cmd = [sys.executable, "-m", "scrapy", "db", "copy", f"sqlite:///{src}", pg_url, "--batch", "10", "--pause", "0.1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:  # kill it once some batches of pages (the second table) are in
        states = list(state_dir.glob("copy-*.json"))
        if states and "pages" in json.loads(states[0].read_text() or "{}").get("tables", {}):
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    state = json.loads(next(state_dir.glob("copy-*.json")).read_text())
    assert "pages" not in state["done"]  # killed in the middle

    again = run_scrapy(["db", "copy", f"sqlite:///{src}", pg_url, "--batch", "10"], pg_url, tmp_path,
                       env={"NEWS_COPY_STATE_DIR": str(state_dir)})  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "(resumed)" in again.stderr
    assert "copy verified" in again.stdout
    assert not list(state_dir.glob("copy-*.json"))  # done: no state left
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), count(DISTINCT (outlet, article_id)) FROM pages")).one() == (69, 69)
    engine.dispose()
