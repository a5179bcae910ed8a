"""Storage: one interface, SQL backends through SQLAlchemy Core.

SQLite is the default (``data/news.db``, WAL mode, no set-up); ``NEWS_DB_URL`` selects another
database (``sqlite:///path.db``; ``postgresql://...`` uses the same code and dialect-native
upserts). Tables:

- ``articles``: one row per article, unique on (outlet, article_id); columns named as the
  record's fields (lists as JSON text) plus ``duplicate_of``, ``revision``, ``first_seen_at``,
  ``updated_at``;
- ``pages``: each article page's raw bytes, zlib-compressed, so records can be re-extracted
  (``reparse``) without fetching again.
"""
from __future__ import annotations

import json
import os
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from itemadapter import ItemAdapter
from sqlalchemy import (Column, Integer, LargeBinary, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, event, select, func)
from sqlalchemy.engine import Engine

from crawler.items import JSON_FIELDS, Article

DEFAULT_DB_URL = "sqlite:///data/news.db"

metadata = MetaData()

RECORD_COLUMNS = [
    Column("outlet", String(64), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("fetched_url", Text),
    Column("lang", String(8)),
    Column("title", Text),
    Column("body", Text),
    Column("published_at", String(40)),
    Column("published_at_raw", Text),
    Column("modified_at", String(40)),
    Column("authors", Text),
    Column("section", Text),
    Column("tags", Text),
    Column("images", Text),
    Column("videos", Text),
    Column("quoted_sources", Text),
    Column("content_hash", String(64)),
    Column("template", String(32)),
    Column("scraped_at", String(40)),
    Column("duplicate_of", Text),
]

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *RECORD_COLUMNS,
    Column("revision", Integer, nullable=False, default=1),
    Column("first_seen_at", String(40)),
    Column("updated_at", String(40)),
    UniqueConstraint("outlet", "article_id", name="uq_articles_outlet_article"),
)

pages = Table(
    "pages", metadata,
    Column("outlet", String(64), primary_key=True),
    Column("article_id", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("status", Integer),
    Column("encoding", String(40)),
    Column("content_type", Text),
    Column("fetched_at", String(40)),
    Column("body_zlib", LargeBinary),
)

RECORD_FIELDS = [c.name for c in RECORD_COLUMNS]


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def db_url_from_env(default: str = DEFAULT_DB_URL) -> str:
    return os.environ.get("NEWS_DB_URL") or default


def to_row(item) -> dict[str, Any]:
    data = ItemAdapter(item).asdict()
    row = {}
    for name in RECORD_FIELDS:
        value = data.get(name)
        row[name] = json.dumps(value, ensure_ascii=False) if name in JSON_FIELDS else value
    return row


def from_row(row) -> dict[str, Any]:
    data = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    for name in JSON_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = json.loads(data[name])
    return data


def to_article(row) -> Article:
    data = from_row(row)
    return Article(**{k: data[k] for k in RECORD_FIELDS if k in data})


class SQLStorage:
    """The storage interface. Every method is one short transaction, so another process
    (a second crawl, ``reparse``, a reader) sees committed state at once."""

    def __init__(self, url: str = DEFAULT_DB_URL):
        self.url = url
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///"):]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _insert(self, table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    # -- articles -------------------------------------------------------------------------------
    def get(self, outlet: str, article_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.outlet == outlet, articles.c.article_id == article_id)).first()
        return from_row(row) if row else None

    def known(self, outlet: str) -> dict[str, dict]:
        """``article_id -> {url, modified_at, content_hash}`` for one outlet (cron runs use it
        to skip what is stored)."""
        cols = [articles.c.article_id, articles.c.url, articles.c.modified_at, articles.c.published_at, articles.c.content_hash]
        with self.engine.connect() as conn:
            return {r.article_id: dict(r._mapping) for r in conn.execute(select(*cols).where(articles.c.outlet == outlet))}

    def upsert(self, item) -> str:
        """Insert the record or update its row; returns ``inserted`` or ``updated``."""
        row = to_row(item)
        stamp = now_iso()
        with self.engine.begin() as conn:
            exists = conn.execute(select(articles.c.id).where(
                articles.c.outlet == row["outlet"], articles.c.article_id == row["article_id"])).first()
            stmt = self._insert(articles).values(**row, revision=1, first_seen_at=stamp, updated_at=stamp)
            stmt = stmt.on_conflict_do_update(
                index_elements=["outlet", "article_id"],
                set_={**{k: stmt.excluded[k] for k in RECORD_FIELDS}, "updated_at": stamp,
                      "revision": articles.c.revision + 1},
            )
            conn.execute(stmt)
        return "updated" if exists else "inserted"

    def iter_articles(self, outlet: str | None = None) -> Iterator[dict]:
        query = select(articles).order_by(articles.c.outlet, articles.c.article_id)
        if outlet:
            query = query.where(articles.c.outlet == outlet)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield from_row(row)

    def counts(self) -> list[tuple[str, str, int]]:
        """(outlet, section, count) rows for reports."""
        query = select(articles.c.outlet, articles.c.section, func.count()).group_by(articles.c.outlet, articles.c.section).order_by(articles.c.outlet, articles.c.section)
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]

    # -- raw pages --------------------------------------------------------------------------------
    def save_page(self, outlet: str, article_id: str, url: str, body: bytes, *, status: int = 200,
                  encoding: str | None = None, content_type: str | None = None) -> None:
        values = dict(outlet=outlet, article_id=article_id, url=url, status=status, encoding=encoding,
                      content_type=content_type, fetched_at=now_iso(), body_zlib=zlib.compress(body, 6))
        stmt = self._insert(pages).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["outlet", "article_id"],
                                          set_={k: stmt.excluded[k] for k in values if k not in ("outlet", "article_id")})
        with self.engine.begin() as conn:
            conn.execute(stmt)

    def iter_pages(self, outlet: str | None = None) -> Iterator[dict]:
        query = select(pages).order_by(pages.c.outlet, pages.c.article_id)
        if outlet:
            query = query.where(pages.c.outlet == outlet)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                data = dict(row._mapping)
                data["body"] = zlib.decompress(data.pop("body_zlib"))
                yield data

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def open_storage(url: str | None = None) -> SQLStorage:
    return SQLStorage(url or db_url_from_env())


def storage_for(crawler) -> SQLStorage:
    """The one storage of a crawl, shared by the pipelines, middlewares and extensions."""
    store = getattr(crawler, "_news_storage", None)
    if store is None:
        store = open_storage(crawler.settings.get("NEWS_DB_URL") or db_url_from_env())
        crawler._news_storage = store
    return store
