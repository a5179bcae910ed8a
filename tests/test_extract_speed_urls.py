"""The URL helpers' short cuts (crawler/extract/urls.py) give what the urllib calls they stand for
give, on generated URLs mixing percent-escapes (good, broken, of safe characters), Arabic, dot
segments, queries, fragments, whitespace and control characters."""

from __future__ import annotations

import random
import re
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit

from crawler.extract import urls
from crawler.parsers import furat_post, orient_news

PIECES = (
    *("a", "Z", "0", "-", "_", ".", "~", "/", "%", "%D8", "%a7", "%41", "%2F", "%zz", "%2", "ا", "ب"),
    *(" ", "\t", "\n", "\x00", "\x7f", "\xa0", "?", "#", ";", ":", "@", "..", "//", "é", "%E2%82"),
    *("%C3%A9", "+", "&", "=", "[", "]", "\\", "😀", "%F0%9F%98%80", "%ff", "u=1", "utm_source=x", "%2B", "%75"),
    *("https://", "http://", "orient-news.net", "/amp/news_show/", "news_show", "/1/0/", "127.0.0.1:8000"),
)
BASES = (
    "https://orient-news.net/",
    "https://euphratespost.net",
    "http://127.0.0.1:8000/x/y?z",
    "https://orient-news.net/ar/news_show/1/0/عربي",
    "https://Host.net/a;b",
    "HTTPS://h.net/",
    "https://h.net/a//b/../c",
    "ftp://h/x",
    "",
    "https://[::1]/x",
)
_PLAIN_ABSOLUTE = re.compile(r"https?://[^\s?#;]+\Z")


def _absolute(url, base):  # the helper as it was: urljoin for everything but the two plain cases
    if not url:
        return ""
    url = url.strip()
    if url.startswith("//"):
        return "https:" + url
    if _PLAIN_ABSOLUTE.match(url):
        return url
    return urljoin(base, url)


def _orient_canonical(url):
    url = urls.with_origin(urls.strip_tracking(url), orient_news.ORIGIN)
    parts = urlsplit(url)
    path = re.sub(r"/amp/news_show/", "/news_show/", parts.path)
    path = quote(unquote(path), safe="/-_.~")
    return orient_news.ORIGIN + path + ("?" + parts.query if parts.query else "")


def _outcome(f, *args):
    try:
        return f(*args)
    except ValueError as exc:  # urlsplit's "Invalid IPv6 URL", raised alike
        return type(exc)


def _strings(rng: random.Random, count: int):
    for _ in range(count):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 10)))
        yield text
        yield "/" + text
        yield rng.choice(("https://", "http://", "https://a.net")) + text


def test_url_shortcuts_match_urllib():
    rng = random.Random(16)
    for text in _strings(rng, 20000):
        assert urls._unquote(text) == unquote(text), text
        assert urls._quote(text) == quote(text, safe="/-_.~"), text
        expected = quote(unquote(text), safe="/-_.~")
        assert urls.quote_path(text) == expected
        assert urls.quote_path(text, upper=False) == re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), expected)
        for base in BASES:
            assert _outcome(urls.absolute, text, base) == _outcome(_absolute, text, base), (text, base)
        for query in (text, text.replace("/", "&").replace(":", "="), "u=" + text, "x=1&u=&u=" + text):
            for key in ("u", "x", "utm_source"):
                assert urls.query_value(query, key) == parse_qs(query).get(key, [""])[0], (query, key)
        assert _outcome(orient_news.canonical, text) == _outcome(_orient_canonical, text), text
        assert _outcome(furat_post.canonical, text) == _outcome(
            lambda u: urls.with_origin(urls.strip_tracking(u), furat_post.ORIGIN), text
        ), text
