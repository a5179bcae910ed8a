"""Quoted sources: who an article quotes or credits as the source of its information.

``extract_quoted_sources(paragraphs, lang, outlet_names)`` returns one dict per source, in
order of first appearance::

    {"name": "أحمد الشيخ", "kind": "person", "role": "مدير مركز الدفاع المدني في خان شيخون",
     "verb": "أفاد", "told_to": None, "quote": "فرق الإنقاذ انتشلت ...", "paragraph": 2}

``kind`` is "person" | "organization" | "outlet" | "anonymous".

How it works (Arabic)
---------------------
1. Each paragraph is normalised for matching with pyarabic (no tashkeel or tatweel, hamza
   carriers simplified), keeping a map back to the original characters so
   that every returned string is the text *as written*.
2. It is tokenised into words, punctuation and "groups": a span in parentheses or quotation
   marks is one token. Long quotations are therefore opaque: a "قال الله" inside a quote is
   never read as an attribution.
3. Triggers are attribution verbs (``ATTRIBUTION_VERBS_AR``, generated in masculine, feminine
   and plural, past and present, with و/ف prefixes) and attribution prepositions
   (``ATTRIBUTION_PREPOSITIONS_AR``: بحسب، وفقاً لـ، نقلاً عن، بحسب ما أفاد به ...).
4. After a trigger the subject runs to the first terminator (punctuation, إن/أن/بأن, the outlet
   spoken to "لأورينت نت", "في تصريح", عن، ...). It is accepted only if it looks like a
   source: a bracketed or quoted name, a known organisation or outlet, a head noun from the
   lexicons (``lexicons.py``: مصادر، ناشطون، مراسل، وزارة، موقع، الناشط ...) or a common given name.
   Subjects of attribution verbs that are not sources ("نشرت قوات النظام تعزيزات") fail that
   test. A verb without a subject after it may have one before it (SVO: "مصادر محلية قالت").
5. Later mentions resolve to the first: the same name, a surname ("(الجابر)"، "العلي"), a bare
   definite head noun ("الشبكة"، "المصادر ذاتها"، "القيادي") or the house correspondent
   ("مراسلنا").

English follows the same plan with its own lexicons: ``"...," NAME, ROLE, told OUTLET``,
``NAME said``, ``said NAME``, ``according to X``, ``local sources said``, ``X quoted Y as saying``.

The package is pure (no Scrapy); everything is compiled at import.

Parts
-----
Pipeline: paragraph -> ``_Para`` (normalised, tokenised) -> a reader (triggers, subjects) ->
``_Registry`` (coreference) -> records. Each module imports only from those above it:

- ``normalize.py``: ``normalize_ar`` and the map from normalised back to original characters.
- ``lexicons.py``:  the word lists (verbs, prepositions, heads, roles, known names) and their
  compiled, normalised forms.
- ``tokens.py``:    ``_Para``, a paragraph as ``_Tok`` tokens with sentence bounds and
  original-text spans; name and quote cleaning.
- ``registry.py``:  ``_Cand``, ``_Source``, ``_Registry``: the sources in order of first mention,
  later mentions resolved to them; ``_name_key``.
- ``arabic.py``:    ``_ArabicReader``, the Arabic grammar of attribution.
- ``english.py``:   ``_EnglishReader``, the English one.
- ``__init__.py``:  ``extract_quoted_sources``, which picks the reader and feeds it each paragraph.
"""

from __future__ import annotations

from typing import Any

from .arabic import _ArabicReader
from .english import _EnglishReader
from .lexicons import (
    ANONYMOUS_SOURCE_NOUNS_AR,
    ANONYMOUS_SOURCE_NOUNS_EN,
    ATTRIBUTION_PREPOSITIONS_AR,
    ATTRIBUTION_VERBS_AR,
    ATTRIBUTION_VERBS_EN,
    HOUSE_OUTLETS,
    KNOWN_OUTLETS_AR,
    _word_tuples,
)
from .normalize import normalize_ar
from .registry import _name_key, _Registry
from .tokens import _Para

__all__ = [
    "ANONYMOUS_SOURCE_NOUNS_AR",
    "ANONYMOUS_SOURCE_NOUNS_EN",
    "ATTRIBUTION_PREPOSITIONS_AR",
    "ATTRIBUTION_VERBS_AR",
    "ATTRIBUTION_VERBS_EN",
    "extract_quoted_sources",
    "normalize_ar",
]


def extract_quoted_sources(
    paragraphs: list[str], lang: str = "ar", outlet_names: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Sources the article quotes or credits, each once, in order of first mention.

    ``outlet_names``: the crawling outlet's own names. They are the listener a source speaks to
    ("لأورينت نت", "told Orient News") and are never returned as a source, except inside its
    own correspondent ("مراسل أورينت"). Without them, the outlets this project crawls
    (``HOUSE_OUTLETS``) are still recognised as listeners and as "our" correspondent.
    """
    house_names = tuple(outlet_names) or HOUSE_OUTLETS
    registry = _Registry(frozenset(_name_key(n) for n in outlet_names))
    reader: _ArabicReader | _EnglishReader
    if lang == "en":
        reader = _EnglishReader(registry, frozenset(n.casefold() for n in house_names))
    else:
        house = _word_tuples(house_names)
        listeners = _word_tuples(tuple(outlet_names) + HOUSE_OUTLETS + KNOWN_OUTLETS_AR)
        reader = _ArabicReader(registry, house, listeners)
    for number, text in enumerate(paragraphs):
        if text and text.strip():
            reader.read(_Para(text, number))
    return [src.as_dict() for src in registry.sources]
