"""What several steps of one page's extraction read from the whole page, computed once per page.

A record is built from one page at a time (the spider's callback, ``reparse``, ``golden``), and
some questions about the whole page are asked more than once, by steps that do not share an
object: the template check (``pick_parser``, before the parser exists) and the parser both look
for the body container; the template check of Orient News' current pages, the title, the dates,
the authors and the tags read the JSON-LD; every ``article:*``/OpenGraph field and the canonical
URL read the ``<meta>``/``<link>`` index (``structured.py``). Each is a scan of the whole document.

``page(node)`` is a dict for the page ``node`` belongs to; ``select(node, query)`` and
``first(node, query)`` are ``query.select`` and ``query.first`` answered once per page and node.
The memo holds one page: the last document root asked about, held (so it cannot be freed and its
id reused) and compared by identity, so a value is never served for another page, and asking
about another page starts afresh. Entries are
keyed by the node object itself (lxml elements hash and compare by identity), never by an id.

Why this is safe: answers are pure functions of the tree, and nothing in the crawler changes a
parsed tree (a parser reads it only). Two pages interleaved (another thread, a nested parse) cost
a recomputation, never a wrong answer: every entry is keyed by its node, and a node belongs to
one tree. What it keeps alive between pages is the last page's tree, until the next page.
Results are shared: callers must not change them.
"""

from __future__ import annotations

from typing import Any

from . import query as q

_root: Any = None
_values: dict[Any, Any] = {}


def page(node: Any) -> dict[Any, Any]:
    """The memo dict of the page ``node`` (an lxml element or a parsel Selector) belongs to."""
    global _root, _values
    root = q.root_of(node)
    if root is _root:  # the page's root element itself, asked about again
        return _values
    if hasattr(root, "getroottree"):
        root = root.getroottree().getroot()
    if root is not _root:
        _root, _values = root, {}
    return _values


def select(node: Any, css: str) -> list:
    """``query.select(node, css)``, evaluated once per page and node."""
    root = q.root_of(node)
    values = page(root)
    key = (css, root)
    found = values.get(key)
    if found is None:
        found = values[key] = q.select(root, css)
    return found


_NONE = object()


def first(node: Any, css: str) -> Any:
    """``query.first(node, css)``, evaluated once per page and node."""
    root = q.root_of(node)
    values = page(root)
    key = ("first", css, root)
    found = values.get(key, _NONE)
    if found is _NONE:
        found = values[key] = q.first(root, css)
    return found


def clear() -> None:
    """Forget the page held (tests; a long-lived process between batches)."""
    global _root, _values
    _root, _values = None, {}
