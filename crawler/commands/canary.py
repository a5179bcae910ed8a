"""``scrapy canary [SPIDER] [-a base_url=…]``: the daily check that catches a redesign, also of
a frozen archive: fetch each outlet's newest article and its newest stored article of each
template, extract them, print a field-by-field table against the template's floors, and exit
0 (OK), 1 (FAILED: no template, a required field missing, a page not fetched) or 3 (DEGRADED:
an optional field the template usually has is missing). Nothing is stored; a failing page is
quarantined, a run-history row is written (mode ``canary``) and a failing canary alerts like
any run (crawler/ops/canary.py). No run lock: it may run beside cron."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from crawler.archive.storage import db_url_from_env
from crawler.commands.crawl import Command as CrawlCommand
from crawler.commands.crawl import RunOf
from crawler.ops import canary

PIPELINES = {
    "crawler.ops.canary.CanaryPipeline": 50,
    "pipelines.validate.ValidatePipeline": 100,
    "crawler.ops.canary.StopAfterValidation": 990,
}


class Command(CrawlCommand):
    run_mode = "canary"

    def syntax(self) -> str:
        return "[options] [SPIDER]"

    def short_desc(self) -> str:
        return "Check each outlet's newest and stored-per-template articles against the parsers' floors"

    def process_options(self, args, opts):
        super().process_options(args, opts)
        assert self.settings is not None  # set by scrapy.cmdline before process_options
        self.settings.set("ITEM_PIPELINES", PIPELINES, priority="cmdline")
        opts.spargs = dict(opts.spargs or {}, canary="1")

    def run(self, args, opts):
        if len(args) > 1:
            self.usage_exit("", "give at most one spider name")
        assert self.settings is not None  # set by scrapy.cmdline before run
        assert self.crawler_process is not None  # likewise
        names = args or sorted(self.crawler_process.spider_loader.list())
        spargs = dict(opts.spargs or {})
        if "base_url" in spargs and len(names) > 1:
            self.usage_exit("", "base_url needs one spider name")
        for name in names:
            self.spider_class(name, spargs)
        db_url = self.settings.get("NEWS_DB_URL") or db_url_from_env()
        started = datetime.now(UTC)
        crawlers = []
        for name in names:
            crawler = self._create_crawler(name)
            self.crawler_process.crawl(crawler, **spargs)
            crawlers.append(crawler)
        self.crawler_process.start()
        for name, crawler in zip(names, crawlers, strict=True):
            lines, _, _ = canary.evaluate(
                name, getattr(crawler, "canary_results", []), canary.fetch_failures(crawler.stats.get_stats())
            )
            print(f"== canary {name}", file=sys.stderr)
            for line in lines:
                print("   " + line, file=sys.stderr)
            self.conclude(crawler, RunOf(name, spargs, started, db_url))
