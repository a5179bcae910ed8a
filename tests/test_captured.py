"""The parsers against the real captured pages in ../shared/sites (not copied into the project),
checked against ../shared/sites/expected.jsonl. CI clones the project beside shared/."""

import json

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from tests.conftest import SHARED_SITES

pytestmark = pytest.mark.skipif(
    not (SHARED_SITES / "expected.jsonl").exists(), reason="shared captures not beside the clone"
)

FIELDS = ("url", "title", "body", "published_at", "authors", "section", "tags", "lang")


def expected_by_url():
    records = [
        json.loads(line)
        for line in (SHARED_SITES / "expected.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return {r["url"]: r for r in records}


def captured(outlet: str, file: str, url: str) -> Selector:
    body = (SHARED_SITES / outlet / file).read_bytes()
    # decoded the way Scrapy decodes it (header, then BOM, then <meta>)
    return HtmlResponse(url=url, body=body, headers={"Content-Type": "text/html"}).selector


@pytest.mark.parametrize(
    "file,page_url",
    [
        ("008.html", "https://orient-news.net/ar/news_show/143377"),
        ("011.html", "https://orient-news.net/ar/news_show/201845/0/x"),
        ("018.html", "https://orient-news.net/en/news_show/201902/0/regime-shelling-kills-civilians-in-western-aleppo"),
    ],
)
def test_orient_news_captured_pages(file, page_url):
    from crawler.parsers.orient_news import parse

    item = parse(captured("orient_news", file, page_url), page_url)
    exp = expected_by_url()[item.url]
    for name in FIELDS:
        assert getattr(item, name) == exp[name], name
    assert [v["url"] for v in item.videos] == exp["videos"]


@pytest.mark.parametrize("file", ["009.html", "010.html"])
def test_furat_post_captured_pages(file):
    from crawler.parsers.furat_post import parse_page

    item = parse_page(captured("furat_post", file, "https://euphratespost.net/x/"), "https://euphratespost.net/x/")
    exp = expected_by_url()[item.url]
    for name in FIELDS:
        assert getattr(item, name) == exp[name], name
    assert [v["url"] for v in item.videos] == exp["videos"]


def test_furat_post_captured_api_answer_agrees_with_page():
    from crawler.parsers.furat_post import parse_api_post, parse_page

    post = json.loads((SHARED_SITES / "furat_post" / "wp-json-posts-page1.json").read_text(encoding="utf-8"))[0]
    api = parse_api_post(post)
    page = parse_page(captured("furat_post", "009.html", api.url), api.url)
    for name in ("article_id", "url", "title", "body", "published_at", "lang", "videos"):
        assert getattr(api, name) == getattr(page, name), name
