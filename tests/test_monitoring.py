"""Unattended runs never fail silently: a redesign, a missing date, a vanished byline, a stall
and a refused lock each end with a non-zero exit code, a SUMMARY line that names what and
where, a quarantine that loses nothing, a run-history row and (configured) one alert.
Every crawl here is a real ``scrapy crawl`` against the replica, with Spidermon's suites inside."""

import json
import re

from crawler.replica import Replica
from tests.conftest import last_line, load_expected, run_crawl, run_scrapy
from tests.receivers import WebhookReceiver

NEW_THEME_FROM = "2022-06-01"
NEW_PAGES = {aid for aid, r in load_expected("orient_news").items() if r["published_at"][:10] >= NEW_THEME_FROM}
TEMPLATES = ["-s", "NEWS_PARSER_TEMPLATES=tests.redesign_parsers.OrientStory2022"]
SECRET = "T0AAA/B0BBB/s3cr3t-w3bh00k-t0k3n"


def test_the_fixture_has_enough_new_pages():
    assert len(NEW_PAGES) == 9


def test_new_theme_fails_loudly_quarantines_and_a_new_parser_version_recovers_it(tmp_path, db_url):
    with Replica("orient_news", redesign=("theme", NEW_THEME_FROM)) as replica, WebhookReceiver() as hook:
        env = {"NEWS_ALERT_WEBHOOK": hook.url + "/services/" + SECRET}
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full", env=env)
        assert result.returncode == 1, result.log[-3000:]
        summary = last_line(result.log)
        assert summary.startswith("SUMMARY orient_news: stored=24 ")
        assert "quarantined=9" in summary and "FAILED (unmatched_template)" in summary
        assert "9 pages matched no template (tried current, classic)" in summary
        assert len(re.findall(r"https://orient-news\.net/\S+", summary.split("— ", 1)[1])) == 3
        # one alert, naming the outlet, the reason and sample URLs, and the secret in no log line
        assert len(hook.posts) == 1
        text = hook.posts[0]["json"]["text"]
        assert "orient_news" in text and "unmatched_template" in text and "https://orient-news.net/" in text
        assert SECRET not in result.log and "s3cr3t" not in result.log
        # nothing empty stored; the old theme's pages are
        rows = result.rows("orient_news")
        assert {r["article_id"] for r in rows} == set(load_expected("orient_news")) - NEW_PAGES
        assert all(r["title"].strip() and r["body"].strip() and r["published_at"] for r in rows)

    listing = run_scrapy(["quarantine", "orient_news"], db_url, tmp_path)
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    assert len(lines) == 9
    assert all(line.startswith("https://orient-news.net/") for line in lines)
    assert all("page matches no known template: current, classic" in line.split("  ", 1)[1] for line in lines)
    ids = set()
    for line in lines:
        found = re.search(r"id (\d+)", line)
        assert found is not None, line
        ids.add(found.group(1))
    assert ids == NEW_PAGES

    # without the fix, a reparse of the quarantine stores nothing and leaves it as it is
    again = run_scrapy(["reparse", "orient_news", "--quarantined"], db_url, tmp_path)
    assert again.returncode == 1 and "quarantined=9" in last_line(again.stderr)
    # the developer adds a parser version for the new theme: the quarantine is stored, offline
    fixed = run_scrapy(["reparse", "orient_news", "--quarantined", *TEMPLATES], db_url, tmp_path)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    assert re.search(r"SUMMARY orient_news: stored=9 .* — OK$", last_line(fixed.stderr))
    assert run_scrapy(["quarantine", "orient_news"], db_url, tmp_path).stdout == ""
    stored = {r["article_id"]: r for r in result.rows("orient_news")}
    expected = load_expected("orient_news")
    assert set(stored) == set(expected)
    for aid in NEW_PAGES:
        row, want = stored[aid], expected[aid]
        assert row["template"] == "story_2022"
        for name in ("url", "title", "body", "published_at", "authors", "section", "tags", "lang"):
            assert row[name] == want[name], (aid, name)

    history = run_scrapy(["runs", "orient_news", "--since", "1h"], db_url, tmp_path)
    rows = history.stdout.splitlines()
    assert rows[0].startswith("started (UTC)")
    assert [("reparse-quarantined" in r, r.split()[5]) for r in rows[1:]] == [
        (True, "OK"),
        (True, "FAILED"),
        (False, "FAILED"),
    ]  # newest first


def test_date_element_gone_is_a_required_field_under_its_floor(tmp_path, db_url):
    with Replica("orient_news", redesign=("no-date", NEW_THEME_FROM)) as replica:
        result = run_crawl(
            "orient_news", replica.base_url, db_url, tmp_path, "mode=full", env={"NEWS_LOG_LEVEL": "WARNING"}
        )
    assert result.returncode == 1
    summary = last_line(result.log)
    assert summary.startswith("SUMMARY orient_news:") and "FAILED (coverage_floor)" in summary
    assert "orient_news/current: published_at 12/21 (required)" in summary
    assert "quarantined=9" in summary
    assert all(r["published_at"] for r in result.rows("orient_news"))
    listing = run_scrapy(["quarantine", "orient_news"], db_url, tmp_path).stdout.splitlines()
    assert len(listing) == 9 and all("invalid: published_at" in line for line in listing)
    assert result.stat("spidermon/validation/items/dropped") == 9  # Spidermon's validation pipeline did it


def test_byline_gone_is_degraded_against_the_stored_history(tmp_path, db_url):
    with Replica("orient_news") as replica:
        assert run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full").returncode == 0
    with Replica("orient_news", redesign=("no-author", NEW_THEME_FROM)) as replica, WebhookReceiver() as hook:
        result = run_crawl(
            "orient_news",
            replica.base_url,
            db_url,
            tmp_path,
            "since=2022-06-01",
            "until=2023-12-31",
            "refresh=1",
            env={"NEWS_ALERT_WEBHOOK": hook.url + "/h"},
        )
    assert result.returncode == 3, result.log[-3000:]
    summary = last_line(result.log)
    assert "DEGRADED (authors_fell)" in summary
    assert "orient_news/current: authors 0/9 (fell from 100% of the stored records)" in summary
    assert "quarantined=0" in summary and re.search(r"\bupdated=9\b", summary)  # nothing lost: stored, and flagged
    assert len(hook.posts) == 1 and "DEGRADED" in hook.posts[0]["json"]["text"]


def test_a_healthy_run_sends_no_alert_and_says_ok(tmp_path, db_url):
    with Replica("orient_news") as replica, WebhookReceiver() as hook:
        result = run_crawl(
            "orient_news", replica.base_url, db_url, tmp_path, "mode=full", env={"NEWS_ALERT_WEBHOOK": hook.url + "/h"}
        )
    assert result.returncode == 0
    assert last_line(result.log).endswith("— OK")
    assert hook.posts == []
    assert result.stat("news/verdict") == "OK" and result.stat("spidermon/validation/items") == 33
    assert result.stat("news/coverage/orient_news/classic/items") == 12


def test_a_stalled_run_is_closed_and_fails(tmp_path, db_url):
    with Replica("orient_news", delay=3.0) as replica:
        result = run_crawl(
            "orient_news",
            replica.base_url,
            db_url,
            tmp_path,
            settings={"NEWS_STALL_MINUTES": 0.02, "NEWS_STALL_CHECK_INTERVAL": 0.5, "DOWNLOAD_TIMEOUT": 20},
        )
    assert result.returncode == 1
    assert "FAILED (closed:stalled, stalled)" in last_line(result.log)
    assert "STALLED orient_news" in result.log


def test_summary_is_the_last_line_on_usage_errors_and_when_locked(tmp_path, db_url):
    usage = run_scrapy(
        ["crawl", "orient_news", "-a", "mode=weekly"], db_url, tmp_path, env={"NEWS_LOG_LEVEL": "WARNING"}
    )
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert last_line(usage.stderr) == (
        "SUMMARY orient_news: not started — USAGE (mode must be one of cron, full, backfill, not 'weekly')"
    )
    unknown = run_scrapy(["crawl", "orient_newz"], db_url, tmp_path)
    assert unknown.returncode == 2 and last_line(unknown.stderr).startswith("SUMMARY orient_newz: not started — USAGE")
    from crawler.ops.lock import RunLock

    lock = RunLock("orient_news", db_url, tmp_path / "locks").acquire()
    try:
        locked = run_scrapy(["crawl", "orient_news", "-a", "base_url=http://127.0.0.1:9"], db_url, tmp_path)
    finally:
        lock.release()
    assert locked.returncode == 75
    assert last_line(locked.stderr).startswith("SUMMARY orient_news: not started — LOCKED (another orient_news run")
    runs = run_scrapy(["runs"], db_url, tmp_path).stdout.splitlines()
    assert len(runs) == 2 and " LOCKED " in runs[1] and " 75 " in runs[1]


def test_runs_command_checks_its_arguments(tmp_path, db_url):
    bad = run_scrapy(["runs", "--since", "yesterday"], db_url, tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "--since takes" in bad.stderr


def test_the_article_schema_is_the_one_file_the_pipeline_uses():
    from jsonschema import Draft202012Validator

    from pipelines.validate import SCHEMA

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for outlet in ("orient_news", "furat_post"):
        for expected in load_expected(outlet).values():
            record = dict(expected, outlet=outlet, template=expected.get("template") or "x", quoted_sources=[])
            assert list(validator.iter_errors(record)) == []
            for required in ("title", "body", "published_at"):
                broken = dict(record, **{required: ""})
                assert list(validator.iter_errors(broken)), required


def test_the_lock_message_never_shows_a_database_password(tmp_path):
    from crawler.ops.lock import LockedError, RunLock

    url = "postgresql+psycopg://news:s3cr3t-pw@127.0.0.1:5432/news"
    held = RunLock("orient_news", url, tmp_path).acquire()
    try:
        try:
            RunLock("orient_news", url, tmp_path).acquire()
        except LockedError as exc:
            message = str(exc)
    finally:
        held.release()
    assert "s3cr3t-pw" not in message and "news:***@127.0.0.1" in message


def test_a_backfill_that_finds_nothing_is_not_ok(tmp_path, db_url):
    with Replica("orient_news") as replica:
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "since=2010-01-01", "until=2010-12-31")
    assert result.returncode == 1
    assert "FAILED (too_few_items): the backfill found 0 articles, expected at least 1" in last_line(result.log)


def test_an_error_inside_scrapy_that_nobody_counted_fails_the_run(tmp_path, db_url):
    from settings import ITEM_PIPELINES

    pipelines = json.dumps({**ITEM_PIPELINES, "tests.broken_pipeline.RaisesOnce": 350})
    with Replica("orient_news") as replica:
        result = run_crawl(
            "orient_news", replica.base_url, db_url, tmp_path, "mode=full", settings={"ITEM_PIPELINES": pipelines}
        )
    assert result.returncode == 1
    summary = last_line(result.log)
    assert "FAILED (internal_errors)" in summary and "a bug in a pipeline step" in summary
    assert f"stored={len(load_expected('orient_news')) - 1} " in summary  # one record lost to the bug: not OK


def test_a_job_directory_left_by_a_killed_run_is_not_trusted(tmp_path, db_url):
    jobdir = tmp_path / "job"
    queue = jobdir / "requests.queue"
    queue.mkdir(parents=True)
    (queue / "p0").write_bytes(b"")  # what a SIGKILL right after the queue file was created leaves
    with Replica("orient_news") as replica:
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full", settings={"JOBDIR": jobdir})
    assert result.returncode == 0, result.log[-3000:]
    assert "did not close cleanly: its request queue is moved to requests.queue.unclean-" in result.log
    assert len(result.rows("orient_news")) == len(load_expected("orient_news"))
    assert (jobdir / ".closed-cleanly").exists()
