"""The parser contract shared by all outlets.

A parser class is one markup generation of one outlet ("template"). Selectors are class
attributes; each record field has one small method, so a field's extraction is found in one
place. ``matches`` says whether a page is in this template; ``parse`` picks the first
matching class of an outlet's ``TEMPLATES`` tuple, newest first.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from parsel import Selector
from scrapy.http import HtmlResponse, TextResponse

from crawler.extract import media, memo, text
from crawler.extract import query as q
from crawler.extract.dates import DateParseError, parse_date, to_iso
from crawler.extract.sources import extract_quoted_sources
from crawler.items import Article


class ParseError(ValueError):
    """The page is in no known template, or lacks what every article has. ``templates`` names
    the templates that were tried."""

    def __init__(self, message: str, templates: tuple[str, ...] | list[str] = ()):
        super().__init__(message)
        self.templates = list(templates)


class ArticleParser:
    outlet: str = ""
    template: str = ""
    #: Coverage floors (checked at the close of every run by crawler/ops/monitors.py and by
    #: ``scrapy canary``). ``required_fields``: every record of this template has them; a page
    #: lacking one is quarantined and the run fails. The JSON Schema (crawler/schema/article.json)
    #: requires the same four of every template.
    required_fields: tuple[str, ...] = ("url", "title", "body", "published_at")
    #: ``expected_share``: the share of records expected to carry each optional field; a run with
    #: enough records of the template below it is DEGRADED.
    expected_share: ClassVar[dict[str, float]] = {"authors": 0.8, "section": 0.8, "tags": 0.5, "images": 0.5}
    #: CSS of the article body container.
    body_css: str = ""
    #: CSS of descendants of the body that are not article text.
    body_drop_css: str = "script, style, noscript"
    #: CSS of the element around the body that holds the article's own markup (title, byline,
    #: dates, tags, lead image): field selectors search it (``self.scope``) instead of the whole
    #: page, whose header, sidebar and comment form are most of its elements. Found among the
    #: body's ancestors; the whole page when none matches.
    scope_css: str = ""
    #: classes of elements in ``scope`` that field selectors start from (``.byline .author``):
    #: found in one pass over the scope (``within``)
    parts: tuple[str, ...] = ()

    def __init__(self, sel: Selector, page_url: str, hint_url: str = ""):
        #: the page's lxml root element: the fields query it (and ``scope``, ``body_node()``)
        #: directly, with compiled XPath (crawler/extract/query.py), not through Selectors
        self.root = sel.root
        self._given = sel
        self.page_url = page_url  # the outlet's own URL of the page (replica already mapped back)
        self.hint_url = hint_url  # the link that led here (may carry a slug the page lacks)

    @cached_property
    def sel(self) -> Selector:
        """The page as a parsel Selector, for parsers that query it so. (What a Scrapy Selector
        finds is a Scrapy Selector again, each one tracked (trackref); plain parsel Selectors over
        the same tree answer the same and cost less.)"""
        sel = self._given
        return sel if type(sel) is Selector else Selector(root=sel.root, type=sel.type)

    @classmethod
    def matches(cls, sel: Selector) -> bool:
        return bool(cls.body_css) and memo.first(sel, cls.body_css) is not None

    # -- fields every parser provides -------------------------------------------------------
    def article_id(self) -> str:
        raise NotImplementedError

    def url(self) -> str:
        raise NotImplementedError

    def lang(self) -> str:
        raise NotImplementedError

    def title(self) -> str:
        raise NotImplementedError

    def published_raw(self) -> str | None:
        return None

    def modified_raw(self) -> str | None:
        return None

    def authors(self) -> list[str]:
        return []

    def section(self) -> str | None:
        return None

    def tags(self) -> list[str]:
        return []

    def images(self) -> list[str]:
        return []

    @cached_property
    def scope(self) -> Any:
        """The lxml element the field selectors search: the nearest ancestor of the body matching
        ``scope_css``, else the page's root."""
        body = self.body_node() if self.scope_css else None
        if body is not None:
            test = q.matcher(self.scope_css)
            if test is None:
                found = _nearest_ancestor(self.scope_css)(body)
                return found[0] if found else self.root
            # a list of simple selectors: tested on the few ancestors in Python (the same element
            # as the XPath, without an XPath evaluation per page)
            for ancestor in body.iterancestors():
                if test(ancestor, ancestor.tag):
                    return ancestor
        return self.root

    @cached_property
    def _parts(self) -> dict[str, list]:
        """The scope's elements of each class of ``parts``, found in one pass over it."""
        return q.by_class(self.scope, self.parts)

    def within(self, part: str, css: str) -> list:
        """What ``.part css`` finds in the scope (``css`` a selector or a list of them;
        ``part`` one of ``parts``): searched from the ``.part`` element instead of from the whole
        scope once per field; the whole query when the scope has more than one such element."""
        outer = self._parts[part]
        if len(outer) == 1:
            return q.select_under(outer[0], css)
        if not outer:
            return []
        return q.select(self.scope, ", ".join(f".{part} {c.strip()}" for c in css.split(",")))

    def body_node(self) -> Any:
        """The body container (an lxml element), or None."""
        return memo.first(self.root, self.body_css)  # asked by matches() first

    def body_blocks(self) -> list[text.Block]:
        """The body's paragraphs with their links, before video references are taken out."""
        return text.blocks(self.body_node(), drop=self.body_drop_css)

    @cached_property
    def _body(self) -> tuple[list[str], list[dict]]:
        """(article paragraphs, videos referenced in the text): a paragraph that introduces and
        links a video is not article text (crawler/extract/media.py, "Video references")."""
        return media.video_references(self.body_blocks(), self.page_url)

    def paragraphs(self) -> list[str]:
        return self._body[0]

    #: names of the outlet itself: whom sources speak *to*, never a source (but "مراسل …" is)
    outlet_names: tuple[str, ...] = ()

    def quoted_sources(self, paragraphs: list[str], lang: str) -> list[dict]:
        return extract_quoted_sources(paragraphs, lang, self.outlet_names)

    def videos(self) -> list[dict]:
        """The body's players, then the videos its paragraphs refer to, each once."""
        return media.unique_videos(media.embedded_videos(self.body_node(), self.page_url) + self._body[1])

    # -- assembly ---------------------------------------------------------------------------
    def published_at(self) -> str | None:
        return _iso(self.published_raw())

    def modified_at(self) -> str | None:
        return _iso(self.modified_raw())

    def article(self) -> Article:
        title = self.title()
        paras = self.paragraphs()
        if not title and not paras:
            raise ParseError(f"{self.template}: neither title nor body found")
        lang = self.lang()
        return Article(
            outlet=self.outlet,
            article_id=self.article_id(),
            url=self.url(),
            lang=lang,
            title=title,
            body=text.join_body(paras),
            published_at=self.published_at(),
            published_at_raw=self.published_raw(),
            modified_at=self.modified_at(),
            authors=self.authors(),
            section=self.section(),
            tags=self.tags(),
            images=self.images(),
            videos=self.videos(),
            quoted_sources=self.quoted_sources(paras, lang),
            template=self.template,
        )


def _nearest_ancestor(css: str):
    """Compiled XPath of an element's nearest ancestor matching ``css`` (``[1]``: the first on the
    reverse axis, as ``iterancestors()`` meets them)."""
    return q.compiled_xpath(f"ancestor::*[{q.self_test(css)}][1]")


def _iso(raw: str | None) -> str | None:
    try:
        return to_iso(parse_date(raw))
    except DateParseError:
        return None


def page_selector(response: TextResponse) -> Selector:
    """The page of an article response, parsed for its parser (the spider's ``parse_article`` and
    ``item_from_html``; bench/extract_speed.py times the same).

    An HTML response's text is parsed into a Selector of its own (``query.parse_html``: the tree
    ``response.selector`` has), not cached on the response: Scrapy's ``response.selector`` is a
    Selector whose ``.response`` is the response that caches it, a reference cycle, so the page's
    tree would wait for the garbage collector instead of being freed when the record is made; and
    it computes a base URL (a ``<base href>`` search) the parsers never read. ``response.css``
    still works (it parses the page again). Any other response: its own selector (the type parsel
    detects for it)."""
    if isinstance(response, HtmlResponse):
        return q.parse_html(response.text)
    return response.selector


def pick_parser(templates, sel: Selector) -> type[ArticleParser]:
    for cls in templates:
        if cls.matches(sel):
            return cls
    names = [c.template for c in templates]
    raise ParseError("page matches no known template: " + ", ".join(names), names)


def template_class(outlet: str, template: str) -> type[ArticleParser] | None:
    """The parser class of one outlet's template (for its coverage floors), among the parser
    classes imported so far (a spider imports its outlet's parsers)."""
    found = None
    stack = list(ArticleParser.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.outlet == outlet and cls.template == template:
            found = cls
    return found
