"""Step 1: a record is complete and well-formed before anything else looks at it.

Drops (counted as ``news/dropped/missing_<field>`` / ``bad_url``) records without the fields
every article has; counts empty optional fields (``news/empty_field/<field>``) so that a change
of markup shows in the stats and the closing summary instead of being stored silently.
"""
from __future__ import annotations

from itemadapter import ItemAdapter

from crawler.drops import drop
from crawler.extract.text import unique
from crawler.extract.urls import TRACKING_PARAMS
from urllib.parse import parse_qsl, urlsplit

REQUIRED = ("outlet", "article_id", "url", "title", "body")
WATCHED = ("published_at", "authors", "section", "lang")


class ValidatePipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        url = adapter.get("url") or adapter.get("fetched_url") or ""
        for name in REQUIRED:
            if not adapter.get(name):
                raise drop(self.stats, f"missing_{name}", f"record has no {name}", url)
        parts = urlsplit(adapter["url"])
        hosts = getattr(spider, "hosts", ())
        if parts.scheme != "https" or (hosts and (parts.hostname or "").removeprefix("www.") not in hosts) \
                or any(TRACKING_PARAMS.match(k) for k, _ in parse_qsl(parts.query)):
            raise drop(self.stats, "bad_url", f"url is not the outlet's canonical URL: {adapter['url']}", url)
        for name in ("authors", "tags", "images"):
            adapter[name] = unique(adapter.get(name) or [])
        for name in WATCHED:
            if not adapter.get(name):
                self.stats.inc_value(f"news/empty_field/{name}")
        return item
