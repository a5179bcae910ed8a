"""Conditional requests for discovery pages (feeds, listings, sitemaps) in cron runs.

A request with ``meta["conditional"] = True`` gets ``If-None-Match`` / ``If-Modified-Since``
from the validators stored by an earlier run; a ``304 Not Modified`` answer is passed to the
callback (which has nothing to do) and counted as ``news/not_modified``.

Validators seen in this run are written only when the run closes healthy: if a run dies
after fetching a feed but before storing the articles it lists, the next run must fetch the
feed again rather than be told "not modified".
"""

from __future__ import annotations

import logging

from scrapy import signals

from crawler.archive.storage import storage_for
from crawler.ops import crawlstate

logger = logging.getLogger(__name__)


class ConditionalRequestMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("NEWS_CONDITIONAL_REQUESTS", True)
        self.known: dict[str, tuple[str | None, str | None]] | None = None
        self.seen: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def _load(self) -> dict:
        if self.known is None:
            self.known = crawlstate.load_validators(storage_for(self.crawler).engine)
        return self.known

    def _url(self, request) -> str:
        spider = self.crawler.spider
        return spider.real_url(request.url) if hasattr(spider, "real_url") else request.url

    def process_request(self, request, spider=None):
        if not self.enabled or not request.meta.get("conditional"):
            return
        etag, last_modified = self._load().get(self._url(request), (None, None))
        if etag:
            request.headers.setdefault("If-None-Match", etag)
        if last_modified:
            request.headers.setdefault("If-Modified-Since", last_modified)
        return

    def process_response(self, request, response, spider=None):
        if not self.enabled or not request.meta.get("conditional"):
            return response
        if response.status == 304:
            self.crawler.stats.inc_value("news/not_modified")
        elif response.status == 200:
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
            if etag or last_modified:
                self.seen[self._url(request)] = (
                    etag.decode("latin-1") if etag else None,
                    last_modified.decode("latin-1") if last_modified else None,
                )
        return response

    def spider_closed(self, spider, reason):
        if not self.seen:
            return
        if self.crawler.stats.get_value("news/run_failed"):
            logger.info(
                "run failed: %d HTTP validators not saved, the next run fetches those pages in full", len(self.seen)
            )
            return
        crawlstate.save_validators(storage_for(self.crawler).engine, self.seen)
