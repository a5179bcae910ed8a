"""Who is who across paragraphs. A reader turns each mention into a ``_Cand``; the
``_Registry`` keeps the ``_Source`` list in order of first mention and resolves later mentions
(same name, surname, definite head noun, same correspondent) to the source they refer to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from .forms import _ACRONYM_NAMES, _HEAD_ALIASES
from .normalize import _strip_article, normalize_ar


@dataclass
class _Cand:
    """A source candidate read from one mention."""

    name: str
    kind: str
    role: str | None = None
    heads: frozenset[str] = frozenset()
    anaphor: bool = False  # may only refer back ("الشبكة", "the ministry", "(الجابر)")
    standalone: bool = False  # ...unless nothing earlier matches and it still names a source
    corr_key: str | None = None  # correspondents: the outlet they report for

    @property
    def key(self) -> str:
        return _name_key(self.name)


_KEY_MARKS = str.maketrans(dict.fromkeys("()“”«»\"'’.,،", " "))
_ARTICLES = ("the ", "a ", "an ")


@lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    """The matching key of a name: normalised, case folded, without brackets, quotation marks,
    punctuation and a leading English article, single-spaced."""
    key = " ".join(normalize_ar(name).casefold().translate(_KEY_MARKS).split())
    for article in _ARTICLES:
        if key.startswith(article):
            return key[len(article) :]
    return key


@lru_cache(maxsize=8192)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(_strip_article(t) for t in _name_key(name).replace("-", " ").split())


#: Words an acronym skips: "الدولة الإسلامية في العراق والشام" -> داعش, "Hayat Tahrir al-Sham" -> HTS.
_ACRONYM_SKIPS = frozenset(["في", "و", "of", "for", "the", "and", "in", "al", "el"])


@lru_cache(maxsize=4096)
def _initials(name: str) -> str:
    """The first letters of a name's words, articles and connectors skipped: "قوات سوريا
    الديمقراطية" -> قسد, "Syrian Democratic Forces" -> sdf."""
    out = []
    for word in _name_key(name).replace("-", " ").split():
        if word in _ACRONYM_SKIPS:
            continue
        bare = _strip_article(word[1:] if word.startswith("وال") and len(word) > 4 else word)
        out.append(bare[0])
    return "".join(out)


@lru_cache(maxsize=1)
def _known_bodies() -> dict[str, str]:
    """Matching keys of the names of bodies whose acronym is not their initials -> one id."""
    return {_name_key(name): _name_key(acronym) for name, acronym in _ACRONYM_NAMES.items()}


def _acronym(name: str) -> str | None:
    """The key of a name that is an acronym (one word of two to five letters), else None."""
    key = _name_key(name)
    return key if 2 <= len(key) <= 5 and key.isalpha() and " " not in key else None


_ALIAS_RE = re.compile(r"\((\w{2,5})\)")


def _canonical_head(word: str) -> str:
    word = _strip_article(word.casefold())
    return _HEAD_ALIASES.get(word, word)


@dataclass
class _Source:
    name: str
    kind: str
    role: str | None
    verb: str
    told_to: str | None
    quote: str | None
    paragraph: int
    heads: set[str]
    corr_key: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "verb": self.verb,
            "told_to": self.told_to,
            "quote": self.quote,
            "paragraph": self.paragraph,
        }


class _Registry:
    """Sources in order of first mention; later mentions resolve to them."""

    def __init__(self, listeners: frozenset[str]):
        self.sources: list[_Source] = []
        self.persons = 0  # how many of them are persons (no surname to look up before the first)
        self.adds = 0  # how many attributions were read (a reader tells whether a trigger gave one)
        self.listeners = listeners  # keys of the caller's own outlet names
        self.mentions: list[_Cand] = []  # bodies named where they were not a source
        self.acronyms: frozenset[str] = frozenset()  # English acronyms written in the article (keys)
        #: the reader's look-up of a body's first full naming in the text read so far, asked for a
        #: bare head noun that refers to nothing named yet ("وقالت المحكمة")
        self.first_naming: Callable[[_Cand], _Cand | None] | None = None

    def mention(self, cand: _Cand) -> None:
        """A body named outside an attribution ("أعلنت حكومة الإنقاذ الحداد"): if it is quoted
        later by its head noun alone ("وقالت الحكومة ...") or by its acronym ("وقالت قسد"), its
        name is this first full naming; so it is of a source quoted earlier by its acronym."""
        if not self.renames_acronym(cand):
            self.mentions.append(cand)

    def aliases_in(self, text: str) -> None:
        """Bodies named in full with their acronym in brackets anywhere ("بالتعاون مع قوات سوريا
        الديمقراطية (قسد)", "the Syrian Democratic Forces (SDF)"): quoted later by the acronym,
        or quoted earlier by it, their name is this full naming. The full name is the run of
        words before the bracket whose initials are the acronym."""
        for m in _ALIAS_RE.finditer(text):
            key = _acronym(m.group(1))
            if key is None:
                continue
            words = text[max(0, m.start() - 120) : m.start()].split()[-12:]
            for n in range(len(key), min(len(words), 2 * len(key) + 2) + 1):
                name = " ".join(words[-n:])
                if _initials(name) != key and name[:1] in "لبو" and len(words[-n]) > 3:
                    name = name[1:]  # "لهيئة تحرير الشام (هتش)"
                if _initials(name) == key and name.split()[0].casefold() not in _ACRONYM_SKIPS:
                    cand = _Cand(name.strip(" ،,"), "organization")
                    if not self.renames_acronym(cand):
                        self.mentions.append(cand)
                    break

    @staticmethod
    def stands_for(key: str, name: str, kind: str) -> bool:
        """Whether an acronym (its key) stands for this body's full name (its initials)."""
        return kind != "person" and " " in name.strip() and _initials(name) == key

    def renames_acronym(self, cand: _Cand) -> bool:
        """A body fully named after its acronym was quoted ("قالت قسد ..." then "قوات سوريا
        الديمقراطية"): the source keeps its place and takes the full name (GUIDELINES §4)."""
        if " " not in cand.name.strip():
            return False
        initials = _initials(cand.name)
        if cand.kind == "person" and len(initials) < 3:
            return False  # a body's name read as a person's ("Hayat Tahrir al-Sham"): long acronyms only
        for src in self.sources:
            if src.kind != "person" and _acronym(src.name) == initials:
                src.name = cand.name
                src.heads |= {_canonical_head(h) for h in cand.heads}
                return True
        return False

    def person_suffix(self, words: list[str]) -> _Source | None:
        """Earlier person whose name ends with these words ("الحاج علي", "Jaber")."""
        if not self.persons:
            return None
        probe = _name_tokens(" ".join(words))
        if not probe:
            return None
        for src in reversed(self.sources):
            if src.kind == "person":
                tokens = _name_tokens(src.name)
                if len(probe) <= len(tokens) and tokens[len(tokens) - len(probe) :] == probe:
                    return src
        return None

    def resolve(self, cand: _Cand) -> _Source | Literal[False] | None:
        """The earlier source ``cand`` refers to, None for a new one, False to drop it."""
        key = cand.key
        if key in self.listeners:
            return False
        for src in self.sources:
            if _name_key(src.name) == key:
                return src
        body = _known_bodies().get(key) if cand.kind != "person" else None
        if body is not None:  # "UNICEF" ... "the UN Children's Fund"
            for src in self.sources:
                if _known_bodies().get(_name_key(src.name)) == body:
                    if " " in cand.name.strip() and " " not in src.name.strip():
                        src.name = cand.name  # the first full naming
                    return src
        acronym = _acronym(cand.name) if cand.kind != "person" else None
        if acronym is not None:
            for src in self.sources:
                if self.stands_for(acronym, src.name, src.kind):
                    return src
        if cand.corr_key:
            for src in self.sources:
                if src.corr_key == cand.corr_key:
                    return src
            return False if cand.anaphor and not cand.standalone else None
        if cand.kind == "person" or cand.anaphor:
            by_suffix = self.person_suffix(cand.name.split())
            if by_suffix is not None:
                return by_suffix
        if cand.kind == "person" and self.persons and " " not in cand.name.strip():
            # a later mention by the given name alone: "محمد الحسن" ... "وقال محمد إن"
            for src in reversed(self.sources):
                if src.kind == "person" and _name_tokens(src.name)[:1] == _name_tokens(cand.name):
                    return src
        if cand.anaphor:
            heads = {_canonical_head(h) for h in cand.heads}
            for src in reversed(self.sources):
                if heads & src.heads:
                    return src
            return None if cand.standalone else False
        return None

    def named_earlier(self, cand: _Cand) -> _Cand | None:
        """The body a bare head noun refers to, named earlier where it was not a source."""
        heads = {_canonical_head(h) for h in cand.heads}
        for named in reversed(self.mentions):
            if heads & {_canonical_head(h) for h in named.heads}:
                return named
        return None

    def add(self, cand: _Cand, *, verb: str, told_to: str | None, quote: str | None, paragraph: int) -> None:
        self.adds += 1
        if cand.kind == "person" and self.acronyms and " " in cand.name and _initials(cand.name) in self.acronyms:
            cand.kind = "organization"  # "Hayat Tahrir al-Sham", whose acronym HTS the article uses
        if cand.kind != "person":
            cand.role = None  # organisations, outlets and anonymous sources have no role
        found = self.resolve(cand)
        if cand.anaphor and not isinstance(found, _Source):
            named = self.named_earlier(cand)
            if (
                named is None
                and self.first_naming is not None
                and cand.kind in ("organization", "outlet")
                and cand.heads
                and not cand.corr_key
            ):
                named = self.first_naming(cand)
            if named is not None:
                cand, found = named, self.resolve(named)
        if found is None:
            acronym = _acronym(cand.name) if cand.kind != "person" else None
            full = next(
                (m for m in self.mentions if acronym is not None and self.stands_for(acronym, m.name, m.kind)), None
            )
            if full is not None:
                cand = full  # "أعلنت قوات سوريا الديمقراطية حظر التجول ... وقالت قسد"
            elif self.renames_acronym(cand):
                return
        if found is False:
            return
        if found is not None:
            if found.kind == "person":
                found.role = found.role or cand.role
            found.told_to = found.told_to or told_to
            found.quote = found.quote or quote
            return
        heads = {_canonical_head(h) for h in cand.heads}
        self.persons += cand.kind == "person"
        self.sources.append(
            _Source(cand.name, cand.kind, cand.role, verb, told_to, quote, paragraph, heads, cand.corr_key)
        )
