"""The end of a distributed crawl: every worker's report made into the crawl's verdict, stats and
run-history counts (one row for the crawl, with each worker's counts under ``workers``).

A worker's report: ``{"verdict", "alarms", "stats", "finished"}`` (``finished``: it closed
because the crawl was over, not because it was stopped or failed on its own).
"""

from __future__ import annotations

from typing import Any

from crawler.ops.summary import counts

ORDER = ("OK", "DEGRADED", "FAILED")


def crawl_verdict(reports: dict[str, dict[str, Any]]) -> str:
    """The worst verdict of any worker (OK when every worker said OK)."""
    verdict = "OK"
    for report in reports.values():
        got = str(report.get("verdict")) if report.get("verdict") in ORDER else "FAILED"
        verdict = max(verdict, got, key=ORDER.index)
    return verdict


def merged_stats(reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Numbers summed over the workers; any other value as the first worker had it."""
    merged: dict[str, Any] = {}
    for report in reports.values():
        for key, value in (report.get("stats") or {}).items():
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number and isinstance(merged.get(key, 0), int | float):
                merged[key] = merged.get(key, 0) + value
            else:
                merged.setdefault(key, value)
    merged["news/distributed/workers"] = len(reports)
    return merged


def merged_alarms(reports: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each worker's alarms once (two workers raising the same one say it once). A worker lost
    mid-crawl raises none by itself (its leased requests went back on the queue and the others
    fetched them); it shows as ``LOST`` in ``worker_counts``."""
    seen: set[tuple[str, str]] = set()
    alarms: list[dict[str, Any]] = []
    for worker, report in sorted(reports.items()):
        for alarm in report.get("alarms") or []:
            key = (alarm.get("reason", ""), alarm.get("message", ""))
            if key not in seen:
                seen.add(key)
                alarms.append(dict(alarm, worker=worker))
    return alarms


def worker_counts(reports: dict[str, dict[str, Any]], lost: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {
        w: dict(counts(r.get("stats") or {}), verdict=r.get("verdict")) for w, r in reports.items()
    }
    for worker in lost:
        found[worker] = {"verdict": "LOST"}
    return dict(sorted(found.items()))
