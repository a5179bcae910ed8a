"""Find one stored article by its id or by any of its URL forms (``scrapy show``)."""

from __future__ import annotations

import zlib
from collections.abc import Callable

from sqlalchemy import select

from crawler.archive.storage import SQLStorage, articles, from_row, pages
from crawler.extract.urls import url_key


def article_id_for(store: SQLStorage, outlet: str, key: str, id_of_url: Callable[[str], str | None]) -> str | None:
    """The stored article id that ``key`` names: the id itself, the id in a URL (any form the
    outlet's parser reads), or a stored URL equal to it up to scheme, ``www.``, tracking and AMP."""
    with store.engine.connect() as conn:
        mine = articles.c.outlet == outlet
        if conn.execute(select(articles.c.id).where(mine, articles.c.article_id == key)).first():
            return key
        if "/" not in key:
            return None
        found = id_of_url(key)
        if found and conn.execute(select(articles.c.id).where(mine, articles.c.article_id == found)).first():
            return found
        wanted = url_key(key)
        for row in conn.execute(select(articles.c.article_id, articles.c.url).where(mine)):
            if url_key(row.url) == wanted:
                return str(row.article_id)
    return None


def record(store: SQLStorage, outlet: str, article_id: str) -> dict | None:
    """The stored row (record fields plus revision, first_seen_at, updated_at)."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(articles).where(articles.c.outlet == outlet, articles.c.article_id == article_id)
        ).first()
    if row is None:
        return None
    data = from_row(row)
    data.pop("id", None)
    return data


def raw_page(store: SQLStorage, outlet: str, article_id: str) -> tuple[bytes, dict] | None:
    """The stored raw page behind the record and its metadata (url, status, content type, fetched at)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(pages).where(pages.c.outlet == outlet, pages.c.article_id == article_id)).first()
    if row is None:
        return None
    meta = dict(row._mapping)
    body = zlib.decompress(meta.pop("body_zlib"))
    return body, meta
