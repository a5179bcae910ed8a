"""``scrapy search``: the best hits of a full-text query, each with a snippet of its own text.

Matching and ranking are the archive's (crawler/archive/search.py: FTS5 ``bm25`` on SQLite,
``ts_rank`` over the GIN index on PostgreSQL). The snippet is cut here from the article as
written, not from the normalised index: the words around the first match, the matching words
marked ``[…]`` (a word matches when its normalised form is one of the query's words, so ``إدلب``
is marked for the query ``ادلب``). The same on both backends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from crawler.archive import search as archive_search
from crawler.archive.neardup import normalize
from crawler.archive.schema import articles
from crawler.readers.records import Filters, count

SNIPPET_WORDS = 28
SNIPPET_BEFORE = 10


@dataclass(frozen=True)
class Hit:
    outlet: str
    article_id: str
    url: str
    title: str
    published_at: str | None
    snippet: str
    score: float

    @property
    def day(self) -> str:
        found = archive_search.publication_day(self.published_at)
        return found.isoformat() if found else "????-??-??"


def snippet(text: str, terms: list[str], words: int = SNIPPET_WORDS, before: int = SNIPPET_BEFORE) -> str:
    """About ``words`` words of ``text`` around its first word whose normalised form is one of
    ``terms``, those words marked ``[…]``; the start of ``text`` when none is there."""
    tokens = text.split()
    wanted = set(terms)
    hits = [i for i, token in enumerate(tokens) if wanted.intersection(normalize(token).split())]
    start = max(0, hits[0] - before) if hits else 0
    end = min(len(tokens), start + words)
    marked = set(hits)
    shown = [f"[{t}]" if i in marked else t for i, t in enumerate(tokens[start:end], start)]
    return ("… " if start else "") + " ".join(shown) + (" …" if end < len(tokens) else "")


def hits(conn: Connection, filters: Filters, limit: int = 10) -> tuple[list[Hit], int]:
    """The ``limit`` best hits of ``filters.search`` among the records the other filters select,
    and how many records match in all."""
    query = filters.query
    if not query:
        raise ValueError("no search")
    others = Filters(outlets=filters.outlets, since=filters.since, until=filters.until, langs=filters.langs)
    columns = [articles.c[c] for c in ("outlet", "article_id", "url", "title", "body", "published_at")]
    dialect = conn.dialect.name
    exact = others.exact()
    found: list[Hit] = []
    # a window is checked exactly here (SQLite narrows it by text): ask for a few more than needed
    rows = conn.execute(archive_search.ranked(dialect, query, columns, others.where(dialect), limit * 2 + 10))
    for row in rows:
        data: dict[str, Any] = dict(row._mapping)
        if exact is not None and not exact(data):
            continue
        found.append(
            Hit(
                outlet=data["outlet"],
                article_id=data["article_id"],
                url=data["url"],
                title=data["title"] or "",
                published_at=data["published_at"],
                snippet=snippet(data["body"] or data["title"] or "", query.terms),
                score=float(data["score"] or 0),
            )
        )
        if len(found) >= limit:
            break
    return found, count(conn, filters, exact=True)
