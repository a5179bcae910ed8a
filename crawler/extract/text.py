"""Paragraph text out of an article container, whatever its markup.

Two shapes occur on our outlets and one walker handles both:
- block paragraphs (``<p>``, ``<div>``, ``<figure>``...): each block is one paragraph;
- text runs separated by ``<br><br>`` (Orient News classic): each run is one paragraph.
Inline markup (``<a>``, ``<strong>``...) is article text and kept; scripts, iframes and
media contribute nothing.
"""

from __future__ import annotations

import copy
import re
import unicodedata

from parsel import Selector

_WS = re.compile(r"\s+")
# Zero-width and directional marks that pages sprinkle into Arabic text.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"), None
)

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
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _WS.sub(" ", text).strip()


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _walk(el, out: list[str], buf: list[str]) -> None:
    """Append paragraphs of ``el``'s content to ``out``; ``buf`` collects the current run."""

    def flush():
        text = clean_text("".join(buf))
        if text:
            out.append(text)
        buf.clear()

    if el.text:
        buf.append(el.text)
    pending_br = 0
    for child in el:
        tag = _tag(child)
        if tag == "br":
            pending_br += 1
            if pending_br >= 2:
                flush()
            else:
                buf.append(" ")
            if child.tail and child.tail.strip():
                pending_br = 0
            if child.tail:
                buf.append(child.tail)
            continue
        pending_br = 0
        if tag in SKIP_TAGS or not tag:  # comments and processing instructions have no str tag
            pass
        elif tag in BLOCK_TAGS:
            flush()
            _walk(child, out, buf)
            flush()
        else:
            _walk(child, out, buf)
        if child.tail:
            buf.append(child.tail)


def paragraphs(container: Selector | None, drop: str = "") -> list[str]:
    """The paragraphs of ``container`` in document order.

    ``drop`` is a CSS selector of descendants that are not article text (removed on a copy,
    so the caller's selector is untouched).
    """
    if container is None:
        return []
    root = container.root
    if drop:
        root = copy.deepcopy(root)
        for node in Selector(root=root).css(drop):
            parent = node.root.getparent()
            if parent is not None:
                _remove_keep_tail(node.root)
    out: list[str] = []
    buf: list[str] = []
    _walk(root, out, buf)
    text = clean_text("".join(buf))
    if text:
        out.append(text)
    return out


def _remove_keep_tail(el) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def join_body(paras: list[str]) -> str:
    return "\n\n".join(p for p in paras if p)


def first_text(sel: Selector, *css: str) -> str:
    """Cleaned text of the first node matching any of ``css`` (tried in order)."""
    for query in css:
        node = sel.css(query)
        if node:
            text = clean_text(" ".join(node[0].css("::text").getall()))
            if text:
                return text
    return ""


def unique(values) -> list:
    """Order-preserving de-duplication that also drops empty values."""
    seen, out = set(), []
    for v in values:
        key = v if isinstance(v, str) else repr(v)
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out
