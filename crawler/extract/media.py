"""Videos and images: every embed form the outlets use, folded to one canonical form.

A video is ``{"url", "provider", "video_id", "embed_url"}``:
- YouTube: url ``https://www.youtube.com/watch?v=ID``, embed ``https://www.youtube.com/embed/ID``;
- Facebook: url ``https://www.facebook.com/PAGE/videos/ID``, embed the video plugin with
  ``href`` set to that url;
- a file (``<video>``): url and embed are the file's own URL, id its file name.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

from parsel import Selector

from .text import clean_text, unique
from .urls import absolute

_YT_ID = r"([A-Za-z0-9_-]{11})"
_YOUTUBE = [
    re.compile(r"(?:youtube(?:-nocookie)?\.com)/(?:embed|v|shorts|live)/" + _YT_ID),
    re.compile(r"youtu\.be/" + _YT_ID),
]
_FB_VIDEO = re.compile(r"facebook\.com/([^/?#]+)/videos/(?:[^/?#]+/)?(\d+)")
_FILE_EXT = re.compile(r"\.(mp4|webm|ogv|ogg|m3u8|mov)(?:$|\?)", re.I)
LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "src")


def youtube(video_id: str) -> dict:
    return {
        "url": f"https://www.youtube.com/watch?v={video_id}",
        "provider": "youtube",
        "video_id": video_id,
        "embed_url": f"https://www.youtube.com/embed/{video_id}",
    }


def facebook(page: str, video_id: str) -> dict:
    url = f"https://www.facebook.com/{page}/videos/{video_id}"
    return {
        "url": url,
        "provider": "facebook",
        "video_id": video_id,
        "embed_url": "https://www.facebook.com/plugins/video.php?href=" + quote(url, safe=""),
    }


def video_file(url: str) -> dict:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return {"url": url, "provider": "file", "video_id": name, "embed_url": url}


def video_from_url(url: str | None, base: str = "") -> dict | None:
    """The canonical video for an embed/watch/file URL, or None if it is not a video."""
    if not url or url.startswith(("about:", "data:", "javascript:")):
        return None
    url = absolute(url, base) if base else ("https:" + url if url.startswith("//") else url)
    for pattern in _YOUTUBE:
        m = pattern.search(url)
        if m:
            return youtube(m.group(1))
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.endswith("youtube.com") and parts.path == "/watch":
        vid = parse_qs(parts.query).get("v", [""])[0]
        if re.fullmatch(_YT_ID, vid):
            return youtube(vid)
    if host.endswith("facebook.com"):
        if parts.path.startswith("/plugins/video.php"):
            href = parse_qs(parts.query).get("href", [""])[0]
            return video_from_url(unquote(href)) if href else None
        m = _FB_VIDEO.search(url)
        if m:
            return facebook(m.group(1), m.group(2))
    if _FILE_EXT.search(parts.path):
        return video_file(url)
    return None


def _attr(node: Selector, names=LAZY_ATTRS) -> str:
    """The first non-placeholder URL among lazy-loading attributes."""
    for name in names:
        value = node.attrib.get(name, "").strip()
        if value and not value.startswith(("about:", "data:")):
            return value
    return ""


def videos(container: Selector | None, base: str) -> list[dict]:
    """Every video in ``container``: iframes (lazy or not), <video> files, and bare video
    links that stand alone in a paragraph."""
    if container is None:
        return []
    found = []
    for node in container.css("iframe, embed, video, video source, [data-video-src]"):
        url = _attr(node, ("data-video-src", *LAZY_ATTRS))
        video = video_from_url(url, base)
        if video:
            found.append(video)
    for para in container.css("p"):
        if is_bare_video_paragraph(para):
            link = para.css("a::attr(href)").get() or clean_text(" ".join(para.css("::text").getall()))
            video = video_from_url(link, base)
            if video:
                found.append(video)
    return unique_videos(found)


def is_bare_video_paragraph(para: Selector) -> bool:
    """A paragraph whose only content is one video link (text or <a>), e.g. a bare youtu.be URL."""
    text = clean_text(" ".join(para.css("::text").getall()))
    hrefs = para.css("a::attr(href)").getall()
    if not text and not hrefs:
        return False
    if len(hrefs) > 1:
        return False
    candidate = hrefs[0] if hrefs else text
    if hrefs and text and text != hrefs[0] and not text.startswith("http"):
        return False
    if " " in text:
        return False
    video = video_from_url(candidate)
    return video is not None and video["provider"] != "file"


def unique_videos(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for v in items:
        if v["url"] not in seen:
            seen.add(v["url"])
            out.append(v)
    return out


def images(urls, base: str) -> list[str]:
    """Absolute, de-duplicated image URLs (placeholders and data: URIs dropped)."""
    out = []
    for url in urls:
        if url and not url.strip().startswith("data:"):
            out.append(absolute(url, base))
    return unique(out)
