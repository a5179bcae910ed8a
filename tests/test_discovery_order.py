"""Revisions must be found whatever order discovery meets an article's URLs in (issue 15, item 5).

An Orient News article is listed on the home page without a date and in its monthly sitemap with a
``lastmod``. A full run reads the home page first (one hop) and the sitemap later (robots.txt →
index → month): the undated listing must not mark the article as settled for the run, or the
sitemap's newer ``lastmod`` is ignored and the edit is missed (``updated=0``).
"""

from __future__ import annotations

import re

from crawler.replica import Replica
from tests.conftest import load_expected, run_crawl

TARGET = "196871"  # on the home page /ar (no date) and in sitemaps/2022-07.xml
ARTICLE_PATH = re.compile(r"news_show/(\d+)")


def edit_article_and_bump_lastmod(replica: Replica, target: str, lastmod: str) -> str:
    """Serve the article with a changed first paragraph and its sitemap entry with ``lastmod``;
    returns the new first words of the body."""
    expected = load_expected("orient_news")[target]
    sitemap_path = next(
        p for p in replica.site.routes if p.startswith("/sitemap/") and target in replica.file_bytes(p).decode()
    )
    sitemap = replica.file_bytes(sitemap_path).decode("utf-8")
    bumped = re.sub(r"(" + target + r"[^<]*</loc><lastmod>)[^<]+", r"\g<1>" + lastmod, sitemap)
    assert bumped != sitemap
    replica.serve(sitemap_path, bumped.encode("utf-8"), "application/xml; charset=utf-8")
    first_para = expected["body"].split("\n\n")[0]
    page_path = "/ar/news_show/" + target
    slug_path = next(p for p in replica.site.routes if p.startswith(page_path + "/0/"))
    page = replica.file_bytes(slug_path).decode("utf-8")
    assert first_para[:20] in page
    replica.serve(slug_path, page.replace(first_para[:20], "تصحيح: " + first_para[:20]).encode("utf-8"))
    return "تصحيح: "


def test_undated_listing_first_does_not_hide_a_newer_sitemap_lastmod(tmp_path, db_url):
    with Replica("orient_news") as replica:
        home = replica.file_bytes("/ar").decode("utf-8")
        assert f"news_show/{TARGET}/" in home and "<time" not in home  # listed on the home page, undated
        first = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
        assert first.returncode == 0, first.log[-2000:]
        prefix = edit_article_and_bump_lastmod(replica, TARGET, "2024-01-10T09:00:00+03:00")
        mark = len(replica.requests)
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
        fetched = {m.group(1) for p in replica.requests[mark:] if (m := ARTICLE_PATH.search(p))}
    assert result.returncode == 0, result.log[-2000:]
    assert TARGET in fetched, "the newer sitemap lastmod was ignored: the article was not fetched again"
    assert fetched - {TARGET} <= {"189904", "197350"}  # the two deleted articles are rechecked by a full run
    assert result.stat("news/stored/updated") == 1
    row = {r["article_id"]: r for r in result.rows("orient_news")}[TARGET]
    assert row["revision"] == 2 and row["body"].startswith(prefix)


def test_an_unchanged_article_met_twice_is_counted_known_once(tmp_path, db_url):
    """The fix must not fetch (or count) a stored, unchanged article twice: met in the home page and
    in its sitemap with its old lastmod, it is skipped once."""
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        mark = len(replica.requests)
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full")
        fetched = {m.group(1) for p in replica.requests[mark:] if (m := ARTICLE_PATH.search(p))}
    assert result.returncode == 0, result.log[-2000:]
    assert fetched <= {"189904", "197350"}
    stored = len(result.rows("orient_news"))
    assert result.stat("news/articles_known_skipped") == stored
