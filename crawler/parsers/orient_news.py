"""Orient News (orient-news.net): the archive's two templates.

- ``OrientCurrent`` (2020–2023): JSON-LD NewsArticle, ``article:*`` meta, ``#newsBody p``,
  lazy video iframes, a "read also" block inside the body.
- ``OrientClassic`` (archive pages up to ~2019): no structured data, visible Levantine date with
  the 12-hour ص/م clock, ``#news_content`` runs separated by ``<br><br>``, byline
  "أورينت نت - {source}", protocol-relative embeds, some pages in windows-1256.
"""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import urlsplit

from parsel import Selector

from crawler.extract import media, memo, structured, text
from crawler.extract import query as q
from crawler.extract.urls import origin_path_query, query_value, quote_path
from crawler.parsers.base import ArticleParser, ParseError, pick_parser

OUTLET = "orient_news"
ORIGIN = "https://orient-news.net"
HOSTS = ("orient-news.net",)
#: ``/ar/news_show/123``, ``/en/amp/news_show/123/0/slug``, ``/index.php?page=news_show&id=123``
ARTICLE_URL = re.compile(r"/(?:(ar|en)/)?(?:amp/)?news_show/(\d+)|[?&]page=news_show&id=(\d+)")
SLUGGED = re.compile(r"/(ar|en)/news_show/(\d+)/\d+/[^/?#]+")
_AMP_PATH = re.compile(r"/amp/news_show/")


def article_id_of(url: str) -> str | None:
    m = ARTICLE_URL.search(url)
    return (m.group(2) or m.group(3)) if m else None


def canonical(url: str) -> str:
    """The outlet's canonical form of an article URL: https, bare host, no tracking, no AMP,
    upper-case percent-encoding."""
    path, query = origin_path_query(url, ORIGIN)
    path = _AMP_PATH.sub("/news_show/", path)
    return ORIGIN + quote_path(path, upper=True) + ("?" + query if query else "")


class OrientParser(ArticleParser):
    outlet = OUTLET
    outlet_names = ("أورينت نت", "أورينت نيوز", "أورينت", "Orient News", "Orient Net", "Orient")
    #: where the canonical URL is stated, best first (``sharer`` links carry it on classic pages)
    share_css = 'a[href*="sharer.php"]::attr(href)'

    def article_id(self) -> str:
        for candidate in (self.page_url, self.hint_url):
            found = article_id_of(candidate or "")
            if found:
                return found
        found = article_id_of(self.url())  # read the page only when the URLs lack the id
        if found:
            return found
        raise ParseError("no article id in URL")

    def url(self) -> str:
        if not hasattr(self, "_url"):
            self._url = self._find_url()
        return self._url

    def _find_url(self) -> str:
        for candidate in self._canonical_candidates():
            if candidate and SLUGGED.search(candidate):
                return canonical(candidate)
        return canonical(self.page_url)

    def _canonical_candidates(self):
        yield structured.link_rel(self.root, "canonical")
        yield structured.meta(self.root, "og:url")
        for href in q.select(self.scope, self.share_css):
            yield query_value(urlsplit(href).query, "u")
        yield self.page_url
        yield self.hint_url

    def lang(self) -> str:
        declared = structured.html_lang(self.root)[:2].lower()
        if declared:
            return declared
        m = re.search(r"/(ar|en)/", self.page_url)
        return m.group(1) if m else "ar"


class OrientCurrent(OrientParser):
    template = "current"
    body_css = "#newsBody"
    scope_css = "article.news-details"
    body_drop_css = "script, style, noscript, .read-also, figure"

    @classmethod
    def matches(cls, sel: Selector) -> bool:
        return memo.first(sel, cls.body_css) is not None or bool(structured.ld_article(sel))

    @cached_property
    def ld(self) -> dict:
        return structured.ld_article(self.root)

    def title(self) -> str:
        return (
            text.clean_text(self.ld.get("headline"))
            or text.first_text(self.scope, "h1.news-title")
            or structured.meta(self.root, "og:title")
        )

    def published_raw(self) -> str | None:
        return (
            self.ld.get("datePublished")
            or structured.meta(self.root, "article:published_time")
            or q.first(self.scope, "time.news-date::attr(datetime)")
        )

    def modified_raw(self) -> str | None:
        return self.ld.get("dateModified") or structured.meta(self.root, "article:modified_time") or None

    def authors(self) -> list[str]:
        return structured.names(self.ld.get("author")) or text.unique(
            [text.first_text(self.scope, ".news-meta .news-author")]
        )

    def section(self) -> str | None:
        sections = structured.str_list(self.ld.get("articleSection")) or [structured.meta(self.root, "article:section")]
        return sections[0] if sections and sections[0] else None

    def tags(self) -> list[str]:
        return (
            structured.metas(self.root, "article:tag")
            or structured.str_list(self.ld.get("keywords"))
            or text.unique(text.clean_text(t) for t in q.select(self.scope, ".news-tags a.tag::text"))
        )

    def images(self) -> list[str]:
        urls = [*structured.image_urls(self.ld.get("image")), structured.meta(self.root, "og:image")]
        urls += q.select(self.scope, ".news-image img::attr(src), #newsBody img::attr(src)")
        return media.images(urls, ORIGIN + "/")


class OrientClassic(OrientParser):
    template = "classic"
    body_css = "#news_content"
    scope_css = "#news_show"
    parts = ("news_info", "news_path", "news_tags")

    def title(self) -> str:
        return text.first_text(self.scope, "h1.news_title") or structured.meta(self.root, "og:title")

    def published_raw(self) -> str | None:
        return self._published_raw

    @cached_property
    def _published_raw(self) -> str | None:  # asked by published_at and published_at_raw
        return self._info("date") or None

    def _info(self, name: str) -> str:
        """Text of the first ``.news_info .{name}`` of the page."""
        found = self.within("news_info", "." + name)
        return text.text_of(found[0]) if found else ""

    def authors(self) -> list[str]:
        byline = self._info("writer")
        return [dedupe_segments(byline)] if byline else []

    def section(self) -> str | None:
        crumbs = [text.clean_text(t) for t in self.within("news_path", "a::text")]
        return crumbs[-1] if len(crumbs) > 1 else None

    def tags(self) -> list[str]:
        return text.unique(text.clean_text(t) for t in self.within("news_tags", "a::text"))

    def images(self) -> list[str]:
        urls = [
            structured.meta(self.root, "og:image"),
            *q.select(self.scope, ".news_img img::attr(src), #news_content img::attr(src)"),
        ]
        return media.images(urls, ORIGIN + "/")


def dedupe_segments(byline: str) -> str:
    """ "أورينت نت - خاص - خاص" → "أورينت نت - خاص": a segment repeated right after itself is a
    template glitch of the classic pages, not a second author."""
    out: list[str] = []
    for seg in (s.strip() for s in byline.split(" - ")):
        if seg and (not out or out[-1] != seg):
            out.append(seg)
    return " - ".join(out)


#: newest first: a page is parsed by the first template that matches it.
TEMPLATES = (OrientCurrent, OrientClassic)


def parse(sel: Selector, page_url: str, hint_url: str = ""):
    return pick_parser(TEMPLATES, sel)(sel, page_url, hint_url).article()
