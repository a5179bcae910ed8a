"""Orient News (orient-news.net): an archive since the outlet closed in November 2023.

Discovery, none of it hard-coded beyond the home pages: ``robots.txt`` → ``Sitemap:`` index →
monthly sitemaps (``/sitemap/YYYY-MM.xml``); the home pages ``/ar`` and ``/en`` → their
``<link rel="alternate">`` feeds and the section listings they link, followed page by page
(``a.next[rel=next]``). Sitemaps lag, so the feeds and listings find the newest articles.
Every URL form of an article (slug or not, ``www.``, http, ``index.php?page=news_show&id=N``,
AMP, ``utm_*``) is one request per id. Sitemaps and feeds are read strictly: one that is an HTML
page or not well-formed XML (cut off mid-``<loc>``) gives no URL at all and is a failed fetch
(``discovery_malformed``: crawler/extract/discovery.py, crawler/ops/politeness.py). Modes and
arguments: ``crawler/spiders/base.py``.
"""

from __future__ import annotations

import re
from datetime import datetime

from crawler.extract.dates import DAMASCUS
from crawler.ops import politeness
from crawler.parsers import orient_news as parser
from crawler.spiders.base import NewsSpider

MONTHLY_SITEMAP = re.compile(r"(\d{4})-(\d{2})\.xml")


class OrientNewsSpider(NewsSpider):
    name = "orient_news"
    hosts = parser.HOSTS
    origin = parser.ORIGIN
    templates = parser.TEMPLATES
    article_id_of_url = staticmethod(parser.article_id_of)
    home_paths = ("/ar", "/en")
    feed_css = 'link[rel="alternate"][type*="rss"]::attr(href), link[rel="alternate"][type*="atom"]::attr(href)'
    section_css = 'a[href*="/news_cat/"]::attr(href)'
    card_css = ".news-list .news-card, ul.latest li"
    card_link_css = "a.news-card__link::attr(href), a::attr(href)"
    card_date_css = "time::attr(datetime)"
    next_page_css = 'a.next[rel="next"]::attr(href), a[rel="next"]::attr(href)'

    async def discover(self):
        if not self.cron:
            yield self.request(self.origin + "/robots.txt", self.parse_robots)
        for path in self.home_paths:
            yield self.request(self.origin + path, self.parse_home)  # the roots: always read in full

    async def newest_requests(self):
        yield self.request(self.origin + self.home_paths[0], self.parse_canary_home)

    def parse_canary_home(self, response):
        """The first article card of the home page: the newest article."""
        for href in response.css(f"{self.card_css} {self.card_link_css}").getall():
            url = self.absolute_real(response, href)
            article_id = parser.article_id_of(url)
            if article_id:
                yield self.canary_request(url, article_id, "newest")
                return
        self.logger.error("canary: no article link on %s", self.real_url(response.url))
        self.crawler.stats.inc_value("news/canary/no_newest")

    # -- sitemaps (full and backfill runs) ----------------------------------------------------------
    def month_in_window(self, url: str) -> bool:
        """A monthly sitemap (``/sitemap/2018-02.xml``) overlaps the backfill window."""
        m = MONTHLY_SITEMAP.search(url)
        if not m or self.mode != "backfill":
            return True
        year, month = int(m.group(1)), int(m.group(2))
        first = datetime(year, month, 1, tzinfo=DAMASCUS)
        following = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=DAMASCUS)
        return not ((self.since and following <= self.since) or (self.until and first >= self.until))

    def parse_sitemap(self, response):
        if (sitemap := self.sitemap_of(response)) is None:
            return
        kind, entries = sitemap
        if kind != "sitemapindex":
            self.look_up_urls(self.real_url(entry["loc"]) for entry in entries)
        for entry in entries:
            url = self.real_url(entry["loc"])
            if kind == "sitemapindex":
                if self.month_in_window(url):
                    yield from self.follow_sitemap(url, self.parse_sitemap)
                else:
                    self.crawler.stats.inc_value("news/sitemaps_outside_window")
            elif not self.before_window(entry.get("lastmod")):  # modified before the window: published before too
                yield from self.follow_article(url, lastmod=entry.get("lastmod"))

    # -- home pages, feeds, listings -----------------------------------------------------------------
    def parse_home(self, response):
        if response.status == 304:
            return
        for href in response.css(self.feed_css).getall():
            yield self.request(self.absolute_real(response, href), self.parse_feed, conditional=True)
        sections = dict.fromkeys(self.absolute_real(response, h) for h in response.css(self.section_css).getall())
        for url in sections:
            yield self.request(url, self.parse_listing, conditional=True)
        yield from self.parse_cards(response)

    def parse_feed(self, response):
        entries = self.feed_of(response)
        self.look_up_urls(self.real_url(entry["link"]) for entry in entries if entry["link"])
        for entry in entries:
            if entry["link"] and self.in_window(entry["published"] or None) is not False:
                yield from self.follow_article(self.real_url(entry["link"]))

    def parse_listing(self, response):
        if response.status == 304:
            return
        yield from self.parse_cards(response)
        next_href = response.css(self.next_page_css).get()
        if not next_href:
            return
        ids = [
            parser.article_id_of(self.absolute_real(response, h))
            for h in response.css(f"{self.card_css} {self.card_link_css}").getall()
        ]
        self.look_up((i, None) for i in ids if i)
        if self.stop_paging(i is not None and self.is_settled(i) for i in ids):
            return  # newest first: from the first stored article on, older pages hold nothing new
        dates = response.css(f"{self.card_css} {self.card_date_css}").getall()
        if dates and all(self.before_window(d) for d in dates):
            return  # newest first: the listing has gone past the window's start
        yield self.request(self.absolute_real(response, next_href), self.parse_listing)

    def parse_cards(self, response):
        cards = [
            (c.css(self.card_link_css).get(), c.css(self.card_date_css).get()) for c in response.css(self.card_css)
        ]
        self.look_up_urls(self.absolute_real(response, href) for href, _ in cards if href)
        for href, date in cards:
            if self.mode == "backfill" and not date:
                continue  # undated link: the sitemaps and dated listings cover the window
            if href and self.in_window(date) is not False:
                yield from self.follow_article(self.absolute_real(response, href))

    def look_up_urls(self, urls) -> None:
        """Ask the archive about a page's article URLs in one batch (``NewsSpider.look_up``)."""
        self.look_up((parser.article_id_of(url), url) for url in urls)

    def follow_article(self, url: str, **meta):
        article_id = parser.article_id_of(url)
        if article_id:
            request = self.article_request(parser.canonical(url) if "/amp/" in url else url, article_id, **meta)
            if request is not None:
                yield request

    # -- the article: NewsSpider.parse_article with this outlet's templates -----------------------------
    def item_from_archive(self, page: dict):
        return self.item_from_html(page)

    def on_error(self, failure):
        if failure.check(politeness.RobotsUnavailable):
            self.sitemap_read(failure.request)
            return None  # robots.txt could not be had: counted once, the run closing (crawler/ops/politeness.py)
        return super().on_error(failure)
