"""Step 1: a record is complete and well-formed before anything else looks at it.

Spidermon's ``ItemValidationPipeline`` checks every record against the article's JSON Schema
(``crawler/schema/article.json``: title, body, a minute-exact ``published_at``, an https URL…;
its counts land in ``spidermon/validation/*``). Before that this step counts each record's
fields per outlet × template (crawler/ops/coverage.py) for the close-of-run coverage floors.

Nothing that fails is stored and nothing is lost: a record that fails the schema or is not on
the outlet's own host, and a page that matched no template (a ``PageFailure`` from the spider),
is dropped as ``news/dropped/quarantined`` with the reason, and ``QuarantineKeeper``
(crawler/ops/quarantine.py) keeps its raw bytes for ``scrapy reparse --quarantined``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from itemadapter import ItemAdapter
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.validation import JSONSchemaValidator
from spidermon.contrib.validation.jsonschema.tools import get_schema_from

from crawler.extract.text import unique
from crawler.extract.urls import TRACKING_PARAMS
from crawler.items import PageFailure
from crawler.ops import coverage
from crawler.ops.drops import drop

SCHEMA = Path(__file__).resolve().parent.parent / "crawler" / "schema" / "article.json"


class ValidatePipeline(ItemValidationPipeline):
    def __init__(self, stats):
        super().__init__(
            {"Item": [JSONSchemaValidator(get_schema_from(str(SCHEMA)))]}, stats, drop_items_with_errors=True
        )
        self.news_stats = stats
        self.hosts: tuple[str, ...] = ()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def open_spider(self, spider=None):
        self.hosts = getattr(spider, "hosts", ())

    def find_validators(self, item):
        return self.validators["Item"]

    def process_item(self, item, spider=None):
        if isinstance(item, PageFailure):
            self.news_stats.inc_value(f"news/unmatched/{item.outlet}")
            coverage.add_sample(self.news_stats, f"unmatched/{item.outlet}", item.url)
            raise self.quarantine(item.url, item.reason)
        adapter = ItemAdapter(item)
        for name in ("authors", "tags", "images"):
            adapter[name] = unique(adapter.get(name) or [])
        coverage.count(self.news_stats, adapter)
        self._current = adapter
        super().process_item(item, spider)
        url = adapter["url"]
        parts = urlsplit(url)
        hosts = self.hosts or getattr(spider, "hosts", ())
        if (hosts and (parts.hostname or "").removeprefix("www.") not in hosts) or any(
            TRACKING_PARAMS.match(k) for k, _ in parse_qsl(parts.query)
        ):
            self._invalid(adapter, "url")
            raise self.quarantine(url, f"invalid: url is not the outlet's canonical URL: {url}")
        return item

    def _drop_item(self, item, errors):
        """Spidermon's hook for a record with schema errors: quarantine it, naming the fields."""
        self.stats.add_dropped_item()
        for name in errors:
            self._invalid(self._current, name)
        detail = "; ".join(f"{name}: {', '.join(messages)}" for name, messages in sorted(errors.items()))
        raise self.quarantine(self._current.get("url") or "", f"invalid: {detail}")

    def _invalid(self, adapter, name: str) -> None:
        outlet, template = adapter.get("outlet") or "?", adapter.get("template") or "?"
        self.news_stats.inc_value(f"news/invalid/{outlet}/{template}/{name}")
        coverage.add_sample(self.news_stats, f"invalid/{outlet}/{template}/{name}", adapter.get("url") or "")

    def quarantine(self, url: str, reason: str):
        return drop(self.news_stats, "quarantined", reason, url, quarantine=reason)
