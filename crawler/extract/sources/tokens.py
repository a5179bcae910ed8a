"""The paragraph model the readers walk: tokens (words, punctuation, and "groups" — a span in
brackets or quotation marks as one opaque token), sentence boundaries, and spans cut back to
the original text; plus the cleaning of the names and quotes taken from it.
"""

from __future__ import annotations

import re

from .forms import _SENTENCE_END, _TRIGGER_WORDS_AR
from .lexicons_en import _EN_TITLES, _EN_TRIGGER_WORDS
from .normalize import _DROPPED, _aligned

_WORD_RE = re.compile(r"\w+")


def may_attribute(norm: str, english: bool, pieces: list[str] | None = None) -> bool:
    """Cheap test before tokenising a normalised paragraph: does it contain any attribution
    trigger word? (Every trigger the readers act on is a whole word of one of these sets, so a
    paragraph without one holds no source.) ``pieces``: ``norm.split()`` (Arabic), when the caller
    has it."""
    # Blank-separated words first (every trigger is a whole \w+ word, so one found among them is
    # one of the \w+ words too); when none is, the \w+ words of the pieces glued to punctuation (a
    # piece that is all letters and digits is one \w+ word already, tested above).
    if english:
        norm = norm.lower()
    triggers = _EN_TRIGGER_WORDS if english else _TRIGGER_WORDS_AR
    if pieces is None or english:
        pieces = norm.split()
    if not triggers.isdisjoint(pieces):
        return True
    glued = [piece for piece in pieces if not piece.isalnum()]
    return bool(glued) and not triggers.isdisjoint(_WORD_RE.findall(" ".join(glued)))


# Words first (most tokens are); no word starts with a bracket or a quotation mark, so the order
# changes nothing but the speed. The blanks before a token are part of its match (a search would
# otherwise try every alternative at each blank and fail) and its first group, so that ``findall``
# (strings, no match objects) gives each token's place: every character but the blanks is part of
# a token, which therefore starts where the last one ended plus its blanks. A group's marks are one
# character each, so the text inside them is the group's text without its first and last
# character (four groups fewer to fill in per token than one group per kind of mark).
_TOKEN_RE = re.compile(
    r"""(\s*)(?:(\w[\w'’\-]*)
      | (\([^()]{1,300}\) | “[^“”]{1,3000}” | «[^«»]{1,3000}» | "[^"]{1,3000}")
      | ([^\w\s]))""",
    re.X,
)


class _Tok:
    """A word, a punctuation mark, or a "group" (``_Group``: text in brackets or quotation
    marks). Only what a word needs is set per token; a group sets the rest."""

    __slots__ = ("end", "kind", "start", "text")
    inner: tuple[int, int] | None = None  # groups: the span inside the marks
    mark: str = ""  # groups: the opening mark
    words = 1  # groups: how many words they hold
    lost: str = ""  # a word after a glued لـ ("للمرصد"): the article not written, put back in spans

    def __init__(self, kind: str, text: str, start: int, end: int):
        self.kind = kind  # "word" | "punct" | "group"
        self.text = text  # normalised; for groups the inner text
        self.start = start  # span in the normalised paragraph (groups: marks included)
        self.end = end

    def is_word(self, *texts: str) -> bool:
        return self.kind == "word" and (not texts or self.text in texts)

    def __repr__(self) -> str:
        return f"_Tok({self.kind}, {self.text!r})"


class _Group(_Tok):
    __slots__ = ("inner", "mark", "words")

    def __init__(self, text: str, start: int, end: int, inner: tuple[int, int], mark: str):
        super().__init__("group", text, start, end)
        self.inner = inner
        self.mark = mark
        self.words = len(text.split())


class _Glued(_Tok):
    """The word after a glued لـ that swallowed its article's alef ("للمرصد" -> المرصد): its span
    starts after the lams, and a span starting at it is written with the article put back."""

    __slots__ = ("lost",)

    def __init__(self, text: str, start: int, end: int, lost: str):
        super().__init__("word", text, start, end)
        self.lost = lost


def _tokenize(norm: str, triggers: frozenset[str] = frozenset()) -> tuple[list[_Tok], list[int], list[int]]:
    """The tokens of a normalised paragraph; found in the same pass, the indexes of the punctuation
    tokens that may end a sentence and those of the words that are in ``triggers``."""
    toks: list[_Tok] = []
    marks: list[int] = []
    hits: list[int] = []
    append = toks.append
    new = object.__new__  # a word or punctuation token is filled in here: no __init__ call per token
    match = _TOKEN_RE.match
    end = 0  # where the last token ended
    at = -1  # where the last piece ended (the blank before the first)
    # Most tokens are pieces of letters and digits between single blanks: such a piece is one word
    # token (``_TOKEN_RE`` finds the same: ``\w`` is ``str.isalnum`` or "_"), taken without the
    # regex, its place counted from the last piece's. A piece with anything else in it (other
    # blanks too) is read with ``_TOKEN_RE`` from where it starts, and a group may run on over the
    # pieces after it.
    for piece in norm.split(" "):
        start = at + 1
        at = start + len(piece)
        if at <= end:
            continue  # inside a group that an earlier piece opened (or empty: two blanks)
        if start >= end and piece.isalnum():
            if piece in triggers:
                hits.append(len(toks))
            tok = new(_Tok)
            tok.kind = "word"
            tok.text = piece
            tok.start = start
            tok.end = at
            append(tok)
            end = at
            continue
        end = max(start, end)  # a group may have ended inside this piece
        while end < at:
            m = match(norm, end)
            if m is None:
                break  # nothing but blanks up to the end
            blanks, word, group, punct = m.groups()
            start = end + len(blanks)
            if word:
                end = start + len(word)
                if word in triggers:
                    hits.append(len(toks))
                tok = new(_Tok)
                tok.kind = "word"
                tok.text = word
            elif punct:
                end = start + 1
                if punct in _SENTENCE_END:
                    marks.append(len(toks))
                tok = new(_Tok)
                tok.kind = "punct"
                tok.text = punct
            else:  # a group: the text inside its one-character marks (never empty)
                end = start + len(group)
                append(_Group(group[1:-1].strip(), start, end, (start + 1, end - 1), group[0]))
                continue
            tok.start = start
            tok.end = end
            append(tok)
    return toks, marks, hits


class _Para:
    """One paragraph: original text, normalised text, tokens and sentence boundaries."""

    def __init__(
        self,
        text: str,
        number: int,
        norm: str | None = None,
        triggers: frozenset[str] = frozenset(),
        pieces: list[str] | None = None,
    ):
        self.text = text
        self.number = number
        self.norm, self._index = _aligned(text, norm)
        #: the blank-separated words of ``norm`` when the caller split it already, else None
        self.pieces = pieces if norm is not None else None
        #: the words a reader may start a trigger at (``triggers``, given by the caller): their indexes
        self.triggers = triggers
        self.toks, marks, self.trigger_at = _tokenize(self.norm, triggers)
        self._sentence_end = self._sentence_ends(marks)

    def _sentence_ends(self, marks: list[int]) -> list[int]:
        """For each token, the index of the token ending its sentence (exclusive bound); ``marks``:
        the punctuation tokens that may end one."""
        n = len(self.toks)
        ends: list[int] = []
        start = 0
        for i in marks:
            if self._is_boundary(i):
                ends += [i] * (i + 1 - start)  # the tokens up to this boundary, itself included
                start = i + 1
        ends += [n] * (n - start)
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
        index = self._index
        s, e = (start, end) if index is None else (index[start], index[end - 1] + 1)
        while e < len(self.text) and self.text[e] in _DROPPED:
            e += 1
        return self.text[s:e].strip()

    def tanween_fath(self, tok: _Tok) -> bool:
        """Whether a word is written with the accusative tanween ("بياناً"): an object or an
        adverb, never a genitive continuing a name."""
        return tok.kind == "word" and "\u064b" in self.original(tok.start, tok.end)

    def passive_mark(self, tok: _Tok) -> bool:
        """Whether a word is written with a damma on its first letter ("أُفرج"، "قُتل"، "يُعرض"),
        which marks a passive verb (a participle "مُعتقل" opens with م)."""
        if "\u064f" not in self.text or tok.kind != "word" or tok.text[:1] == "م":
            return False  # most paragraphs carry no damma at all
        written = self.original(tok.start, tok.end)
        return len(written) > 2 and written[1] == "\u064f" and written[0] != "م"

    def span_text(self, toks: list[_Tok] | tuple[_Tok, ...], inner: bool = False) -> str:
        if not toks:
            return ""
        first, last = toks[0], toks[-1]
        # only group tokens have an inner span (the text inside their marks)
        start = first.inner[0] if inner and first.inner is not None else first.start
        end = last.inner[1] if inner and last.inner is not None else last.end
        text = self.original(start, end)
        return first.lost + text if first.lost else text  # "للمرصد ..." -> "المرصد ..."


_NAME_MARKS_RE = re.compile(r"[()“”«»\"]")
_BLANKS_RE = re.compile(r"\s+")


def _clean_name(text: str) -> str:
    text = _NAME_MARKS_RE.sub(" ", text)  # compiled once: re.sub looks a pattern up on every call
    return _BLANKS_RE.sub(" ", text).strip(" ،,.:؛;-")


def _clean_quote(text: str) -> str | None:
    text = text.strip().strip('“”«»"').strip(" ،,.:؛;")
    return text or None
