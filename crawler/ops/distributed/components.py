"""The Scrapy components of a distributed crawl (on when ``NEWS_REDIS_URL`` is set; see
``__init__``): a scheduler with leases, a spider middleware, an extension.

- ``LeasedScheduler``: scrapy-redis's request encoding and ``RFPDupeFilter`` over a queue in
  Redis (crawler/ops/distributed/frontier.py) whose pops are leases, not deletions. A request
  that a downloader middleware sends again (a retry, a redirect) hands its lease over: the new
  request is queued first, then the old lease is acknowledged. An article is asked for once per
  crawl across workers (its id in a Redis set), as the spider asks once per run in one process.
- ``DistributedSpiderMiddleware``: only the worker that started the crawl seeds it (its
  ``start()`` runs discovery; the others replay their own spool and take from the queue), and
  marks it seeded once discovery is all queued; requests a callback yields are new requests,
  so they never carry their parent's lease.
- ``DistributedCrawl`` (extension): the heartbeat (renews this worker's leases, takes back the
  leases of dead workers), the acknowledgement of a lease once the scraper is done with its
  response (callback run, every item through the pipelines: stored, dropped or spooled), and
  the end: an idle worker stays open until the crawl is over (discovery queued, nothing queued,
  nothing leased anywhere), then closes with ``finished``.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisCodec
from twisted.internet import task

from crawler.ops.distributed.frontier import DEFAULT_LEASE, Frontier, connect

logger = logging.getLogger(__name__)

LEASE_META = "news_lease"
#: how often the scheduler looks for leases of dead workers (seconds)
REQUEUE_EVERY = 2.0
#: how often an idle worker looks at the shared queue (seconds)
POLL = 1.0


def frontier_for(crawler) -> Frontier:
    """The worker's frontier, joined by ``scrapy crawl`` before the crawl (``NEWS_REDIS_CRAWL``)."""
    frontier = getattr(crawler, "_news_frontier", None)
    if frontier is None:
        settings = crawler.settings
        url = settings.get("NEWS_REDIS_URL")
        crawl_id = settings.get("NEWS_REDIS_CRAWL")
        if not url or not crawl_id:
            raise NotConfigured("not a distributed crawl (run it with scrapy crawl and NEWS_REDIS_URL)")
        frontier = Frontier(
            connect(url),
            crawler.spidercls.name,
            lease=settings.getfloat("NEWS_REDIS_LEASE", DEFAULT_LEASE),
            worker=settings.get("NEWS_REDIS_WORKER"),
        )
        frontier.crawl_id = crawl_id
        frontier.seeder = settings.getbool("NEWS_REDIS_SEEDER")
        crawler._news_frontier = frontier
    return frontier


class LeasedScheduler:
    """Redis briefly away (restarting, a network blip) loses nothing: requests to queue and
    leases to acknowledge wait in this worker until it answers again; meanwhile the worker takes
    nothing new and does not end. Away longer than ``NEWS_REDIS_OUTAGE_MAX``: the extension
    closes the run (``redis_unavailable``, FAILED)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.frontier = frontier_for(crawler)
        self.stats = crawler.stats
        self.codec: RedisCodec | None = None
        self.df: RFPDupeFilter | None = None
        self._requeue_at = 0.0
        #: requests not queued yet, leases not acknowledged yet (Redis away)
        self.unsent: list[Request] = []
        self.unacked: list[str] = []
        crawler._news_scheduler = self  # the extension acknowledges through it

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open(self, spider) -> None:
        self.spider = spider
        self.codec = RedisCodec(self.frontier.client, spider, self.frontier.queue_key)
        self.df = RFPDupeFilter(
            self.frontier.client, key=self.frontier.seen_key, debug=spider.settings.getbool("DUPEFILTER_DEBUG")
        )
        if pending := self.frontier.pending():
            logger.info("joined distributed crawl %s: %d requests queued", self.frontier.crawl_id, pending)

    def close(self, reason: str) -> None:
        try:
            self._flush()
            given_back = self.frontier.release_mine()
        except RedisError as exc:
            logger.error(
                "could not give %d requests back to the crawl's queue (their leases run out instead): %s",
                len(self.frontier.mine) + len(self.unsent),
                exc,
            )
            return
        if given_back:
            logger.info("gave %d unfinished requests back to the crawl's queue", given_back)
            self.stats.set_value("news/distributed/given_back", given_back)

    def __len__(self) -> int:
        try:
            return self.frontier.pending() + len(self.unsent)
        except RedisError:
            return len(self.unsent) or 1

    def has_pending_requests(self) -> bool:
        try:
            return bool(self.unsent) or self.frontier.pending() > 0
        except RedisError:
            return True  # unknown: not idle while Redis is away

    def enqueue_request(self, request: Request) -> bool:
        try:
            return self._enqueue(request)
        except RedisError as exc:
            self._away(exc)
            self.unsent.append(request)
            return True

    def _enqueue(self, request: Request) -> bool:
        assert self.codec is not None and self.df is not None
        handed_over = request.meta.get(LEASE_META)
        article_id = request.meta.get("article_id")
        if not handed_over and article_id and not self.frontier.first_request_of(str(article_id)):
            # the spider asks once per article per run, but another worker's discovery may have
            # asked already (NewsSpider.requested_ids is one process's)
            self.stats.inc_value("news/distributed/article_already_queued")
            return False
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
        else:
            data = self.codec._encode_request(_without_lease(request))
            self.frontier.push(data, request.priority)
            self.stats.inc_value("scheduler/enqueued/redis")
        if handed_over:  # a retry or redirect of a leased request: queued now, the old lease done
            request.meta.pop(LEASE_META, None)
            self.ack(handed_over)
        return True

    def ack(self, lease_id: str) -> None:
        try:
            self.frontier.ack(lease_id)
        except RedisError as exc:
            self._away(exc)
            self.unacked.append(lease_id)

    def _flush(self) -> None:
        """What waited for Redis, now that it answers (RedisError again: it waits on)."""
        while self.unacked:
            self.frontier.ack(self.unacked[0])
            self.unacked.pop(0)
        while self.unsent:
            self._enqueue(self.unsent[0])
            self.unsent.pop(0)

    def _away(self, exc: BaseException) -> None:
        self.stats.inc_value("news/distributed/redis_errors")
        logger.warning("Redis did not answer (%s): waiting for it, nothing is lost", exc)

    def next_request(self) -> Request | None:
        assert self.codec is not None
        try:
            self._flush()
            if time.monotonic() >= self._requeue_at:
                if taken_back := self.frontier.requeue_expired():
                    logger.warning("took back %d requests whose worker stopped renewing its leases", taken_back)
                    self.stats.inc_value("news/distributed/taken_back", taken_back)
                self._requeue_at = time.monotonic() + REQUEUE_EVERY
            got = self.frontier.pop()
        except RedisError as exc:
            self._away(exc)
            return None
        if got is None:
            return None
        lease_id, data = got
        request = self.codec._decode_request(data)
        request.meta[LEASE_META] = lease_id
        self.stats.inc_value("scheduler/dequeued/redis")
        return request


def _without_lease(request: Request) -> Request:
    if LEASE_META not in request.meta:
        return request
    meta = {k: v for k, v in request.meta.items() if k != LEASE_META}
    return request.replace(meta=meta)


class DistributedSpiderMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.frontier = frontier_for(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start):
        spider = self.crawler.spider
        # read by NewsSpider.start(): a worker that joined replays its spool and discovers nothing
        spider.seeding = self.frontier.seeder
        async for item_or_request in start:
            yield item_or_request
        if self.frontier.seeder:
            away_since = time.monotonic()
            while True:
                try:
                    self.frontier.mark_seeded()
                    break
                except RedisError:
                    if time.monotonic() - away_since > self.crawler.settings.getfloat("NEWS_REDIS_OUTAGE_MAX", 300.0):
                        raise
                    await sleep(1.0)
            logger.info("distributed crawl %s: discovery queued by this worker", self.frontier.crawl_id)

    async def process_spider_output(self, response, result):
        async for output in result:
            if isinstance(output, Request):
                output.meta.pop(LEASE_META, None)
            yield output


class DistributedCrawl:
    def __init__(self, crawler):
        self.crawler = crawler
        self.frontier = frontier_for(crawler)
        self.beat: task.LoopingCall | None = None
        self.outage_max = crawler.settings.getfloat("NEWS_REDIS_OUTAGE_MAX", 300.0)
        self.away_since: float | None = None
        self.closing = False
        crawler.signals.connect(self.engine_started, signals.engine_started)
        crawler.signals.connect(self.spider_idle, signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def engine_started(self) -> None:
        stats = self.crawler.stats
        stats.set_value("news/distributed/crawl", self.frontier.crawl_id)
        stats.set_value("news/distributed/worker", self.frontier.worker)
        stats.set_value("news/distributed/seeder", self.frontier.seeder)
        # an idle worker asks the shared queue again after POLL seconds, not Scrapy's 5: another
        # worker's responses fill it at any moment, and the crawl's end is seen sooner (Scrapy has
        # no setting for its engine's heartbeat; read when the engine starts taking requests)
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = self.crawler.settings.getfloat("NEWS_REDIS_POLL", POLL)
        self.beat = task.LoopingCall(self.heartbeat)
        self.beat.start(max(self.frontier.lease / 4, 0.5), now=True)
        scraper = self.crawler.engine.scraper
        enqueue_scrape = scraper.enqueue_scrape

        def enqueue_then_ack(result: Any, request: Request):
            """Acknowledge the lease once the scraper is done with the response: the callback
            (or errback) has run and each item it gave went through the pipelines."""
            dfd = enqueue_scrape(result, request)
            lease_id = request.meta.get(LEASE_META)
            if lease_id:
                dfd.addBoth(self._ack, lease_id)
            return dfd

        scraper.enqueue_scrape = enqueue_then_ack

    def _ack(self, result: Any, lease_id: str) -> Any:
        self.crawler._news_scheduler.ack(lease_id)
        self.crawler.stats.inc_value("news/distributed/acked")
        return result

    def heartbeat(self) -> None:
        try:
            self.frontier.heartbeat()
        except RedisError as exc:  # restarting: the next beat tries again; leases run long enough
            self.away_since = self.away_since or time.monotonic()
            logger.warning("distributed crawl heartbeat failed: %s: %s", type(exc).__name__, exc)
            self.crawler.stats.inc_value("news/distributed/heartbeat_failed")
            if time.monotonic() - self.away_since > self.outage_max and not self.closing:
                self.closing = True
                self.crawler.stats.set_value("news/distributed/redis_unavailable", 1)
                logger.error("Redis away for more than %.0f s: closing this worker", self.outage_max)
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_unavailable"))
            return
        self.away_since = None

    def spider_idle(self, spider) -> None:
        try:
            if self.frontier.done():
                return  # the crawl is over: close with ``finished``
            seeded = self.frontier.seeded() or self.frontier.seeder_alive()
        except RedisError:
            raise DontCloseSpider("Redis is away: waiting for it") from None
        if not seeded:
            self.crawler.stats.set_value("news/distributed/seeder_lost", 1)
            raise CloseSpider("seeder_lost")
        raise DontCloseSpider("other workers still hold requests of the crawl")

    def spider_closed(self, spider, reason: str) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        self.crawler.stats.set_value("news/distributed/requeued_total", self.frontier.requeued())
