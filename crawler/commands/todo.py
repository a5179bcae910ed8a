"""``scrapy todo [SPIDER] [--given-up]``: the to-do, one line per item (crawler/ops/todo.py): what
earlier runs could not fetch and later runs retry, given-up items first, then by next try. Each
line: URL, ``next try …`` or ``GIVEN UP …``, the last reason, then outlet, kind (article id),
tries, first and last failure. Exit 0; 2 for usage, 1 when the database is unavailable."""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive.storage import ARCHIVE_ERRORS, archive_error_line, db_url_from_env, opened
from crawler.ops import todo


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[SPIDER] [--given-up]"

    def short_desc(self) -> str:
        return "List the to-do: pages earlier runs could not fetch (retried by later runs) and those given up"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--given-up", action="store_true", help="only the items given up (no longer retried)")

    def run(self, args, opts):
        if len(args) > 1:
            print("error: give at most one spider name", file=sys.stderr)
            self.exitcode = 2
            return
        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            with opened(self.settings.get("NEWS_DB_URL") or db_url_from_env()) as store:
                found = todo.rows(store.engine, args[0] if args else None, given_up_only=opts.given_up)
        except ARCHIVE_ERRORS as exc:
            print(f"error: {archive_error_line(exc)}", file=sys.stderr)
            self.exitcode = 1
            return
        for line in todo.format_rows(found):
            print(line)
        given_up = sum(1 for r in found if r["given_up_at"])
        print(f"{len(found)} on the to-do ({given_up} given up)" + (f" of {args[0]}" if args else ""), file=sys.stderr)
