"""How the spider parses an article page (``page_selector``, crawler/parsers/base.py) and the short cuts
beside it give what the library calls they stand for give, on real bytes: every HTML page of the
fixtures (and of the captured sites when they are there).

- ``query.parse_html(text)`` is the tree of ``parsel.Selector(text=text, type="html")`` and of Scrapy's
  ``response.selector`` (parsed with ``lxml.etree.HTMLParser`` instead of ``lxml.html``'s);
- ``page_selector(response)`` is not cached on the response: the response and its tree are freed when
  the record is made, without the garbage collector, and the record is the one ``response.selector``
  gives;
- ``query.first(node, ".name")`` (a walk in Python) is the first node parsel's ``.css`` finds.
"""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no types
from parsel import Selector
from scrapy.http import HtmlResponse, TextResponse

from crawler.extract import memo, query
from crawler.parsers import furat_post, orient_news
from crawler.parsers.base import page_selector, pick_parser

from .test_query import _pages

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_SITES = Path(os.environ.get("NEWS_SHARED_SITES", ROOT.parent / "shared" / "sites"))


def _html_files() -> list[Path]:
    files = sorted(FIXTURES.glob("**/*.html"))
    if SHARED_SITES.is_dir():
        files += sorted(SHARED_SITES.glob("**/*.html"))
    return files


def _response(path: Path) -> HtmlResponse:
    outlet = "furat_post" if "furat" in str(path) else "orient_news"
    origin = furat_post.ORIGIN if outlet == "furat_post" else orient_news.ORIGIN
    return HtmlResponse(url=f"{origin}/{path.stem}", body=path.read_bytes(), headers={"Content-Type": "text/html"})


def _dump(root) -> bytes:
    return etree.tostring(root.getroottree(), method="xml", encoding="utf-8")


def test_there_are_pages():
    assert len(_html_files()) > 50


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hello", "\x00<p>a\x00b</p>", "<!-- only a comment -->", "<p>x</p><?pi x?>", "\ufeff<p>é</p>"],
)
def test_parse_html_edge_cases(text):
    assert _dump(query.parse_html(text).root) == _dump(Selector(text=text, type="html").root)


def test_parse_html_is_parsels_tree_on_every_page():
    for path in _html_files():
        response = _response(path)
        ours = query.parse_html(response.text)
        assert type(ours) is Selector and ours.type == "html"
        assert _dump(ours.root) == _dump(Selector(text=response.text, type="html").root), path
        assert _dump(ours.root) == _dump(response.selector.root), path


def _record(sel: Selector, url: str, outlet: str) -> dict:
    memo.clear()
    templates = furat_post.TEMPLATES if outlet == "furat_post" else orient_news.TEMPLATES
    item = pick_parser(templates, sel)(sel, url).article()
    record = dict(vars(item))
    record.pop("scraped_at", None)
    return record


def test_page_selector_is_not_cached_on_the_response_and_gives_the_same_records():
    compared = 0
    for path in _html_files():
        outlet = "furat_post" if "furat" in str(path) else "orient_news"
        response = _response(path)
        sel = page_selector(response)
        assert response._cached_selector is None  # not the response's own selector
        try:
            ours = _record(sel, response.url, outlet)
        except ValueError:  # a listing, a feed: no record either way
            with pytest.raises(ValueError):
                _record(response.selector, response.url, outlet)
            continue
        assert ours == _record(response.selector, response.url, outlet), path
        compared += 1
    assert compared > 20


def test_the_page_is_freed_without_the_collector():
    path = next(p for p in _html_files() if "golden/furat_post" in str(p))
    gc.collect()
    gc.disable()
    try:
        response = _response(path)
        sel = page_selector(response)
        furat_post.parse_page(sel, response.url)
        freed = weakref.ref(response)
        memo.clear()  # the memo holds the last page's tree until the next page
        del response, sel
        assert freed() is None  # no reference cycle: freed by its reference count
    finally:
        gc.enable()


def test_page_selector_of_other_responses_is_their_own():
    response = TextResponse(url="https://orient-news.net/x", body=b'{"a": 1}', encoding="utf-8")
    assert page_selector(response) is response.selector


def _class_names(root) -> set[str]:
    names: set[str] = set()
    for el in root.iter(etree.Element):
        names.update(query.class_tokens(el.get("class") or ""))
    names.discard("")
    return names


def test_first_of_one_class_is_parsels_first():
    pages = [Selector(text=_response(p).text, type="html") for p in _html_files()] + list(_pages(150))
    checked = 0
    for sel in pages:
        elements = list(sel.root.iter(etree.Element))
        for node in [sel, *(Selector(root=e, type="html") for e in elements[:: max(1, len(elements) // 4)])]:
            for name in sorted(_class_names(sel.root) | {"absent-class", "entry-content", "a"}):
                if not query._ONE_CLASS.fullmatch("." + name):
                    continue  # not a name a CSS class selector can be written with
                expected = node.css("." + name)
                got = query.first(node.root, "." + name)
                assert got is (expected[0].root if expected else None), (name, node.root.tag)
                checked += bool(expected)
    assert checked > 1000
