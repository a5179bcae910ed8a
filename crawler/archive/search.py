"""Finding articles in the archive: full-text matches on the normalised text, and publication windows.

The text searched is ``articles.search_text`` (title and body through crawler/archive/neardup.py
``normalize``: harakat, superscript alef and tatweel dropped; أ إ آ ٱ folded to ا, ى and ئ to ي, ؤ to و,
ة to ه, lone hamza dropped; Arabic-Indic digits ASCII; Latin case-folded; punctuation made
spaces), filled on every store. A query goes through the same ``normalize``, so ``ادلب`` finds
``إدلب`` and ``مستشفى`` finds ``مستشفي``. Its words must all occur (in any order); a part in double
quotes must occur as a phrase (``"ريف ادلب" قصف``).

Arabic writes conjunctions, prepositions and the article on the word (``بدمشق``, ``والمرصد``,
``للمرصد``), and the index holds words as written, so each Arabic word of a query (three letters or
more) is looked for in the forms it takes with them (``written_forms``): ``دمشق`` finds ``بدمشق``,
``ودمشق``, ``لدمشق``; ``المرصد`` finds ``والمرصد``, ``بالمرصد``, ``للمرصد``. Only the first word of a
phrase takes them (``"ريف ادلب"`` finds ``بريف ادلب``). A bare كـ is left out (``امل`` would find
``كامل``); before the article it is kept (``كالعاده``). A word typed with its prefix is looked for as
typed.

The index and the query are each backend's own, and nothing dialect-specific leaves this module:

- SQLite: the FTS5 table ``articles_fts`` (crawler/archive/schema.py, revision 0003) ``MATCH``
  an FTS5 expression of quoted terms (``"ريف ادلب" "قصف"``), ranked by ``bm25``;
- PostgreSQL: ``to_tsvector('simple', coalesce(search_text, ''))`` (the GIN index of revision
  0002) ``@@`` ``plainto_tsquery`` of the words ``&&`` a ``phraseto_tsquery`` per phrase,
  ranked by ``ts_rank``.

A publication window (``published_window``) is days in Damascus time, inclusive: exact on
PostgreSQL (``timestamptz`` against the day's bounds); on SQLite, where a moment is the ISO text
as written (with its own offset), a text range one day wider on each side, so that the caller's
exact check (``in_window``) sees every candidate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, bindparam, column, func, literal_column, select, table

from crawler.archive.neardup import normalize
from crawler.archive.schema import SEARCH_FTS, articles
from crawler.archive.types import ARTICLE_ZONE, to_moment

#: the expression the PostgreSQL GIN index is built on (schema.SEARCH_INDEX_DDL), spelt the same
#: so the planner uses the index
PG_VECTOR = "to_tsvector('simple', coalesce(articles.search_text, ''))"


#: proclitics a normalised Arabic word is written with (see the module docstring): و and ف,
#: ب and ل, and their pairs; before the article also كـ, and لـ + the article is written لل
_PROCLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
_ARTICLE_PROCLITICS = ("و", "ف", "ب", "ك", "وب", "وك", "فب", "فك")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")  # a normalised word in Arabic letters only


def written_forms(word: str) -> tuple[str, ...]:
    """The forms a normalised word is written with in Arabic text, itself first: with the
    proclitics a word takes (none for a word not in Arabic letters, or shorter than three)."""
    if not _ARABIC_WORD.fullmatch(word):
        return (word,)
    if word.startswith("ال") and len(word) > 3:
        stem = word[2:]
        return (word, *(p + word for p in _ARTICLE_PROCLITICS), "لل" + stem, "ولل" + stem, "فلل" + stem)
    return (word, *(p + word for p in _PROCLITICS))


def _phrase_forms(phrase: tuple[str, ...]) -> list[str]:
    """A phrase's written forms: its first word's forms, the rest as typed."""
    rest = " ".join(phrase[1:])
    return [f"{form} {rest}".strip() for form in written_forms(phrase[0])]


def _fts5_any(texts: list[str]) -> str:
    quoted = [f'"{t}"' for t in texts]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


@dataclass(frozen=True)
class Query:
    """A search as the index sees it: normalised words that must all occur, and phrases."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def terms(self) -> list[str]:
        """Every normalised word of the query, in each of its written forms (for highlighting)."""
        return [form for w in [*self.words, *(w for p in self.phrases for w in p)] for form in written_forms(w)]

    def fts5(self) -> str:
        """The FTS5 expression: every word and phrase quoted (no operator can slip in), each word
        as any of its written forms, each phrase with any of its first word's."""
        return " AND ".join(
            [_fts5_any(list(written_forms(w))) for w in self.words]
            + [_fts5_any(_phrase_forms(p)) for p in self.phrases]
        )


def parse_query(raw: str) -> Query:
    """The query ``raw`` normalised: parts in double quotes are phrases, the rest single words (an
    unbalanced quote runs to the end). Empty when nothing searchable is left (only punctuation)."""
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for i, part in enumerate(raw.replace("“", '"').replace("”", '"').split('"')):
        found = normalize(part).split()
        if i % 2 == 1 and len(found) > 1:
            phrases.append(tuple(found))
        else:
            words.extend(found)
    return Query(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(phrases)))


def _pg_tsquery(query: Query) -> ColumnElement[Any]:
    """Each word as any of its written forms (``||`` of ``plainto_tsquery``), each phrase as any
    of its forms (``||`` of ``phraseto_tsquery``), all of them (``&&``)."""
    simple: ColumnElement[Any] = literal_column("'simple'")

    def any_of(fn, texts: list[str]) -> ColumnElement[Any]:
        combined = fn(simple, texts[0])
        for t in texts[1:]:
            combined = combined.op("||")(fn(simple, t))
        return combined.self_group()

    parts = [any_of(func.plainto_tsquery, list(written_forms(w))) for w in query.words]
    parts += [any_of(func.phraseto_tsquery, _phrase_forms(p)) for p in query.phrases]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined.op("&&")(part)
    return combined


def _fts_match(query: Query) -> ColumnElement[bool]:
    return literal_column(SEARCH_FTS).op("MATCH", is_comparison=True)(bindparam("search_fts", query.fts5()))


def matches(dialect: str, query: Query) -> ColumnElement[bool]:
    """A WHERE clause over ``articles``: the article's text matches ``query``."""
    if not query:
        raise ValueError("an empty search")
    if dialect == "postgresql":
        return literal_column(PG_VECTOR).op("@@", is_comparison=True)(_pg_tsquery(query))
    if dialect == "sqlite":
        hits: Select[Any] = select(literal_column("rowid")).select_from(table(SEARCH_FTS)).where(_fts_match(query))
        return articles.c.id.in_(hits)
    raise ValueError(f"full-text search is not built for {dialect}")


def ranked(dialect: str, query: Query, columns: Sequence, where: Sequence = (), limit: int = 10) -> Select:
    """``columns`` of the ``limit`` articles that match ``query`` best (then the newest first),
    with their ``score``; ``where`` narrows them (outlet, window)."""
    if not query:
        raise ValueError("an empty search")
    newest = articles.c.published_at.desc()
    if dialect == "postgresql":
        tsquery = _pg_tsquery(query)
        score = func.ts_rank(literal_column(PG_VECTOR), tsquery).label("score")
        return (
            select(*columns, score)
            .where(literal_column(PG_VECTOR).op("@@", is_comparison=True)(tsquery), *where)
            .order_by(score.desc(), newest, articles.c.id)
            .limit(limit)
        )
    if dialect == "sqlite":
        score = func.bm25(literal_column(SEARCH_FTS)).label("score")  # lower is better
        fts = table(SEARCH_FTS, column("rowid"))
        return (
            select(*columns, score)
            .select_from(fts.join(articles, articles.c.id == fts.c.rowid))
            .where(_fts_match(query), *where)
            .order_by(score, newest, articles.c.id)
            .limit(limit)
        )
    raise ValueError(f"full-text search is not built for {dialect}")


# -- publication windows ------------------------------------------------------------------------------


def day_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """The window as instants: ``since`` 00:00 and the day after ``until`` 00:00, Damascus time."""
    zone = ZoneInfo(ARTICLE_ZONE)
    start = datetime.combine(since, time(), zone) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), zone) if until else None
    return start, end


def published_window(dialect: str, since: date | None, until: date | None) -> ColumnElement | None:
    """A WHERE clause over ``articles.published_at`` for the window (None: no window). Exact on
    PostgreSQL; one day wider on each side on SQLite (see the module docstring)."""
    if since is None and until is None:
        return None
    column = articles.c.published_at
    clauses = []
    if dialect == "postgresql":
        start, end = day_bounds(since, until)
        if start is not None:
            clauses.append(column >= start)
        if end is not None:
            clauses.append(column < end)
    else:
        if since is not None:
            clauses.append(column >= (since - timedelta(days=1)).isoformat())
        if until is not None:
            clauses.append(column < (until + timedelta(days=2)).isoformat())
    return and_(*clauses)


def publication_day(published_at: str | None) -> date | None:
    """The day an ISO moment falls on in Damascus."""
    moment = to_moment(published_at, ARTICLE_ZONE)
    return moment.astimezone(ZoneInfo(ARTICLE_ZONE)).date() if moment else None


def in_window(published_at: str | None, since: date | None, until: date | None) -> bool:
    """The exact check: the article's publication day (Damascus) is within the window."""
    if since is None and until is None:
        return True
    day = publication_day(published_at)
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)
