"""The parser version a developer would add for the replica's new theme
(crawler/replica/redesign.py ``theme``): a new date-versioned class beside the old ones, tried
first; the tests pass it with ``-s NEWS_PARSER_TEMPLATES=tests.redesign_parsers.OrientStory2022``
before it would be committed to crawler/parsers/orient_news.py."""

from __future__ import annotations

from parsel import Selector

from crawler.extract import media, structured, text
from crawler.parsers.orient_news import ORIGIN, OrientParser


class OrientStory2022(OrientParser):
    """Orient News pages from June 2022 on, in the "story" theme: no JSON-LD, no ``article:*``
    meta; ``h1.story__headline``, ``.story__text``, ``time.story__date[datetime]``."""

    template = "story_2022"
    body_css = ".story__text"
    body_drop_css = "script, style, noscript, .read-also, figure"

    @classmethod
    def matches(cls, sel: Selector) -> bool:
        return bool(sel.css(cls.body_css))

    def title(self) -> str:
        return text.first_text(self.sel, "h1.story__headline") or structured.meta(self.sel, "og:title")

    def published_raw(self) -> str | None:
        return self.sel.css("time.story__date::attr(datetime)").get()

    def authors(self) -> list[str]:
        return text.unique(text.clean_text(t) for t in self.sel.css(".story__byline::text").getall())

    def section(self) -> str | None:
        return text.first_text(self.sel, ".story__section") or None

    def tags(self) -> list[str]:
        return text.unique(text.clean_text(t) for t in self.sel.css(".story__tags a.tag::text").getall())

    def images(self) -> list[str]:
        urls = [structured.meta(self.sel, "og:image"), *self.sel.css(".news-image img::attr(src)").getall()]
        return media.images(urls, ORIGIN + "/")
