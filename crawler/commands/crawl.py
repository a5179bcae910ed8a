"""``scrapy crawl`` with a run lock and an exit code that tells cron the truth.

Exit codes: 0 healthy run (also when nothing was new); 1 the run failed (the SUMMARY line
gives the reasons); 2 usage error (Scrapy's own); 75 another run of the same spider holds the
lock on the same database (nothing was done; try again later).

A crawl of a replica on this machine (``-a base_url=http://127.0.0.1:...``) runs without
AutoThrottle and download delay, since politeness is owed to the real sites only.
"""
from __future__ import annotations

import sys
from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.lock import EXIT_LOCKED, LockedError, RunLock
from crawler.storage import db_url_from_env

LOOPBACK = ("127.", "localhost", "::1", "[::1]")


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; exit 1 when the run failed, 75 when another run holds the lock, 0 when healthy"

    def process_options(self, args, opts):
        super().process_options(args, opts)
        base_url = (opts.spargs or {}).get("base_url")
        host = (urlsplit(base_url).hostname or "") if base_url else ""
        if host.startswith(LOOPBACK):
            self.settings.set("AUTOTHROTTLE_ENABLED", False, priority="project")
            self.settings.set("DOWNLOAD_DELAY", 0, priority="project")

    def run(self, args, opts):
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        spider = args[0]
        db_url = self.settings.get("NEWS_DB_URL") or db_url_from_env()
        lock = RunLock(spider, db_url, self.settings.get("NEWS_LOCK_DIR") or "data/locks")
        try:
            lock.acquire()
        except LockedError as exc:
            print(f"not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        try:
            crawler = self._create_crawler(spider)
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            lock.release()
        if self.crawler_process.bootstrap_failed or crawler.stats.get_value("news/run_failed"):
            self.exitcode = 1
