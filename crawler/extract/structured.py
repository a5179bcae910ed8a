"""Structured data: JSON-LD objects, OpenGraph and ``article:*`` meta."""

from __future__ import annotations

import json
import logging

from parsel import Selector

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
    """All JSON-LD objects on the page, ``@graph`` and lists flattened; broken blocks skipped."""
    out: list[dict] = []
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
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


def meta(sel: Selector, key: str) -> str:
    """Content of ``<meta property=key>`` or ``<meta name=key>``."""
    value = sel.css(f'meta[property="{key}"]::attr(content), meta[name="{key}"]::attr(content)').get()
    return clean_text(value)


def metas(sel: Selector, key: str) -> list[str]:
    return unique(
        clean_text(v)
        for v in sel.css(f'meta[property="{key}"]::attr(content), meta[name="{key}"]::attr(content)').getall()
    )


def link_rel(sel: Selector, rel: str) -> str:
    return (sel.css(f'link[rel="{rel}"]::attr(href)').get() or "").strip()
