"""The run's verdict, its exit code and the one SUMMARY line every run ends with.

Exit codes (README "Exit codes"): 0 OK · 1 FAILED · 2 usage error · 3 DEGRADED (everything
found was stored, but an optional field fell under its floor or against the stored history:
look at the parser before the archive thins out) · 75 LOCKED (another run of the same spider
holds the lock on the same database; nothing done).

The verdict is written into the stats by the close-of-run monitor suite
(crawler/ops/monitors.py: ``news/verdict``, ``news/alarms``); the command prints the SUMMARY
line last, on stderr, whatever the log level:

    SUMMARY orient_news: stored=2 updated=0 duplicates=0 unchanged=0 dropped={quarantined: 9} quarantined=9
    not_found=0 errors=0 requests=47 — FAILED (unmatched_template): orient_news: 9 pages matched
    no template (tried current, classic), e.g. https://…

When not zero, the line also gives ``spooled=``/``replayed=`` (crawler/archive/spool.py),
``retried=N recovered=M`` (to-do items this run fetched again / that left the to-do), ``todo=K``
(still on the to-do after the run), ``given_up=G`` (crawler/ops/todo.py) and ``silent_edits=S``
(articles whose text changed while their modified time did not; ``scrapy history``).
"""

from __future__ import annotations

from typing import Any

from crawler.ops.drops import DROP_PREFIX

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DEGRADED, EXIT_LOCKED = 0, 1, 2, 3, 75
EXIT_CODES = {
    "OK": EXIT_OK,
    "FAILED": EXIT_FAILED,
    "USAGE": EXIT_USAGE,
    "DEGRADED": EXIT_DEGRADED,
    "LOCKED": EXIT_LOCKED,
}


#: error keys that total others (a failed article fetch is also counted under its kind)
TOTALS = ("news/errors/fetch_failed", "news/errors/article_fetch_failed")


def dropped(stats: dict[str, Any]) -> dict[str, int]:
    return {k[len(DROP_PREFIX) :]: v for k, v in stats.items() if k.startswith(DROP_PREFIX)}


def counts(stats: dict[str, Any]) -> dict[str, Any]:
    """The run's numbers, as the SUMMARY line and the run history give them."""
    drops = dropped(stats)
    return {
        "stored": stats.get("news/stored/inserted", 0),
        "updated": stats.get("news/stored/updated", 0),
        "duplicates": stats.get("news/near_duplicates", 0),
        "unchanged": drops.get("already_stored", 0),
        "dropped": {k: v for k, v in sorted(drops.items()) if k != "already_stored"},
        "quarantined": drops.get("quarantined", 0),
        "not_found": stats.get("news/article_404", 0),
        "errors": sum(v for k, v in stats.items() if k.startswith("news/errors/") and k not in TOTALS),
        "requests": stats.get("downloader/request_count", 0),
        "spooled": stats.get("news/storage/spooled", 0),
        "replayed": stats.get("news/storage/replayed", 0),
        "retried": stats.get("news/todo/retried", 0),
        "recovered": stats.get("news/todo/recovered", 0),
        "todo": stats.get("news/todo/left", 0),
        "given_up": stats.get("news/todo/given_up", 0),
        "silent_edits": stats.get("news/silent_edits", 0),
    }


def summary_line(stats: dict[str, Any]) -> str:
    c = counts(stats)
    parts = [
        f"stored={c['stored']}",
        f"updated={c['updated']}",
        f"duplicates={c['duplicates']}",
        f"unchanged={c['unchanged']}",
        "dropped={" + ", ".join(f"{k}: {v}" for k, v in c["dropped"].items()) + "}",
        f"quarantined={c['quarantined']}",
        f"not_found={c['not_found']}",
        f"errors={c['errors']}",
        f"requests={c['requests']}",
    ]
    if c["spooled"]:
        parts.append(f"spooled={c['spooled']}")
    if c["replayed"]:
        parts.append(f"replayed={c['replayed']}")
    if c["retried"] or c["recovered"]:
        parts.append(f"retried={c['retried']} recovered={c['recovered']}")
    if c["todo"]:
        parts.append(f"todo={c['todo']}")
    if c["given_up"]:
        parts.append(f"given_up={c['given_up']}")
    if c["silent_edits"]:
        parts.append(f"silent_edits={c['silent_edits']}")
    if stats.get("news/browser_requests"):
        parts.append(f"browser_requests={stats['news/browser_requests']}")
    return " ".join(parts)


def verdict_text(verdict: str, alarms: list[dict[str, Any]]) -> str:
    if not alarms:
        return verdict
    reasons = ", ".join(dict.fromkeys(a["reason"] for a in alarms))
    detail = "; ".join(a["message"] + (", e.g. " + " ".join(a["urls"]) if a.get("urls") else "") for a in alarms)
    return f"{verdict} ({reasons}): {detail}"


def full_line(spider: str, stats: dict[str, Any], verdict: str, alarms: list[dict[str, Any]]) -> str:
    return f"SUMMARY {spider}: {summary_line(stats)} — {verdict_text(verdict, alarms)}"


def not_started_line(spider: str, verdict: str, why: str) -> str:
    """For a run that never started: a usage error or the lock held by another run."""
    return f"SUMMARY {spider or '-'}: not started — {verdict} ({why})"
