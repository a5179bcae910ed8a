"""Orient News (orient-news.net): an archive since the outlet closed in November 2023.

Discovery, none of it hard-coded beyond the home pages: ``robots.txt`` → ``Sitemap:`` index →
monthly sitemaps; the home pages ``/ar`` and ``/en`` → their ``<link rel="alternate">`` feeds
and the section listings they link, followed page by page (``a.next[rel=next]``). Sitemaps lag,
so the feeds and listings find the newest articles. Every URL form of an article (slug or not,
``www.``, http, ``index.php?page=news_show&id=N``, AMP, ``utm_*``) is one request per id.
"""
from __future__ import annotations

from parsel import Selector
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.parsers import orient_news as parser
from crawler.parsers.base import ParseError
from crawler.spiders.base import NewsSpider


class OrientNewsSpider(NewsSpider):
    name = "orient_news"
    hosts = parser.HOSTS
    origin = parser.ORIGIN
    home_paths = ("/ar", "/en")
    feed_css = 'link[rel="alternate"][type*="rss"]::attr(href), link[rel="alternate"][type*="atom"]::attr(href)'
    section_css = 'a[href*="/news_cat/"]::attr(href)'
    listing_link_css = ".news-list a.news-card__link::attr(href), ul.latest a::attr(href)"
    next_page_css = 'a.next[rel="next"]::attr(href), a[rel="next"]::attr(href)'

    async def start(self):
        yield self.request(self.origin + "/robots.txt", self.parse_robots)
        for path in self.home_paths:
            yield self.request(self.origin + path, self.parse_home)

    # -- discovery ----------------------------------------------------------------------------------
    def parse_robots(self, response):
        for url in sitemap_urls_from_robots(response.body, base_url=self.origin):
            yield self.request(self.real_url(url), self.parse_sitemap)

    def parse_sitemap(self, response):
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            url = self.real_url(entry["loc"])
            if sitemap.type == "sitemapindex":
                yield self.request(url, self.parse_sitemap)
            else:
                yield from self.follow_article(url, lastmod=entry.get("lastmod"))

    def parse_home(self, response):
        for href in response.css(self.feed_css).getall():
            yield self.request(self.absolute_real(response, href), self.parse_feed)
        seen_sections = set()
        for href in response.css(self.section_css).getall():
            url = self.absolute_real(response, href)
            if url not in seen_sections:
                seen_sections.add(url)
                yield self.request(url, self.parse_listing)
        yield from self.parse_listing_links(response)

    def parse_feed(self, response):
        sel = Selector(text=response.text, type="xml")
        for link in sel.xpath("//item/link/text()").getall():
            yield from self.follow_article(self.real_url(link.strip()))

    def parse_listing(self, response):
        yield from self.parse_listing_links(response)
        next_href = response.css(self.next_page_css).get()
        if next_href:
            yield self.request(self.absolute_real(response, next_href), self.parse_listing)

    def parse_listing_links(self, response):
        for href in response.css(self.listing_link_css).getall():
            yield from self.follow_article(self.absolute_real(response, href))

    def follow_article(self, url: str, **meta):
        article_id = parser.article_id_of(url)
        if article_id:
            request = self.article_request(parser.canonical(url) if "/amp/" in url else url, article_id, **meta)
            if request is not None:
                yield request

    # -- the article ----------------------------------------------------------------------------------
    def parse_article(self, response):
        page_url = self.real_url(response.url)
        try:
            item = parser.parse(response.selector, page_url, response.meta.get("hint_url", ""))
        except ParseError as exc:
            self.crawler.stats.inc_value("news/parse_failed")
            self.logger.error("could not parse %s: %s (raw page kept for reparse)", page_url, exc)
            return
        item.fetched_url = response.url
        self.crawler.stats.inc_value(f"news/parsed/{item.template}")
        yield item
