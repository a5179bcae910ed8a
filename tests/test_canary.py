"""``scrapy canary``: the daily field-by-field check that catches a redesign of a frozen archive,
run as a user runs it, against the replica after a real first fill."""

import re

from crawler.replica import Replica
from tests.conftest import last_line, run_crawl, run_scrapy
from tests.receivers import WebhookReceiver


def canary(replica, db_url, tmp_path, outlet="orient_news", env=None):
    return run_scrapy(["canary", outlet, "-a", f"base_url={replica.base_url}"], db_url, tmp_path, env=env)


def table(proc) -> dict[str, str]:
    rows = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"   (newest(?: \(\w+\))?|stored \w+)\s+(.*)$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def test_canary_of_a_healthy_archive(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        mark = len(replica.requests)
        result = canary(replica, db_url, tmp_path)
        fetched = replica.requests[mark:]
    assert result.returncode == 0, result.stderr[-3000:]
    rows = table(result)
    assert set(rows) == {"newest", "stored classic", "stored current"}
    assert all(re.fullmatch(r"(classic|current)\s+(ok\s+)*ok", row) for row in rows.values()), rows
    assert re.search(r"SUMMARY orient_news: stored=0 .* — OK$", last_line(result.stderr))
    assert len([p for p in fetched if "news_show" in p]) == 3  # three article pages, nothing else crawled
    runs = run_scrapy(["runs", "orient_news"], db_url, tmp_path).stdout.splitlines()
    assert " canary " in runs[1] and " OK " in runs[1]


def test_canary_catches_a_redesign_of_the_frozen_archive(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
    with Replica("orient_news", redesign=("theme", "2022-06-01")) as replica, WebhookReceiver() as hook:
        # cron sees nothing of it: nothing new to fetch in a frozen archive
        cron = run_crawl("orient_news", replica.base_url, db_url, tmp_path)
        assert cron.returncode == 0 and cron.stat("news/article_pages_done") == 0
        result = canary(replica, db_url, tmp_path, env={"NEWS_ALERT_WEBHOOK": hook.url + "/x"})
    assert result.returncode == 1
    assert table(result)["newest"].startswith("-  NO TEMPLATE: page matches no known template: current, classic")
    assert "FAILED (unmatched_template, canary_unmatched)" in last_line(result.stderr)
    assert len(hook.posts) == 1 and "canary" in hook.posts[0]["json"]["text"]
    listing = run_scrapy(["quarantine", "orient_news"], db_url, tmp_path).stdout.splitlines()
    # the newest article is also the newest stored one of the current template: kept once, for a parser fix
    assert len(listing) == 1 and "/205688/" in listing[0]
    assert table(result)["stored current"].startswith("-  NO TEMPLATE")
    assert re.fullmatch(r"classic\s+(ok\s+)*ok", table(result)["stored classic"])


def test_canary_reports_a_vanished_byline_as_degraded(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
    with Replica("orient_news", redesign=("no-author", "2022-06-01")) as replica:
        result = canary(replica, db_url, tmp_path)
    assert result.returncode == 3
    assert "missing<80%" in table(result)["newest"]
    assert "DEGRADED (canary_optional)" in last_line(result.stderr)
    assert "authors missing (expected on 80%)" in last_line(result.stderr)


def test_canary_of_furat_post_checks_the_api_and_the_page(tmp_path, db_url):
    with Replica("furat_post") as replica:
        assert run_crawl("furat_post", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
        result = canary(replica, db_url, tmp_path, outlet="furat_post")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = table(result)
    assert set(rows) == {"newest (api)", "newest (page)", "stored wp_api"}
    assert rows["newest (api)"].startswith("wp_api") and rows["newest (page)"].startswith("wp_page")


def test_canary_usage_errors(tmp_path, db_url):
    both = run_scrapy(["canary", "-a", "base_url=http://127.0.0.1:9"], db_url, tmp_path)
    assert both.returncode == 2 and "base_url needs one spider name" in both.stderr
    assert "Traceback" not in both.stderr
