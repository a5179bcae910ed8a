"""``OffsiteRedirectMiddleware`` (downloader): redirects stay on the outlet, downloads stay small.

- A redirect (HTTP 3xx or a meta refresh) is followed only to the outlet's own hosts (the
  spider's ``hosts``, with ``www.`` and any subdomain) and, in a crawl of a replica
  (``-a base_url=...``), to that replica (same host and port). Any other target is not fetched:
  the request fails with ``OffsiteRedirect`` (an ``IgnoreRequest``: not an error, the spider's
  errback lets it go), counted as ``news/offsite_redirects`` and logged once, as a warning with
  where it came from.
- A response bigger than ``DOWNLOAD_MAXSIZE`` is cancelled by Scrapy's download handler with a
  generic ``DownloadCancelledError``; it becomes ``ResponseTooLarge`` here, which the spider's
  errback counts as ``news/errors/too_large`` (an error of the run: the page is not stored).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

logger = logging.getLogger(__name__)

MAXSIZE_MESSAGE = "larger than download max size"  # scrapy.utils._download_handlers.get_maxsize_msg


class OffsiteRedirect(IgnoreRequest):
    """A redirect to a host outside the outlet (and its replica): not followed."""


class ResponseTooLarge(Exception):
    """The response was bigger than ``DOWNLOAD_MAXSIZE`` (or the request's ``download_maxsize``)."""


def _port(parts) -> int | None:
    try:
        return parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None


def redirect_allowed(url: str, hosts: tuple[str, ...] | frozenset[str], base_url: str | None = None) -> bool:
    """Whether a redirect to ``url`` stays on the outlet (``hosts``) or on the replica at ``base_url``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return False
    if base_url:
        base = urlsplit(base_url)
        if host == (base.hostname or "").lower() and _port(parts) == _port(base):
            return True
    return any(host == own or host.endswith("." + own) for own in hosts)


class OffsiteRedirectMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsiteRedirectMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        came_from = request.meta.get("redirect_urls")
        if not came_from:
            return
        spider = spider or self.crawler.spider
        hosts = tuple(h.lower() for h in getattr(spider, "hosts", ()) or ())
        if not hosts:
            return  # a spider that names no hosts of its own: nothing to hold it to
        base_url = getattr(spider, "base_url", None)
        if redirect_allowed(request.url, hosts, base_url):
            return
        assert self.crawler.stats is not None  # set before any request is made
        self.crawler.stats.inc_value("news/offsite_redirects")
        source = came_from[0]
        rewriter = getattr(spider, "rewriter", None)
        if rewriter is not None:
            source = rewriter.to_real(source)
        if request.url not in self.logged:
            self.logged.add(request.url)
            logger.warning("redirect to another host not followed: %s -> %s", source, request.url)
        raise OffsiteRedirect(f"redirect to another host not followed: {source} -> {request.url}")

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        if isinstance(exception, DownloadCancelledError) and MAXSIZE_MESSAGE in str(exception):
            raise ResponseTooLarge(f"response larger than DOWNLOAD_MAXSIZE, not downloaded: {exception}") from exception
