"""Shortcuts taken for speed in the quoted-source extractor give what they replace.

- ``_tokenize`` takes a piece of letters and digits between single blanks as a word without the
  regex; the reference here is the regex over the whole paragraph (``_TOKEN_RE.findall``), as it
  tokenised before.
- ``_clean_name`` uses compiled patterns where it called ``re.sub`` with the pattern text.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from crawler.extract.sources import normalize_ar
from crawler.extract.sources.arabic import _ArabicReader
from crawler.extract.sources.forms import _SENTENCE_END
from crawler.extract.sources.tokens import _TOKEN_RE, _clean_name, _Group, _tokenize

SOURCES = Path(__file__).parent / "fixtures" / "sources"
CORPORA = [SOURCES / "corpus.jsonl", *(SOURCES / d / "corpus.jsonl" for d in ("dev", "dev2", "dev3", "dev4"))]


Tokens = tuple[list[tuple], list[int], list[int]]


def _reference_tokenize(norm: str, triggers: frozenset[str]) -> Tokens:
    """The tokens as the regex alone finds them: (kind, text, start, end, inner, mark), the
    indexes of the sentence-ending marks and of the trigger words."""
    toks: list[tuple] = []
    marks: list[int] = []
    hits: list[int] = []
    end = 0
    for blanks, word, group, punct in _TOKEN_RE.findall(norm):
        start = end + len(blanks)
        if word:
            end = start + len(word)
            if word in triggers:
                hits.append(len(toks))
            toks.append(("word", word, start, end, None, ""))
        elif punct:
            end = start + 1
            if punct in _SENTENCE_END:
                marks.append(len(toks))
            toks.append(("punct", punct, start, end, None, ""))
        else:
            end = start + len(group)
            toks.append(("group", group[1:-1].strip(), start, end, (start + 1, end - 1), group[0]))
    return toks, marks, hits


def _tokens(norm: str, triggers: frozenset[str]) -> Tokens:
    toks, marks, hits = _tokenize(norm, triggers)
    for tok in toks:
        assert type(tok).__name__ in ("_Tok", "_Group")
        assert isinstance(tok, _Group) == (tok.kind == "group")
    return [(t.kind, t.text, t.start, t.end, t.inner, t.mark) for t in toks], marks, hits


def _corpus_paragraphs() -> list[str]:
    out = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out += [p for p in json.loads(line)["paragraphs"] if p]
    return out


# blanks of every kind, a word's inner marks, brackets and quotation marks, underscores, digits
_ALPHABET = [*"قال ابن محمد said the", *" \u00a0\n\t\u2009()“”«»\"'’-_،.؟!:3٣²\u064bـ😀", "  "]

_CASES = [
    "",
    " ",
    "   ",
    "قال",
    " قال ",
    "قال  محمد",
    "قال\u00a0محمد",
    "قال محمد\n",
    "قال محمد \n",
    "\nقال",
    "(قسد) قالت",
    "قالت (قوات سوريا الديمقراطية)، إن",
    "قالت(قسد)إن",
    '“قال محمد” و«أضاف» "ذكر"',
    "(غير مغلق قال",
    "al-Assad's forces said, “we won”.",
    "under_score قال_ت",
    "7.5 U.S. Mr. Smith said.",
    "كلمة (فيها (أقواس) متداخلة) قال",
    "«" + "كلمة " * 700 + "»",
    "(" + "كلمة " * 70 + ")",
]


@pytest.mark.parametrize("text", _CASES)
def test_tokenize_as_the_regex_on_cases(text: str) -> None:
    for triggers in (frozenset(), _ArabicReader.TRIGGERS, frozenset({"said", "قال"})):
        assert _tokens(text, triggers) == _reference_tokenize(text, triggers)


def test_tokenize_as_the_regex_on_the_corpora() -> None:
    paragraphs = _corpus_paragraphs()
    assert len(paragraphs) > 500
    for text in paragraphs:
        for norm in {text, normalize_ar(text)}:
            assert _tokens(norm, _ArabicReader.TRIGGERS) == _reference_tokenize(norm, _ArabicReader.TRIGGERS)


def test_tokenize_as_the_regex_on_random_text() -> None:
    rng = random.Random(16)
    triggers = frozenset({"قال", "said", "ابن"})
    for _ in range(5000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 40)))
        assert _tokens(text, triggers) == _reference_tokenize(text, triggers), repr(text)


def test_clean_name_as_re_sub() -> None:
    def reference(text: str) -> str:
        text = re.sub(r"[()“”«»\"]", " ", text)
        return re.sub(r"\s+", " ", text).strip(" ،,.:؛;-")

    rng = random.Random(7)
    texts = [*_corpus_paragraphs()[:300], *_CASES]
    texts += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 30))) for _ in range(2000)]
    for text in texts:
        assert _clean_name(text) == reference(text)
