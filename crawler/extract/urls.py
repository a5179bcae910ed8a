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
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|_ga|ref|ocid|amp)$", re.I)


#: what ``quote`` never encodes (its always-safe characters) and the ``/`` of a path
_ALWAYS_SAFE_PATH = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")

#: an absolute http(s) URL with no query, fragment, ``;params`` or whitespace: urljoin returns it as is
_PLAIN_ABSOLUTE = re.compile(r"https?://[^\s?#;]+\Z")


#: a path from the root that urljoin keeps as it is: no query, fragment, ``;params``, whitespace or
#: control characters, no ``.``/``..`` segment (nor anything starting with a dot), not ``//``
_PLAIN_ROOT_PATH = re.compile(r"/(?![/.])(?:[^\x00-\x20\x7f?#;/]|/(?![/.]))*\Z")
#: a base URL's ``scheme://host`` (then a path, or nothing), with nothing urlsplit would rework
_PLAIN_ORIGIN = re.compile(r"(https?://[A-Za-z0-9.-]+(?::[0-9]+)?)(?:/[^\x00-\x20\x7f?#;]*)?\Z")


def absolute(url: str | None, base: str) -> str:
    """``url`` resolved against ``base``; protocol-relative URLs get https."""
    if not url:
        return ""
    url = url.strip()
    if url.startswith("//"):
        return "https:" + url
    if _PLAIN_ABSOLUTE.match(url):  # what urljoin would give back unchanged, without its parsing
        return url
    if url.startswith("/") and _PLAIN_ROOT_PATH.match(url):
        origin = _PLAIN_ORIGIN.match(base)
        if origin:  # what urljoin gives: the base's scheme and host, the path as it is
            return origin.group(1) + url
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


#: an http(s) URL with a plain host and a path, nothing urlsplit would rework (whitespace, control
#: characters) and no query or fragment: its path is what follows the host
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(/[^?#\s\x00-\x1f\x7f]*)?\Z")


def origin_path_query(url: str, origin: str) -> tuple[str, str]:
    """The path and query of ``with_origin(strip_tracking(url), origin)`` (what ``urlsplit`` of it
    gives): for a URL with a host, no query and a path from the root (an article's canonical URL),
    its path from one ``urlsplit`` instead of three splits and two joins."""
    plain = _PLAIN_URL.match(url)
    if plain:  # what urlsplit gives for it, without its parsing
        return plain.group(1) or "/", ""
    parts = urlsplit(url)
    if parts.netloc and not parts.query and parts.path[:1] in ("/", ""):
        return parts.path or "/", ""
    again = urlsplit(with_origin(strip_tracking(url), origin))
    return again.path, again.query


def on_origin(url: str, origin: str) -> str:
    """``with_origin(strip_tracking(url), origin)``, the common case without its re-parsing."""
    path, query = origin_path_query(url, origin)
    o = urlsplit(origin)
    return urlunsplit((o.scheme, o.netloc, path, query, ""))


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


#: ``quote(…, safe="/-_.~")`` as a table over the UTF-8 bytes (read as Latin-1 characters)
_QUOTE_PATH = {b: f"%{b:02X}" for b in range(256) if chr(b) not in _ALWAYS_SAFE_PATH}
_ASCII_RUN = re.compile("([\x00-\x7f]+)")
_ESCAPES = re.compile("(?:%[0-9A-Fa-f]{2})+")


def _escaped_bytes(m: re.Match[str]) -> str:
    return bytes.fromhex(m.group(0).replace("%", "")).decode("latin-1")


def _unquote(text: str) -> str:
    """``urllib.parse.unquote(text)``: each ASCII run's bytes, its ``%XX`` escapes decoded, read as
    UTF-8 (bad bytes replaced); one regex pass per run instead of a Python step per escape."""
    if "%" not in text:
        return text
    bits = _ASCII_RUN.split(text)
    for i in range(1, len(bits), 2):
        if "%" in bits[i]:
            bits[i] = _ESCAPES.sub(_escaped_bytes, bits[i]).encode("latin-1").decode("utf-8", "replace")
    return "".join(bits)


def query_value(query: str, key: str) -> str:
    """``parse_qs(query).get(key, [""])[0]``: the first non-empty value of ``key`` (``+`` read as a
    space, escapes decoded as ``unquote`` does), without decoding the other fields."""
    for field in query.split("&") if query else ():
        name, eq, value = field.partition("=")
        if eq and value and _unquote(name.replace("+", " ")) == key:
            return _unquote(value.replace("+", " "))
    return ""


def _quote(text: str) -> str:
    """``urllib.parse.quote(text, safe="/-_.~")``, in one ``str.translate``."""
    return text.encode("utf-8").decode("latin-1").translate(_QUOTE_PATH)


def quote_path(path: str, upper: bool = True) -> str:
    """Percent-encode a raw (possibly Arabic) path the way the outlet does."""
    encoded = _quote(_unquote(path))
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
