"""Golden fixtures: every fixture page of both outlets, parsed and cleaned as the crawl does,
equals its expected record field by field (tests/fixtures/expected/<outlet>.jsonl, written
by hand in tests/fixtures/make_<outlet>.py)."""

import json
from urllib.parse import unquote, urlsplit

import pytest
from itemadapter import ItemAdapter
from scrapy.http import HtmlResponse

from tests.conftest import FIXTURES, load_expected, manifest_rows, mismatches, pipeline_crawler, through_cleaning

SKIP = {"quoted_sources"}


def page_file(outlet: str, url: str):
    wanted = unquote(urlsplit(url).path)
    for path, status, ctype, file in manifest_rows(outlet):
        if status == 200 and unquote(urlsplit(path).path) == wanted and not urlsplit(path).query:
            return FIXTURES / "sites" / outlet / file, ctype
    raise AssertionError(f"no fixture page for {url}")


def response_for(outlet: str, url: str) -> HtmlResponse:
    path, ctype = page_file(outlet, url)
    # bytes and headers as the replica serves them: Scrapy finds the encoding the same way
    return HtmlResponse(url=url, body=path.read_bytes(), headers={"Content-Type": ctype})


def cases(outlet):
    return sorted(load_expected(outlet).items())


@pytest.mark.parametrize("article_id,expected", cases("orient_news"), ids=lambda v: v if isinstance(v, str) else "")
def test_orient_news_page(article_id, expected, tmp_path):
    from crawler.parsers.orient_news import parse

    response = response_for("orient_news", expected["url"])
    item = through_cleaning(parse(response.selector, expected["url"]), pipeline_crawler(tmp_path))
    assert mismatches(ItemAdapter(item).asdict(), expected, SKIP) == []


@pytest.mark.parametrize("article_id,expected", cases("furat_post"), ids=lambda v: v if isinstance(v, str) else "")
def test_furat_post_page(article_id, expected, tmp_path):
    from crawler.parsers.furat_post import parse_page

    response = response_for("furat_post", expected["url"])
    item = through_cleaning(parse_page(response.selector, expected["url"]), pipeline_crawler(tmp_path))
    assert mismatches(ItemAdapter(item).asdict(), expected, SKIP) == []


def api_posts():
    posts = json.loads((FIXTURES / "sites" / "furat_post" / "wp-json" / "posts.json").read_text(encoding="utf-8"))
    return {str(p["id"]): p for p in posts}


@pytest.mark.parametrize("article_id,expected", cases("furat_post"), ids=lambda v: v if isinstance(v, str) else "")
def test_furat_post_api_agrees_with_expected(article_id, expected, tmp_path):
    from crawler.parsers.furat_post import parse_api_post

    item = through_cleaning(parse_api_post(api_posts()[article_id]), pipeline_crawler(tmp_path))
    assert mismatches(ItemAdapter(item).asdict(), expected, SKIP | {"published_at_raw", "template"}) == []


def test_windows_1256_page_is_decoded_from_its_meta_tag():
    rows = [r for r in manifest_rows("orient_news") if r[1] == 200 and r[2].strip() == "text/html"]
    cp1256 = [r for r in rows if b"windows-1256" in (FIXTURES / "sites" / "orient_news" / r[3]).read_bytes()[:2000]]
    assert cp1256, "the fixture set must hold a windows-1256 page"
    raw = (FIXTURES / "sites" / "orient_news" / cp1256[0][3]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    response = HtmlResponse(
        url="https://orient-news.net" + cp1256[0][0], body=raw, headers={"Content-Type": "text/html"}
    )
    assert response.encoding == "cp1256"
    assert "أورينت" in response.text
