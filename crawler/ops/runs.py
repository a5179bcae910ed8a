"""Run history: one row per run (cron, full, backfill, refresh, reparse, canary), in the same
database as the articles, so that "what did cron do since yesterday" has an answer:
``scrapy runs [SPIDER] [--since 24h]``.

Columns: spider, mode, arguments (JSON), start and end (UTC ISO 8601), exit code, status (OK,
DEGRADED, FAILED, LOCKED), counts (JSON: stored, updated, duplicates, unchanged, dropped by
reason, quarantined, not_found, errors, requests, spooled) and alarms (JSON, as in the SUMMARY).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, select

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("spider", String(64), nullable=False, index=True),
    Column("mode", String(32)),
    Column("arguments", Text),
    Column("started_at", String(40), nullable=False, index=True),
    Column("finished_at", String(40)),
    Column("exit_code", Integer),
    Column("status", String(16)),
    Column("counts", Text),
    Column("alarms", Text),
)

SINCE = re.compile(r"^(\d+)([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def ensure(engine: Engine) -> None:
    metadata.create_all(engine)


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
) -> int:
    ensure(engine)
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
    ensure(engine)
    query = select(runs).order_by(runs.c.started_at.desc(), runs.c.id.desc()).limit(limit)
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
                alarms,
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header) - 1)]
    return ["  ".join(v.ljust(w) for v, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1] for row in lines]
