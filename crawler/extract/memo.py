"""What several fields of one page read, computed once per page.

A record is built from one page at a time (the spider's callback, ``reparse``, ``golden``), and
its fields ask the page the same things more than once: the template check and the body both
look for the body container, the URL and the id both read ``<link rel=canonical>``, every
``article:*``/OpenGraph field reads the ``<meta>`` tags. Each such question is a scan of the whole
document, the largest cost of a record after the quoted sources (bench/extract_speed.py).

``css(sel, query)`` answers a CSS query once per page and ``page(sel)`` is a dict for any other
per-page value (``structured.py`` keeps the ``<meta>``/``<link>`` index and the JSON-LD there).
The memo holds one page: the last document root asked about, compared by identity, so a value
can never be served for another page (the held root cannot be freed and its id reused), and
asking about another page starts afresh. Results are shared: callers must not change them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator

_root: Any = None
_values: dict[str, Any] = {}


def page(sel: Selector) -> dict[str, Any]:
    """The memo dict of ``sel``'s page (the document its root belongs to)."""
    global _root, _values
    root = sel.root
    if hasattr(root, "getroottree"):
        root = root.getroottree().getroot()
    if root is not _root:
        _root, _values = root, {}
    return _values


def css(sel: Selector, query: str) -> SelectorList:
    """``sel.css(query)``, evaluated once per page and selector node (``xpath_of`` gives a list
    of simple selectors, "script, .sharedaddy, #jp-relatedposts", as one pass)."""
    values = page(sel)
    key = f"css\0{id(sel.root)}\0{query}"
    found = values.get(key)
    if found is None or found[0] is not sel.root:
        found = values[key] = (sel.root, sel.xpath(xpath_of(query)))
    return found[1]


_SIMPLE = re.compile(r"[\w.#-]+|\[[\w-]+\]")  # a tag, classes, an id, [attribute]: no combinator


@lru_cache(maxsize=256)
def xpath_of(query: str) -> str:
    """The XPath of a CSS query, as parsel translates it; except that a list of simple selectors
    ("script, style, .sharedaddy, #jp-relatedposts, figure") is one scan of the tree testing
    each element against all of them, where parsel's union scans the tree once per selector.
    The same elements, in document order."""
    translator = HTMLTranslator()
    parts = [p.strip() for p in query.split(",")]
    if len(parts) < 2 or "::" in query or not all(_SIMPLE.fullmatch(p) for p in parts):
        return translator.css_to_xpath(query)
    tests = " or ".join(f"({translator.css_to_xpath(p, prefix='self::')})" for p in parts)
    return f"descendant-or-self::*[{tests}]"


def clear() -> None:
    """Forget the page held (tests; a long-lived process between batches)."""
    global _root, _values
    _root, _values = None, {}
