"""Field coverage per outlet × template, and the floors it is held to.

The validate step counts, for every record a parser produced, which fields it carries
(``news/coverage/<outlet>/<template>/items`` and ``…/fields/<field>``); an empty string, an
empty list or None counts as missing. The floors are declared by each parser class
(``required_fields``, ``expected_share`` in crawler/parsers/base.py) and checked at the close of
the run (crawler/ops/monitors.py) and by ``scrapy canary``:

- a required field missing from any record: FAILED (the record itself is quarantined);
- an optional field under its expected share, in a run with at least ``NEWS_COVERAGE_MIN_ITEMS``
  records of the template: DEGRADED;
- an optional field that the outlet's stored records of the template carry (share at least
  ``NEWS_DEGRADED_HISTORY_MIN``, 0.5) and this run's carry at less than ``NEWS_DEGRADED_RATIO``
  (0.5) of that share: DEGRADED (authors on 95 % of the stored records, 0 % of this run's).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scrapy.statscollectors import StatsCollector
from sqlalchemy import Engine, select

from crawler.archive.storage import articles
from crawler.parsers.base import ArticleParser, template_class

PREFIX = "news/coverage/"
SAMPLES = "news/samples/"
SAMPLE_LIMIT = 3
#: the fields whose coverage is counted
FIELDS = (
    "url",
    "title",
    "body",
    "published_at",
    "lang",
    "modified_at",
    "authors",
    "section",
    "tags",
    "images",
    "videos",
    "quoted_sources",
)


def present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict, set)):
        return bool(value)
    return True


def add_sample(stats: StatsCollector, key: str, url: str) -> None:
    """Keep up to three sample URLs under ``news/samples/<key>`` (stats values are dumped as JSON)."""
    samples = stats.get_value(SAMPLES + key) or []
    if url and url not in samples and len(samples) < SAMPLE_LIMIT:
        stats.set_value(SAMPLES + key, [*samples, url])


def samples(stats: dict[str, Any], key: str) -> list[str]:
    return list(stats.get(SAMPLES + key) or [])


def count(stats: StatsCollector, record: Mapping[str, Any]) -> None:
    """Count one record's fields under its outlet and template."""
    outlet, template = record.get("outlet") or "?", record.get("template") or "?"
    base = f"{PREFIX}{outlet}/{template}/"
    stats.inc_value(base + "items")
    for name in FIELDS:
        if present(record.get(name)):
            stats.inc_value(base + "fields/" + name)
        else:
            add_sample(stats, f"missing/{outlet}/{template}/{name}", record.get("url") or "")


def table(stats: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(outlet, template): {"items": n, "fields": {field: n}}}`` from the stats."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for key, value in stats.items():
        if not key.startswith(PREFIX):
            continue
        parts = key[len(PREFIX) :].split("/")
        entry = out.setdefault((parts[0], parts[1]), {"items": 0, "fields": {}})
        if parts[2] == "items":
            entry["items"] = value
        elif parts[2] == "fields":
            entry["fields"][parts[3]] = value
    return out


@dataclass
class Shortfall:
    level: str  # FAILED or DEGRADED
    outlet: str
    template: str
    field: str
    have: int
    items: int
    why: str  # required | expected share 0.8 | stored history 0.95
    urls: list[str]

    def text(self) -> str:
        return f"{self.outlet}/{self.template}: {self.field} {self.have}/{self.items} ({self.why})"


def floors(outlet: str, template: str) -> type[ArticleParser]:
    """The parser class whose floors apply (the base class's defaults for an unknown template)."""
    return template_class(outlet, template) or ArticleParser


def shortfalls(
    stats: dict[str, Any],
    *,
    min_items: int = 5,
    history: Callable[[str, str], dict[str, float]] | None = None,
    history_min: float = 0.5,
    ratio: float = 0.5,
) -> list[Shortfall]:
    """Every field of every template of this run that is under its floor. ``history`` is a
    function ``(outlet, template) -> {field: share}`` over the stored records (or None)."""
    found: list[Shortfall] = []
    for (outlet, template), entry in sorted(table(stats).items()):
        items, have = entry["items"], entry["fields"]
        cls = floors(outlet, template)
        for name in cls.required_fields:
            if have.get(name, 0) < items:
                found.append(
                    Shortfall(
                        "FAILED",
                        outlet,
                        template,
                        name,
                        have.get(name, 0),
                        items,
                        "required",
                        samples(stats, f"missing/{outlet}/{template}/{name}"),
                    )
                )
        if items < min_items:
            continue
        past = history(outlet, template) if history else {}
        for name, expected in cls.expected_share.items():
            share = have.get(name, 0) / items
            urls = samples(stats, f"missing/{outlet}/{template}/{name}")
            if name in past and past[name] >= history_min and share < past[name] * ratio:
                why = f"fell from {past[name]:.0%} of the stored records"
            elif share < expected:
                why = f"expected share {expected:.0%}"
            else:
                continue
            found.append(Shortfall("DEGRADED", outlet, template, name, have.get(name, 0), items, why, urls))
    return found


def stored_shares(
    engine: Engine, outlet: str, template: str, before: str, limit: int = 500, min_records: int = 10
) -> dict[str, float]:
    """Share of each optional field among the newest ``limit`` stored records of a template
    that this run did not write (``updated_at`` before the run started); {} when there are
    fewer than ``min_records``. Bounded, so the check costs the same at any archive size."""
    names = ("authors", "section", "tags", "images", "videos", "lang", "modified_at")
    cols = [getattr(articles.c, n) for n in names]
    query = (
        select(*cols)
        .where(articles.c.outlet == outlet, articles.c.template == template, articles.c.updated_at < before)
        .order_by(articles.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        found = conn.execute(query).fetchall()
    if len(found) < min_records:
        return {}
    shares: dict[str, float] = {}
    for i, name in enumerate(names):
        values = [json.loads(r[i]) if name in ("authors", "tags", "images", "videos") and r[i] else r[i] for r in found]
        shares[name] = sum(1 for v in values if present(v)) / len(found)
    return shares
