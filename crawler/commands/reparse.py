"""``scrapy reparse <spider>``: re-extract every stored raw page with the current parsers,
without network, and send the records through the pipelines (a changed record updates its
row and counts a revision; an unchanged one is left alone). Same lock and exit codes as
``scrapy crawl``."""
from __future__ import annotations

from crawler.commands.crawl import Command as CrawlCommand


class Command(CrawlCommand):
    def short_desc(self) -> str:
        return "Re-extract stored raw pages with the current parsers (no network)"

    def process_options(self, args, opts):
        super().process_options(args, opts)
        opts.spargs = dict(opts.spargs or {}, reparse="1")
