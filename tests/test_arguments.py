"""Spider arguments are checked before anything starts: a wrong one is a usage error (exit 2,
``error: <one line>`` then the SUMMARY line last, no traceback, no lock, no run-history row);
every argument is declared once (``NewsSpider.arguments``) and listed by ``scrapy crawl SPIDER
--help``; and a run fetches each article once, whatever the discovery sources that list it."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from crawler.replica import Replica
from crawler.spiders.arguments import ArgumentError
from crawler.spiders.base import NewsSpider
from crawler.spiders.furat_post import FuratPostSpider
from crawler.spiders.orient_news import OrientNewsSpider
from tests.conftest import last_line, load_expected, run_crawl, run_scrapy


def assert_usage_error(proc, spider: str, message: str, tmp_path) -> None:
    """Exit 2, ``error: message`` then ``SUMMARY spider: not started — USAGE (message)`` as the
    last two lines, no traceback, and nothing done: no lock file, no database (no run row)."""
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines[-2:] == [f"error: {message}", f"SUMMARY {spider}: not started — USAGE ({message})"]
    assert not (tmp_path / "locks").exists() or list((tmp_path / "locks").iterdir()) == []
    assert not (tmp_path / "news.db").exists()


def crawl(tmp_path, db_url, spider: str, *args: str, command: str = "crawl"):
    argv = [command, spider]
    for arg in args:
        argv += ["-a", arg]
    return run_scrapy(argv, db_url, tmp_path, env={"NEWS_LOG_LEVEL": "WARNING"})


# -- 1. dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "arg,message",
    [
        ("since=notadate", "since must be a day YYYY-MM-DD, not 'notadate'"),
        ("since=2020-02-30", "since must be a day YYYY-MM-DD, not '2020-02-30' (day is out of range for month)"),
        ("until=2020-13-01", "until must be a day YYYY-MM-DD, not '2020-13-01' (month must be in 1..12)"),
        ("until=20200101", "until must be a day YYYY-MM-DD, not '20200101'"),
    ],
)
def test_a_wrong_day_is_a_usage_error(tmp_path, db_url, arg, message):
    assert_usage_error(crawl(tmp_path, db_url, "orient_news", arg), "orient_news", message, tmp_path)


def test_a_wrong_mode_stays_a_usage_error(tmp_path, db_url):
    message = "mode must be one of cron, full, backfill, not 'bogus'"
    assert_usage_error(crawl(tmp_path, db_url, "orient_news", "mode=bogus"), "orient_news", message, tmp_path)


# -- 2. misspelt arguments ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "spider,arg,message",
    [
        ("orient_news", "sinse=2018-01-01", "unknown argument 'sinse' (did you mean since?)"),
        ("orient_news", "mdoe=full", "unknown argument 'mdoe' (did you mean mode?)"),
        ("furat_post", "apy=0", "unknown argument 'apy' (did you mean api?)"),
        ("orient_news", "api=0", "unknown argument 'api'"),
    ],
)
def test_a_misspelt_argument_is_refused_with_a_suggestion(tmp_path, db_url, spider, arg, message):
    proc = crawl(tmp_path, db_url, spider, arg)
    full = f"{message}; {spider} takes {', '.join(a.name for a in type_of(spider).arguments)} (see scrapy crawl {spider} --help)"
    assert_usage_error(proc, spider, full, tmp_path)


def type_of(spider: str) -> type[NewsSpider]:
    return {"orient_news": OrientNewsSpider, "furat_post": FuratPostSpider}[spider]


def test_the_reparse_command_checks_the_arguments_too(tmp_path, db_url):
    proc = crawl(tmp_path, db_url, "orient_news", "refresh=maybe", command="reparse")
    assert_usage_error(proc, "orient_news", "refresh must be 1/0, true/false, yes/no or stored, not 'maybe'", tmp_path)


# -- 3. a window that ends before it starts --------------------------------------------------------------
def test_since_after_until_is_a_usage_error(tmp_path, db_url):
    proc = crawl(tmp_path, db_url, "furat_post", "since=2020-05-01", "until=2020-01-31")
    assert_usage_error(proc, "furat_post", "since 2020-05-01 is after until 2020-01-31: an empty window", tmp_path)


# -- 4. base_url ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value,why",
    [
        ("127.0.0.1:8000", "no http:// or https://"),
        ("ftp://127.0.0.1:8000", "no http:// or https://"),
        ("http://:8000", "no host"),
        ("http://127.0.0.1:99999", "a bad port"),
        ("http://127.0.0.1:80a", "a bad port"),
        ("http://127.0.0.1:8000/news/", "a path: the replica serves the site's own paths from /"),
        ("http://127.0.0.1:8000/?x=1", "a query or fragment"),
    ],
)
def test_a_wrong_base_url_is_a_usage_error(tmp_path, db_url, value, why):
    message = f"base_url must be http(s)://HOST[:PORT], not {value!r} ({why})"
    assert_usage_error(crawl(tmp_path, db_url, "orient_news", f"base_url={value}"), "orient_news", message, tmp_path)


def test_good_base_urls_are_taken_without_a_trailing_slash():
    for value in ("http://127.0.0.1:8000", "http://127.0.0.1:8000/", "https://mirror.example.org", "http://[::1]:80"):
        assert OrientNewsSpider(base_url=value).base_url == value.rstrip("/")


# -- 5. one table: parsing, validation and --help ---------------------------------------------------------
def test_arguments_are_declared_once_and_furat_post_adds_api():
    base = [a.name for a in NewsSpider.arguments]
    assert base == ["mode", "since", "until", "refresh", "base_url", "reparse", "from_warc", "canary"]
    assert [a.name for a in OrientNewsSpider.arguments] == base
    assert [a.name for a in FuratPostSpider.arguments] == [*base, "api"]
    for spidercls in (OrientNewsSpider, FuratPostSpider):
        spider = spidercls(**{a.name: a.default for a in spidercls.arguments if a.default is not None})
        assert spider.mode == "cron" and not spider.refresh and not spider.reparse and not spider.canary


@pytest.mark.parametrize(
    "value,expected",
    [*((v, True) for v in ("1", "true", "Yes", "TRUE")), *((v, False) for v in ("0", "false", "no", "No"))],
)
def test_booleans_take_1_0_true_false_yes_no(value, expected):
    spider = FuratPostSpider(api=value, refresh=value, canary=value)
    assert (spider.use_api, spider.refresh, spider.canary) == (expected, expected, expected)


@pytest.mark.parametrize("value", ["on", "off", "2", "", "y", "tru"])
def test_booleans_refuse_anything_else(value):
    with pytest.raises(ArgumentError, match=f"^{re.escape(f'api must be 1/0, true/false or yes/no, not {value!r}')}$"):
        FuratPostSpider(api=value)


def test_reparse_and_canary_are_arguments_the_commands_set():
    assert FuratPostSpider(reparse="quarantined").reparse_quarantined
    assert OrientNewsSpider(reparse="1").reparse and not OrientNewsSpider(reparse="1").reparse_quarantined
    with pytest.raises(
        ArgumentError, match=re.escape("reparse must be 1/0, true/false, yes/no or quarantined, not 'some'")
    ):
        OrientNewsSpider(reparse="some")
    with pytest.raises(ArgumentError, match=re.escape("reparse and canary exclude each other")):
        OrientNewsSpider(reparse="1", canary="1")


def test_a_window_is_a_backfill():
    spider = OrientNewsSpider(since="2020-01-01", until="2020-01-01")  # one day
    assert spider.mode == "backfill" and spider.since is not None and spider.until is not None
    assert (spider.until - spider.since).days == 1
    assert OrientNewsSpider(mode="backfill", since="2020-01-01").mode == "backfill"
    with pytest.raises(ArgumentError, match=re.escape("mode=full contradicts since/until")):
        OrientNewsSpider(mode="full", since="2020-01-01")


def test_crawl_help_lists_the_spider_arguments(tmp_path, db_url):
    for spider, spidercls in (("orient_news", OrientNewsSpider), ("furat_post", FuratPostSpider)):
        proc = run_scrapy(["crawl", spider, "--help"], db_url, tmp_path)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "-a NAME=VALUE" in proc.stdout and f"Arguments of {spider}" in proc.stdout
        for argument in spidercls.arguments:
            assert f"  {argument.name}={argument.metavar}" in proc.stdout, argument.name
            assert argument.help.split()[0] in proc.stdout
        assert ("api=" in proc.stdout) == (spider == "furat_post")
    every = run_scrapy(["crawl", "--help"], db_url, tmp_path)
    assert every.returncode == 0 and "Arguments of every spider" in every.stdout
    assert "  api=1|0" in every.stdout and "[default 1; furat_post only]" in every.stdout
    assert "mode=cron|full|backfill" in every.stdout and "base_url=" in every.stdout
    assert not (tmp_path / "news.db").exists()


# -- 6. an unknown spider takes no lock -------------------------------------------------------------------
def test_an_unknown_spider_leaves_no_lock_file(tmp_path, db_url):
    proc = run_scrapy(["crawl", "orient_newz", "-a", "mode=full"], db_url, tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert last_line(proc.stderr) == (
        "SUMMARY orient_newz: not started — USAGE (unknown spider 'orient_newz' (known: furat_post, orient_news))"
    )
    assert not (tmp_path / "locks").exists() or list((tmp_path / "locks").iterdir()) == []
    assert not (tmp_path / "news.db").exists()


# -- 7. one fetch per article per run --------------------------------------------------------------------
def article_fetches(replica) -> Counter:
    """Requests per post page of the replica (by the file served, whatever the URL's encoding)."""
    fetched: Counter = Counter()
    for path in replica.requests:
        route = replica.site.lookup(path)
        if route and route[2].startswith("posts/"):
            fetched[route[2]] += 1
        elif "?p=" in path:
            fetched[path] += 1  # a short link: a fetch that redirects to a post page
    return fetched


@pytest.mark.parametrize("how", ["api=0", "api-off"])
def test_furat_post_without_the_api_fetches_each_post_once(tmp_path, db_url, how):
    expected = load_expected("furat_post")
    with Replica("furat_post", mode="api-off" if how == "api-off" else "normal") as replica:
        args = ("mode=full", "api=0") if how == "api=0" else ("mode=full",)
        result = run_crawl("furat_post", replica.base_url, db_url, tmp_path, *args)
        fetched = article_fetches(replica)
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(r["article_id"] for r in result.rows("furat_post")) == sorted(expected)
    assert len(expected) == 36 and len(fetched) == 36
    assert {page: n for page, n in fetched.items() if n != 1} == {}
    assert result.stat("news/articles_requested") == 36
