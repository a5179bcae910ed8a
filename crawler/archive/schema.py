"""The archive's tables, in one place, and the schema version every writer checks.

Every table of the archive is defined here, whoever writes it (the storage interface, the run
history, the to-do, the quarantine, the crawl state), so that the migrations
(crawler/archive/migrations/, Alembic) and ``scrapy db copy`` see all of them. Types are the
portable ones of crawler/archive/types.py: ``timestamptz`` and ``jsonb`` on PostgreSQL, text on
SQLite, the same values to the code.

Versions: a new archive is created at the newest revision (``head``). An archive whose revision
is older (or that predates the migrations: tables but no ``alembic_version``) is refused by every
run and command with ``SchemaBehind`` ("run scrapy db upgrade"); ``scrapy db upgrade`` brings it
to head in place (``upgrade``). An archive newer than this code is refused too (``SchemaAhead``).
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    DDL,
    BigInteger,
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
)

from crawler.archive.types import ARTICLE_ZONE, JSONText, Timestamp

MIGRATIONS = Path(__file__).with_name("migrations")

metadata = MetaData()

RECORD_COLUMNS = [
    Column("outlet", String(64), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("fetched_url", Text),
    Column("lang", String(8)),
    Column("title", Text),
    Column("body", Text),
    Column("published_at", Timestamp(ARTICLE_ZONE)),
    Column("published_at_raw", Text),
    Column("modified_at", Timestamp(ARTICLE_ZONE)),
    Column("authors", JSONText),
    Column("section", Text),
    Column("tags", JSONText),
    Column("images", JSONText),
    Column("videos", JSONText),
    Column("quoted_sources", JSONText),
    Column("content_hash", String(64)),
    Column("template", String(32)),
    Column("scraped_at", Timestamp()),
    Column("duplicate_of", Text),
]
RECORD_FIELDS = [c.name for c in RECORD_COLUMNS]

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *RECORD_COLUMNS,
    Column("revision", Integer, nullable=False, default=1),
    Column("first_seen_at", Timestamp()),
    Column("updated_at", Timestamp()),
    # title and body normalised for search (crawler/archive/neardup.py ``normalize``: hamza and
    # alef folded, diacritics and tatweel dropped, digits ASCII); GIN-indexed on PostgreSQL
    Column("search_text", Text),
    # the URL's comparison key (crawler/extract/urls.py ``url_key``: scheme, www., tracking,
    # percent-encoding case, AMP folded): a URL listed in any form finds its stored article by an
    # index lookup (crawler/archive/known.py), never by loading every stored URL; revision 0005
    Column("url_key", Text),
    UniqueConstraint("outlet", "article_id", name="uq_articles_outlet_article"),
)
#: the GIN index over the normalised text (PostgreSQL only; an expression index: raw DDL)
SEARCH_INDEX = "ix_articles_search_text"
SEARCH_INDEX_DDL = f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON articles USING gin (to_tsvector('simple', coalesce(search_text, '')))"
event.listen(articles, "after_create", DDL(SEARCH_INDEX_DDL).execute_if(dialect="postgresql"))
#: SQLite's full-text index over the same text (revision 0003): an FTS5 table with external content
#: (the text stays in ``articles``; the index holds only the terms, rowid = ``articles.id``) and
#: three triggers that keep it current on every insert, update of ``search_text`` and delete, so
#: a store, a revision, a reparse, a spool replay and ``scrapy db copy`` all leave it current.
#: Queries: crawler/archive/search.py. A migration that recreates ``articles`` on SQLite (Alembic's
#: batch mode: copy and move) drops its triggers; the migrations' env.py puts them back and
#: rebuilds the index after every upgrade (``repair_search_index``).
SEARCH_FTS = "articles_fts"
SEARCH_FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_FTS} USING fts5(search_text, content='articles', content_rowid='id')",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_FTS}_insert AFTER INSERT ON articles BEGIN "
    f"INSERT INTO {SEARCH_FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_FTS}_delete AFTER DELETE ON articles BEGIN "
    f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_FTS}_update AFTER UPDATE OF search_text ON articles BEGIN "
    f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {SEARCH_FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SEARCH_FTS_TRIGGERS = (f"{SEARCH_FTS}_insert", f"{SEARCH_FTS}_delete", f"{SEARCH_FTS}_update")
for _statement in SEARCH_FTS_DDL:
    event.listen(articles, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
#: publication order and windows (``scrapy export --since/--until``, the report): revision 0003
Index("ix_articles_published_at", articles.c.published_at)
#: an article by any form of its URL, per outlet (crawler/archive/known.py): revision 0005
Index("ix_articles_outlet_url_key", articles.c.outlet, articles.c.url_key)

pages = Table(
    "pages",
    metadata,
    Column("outlet", String(64), primary_key=True),
    Column("article_id", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("status", Integer),
    Column("encoding", String(40)),
    Column("content_type", Text),
    Column("fetched_at", Timestamp()),
    Column("body_zlib", LargeBinary),
)

# -- near-duplicate index (pipelines/dedupe.py, crawler/archive/neardup.py) --
# ``neardup_docs``: one row per indexed article with its MinHash signature and the URL a
# near-duplicate points to; ``id`` is the order of indexing (which of two is the earlier).
# ``neardup_bands``: the LSH band keys (band, band_hash) -> doc; the primary key is the lookup
# index and makes writing the same keys twice a no-op; WITHOUT ROWID on SQLite.
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
    Column("indexed_at", Timestamp()),
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

# -- crawl state (crawler/ops/crawlstate.py) --
http_validators = Table(
    "http_validators",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("updated_at", Timestamp()),
)

gone_articles = Table(
    "gone_articles",
    metadata,
    Column("outlet", String(64), primary_key=True),
    Column("article_id", String(300), primary_key=True),
    Column("url", Text),
    Column("status", Integer),
    Column("seen_at", Timestamp()),  # the last 404/410
    Column("first_seen", Timestamp()),  # the first 404 of this series
    Column("tries", Integer),  # runs that saw it answer 404/410
    Column("gone_at", Timestamp()),  # set once it counts as gone; NULL: still retried
)

# -- quarantine (crawler/ops/quarantine.py) --
quarantined = Table(
    "quarantine",
    metadata,
    Column("outlet", String(64), primary_key=True),
    Column("article_id", String(300), primary_key=True),
    Column("url", Text, nullable=False),
    Column("fetched_url", Text),
    Column("reason", Text, nullable=False),
    Column("templates", JSONText),  # the templates tried
    Column("status", Integer),
    Column("encoding", String(40)),
    Column("content_type", Text),
    Column("first_seen_at", Timestamp(), nullable=False),
    Column("last_seen_at", Timestamp(), nullable=False),
    Column("times_seen", Integer, nullable=False, default=1),
    Column("body_zlib", LargeBinary),
)

# -- run history (crawler/ops/runs.py) --
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("spider", String(64), nullable=False, index=True),
    Column("mode", String(32)),
    Column("arguments", JSONText),
    Column("started_at", Timestamp(), nullable=False, index=True),
    Column("finished_at", Timestamp()),
    Column("exit_code", Integer),
    Column("status", String(16)),
    Column("counts", JSONText),
    Column("alarms", JSONText),
    Column("stats", JSONText),
)

# -- to-do of what a run could not fetch (crawler/ops/todo.py) --
todo = Table(
    "todo",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("outlet", String(64), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("article_id", String(300)),
    Column("callback", String(100), nullable=False),
    Column("errback", String(100)),
    Column("meta", JSONText),
    Column("reason", Text),
    Column("tries", Integer, nullable=False),
    Column("first_failed", Timestamp(), nullable=False),
    Column("last_failed", Timestamp(), nullable=False),
    Column("next_try", Timestamp(), nullable=False),
    Column("given_up_at", Timestamp()),
    UniqueConstraint("outlet", "url", name="todo_outlet_url"),
)

# -- every earlier version of every article (crawler/archive/storage.py ``store_record``) --
# When a stored article is stored again (a refresh, a newer lastmod, a reparse), the row it had
# is kept here first: its record fields, the revision number it had, when it was stored
# (``updated_at``) and replaced (``superseded_at``), and whether what replaced it changed the
# text while the page's modified time stayed the same (``replaced_silently``: a silent edit).
REVISION_COPIED = [*RECORD_FIELDS, "revision", "first_seen_at", "updated_at"]
article_revisions = Table(
    "article_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *[c._copy() for c in RECORD_COLUMNS],
    Column("revision", Integer, nullable=False),
    Column("first_seen_at", Timestamp()),
    Column("updated_at", Timestamp()),
    Column("superseded_at", Timestamp(), nullable=False),
    Column("replaced_silently", Integer, nullable=False, default=0),
    UniqueConstraint("outlet", "article_id", "revision", name="uq_article_revisions_version"),
)

#: every table, parents before children (the order ``scrapy db copy`` writes them in)
TABLES = list(metadata.sorted_tables)


def is_search_fts_table(name: str) -> bool:
    """The FTS5 table and its shadow tables (``articles_fts_data`` …): SQLite's own, made by raw DDL,
    not in ``metadata`` (Alembic's autogenerate and schema comparisons leave them out)."""
    return name == SEARCH_FTS or name.startswith(f"{SEARCH_FTS}_")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name``: everything but the FTS5 tables (``is_search_fts_table``)."""
    return not (type_ == "table" and name is not None and is_search_fts_table(name))


def repair_search_index(conn) -> bool:
    """On SQLite, put back the full-text index's triggers if a migration dropped them (a table
    recreated in batch mode) and rebuild the index from ``articles``; ``True`` if it had to.
    Nothing to do before revision 0003 (no FTS table) nor on PostgreSQL."""
    if conn.dialect.name != "sqlite":
        return False
    names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}
    if SEARCH_FTS not in names or names.issuperset(SEARCH_FTS_TRIGGERS):
        return False
    for statement in SEARCH_FTS_DDL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}) VALUES ('rebuild')")
    return True


# -- versions ---------------------------------------------------------------------------------


class SchemaError(RuntimeError):
    """The archive's schema is not the one this code writes; the message says what to do."""


class SchemaBehind(SchemaError):
    pass


class SchemaAhead(SchemaError):
    pass


def alembic_config(url: str | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision this code knows."""
    from alembic.script import ScriptDirectory

    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert found is not None
    return found


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def current(engine: Engine) -> str | None:
    """The archive's revision: ``None`` for a database without any of the archive's tables,
    ``"pre-migrations"`` for tables made before the migrations (no ``alembic_version``)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        if revision is None and set(metadata.tables) & set(inspect(conn).get_table_names()):
            return "pre-migrations"
    return revision


_checked: weakref.WeakSet[Engine] = weakref.WeakSet()


def ensure_current(engine: Engine) -> None:
    """Create an empty archive at head, accept one at head, refuse any other (once per engine)."""
    if engine in _checked:
        return
    revision = current(engine)
    if revision is None:
        create(engine)
    elif revision != head():
        if revision not in known_revisions() and revision != "pre-migrations":
            raise SchemaAhead(
                f"the archive's schema ({revision}) is newer than this crawler knows (head {head()}): update the crawler"
            )
        raise SchemaBehind(
            f"the archive's schema is behind ({revision}, this crawler writes {head()}): run `scrapy db upgrade` first"
        )
    _checked.add(engine)


#: the advisory lock creating a new archive takes (PostgreSQL)
CREATE_LOCK = 0x6E657773  # "news"


def create(engine: Engine) -> None:
    """A new archive: every table at head, stamped so."""
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # two processes opening one new archive at once (the workers of a distributed crawl):
            # one creates it, the other then finds it made (DDL is transactional on PostgreSQL)
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATE_LOCK})
        metadata.create_all(conn)
        context = MigrationContext.configure(conn)
        if context.get_current_revision() is None:
            context.stamp(_script(), head())


def _script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the archive to head in place; ``(revision before, head)``."""
    from alembic import command

    before = current(engine)
    if before is None:
        create(engine)
    elif before != head():
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    _checked.discard(engine)
    return before, head()
