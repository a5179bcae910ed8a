"""``scrapy runs [SPIDER] [--since 24h]``: the run history as a table, newest first — what cron
did since yesterday (crawler/ops/runs.py). ``--since`` takes 30m, 24h, 7d, 2w or an ISO date.

``scrapy runs [SPIDER] --stats ID`` prints the full stats of one run (the ``run`` column of the
table) as JSON; ``--stats last`` those of the newest run (of SPIDER, if given)."""

from __future__ import annotations

import json
import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive.storage import ARCHIVE_ERRORS, archive_error_line, db_url_from_env, opened
from crawler.ops import runs


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[SPIDER] [--since 24h] [--stats ID|last]"

    def short_desc(self) -> str:
        return "Show the run history (newest first): status, exit code, counts, alarms; or one run's stats"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--since", default=None, help="only runs started since: 30m, 24h, 7d, 2w or a date")
        parser.add_argument("--limit", type=int, default=200, help="at most this many rows (200)")
        parser.add_argument(
            "--stats", default=None, metavar="ID", help="print the full stats of run ID (or 'last') as JSON"
        )

    def run(self, args, opts):
        if len(args) > 1:
            return self.usage("give at most one spider name")
        if opts.stats is not None:
            return self.show_stats(args[0] if args else None, opts.stats)
        try:
            since = runs.parse_since(opts.since) if opts.since else None
        except ValueError:
            return self.usage(f"--since takes 30m, 24h, 7d, 2w or an ISO date, not {opts.since!r}")
        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            with opened(self.settings.get("NEWS_DB_URL") or db_url_from_env()) as store:
                found = runs.history(store.engine, args[0] if args else None, since, opts.limit)
        except ARCHIVE_ERRORS as exc:
            print(f"error: {archive_error_line(exc)}", file=sys.stderr)
            self.exitcode = 1
            return None
        for line in runs.table(found):
            print(line)
        return None

    def show_stats(self, spider: str | None, which: str) -> None:
        if which != "last" and not which.isdigit():
            return self.usage(f"--stats takes a run number (the run column of scrapy runs) or 'last', not {which!r}")
        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            with opened(self.settings.get("NEWS_DB_URL") or db_url_from_env()) as store:
                found = runs.run_stats(store.engine, None if which == "last" else int(which), spider)
        except ARCHIVE_ERRORS as exc:
            print(f"error: {archive_error_line(exc)}", file=sys.stderr)
            self.exitcode = 1
            return None
        if found is None or (spider and found["spider"] != spider):
            print(f"error: no run {which}" + (f" of {spider}" if spider else ""), file=sys.stderr)
            self.exitcode = 1
            return None
        if found["stats"] is None:
            print(f"error: run {found['run']} was recorded before stats were kept", file=sys.stderr)
            self.exitcode = 1
            return None
        print(json.dumps(found["stats"], ensure_ascii=False, indent=1, sort_keys=True))
        return None

    def usage(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = 2
