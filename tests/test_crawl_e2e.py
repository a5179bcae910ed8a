"""End to end: ``scrapy crawl`` (a real subprocess) against the replica into a temporary SQLite,
asserting the exact set of stored articles and every field."""

import pytest

from crawler.replica import Replica
from tests.conftest import load_expected, manifest_rows, mismatches, run_crawl

SKIP = {"quoted_sources"}


@pytest.fixture
def db_url(any_db_url):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py ``any_db_url``)."""
    return any_db_url


def assert_stored_exactly(result, outlet, skip=SKIP):
    expected = load_expected(outlet)
    rows = {r["article_id"]: r for r in result.rows(outlet)}
    assert sorted(rows) == sorted(expected), result.log[-3000:]
    problems = [m for aid, exp in expected.items() for m in mismatches(rows[aid], exp, skip)]
    assert problems == []
    for row in rows.values():
        assert row["fetched_url"].startswith("http://127.0.0.1:")
        assert row["url"].startswith("https://") and "127.0.0.1" not in row["url"] and "utm_" not in row["url"]
        assert len(row["content_hash"]) == 64 and row["revision"] == 1
    return rows


def not_found_articles(outlet):
    return [p for p, status, _, _ in manifest_rows(outlet) if status == 404 and "news_show" in p]


def test_orient_news_full_crawl_then_cron_run(tmp_path, db_url):
    with Replica("orient_news") as replica:
        first = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
        assert first.returncode == 0, first.log[-3000:]
        rows = assert_stored_exactly(first, "orient_news")
        assert first.stat("news/article_404") == len(
            {p.split("news_show/")[1].split("/")[0] for p in not_found_articles("orient_news")}
        )
        assert "listed article answers 404, not stored" in first.log
        assert first.stat("news/raw_pages_archived") >= len(rows)
        assert {r["template"] for r in rows.values()} == {"classic", "current"}
        assert "SUMMARY orient_news" in first.log and "— OK" in first.log
        requests_before = len(replica.requests)
        second = run_crawl("orient_news", replica.base_url, db_url, tmp_path)  # the cron default
        assert second.returncode == 0, second.log[-3000:]
        assert second.stat("news/stored/inserted") == 0 and second.stat("news/stored/updated") == 0
        assert second.stat("news/article_pages_done") == 0
        # robots.txt, two home pages, two feeds, the first page of five section listings
        assert len(replica.requests) - requests_before <= 11
        before_third = len(replica.requests)
        third = run_crawl("orient_news", replica.base_url, db_url, tmp_path)
        assert third.returncode == 0 and third.stat("news/article_pages_done") == 0
        assert third.stat("news/not_modified") >= 4  # conditional GETs answered 304
        assert len(replica.requests) - before_third <= 11
    assert {r["revision"] for r in third.rows("orient_news")} == {1}


def test_orient_news_403_fails_the_run_loudly(tmp_path, db_url):
    with Replica("orient_news", mode="forbidden") as replica:
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
    assert result.returncode == 1
    assert "FATAL forbidden" in result.log and "FAILED" in result.log
    assert result.rows("orient_news") == []


def test_orient_news_retries_a_500_and_a_429(tmp_path, db_url):
    faults = {"/ar/rss": [500, 429]}
    with Replica("orient_news", faults=faults) as replica:
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("retry/count") >= 2
    assert_stored_exactly(result, "orient_news")


def test_unreachable_site_fails_the_run(tmp_path, db_url):
    result = run_crawl("orient_news", "http://127.0.0.1:9", db_url, tmp_path, "mode=full", settings={"RETRY_TIMES": 0})
    assert result.returncode == 1
    assert "fetch_failed" in result.stat("news/failure_reasons", "")


@pytest.mark.parametrize("mode,api_status", [("normal", None), ("api-off", 401), ("api-off", 403), ("api-off", 404)])
def test_furat_post_with_and_without_the_api(tmp_path, db_url, mode, api_status):
    with Replica("furat_post", mode=mode, api_status=api_status or 401) as replica:
        result = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full")
    assert result.returncode == 0, result.log[-3000:]
    skip = SKIP | ({"published_at_raw", "template"} if mode == "normal" else set())
    rows = assert_stored_exactly(result, "furat_post", skip)
    if mode == "normal":
        assert {r["template"] for r in rows.values()} == {"wp_api"}
        assert result.stat("news/article_pages_done") == 0  # records straight from the API
    else:
        assert {r["template"] for r in rows.values()} == {"wp_page"}
        assert result.log.count("REST API unavailable") == 1
        # Yoast lists the front page first in post-sitemap.xml: it is no post, fetched once as the home page
        assert result.stat("news/parse_failed") == 0 and replica.requests.count("/") == 1
        assert f"HTTP {api_status}" in result.log
