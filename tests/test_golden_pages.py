"""Golden pages (tests/fixtures/golden/<outlet>/, written by ``scrapy golden`` and reviewed by a
human): the current parsers still extract exactly the saved record from every saved page. And
the command itself, run as the operator runs it, with its exit codes."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys

import pytest
from scrapy.settings import Settings

from crawler.ops import golden
from tests.conftest import FIXTURES, ROOT

GOLDEN = FIXTURES / "golden"
OUTLETS = ("orient_news", "furat_post")
CLASSIC = FIXTURES / "sites" / "orient_news" / "pages" / "ar" / "100412.html"
CLASSIC_URL = "https://orient-news.net/ar/news_show/100412"


@functools.cache
def spider(name: str):
    settings = Settings()
    settings.setmodule("settings", priority="project")
    return golden.spider_for(name, settings)


@functools.cache
def checked(outlet: str) -> dict:
    return {change.page: change for change in golden.check(spider(outlet), GOLDEN)}


SAVED = [(outlet, page) for outlet in OUTLETS for page, _ in golden.saved_pages(GOLDEN, outlet)]


def test_every_outlet_has_golden_pages():
    assert {outlet for outlet, _ in SAVED} == set(OUTLETS)


@pytest.mark.parametrize("outlet,page", SAVED, ids=[f"{o}/{p.name}" for o, p in SAVED])
def test_parsers_still_give_the_saved_record(outlet, page):
    change = checked(outlet)[page]
    assert change.ok, f"{page.relative_to(ROOT)} no longer parses: {change.error}"
    assert not change.changed, (
        f"{page.relative_to(ROOT)}: the parsers now give another record; fields "
        + "; ".join(f"{k}: saved {old!r:.100} now {new!r:.100}" for k, (old, new) in change.fields.items())
        + f" (deliberate? then: scrapy golden {outlet} --regenerate, and review the diff)"
    )


def test_api_json_page_is_kept_as_json(tmp_path):
    """A WordPress REST post is saved as ``.json`` and re-extracted through the API parser."""
    post = json.loads((FIXTURES / "sites" / "furat_post" / "wp-json" / "posts.json").read_text(encoding="utf-8"))[0]
    source = tmp_path / "post.json"
    source.write_text(json.dumps(post, ensure_ascii=False), encoding="utf-8")
    result = golden.save_golden(spider("furat_post"), str(source), name=None, url=post["link"], folder=tmp_path / "g")
    assert result.ok and result.page.name == f"wp_api-{post['id']}.json"
    assert result.page.read_bytes() == source.read_bytes()
    assert result.record_file is not None
    assert not set(golden.DROPPED_FIELDS) & set(json.loads(result.record_file.read_text(encoding="utf-8")))
    assert [c.changed or not c.ok for c in golden.check(spider("furat_post"), tmp_path / "g")] == [False]


# -- the command --------------------------------------------------------------------------------------
def scrapy_golden(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "golden", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )


def test_command_saves_page_and_record(tmp_path):
    proc = scrapy_golden("orient_news", CLASSIC, "--url", CLASSIC_URL, "--dir", tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "orient_news"
    assert (out / "classic-100412.html").read_bytes() == CLASSIC.read_bytes()
    record = json.loads((out / "classic-100412.record.json").read_text(encoding="utf-8"))
    assert record == json.loads((GOLDEN / "orient_news" / "classic-100412.record.json").read_text(encoding="utf-8"))
    meta = json.loads((out / "classic-100412.meta.json").read_text(encoding="utf-8"))
    assert meta["url"] == CLASSIC_URL and "error" not in meta
    assert "classic-100412.html" in proc.stdout and "article_id=100412" in proc.stdout
    assert "modified_at       (empty)" in proc.stdout and record["title"] in proc.stdout


def test_command_keeps_a_page_that_does_not_parse(tmp_path):
    page = tmp_path / "new-markup.html"
    page.write_text("<html><body><div class='story'><p>Markup no parser knows.</p></div></body></html>")
    proc = scrapy_golden(
        "orient_news",
        page,
        "--url",
        "https://orient-news.net/ar/news_show/1",
        "--name",
        "redesign",
        "--dir",
        tmp_path / "g",
    )
    assert proc.returncode == 1
    out = tmp_path / "g" / "orient_news"
    assert (out / "redesign.html").read_bytes() == page.read_bytes()
    assert "no known template" in json.loads((out / "redesign.meta.json").read_text(encoding="utf-8"))["error"]
    assert not (out / "redesign.record.json").exists()
    assert len(proc.stderr.strip().splitlines()) == 1 and "does not parse" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["no_such_spider", CLASSIC, "--url", CLASSIC_URL],
        ["orient_news"],
        ["orient_news", "does/not/exist.html", "--url", CLASSIC_URL],
        ["orient_news", CLASSIC],
    ],
    ids=["unknown-spider", "missing-source", "missing-file", "file-without-url"],
)
def test_command_usage_errors(args, tmp_path):
    proc = scrapy_golden(*args, "--dir", tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not any(tmp_path.iterdir())


def test_regenerate_rewrites_a_changed_record(tmp_path):
    shutil.copytree(GOLDEN / "orient_news", tmp_path / "orient_news")
    saved = tmp_path / "orient_news" / "classic-100412.record.json"
    record = json.loads(saved.read_text(encoding="utf-8"))
    saved.write_text(golden.dump(dict(record, title="an older title")), encoding="utf-8")
    proc = scrapy_golden("orient_news", "--regenerate", "--dir", tmp_path)
    assert proc.returncode == 0, proc.stderr
    changed = [line for line in proc.stdout.splitlines() if line.startswith("changed ")]
    assert len(changed) == 1 and "classic-100412.html" in changed[0] and changed[0].endswith(": title")
    assert "an older title  →  " + record["title"] in proc.stdout
    assert json.loads(saved.read_text(encoding="utf-8")) == record
    assert not any(c.changed or not c.ok for c in golden.check(spider("orient_news"), tmp_path))


def test_page_fetched_by_url_keeps_content_type_and_sends_our_user_agent(tmp_path):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    body = (FIXTURES / "sites" / "orient_news" / "pages" / "en" / "205531.html").read_bytes()
    seen = {}

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            seen["ua"] = self.headers["User-Agent"]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/en/news_show/205531"
        result = golden.save_golden(spider("orient_news"), url, name=None, url=None, folder=tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert seen["ua"] == spider("orient_news").settings.get("USER_AGENT")
    meta = json.loads(result.meta.read_text(encoding="utf-8"))
    assert meta["url"] == meta["source"] == url and meta["content_type"] == "text/html; charset=utf-8"
    assert result.record == json.loads(
        (GOLDEN / "orient_news" / "current-205531.record.json").read_text(encoding="utf-8")
    )
