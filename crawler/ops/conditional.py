"""Conditional requests for discovery pages (feeds, listings, sitemaps) in cron runs.

A request with ``meta["conditional"] = True`` gets ``If-None-Match`` / ``If-Modified-Since``
from the validators stored by an earlier run; a ``304 Not Modified`` answer is passed to the
callback (which has nothing to do) and counted as ``news/not_modified``.

Validators only for what was used: a page's validators are written at the close only if that
page was read in full and everything it listed (articles, further pages, records) ended stored,
unchanged, known, quarantined or on the to-do (crawler/ops/todo.py, ``RunPages``). A page whose
fetch or callback failed, that a spider found unusable (``discovery_failed``), or under which
something was neither done nor on the to-do (the run stopped first, a record was lost) keeps
its old validators, so the next run reads it in full rather than be told "not modified". When
the run counted an error no page accounts for, no validator is written at all; likewise when
the to-do did not follow the run (``scrapy parse``): then only a run that did not fail writes them.
"""

from __future__ import annotations

import logging

from scrapy import signals

from crawler.archive.storage import storage_for
from crawler.ops import crawlstate
from crawler.ops.todo import todo_for

logger = logging.getLogger(__name__)


class ConditionalRequestMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("NEWS_CONDITIONAL_REQUESTS", True)
        self.seen: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def _url(self, request) -> str:
        spider = self.crawler.spider
        return spider.real_url(request.url) if hasattr(spider, "real_url") else request.url

    def process_request(self, request, spider=None):
        if not self.enabled or not request.meta.get("conditional"):
            return
        # asked per page (a primary-key lookup): a run never holds every page's validators
        etag, last_modified = crawlstate.validators_of(storage_for(self.crawler).engine, self._url(request))
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
        keeper = todo_for(self.crawler)
        if not keeper.active:
            usable = {} if self.crawler.stats.get_value("news/run_failed") else dict(self.seen)
        elif unaccounted := keeper.unaccounted_errors():
            logger.info("%d errors on no page's account: no HTTP validator saved", unaccounted)
            usable = {}
        else:
            usable = {url: v for url, v in self.seen.items() if keeper.page_used(url)}
        if len(usable) < len(self.seen):
            self.crawler.stats.set_value("news/validators_withheld", len(self.seen) - len(usable))
            logger.info(
                "%d of %d HTTP validators not saved (pages not read in full, or what they listed not all "
                "stored or on the to-do): the next run fetches those pages in full",
                len(self.seen) - len(usable),
                len(self.seen),
            )
        if usable:
            crawlstate.save_validators(storage_for(self.crawler).engine, usable)
