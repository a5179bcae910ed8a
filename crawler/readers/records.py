"""The stored records as readers get them, whatever the backend: filters, counts, a stream.

A record is the article's fields (crawler/items.py, README "The article record") as stored, lists
and objects as Python values, plus the archive's own bookkeeping:

- ``duplicate_of``: the canonical URL of the record this one copies (dedupe), or None;
- ``story_id``: ``<outlet>/<article_id>`` of the earliest record of its group of copies, its own
  for a record nobody copied (crawler/readers/stories.py);
- ``revision``: 1 when first stored, +1 for every change stored since (a refresh, a reparse);
- ``first_seen_at`` / ``updated_at``: when the archive stored it first / last changed it (UTC).

Filters combine (all must hold; a repeated one is any of its values): outlets, a publication
window (days in Damascus time, inclusive), languages, sections, a full-text search (the same
index as ``scrapy search``, crawler/archive/search.py), a quoted or credited source (its name, as
normalised words, within a source's name: ``المرصد السوري`` finds ``المرصد السوري لحقوق الإنسان``),
and leaving out copies. Records stream in publication order, ``batch`` rows at a time, so
memory stays flat however large the archive.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler.archive import search as archive_search
from crawler.archive.neardup import normalize
from crawler.archive.schema import RECORD_FIELDS, articles
from crawler.archive.storage import ARCHIVE_ERRORS, SQLStorage, open_storage
from crawler.items import JSON_FIELDS
from crawler.readers import stories as stories_mod

#: every field of an exported record, in this order
EXPORT_FIELDS: list[str] = [*RECORD_FIELDS, "story_id", "revision", "first_seen_at", "updated_at"]
DEFAULT_BATCH = 500


class ReaderError(ValueError):
    """A value the reader gave that cannot be used (a usage error: one line, exit 2)."""


class ArchiveMissing(RuntimeError):
    """The archive's URL names an SQLite file that does not exist (exit 1)."""


class CorruptRecord(RuntimeError):
    """A stored value that cannot be read (JSON that does not parse): exit 1, naming the record."""


#: what reading the archive raises: the database's errors, a schema not at head, no archive at all
READ_ERRORS: tuple[type[BaseException], ...] = (*ARCHIVE_ERRORS, ArchiveMissing)


def open_archive(url: str) -> SQLStorage:
    """The archive at ``url`` for reading; an SQLite file that is not there is ``ArchiveMissing``
    (opening it would create an empty archive and export nothing, silently)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:") and not Path(database).exists():
            raise ArchiveMissing(f"no archive at {database} (set NEWS_DB_URL to the archive)")
    return open_storage(url)


def parse_day(value: str, option: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ReaderError(f"{option} takes a day as YYYY-MM-DD, not {value!r}") from None


def check_fields(names: Iterable[str], known: Sequence[str] = EXPORT_FIELDS) -> list[str]:
    """The fields asked for, in that order; an unknown one is a ``ReaderError``."""
    chosen = []
    for given in names:
        name = given.strip()
        if not name:
            continue
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ReaderError(f"unknown field {name!r}{hint}; fields: {', '.join(known)}")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise ReaderError("no field given")
    return chosen


@dataclass(frozen=True)
class Filters:
    outlets: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    langs: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    search: str | None = None
    source: str | None = None
    no_duplicates: bool = False

    @classmethod
    def parse(
        cls,
        *,
        outlets: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        langs: Iterable[str] = (),
        sections: Iterable[str] = (),
        search: str | None = None,
        source: str | None = None,
        no_duplicates: bool = False,
        known_outlets: Iterable[str] | None = None,
    ) -> Filters:
        """Filters from the reader's words, checked: a ``ReaderError`` says what is wrong."""
        outlets = tuple(dict.fromkeys(o.strip() for value in outlets for o in value.split(",") if o.strip()))
        if known_outlets is not None:
            known = sorted(known_outlets)
            for outlet in outlets:
                if outlet not in known:
                    raise ReaderError(f"unknown outlet {outlet!r} (known: {', '.join(known)})")
        first = parse_day(since, "--since") if since else None
        last = parse_day(until, "--until") if until else None
        if first and last and first > last:
            raise ReaderError(f"--since {first} is after --until {last}")
        if search is not None and not archive_search.parse_query(search):
            raise ReaderError(f"nothing to search for in {search!r} (only punctuation?)")
        if source is not None and not normalize(source):
            raise ReaderError(f"no source name in {source!r}")
        return cls(
            outlets=outlets,
            since=first,
            until=last,
            langs=tuple(dict.fromkeys(langs)),
            sections=tuple(dict.fromkeys(sections)),
            search=search,
            source=source,
            no_duplicates=no_duplicates,
        )

    @property
    def query(self) -> archive_search.Query | None:
        return archive_search.parse_query(self.search) if self.search else None

    def where(self, dialect: str) -> list[ColumnElement[bool]]:
        """The SQL part of the filters (``exact`` does the rest in Python)."""
        clauses: list[Any] = []
        if self.outlets:
            clauses.append(articles.c.outlet.in_(self.outlets))
        if self.langs:
            clauses.append(articles.c.lang.in_(self.langs))
        if self.sections:
            clauses.append(articles.c.section.in_(self.sections))
        if self.no_duplicates:
            clauses.append(articles.c.duplicate_of.is_(None))
        window = archive_search.published_window(dialect, self.since, self.until)
        if window is not None:
            clauses.append(window)
        query = self.query
        if query:
            clauses.append(archive_search.matches(dialect, query))
        return clauses

    def exact(self) -> Callable[[dict], bool] | None:
        """The checks SQL cannot make on every backend: the window in Damascus days (SQLite keeps
        moments as text with their own offset) and the source's normalised name."""
        checks: list[Callable[[dict], bool]] = []
        if self.since or self.until:
            since, until = self.since, self.until
            checks.append(lambda rec: archive_search.in_window(rec.get("published_at"), since, until))
        if self.source:
            wanted = f" {normalize(self.source)} "
            checks.append(lambda rec: quotes(rec.get("quoted_sources"), wanted))
        if not checks:
            return None
        return lambda rec: all(check(rec) for check in checks)

    @property
    def exact_columns(self) -> list[str]:
        return (["published_at"] if self.since or self.until else []) + (["quoted_sources"] if self.source else [])


def quotes(sources: Any, wanted: str) -> bool:
    """Whether a record's quoted sources name ``wanted`` (normalised, spaces around)."""
    if isinstance(sources, str):
        sources = json.loads(sources)
    for source in sources or []:
        name = source.get("name") if isinstance(source, dict) else source
        if name and wanted in f" {normalize(str(name))} ":
            return True
    return False


def count(conn: Connection, filters: Filters, *, exact: bool = False) -> int:
    """How many records ``filters`` select: counted by the database from the SQL part (the
    exact checks may leave out a few: enough for a progress bar), or with ``exact`` by going
    through the candidates' few columns those checks need."""
    where = filters.where(conn.dialect.name)
    check = filters.exact()
    if not exact or check is None:
        return int(conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one())
    query = select(*(articles.c[c] for c in filters.exact_columns)).where(*where)
    rows = conn.execution_options(stream_results=True, yield_per=DEFAULT_BATCH).execute(query)
    return sum(1 for row in rows if check(decode(dict(row._mapping))))


def decode(data: dict[str, Any]) -> dict[str, Any]:
    """A row's JSON columns as Python values; ``CorruptRecord`` for one that does not parse."""
    for name in JSON_FIELDS:
        if isinstance(data.get(name), str):
            try:
                data[name] = json.loads(data[name])
            except ValueError:
                who = f"{data.get('outlet', '?')}/{data.get('article_id', '?')}"
                raise CorruptRecord(f"{who}: stored {name} is not JSON") from None
    return data


def iter_records(
    conn: Connection,
    filters: Filters = Filters(),
    fields: Sequence[str] = EXPORT_FIELDS,
    *,
    batch: int = DEFAULT_BATCH,
    stories: stories_mod.Stories | None = None,
) -> Iterator[dict[str, Any]]:
    """The records ``filters`` select, with ``fields`` only (in that order), in publication order
    (then the order of storing). ``story_id`` comes from ``stories`` (loaded here when not given)."""
    if "story_id" in fields and stories is None:
        stories = stories_mod.load(conn)
    wanted = [f for f in fields if f != "story_id"]
    needed = list(dict.fromkeys([*wanted, *filters.exact_columns, *(["outlet", "article_id"] if stories else [])]))
    query = (
        select(*(articles.c[name] for name in needed))
        .where(*filters.where(conn.dialect.name))
        .order_by(articles.c.published_at, articles.c.id)
    )
    exact = filters.exact()
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
    for row in result:
        data = decode(dict(row._mapping))
        if exact is not None and not exact(data):
            continue
        if stories is not None:
            data["story_id"] = stories.story_id(data["outlet"], data["article_id"])
        yield {name: data.get(name) for name in fields}


def matching_keys(conn: Connection, filters: Filters, among: ColumnElement[bool]) -> set[tuple[str, str]]:
    """(outlet, article_id) of the records ``filters`` select among those ``among`` selects."""
    columns = list(dict.fromkeys(["outlet", "article_id", *filters.exact_columns]))
    query = select(*(articles.c[c] for c in columns)).where(among, *filters.where(conn.dialect.name))
    exact = filters.exact()
    found = set()
    for row in conn.execute(query):
        data = decode(dict(row._mapping))
        if exact is None or exact(data):
            found.add((data["outlet"], data["article_id"]))
    return found


def iter_stories(conn: Connection, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """One record per story of two or more records, by first publication: the stories with at
    least one member that ``filters`` select (every member is listed)."""
    stories = stories_mod.load(conn)
    if not len(stories):
        return
    unfiltered = filters == Filters()
    keys = set() if unfiltered else matching_keys(conn, filters, stories_mod.member_rows_query())
    for story_id, members in stories.in_order():
        if unfiltered or any((m.outlet, m.article_id) in keys for m in members):
            yield stories_mod.story_record(story_id, members)
