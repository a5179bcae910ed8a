"""Step 4: write the record. Never lose it, never hang on it.

- **Waits are bounded.** A write the database refuses for a while (busy: a long transaction, a
  backup; or unreachable) is tried again after a pause (``NEWS_STORAGE_BACKOFF``, doubled up to
  2 s; the waiting records take turns) within ``NEWS_STORAGE_BUDGET`` seconds (15) per record. An
  SQLite statement waits at most ``NEWS_SQLITE_BUSY_TIMEOUT`` (2 s) for a lock, and only 0.05 s
  while writes fail (in every step of the crawl: the raw page archive and dedupe too). The pauses
  do not hold up the crawl (other responses and records go on meanwhile) and a SIGTERM ends them
  at once.
- **Past the budget** (at once for an error a retry cannot mend: disk full, read-only, a record the
  database rejects) the record goes to the spool of this database (crawler/archive/spool.py): one
  fsync'ed line with the record and, when they are not archived yet, the raw bytes it came from.
  Counted ``news/storage/spooled``; the run is FAILED (``storage_error``, the SUMMARY says how
  many records, why and where they wait). The next run's spider
  replays it through every step (``news/storage/replayed``, ``replayed=`` in the SUMMARY).
- **A database that stays down** does not cost every record its budget: once one record waited
  it out, the next are spooled after one quick try until a write succeeds again. So does a
  shutdown (SIGTERM): what the database does not take at once is spooled.
- **A record the dedupe step could not check** (the database did not answer then: ``_dedupe_pending``,
  pipelines/dedupe.py) is checked here first, as part of each try: stored unchanged already, it is
  dropped; otherwise it gets its near-duplicate mark and index entry before it is written. So a
  server restart in the middle of a crawl costs waiting, not a record nor a check.
- **Raw pages.** A record whose raw page could not be archived (crawler/archive/raw_pages.py: the
  bytes stay attached, marked ``unarchived``) or that comes from the spool has its page saved here,
  before the record (``news/storage/raw_pages_saved``), and its near-duplicate index entry written
  if the dedupe step could not.
- **When the spool cannot be written either** (disk full, read-only: ``OSError``), nothing fetched
  can be kept: the record is counted (``news/storage/lost``, ``dropped={lost: N}``) and logged by
  URL, and the run stops fetching, FAILED with ``storage_full`` (no space) or ``storage_down``.

Log lines name the record's URL and the error's class and kind, never SQL, parameters or text.
"""

from __future__ import annotations

import errno
import logging
import time

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.task import deferLater

from crawler.archive import neardup
from crawler.archive.raw_pages import is_unarchived, unarchived
from crawler.archive.spool import RawBytes, spool_for
from crawler.archive.storage import TRANSIENT_KINDS, RawPage, describe_error, error_kind, storage_for
from crawler.ops.drops import drop
from pipelines.dedupe import DedupePipeline

logger = logging.getLogger(__name__)

RETRYABLE = TRANSIENT_KINDS
MAX_PAUSE = 2.0  # seconds between two tries, at most
TICK = 0.25  # a waiting record looks at least this often whether the crawl stops or the database is down
QUICK_WAIT = 0.05  # seconds an SQLite statement waits for a lock while writes fail
NOT_SETTLED = {"lost", "left_in_spool"}  # drops whose record is not safe anywhere new


class StoragePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.budget = max(0.0, settings.getfloat("NEWS_STORAGE_BUDGET", 15.0))
        self.backoff = max(0.01, settings.getfloat("NEWS_STORAGE_BACKOFF", 0.5))
        self.busy_timeout = settings.getfloat("NEWS_SQLITE_BUSY_TIMEOUT", 2.0)
        self.neardup_enabled = settings.getbool("NEWS_NEARDUP_ENABLED", True)
        self.failing = False  # a write failed and none succeeded since: every database wait is short
        self.failing_since = 0.0
        self.down = False  # a record waited out its budget: one quick try per record, until a write succeeds
        self.crawling = False
        self.shutting_down = False
        self.stopped_fetching = False  # the spool failed too: the run was closed
        self.next_try = 0.0  # no record tries again before this (monotonic), so waiting ones take turns
        self.pause = self.backoff
        self._dedupe: DedupePipeline | None = None
        self.spool_cause = ""  # why the first record of the run was spooled (for the SUMMARY)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        return pipeline

    def spider_opened(self, spider=None):
        self.crawling = True  # a crawl by the engine (not a pipeline driven by hand)

    @property
    def spool(self):
        return spool_for(self.crawler)

    def open_spider(self, spider=None):
        pass  # the spider replays the spool (crawler/spiders/base.py ``start``)

    def close_spider(self, spider=None):
        spool = getattr(self.crawler, "_news_spool", None)
        if spool is not None:
            spool.close()
        store = getattr(self.crawler, "_news_storage", None)
        if store is not None:
            store.close()

    def item_dropped(self, item, response=None, exception=None, spider=None):
        """A replayed record dropped on purpose (already stored, quarantined) is settled."""
        if getattr(exception, "reason", None) not in NOT_SETTLED:
            self.spool.settle(item)

    # -- the step ------------------------------------------------------------------------------------
    def process_item(self, item, spider=None):
        """The item once stored or spooled; when the database is busy, an awaitable that tries
        again within the budget (Scrapy awaits it, the crawl goes on meanwhile)."""
        if self.stopping():
            self.on_shutdown()
            if self.down:
                return self.spool_record(item, None)
        started = time.monotonic()
        try:
            return self.store(item)
        except SQLAlchemyError as exc:
            self.failed_try(item, exc)
            if self.down or self.stopping() or error_kind(exc) not in RETRYABLE or self.budget <= 0:
                return self.spool_record(item, exc)
            return self.store_within_budget(item, exc, started + self.budget)

    async def store_within_budget(self, item, exc: SQLAlchemyError, deadline: float):
        """Try again at the shared pace (``next_try``: the waiting records take turns) until the
        deadline; a shutdown or another record's verdict (the database is down) ends the wait."""
        while not (self.stopping() or self.down):
            now = time.monotonic()
            if now >= deadline:
                self.go_down(exc)
                break
            if now < self.next_try:
                await self.sleep(min(TICK, self.next_try - now, deadline - now))
                continue
            try:
                return self.store(item)
            except SQLAlchemyError as err:
                exc = err
                self.failed_try(item, err)
                if error_kind(err) not in RETRYABLE:
                    break
                self.pause = min(self.pause * 2, MAX_PAUSE)
                self.next_try = time.monotonic() + self.pause
        return self.spool_record(item, exc)

    def store(self, item):
        """Save the raw page if it is not archived yet, then the record; raises on a database error.
        A record the dedupe step could not check (the database did not answer then) is checked
        first: it may be stored unchanged already (dropped) or be a near-duplicate."""
        adapter = ItemAdapter(item)
        store = storage_for(self.crawler)
        if getattr(item, "_dedupe_pending", False):
            if self._dedupe is None:
                self._dedupe = DedupePipeline(self.crawler)
            self._dedupe.check(item)
        page = None
        if is_unarchived(item):  # saved with the record, in its transaction
            page = RawPage(
                adapter["outlet"],
                adapter["article_id"],
                adapter["url"],
                item._raw,
                status=200,
                encoding=getattr(item, "_raw_encoding", None),
                content_type=getattr(item, "_raw_content_type", None),
            )
        stored = store.store_record(item, page, fetched=not getattr(self.crawler.spider, "reparse", False))
        outcome = stored.outcome
        if page is not None:
            unarchived(item, False)
            item._index_after_store = True
            self.stats.inc_value("news/storage/raw_pages_saved")
        if stored.silent_edit:
            self.stats.inc_value("news/silent_edits")
            logger.warning(
                "silent edit: %s %s changed its text while its modified time stayed %s (revision %d; scrapy history)",
                adapter["outlet"],
                adapter["url"],
                adapter.get("modified_at") or "unset",
                stored.revision,
            )
        self.recovered()
        self.stats.inc_value(f"news/stored/{outcome}")
        self.stats.inc_value(f"news/stored_by_outlet/{adapter['outlet']}/{outcome}")
        if getattr(item, "_spool_claim", None) is not None:
            self.stats.inc_value("news/storage/replayed")
        self.spool.settle(item)
        logger.info("stored (%s) %s %s", outcome, adapter["outlet"], adapter["url"])
        if getattr(item, "_index_after_store", False):
            self.ensure_indexed(adapter)
        return item

    def ensure_indexed(self, adapter: ItemAdapter) -> None:
        """The near-duplicate index entry of a record stored while the database failed (the dedupe
        step could not write it then); its ``duplicate_of`` is the one dedupe found."""
        if not self.neardup_enabled:
            return
        fp = neardup.fingerprint(adapter.get("body") or "")
        if not fp.comparable:
            return
        store = storage_for(self.crawler)
        try:
            if store.neardup_indexed(adapter["outlet"], adapter["article_id"]):
                return
            store.neardup_index(
                adapter["outlet"],
                adapter["article_id"],
                adapter["url"],
                fp.to_bytes(),
                fp.band_keys(),
                words=fp.words,
                figures=fp.figures_text(),
                duplicate_of=adapter.get("duplicate_of"),
            )
        except SQLAlchemyError as exc:
            logger.warning("near-duplicate index entry not written for %s: %s", adapter["url"], describe_error(exc))
            self.stats.inc_value("news/neardup/errors")
            return
        self.stats.inc_value("news/storage/neardup_indexed")

    # -- the spool -----------------------------------------------------------------------------------
    def spool_record(self, item, exc: SQLAlchemyError | None):
        adapter = ItemAdapter(item)
        why = describe_error(exc) if exc is not None else "shutdown while the database is down"
        raw = None
        if is_unarchived(item):
            raw = RawBytes(item._raw, getattr(item, "_raw_content_type", None), getattr(item, "_raw_encoding", None))
        try:
            path = self.spool.append(adapter.asdict(), raw, reason=why)
        except OSError as err:
            return self.lost(item, why, err)
        self.spool.settle(item)  # a replayed record is safe in the new file
        self.stats.inc_value("news/storage/spooled")
        self.stats.inc_value("news/fatal/storage_error")
        self.spool_cause = self.spool_cause or why
        self.stats.set_value(
            "news/fatal_detail/storage_error",
            f"{self.stats.get_value('news/storage/spooled')} records not stored ({self.spool_cause}), spooled to "
            f"{self.spool.dir}: the next run replays them",
        )
        logger.error("not stored (%s): record spooled to %s: %s", why, path, adapter["url"])
        return item

    def lost(self, item, why: str, err: OSError):
        url = ItemAdapter(item).get("url") or ""
        full = err.errno in (errno.ENOSPC, errno.EDQUOT)
        reason = "storage_full" if full else "storage_down"
        what = errno.errorcode.get(err.errno or 0, type(err).__name__)
        spool_dir = self.spool.dir
        if not self.stopped_fetching:
            self.stopped_fetching = True
            message = (
                f"the database cannot take records ({why}) and the spool {spool_dir} cannot either ({what}): "
                "nothing fetched can be kept, fetching stops"
            )
            fatal = getattr(self.crawler.spider, "fatal", None)
            if fatal is not None:
                fatal(reason, message)
            else:
                self.stats.inc_value(f"news/fatal/{reason}")
                logger.error("FATAL %s: %s", reason, message)
        if getattr(item, "_spool_claim", None) is not None:
            logger.error("not stored (%s), not spooled again (%s): stays in %s: %s", why, what, spool_dir, url)
            raise drop(self.stats, "left_in_spool", "not stored; stays in the spool for the next run", url)
        self.stats.inc_value("news/storage/lost")
        logger.error("record LOST: not stored (%s), not spooled (%s in %s): %s", why, what, spool_dir, url)
        raise drop(self.stats, "lost", "neither stored nor spooled", url)

    # -- waiting ---------------------------------------------------------------------------------------
    def failed_try(self, item, exc: SQLAlchemyError) -> None:
        """Count a failed write; the first of an outage makes every database wait of the crawl short
        (the archive and dedupe steps too), so one record waiting does not hold up the others."""
        self.stats.inc_value("news/storage/retries")
        logger.debug("storage write failed (%s): %s", describe_error(exc), ItemAdapter(item).get("url"))
        if not self.failing and error_kind(exc) in RETRYABLE:
            self.failing, self.failing_since = True, time.monotonic()
            self.next_try = self.failing_since + self.pause
            storage_for(self.crawler).busy_timeout = min(QUICK_WAIT, self.busy_timeout)

    def go_down(self, exc: SQLAlchemyError) -> None:
        if self.down:
            return
        self.down = True
        logger.error(
            "the database refused writes for %.0f s (%s): records are spooled after one quick try until it "
            "takes them again",
            self.budget,
            describe_error(exc),
        )

    def recovered(self) -> None:
        if not self.failing:
            return
        if self.down:
            logger.warning("the database takes writes again after %.0f s", time.monotonic() - self.failing_since)
        self.failing = self.down = False
        self.pause, self.next_try = self.backoff, 0.0
        if not self.shutting_down:
            storage_for(self.crawler).busy_timeout = self.busy_timeout

    def stopping(self) -> bool:
        """A graceful stop of the crawl began (SIGTERM, Ctrl-C)."""
        return self.crawling and not getattr(self.crawler, "crawling", True)

    def on_shutdown(self) -> None:
        if not self.shutting_down:
            self.shutting_down = True
            storage_for(self.crawler).busy_timeout = min(QUICK_WAIT, self.busy_timeout)
            logger.info("shutting down: no more waiting for the database; what it does not take at once is spooled")

    @staticmethod
    async def sleep(seconds: float) -> None:
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, max(0.0, seconds), lambda: None))
