"""Step 2: comment-form text and page furniture out of ``body`` and ``title``.

The rules live in ``crawler/extract/boilerplate.py``; this step applies them to each record,
counts every removal as ``news/boilerplate/<kind>`` and drops a record whose body had text and
has none left (``news/dropped/empty_body_after_boilerplate``). A body that was empty on arrival
is left alone: that is the validate step's ``missing_body``, not a boilerplate matter.
"""

from __future__ import annotations

from itemadapter import ItemAdapter

from crawler.extract.boilerplate import clean_paragraphs, clean_title
from crawler.ops.drops import drop

STATS_PREFIX = "news/boilerplate/"


class BoilerplatePipeline:
    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def _count(self, counts) -> None:
        if self.stats is None:
            return
        for kind, n in counts.items():
            if n:
                self.stats.inc_value(STATS_PREFIX + kind, n)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        url = adapter.get("url") or adapter.get("fetched_url") or ""

        title = adapter.get("title")
        if title:
            new_title, counts = clean_title(title)
            self._count(counts)
            if new_title != title:
                adapter["title"] = new_title
            if not new_title.strip():  # never store a record with an empty title
                raise drop(self.stats, "empty_title_after_boilerplate", "the whole title was boilerplate", url)

        body = adapter.get("body")
        if body and body.strip():
            paragraphs, counts = clean_paragraphs(body.split("\n\n"))
            self._count(counts)
            new_body = "\n\n".join(paragraphs)
            if new_body != body:
                adapter["body"] = new_body
            if not new_body.strip():
                removed = ", ".join(f"{k}={n}" for k, n in sorted(counts.items()))
                raise drop(
                    self.stats,
                    "empty_body_after_boilerplate",
                    f"every paragraph of the body was boilerplate ({removed})",
                    url,
                )
        return item
