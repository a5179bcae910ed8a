"""The article record: one dataclass, handled through itemadapter everywhere.

Field meanings (normalised; see README "The article record"):

- ``outlet``: spider name of the outlet (``orient_news``, ``furat_post``).
- ``article_id``: the outlet's own id, as a string (Orient News numeric id, WordPress post id).
- ``url``: the outlet's canonical URL on its real host (never a replica address, never ``utm_*``).
- ``fetched_url``: the URL the page was actually fetched from (may be a replica address).
- ``lang``: ISO 639-1 code (``ar``, ``en``).
- ``title``; ``body``: article paragraphs joined by a blank line ("\\n\\n"), article text only.
- ``published_at`` / ``modified_at``: ISO 8601 with offset, or None when the page gives none;
  ``published_at_raw``: the date text exactly as the page showed it (visible text or meta value).
- ``authors``, ``tags``: lists of strings; ``section``: one string or None.
- ``images``: absolute image URLs on the outlet's real host (lead image first).
- ``videos``: list of ``{"url", "provider", "video_id", "embed_url"}`` (see crawler/extract/media.py).
- ``quoted_sources``: list of ``{"name", "kind", "role", "verb", "told_to", "quote", "paragraph"}``.
- ``content_hash``: sha256 of the normalised title + body (set by the validate pipeline).
- ``template``: which markup parsed it (``classic``, ``current``, ``wp_page``, ``wp_api`` ...).
- ``scraped_at``: UTC ISO 8601 time of extraction.
- ``duplicate_of``: canonical URL of an earlier record at another outlet with the same text (dedupe).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def utc_now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Article:
    outlet: str
    article_id: str
    url: str
    fetched_url: str = ""
    lang: str = ""
    title: str = ""
    body: str = ""
    published_at: str | None = None
    published_at_raw: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    videos: list[dict[str, Any]] = field(default_factory=list)
    quoted_sources: list[dict[str, Any]] = field(default_factory=list)
    content_hash: str = ""
    template: str = ""
    scraped_at: str = field(default_factory=utc_now_iso)
    duplicate_of: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


@dataclass
class PageFailure:
    """An article page that yielded no record: it matched no template of the outlet (a redesign,
    an error page served with 200) or its parser gave up. It walks the same way as a record
    (spider -> pipelines) so that the validate step counts and quarantines it with its raw bytes;
    it is never stored as an article."""

    outlet: str
    article_id: str
    url: str
    reason: str
    templates: list[str] = field(default_factory=list)
    fetched_url: str = ""
    template: str = ""


# Fields whose values are lists/dicts (stored as JSON text in SQL backends).
JSON_FIELDS = ("authors", "tags", "images", "videos", "quoted_sources")
# Fields that describe a fetch, not the article: ignored when comparing two records of one article.
VOLATILE_FIELDS = ("fetched_url", "scraped_at", "template", "duplicate_of")
