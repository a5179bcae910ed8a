"""Step 3: store each article once.

Identity is outlet + article id (spiders derive the id from every URL form: slugs, shortlinks,
AMP, ``utm_*``, ``www.``/http variants). The state lives in the database, not in memory, so a
later run, another process or a restart knows what is stored:

- a known article whose record is unchanged is not written again (``news/dropped/already_stored``);
- a known article that changed (later ``modified_at`` or different content) goes on to storage,
  which updates its row and counts a revision (``news/stored/updated``).
"""
from __future__ import annotations

import hashlib
import unicodedata

from itemadapter import ItemAdapter

from crawler.drops import drop
from crawler.items import VOLATILE_FIELDS
from crawler.storage import RECORD_FIELDS, storage_for


def content_hash(title: str, body: str) -> str:
    text = unicodedata.normalize("NFC", f"{title}\n\n{body}")
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def record_changed(new: dict, stored: dict) -> bool:
    """True when any non-volatile field differs (a parser fix shows up as a change too)."""
    return any(new.get(k) != stored.get(k) for k in RECORD_FIELDS if k not in VOLATILE_FIELDS)


class DedupePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        adapter["content_hash"] = content_hash(adapter["title"], adapter["body"])
        stored = storage_for(self.crawler).get(adapter["outlet"], adapter["article_id"])
        if stored is not None:
            new = adapter.asdict()
            if not record_changed(new, stored):
                raise drop(self.stats, "already_stored", "unchanged since last stored", adapter["url"])
            self.stats.inc_value("news/revisions")
        return item
