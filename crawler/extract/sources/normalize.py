"""Arabic matching form of text, and the way back to the text as written.

The bottom layer: lexicons, tokens and coreference all compare normalised words, and every
string the extractor returns is cut from the original paragraph through ``_aligned``'s index.

pyarabic defines the normalisation; every step of it maps one character at a time, so it is
compiled at import into one ``str.translate`` table (the same result, many times faster; a test
checks the two agree on every character of the Basic Multilingual Plane).
"""

from __future__ import annotations

import re

from pyarabic import araby


def _pyarabic_normalize(text: str) -> str:
    text = araby.strip_tatweel(araby.strip_tashkeel(text))
    normalized: str = araby.normalize_hamza(araby.normalize_ligature(text), method="tasheel")
    return normalized


# Arabic, Arabic Supplement, Arabic Extended-A, Presentation Forms A and B: where pyarabic acts.
_ARABIC_BLOCKS = ((0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00))
_TABLE: dict[int, str] = {}
for _lo, _hi in _ARABIC_BLOCKS:
    for _code in range(_lo, _hi):
        _mapped = _pyarabic_normalize(chr(_code))
        if _mapped != chr(_code):
            _TABLE[_code] = _mapped
#: characters whose normalised form is not exactly one character (dropped marks, split ligatures)
_RESIZED = frozenset(chr(c) for c, m in _TABLE.items() if len(m) != 1)
_DROPPED = frozenset(chr(c) for c, m in _TABLE.items() if not m)
_RESIZED_RE = re.compile("[" + "".join(sorted(_RESIZED)) + "]")
# The same mapping applied by cutting the text at the characters it changes: ``str.translate``
# with a dict looks every character up (the slow path for non-ASCII text); most Arabic characters
# map to themselves, so splitting on the few that change and replacing those is several times
# faster, with the same result.
_CHANGED_RE = re.compile("([" + re.escape("".join(chr(c) for c in sorted(_TABLE))) + "])")
_CHANGED = {chr(c): m for c, m in _TABLE.items()}


def normalize_ar(text: str) -> str:
    """Matching form of Arabic text (pyarabic): no tashkeel/tatweel, lam-alef ligatures split,
    hamza carriers simplified ("tasheel": أ إ آ -> ا, ؤ -> و, ئ -> ي).
    Teh marbuta is kept: folding it to heh would merge "تابعة" with the verb "تابعه".
    Latin text passes through unchanged."""
    parts = _CHANGED_RE.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = map(_CHANGED.__getitem__, parts[1::2])
    return "".join(parts)


def _norm_char(ch: str) -> str:
    return _TABLE.get(ord(ch), ch)


def _aligned(text: str, norm: str | None = None) -> tuple[str, list[int] | None]:
    """``normalize_ar(text)`` (or ``norm``, when the caller has it already) plus, for each
    normalised char, the index of its source char (and a last entry ``len(text)``); ``None`` when
    they are the same (nothing dropped or split)."""
    if norm is None:
        norm = normalize_ar(text)
    if len(norm) == len(text) and not _RESIZED_RE.search(text):
        return norm, None
    index: list[int] = []
    pos = 0
    for m in _RESIZED_RE.finditer(text):
        at = m.start()
        index.extend(range(pos, at))
        index.extend([at] * len(_TABLE[ord(text[at])]))
        pos = at + 1
    index.extend(range(pos, len(text) + 1))
    return norm, index


_ARTICLES = frozenset(("لل", "ال"))


def _strip_article(word: str) -> str:
    """Base of a normalised word for head matching: الناشط -> ناشط, للدراسات -> دراسات."""
    # both prefixes are two letters: one slice and one set test instead of a loop of startswith
    return word[2:] if len(word) >= 4 and word[:2] in _ARTICLES else word
