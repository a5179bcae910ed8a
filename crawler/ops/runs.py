"""Run history: one row per run (cron, full, backfill, refresh, reparse, canary), in the same
database as the articles, so that "what did cron do since yesterday" has an answer:
``scrapy runs [SPIDER] [--since 24h]``.

Columns: spider, mode, arguments (JSON), start and end (UTC ISO 8601), exit code, status (OK,
DEGRADED, FAILED, LOCKED), counts (JSON: stored, updated, duplicates, unchanged, dropped by
reason, quarantined, not_found, errors, requests, spooled), alarms (JSON, as in the SUMMARY) and
stats (JSON: every Scrapy and ``news/*`` stat of the run, datetimes in ISO 8601, plus
``news/verdict`` and ``news/exit_code``; ``scrapy runs --stats ID``), so each run keeps its own
numbers instead of one overwritten file.

The table is crawler/archive/schema.py's (``runs``), its changes are migrations.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from crawler.archive.schema import runs

SINCE = re.compile(r"^(\d+)([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    return str(value)


def stats_json(stats: dict[str, Any], **extra: Any) -> str:
    """A run's stats as JSON (datetimes ISO 8601, keys sorted), with ``extra`` keys added."""
    return json.dumps(dict(stats, **extra), ensure_ascii=False, default=_jsonable, indent=1, sort_keys=True)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def record(
    engine: Engine,
    *,
    spider: str,
    mode: str,
    arguments: dict[str, Any],
    started: datetime,
    finished: datetime,
    exit_code: int,
    status: str,
    counts: dict[str, Any],
    alarms: list[dict[str, Any]],
    stats: dict[str, Any] | None = None,
) -> int:
    with engine.begin() as conn:
        result = conn.execute(
            runs.insert().values(
                spider=spider,
                mode=mode,
                arguments=json.dumps(arguments, ensure_ascii=False, sort_keys=True),
                started_at=iso(started),
                finished_at=iso(finished),
                exit_code=exit_code,
                status=status,
                counts=json.dumps(counts, ensure_ascii=False),
                alarms=json.dumps(alarms, ensure_ascii=False),
                stats=None if stats is None else stats_json(stats),
            )
        )
        key = result.inserted_primary_key
        assert key is not None  # a single-row INSERT always reports the key it gave the row
        run_id: int = key[0]
        return run_id


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``24h``, ``30m``, ``7d``, ``2w`` or a date/time (ISO 8601); ValueError otherwise."""
    now = now or datetime.now(UTC)
    m = SINCE.match(text.strip())
    if m:
        return now - timedelta(**{UNITS[m.group(2)]: int(m.group(1))})
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def history(
    engine: Engine, spider: str | None = None, since: datetime | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Rows newest first, counts and alarms decoded."""
    query = (
        select(*[c for c in runs.c if c.name != "stats"])
        .order_by(runs.c.started_at.desc(), runs.c.id.desc())
        .limit(limit)
    )
    if spider:
        query = query.where(runs.c.spider == spider)
    if since:
        query = query.where(runs.c.started_at >= iso(since))
    with engine.connect() as conn:
        found = [dict(r._mapping) for r in conn.execute(query)]
    for row in found:
        row["counts"] = json.loads(row["counts"] or "{}")
        row["alarms"] = json.loads(row["alarms"] or "[]")
        row["arguments"] = json.loads(row["arguments"] or "{}")
    return found


def run_stats(engine: Engine, run_id: int | None = None, spider: str | None = None) -> dict[str, Any] | None:
    """``{"run": id, "spider", "started_at", "status", "stats": {...}}`` of run ``run_id`` (None:
    the newest run, of ``spider`` if given); None when there is no such run. ``stats`` is None
    for a run recorded before the stats were kept."""
    query = select(runs.c.id, runs.c.spider, runs.c.started_at, runs.c.status, runs.c.stats)
    if run_id is not None:
        query = query.where(runs.c.id == run_id)
    else:
        query = query.order_by(runs.c.started_at.desc(), runs.c.id.desc()).limit(1)
        if spider:
            query = query.where(runs.c.spider == spider)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    return {
        "run": row.id,
        "spider": row.spider,
        "started_at": row.started_at,
        "status": row.status,
        "stats": json.loads(row.stats) if row.stats else None,
    }


def table(found: list[dict[str, Any]]) -> list[str]:
    """The rows as an aligned text table (``scrapy runs``)."""
    header = (
        "started (UTC)",
        "secs",
        "spider",
        "mode",
        "status",
        "exit",
        "stored",
        "updated",
        "quarantined",
        "dropped",
        "errors",
        "requests",
        "run",
        "alarms",
    )
    lines = [header]
    for r in found:
        c = r["counts"]
        try:
            secs = str(
                int(
                    (datetime.fromisoformat(r["finished_at"]) - datetime.fromisoformat(r["started_at"])).total_seconds()
                )
            )
        except (TypeError, ValueError):
            secs = "-"
        dropped = sum(v for k, v in (c.get("dropped") or {}).items() if k != "quarantined")
        alarms = "; ".join(a.get("message", "") for a in r["alarms"]) or "-"
        lines.append(
            (
                r["started_at"][:19].replace("T", " "),
                secs,
                r["spider"],
                r["mode"] or "-",
                r["status"] or "-",
                str(r["exit_code"]),
                str(c.get("stored", 0)),
                str(c.get("updated", 0)),
                str(c.get("quarantined", 0)),
                str(dropped),
                str(c.get("errors", 0)),
                str(c.get("requests", 0)),
                str(r["id"]),
                alarms,
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header) - 1)]
    return ["  ".join(v.ljust(w) for v, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1] for row in lines]
