"""``scrapy reparse <spider> [--quarantined | --from-warc DIR]``: re-extract stored raw pages with the
current parsers, without network, and send the records through the pipelines (a changed record
updates its row and counts a revision; an unchanged one is left alone). With ``--quarantined``: only
the quarantined pages; those whose record now passes are stored and leave the quarantine, the rest
stay. With ``--from-warc DIR``: the article responses of the WARC files under DIR (the newest capture
of each article; ``NewsSpider.warc_pages``) instead of the stored pages, e.g. into a new database.
Same lock, run history, SUMMARY and exit codes as ``scrapy crawl``."""

from __future__ import annotations

from crawler.commands.crawl import Command as CrawlCommand
from crawler.spiders.arguments import warc_source


class Command(CrawlCommand):
    def short_desc(self) -> str:
        return (
            "Re-extract stored (or --quarantined, or --from-warc DIR) raw pages with the current parsers (no network)"
        )

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument(
            "--quarantined", action="store_true", help="only the quarantined pages (after a parser fix)"
        )
        parser.add_argument(
            "--from-warc",
            metavar="DIR",
            dest="from_warc",
            help="the article responses of the WARC files under DIR (a folder, or one .warc.gz), not the database's pages",
        )

    def process_options(self, args, opts):
        super().process_options(args, opts)
        spargs = dict(opts.spargs or {}, reparse="quarantined" if opts.quarantined else "1")
        if opts.from_warc is not None:
            if opts.quarantined:
                self.usage_exit(args[0] if args else "", "--from-warc and --quarantined exclude each other")
            try:
                warc_source(opts.from_warc)
            except ValueError as exc:
                self.usage_exit(args[0] if args else "", f"--from-warc {exc}")
            spargs["from_warc"] = opts.from_warc
        opts.spargs = spargs
