"""URL normalisation: tracking parameters, hosts, replica rewriting, comparison keys.

Two different things are kept apart:
- the *canonical URL* stored in a record is the outlet's own, as the outlet writes it
  (Orient News upper-case percent-encoding, WordPress lower-case): only tracking
  parameters are removed and the host made the outlet's real one;
- the *URL key* (``url_key``) is for comparing URLs: scheme, ``www.``, trailing slash,
  percent-encoding case and AMP paths folded away.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|_ga|ref|ocid|amp)$", re.I)


#: an absolute http(s) URL with no query, fragment, ``;params`` or whitespace: urljoin returns it as is
_PLAIN_ABSOLUTE = re.compile(r"https?://[^\s?#;]+\Z")


def absolute(url: str | None, base: str) -> str:
    """``url`` resolved against ``base``; protocol-relative URLs get https."""
    if not url:
        return ""
    url = url.strip()
    if url.startswith("//"):
        return "https:" + url
    if _PLAIN_ABSOLUTE.match(url):  # what urljoin would give back unchanged, without its parsing
        return url
    return urljoin(base, url)


def strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return urlunsplit(parts._replace(fragment=""))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="%/:"), fragment=""))


def with_origin(url: str, origin: str) -> str:
    """``url``'s path and query on ``origin`` (e.g. ``https://orient-news.net``)."""
    parts = urlsplit(url)
    o = urlsplit(origin)
    return urlunsplit((o.scheme, o.netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def is_host(url: str, hosts: Container[str]) -> bool:
    return host_of(url) in hosts


def url_key(url: str) -> str:
    """A comparison key: no scheme, no www., no tracking, decoded path, no trailing slash, no AMP."""
    url = strip_tracking(url)
    parts = urlsplit(url)
    path = unquote(parts.path)
    path = re.sub(r"/amp(/|$)", "/", path)
    path = re.sub(r"/amp/?$", "", path)
    path = path.rstrip("/") or "/"
    query = "&".join(sorted(unquote(q) for q in parts.query.split("&") if q))
    return host_of(url) + path + ("?" + query if query else "")


def quote_path(path: str, upper: bool = True) -> str:
    """Percent-encode a raw (possibly Arabic) path the way the outlet does."""
    encoded = quote(unquote(path), safe="/-_.~")
    return encoded if upper else re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded)


class HostRewriter:
    """Maps the outlet's hosts to a replica base URL and back.

    ``HostRewriter(("orient-news.net",), "https://orient-news.net", "http://127.0.0.1:8000")``:
    ``to_fetch`` sends any URL of those hosts (with or without www, http or https) to the base;
    ``to_real`` turns a fetched URL back into the outlet's own.
    """

    def __init__(self, hosts: Iterable[str], origin: str, base_url: str | None = None) -> None:
        self.hosts = frozenset(h.lower() for h in hosts)
        self.origin = origin.rstrip("/")
        self.base_url = base_url.rstrip("/") if base_url else None
        self._base_netloc = urlsplit(self.base_url).netloc if self.base_url else None

    def owns(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def to_fetch(self, url: str) -> str:
        if self.base_url and self.owns(url):
            return with_origin(url, self.base_url)
        return url

    def to_real(self, url: str) -> str:
        if self._base_netloc and urlsplit(url).netloc == self._base_netloc:
            return with_origin(url, self.origin)
        return url
