"""The paragraph model the readers walk: tokens (words, punctuation, and "groups" — a span in
brackets or quotation marks as one opaque token), sentence boundaries, and spans cut back to
the original text; plus the cleaning of the names and quotes taken from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicons import _EN_TITLES, _SENTENCE_END
from .normalize import _aligned, _norm_char

_TOKEN_RE = re.compile(
    r"""\((?P<paren>[^()]{1,300})\)
      | “(?P<curly>[^“”]{1,3000})”
      | «(?P<guill>[^«»]{1,3000})»
      | "(?P<straight>[^"]{1,3000})"
      | (?P<word>\w[\w'’\-]*)
      | (?P<punct>[^\w\s])""",
    re.X,
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word" | "punct" | "group" (text in brackets or quotation marks)
    text: str  # normalised; for groups the inner text
    start: int  # span in the normalised paragraph (groups: marks included)
    end: int
    inner: tuple[int, int] | None = None
    mark: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())

    def is_word(self, *texts: str) -> bool:
        return self.kind == "word" and (not texts or self.text in texts)


def _tokenize(norm: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN_RE.finditer(norm):
        group = next((g for g in ("paren", "curly", "guill", "straight") if m.group(g) is not None), None)
        if group:
            toks.append(_Tok("group", m.group(group).strip(), m.start(), m.end(), m.span(group), norm[m.start()]))
        elif m.group("word"):
            toks.append(_Tok("word", m.group("word"), m.start(), m.end()))
        else:
            toks.append(_Tok("punct", m.group("punct"), m.start(), m.end()))
    return toks


class _Para:
    """One paragraph: original text, normalised text, tokens and sentence boundaries."""

    def __init__(self, text: str, number: int):
        self.text = text
        self.number = number
        self.norm, self._index = _aligned(text)
        self.toks = _tokenize(self.norm)
        self._sentence_end = self._sentence_ends()

    def _sentence_ends(self) -> list[int]:
        """For each token, the index of the token ending its sentence (exclusive bound)."""
        ends = [len(self.toks)] * len(self.toks)
        boundary = len(self.toks)
        for i in range(len(self.toks) - 1, -1, -1):
            tok = self.toks[i]
            if tok.kind == "punct" and tok.text in _SENTENCE_END and self._is_boundary(i):
                boundary = i
            ends[i] = boundary
        return ends

    def _is_boundary(self, i: int) -> bool:
        tok = self.toks[i]
        after = self.norm[tok.end : tok.end + 1]
        if after and not after.isspace():
            return False  # 7.5, U.S
        prev = self.toks[i - 1] if i else None
        return not (tok.text == "." and prev is not None and prev.kind == "word" and prev.text.casefold() in _EN_TITLES)

    def sentence_end(self, i: int) -> int:
        return self._sentence_end[i] if i < len(self.toks) else len(self.toks)

    def sentence_start(self, i: int) -> int:
        j = i
        while j > 0 and not (self.toks[j - 1].kind == "punct" and self.sentence_end(j - 1) == j - 1):
            j -= 1
        return j

    def original(self, start: int, end: int) -> str:
        """Original text of a normalised span, with trailing diacritics kept, trimmed."""
        if start >= end:
            return ""
        s = self._index[start]
        e = self._index[end - 1] + 1
        while e < len(self.text) and _norm_char(self.text[e]) == "":
            e += 1
        return self.text[s:e].strip()

    def span_text(self, toks: list[_Tok] | tuple[_Tok, ...], inner: bool = False) -> str:
        if not toks:
            return ""
        first, last = toks[0], toks[-1]
        # only group tokens have an inner span (the text inside their marks)
        start = first.inner[0] if inner and first.inner is not None else first.start
        end = last.inner[1] if inner and last.inner is not None else last.end
        return self.original(start, end)


def _clean_name(text: str) -> str:
    text = re.sub(r"[()“”«»\"]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ،,.:؛;-")


def _clean_quote(text: str) -> str | None:
    text = text.strip().strip('“”«»"').strip(" ،,.:؛;")
    return text or None
