"""Storage: one interface, SQL backends through SQLAlchemy Core.

SQLite is the default (``data/news.db``, WAL mode, no set-up); ``NEWS_DB_URL`` selects another
database: ``sqlite:///path.db``, or PostgreSQL as ``postgresql://user:pass@host:port/db`` (also
``postgresql+psycopg://`` and ``postgres://``; the driver is psycopg 3 in every case). The same
code serves both: the tables are crawler/archive/schema.py's (typed on PostgreSQL: ``timestamptz``,
``jsonb``; the code reads and writes the same values on both, crawler/archive/types.py), upserts
are constraint-based (``ON CONFLICT``) on both, and nothing dialect-specific leaves this module.

- ``articles``: one row per article, unique on (outlet, article_id); columns named as the
  record's fields plus ``duplicate_of``, ``revision``, ``first_seen_at``, ``updated_at``,
  ``search_text`` (title and body normalised for search) and ``url_key`` (the URL's comparison
  key, indexed: crawler/archive/known.py finds an article by any form of its URL);
- ``pages``: each article page's raw bytes, zlib-compressed, so records can be re-extracted
  (``reparse``) without fetching again;
- the near-duplicate index, and the operational tables of crawler/ops (schema.py lists them).

Opening a storage checks the archive's schema version (``schema.ensure_current``): an empty
database is created at the newest revision, an older one is refused until ``scrapy db upgrade``.

Waits and errors: an SQLite statement waits at most ``busy_timeout`` seconds for a lock another
connection holds (a crawl: ``NEWS_SQLITE_BUSY_TIMEOUT``, 2 s); a PostgreSQL connection attempt at
most ``NEWS_DB_CONNECT_TIMEOUT`` (10 s) and a statement ``NEWS_DB_STATEMENT_TIMEOUT`` (60 s), and a
connection that died with a server restart is replaced before use (pool pre-ping). What waits
longer is the storage step's business (pipelines/storage.py, ``NEWS_STORAGE_BUDGET``). The
database's errors never carry the SQL statement nor its parameters (an article's text) nor the
password: ``str(exc)`` is the driver's short message, and ``describe_error`` gives the error class
and its kind (``busy``, ``full``, ``read-only``, ``unreachable``, ``refused``) for a log line.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from sqlalchemy import (
    BigInteger,
    SmallInteger,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    not_,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from crawler.archive import schema
from crawler.archive.schema import (
    RECORD_FIELDS,
    REVISION_COPIED,
    article_revisions,
    articles,
    metadata,
    neardup_bands,
    neardup_docs,
    pages,
)
from crawler.archive.types import ARTICLE_ZONE, to_moment
from crawler.extract.urls import url_key
from crawler.items import JSON_FIELDS, Article

DEFAULT_DB_URL = "sqlite:///data/news.db"
#: seconds an SQLite statement waits for another connection's lock, unless told otherwise (a
#: command's short piece of work); a crawl uses ``NEWS_SQLITE_BUSY_TIMEOUT``
DEFAULT_BUSY_TIMEOUT = 2.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_STATEMENT_TIMEOUT = 60.0
#: the advisory lock that makes one near-duplicate check and index write a step of its own (PostgreSQL)
NEARDUP_LOCK_KEY = int.from_bytes(b"neardup!", "big")

__all__ = [
    "RECORD_FIELDS",
    "SQLStorage",
    "articles",
    "metadata",
    "neardup_bands",
    "neardup_docs",
    "pages",
]


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def db_url_from_env(default: str = DEFAULT_DB_URL) -> str:
    """``NEWS_DB_URL`` or ``default``, a relative SQLite path made the project root's
    (crawler/ops/paths.py): the same archive whatever the working directory."""
    from crawler.ops.paths import project_db_url

    return project_db_url(os.environ.get("NEWS_DB_URL") or default)


@dataclass(frozen=True)
class RawPage:
    """The bytes behind a record, stored with it (``store_record``)."""

    outlet: str
    article_id: str
    url: str
    body: bytes
    status: int = 200
    encoding: str | None = None
    content_type: str | None = None


class HeldLock:
    """What ``SQLStorage.hold`` gives: ``release()`` lets the lock go (once)."""

    def __init__(self, conn, key: int, shared: bool = False):
        self.conn, self.key, self.shared = conn, key, shared

    def release(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            unlock = "pg_advisory_unlock_shared" if self.shared else "pg_advisory_unlock"
            conn.execute(text(f"SELECT {unlock}(:key)"), {"key": self.key})
            conn.commit()
        except SQLAlchemyError:  # the server went away: it dropped the lock with the session
            conn.invalidate()
        finally:
            conn.close()


@dataclass(frozen=True)
class Stored:
    """What ``store_record`` did: ``inserted`` or ``updated``, the revision the article has
    now, and whether this version is a silent edit of the one before."""

    outcome: str
    revision: int
    silent_edit: bool = False


def take_turns(conn, what: str) -> None:
    """Make the transaction on ``conn`` the only one doing ``what`` until it ends (``neardup``:
    writing the near-duplicate index; ``article:OUTLET/ID``: storing one article; the ops tables'
    read-then-write steps name their row). PostgreSQL: a transaction-level advisory lock on a key
    made from ``what`` (``pg_advisory_xact_lock``, released by the commit or rollback; under READ
    COMMITTED two writers would otherwise each read without the other's uncommitted rows, and
    both insert). SQLite: the database's write lock, taken at once (``BEGIN IMMEDIATE``; the
    driver would begin only at the first write, after the reads), so it must be the
    transaction's first statement. Near-duplicate doc ids are given out under it, so their order
    is the order of indexing."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        key = NEARDUP_LOCK_KEY if what == "neardup" else lock_key(what)
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif dialect == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def lock_key(what: str) -> int:
    """A signed 64-bit advisory lock key for ``what`` (the same in every process)."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(what.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def same_moment(a: str | None, b: str | None) -> bool:
    """Two stored times name the same instant (both absent counts as the same); text that is
    not a time compares as text."""
    if not a or not b:
        return not a and not b
    try:
        return to_moment(a, ARTICLE_ZONE) == to_moment(b, ARTICLE_ZONE)
    except (TypeError, ValueError):
        return a == b


def engine_url(url: str) -> str:
    """The URL SQLAlchemy is given: PostgreSQL always through psycopg 3 (``postgresql://`` would
    mean psycopg2 to SQLAlchemy, ``postgres://`` is Heroku's and libpq's spelling)."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def search_text(title: str | None, body: str | None) -> str:
    """Title and body as the search index sees them (the near-duplicate normalisation)."""
    from crawler.archive.neardup import normalize

    return normalize(f"{title or ''}\n{body or ''}")


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

    def __init__(
        self,
        url: str = DEFAULT_DB_URL,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
    ):
        self.url = url
        #: seconds an SQLite statement waits for a lock held by another connection; may be changed
        #: while the storage is in use (each connection takes the new value at its next checkout)
        self.busy_timeout = busy_timeout
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///") :]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = self._make_engine(url, busy_timeout, connect_timeout, statement_timeout)
        try:
            schema.ensure_current(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    def _make_engine(self, url: str, busy_timeout: float, connect_timeout: float, statement_timeout: float) -> Engine:
        self.busy_timeout = busy_timeout
        connect_args: dict[str, Any] = {}
        if url.startswith(("postgres://", "postgresql")):
            connect_args = {
                "connect_timeout": max(1, round(connect_timeout)),
                "application_name": "news-crawler",
                "options": f"-c statement_timeout={int(statement_timeout * 1000)}",
            }
        # hide_parameters and _without_statement: an error says what went wrong, never the SQL nor
        # the values (an article's body) it was sent with, whoever logs it
        engine = create_engine(engine_url(url), pool_pre_ping=True, hide_parameters=True, connect_args=connect_args)
        event.listen(engine, "handle_error", _without_statement)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", self._sqlite_connect)
            event.listen(engine, "checkout", self._sqlite_checkout)
        return engine

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
        """Store the record (``store_record``); ``inserted`` or ``updated``."""
        return self.store_record(item).outcome

    def store_record(self, item, page: RawPage | None = None, *, fetched: bool = True) -> Stored:
        """Store the record, and its raw page when given, in one transaction: a reader that sees
        the page sees the record. When the article is stored already, its row is kept first in
        ``article_revisions`` (every earlier version stays), then replaced and its revision
        counted up. A new text whose modified time is the stored one's (the same instant, or
        none on either side) is a silent edit, when the record comes from a new fetch
        (``fetched``; a reparse changes text by changing the parser). Writers of one article take
        turns (``_serialise``), so two at once lose no version and no revision."""
        row = to_row(item)
        row["search_text"] = search_text(row.get("title"), row.get("body"))
        row["url_key"] = url_key(row["url"])  # the stored article by any form of its URL (known.py)
        stamp = now_iso()
        who = (articles.c.outlet == row["outlet"]) & (articles.c.article_id == row["article_id"])
        with self.engine.begin() as conn:
            self._serialise(conn, f"article:{row['outlet']}/{row['article_id']}")
            if page is not None:
                conn.execute(self._page_stmt(page))
            old = conn.execute(select(*[articles.c[name] for name in REVISION_COPIED]).where(who)).first()
            silent = False
            if old is not None:
                changed = old.content_hash != row.get("content_hash")
                silent = fetched and changed and same_moment(old.modified_at, row.get("modified_at"))
                kept = self._insert(article_revisions).values(
                    **dict(old._mapping), superseded_at=stamp, replaced_silently=int(silent)
                )
                conn.execute(kept.on_conflict_do_nothing(index_elements=["outlet", "article_id", "revision"]))
            stmt = self._insert(articles).values(**row, revision=1, first_seen_at=stamp, updated_at=stamp)
            stmt = stmt.on_conflict_do_update(
                index_elements=["outlet", "article_id"],
                set_={
                    **{k: stmt.excluded[k] for k in [*RECORD_FIELDS, "search_text", "url_key"]},
                    "updated_at": stamp,
                    "revision": articles.c.revision + 1,
                },
            ).returning(articles.c.revision)
            revision = conn.execute(stmt).scalar_one()
        return Stored("inserted" if revision == 1 else "updated", revision, silent)

    def hold(self, what: str, shared: bool = False) -> HeldLock | None:
        """A lock on ``what`` across every host writing this archive, held until ``release``;
        None when another session holds it. PostgreSQL: a session-level advisory lock
        (``pg_try_advisory_lock``) on a connection of its own, so two cron hosts never run one
        spider on one archive at once; the server drops it if this process dies. SQLite lives on
        one host, where the run lock's ``flock`` covers it: an empty hold. ``shared``: held with
        any other shared hold (the workers of one distributed crawl), never with a plain one."""
        if self.dialect != "postgresql":
            return HeldLock(None, 0)
        key = lock_key(what)
        conn = self.engine.connect()
        try:
            take = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
            got = conn.execute(text(f"SELECT {take}(:key)"), {"key": key}).scalar()
            conn.commit()
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            return None
        return HeldLock(conn, key, shared)

    def revisions(self, outlet: str, article_id: str) -> list[dict]:
        """Every version of the article, oldest first: the kept ones, then the stored row (with
        ``replaced_silently`` telling whether the next version was a silent edit)."""
        kept = article_revisions
        with self.engine.connect() as conn:
            rows = [
                from_row(r)
                for r in conn.execute(
                    select(kept)
                    .where(kept.c.outlet == outlet, kept.c.article_id == article_id)
                    .order_by(kept.c.revision)
                )
            ]
        current = self.get(outlet, article_id)
        if current is not None:
            rows.append({**current, "replaced_silently": None, "superseded_at": None})
        return rows

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
        page = RawPage(outlet, article_id, url, body, status, encoding, content_type)
        with self.engine.begin() as conn:
            conn.execute(self._page_stmt(page))

    def _page_stmt(self, page: RawPage):
        values = dict(
            outlet=page.outlet,
            article_id=page.article_id,
            url=page.url,
            status=page.status,
            encoding=page.encoding,
            content_type=page.content_type,
            fetched_at=now_iso(),
            body_zlib=zlib.compress(page.body, 6),
        )
        stmt = self._insert(pages).values(**values)
        return stmt.on_conflict_do_update(
            index_elements=["outlet", "article_id"],
            set_={k: stmt.excluded[k] for k in values if k not in ("outlet", "article_id")},
        )

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
        with self.engine.begin() as conn:
            self._serialise(conn, "neardup")
            return self._neardup_write(conn, outlet, article_id, url, signature, keys, words, figures, duplicate_of)

    def neardup_check_and_index(
        self,
        outlet: str,
        article_id: str,
        url: str,
        signature: bytes,
        keys: list[tuple[int, int]],
        choose: Callable[[list[dict]], str | None],
        *,
        words: int | None = None,
        figures: str | None = None,
    ) -> tuple[str, str | None]:
        """The near-duplicate check and the index entry of one record as one step: the candidates
        (as ``neardup_candidates``), ``choose(candidates)`` (the URL the record duplicates, or
        None), then the entry with that ``duplicate_of``; ``(outcome, duplicate_of)``. No other
        writer of the index runs in between (``_serialise``), so two processes indexing
        two copies of one text at the same moment cannot both miss the other: the second sees
        the first. ``choose`` runs inside the transaction: it must be quick and not touch the
        database."""
        with self.engine.begin() as conn:
            self._serialise(conn, "neardup")
            candidates = []
            if keys:
                params = {"outlet": outlet, "article_id": article_id, **self._neardup_key_params(keys)}
                candidates = [
                    dict(r._mapping) for r in conn.execute(self._neardup_stmt("candidates", len(keys)), params)
                ]
            duplicate_of = choose(candidates)
            outcome = self._neardup_write(conn, outlet, article_id, url, signature, keys, words, figures, duplicate_of)
        return outcome, duplicate_of

    def _serialise(self, conn, what: str) -> None:
        take_turns(conn, what)

    def _neardup_write(
        self,
        conn,
        outlet: str,
        article_id: str,
        url: str,
        signature: bytes,
        keys: list[tuple[int, int]],
        words: int | None,
        figures: str | None,
        duplicate_of: str | None,
    ) -> str:
        from crawler.archive.neardup import band_keys, signature_from_bytes

        docs = neardup_docs
        who = {"outlet": outlet, "article_id": article_id}
        values = dict(
            url=url, signature=signature, words=words, figures=figures, duplicate_of=duplicate_of, indexed_at=now_iso()
        )
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
        conn.execute(self._neardup_stmt("delete_keys", len(old)), {"doc_id": row.id, **self._neardup_key_params(old)})
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
    ("password authentication", "refused"),
    ("too many", "busy"),  # "too many connections for role …", "too many clients already"
    ("role", "refused"),
    ("does not exist", "missing"),
    ("connection", "unreachable"),
    ("could not connect", "unreachable"),
    ("server closed", "unreachable"),
    ("timeout", "unreachable"),
    ("unable to open", "unreachable"),
)


#: PostgreSQL's SQLSTATE (a code, or its two-character class) says it better than the message
_SQLSTATE_KINDS = {
    "08": "unreachable",  # connection exception
    "57P01": "unreachable",  # admin_shutdown: the server is stopping or restarting
    "57P02": "unreachable",  # crash_shutdown
    "57P03": "unreachable",  # cannot_connect_now: starting up, shutting down, in recovery
    "57014": "busy",  # query_canceled: NEWS_DB_STATEMENT_TIMEOUT ran out (a lock held elsewhere, a load)
    "55P03": "busy",  # lock_not_available
    "40001": "busy",  # serialization_failure
    "40P01": "busy",  # deadlock_detected: the other transaction went through, a retry will too
    "53300": "busy",  # too_many_connections
    "53100": "full",  # disk_full
    "53": "unavailable",  # other insufficient resources (memory)
    "25006": "read-only",  # read_only_sql_transaction (a standby)
    "28": "refused",  # invalid authorization
    "3D000": "missing",  # invalid_catalog_name: no such database
}
#: the kinds a later try can mend: the storage step waits for them within its budget
TRANSIENT_KINDS = frozenset({"busy", "unreachable", "unavailable"})


def error_kind(exc: BaseException) -> str:
    """``busy`` (a lock held elsewhere, a statement timeout, a deadlock), ``full``, ``read-only``,
    ``refused`` (wrong user or password), ``missing`` (no such database), ``unreachable`` (a lost
    or refused connection, a server shutting down or starting up, a database that cannot be
    opened), ``unavailable`` (another operational error) or ``error`` (the statement or the record
    itself: a retry would not help). PostgreSQL's SQLSTATE decides when the server sent one, the
    driver's message otherwise (a connection that failed has none)."""
    if isinstance(exc, PoolTimeoutError):
        return "busy"
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return "unreachable"
    sqlstate = str(getattr(getattr(exc, "orig", None), "sqlstate", None) or "")
    if sqlstate:
        found = _SQLSTATE_KINDS.get(sqlstate) or _SQLSTATE_KINDS.get(sqlstate[:2])
        if found:
            return found
    message = str(getattr(exc, "orig", None) or "").lower()
    for needle, kind in _ERROR_KINDS:
        if needle in message:
            return kind
    if isinstance(exc, OperationalError | InterfaceError):
        return "unavailable"
    return "error"


def is_transient(exc: BaseException) -> bool:
    """A database error a later try can mend (busy, unreachable, unavailable)."""
    return error_kind(exc) in TRANSIENT_KINDS


def describe_error(exc: BaseException) -> str:
    """The error for a log line: its class and kind (``OperationalError: busy``), nothing of the
    statement, its parameters or the driver's own words."""
    kind = error_kind(exc)
    return type(exc).__name__ if kind == "error" else f"{type(exc).__name__}: {kind}"


def engine_for_migrations(url: str) -> Engine:
    """An engine for ``scrapy db status|upgrade``: the storage's connection settings, no
    schema check (that is what it is for)."""
    store = SQLStorage.__new__(SQLStorage)
    return store._make_engine(url, DEFAULT_BUSY_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT)


#: what opening or using the archive raises: the database's errors and a schema not at head
ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, schema.SchemaError)


def archive_error_line(exc: BaseException, url: str | None = None) -> str:
    """An error of opening or using the archive on one line, without SQL, values or password."""
    from crawler.archive.schema import SchemaError

    if isinstance(exc, SchemaError):
        return str(exc)
    if isinstance(exc, SQLAlchemyError):
        message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        first = next((line for line in message if line.strip()), "")
        return f"database unavailable ({error_kind(exc)}): {_redact(first, url)}"
    return _redact(str(exc), url) or type(exc).__name__


def _redact(message: str, url: str | None) -> str:
    """``message`` without the URL's password, should a driver ever repeat it."""
    if url:
        try:
            from sqlalchemy.engine import make_url

            password = make_url(url).password
        except Exception:
            password = None
        if password:
            message = message.replace(str(password), "***")
    return message


def open_storage(url: str | None = None, busy_timeout: float | None = None, **timeouts: float) -> SQLStorage:
    """The storage at ``url`` (default: ``db_url_from_env``); a relative SQLite path is the
    project root's, never the working directory's."""
    from crawler.ops.paths import project_db_url

    return SQLStorage(
        project_db_url(url) if url else db_url_from_env(),
        DEFAULT_BUSY_TIMEOUT if busy_timeout is None else busy_timeout,
        **timeouts,
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
            connect_timeout=crawler.settings.getfloat("NEWS_DB_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
            statement_timeout=crawler.settings.getfloat("NEWS_DB_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT),
        )
        crawler._news_storage = store
    return store
