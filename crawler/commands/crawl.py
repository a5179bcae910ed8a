"""``scrapy crawl`` with an exit code that tells cron the truth.

Exit codes: 0 healthy run (also when nothing was new); 1 the run failed (see the SUMMARY
line's reasons); 2 usage error (Scrapy's own).

A crawl of a replica on this machine (``-a base_url=http://127.0.0.1:...``) runs without
AutoThrottle and download delay, since politeness is owed to the real sites only.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

LOOPBACK = ("127.", "localhost", "::1", "[::1]")


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; exit 1 when the run failed, 0 when healthy"

    def process_options(self, args, opts):
        super().process_options(args, opts)
        base_url = (opts.spargs or {}).get("base_url")
        host = urlsplit(base_url).hostname or "" if base_url else ""
        if host.startswith(LOOPBACK) or host == "localhost":
            self.settings.set("AUTOTHROTTLE_ENABLED", False, priority="project")
            self.settings.set("DOWNLOAD_DELAY", 0, priority="project")

    def run(self, args, opts):
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats.get_value("news/run_failed"):
            self.exitcode = 1
