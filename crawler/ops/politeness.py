"""Politeness on errors: ``Retry-After`` honoured, a robots.txt that cannot be had means no crawl.

- ``RetryAfterMiddleware`` (downloader, 555: it sees a response just before Scrapy's
  ``RetryMiddleware``, 550, turns a 429/503 into a retry). A 429 or 503 carrying ``Retry-After``
  (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) holds back every request to that host —
  the retry first of all — until that moment, capped by ``NEWS_RETRY_AFTER_MAX`` (120 s; a longer
  ask is logged as a warning). The wait is a timer on the event loop, never a blocking sleep:
  other hosts, the pipelines and the monitors go on meanwhile; a run that is closing (SIGTERM, a
  fatal condition) stops waiting at once. Counted as ``news/retry_after/count``.
- ``RobotsTxtMiddleware`` (downloader, 100, in place of Scrapy's). As Scrapy, a robots.txt
  answering 2xx is obeyed and one answering 4xx (404, 403…) means no restrictions. Unlike
  Scrapy, which then allows everything, a robots.txt answering 5xx or 429, or not answering at
  all, after its retries, means complete disallow (RFC 9309 §2.3.1.4): the run is closed
  (``robots_unavailable``, exit 1), that failed fetch is counted like any other, and the
  requests already waiting are refused with ``RobotsUnavailable``, which the spiders do not count
  again.
- ``PolitenessMonitor`` (in the close-of-run suite, crawler/ops/monitors.py): ``discovery_malformed``
  (a sitemap, feed or API page that was HTML, cut off or not what it must be: the spiders count it
  through ``NewsSpider.discovery_failed``) and ``robots_unavailable`` make the run FAILED;
  ``api_outage`` (the REST API down past its retries, the run used its fallback) DEGRADED.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from spidermon import Monitor
from twisted.internet.defer import Deferred

from crawler.ops import coverage

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = (429, 503)
#: how often a long wait looks whether the run is closing
WAIT_STEP = 0.5
_SECONDS = re.compile(r"^\d{1,9}$")


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Seconds to wait for a ``Retry-After`` value: delay-seconds or an HTTP-date (the IMF-fixdate,
    RFC 850 and asctime forms; a date already past is 0). ``None`` for anything else."""
    value = value.strip()
    if _SECONDS.match(value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # asctime carries no zone: HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _real_url(crawler: Crawler, url: str) -> str:
    """The outlet's own URL of a fetched one (a replica's, with ``-a base_url``), as the logs give it."""
    to_real = getattr(crawler.spider, "real_url", None)
    return to_real(url) if to_real is not None else url


def _closing(crawler: Crawler) -> bool:
    """The run is stopping (SIGTERM) or closing (a fatal condition): waiting is pointless."""
    engine = crawler.engine
    if engine is None or not engine.running:
        return True
    slot = getattr(engine, "_slot", None)  # Scrapy has no public flag for a close in progress
    return slot is None or getattr(slot, "closing", None) is not None


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWS_RETRY_AFTER_MAX", 120.0)
        #: host:port → monotonic time before which no request goes to it
        self.not_before: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        until = self.not_before.get(host, 0.0)
        while (left := until - time.monotonic()) > 0:
            if _closing(self.crawler):
                raise IgnoreRequest(f"the run closed while waiting for Retry-After of {host}")
            await sleep(min(left, WAIT_STEP))
            until = self.not_before.get(host, 0.0)  # another answer may have moved it on

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in RETRY_AFTER_STATUSES or b"Retry-After" not in response.headers:
            return response
        raw = (response.headers.get(b"Retry-After") or b"").decode("latin-1")
        asked = retry_after_seconds(raw)
        if asked is None:
            logger.info(
                "HTTP %d with an unreadable Retry-After %r: %s",
                response.status,
                raw,
                _real_url(self.crawler, request.url),
            )
            return response
        wait = min(asked, self.max_wait)
        host = urlparse_cached(request).netloc
        self.not_before[host] = max(self.not_before.get(host, 0.0), time.monotonic() + wait)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("news/retry_after/count")
        stats.max_value("news/retry_after/max_wait", round(wait, 1))
        if asked > wait:
            logger.warning(
                "HTTP %d from %s asks to wait %.0f s (Retry-After: %s): waiting NEWS_RETRY_AFTER_MAX = %.0f s",
                response.status,
                _real_url(self.crawler, request.url),
                asked,
                raw,
                wait,
            )
        else:
            logger.info(
                "HTTP %d from %s: Retry-After %s, no request to that host for %.1f s",
                response.status,
                _real_url(self.crawler, request.url),
                raw,
                wait,
            )
        return response


# -- robots.txt ---------------------------------------------------------------------------------------
class RobotsUnavailable(IgnoreRequest):
    """Not fetched: the host's robots.txt could not be had, which means complete disallow."""


class Unavailable(RobotParser):
    """The robot parser of a host whose robots.txt could not be had: nothing is allowed."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Unavailable:
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


def retried_exceptions(settings: BaseSettings) -> tuple[type[BaseException], ...]:
    """The failures Scrapy retries (``RETRY_EXCEPTIONS``: timeouts, refused or lost connections…):
    past their retries, the other end is down or unreachable."""
    return tuple(load_object(e) if isinstance(e, str) else e for e in settings.getlist("RETRY_EXCEPTIONS"))


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.retried = retried_exceptions(crawler.settings)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                # its failure is accounted for here, not an error inside Scrapy
                meta={"dont_obey_robotstxt": True, "give_up_log_level": "WARNING"},
                callback=NO_CALLBACK,
            )
            engine = self.crawler.engine
            assert engine is not None
            try:
                response = await engine.download_async(robots)
            except IgnoreRequest as exc:  # a WAF challenge not passed, an offsite redirect: counted there
                self._robots_error(exc, netloc)
            except Exception as exc:
                kind = "unreachable" if isinstance(exc, self.retried) else type(exc).__name__
                self.unavailable(robots, netloc, kind, f"could not be fetched ({type(exc).__name__}: {exc})")
            else:
                if response.status >= 500 or response.status == 429:
                    self.unavailable(robots, netloc, f"http_{response.status}", f"answered HTTP {response.status}")
                else:
                    await self._parse_robots(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            # a request that came while robots.txt was being fetched. The Deferred's result reaches its
            # first waiter only (Twisted's asFuture hands the next ones None, which Scrapy's middleware
            # reads as "no rules"): every waiter reads the parser from the table once it fired.
            await maybe_deferred_to_future(parser)
            parser = self._parsers[netloc]
        return None if isinstance(parser, Deferred) else parser

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, Unavailable):
            self._stats.inc_value("news/robots_refused")
            raise RobotsUnavailable(f"robots.txt of {urlparse_cached(request).netloc} unavailable")
        super().process_request_2(rp, request)

    def unavailable(self, robots: Request, netloc: str, kind: str, why: str) -> None:
        message = (
            f"{_real_url(self.crawler, robots.url)} {why} after its retries: complete disallow (RFC 9309 §2.3.1.4), "
            "nothing fetched from the site in this run"
        )
        self._stats.inc_value(f"news/errors/{kind}")
        self._stats.inc_value("news/errors/fetch_failed")
        self._stats.set_value("news/robots_unavailable", message)
        logger.error("robots.txt unavailable: %s", message)
        waiting, parser = self._parsers[netloc], Unavailable()
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
        engine = self.crawler.engine
        assert engine is not None
        deferred_from_coro(engine.close_spider_async(reason="robots_unavailable"))


# -- discovery answers not believed (crawler/extract/discovery.py) -------------------------------------------
def discovery_malformed(spider: Any, response: Response, why: str) -> None:
    """A sitemap, feed, API page or robots.txt that answered but is HTML, cut off or not what it must
    be: a sample URL for the SUMMARY, then the spider's failure path (``NewsSpider.discovery_failed``:
    ``news/errors/discovery_malformed``, on the to-do for the next runs). No URL is taken from it."""
    coverage.add_sample(spider.crawler.stats, "discovery_malformed", spider.real_url(response.url))
    spider.discovery_failed(response, "discovery_malformed", why)


# -- the monitor (CloseSuite, crawler/ops/monitors.py) ---------------------------------------------------
def alarms(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """``discovery_malformed`` and ``robots_unavailable`` (FAILED), ``api_outage`` (DEGRADED)."""
    out = []
    malformed = stats.get("news/errors/discovery_malformed", 0)
    if malformed:
        out.append(
            {
                "level": "FAILED",
                "reason": "discovery_malformed",
                "message": f"{malformed} discovery page{'s' if malformed != 1 else ''} (sitemap, feed, API page, "
                "robots.txt) HTML, cut off or not what it must be: no URL taken from it, retried by the next runs",
                "urls": coverage.samples(stats, "discovery_malformed"),
            }
        )
    if stats.get("news/robots_unavailable"):
        out.append(
            {"level": "FAILED", "reason": "robots_unavailable", "message": stats["news/robots_unavailable"], "urls": []}
        )
    if stats.get("news/api_outage"):
        out.append(
            {
                "level": "DEGRADED",
                "reason": "api_outage",
                "message": f"the REST API was down ({stats['news/api_outage']}): this run used the feed, sitemaps "
                "and listings instead",
                "urls": [],
            }
        )
    return out


class PolitenessMonitor(Monitor):
    """The alarms above, written as ``NewsMonitor`` writes them (crawler/ops/monitors.py imports
    this module, so it cannot subclass ``NewsMonitor`` from here)."""

    def test_discovery_and_politeness(self):
        found = alarms(self.data.stats)
        for alarm in found:
            self.data.meta.setdefault("alarms", []).append({**alarm, "monitor": type(self).__name__})
        if found:
            self.fail("; ".join(a["message"] for a in found))
