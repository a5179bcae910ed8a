"""Furat Post (euphratespost.net): WordPress, read from the REST API or from the page.

Two templates that must agree field by field on the same post:
- ``FuratApiPost`` (``wp_api``): a ``/wp-json/wp/v2/posts?_embed=1`` object;
- ``FuratPage`` (``wp_page``): the post page (``article.post``, ``.entry-content``, Yoast JSON-LD).

Both get the body from the same ``entry-content`` HTML through ``body_blocks``: the kicker
line ("فرات بوست / أخبار", "خاص فرات بوست _ …" glued to the first sentence …), the inline
"مواد ذات صلة:" paragraph with its linked title, Jetpack share/related blocks and embeds are not
article text; nor are video references (a bare ``youtu.be`` paragraph, "شاهد الفيديو: URL"), taken
out with the other outlet's by ``ArticleParser`` (crawler/extract/media.py).
"""

from __future__ import annotations

import html
import re
from datetime import UTC
from functools import cached_property
from typing import Any

from parsel import Selector

from crawler.extract import media, structured, text
from crawler.extract import query as q
from crawler.extract.dates import DAMASCUS, DateParseError, parse_date, to_iso
from crawler.extract.urls import on_origin
from crawler.items import Article
from crawler.parsers.base import ArticleParser, ParseError, pick_parser

OUTLET = "furat_post"
ORIGIN = "https://euphratespost.net"
HOSTS = ("euphratespost.net",)

#: inside .entry-content but not article text (Jetpack share and related posts, embeds)
NOT_TEXT_CSS = (
    "script, style, noscript, .sharedaddy, .jp-relatedposts, #jp-relatedposts, figure, .wp-block-embed, video"
)
KICKER_LABELS = (
    "أخبار",
    "خاص",
    "تقارير",
    "تقرير",
    "تحليلات",
    "متابعات",
    "رصد",
    "مقالات",
    "ترجمات",
    "تحقيقات",
    "حصري",
    "عاجل",
)
_SEP = r"\s*[-–—_:/|]\s*"
_LABEL = "(?:" + "|".join(KICKER_LABELS) + ")"
#: "فرات بوست / أخبار", "#فرات_بوست/ أخبار", "فرات بوست: خاص", "خاص فرات بوست _ …", "خاص - فرات بوست: …",
#: "فرات بوست – خاص: …": an optional label, the outlet's name, an optional label, then a separator or the end.
KICKER = re.compile(rf"^\s*(?:{_LABEL}(?:{_SEP}|\s+))?#?فرات[\s_]بوست(?:{_SEP}{_LABEL})?(?:{_SEP}|\s*$)")
RELATED = re.compile(r"^\s*مواد\s+ذات\s+صلة\s*[:：]?")
POST_ID = re.compile(r"[?&]p=(\d+)")


def strip_kicker(blocks: list[text.Block]) -> list[text.Block]:
    """The kicker taken off the first paragraph with text (the paragraph goes when it was all kicker)."""
    for i, block in enumerate(blocks):
        if block.text:
            rest = KICKER.sub("", block.text, count=1).strip()
            if rest == block.text:
                return blocks
            return blocks[:i] + ([block._replace(text=rest)] if rest or block.links else []) + blocks[i + 1 :]
    return blocks


def _text(el) -> str:
    return text.clean_text("".join(el.itertext()))


#: the paragraphs whose text holds "صلة" (XPath's string value of an element is ``itertext()``
#: joined): the only ones that can be a "مواد ذات صلة" line
_RELATED_CANDIDATES = q.compiled_xpath("descendant-or-self::p[contains(., 'صلة')]")


def body_blocks(content: Any) -> list[text.Block]:
    """The paragraphs (with their links) of an ``.entry-content`` (page) or ``content.rendered``
    (API), an lxml element or a parsel Selector, without the kicker, the "مواد ذات صلة" lines and
    the Jetpack and embed blocks; video references are still in (``ArticleParser`` takes them out)."""
    root = q.root_of(content)
    if root is None or root.tag == "p":  # a paragraph container: its siblings are outside it
        skip = set(q.select(root, NOT_TEXT_CSS))
        skip.discard(root)
        not_text = None
    else:  # NOT_TEXT_CSS tested on the elements asked about and as the walk meets them (the same)
        skip, not_text = set(), _NOT_TEXT
    for p in _RELATED_CANDIDATES(root):
        if p in skip or (not_text is not None and not_text(p, p.tag)):
            continue
        line = _text(p)
        m = RELATED.match(line)  # anchored at the start: the one match RELATED.sub removed
        if not m:
            continue
        skip.add(p)
        rest = line[m.end() :].strip()
        nxt = p.getnext()
        while nxt is not None and (nxt in skip or (not_text is not None and not_text(nxt, _tag(nxt)))):
            nxt = nxt.getnext()  # the next paragraph once the embeds are out
        if not rest and nxt is not None and nxt.tag == "p" and _is_link_only(nxt):
            skip.add(nxt)
    return strip_kicker(text.blocks(root, drop=NOT_TEXT_CSS if not_text is not None else "", skip=skip))


_NOT_TEXT = q.matcher(NOT_TEXT_CSS)


def _entry_times(scope: Any) -> tuple[str | None, str | None]:
    """What ``time.entry-date.published::attr(datetime)`` and ``time.updated::attr(datetime)``
    find first in ``scope`` (an lxml element), from one pass over its few ``<time>`` elements
    instead of two searches of the whole scope: the first ``datetime`` of an element with both
    classes, and of one with ``updated`` (class tokens split as XPath's ``normalize-space`` does)."""
    published = modified = None
    for el in scope.iter("time"):
        value, when = el.get("class"), el.get("datetime")
        if value is None or when is None:
            continue
        tokens = q.class_tokens(value)
        if published is None and "entry-date" in tokens and "published" in tokens:
            published = when
        if modified is None and "updated" in tokens:
            modified = when
        if published is not None and modified is not None:
            break
    return published, modified


def _tag(el) -> str:
    return el.tag if isinstance(el.tag, str) else ""


def body_paragraphs(content: Any) -> list[str]:
    """Article paragraphs of an ``.entry-content`` (page) or ``content.rendered`` (API)."""
    return media.video_references(body_blocks(content))[0]


def _is_link_only(p) -> bool:
    links = "".join("".join(a.itertext()) for a in p.iter("a"))
    return bool(links.strip()) and text.clean_text(links) == _text(p)


def canonical(url: str) -> str:
    """WordPress writes its permalinks itself (lower-case percent-encoding): keep them as
    written, on the real host, without tracking parameters."""
    return on_origin(url, ORIGIN)


def _iso(raw, tz=DAMASCUS):
    try:
        dt = parse_date(raw, tz)
    except DateParseError:
        return None
    return to_iso(dt.astimezone(DAMASCUS)) if dt else None


OUTLET_NAMES = ("فرات بوست", "Furat Post", "Euphrates Post")


class FuratPage(ArticleParser):
    outlet = OUTLET
    outlet_names = OUTLET_NAMES
    template = "wp_page"
    #: (the first) ``.entry-content``; "article.post .entry-content, .entry-content" was the same
    #: set, searched twice
    body_css = ".entry-content"
    scope_css = "article.post"

    parts = ("byline", "entry-footer", "post-thumbnail")

    @cached_property
    def ld(self) -> dict:
        return structured.ld_article(self.root)

    def article_id(self) -> str:
        for candidate in (structured.link_rel(self.root, "shortlink"), self.page_url, self.hint_url):
            m = POST_ID.search(candidate or "")
            if m:
                return m.group(1)
        m = re.search(
            r"\bpost-(\d+)\b",
            q.first(self.root, "article.post::attr(id)", "") or q.first(self.root, "article.post::attr(class)", ""),
        )
        if m:
            return m.group(1)
        m = re.search(r"\bpostid-(\d+)\b", q.first(self.root, "body::attr(class)", ""))
        if m:
            return m.group(1)
        raise ParseError("no WordPress post id on the page")

    def url(self) -> str:
        return canonical(
            structured.link_rel(self.root, "canonical") or structured.meta(self.root, "og:url") or self.page_url
        )

    def lang(self) -> str:
        return (structured.html_lang(self.root) or "ar")[:2].lower()

    def title(self) -> str:
        return (
            text.first_text(self.scope, "h1.entry-title")
            or text.clean_text(self.ld.get("headline"))
            or structured.meta(self.root, "og:title")
        )

    def body_blocks(self) -> list[text.Block]:
        node = self.body_node()
        return body_blocks(node) if node is not None else []

    def published_raw(self) -> str | None:
        return self._dates[0]

    def modified_raw(self) -> str | None:
        return self._dates[1]

    @cached_property
    def _dates(self) -> tuple[str | None, str | None]:
        """(published, modified) as written: each asked twice (the value and its raw text)."""
        published, modified = _entry_times(self.scope)
        published = published or structured.meta(self.root, "article:published_time") or self.ld.get("datePublished")
        modified = modified or structured.meta(self.root, "article:modified_time") or self.ld.get("dateModified")
        return published, modified

    def published_at(self) -> str | None:
        return _iso(self.published_raw())

    def modified_at(self) -> str | None:
        return _iso(self.modified_raw())

    def authors(self) -> list[str]:
        return (
            text.unique(text.clean_text(a) for a in self.within("byline", ".author a::text, .author::text"))
            or structured.names(self.ld.get("author"))
            or text.unique([structured.meta(self.root, "author")])
        )

    def section(self) -> str | None:
        cats = [text.clean_text(c) for c in self.within("entry-footer", ".cat-links a::text")] or structured.str_list(
            self.ld.get("articleSection")
        )
        return cats[0] if cats else None

    def tags(self) -> list[str]:
        return text.unique(
            text.clean_text(t) for t in self.within("entry-footer", ".tags-links a::text")
        ) or structured.str_list(self.ld.get("keywords"))

    def images(self) -> list[str]:
        urls = [*self.within("post-thumbnail", "img::attr(src)"), structured.meta(self.root, "og:image")]
        body = self.body_node()  # the page's .entry-content (the first one, as everywhere)
        urls += q.select(body, "img::attr(src)") if body is not None else []
        return media.images(urls, ORIGIN + "/")


class FuratApiPost(ArticleParser):
    """A REST API post object (``_embed=1``)."""

    outlet = OUTLET
    outlet_names = OUTLET_NAMES
    template = "wp_api"

    def __init__(self, post: dict, page_url: str = "", hint_url: str = ""):
        self.post = post
        content = (post.get("content") or {}).get("rendered") or ""
        super().__init__(
            Selector(text=f"<div id='content'>{content}</div>"), page_url or post.get("link", ""), hint_url
        )
        embedded = post.get("_embedded") or {}
        terms = [t for group in embedded.get("wp:term") or [] for t in group or [] if isinstance(t, dict)]
        self.categories = [html.unescape(t.get("name", "")) for t in terms if t.get("taxonomy") == "category"]
        self.tag_names = [html.unescape(t.get("name", "")) for t in terms if t.get("taxonomy") == "post_tag"]
        self.embedded = embedded

    @classmethod
    def matches(cls, sel) -> bool:  # not chosen by markup
        return False

    def body_node(self):
        return q.select(self.root, "#content")[0]

    def article_id(self) -> str:
        return str(self.post["id"])

    def url(self) -> str:
        return canonical(self.post.get("link") or self.page_url)

    def lang(self) -> str:
        return "ar"

    def title(self) -> str:
        rendered = (self.post.get("title") or {}).get("rendered", "")
        return text.clean_text("".join(Selector(text=f"<p>{rendered}</p>").css("p ::text").getall()))

    def body_blocks(self) -> list[text.Block]:
        return body_blocks(self.body_node())

    def published_raw(self) -> str | None:
        return self.post.get("date_gmt")

    def modified_raw(self) -> str | None:
        return self.post.get("modified_gmt")

    def published_at(self) -> str | None:
        return _iso(self.published_raw(), UTC)

    def modified_at(self) -> str | None:
        return _iso(self.modified_raw(), UTC)

    def authors(self) -> list[str]:
        return text.unique(
            text.clean_text(a.get("name")) for a in self.embedded.get("author") or [] if isinstance(a, dict)
        )

    def section(self) -> str | None:
        return text.clean_text(self.categories[0]) if self.categories else None

    def tags(self) -> list[str]:
        return text.unique(text.clean_text(t) for t in self.tag_names)

    def images(self) -> list[str]:
        urls = [m.get("source_url", "") for m in self.embedded.get("wp:featuredmedia") or [] if isinstance(m, dict)]
        urls += q.select(self.root, "img::attr(src)")
        return media.images(urls, ORIGIN + "/")


TEMPLATES = (FuratPage,)


def parse_page(sel: Selector, page_url: str, hint_url: str = "") -> Article:
    return pick_parser(TEMPLATES, sel)(sel, page_url, hint_url).article()


def parse_api_post(post: dict) -> Article:
    return FuratApiPost(post).article()


def post_id_of(url: str) -> str | None:
    m = POST_ID.search(url)
    return m.group(1) if m else None
