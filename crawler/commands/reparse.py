"""``scrapy reparse <spider> [--quarantined]``: re-extract stored raw pages with the current
parsers, without network, and send the records through the pipelines (a changed record updates
its row and counts a revision; an unchanged one is left alone). With ``--quarantined``: only
the quarantined pages; those whose record now passes are stored and leave the quarantine, the
rest stay. Same lock, run history, SUMMARY and exit codes as ``scrapy crawl``."""

from __future__ import annotations

from crawler.commands.crawl import Command as CrawlCommand


class Command(CrawlCommand):
    def short_desc(self) -> str:
        return "Re-extract stored (or --quarantined) raw pages with the current parsers (no network)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument(
            "--quarantined", action="store_true", help="only the quarantined pages (after a parser fix)"
        )

    def process_options(self, args, opts):
        super().process_options(args, opts)
        opts.spargs = dict(opts.spargs or {}, reparse="quarantined" if opts.quarantined else "1")
