"""What the archive already holds, asked about the articles a run meets: known-ness at any archive size.

For each article a discovery page lists, a run decides whether to fetch it: not when it is stored
and its listed ``lastmod`` is not newer than the stored one, nor (cron) when it is gone (answered
404 on enough runs: crawler/ops/crawlstate.py). Loading every stored article of the outlet to
decide that made a cron run cost 6.7 KB and 0.18 ms per stored article, 1.4 GB and 40 s at
200,000 articles for a run of five requests (issue 18). Here nothing grows with the archive:

- ``KnownArticles.prefetch(keys)`` asks about up to ``BATCH`` keys per query, over indexed
  columns only: ``articles (outlet, article_id)`` (the unique constraint), ``articles (outlet,
  url_key)`` (revision 0005) and ``gone_articles (outlet, article_id)`` (its primary key). A
  spider prefetches what a page lists (a sitemap's thousand URLs, a feed's twenty) before it
  checks them one by one; a key it did not prefetch is asked alone.
- ``stored(key)`` and ``gone(key)`` answer from a memo of the last ``capacity`` keys asked (least
  recently used out first), each holding the stored article's id and its modified (else
  published) time, never its text: memory is bounded whatever the archive's size.
- ``iter_stored`` streams the stored articles of an outlet (``refresh=stored``) by keyset
  pagination, a batch at a time, no cursor held open between batches.

Keys are the spider's: an article id, or ``url:<url key>`` for a URL (crawler/extract/urls.py
``url_key``). The memo keeps the first answer a run got for a key: an article this run stores
after it asked about it stays unknown to the run's later checks (a listing's "stop at the first
stored article" must not stop at what this run just fetched), as long as the key is in the memo;
the spider asks about every article before it requests it.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from crawler.archive.schema import articles, gone_articles
from crawler.archive.storage import describe_error, is_transient

logger = logging.getLogger(__name__)

#: keys per query: well under SQLite's 32,766 bound parameters and PostgreSQL's 65,535
BATCH = 500
#: keys whose answers a run keeps (two per article: its id and its URL key; a monthly sitemap of
#: 2,000 URLs is 4,000), about 300 bytes each: 3 MB at most
MEMO_CAPACITY = 10_000
URL_PREFIX = "url:"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What a known-ness check needs of a stored article: its id and when it last changed."""

    article_id: str
    changed_at: str | None  # modified_at, else published_at (ISO 8601)


@dataclass(frozen=True, slots=True)
class _Answer:
    stored: StoredArticle | None
    gone: bool


#: seconds a run waits after the archive failed to answer before it asks again
RETRY_AFTER = 5.0
#: the answer while the archive does not answer: not stored, not gone (so it is fetched)
UNKNOWN = _Answer(None, False)


def _chunks(keys: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


class KnownArticles:
    """One run's questions to the archive about one outlet's articles (see the module docstring).
    ``gone``: also ask the 404 memory (a cron run without refresh); ``on_batch(self)`` is called
    after each batch of questions (the run's stats: ``queries``, ``rows_read``, ``peak``)."""

    def __init__(
        self,
        engine: Engine,
        outlet: str,
        *,
        gone: bool = False,
        capacity: int = MEMO_CAPACITY,
        on_batch: Callable[[KnownArticles], None] | None = None,
    ):
        self.engine = engine
        self.outlet = outlet
        self.ask_gone = gone
        self.capacity = capacity
        self.on_batch = on_batch
        self.memo: OrderedDict[str, _Answer] = OrderedDict()
        self.queries = 0  # queries sent
        self.rows_read = 0  # rows they returned
        self.peak = 0  # the most answers the memo held at once
        self.unavailable = 0  # queries the archive did not answer (transient errors)
        self.answering = True  # the last question got an answer
        self.retry_at = 0.0  # when not answering: no question before this (time.monotonic())

    # -- answers ------------------------------------------------------------------------------------
    def stored(self, key: str) -> StoredArticle | None:
        """The stored article this key (an id, or ``url:<url key>``) names, or None."""
        return self._answer(key).stored

    def gone(self, key: str) -> bool:
        """The article counts as gone (never true unless ``gone`` was asked for)."""
        return self.ask_gone and self._answer(key).gone

    def _answer(self, key: str) -> _Answer:
        answer = self.memo.get(key)
        if answer is None:
            self.prefetch([key])
            answer = self.memo.get(key, UNKNOWN)  # UNKNOWN: the archive did not answer
        else:
            self.memo.move_to_end(key)
        return answer

    # -- questions ----------------------------------------------------------------------------------
    def prefetch(self, keys: Iterable[str]) -> None:
        """Ask the archive about every key not answered yet, ``BATCH`` keys per query."""
        if not self.answering and time.monotonic() < self.retry_at:
            return  # the archive just failed to answer: not every key waits for its timeout again
        wanted = list(dict.fromkeys(k for k in keys if k and k not in self.memo))
        for chunk in _chunks(wanted, BATCH):
            ids = [k for k in chunk if not k.startswith(URL_PREFIX)]
            url_keys = [k[len(URL_PREFIX) :] for k in chunk if k.startswith(URL_PREFIX)]
            try:
                by_id = self._by_id(ids) if ids else {}
                by_url = self._by_url_key(url_keys) if url_keys else {}
                gone = self._gone_among(chunk) if self.ask_gone else set()
            except SQLAlchemyError as exc:
                if not is_transient(exc):
                    raise
                self._unavailable(exc, chunk)
                if self.on_batch is not None:
                    self.on_batch(self)
                continue
            self.answering = True
            for key in chunk:
                found = by_url.get(key[len(URL_PREFIX) :]) if key.startswith(URL_PREFIX) else by_id.get(key)
                self._remember(key, _Answer(found, key in gone))
            if self.on_batch is not None:
                self.on_batch(self)

    def _unavailable(self, exc: SQLAlchemyError, chunk: list[str]) -> None:
        """The archive did not answer (a server restarting or down mid-crawl): these articles count
        as unknown for now (asked again next time), so they are fetched; the storage step stores
        them, or spools them while the archive is away, and a stored one comes out unchanged.
        Fetching a page too many beats dropping an article, or the run, for a question."""
        if not self.unavailable:
            logger.warning(
                "the archive did not answer what %s already holds (%s): listed articles count as new until it does",
                self.outlet,
                describe_error(exc),
            )
        self.unavailable += 1
        self.answering = False
        self.retry_at = time.monotonic() + RETRY_AFTER
        for key in chunk:
            self.memo.pop(key, None)

    def _remember(self, key: str, answer: _Answer) -> None:
        self.memo[key] = answer
        self.memo.move_to_end(key)
        while len(self.memo) > self.capacity:
            self.memo.popitem(last=False)
        self.peak = max(self.peak, len(self.memo))

    def _rows(self, query) -> Sequence:
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        self.queries += 1
        self.rows_read += len(rows)
        return rows

    def _by_id(self, ids: list[str]) -> dict[str, StoredArticle]:
        c = articles.c
        query = select(c.article_id, c.modified_at, c.published_at).where(
            c.outlet == self.outlet, c.article_id.in_(ids)
        )
        return {r.article_id: StoredArticle(r.article_id, r.modified_at or r.published_at) for r in self._rows(query)}

    def _by_url_key(self, url_keys: list[str]) -> dict[str, StoredArticle]:
        c = articles.c
        query = (
            select(c.url_key, c.article_id, c.modified_at, c.published_at)
            .where(c.outlet == self.outlet, c.url_key.in_(url_keys))
            .order_by(c.id)  # two articles under one URL (never seen): the later one answers, as before
        )
        return {r.url_key: StoredArticle(r.article_id, r.modified_at or r.published_at) for r in self._rows(query)}

    def _gone_among(self, keys: list[str]) -> set[str]:
        g = gone_articles.c
        query = select(g.article_id).where(g.outlet == self.outlet, g.article_id.in_(keys), g.gone_at.is_not(None))
        return {r.article_id for r in self._rows(query)}


def any_stored(engine: Engine, outlet: str) -> bool:
    """The archive holds at least one article of ``outlet`` (one index probe, not a count)."""
    query = select(articles.c.id).where(articles.c.outlet == outlet).limit(1)
    with engine.connect() as conn:
        return conn.execute(query).first() is not None


def iter_stored(engine: Engine, outlet: str, batch: int = 1000) -> Iterator[dict]:
    """Every stored article of ``outlet`` (``article_id``, ``url``, ``published_at``) in article id
    order, ``batch`` rows per query (keyset pagination on the unique index): ``refresh=stored``
    walks the whole archive with the memory of one batch, and holds no cursor open while the
    crawl goes on between batches."""
    c = articles.c
    last = None
    while True:
        query = select(c.article_id, c.url, c.published_at).where(c.outlet == outlet)
        if last is not None:
            query = query.where(c.article_id > last)
        with engine.connect() as conn:
            rows = conn.execute(query.order_by(c.article_id).limit(batch)).all()
        for row in rows:
            yield {"article_id": row.article_id, "url": row.url, "published_at": row.published_at}
        if len(rows) < batch:
            return
        last = rows[-1].article_id
