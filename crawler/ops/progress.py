"""Progress of a run: a line every ``NEWS_PROGRESS_INTERVAL`` seconds (article pages done of
those requested, rate, ETA and the SUMMARY counts so far), the count of article pages done, the
most article pages waiting at once (``news/articles_waiting_peak``), and the time of the last
response, which the stall monitor (crawler/ops/monitors.py) reads."""

from __future__ import annotations

import logging
import time

from scrapy import signals
from twisted.internet import task

from crawler.ops.summary import summary_line

logger = logging.getLogger(__name__)


class Progress:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = crawler.settings.getfloat("NEWS_PROGRESS_INTERVAL", 30.0)
        self.started = time.monotonic()
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def spider_opened(self, spider):
        self.started = time.monotonic()
        self.stats.set_value("news/opened_at", time.time())
        if self.interval > 0:
            self.loop = task.LoopingCall(self.log_progress, spider)
            self.loop.start(self.interval, now=False)

    def spider_closed(self, spider, reason):
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def response_received(self, response, request, spider):
        self.stats.set_value("news/last_response_at", time.time())
        if request.meta.get("article_id"):
            self.stats.inc_value("news/article_pages_done")
        # article pages requested and not answered yet, at most: what a run holds in its queue
        # (bounded by crawler/spiders/pacing.py, whatever the archive's size)
        waiting = self.stats.get_value("news/articles_requested", 0) - self.stats.get_value(
            "news/article_pages_done", 0
        )
        self.stats.max_value("news/articles_waiting_peak", waiting)

    def progress(self) -> tuple[int, int, float, float | None]:
        requested = self.stats.get_value("news/articles_requested", 0)
        done = self.stats.get_value("news/article_pages_done", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        eta = (requested - done) / rate if rate > 0 and requested > done else None
        return done, requested, rate, eta

    def log_progress(self, spider):
        done, requested, rate, eta = self.progress()
        eta_text = f"{eta / 60:.1f} min" if eta is not None else "unknown"
        logger.info(
            "progress %s: %d/%d article pages (%.1f/min), ETA %s; %s",
            spider.name,
            done,
            requested,
            rate * 60,
            eta_text,
            summary_line(self.stats.get_stats()),
        )
