"""crawler/extract/query.py finds what parsel finds: the same nodes, in the same order, for every CSS
query the parsers ask (and a few shapes beside), on generated pages whose class attributes mix
look-alike names (``post``/``post-1``/``xpost``), several classes and odd whitespace; and the
per-page memo (crawler/extract/memo.py) never answers for another page."""

from __future__ import annotations

import random

import pytest
from parsel import Selector

from crawler.extract import memo, query
from crawler.parsers import furat_post, orient_news

TAGS = (
    *("div", "p", "a", "span", "article", "time", "img", "script", "style", "figure", "video", "source", "iframe"),
    *("embed", "h1", "section", "noscript", "footer", "header", "li"),
)
CLASSES = (
    "post",
    "post-1",
    "xpost",
    "entry-content",
    "entry-contents",
    "entry-footer",
    "entry-title",
    "cat-links",
    "tags-links",
    "byline",
    "author",
    "entry-date published",
    "updated",
    "tag",
    "post-thumbnail",
    "news-details",
    "news-title",
    "news-meta",
    "news-author",
    "news-image",
    "news-tags",
    "news-date",
    "news_info",
    "date",
    "writer",
    "news_path",
    "news_tags",
    "news_img",
    "news_title",
    "read-also",
    "sharedaddy",
    "jp-relatedposts",
    "wp-block-embed",
    "a",
    "b",
    "c",
    "a b",
)
IDS = ("newsBody", "news_content", "news_show", "jp-relatedposts", "content", "x", "newsBody2")
SEPARATORS = (" ", "  ", "\t", "\n", " \r\n ", "\u00a0", "\u2003")  # XML whitespace and not

PARSER_QUERIES = {cls.body_css for cls in (*orient_news.TEMPLATES, *furat_post.TEMPLATES) if cls.body_css} | {
    cls.scope_css for cls in (*orient_news.TEMPLATES, *furat_post.TEMPLATES) if cls.scope_css
}
QUERIES = sorted(
    PARSER_QUERIES
    | {
        orient_news.OrientCurrent.body_drop_css,
        furat_post.NOT_TEXT_CSS,
        orient_news.OrientParser.share_css,
        "h1.entry-title",
        "h1.news-title",
        "h1.news_title",
        "time.entry-date.published::attr(datetime)",
        "time.updated::attr(datetime)",
        "time.news-date::attr(datetime)",
        ".byline .author a::text, .byline .author::text",
        ".entry-footer .cat-links a::text",
        ".entry-footer .tags-links a::text",
        ".post-thumbnail img::attr(src)",
        ".news-image img::attr(src), #newsBody img::attr(src)",
        ".news_img img::attr(src), #news_content img::attr(src)",
        ".news-tags a.tag::text",
        ".news-meta .news-author",
        ".news_info .writer",
        ".news_info .date",
        ".news_path a::text",
        ".news_tags a::text",
        "iframe, embed, video, source, [data-video-src]",
        "img::attr(src)",
        "#content",
        "article.post::attr(class)",
        ".a.b",
        ".a > .b",
        ".a ~ .b",
        ".a + .b",
        ".a .b .c",
        ".a:first-child",
        ".a .b:not(.c)",
        "div.a.b, .c.a, p, #x",
        ".a ::text",
        "[data-video-src]",
    }
)


def _classes(rng: random.Random) -> str:
    sep = rng.choice(SEPARATORS)
    value = sep.join(rng.choice(CLASSES) for _ in range(rng.randint(0, 4)))
    return rng.choice(SEPARATORS) + value + rng.choice(SEPARATORS) if rng.random() < 0.3 else value


def _element(rng: random.Random, depth: int) -> str:
    tag = rng.choice(TAGS)
    attrs = []
    if rng.random() < 0.7:
        attrs.append(f'class="{_classes(rng)}"')
    if rng.random() < 0.2:
        attrs.append(f'id="{rng.choice(IDS)}"')
    for name, share in (("data-video-src", 0.1), ("src", 0.3), ("datetime", 0.3)):
        if rng.random() < share:
            attrs.append(f'{name}="v{rng.randint(0, 9)}"')
    if rng.random() < 0.2:
        attrs.append(f'href="https://www.facebook.com/sharer.php?u={rng.randint(0, 9)}"')
    children = "".join(_element(rng, depth + 1) for _ in range(rng.randint(0, 4 if depth < 5 else 0)))
    text = rng.choice(["", "t", " u ", "مواد ذات صلة"])
    return f"<{tag} {' '.join(attrs)}>{text}{children}{rng.choice(['', 'tail'])}</{tag}>{rng.choice(['', 'x'])}"


def _pages(count: int):
    rng = random.Random(16)
    for _ in range(count):
        yield Selector(
            text="<html><body>" + "".join(_element(rng, 0) for _ in range(rng.randint(1, 5))) + "</body></html>"
        )


def _same(expected: list, got: list) -> bool:
    """The same nodes (elements by identity), or the same plain strings, in the same order."""
    if len(expected) != len(got):
        return False
    for a, b in zip(expected, got, strict=True):
        if isinstance(a, str):
            if type(b) is not str or a != b:
                return False
        elif a is not b:
            return False
    return True


def test_select_finds_what_parsel_finds():
    found = dict.fromkeys(QUERIES, 0)
    for sel in _pages(250):
        elements = list(sel.root.iter())
        for node in [sel, *(Selector(root=e, type="html") for e in elements[:: max(1, len(elements) // 3)])]:
            for css in QUERIES:
                expected = [s.root for s in node.css(css)]  # parsel's wrappers keep the proxies alive
                got = query.select(node.root, css)
                assert _same(expected, got), (css, node.root.tag, expected, got)
                found[css] += bool(expected)
    # every query found something somewhere: the comparison was not of empty lists only
    assert all(found.values()), [css for css, n in found.items() if not n]


@pytest.mark.parametrize(
    ("css", "xpath"),
    [
        (
            ".a",
            "descendant-or-self::*/@class[contains(., 'a') and contains(concat(' ', normalize-space(.), ' '), ' a ')]/parent::*",
        ),
        ("#x", "descendant-or-self::*/@id[. = 'x']/parent::*"),
        ("script, style", "descendant-or-self::script | descendant-or-self::style"),
        # a condition beside the class (a position) is left as parsel writes it
        (".a:first-child", None),
    ],
)
def test_xpath_rewrites(css, xpath):
    from parsel.csstranslator import HTMLTranslator

    assert query.xpath_of(css) == (xpath or HTMLTranslator().css_to_xpath(css))


def test_memo_answers_per_page():
    one, two = Selector(text="<div id='b'>1</div>"), Selector(text="<div id='b'>2</div>")
    memo.clear()
    assert memo.select(one, "#b")[0].text == "1"
    assert memo.select(two, "#b")[0].text == "2"  # the same question about another page
    assert memo.select(one, "#b")[0].text == "1"  # and back
    assert memo.select(one, "#b") is memo.select(one.root, "#b")  # a Selector and its root: one page
    memo.clear()


# -- the helpers that answer the same questions for less work ------------------------------------
SIMPLE_LISTS = (
    furat_post.NOT_TEXT_CSS,
    orient_news.OrientCurrent.body_drop_css,
    "script, style, noscript",
    "iframe, embed, video, source, [data-video-src]",
    "div.a.b, .c.a, p, #x",
    "a#x.b, #content, .a.b.c, SPAN, [src]",
    "#x#content, .post",
)


def test_matcher_is_select():
    """``matcher(css)(el, tag)`` holds exactly for the elements ``select(root, css)`` finds."""
    for sel in _pages(150):
        elements = list(sel.root.iter())
        for css in SIMPLE_LISTS:
            test = query.matcher(css)
            assert test is not None, css
            found = set(query.select(sel.root, css))
            for el in elements:
                tag = el.tag if isinstance(el.tag, str) else ""
                assert test(el, tag) == (el in found), (css, el.tag, el.attrib)
    for css in (".a .b", ".a > .b", ".a:first-child", "a::text", "", "p, ", "[href*=x]", ".1a"):
        assert query.matcher(css) is None, css


def test_by_class_is_one_select_per_class():
    names = ("byline", "entry-footer", "post-thumbnail", "news_info", "a", "post")
    for sel in _pages(150):
        for node in (sel.root, *list(sel.root.iter())[::7]):
            if not isinstance(node.tag, str):
                continue
            found = query.by_class(node, names)
            for name in names:
                assert _same(query.select(node, "." + name), found[name]), name


def test_select_under_and_first():
    """``select_under(el, inner)`` is ``select(scope, ".outer inner")`` when ``el`` is the scope's
    only ``.outer``; ``first`` is the first of ``select``."""
    cases = (
        ("byline", ".author a::text, .author::text"),
        ("entry-footer", ".tags-links a::text"),
        ("post-thumbnail", "img::attr(src)"),
        ("news_info", ".date"),
        ("news_path", "a::text"),
    )
    compared = 0
    for sel in _pages(250):
        for node in (sel.root, *list(sel.root.iter())[::5]):
            if not isinstance(node.tag, str):
                continue
            for outer, inner in cases:
                outers = query.select(node, "." + outer)
                whole = ", ".join(f".{outer} {c.strip()}" for c in inner.split(","))
                if len(outers) == 1:
                    assert _same(query.select(node, whole), query.select_under(outers[0], inner))
                    compared += 1
            for css in QUERIES:
                expected = query.select(node, css)
                got = query.first(node, css)
                assert _same(expected[:1], [got] if got is not None else []), css
    assert compared > 100
