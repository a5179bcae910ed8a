"""Every response a crawl gets from an outlet, kept as WARC (crawler/archive/warc.py writes it).

``WarcCaptureMiddleware`` (downloader middleware, 950: next to the downloader, so it sees each HTTP
exchange as it happened: robots.txt, home pages, feeds, sitemaps, listings, API answers and article
pages, redirects, errors and 304s, bodies as received, before decompression, retries or redirects)
writes one ``request`` + ``response`` pair per exchange to
``NEWS_WARC_DIR/<outlet>/<outlet>-<timestamp>-<serial>.warc.gz``, rotated at ``NEWS_WARC_MAX_SIZE``.
``WARC-Target-URI`` is the URL as requested (a replica's address in a replica crawl). Besides the
standard fields, each response record names what the crawler took it for:

- ``News-Outlet``: the spider;
- ``News-URI``: the outlet's own URL of the page (differs from the target URI in a replica crawl);
- ``News-Page``: what the crawl read it as (``article``, ``sitemap``, ``feed``, ``listing``,
  ``home``, ``api``, ``robots``, …: the callback's name);
- ``News-Article-Id``: for an article page, the id the crawl requested it under.

Settings: ``NEWS_WARC`` (on; ``-s NEWS_WARC=0`` turns it off), ``NEWS_WARC_DIR`` (``data/warc``,
the project root's), ``NEWS_WARC_MAX_SIZE`` (1 GB). Only a crawl that fetches for the archive
writes (``NewsSpider.archiving``): never a canary, a reparse or ``scrapy parse``. The file's
``warcinfo`` names the crawler, its version and the run (``run-id``, also in the run's stats as
``news/warc/run``). A failed write does not stop the crawl (the records are still stored) but fails
the run (``warc_write``). Before its first write, a run indexes the files of its outlet that a killed
run left unfinished (``finish_stale``).
"""

from __future__ import annotations

import logging
import socket
import tomllib
import uuid
from datetime import UTC, datetime
from http.client import responses as reasons
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.archive import warc
from crawler.ops.paths import PROJECT_ROOT, project_path

logger = logging.getLogger(__name__)


def crawler_version() -> str:
    try:
        with (PROJECT_ROOT / "pyproject.toml").open("rb") as fh:
            project = tomllib.load(fh).get("project", {})
        return f"{project.get('name', 'syrian-news-crawler')}/{project.get('version', 'unknown')}"
    except (OSError, tomllib.TOMLDecodeError):
        return "syrian-news-crawler/unknown"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def _headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy headers as (name, value) pairs of text, every value of a repeated name kept."""
    pairs = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values or [b""]:
            pairs.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs


def page_kind(request: Request) -> str:
    """What the crawl reads a response as: ``article``, or the callback's name without ``parse_``."""
    if request.meta.get("article_id"):
        return "article"
    if request.url.split("?", 1)[0].endswith("/robots.txt"):
        return "robots"
    callback = getattr(request.callback, "__name__", None)
    if callback and callback != "NO_CALLBACK":
        return callback.removeprefix("parse_")
    return "page"


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler, directory: Path, max_size: int) -> None:
        self.crawler = crawler
        self.directory = directory
        self.max_size = max_size
        self.writer: warc.WarcWriter | None = None
        self.failed = False
        self.run_id = str(uuid.uuid4())
        self.started = datetime.now(UTC)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        if not settings.getbool("NEWS_WARC", True):
            raise NotConfigured("NEWS_WARC is off")
        directory = project_path(settings.get("NEWS_WARC_DIR") or "data/warc")
        middleware = cls(crawler, directory, settings.getint("NEWS_WARC_MAX_SIZE", warc.DEFAULT_MAX_SIZE))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    # -- the writer ---------------------------------------------------------------------------------------
    def info(self, spider: Any) -> dict[str, str]:
        """The ``warcinfo`` fields of every file of this run."""
        settings = self.crawler.settings
        arguments = getattr(spider, "argument_values", {}) or {}
        given = " ".join(f"{k}={v}" for k, v in sorted(arguments.items()) if v not in (None, "", False, "0"))
        return {
            "software": f"{crawler_version()} (Scrapy {_version('scrapy')}, warcio {_version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": f"{spider.name} run {self.run_id}",
            "description": f"scrapy crawl {spider.name}" + (f" ({given})" if given else ""),
            "run-id": self.run_id,
            "run-started": self.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT") or "",
            "hostname": socket.gethostname(),
        }

    def writer_for(self, spider: Any) -> warc.WarcWriter:
        if self.writer is None:
            outlet_dir = self.directory / spider.name
            for line in warc.finish_stale(outlet_dir) if outlet_dir.is_dir() else []:
                logger.warning("WARC: %s", line)
            self.writer = warc.WarcWriter(outlet_dir, spider.name, self.info(spider), max_size=self.max_size)
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("news/warc/run", self.run_id)
        return self.writer

    # -- capture ------------------------------------------------------------------------------------------
    def exchange(self, request: Request, response: Response, spider: Any) -> warc.Exchange:
        real_url = spider.real_url(request.url) if hasattr(spider, "real_url") else request.url
        article_id = request.meta.get("article_id")
        return warc.Exchange(
            url=request.url,
            status=response.status,
            reason=reasons.get(response.status, ""),
            body=response.body,
            response_headers=_headers(response.headers),
            method=request.method,
            request_headers=_headers(request.headers),
            request_body=request.body or b"",
            protocol=getattr(response, "protocol", None) or "HTTP/1.1",
            ip_address=str(response.ip_address) if getattr(response, "ip_address", None) else None,
            fields={
                "News-Outlet": spider.name,
                "News-URI": real_url,
                "News-Page": page_kind(request),
                "News-Article-Id": str(article_id) if article_id else "",
            },
        )

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        spider = spider or self.crawler.spider
        if not getattr(spider, "archiving", False) or self.failed:
            return response  # a canary, a reparse, scrapy parse; or a writer that failed already
        stats = self.crawler.stats
        assert stats is not None
        try:
            writer = self.writer_for(spider)
            before = writer.bytes_written
            writer.write(self.exchange(request, response, spider))
        except OSError as exc:
            self.failed = True  # one error, not one per response
            where = self.writer.path if self.writer is not None and self.writer.path else self.directory
            detail = f"could not write WARC to {where}: {type(exc).__name__}: {exc}; no more WARC records this run"
            logger.error("WARC: %s", detail)
            stats.inc_value("news/fatal/warc_write")
            stats.set_value("news/fatal_detail/warc_write", detail)
            return response
        stats.inc_value("news/warc/records", 2)
        stats.inc_value("news/warc/bytes", writer.bytes_written - before)
        return response

    def spider_closed(self, spider: Any) -> None:
        if self.writer is None:
            return
        try:
            self.writer.close()
        except OSError as exc:
            logger.error("WARC: could not finish %s: %s: %s", self.writer.path, type(exc).__name__, exc)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("news/fatal/warc_write")
            return
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("news/warc/files", len(self.writer.finished))
        for path in self.writer.finished:
            logger.info("WARC: %s (index %s)", path, warc.index_path(path).name)
