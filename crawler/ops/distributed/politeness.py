"""Politeness per site, not per worker: N workers together put no more load on a site than one.

Each worker's Scrapy applies ``CONCURRENT_REQUESTS_PER_DOMAIN`` and the download delay (fixed, or
AutoThrottle's) to its own requests only, so two workers would double both. ``SharedPoliteness``
(downloader middleware, 960: the last before the network, after every middleware that may answer
or drop a request) makes each request to a site take a turn in Redis first:

- at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in flight to the site across all workers
  (a sorted set of holders, each with an expiry, so a dead worker's turns run out);
- successive requests to the site start at least the delay apart, across all workers: the delay
  is this worker's download slot's current one (``DOWNLOAD_DELAY``, or what AutoThrottle made it).

A request that cannot have its turn waits on the event loop (never a blocking sleep) and asks
again; so does one while Redis is away (restarting). Its turn is given back when the response, or the error, comes back. Counted as
``news/distributed/polite_waits``. Keys: ``news:polite:<host:port>:*`` (one Redis may serve
several crawls: they share the sites' budgets too).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached

from crawler.ops.distributed.components import frontier_for

TOKEN_META = "news_polite_token"
#: the longest one wait lasts before asking again (seconds)
MAX_WAIT = 0.5

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return {0, '0.05'} end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return {0, tostring(nxt - now)} end
local token = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), token)
redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[2])), 'PX', 600000)
return {token, '0'}
"""


class SharedPoliteness:
    def __init__(self, crawler):
        if not crawler.settings.getbool("NEWS_REDIS_SHARED_POLITENESS", True):
            raise NotConfigured
        self.crawler = crawler
        self.client = frontier_for(crawler).client
        self._acquire = self.client.register_script(_ACQUIRE)
        self.limit = crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or crawler.settings.getint(
            "CONCURRENT_REQUESTS"
        )
        self.hold = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 180) + 30

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _keys(self, site: str) -> list[str]:
        base = f"news:polite:{site}"
        return [f"{base}:holders", f"{base}:next", f"{base}:seq"]

    def _delay(self, request: Request) -> float:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        return float(slot.delay) if slot is not None else self.crawler.settings.getfloat("DOWNLOAD_DELAY")

    async def process_request(self, request: Request) -> None:
        site = urlparse_cached(request).netloc
        keys = self._keys(site)
        delay = self._delay(request)
        while True:
            try:
                token, wait = self._acquire(keys=keys, args=[self.limit, delay, self.hold])
            except RedisError:  # away (restarting): no turn can be had, so none is taken; ask again
                self.crawler.stats.inc_value("news/distributed/redis_errors")
                token, wait = 0, 1.0
            if int(token):
                request.meta[TOKEN_META] = (site, int(token))
                return
            self.crawler.stats.inc_value("news/distributed/polite_waits")
            await sleep(min(float(wait), MAX_WAIT))

    def _release(self, request: Request) -> None:
        held = request.meta.pop(TOKEN_META, None)
        if held:
            site, token = held
            with suppress(RedisError):  # away: the turn runs out by itself (its expiry)
                self.client.zrem(self._keys(site)[0], token)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> Any:
        self._release(request)
        return None
