"""Videos and images: every embed form the outlets use, folded to one canonical form.

A video is ``{"url", "provider", "video_id", "embed_url"}``:
- YouTube: url ``https://www.youtube.com/watch?v=ID``, embed ``https://www.youtube.com/embed/ID``,
  from any form: ``watch?v=`` (``m.``/``music.``, extra parameters such as ``&t=``, ``si=``),
  ``youtu.be/ID``, ``/embed/``, ``/shorts/``, ``/live/``, ``/v/``, youtube-nocookie.com;
- Facebook: url ``https://www.facebook.com/PAGE/videos/ID`` (also from the video plugin's ``href``
  and ``/PAGE/videos/SLUG/ID``); a video known only by id keeps the form it was written in,
  ``https://www.facebook.com/watch/?v=ID`` (also ``/video.php?v=``) or
  ``https://www.facebook.com/reel/ID``; a short link ``https://fb.watch/CODE/`` (id ``CODE``: it
  cannot be resolved without the network). Embed: the video plugin with ``href`` set to the url;
- a file (``<video>``): url and embed are the file's own URL, id its file name.

Two entries are the same video when provider and id agree (a player ``PAGE/videos/ID`` and a link
``watch/?v=ID`` are one video; the ``PAGE/videos`` form is kept); a file by its URL.

Video references in the text
----------------------------
Editors also point to a video in a paragraph of text, with a link: "شاهد الفيديو: URL",
"بالفيديو.. لحظة وصول القافلة URL", "Watch the recording: <a>here</a>", "شاهد: <a>title</a>", a
paragraph that is only the URL (linked or written out, as Furat Post's bare ``youtu.be``
paragraphs), or a link whose text is the whole paragraph. Such a paragraph is not article text:
``video_references`` takes it out of the body and its videos go to ``videos``.

The rule. A paragraph is a video reference when it links at least one YouTube or Facebook video
(an ``<a href>`` or a URL written in the text; links to video *files* do not count) and its
*intro* -- the paragraph's text without the URLs written in it and without link texts that are
URLs -- is short introducing text:

1. empty: the paragraph is just the link (a bare URL, linked or plain text); or
2. at most ``MAX_INTRO_WORDS`` (12) words, one sentence (no ". ! ? ؟" followed by more text;
   ".." and "…" are not sentence ends), and one of:
   a. the text outside the video links is empty: the link text is the intro
      (``<a href=…>شاهد الفيديو</a>``, ``<a href=…>لحظة القصف</a>``);
   b. it holds a video word (``CUES``: شاهد/شاهدوا, فيديو/بالفيديو, مقطع, تسجيل, مصور, لقطات,
      شريط, بث, رابط, يوتيوب ... with their prefixes; watch, video, recording, footage, clip,
      YouTube, link ...);
   c. it is a label of at most 4 words ending in a colon ("التفاصيل:", "المصدر:") before the link.

Anything else stays text, with its links as links: a paragraph that mentions a video without
linking one ("ونشر ناشطون مقطع فيديو يظهر ..."), and a paragraph of reporting that happens to link
a video inside a longer sentence ("وقال مدير المشفى في تصريح مصور نشره على <a>قناته في يوتيوب</a>
إن ..."). The video of such a paragraph is not added to ``videos``: a record's videos are the
article's own, its players and its video references.

Order in ``videos``: the embedded players (iframes, ``<video>``) in document order, then the
referenced videos in document order, each video once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import query as q
from .text import Block, blocks, clean_text, unique
from .urls import absolute

_YT_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YT_PATH = re.compile(r"/(?:embed|v|e|shorts|live)/([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])")
_YT_SHORT = re.compile(r"/([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])")
_FB_VIDEO = re.compile(r"/([^/?#]+)/videos/(?:[^/?#]+/)*?(\d+)/?$")
_FB_REEL = re.compile(r"/reels?/(\d+)")
_FB_SHARE = re.compile(r"/share/(?:v|r)/([A-Za-z0-9_-]+)")
_FB_SHORT = re.compile(r"/([A-Za-z0-9_-]+)")
_FILE_EXT = re.compile(r"\.(mp4|webm|ogv|ogg|m3u8|mov)(?:$|\?)", re.I)
#: a video host written without a scheme ("youtu.be/ID", "www.youtube.com/watch?v=ID")
_SCHEMELESS = re.compile(r"(?:www\.|m\.|web\.)?(?:youtube\.com|youtu\.be|facebook\.com|fb\.watch)/", re.I)
LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "src")
_PLAYER_ATTRS = ("data-video-src", *LAZY_ATTRS)


def youtube(video_id: str) -> dict:
    return {
        "url": f"https://www.youtube.com/watch?v={video_id}",
        "provider": "youtube",
        "video_id": video_id,
        "embed_url": f"https://www.youtube.com/embed/{video_id}",
    }


def _facebook(url: str, video_id: str) -> dict:
    return {
        "url": url,
        "provider": "facebook",
        "video_id": video_id,
        "embed_url": "https://www.facebook.com/plugins/video.php?href=" + quote(url, safe=""),
    }


def facebook(page: str, video_id: str) -> dict:
    return _facebook(f"https://www.facebook.com/{page}/videos/{video_id}", video_id)


def video_file(url: str) -> dict:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return {"url": url, "provider": "file", "video_id": name, "embed_url": url}


def video_from_url(url: str | None, base: str = "") -> dict | None:
    """The canonical video for an embed/watch/file URL, or None if it is not a video."""
    if not url:
        return None
    url = url.strip()
    if url.startswith(("about:", "data:", "javascript:", "mailto:", "#")):
        return None
    if _SCHEMELESS.match(url):
        url = "https://" + url
    if url.startswith("//"):
        url = "https:" + url
    elif base and not url.startswith(("https://", "http://")):
        url = absolute(url, base)  # an absolute URL would come back the same
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path
    if host == "youtu.be":
        m = _YT_SHORT.match(path)
        return youtube(m.group(1)) if m else None
    if host.endswith((".youtube.com", ".youtube-nocookie.com")) or host in ("youtube.com", "youtube-nocookie.com"):
        m = _YT_PATH.match(path)
        if m:
            return youtube(m.group(1))
        if path.rstrip("/") == "/watch":
            vid = parse_qs(parts.query).get("v", [""])[0]
            return youtube(vid) if _YT_ID.fullmatch(vid) else None
        return None
    if host == "fb.watch":
        m = _FB_SHORT.match(path)
        return _facebook(f"https://fb.watch/{m.group(1)}/", m.group(1)) if m else None
    if host == "facebook.com" or host.endswith(".facebook.com"):
        if path.startswith("/plugins/video.php"):
            href = parse_qs(parts.query).get("href", [""])[0]
            return video_from_url(unquote(href)) if href else None
        m = _FB_VIDEO.match(path)
        if m:
            return facebook(m.group(1), m.group(2))
        if path.rstrip("/") in ("/watch", "/video.php"):
            vid = parse_qs(parts.query).get("v", [""])[0]
            return _facebook(f"https://www.facebook.com/watch/?v={vid}", vid) if vid.isdigit() else None
        m = _FB_REEL.match(path)
        if m:
            return _facebook(f"https://www.facebook.com/reel/{m.group(1)}", m.group(1))
        m = _FB_SHARE.match(path)
        if m:
            return _facebook(f"https://www.facebook.com/share/v/{m.group(1)}/", m.group(1))
        return None
    if _FILE_EXT.search(path):
        return video_file(url)
    return None


def _attr(el: Any, names=LAZY_ATTRS) -> str:
    """The first non-placeholder URL among lazy-loading attributes (of an lxml element)."""
    for name in names:
        value = (el.get(name) or "").strip()
        if value and not value.startswith(("about:", "data:")):
            return value
    return ""


def embedded_videos(container: Any, base: str) -> list[dict]:
    """The players in ``container`` (an lxml element or a parsel Selector): iframes (lazy or not),
    ``<embed>``, ``<video>`` files."""
    if container is None:
        return []
    found = []
    # "iframe, embed, video, video source, [data-video-src]" in one pass (query.xpath_of)
    for el in q.select(container, "iframe, embed, video, source, [data-video-src]"):
        if el.tag == "source" and next(el.iterancestors("video"), None) is None:
            continue  # a <source> of a <picture> or an <audio>
        url = _attr(el, _PLAYER_ATTRS)
        video = video_from_url(url, base)
        if video:
            found.append(video)
    return unique_videos(found)


def videos(container: Any, base: str) -> list[dict]:
    """Every video in ``container``: its players and the videos its paragraphs refer to."""
    if container is None:
        return []
    return unique_videos(embedded_videos(container, base) + video_references(blocks(container), base)[1])


# -- video references in the text ----------------------------------------------------------------
MAX_INTRO_WORDS = 12
MAX_LABEL_WORDS = 4
#: cheap pre-filter: a paragraph or link that cannot name a YouTube/Facebook video
_VIDEO_HOST_HINT = re.compile(r"youtu\.?be|facebook\.com|fb\.watch", re.I)
#: URLs written out in the text (with a scheme, ``www.``, or a bare video host)
_URL_IN_TEXT = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»]+"
    r"|(?<![\w.@/])(?:m\.|web\.)?(?:youtube\.com|youtu\.be|facebook\.com|fb\.watch)/[^\s<>\"«»]*",
    re.I,
)
_URL_TRAIL = ".,،؛;:!?؟)]}»\"'…"
_WORD = re.compile(r"[^\W_]+")
_LETTER = re.compile(r"[^\W\d_]")
#: a sentence end followed by more text (".." and "…" runs are not sentence ends)
_SENTENCE_BREAK = re.compile(r"(?<![.])[.!?؟](?![.])\s+\w")
_LABEL_END = re.compile(r"[:：]\s*$")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
#: words that introduce a video (Arabic stems normalised: no diacritics, أإآ -> ا, ة -> ه)
CUES = re.compile(
    r"^(?:[وف]?(?:[بلك]|لل)?(?:ال)?"
    r"(?:شاهد|شاهدو|فيديو|فديو|فيديوهات|مقطع|مقاطع|تسجيل|تسجيلات|مصور|مصوره|لقطات|لقطه|شريط|بث|رابط|يوتيوب|يوتوب)"
    r"(?:ا|ه|ها|وا|ات|ين)?"
    r"|watch|watching|video|videos|recording|recorded|footage|clip|clips|youtube|livestream|stream|link)$",
    re.I,
)
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})


def _is_url_like(text: str) -> bool:
    return bool(text) and " " not in text and ("://" in text or bool(_URL_IN_TEXT.fullmatch(text)))


def _has_cue(intro: str) -> bool:
    return any(CUES.match(word) for word in _WORD.findall(_DIACRITICS.sub("", intro).translate(_FOLD)))


def reference_videos(block: Block, base: str = "") -> list[dict]:
    """The videos a paragraph refers to when it is a video reference (see the module docstring),
    else ``[]``."""
    text, links = block.text, block.links
    video_links = []
    for href, link_text in links:
        if _VIDEO_HOST_HINT.search(href):
            video = video_from_url(href, base)
            if video and video["provider"] != "file":
                video_links.append((link_text, video))
    text_urls = []
    if "/" in text and _VIDEO_HOST_HINT.search(text):  # every video URL has a "/"
        for m in _URL_IN_TEXT.finditer(text):
            video = video_from_url(m.group(0).rstrip(_URL_TRAIL))
            if video and video["provider"] != "file":
                text_urls.append(video)
    found = [v for _, v in video_links] + text_urls
    if not found:
        return []
    # the intro: the text without written URLs; the text outside the video links
    outside = text
    link_words = []
    for link_text, _ in video_links:
        if link_text:
            outside = outside.replace(link_text, " ", 1)
            if not _is_url_like(link_text):
                link_words.append(link_text)
    outside = _URL_IN_TEXT.sub(" ", outside)
    intro = clean_text(" ".join([outside, *link_words]))
    words = _WORD.findall(intro)
    if not words:
        return unique_videos(found)  # the paragraph is only the link
    if len(words) > MAX_INTRO_WORDS or _SENTENCE_BREAK.search(intro):
        return []
    if not _LETTER.search(outside):  # the link text is the intro
        return unique_videos(found)
    if _has_cue(intro):
        return unique_videos(found)
    if len(words) <= MAX_LABEL_WORDS and _LABEL_END.search(clean_text(outside)):
        return unique_videos(found)
    return []


def video_references(paragraphs: Iterable[Block], base: str = "") -> tuple[list[str], list[dict]]:
    """Split paragraphs into article text and the videos of the video references among them:
    ``(kept paragraph texts, referenced videos)``."""
    kept: list[str] = []
    found: list[dict] = []
    for block in paragraphs:
        refs = reference_videos(block, base) if (block.links or "/" in block.text) else []
        if refs:
            found.extend(refs)
        elif block.text:
            kept.append(block.text)
    return kept, unique_videos(found)


def _video_key(video: dict) -> tuple[str, str]:
    if video["provider"] == "file" or not video.get("video_id"):
        return ("url", video["url"])
    return (video["provider"], video["video_id"])


def unique_videos(items: list[dict]) -> list[dict]:
    """Each video once (provider + id; a file by URL), in order; a Facebook video met first by
    id only (``watch/?v=``, ``reel/``) takes the ``PAGE/videos/ID`` url when that form follows."""
    index: dict[tuple[str, str], int] = {}
    out: list[dict] = []
    for v in items:
        key = _video_key(v)
        if key not in index:
            index[key] = len(out)
            out.append(v)
        elif v["provider"] == "facebook" and "/videos/" in v["url"] and "/videos/" not in out[index[key]]["url"]:
            out[index[key]] = v
    return out


def images(urls, base: str) -> list[str]:
    """Absolute, de-duplicated image URLs (placeholders and data: URIs dropped)."""
    out = []
    for url in urls:
        if url and not url.strip().startswith("data:"):
            out.append(absolute(url, base))
    return unique(out)
