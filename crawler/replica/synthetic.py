"""A generated Orient News of any size, for crawls at archive scale (bench/scale.py, tests/test_scale.py).

The fixture replica (server.py) holds a few dozen hand-written articles; the questions of archive
scale (does a cron run cost the same at 200,000 stored articles as at 1,000, does a full crawl's
memory stay flat) need hundreds of thousands. ``SyntheticOrient(count)`` makes them on demand, the
same bytes for the same article every time, nothing kept per article in memory:

- article ``i`` (0 ≤ i < count) has id ``ARTICLE_BASE + i``, is published ``span / count`` after
  article ``i - 1`` (from ``first``, by default 2012-01-01, to 2023-11-20, Damascus time), is in
  the current template (JSON-LD NewsArticle, ``#newsBody``), with a title and 4–6 paragraphs of
  words drawn from a Zipf-weighted pool (distinct texts: no near-duplicates), two tags, an image,
  and one of three sections;
- the site serves the paths a crawl of orient_news asks for: ``/robots.txt`` (``Sitemap:`` the
  index), ``/sitemap.xml`` (one ``/sitemap/YYYY-MM.xml`` per month with articles, each with its
  ``<lastmod>``), the home pages ``/ar`` (the feed, the section listings, the six newest
  articles) and ``/en`` (nothing listed), the feed ``/ar/rss`` (the 20 newest), the listings
  ``/ar/news_cat/N/slug?page=P`` (20 cards a page, newest first, dated, ``a.next``), and every
  article page at ``/ar/news_show/ID`` with or without its slug. Discovery pages carry an ETag
  and answer 304 to ``If-None-Match``.

``records()`` gives the article rows a full crawl would store, so an archive of any size can be
seeded straight into a database (``seed_archive``) and a cron run then finds every listed
article stored. ``SyntheticReplica(site)`` serves the site on a loopback port, in threads, like
``Replica``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections.abc import Iterator
from datetime import datetime
from functools import cached_property
from html import escape
from http.server import BaseHTTPRequestHandler
from urllib.parse import quote, unquote, urlsplit

from crawler.extract.dates import DAMASCUS
from crawler.replica.loopback import LoopbackServer

ORIGIN = "https://orient-news.net"
ARTICLE_BASE = 300_000
FIRST = datetime(2012, 1, 1, 8, 0, tzinfo=DAMASCUS)
LAST = datetime(2023, 11, 20, 20, 0, tzinfo=DAMASCUS)
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SECTIONS = ((1, "أخبار سوريا"), (4, "اقتصاد"), (7, "تقارير"))
PER_PAGE = 20
FEED_ITEMS = 20
HOME_ITEMS = 6
SEED = 18
STAMP = "2026-12-01T00:00:00+00:00"  # when the seeded archive was "crawled"


def _words(seed: int, size: int = 5000) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 8))))
    return sorted(words)


def _slug(title: str) -> str:
    return "-".join(title.split()[:4])


class SyntheticOrient:
    """Orient News with ``count`` generated articles (see the module docstring)."""

    def __init__(self, count: int, seed: int = SEED, first: datetime = FIRST):
        self.count = count
        self.seed = seed
        self.pool = _words(seed)
        self.weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.pool))))
        self.first = first
        self.step = (LAST - first) / max(1, count)

    # -- one article ----------------------------------------------------------------------------------
    def article_id(self, i: int) -> str:
        return str(ARTICLE_BASE + i)

    def index_of(self, article_id: str) -> int | None:
        i = int(article_id) - ARTICLE_BASE if article_id.isdigit() else -1
        return i if 0 <= i < self.count else None

    def published(self, i: int) -> datetime:
        return (self.first + self.step * i).astimezone(DAMASCUS).replace(microsecond=0)

    def text(self, i: int) -> tuple[str, list[str]]:
        """The title and paragraphs of article ``i`` (the same every time)."""
        rng = random.Random(self.seed * 1_000_003 + i)
        title = " ".join(rng.choices(self.pool, cum_weights=self.weights, k=8))
        paragraphs = [
            " ".join(rng.choices(self.pool, cum_weights=self.weights, k=rng.randint(25, 45)))
            for _ in range(rng.randint(4, 6))
        ]
        return title, paragraphs

    def path(self, i: int, title: str | None = None) -> str:
        """The article's canonical path, percent-encoded as the outlet writes it."""
        title = title if title is not None else self.text(i)[0]
        return f"/ar/news_show/{self.article_id(i)}/0/{quote(_slug(title), safe='-')}"

    def url(self, i: int) -> str:
        return ORIGIN + self.path(i)

    def section(self, i: int) -> tuple[int, str]:
        return SECTIONS[i % len(SECTIONS)]

    def page(self, i: int) -> bytes:
        """The article page, in Orient News's current template."""
        title, paragraphs = self.text(i)
        url = ORIGIN + self.path(i, title)
        when = self.published(i).isoformat()
        section = self.section(i)[1]
        ld = (
            '{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"mainEntityOfPage": "{url}", "headline": "{title}", "datePublished": "{when}", '
            f'"dateModified": "{when}", "author": {{"@type": "Organization", "name": "أورينت نت"}}, '
            f'"articleSection": "{section}", "inLanguage": "ar"}}'
        )
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        return (
            '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{escape(title)} | أورينت نت</title>"
            f'<link rel="canonical" href="{url}">'
            f'<meta property="og:title" content="{escape(title)}">'
            f'<meta property="article:published_time" content="{when}">'
            f'<meta property="article:section" content="{section}">'
            f'<meta property="og:image" content="{ORIGIN}/news_images/{self.article_id(i)}.jpg">'
            + "".join(f'<meta property="article:tag" content="{escape(tag)}">' for tag in title.split()[:2])
            + f'<script type="application/ld+json">{ld}</script></head>'
            f'<body><main><article class="news-details" data-news-id="{self.article_id(i)}">'
            f'<h1 class="news-title">{escape(title)}</h1>'
            f'<div class="news-meta"><span class="news-author">أورينت نت</span>'
            f'<time class="news-date" datetime="{when}"></time></div>'
            f'<div class="news-body" id="newsBody">{body}</div></article></main></body></html>'
        ).encode()

    def record(self, i: int) -> dict:
        """The article row a full crawl stores for article ``i`` (record fields only)."""
        title, paragraphs = self.text(i)
        when = self.published(i).isoformat()
        return {
            "outlet": "orient_news",
            "article_id": self.article_id(i),
            "url": ORIGIN + self.path(i, title),
            "fetched_url": ORIGIN + self.path(i, title),
            "lang": "ar",
            "title": title,
            "body": "\n\n".join(paragraphs),
            "published_at": when,
            "published_at_raw": when,
            "modified_at": when,
            "authors": '["أورينت نت"]',
            "section": self.section(i)[1],
            "tags": json.dumps(title.split()[:2], ensure_ascii=False),
            "images": json.dumps([f"{ORIGIN}/news_images/{self.article_id(i)}.jpg"]),
            "videos": "[]",
            "quoted_sources": "[]",
            "content_hash": hashlib.sha256(f"{title}\n{paragraphs}".encode()).hexdigest(),
            "template": "current",
            "scraped_at": STAMP,
            "duplicate_of": None,
        }

    def records(self) -> Iterator[dict]:
        for i in range(self.count):
            yield self.record(i)

    def seed_archive(self, engine, batch: int = 2000) -> None:
        """Write every article into the archive behind ``engine`` as a full crawl leaves it (the
        record, ``search_text``, ``url_key``; no raw page), with executemany in transactions of
        ``batch`` rows: an archive of 200,000 articles in a minute or two, not an hour of crawling."""
        from sqlalchemy import insert

        from crawler.archive.schema import articles
        from crawler.archive.storage import search_text
        from crawler.extract.urls import url_key

        rows: list[dict] = []
        for record in self.records():
            row = dict(record, revision=1, first_seen_at=STAMP, updated_at=STAMP)
            row["search_text"] = search_text(row["title"], row["body"])
            row["url_key"] = url_key(row["url"])
            rows.append(row)
            if len(rows) >= batch:
                with engine.begin() as conn:
                    conn.execute(insert(articles), rows)
                rows = []
        if rows:
            with engine.begin() as conn:
                conn.execute(insert(articles), rows)

    # -- discovery ------------------------------------------------------------------------------------
    @cached_property
    def months(self) -> dict[str, tuple[int, int]]:
        """``YYYY-MM`` → the range of article indexes published that month."""
        found: dict[str, tuple[int, int]] = {}
        for i in range(self.count):
            month = self.published(i).strftime("%Y-%m")
            first, _ = found.get(month, (i, i))
            found[month] = (first, i + 1)
        return found

    def newest(self, n: int, skip: int = 0) -> range:
        """Indexes of the ``n`` newest articles after the ``skip`` newest, newest first."""
        top = self.count - 1 - skip
        return range(top, max(-1, top - n), -1)

    def robots(self) -> bytes:
        return f"User-agent: *\nDisallow: /admin/\nSitemap: {ORIGIN}/sitemap.xml\n".encode()

    def sitemap_index(self) -> bytes:
        entries = "".join(
            f"<sitemap><loc>{ORIGIN}/sitemap/{month}.xml</loc>"
            f"<lastmod>{self.published(last - 1).isoformat()}</lastmod></sitemap>"
            for month, (_, last) in sorted(self.months.items(), reverse=True)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
        ).encode()

    def sitemap(self, month: str) -> bytes | None:
        if month not in self.months:
            return None
        first, last = self.months[month]
        entries = "".join(
            f"<url><loc>{self.url(i)}</loc><lastmod>{self.published(i).isoformat()}</lastmod></url>"
            for i in range(first, last)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        ).encode()

    def listing_path(self, section: tuple[int, str]) -> str:
        return f"/ar/news_cat/{section[0]}/{quote(section[1].replace(' ', '-'), safe='-')}"

    def home(self, lang: str) -> bytes:
        if lang != "ar":
            return b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Orient</title></head></html>'
        nav = "".join(f'<a href="{self.listing_path(s)}">{s[1]}</a>' for s in SECTIONS)
        cards = "".join(
            f'<li><a href="{self.path(i)}">{escape(self.text(i)[0])}</a></li>' for i in self.newest(HOME_ITEMS)
        )
        return (
            '<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>Orient</title>'
            f'<link rel="alternate" type="application/rss+xml" href="{ORIGIN}/ar/rss"></head>'
            f'<body><nav>{nav}</nav><ul class="latest">{cards}</ul></body></html>'
        ).encode()

    def feed(self) -> bytes:
        items = []
        for i in self.newest(FEED_ITEMS):
            title = self.text(i)[0]
            when = self.published(i).strftime("%a, %d %b %Y %H:%M:%S %z")
            items.append(
                f"<item><title>{escape(title)}</title><link>{self.url(i)}?utm_source=rss</link>"
                f'<guid isPermaLink="false">orient-{self.article_id(i)}</guid><pubDate>{when}</pubDate></item>'
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أورينت نت</title>'
            f"<link>{ORIGIN}/ar</link>{''.join(items)}</channel></rss>"
        ).encode()

    def listing(self, section_id: int, page: int) -> bytes | None:
        """Page ``page`` of a section's listing: its articles (every third one) newest first."""
        section = next((s for s in SECTIONS if s[0] == section_id), None)
        if section is None or page < 1:
            return None
        top = self.count - 1
        newest = top - ((top - SECTIONS.index(section)) % len(SECTIONS))
        start = newest - (page - 1) * PER_PAGE * len(SECTIONS)
        members = list(range(start, -1, -len(SECTIONS)))
        cards = "".join(
            f'<div class="news-card"><a class="news-card__link" href="{self.path(i)}">{escape(self.text(i)[0])}</a>'
            f'<time datetime="{self.published(i).isoformat()}"></time></div>'
            for i in members[:PER_PAGE]
        )
        following = f'<a class="next" rel="next" href="{self.listing_path(section)}?page={page + 1}">التالي</a>'
        return (
            '<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>Orient</title></head>'
            f'<body><div class="news-list">{cards}</div>{following if len(members) > PER_PAGE else ""}</body></html>'
        ).encode()

    # -- answers --------------------------------------------------------------------------------------
    def answer(self, target: str) -> tuple[int, str, bytes]:
        """``(status, content type, body)`` for a request target (path and query)."""
        parts = urlsplit(target)
        path = unquote(parts.path).rstrip("/") or "/"
        query = dict(q.split("=", 1) for q in parts.query.split("&") if "=" in q)
        html, xml = "text/html; charset=utf-8", "application/xml; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", self.robots()
        if path == "/sitemap.xml":
            return 200, xml, self.sitemap_index()
        if path.startswith("/sitemap/") and path.endswith(".xml"):
            body = self.sitemap(path[len("/sitemap/") : -len(".xml")])
            return (200, xml, body) if body is not None else (404, html, b"not found")
        if path in ("/ar", "/en"):
            return 200, html, self.home(path[1:])
        if path == "/ar/rss":
            return 200, "application/rss+xml; charset=utf-8", self.feed()
        pieces = path.split("/")
        if path.startswith("/ar/news_cat/") and len(pieces) >= 4 and pieces[3].isdigit():
            body = self.listing(int(pieces[3]), int(query.get("page", "1") or 1))
            return (200, html, body) if body is not None else (404, html, b"not found")
        if path.startswith("/ar/news_show/") and len(pieces) >= 4:
            i = self.index_of(pieces[3])
            if i is not None:
                return 200, html, self.page(i)
        return 404, html, b"<html><body>404 Not Found</body></html>"


class SyntheticReplica(LoopbackServer):
    """Serves a ``SyntheticOrient`` on a loopback port (``with SyntheticReplica(site) as r:
    r.base_url``); counts the requests it answered (``requests``) and, with ``log``, keeps their
    paths in the order they came (``paths``); ``delay`` seconds before each answer stand for a far
    site (bench/distributed.py); ``max_in_flight`` is the most requests it answered at once."""

    def __init__(self, site: SyntheticOrient, port: int = 0, log: bool = False, delay: float = 0.0):
        self.site = site
        self.requests = 0
        self.paths: list[str] | None = [] if log else None
        super().__init__(self._handler(), port, delay=delay)

    def _handler(self):
        replica = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with replica.lock:
                    replica.requests += 1
                    if replica.paths is not None:
                        replica.paths.append(self.path)
                with replica.answering():
                    self.answer()

            def answer(self):
                status, ctype, body = replica.site.answer(self.path)
                headers = {"Content-Type": ctype}
                if status == 200 and "news_show" not in self.path:
                    etag = '"' + hashlib.md5(body).hexdigest() + '"'
                    headers["ETag"] = etag
                    if self.headers.get("If-None-Match") == etag:
                        status, body = 304, b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, fmt, *args):
                pass

        return Handler
