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
from functools import lru_cache
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no types (lxml-stubs is not installed)
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

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


def select(node: Any, query: str) -> list:
    """What ``node.css(query)`` finds, as lxml elements and strings (``[]`` for a text node)."""
    root = root_of(node)
    if not isinstance(root, etree._Element):
        return []
    return compiled(query)(root)


def first(node: Any, query: str, default: Any = None) -> Any:
    """The first of ``select(node, query)``, or ``default``."""
    found = select(node, query)
    return found[0] if found else default
