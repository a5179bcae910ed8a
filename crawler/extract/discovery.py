"""Discovery answers read strictly: sitemaps, feeds and REST API pages are checked before a URL is
taken from them.

A sitemap or feed that is not well-formed XML (cut off mid-``<loc>`` and served as complete, an
HTML login or error page answered with status 200) or that is another kind of document, and an API
page that is not the JSON list of posts it must be, raise ``MalformedDiscovery``: the caller takes
*nothing* from it, not even the entries before the cut. Scrapy's ``Sitemap`` and parsel's XML
selector parse with lxml in recover mode and hand out the half of a ``<loc>`` before the cut; this
module parses with the standard library's expat, which never recovers (nor resolves external
entities, and bounds entity expansion). Tolerated, because nothing is lost: blank lines before
the XML declaration (a common WordPress plugin fault) and a gzipped sitemap body. Pure functions
over bytes, no Scrapy.
"""

from __future__ import annotations

import gzip
import io
import json
import xml.etree.ElementTree as ET
import zlib
from typing import Any

SITEMAP_KINDS = ("urlset", "sitemapindex")
FEED_KINDS = ("rss", "RDF", "feed")  # RSS 2.0, RSS 1.0 (rdf:RDF), Atom
MAX_UNZIPPED = 64 * 1024 * 1024  # the sitemap protocol allows 50 MB uncompressed
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


class MalformedDiscovery(ValueError):
    """A discovery answer that cannot be believed; the message says why, in a few words."""


def looks_like_html(body: bytes) -> bool:
    """An HTML page (a login, error or challenge page), whatever the ``Content-Type`` claims."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS)


def _gunzip(body: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as raw:
            data = raw.read(MAX_UNZIPPED + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise MalformedDiscovery(f"a broken gzip body ({exc})") from exc
    if len(data) > MAX_UNZIPPED:
        raise MalformedDiscovery(f"over {MAX_UNZIPPED // (1024 * 1024)} MB once unzipped")
    return data


def _local(tag: object) -> str:
    """``{namespace}name`` → ``name``; comments and processing instructions → ``""``."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def parse_xml(body: bytes, what: str) -> ET.Element:
    """The root of a well-formed XML document, or ``MalformedDiscovery`` (never a recovered tree)."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    body = body.lstrip(b" \t\r\n")
    if not body:
        raise MalformedDiscovery(f"an empty answer, not a {what}")
    if looks_like_html(body):
        raise MalformedDiscovery(f"an HTML page (a login or error page?), not a {what}")
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise MalformedDiscovery(f"not well-formed XML ({exc}), cut off or broken: not a {what}") from exc


def sitemap_entries(body: bytes) -> tuple[str, list[dict[str, str]]]:
    """``("urlset" | "sitemapindex", entries)``; each entry has ``loc`` and the other child
    elements' texts (``lastmod`` …) by local name. Entries without a ``loc`` are left out."""
    root = parse_xml(body, "sitemap")
    kind = _local(root.tag)
    if kind not in SITEMAP_KINDS:
        raise MalformedDiscovery(f"a <{kind}> document, not a sitemap")
    entries = []
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        entry = {_local(child.tag): (child.text or "").strip() for child in element if _local(child.tag)}
        if entry.get("loc"):
            entries.append(entry)
    return kind, entries


def feed_entries(body: bytes) -> list[dict[str, str]]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed: ``link``, ``guid`` and ``published`` (RSS
    ``pubDate`` / ``dc:date``, Atom ``published`` or else ``updated``), ``""`` when absent."""
    root = parse_xml(body, "feed")
    kind = _local(root.tag)
    if kind not in FEED_KINDS:
        raise MalformedDiscovery(f"a <{kind}> document, not a feed")
    out = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item" and kind != "feed":
            fields = {_local(c.tag): (c.text or "").strip() for c in element}
            out.append(
                {
                    "link": fields.get("link", ""),
                    "guid": fields.get("guid", ""),
                    "published": fields.get("pubDate") or fields.get("date", ""),
                }
            )
        elif name == "entry" and kind == "feed":
            links = [c for c in element if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate"]
            fields = {_local(c.tag): (c.text or "").strip() for c in element}
            out.append(
                {
                    "link": (links[0].get("href") or "").strip() if links else "",
                    "guid": fields.get("id", ""),
                    "published": fields.get("published") or fields.get("updated", ""),
                }
            )
    return out


def api_posts(body: bytes) -> list[dict[str, Any]]:
    """A WordPress REST API page of posts: a JSON list of objects, each with an ``id``."""
    if looks_like_html(body):
        raise MalformedDiscovery("an HTML page (a login or error page?), not JSON posts")
    try:
        posts = json.loads(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise MalformedDiscovery(f"not JSON ({exc}), cut off or broken: not a page of posts") from exc
    if not isinstance(posts, list) or not all(isinstance(p, dict) and "id" in p for p in posts):
        raise MalformedDiscovery(f"JSON, but not a list of posts ({type(posts).__name__})")
    return posts
