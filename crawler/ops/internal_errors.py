"""Errors that no part of the crawler accounted for: an ERROR logged by Scrapy, Twisted or
asyncio themselves (a request the scheduler could not queue, an exception inside a pipeline,
a task that died) is counted as ``news/errors/internal``, with a sample, and fails the run
(crawler/ops/monitors.py). Our own modules log errors only for what they also count, so they
are not counted twice."""

from __future__ import annotations

import logging

from scrapy import signals

OURS = ("crawler", "pipelines", "spidermon", "settings")


class _Counter(logging.Handler):
    def __init__(self, stats, own: tuple[str, ...]):
        super().__init__(level=logging.ERROR)
        self.stats, self.own = stats, own

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in self.own:
            return
        self.stats.inc_value("news/errors/internal")
        if not self.stats.get_value("news/samples/internal"):
            # the exception, not the message: Scrapy's message can quote a whole record
            if record.exc_info and record.exc_info[1] is not None:
                what = f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
            else:
                what = (record.getMessage().splitlines() or [""])[0]
            self.stats.set_value("news/samples/internal", [f"{record.name}: {what[:200]}"])


class InternalErrorCounter:
    def __init__(self, crawler):
        self.crawler = crawler
        self.handler: _Counter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider):
        self.handler = _Counter(self.crawler.stats, (*OURS, spider.name))
        logging.getLogger().addHandler(self.handler)

    def engine_stopped(self):
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)
