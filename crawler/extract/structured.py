"""Structured data: JSON-LD objects, OpenGraph and ``article:*`` meta."""

from __future__ import annotations

import json
import logging

from parsel import Selector

from . import memo
from .text import clean_text, unique

logger = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
}


def json_ld(sel: Selector) -> list[dict]:
    """All JSON-LD objects on the page, ``@graph`` and lists flattened; broken blocks skipped
    (read once per page: see memo.py)."""
    values = memo.page(sel)
    key = f"json_ld\0{id(sel.root)}"
    found = values.get(key)
    if found is None or found[0] is not sel.root:
        found = values[key] = (sel.root, _json_ld(sel))
    return found[1]


def _ld_texts(sel: Selector) -> list[str]:
    """The text of every ``<script type="application/ld+json">`` (``script[type=…]::text``)."""
    root = sel.root
    if not hasattr(root, "iter"):
        return []
    return [
        "".join(script.itertext())
        for script in root.iter("script")
        if script.get("type") == "application/ld+json" and script.text is not None
    ]


def _json_ld(sel: Selector) -> list[dict]:
    out: list[dict] = []
    for raw in _ld_texts(sel):
        try:
            data = json.loads(raw)
        except ValueError:
            logger.debug("unparseable JSON-LD block skipped")
            continue
        stack = [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                if "@graph" in obj:
                    stack.extend(obj["@graph"] if isinstance(obj["@graph"], list) else [obj["@graph"]])
                else:
                    out.append(obj)
    return out


def ld_article(sel: Selector) -> dict:
    """The first article-typed JSON-LD object, or {}."""
    for obj in json_ld(sel):
        types = obj.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & ARTICLE_TYPES:
            return obj
    return {}


def names(value) -> list[str]:
    """Names out of a schema.org Person/Organization, a list of them, or plain strings."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(clean_text(item.get("name")))
        elif isinstance(item, str):
            out.append(clean_text(item))
    return unique(out)


def str_list(value) -> list[str]:
    """``keywords``/``articleSection``: a list, or one comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return unique(clean_text(v) for v in value if isinstance(v, str))


def image_urls(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(item.get("url") or item.get("contentUrl") or "")
        elif isinstance(item, str):
            out.append(item)
    return [u for u in out if u]


def _head(sel: Selector) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every ``<meta>`` content by its ``property`` and ``name``, and every ``<link>`` href by its
    ``rel``, in document order: one pass over the page instead of one search per field (the same
    answers as ``meta[property="k"]::attr(content), meta[name="k"]::attr(content)`` and
    ``link[rel="r"]::attr(href)``), kept once per page (memo.py)."""
    values = memo.page(sel)
    key = f"head\0{id(sel.root)}"
    found = values.get(key)
    if found is not None and found[0] is sel.root:
        return found[1]
    metas: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    root = sel.root
    if hasattr(root, "iter"):
        for el in root.iter("meta", "link"):
            if el.tag == "meta":
                content = el.get("content")
                if content is None:
                    continue
                prop, name = el.get("property"), el.get("name")
                if prop is not None:
                    metas.setdefault(prop, []).append(content)
                if name is not None and name != prop:
                    metas.setdefault(name, []).append(content)
            else:
                rel, href = el.get("rel"), el.get("href")
                if rel is not None and href is not None:
                    links.setdefault(rel, []).append(href)
    values[key] = (root, (metas, links))
    return metas, links


def meta(sel: Selector, key: str) -> str:
    """Content of ``<meta property=key>`` or ``<meta name=key>`` (the first in the page)."""
    found = _head(sel)[0].get(key)
    return clean_text(found[0]) if found else ""


def metas(sel: Selector, key: str) -> list[str]:
    return unique(clean_text(v) for v in _head(sel)[0].get(key, ()))


def html_lang(sel: Selector) -> str:
    """``<html lang>`` as written ("" when absent): the root's attribute, without a search."""
    root = sel.root
    if getattr(root, "tag", None) == "html":
        return (root.get("lang") or "").strip()
    return (sel.css("html::attr(lang)").get() or "").strip()


def link_rel(sel: Selector, rel: str) -> str:
    found = _head(sel)[1].get(rel)
    return found[0].strip() if found else ""
