"""Structured data: JSON-LD objects, OpenGraph and ``article:*`` meta."""

from __future__ import annotations

import json
import logging
from typing import Any

from . import memo
from . import query as q
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


def json_ld(sel: Any) -> list[dict]:
    """All JSON-LD objects on the page (``sel``: a parsel Selector or an lxml element), ``@graph``
    and lists flattened; broken blocks skipped (read once per page: see memo.py)."""
    root = q.root_of(sel)
    values = memo.page(root)
    key = ("json_ld", root)
    found = values.get(key)
    if found is None:
        found = values[key] = _json_ld(root)
    return found


def _ld_texts(root: Any) -> list[str]:
    """The text of every ``<script type="application/ld+json">`` (``script[type=…]::text``)."""
    if not hasattr(root, "iter"):
        return []
    return [
        "".join(script.itertext())
        for script in root.iter("script")
        if script.get("type") == "application/ld+json" and script.text is not None
    ]


def _json_ld(root: Any) -> list[dict]:
    out: list[dict] = []
    for raw in _ld_texts(root):
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


def ld_article(sel: Any) -> dict:
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


def _head(sel: Any) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every ``<meta>`` content by its ``property`` and ``name``, and every ``<link>`` href by its
    ``rel``, in document order: one pass over the page instead of one search per field (the same
    answers as ``meta[property="k"]::attr(content), meta[name="k"]::attr(content)`` and
    ``link[rel="r"]::attr(href)``), kept once per page (memo.py)."""
    root = q.root_of(sel)
    values = memo.page(root)
    key = ("head", root)
    found = values.get(key)
    if found is not None:
        return found
    metas: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    if hasattr(root, "iter"):
        # two passes by tag (each list in document order) instead of asking each element its tag
        for el in root.iter("meta"):
            content = el.get("content")
            if content is None:
                continue
            prop, name = el.get("property"), el.get("name")
            if prop is not None:
                metas.setdefault(prop, []).append(content)
            if name is not None and name != prop:
                metas.setdefault(name, []).append(content)
        for el in root.iter("link"):
            href = el.get("href")
            if href is not None:
                rel = el.get("rel")
                if rel is not None:
                    links.setdefault(rel, []).append(href)
    values[key] = (metas, links)
    return metas, links


def meta(sel: Any, key: str) -> str:
    """Content of ``<meta property=key>`` or ``<meta name=key>`` (the first in the page)."""
    found = _head(sel)[0].get(key)
    return clean_text(found[0]) if found else ""


def metas(sel: Any, key: str) -> list[str]:
    return unique(clean_text(v) for v in _head(sel)[0].get(key, ()))


def html_lang(sel: Any) -> str:
    """``<html lang>`` as written ("" when absent): the root's attribute, without a search."""
    root = q.root_of(sel)
    if getattr(root, "tag", None) == "html":
        return (root.get("lang") or "").strip()
    return (q.first(root, "html::attr(lang)") or "").strip()


def link_rel(sel: Any, rel: str) -> str:
    found = _head(sel)[1].get(rel)
    return found[0].strip() if found else ""
