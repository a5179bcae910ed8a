"""What every outlet spider shares.

Arguments (``-a name=value``): ``NewsSpider.arguments`` declares each one once (name, parser,
default, help), an outlet adds its own; the table parses and checks them when the spider is
built (a wrong or unknown one is a usage error, exit 2) and ``scrapy crawl [SPIDER] --help``
lists them (crawler/spiders/arguments.py).

A page that matches no template, or whose parser gives up, becomes a ``PageFailure`` that walks
the pipelines like a record: the validate step counts it and quarantines it with its raw bytes
(crawler/ops/quarantine.py). ``NEWS_PARSER_TEMPLATES`` (dotted class paths) puts parser classes
before the outlet's own, to try a new parser version on the quarantine before it is committed.

What a run could not fetch goes on the to-do (crawler/ops/todo.py): ``on_error`` (a fetch failed
after its retries, a 403, a listed article answering 404 that is not gone yet),
``discovery_failed`` (a discovery page that answered but cannot be used) and a callback that
raised. ``start`` takes what is due first (``todo_requests``: the callback by name, the meta from
JSON), then discovery.

Archive scale: nothing of the archive is loaded to decide what is known. A discovery page's
articles are asked about in one batch (``look_up``: crawler/archive/known.py, indexed columns
only), ``refresh=stored`` streams the stored articles, the sitemaps an index lists are read in
turn (crawler/spiders/pacing.py) and the articles a run met are kept as digests
(crawler/spiders/runkeys.py): a cron run costs the same at 200,000 stored articles as at 1,000,
and a full crawl's queue stays small (bench/scale.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy.utils.sitemap import sitemap_urls_from_robots
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError

from crawler.archive import warc
from crawler.archive.known import KnownArticles, any_stored, iter_stored
from crawler.archive.raw_pages import attach_raw
from crawler.archive.spool import spool_for
from crawler.archive.storage import describe_error, storage_for
from crawler.extract.dates import DAMASCUS, DateParseError, parse_date
from crawler.extract.discovery import MalformedDiscovery, feed_entries, looks_like_html, sitemap_entries
from crawler.extract.urls import HostRewriter, strip_tracking, url_key
from crawler.items import PageFailure
from crawler.ops import politeness, quarantine
from crawler.ops.offsite import OffsiteRedirect, ResponseTooLarge
from crawler.ops.todo import FROM_TODO, NODE, SPIDER_META, spider_meta, todo_for
from crawler.parsers.base import ParseError, page_selector, pick_parser
from crawler.spiders import arguments as parse
from crawler.spiders.arguments import Argument, ArgumentError, parse_arguments
from crawler.spiders.pacing import SitemapPacer
from crawler.spiders.runkeys import KeyDigestMap, KeyDigests

logger = logging.getLogger(__name__)

MODES = ("cron", "full", "backfill")


def _day(value: date | None, end: bool = False) -> datetime | None:
    """Midnight (Damascus) starting that day, or (``end``) the next one."""
    if value is None:
        return None
    return datetime.combine(value + timedelta(days=1) if end else value, dtime(0), DAMASCUS)


class NewsSpider(scrapy.Spider):
    #: the outlet's own hosts (without ``www.``) and the origin of its canonical URLs
    hosts: tuple[str, ...] = ()
    origin: str = ""
    #: the outlet's page templates, newest first (``crawler/parsers/<outlet>.py``: ``TEMPLATES``)
    templates: tuple = ()
    #: ``templates`` plus the extra ones of ``NEWS_PARSER_TEMPLATES``; set by ``from_crawler`` (absent
    #: on a spider built without a crawler, hence read with ``getattr``)
    page_templates: tuple
    #: every ``-a name=value`` argument, declared once: parsed and checked by ``__init__``, listed by
    #: ``scrapy crawl [SPIDER] --help``; an outlet adds its own (``NewsSpider.arguments + (...)``)
    arguments: ClassVar[tuple[Argument, ...]] = (
        Argument(
            "mode",
            parse.choice(*MODES),
            "cron",
            "cron: the feeds, the first listing pages (paging stops at a page with nothing new) and the newest "
            "API page; only unknown articles, or ones whose sitemap lastmod / API modified_gmt is newer than "
            "stored, are fetched; discovery pages conditionally (ETag / If-Modified-Since). full: everything "
            "discoverable (every sitemap, every listing page, the whole API). backfill: what since/until imply",
            "cron|full|backfill",
        ),
        Argument(
            "since",
            parse.day,
            None,
            "first day (Damascus time) of a backfill window: only that window of the archive is walked; "
            "nothing known to lie outside it is fetched, a page whose own date falls outside is not stored",
            "YYYY-MM-DD",
        ),
        Argument("until", parse.day, None, "last day (inclusive) of a backfill window", "YYYY-MM-DD"),
        Argument(
            "refresh",
            parse.boolean_or("stored"),
            "0",
            "1: fetch again what this run's discovery lists, stored or not (cron: the feeds and first listing "
            "pages; a window: everything listed in it); stored: fetch every stored article (of the window, if "
            "since/until are given) from its stored URL, without discovery",
            "1|0|stored",
        ),
        Argument(
            "base_url",
            parse.base_url,
            None,
            "fetch the outlet's URLs from a replica serving the same paths at this base (no path); records keep "
            "the real canonical URLs; a loopback base turns AutoThrottle and the download delay off",
            "http://HOST:PORT",
        ),
        Argument(
            "reparse",
            parse.boolean_or("quarantined"),
            "0",
            "set by scrapy reparse [--quarantined]: no network, re-extract the stored (or only the "
            "quarantined) raw pages with the current parsers",
            "1|0|quarantined",
        ),
        Argument(
            "from_warc",
            parse.warc_source,
            None,
            "set by scrapy reparse --from-warc DIR (with reparse=1): re-extract the article responses of the "
            "WARC files under DIR (the newest capture of each article) instead of the stored raw pages",
            "DIR",
        ),
        Argument(
            "canary",
            parse.boolean,
            "0",
            "set by scrapy canary: fetch only the newest article and the newest stored article of each "
            "template, store nothing",
            "1|0",
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        values = parse_arguments(self.name, self.arguments, kwargs)
        #: every argument of the table, parsed (its default when not given)
        self.argument_values: dict[str, Any] = values
        since, until = values["since"], values["until"]
        if since and until and since > until:
            raise ArgumentError(f"since {since} is after until {until}: an empty window")
        if (since or until) and "mode" in kwargs and values["mode"] != "backfill":
            raise ArgumentError(f"mode={values['mode']} contradicts since/until: a window is a backfill (drop mode)")
        self.base_url: str | None = values["base_url"]
        self.rewriter = HostRewriter(self.hosts, self.origin, self.base_url)
        self.since = _day(since)
        self.until = _day(until, end=True)  # exclusive: the day after ``until``
        self.mode: str = "backfill" if (since or until) else values["mode"]
        self.refresh: bool | str = values["refresh"]
        self.reparse_quarantined = values["reparse"] == "quarantined"
        self.reparse = bool(values["reparse"])
        #: ``scrapy reparse --from-warc DIR``: the WARC files to re-extract, instead of the stored pages
        self.reparse_warc: str | None = values["from_warc"]
        if self.reparse_warc and (not self.reparse or self.reparse_quarantined):
            raise ArgumentError(
                "from_warc goes with reparse=1 only (scrapy reparse SPIDER --from-warc DIR), not with "
                + ("--quarantined" if self.reparse_quarantined else "a crawl")
            )
        self.canary: bool = values["canary"]
        if self.reparse and self.canary:
            raise ArgumentError("reparse and canary exclude each other (set by scrapy reparse and scrapy canary)")
        #: this run discovers what to fetch; False for a worker joining a distributed crawl another
        #: worker seeds (set by crawler/ops/distributed's spider middleware before ``start`` runs)
        self.seeding = True
        #: this run's responses go to the WARC files (set by ``start``)
        self.archiving = False
        #: the articles this run met, by id and URL key, as 64-bit digests (crawler/spiders/runkeys.py):
        #: they grow with the articles a run handles (70 bytes a key), never with the archive
        self.requested_ids = KeyDigests()
        #: articles met but not fetched by this run, key → the stat that counted them (``skipped``)
        self.skipped_ids = KeyDigestMap()
        self.produced_ids = KeyDigests()
        #: what the archive holds, asked per batch of listed articles (crawler/archive/known.py): made
        #: at first use by ``knowing``; stays None in a canary or a reparse, where nothing is known
        self.known: KnownArticles | None = None
        #: the sitemaps an index lists, read in turn (crawler/spiders/pacing.py; set by ``from_crawler``)
        self.sitemaps: SitemapPacer | None = None

    @property
    def cron(self) -> bool:
        return self.mode == "cron"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        extra = [load_object(path) for path in crawler.settings.getlist("NEWS_PARSER_TEMPLATES")]
        spider.page_templates = tuple(c for c in extra if c.outlet == spider.name) + tuple(spider.templates)
        spider.sitemaps = SitemapPacer(crawler)
        return spider

    async def start(self):
        # a crawl that fetches for the archive: its responses are kept as WARC (crawler/archive/
        # warc_capture.py); never a canary or a reparse, nor scrapy parse (which replaces ``start``)
        self.archiving = not (self.canary or self.reparse)
        if not self.canary:
            # first the records an earlier run could not store (crawler/archive/spool.py): as items,
            # raw bytes attached, through every pipeline like a fresh record
            for item in spool_for(self.crawler).replay(self.name):
                yield item
        if not self.seeding:
            # a worker that joined a distributed crawl (crawler/ops/distributed): another seeded it
            return
        if self.reparse:
            for item in self.reparse_items():
                yield item
            return
        if self.refresh == "stored":
            self.load_known()
            for request in self.todo_requests():
                yield request
            for request in self.stored_requests():
                yield request
            return
        if self.canary:
            async for request in self.canary_requests():
                yield request
            return
        self.load_known()
        # first what earlier runs could not fetch (crawler/ops/todo.py), then discovery, which skips
        # a page the to-do already retries
        for request in self.todo_requests():
            yield request
        todo = todo_for(self.crawler)
        async for request in self.discover():
            if not todo.rediscovered(request, self.real_url(request.url)):
                yield request

    def stored_requests(self):
        """``refresh=stored``: every stored article (of the window, when there is one), fetched again
        from its stored URL, whatever discovery lists today. Streamed from the archive a batch at a
        time (``iter_stored``), pulled by Scrapy as it needs requests: never the whole archive in
        memory."""
        for row in iter_stored(storage_for(self.crawler).engine, self.name):
            if self.in_window(row["published_at"]) is False:
                continue
            request = self.article_request(row["url"], row["article_id"])
            if request is not None:
                yield request

    async def discover(self):  # pragma: no cover - each outlet defines it
        raise NotImplementedError
        yield

    # -- the to-do (crawler/ops/todo.py) ------------------------------------------------------------
    def todo_requests(self):
        """What earlier runs could not fetch and is due again, rebuilt from its row: the callback
        by name, the meta from JSON, read in full. A backfill takes only article pages (its window
        would filter what a discovery page lists); an article stored since leaves the to-do."""
        todo = todo_for(self.crawler)
        if not todo.open(self.name, "parse_article", "on_error"):
            return
        due = todo.due(articles_only=self.mode == "backfill")
        self.look_up((row["article_id"], row["url"]) for row in due if row["article_id"])
        for row in due:
            callback = getattr(self, row["callback"], None)
            errback = getattr(self, row["errback"] or "on_error", None)
            try:
                meta = json.loads(row["meta"] or "{}")
            except ValueError:
                meta = None
            if not callable(callback) or not callable(errback) or not isinstance(meta, dict):
                self.crawler.stats.inc_value("news/todo/unbuildable")
                self.logger.warning(
                    "to-do: cannot rebuild the request for %s (callback %s of %s): left on the to-do",
                    row["url"],
                    row["callback"],
                    type(self).__name__,
                )
                continue
            article_id = row["article_id"]
            if article_id:
                if self.is_known(article_id, meta.get("lastmod")):
                    todo.resolve(row["url"], article_id)  # stored meanwhile
                    continue
                keys = {article_id, "url:" + url_key(row["url"])}
                if self.requested_ids.intersects(keys):
                    continue
                self.requested(keys)
            todo.retry(row["url"])
            self.logger.info("to-do: retrying %s (%s, try %d)", row["url"], row["reason"], row["tries"] + 1)
            yield scrapy.Request(
                row["url"],
                callback=callback,
                errback=errback,
                dont_filter=True,
                meta=dict(meta, **{SPIDER_META: sorted(meta), FROM_TODO: True}),
            )

    def todo_failed(self, request, reason: str) -> None:
        """Put a request this run could not complete on the to-do (the next runs retry it); a
        canary or ``scrapy parse`` keeps no to-do."""
        todo = todo_for(self.crawler)
        if not todo.active:
            return
        url = self.real_url(request.url)
        article_id = request.meta.get("article_id")
        callback = getattr(request.callback, "__name__", None) or "parse"
        errback = getattr(request.errback, "__name__", None) or "on_error"
        if getattr(self, callback, None) is None:
            self.logger.warning("to-do: %s has no callback of this spider (%s): not kept", url, callback)
            todo.pages.finish(request.meta.get(NODE), "failed")
            return
        entry = {
            "url": url,
            "kind": "article" if article_id else callback.removeprefix("parse_"),
            "article_id": str(article_id) if article_id else None,
            "callback": callback,
            "errback": errback,
            "meta": json.dumps(spider_meta(request), ensure_ascii=False, sort_keys=True),
        }
        row = todo.failed(entry, reason)
        todo.pages.finish(request.meta.get(NODE), "todo" if row is not None else "failed")
        if row is not None and not row["given_up_now"] and not row["given_up_at"]:
            self.logger.warning(
                "on the to-do (%s, try %d): %s; next try after %s", reason, row["tries"], url, row["next_try"]
            )

    def discovery_failed(self, response, kind: str, message: str) -> None:
        """A discovery page that answered but cannot be used (not XML, cut short, a login page…):
        counted as an error (``news/errors/<kind>``: the run FAILED), put on the to-do, and its HTTP
        validators are not saved (crawler/ops/conditional.py), so the next run reads it again."""
        stats = self.crawler.stats
        stats.inc_value(f"news/errors/{kind}")
        stats.inc_value("news/errors/fetch_failed")
        todo_for(self.crawler).accounted += 1
        logger.error("unusable discovery page (%s): %s — %s", kind, self.real_url(response.url), message)
        self.todo_failed(response.request, kind)

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
        """Get ready to ask the archive what it holds (crawler/archive/known.py): nothing is loaded,
        each discovery page's articles are asked about in one batch (``look_up``); the 404 memory
        too in a cron run without refresh. Costs the same at any archive size."""
        self.knowing()
        stored = any_stored(storage_for(self.crawler).engine, self.name)
        self.logger.info(
            "%s: %s; mode %s%s%s",
            self.name,
            "articles already stored" if stored else "nothing stored yet",
            self.mode,
            f", window {self.since:%Y-%m-%d}…" if self.since else "",
            " (refresh)" if self.refresh else "",
        )
        if self.cron and not stored:
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

    def knowing(self) -> KnownArticles | None:
        """The run's questions to the archive, made at first use (also for a run that did not
        ``load_known``, such as a worker joining a distributed crawl); None for a canary or a
        reparse, which treat nothing as known."""
        if self.known is None and not (self.canary or self.reparse):
            engine = storage_for(self.crawler).engine
            gone = self.cron and not self.refresh
            self.known = KnownArticles(engine, self.name, gone=gone, on_batch=self.known_stats)
        return self.known

    def look_up(self, listed: Iterable[tuple[str | None, str | None]]) -> None:
        """Ask the archive at once about the articles a discovery page lists: ``(key, url)`` pairs
        as ``article_request`` gets them (either may be None), asked by key and by URL key, so
        that the checks that follow, one article at a time, are answered from memory: a sitemap
        of a thousand URLs is a few queries, not a thousand."""
        known = self.knowing()
        if known is None or self.refresh:
            return
        keys: list[str] = []
        for key, url in listed:
            keys += [k for k in (key, "url:" + url_key(url) if url else None) if k]
        known.prefetch(keys)

    def stop_paging(self, settled: Iterable[bool]) -> bool:
        """Cron: a newest-first listing (or API pages by modification) ends at its first stored
        article; it ends too while the archive does not answer (crawler/archive/known.py), since
        nothing can then be told stored and paging on would walk the whole archive: the next run
        pages on from the top."""
        if not self.cron:
            return False
        if any(settled):
            self.crawler.stats.inc_value("news/listing_stopped_at_known")
            return True
        if self.known is not None and not self.known.answering:
            self.crawler.stats.inc_value("news/listing_stopped_archive_unavailable")
            return True
        return False

    def known_stats(self, known: KnownArticles) -> None:
        """What asking the archive cost this run so far (``news/known/*``)."""
        stats = self.crawler.stats
        stats.set_value("news/known/queries", known.queries)
        stats.set_value("news/known/rows_read", known.rows_read)
        stats.set_value("news/known/memo_peak", known.peak)
        if known.unavailable:
            stats.set_value("news/known/unavailable", known.unavailable)

    def is_known(self, key: str, lastmod: str | None = None) -> bool:
        """An article stored before whose listed ``lastmod`` (if any) is not newer; ``key`` is an
        article id or ``url:<url key>``."""
        known = None if self.refresh else self.knowing()
        if known is None:
            return False
        stored = known.stored(key)
        if stored is None:
            return False
        if lastmod:
            try:
                listed, saved = parse_date(lastmod), parse_date(stored.changed_at)
                if saved is not None and listed is not None and listed > saved:
                    return False
            except DateParseError:
                pass
        return True

    def is_gone(self, key: str) -> bool:
        """A listed article that answered 404 on enough runs (a cron run without refresh only)."""
        known = self.knowing()
        return known is not None and known.gone(key)

    def is_settled(self, key: str, lastmod: str | None = None) -> bool:
        """Nothing to fetch for this article in this run: stored and unchanged, or gone (404)."""
        return self.is_known(key, lastmod) or self.is_gone(key)

    # -- discovery documents (robots.txt, sitemaps, feeds) -----------------------------------------
    def parse_robots(self, response):
        """``robots.txt``: its ``Sitemap:`` lines, each read by the outlet's ``parse_sitemap``."""
        if looks_like_html(response.body):
            politeness.discovery_malformed(self, response, "robots.txt is an HTML page: no Sitemap line taken from it")
            return
        for url in sitemap_urls_from_robots(response.body, base_url=self.origin):
            yield self.request(self.real_url(url), self.parse_sitemap)

    def parse_sitemap(self, response) -> Iterator[scrapy.Request]:
        """A sitemap or sitemap index: each outlet reads its own (``sitemap_of`` gives its entries)."""
        raise NotImplementedError

    def sitemap_of(self, response) -> tuple[str, list[dict]] | None:
        """A sitemap's kind and entries (its turn given to the next waiting one); None when it is
        malformed (an HTML page, XML cut off): no URL taken from it, a failed fetch
        (``discovery_malformed``)."""
        self.sitemap_read(response.request)
        try:
            return sitemap_entries(response.body)
        except MalformedDiscovery as exc:
            politeness.discovery_malformed(self, response, f"sitemap: {exc}")
            return None

    def feed_of(self, response) -> list[dict]:
        """A feed's entries; none when it did not change (304) or is malformed (counted as a
        failed fetch, as a sitemap)."""
        if response.status == 304:
            return []
        try:
            return feed_entries(response.body)
        except MalformedDiscovery as exc:
            politeness.discovery_malformed(self, response, f"feed: {exc}")
            return []

    # -- requests ---------------------------------------------------------------------------------
    def follow_sitemap(self, url: str, callback) -> Iterator[scrapy.Request]:
        """A sitemap an index lists: requested in its turn, while few article requests wait
        (crawler/spiders/pacing.py, ``NEWS_PENDING_ARTICLES``), or at once without a pacer."""
        request = self.request(url, callback)
        yield from self.sitemaps.follow(request) if self.sitemaps is not None else [request]

    def sitemap_read(self, request) -> None:
        """A sitemap's answer (or failure) arrived: the next waiting one may be requested."""
        if self.sitemaps is not None and request is not None:  # a response built by hand has none
            self.sitemaps.read(request)

    def request(self, url: str, callback, conditional: bool = False, **meta) -> scrapy.Request:
        """A discovery request. ``dont_filter``: resuming a killed run (JOBDIR) must fetch the
        discovery pages again; the database, not the dupefilter, knows what is stored."""
        meta[SPIDER_META] = sorted(meta)  # what a to-do row keeps of it
        if conditional and self.cron and not self.refresh:
            meta.update(conditional=True, handle_httpstatus_list=[304])
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta, dont_filter=True)

    def article_request(self, url: str, article_id: str, lastmod: str | None = None, **meta) -> scrapy.Request | None:
        """One request per article per run, whatever URL form it was listed under and whatever
        listed it: its id and its URL key are both remembered, so a post a listing names by id and a
        sitemap by URL only is fetched once; none for an article already stored and unchanged."""
        self.crawler.stats.inc_value("news/articles_listed")
        keys = {article_id, "url:" + url_key(url)}
        if self.requested_ids.intersects(keys):
            return None
        if self.is_known(article_id, lastmod):
            self.skipped("news/articles_known_skipped", keys)
            return None
        if any(self.is_gone(key) for key in keys):
            self.skipped("news/articles_gone_skipped", keys)
            return None
        if self.cron and not self.refresh and todo_for(self.crawler).waiting(article_id, url):
            self.skipped("news/articles_todo_waiting", keys)  # the to-do retries it when due
            return None
        self.requested(keys)
        meta = dict(meta, article_id=article_id, hint_url=url, lastmod=lastmod)
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            dont_filter=True,
            meta=dict(meta, **{SPIDER_META: sorted(meta)}),
        )

    def skipped(self, stat: str, keys: set[str]) -> None:
        """An article not fetched now, counted once per run under ``stat``. It is not marked as
        requested: the same article met again with a newer ``lastmod`` (an undated listing first, its
        sitemap later) is still fetched; whatever order discovery meets its URLs in, the newest
        ``lastmod`` decides."""
        if self.skipped_ids.intersects(keys):
            return
        for key in keys:
            self.skipped_ids[key] = stat
        self.crawler.stats.inc_value(stat)

    def requested(self, keys: set[str], request: bool = True) -> None:
        """Mark an article as taken by this run (once per run, whatever URL form lists it again) and,
        with ``request``, count its page request; one counted as skipped before (an older ``lastmod``
        met first) is no longer counted so."""
        earlier = {self.skipped_ids.pop(key) for key in keys if key in self.skipped_ids}
        for stat in earlier:
            if stat is not None:
                self.crawler.stats.inc_value(stat, -1)
        self.requested_ids.update(keys)
        if request:
            self.crawler.stats.inc_value("news/articles_requested")

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
            item = self.parse_page(page_selector(response), page_url, response.meta.get("hint_url", ""))
        except ParseError as exc:
            article_id = response.meta.get("article_id") or page_url  # ``scrapy parse`` gives no id
            yield self.labelled(self.page_failure(article_id, page_url, exc, response.url), response)
            return
        item.fetched_url = response.url
        if self.canary:
            yield self.labelled(item, response)
            return
        self.crawler.stats.inc_value(f"news/parsed/{item.template}")
        if self.keep(item, window=not response.meta.get(FROM_TODO)):  # a to-do page is kept whatever the window
            yield item

    def parse(self, response, **kwargs):
        """``scrapy parse URL`` (its default callback): the article's record, as a crawl makes it."""
        return self.parse_article(response)

    @staticmethod
    def article_id_of_url(url: str) -> str | None:
        """The outlet's article id in a URL, where its URLs carry one (``scrapy show``)."""
        return None

    @classmethod
    def handles_request(cls, request) -> bool:
        """``scrapy parse URL`` finds the outlet's spider by the URL's host."""
        host = (urlsplit(request.url).hostname or "").removeprefix("www.")
        return host in cls.hosts

    @staticmethod
    def labelled(item, response):
        """A canary record knows which check it answers (``newest``, ``stored current`` …)."""
        if response.meta.get("canary"):
            item._canary = response.meta["canary"]
        return item

    def item_from_html(self, page: dict):
        """A record re-extracted from a stored raw HTML page (``reparse``)."""
        response = HtmlResponse(url=page["url"], body=page["body"], encoding=page.get("encoding") or None)
        item = self.parse_page(page_selector(response), page["url"])
        item.fetched_url = page["url"]
        return item

    def keep(self, item, window: bool = True) -> bool:
        """False (and counted) for a record already produced in this run under another URL
        (a post listed by sitemap URL and by feed id), or (``window``) whose own date lies outside
        the window."""
        if item.article_id in self.produced_ids:
            self.crawler.stats.inc_value("news/dropped/same_article_other_url")
            return False
        self.produced_ids.add(item.article_id)
        if window and self.mode == "backfill" and self.in_window(item.published_at) is False:
            self.crawler.stats.inc_value("news/dropped/outside_window")
            self.logger.info("outside the window, not stored: %s (%s)", item.url, item.published_at)
            return False
        return True

    # -- reparse ----------------------------------------------------------------------------------
    def reparse_items(self):
        """Records re-extracted from the raw pages stored in the database (or, for
        ``reparse=quarantined``, from the quarantined pages; with ``from_warc``, from the article
        responses of the WARC files), each with its raw bytes attached so that a page failing again
        is (still) quarantined with them."""
        if self.reparse_warc:
            pages, source = self.warc_archive_pages(), f"the WARC files under {self.reparse_warc}"
        elif self.reparse_quarantined:
            pages, source = quarantine.iter_pages(storage_for(self.crawler).engine, self.name), "quarantined pages"
        else:
            pages, source = storage_for(self.crawler).iter_pages(self.name), "stored pages"
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
        self.logger.info("reparse: %d records re-extracted from %s, %d still fail", count, source, failed)

    # -- WARC files (crawler/archive/warc.py) -------------------------------------------------------
    def warc_pages(self, record: warc.Record) -> Iterator[dict]:
        """The pages a WARC record holds, as the ``pages`` table gives them to ``item_from_archive``
        (``article_id``, ``url``, ``body``, ``content_type``, ``encoding``): an article page this
        outlet's crawl requested (``News-Article-Id``: crawler/archive/warc_capture.py) that answered 200.
        An outlet whose records come from other answers (an API) adds those."""
        if record.type != "response" or record.status != 200 or record.fields.get("News-Outlet") != self.name:
            return
        article_id = record.fields.get("News-Article-Id")
        if not article_id:
            return
        content_type = record.http_header("Content-Type")
        url = record.fields.get("News-URI") or self.real_url(record.uri)
        response = HtmlResponse(url=url, body=record.payload, headers={"Content-Type": content_type or "text/html"})
        yield {
            "article_id": article_id,
            "url": url,
            "body": record.payload,
            "content_type": content_type,
            "encoding": response.encoding,  # as the crawl read it: from the header, else the page
        }

    def warc_archive_pages(self) -> Iterator[dict]:
        """``warc_pages`` of the newest capture of each article in the WARC files of ``from_warc``:
        a first pass finds where each is, a second reads those records only (one at a time). A
        truncated or corrupt record is skipped with a warning (``news/warc/damaged``)."""
        assert self.reparse_warc is not None
        files = warc.warc_files(self.reparse_warc)
        damage: list[warc.Damage] = []
        newest: dict[str, tuple[str, str, int]] = {}  # article id → (WARC-Date, file, offset)
        for record in warc.iter_records(files, damage=damage):
            for page in self.warc_pages(record):
                seen = newest.get(page["article_id"])
                if seen is None or record.date >= seen[0]:
                    newest[page["article_id"]] = (record.date, str(record.path), record.offset)
        for found in damage:
            self.crawler.stats.inc_value("news/warc/damaged")
            self.logger.warning("WARC: %s: skipped", found)
        self.logger.info("reparse: %d articles in %d WARC files under %s", len(newest), len(files), self.reparse_warc)
        places: dict[tuple[str, int], set[str]] = {}
        for article_id, (_, path, offset) in newest.items():
            places.setdefault((path, offset), set()).add(article_id)
        for (path, offset), ids in sorted(places.items()):
            for page in self.warc_pages(warc.read_record_at(Path(path), offset)):
                if page["article_id"] in ids:
                    yield page

    def item_from_archive(self, page: dict):  # pragma: no cover - each outlet defines it
        raise NotImplementedError

    # -- failures ---------------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
        self.sitemap_read(request)
        url = self.real_url(request.url)
        is_article = bool(request.meta.get("article_id"))
        stats = self.crawler.stats
        todo = todo_for(self.crawler)
        if failure.check(OffsiteRedirect):
            todo.pages.finish(request.meta.get(NODE), "done")
            return  # not an error: counted (news/offsite_redirects) and logged by crawler/ops/offsite.py
        if failure.check(HttpError):
            status = failure.value.response.status
            if status in (404, 410) and is_article:
                self.not_found(request, url, status)
                return
            if status in (401, 403):
                self.todo_failed(request, f"http_{status}")
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
        elif failure.check(ResponseTooLarge):
            kind = "too_large"  # over DOWNLOAD_MAXSIZE: cancelled, never retried
        else:
            kind = type(failure.value).__name__
        stats.inc_value(f"news/errors/{kind}")
        stats.inc_value("news/errors/fetch_failed")
        if is_article:
            stats.inc_value("news/errors/article_fetch_failed")
        todo.accounted += 1
        logger.error("fetch failed (%s) after retries: %s — %s", kind, url, failure.getErrorMessage())
        if failure.check(IgnoreRequest) and not failure.check(HttpError):  # refused on purpose (robots.txt)
            todo.pages.finish(request.meta.get(NODE), "done")
        else:
            self.todo_failed(request, kind)

    def not_found(self, request, url: str, status: int) -> None:
        """A listed article answering 404 or 410: not stored; gone at once for a 410, for a 404 only
        once it answered 404 on ``NEWS_GONE_AFTER_TRIES`` runs over ``NEWS_GONE_AFTER_HOURS``
        (crawler/ops/crawlstate.py); until then it stays on the to-do and later runs retry it."""
        self.crawler.stats.inc_value("news/article_404")
        todo = todo_for(self.crawler)
        node = request.meta.get(NODE)
        if not todo.active:  # a canary or scrapy parse: a check, nothing remembered
            logger.warning("listed article answers %d, not stored: %s", status, url)
            return
        try:
            noted = todo.not_found_answer(str(request.meta["article_id"]), url, status)
        except SQLAlchemyError as exc:
            logger.error(
                "listed article answers %d, not stored, NOT remembered (%s): %s", status, describe_error(exc), url
            )
            self.crawler.stats.inc_value("news/todo/errors")
            todo.pages.finish(node, "failed")
            return
        if noted["gone"]:
            logger.warning(
                "listed article answers %d, not stored: %s — gone (%d runs since %s), cron runs no longer fetch it",
                status,
                url,
                noted["tries"],
                noted["first_seen"],
            )
            todo.pages.finish(node, "done")
            return
        rule = todo.gone_rule
        logger.warning(
            "listed article answers %d, not stored: %s — %d of %d runs over %g h before it counts as gone; retried later",
            status,
            url,
            noted["tries"],
            rule.tries,
            rule.hours,
        )
        self.todo_failed(request, f"http_{status}")

    def fatal(self, reason: str, message: str) -> None:
        self.crawler.stats.inc_value(f"news/fatal/{reason}")
        logger.error("FATAL %s: %s", reason, message)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))
