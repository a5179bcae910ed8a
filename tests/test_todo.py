"""A cron that never leaves a silent gap (issue 11): the to-do that outlives the run, 404 is not
forever, validators only for what was used. Real crawls against the replica with injected faults;
each asserts the exit code, the SUMMARY line, and that the run after the fault is gone stores
every article, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlencode

from sqlalchemy import create_engine, select, text

from crawler.archive.schema import gone_articles
from crawler.archive.storage import open_storage
from crawler.ops import crawlstate, todo
from crawler.replica import Replica
from tests.conftest import last_line, load_expected, manifest_rows, run_crawl, run_scrapy
from tests.test_ops import NEW_ARTICLE, requested_article_ids

ORIENT = load_expected("orient_news")
FURAT = load_expected("furat_post")
#: the to-do retries what is due at once (tests cannot wait out a backoff)
DUE_AT_ONCE = {"NEWS_TODO_BACKOFF_MINUTES": 0}
#: the fixtures' two deleted articles (404) gone at once, as before: the to-do then holds only the fault
GONE_AT_ONCE = {"NEWS_GONE_AFTER_TRIES": 1, "NEWS_GONE_AFTER_HOURS": 0}
NEW_ID = "210001"
NEW_PATH = "/ar/news_show/210001/0/خبر-جديد"
NEW_ITEM = (
    "<item><title>خبر جديد بعد التشغيل الأول</title><link>https://orient-news.net/ar/news_show/210001/0/"
    "%D8%AE%D8%A8%D8%B1-%D8%AC%D8%AF%D9%8A%D8%AF?utm_source=rss&amp;utm_medium=feed</link>"
    "<pubDate>Mon, 20 Nov 2023 10:00:00 +0300</pubDate></item>"
)


def crawl(replica, db_url, tmp_path, *args, **settings):
    return run_crawl(replica.site.name, replica.base_url, db_url, tmp_path, *args, settings={**DUE_AT_ONCE, **settings})


def summary(result) -> str:
    line = last_line(result.log)
    assert line.startswith("SUMMARY "), result.log[-3000:]
    return line


def stored(result, outlet="orient_news") -> dict[str, dict]:
    return {r["article_id"]: r for r in result.rows(outlet)}


def assert_everything_once(result, outlet: str, expected_ids) -> None:
    rows = stored(result, outlet)
    assert sorted(rows) == sorted(expected_ids), result.log[-3000:]
    assert {r["revision"] for r in rows.values()} == {1}


def todo_rows(db_url, outlet="orient_news") -> list[dict]:
    store = open_storage(db_url)
    try:
        return todo.rows(store.engine, outlet)
    finally:
        store.close()


def gone_row(db_url, article_id, outlet="orient_news") -> dict:
    """The article's 404 history (``gone_articles``), {} when there is none."""
    store = open_storage(db_url)
    try:
        with store.engine.connect() as conn:
            row = conn.execute(
                select(gone_articles).where(gone_articles.c.outlet == outlet, gone_articles.c.article_id == article_id)
            ).first()
        return dict(row._mapping) if row is not None else {}
    finally:
        store.close()


def validators(db_url) -> dict[str, tuple]:
    store = open_storage(db_url)
    try:
        return crawlstate.load_validators(store.engine)
    finally:
        store.close()


def path_of(outlet: str, article_id: str) -> str:
    """The slug path of an article page in the fixtures (what sitemaps and feeds list)."""
    return next(p for p, status, _, _ in manifest_rows(outlet) if status == 200 and f"news_show/{article_id}/0/" in p)


def list_new_article(replica) -> None:
    """The Arabic feed lists a new article (its page not served unless the test serves it)."""
    feed = replica.file_bytes("/ar/rss").decode("utf-8")
    replica.serve(
        "/ar/rss", feed.replace("<item>", NEW_ITEM + "<item>", 1).encode("utf-8"), "application/rss+xml; charset=utf-8"
    )


# -- 1. 404 is not forever ------------------------------------------------------------------------------
def test_a_new_article_answering_404_once_is_stored_once_its_page_is_live(tmp_path, db_url):
    """The feed went out before the page was live: one 404 does not make it gone."""
    with Replica("orient_news") as replica:
        assert crawl(replica, db_url, tmp_path, "mode=full", **GONE_AT_ONCE).returncode == 0
        list_new_article(replica)
        early = crawl(replica, db_url, tmp_path)  # cron: the page answers 404
        replica.serve(NEW_PATH, NEW_ARTICLE.encode("utf-8"))
        mark = len(replica.requests)
        live = crawl(replica, db_url, tmp_path)
        live_requests = requested_article_ids(replica, mark)
        after = crawl(replica, db_url, tmp_path)

    assert early.returncode == 0, early.log[-3000:]
    assert "not_found=1" in summary(early) and summary(early).endswith("— OK")
    assert early.stat("news/articles_gone") == 0
    assert "1 of 3 runs over 24 h before it counts as gone" in early.log

    assert live.returncode == 0, live.log[-3000:]
    assert live.stat("news/articles_gone_skipped") == 0
    assert live.stat("news/stored/inserted") == 1
    line = summary(live)
    assert "stored=1 " in line and "retried=1 recovered=1" in line and line.endswith("— OK")
    assert NEW_ID in live_requests

    assert after.returncode == 0 and after.stat("news/stored/inserted") == 0
    assert "retried=" not in summary(after) and summary(after).endswith("— OK")
    assert_everything_once(after, "orient_news", [*ORIENT, NEW_ID])
    assert todo_rows(db_url) == [] and gone_row(db_url, NEW_ID) == {}


def test_an_article_is_gone_only_after_404_on_three_runs_over_a_day(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert crawl(replica, db_url, tmp_path, "mode=full", **GONE_AT_ONCE).returncode == 0
        list_new_article(replica)
        runs = []
        for _ in range(3):
            mark = len(replica.requests)
            runs.append((crawl(replica, db_url, tmp_path), requested_article_ids(replica, mark)))
        within_a_day = gone_row(db_url, NEW_ID)
        waiting = todo_rows(db_url)
        # a day passes (the first 404 was 25 hours ago)
        engine = create_engine(db_url)
        with engine.begin() as conn:
            day_before = (datetime.now(UTC) - timedelta(hours=25)).replace(microsecond=0).isoformat()
            conn.execute(
                text("UPDATE gone_articles SET first_seen = :t WHERE article_id = :a"), {"t": day_before, "a": NEW_ID}
            )
        engine.dispose()
        mark = len(replica.requests)
        fourth = crawl(replica, db_url, tmp_path)
        fourth_requests = requested_article_ids(replica, mark)
        mark = len(replica.requests)
        fifth = crawl(replica, db_url, tmp_path)
        fifth_requests = requested_article_ids(replica, mark)

    for result, requested in runs:
        assert result.returncode == 0, result.log[-3000:]
        assert NEW_ID in requested  # retried on every run: not gone yet
        assert result.stat("news/articles_gone") == 0
        assert "not_found=1" in summary(result) and summary(result).endswith("— OK")
    assert within_a_day["tries"] == 3 and within_a_day["gone_at"] is None  # three runs, but not over a day
    assert [(r["article_id"], r["reason"], r["tries"]) for r in waiting] == [(NEW_ID, "http_404", 3)]

    assert fourth.returncode == 0 and NEW_ID in fourth_requests
    assert "gone (4 runs since" in fourth.log and fourth.stat("news/articles_gone") == 1
    row = gone_row(db_url, NEW_ID)
    assert row["gone_at"] is not None and row["tries"] == 4

    assert fifth.returncode == 0 and NEW_ID not in fifth_requests  # cron no longer fetches it
    assert fifth.stat("news/articles_gone_skipped") >= 1  # the feed still lists it
    assert summary(fifth).endswith("— OK")
    assert_everything_once(fifth, "orient_news", ORIENT)
    assert todo_rows(db_url) == []  # gone: off the to-do


def test_a_410_is_gone_at_once(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert crawl(replica, db_url, tmp_path, "mode=full", **GONE_AT_ONCE).returncode == 0
        list_new_article(replica)
        replica.serve(NEW_PATH, b"<html><body>Gone</body></html>", status=410)
        first = crawl(replica, db_url, tmp_path)
        mark = len(replica.requests)
        second = crawl(replica, db_url, tmp_path)
        second_requests = requested_article_ids(replica, mark)
    assert first.returncode == 0 and "not_found=1" in summary(first) and first.stat("news/articles_gone") == 1
    assert gone_row(db_url, NEW_ID)["gone_at"] is not None and todo_rows(db_url) == []
    assert second.returncode == 0 and NEW_ID not in second_requests
    assert second.stat("news/articles_gone_skipped") >= 1  # the feed still lists it


def test_an_older_database_retries_the_articles_it_remembered_as_gone(tmp_path, db_url):
    """A database of the version where one 404 meant gone (no first_seen/tries/gone_at columns,
    made before the migrations): refused until ``scrapy db upgrade``, then its rows are retried
    like a fresh 404, so an article that went live since is stored."""
    with Replica("orient_news") as replica:
        assert crawl(replica, db_url, tmp_path, "mode=full", **GONE_AT_ONCE).returncode == 0
        engine = create_engine(db_url)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE gone_articles"))
            conn.execute(
                text(
                    "CREATE TABLE gone_articles (outlet VARCHAR(64) NOT NULL, article_id VARCHAR(300) NOT NULL, "
                    "url TEXT, status INTEGER, seen_at VARCHAR(40), PRIMARY KEY (outlet, article_id))"
                )
            )
            conn.execute(
                text("INSERT INTO gone_articles VALUES ('orient_news', :a, :u, 404, '2023-11-20T07:00:00+00:00')"),
                {"a": NEW_ID, "u": "https://orient-news.net" + NEW_PATH},
            )
            conn.execute(text("DROP TABLE alembic_version"))  # as before the migrations
        engine.dispose()
        refused = run_crawl("orient_news", replica.base_url, db_url, tmp_path)
        assert refused.returncode == 1 and "scrapy db upgrade" in refused.log
        assert run_scrapy(["db", "upgrade"], db_url, tmp_path).returncode == 0
        list_new_article(replica)
        replica.serve(NEW_PATH, NEW_ARTICLE.encode("utf-8"))
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path)  # default settings
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("news/stored/inserted") == 1 and result.stat("news/articles_gone_skipped") == 0
    assert "retried=1 recovered=1" in summary(result)
    assert_everything_once(result, "orient_news", [*ORIENT, NEW_ID])
    assert gone_row(db_url, NEW_ID) == {}


# -- 2. a to-do that outlives the run ----------------------------------------------------------------------
LISTING_PAGE_2 = "/ar/news_cat/7/تقارير?page=2"
PAGE_2_ONLY = {"104873", "124517", "129880"}  # what that page lists, found nowhere else by a cron run


def test_a_listing_page_failing_past_its_retries_is_fetched_by_the_next_cron_run(tmp_path, db_url):
    with Replica("orient_news", faults={LISTING_PAGE_2: ["503"] * 4}) as replica:
        failed = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)  # cron, empty archive: every listing page
        listed = run_scrapy(["todo", "orient_news"], db_url, tmp_path)
        waiting = todo_rows(db_url)
        before = set(stored(failed))
        mark = len(replica.requests)
        second = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)
        second_paths = replica.requests[mark:]
        third = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)

    assert failed.returncode == 1
    line = summary(failed)
    assert "— FAILED (" in line and "fetch_failed" in line and "todo=1" in line
    assert not PAGE_2_ONLY & before
    [row] = waiting
    assert (row["kind"], row["callback"], row["reason"], row["tries"]) == ("listing", "parse_listing", "http_503", 1)
    assert listed.returncode == 0
    assert listed.stdout.startswith("https://orient-news.net/ar/news_cat/7/") and "http_503" in listed.stdout
    assert "listing, 1 try," in listed.stdout

    assert second.returncode == 0, second.log[-3000:]
    line = summary(second)
    assert "stored=3 " in line and "retried=1 recovered=1" in line and line.endswith("— OK")
    assert set(stored(second)) - before == PAGE_2_ONLY
    assert [unquote(p) for p in second_paths].count(LISTING_PAGE_2) == 1  # the retry, not discovery again

    assert third.returncode == 0 and third.stat("news/stored/inserted") == 0 and summary(third).endswith("— OK")
    assert "retried=" not in summary(third)
    assert_everything_once(third, "orient_news", before | PAGE_2_ONLY)
    assert todo_rows(db_url) == []


def test_a_home_page_retried_from_the_to_do_is_fetched_once(tmp_path, db_url):
    """A root that every run reads anyway (a home page): retried from the to-do, and discovery does
    not fetch it a second time in that run."""
    with Replica("orient_news") as replica:
        assert crawl(replica, db_url, tmp_path, "mode=full", **GONE_AT_ONCE).returncode == 0
        replica.faults["/en"] = ["503"] * 4
        failed = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)
        mark = len(replica.requests)
        second = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)
        second_paths = replica.requests[mark:]
    assert failed.returncode == 1 and "todo=1" in summary(failed)
    assert second.returncode == 0, second.log[-3000:]
    assert "retried=1 recovered=1" in summary(second) and summary(second).endswith("— OK")
    assert second_paths.count("/en") == 1 and second.stat("news/todo/rediscovery_skipped") == 1
    assert_everything_once(second, "orient_news", ORIENT)


API_CRON_PAGE_2 = "/wp-json/wp/v2/posts?" + urlencode(
    {"per_page": 20, "page": 2, "_embed": 1, "orderby": "modified", "order": "desc"}
)


def test_an_api_page_that_answered_html_is_fetched_again_by_the_next_cron_run(tmp_path, db_url):
    """The second API page of a cron run answers an HTML login page: no post taken from it, the run
    FAILED, the page on the to-do; the next run reads it again (whatever the fallback found)."""
    with Replica("furat_post", faults={API_CRON_PAGE_2: ["html"]}) as replica:
        failed = crawl(replica, db_url, tmp_path)  # cron on an empty archive: the newest 20, then page 2
        before = set(stored(failed, "furat_post"))
        waiting = todo_rows(db_url, "furat_post")
        second = crawl(replica, db_url, tmp_path)
        third = crawl(replica, db_url, tmp_path)

    assert failed.returncode == 1
    assert "— FAILED (" in summary(failed) and "todo=1" in summary(failed)
    assert [(r["kind"], r["callback"], r["errback"], r["tries"]) for r in waiting] == [
        ("api", "parse_api", "on_api_error", 1)
    ]
    assert "page=2" in waiting[0]["url"] and '"api_page": 2' in waiting[0]["meta"]

    assert second.returncode == 0, second.log[-3000:]
    line = summary(second)
    assert f"stored={len(FURAT) - len(before)} " in line and "retried=1 recovered=1" in line and line.endswith("— OK")

    assert third.returncode == 0 and third.stat("news/stored/inserted") == 0 and summary(third).endswith("— OK")
    assert_everything_once(third, "furat_post", FURAT)
    assert todo_rows(db_url, "furat_post") == []


def test_an_article_failing_past_its_retries_is_fetched_by_the_next_cron_run(tmp_path, db_url):
    """100412 is listed only in its monthly sitemap, which a cron run does not read."""
    with Replica("orient_news", faults={path_of("orient_news", "100412"): ["503"] * 4}) as replica:
        failed = crawl(replica, db_url, tmp_path, "mode=full", **GONE_AT_ONCE)
        before = set(stored(failed))
        second = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)
        third = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)

    assert failed.returncode == 1
    assert "— FAILED (" in summary(failed) and "fetch_failed" in summary(failed) and "todo=1" in summary(failed)
    assert before == set(ORIENT) - {"100412"}

    assert second.returncode == 0, second.log[-3000:]
    line = summary(second)
    assert "stored=1 " in line and "retried=1 recovered=1" in line and line.endswith("— OK")

    assert third.returncode == 0 and third.stat("news/stored/inserted") == 0 and summary(third).endswith("— OK")
    assert_everything_once(third, "orient_news", ORIENT)
    assert todo_rows(db_url) == []


def test_an_item_failing_for_good_is_given_up_listed_and_degrades_that_run(tmp_path, db_url):
    give_up = {"NEWS_TODO_GIVE_UP_TRIES": 2, "NEWS_TODO_GIVE_UP_HOURS": 0, **GONE_AT_ONCE}
    page = path_of("orient_news", "100412")
    with Replica("orient_news", faults={page: ["503"] * 8}) as replica:
        first = crawl(replica, db_url, tmp_path, "mode=full", **give_up)
        second = crawl(replica, db_url, tmp_path, **give_up)  # retried, fails again: given up
        mark = len(replica.requests)
        third = crawl(replica, db_url, tmp_path, **give_up)  # given up: not retried
        third_paths = replica.requests[mark:]
        listed = run_scrapy(["todo", "orient_news"], db_url, tmp_path)
        replica.faults.clear()  # the page answers again: a full run lists and stores it
        fourth = crawl(replica, db_url, tmp_path, "mode=full", **give_up)

    assert first.returncode == 1 and "todo=1" in summary(first)
    assert second.returncode == 1
    line = summary(second)
    assert "retried=1 recovered=0" in line and "given_up=1" in line
    assert "— FAILED (" in line and "todo_given_up" in line and "1 to-do items given up" in line
    assert "https://orient-news.net/ar/news_show/100412/" in line  # the sample URL
    alarms = {a["reason"]: a["level"] for a in second.stat("news/alarms")}
    assert alarms["fetch_failed"] == "FAILED" and alarms["todo_given_up"] == "DEGRADED"

    assert third.returncode == 0 and summary(third).endswith("— OK") and page not in third_paths
    assert "retried=" not in summary(third) and "todo=" not in summary(third)
    assert listed.returncode == 0 and "GIVEN UP" in listed.stdout and "http_503" in listed.stdout
    assert "1 on the to-do (1 given up) of orient_news" in listed.stderr

    assert fourth.returncode == 0, fourth.log[-3000:]
    assert "recovered=1" in summary(fourth) and fourth.stat("news/stored/inserted") == 1
    assert_everything_once(fourth, "orient_news", ORIENT)
    assert todo_rows(db_url) == []


# -- 3. validators only for what was used --------------------------------------------------------------------
FEED_ONLY = "180122"  # in a cron run, listed only by the English feed


def test_a_feed_whose_article_failed_is_not_answered_304_into_a_gap(tmp_path, db_url):
    """A run that tolerates one fetch error ends OK; the feed listing the article that failed must
    not be answered "not modified" into a silent gap: the article is on the to-do, and the feed's
    validators are kept only because it is. (520, a status Scrapy does not retry.)"""
    tolerate = {"NEWS_TOLERATED_FETCH_ERRORS": 1, **GONE_AT_ONCE}
    with Replica("orient_news", faults={path_of("orient_news", FEED_ONLY): ["520"]}) as replica:
        first = crawl(replica, db_url, tmp_path, **tolerate)  # cron on an empty archive
        before = set(stored(first))
        kept = validators(db_url)
        second = crawl(replica, db_url, tmp_path, **tolerate)
        third = crawl(replica, db_url, tmp_path, **tolerate)

    assert first.returncode == 0 and "errors=1 " in summary(first) and "todo=1" in summary(first)
    assert FEED_ONLY not in before
    assert "https://orient-news.net/en/rss" in kept  # listed nothing that is not stored or on the to-do

    assert second.returncode == 0, second.log[-3000:]
    assert second.stat("news/not_modified") >= 1  # the feed answered 304…
    line = summary(second)
    assert "stored=1 " in line and "retried=1 recovered=1" in line and "errors=0 " in line  # …and yet
    assert FEED_ONLY in stored(second)
    assert third.returncode == 0 and third.stat("news/stored/inserted") == 0
    assert_everything_once(third, "orient_news", before | {FEED_ONLY})


def test_a_failed_feed_keeps_no_validators_and_the_pages_read_in_full_keep_theirs(tmp_path, db_url):
    """Per page, not per run: in a FAILED run the pages read in full (whose articles are stored or
    on the to-do) keep their validators; the feed that failed keeps none and is on the to-do."""
    with Replica("orient_news") as replica:
        assert crawl(replica, db_url, tmp_path, "mode=full", **GONE_AT_ONCE).returncode == 0
        replica.faults["/en/rss"] = ["503"] * 4
        failed = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)  # cron
        kept = validators(db_url)
        second = crawl(replica, db_url, tmp_path, **GONE_AT_ONCE)
    assert failed.returncode == 1 and "fetch_failed" in summary(failed) and "todo=1" in summary(failed)
    assert "https://orient-news.net/en/rss" not in kept
    assert {"https://orient-news.net/ar/rss", "https://orient-news.net/en/news_cat/21/Syria"} <= set(kept)
    assert second.returncode == 0, second.log[-3000:]
    line = summary(second)
    assert "stored=0 " in line and "retried=1 recovered=1" in line and line.endswith("— OK")
    assert second.stat("news/not_modified") >= 4  # what the failed run read in full is not read again
    assert_everything_once(second, "orient_news", ORIENT)
    assert todo_rows(db_url) == []
