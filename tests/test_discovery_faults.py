"""A cron that never leaves a silent gap (issue 11): discovery answers are checked before they are
believed, the REST API's outage falls back to the feed, sitemaps and listings, and errors are met
politely (``Retry-After``, robots.txt 5xx). Real crawls against the replica with injected faults;
each asserts the exit code, the SUMMARY line, and that a run after the fault is gone stores every
article, once."""

from __future__ import annotations

import itertools
import math
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import unquote, urlencode

import pytest

from crawler.extract.discovery import MalformedDiscovery, feed_entries, sitemap_entries
from crawler.ops.politeness import retry_after_seconds
from crawler.replica import Replica
from tests.conftest import last_line, load_expected, manifest_rows, run_crawl

ORIENT = load_expected("orient_news")
FURAT = load_expected("furat_post")
#: Furat Post's first API page as a full run asks for it
API_PAGE_1 = "/wp-json/wp/v2/posts?" + urlencode(
    {"per_page": 100, "page": 1, "_embed": 1, "orderby": "date", "order": "desc"}
)


def cut_inside(replica: Replica, path: str, needle: str, keep: int) -> str:
    """A ``cut:N`` fault that ends the answer ``keep`` bytes into ``needle`` (inside a ``<loc>``/``<link>``)."""
    body = replica.file_bytes(path)
    return f"cut:{body.index(needle.encode()) + keep}"


def stored(result, outlet: str) -> dict[str, dict]:
    return {r["article_id"]: r for r in result.rows(outlet)}


def orient_not_found() -> int:
    """Listed Orient News articles the fixtures answer 404 (the baseline of ``not_found``)."""
    return len(
        {
            p.split("news_show/")[1].split("/")[0]
            for p, s, _, _ in manifest_rows("orient_news")
            if s == 404 and "news_show" in p
        }
    )


def assert_everything_once(result, outlet: str, expected: dict) -> None:
    rows = stored(result, outlet)
    assert sorted(rows) == sorted(expected), result.log[-3000:]
    assert {r["revision"] for r in rows.values()} == {1}


# -- 1. discovery answers are checked before they are believed ------------------------------------------
def test_orient_news_html_and_cut_sitemaps_and_feed_fail_the_run_and_give_no_url(tmp_path, db_url):
    with Replica("orient_news") as replica:
        faults = {
            "/sitemap/2012-12.xml": ["html"],  # a login page with status 200
            "/sitemap/2018-11.xml": [cut_inside(replica, "/sitemap/2018-11.xml", "158914/0/", 14)],  # mid-<loc>
            "/en/rss": [cut_inside(replica, "/en/rss", "news_show/", 14)],  # a feed cut mid-<link>
        }
        replica.faults.update(faults)
        first = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
        requested, first_rows = list(replica.requests), stored(first, "orient_news")
        second = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")

    summary = last_line(first.log)
    assert first.returncode == 1, first.log[-3000:]
    assert summary.startswith("SUMMARY orient_news") and "— FAILED (" in summary and "discovery_malformed" in summary
    assert "/sitemap/2012-12.xml" in summary  # a sample URL
    assert first.stat("news/errors/discovery_malformed") == 3
    assert first.stat("news/failure_reasons").count("discovery_malformed") == 1
    # no URL was taken from a cut-off <loc>: nothing answered 404 beyond the fixtures' own 404s,
    # so nothing is remembered as gone
    assert first.stat("news/article_404") == orient_not_found()
    assert not [p for p in requested if p.startswith("/ar/news_show/158914/") and p.count("%") < 10]
    # the sitemap-only articles of the two broken sitemaps are missing, all others are stored
    assert set(first_rows) == set(ORIENT) - {"100412", "158914"}

    assert second.returncode == 0, second.log[-3000:]
    assert last_line(second.log).endswith("— OK")
    assert second.stat("news/stored/inserted") == 2
    assert_everything_once(second, "orient_news", ORIENT)


def test_furat_post_html_feed_and_cut_sitemap_without_the_api(tmp_path, db_url):
    with Replica("furat_post") as replica:
        replica.faults.update(
            {
                "/feed/": ["html"],
                "/post-sitemap2.xml": [cut_inside(replica, "/post-sitemap2.xml", "<loc>", 60)],
            }
        )
        first = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full", "api=0")
        requested, first_rows = list(replica.requests), stored(first, "furat_post")
        second = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full", "api=0")

    summary = last_line(first.log)
    assert first.returncode == 1, first.log[-3000:]
    assert "— FAILED (" in summary and "discovery_malformed" in summary
    assert first.stat("news/errors/discovery_malformed") == 2
    assert first.stat("news/article_404") == 0  # no cut-off URL was fetched…
    known = {unquote(path) for path, *_ in manifest_rows("furat_post")}
    assert not [p for p in requested if not p.startswith("/wp-json") and unquote(p) not in known]  # …nor any other
    assert sorted(first_rows) == sorted(FURAT)  # the listings name every post: FAILED, yet nothing lost
    assert second.returncode == 0, second.log[-3000:]
    assert_everything_once(second, "furat_post", FURAT)


def test_a_robots_txt_that_is_an_html_page_gives_no_sitemap(tmp_path, db_url):
    # the first robots.txt request is the middleware's (answered in full), the second the spider's
    with Replica("furat_post", faults={"/robots.txt": ["cut:100000", "html"]}) as replica:
        result = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full", "api=0")
    assert result.returncode == 1, result.log[-3000:]
    assert "discovery_malformed" in last_line(result.log) and "robots.txt" in last_line(result.log)
    assert "/sitemap_index.xml" not in replica.requests
    assert result.stat("news/errors/discovery_malformed") == 1


@pytest.mark.parametrize("fault", ["html", "cut:700"])
def test_furat_post_api_answer_that_is_not_json_posts_fails_the_page_and_falls_back(tmp_path, db_url, fault):
    with Replica("furat_post", faults={API_PAGE_1: [fault]}) as replica:
        first = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full")
        first_rows = stored(first, "furat_post")
        second = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full")

    summary = last_line(first.log)
    assert first.returncode == 1, first.log[-3000:]
    assert "— FAILED (" in summary and "discovery_malformed" in summary
    assert first.stat("news/errors/discovery_malformed") == 1
    assert first.log.count("REST API unavailable") == 1  # the run went on through the feed and sitemaps
    assert sorted(first_rows) == sorted(FURAT)
    assert second.returncode == 0 and last_line(second.log).endswith("— OK"), second.log[-3000:]
    assert second.stat("news/stored/inserted") == 0 and second.stat("news/stored/updated") == 0
    assert_everything_once(second, "furat_post", FURAT)


def test_strict_parsers_take_nothing_from_a_broken_document():
    sitemap = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://example.org/a</loc><lastmod>2020-01-01</lastmod></url>"
        b"<url><loc>https://example.org/b</loc></url></urlset>"
    )
    kind, entries = sitemap_entries(sitemap)
    assert kind == "urlset" and [e["loc"] for e in entries] == ["https://example.org/a", "https://example.org/b"]
    assert sitemap_entries(b"\n\n  " + sitemap)[1] == entries  # blank lines before the declaration: tolerated
    for broken in (sitemap[:-30], sitemap[: sitemap.index(b"/b<") + 2], b"<!DOCTYPE html><html><body>x", b""):
        with pytest.raises(MalformedDiscovery):
            sitemap_entries(broken)
    with pytest.raises(MalformedDiscovery, match="HTML page"):
        sitemap_entries(b"<html><body><p>Log in</p></body></html>")
    with pytest.raises(MalformedDiscovery, match="<html> document"):  # well-formed XHTML, but no sitemap
        sitemap_entries(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>Log in</body></html>')
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title><link>https://example.org/a</link>'
        b"<guid>https://example.org/?p=1</guid><pubDate>Mon, 12 Jul 2021 20:40:00 +0300</pubDate></item></channel></rss>"
    )
    assert feed_entries(rss) == [
        {
            "link": "https://example.org/a",
            "guid": "https://example.org/?p=1",
            "published": "Mon, 12 Jul 2021 20:40:00 +0300",
        }
    ]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>tag:1</id><link rel="alternate" href="https://example.org/b"/>'
        b"<published>2021-07-12T20:40:00+03:00</published></entry></feed>"
    )
    assert feed_entries(atom) == [
        {"link": "https://example.org/b", "guid": "tag:1", "published": "2021-07-12T20:40:00+03:00"}
    ]
    for broken in (rss[:-40], b"<html><body>login</body></html>", b'<?xml version="1.0"?><urlset/>'):
        with pytest.raises(MalformedDiscovery):
            feed_entries(broken)


# -- 2. the REST API's outage: the run falls back, DEGRADED not FAILED -------------------------------------
class SlowApiReplica(Replica):
    """A replica whose REST API answers ``api_delay`` seconds late (the client times out first)."""

    def __init__(self, *args, api_delay: float = 0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.api_delay = api_delay

    def answer(self, path, headers):
        answer = super().answer(path, headers)  # recorded at once, sent late
        if path.startswith("/wp-json") and self.api_delay:
            time.sleep(self.api_delay)
        return answer


@pytest.mark.parametrize("outage", ["503", "timeout"])
def test_furat_post_api_outage_falls_back_and_the_run_is_degraded(tmp_path, db_url, outage):
    settings = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1} if outage == "timeout" else {}
    with SlowApiReplica("furat_post", api_delay=3.0 if outage == "timeout" else 0.0) as replica:
        if outage == "503":
            replica.serve(API_PAGE_1, b'{"code":"unavailable"}', "application/json", status=503)  # every try
        first = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full", settings=settings)
        api_tries = [p for p in replica.requests if p.startswith("/wp-json")]
        first_rows = stored(first, "furat_post")
        replica.overrides.clear()
        replica.api_delay = 0
        after = run_crawl("furat_post", replica.base_url, db_url, tmp_path)  # the next cron run, API back

    summary = last_line(first.log)
    assert first.returncode == 3, first.log[-3000:]
    assert "— DEGRADED (api_outage)" in summary, summary
    assert len(api_tries) == 1 + settings.get("RETRY_TIMES", 3)  # retried, then given up
    assert first.log.count("REST API unavailable") == 1
    assert first.stat("news/errors/fetch_failed") == 0
    assert sorted(first_rows) == sorted(FURAT)
    assert {r["template"] for r in first_rows.values()} == {"wp_page"}

    assert after.returncode == 0 and last_line(after.log).endswith("— OK"), after.log[-3000:]
    assert after.stat("news/stored/inserted") == 0 and after.stat("news/stored/updated") == 0
    assert_everything_once(after, "furat_post", FURAT)


def test_furat_post_api_outage_with_a_broken_fallback_still_fails(tmp_path, db_url):
    with Replica("furat_post") as replica:
        replica.serve(API_PAGE_1, b"{}", "application/json", status=503)
        replica.faults["/feed/"] = ["500"] * 4
        result = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full")
    assert result.returncode == 1, result.log[-3000:]
    summary = last_line(result.log)
    assert "— FAILED (" in summary and "fetch_failed" in summary and "api_outage" in summary


# -- 3. politeness: Retry-After, robots.txt ----------------------------------------------------------------
class TimedReplica(Replica):
    """Records when each path was answered; ``dated`` paths get a ``503`` whose ``Retry-After`` is
    an HTTP-date ``dated_in`` seconds after the moment of the answer."""

    dated: tuple[str, ...] = ()
    dated_in = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.times: list[tuple[float, str]] = []

    def answer(self, path, headers):
        with self.lock:
            self.times.append((time.monotonic(), path))
            if path in self.dated and path not in self.requests:
                when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=self.dated_in + 1)
                self.faults[path] = [f"503;retry-after={format_datetime(when, usegmt=True)}"]
        return super().answer(path, headers)

    def gaps(self, path: str) -> list[float]:
        times = [t for t, p in self.times if p == path]
        return [b - a for a, b in itertools.pairwise(times)]


def test_retry_after_seconds_and_http_date_are_waited_for(tmp_path, db_url):
    replica = TimedReplica("orient_news", faults={"/ar/rss": ["429;retry-after=2"]})
    replica.dated = ("/en/rss",)
    with replica:
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
    assert result.returncode == 0, result.log[-3000:]
    assert last_line(result.log).endswith("— OK")
    assert replica.gaps("/ar/rss")[0] >= 2.0, replica.gaps("/ar/rss")
    assert replica.gaps("/en/rss")[0] >= replica.dated_in, replica.gaps("/en/rss")
    assert result.stat("news/retry_after/count") == 2
    assert_everything_once(result, "orient_news", ORIENT)


def test_retry_after_is_capped(tmp_path, db_url):
    replica = TimedReplica("furat_post", faults={API_PAGE_1: ["429;retry-after=3600"]})
    with replica:
        result = run_crawl(
            "furat_post", replica.base_url, db_url, tmp_path, "mode=full", settings={"NEWS_RETRY_AFTER_MAX": 1}
        )
    assert result.returncode == 0, result.log[-3000:]
    gap = replica.gaps(API_PAGE_1)[0]
    assert 1.0 <= gap < 60, gap  # waited, but the cap, not an hour
    assert "NEWS_RETRY_AFTER_MAX" in result.log
    assert_everything_once(result, "furat_post", FURAT)


def test_retry_after_values():
    now = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("2", now) == 2
    assert retry_after_seconds(" 120 ", now) == 120
    assert retry_after_seconds("Tue, 01 Dec 2026 12:00:30 GMT", now) == 30
    assert retry_after_seconds("Wed, 21 Oct 2026 07:28:00 GMT", now) == 0  # already past: no wait
    assert retry_after_seconds("Tuesday, 01-Dec-26 12:01:00 GMT", now) == 60  # RFC 850 form
    for junk in ("", "soon", "-5", "1.5e999", "NaN"):
        value = retry_after_seconds(junk, now)
        assert value is None or (math.isfinite(value) and value >= 0), (junk, value)


def test_robots_txt_answering_5xx_means_no_crawl(tmp_path, db_url):
    with Replica("furat_post", faults={"/robots.txt": ["503"] * 4}) as replica:  # every try
        first = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full")
        requested, first_rows = list(replica.requests), stored(first, "furat_post")
        second = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full")

    summary = last_line(first.log)
    assert first.returncode == 1, first.log[-3000:]
    assert "— FAILED (" in summary and "robots_unavailable" in summary, summary
    assert requested == ["/robots.txt"] * 4  # retried, then nothing else was fetched
    assert first_rows == {}
    assert first.stat("news/errors/internal") == 0
    assert second.returncode == 0, second.log[-3000:]
    assert_everything_once(second, "furat_post", FURAT)


def test_robots_txt_answering_404_means_no_restrictions(tmp_path, db_url):
    with Replica("furat_post", faults={"/robots.txt": ["404"]}) as replica:
        result = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full")
    assert result.returncode == 0, result.log[-3000:]
    assert last_line(result.log).endswith("— OK")
    assert_everything_once(result, "furat_post", FURAT)


def test_every_request_waiting_for_robots_txt_obeys_it(tmp_path, db_url):
    """Requests that arrive while robots.txt is being fetched all wait for its rules (Scrapy's own
    middleware hands every waiter but the first "no rules", with the asyncio reactor)."""
    with Replica("orient_news") as replica:
        robots = replica.file_bytes("/robots.txt") + b"Disallow: /en\n"
        replica.serve("/robots.txt", robots, "text/plain")
        # full mode: robots.txt (the spider's own), /ar and /en wait for the middleware's robots.txt
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
    assert "/ar" in replica.requests
    assert not [p for p in replica.requests if p == "/en" or p.startswith("/en/")], result.log[-3000:]
    assert result.stat("robotstxt/forbidden") >= 1
