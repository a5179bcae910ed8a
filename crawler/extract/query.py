"""CSS queries on raw lxml nodes, each compiled once into an ``lxml.etree.XPath``.

``sel.css(query)`` on a parsel Selector translates the CSS (cached), looks up the compiled XPath
(cached) and wraps every element or string it finds in a new Selector. The extraction needs the
nodes, not the wrappers: ``select(node, query)`` evaluates the XPath of the same query on the
node's lxml element and returns the lxml elements or strings as they are (plain ``str``, as
parsel's). ``node`` is an lxml element or a parsel Selector (its ``root`` is used), so the helpers
over it take either.

The XPath is parsel's translation (``::text`` and ``::attr(name)`` included), with two rewrites
that find the same nodes in the same (document) order for less work (``xpath_of``):

- a step whose only condition is a class, an id or an attribute's presence
  (``descendant::*[@class and contains(@class, 'x') and contains(concat(' ',
  normalize-space(@class), ' '), ' x ')]``) tests the ``class`` attributes instead of every
  element (``descendant::*/@class[contains(., 'x') and …]/parent::*``): libxml2 evaluates a
  predicate on each element of the axis, which costs about twice as much as visiting the
  attributes that exist. The elements found are those whose attribute passes the same test;
  ``parent::*`` of attribute nodes gives each element once, in document order. A step with any
  other condition (a position, ``:not()``, a sibling combinator) is left as parsel writes it;
- a list of simple selectors ("script, style, .sharedaddy, #jp-relatedposts, figure") is a union
  of one cheap path per selector, its class selectors folded into one pass over the ``class``
  attributes, where parsel's union runs its predicates over the whole tree once per selector.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no types (lxml-stubs is not installed)
from parsel import Selector
from parsel.csstranslator import HTMLTranslator
from parsel.selector import create_root_node

#: the namespaces parsel evaluates an html Selector's XPath with (crawler code uses none of them)
NAMESPACES = {"re": "http://exslt.org/regular-expressions"}

_translator = HTMLTranslator()
_NAME = r"[\w-]+"
_SIMPLE = re.compile(r"[\w.#-]+|\[[\w-]+\]")  # a tag, classes, an id, [attribute]: no combinator
#: parsel's test of one class (cssselect's translation of ``.x``), with and without the name kept
_CLASS_TEST = (
    r"@class and contains\(@class, '{0}'\) and contains\(concat\(' ', normalize-space\(@class\), ' '\), ' {1} '\)"
)
_CLASS = _CLASS_TEST.format(_NAME, _NAME)
_CLASS_RE = re.compile(_CLASS_TEST.format(f"({_NAME})", r"\1"))
#: a location step whose whole condition is classes, an id or an attribute's presence, between a
#: path separator (or the start) and the next one (or the end, or a union)
_STEP = re.compile(
    r"(?:^|(?<=/)|(?<=\| ))"
    rf"((?:[a-z-]+::)?(?:\*|{_NAME}))"
    rf"\[({_CLASS}|\({_CLASS}\)(?: and \({_CLASS}\))+|@id = '{_NAME}'|@{_NAME})\]"
    r"(?=/|$| \|)"
)
#: a whole translation that is one step of classes only (``.a``, ``.a.b``)
_CLASSES_ONLY = re.compile(rf"descendant-or-self::\*\[({_CLASS}|\({_CLASS}\)(?: and \({_CLASS}\))+)\]")


def _class_names(condition: str) -> list[str] | None:
    """The class names a condition of class tests asks for (None if it is anything else)."""
    names = _CLASS_RE.findall(condition)
    return names if names and len(names) == condition.count("@class and ") else None


def _class_test(names: list[str]) -> str:
    """The XPath test of a ``class`` attribute node (``.``) holding every one of ``names``."""
    return " and ".join(
        f"contains(., '{n}') and contains(concat(' ', normalize-space(.), ' '), ' {n} ')" for n in names
    )


def _attribute_step(m: re.Match) -> str:
    step, condition = m.group(1), m.group(2)
    if condition.startswith("@id = "):
        return f"{step}/@id[. {condition[4:]}]/parent::*"
    if condition.startswith("@") and " " not in condition:  # [@name]: the attribute is there
        return f"{step}/{condition}/parent::*"
    names = _class_names(condition)
    return f"{step}/@class[{_class_test(names)}]/parent::*" if names else m.group(0)


def _fast(xpath: str) -> str:
    return _STEP.sub(_attribute_step, xpath)


def parse_html(text: str) -> Selector:
    """``parsel.Selector(text=text, type="html")``: the same tree (parsel's own steps:
    ``create_root_node``, the text stripped of NULs, ``<html/>`` for an empty page, libxml2's HTML
    parser with ``recover`` and ``huge_tree``), parsed with ``lxml.etree.HTMLParser`` instead of
    ``lxml.html.HTMLParser``. The latter looks up a Python class (``HtmlElement``, ``HtmlComment``...)
    for every element proxy made; the extraction uses only ``lxml.etree`` element methods (``get``,
    ``iter``, ``itertext``, ``iterancestors``, ``getnext``...), which plain elements have too."""
    return Selector(root=create_root_node(text, etree.HTMLParser), type="html")


def root_of(node: Any) -> Any:
    """The lxml node of ``node`` (a parsel Selector or already an lxml node)."""
    return node.root if isinstance(node, Selector) else node


@lru_cache(maxsize=512)
def xpath_of(query: str) -> str:
    """The XPath of a CSS query, from the node (``descendant-or-self::``): parsel's translation
    with the rewrites of the module docstring."""
    parts = [p.strip() for p in query.split(",")]
    if len(parts) < 2 or "::" in query or not all(_SIMPLE.fullmatch(p) for p in parts):
        return _fast(_translator.css_to_xpath(query))
    paths, classes = [], []
    for part in parts:
        xpath = _translator.css_to_xpath(part)
        whole = _CLASSES_ONLY.fullmatch(xpath)
        names = _class_names(whole.group(1)) if whole else None
        if names:  # classes only: one pass over the class attributes for all of them
            classes.append(f"({_class_test(names)})")
        else:
            paths.append(_fast(xpath))
    if classes:
        paths.append(f"descendant-or-self::*/@class[{' or '.join(classes)}]/parent::*")
    return " | ".join(paths)


@lru_cache(maxsize=512)
def compiled(query: str) -> etree.XPath:
    """The compiled XPath of a CSS query (``xpath_of``), kept for the life of the process."""
    return etree.XPath(xpath_of(query), namespaces=NAMESPACES, smart_strings=False)


@lru_cache(maxsize=128)
def compiled_xpath(xpath: str) -> etree.XPath:
    """A compiled XPath expression, evaluated as parsel evaluates it (plain ``str`` results)."""
    return etree.XPath(xpath, namespaces=NAMESPACES, smart_strings=False)


@lru_cache(maxsize=128)
def self_test(query: str) -> str:
    """XPath testing whether an element itself matches ``query`` (for an ``ancestor::*[…]``)."""
    return _translator.css_to_xpath(query, prefix="self::")


@lru_cache(maxsize=256)
def compiled_under(query: str) -> etree.XPath:
    """The compiled XPath of a CSS query from the node's descendants (``descendant::``, the node
    itself left out): what ``query`` finds as the right-hand side of a descendant combinator."""
    xpath = _fast(_translator.css_to_xpath(query, prefix="descendant::"))
    return etree.XPath(xpath, namespaces=NAMESPACES, smart_strings=False)


def select(node: Any, query: str) -> list:
    """What ``node.css(query)`` finds, as lxml elements and strings (``[]`` for a text node)."""
    root = root_of(node)
    if not isinstance(root, etree._Element):
        return []
    return compiled(query)(root)


@lru_cache(maxsize=256)
def compiled_first(query: str) -> etree.XPath:
    """The compiled XPath of the first node a CSS query finds (``(…)[1]``: libxml2 stops at the
    first match in document order instead of collecting every one)."""
    return etree.XPath(f"({xpath_of(query)})[1]", namespaces=NAMESPACES, smart_strings=False)


def first(node: Any, query: str, default: Any = None) -> Any:
    """The first of ``select(node, query)``, or ``default``."""
    root = root_of(node)
    if not isinstance(root, etree._Element):
        return default
    name = _one_class(query)
    if name is not None:
        return first_of_class(root, name, default)
    found = compiled_first(query)(root)
    return found[0] if found else default


@lru_cache(maxsize=256)
def _one_class(query: str) -> str | None:
    """The class name of a query that is one class selector (``.entry-content``), else None."""
    m = _ONE_CLASS.fullmatch(query.strip())
    return m.group(1) if m else None


def first_of_class(root: Any, name: str, default: Any = None) -> Any:
    """``first(root, "." + name)``: the first element (``root`` or a descendant, in document order)
    whose ``class`` has the token ``name``, found by walking the elements and reading their
    ``class`` in Python. libxml2 answers the same XPath (``@class`` of every element, then
    ``normalize-space`` and ``concat`` for the candidates) in about twice the time (a page-wide
    search: Furat Post's ``.entry-content``, read once per page by the template check)."""
    for el in root.iter(etree.Element):  # elements only, as ``descendant-or-self::*``
        value = el.get("class")
        if value is not None and name in value and name in class_tokens(value):
            return el
    return default


def select_under(node: Any, query: str) -> list:
    """What ``query`` finds among the descendants of ``node`` (an lxml element): the nodes that
    ``<node's selector> query`` finds when ``node`` is the only element its own selector matches."""
    return compiled_under(query)(node)


#: the separators XPath's ``normalize-space`` splits a ``class`` value on (XML whitespace; not NBSP)
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def class_tokens(value: str) -> list[str]:
    """The tokens of a ``class`` value as an XPath class test (``normalize-space``) sees them."""
    return _XML_SPACE.split(value)


#: every element with a ``class`` attribute, each once, in document order
_WITH_CLASS = etree.XPath("descendant-or-self::*/@class/parent::*")


def by_class(node: Any, names: tuple[str, ...]) -> dict[str, list]:
    """``{name: select(node, "." + name)}`` for each class name, from one pass over the elements
    with a ``class`` (node and descendants) instead of one search per name (an XPath class test
    copies the attribute's value once per name and element; here each value is read once and
    tested for every name). Each name's elements in document order."""
    found: dict[str, list] = {name: [] for name in names}
    root = root_of(node)
    if not names or not isinstance(root, etree._Element):
        return found
    for el in _WITH_CLASS(root):
        value = el.get("class")
        for name in names:
            # a token of the value as XPath's normalize-space splits it (a substring first: cheaper)
            if name in value and name in class_tokens(value):
                found[name].append(el)
    return found


_NAME_TOKEN = r"[A-Za-z_][A-Za-z0-9_-]*"
#: a query of one class selector (``.entry-content``): ``first`` answers it in Python (``first_of_class``)
_ONE_CLASS = re.compile(rf"\.({_NAME_TOKEN})")
#: one simple selector this module can test in Python: a tag and/or classes and ids, or [attribute]
_PLAIN_PART = re.compile(rf"(?P<tag>{_NAME_TOKEN})?(?P<rest>(?:[.#]{_NAME_TOKEN})*)|\[(?P<attr>{_NAME_TOKEN})\]")
_REST_TOKEN = re.compile(rf"([.#])({_NAME_TOKEN})")


@lru_cache(maxsize=128)
def matcher(query: str) -> Callable[[Any, str], bool] | None:
    """A Python test of one element against a list of simple selectors ("script, style, .a,
    #b, figure, div.c, [data-x]"): ``test(el, tag)`` (``tag`` the element's tag name, "" for a
    comment) is true when ``el`` is among what ``select(node, query)`` finds from any ancestor of
    it. For a caller that visits the elements anyway (crawler/extract/text.py) it replaces a search
    of the whole subtree. None when ``query`` has anything else (a combinator, a pseudo-class...)."""
    tags: set[str] = set()
    ids: set[str] = set()
    classes: set[str] = set()
    attrs: list[str] = []
    compound: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]] = []
    for part in query.split(","):
        m = _PLAIN_PART.fullmatch(part.strip())
        if not m or not part.strip():
            return None
        if m["attr"]:
            attrs.append(m["attr"].lower())
            continue
        tag = m["tag"].lower() if m["tag"] else None
        tokens = _REST_TOKEN.findall(m["rest"])
        part_classes = tuple(name for kind, name in tokens if kind == ".")
        part_ids = tuple(name for kind, name in tokens if kind == "#")
        if tag and not tokens:
            tags.add(tag)
        elif not tag and len(tokens) == 1:
            (classes if part_classes else ids).add(tokens[0][1])
        else:
            compound.append((tag, part_classes, part_ids))
    class_names = tuple(classes | {c for _, cs, _ in compound for c in cs})

    def test(el: Any, tag: str) -> bool:
        if not tag:
            return False
        if tag in tags:
            return True
        if ids or compound:
            id_ = el.get("id")
            if id_ is not None and id_ in ids:
                return True
        else:
            id_ = None
        tokens: list[str] = []
        if class_names:
            value = el.get("class")
            if value is not None and any(name in value for name in class_names):
                tokens = class_tokens(value)
                if classes and not classes.isdisjoint(tokens):
                    return True
        for attr in attrs:
            if el.get(attr) is not None:
                return True
        for part_tag, part_classes, part_ids in compound:
            if (
                (part_tag is None or part_tag == tag)
                and all(c in tokens for c in part_classes)
                and all(i == id_ for i in part_ids)
            ):
                return True
        return False

    return test
