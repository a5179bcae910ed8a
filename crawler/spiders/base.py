"""What every outlet spider shares: the replica base URL, one request per article id, and
error handling that counts and explains (404 logged and counted; 403 fails the run)."""
from __future__ import annotations

import logging

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError, ConnectionRefusedError

from crawler.extract.urls import HostRewriter, strip_tracking

logger = logging.getLogger(__name__)


class NewsSpider(scrapy.Spider):
    #: the outlet's own hosts (without ``www.``) and the origin of its canonical URLs
    hosts: tuple[str, ...] = ()
    origin: str = ""

    def __init__(self, *args, base_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = base_url
        self.rewriter = HostRewriter(self.hosts, self.origin, base_url)
        self.requested_ids: set[str] = set()

    # -- URLs -------------------------------------------------------------------------------------
    def real_url(self, url: str) -> str:
        """The outlet's own URL for a fetched (possibly replica) URL, tracking removed."""
        return strip_tracking(self.rewriter.to_real(url))

    def absolute_real(self, response, href: str) -> str:
        return self.real_url(response.urljoin(href))

    # -- requests ---------------------------------------------------------------------------------
    def request(self, url: str, callback, **meta) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    def article_request(self, url: str, article_id: str, **meta) -> scrapy.Request | None:
        """One request per article id per run, whatever URL form it was listed under."""
        self.crawler.stats.inc_value("news/articles_listed")
        if article_id in self.requested_ids:
            return None
        self.requested_ids.add(article_id)
        self.crawler.stats.inc_value("news/articles_requested")
        return self.request(url, self.parse_article, article_id=article_id, hint_url=url, **meta)

    def parse_article(self, response):  # pragma: no cover - each outlet defines it
        raise NotImplementedError

    # -- failures ---------------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
        url = self.real_url(request.url)
        is_article = bool(request.meta.get("article_id"))
        stats = self.crawler.stats
        if failure.check(HttpError):
            status = failure.value.response.status
            if status == 404 and is_article:
                stats.inc_value("news/article_404")
                logger.warning("listed article answers 404, not stored: %s", url)
                return
            if status in (401, 403):
                self.fatal("forbidden", f"HTTP {status} from {url}: the site refuses this crawler (blocked or WAF); nothing more can be fetched")
                return
            kind = f"http_{status}"
        elif failure.check(DNSLookupError, ConnectionRefusedError, TimeoutError, TCPTimedOutError) or \
                any(word in type(failure.value).__name__ for word in ("DNS", "Resolve", "Connection", "Timeout")):
            kind = "unreachable"
        else:
            kind = type(failure.value).__name__
        stats.inc_value(f"news/errors/{kind}")
        stats.inc_value("news/errors/fetch_failed")
        if is_article:
            stats.inc_value("news/errors/article_fetch_failed")
        logger.error("fetch failed (%s) after retries: %s — %s", kind, url, failure.getErrorMessage())
        self.on_fetch_failed(request, kind)

    def on_fetch_failed(self, request, kind: str) -> None:
        """Hook for spiders that can fall back (e.g. a disabled API)."""

    def fatal(self, reason: str, message: str) -> None:
        self.crawler.stats.inc_value(f"news/fatal/{reason}")
        logger.error("FATAL %s: %s", reason, message)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))
