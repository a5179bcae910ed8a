"""``scrapy db status|upgrade|copy``: the archive's schema and its moves.

- ``scrapy db status``: the archive's schema revision (``NEWS_DB_URL``) and the one this crawler
  writes; exit 0 when they agree, 1 when the archive must be upgraded (or cannot be reached).
- ``scrapy db upgrade``: brings the archive to the newest revision in place (Alembic migrations,
  crawler/archive/migrations/); an archive made before the migrations is adopted as it is, its
  missing columns added. Runs refuse to write into an archive that is behind.
- ``scrapy db copy SRC_URL DST_URL [--batch N] [--pause S]``: the whole archive into an empty
  database, in batches, resumable after a kill, verified by counts and content hashes
  (crawler/archive/copy.py); exit 0 only when every table matches.

Errors are one line (the database URL with its password masked); usage errors exit 2.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from sqlalchemy.exc import SQLAlchemyError

from crawler.archive import schema
from crawler.archive.copy import DEFAULT_BATCH, CopyRefused, copy_archive
from crawler.archive.storage import archive_error_line, db_url_from_env, engine_for_migrations
from crawler.ops.lock import safe_url
from crawler.ops.paths import project_db_url

ACTIONS = ("status", "upgrade", "copy")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "status | upgrade | copy SRC_URL DST_URL [--batch N] [--pause SECONDS]"

    def short_desc(self) -> str:
        return "The archive's schema: status, upgrade (migrations), copy to another database (verified)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help=f"rows per batch (copy; {DEFAULT_BATCH})")
        parser.add_argument("--pause", type=float, default=0.0, help="seconds between two batches (copy; 0)")

    def run(self, args, opts):
        if not args or args[0] not in ACTIONS:
            return self.usage(f"give one of {', '.join(ACTIONS)}")
        action = args[0]
        if action != "copy" and len(args) != 1:
            return self.usage(f"db {action} takes no argument (the archive is NEWS_DB_URL)")
        if action == "copy" and len(args) != 3:
            return self.usage("db copy takes SRC_URL DST_URL")
        if opts.batch < 1 or opts.pause < 0:
            return self.usage("--batch must be at least 1 and --pause not negative")
        assert self.settings is not None  # set by scrapy.cmdline before run
        url = project_db_url(self.settings.get("NEWS_DB_URL") or db_url_from_env())
        try:
            if action == "status":
                return self.status(url)
            if action == "upgrade":
                return self.upgrade(url)
            return self.copy(project_db_url(args[1]), project_db_url(args[2]), opts.batch, opts.pause)
        except (SQLAlchemyError, schema.SchemaError, CopyRefused, OSError) as exc:
            print(f"error: {archive_error_line(exc)}", file=sys.stderr)
            self.exitcode = 1
            return None

    def status(self, url: str) -> None:
        engine = engine_for_migrations(url)
        try:
            revision = schema.current(engine)
        finally:
            engine.dispose()
        head = schema.head()
        state = "empty (made at the newest revision by the first run)" if revision is None else revision
        print(f"archive {safe_url(url)}: schema {state}; this crawler writes {head}")
        if revision is not None and revision != head:
            print("run `scrapy db upgrade` to bring it up to date", file=sys.stderr)
            self.exitcode = 1

    def upgrade(self, url: str) -> None:
        engine = engine_for_migrations(url)
        try:
            before, head = schema.upgrade(engine)
        finally:
            engine.dispose()
        if before == head:
            print(f"archive {safe_url(url)}: already at {head}")
        else:
            print(f"archive {safe_url(url)}: upgraded from {before or 'empty'} to {head}")

    def copy(self, src: str, dst: str, batch: int, pause: float) -> None:
        print(f"copying {safe_url(src)} -> {safe_url(dst)}", file=sys.stderr)
        checks = copy_archive(src, dst, batch=batch, pause=pause, say=lambda line: print(line, file=sys.stderr))
        bad = [c for c in checks if not c.ok]
        for check in checks:
            mark = "ok" if check.ok else "MISMATCH"
            print(f"{check.table}: {check.source_rows} rows -> {check.dest_rows} rows, hash {mark}")
        if bad:
            print(f"error: copy not verified: {', '.join(c.table for c in bad)} differ", file=sys.stderr)
            self.exitcode = 1
        else:
            print(f"copy verified: {sum(c.dest_rows for c in checks)} rows in {len(checks)} tables")

    def usage(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = 2
