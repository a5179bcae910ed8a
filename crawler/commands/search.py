"""``scrapy search "QUERY" [--outlet NAME] [--since DAY] [--until DAY] [--limit N]``: the best
hits of a full-text search of the archive, each as its publication day, outlet, title, URL and
a snippet of its text with the matching words marked ``[…]`` (crawler/readers/search.py).

The query is normalised as the index is (harakat and tatweel dropped, hamza and alef forms
folded, ى → ي, ة → ه): ``ادلب`` finds ``إدلب``. Every word must occur; ``"…"`` is a phrase.
Exit 0 with hits, 1 when nothing matches (or the archive cannot be read), 2 for usage errors."""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive.storage import archive_error_line
from crawler.commands import _reader
from crawler.readers import records
from crawler.readers import search as reader_search

DEFAULT_LIMIT = 10


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return '"QUERY" [--outlet NAME] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--limit N]'

    def short_desc(self) -> str:
        return "Full-text search of the archive (Arabic normalised): the best hits with a snippet"

    def add_options(self, parser):
        super().add_options(parser)
        _reader.one_line_errors(parser)
        parser.add_argument(
            "--outlet", action="append", default=[], metavar="NAME", help="only this outlet (repeatable)"
        )
        parser.add_argument("--since", default=None, metavar="YYYY-MM-DD", help="published on or after this day")
        parser.add_argument("--until", default=None, metavar="YYYY-MM-DD", help="published on or before this day")
        parser.add_argument(
            "--limit", default=str(DEFAULT_LIMIT), metavar="N", help=f"at most N hits ({DEFAULT_LIMIT})"
        )

    def run(self, args, opts):
        if not args:
            _reader.usage_exit('give a query: scrapy search "QUERY"')
        _reader.no_stray_arguments(args[1:])
        if not opts.limit.isdigit() or int(opts.limit) < 1:
            _reader.usage_exit(f"--limit takes a whole number of at least 1, not {opts.limit!r}")
        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            filters = records.Filters.parse(
                search=args[0],
                outlets=opts.outlet,
                since=opts.since,
                until=opts.until,
                known_outlets=_reader.known_outlets(self.settings),
            )
        except records.ReaderError as exc:
            _reader.usage_exit(str(exc))
        try:
            store = records.open_archive(_reader.archive_url(self.settings))
            try:
                with store.engine.connect() as conn:
                    found, total = reader_search.hits(conn, filters, int(opts.limit))
            finally:
                store.close()
        except records.READ_ERRORS as exc:
            print(f"error: {archive_error_line(exc)}", file=sys.stderr)
            self.exitcode = 1
            return
        searched = filters.query
        assert searched is not None
        as_searched = " ".join([*searched.words, *(f'"{" ".join(p)}"' for p in searched.phrases)])
        if not found:
            print(f"no article matches {args[0]!r} (searched as: {as_searched})", file=sys.stderr)
            self.exitcode = 1
            return
        for hit in found:
            print(f"{hit.day}  {hit.outlet}  {hit.title}")
            print(f"    {hit.url}")
            print(f"    {hit.snippet}")
            print()
        shown = f"the best {len(found)} shown" if len(found) < total else "all shown"
        print(
            f"{total} article{'s' if total != 1 else ''} match (searched as: {as_searched}); {shown}", file=sys.stderr
        )
        return
