"""What the crawler remembers between runs besides the articles themselves, in the same
database: HTTP validators of discovery pages (``http_validators``) and listed articles that
answered 404 or 410 (``gone_articles``).

**404 is not forever.** A new article often goes out in a feed before its page is live, so one
404 proves nothing. A listed article that answers 404 is noted here (first and last 404, how many
runs saw it) and put on the to-do (crawler/ops/todo.py), which retries it on later runs; it is
*gone* only once it has answered 404 on ``NEWS_GONE_AFTER_TRIES`` (3) runs spread over at least
``NEWS_GONE_AFTER_HOURS`` (24) hours. A 410 is gone at once. Gone articles (``gone_at`` set) are
not fetched again by cron runs (deleted articles stay listed in sitemaps; a run asks about the
articles it meets, crawler/archive/known.py, and never loads the table); a full run, a backfill
or a refresh does fetch them, and one that answers again is forgotten here and stored.

The tables are crawler/archive/schema.py's. Rows of an archive made before ``tries`` existed (one
404 each, remembered as gone at once; migration 0001 adds the columns empty) become pending again
and are retried like a fresh 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from crawler.archive.schema import gone_articles, http_validators
from crawler.archive.storage import now_iso, take_turns


@dataclass(frozen=True)
class GoneRule:
    """When a listed article answering 404 counts as gone (settings ``NEWS_GONE_AFTER_*``)."""

    tries: int = 3
    hours: float = 24.0

    @classmethod
    def from_settings(cls, settings) -> GoneRule:
        return cls(
            tries=max(1, settings.getint("NEWS_GONE_AFTER_TRIES", 3)),
            hours=max(0.0, settings.getfloat("NEWS_GONE_AFTER_HOURS", 24.0)),
        )


def load_validators(engine) -> dict[str, tuple[str | None, str | None]]:
    """Every stored validator (for a look at the table; a crawl asks ``validators_of`` per page)."""
    with engine.connect() as conn:
        return {r.url: (r.etag, r.last_modified) for r in conn.execute(select(http_validators))}


def validators_of(engine, url: str) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified stored for one page, ``(None, None)`` if none: one primary-key
    lookup per conditional request, so a run never holds the table."""
    query = select(http_validators.c.etag, http_validators.c.last_modified).where(http_validators.c.url == url)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return (row.etag, row.last_modified) if row is not None else (None, None)


def save_validators(engine, seen: dict[str, tuple[str | None, str | None]]) -> None:
    stamp = now_iso()
    with engine.begin() as conn:
        take_turns(conn, "http_validators")  # delete-then-insert: one writer at a time
        for url, (etag, last_modified) in seen.items():
            conn.execute(http_validators.delete().where(http_validators.c.url == url))
            conn.execute(
                http_validators.insert().values(url=url, etag=etag, last_modified=last_modified, updated_at=stamp)
            )


def load_not_found(engine, outlet: str) -> dict[str, dict]:
    """The outlet's articles that answered 404 but do not count as gone yet, by id."""
    query = select(gone_articles).where(gone_articles.c.outlet == outlet, gone_articles.c.gone_at.is_(None))
    with engine.connect() as conn:
        return {r.article_id: dict(r._mapping) for r in conn.execute(query)}


def _hours_between(first: str, last: str) -> float:
    try:
        return (datetime.fromisoformat(last) - datetime.fromisoformat(first)) / timedelta(hours=1)
    except (TypeError, ValueError):
        return 0.0


def note_not_found(
    engine, outlet: str, article_id: str, url: str, status: int, rule: GoneRule, now: str | None = None
) -> dict:
    """Note one run's 404 (or 410) of a listed article; the row after it, with ``gone`` (bool):
    a 410 is gone at once, a 404 once it has answered 404 on ``rule.tries`` runs spread over at
    least ``rule.hours`` hours (counted from ``first_seen``). A row of an older version (no
    ``tries``) counts as one 404 at its ``seen_at``."""
    now = now or now_iso()
    key = (gone_articles.c.outlet == outlet, gone_articles.c.article_id == article_id)
    with engine.begin() as conn:
        take_turns(conn, f"gone:{outlet}/{article_id}")  # one row, tries counted once per run
        row = conn.execute(select(gone_articles).where(*key)).first()
        old = dict(row._mapping) if row is not None else {}
        tries = (old.get("tries") or (1 if old else 0)) + 1
        first = old.get("first_seen") or old.get("seen_at") or now
        gone_at = old.get("gone_at")
        if gone_at is None and (status == 410 or (tries >= rule.tries and _hours_between(first, now) >= rule.hours)):
            gone_at = now
        values = dict(
            outlet=outlet,
            article_id=article_id,
            url=url,
            status=status,
            seen_at=now,
            first_seen=first,
            tries=tries,
            gone_at=gone_at,
        )
        conn.execute(gone_articles.delete().where(*key))
        conn.execute(gone_articles.insert().values(**values))
    return dict(values, gone=gone_at is not None)


def forget_gone(engine, outlet: str, article_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            gone_articles.delete().where(gone_articles.c.outlet == outlet, gone_articles.c.article_id == article_id)
        )
