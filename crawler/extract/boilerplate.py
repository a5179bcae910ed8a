"""Comment-form text and page furniture out of an article's paragraphs and title.

Pure functions, no Scrapy: ``clean_paragraphs`` and ``clean_title`` (the item pipeline in
``pipelines/boilerplate.py`` calls them and counts the removals in the stats).

How a piece of text is recognised
---------------------------------
Everything is compared on a *normalised* form (``normalize_text``): NFKC, Arabic diacritics,
tanween, small alef and tatweel stripped, lam-alef ligatures split, every hamza carrier and
alef form folded to bare ``ا``/``و``/``ي`` (pyarabic ``normalize_hamza(method="tasheel")`` and
``normalize_alef``), ``ة`` -> ``ه`` (``normalize_teh``), ``ى`` -> ``ي``, Latin case-folded,
Arabic-Indic digits -> ASCII, every punctuation mark / symbol / whitespace run -> one space.
So "أضف رداً", "اضف ردا" and "إضف رد" all read ``اضف ردا?``, and "مشار لها بـ *", "بـ*" and
"ب *" all end in ``مشار لها ب``.

``FRAGMENTS`` is the table of known pieces: ``(kind, level, pattern, lead, needs_sep)``, the
pattern written in ordinary spelling and normalised like the text when the module is imported
(one compiled alternation, ``_FRAG_RE``). A paragraph is then:

1. removed whole when it is nothing but a run of fragments (comment form glued into one
   paragraph, a lone label, "0 تعليق", "Comments (0)", a share row ...), or only hashtags;
2. cut at its end when it ends with a run of fragments that starts with a MEDIUM/STRONG
   fragment and either contains a STRONG one (the WordPress notes, the consent line, the
   Orient disclaimer) or follows the end of a sentence ("... البيان. شارك هذا الموضوع");
3. cut at its start when it starts with a run containing a STRONG fragment (the run is
   trimmed back to its last MEDIUM/STRONG fragment so that no article word is taken);
4. for *lead labels* ("اقرأ أيضاً", "مواد ذات صلة", "المقال التالي", "Read more" ...): a label
   alone removes itself and the next paragraph when that one looks like a headline (short, no
   closing full stop); a label at the start followed by a headline in the same paragraph (after
   a separator ":" "-" "|" ... ; Arabic multi-word labels may do without, and may even be glued
   to it where a tanween marks the word end: "اقرأ أيضاًحكومة ...") removes that line; a label
   after a sentence end at the end of a paragraph is cut off with its headline;
5. hashtags: a line of nothing but hashtags goes; two or more hashtags after a sentence end at
   the end of a paragraph are cut off ("... البيان. #أورينت #سوريا").

Matching is on whole words of the normalised text (a fragment ends at a space, the end, or
where another fragment starts glued on), never on a substring inside a word.

A WEAK fragment (a form label such as "الاسم", "Website", "شارك") never cuts anything out of a
sentence on its own: it goes only as (part of) a whole paragraph or inside a run anchored as
above. That is what keeps "شارك آلاف المتظاهرين ...", "وقال إن الموقع الإلكتروني للوزارة ..."
and "Read also the full report, the minister said." in the article.

Kicker lines ("فرات بوست / أخبار") are the Furat Post parser's job (``strip_kicker``), not
this module's.

Counting: each removed fragment counts one under its kind; a lead label and the headline it
introduces count one together; hashtags count one per line; a site name in a title counts one
under ``site_name``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

from pyarabic import araby

__all__ = [
    "FRAGMENTS",
    "KINDS",
    "Fragment",
    "clean_paragraphs",
    "clean_title",
    "normalize_text",
]

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


def _norm_char(ch: str) -> str:
    """Normalised form of one character (0, 1 or 2 characters; " " for separators)."""
    t = unicodedata.normalize("NFKC", ch)
    t = araby.strip_tashkeel(t)
    t = araby.strip_diacritics(t)  # also small alef, Quranic marks, combining hamza
    t = araby.strip_tatweel(t)
    t = araby.normalize_ligature(t)
    # ى -> ي before normalize_alef, which would otherwise fold alef maqsura into ا.
    t = t.replace(araby.ALEF_MAKSURA, araby.YEH)
    t = araby.normalize_hamza(t, method="tasheel")
    t = araby.normalize_alef(t)
    t = araby.normalize_teh(t)
    t = t.casefold()
    out = []
    for c in t:
        cat = unicodedata.category(c)
        if cat == "Nd":
            out.append(str(unicodedata.decimal(c)))
        elif cat[0] in "LN":
            out.append(c)
        elif cat in ("Mn", "Me", "Cf"):
            continue  # leftover combining marks, zero-width joiners, direction marks
        else:
            out.append(" ")  # punctuation, symbols, whitespace, controls
    return "".join(out)


class _CharTable(dict):
    """``str.translate`` table filled lazily: one ``_norm_char`` call per distinct character."""

    def __missing__(self, key: int) -> str:
        value = _norm_char(chr(key))
        self[key] = value
        return value


_TABLE = _CharTable()
_SPACES = re.compile(r" {2,}")


def normalize_text(text: str) -> str:
    """The comparison form of ``text`` (see the module docstring)."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_TABLE)).strip()


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """``normalize_text(text)`` plus, for each of its characters, the index in ``text`` it
    comes from (a collapsed separator run maps to its first character)."""
    out: list[str] = []
    idx: list[int] = []
    prev_space = True
    table = _TABLE
    for i, ch in enumerate(text):
        for c in table[ord(ch)]:
            if c == " ":
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            out.append(c)
            idx.append(i)
    if out and out[-1] == " ":
        out.pop()
        idx.pop()
    return "".join(out), idx


def _norm_pattern(pattern: str) -> str:
    """Normalise the Arabic (non-ASCII) letters of a regex; ASCII syntax is left alone."""
    return "".join(c if c < "\x80" else _norm_char(c) for c in pattern)


# --------------------------------------------------------------------------------------------
# The table of fragments
# --------------------------------------------------------------------------------------------

WEAK, MEDIUM, STRONG = 0, 1, 2


class Fragment(NamedTuple):
    kind: str
    level: int  # WEAK / MEDIUM / STRONG, see the module docstring
    pattern: str  # ordinary spelling; normalised at import
    lead: bool = False  # a label that introduces a headline (read also, related, next article)
    needs_sep: bool = False  # lead label: a headline in the same paragraph needs ":" "-" "|"...


# Shared pieces (ordinary spelling, normalised with the patterns).
_REQUIRED = (
    r"(?:الحقول|الخانات) (?:المطلوبة|الإلزامية|الإجبارية) (?:مشار|مشارة|مؤشر|مؤشرة|معلمة|محددة)"
    r"(?: (?:لها|إليها|عليها))?(?: ?ب(?:علامة)?)?"
)
_EMAIL_NOTE = r"لن يتم نشر (?:عنوان )?البريد الإلكتروني(?: الخاص بك)?"
_YOUR_EMAIL_NOTE = r"لن يتم نشر (?:عنوان )?بريدك الإلكتروني(?: الخاص بك)?"
_SOCIAL_AR = (
    r"(?:فيسبوك|فيس بوك|تويتر|إكس|واتساب|واتس اب|واتس آب|تلغرام|تليغرام|تيليغرام|لينكد إن"
    r"|لينكدإن|ماسنجر|تيلغرام)"
)
_SOCIAL_EN = r"(?:facebook|twitter|whatsapp|telegram|linkedin|pinterest|reddit|messenger|tumblr)"
_ORIENT_HEAD = r"(?:موقع )?أورينت ?نت (?:هي )?صحيفة إلكترونية مستقلة(?: إعلاميا)?"
_ORIENT_REST = (
    r"الآراء (?:التي|الذي) (?:تنشر|ينشر) فيها لا (?:تعبر|يعبر) (?:بالضرورة )?عن "
    r"(?:سياستها|رأيها|توجهاتها)(?: الخاصة)?(?: (?:أو|و) ?(?:عن )?سياسة (?:تلفزيون|قناة) أورينت)?"
)

#: Every known piece of boilerplate. Order matters where one pattern is a prefix of another
#: (the alternation takes the first that fits and ends on a word boundary).
FRAGMENTS: tuple[Fragment, ...] = (
    # --- comment form: notes (STRONG) --------------------------------------------------------
    Fragment("comment_form", STRONG, _YOUR_EMAIL_NOTE + r"(?: " + _REQUIRED + r")?"),
    Fragment("comment_form", STRONG, _EMAIL_NOTE + r" " + _REQUIRED),
    Fragment("comment_form", STRONG, _REQUIRED),
    Fragment("comment_form", STRONG, r"your email(?: address)? will not be published(?: required fields are marked)?"),
    Fragment("comment_form", STRONG, r"required fields are marked"),
    # --- comment form: headings (MEDIUM) -----------------------------------------------------
    Fragment("comment_form", MEDIUM, r"أضف ردا?"),
    Fragment("comment_form", MEDIUM, r"اترك (?:تعليقا?|تعليقك|ردا?|ردك)"),
    Fragment("comment_form", MEDIUM, r"leave (?:a|your) (?:reply|comment)"),
    # --- comment form: the note alone and the field labels (WEAK) ----------------------------
    Fragment("comment_form", WEAK, _EMAIL_NOTE),
    Fragment("comment_form", WEAK, r"(?:التعليق|تعليقك|نص التعليق)(?: مطلوب)?"),
    Fragment("comment_form", WEAK, r"(?:الاسم|اسمك)(?: مطلوب)?"),
    Fragment("comment_form", WEAK, r"(?:البريد الإلكتروني|بريدك الإلكتروني)(?: مطلوب)?"),
    Fragment("comment_form", WEAK, r"الموقع الإلكتروني|موقعك الإلكتروني|موقع الويب|الموقع"),
    Fragment("comment_form", WEAK, r"(?:your )?(?:comment|name|email address|email|e mail|website)"),
    Fragment("comment_form", WEAK, r"δ"),  # WordPress anti-spam field shows as "Δ"
    # --- consent / notify lines (STRONG) -----------------------------------------------------
    Fragment(
        "comment_consent",
        STRONG,
        r"احفظ اسمي (?:و ?)?بريدي الإلكتروني (?:و ?)?(?:الموقع الإلكتروني|موقعي(?: الإلكتروني)?)"
        r" في هذا المتصفح(?: (?:لاستخدامها|لاستخدامهم|للاستخدام) (?:في )?المرة"
        r" (?:المقبلة|القادمة|التالية)(?: (?:في|عند|التي) (?:تعليقي|أعلق|سأعلق)(?: فيها)?)?)?",
    ),
    Fragment(
        "comment_consent",
        STRONG,
        r"save my name (?:and )?(?:email|website)(?: and (?:email|website))?"
        r" in this browser for the next time i comment",
    ),
    Fragment(
        "comment_consent",
        STRONG,
        r"أعلمني (?:بمتابعة التعليقات|بالمقالات الجديدة|بالتعليقات الجديدة)"
        r"(?: (?:بواسطة|عبر) البريد الإلكتروني)?",
    ),
    Fragment(
        "comment_consent", STRONG, r"notify me of (?:follow up comments|new posts|new comments)(?: (?:by|via) email)?"
    ),
    # --- submit / cancel ---------------------------------------------------------------------
    Fragment("comment_submit", MEDIUM, r"(?:إرسال|نشر) (?:التعليق|تعليق)"),
    Fragment("comment_submit", MEDIUM, r"إلغاء الرد"),
    Fragment("comment_submit", MEDIUM, r"أضف (?:تعليقا?|تعليقك)"),
    Fragment("comment_submit", MEDIUM, r"(?:post|submit) (?:comment|reply)|cancel reply|add (?:a )?comment"),
    Fragment("comment_submit", WEAK, r"إرسال|submit|send"),
    # --- comment counts (WEAK: "3 تعليقات نشرها الوزير" is a sentence) ----------------------
    Fragment("comment_count", WEAK, r"\d+ (?:تعليقات|تعليقا|تعليق)"),
    Fragment("comment_count", WEAK, r"(?:التعليقات|تعليقات)(?: \d+)?"),
    Fragment("comment_count", WEAK, r"لا (?:يوجد|توجد) (?:أي )?تعليقات(?: بعد)?|تعليق واحد|تعليقان"),
    Fragment("comment_count", WEAK, r"(?:\d+|no|one) comments?(?: yet)?|comments(?: \d+)?"),
    # --- share prompts -----------------------------------------------------------------------
    Fragment("share", MEDIUM, r"شارك (?:هذا|هذه) (?:الموضوع|المقال|المقالة|الخبر|الصفحة|التقرير|القصة)"),
    Fragment("share", MEDIUM, r"(?:شارك|شاركها|انشر|مشاركة) (?:على|عبر) " + _SOCIAL_AR),
    Fragment("share", MEDIUM, r"share (?:on|via|to) (?:" + _SOCIAL_EN[3:-1] + r"|x|email)"),
    Fragment("share", MEDIUM, r"share this (?:article|story|post|page)"),
    Fragment("share", WEAK, r"شارك (?:الخبر|المقال|المقالة|الموضوع|التقرير)"),
    Fragment("share", WEAK, r"شارك|شاركها|مشاركة|share this|share"),
    Fragment("share", WEAK, _SOCIAL_AR + r"|" + _SOCIAL_EN + r"|x"),  # share buttons: "X" is Twitter
    # --- lead labels: read also / related / next-previous article ----------------------------
    Fragment("read_also", WEAK, r"اقرأ (?:أيضا|كذلك|المزيد)|(?:شاهد|طالع) (?:أيضا|كذلك)", lead=True),
    Fragment("read_also", WEAK, r"read (?:also|more)|also read|see also", lead=True, needs_sep=True),
    Fragment(
        "related",
        WEAK,
        r"(?:مواد|مقالات|أخبار|مواضيع|قصص|تقارير) (?:ذات صلة|متعلقة|مرتبطة)"
        r"|(?:قد|ربما) (?:يهمك|يعجبك|تهمك) (?:أيضا|كذلك)|(?:خبر|مقال|موضوع) ذو صلة",
        lead=True,
    ),
    Fragment(
        "related",
        WEAK,
        r"ذات صلة|قد يهمك|related(?: (?:articles|posts|news|stories|content))?"
        r"|you (?:may|might) also like",
        lead=True,
        needs_sep=True,
    ),
    # sidebar headings that follow the article on Orient News ("الأكثر قراءة", "💡 أهم المواضيع")
    Fragment(
        "related",
        WEAK,
        r"الأكثر (?:قراءة|مشاهدة|تداولا)|أهم (?:المواضيع|الأخبار|التصنيفات)|most (?:read|popular|viewed)",
        lead=True,
        needs_sep=True,
    ),
    Fragment(
        "next_article",
        WEAK,
        r"(?:المقال|المقالة|الخبر|الموضوع|المنشور|التدوينة) (?:التالي|التالية|السابق|السابقة)"
        r"|(?:مقال|مقالة|خبر|موضوع) (?:تالي|تالية|سابق|سابقة)",
        lead=True,
    ),
    Fragment(
        "next_article",
        WEAK,
        r"(?:next|previous|prev) (?:article|post|story)|التالي|السابق|next|previous",
        lead=True,
        needs_sep=True,
    ),
    # --- disclaimers (STRONG) ----------------------------------------------------------------
    Fragment("disclaimer", STRONG, _ORIENT_HEAD + r" ?و ?" + _ORIENT_REST),
    Fragment("disclaimer", STRONG, _ORIENT_HEAD),
    Fragment("disclaimer", STRONG, _ORIENT_REST),
    # the copyright footer, when a page's footer ends up in the text
    Fragment(
        "disclaimer",
        WEAK,
        r"(?:(?:جميع|كل) الحقوق محفوظة|all rights reserved|copyright)(?: ل)?"
        r"(?: ?(?:ل?أورينت(?: نت| نيوز)?|ل?فرات بوست|orient(?: net| news)?|furat post)|(?: \d{4}))*"
        r"(?: (?:سياسة الخصوصية|privacy policy))?",
    ),
    Fragment(
        "disclaimer",
        STRONG,
        r"(?:المقالات|المقال|الآراء|المواد|مقالات الرأي)(?: \S+){0,8}? و?لا (?:تعبر|يعبر)"
        r" (?:بالضرورة )?عن (?:رأي|سياسة|وجهة نظر|توجهات|موقف)(?: \S+){0,2}?"
        r" (?:أورينت(?: نت)?|فرات بوست|الموقع|الصحيفة|هيئة التحرير)",
    ),
)

KINDS: tuple[str, ...] = tuple(dict.fromkeys([f.kind for f in FRAGMENTS] + ["hashtags", "site_name"]))

_NORM_PATTERNS = [_norm_pattern(f.pattern) for f in FRAGMENTS]
_GLUE = "|".join(f"(?:{p})" for p in _NORM_PATTERNS)
# A fragment ends at the end of the text, at a space, or where another fragment starts glued on
# ("أضف ردلن يتم نشر ..." when markup was joined without a space).
_END = rf"(?=$| |(?:{_GLUE}))"


def _alternation(indices) -> str:
    return "|".join(f"(?P<f{i}>{_NORM_PATTERNS[i]})" for i in indices)


_ALL = range(len(FRAGMENTS))
#: Any fragment, anchored where ``match`` is called.
_FRAG_RE = re.compile(rf"(?:{_alternation(_ALL)}){_END}")
#: Fragments that may start a run cut off the end of a paragraph, at a word start.
_HEAD_RE = re.compile(rf"(?<![^ ])(?:{_alternation(i for i in _ALL if FRAGMENTS[i].level >= MEDIUM)}){_END}")
_LEAD_IDX = [i for i in _ALL if FRAGMENTS[i].lead]
_LEAD_RE = re.compile(rf"(?:{_alternation(_LEAD_IDX)})(?= |$)")
_LEAD_GLUED_RE = re.compile(rf"(?:{_alternation(_LEAD_IDX)})")
_LEAD_START_RE = re.compile(rf"(?<![^ ])(?:{_alternation(_LEAD_IDX)})(?= |$)")
_GROUP_INDEX = {f"f{i}": i for i in _ALL}


def _matched(m: re.Match[str]) -> Fragment:
    """The fragment a match of one of the patterns above found."""
    assert m.lastgroup is not None  # every alternative is a named group, so one of them matched
    return FRAGMENTS[_GROUP_INDEX[m.lastgroup]]


# Original-text helpers.
_HASHTAG_LINE = re.compile(r"\s*(?:#[^\s#]+[\s,،]*)+")
_HASHTAG_TAIL = re.compile(r"(?<=\s)(?:#[^\s#]+\s*){2,}$")  # after a sentence end, see below
_SEP_AFTER_LABEL = re.compile(r"[ \t\u00a0]*(?:\n|[:：\-–—|»›>•·]|\.\.\.|…)")
_LEAD_STRIP = " \t\n\u00a0:：-–—|»›>•·.…"
_EDGE_STRIP = " \t\n\u00a0:：-–—|•·،,؛;*"
_SENTENCE_END = tuple(".!?؟…»\"”)'۔")

HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 200


class _Hit(NamedTuple):
    kind: str
    level: int
    lead: bool
    start: int
    end: int


def _scan(norm: str, pos: int) -> list[_Hit]:
    """Consecutive fragments from ``pos`` on (stops at the first text that is not one)."""
    hits: list[_Hit] = []
    n = len(norm)
    while pos < n:
        m = _FRAG_RE.match(norm, pos)
        if not m or m.end() == pos:
            break
        f = _matched(m)
        hits.append(_Hit(f.kind, f.level, f.lead, pos, m.end()))
        pos = m.end()
        if pos < n and norm[pos] == " ":
            pos += 1
    return hits


# Words that continue a report, never open a headline (normalised).
_SENTENCE_OPENERS = frozenset(
    normalize_text(
        "وقال وقالت وأضاف وأضافت وأكد وأكدت وأشار وأشارت وتابع وتابعت وأوضح وأوضحت وذكر وذكرت "
        "ولفت ولفتت واعتبر واعتبرت وختم وبحسب ووفق ووفقا وفي كما لكن إلا غير أن إن وأن وإن ثم"
    ).split()
)


def _is_headline(text: str) -> bool:
    """Short, single line, not closed like a sentence: what a linked headline looks like."""
    t = text.strip()
    if not t or "\n" in t or len(t) > HEADLINE_MAX_CHARS or len(t.split()) > HEADLINE_MAX_WORDS:
        return False
    if normalize_text(t.split(None, 1)[0]) in _SENTENCE_OPENERS:
        return False
    if t.endswith(("...", "…")):
        return True
    return t[-1] not in ".:،,؛;۔"


class _Para:
    """One paragraph being cleaned, with its normalised form and position map (lazy)."""

    __slots__ = ("_map", "norm", "text")

    def __init__(self, text: str):
        self.text = text
        self.norm = normalize_text(text)
        self._map: list[int] | None = None

    def orig(self, k: int) -> int:
        """Index in ``text`` of normalised position ``k`` (``len(text)`` at the end)."""
        if self._map is None:
            # Same characters as ``self.norm`` by construction (checked by a fuzz test).
            self._map = _normalize_with_map(self.text)[1]
        return self._map[k] if k < len(self._map) else len(self.text)


def _count(counts: Counter, hits) -> None:
    for h in hits:
        counts[h.kind] += 1


def _cut_suffix_run(p: _Para, counts: Counter):
    norm = p.norm
    for m in _HEAD_RE.finditer(norm):
        s = m.start()
        if s == 0:
            continue
        hits = _scan(norm, s)
        if not hits or hits[-1].end != len(norm) or hits[0].level < MEDIUM:
            continue
        before = p.text[: p.orig(s)].rstrip()
        if not any(h.level == STRONG for h in hits) and not before.endswith(_SENTENCE_END):
            continue
        _count(counts, hits)
        return before.rstrip(_EDGE_STRIP), hits[-1].lead
    return None


def _cut_prefix_run(p: _Para, hits: list[_Hit], counts: Counter):
    if not any(h.level == STRONG for h in hits):
        return None
    last = max(i for i, h in enumerate(hits) if h.level >= MEDIUM)
    _count(counts, hits[: last + 1])
    return p.text[p.orig(hits[last].end) :].lstrip(_EDGE_STRIP + "."), False


def _label_rest(p: _Para, end: int, needs_sep: bool) -> tuple[str, str] | None:
    """What follows a lead label ending at normalised ``end``: (headline, remainder) or None."""
    rest = p.text[p.orig(end) :] if end < len(p.norm) else ""
    if rest.strip(_LEAD_STRIP) and needs_sep and not _SEP_AFTER_LABEL.match(rest):
        return None
    headline, _, remainder = rest.lstrip(_LEAD_STRIP).partition("\n")
    if headline.strip() and not _is_headline(headline):
        return None
    return headline.strip(), remainder.strip()


_TANWEEN = frozenset(araby.TANWIN)


def _glued_label_end(p: _Para) -> re.Match | None:
    """A lead label glued to the next word ("اقرأ أيضاًحكومة ..."): accepted only where the
    original shows a word end (tanween, which never stands inside a word) or the script changes."""
    m = _LEAD_GLUED_RE.match(p.norm)
    if not m or m.end() >= len(p.norm) or _matched(m).needs_sep:
        return None
    e = m.end()
    between = p.text[p.orig(e - 1) + 1 : p.orig(e)]
    if any(c in _TANWEEN for c in between) or p.norm[e - 1].isascii() != p.norm[e].isascii():
        return m
    return None


def _cut_lead_prefix(p: _Para, counts: Counter):
    m = _LEAD_RE.match(p.norm) or _glued_label_end(p)
    if not m:
        return None
    f = _matched(m)
    got = _label_rest(p, m.end(), f.needs_sep)
    if got is None:
        return None
    headline, remainder = got
    counts[f.kind] += 1
    return remainder, not headline and not remainder


def _cut_lead_suffix(p: _Para, counts: Counter):
    for m in _LEAD_START_RE.finditer(p.norm):
        if m.start() == 0:
            continue
        before = p.text[: p.orig(m.start())].rstrip()
        if not before.endswith(_SENTENCE_END):
            continue
        f = _matched(m)
        got = _label_rest(p, m.end(), f.needs_sep)
        if got is None or got[1]:
            continue
        counts[f.kind] += 1
        return before, not got[0]
    return None


def _cut_hashtag_suffix(p: _Para, counts: Counter):
    if "#" not in p.text:
        return None
    m = _HASHTAG_TAIL.search(p.text)
    if not m:
        return None
    before = p.text[: m.start()]
    if not before.rstrip().endswith(_SENTENCE_END) and "\n" not in before[len(before.rstrip()) :]:
        return None  # "رفع المتظاهرون وسمي #لا_للحرب #سوريا" is a sentence
    counts["hashtags"] += 1
    return p.text[: m.start()].rstrip(), False


def _clean_one(text: str, counts: Counter, depth: int = 0, leads: bool = True) -> tuple[str | None, bool]:
    """Clean one paragraph: (kept text or None when it all goes, a lead label ended it).

    ``leads=False`` (titles) skips the lead-label-plus-headline rules.
    """
    p = _Para(text)
    if not p.norm:
        # Punctuation only: keep an original paragraph ("***"), drop what a cut left over.
        return (text if depth == 0 else None), False
    hits = _scan(p.norm, 0)
    if hits and hits[-1].end == len(p.norm):
        _count(counts, hits)
        return None, hits[-1].lead
    if _HASHTAG_LINE.fullmatch(text):
        counts["hashtags"] += 1
        return None, False
    if depth >= 8:
        return text, False
    cut = (
        (leads and _cut_lead_prefix(p, counts))
        or _cut_suffix_run(p, counts)
        or (leads and _cut_lead_suffix(p, counts))
        or _cut_hashtag_suffix(p, counts)
        or (_cut_prefix_run(p, hits, counts) if hits else None)
    )
    if cut is None:
        return text, False
    rest, pending = cut
    if not rest.strip():
        return None, pending
    kept, later_pending = _clean_one(rest.strip(), counts, depth + 1, leads)
    return kept, pending or later_pending


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], Counter]:
    """Drop boilerplate paragraphs and cut boilerplate glued to paragraphs.

    Returns the kept paragraphs (untouched unless something was cut out of them; blank ones
    are dropped) and a Counter of removals by kind (see ``KINDS``).
    """
    counts: Counter = Counter()
    kept: list[str] = []
    pending_headline = False
    for para in paragraphs:
        if not para or not para.strip():
            continue
        result, pending = _clean_one(para, counts)
        if result is None:
            pending_headline = pending
            continue
        if pending_headline and result == para and _is_headline(para):
            pending_headline = False  # the headline under a lone label: counted with the label
            continue
        pending_headline = pending
        kept.append(result)
    return kept, counts


# --------------------------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------------------------

_SITE_NAMES = frozenset(
    normalize_text(name).replace(" ", "")
    for name in (
        "أورينت نت",
        "أورينت نيوز",
        "أورينت",
        "تلفزيون أورينت",
        "موقع أورينت",
        "Orient Net",
        "Orient News",
        "Orient",
        "Orient TV",
        "فرات بوست",
        "موقع فرات بوست",
        "صحيفة فرات بوست",
        "Furat Post",
    )
)
_TITLE_SEPS = r"(?:\||–|—|::|:|-|•|·|«|»|~)"
_TITLE_SEP_CHARS = "|–—:-•·«»~"
_TITLE_SUFFIX = re.compile(
    rf"(?P<head>.*?\S)\s*{_TITLE_SEPS}\s*(?P<site>[^{re.escape(_TITLE_SEP_CHARS)}]{{1,40}}?)\s*", re.S
)
_TITLE_PREFIX = re.compile(
    rf"\s*(?P<site>[^{re.escape(_TITLE_SEP_CHARS)}]{{1,40}}?)\s*{_TITLE_SEPS}\s*(?P<head>\S.*)", re.S
)


def _is_site(text: str) -> bool:
    return normalize_text(text).replace(" ", "") in _SITE_NAMES


def clean_title(title: str) -> tuple[str, Counter]:
    """Strip site names (" – فرات بوست", " | أورينت نت", "Orient News - ") and boilerplate.

    A title that is nothing but boilerplate ("أضف رد") comes back empty, for the validate step
    to deal with.
    """
    counts: Counter = Counter()
    t = (title or "").strip()
    while t:
        m = _TITLE_SUFFIX.fullmatch(t)
        if m and _is_site(m["site"]):
            t = m["head"].strip()
            counts["site_name"] += 1
            continue
        m = _TITLE_PREFIX.fullmatch(t)
        if m and _is_site(m["site"]):
            t = m["head"].strip()
            counts["site_name"] += 1
            continue
        break
    if t:
        # "اقرأ أيضاً: <headline>" as a title: the headline is the title.
        p = _Para(t)
        m = _LEAD_RE.match(p.norm)
        if m and m.end() < len(p.norm) and _SEP_AFTER_LABEL.match(t[p.orig(m.end()) :]):
            counts[_matched(m).kind] += 1
            t = t[p.orig(m.end()) :].lstrip(_LEAD_STRIP).strip()
    if t:
        kept, _ = _clean_one(t, counts, leads=False)
        t = kept or ""
    return t, counts
