"""Middlewares shared by every outlet spider.

- ``ReplicaRewriteMiddleware`` (downloader): with ``-a base_url=http://127.0.0.1:PORT`` every
  request to the outlet's own hosts — including redirects and robots.txt — goes to that base
  instead, keeping path and query. Records keep the real canonical URLs.
- ``RawPageArchiveMiddleware`` (spider): every article page (a response whose request carries
  ``meta["article_id"]``) is kept compressed in the ``pages`` table, parsed or not, so a parser
  fix can re-extract it later without fetching again.
"""
from __future__ import annotations

import logging

from crawler.storage import storage_for

logger = logging.getLogger(__name__)


class ReplicaRewriteMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        rewriter = getattr(spider or self.crawler.spider, "rewriter", None)
        if rewriter is None or not rewriter.base_url:
            return None
        target = rewriter.to_fetch(request.url)
        if target != request.url:
            return request.replace(url=target)
        return None


class RawPageArchiveMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result, spider=None):
        self._archive(response, spider or self.crawler.spider)
        yield from result

    async def process_spider_output_async(self, response, result, spider=None):
        self._archive(response, spider or self.crawler.spider)
        async for item in result:
            yield item

    def _archive(self, response, spider) -> None:
        article_id = response.meta.get("article_id")
        if not article_id or response.meta.get("archive_raw") is False:
            return
        real_url = spider.rewriter.to_real(response.url) if getattr(spider, "rewriter", None) else response.url
        try:
            storage_for(self.crawler).save_page(
                spider.name, str(article_id), real_url, response.body, status=response.status,
                encoding=getattr(response, "encoding", None),
                content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None)
            self.crawler.stats.inc_value("news/raw_pages_archived")
        except Exception as exc:  # archiving must never cost us the article itself
            logger.error("could not archive raw page %s: %s", real_url, exc)
            self.crawler.stats.inc_value("news/errors/raw_archive")
