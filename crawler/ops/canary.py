"""The canary: a daily field-by-field check of each outlet against its parsers' floors.

A frozen archive (Orient News) never shows a redesign to cron, since cron fetches nothing new;
the canary fetches the outlet's newest article and the newest stored article of each template
(``-a canary=1``, crawler/spiders/base.py), extracts them and compares every field with the
template's floors (``required_fields``, ``expected_share`` in crawler/parsers/base.py). The
anchor is Fundus's daily publisher-coverage run. Nothing is stored; a page that matches no
template or lacks a required field is quarantined as in any run (the validate step), so a
parser fix can recover it with ``scrapy reparse --quarantined``.

The verdict is the close suite's (``CanaryMonitor`` in crawler/ops/monitors.py, so a failing
canary alerts like any run): FAILED when a page matched no template, lacked a required field or could not be
fetched; DEGRADED when a record lacks an optional field the template usually has (share ≥ 0.5);
OK otherwise. ``scrapy canary`` prints the table and exits 0, 1 or 3 accordingly.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.items import PageFailure
from crawler.ops.coverage import floors, present

COLUMNS = ("title", "body", "published_at", "url", "lang", "authors", "section", "tags", "images")


class CanaryPipeline:
    """First in the canary's pipelines: keeps a copy of every record and page failure, with the
    check it answers, on the crawler (``crawler.canary_results``)."""

    def __init__(self, crawler):
        self.results = crawler.canary_results = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        label = getattr(item, "_canary", "?")
        if isinstance(item, PageFailure):
            self.results.append({"label": label, "failure": item.reason, "url": item.url, "template": "-"})
        else:
            self.results.append(
                {"label": label, "record": ItemAdapter(item).asdict(), "url": item.url, "template": item.template}
            )
        return item


class StopAfterValidation:
    """Last in the canary's pipelines: a checked record goes no further (nothing is stored)."""

    def process_item(self, item, spider=None):
        raise DropItem("canary: checked, not stored", log_level="DEBUG")


def fetch_failures(stats: dict) -> int:
    """Canary pages that could not be fetched (an error after retries, or a stored page now 404)."""
    return (
        stats.get("news/errors/fetch_failed", 0)
        + stats.get("news/article_404", 0)
        + stats.get("news/canary/no_newest", 0)
    )


def evaluate(outlet: str, results: list[dict], fetch_failed: int = 0) -> tuple[list[str], str, list[dict]]:
    """(table lines, verdict, alarms) for one outlet's canary results."""
    alarms: list[dict] = []
    header = ("check", "template", *COLUMNS)
    rows: list[tuple[str, ...]] = [header]
    for res in sorted(results, key=lambda r: (not r["label"].startswith("newest"), r["label"])):
        if "failure" in res:
            rows.append((res["label"], "-", f"NO TEMPLATE: {res['failure']}"))
            alarms.append(
                {
                    "level": "FAILED",
                    "reason": "canary_unmatched",
                    "urls": [res["url"]],
                    "message": f"{outlet} canary {res['label']}: {res['failure']}",
                }
            )
            continue
        record, cls = res["record"], floors(outlet, res["template"])
        cells = []
        for name in COLUMNS:
            if present(record.get(name)):
                cells.append("ok")
            elif name in cls.required_fields:
                cells.append("MISSING")
                alarms.append(
                    {
                        "level": "FAILED",
                        "reason": "canary_required",
                        "urls": [res["url"]],
                        "message": f"{outlet}/{res['template']} canary {res['label']}: {name} missing (required)",
                    }
                )
            elif cls.expected_share.get(name, 0) >= 0.5:
                cells.append(f"missing<{cls.expected_share[name]:.0%}")
                alarms.append(
                    {
                        "level": "DEGRADED",
                        "reason": "canary_optional",
                        "urls": [res["url"]],
                        "message": f"{outlet}/{res['template']} canary {res['label']}: {name} missing "
                        f"(expected on {cls.expected_share[name]:.0%})",
                    }
                )
            else:
                cells.append("-")
        rows.append((res["label"], res["template"], *cells))
    if not results or fetch_failed:
        alarms.append(
            {
                "level": "FAILED",
                "reason": "canary_fetch",
                "urls": [],
                "message": f"{outlet} canary: {len(results)} pages checked, {fetch_failed} fetches failed",
            }
        )
    widths = [max(len(r[i]) for r in rows if len(r) > i and len(r) == len(header)) for i in range(len(header))]
    lines = []
    for row in rows:
        if len(row) == len(header):
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        else:
            lines.append("  ".join(row))
    levels = {a["level"] for a in alarms}
    verdict = "FAILED" if "FAILED" in levels else "DEGRADED" if levels else "OK"
    return lines, verdict, alarms
