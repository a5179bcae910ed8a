"""Replica mode: the outlet changes its markup for pages published from a date on.

What a live site does under a running cron job, and what a frozen archive does to a canary:
the article pages published on or after ``after`` (YYYY-MM-DD, read from the page's own
``article:published_time``) are served changed; older pages stay as they were. Kinds:

- ``theme``: a new theme: no JSON-LD, no ``article:*`` meta, the title, body, date and byline
  containers renamed (``story__headline``, ``story__text`` …): no parser template matches;
- ``no-date``: only the date changed: no ``datePublished``, no ``article:published_time``, the
  ``<time>`` element renamed and without ``datetime`` (a required field goes missing);
- ``no-author``: only the byline is gone (JSON-LD ``author`` and ``.news-author``): an optional
  field falls.
"""

from __future__ import annotations

import json
import re

KINDS = ("theme", "no-date", "no-author")
PUBLISHED = re.compile(r'<meta property="article:published_time" content="(\d{4}-\d{2}-\d{2})')
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ARTICLE_META = re.compile(r'<meta property="article:[a-z_]+" content="[^"]*">\n?')
AUTHOR_SPAN = re.compile(r'<span class="news-author">[^<]*</span>(\s*(و|and)\s*)?')


def applies(body: str, after: str) -> bool:
    m = PUBLISHED.search(body)
    return m is not None and m.group(1) >= after


def _edit_ld(body: str, drop: tuple[str, ...]) -> str:
    def edit(m: re.Match[str]) -> str:
        data = json.loads(m.group(1))
        for key in drop:
            data.pop(key, None)
        return '<script type="application/ld+json">' + json.dumps(data, ensure_ascii=False) + "</script>"

    return LD.sub(edit, body)


def transform(body: bytes, kind: str, after: str) -> bytes:
    """The page as the redesigned site serves it (unchanged when older than ``after``)."""
    text = body.decode("utf-8", "replace")
    if not applies(text, after):
        return body
    if kind == "theme":
        section = re.search(r'<meta property="article:section" content="([^"]*)">', text)
        if section:  # the new theme shows the section as a label above the headline
            text = text.replace(
                '<h1 class="news-title">', f'<a class="story__section">{section.group(1)}</a><h1 class="news-title">', 1
            )
        text = LD.sub("", text)
        text = ARTICLE_META.sub("", text)
        for old, new in (
            ('class="news-details"', 'class="story"'),
            ('class="news-title"', 'class="story__headline"'),
            ('class="news-body" id="newsBody"', 'class="story__text"'),
            ('class="news-meta"', 'class="story__meta"'),
            ('class="news-author"', 'class="story__byline"'),
            ('class="news-date"', 'class="story__date"'),
            ('class="news-tags"', 'class="story__tags"'),
        ):
            text = text.replace(old, new)
    elif kind == "no-date":
        text = _edit_ld(text, ("datePublished",))
        text = re.sub(r'<meta property="article:published_time" content="[^"]*">\n?', "", text)
        text = re.sub(r'<time class="news-date" datetime="[^"]*">', '<time class="news-when">', text)
    elif kind == "no-author":
        text = _edit_ld(text, ("author",))
        text = AUTHOR_SPAN.sub("", text)
    else:
        raise ValueError(f"redesign kind must be one of {', '.join(KINDS)}")
    return text.encode("utf-8")
