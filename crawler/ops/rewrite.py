"""``ReplicaRewriteMiddleware`` (downloader): with ``-a base_url=http://127.0.0.1:PORT`` every
request to the outlet's own hosts — including redirects and robots.txt — goes to that base
instead, keeping path and query. Records keep the real canonical URLs."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler


class ReplicaRewriteMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplicaRewriteMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> Request | None:
        rewriter = getattr(spider or self.crawler.spider, "rewriter", None)
        if rewriter is None or not rewriter.base_url:
            return None
        target = rewriter.to_fetch(request.url)
        if target != request.url:
            return request.replace(url=target)
        return None
