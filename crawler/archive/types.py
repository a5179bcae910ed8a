"""Column types that are one thing to the code and the native thing to each database.

The storage interface reads and writes the same Python values on every backend: a moment is ISO
8601 text (``2023-11-12T13:05:00+03:00``), a list or object is JSON text. What the database keeps
differs:

- ``Timestamp``: SQLite keeps the text as written; PostgreSQL keeps a ``timestamptz`` (the
  instant; range queries and ordering by time are the server's) and gives it back as ISO text in
  the column's zone: ``Asia/Damascus`` for an article's own times (both outlets write Syrian local
  time, which is what crawler/extract/dates.py produces), UTC for the crawler's bookkeeping
  (``now_iso``). So an archive copied from SQLite to PostgreSQL and back reads the same.
- ``JSONText``: SQLite keeps the text; PostgreSQL a ``jsonb`` (queried with its operators and
  indexes). Read back as compact JSON text (``jsonb`` keeps neither key order nor spacing, so two
  backends agree on the parsed value, which is what ``crawler/archive/copy.py`` verifies).
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, Text
from sqlalchemy.dialects.postgresql import JSONB, TIMESTAMP
from sqlalchemy.types import TypeDecorator

ARTICLE_ZONE = "Asia/Damascus"
BOOKKEEPING_ZONE = "UTC"


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def to_moment(value: Any, zone: str = BOOKKEEPING_ZONE) -> datetime | None:
    """An ISO 8601 text or a datetime as an aware datetime (a naive one is in ``zone``)."""
    if value is None or value == "":
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        raise TypeError(f"not a moment: {type(value).__name__}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_zone(zone))


class Timestamp(TypeDecorator):
    """ISO 8601 text to the code; ``timestamptz`` on PostgreSQL, the text itself elsewhere."""

    impl = String(40)
    cache_ok = True

    def __init__(self, zone: str = BOOKKEEPING_ZONE):
        super().__init__()
        self.zone = zone

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TIMESTAMP(timezone=True))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "postgresql":
            return to_moment(value, self.zone)
        return value.isoformat() if isinstance(value, datetime) else value

    def process_result_value(self, value, dialect):
        if isinstance(value, datetime):
            return value.astimezone(_zone(self.zone)).isoformat()
        return value


class JSONText(TypeDecorator):
    """JSON text to the code; ``jsonb`` on PostgreSQL, the text itself elsewhere."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB(none_as_null=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "postgresql":
            return json.loads(value) if isinstance(value, str) else value
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value, dialect):
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)
