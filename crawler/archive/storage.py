"""Storage: one interface, SQL backends through SQLAlchemy Core.

SQLite is the default (``data/news.db``, WAL mode, no set-up); ``NEWS_DB_URL`` selects another
database (``sqlite:///path.db``; ``postgresql://...`` uses the same code and dialect-native
upserts). Tables:

- ``articles``: one row per article, unique on (outlet, article_id); columns named as the
  record's fields (lists as JSON text) plus ``duplicate_of``, ``revision``, ``first_seen_at``,
  ``updated_at``;
- ``pages``: each article page's raw bytes, zlib-compressed, so records can be re-extracted
  (``reparse``) without fetching again.

Waits and errors: an SQLite statement waits at most ``busy_timeout`` seconds for a lock another
connection holds (a crawl: ``NEWS_SQLITE_BUSY_TIMEOUT``, 2 s; what waits longer is the storage
step's business, pipelines/storage.py, within its ``NEWS_STORAGE_BUDGET``). The database's
errors never carry the SQL statement nor its parameters (an article's text): ``str(exc)`` is the
driver's short message, and ``describe_error`` gives the error class and its kind (``busy``,
``full``, ``read-only``, ``unreachable``) for a log line.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    inspect,
    not_,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from crawler.items import JSON_FIELDS, Article

DEFAULT_DB_URL = "sqlite:///data/news.db"
#: seconds an SQLite statement waits for another connection's lock, unless told otherwise (a
#: command's short piece of work); a crawl uses ``NEWS_SQLITE_BUSY_TIMEOUT``
DEFAULT_BUSY_TIMEOUT = 2.0

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
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *RECORD_COLUMNS,
    Column("revision", Integer, nullable=False, default=1),
    Column("first_seen_at", String(40)),
    Column("updated_at", String(40)),
    UniqueConstraint("outlet", "article_id", name="uq_articles_outlet_article"),
)

pages = Table(
    "pages",
    metadata,
    Column("outlet", String(64), primary_key=True),
    Column("article_id", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("status", Integer),
    Column("encoding", String(40)),
    Column("content_type", Text),
    Column("fetched_at", String(40)),
    Column("body_zlib", LargeBinary),
)

# -- near-duplicate index (pipelines/dedupe.py) --
# The LSH index of crawler/archive/neardup.py, in the database so that every run and process sees it.
# ``neardup_docs``: one row per indexed article with its MinHash signature (candidates are
# verified on it) and the URL a near-duplicate points to; ``id`` is the order of indexing, i.e.
# which of two records is the earlier one. ``neardup_bands``: the LSH band keys,
# (band, band_hash) -> doc; its primary key (band, band_hash, doc_id) is the lookup index and
# makes writing the same keys twice a no-op; on SQLite the table is WITHOUT ROWID, so the rows
# live in that index itself (no second copy).
neardup_docs = Table(
    "neardup_docs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("outlet", String(64), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("words", Integer),
    Column("figures", Text),
    Column("duplicate_of", Text),
    Column("indexed_at", String(40)),
    UniqueConstraint("outlet", "article_id", name="uq_neardup_docs_outlet_article"),
)

neardup_bands = Table(
    "neardup_bands",
    metadata,
    Column("band", SmallInteger, primary_key=True, autoincrement=False),
    Column("band_hash", BigInteger, primary_key=True, autoincrement=False),
    Column("doc_id", Integer, ForeignKey("neardup_docs.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

RECORD_FIELDS = [c.name for c in RECORD_COLUMNS]


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def add_missing_columns(engine: Engine, table: str, columns: dict[str, str]) -> None:
    """Columns added to a table after its first release (``name -> SQL type``), added to a
    database made before them; there are no migrations yet. Safe against another process
    adding the same column meanwhile."""
    have = {c["name"] for c in inspect(engine).get_columns(table)}
    for name, sql_type in columns.items():
        if name in have:
            continue
        try:
            with engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))
        except SQLAlchemyError:  # another process added it meanwhile
            if name not in {c["name"] for c in inspect(engine).get_columns(table)}:
                raise


def db_url_from_env(default: str = DEFAULT_DB_URL) -> str:
    """``NEWS_DB_URL`` or ``default``, a relative SQLite path made the project root's
    (crawler/ops/paths.py): the same archive whatever the working directory."""
    from crawler.ops.paths import project_db_url

    return project_db_url(os.environ.get("NEWS_DB_URL") or default)


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

    def __init__(self, url: str = DEFAULT_DB_URL, busy_timeout: float = DEFAULT_BUSY_TIMEOUT):
        self.url = url
        #: seconds an SQLite statement waits for a lock held by another connection; may be changed
        #: while the storage is in use (each connection takes the new value at its next checkout)
        self.busy_timeout = busy_timeout
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///") :]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters and _without_statement: an error says what went wrong, never the SQL nor
        # the values (an article's body) it was sent with, whoever logs it
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)
        event.listen(self.engine, "handle_error", _without_statement)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", self._sqlite_connect)
            event.listen(self.engine, "checkout", self._sqlite_checkout)
        metadata.create_all(self.engine)

    def _sqlite_connect(self, dbapi_conn, record) -> None:
        _sqlite_pragmas(dbapi_conn, record)
        self._sqlite_checkout(dbapi_conn, record, None)

    def _sqlite_checkout(self, dbapi_conn, record, _proxy) -> None:
        wait_ms = max(0, int(self.busy_timeout * 1000))
        if record.info.get("busy_timeout_ms") != wait_ms:
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={wait_ms}")
            cur.close()
            record.info["busy_timeout_ms"] = wait_ms

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _insert(self, table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)

    # -- articles -------------------------------------------------------------------------------
    def get(self, outlet: str, article_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(articles).where(articles.c.outlet == outlet, articles.c.article_id == article_id)
            ).first()
        return from_row(row) if row else None

    def known(self, outlet: str) -> dict[str, dict]:
        """``article_id -> {url, modified_at, content_hash}`` for one outlet (cron runs use it
        to skip what is stored)."""
        cols = [
            articles.c.article_id,
            articles.c.url,
            articles.c.modified_at,
            articles.c.published_at,
            articles.c.content_hash,
        ]
        with self.engine.connect() as conn:
            return {
                r.article_id: dict(r._mapping) for r in conn.execute(select(*cols).where(articles.c.outlet == outlet))
            }

    def latest_per_template(self, outlet: str) -> dict[str, dict]:
        """``template -> {article_id, url}`` of the most recently published stored article of each
        template (canary)."""
        mine = articles.c.outlet == outlet
        newest = (
            select(articles.c.template, func.max(articles.c.published_at).label("published_at"))
            .where(mine)
            .group_by(articles.c.template)
            .subquery()
        )
        query = (
            select(articles.c.template, articles.c.article_id, articles.c.url)
            .join(
                newest, (articles.c.template == newest.c.template) & (articles.c.published_at == newest.c.published_at)
            )
            .where(mine)
            .order_by(articles.c.id)
        )
        with self.engine.connect() as conn:
            found: dict[str, dict] = {}
            for r in conn.execute(query):
                found.setdefault(r.template, {"article_id": r.article_id, "url": r.url})
            return found

    def upsert(self, item) -> str:
        """Insert the record or update its row; returns ``inserted`` or ``updated``."""
        row = to_row(item)
        stamp = now_iso()
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(articles.c.id).where(
                    articles.c.outlet == row["outlet"], articles.c.article_id == row["article_id"]
                )
            ).first()
            stmt = self._insert(articles).values(**row, revision=1, first_seen_at=stamp, updated_at=stamp)
            stmt = stmt.on_conflict_do_update(
                index_elements=["outlet", "article_id"],
                set_={
                    **{k: stmt.excluded[k] for k in RECORD_FIELDS},
                    "updated_at": stamp,
                    "revision": articles.c.revision + 1,
                },
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
        query = (
            select(articles.c.outlet, articles.c.section, func.count())
            .group_by(articles.c.outlet, articles.c.section)
            .order_by(articles.c.outlet, articles.c.section)
        )
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]

    # -- raw pages --------------------------------------------------------------------------------
    def save_page(
        self,
        outlet: str,
        article_id: str,
        url: str,
        body: bytes,
        *,
        status: int = 200,
        encoding: str | None = None,
        content_type: str | None = None,
    ) -> None:
        values = dict(
            outlet=outlet,
            article_id=article_id,
            url=url,
            status=status,
            encoding=encoding,
            content_type=content_type,
            fetched_at=now_iso(),
            body_zlib=zlib.compress(body, 6),
        )
        stmt = self._insert(pages).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["outlet", "article_id"],
            set_={k: stmt.excluded[k] for k in values if k not in ("outlet", "article_id")},
        )
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

    # -- near-duplicate index (pipelines/dedupe.py) --
    # The statements are built once per storage (and number of band keys) with bound parameters,
    # so SQLAlchemy compiles them once: building a 25-key OR clause per item cost more than the
    # queries themselves.

    def neardup_candidates(self, outlet: str, article_id: str, keys: list[tuple[int, int]]) -> list[dict]:
        """Indexed articles sharing at least one LSH band key with ``keys``, earliest first:
        ``{id, outlet, article_id, url, signature, figures, duplicate_of}``. Leaves out the
        article itself and, when it is indexed already (a revision), everything indexed after
        it, so an original never becomes the copy of its own copies. One query: each band key
        is probed on the (band, band_hash) primary key, the signatures come with the answer."""
        if not keys:
            return []
        params = {"outlet": outlet, "article_id": article_id, **self._neardup_key_params(keys)}
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(self._neardup_stmt("candidates", len(keys)), params)]

    def neardup_indexed(self, outlet: str, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(self._neardup_stmt("doc", 0), {"outlet": outlet, "article_id": article_id}).first()
                is not None
            )

    def neardup_index(
        self,
        outlet: str,
        article_id: str,
        url: str,
        signature: bytes,
        keys: list[tuple[int, int]],
        *,
        words: int | None = None,
        figures: str | None = None,
        duplicate_of: str | None = None,
    ) -> str:
        """Put an article's signature and band keys in the index, in one transaction.
        Idempotent: writing the same signature again changes nothing (``unchanged``); a new
        signature (a revised text) replaces the old keys and keeps the article's place in the
        order (``updated``); otherwise ``inserted``."""
        from crawler.archive.neardup import band_keys, signature_from_bytes

        docs, _bands = neardup_docs, neardup_bands
        who = {"outlet": outlet, "article_id": article_id}
        values = dict(
            url=url, signature=signature, words=words, figures=figures, duplicate_of=duplicate_of, indexed_at=now_iso()
        )
        with self.engine.begin() as conn:
            for _ in range(2):
                row = conn.execute(self._neardup_stmt("doc", 0), who).first()
                if row is not None:
                    break
                doc_id = conn.execute(self._neardup_stmt("insert_doc", 0), {**who, **values}).scalar()
                if doc_id is not None:
                    self._neardup_add_keys(conn, doc_id, keys)
                    return "inserted"
                # another process indexed it since our SELECT: go on as for an existing row
            assert row is not None  # the insert found a conflict, so the second SELECT finds the row
            if bytes(row.signature) == bytes(signature):
                if (row.url, row.duplicate_of) != (url, duplicate_of):
                    conn.execute(update(docs).where(docs.c.id == row.id).values(url=url, duplicate_of=duplicate_of))
                return "unchanged"  # same signature, same keys: written with it, in one transaction
            old = band_keys(signature_from_bytes(bytes(row.signature)))
            conn.execute(
                self._neardup_stmt("delete_keys", len(old)), {"doc_id": row.id, **self._neardup_key_params(old)}
            )
            conn.execute(update(docs).where(docs.c.id == row.id).values(**values))
            self._neardup_add_keys(conn, row.id, keys)
            return "updated"

    def _neardup_add_keys(self, conn, doc_id: int, keys: list[tuple[int, int]]) -> None:
        if keys:
            conn.execute(
                self._neardup_stmt("insert_keys", 0),
                [{"band": int(band), "band_hash": int(band_hash), "doc_id": doc_id} for band, band_hash in keys],
            )

    @staticmethod
    def _neardup_key_params(keys) -> dict:
        params = {}
        for n, (band, band_hash) in enumerate(keys):
            params[f"b{n}"], params[f"h{n}"] = int(band), int(band_hash)
        return params

    def _neardup_stmt(self, kind: str, n_keys: int):
        cache = self.__dict__.setdefault("_neardup_stmts", {})
        stmt = cache.get((kind, n_keys))
        if stmt is not None:
            return stmt
        docs, bands = neardup_docs, neardup_bands
        # ``(band = :b0 AND band_hash = :h0) OR ...``: SQLite (MULTI-INDEX OR) and PostgreSQL
        # (BitmapOr) probe the (band, band_hash) primary key once per key; SQLite uses no index
        # for the row-value form ``(band, band_hash) IN (VALUES ...)`` and would scan the table.
        any_key = (
            or_(
                *[
                    and_(
                        bands.c.band == bindparam(f"b{n}", type_=SmallInteger),
                        bands.c.band_hash == bindparam(f"h{n}", type_=BigInteger),
                    )
                    for n in range(n_keys)
                ]
            )
            if n_keys
            else None
        )
        same = and_(docs.c.outlet == bindparam("outlet"), docs.c.article_id == bindparam("article_id"))
        if kind == "candidates":
            assert any_key is not None  # asked with the band keys of a signature, never with none
            own = select(docs.c.id).where(same).scalar_subquery()
            stmt = (
                select(
                    docs.c.id,
                    docs.c.outlet,
                    docs.c.article_id,
                    docs.c.url,
                    docs.c.signature,
                    docs.c.figures,
                    docs.c.duplicate_of,
                )
                .where(
                    docs.c.id.in_(select(bands.c.doc_id).where(any_key)),
                    not_(same),
                    docs.c.id < func.coalesce(own, 2**31 - 1),
                )
                .order_by(docs.c.id)
            )
        elif kind == "doc":
            stmt = select(docs.c.id, docs.c.signature, docs.c.url, docs.c.duplicate_of).where(same)
        elif kind == "insert_doc":
            stmt = (
                self._insert(docs).on_conflict_do_nothing(index_elements=["outlet", "article_id"]).returning(docs.c.id)
            )
        elif kind == "insert_keys":
            stmt = self._insert(bands).on_conflict_do_nothing()
        elif kind == "delete_keys":
            assert any_key is not None  # asked with the band keys of a signature, never with none
            stmt = delete(bands).where(bands.c.doc_id == bindparam("doc_id"), any_key)
        else:
            raise ValueError(kind)
        cache[(kind, n_keys)] = stmt
        return stmt


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _without_statement(context) -> None:
    """``handle_error`` hook: the error raised keeps the driver's message, not the statement nor
    its parameters, so no log line can show SQL or an article's text; nor the second line with
    SQLAlchemy's help link, so it fits on one line (a SUMMARY alarm, a sample)."""
    exc = context.sqlalchemy_exception
    if exc is not None:
        exc.statement = None
        exc.params = None
        exc.code = None


#: what the driver's message says, in a word (matched, never repeated in a log line)
_ERROR_KINDS = (
    ("locked", "busy"),
    ("busy", "busy"),
    ("disk is full", "full"),
    ("no space", "full"),
    ("quota", "full"),
    ("readonly", "read-only"),
    ("read-only", "read-only"),
    ("read only", "read-only"),
    ("connection", "unreachable"),
    ("could not connect", "unreachable"),
    ("server closed", "unreachable"),
    ("timeout", "unreachable"),
    ("unable to open", "unreachable"),
)


def error_kind(exc: BaseException) -> str:
    """``busy`` (a lock held elsewhere), ``full``, ``read-only``, ``unreachable`` (a lost or
    refused connection, a database that cannot be opened), ``unavailable`` (another operational
    error) or ``error`` (the statement or the record itself: a retry would not help)."""
    if isinstance(exc, PoolTimeoutError):
        return "busy"
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return "unreachable"
    message = str(getattr(exc, "orig", None) or "").lower()
    for needle, kind in _ERROR_KINDS:
        if needle in message:
            return kind
    if isinstance(exc, OperationalError | InterfaceError):
        return "unavailable"
    return "error"


def describe_error(exc: BaseException) -> str:
    """The error for a log line: its class and kind (``OperationalError: busy``), nothing of the
    statement, its parameters or the driver's own words."""
    kind = error_kind(exc)
    return type(exc).__name__ if kind == "error" else f"{type(exc).__name__}: {kind}"


def open_storage(url: str | None = None, busy_timeout: float | None = None) -> SQLStorage:
    """The storage at ``url`` (default: ``db_url_from_env``); a relative SQLite path is the
    project root's, never the working directory's."""
    from crawler.ops.paths import project_db_url

    return SQLStorage(
        project_db_url(url) if url else db_url_from_env(),
        DEFAULT_BUSY_TIMEOUT if busy_timeout is None else busy_timeout,
    )


@contextmanager
def opened(url: str | None = None) -> Iterator[SQLStorage]:
    """A storage for one short piece of work (a command's report), closed after it."""
    store = open_storage(url)
    try:
        yield store
    finally:
        store.close()


def storage_for(crawler) -> SQLStorage:
    """The one storage of a crawl, shared by the pipelines, middlewares and extensions."""
    store = getattr(crawler, "_news_storage", None)
    if store is None:
        store = open_storage(
            crawler.settings.get("NEWS_DB_URL") or db_url_from_env(),
            crawler.settings.getfloat("NEWS_SQLITE_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT),
        )
        crawler._news_storage = store
    return store
