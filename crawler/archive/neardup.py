"""Near-duplicate text detection for articles: normalisation, shingles, MinHash, LSH band keys.

Pure functions, no Scrapy and no database (``pipelines/dedupe.py`` uses them; the index lives
in the database, see ``crawler/archive/storage.py``, section "near-duplicate index").

Why MinHash LSH (and not SimHash)
---------------------------------
The duplicates to catch are *copy-paste republications*: Furat Post reposting an Orient News
report, with a different kicker ("فرات بوست / أخبار", "خاص فرات بوست _ " glued to the first
sentence), a paragraph left out, and the source site's comment-form text pasted as trailing
paragraphs. Such a copy shares most of its word sequences with the original and adds or drops
whole *blocks*. The Jaccard similarity of the two sets of word 3-grams ("shingles") measures
exactly that: a dropped 30-word paragraph of a 250-word report removes about 30 of ~250 shingles,
a 3-word kicker adds 3, whatever their position. MinHash estimates that Jaccard similarity from a
fixed-size signature (the estimate is unbiased, its error is ``sqrt(J(1-J)/k)``, ~0.04 at k=125
around J=0.7), and LSH banding turns "find the stored signatures similar to this one" into
exact lookups of a few keys in a database index, so the cost per item does not grow with the
archive (``bench/dedupe.py``).

SimHash was the alternative. It gives one 64-bit fingerprint compared by Hamming distance; that
distance does not map to a known share of common text, it is dominated by frequent features
unless they are carefully weighted (Arabic news prose repeats the same stock phrases: "قوات
النظام", "ريف إدلب الجنوبي", "بحسب ما أفاد"), and for short texts (a 60-100 word news brief,
common at both outlets) a few added lines move many bits. Finding all fingerprints within
Hamming distance 3 also needs several permuted tables, i.e. about as many index rows as our
bands, with a threshold that is harder to explain. MinHash's threshold *is* a share of common
3-grams, which is what an editor means by "the same text".

Normalisation (``normalize``)
-----------------------------
NFKC (presentation forms, lam-alef ligatures), zero-width/bidi marks dropped, tashkeel and the
superscript alef stripped, tatweel dropped (pyarabic's character tables), every alef/hamza
carrier folded (أ إ آ ٱ -> ا, ؤ -> و, ئ ى -> ي, lone hamza dropped), ta marbuta -> ه, Persian
kaf/yeh folded, Arabic-Indic digits -> ASCII, Latin case-folded, every punctuation mark and
symbol -> a space. Nobody retypes a copied report, but CMSs and editors change exactly these:
quotes, hamza spelling, diacritics on a name, tatweel for justification, the digits' script.
Paragraphs of fewer than ``MIN_PARAGRAPH_WORDS`` words (kicker lines, form labels such as
"الاسم *", "0 تعليق", a byline) are left out of the shingles; the comment form itself is
normally removed earlier by the boilerplate pipeline, what survives of it only lowers the
similarity a little.

Shingles and signature (``fingerprints``)
-----------------------------------------
Word 3-grams (``SHINGLE_WORDS``): 2-grams are shared too easily by different reports on one
topic in formulaic news Arabic, 4-grams and longer lose too much to a single changed word.
Each word gets a stable 64-bit hash (blake2b, cached), a shingle is a mixed combination of its
three word hashes, and the signature is ``NUM_PERM`` = 125 minima of the universal
multiply-shift hash family ``h_i(x) = ((a_i * x + b_i) mod 2^64) >> 32`` over the shingles
(a_i odd, a_i and b_i drawn once from a generator with the fixed seed ``SEED``, so every process
and every run computes the same signature). It is computed with numpy, one matrix per text, and
``fingerprints`` takes a batch, so the pipeline (a batch of one) and the bench (200,000 texts)
use the same function; about 0.2 ms per 300-word text. Stored as 125 little-endian uint32 = 500 bytes.

LSH bands (``band_keys``)
-------------------------
``BANDS`` = 25 bands of ``ROWS`` = 5 values; a band's key is a 64-bit hash of its 5 values, and
two texts become candidates when any band key is equal: probability ``1 - (1 - J^5)^25``:

    J:            0.3     0.5     0.6     0.65    0.7     0.75    0.8     0.9
    candidate:    0.06    0.55    0.87    0.95    0.990   0.9989  0.99998 1.0

The verification threshold (``DEFAULT_THRESHOLD`` = 0.7, setting ``NEWS_NEARDUP_THRESHOLD``) is
where we want to decide, so the bands are chosen for *recall at 0.7* (99 %), not with the
S-curve's midpoint at 0.7: the usual 16 x 8 banding has its midpoint at 0.71 and finds only 61 %
of the pairs at J=0.7. Candidates below the threshold cost one comparison of two 500-byte
signatures each (verification: estimated Jaccard >= threshold), which is cheap, while a missed
candidate is a missed duplicate. 25 index rows per article keep the index small (5M rows for
200,000 articles). A threshold lowered to 0.6 still finds 87 % of the pairs at 0.6; below that
the bands, not the threshold, decide (``candidate_probability`` tells).

Why 0.7: a copy with kicker, one of eight paragraphs dropped and the comment form pasted is at
J ~0.78 (tests/test_dedupe.py); different reports on the same event share phrases but stay
below ~0.2; a daily template report (exchange rates, a day's toll) with its figures changed is
at 0.5 and above, which rules out thresholds near 0.5 and is why there is a second check.
The decision is on the *estimate*: a pair at J=0.75 is judged below 0.7 about one time in ten,
at J=0.8 well under one in a hundred (bench/dedupe.py finds 98 of its 100 synthetic copies).

Figures (``figures_agree``)
---------------------------
A copy keeps the numbers of the original; the same template on another day does not. The
numbers written in digits ("6,550", "٦٥٥٠", "21") are kept per article (``neardup_docs.figures``)
and a candidate above the threshold is still rejected when both texts give at least 3 numbers
and share less than half of the smaller set. Without that, two exchange-rate bulletins that
differ only in their figures (J 0.71 for the ones in tests/test_dedupe.py; a longer template
scores higher) would be marked as copies.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from pyarabic import araby

NUM_PERM = 125
BANDS = 25
ROWS = 5
assert BANDS * ROWS == NUM_PERM
SEED = 20240417
SHINGLE_WORDS = 3
MIN_WORDS = 40  # texts shorter than this are not compared (too few shingles to decide)
MIN_PARAGRAPH_WORDS = 4  # shorter paragraphs (kickers, form labels, bylines) are not shingled
DEFAULT_THRESHOLD = 0.7
MIN_FIGURES = 3  # the figures check applies when both texts have at least this many numbers
FIGURES_OVERLAP = 0.5  # ... and then needs this share of the smaller set of numbers in common
MAX_STORED_FIGURES = 64

_U64 = np.uint64
_MASK64 = (1 << 64) - 1

# -- normalisation ------------------------------------------------------------------------------


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for ch in (*araby.TASHKEEL, araby.TATWEEL, "ٰ", "ٓ", "ٔ", "ٕ", "ٖ", "ٗ", "٘", "ٟ", "ۡ"):
        table[ord(ch)] = None
    for ch in "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad":
        table[ord(ch)] = None
    for ch in "آأإٱٲٳ":
        table[ord(ch)] = "ا"
    table[ord("ؤ")] = "و"
    for ch in "ئىیۍې":
        table[ord(ch)] = "ي"
    table[ord("ء")] = None
    table[ord("ة")] = "ه"
    table[ord("ۀ")] = "ه"
    table[ord("ک")] = "ك"
    for i in range(10):
        table[0x0660 + i] = str(i)  # Arabic-Indic digits
        table[0x06F0 + i] = str(i)  # Extended (Persian) digits
    # every punctuation mark and symbol -> space (Arabic comma, semicolon, question mark,
    # quotes, dashes, "*", "#", "_" ...)
    # (NFKC runs first, so presentation forms and full-width signs arrive as their base forms)
    for cp in [*range(0x3000), *range(0xFE10, 0xFE70), *range(0x1F000, 0x1FB00)]:
        if cp not in table and unicodedata.category(chr(cp))[0] in "PS":
            table[cp] = " "
    return table


_TABLE = _build_table()


# thousands separators and decimal marks between digits ("6,550", "٦٬٥٥٠", "2.5") are dropped
# so that a number stays one word
_DIGIT_SEP = re.compile(r"(?<=\d)[,.\u066b\u066c](?=\d)")
_FIGURE = re.compile(r"\d+(?:[,.\u066b\u066c]\d+)*")


@lru_cache(maxsize=1 << 17)
def _normalize_token(raw: str) -> tuple[str, ...]:
    """A whitespace-separated piece of NFKC text -> its normalised words (0, 1 or more)."""
    return tuple(_DIGIT_SEP.sub("", raw).casefold().translate(_TABLE).split())


def _figures(paragraph: str) -> set[str]:
    return {str(int(_DIGIT_SEP.sub("", m))) for m in _FIGURE.findall(paragraph)}  # int() reads ٠-٩ too


# raw token -> hashes of its normalised words; a plain dict (faster than lru_cache on the hot
# path), emptied when it grows past _TOKEN_CACHE_MAX entries.
_TOKEN_CACHE: dict[str, tuple[int, ...]] = {}
_TOKEN_CACHE_MAX = 200_000


def _paragraph_hashes(text: str) -> tuple[list[int], set[str]]:
    """Word hashes of the shingled words of ``text`` (the same words as ``words(text)``) and the
    numbers written in digits in those paragraphs."""
    cache = _TOKEN_CACHE
    out: list[int] = []
    figures: set[str] = set()
    for paragraph in unicodedata.normalize("NFKC", text or "").split("\n\n"):
        raws = paragraph.split()
        try:
            items = [h for raw in raws for h in cache[raw]]
        except KeyError:
            if len(cache) > _TOKEN_CACHE_MAX:
                cache.clear()
            for raw in raws:
                if raw not in cache:
                    cache[raw] = tuple(_word_hash(w) for w in _normalize_token(raw))
            items = [h for raw in raws for h in cache[raw]]
        if len(items) >= MIN_PARAGRAPH_WORDS:
            out.extend(items)
            figures |= _figures(paragraph)
    return out, figures


def _paragraph_tokens(text: str, fn) -> list:
    """``fn`` applied to every raw (whitespace-separated, NFKC) token of the paragraphs that
    have at least ``MIN_PARAGRAPH_WORDS`` words, flattened. Normalisation works token by token
    and is cached per token: news prose repeats its words, so most tokens cost one lookup."""
    out: list = []
    for paragraph in unicodedata.normalize("NFKC", text or "").split("\n\n"):
        items = [x for raw in paragraph.split() for x in fn(raw)]
        if len(items) >= MIN_PARAGRAPH_WORDS:
            out.extend(items)
    return out


def normalize(text: str) -> str:
    """Comparable form of a text (see the module docstring): normalised words separated by one
    space, one line per paragraph (blank-line separated in the body)."""
    lines = (
        " ".join(x for raw in p.split() for x in _normalize_token(raw))
        for p in unicodedata.normalize("NFKC", text or "").split("\n\n")
    )
    return "\n".join(line for line in lines if line)


def words(text: str) -> list[str]:
    """The words that are shingled: normalised, paragraphs under ``MIN_PARAGRAPH_WORDS`` left out."""
    return _paragraph_tokens(text, _normalize_token)


# -- hashing ------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 17)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (full avalanche), elementwise, mod 2^64."""
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> _U64(33))


_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def shingle_hashes(tokens: Sequence[str]) -> np.ndarray:
    """64-bit hashes of the word 3-grams of ``tokens`` (normalised words; uint64 array,
    duplicates kept)."""
    return _shingles_of_word_hashes([_word_hash(t) for t in tokens])


def _shingles_of_word_hashes(hashes: list[int]) -> np.ndarray:
    k = SHINGLE_WORDS
    if len(hashes) < k:
        return np.empty(0, dtype=np.uint64)
    w = np.array(hashes, dtype=np.uint64)
    n = len(hashes) - k + 1
    acc = w[:n] * _MIX[0]
    for j in range(1, k):
        acc = (acc ^ (acc >> _U64(29))) + w[j : j + n] * _MIX[j]
    return _fmix64(acc)


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.integers(0, _MASK64, size=NUM_PERM, dtype=np.uint64, endpoint=True) | _U64(1)  # odd
    b = rng.integers(0, _MASK64, size=NUM_PERM, dtype=np.uint64, endpoint=True)
    return a, b


_A, _B = _permutations()
_EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)


def minhash(shingles: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32) of a set of 64-bit shingle hashes."""
    if shingles.size == 0:
        return _EMPTY.copy()
    # The minimum of the full 64-bit values has the minimum's top 32 bits, so the shift is done
    # after the reduction. Chunks bound the temporary matrix (len x NUM_PERM) for long texts.
    sig = None
    for start in range(0, shingles.size, 4096):
        block = shingles[start : start + 4096, None] * _A  # wraps mod 2^64
        block += _B
        part = block.min(axis=0)
        sig = part if sig is None else np.minimum(sig, part)
    assert sig is not None  # shingles is not empty, so the loop ran
    return (sig >> _U64(32)).astype(np.uint32)


class Fingerprint:
    """A text's signature (and its LSH band keys), how many words were shingled, and the
    numbers it gives in digits."""

    __slots__ = ("figures", "signature", "words")

    def __init__(self, signature: np.ndarray, words: int, figures: Iterable[str] = frozenset()):
        self.signature = signature
        self.words = words
        self.figures = frozenset(figures)

    def figures_text(self) -> str:
        """The numbers as stored: space-separated, at most ``MAX_STORED_FIGURES``."""
        return " ".join(sorted(self.figures, key=lambda f: (len(f), f))[:MAX_STORED_FIGURES])

    def matches(self, signature, figures_text: str | None, threshold: float) -> tuple[bool, float]:
        """Is a stored text (its signature and stored figures) a near-duplicate of this one?
        Returns (verdict, estimated Jaccard similarity)."""
        similarity = estimated_jaccard(self.signature, signature)
        if similarity < threshold:
            return False, similarity
        mine = set(self.figures_text().split())  # compared as stored, both sides
        return figures_agree(mine, set((figures_text or "").split())), similarity

    @property
    def comparable(self) -> bool:
        return self.words >= MIN_WORDS

    def to_bytes(self) -> bytes:
        return signature_to_bytes(self.signature)

    def band_keys(self) -> list[tuple[int, int]]:
        return band_keys(self.signature)

    def similarity(self, other) -> float:
        return estimated_jaccard(self.signature, other)


def fingerprints(texts: Iterable[str]) -> list[Fingerprint]:
    """Fingerprints of a batch of texts (the pipeline passes one, the bench many)."""
    out = []
    for text in texts:
        hashes, figures = _paragraph_hashes(text)
        out.append(Fingerprint(minhash(_shingles_of_word_hashes(hashes)), len(hashes), figures))
    return out


def fingerprint(text: str) -> Fingerprint:
    return fingerprints([text])[0]


def signatures(texts: Iterable[str]) -> np.ndarray:
    """``(len(texts), NUM_PERM)`` uint32 signatures, the same values ``fingerprint`` gives."""
    fps = fingerprints(texts)
    return np.stack([fp.signature for fp in fps]) if fps else np.empty((0, NUM_PERM), np.uint32)


# -- LSH band keys ------------------------------------------------------------------------------

_BAND_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
        0xE7037ED1A0B428DB,
        0x8EBC6AF09C88C6E3,
        0x589965CC75374CC3,
    ],
    dtype=np.uint64,
)


def band_hashes(signatures: np.ndarray) -> np.ndarray:
    """``(n, BANDS)`` int64 band keys of ``(n, NUM_PERM)`` signatures (or one signature -> (BANDS,))."""
    sig = np.asarray(signatures, dtype=np.uint32)
    single = sig.ndim == 1
    sig = sig.reshape(-1, BANDS, ROWS).astype(np.uint64)
    acc = np.arange(BANDS, dtype=np.uint64) * _U64(0x9E3779B97F4A7C15) + _U64(ROWS)
    acc = np.broadcast_to(acc, sig.shape[:2]).copy()
    for j in range(ROWS):
        acc = _fmix64(acc ^ (sig[:, :, j] * _BAND_MIX[j % len(_BAND_MIX)]))
    keys = acc.view(np.int64)  # signed: fits SQL BIGINT on every backend
    return keys[0] if single else keys


def band_keys(signature: np.ndarray) -> list[tuple[int, int]]:
    """``[(band, band_hash), ...]`` for one signature: the rows of the LSH index."""
    return [(band, int(h)) for band, h in enumerate(band_hashes(signature))]


def candidate_probability(jaccard: float, bands: int = BANDS, rows: int = ROWS) -> float:
    """Probability that two texts at this Jaccard similarity share at least one band key."""
    return 1.0 - (1.0 - jaccard**rows) ** bands


# -- signatures as stored -----------------------------------------------------------------------


def signature_to_bytes(signature: np.ndarray) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    sig = np.frombuffer(data, dtype="<u4")
    if sig.size != NUM_PERM:
        raise ValueError(f"stored signature has {sig.size} values, expected {NUM_PERM}")
    return sig


def estimated_jaccard(a, b) -> float:
    """Share of equal signature values: the MinHash estimate of the Jaccard similarity."""
    if isinstance(a, Fingerprint):
        a = a.signature
    if isinstance(b, Fingerprint):
        b = b.signature
    if isinstance(a, (bytes, bytearray, memoryview)):
        a = signature_from_bytes(bytes(a))
    if isinstance(b, (bytes, bytearray, memoryview)):
        b = signature_from_bytes(bytes(b))
    return float(np.count_nonzero(np.asarray(a) == np.asarray(b))) / NUM_PERM


def figures_agree(a, b) -> bool:
    """False when both texts give enough numbers (``MIN_FIGURES``) and share less than
    ``FIGURES_OVERLAP`` of the smaller set: the same template with other figures (today's
    exchange rates, another day's toll) is another report, while a copy keeps the figures."""
    a, b = set(a), set(b)
    smaller = min(len(a), len(b))
    if smaller < MIN_FIGURES:
        return True
    return len(a & b) / smaller >= FIGURES_OVERLAP


def exact_jaccard(text_a: str, text_b: str) -> float:
    """Exact Jaccard similarity of the two texts' shingle sets (for tests and diagnostics)."""
    a = set(shingle_hashes(words(text_a)).tolist())
    b = set(shingle_hashes(words(text_b)).tolist())
    return len(a & b) / len(a | b) if a or b else 1.0
