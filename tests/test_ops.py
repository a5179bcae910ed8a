"""Cron runs and ops backfills against the replica: incremental by default, date-bounded on
demand, refresh and reparse, resumable after SIGKILL, one run at a time, honest exit codes."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from crawler.replica import Replica
from tests.conftest import ROOT, load_expected, mismatches, run_crawl

ARTICLE_PATH = re.compile(r"news_show/(\d+)|news_show&id=(\d+)")


@pytest.fixture
def db_url(any_db_url):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py ``any_db_url``)."""
    return any_db_url


def requested_article_ids(replica, since=0):
    ids = set()
    for path in replica.requests[since:]:
        m = ARTICLE_PATH.search(path)
        if m:
            ids.add(m.group(1) or m.group(2))
    return ids


def crawl_env(db_url, tmp_path):
    return dict(
        os.environ,
        NEWS_DB_URL=db_url,
        NEWS_SPOOL_DIR=str(tmp_path / "spool"),
        NEWS_LOCK_DIR=str(tmp_path / "locks"),
        NEWS_WARC_DIR=str(tmp_path / "warc"),
        NEWS_LOG_LEVEL="INFO",
    )


# -- cron: incremental ---------------------------------------------------------------------------------
NEW_ARTICLE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<link rel="canonical" href="https://orient-news.net/ar/news_show/210001/0/%D8%AE%D8%A8%D8%B1-%D8%AC%D8%AF%D9%8A%D8%AF">
<meta property="article:published_time" content="2023-11-20T10:00:00+03:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "خبر جديد بعد التشغيل الأول", "datePublished": "2023-11-20T10:00:00+03:00", "dateModified": "2023-11-20T10:00:00+03:00", "author": {"@type": "Person", "name": "سامر الأحمد"}, "articleSection": "أخبار سوريا", "keywords": "درعا", "inLanguage": "ar"}</script>
</head><body><article class="news-details" data-news-id="210001"><h1 class="news-title">خبر جديد بعد التشغيل الأول</h1>
<div class="news-body" id="newsBody"><p>أفادت مصادر محلية في درعا بأن دورية أمنية اعتقلت ثلاثة شبان من بلدة طفس صباح اليوم.</p></div></article></body></html>"""


def test_cron_run_fetches_only_the_new_article(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        feed = replica.file_bytes("/ar/rss").decode("utf-8")
        item = (
            "<item><title>خبر جديد بعد التشغيل الأول</title><link>https://orient-news.net/ar/news_show/210001/0/"
            "%D8%AE%D8%A8%D8%B1-%D8%AC%D8%AF%D9%8A%D8%AF?utm_source=rss&amp;utm_medium=feed</link>"
            "<pubDate>Mon, 20 Nov 2023 10:00:00 +0300</pubDate></item>"
        )
        replica.serve(
            "/ar/rss", feed.replace("<item>", item + "<item>", 1).encode("utf-8"), "application/rss+xml; charset=utf-8"
        )
        replica.serve("/ar/news_show/210001/0/خبر-جديد", NEW_ARTICLE.encode("utf-8"))
        mark = len(replica.requests)
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path)
        assert result.returncode == 0, result.log[-2000:]
        assert requested_article_ids(replica, mark) == {"210001"}
    assert result.stat("news/stored/inserted") == 1 and result.stat("news/stored/updated") == 0
    stored = {r["article_id"]: r for r in result.rows("orient_news")}
    assert len(stored) == len(load_expected("orient_news")) + 1
    assert stored["210001"]["published_at"] == "2023-11-20T10:00:00+03:00"
    assert stored["210001"]["url"].endswith("/ar/news_show/210001/0/%D8%AE%D8%A8%D8%B1-%D8%AC%D8%AF%D9%8A%D8%AF")


def test_sitemap_lastmod_newer_than_stored_refetches_that_article_only(tmp_path, db_url):
    expected = load_expected("orient_news")
    target = "100412"  # a classic article listed only in its monthly sitemap
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        sitemap_path = next(
            p for p in replica.site.routes if p.startswith("/sitemap/") and target in replica.file_bytes(p).decode()
        )
        sitemap = replica.file_bytes(sitemap_path).decode("utf-8")
        sitemap = re.sub(r"(" + target + r"[^<]*</loc><lastmod>)[^<]+", r"\g<1>2024-01-10T09:00:00+03:00", sitemap)
        replica.serve(sitemap_path, sitemap.encode("utf-8"), "application/xml; charset=utf-8")
        page_path = "/ar/news_show/" + target
        page = replica.file_bytes(page_path).decode("utf-8")
        first_para = expected[target]["body"].split("\n\n")[0]
        slug_path = next(p for p in replica.site.routes if p.startswith(page_path + "/0/"))
        assert first_para[:20] in page
        changed = page.replace(first_para[:20], "تصحيح: " + first_para[:20])  # body and meta description
        replica.serve(slug_path, changed.encode("utf-8"), "text/html; charset=utf-8")
        mark = len(replica.requests)
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
        assert result.returncode == 0, result.log[-2000:]
        fetched = requested_article_ids(replica, mark)
    assert target in fetched
    assert fetched - {target} <= {"189904", "197350"}  # the two deleted articles are rechecked by a full run
    assert result.stat("news/stored/updated") == 1 and result.stat("news/revisions") == 1
    row = {r["article_id"]: r for r in result.rows("orient_news")}[target]
    assert row["revision"] == 2 and row["body"].startswith("تصحيح: ")


def test_furat_post_cron_updates_a_post_whose_modified_gmt_moved(tmp_path, db_url):
    with Replica("furat_post") as replica:
        assert run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        assert replica.site.posts is not None
        newest = replica.site.posts[0]
        newest["modified_gmt"] = "2023-06-01T08:00:00"
        newest["modified"] = "2023-06-01T11:00:00"
        newest["content"]["rendered"] = newest["content"]["rendered"].replace("</p>", " (تحديث)</p>", 1)
        result = run_crawl("furat_post", replica.base_url, db_url, tmp_path)  # cron
        api_calls = [p for p in replica.requests if p.startswith("/wp-json")]
    assert result.returncode == 0, result.log[-2000:]
    assert result.stat("news/stored/updated") == 1 and result.stat("news/stored/inserted") == 0
    assert result.stat("news/api_pages") == 1 and "per_page=20" in api_calls[-1]
    assert result.stat("news/article_pages_done") == 0
    row = {r["article_id"]: r for r in result.rows("furat_post")}[str(newest["id"])]
    assert row["modified_at"] == "2023-06-01T11:00:00+03:00" and "(تحديث)" in row["body"]


# -- backfill windows --------------------------------------------------------------------------------
def in_window(outlet, since, until):
    return {aid for aid, r in load_expected(outlet).items() if since <= r["published_at"][:10] <= until}


def test_orient_news_backfill_fetches_only_the_window(tmp_path, db_url):
    window = in_window("orient_news", "2018-01-01", "2019-12-31")
    assert len(window) >= 3
    with Replica("orient_news") as replica:
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "since=2018-01-01", "until=2019-12-31")
        fetched = requested_article_ids(replica)
    assert result.returncode == 0, result.log[-2000:]
    assert {r["article_id"] for r in result.rows("orient_news")} == window
    assert fetched == window, "an article outside the window was fetched"
    assert result.stat("news/sitemaps_outside_window") > 0


@pytest.mark.parametrize("mode", ["normal", "api-off"])
def test_furat_post_backfill_window_with_and_without_api(tmp_path, db_url, mode):
    window = in_window("furat_post", "2022-01-01", "2022-06-30")
    assert len(window) >= 3
    with Replica("furat_post", mode=mode) as replica:
        result = run_crawl("furat_post", replica.base_url, db_url, tmp_path, "since=2022-01-01", "until=2022-06-30")
        api = [p for p in replica.requests if p.startswith("/wp-json/wp/v2/posts")]
    assert result.returncode == 0, result.log[-2000:]
    assert {r["article_id"] for r in result.rows("furat_post")} == window
    if mode == "normal":
        assert "after=2022-01-01" in api[0] and "before=2022-07-01" in api[0]
        assert result.stat("news/article_pages_done") == 0


# -- refresh and reparse -----------------------------------------------------------------------------
def test_refresh_refetches_and_reparse_repairs_without_network(tmp_path, db_url):
    from sqlalchemy import update

    from crawler.archive.storage import articles, open_storage

    expected = load_expected("orient_news")
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        refresh = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "refresh=1", "mode=full")
    assert refresh.returncode == 0
    assert refresh.stat("news/parsed/classic") + refresh.stat("news/parsed/current") == len(expected)
    assert refresh.stat("news/dropped/already_stored") == len(expected)
    # an older parser stored a wrong title: reparse fixes it from the stored raw page, offline
    store = open_storage(db_url)
    with store.engine.begin() as conn:
        conn.execute(update(articles).where(articles.c.article_id == "141208").values(title="عنوان خاطئ"))
    store.close()
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "reparse", "orient_news"],
        cwd=ROOT,
        env=crawl_env(db_url, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "reparse: 33 records re-extracted" in proc.stderr or f"reparse: {len(expected)} records" in proc.stderr
    assert "requests=0" in proc.stderr and re.search(r"\bupdated=1\b", proc.stderr)
    rows = {r["article_id"]: r for r in open_storage(db_url).iter_articles("orient_news")}
    assert rows["141208"]["title"] == expected["141208"]["title"] and rows["141208"]["revision"] == 2


# -- unattended: lock, resume, progress ----------------------------------------------------------------
def start_crawl(outlet, base_url, db_url, tmp_path, *args, settings=()):
    cmd = [sys.executable, "-m", "scrapy", "crawl", outlet, "-a", f"base_url={base_url}"]
    for a in args:
        cmd += ["-a", a]
    for s in settings:
        cmd += ["-s", s]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=crawl_env(db_url, tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def stored_count(db_url):
    from crawler.archive.storage import open_storage

    store = open_storage(db_url)
    try:
        return sum(c for _, _, c in store.counts())
    finally:
        store.close()


def test_second_run_on_the_same_database_is_refused_with_its_own_exit_code(tmp_path, db_url):
    with Replica("orient_news", delay=0.05) as replica:
        first = start_crawl(
            "orient_news", replica.base_url, db_url, tmp_path, "mode=full", settings=["CONCURRENT_REQUESTS=2"]
        )
        deadline = time.time() + 60
        while not list((tmp_path / "locks").glob("*.lock")) and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        second = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "orient_news", "-a", f"base_url={replica.base_url}"],
            cwd=ROOT,
            env=crawl_env(db_url, tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        out, _ = first.communicate(timeout=240)
    assert second.returncode == 75
    assert "another orient_news run holds" in second.stderr
    assert first.returncode == 0, out[-2000:]
    assert stored_count(db_url) == len(load_expected("orient_news"))


def test_backfill_killed_with_sigkill_resumes_and_stores_every_article_once(tmp_path, db_url):
    expected = load_expected("orient_news")
    jobdir = tmp_path / "job"
    with Replica("orient_news", delay=0.05) as replica:
        args = ("since=2012-01-01", "until=2023-12-31")
        settings = [f"JOBDIR={jobdir}", "CONCURRENT_REQUESTS=2", "NEWS_PROGRESS_INTERVAL=0.5"]
        first = start_crawl("orient_news", replica.base_url, db_url, tmp_path, *args, settings=settings)
        deadline = time.time() + 120
        while stored_count(db_url) < 8 and time.time() < deadline and first.poll() is None:
            time.sleep(0.05)
        assert first.poll() is None, "the crawl finished before it could be killed"
        first.send_signal(signal.SIGKILL)
        out_first, _ = first.communicate(timeout=30)
        killed_at = stored_count(db_url)
        assert 8 <= killed_at < len(expected)
        second = start_crawl("orient_news", replica.base_url, db_url, tmp_path, *args, settings=settings)
        out, _ = second.communicate(timeout=300)
    assert second.returncode == 0, out[-3000:]
    assert "progress orient_news:" in out_first + out and "ETA" in out_first + out
    from crawler.archive.storage import open_storage

    rows = list(open_storage(db_url).iter_articles("orient_news"))
    assert sorted(r["article_id"] for r in rows) == sorted(expected)
    assert {r["revision"] for r in rows} == {1}, "an article was written twice"
    assert [m for r in rows for m in mismatches(r, expected[r["article_id"]], {"quoted_sources"})] == []
