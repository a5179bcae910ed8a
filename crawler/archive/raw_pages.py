"""The raw bytes behind every record.

``RawPageArchiveMiddleware`` (spider middleware): every article page (a response whose request carries
  ``meta["article_id"]``) is kept compressed in the ``pages`` table, parsed or not, so a parser
  fix can re-extract it later without fetching again. When that write fails (the database is
  busy or down), the bytes stay attached to the record (``attach_raw``, ``unarchived``) and the
  storage step saves them with it, or spools both (pipelines/storage.py).
"""

from __future__ import annotations

import logging

from crawler.archive.storage import describe_error, is_transient, storage_for
from crawler.items import Article

logger = logging.getLogger(__name__)


class RawPageArchiveMiddleware:
    """Archives the raw bytes behind every record: the page, or (for records built from an API
    answer holding many posts) the bytes the spider attached with ``attach_raw``. A page that
    yields no record (a parse failure) is archived under its request's ``article_id``."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result, spider=None):
        if getattr(self.crawler.spider, "canary", False):  # a check, not a fetch for the archive
            yield from result
            return
        produced = False
        for element in result:
            if isinstance(element, Article):
                produced = True
                self._archive_item(element, response)
            yield element
        if not produced:
            self._archive_unparsed(response)

    async def process_spider_output_async(self, response, result, spider=None):
        if getattr(self.crawler.spider, "canary", False):
            async for element in result:
                yield element
            return
        produced = False
        async for element in result:
            if isinstance(element, Article):
                produced = True
                self._archive_item(element, response)
            yield element
        if not produced:
            self._archive_unparsed(response)

    def _archive_item(self, item: Article, response) -> None:
        raw = getattr(item, "_raw", None)
        if raw is not None:
            # set together with ``_raw`` by attach_raw (attributes outside the record's fields)
            encoding, content_type = getattr(item, "_raw_encoding", None), getattr(item, "_raw_content_type", None)
            saved = self._save(item.outlet, item.article_id, item.url, raw, 200, encoding, content_type, carried=True)
        else:
            saved = self._save(
                item.outlet,
                item.article_id,
                item.url,
                response.body,
                response.status,
                getattr(response, "encoding", None),
                _ctype(response),
                carried=True,
            )
            if not saved:
                attach_raw(item, response.body, _ctype(response), getattr(response, "encoding", None))
        if not saved:
            unarchived(item)

    def _archive_unparsed(self, response) -> None:
        article_id = response.meta.get("article_id")
        spider = self.crawler.spider
        if article_id and response.status == 200:
            self._save(
                spider.name,
                str(article_id),
                spider.real_url(response.url),
                response.body,
                response.status,
                getattr(response, "encoding", None),
                _ctype(response),
            )

    def _save(self, outlet, article_id, url, body, status, encoding, content_type, carried: bool = False) -> bool:
        """Archive the bytes; False when the database did not take them. ``carried``: they stay
        attached to a record, which the storage step saves them with (or spools), so a database
        that does not answer for a moment (``is_transient``) is no error yet."""
        try:
            storage_for(self.crawler).save_page(
                outlet, article_id, url, body, status=status, encoding=encoding, content_type=content_type
            )
            self.crawler.stats.inc_value("news/raw_pages_archived")
        except Exception as exc:  # archiving must never cost us the article itself
            if carried and is_transient(exc):
                logger.warning("raw page %s not archived yet (%s): kept with its record", url, describe_error(exc))
                self.crawler.stats.inc_value("news/raw_pages_deferred")
                return False
            logger.error("could not archive raw page %s: %s", url, describe_error(exc))
            self.crawler.stats.inc_value("news/errors/raw_archive")
            return False
        return True


def attach_raw(item, raw: bytes, content_type: str | None = "application/json", encoding: str | None = "utf-8"):
    """Give a record (or a ``PageFailure``) the raw bytes it was built from, when that is not the
    whole response: one post of an API answer, or a stored page being re-extracted."""
    item._raw = raw
    item._raw_content_type = content_type
    item._raw_encoding = encoding
    return item


def unarchived(item, pending: bool = True):
    """Mark a record whose attached raw bytes are not in the ``pages`` table yet (the archive write
    failed, or they come from the spool): the storage step saves them with the record, or spools
    both (pipelines/storage.py)."""
    item._raw_unarchived = pending
    return item


def is_unarchived(item) -> bool:
    return bool(getattr(item, "_raw_unarchived", False)) and getattr(item, "_raw", None) is not None


def _ctype(response) -> str | None:
    return response.headers.get("Content-Type", b"").decode("latin-1") or None
