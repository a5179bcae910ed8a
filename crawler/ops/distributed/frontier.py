"""One distributed crawl's state in Redis: the frontier with leases, the workers, the verdict.

No Scrapy here: Redis commands and Lua scripts only, so the tests can drive it directly.

Keys (``P`` = ``news:<spider>``, ``C`` = ``P:crawl:<crawl id>``):

- ``P:current``      the crawl id workers with these arguments join (``<args digest>-<random>``);
                     a worker whose arguments differ is LOCKED while it exists.
- ``C:queue``        sorted set of encoded requests, score ``-priority`` (scrapy-redis's order).
- ``C:seen``         the dupefilter's fingerprints (scrapy-redis ``RFPDupeFilter``).
- ``C:articles``     the article ids requested in this crawl by any worker.
- ``C:leases``       sorted set lease id → deadline (Redis server time, seconds): a request
                     taken by a worker. ``C:lease:data`` / ``C:lease:prio`` / ``C:lease:owner``
                     hold its bytes, priority and worker. Acknowledged when the worker is done
                     with the response (callback and every item through the pipelines); renewed
                     by the worker's heartbeat; past its deadline it goes back on the queue.
- ``C:seeded``       set when the seeding worker's discovery has been fully enqueued.
- ``C:seeder``       the seeding worker's id, with a time to live its heartbeat renews.
- ``C:workers``      hash worker → last heartbeat (server time).
- ``C:reports``      hash worker → its verdict, alarms and stats (JSON) once it has closed.
- ``C:final``        taken (SET NX) by the worker that writes the crawl's run-history row.

Clocks: every deadline is Redis's own ``TIME``, so workers on hosts whose clocks differ agree.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import socket
from dataclasses import dataclass
from typing import Any

import redis

#: a lease not renewed for this long is taken back (the worker is presumed dead)
DEFAULT_LEASE = 60.0
#: the keys of a finished crawl are kept this long for the workers still reading its reports
FINISHED_TTL = 3600

_POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return nil end
redis.call('ZREM', KEYS[1], item[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local id = tostring(redis.call('INCR', KEYS[6]))
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
redis.call('HSET', KEYS[3], id, item[1])
redis.call('HSET', KEYS[4], id, item[2])
redis.call('HSET', KEYS[5], id, ARGV[2])
return {id, item[1]}
"""

_ACK = """
local n = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return n
"""

_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('HSET', KEYS[3], ARGV[1], now)
if ARGV[3] == '1' then redis.call('SET', KEYS[4], ARGV[1], 'PX', math.floor(tonumber(ARGV[2]) * 1000)) end
local n = 0
for i = 4, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[i])
    n = n + 1
  end
end
return n
"""

_REQUEUE_EXPIRED = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 500)
for _, id in ipairs(ids) do
  local data = redis.call('HGET', KEYS[2], id)
  local prio = redis.call('HGET', KEYS[3], id)
  if data then redis.call('ZADD', KEYS[5], tonumber(prio or '0'), data) end
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
end
if #ids > 0 then redis.call('INCRBY', KEYS[6], #ids) end
return #ids
"""

_RELEASE_MINE = """
local n = 0
for i = 1, #ARGV do
  local id = ARGV[i]
  local data = redis.call('HGET', KEYS[2], id)
  local prio = redis.call('HGET', KEYS[3], id)
  if data and redis.call('ZREM', KEYS[1], id) == 1 then
    redis.call('ZADD', KEYS[5], tonumber(prio or '0'), data)
    n = n + 1
  end
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
end
return n
"""

_DONE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
if redis.call('ZCARD', KEYS[3]) > 0 then return 0 end
return 1
"""


class RedisUnavailable(RuntimeError):
    """Redis could not be reached or answered an error: the message names the URL (no password)."""


class CrawlBusy(RuntimeError):
    """Another distributed crawl of the spider, with other arguments, is running."""


def safe_redis_url(url: str) -> str:
    """The URL with its password masked, for messages."""
    try:
        from redis.connection import parse_url

        parts = parse_url(url)
    except Exception:  # not a URL redis-py reads
        return "(Redis URL)"
    if parts.get("password"):
        head, _, rest = url.partition("://")
        creds, _, host = rest.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{head}://{user}:***@{host}"
    return url


def connect(url: str, timeout: float = 10.0) -> redis.Redis:
    """A client, pinged: ``RedisUnavailable`` (one line naming the URL) when it does not answer."""
    try:
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise RedisUnavailable(f"Redis at {safe_redis_url(url)} is unreachable: {_reason(exc)}") from None
    return client


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def crawl_digest(spider: str, arguments: dict[str, Any], archive: str) -> str:
    """What makes two workers one crawl: the spider, its arguments and the archive they write."""
    blob = json.dumps({"spider": spider, "args": arguments, "archive": archive}, sort_keys=True)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


@dataclass
class Joined:
    crawl_id: str
    seeder: bool


class Frontier:
    """The Redis side of one worker in one distributed crawl."""

    def __init__(self, client: redis.Redis, spider: str, lease: float = DEFAULT_LEASE, worker: str | None = None):
        self.client = client
        self.spider = spider
        self.lease = float(lease)
        self.worker = worker or worker_name()
        self.prefix = f"news:{spider}"
        self.crawl_id: str | None = None
        self.seeder = False
        self._seeded = False
        #: lease ids this worker holds (its heartbeat renews them)
        self.mine: set[str] = set()
        self._pop = client.register_script(_POP)
        self._ack = client.register_script(_ACK)
        self._renew = client.register_script(_RENEW)
        self._requeue = client.register_script(_REQUEUE_EXPIRED)
        self._release = client.register_script(_RELEASE_MINE)
        self._done = client.register_script(_DONE)

    # -- keys ------------------------------------------------------------------------------------
    def key(self, name: str) -> str:
        assert self.crawl_id is not None, "join() first"
        return f"{self.prefix}:crawl:{self.crawl_id}:{name}"

    @property
    def current_key(self) -> str:
        return f"{self.prefix}:current"

    @property
    def queue_key(self) -> str:
        return self.key("queue")

    @property
    def seen_key(self) -> str:
        return self.key("seen")

    def _lease_keys(self) -> list[str]:
        return [self.key("leases"), self.key("lease:data"), self.key("lease:prio"), self.key("lease:owner")]

    # -- joining ---------------------------------------------------------------------------------
    def join(self, digest: str) -> Joined:
        """Join the running crawl with this digest, or start one (then this worker seeds it).
        ``CrawlBusy`` when a crawl of the spider with other arguments is running."""
        self._seeded = False
        for _ in range(5):
            current = self.client.get(self.current_key)
            if current is None:
                crawl_id = f"{digest}-{secrets.token_hex(4)}"
                if self.client.set(self.current_key, crawl_id, nx=True):
                    self.crawl_id, self.seeder = crawl_id, True
                    self.client.set(self.key("seeder"), self.worker, px=int(self.lease * 1000))
                    break
                continue
            crawl_id = _text(current)
            if not crawl_id.startswith(digest + "-"):
                raise CrawlBusy(
                    f"another distributed {self.spider} crawl with other arguments is running ({crawl_id}); "
                    "workers join a crawl only with the same arguments"
                )
            self.crawl_id, self.seeder = crawl_id, False
            break
        else:  # pragma: no cover - five lost races in a row
            raise RedisUnavailable("could not join or start a crawl in Redis")
        self.heartbeat()
        return Joined(self.crawl_id, self.seeder)

    def mark_seeded(self) -> None:
        self.client.set(self.key("seeded"), self.worker)

    def seeded(self) -> bool:
        """The seeder's discovery is all queued. Once true it stays true for the crawl, so it is
        asked of Redis only until then (the heartbeat asks every beat)."""
        if not self._seeded:
            self._seeded = bool(self.client.exists(self.key("seeded")))
        return self._seeded

    def seeder_alive(self) -> bool:
        return bool(self.client.exists(self.key("seeder")))

    # -- the queue -------------------------------------------------------------------------------
    def push(self, data: bytes, priority: int) -> None:
        self.client.zadd(self.queue_key, {data: -priority})

    def first_request_of(self, article_id: str) -> bool:
        """True the first time any worker of the crawl asks for this article."""
        return bool(self.client.sadd(self.key("articles"), article_id))

    def pending(self) -> int:
        return int(self.client.zcard(self.queue_key))

    def in_flight(self) -> int:
        return int(self.client.zcard(self.key("leases")))

    def pop(self) -> tuple[str, bytes] | None:
        """The next request, leased to this worker: ``(lease id, bytes)``; None when the queue is empty."""
        got = self._pop(
            keys=[self.queue_key, *self._lease_keys(), self.key("lease:seq")],
            args=[self.lease, self.worker],
        )
        if not got:
            return None
        lease_id = _text(got[0])
        self.mine.add(lease_id)
        return lease_id, got[1]

    def ack(self, lease_id: str) -> bool:
        """The request is done with (stored, dropped or recorded as failed): forget it."""
        self.mine.discard(lease_id)
        return bool(self._ack(keys=self._lease_keys(), args=[lease_id]))

    def requeue_expired(self) -> int:
        """Put every request whose lease ran out (its worker died) back on the queue; how many."""
        return int(self._requeue(keys=[*self._lease_keys(), self.queue_key, self.key("requeued")]))

    def release_mine(self) -> int:
        """Closing: put this worker's unfinished requests back on the queue at once."""
        if not self.mine:
            return 0
        ids = sorted(self.mine)
        self.mine.clear()
        return int(self._release(keys=[*self._lease_keys(), self.queue_key], args=ids))

    def requeued(self) -> int:
        return int(self.client.get(self.key("requeued")) or 0)

    def heartbeat(self) -> int:
        """This worker is alive: renew its leases (and the seeder's mark); how many were renewed."""
        return int(
            self._renew(
                keys=[self.key("leases"), self.key("lease:owner"), self.key("workers"), self.key("seeder")],
                args=[self.worker, self.lease, "1" if self.seeder and not self.seeded() else "0", *sorted(self.mine)],
            )
        )

    def done(self) -> bool:
        """Discovery fully enqueued, nothing queued, nothing leased: the crawl is over."""
        self.requeue_expired()
        return bool(self._done(keys=[self.key("seeded"), self.queue_key, self.key("leases")]))

    # -- the end ---------------------------------------------------------------------------------
    def report(self, report: dict[str, Any]) -> None:
        self.client.hset(self.key("reports"), self.worker, json.dumps(report, ensure_ascii=False, default=str))

    def reports(self) -> dict[str, dict[str, Any]]:
        raw = self.client.hgetall(self.key("reports"))
        return {_text(k): json.loads(v) for k, v in raw.items()}

    def workers(self) -> dict[str, float]:
        raw = self.client.hgetall(self.key("workers"))
        return {_text(k): float(v) for k, v in raw.items()}

    def now(self) -> float:
        seconds, micros = self.client.time()
        return seconds + micros / 1e6

    def unreported(self) -> tuple[list[str], list[str]]:
        """Workers that have not reported yet: ``(alive, lost)``; lost ones missed their
        heartbeat for longer than a lease."""
        reports, now = self.reports(), self.now()
        alive: list[str] = []
        lost: list[str] = []
        for worker, beat in self.workers().items():
            if worker in reports:
                continue
            (alive if now - beat <= self.lease else lost).append(worker)
        return sorted(alive), sorted(lost)

    def take_final(self) -> bool:
        """Only one worker writes the crawl's run-history row."""
        return bool(self.client.set(self.key("final"), self.worker, nx=True))

    def finish(self) -> None:
        """The crawl is over: the next run with these arguments starts a new one; this crawl's
        keys expire after ``FINISHED_TTL``."""
        if self.crawl_id is None:
            return
        pipe = self.client.pipeline()
        for name in (
            "queue", "seen", "articles", "leases", "lease:data", "lease:prio", "lease:owner", "lease:seq",
            "seeded", "seeder", "workers", "reports", "final", "requeued",
        ):  # fmt: skip
            pipe.expire(self.key(name), FINISHED_TTL)
        pipe.execute()
        # only the pointer to this crawl (a new crawl may already have replaced it)
        self.client.eval(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
            1,
            self.current_key,
            self.crawl_id,
        )
