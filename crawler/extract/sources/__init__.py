"""Quoted sources: who an article quotes or credits as the source of its information.

``extract_quoted_sources(paragraphs, lang, outlet_names)`` returns one dict per source, in
order of first appearance::

    {"name": "أحمد الشيخ", "kind": "person", "role": "مدير مركز الدفاع المدني في خان شيخون",
     "verb": "أفاد", "told_to": None, "quote": "فرق الإنقاذ انتشلت ...", "paragraph": 2}

``kind`` is "person" | "organization" | "outlet" | "anonymous".

How it works (Arabic)
---------------------
1. A paragraph is normalised for matching with pyarabic (no tashkeel or tatweel, hamza carriers
   simplified; compiled into one ``str.translate`` table), keeping a map back to the original
   characters so that every returned string is the text *as written*. A paragraph without any
   attribution trigger word goes no further (most of an article's paragraphs).
2. It is tokenised into words, punctuation and "groups": a span in parentheses or quotation
   marks is one token. Long quotations are therefore opaque: a "قال الله" inside a quote is
   never read as an attribution.
3. Triggers are attribution verbs (``ATTRIBUTION_VERBS_AR``, generated in every person, tense and
   number, with an object pronoun and with و/ف) and prepositions (``ATTRIBUTION_PREPOSITIONS_AR``:
   بحسب، وفقاً لـ، نقلاً عن، بحسب ما أفاد به ...). A verb with a non-reporting sense (نشر: deployed,
   نقل: carried, تابع: carried on ...) counts only when information follows (a quotation, "أن",
   "نقل عن", an object such as صور or بيان); "أعلن" not when it declares a measure ("أعلنت
   الحكومة الحداد"); a negated verb ("لم تعلّق") never. A plural verb ("وقالوا") agrees with a
   subject before it, never after.
4. The subject (after the trigger, or before it: "مصادر محلية قالت") is classified by its head
   noun, whatever its position (``arabic_np.py``): a body's head (مديرية، مستشفى، تجمع ...) makes an
   organisation, an outlet's an outlet, a page's or account's an organisation unless named, a
   person noun (``lexicons.py``, in every case, gender and number: عمالاً، سائقو، ممرضتين) a person
   when a name goes with it — in brackets before or after its role, unbracketed after it, in
   apposition ("، جمال عثمان،" "، ويدعى …") — and an anonymous source otherwise. Spans follow the
   noun phrase: its genitive chain, adjectives and the qualifiers that say which one ("عمال من
   قرية الصالحية", "مديرية الصحة في درعا"), not descriptors ("صحيفة الوطن الموالية"). A subject
   that is none of these is no source ("نشرت قوات النظام تعزيزات").
   A body's name keeps its internal prepositions ("هيئة الدفاع عن المعتقلين", "منظمة أطباء لحقوق
   الإنسان"); after a construct closed by a definite genitive only adjectives follow ("رفض مجلس
   عشائر البوكمال الاتفاق": the object). A short word that is no dictionary word of the grammar
   (pronoun, particle, preposition with a pronoun, known name) alone after the verb is an acronym:
   a body ("قالت قسد"). A name after a role may follow its qualifier ("الباحثة في مركز جسور لينا
   الخوري") or stand in apposition to any description ("المتحدث باسم الجيش الوطني، سامي العبيد،").
5. Around it: its role in apposition, the outlet spoken to (itself a source unless it is the
   crawling outlet: "قال لوكالة الأناضول"), the quote, the source it quotes ("نقلت وكالة X عن Y
   قوله", passive "نُقل عن مصدر أمني قوله"), and people introduced by a remark on their anonymity
   ("عمالاً من قرية الكسرة، فضّلوا عدم ذكر أسمائهم، وقالوا ..."). A participle after a comma
   ("، مؤكدةً أن") gives its statement to the subject of a sentence whose verb reports nothing.
6. Later mentions resolve to the first (``registry.py``): the same name, a surname ("(الجابر)"،
   "العلي"), a given name alone, a bare definite head noun in any number ("الشبكة"، "المصادر
   ذاتها"، "الموقع"، "العمال") or the house correspondent ("مراسلنا"); a head noun whose body was
   named earlier outside an attribution ("(لجنة أهالي هجين)" ... "وأكدت اللجنة") takes that first
   full naming, and so does an acronym whose letters are the initials of a full name met before
   or after it ("قسد" / "قوات سوريا الديمقراطية", "SDF" / "Syrian Democratic Forces"), also inside
   brackets anywhere ("... قوات سوريا الديمقراطية (قسد)").

The conventions (what counts, name spans, kinds, roles) are those of
``tests/fixtures/sources/blind/GUIDELINES.md``. English follows the same plan with its own
lexicons: ``"...," NAME, ROLE, told OUTLET``, ``NAME (ROLE) said``, ``said NAME, ROLE``,
``according to X``, ``local sources in X said``, ``X newspaper quoted Y, ROLE, as saying``,
``In a statement, the X Association said``, titles before a name (``Turkish Foreign Minister
Hakan Fidan said``), the agent of a passive (``carried by its Amaq news agency``, ``documented by
...``), ``, saying that`` / ``, quoting X as saying`` for the sentence's subject.

The package is pure (no Scrapy); everything is compiled at import.

Parts
-----
Pipeline: paragraph -> ``_Para`` (normalised, tokenised) -> a reader (triggers, subjects) ->
``_Registry`` (coreference) -> records. Each module imports only from those above it:

- ``normalize.py``:   ``normalize_ar`` and the map from normalised back to original characters.
- ``lexicons.py``:    the Arabic word lists as written (verbs, prepositions, head nouns in their
  base forms, roles, known names); ``lexicons_en.py`` the English ones, compiled.
- ``forms.py``:       the Arabic lists compiled: normalised sets, every written form of each verb
  and head noun, first-word indexes, the closed classes of the grammar.
- ``tokens.py``:      ``_Para``, a paragraph as ``_Tok`` tokens with sentence bounds and
  original-text spans; the trigger pre-check; name and quote cleaning.
- ``registry.py``:    ``_Cand``, ``_Source``, ``_Registry``: the sources in order of first mention,
  later mentions resolved to them (coreference); ``_name_key``.
- ``arabic_np.py``:   ``_ArabicSubjects``, Arabic noun phrases: is a subject a source, of which
  kind, with which name and role.
- ``arabic.py``:      ``_ArabicReader``, the Arabic grammar of attribution around it.
- ``english.py``:     ``_EnglishReader``, the English one.
- ``__init__.py``:    ``extract_quoted_sources``, which picks the reader and feeds it each paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .arabic import _ArabicReader
from .english import _EnglishReader
from .forms import _word_tuples
from .lexicons import (
    ANONYMOUS_SOURCE_NOUNS_AR,
    ATTRIBUTION_PREPOSITIONS_AR,
    ATTRIBUTION_VERBS_AR,
    HOUSE_OUTLETS,
    KNOWN_OUTLETS_AR,
)
from .lexicons_en import ANONYMOUS_SOURCE_NOUNS_EN, ATTRIBUTION_VERBS_EN
from .normalize import normalize_ar
from .registry import _name_key, _Registry
from .tokens import _Para, may_attribute

_EN_ACRONYM_RE = re.compile(r"\b[A-Z]{2,5}\b")

__all__ = [
    "ANONYMOUS_SOURCE_NOUNS_AR",
    "ANONYMOUS_SOURCE_NOUNS_EN",
    "ATTRIBUTION_PREPOSITIONS_AR",
    "ATTRIBUTION_VERBS_AR",
    "ATTRIBUTION_VERBS_EN",
    "extract_quoted_sources",
    "normalize_ar",
]


@lru_cache(maxsize=64)
def _outlet_tables(
    outlet_names: tuple[str, ...],
) -> tuple[frozenset[str], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], frozenset[str]]:
    """Per set of caller outlet names, compiled once: listener keys, the house outlets' word
    tuples, the listeners' word tuples, the house names case-folded (English)."""
    house_names = outlet_names or HOUSE_OUTLETS
    return (
        frozenset(_name_key(n) for n in outlet_names),
        _word_tuples(house_names),
        _word_tuples(outlet_names + HOUSE_OUTLETS + KNOWN_OUTLETS_AR),
        frozenset(n.casefold() for n in house_names),
    )


def extract_quoted_sources(
    paragraphs: list[str], lang: str = "ar", outlet_names: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Sources the article quotes or credits, each once, in order of first mention.

    ``outlet_names``: the crawling outlet's own names. They are the listener a source speaks to
    ("لأورينت نت", "told Orient News") and are never returned as a source, except inside its
    own correspondent ("مراسل أورينت"). Without them, the outlets this project crawls
    (``HOUSE_OUTLETS``) are still recognised as listeners and as "our" correspondent.
    """
    listener_keys, house, listeners, house_en = _outlet_tables(tuple(outlet_names))
    registry = _Registry(listener_keys)
    english = lang == "en"
    reader = _EnglishReader(registry, house_en) if english else _ArabicReader(registry, house, listeners)
    if english:
        registry.acronyms = frozenset(m.casefold() for text in paragraphs if text for m in _EN_ACRONYM_RE.findall(text))
    # the Arabic reader's trigger words are found while tokenising
    triggers = _ArabicReader.TRIGGERS if isinstance(reader, _ArabicReader) else frozenset()
    for number, text in enumerate(paragraphs):
        if not text:
            continue
        if english and "(" in text:
            registry.aliases_in(text)  # "the Syrian Democratic Forces (SDF)"
        # A paragraph with no attribution trigger at all is never tokenised.
        norm = text if english and text.isascii() else normalize_ar(text)
        pieces = None if english else norm.split()  # the Arabic reader tests participles in them too
        if may_attribute(norm, english, pieces):
            reader.read(_Para(text, number, norm, triggers, pieces))
        if isinstance(reader, _ArabicReader):
            reader.names_in(text)  # bodies named in brackets, for later mentions by head noun
    return [src.as_dict() for src in registry.sources]
