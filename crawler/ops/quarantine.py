"""Quarantine: article pages that failed parsing or validation, kept whole until a parser fix.

Nothing is lost: a page that matched no template, or whose record failed the article schema
(crawler/schema/article.json: no title, no body, no minute-exact ``published_at`` …), is kept
here with its raw bytes, URL, outlet, the templates tried, the reason, when it was first and
last seen and how often. It is never stored as an article (no empty record reaches
``articles``). ``scrapy quarantine SPIDER`` lists the pages; after a parser fix,
``scrapy reparse SPIDER --quarantined`` re-extracts them offline: a page whose record now passes
is stored and leaves the quarantine, the rest stay.

The validate step decides (it raises a drop with ``quarantine`` set, reason key
``quarantined``); ``QuarantineKeeper`` writes the row from Scrapy's ``item_dropped`` signal,
which carries the response the bytes came from, and removes it when the same article is later
stored (``item_scraped``) or found unchanged in storage.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator

from scrapy import signals
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from crawler.archive.schema import quarantined
from crawler.archive.storage import now_iso, storage_for, take_turns

logger = logging.getLogger(__name__)


def put(
    engine,
    *,
    outlet: str,
    article_id: str,
    url: str,
    reason: str,
    templates: list[str],
    body: bytes,
    fetched_url: str = "",
    status: int | None = 200,
    encoding: str | None = None,
    content_type: str | None = None,
) -> str:
    """Quarantine a page, or refresh its row (reason, bytes, last seen); ``new`` or ``again``."""
    stamp = now_iso()
    values = dict(
        url=url,
        fetched_url=fetched_url,
        reason=reason,
        templates=json.dumps(templates, ensure_ascii=False),
        status=status,
        encoding=encoding,
        content_type=content_type,
        last_seen_at=stamp,
        body_zlib=zlib.compress(body or b"", 6),
    )
    key = (quarantined.c.outlet == outlet) & (quarantined.c.article_id == article_id)
    with engine.begin() as conn:
        take_turns(conn, f"quarantine:{outlet}/{article_id}")  # one row, however many writers
        row = conn.execute(select(quarantined.c.times_seen).where(key)).first()
        if row is None:
            conn.execute(
                quarantined.insert().values(
                    outlet=outlet, article_id=article_id, first_seen_at=stamp, times_seen=1, **values
                )
            )
            return "new"
        conn.execute(quarantined.update().where(key).values(times_seen=row.times_seen + 1, **values))
        return "again"


def release(engine, outlet: str, article_id: str) -> bool:
    """Take a page out of the quarantine (its record was stored); True if it was there."""
    with engine.begin() as conn:
        result = conn.execute(
            quarantined.delete().where(quarantined.c.outlet == outlet, quarantined.c.article_id == article_id)
        )
    return bool(result.rowcount)


def rows(engine, outlet: str | None = None) -> list[dict]:
    """Quarantined pages without their bytes, most recently seen first."""
    cols = [c for c in quarantined.c if c.name != "body_zlib"]
    query = select(*cols).order_by(quarantined.c.last_seen_at.desc(), quarantined.c.url)
    if outlet:
        query = query.where(quarantined.c.outlet == outlet)
    with engine.connect() as conn:
        return [dict(r._mapping, templates=json.loads(r.templates or "[]")) for r in conn.execute(query)]


def iter_pages(engine, outlet: str) -> Iterator[dict]:
    """Quarantined pages with their raw bytes, in the shape of ``SQLStorage.iter_pages``."""
    query = select(quarantined).where(quarantined.c.outlet == outlet).order_by(quarantined.c.article_id)
    with engine.connect() as conn:
        found = [dict(r._mapping) for r in conn.execute(query)]
    for page in found:
        page["body"] = zlib.decompress(page.pop("body_zlib") or zlib.compress(b""))
        yield page


def format_rows(found: list[dict]) -> list[str]:
    """One line per page, starting with its URL, then the reason (``scrapy quarantine``)."""
    return [
        f"{r['url']}  {r['reason']}  [outlet {r['outlet']}, id {r['article_id']}, templates tried: "
        f"{', '.join(r['templates']) or '-'}; first seen {r['first_seen_at']}, last seen {r['last_seen_at']}, "
        f"{r['times_seen']}x]"
        for r in found
    ]


class QuarantineKeeper:
    """Writes quarantine rows for the drops the validate step marks, with the bytes they came
    from, and releases a page once its article is stored. Counts ``news/quarantine/new`` and
    ``news/quarantine/again``, ``news/quarantine/released``."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.held: set[tuple[str, str]] = set()  # (outlet, article_id) in quarantine: no DELETE per stored record

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    @property
    def engine(self):
        return storage_for(self.crawler).engine

    def spider_opened(self, spider):
        try:
            with self.engine.connect() as conn:
                query = select(quarantined.c.outlet, quarantined.c.article_id).where(
                    quarantined.c.outlet == spider.name
                )
                self.held = {(r.outlet, r.article_id) for r in conn.execute(query)}
        except SQLAlchemyError as exc:
            logger.warning("could not read the quarantine: %s", exc)

    def item_dropped(self, item, response, exception, spider):
        why = getattr(exception, "quarantine", None)
        if why is None:
            if getattr(exception, "reason", None) == "already_stored":
                self._release(item)  # re-extracted and found identical to the stored record
            return
        body = getattr(item, "_raw", None)
        if body is not None:
            ctype, encoding, status = (
                getattr(item, "_raw_content_type", None),
                getattr(item, "_raw_encoding", None),
                200,
            )
        elif response is not None:
            body, status = response.body, response.status
            ctype = response.headers.get("Content-Type", b"").decode("latin-1") or None
            encoding = getattr(response, "encoding", None)
        else:
            body, ctype, encoding, status = b"", None, None, None
        try:
            outcome = put(
                self.engine,
                outlet=item.outlet,
                article_id=str(item.article_id),
                url=item.url,
                fetched_url=getattr(item, "fetched_url", "") or "",
                reason=why,
                templates=list(getattr(item, "templates", None) or [item.template]),
                body=body,
                status=status,
                encoding=encoding,
                content_type=ctype,
            )
        except SQLAlchemyError as exc:
            logger.error("could not quarantine %s (%s): %s", item.url, why, exc)
            self.stats.inc_value("news/errors/quarantine_write")
            self.stats.inc_value("news/fatal/storage_error")
            return
        self.held.add((item.outlet, str(item.article_id)))
        self.stats.inc_value(f"news/quarantine/{outcome}")

    def item_scraped(self, item, response, spider):
        self._release(item)

    def _release(self, item) -> None:
        key = (getattr(item, "outlet", ""), str(getattr(item, "article_id", "")))
        if key not in self.held:
            return
        self.held.discard(key)
        try:
            if release(self.engine, item.outlet, str(item.article_id)):
                self.stats.inc_value("news/quarantine/released")
                logger.info("out of quarantine: %s", item.url)
        except SQLAlchemyError as exc:
            logger.warning("could not release %s from quarantine: %s", item.url, exc)
