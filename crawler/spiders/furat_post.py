"""Furat Post (euphratespost.net): WordPress, discovered through its REST API.

``/wp-json/wp/v2/posts?_embed=1&per_page=N&page=P`` (with ``after``/``before`` for a backfill
window) pages until ``X-WP-TotalPages``; a 400 past the last page is the end, not an error.
Each post object becomes a record directly, without fetching its page. Hardened WordPress
sites switch the API off (401, 403 or 404): then the spider says so once in the log and
discovers through ``robots.txt`` → Yoast sitemaps, the feed (the home page's ``<link
rel="alternate">``) and the category listings (``/category/<slug>/page/N/``), parsing the post
pages instead. It does the same, once, when the API is down (5xx or timeouts past the retries:
the run is DEGRADED, ``api_outage``, if the fallback gets everything) and when an API page is not
the JSON list of posts it must be (an HTML login page, a cut-off answer: a failed fetch of that
page, ``discovery_malformed``, the run FAILED; crawler/extract/discovery.py). Permalinks carry no
date, so a backfill without the API filters by the sitemaps' ``lastmod``, the listings' dates
and, last, the page's own date. Sitemaps and the feed are read strictly: one that is HTML or not
well-formed XML gives no URL at all (``discovery_malformed``).
Modes and arguments: ``crawler/spiders/base.py``; ``-a api=0`` skips the API.
"""

from __future__ import annotations

import json
from typing import ClassVar
from urllib.parse import urlencode, urlsplit

from scrapy.spidermiddlewares.httperror import HttpError

from crawler.archive.raw_pages import attach_raw
from crawler.extract.discovery import MalformedDiscovery, api_posts
from crawler.extract.urls import url_key
from crawler.items import PageFailure
from crawler.ops import politeness
from crawler.parsers import furat_post as parser
from crawler.parsers.base import ParseError
from crawler.spiders import arguments as parse
from crawler.spiders.arguments import Argument
from crawler.spiders.base import NewsSpider

API_PATH = "/wp-json/wp/v2/posts"


class FuratPostSpider(NewsSpider):
    name = "furat_post"
    # JavaScript challenges: solved once in Chromium (crawler/ops/waf.py)
    custom_settings: ClassVar[dict] = {"NEWS_WAF_BROWSER": True}  # type: ignore[misc]  # Scrapy types it per instance, reads it per class
    hosts = parser.HOSTS
    origin = parser.ORIGIN
    templates = parser.TEMPLATES
    article_id_of_url = staticmethod(parser.post_id_of)
    per_page = 100
    cron_per_page = 20
    feed_css = 'link[rel="alternate"][type*="rss"]::attr(href)'
    category_css = 'a[href*="/category/"]::attr(href)'
    card_css = "article.post"
    next_page_css = "a.next.page-numbers::attr(href), .nav-links a.next::attr(href), a[rel=next]::attr(href)"

    arguments = (
        *NewsSpider.arguments,
        Argument(
            "api",
            parse.boolean,
            "1",
            "read the WordPress REST API; 0: the feed, sitemaps and category listings, "
            "as when the site switches the API off",
            "1|0",
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_api: bool = self.argument_values["api"]
        self.fell_back = False

    async def discover(self):
        if self.use_api:
            yield self.api_request(1)
        else:
            for request in self.fallback_requests("API use switched off with -a api=0"):
                yield request

    # -- canary: the newest post through the API (and its page), a stored one of each template -------
    async def newest_requests(self):
        url = f"{self.origin}{API_PATH}?{urlencode({'per_page': 1, 'page': 1, '_embed': 1, 'orderby': 'date', 'order': 'desc'})}"
        request = self.request(url, self.parse_canary_api, canary="newest (api)")
        yield (
            request.replace(errback=self.on_canary_api_error)
            if self.use_api
            else self.request(self.origin + "/", self.parse_canary_home)
        )

    def parse_canary_api(self, response):
        try:
            posts = json.loads(response.text)
            posts = posts if isinstance(posts, list) else [posts]
        except ValueError:
            yield self.request(self.origin + "/", self.parse_canary_home)
            return
        for post in posts[:1]:
            yield self.labelled(self.api_record(post, response), response)
            if post.get("link"):
                yield self.canary_request(self.real_url(post["link"]), str(post.get("id")), "newest (page)")

    def on_canary_api_error(self, failure):
        self.logger.warning("canary: the REST API is unavailable; the newest post comes from the home page")
        return [self.request(self.origin + "/", self.parse_canary_home)]

    def parse_canary_home(self, response):
        for card in response.css(self.card_css):
            href = card.css(".entry-title a::attr(href)").get()
            if href:
                url = self.absolute_real(response, href)
                yield self.canary_request(url, parser.post_id_of(url) or "url:" + url_key(url), "newest (page)")
                return
        self.crawler.stats.inc_value("news/canary/no_newest")

    def stored_canary_request(self, template: str, row: dict):
        if template == parser.FuratApiPost.template:
            url = f"{self.origin}{API_PATH}/{row['article_id']}?_embed=1"
            return self.request(url, self.parse_canary_api, canary=f"stored {template}")
        return super().stored_canary_request(template, row)

    # -- REST API -------------------------------------------------------------------------------------
    def api_params(self, page: int) -> dict:
        # cron: most recently modified first, so new and edited posts are on the first page
        params = {
            "per_page": self.cron_per_page if self.cron else self.per_page,
            "page": page,
            "_embed": 1,
            "orderby": "modified" if self.cron else "date",
            "order": "desc",
        }
        if self.since:
            params["after"] = self.since.isoformat()
        if self.until:
            params["before"] = self.until.isoformat()
        return params

    def api_request(self, page: int):
        url = f"{self.origin}{API_PATH}?{urlencode(self.api_params(page))}"
        # given up after its retries, it is accounted for by on_api_error (api_outage, or on_error)
        request = self.request(url, self.parse_api, api_page=page, give_up_log_level="WARNING")
        return request.replace(errback=self.on_api_error)

    def parse_api(self, response):
        try:
            posts = api_posts(response.body)
        except MalformedDiscovery as exc:
            # a failed fetch of that API page (the run FAILED, the page on the to-do), never a source of
            # posts; this run goes on without the API (a site that switched it off for good: -a api=0)
            politeness.discovery_malformed(self, response, f"REST API page: {exc}")
            yield from self.fallback_requests(f"the REST API answered {exc}")
            return
        page = response.meta["api_page"]
        total_pages = int(response.headers.get("X-WP-TotalPages", b"0") or 0)
        self.crawler.stats.inc_value("news/api_pages")
        self.look_up((str(post.get("id", "")) or None, None) for post in posts)
        for post in posts:
            yield from self.post_item(post, response)
        if page >= total_pages:
            return
        if self.stop_paging(self.is_settled(str(p.get("id")), _gmt(p.get("modified_gmt"))) for p in posts):
            return  # ordered by modification: what follows is older and stored
        yield self.api_request(page + 1)

    def post_item(self, post: dict, response):
        article_id = str(post.get("id", ""))
        self.crawler.stats.inc_value("news/articles_listed")
        if not article_id or article_id in self.requested_ids:
            return
        if self.is_known(article_id, _gmt(post.get("modified_gmt"))):
            self.skipped("news/articles_known_skipped", {article_id})  # a newer modified_gmt met later still counts
            return
        self.requested({article_id}, request=False)  # its record is in this API answer
        item = self.api_record(post, response)
        if isinstance(item, PageFailure) or self.keep(item):
            yield item

    def api_record(self, post: dict, response):
        """The record of one API post object, or its ``PageFailure``, with the post's bytes."""
        raw = json.dumps(post, ensure_ascii=False).encode("utf-8")
        try:
            item = parser.parse_api_post(post)
        except (ParseError, KeyError, TypeError, ValueError) as exc:
            url = self.real_url(str(post.get("link") or response.url))
            return attach_raw(self.page_failure(str(post.get("id", "")), url, exc, response.url), raw)
        item.fetched_url = response.url
        self.crawler.stats.inc_value("news/parsed/wp_api")
        return attach_raw(item, raw)

    def on_api_error(self, failure):
        if failure.check(HttpError):
            status = failure.value.response.status
            if status == 400 and failure.request.meta.get("api_page", 1) > 1:
                return None  # WordPress answers 400 rest_post_invalid_page_number past the last page
            if status in (400, 401, 403, 404, 410, 501):
                return list(self.fallback_requests(f"the REST API answers HTTP {status}"))
            if status >= 500 or status == 408:
                return self.api_outage(f"HTTP {status} after its retries")
        elif failure.check(*politeness.retried_exceptions(self.crawler.settings)):
            return self.api_outage(f"{type(failure.value).__name__} after its retries")
        return self.on_error(failure)

    def api_outage(self, why: str):
        """The API down (5xx, timeouts) past its retries: this run falls back to the feed, sitemaps and
        listings, and is DEGRADED (``api_outage``), not FAILED, if the fallback gets everything."""
        self.crawler.stats.set_value("news/api_outage", why)
        return list(self.fallback_requests(f"the REST API is down: {why}"))

    # -- without the API: feed, sitemaps, category listings ------------------------------------------
    def fallback_requests(self, why: str):
        if self.fell_back:
            return
        self.fell_back = True
        self.crawler.stats.set_value("news/api_disabled", 1)
        self.logger.warning("REST API unavailable (%s): switching to the feed, sitemaps and category listings", why)
        if not self.cron:
            yield self.request(self.origin + "/robots.txt", self.parse_robots)
        yield self.request(self.origin + "/", self.parse_home)  # the root: always read in full

    def parse_sitemap(self, response):
        if (sitemap := self.sitemap_of(response)) is None:
            return
        kind, entries = sitemap
        if kind != "sitemapindex":
            self.look_up_pages((self.real_url(entry["loc"]), None) for entry in entries)
        for entry in entries:
            url = self.real_url(entry["loc"])
            if kind == "sitemapindex":
                if "post-sitemap" in url or "/sitemap-posts" in url:  # Yoast: post-sitemap.xml, post-sitemap2.xml…
                    yield from self.follow_sitemap(url, self.parse_sitemap)
            elif is_post_url(url) and not self.before_window(entry.get("lastmod")):
                yield from self.follow_page(url, lastmod=entry.get("lastmod"))

    def parse_home(self, response):
        if response.status == 304:
            return
        for href in response.css(self.feed_css).getall():
            yield self.request(self.absolute_real(response, href), self.parse_feed, conditional=True)
        for url in dict.fromkeys(self.absolute_real(response, h) for h in response.css(self.category_css).getall()):
            yield self.request(url, self.parse_listing, conditional=True)

    def parse_feed(self, response):
        entries = self.feed_of(response)
        self.look_up_pages(
            (self.real_url(entry["link"]), parser.post_id_of(entry["guid"])) for entry in entries if entry["link"]
        )
        for entry in entries:
            if entry["link"] and self.in_window(entry["published"] or None) is not False:
                yield from self.follow_page(self.real_url(entry["link"]), post_id=parser.post_id_of(entry["guid"]))

    def parse_listing(self, response):
        if response.status == 304:
            return
        cards = []
        for card in response.css(self.card_css):
            href = card.css(".entry-title a::attr(href)").get()
            date = card.css("time.entry-date::attr(datetime), time::attr(datetime)").get()
            post_id = next(
                (c[5:] for c in card.attrib.get("class", "").split() if c.startswith("post-") and c[5:].isdigit()), None
            )
            if href:
                cards.append((self.absolute_real(response, href), post_id, date))
        self.look_up_pages((url, post_id) for url, post_id, _ in cards)
        keys, dates = [], []
        for url, post_id, date in cards:
            keys.append(post_id or "url:" + url_key(url))
            dates.append(date)
            if self.in_window(date) is not False:
                yield from self.follow_page(url, post_id=post_id)
        next_href = response.css(self.next_page_css).get()
        if not next_href:
            return
        if self.stop_paging(self.is_settled(k) for k in keys):
            return
        if dates and all(self.before_window(d) for d in dates):
            return
        yield self.request(self.absolute_real(response, next_href), self.parse_listing)

    def look_up_pages(self, pages) -> None:
        """Ask the archive about a page's posts (``(url, post id or None)`` pairs) in one batch, by
        the keys ``follow_page`` checks them under (``NewsSpider.look_up``)."""
        self.look_up((post_id or parser.post_id_of(url), url) for url, post_id in pages)

    def follow_page(self, url: str, post_id: str | None = None, **meta):
        """One request per post per run (``article_request`` remembers both keys): keyed by post
        id when the link tells it, and always by URL key."""
        key = post_id or parser.post_id_of(url) or "url:" + url_key(url)
        request = self.article_request(url, key, **meta)
        if request is not None:
            yield request

    # -- the post page: NewsSpider.parse_article with this outlet's templates --------------------------
    def item_from_archive(self, page: dict):
        if (page.get("content_type") or "").startswith("application/json"):
            item = parser.parse_api_post(json.loads(page["body"]))
            item.fetched_url = page["url"]
            return item
        return self.item_from_html(page)

    def warc_pages(self, record):
        """Besides the post pages (``NewsSpider.warc_pages``), each post of a REST API answer, as the
        crawl stored its bytes (``api_record``)."""
        yield from super().warc_pages(record)
        if (
            record.type != "response"
            or record.status != 200
            or record.fields.get("News-Outlet") != self.name
            or record.fields.get("News-Page") != "api"
        ):
            return
        try:
            posts = api_posts(record.payload)
        except MalformedDiscovery:
            return  # not the list of posts it must be: the crawl took nothing from it either
        for post in posts:
            if post.get("id") is None:
                continue
            yield {
                "article_id": str(post["id"]),
                "url": self.real_url(str(post.get("link") or record.fields.get("News-URI") or record.uri)),
                "body": json.dumps(post, ensure_ascii=False).encode("utf-8"),
                "content_type": "application/json",
                "encoding": "utf-8",
            }

    def on_error(self, failure):
        if failure.check(politeness.RobotsUnavailable):
            return None  # robots.txt could not be had: counted once, the run closing (crawler/ops/politeness.py)
        return super().on_error(failure)


def is_post_url(url: str) -> bool:
    """Yoast lists the front page first in ``post-sitemap.xml`` (the posts page) and category
    and tag archives in their own sitemaps: none of them is a post."""
    path = urlsplit(url).path
    return path not in ("", "/") and "/category/" not in path and "/tag/" not in path


def _gmt(value: str | None) -> str | None:
    """WordPress ``*_gmt`` fields carry no offset: they are UTC."""
    return value + "+00:00" if value else None
