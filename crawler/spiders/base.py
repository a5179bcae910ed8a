"""What every outlet spider shares.

Arguments (``-a name=value``), the same for every outlet:

- ``canary=1`` (what ``scrapy canary`` sets): fetch only the outlet's newest article and the
  newest stored article of each template, for the field-by-field check (crawler/ops/canary.py).
- ``base_url=http://127.0.0.1:PORT``: fetch the outlet's URLs from a replica at that base;
  records keep the real canonical URLs.
- ``mode=cron`` (default): the feeds, the first listing pages (paging stops at a page with
  nothing new) and the newest API page; only unknown articles, or ones whose sitemap
  ``lastmod`` / API ``modified_gmt`` is newer than what is stored, are fetched; discovery pages
  are fetched conditionally (ETag / If-Modified-Since).
- ``mode=full``: everything discoverable (all sitemaps, every listing page, the whole API).
- ``since=YYYY-MM-DD`` / ``until=YYYY-MM-DD`` (either implies the backfill mode): walk the
  archive for that window only; nothing known to lie outside it is fetched, and a page whose
  own date falls outside is not stored (``news/dropped/outside_window``).
- ``refresh=1``: fetch stored articles again (to apply parser fixes from fresh pages).
- ``reparse=1``: no network: re-extract every raw page stored in the database with the current
  parsers and send the records through the pipelines (the ``scrapy reparse`` command);
  ``reparse=quarantined``: the same for the quarantined pages only (``scrapy reparse --quarantined``).

A page that matches no template, or whose parser gives up, becomes a ``PageFailure`` that walks
the pipelines like a record: the validate step counts it and quarantines it with its raw bytes
(crawler/ops/quarantine.py). ``NEWS_PARSER_TEMPLATES`` (dotted class paths) puts parser classes
before the outlet's own, to try a new parser version on the quarantine before it is committed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from datetime import time as dtime

import scrapy
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError

from crawler.archive.raw_pages import attach_raw
from crawler.archive.storage import storage_for
from crawler.extract.dates import DAMASCUS, DateParseError, parse_date
from crawler.extract.urls import HostRewriter, strip_tracking, url_key
from crawler.items import PageFailure
from crawler.ops import crawlstate, quarantine
from crawler.parsers.base import ParseError, pick_parser

logger = logging.getLogger(__name__)

MODES = ("cron", "full", "backfill")


def _truthy(value) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


def _day(value: str | None, end: bool = False) -> datetime | None:
    if not value:
        return None
    day = datetime.strptime(value, "%Y-%m-%d").date()
    return datetime.combine(day + timedelta(days=1) if end else day, dtime(0), DAMASCUS)


class NewsSpider(scrapy.Spider):
    #: the outlet's own hosts (without ``www.``) and the origin of its canonical URLs
    hosts: tuple[str, ...] = ()
    origin: str = ""
    #: the outlet's page templates, newest first (``crawler/parsers/<outlet>.py``: ``TEMPLATES``)
    templates: tuple = ()
    #: ``templates`` plus the extra ones of ``NEWS_PARSER_TEMPLATES``; set by ``from_crawler`` (absent
    #: on a spider built without a crawler, hence read with ``getattr``)
    page_templates: tuple

    def __init__(
        self,
        *args,
        base_url: str | None = None,
        mode: str = "cron",
        since: str | None = None,
        until: str | None = None,
        refresh: str = "0",
        reparse: str = "0",
        canary: str = "0",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.base_url = base_url
        self.rewriter = HostRewriter(self.hosts, self.origin, base_url)
        try:
            self.since = _day(since)
            self.until = _day(until, end=True)  # exclusive: the day after ``until``
        except ValueError as exc:
            raise ValueError(f"since/until must be YYYY-MM-DD: {exc}") from None
        self.mode = "backfill" if (self.since or self.until) else mode
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.refresh = _truthy(refresh)
        self.reparse_quarantined = reparse == "quarantined"
        self.reparse = self.reparse_quarantined or _truthy(reparse)
        self.canary = _truthy(canary)
        self.requested_ids: set[str] = set()
        self.produced_ids: set[str] = set()
        self.known: dict[str, dict] = {}
        self.gone: set[str] = set()
        self.known_urls: dict[str, str] = {}

    @property
    def cron(self) -> bool:
        return self.mode == "cron"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        extra = [load_object(path) for path in crawler.settings.getlist("NEWS_PARSER_TEMPLATES")]
        spider.page_templates = tuple(c for c in extra if c.outlet == spider.name) + tuple(spider.templates)
        return spider

    async def start(self):
        if self.reparse:
            for item in self.reparse_items():
                yield item
            return
        if self.canary:
            async for request in self.canary_requests():
                yield request
            return
        self.load_known()
        async for request in self.discover():
            yield request

    async def discover(self):  # pragma: no cover - each outlet defines it
        raise NotImplementedError
        yield

    # -- canary (scrapy canary) ---------------------------------------------------------------------
    async def canary_requests(self):
        """The newest article, then the newest stored article of each template."""
        async for request in self.newest_requests():
            yield request
        for template, row in sorted(storage_for(self.crawler).latest_per_template(self.name).items()):
            yield self.stored_canary_request(template, row)

    async def newest_requests(self):  # pragma: no cover - each outlet defines it
        raise NotImplementedError
        yield

    def canary_request(self, url: str, article_id: str, label: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            dont_filter=True,
            meta={"article_id": article_id, "hint_url": url, "canary": label},
        )

    def stored_canary_request(self, template: str, row: dict) -> scrapy.Request:
        return self.canary_request(row["url"], row["article_id"], f"stored {template}")

    def load_known(self) -> None:
        engine = storage_for(self.crawler).engine
        self.known = storage_for(self.crawler).known(self.name)
        self.gone = crawlstate.load_gone(engine, self.name) if self.cron and not self.refresh else set()
        self.known_urls = {url_key(row["url"]): aid for aid, row in self.known.items()}
        self.logger.info(
            "%s: %d articles already stored; mode %s%s%s",
            self.name,
            len(self.known),
            self.mode,
            f", window {self.since:%Y-%m-%d}…" if self.since else "",
            " (refresh)" if self.refresh else "",
        )
        if self.cron and not self.known:
            self.logger.warning(
                "%s: nothing stored yet and cron mode reads only the feeds and first listing pages: "
                "run once with -a mode=full (or a since/until backfill) to fetch the archive",
                self.name,
            )

    # -- URLs -------------------------------------------------------------------------------------
    def real_url(self, url: str) -> str:
        """The outlet's own URL for a fetched (possibly replica) URL, tracking removed."""
        return strip_tracking(self.rewriter.to_real(url))

    def absolute_real(self, response, href: str) -> str:
        return self.real_url(response.urljoin(href))

    # -- windows ----------------------------------------------------------------------------------
    def in_window(self, when) -> bool | None:
        """True/False for a date inside/outside ``since``/``until``; None when unknown."""
        if when is None or when == "":
            return None
        if isinstance(when, str):
            try:
                when = parse_date(when)
            except DateParseError:
                return None
        if when is None:
            return None
        if self.since and when < self.since:
            return False
        return not (self.until and when >= self.until)

    def before_window(self, when) -> bool:
        """True only for a date known to lie before ``since``."""
        if not self.since or self.mode != "backfill":
            return False
        try:
            parsed = parse_date(when) if isinstance(when, str) else when
        except DateParseError:
            return False
        return parsed is not None and parsed < self.since

    def is_known(self, key: str, lastmod: str | None = None) -> bool:
        """An article stored before whose listed ``lastmod`` (if any) is not newer."""
        if self.refresh:
            return False
        article_id = key if key in self.known else self.known_urls.get(key[4:] if key.startswith("url:") else "")
        if article_id is None:
            return False
        if lastmod:
            stored = self.known[article_id].get("modified_at") or self.known[article_id].get("published_at")
            try:
                listed, saved = parse_date(lastmod), parse_date(stored)
                if saved is not None and listed is not None and listed > saved:
                    return False
            except DateParseError:
                pass
        return True

    def is_settled(self, key: str, lastmod: str | None = None) -> bool:
        """Nothing to fetch for this article in this run: stored and unchanged, or gone (404)."""
        return self.is_known(key, lastmod) or key in self.gone

    # -- requests ---------------------------------------------------------------------------------
    def request(self, url: str, callback, conditional: bool = False, **meta) -> scrapy.Request:
        """A discovery request. ``dont_filter``: resuming a killed run (JOBDIR) must fetch the
        discovery pages again; the database, not the dupefilter, knows what is stored."""
        if conditional and self.cron and not self.refresh:
            meta.update(conditional=True, handle_httpstatus_list=[304])
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta, dont_filter=True)

    def article_request(self, url: str, article_id: str, lastmod: str | None = None, **meta) -> scrapy.Request | None:
        """One request per article per run, whatever URL form it was listed under; none for an
        article already stored and unchanged."""
        self.crawler.stats.inc_value("news/articles_listed")
        if article_id in self.requested_ids:
            return None
        self.requested_ids.add(article_id)
        if self.is_known(article_id, lastmod):
            self.crawler.stats.inc_value("news/articles_known_skipped")
            return None
        if article_id in self.gone:
            self.crawler.stats.inc_value("news/articles_gone_skipped")
            return None
        self.crawler.stats.inc_value("news/articles_requested")
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            dont_filter=True,
            meta=dict(meta, article_id=article_id, hint_url=url, lastmod=lastmod),
        )

    def parse_page(self, sel, page_url: str, hint_url: str = ""):
        """The record of an article page, by the first of the outlet's templates that matches."""
        templates = getattr(self, "page_templates", None) or self.templates
        return pick_parser(templates, sel)(sel, page_url, hint_url).article()

    def page_failure(self, article_id: str, url: str, exc: Exception, fetched_url: str = "") -> PageFailure:
        """What a page that yielded no record becomes (quarantined by the validate step)."""
        self.crawler.stats.inc_value("news/parse_failed")
        self.logger.error("could not parse %s: %s (quarantined with its raw page)", url, exc)
        return PageFailure(
            outlet=self.name,
            article_id=str(article_id),
            url=url,
            fetched_url=fetched_url or url,
            reason=f"{type(exc).__name__}: {exc}" if not isinstance(exc, ParseError) else str(exc),
            templates=getattr(exc, "templates", None) or [t.template for t in self.templates],
        )

    def parse_article(self, response):
        page_url = self.real_url(response.url)
        try:
            item = self.parse_page(response.selector, page_url, response.meta.get("hint_url", ""))
        except ParseError as exc:
            yield self.labelled(self.page_failure(response.meta["article_id"], page_url, exc, response.url), response)
            return
        item.fetched_url = response.url
        if self.canary:
            yield self.labelled(item, response)
            return
        self.crawler.stats.inc_value(f"news/parsed/{item.template}")
        if self.keep(item):
            yield item

    @staticmethod
    def labelled(item, response):
        """A canary record knows which check it answers (``newest``, ``stored current`` …)."""
        if response.meta.get("canary"):
            item._canary = response.meta["canary"]
        return item

    def item_from_html(self, page: dict):
        """A record re-extracted from a stored raw HTML page (``reparse``)."""
        response = HtmlResponse(url=page["url"], body=page["body"], encoding=page.get("encoding") or None)
        item = self.parse_page(response.selector, page["url"])
        item.fetched_url = page["url"]
        return item

    def keep(self, item) -> bool:
        """False (and counted) for a record already produced in this run under another URL
        (a post listed by sitemap URL and by feed id), or whose own date lies outside the window."""
        if item.article_id in self.produced_ids:
            self.crawler.stats.inc_value("news/dropped/same_article_other_url")
            return False
        self.produced_ids.add(item.article_id)
        if self.mode == "backfill" and self.in_window(item.published_at) is False:
            self.crawler.stats.inc_value("news/dropped/outside_window")
            self.logger.info("outside the window, not stored: %s (%s)", item.url, item.published_at)
            return False
        return True

    # -- reparse ----------------------------------------------------------------------------------
    def reparse_items(self):
        """Records re-extracted from the raw pages stored in the database (or, for
        ``reparse=quarantined``, from the quarantined pages), each with its raw bytes attached so
        that a page failing again is (still) quarantined with them."""
        store = storage_for(self.crawler)
        pages = (
            quarantine.iter_pages(store.engine, self.name) if self.reparse_quarantined else store.iter_pages(self.name)
        )
        count = failed = 0
        for page in pages:
            try:
                item = self.item_from_archive(page)
            except Exception as exc:  # a page that still does not parse stays archived / quarantined
                failed += 1
                item = self.page_failure(page["article_id"], page["url"], exc)
            else:
                count += 1
                self.crawler.stats.inc_value(f"news/parsed/{item.template}")
            yield attach_raw(item, page["body"], page.get("content_type"), page.get("encoding"))
        self.logger.info(
            "reparse: %d records re-extracted from %s, %d still fail",
            count,
            "quarantined pages" if self.reparse_quarantined else "stored pages",
            failed,
        )

    def item_from_archive(self, page: dict):  # pragma: no cover - each outlet defines it
        raise NotImplementedError

    # -- failures ---------------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
        url = self.real_url(request.url)
        is_article = bool(request.meta.get("article_id"))
        stats = self.crawler.stats
        if failure.check(HttpError):
            status = failure.value.response.status
            if status in (404, 410) and is_article:
                stats.inc_value("news/article_404")
                logger.warning("listed article answers %d, not stored: %s", status, url)
                crawlstate.mark_gone(
                    storage_for(self.crawler).engine, self.name, request.meta["article_id"], url, status
                )
                return
            if status in (401, 403):
                self.fatal(
                    "forbidden",
                    f"HTTP {status} from {url}: the site refuses this crawler (blocked or WAF); nothing more can be fetched",
                )
                return
            kind = f"http_{status}"
        elif failure.check(DNSLookupError, ConnectionRefusedError, TimeoutError, TCPTimedOutError) or any(
            word in type(failure.value).__name__ for word in ("DNS", "Resolve", "Connection", "Timeout")
        ):
            kind = "unreachable"
        else:
            kind = type(failure.value).__name__
        stats.inc_value(f"news/errors/{kind}")
        stats.inc_value("news/errors/fetch_failed")
        if is_article:
            stats.inc_value("news/errors/article_fetch_failed")
        logger.error("fetch failed (%s) after retries: %s — %s", kind, url, failure.getErrorMessage())

    def fatal(self, reason: str, message: str) -> None:
        self.crawler.stats.inc_value(f"news/fatal/{reason}")
        logger.error("FATAL %s: %s", reason, message)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))
