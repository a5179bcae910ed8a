"""Datasette plugin (``make browse``): the search box normalises Arabic as the archive's index does.

Datasette turns a table's search into ``… MATCH escape_fts(:search)``. This plugin registers its
own ``escape_fts`` on every connection, after Datasette's (``trylast``), which puts the query
through crawler/archive/search.py ``parse_query`` (the archive's ``normalize``: hamza and alef
forms folded, harakat and tatweel dropped, ى → ي, ة → ه) before quoting it for FTS5: ``ادلب``,
``إدلب`` and ``إِدْلِب`` all find the articles that say ``إدلب``. Words in double quotes stay a
phrase. It also gives SQL queries ``normalize_ar(text)``, the same normalisation.
"""

from __future__ import annotations

from datasette import hookimpl

from crawler.archive.neardup import normalize
from crawler.archive.search import parse_query


def normalized_fts(query: str | None) -> str:
    """The FTS5 expression of a search box's text, normalised as the index is."""
    return parse_query(query or "").fts5() or '""'


@hookimpl(trylast=True)
def prepare_connection(conn) -> None:
    conn.create_function("escape_fts", 1, normalized_fts, deterministic=True)
    conn.create_function("normalize_ar", 1, lambda text: normalize(text or ""), deterministic=True)
