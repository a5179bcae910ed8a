"""One article, seen whole: ``scrapy show`` prints a stored record (or its raw page) found by id
or by any URL form, and ``scrapy parse URL`` runs our spiders' parse on one page."""

import json

from crawler.replica import Replica
from tests.conftest import load_expected, run_crawl, run_scrapy

CLASSIC = "100412"


def test_show_finds_a_record_by_id_or_any_url_form_and_prints_its_raw_page(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        page = replica.file_bytes(f"/ar/news_show/{CLASSIC}")
    expected = load_expected("orient_news")[CLASSIC]
    for key in (
        CLASSIC,
        expected["url"],
        f"http://www.orient-news.net/ar/news_show/{CLASSIC}?utm_source=rss",
        f"https://orient-news.net/index.php?page=news_show&id={CLASSIC}",
    ):
        shown = run_scrapy(["show", "orient_news", key], db_url, tmp_path)
        assert shown.returncode == 0, (key, shown.stderr)
        record = json.loads(shown.stdout)
        assert record["article_id"] == CLASSIC and record["title"] == expected["title"]
        assert record["revision"] == 1 and record["first_seen_at"]
    raw = run_scrapy(["show", "orient_news", CLASSIC, "--raw"], db_url, tmp_path)
    assert raw.returncode == 0 and raw.stdout.encode("utf-8") == page
    missing = run_scrapy(["show", "orient_news", "999999"], db_url, tmp_path)
    assert missing.returncode == 1 and missing.stderr.strip() == "error: no stored orient_news article for 999999"
    usage = run_scrapy(["show", "orient_newz", CLASSIC], db_url, tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_scrapy_parse_runs_the_outlet_parser_on_one_url(tmp_path, db_url):
    url = f"https://orient-news.net/ar/news_show/{CLASSIC}"
    with Replica("orient_news") as replica:
        parsed = run_scrapy(["parse", url, "-a", f"base_url={replica.base_url}"], db_url, tmp_path)
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    assert load_expected("orient_news")[CLASSIC]["title"] in parsed.stdout
    assert "'template': 'classic'" in parsed.stdout


def test_refresh_stored_fetches_every_stored_article_of_a_window_and_nothing_else(tmp_path, db_url):
    expected = load_expected("orient_news")
    window = {aid for aid, r in expected.items() if "2012" <= r["published_at"][:4] <= "2014"}
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        mark = len(replica.requests)
        result = run_crawl(
            "orient_news", replica.base_url, db_url, tmp_path, "refresh=stored", "since=2012-01-01", "until=2014-12-31"
        )
        fetched = [p for p in replica.requests[mark:] if p != "/robots.txt"]
    assert result.returncode == 0, result.log[-2000:]
    assert len(window) == 4 and len(fetched) == len(window)
    assert {p.split("news_show/")[1].split("/")[0] for p in fetched} == window  # article pages only, no discovery
    assert result.stat("news/article_pages_done") == len(window)
