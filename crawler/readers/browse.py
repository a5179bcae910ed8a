"""``make browse``: the archive in Datasette, read-only, on 127.0.0.1.

Datasette's ``--immutable`` mode promises SQLite a file that never changes (no locks taken, row
counts computed once). The archive is not such a file while cron writes into it (SQLite's docs:
an immutable database that changes gives wrong answers or errors). So what is served is a
*snapshot* of what readers browse, taken from the archive in one read transaction (any backend:
a PostgreSQL archive browses the same way) and rebuilt only when the archive has changed since:

- ``articles``: one row per article: publication time and ``month`` (Damascus), outlet, id,
  title, section, language, authors, tags and quoted sources' names (JSON arrays: facets by
  array), URL, ``story_id``, ``duplicate_of``, revision, first seen, last updated, template,
  body and the normalised ``search_text``;
- ``articles_fts``: FTS5 over ``search_text``; a search typed in the box is normalised the same
  way first (``crawler/readers/datasette_plugins/arabic_search.py``), so ``ادلب`` finds ``إدلب``;
- ``stories``: every story of two or more records, who published first, the outlets;
- ``runs``: the run history (status, counts, alarms);
- ``snapshot``: which archive, when, and its state (the freshness check).

The metadata (``metadata``) gives the titles, a description of every column, the facets
(outlet, section, language, month) and the full-text table. Relative paths are the project's:
the snapshot lives in ``NEWS_BROWSE_DIR`` (``data/browse``), one folder per archive.

    python -m crawler.readers.browse [--port 8001] [--host 127.0.0.1] [--rebuild]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from crawler.archive.schema import articles, runs
from crawler.archive.search import publication_day
from crawler.ops.paths import PROJECT_ROOT, db_identity, project_path
from crawler.readers import records
from crawler.readers import stories as stories_mod

#: bump when the snapshot's tables change: an older snapshot is rebuilt
SNAPSHOT_FORMAT = "1"
DATABASE = "archive"  # the snapshot's file name, so Datasette's URLs are /archive/articles
PLUGINS = Path(__file__).with_name("datasette_plugins")
DEFAULT_PORT = 8001
BATCH = 1000

ARTICLE_COLUMNS: dict[str, str] = {
    "id": "row number in this snapshot",
    "published_at": "publication time as the page gave it (ISO 8601, Syrian time)",
    "month": "publication month (YYYY-MM, Damascus time)",
    "outlet": "the outlet (spider name): orient_news, furat_post",
    "article_id": "the outlet's own id of the article",
    "title": "headline",
    "section": "the outlet's section",
    "lang": "language (ISO 639-1: ar, en)",
    "authors": "bylines (JSON array)",
    "tags": "the outlet's tags (JSON array)",
    "sources": "names of everyone quoted or credited (JSON array)",
    "url": "the outlet's canonical URL",
    "story_id": "outlet/article_id of the earliest record of its group of copies (its own when none)",
    "duplicate_of": "canonical URL of the earlier record this one copies (near-duplicate), if any",
    "revision": "1 when first stored, +1 for every change stored since",
    "first_seen_at": "when the archive first stored it (UTC)",
    "updated_at": "when the archive last changed it (UTC)",
    "template": "the page markup that was parsed",
    "body": "the article's paragraphs, separated by a blank line",
    "search_text": "title and body normalised for search (hamza and alef forms folded, harakat and tatweel dropped)",
}
STORY_COLUMNS: dict[str, str] = {
    "story_id": "outlet/article_id of the earliest record",
    "size": "how many records carry the story",
    "outlets": "outlets that published it, first publisher first (JSON array)",
    "first_outlet": "who published it first",
    "first_published_at": "when it was first published",
    "first_url": "the first record's URL",
    "title": "the first record's headline",
    "members": "every record: outlet, id, URL, publication time (JSON)",
}
RUN_COLUMNS: dict[str, str] = {
    "id": "run number (scrapy runs --stats ID)",
    "spider": "the outlet crawled",
    "mode": "cron, full, backfill, refresh, reparse, canary",
    "started_at": "start (UTC)",
    "finished_at": "end (UTC)",
    "exit_code": "0 OK, 1 FAILED, 3 DEGRADED, 75 LOCKED",
    "status": "OK, DEGRADED, FAILED, LOCKED",
    "stored": "new records",
    "updated": "records changed (revisions)",
    "errors": "fetch and write errors",
    "requests": "HTTP requests",
    "alarms": "what went wrong (JSON)",
}

SCHEMA = f"""
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, published_at TEXT, month TEXT, outlet TEXT, article_id TEXT, title TEXT,
    section TEXT, lang TEXT, authors TEXT, tags TEXT, sources TEXT, url TEXT, story_id TEXT,
    duplicate_of TEXT, revision INTEGER, first_seen_at TEXT, updated_at TEXT, template TEXT, body TEXT,
    search_text TEXT
);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_month ON articles (month);
CREATE INDEX articles_story ON articles (story_id);
CREATE VIRTUAL TABLE articles_fts USING fts5(search_text, content='articles', content_rowid='id');
CREATE TABLE stories (
    story_id TEXT PRIMARY KEY, size INTEGER, outlets TEXT, first_outlet TEXT, first_published_at TEXT,
    first_url TEXT, title TEXT, members TEXT
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY, spider TEXT, mode TEXT, started_at TEXT, finished_at TEXT, exit_code INTEGER,
    status TEXT, stored INTEGER, updated INTEGER, errors INTEGER, requests INTEGER, alarms TEXT
);
CREATE TABLE snapshot (key TEXT PRIMARY KEY, value TEXT);
-- format {SNAPSHOT_FORMAT}
"""


def browse_dir() -> Path:
    return project_path(os.environ.get("NEWS_BROWSE_DIR") or "data/browse")


def snapshot_path(url: str) -> Path:
    """The snapshot of the archive at ``url``: one folder per archive (its identity, hashed)."""
    key = hashlib.sha256(db_identity(url).encode()).hexdigest()[:12]
    return browse_dir() / key / f"{DATABASE}.db"


def archive_state(conn: Connection) -> dict[str, str]:
    """What changes when the archive does: counts, the newest row and the latest change."""
    row = conn.execute(select(func.count(), func.max(articles.c.id), func.max(articles.c.updated_at))).one()
    run = conn.execute(select(func.count(), func.max(runs.c.id), func.max(runs.c.finished_at))).one()
    return {
        "format": SNAPSHOT_FORMAT,
        "articles": f"{row[0]}/{row[1]}/{row[2]}",
        "runs": f"{run[0]}/{run[1]}/{run[2]}",
    }


def snapshot_state(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(conn.execute("SELECT key, value FROM snapshot WHERE key IN ('format', 'articles', 'runs')"))
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _article_rows(conn: Connection, stories: stories_mod.Stories) -> Iterator[tuple]:
    fields = [
        "published_at",
        "outlet",
        "article_id",
        "title",
        "section",
        "lang",
        "authors",
        "tags",
        "quoted_sources",
        "url",
        "story_id",
        "duplicate_of",
        "revision",
        "first_seen_at",
        "updated_at",
        "template",
        "body",
    ]
    needed = [f for f in fields if f != "story_id"]
    query = select(*(articles.c[f] for f in needed), articles.c.search_text).order_by(
        articles.c.published_at, articles.c.id
    )
    for row in conn.execution_options(stream_results=True, yield_per=BATCH).execute(query):
        r = records.decode(dict(row._mapping))
        try:
            day = publication_day(r["published_at"])
        except ValueError:
            day = None
        names = list(dict.fromkeys(s.get("name") for s in r["quoted_sources"] or [] if s.get("name")))
        yield (
            r["published_at"],
            day.strftime("%Y-%m") if day else None,
            r["outlet"],
            r["article_id"],
            r["title"],
            r["section"],
            r["lang"],
            _json(r["authors"]),
            _json(r["tags"]),
            _json(names),
            r["url"],
            stories.story_id(r["outlet"], r["article_id"]),
            r["duplicate_of"],
            r["revision"],
            r["first_seen_at"],
            r["updated_at"],
            r["template"],
            r["body"],
            r["search_text"],
        )


def build_snapshot(conn: Connection, path: Path) -> int:
    """Write the snapshot of the archive ``conn`` reads to ``path`` (atomically: a temporary file
    beside it, renamed when complete); how many articles it holds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = archive_state(conn)
    stories = stories_mod.load(conn)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        out = sqlite3.connect(temp)
        try:
            out.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
            insert = (
                "INSERT INTO articles (published_at, month, outlet, article_id, title, section, lang, authors, tags,"
                " sources, url, story_id, duplicate_of, revision, first_seen_at, updated_at, template, body,"
                " search_text) VALUES (" + ", ".join("?" * 19) + ")"
            )
            batch: list[tuple] = []
            total = 0
            for row in _article_rows(conn, stories):
                batch.append(row)
                if len(batch) >= BATCH:
                    out.executemany(insert, batch)
                    total += len(batch)
                    batch = []
            out.executemany(insert, batch)
            total += len(batch)
            out.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
            out.executemany(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        s["story_id"],
                        s["size"],
                        _json(s["outlets"]),
                        s["first_outlet"],
                        s["first_published_at"],
                        s["first_url"],
                        s["title"],
                        _json(s["members"]),
                    )
                    for s in (stories_mod.story_record(sid, members) for sid, members in stories.in_order())
                ),
            )
            out.executemany(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_run_row(dict(r._mapping)) for r in conn.execute(select(*[c for c in runs.c if c.name != "stats"]))),
            )
            made = datetime.now(UTC).replace(microsecond=0).isoformat()
            out.executemany("INSERT INTO snapshot VALUES (?, ?)", [*state.items(), ("made_at", made)])
            out.commit()
            out.execute("VACUUM")
        finally:
            out.close()
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return total


def _run_row(run: dict[str, Any]) -> tuple:
    counts = json.loads(run["counts"] or "{}")
    return (
        run["id"],
        run["spider"],
        run["mode"],
        run["started_at"],
        run["finished_at"],
        run["exit_code"],
        run["status"],
        counts.get("stored"),
        counts.get("updated"),
        counts.get("errors"),
        counts.get("requests"),
        run["alarms"],
    )


def ensure_snapshot(conn: Connection, path: Path, rebuild: bool = False) -> tuple[bool, int | None]:
    """Rebuild the snapshot if the archive changed since it was taken (or ``rebuild``);
    ``(rebuilt, articles written)``."""
    if not rebuild and snapshot_state(path) == archive_state(conn):
        return False, None
    return True, build_snapshot(conn, path)


def metadata(archive: str) -> dict[str, Any]:
    """Datasette's metadata: titles, column descriptions, facets, the full-text table."""
    return {
        "title": "Syrian news archive",
        "description": (
            f"A read-only snapshot of {archive}. Search is normalised as the archive's: type a word "
            "with or without hamza, harakat or tatweel (ادلب finds إدلب); words in double quotes are a phrase."
        ),
        "databases": {
            DATABASE: {
                "tables": {
                    "articles": {
                        "title": "Articles",
                        "description": "One row per stored article. Facets: outlet, section, language, month.",
                        "columns": ARTICLE_COLUMNS,
                        "facets": ["outlet", "section", "lang", "month"],
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "sort_desc": "published_at",
                        "label_column": "title",
                    },
                    "stories": {
                        "title": "Stories across outlets",
                        "description": "Groups of copies (near-duplicates): who published first, who copied.",
                        "columns": STORY_COLUMNS,
                        "facets": ["first_outlet", "size"],
                        "sort_desc": "first_published_at",
                    },
                    "runs": {
                        "title": "Runs",
                        "description": "The run history: one row per crawl, reparse or canary run.",
                        "columns": RUN_COLUMNS,
                        "facets": ["spider", "status", "mode"],
                        "sort_desc": "started_at",
                    },
                    "snapshot": {"title": "About this snapshot", "hidden": True},
                    **{
                        name: {"hidden": True}
                        for name in (
                            "articles_fts",
                            "articles_fts_config",
                            "articles_fts_data",
                            "articles_fts_docsize",
                            "articles_fts_idx",
                        )
                    },
                }
            }
        },
    }


def datasette_command(path: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    """``datasette serve``: the snapshot immutable, the metadata, the Arabic search plugin."""
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "--immutable",
        str(path),
        "--metadata",
        str(metadata_file),
        "--plugins-dir",
        str(PLUGINS),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "truncate_cells_html",
        "300",
        "--setting",
        "default_page_size",
        "50",
        "--setting",
        "sql_time_limit_ms",
        "5000",
        "--setting",
        "facet_time_limit_ms",
        "1000",
    ]


def main(argv: list[str] | None = None) -> int:
    from crawler.archive.storage import archive_error_line, db_url_from_env
    from crawler.ops.lock import safe_url

    parser = argparse.ArgumentParser(prog="make browse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    parser.add_argument("--rebuild", action="store_true", help="take a new snapshot even if the archive did not change")
    args = parser.parse_args(argv)
    url = db_url_from_env()
    path = snapshot_path(url)
    try:
        store = records.open_archive(url)
        try:
            with store.engine.connect() as conn:
                print(f"archive {safe_url(url)}: checking the snapshot {path}", file=sys.stderr)
                rebuilt, count = ensure_snapshot(conn, path, args.rebuild)
        finally:
            store.close()
    except records.READ_ERRORS as exc:
        print(f"error: {archive_error_line(exc)}", file=sys.stderr)
        return 1
    print(f"snapshot {'taken: ' + str(count) + ' articles' if rebuilt else 'up to date'}", file=sys.stderr)
    metadata_file = path.with_suffix(".metadata.json")
    metadata_file.write_text(json.dumps(metadata(safe_url(url)), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"serving http://{args.host}:{args.port}/{DATABASE}/articles (read-only; Ctrl-C stops)", file=sys.stderr)
    command = datasette_command(path, metadata_file, args.host, args.port)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])))
    sys.stderr.flush()
    os.execve(command[0], command, env)  # the server is this process from now on (its pid, Ctrl-C)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
