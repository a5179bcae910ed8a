"""Paragraph text out of an article container, whatever its markup.

Two shapes occur on our outlets and one walker handles both:
- block paragraphs (``<p>``, ``<div>``, ``<figure>``...): each block is one paragraph;
- text runs separated by ``<br><br>`` (Orient News classic): each run is one paragraph.
Inline markup (``<a>``, ``<strong>``...) is article text and kept; scripts, iframes and
media contribute nothing.

``blocks`` gives each paragraph with the links inside it (``href`` and link text), for the callers
that judge a paragraph by what it links (video references, crawler/extract/media.py);
``paragraphs`` gives the text only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from . import query as q

_WS = re.compile(r"\s+")
# Zero-width and directional marks that pages sprinkle into Arabic text.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE_CHARS}]")

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "figure",
        "figcaption",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "tr",
        "header",
        "footer",
        "aside",
        "nav",
        "pre",
        "address",
        "dl",
        "dt",
        "dd",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "video",
        "audio",
        "source",
        "object",
        "embed",
        "svg",
        "template",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "img",
        "picture",
    ]
)


def clean_text(text: str | None) -> str:
    """Collapse whitespace (incl. NBSP), drop invisible marks, NFC-normalise, trim."""
    if not text:
        return ""
    # The cheap checks first: most text is NFC already and has no invisible marks. str.split()
    # splits on exactly the whitespace ``\s`` matches, NBSP included.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _INVISIBLE_RE.search(text):
        text = _INVISIBLE_RE.sub("", text)
    return " ".join(text.split())


class Block(NamedTuple):
    """One paragraph: its cleaned text and the ``(href, link text)`` of every ``<a href>`` in it,
    in document order. A paragraph with links but no text (a linked thumbnail) has ``text == ""``."""

    text: str
    links: tuple[tuple[str, str], ...] = ()


class _Walker:
    """Paragraphs of one container: ``buf`` collects the current run's text, ``links`` its links;
    elements in ``skip`` are left out as if removed (their tail stays)."""

    __slots__ = ("buf", "drop", "links", "out", "skip")

    def __init__(self, skip, drop=None) -> None:
        self.out: list[Block] = []
        self.buf: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.skip = skip
        self.drop = drop  # a test of an element and its tag name (query.matcher): left out too

    def flush(self) -> None:
        text = clean_text("".join(self.buf)) if self.buf else ""
        if text or self.links:
            self.out.append(Block(text, tuple(self.links)))
        self.buf.clear()
        self.links.clear()

    def walk(self, el) -> None:
        buf, links, skip, drop = self.buf, self.links, self.skip, self.drop
        text = el.text  # (each read of .text/.tail/.get() decodes the node's UTF-8 again)
        if text:
            buf.append(text)
        pending_br = 0
        for child in el:
            name = child.tag
            if not isinstance(name, str):
                name = ""
            tag = name.lower()
            tail = child.tail
            if tag == "br":
                pending_br += 1
                if pending_br >= 2:
                    self.flush()
                else:
                    buf.append(" ")
                if tail:
                    if tail.strip():
                        pending_br = 0
                    buf.append(tail)
                continue
            if (skip and child in skip) or (drop is not None and drop(child, name)):
                # as if removed: its tail joins the text before it, and two <br> around it are
                # still a paragraph break
                if tail:
                    if tail.strip():
                        pending_br = 0
                    buf.append(tail)
                continue
            pending_br = 0
            if tag in SKIP_TAGS or not tag:  # comments and processing instructions have no str tag
                pass
            elif tag in BLOCK_TAGS:
                if buf or links:  # (a flush of nothing adds nothing)
                    self.flush()
                self.walk(child)
                if buf or links:
                    self.flush()
            elif tag == "a" and (href := child.get("href")):
                start = len(buf)
                self.walk(child)
                links.append((href.strip(), clean_text("".join(buf[start:]))))
            else:
                self.walk(child)
            if tail:
                buf.append(tail)


def blocks(container: Any, drop: str = "", skip=()) -> list[Block]:
    """The paragraphs of ``container`` (an lxml element or a parsel Selector) in document order,
    each with its links.

    ``drop`` is a CSS selector of descendants that are not article text, ``skip`` more such
    elements (lxml elements): both are left out as if removed from the tree (the caller's tree is
    not changed).
    """
    if container is None:
        return []
    root = q.root_of(container)
    left_out = set(skip)
    # a list of simple selectors is tested on each element as the walk meets it, instead of a
    # search of the whole container beforehand (the same elements: query.matcher)
    test = q.matcher(drop) if drop else None
    if drop and test is None:
        left_out.update(q.select(root, drop))
    left_out.discard(root)
    walker = _Walker(left_out, test)
    walker.walk(root)
    walker.flush()
    return walker.out


def paragraphs(container: Any, drop: str = "") -> list[str]:
    """The paragraphs' text of ``container`` in document order (see ``blocks``)."""
    return [b.text for b in blocks(container, drop) if b.text]


def join_body(paras: list[str]) -> str:
    return "\n\n".join(p for p in paras if p)


def first_text(sel: Any, *css: str) -> str:
    """Cleaned text of the first node matching any of ``css`` (tried in order) under ``sel`` (an
    lxml element or a parsel Selector)."""
    root = q.root_of(sel)
    for query in css:
        node = q.first(root, query)
        if node is not None:
            text = text_of(node)
            if text:
                return text
    return ""


def text_of(found: Any) -> str:
    """Cleaned text of an lxml element (its descendant text nodes, joined by a space) or of a string
    a query found."""
    # itertext() gives the same strings as ``::text`` (every descendant text node), without a
    # Selector for each
    return clean_text(" ".join(found.itertext()) if hasattr(found, "itertext") else str(found))


def unique(values) -> list:
    """Order-preserving de-duplication that also drops empty values."""
    seen, out = set(), []
    for v in values:
        key = v if isinstance(v, str) else repr(v)
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out
