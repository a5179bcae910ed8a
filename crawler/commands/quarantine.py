"""``scrapy quarantine [SPIDER]``: the quarantined pages, one line each: URL, reason, outlet,
id, templates tried, first and last seen (crawler/ops/quarantine.py). Exit 0; 2 for usage."""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive.storage import ARCHIVE_ERRORS, archive_error_line, db_url_from_env, opened
from crawler.ops import quarantine


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[SPIDER]"

    def short_desc(self) -> str:
        return "List the quarantined pages (URL, reason, templates tried, first/last seen)"

    def run(self, args, opts):
        if len(args) > 1:
            print("error: give at most one spider name", file=sys.stderr)
            self.exitcode = 2
            return
        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            with opened(self.settings.get("NEWS_DB_URL") or db_url_from_env()) as store:
                found = quarantine.rows(store.engine, args[0] if args else None)
        except ARCHIVE_ERRORS as exc:
            print(f"error: {archive_error_line(exc)}", file=sys.stderr)
            self.exitcode = 1
            return
        for line in quarantine.format_rows(found):
            print(line)
        print(f"{len(found)} quarantined page(s)" + (f" of {args[0]}" if args else ""), file=sys.stderr)
