"""Arabic matching form of text, and the way back to the text as written.

The bottom layer: lexicons, tokens and coreference all compare normalised words, and every
string the extractor returns is cut from the original paragraph through ``_aligned``'s index.
"""

from __future__ import annotations

from functools import lru_cache

from pyarabic import araby


def normalize_ar(text: str) -> str:
    """Matching form of Arabic text (pyarabic): no tashkeel/tatweel, lam-alef ligatures split,
    hamza carriers simplified ("tasheel": أ إ آ -> ا, ؤ -> و, ئ -> ي).
    Teh marbuta is kept: folding it to heh would merge "تابعة" with the verb "تابعه".
    Latin text passes through unchanged."""
    text = araby.strip_tatweel(araby.strip_tashkeel(text))
    normalized: str = araby.normalize_hamza(araby.normalize_ligature(text), method="tasheel")
    return normalized


@lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    return normalize_ar(ch)


def _aligned(text: str) -> tuple[str, list[int]]:
    """``normalize_ar(text)`` plus, for each normalised char, the index of its source char."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in _norm_char(ch):
            out.append(c)
            index.append(i)
    index.append(len(text))
    return "".join(out), index


def _strip_article(word: str) -> str:
    """Base of a normalised word for head matching: الناشط -> ناشط, للدراسات -> دراسات."""
    for prefix in ("لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word
