"""Arabic grammar of attribution: trigger verbs and prepositions, the subject after (or, SVO,
before) them, whether it is a source and of which kind, its role, the outlet spoken to and the
quote; each source found goes to the registry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .arabic_np import _REPRESENTATIVES_AR, _VERB_AT_AR, _adjective_like, _ArabicSubjects, _bare, _derived_masdar
from .forms import (
    _ADJUNCT_NOUNS_AR,
    _ADVERBS_AR,
    _AFFILIATION_WORDS_AR,
    _ALL_HEADS_AR,
    _ANON_HEADS_AR,
    _ANONYMITY_MARKERS_AR,
    _ANSWER_VERBS_AR,
    _APPOSITION_OPENERS_AR,
    _ASKING_VERBS_AR,
    _AUXILIARIES_AR,
    _CORRESPONDENTS_AR,
    _DECLARING_VERBS_AR,
    _DESCRIPTORS_AR,
    _FUNCTION_WORDS_AR,
    _GIVEN_NAMES_AR,
    _GOVERNED_PREPOSITIONS_AR,
    _GOVERNS_AN_AR,
    _HABIT_VERBS_AR,
    _HONORIFICS_AR,
    _INFORMATION_NOUNS_AR,
    _LISTENER_PRONOUNS_AR,
    _MEASURE_NOUNS_AR,
    _NAME_PARTICLES_AR,
    _NAMING_WORDS_AR,
    _NEGATIONS_AR,
    _ORG_HEADS_AR,
    _OUTLET_HEADS_AR,
    _PAGE_HEADS_AR,
    _PARTICIPLES_AR,
    _PERSON_HEADS_AR,
    _PLACE_NOUNS_AR,
    _PLACE_PREFIXES_AR,
    _PLURAL_HEADS_AR,
    _PREPOSITION_FIRST_WORDS_AR,
    _PREPOSITIONS_AR,
    _PREPOSITIONS_ATTR_AR,
    _PREPOSITIONS_WITH_MA_AR,
    _QUALIFIER_PREPS_AR,
    _QUANTIFIERS_AR,
    _QUOTE_MARKERS_AR,
    _RELATIVES_AR,
    _REPORTED_SPEECH_AR,
    _ROLE_HEADS_AR,
    _SELF_NAMING_AR,
    _SPEECH_NOUNS_AR,
    _STATUS_NOUNS_AR,
    _SUBJECT_PUNCT,
    _TIME_WORDS_AR,
    _TOKEN_TRIGGERS_AR,
    _TOPIC_MARKERS_AR,
    _VERB_LEMMA_AR,
    _VERB_PERSON_AR,
    _WEAK_VERBS_AR,
)
from .normalize import _strip_article, normalize_ar
from .registry import _Cand, _name_key, _Registry
from .tokens import _clean_quote, _Glued, _Para, _Tok


@lru_cache(maxsize=64)
def _by_first(outlets: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Outlet word tuples (longest first) indexed by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for outlet in outlets:
        index.setdefault(outlet[0], []).append(outlet)
    return {first: tuple(entries) for first, entries in index.items()}


#: Words after which "طالب" is the noun: "وهو طالب"، "كان طالباً".
_STUDENT_BEFORE_AR = frozenset(["وهو", "هو", "كان", "وكان", "أحد", "احد"])
#: "one of them" as a subject: one of a group just mentioned, or the person named after it.
_ONE_OF_THEM_AR = frozenset(["احدهم", "احداهن", "احدهما", "احداهما", "واحد منهم"])
_KAANA_AR = frozenset(["كان", "كانت", "وكان", "وكانت", "فكان", "فكانت"])
# Words before أن that make it a conjunction of the article's own clause, not a statement's
# ("إلا أن"، "غير أن"، "بعد أن").
_CONJUNCTIVE_AN_AR = frozenset(["الا", "غير", "بعد", "قبل", "رغم", "برغم", "مع", "حين", "حتى", "لولا", "بما"])
#: Words after which a verb's written form is its verbal noun ("بعد رفض البائع", "على نشر الصور").
_NOUN_GOVERNORS_AR = frozenset(
    normalize_ar(w) for w in ("بعد", "قبل", "عقب", "إثر", "رغم", "بسبب", "على", "عن", "من", "في", "إلى")
)
_ROLE_PREPOSITIONS_AR = frozenset(["في", "من", "لدى", "ضمن", "باسم"])
#: "among them" before a subject that is one of a group just mentioned ("بينهم شاهد قال").
_PARTITIVES_AR = frozenset(normalize_ar(w) for w in ("بينهم", "منهم", "ومنهم", "بينهن", "منهن", "ومنهن"))
#: Words of a time adverbial ("الشهر الماضي"، "في وقت سابق"، "قبل أيام").
_TIME_PHRASE_WORDS_AR = _TIME_WORDS_AR | frozenset(
    normalize_ar(w)
    for w in (
        "الشهر",
        "الأسبوع",
        "العام",
        "السنة",
        "الماضي",
        "الماضية",
        "الفائت",
        "الفائتة",
        "الجاري",
        "الحالي",
        "في",
        "قبل",
        "وقت",
        "سابق",
        "أيام",
        "أسبوع",
        "أسابيع",
        "أشهر",
    )
)
_NAMED_RE = re.compile(r"\(([^()]{3,80})\)|“([^“”]{3,80})”|«([^«»]{3,80})»|\"([^\"]{3,80})\"")


#: the last words of the anonymity remarks: a text holding none of them holds no remark
_ANONYMITY_LAST_WORDS_AR = tuple(sorted({m.split()[-1] for m in _ANONYMITY_MARKERS_AR}))


def _anonymity_marker_in(text: str) -> bool:
    """Whether a remark on a source's anonymity ("عدم ذكر"، "لأسباب أمنية") is in a normalised text."""
    return any(w in text for w in _ANONYMITY_LAST_WORDS_AR) and any(m in text for m in _ANONYMITY_MARKERS_AR)


@lru_cache(maxsize=16384)
def _ends_subject(w: str) -> bool:
    """Whether a word ends a subject whatever its neighbours (``is_terminator`` adds the tests
    that look at them; "عن", which looks at both, is none of these)."""
    return (
        (w.startswith("لل") and _strip_article(w) in _OUTLET_HEADS_AR)  # "للموقع ذاته": the outlet spoken to
        or w in _QUOTE_MARKERS_AR
        or w in _PARTICIPLES_AR
        or w in _LISTENER_PRONOUNS_AR
        or w in _REPORTED_SPEECH_AR
        or w in ("عبر", "نقلا")
        or w.startswith("خلال")
        or w in _TIME_WORDS_AR
        or w in _VERB_AT_AR  # an attribution verb
    )


def _verbal_noun_after_b(tok: _Tok) -> bool:
    """A word that is ب glued to a verbal noun of a derived verb ("بتولي"، "بالإفراج"، "بتسليم")."""
    w = tok.text
    if tok.kind != "word" or len(w) < 5 or w[0] != "ب":
        return False
    rest = _strip_article(w[1:])
    return (
        (rest[:1] == "ت" and len(rest) in (4, 5))  # تولي، تسليم
        or (len(rest) == 5 and rest[0] == "ا" and rest[3] == "ا")  # إفراج، إيقاف
        or (len(rest) >= 5 and _derived_masdar(rest))
    )


def _said_to(toks: list[_Tok], j: int) -> bool:
    """Whether token j is لـ + a definite noun right before "أن"/"إن" ("قال للمحكمة إنه"): whom a
    statement was made to."""
    tok = toks[j]
    return (
        tok.kind == "word"
        and tok.text.startswith("لل")
        and j + 1 < len(toks)
        and toks[j + 1].kind == "word"
        and toks[j + 1].text in _QUOTE_MARKERS_AR
    )


def _glued_to_lam(tok: _Tok, nxt: _Tok | None = None) -> _Tok:
    """The word after a glued لـ: "لفريق" -> فريق; "للمرصد" (لـ + the article, whose alef is not
    written) -> المرصد. Its span starts after what is written of the article, and a span starting
    at it puts the article back ("المرصد السوري لحقوق الإنسان", not "مرصد السوري ..."). A noun
    opening with ل ("للجنة") is لـ + "لجنة" before a definite genitive ("للجنة الصحة"), else لـ +
    "اللجنة" (whose article is not written at all). ``nxt``: the token after it."""
    text = tok.text
    if text.startswith("لل") and len(text) > 4:
        if text[1:] in _ALL_HEADS_AR:  # "للجنة"، "للواء": a noun opening with ل
            if nxt is not None and nxt.kind == "word" and nxt.text.startswith("ال"):
                return _Tok("word", text[1:], tok.start + 1, tok.end)
            return _Glued("ال" + text[1:], tok.start + 1, tok.end, "ال")
        return _Glued("ا" + text[1:], tok.start + 2, tok.end, "ال")  # as written: "مرصد"
    return _Tok("word", text[1:], tok.start + 1, tok.end)


class _ArabicReader(_ArabicSubjects):
    #: the words a paragraph's triggers start at (``_Para(..., triggers=...)`` finds them)
    TRIGGERS = _TOKEN_TRIGGERS_AR

    def __init__(self, registry: _Registry, house: tuple[tuple[str, ...], ...], listeners: tuple[tuple[str, ...], ...]):
        self.reg = registry
        self.house = house  # outlet word tuples whose correspondent is "ours"
        self.listeners = listeners  # outlet word tuples recognised after لـ
        self.listeners_by_first = _by_first(listeners)  # ... indexed by their first word
        self.consumed: set[int] = set()  # tokens of the paragraph read as a subject
        self.read_at: set[int] = set()  # its triggers that gave an attribution
        self.roles: list[tuple[str, int]] = []  # persons' roles not yet read for the bodies they name
        self.texts: list[str] = []  # the paragraphs read so far, for a body's first full naming
        registry.first_naming = self.first_naming

    # -- triggers -----------------------------------------------------------------------------

    def preposition_at(self, p: _Para, i: int) -> tuple[int, _Tok | None] | None:
        """If a prepositional attribution starts at token i: (index after it, synthetic first
        subject token when the subject is glued to لـ)."""
        toks = p.toks
        if toks[i].kind != "word":
            return None
        first = toks[i].text
        if first not in _PREPOSITION_FIRST_WORDS_AR:
            if first[:1] in "وف" and first[1:] in _PREPOSITION_FIRST_WORDS_AR:
                first = first[1:]
            else:
                return None
        for words in _PREPOSITIONS_ATTR_AR:
            n = len(words)
            if words[0] != first or i + n > len(toks):
                continue
            if not all(toks[i + k].is_word(words[k]) for k in range(1, n - 1)):
                continue
            last = toks[i + n - 1]
            if n > 1 and last.kind == "word" and words[-1] == "ل" and last.text.startswith("ل") and last.text != "ل":
                # "وفقاً لفريق (...)": the source is glued to لـ; "وفقاً للمرصد": لـ + the article, whose
                # alef is not written (the subject is "المرصد")
                return i + n, _glued_to_lam(last, toks[i + n] if i + n < len(toks) else None)
            if n > 1 and not last.is_word(words[-1]):
                continue
            j = i + n
            if (
                words[0] in _PREPOSITIONS_WITH_MA_AR
                and n == 1
                and j + 1 < len(toks)
                and toks[j].is_word("ما")
                and (self.verb_at(toks[j + 1])[0] or self.verb_with_object(toks[j + 1]))
            ):
                j += 2  # "بحسب ما أفاد به"
                if j < len(toks) and toks[j].is_word("به", "بها", "عنه", "عنها"):
                    j += 1
            return j, None
        return None

    def verb_with_object(self, tok: _Tok) -> bool:
        """A present attribution verb with the object pronoun of "ما" ("بحسب ما يؤكده الأهالي")."""
        w = tok.text
        for clitic in ("ه", "ها"):
            if tok.kind == "word" and w.endswith(clitic) and w[:1] in ("ي", "ت") and len(w) - len(clitic) >= 3:
                return self.verb_at(_Tok("word", w[: -len(clitic)], tok.start, tok.end))[0]
        return False

    # -- listener ("لأورينت نت") ----------------------------------------------------------------

    def listener_at(self, p: _Para, i: int) -> tuple[str, int] | None:
        """(outlet as written, index after it) if the outlet spoken to starts at token i:
        "لأورينت نت", "لـ(سمارت)", "لوكالة رويترز", "لقناة الجديد"."""
        toks = p.toks
        if i >= len(toks) or toks[i].kind != "word":
            return None
        tok = toks[i]
        if tok.text in ("ل", "مع"):
            j = i + 1
            if j < len(toks) and toks[j].kind == "group" and toks[j].words <= 4:
                return p.span_text([toks[j]], inner=True), j + 1
            first, start = (
                (toks[j].text if j < len(toks) and toks[j].kind == "word" else None),
                toks[j].start if j < len(toks) else 0,
            )
        elif tok.text.startswith("ل") and len(tok.text) > 2:
            j, first, start = i, tok.text[1:], tok.start + 1
        else:
            return None
        if first is None:
            return None
        if first in _CORRESPONDENTS_AR and j + 1 < len(toks) and toks[j + 1].kind == "word":
            # "قال مزارعون لمراسل فرات بوست إن": whom they spoke to is the outlet, through its correspondent
            k = j + 1
            for outlet in self.listeners_by_first.get(toks[k].text, ()):
                words = [t.text for t in toks[k : k + len(outlet)] if t.kind == "word"]
                if tuple(words) == outlet:
                    return p.original(toks[k].start, toks[k + len(outlet) - 1].end), k + len(outlet)
        for outlet in self.listeners_by_first.get(first, ()):
            words = [first] + [t.text for t in toks[j + 1 : j + len(outlet)] if t.kind == "word"]
            if tuple(words[: len(outlet)]) == outlet:
                end = toks[j + len(outlet) - 1].end
                return p.original(start, end), j + len(outlet)
        lost = ""
        if j == i and first.startswith("ل") and len(first) > 3:
            glued = _glued_to_lam(tok, toks[i + 1] if i + 1 < len(toks) else None)  # "للتلفزيون": لـ and the article
            first, start, lost = glued.text, glued.start, glued.lost
        if _strip_article(first) in _OUTLET_HEADS_AR and j + 1 < len(toks):
            # a type word and a name: "لوكالة “سانا”" (the name is the quoted text), "لصحيفة الوطن"
            nxt = toks[j + 1]
            if nxt.kind == "group" and nxt.words <= 4:
                return p.span_text([nxt], inner=True), j + 2
            if nxt.kind == "word" and not self.is_terminator(p, j + 1):
                phrase = [_Tok("word", first, start, tok.end if j == i else toks[j].end), *toks[j + 1 : j + 6]]
                end = self.np_end(p, phrase, 0, limit=4)
                after = j + end
                if after < len(toks) and toks[after].kind == "group" and toks[after].words <= 4 and end < len(phrase):
                    # "للتلفزيون السويدي الرسمي «SVT»": the type word's name is the quoted text
                    return p.span_text([toks[after]], inner=True), after + 1
                for k in range(1, end):
                    if phrase[k].kind == "word" and (
                        self.is_terminator(p, j + k)
                        or (k >= 2 and (phrase[k].text in _DESCRIPTORS_AR or phrase[k].text in _AFFILIATION_WORDS_AR))
                    ):
                        end = k  # "لصحيفة البعث الرسمية" -> "صحيفة البعث"
                        break
                if end > 1:
                    return lost + p.original(start, phrase[end - 1].end), j + end
        return None

    def is_house(self, outlet: str) -> bool:
        """The crawling outlet itself (or, without its names, an outlet this project crawls)."""
        return tuple(normalize_ar(outlet).split()) in self.house or _name_key(outlet) in self.reg.listeners

    # -- subject scanning ---------------------------------------------------------------------

    def is_terminator(self, p: _Para, i: int) -> bool:
        toks = p.toks
        tok = toks[i]
        kind = tok.kind
        if kind != "word":
            if kind == "punct":
                return tok.text in _SUBJECT_PUNCT
            return tok.words > 6 and not self._role_group(tok)  # a group
        w = tok.text
        if _ends_subject(w):
            return True
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if w == "عن":
            # "هيئة الدفاع عن المعتقلين": the object of a verbal noun inside a name, not the verb's عن
            prev = toks[i - 1] if i else None
            return not (
                prev is not None
                and prev.kind == "word"
                and _strip_article(prev.text) in _GOVERNS_AN_AR
                and nxt is not None
                and nxt.kind == "word"
                and nxt.text not in _QUOTE_MARKERS_AR
            )
        if w == "الى" and nxt is not None and nxt.kind == "word" and nxt.text in _QUOTE_MARKERS_AR:
            return True
        if (
            w in ("في", "على", "ضمن")
            and nxt is not None
            and nxt.kind == "word"
            and nxt.text.startswith(_ADJUNCT_NOUNS_AR)
        ):
            return True
        return (w[0] == "ل" or w == "مع") and self.listener_at(p, i) is not None

    def scan_forward(
        self, p: _Para, i: int, first: _Tok | None = None, limit: int = 14
    ) -> tuple[list[_Tok], int, str | None]:
        """Subject tokens after a trigger, the index where they stop, and a listener met
        before the subject ("قالت لفرات بوست مصادر ...")."""
        toks = p.toks
        n = len(toks)
        is_terminator = self.is_terminator
        told_to = None
        out: list[_Tok] = [first] if first is not None else []
        j = i
        while j < n and len(out) < limit:
            tok = toks[j]
            if out:
                if is_terminator(p, j) and not (
                    tok.text == "عن"
                    and j + 1 < n
                    and toks[j + 1].text in _PLACE_NOUNS_AR
                    and _strip_article(out[0].text) in _REPRESENTATIVES_AR
                ):
                    break
                if (
                    _said_to(toks, j)
                    and _strip_article(tok.text) in _ORG_HEADS_AR
                    and out[0].kind == "word"
                    and _strip_article(out[0].text) in _PERSON_HEADS_AR
                ):
                    break  # "قال شاهد للمحكمة إنه": someone speaking to a body, not a member of it
            else:  # before the subject: adverbs and the listener are skipped; an anonymous head starts it
                if tok.kind == "word" and tok.text in _ADVERBS_AR:
                    j += 1
                    continue
                if told_to is None:
                    heard = self.listener_at(p, j)
                    if heard:
                        told_to, j = heard
                        continue
                if _said_to(toks, j):
                    break  # "قال للمحكمة إنه": whom he spoke to, no subject (it is before the verb)
                if is_terminator(p, j) and not (tok.kind == "word" and tok.text in _ANON_HEADS_AR):
                    break
            out.append(tok)
            j += 1
        return out, j, told_to

    def scan_backward(self, p: _Para, v: int) -> list[_Tok]:
        """SVO subject: the clause between the last boundary and the verb (at most 8 tokens)."""
        toks = p.toks
        j = v
        while j > 0:
            t = toks[j - 1]
            if t.kind == "punct" and t.text in _SUBJECT_PUNCT:
                break
            if t.kind == "word" and (t.text in _QUOTE_MARKERS_AR or self.verb_here(p, j - 1)):
                break
            if t.kind == "group" and t.words > 6:
                break
            j -= 1
        for k in range(j + 1, v):
            if toks[k].kind == "word" and toks[k].text[:1] == "ل" and self.listener_at(p, k) is not None:
                v = k  # the listener is no part of the subject
                break
        words = toks[j:v]
        while (
            words and words[0].kind == "word" and (words[0].text in _AUXILIARIES_AR or words[0].text in _PARTITIVES_AR)
        ):
            words = words[1:]  # "، بينهم شاهد قال": one of the people just counted
        while words and words[-1].kind == "word" and words[-1].text in _AUXILIARIES_AR:
            words = words[:-1]
        return words if 0 < len(words) <= 8 else []

    # -- after the subject --------------------------------------------------------------------

    def apposition(self, p: _Para, j: int, describing: bool = False, to_end: bool = False) -> tuple[str | None, int]:
        """After "NAME،": (role, index after it) for "، أحد وجهاء البلدة،". A remark on
        anonymity ("، فضّل عدم ذكر اسمه،") is skipped and gives no role. ``to_end``: the
        apposition may close the sentence («...»، يقول أبو محمد، وهو نازح من ريف حماة.)."""
        toks = p.toks
        if j >= len(toks) or not (toks[j].kind == "punct" and toks[j].text in "،,"):
            return None, j
        k = j + 1
        while k < len(toks) and k - j <= 30:
            t = toks[k]
            if t.kind == "punct" and t.text in _SUBJECT_PUNCT:
                break
            if t.kind == "word" and (t.text in _QUOTE_MARKERS_AR or self.listener_at(p, k) or self.verb_here(p, k)):
                break
            k += 1
        body = toks[j + 1 : k]
        if body and body[0].kind == "word" and body[0].text[:1] == "ف" and self.after_topic(p, j, body[0].text):
            return None, j  # "أما (سلمى العلي)، فقد افتتحت مشغلاً": the comment on the topic, no role
        # "، الشاب العشريني الذي عبر النهر قبل أسبوعين،": a role leaves out its relative clause
        r = next((x for x in range(1, len(body)) if body[x].kind == "word" and body[x].text in _RELATIVES_AR), 0)
        if r and k < len(toks) and toks[k].kind == "punct" and toks[k].text in "،,":
            body = body[:r]
        h = 1 if body and body[0].kind == "word" and body[0].text in _APPOSITION_OPENERS_AR else 0
        if (
            h + 1 < len(body)
            and body[h].kind == "word"
            and not body[h].text.startswith("ال")
            and _strip_article(body[h].text) in _PERSON_HEADS_AR
        ):
            # "، وهو شاب من بلدة الشحيل وصل إلى مدينة أورفة قبل أيام،": a finite verb after an
            # indefinite description that is qualified (where from, an adjective) opens a clause
            # describing it, no part of the role (GUIDELINES §4); after a bare noun or construct the
            # clause is the description itself ("وهي أرملة تعيل خمسة أطفال", "سائق شاحنة يعمل على …")
            end = h + self.np_end(p, body[h:], 0)
            if (
                h < end < len(body)
                and any(
                    t.kind == "word" and (t.text in _QUALIFIER_PREPS_AR or _adjective_like(t))
                    for t in body[h + 1 : end]
                )
                and self.finite_verb(p, body[end], body[end - 1])
            ):
                body = body[:end]
        elif (
            h + 3 < len(body)
            and body[h].is_word("من")
            and body[h + 1].kind == "word"
            and not body[h + 1].text.startswith("ال")
            and body[h + 1].text in _PLURAL_HEADS_AR
            and _strip_article(body[h + 1].text) in _PERSON_HEADS_AR
        ):
            # "، وهو من سكان البلدة خسر بيته في القصف،": a status "من سكان X", then a past or present
            # verb with its complement opens a clause about the person, no part of the role
            cut = next(
                (
                    x
                    for x in range(h + 3, min(len(body) - 1, h + 6))
                    if body[x - 1].kind == "word"
                    and self.finite_verb(p, body[x], body[x - 1])
                    and body[x + 1].kind == "word"
                ),
                0,
            )
            if cut:
                body = body[:cut]
        if len(body) > 13 or (to_end and body):
            # a description followed by a clause ("وهي أرملة نازحة من ريف معرة النعمان تعيش مع
            # أطفالها ..."): the role is its noun phrase
            h = 1 if body[0].kind == "word" and body[0].text in _APPOSITION_OPENERS_AR else 0
            if h < len(body) and body[h].kind == "word" and _strip_article(body[h].text) in _PERSON_HEADS_AR:
                end = h + self.np_end(p, body[h:], 0)
                if end < len(body):
                    return p.span_text(body[h:end]) or None, k + (1 if k < len(toks) and toks[k].text in "،," else 0)
            if len(body) > 13:
                return None, j
        closed = k < len(toks) and (
            (toks[k].kind == "punct" and toks[k].text in "،,:")
            or self.listener_at(p, k)
            or toks[k].text in _QUOTE_MARKERS_AR
        )
        if to_end and not closed:
            closed = k >= len(toks) or (toks[k].kind == "punct" and p.sentence_end(k) == k)
        if (
            not closed
            and len(body) >= 2
            and body[0].text in _APPOSITION_OPENERS_AR
            and _strip_article(body[1].text) in _PERSON_HEADS_AR
            and k < len(toks)
            and self.verb_at(toks[k])[0]
            and 1 + self.np_end(p, body[1:], 0) == len(body)
        ):
            # "، وهو مزارع من بلدة الهري تحدث لأورينت نت ...": the description, then a clause of its own
            return p.span_text(body[1:]) or None, k
        if not body or not closed or any(t.kind == "group" and t.words > 6 for t in body):
            return None, j
        text = " ".join(t.text for t in body)
        if _anonymity_marker_in(text):
            return None, k + (1 if k < len(toks) and toks[k].kind == "punct" else 0)
        if self.verb_here(p, j + 1) or body[0].text in _PARTICIPLES_AR or body[0].text in _RELATIVES_AR:
            return None, j
        if describing and not (
            body[0].text in _APPOSITION_OPENERS_AR
            or _strip_article(body[0].text) in _PERSON_HEADS_AR
            or body[0].text.startswith("ال")
        ):
            return None, j
        if body[0].text in _APPOSITION_OPENERS_AR:
            body = body[1:]
        after = k + (1 if k < len(toks) and toks[k].kind == "punct" and toks[k].text in "،," else 0)
        return p.span_text(body) or None, after

    @staticmethod
    def finite_verb(p: _Para, tok: _Tok, prev: _Tok) -> bool:
        """Whether a word that ends an indefinite noun phrase (after ``prev``) has the shape of a
        finite verb opening a clause of its own: present ("يقيم"، "تعيش"، "ويعمل"), past ("وصل"،
        "نزحت"، "انتقل"), or an auxiliary ("كان"). A definite word (a participle: "المقيم في"), a
        known noun, a particle, a word with an accusative tanween or a place's name ("من مدينة
        يبرود"، "بلدة تل رفعت") is none."""
        w = tok.text
        if tok.kind != "word":
            return False
        before = prev.text[1:] if prev.text[:1] == "ب" else prev.text  # "بمدينة"
        if before in _PLACE_NOUNS_AR or prev.text in _PLACE_PREFIXES_AR:
            return False  # the place's name after an indefinite place noun (not "من المدينة شككوا")
        if w in _AUXILIARIES_AR:
            return True
        if w[:1] in "وف" and len(w) > 3:
            w = w[1:]  # "ويعمل"
        if (
            not w.isalpha()
            or w.startswith("ال")
            or _strip_article(w) in _ALL_HEADS_AR
            or w in _FUNCTION_WORDS_AR
            or w in _PREPOSITIONS_AR
            or w in _TIME_WORDS_AR
            or w in _PLACE_NOUNS_AR
            or w in _GIVEN_NAMES_AR
            or p.tanween_fath(tok)
        ):
            return False
        if w[0] in "يتن":
            return 3 <= len(w) <= 7  # present
        return (
            len(w) == 3
            or (len(w) >= 4 and w.endswith("وا"))  # "شككوا"
            or (len(w) == 4 and (w.endswith("ت") or w[0] == "ا"))
            or (len(w) in (5, 6) and w.startswith(("ان", "ات", "است")))
        )

    @staticmethod
    def after_topic(p: _Para, j: int, word: str) -> bool:
        """Whether the clause after the comma at j, opening on ``word`` (with فـ), is the comment
        of a topic: "فقد"/"فإن" always; any فـ when "أما" opens the clause before the comma."""
        if word in ("فقد", "فان", "فانه", "فانها", "فانهم"):
            return True
        k = j
        while k > 0 and j - k < 10 and p.toks[k - 1].kind != "punct":
            k -= 1
        return p.toks[k].kind == "word" and p.toks[k].text in _TOPIC_MARKERS_AR

    def named_apposition(self, p: _Para, j: int) -> tuple[str, int] | None:
        """After a description of someone, "، NAME،" or "، ويدعى NAME،": (the name, index after it)."""
        toks = p.toks
        if j >= len(toks) or not (toks[j].kind == "punct" and toks[j].text in "،,"):
            return None
        k = j + 1
        if k < len(toks) and toks[k].kind == "word" and toks[k].text in _NAMING_WORDS_AR:
            k += 1
        while (
            k + 2 < len(toks)
            and toks[k].kind == "word"
            and (
                toks[k].text in _HONORIFICS_AR
                or (toks[k].text.startswith("ال") and _strip_article(toks[k].text) in _PERSON_HEADS_AR)
            )
            and toks[k + 1].kind in ("word", "group")
        ):
            k += 1  # "، الطبيب عماد الحسن،": a title before the name is not part of it
            while (
                k + 2 < len(toks)
                and toks[k].kind == "word"
                and toks[k].text.startswith("ال")
                and toks[k].text.endswith(("ي", "ية"))
            ):
                k += 1  # "، الفنان التشكيلي خليل الحسين،": with its adjective
        if k < len(toks) and toks[k].kind == "group" and toks[k].words <= 4:
            e = k + 1
        else:
            e = k
            while e < len(toks) and e - k < 5 and toks[e].kind == "word" and not self.is_terminator(p, e):
                e += 1
        body = toks[k:e]
        closed = e < len(toks) and (
            (toks[e].kind == "punct" and toks[e].text in "،,")
            or self.listener_at(p, e)
            or toks[e].text in _QUOTE_MARKERS_AR
        )
        if not body or not closed:
            return None
        introduced = k > j + 1 and toks[j + 1].text in _NAMING_WORDS_AR
        titled = k > j + 1 and not introduced
        if titled and not (body[0].kind == "group" or self._looks_like_name(body, relaxed=True)):
            return None  # "، المقيم في ألمانيا،": a description, not a title before a name
        if (
            not introduced
            and not titled
            and not (
                2 <= len(body) <= 4
                and body[0].text not in _TIME_WORDS_AR
                and body[0].text not in _ADVERBS_AR
                and self._looks_like_name(body, relaxed=True)
                and not self.described_aside(body)
            )
        ):
            return None
        name = p.span_text(body, inner=body[0].kind == "group")
        return name, e + (1 if toks[e].kind == "punct" else 0)

    @staticmethod
    def described_aside(body: list[_Tok]) -> bool:
        """An aside between commas that describes someone rather than names them: an indefinite
        person noun after its first word ("، يعمل سائق سرفيس،"، "، تعمل ممرضة،")."""
        return any(t.kind == "word" and not t.text.startswith("ال") and t.text in _PERSON_HEADS_AR for t in body[1:])

    def named_after(self, p: _Para, cand: _Cand, j: int) -> tuple[_Cand, int]:
        """An unnamed description followed by a name in apposition is that person, the
        description their role: "رئيس المجلس المحلي في مدينة الباب، جمال عثمان،", "المتحدث باسم
        الجيش الوطني، سامي العبيد،"."""
        if cand.kind != "anonymous" or (cand.anaphor and not cand.standalone) or cand.corr_key:
            return cand, j
        named = self.named_apposition(p, j)
        if named is None:
            return cand, j
        name, j = named
        return _Cand(name, "person", role=cand.name), j

    def find_listener(self, p: _Para, j: int, stop: int) -> str | None:
        for k in range(j, min(stop, j + 10)):
            t = p.toks[k]
            if t.kind == "word" and t.text in _QUOTE_MARKERS_AR:
                break
            heard = self.listener_at(p, k)
            if heard:
                return heard[0]
        return None

    def find_quote(self, p: _Para, j: int, stop: int) -> str | None:
        toks = p.toks
        for k in range(j, min(stop, j + 14)):
            t = toks[k]
            if t.kind == "group" and t.words >= 3:
                return _clean_quote(p.span_text([t], inner=True))
            if t.kind == "punct" and t.text == ":" and k + 1 < stop and toks[k + 1].kind == "group":
                return _clean_quote(p.span_text([toks[k + 1]], inner=True))
            if t.kind == "word" and t.text in _QUOTE_MARKERS_AR and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1 : stop]))
            if t.kind == "punct" and t.text == ":" and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1 : stop]))
        return None

    def quote_before(self, p: _Para, v: int) -> str | None:
        k = v - 1
        while k >= 0 and p.toks[k].kind == "punct" and p.toks[k].text in "،,":
            k -= 1
        if k >= 0 and p.toks[k].kind == "group" and p.toks[k].words >= 3:
            return _clean_quote(p.span_text([p.toks[k]], inner=True))
        return None

    # -- whether a verb reports ---------------------------------------------------------------

    def informative(self, p: _Para, v: int, stop: int, start: int = 0) -> bool:
        """Whether the attribution verb at v reports information. A weak verb (نشر، نقل، بث، تابع،
        أكمل، رأى) does when its clause has a quotation, "أن"/"إن", a colon, "نقل عن" or an object
        that is information ("بث ناشطون مقطع فيديو"), or, with an object pronoun, when information
        comes just before it ("إحصائية نشرها فريق ..."). "أعلن" does unless what it declares is a
        measure ("أعلنت الحكومة الحداد", "حظر التجول"). ``start``: where the clause goes on after a
        subject's name in apposition ("يرى الباحث …، كمال الساعدي، أن")."""
        toks = p.toks
        text = toks[v].text
        form = text if text in _VERB_LEMMA_AR else text[1:]
        lemma = _VERB_LEMMA_AR.get(form, "")
        weak, declaring = lemma in _WEAK_VERBS_AR, lemma in _DECLARING_VERBS_AR
        if not weak and not declaring:
            return True
        if _VERB_PERSON_AR.get(form) == "clitic":
            return any(
                toks[k].kind == "word" and _bare(toks[k].text) in _INFORMATION_NOUNS_AR for k in range(max(0, v - 3), v)
            )
        first = start or v + 1
        aside = False  # inside "، الأحد،": an adjunct of time between commas
        for k in range(first, min(stop, first + 14)):
            t = toks[k]
            if t.kind == "group":
                if t.words >= 3:
                    return True
                continue
            if t.kind == "punct":
                if t.text == ":":
                    return True
                nxt = toks[k + 1] if k + 1 < stop else None
                if nxt is not None and nxt.kind == "word" and nxt.text in _QUOTE_MARKERS_AR:
                    return True  # "رأى المحلل، في حديث لأورينت نت، أن ..."
                if weak and nxt is not None and nxt.kind == "word" and nxt.text in _PARTICIPLES_AR:
                    return True  # "رفض المجلس الاتفاق، معتبراً أنه ...": the stance is explained
                if t.text in "،," and aside:
                    aside = False  # "أعلنت الهيئة، الأحد، إعادة فتح المعبر": the clause goes on
                    continue
                if t.text in "،," and not (
                    nxt is not None and (nxt.text in _TIME_WORDS_AR or nxt.text in ("في", "اليوم", "عقب"))
                ):
                    break  # the verb's clause ends ("، مشيراً إلى" goes on with another speaker)
                aside = t.text in "،," and nxt is not None and (nxt.text in _TIME_WORDS_AR or nxt.text == "عقب")
                continue
            if t.text in _QUOTE_MARKERS_AR or t.text in _REPORTED_SPEECH_AR:
                return True
            bare = _bare(t.text)
            if declaring and bare in _MEASURE_NOUNS_AR:
                return False
            if weak and (bare in _INFORMATION_NOUNS_AR or (lemma == "نقل" and t.text == "عن")):
                return True
        return declaring

    # -- driver -------------------------------------------------------------------------------

    def read(self, p: _Para) -> None:
        toks = p.toks
        self.consumed = set()
        self.read_at = set()
        known = len(self.reg.sources)
        # Only the tokens that may start a trigger are visited (found while tokenising when the
        # paragraph was given these words).
        triggers = (
            p.trigger_at
            if p.triggers is _TOKEN_TRIGGERS_AR
            else [k for k, tok in enumerate(toks) if tok.text in _TOKEN_TRIGGERS_AR and tok.kind == "word"]
        )
        after_last = 0
        for i in triggers:
            if i < after_last:
                continue
            # Prepositions first: "نقلاً عن" is not the dual verb "نقلا".
            prep = self.preposition_at(p, i)
            is_verb, prefixed = self.verb_at(toks[i]) if prep is None else (False, False)
            if is_verb and self.student(p, i):
                continue  # "وهو طالب في كلية الطب": the noun
            if not is_verb and prep is None:
                continue
            stop = p.sentence_end(i)
            adds = self.reg.adds
            if is_verb:
                verb_text = p.span_text(toks[i : i + 1])
                self.read_verb(p, i, prefixed, verb_text, stop)
                if self.reg.adds != adds:
                    self.read_at.add(i)
            else:
                assert prep is not None  # not a verb, so a preposition (neither was skipped above)
                after, first = prep
                # the verb ends at the glued لـ ("ووفقاً ل" + "المرصد")
                verb_text = p.original(toks[i].start, (toks[after - 1].start + 1 if first else toks[after - 1].end))
                self.read_preposition(p, after, first, verb_text, stop)
                after_last = after
                self.read_at.add(i)
        if _anonymity_marker_in(p.norm):
            self.read_introduced(p)
        if not _PARTICIPLES_AR.isdisjoint(p.norm.split() if p.pieces is None else p.pieces):
            self.read_participles(p)
        self.roles += [(src.role, p.number) for src in self.reg.sources[known:] if src.kind == "person" and src.role]

    def read_roles(self, cand: _Cand) -> None:
        """Before a body's bare head noun is added ("وكانت الهيئة قد اتهمت"), the bodies named in
        the roles met so far (read only then: most articles never need them)."""
        if cand.anaphor and cand.kind != "person" and self.roles:
            for role, number in self.roles:
                self.bodies_in_role(role, number)
            self.roles = []

    def first_naming(self, cand: _Cand) -> _Cand | None:
        """A body quoted by its bare head noun ("وقالت المحكمة في بيان") that is no earlier source
        and was named nowhere yet as one: its first full naming is the head noun with its
        complements in an earlier paragraph, in a sentence that reports nothing ("انطلقت أمام
        المحكمة الإقليمية العليا في مدينة شتوتغارت محاكمة ..."). The registry asks only then: rare."""
        for number, text in enumerate(self.texts):
            norm = normalize_ar(text)
            if not any(h in norm for h in cand.heads):
                continue
            p = _Para(text, number)
            toks = p.toks
            for i, tok in enumerate(toks):
                if tok.kind != "word" or _strip_article(tok.text) not in cand.heads:
                    continue
                if not tok.text.startswith(("ال", "لل")):
                    # an indefinite head names a body with its name in quotation marks ("تنظيم
                    # «داعش»": the name is the quoted text) or its definite genitive ("لجنة الاتصال ...")
                    nxt = toks[i + 1] if i + 1 < len(toks) else None
                    if nxt is not None and nxt.kind == "group" and nxt.mark != "(" and nxt.words <= 4:
                        return _Cand(p.span_text([nxt], inner=True), cand.kind, heads=cand.heads)
                    if nxt is None or nxt.kind != "word" or not nxt.text.startswith("ال"):
                        continue
                    if i and toks[i - 1].kind == "word" and _strip_article(toks[i - 1].text) in _ALL_HEADS_AR:
                        continue  # inside another name or role ("عضو لجنة ...")
                e = i + 1
                while e < len(toks) and e - i < 14 and toks[e].kind == "word" and not self.verb_at(toks[e])[0]:
                    e += 1
                words = list(toks[i:e])
                if tok.text.startswith("لل"):
                    words[0] = _glued_to_lam(tok, words[1] if len(words) > 1 else None)
                named = self.body(p, words, _strip_article(tok.text))
                size = len(named.name.split())
                place = next((x for x in range(2, size - 1) if words[x].text in _PLACE_NOUNS_AR), 0)
                if place:
                    # "في مدينة شتوتغارت الألمانية محاكمة ...": the place's name closes the phrase
                    end = place + 2 + (words[place + 1].text in _PLACE_PREFIXES_AR)
                    if end < size:
                        named = _Cand(p.span_text(words[:end]), named.kind, heads=named.heads)
                if size > 1:
                    return named
        return None

    def bodies_in_role(self, role: str, number: int) -> None:
        """A body first named inside someone's role ("مدير العلاقات الإعلامية في هيئة تحرير الشام")
        is no source by that, but a later "وكانت الهيئة قد اتهمت" is that body."""
        if " " not in role:
            return
        written, norm = role.split(), normalize_ar(role).split()
        if len(written) != len(norm):
            return
        for i in range(1, len(norm) - 1):
            if norm[i - 1] in _ROLE_PREPOSITIONS_AR and _strip_article(norm[i]) in _ORG_HEADS_AR:
                sub = _Para(" ".join(written[i:]), number)
                cand = self.classify(sub, sub.toks, acronym=False)
                if cand is not None and cand.kind == "organization" and not cand.anaphor:
                    self.reg.mention(cand)
                return

    def names_in(self, text: str) -> None:
        """Bodies named in brackets or quotation marks anywhere, attribution or not ("مطالبات
        قدمتها (لجنة أهالي هجين)"): quoted later by their head noun alone ("وأكدت اللجنة"), they
        are named by this first full naming. Cheap enough for paragraphs that are not read."""
        self.texts.append(text)
        if "(" not in text and "“" not in text and "«" not in text and '"' not in text:  # no name marks
            return
        if "(" in text:  # acronyms are in brackets
            self.reg.aliases_in(text)
        for m in _NAMED_RE.finditer(text):
            name = next(g for g in m.groups() if g is not None).strip()
            words = name.split(None, 6)
            head = _strip_article(normalize_ar(words[0])) if 0 < len(words) <= 6 else ""
            if head in _ORG_HEADS_AR:
                self.reg.mention(_Cand(name, "organization", heads=frozenset({head})))

    def read_verb(self, p: _Para, v: int, prefixed: bool, verb: str, stop: int) -> None:
        toks = p.toks
        if v > 0 and toks[v - 1].kind == "word" and toks[v - 1].text in _NEGATIONS_AR:
            return  # "ولم تعلّق الوزارة": nothing was said
        if not prefixed and v > 0 and toks[v - 1].kind == "word" and toks[v - 1].text in _NOUN_GOVERNORS_AR:
            return  # "بعد رفض البائع دفع الرسوم": a verbal noun after a preposition, no verb
        # A plural verb agrees with a subject before it (or a pronoun): "وقالوا"، "ناشطون أكدوا".
        form = toks[v].text if toks[v].text in _VERB_PERSON_AR else toks[v].text[1:]
        if _VERB_LEMMA_AR.get(form) == "نقل" and v + 1 < len(toks) and toks[v + 1].is_word("عن"):
            self.read_quoted_by(p, v + 1, verb, stop)  # "ونُقل عن مصدر أمني قوله": passive, the quoted source
        # (a passive is written with a damma, which most paragraphs have none of)
        if "\u064f" in p.text and (
            p.passive_mark(toks[v])
            or (prefixed and p.passive_mark(_Tok("word", toks[v].text[1:], toks[v].start + 1, toks[v].end)))
        ):
            return  # "الذي وُصفت حالته بالخطرة": a passive, whose subject says nothing
        if form == "تابع" and v + 1 < len(toks) and toks[v + 1].text.startswith("ل"):
            return  # "مكتب أمني تابع للفرقة": the adjective (affiliated), not the verb
        plural = _VERB_PERSON_AR.get(form) == "pl"
        # "وكانت الهيئة قد اتهمت الحسن": the subject stands between كان and قد, what follows is the object
        framed = not prefixed and v >= 3 and toks[v - 1].text == "قد" and self.kaana_before(p, v - 1)
        words, j, told_to = self.scan_forward(p, v + 1) if not (plural or framed) else ([], v + 1, None)
        if words and self.oblique_plural(words[0]):
            words, j = [], v + 1  # "ودعت الفلاحين إلى …": a plural in -ين after the verb is its object
        if _VERB_LEMMA_AR.get(form) in _HABIT_VERBS_AR:
            # "دأبت وسائل إعلام إيرانية على نفي وجود ...": the subject ends before على and a noun of speech
            cut = next((k for k in range(1, len(words) - 1) if words[k].is_word("على")), 0)
            if not cut or _bare(words[cut + 1].text) not in _SPEECH_NOUNS_AR:
                return
            words, j = words[:cut], v + 1 + cut
        governed = _GOVERNED_PREPOSITIONS_AR.get(_VERB_LEMMA_AR.get(form, ""))
        if governed is not None and len(words) > 2:
            # "اشتكى عدد من مرضى الكلى من ارتفاع الأجور": the subject ends before what is complained of
            cut = next(
                (
                    k
                    for k in range(len(words) - 2, 0, -1)
                    if words[k].is_word(governed)
                    and (
                        (governed == "ب" and words[k + 1].kind == "group")  # "طالب المحتجون بـ«...»"
                        or (
                            words[k + 1].kind == "word"
                            and _strip_article(words[k + 1].text) not in _ALL_HEADS_AR
                            and words[k + 1].text not in _PLACE_NOUNS_AR
                            and words[k + 1].text not in _PLACE_PREFIXES_AR
                        )
                    )
                ),
                0,
            )
            if not cut and governed == "ب":
                # "تطالب الوزارة بتولي الملف"، "طالب ناشطون بالإفراج عنهم": ب glued to a verbal noun
                cut = next((k for k in range(1, len(words)) if _verbal_noun_after_b(words[k])), 0)
            if cut and not (cut == 1 and words[0].text in _QUANTIFIERS_AR):
                words, j = words[:cut], v + 1 + cut
        cand = self.classify(p, words) if words else None
        span = range(v + 1, v + 1 + len(words))
        quoted_first = self.quote_before(p, v) is not None
        if cand is None and 2 <= len(words) <= 4 and self._looks_like_name(words):
            # "يقول كنان العبيد، وهو عامل مياومة": a name of any words, described after it
            nxt = toks[j + 1] if j + 1 < len(toks) and toks[j].text in "،," else None
            if (
                nxt is not None
                and nxt.kind == "word"
                and (nxt.text in _APPOSITION_OPENERS_AR or _strip_article(nxt.text) in _PERSON_HEADS_AR)
            ):
                role, after = self.apposition(p, j, to_end=quoted_first)
                if role:
                    cand, j = _Cand(p.span_text(words), "person", role=role), after
        if cand is None:
            issued = self.issued_by(p, words, j)  # "يشير تقرير صادر عن مركز دراسات الفرات"
            if issued is not None:
                cand, end = issued
                span, j = range(v + 1, end), end
        if cand is None and not prefixed:
            back = self.scan_backward(p, v)
            if back and (self.reported_within(p, v - len(back)) or back[0].text in _APPOSITION_OPENERS_AR):
                back = []  # "، وهو سائق من البلدة تحدث لأورينت نت": the person just named
            cand = self.classify(p, back, forward=False) if back else None
            if (
                cand is None
                and len(back) > 2
                and back[0].kind == "word"
                and not back[0].text.startswith("ال")
                and _bare(back[-1].text) in _INFORMATION_NOUNS_AR
            ):
                # "وأصدرت مديرية أوقاف حماة بياناً قالت فيه": who issued the statement says it
                cand = self.classify(p, back[1:], forward=False)
            span = range(v - len(back), v)
            if cand is None and not back:
                found = self.described_subject(p, v)
                if found is not None:
                    cand, span = found
        if cand is None and (not words or (words[0].kind == "word" and words[0].text in _FUNCTION_WORDS_AR)):
            across = self.subject_across(p, v, toks[v].text[:1] == "ف" and prefixed, plural, form)
            if across is not None:
                cand, span = across
        if cand is None and not words and not prefixed and j < len(toks) and toks[j].text in _QUOTE_MARKERS_AR:
            found = self.sentence_subject(p, v)  # "افتتح النظام مركزاً ضمن حملة يقول إنها ..."
            if found is not None:
                cand, span = found
        if cand is None and len(words) == 1 and words[0].text in _ONE_OF_THEM_AR:
            one = self.one_of_them(p, v, j)  # "وقال أحدهم، محمد الأسعد، إن" / "ناشطون ...، وقال أحدهم"
            if one is not None:
                cand, j = one
        named = self.role_then_name(p, words, cand, j)
        if named is not None:
            cand, j = named
        if cand is None:
            if _VERB_LEMMA_AR.get(form) == "نقل" and words and _bare(words[0].text) in _INFORMATION_NOUNS_AR:
                self.read_quoted_by(p, j, verb, stop)  # "ونقل التقرير عن والدة أحد الأطفال قولها"
            return
        if (
            _VERB_PERSON_AR.get(form) == "clitic"
            and cand.kind == "organization"  # its news agency is a source too (GUIDELINES §1: Amaq)
            and words
            and words[-1].text in _AFFILIATION_WORDS_AR
            and j < len(toks)
            and toks[j].text in _LISTENER_PRONOUNS_AR
        ):
            return  # "قالت قسد في بيان نشره المركز الإعلامي التابع لها": the speaker's own office carried it
        if _VERB_PERSON_AR.get(form) == "clitic" and cand.anaphor and self.inside_statement(p, v):
            return  # "ذكرت الوكالة أن الادعاء استند إلى مقاطع نشرها التنظيم": the material of another's account
        if not self.informative(p, v, stop) and not self.informative_after(p, v, stop, j, cand, named is not None):
            if cand.kind in ("organization", "outlet") and not cand.anaphor:
                self.reg.mention(cand)  # named here, it may be quoted later by its head noun alone
            return
        self.consumed.update(span)
        cand, j = self.named_after(p, cand, j)
        if j + 1 < len(toks) and toks[j].text in "،," and self.described_person(cand, words, toks[j + 1]):
            cand = _Cand(cand.name, "person")  # "وتقول نور، الطالبة الجامعية، إن"
        if cand.kind in ("person", "anonymous") and not cand.anaphor:
            role, j = self.apposition(p, j, to_end=quoted_first)
            if cand.kind == "person" and role and self.weaker_role(cand.role, role):
                cand.role = role
        told_to = told_to or self.find_listener(p, j, stop) or self.listener_before(p, v)
        quote = self.quote_before(p, v) or self.find_quote(p, j, stop)
        self.read_roles(cand)
        self.reg.add(cand, verb=verb, told_to=told_to, quote=quote, paragraph=p.number)
        self.add_listener(told_to, verb, p.number)
        if j + 2 < len(toks) and toks[j].is_word("عبر"):
            self.add_channel(p, j + 1, verb)
        if _VERB_LEMMA_AR.get(form) == "نقل":
            self.read_quoted_by(p, j, verb, stop)

    @staticmethod
    def oblique_plural(tok: _Tok) -> bool:
        """A definite sound masculine plural of people in the oblique case ("الفلاحين"، "المحتجين"):
        after a verb it is the object (the subject would be "الفلاحون"); not a singular ending
        like one ("الأمين")."""
        w = tok.text
        if tok.kind != "word" or not w.startswith("ال") or not w.endswith("ين") or len(w) < 7:
            return False
        base = w[2:]
        return base in _PLURAL_HEADS_AR and base[:-2] + "ون" in _PLURAL_HEADS_AR and base in _PERSON_HEADS_AR

    def verb_here(self, p: _Para, k: int) -> bool:
        """Whether the word at k is an attribution verb (``verb_at``), not the noun "طالب" (``student``)."""
        return self.verb_at(p.toks[k])[0] and not self.student(p, k)

    @staticmethod
    def student(p: _Para, k: int) -> bool:
        """Whether "طالب" at k is the noun (a student), not the verb (demanded): after "وهو"/"هو"
        or before what describes a person ("طالب جامعي"، "طالب في كلية الطب"، "طالب من حلب")."""
        toks = p.toks
        if toks[k].text != "طالب":
            return False
        if k and toks[k - 1].kind == "word" and toks[k - 1].text in _STUDENT_BEFORE_AR:
            return True
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is None or nxt.kind != "word":
            return False
        if nxt.text in ("في", "من") and k + 2 < len(toks):
            obj = toks[k + 2]
            return obj.kind == "word" and not obj.text.startswith(_ADJUNCT_NOUNS_AR) and obj.text not in _TIME_WORDS_AR
        return _adjective_like(nxt) and not nxt.text.startswith(("ب", "ل"))

    def inside_statement(self, p: _Para, v: int) -> bool:
        """Whether the verb at v is inside what an earlier attribution verb of its sentence
        reports (after its "أن"/"إن")."""
        toks = p.toks
        seen_verb = False
        for t in toks[p.sentence_start(v) : v]:
            if t.kind != "word":
                continue
            if seen_verb and t.text in _QUOTE_MARKERS_AR:
                return True
            seen_verb = seen_verb or self.verb_at(t)[0]
        return False

    def one_of_them(self, p: _Para, v: int, j: int) -> tuple[_Cand, int] | None:
        """ "أحدهم" as the subject: the person named in apposition after it ("وقال أحدهم، محمد
        الأسعد، إن"), else the unnamed people the sentence opened on, of whom one speaks ("غير أن
        ناشطين من المدينة شككوا في النتائج، وقال أحدهم إن"): (the source, index after it)."""
        named = self.named_apposition(p, j)
        if named is not None:
            return _Cand(named[0], "person"), named[1]
        toks = p.toks
        s = p.sentence_start(v)
        while s < v and toks[s].kind == "word" and toks[s].text in _AUXILIARIES_AR:
            s += 1
        if s + 1 < v and toks[s].text in ("غير", "الا", "لكن") and toks[s + 1].text == "ان":
            s += 2
        elif s < v and toks[s].text == "لكن":
            s += 1
        people = self.people_then_verb(p, s, v)
        return (people, j) if people is not None else None

    def issued_by(self, p: _Para, words: list[_Tok], j: int) -> tuple[_Cand, int] | None:
        """A report "صادر عن" a body ("تقرير صادر عن مركز دراسات الفرات"), the subject ``words``
        stopping at عن (token j): (the body that issued it, index after it)."""
        toks = p.toks
        if not (words and j + 1 < len(toks) and toks[j].is_word("عن") and words[-1].text in ("صادر", "صادرة")):
            return None
        issued, end, _ = self.scan_forward(p, j + 1)
        cand = self.reported_by(p, words[:-1] + issued) if issued else None
        return (cand, end) if cand is not None else None

    def add_channel(self, p: _Para, k: int, verb: str) -> None:
        """ "وتبنّى التنظيم عبر وكالة «أعماق» التابعة له الهجوم": the named outlet a statement was
        carried by is a source too (GUIDELINES §1: Amaq); the speaker's own page ("عبر صفحتها") is not."""
        head, name = p.toks[k], p.toks[k + 1]
        base = _strip_article(head.text)
        if (
            head.kind == "word"
            and base in _OUTLET_HEADS_AR
            and base not in _PAGE_HEADS_AR
            and name.kind == "group"
            and name.words <= 4
        ):
            outlet = _Cand(p.span_text([name], inner=True), "outlet", heads=frozenset({base}), standalone=True)
            self.reg.add(outlet, verb=verb, told_to=None, quote=None, paragraph=p.number)

    def informative_after(self, p: _Para, v: int, stop: int, j: int, cand: _Cand, named: bool) -> bool:
        """Whether a weak verb's clause reports once the subject's name or description between
        commas is passed ("يرى الباحث …، كمال الساعدي، أن", "يرى المحامي …، المقيم في فرنسا، أن")."""
        if named:
            return self.informative(p, v, stop, j)
        if cand.kind != "person" or j >= len(p.toks) or p.toks[j].text not in "،,":
            return False
        role, after = self.apposition(p, j)
        return role is not None and after > j and self.informative(p, v, stop, after)

    def role_then_name(self, p: _Para, words: list[_Tok], cand: _Cand | None, j: int) -> tuple[_Cand, int] | None:
        """A subject that is a description of someone, then their name between commas ("قال
        الباحث في مركز عمران، كمال الساعدي، إن"): the whole description is the role, whatever
        the noun phrase reading made of it (an unknown definite title, or a name guessed in its
        last words)."""
        if (
            not words
            or j >= len(p.toks)
            or p.toks[j].text not in "،,"
            or words[0].kind != "word"
            or _strip_article(words[0].text) not in _PERSON_HEADS_AR
            or words[0].text in _QUANTIFIERS_AR
            or (cand is not None and (cand.kind in ("organization", "outlet") or cand.corr_key))
            or (cand is not None and cand.kind == "person" and not (cand.anaphor or cand.role))
        ):
            return None
        named = self.named_apposition(p, j)
        if named is None:
            return None
        name, after = named
        return _Cand(name, "person", role=p.span_text(words)), after

    def sentence_subject(self, p: _Para, v: int) -> tuple[_Cand, range] | None:
        """A verb inside a clause with no subject of its own that describes a noun ("ضمن حملة يقول
        إنها تهدف"): its pronoun is the body that is the subject of the verb opening the sentence."""
        toks = p.toks
        s = p.sentence_start(v)
        if v - s < 4 or toks[v - 1].kind != "word" or toks[v - 1].text in _AUXILIARIES_AR:
            return None
        first = toks[s]
        if (
            first.kind != "word"
            or first.text.startswith("ال")
            or first.text in _PREPOSITIONS_AR
            or first.text in _AUXILIARIES_AR
            or first.text in _NEGATIONS_AR
            or _strip_article(first.text) in _ALL_HEADS_AR
            or p.tanween_fath(first)
        ):
            return None
        words, end, _ = self.scan_forward(p, s + 1)
        cand = self.classify(p, words, acronym=False) if words else None
        if cand is None or cand.kind not in ("organization", "outlet") or cand.anaphor:
            return None
        return cand, range(s + 1, end)

    def described_subject(self, p: _Para, v: int) -> tuple[_Cand, range] | None:
        """An unnamed person opening the sentence, then a clause that describes them, then the verb
        ("سيدة سورية من ريف البوكمال تقيم في القسم الثالث من المخيم روت لفرات بوست أنها ...")."""
        toks = p.toks
        s = p.sentence_start(v)
        while s < v and toks[s].kind == "word" and toks[s].text in _AUXILIARIES_AR:
            s += 1
        if v - s < 4 or v - s > 20:
            return None
        first = toks[s]
        if (
            first.kind != "word"
            or first.text.startswith(("ال", "و"))
            or _strip_article(first.text) not in _ANON_HEADS_AR
        ):
            return None
        clause = list(toks[s:v])
        if any(t.kind != "word" or self.verb_at(t)[0] or t.text in _QUOTE_MARKERS_AR for t in clause):
            return None
        end = self.np_end(p, clause, 0)
        nxt = clause[end].text if end < len(clause) else ""
        if end < 2 or not (nxt[:1] in ("ي", "ت") and len(nxt) >= 4):
            return None  # no present verb opens a clause describing them
        cand = self.anonymous(p, clause[:end])
        return cand, range(s, v)

    def reported_within(self, p: _Para, b: int) -> bool:
        """Whether an SVO subject starting at b is inside what an earlier speaker of the sentence
        says ("قال والد الطفل إن أبناء القرية طالبوا ..."): no source of the article's own."""
        toks = p.toks
        if b < 2 or toks[b - 1].kind != "word" or toks[b - 1].text not in _QUOTE_MARKERS_AR:
            return False
        if toks[b - 2].text in _CONJUNCTIVE_AN_AR:
            return False  # "إلا أن هيئة البث نقلت": a clause of the article's own
        return any(self.verb_at(t)[0] for t in toks[p.sentence_start(b) : b - 1])

    @staticmethod
    def kaana_before(p: _Para, q: int) -> bool:
        """Whether "قد" at q closes "كان X قد": a form of كان opens the clause, words between."""
        for k in range(q - 2, max(-1, q - 10), -1):
            t = p.toks[k]
            if t.kind == "punct":
                return False
            if t.text in _KAANA_AR:
                return True
        return False

    # -- a subject reached through the clause structure -----------------------------------------

    def subject_across(self, p: _Para, v: int, after_fa: bool, plural: bool, form: str) -> tuple[_Cand, range] | None:
        """The subject of a verb with none next to it, found across the clauses before it:
        the topic of "أما X، ...، فـVERB" ("أما مدير المخيم، الذي عرّف عن نفسه بـ(أبو عبدو)، فأوضح");
        a name described by a circumstantial clause ("تقف سعاد المحمد، وهي أم لخمسة أطفال، تقول");
        the one asked before "فأجاب" ("سألنا صاحب الفرن، أبو فراس، عن السبب، فأجاب"); and, for a
        plural verb after a comma, the people just met ("التقى المراسل عدداً من العمال، قالوا")."""
        toks = p.toks
        s = p.sentence_start(v)
        if v - s < 2:
            return None
        if after_fa:
            topic = next((k for k in range(v - 1, max(s, v - 30) - 1, -1) if toks[k].text in _TOPIC_MARKERS_AR), None)
            if topic is not None:
                return self.topic_subject(p, topic, v)
            if _VERB_LEMMA_AR.get(form) in _ANSWER_VERBS_AR:
                return self.asked_before(p, max(0, v - 30), v)
        verb = toks[v].text
        if verb[0] == "و" and verb[1:2] in ("ي", "ت"):
            found = self.coordinated_subject(p, s, v)
            if found is not None:
                return found
        elif verb[0] == "و" and verb[-1] == "ت" and toks[v - 1].text in "،,":
            found = self.body_of_first_clause(p, s, v)
            if found is not None:
                return found
        c = v - 1
        if not (toks[c].kind == "punct" and toks[c].text in "،,"):
            return None
        b = c  # the clause before the comma
        while b > s and toks[b - 1].kind != "punct":
            b -= 1
        opener = toks[b].text in _APPOSITION_OPENERS_AR
        if b - 1 >= s and toks[b - 1].text in "،," and (opener or self._role_like([toks[b]])):
            role, after = self.apposition(p, b - 1, to_end=True)
            if role and after == v:
                a = b - 1
                while a > s and toks[a - 1].kind != "punct":
                    a -= 1
                name = self.name_closing(p, a, b - 1)
                # without "وهو": the clause is the name alone ("أبو فراس، صاحب بسطة، قال")
                if name is not None and (opener or name[1] == a):
                    return _Cand(name[0], "person", role=role), range(name[1], b - 1)
            return None
        if b - 1 >= s and toks[b - 1].text in "،,":
            # "مختار قرية الهيشة، علي الحمد، قال": a role, then the name in apposition
            name = self.name_closing(p, b, c)
            a = b - 1
            while a > s and toks[a - 1].kind != "punct":
                a -= 1
            described = [t for t in toks[a : b - 1] if not (t.kind == "word" and t.text in _AUXILIARIES_AR)]
            if (
                name is not None
                and name[1] == b
                and described
                and self._role_like(described)
                and self.np_end(p, described, 0) == len(described)
            ):
                return _Cand(name[0], "person", role=p.span_text(described)), range(a, c)
        if plural:
            return self.object_before(p, b, c)
        return None

    def name_closing(self, p: _Para, a: int, c: int) -> tuple[str, int] | None:
        """A personal name that closes the clause toks[a:c] ("وإلى جانبه تقف سعاد المحمد"): (the
        name, where it starts)."""
        toks = p.toks
        if c - a >= 1 and toks[c - 1].kind == "group" and toks[c - 1].text.startswith("اسم"):
            c -= 1  # "فاطمة الحسين (اسم مستعار)"
        if c - a >= 1 and toks[c - 1].kind == "group":
            g = toks[c - 1]  # "تجلس (أم خالد)، وهي ..."
            first = g.text.split(None, 1)[0] if g.words <= 4 else ""
            return (
                (p.span_text([g], inner=True), c - 1)
                if first in _GIVEN_NAMES_AR or first in _NAME_PARTICLES_AR
                else None
            )
        clause = list(toks[a:c])
        for k in range(max(0, len(clause) - 4), len(clause)):
            if (
                (k == 0 or len(clause) - k >= 2)  # one word only when it is the whole clause
                and self._given_name_at(clause, k)
                and self._name_extent(clause, k) == len(clause)
                and self._looks_like_name(clause[k:], relaxed=True)
            ):
                return p.span_text(clause[k:]), a + k
        return None

    def coordinated_subject(self, p: _Para, s: int, v: int) -> tuple[_Cand, range] | None:
        """ "يقف المزارع فواز العبد على حافة القناة، ويروي ..."، "تقف سعاد، وهي أم لثلاثة أطفال، أمام
        بسطتها وتقول": a present verb after و shares the subject of the present verb of the same
        person that opens the sentence's story, when that subject is a named person."""
        toks = p.toks
        letter = toks[v].text[1]
        for f in range(s, v - 2):
            t = toks[f]
            if t.kind != "word" or self.verb_at(t)[0]:
                continue
            # "ويعمل المعلم أبو أحمد ...، ويقول": the opening verb may carry و/ف too
            w = t.text[1:] if t.text[:1] in "وف" and f == s and len(t.text) > 3 else t.text
            if w[0] != letter or len(w) < 3:
                continue
            if _strip_article(w) in _ALL_HEADS_AR or w in _GIVEN_NAMES_AR:
                continue
            if any(self.verb_at(x)[0] for x in toks[f + 1 : v]):
                return None  # another reporting verb in between has its own subject
            k = f + 1
            titles = []
            while (
                k < v
                and toks[k].kind == "word"
                and (
                    toks[k].text in _HONORIFICS_AR
                    or (toks[k].text.startswith("ال") and _strip_article(toks[k].text) in _PERSON_HEADS_AR)
                )
            ):
                titles.append(toks[k])
                k += 1
            rest = list(toks[k : min(v, k + 5)])
            if not rest or not self._given_name_at(rest, 0):
                continue
            e = self._name_extent(rest, 0)
            if e < 2 and not (e == 1 and k + 1 < v and toks[k + 1].kind == "punct"):
                continue
            role_words = [w for w in titles if w.text not in _HONORIFICS_AR]
            cand = _Cand(p.span_text(rest[:e]), "person", role=p.span_text(role_words) or None)
            apposed, _ = self.apposition(p, k + e, to_end=True)
            if apposed and self.weaker_role(cand.role, apposed):
                cand.role = apposed
            return cand, range(k, k + e)
        return None

    def body_of_first_clause(self, p: _Para, s: int, v: int) -> tuple[_Cand, range] | None:
        """ "حددت المؤسسة العامة للأعلاف سعراً جديداً، ودعت المربين إلى …": a feminine past verb
        after "، و" with no subject of its own shares that of the feminine past verb opening the
        sentence (or its first clause, after an adverbial and a comma), when that is a named body."""
        toks = p.toks
        f = s
        comma = next((k for k in range(s + 1, min(v, s + 4)) if toks[k].kind == "punct"), None)
        if comma is not None and toks[comma].text in "،,":
            f = comma + 1  # "في المقابل، حددت …"
        t = toks[f]
        if t.kind != "word" or f >= v - 2:
            return None
        w = t.text[1:] if t.text[:1] in "وف" and len(t.text) > 4 else t.text
        if (
            w[-1] != "ت"
            or len(w) < 4
            or w.startswith("ال")
            or self.verb_at(t)[0]
            or w in _FUNCTION_WORDS_AR
            or _strip_article(w) in _ALL_HEADS_AR
        ):
            return None
        if any(x.kind == "word" and self.verb_at(x)[0] for x in toks[f + 1 : v]):
            return None  # another reporting verb in between has its own subject
        words = list(toks[f + 1 : min(v, f + 9)])
        if not words or words[0].kind != "word":
            return None
        cand = self.classify(p, words, acronym=False)
        if cand is None or cand.kind not in ("organization", "outlet") or cand.anaphor:
            return None
        return cand, range(f + 1, f + 1 + len(cand.name.split()))

    def self_naming(self, p: _Para, c: int) -> tuple[str, int] | None:
        """After "X،", a clause that gives the name X goes by ("، الذي عرّف عن نفسه بـ (أبو عبدو)،",
        "، الملقب بـ«أبو علي»،"): (the name, index after the clause's closing comma)."""
        toks = p.toks
        if not (c + 2 < len(toks) and toks[c].text in "،," and toks[c + 1].kind == "word"):
            return None
        if toks[c + 1].text not in _RELATIVES_AR and toks[c + 1].text not in _SELF_NAMING_AR:
            return None
        for k in range(c + 1, min(len(toks) - 2, c + 7)):
            t = toks[k]
            if t.kind == "punct":
                return None
            if t.text in _SELF_NAMING_AR and toks[k + 1].is_word("ب", "باسم"):
                g = toks[k + 2]
                e = k + 3
                if g.kind == "group" and g.words <= 4 and e < len(toks) and toks[e].text in "،,":
                    return p.span_text([g], inner=True), e + 1
                return None
        return None

    def topic_subject(self, p: _Para, a: int, v: int) -> tuple[_Cand, range] | None:
        """ "أما X[، apposition]، فـVERB": X is the verb's subject, the apposition its role or its name."""
        toks = p.toks
        e = a + 1
        while e < v and toks[e].kind != "punct":
            e += 1
        topic = list(toks[a + 1 : e])
        if topic and topic[-1].kind == "group" and topic[-1].text.startswith("اسم"):
            topic = topic[:-1]  # "أما فاطمة الحسين (اسم مستعار)"
        if not topic or len(topic) > 8:
            return None
        span = range(a + 1, e)
        if e == v:
            cand = self.classify(p, topic)
            return (cand, span) if cand is not None else None
        if toks[e].text not in "،,":
            return None
        named = self.self_naming(p, e)
        if named is not None and named[1] == v and self._role_like(topic):
            return _Cand(named[0], "person", role=p.span_text(topic)), range(a + 1, v)
        if self._role_like(topic):
            # "أما الباحث في مركز عمران، ياسر الحسون، فيرى": the description, then the name in apposition
            apposed = self.named_apposition(p, e)
            if apposed is not None and apposed[1] == v:
                return _Cand(apposed[0], "person", role=p.span_text(topic)), range(a + 1, v)
        role, after = self.apposition(p, e, describing=True)
        if after != v and toks[e + 1].text in _RELATIVES_AR:
            # "أما مدير المخيم، الذي تسلّم منصبه قبل عام، فأوضح": the relative clause says nothing of who
            close = next((k for k in range(e + 1, v) if toks[k].kind == "punct"), v)
            role, after = None, close + 1
        if after != v:
            return None
        cand = self.classify(p, topic)
        if cand is not None and cand.kind == "person" and cand.anaphor and self._role_like(topic) and len(topic) >= 2:
            # the topic is the speaker by construction: an unnamed specific person when nothing earlier is
            cand = _Cand(cand.name, "anonymous", heads=cand.heads, anaphor=True, standalone=True)
        if cand is None:
            return None
        if role and self.described_person(cand, topic, p.toks[e + 1]):
            cand = _Cand(cand.name, "person")  # "أما حنان، الممرضة في النقطة الطبية، فتحكي"
        if cand.kind == "person" and not cand.anaphor and role and self.weaker_role(cand.role, role):
            cand.role = role
        return cand, span

    def asked_before(self, p: _Para, s: int, v: int) -> tuple[_Cand, range] | None:
        """ "سألنا صاحب الفرن، أبو فراس، عن سبب التأخير، فأجاب": the person asked answers."""
        toks = p.toks
        q = next(
            (k for k in range(v - 1, s - 1, -1) if toks[k].kind == "word" and toks[k].text in _ASKING_VERBS_AR), None
        )
        if q is None:
            return None
        words, end, _ = self.scan_forward(p, q + 1)
        cand = self.classify(p, words, acronym=False) if words else None
        if cand is None or cand.kind not in ("person", "anonymous"):
            return None
        cand, after = self.named_after(p, cand, end)
        return cand, range(q + 1, after)

    def object_before(self, p: _Para, b: int, c: int) -> tuple[_Cand, range] | None:
        """People an earlier verb met, at the end of the clause toks[b:c] before a plural verb
        ("والتقى مراسل أورينت عدداً من الأطفال العاملين في الورش، قالوا إنهم ...")."""
        toks = p.toks
        for h in range(b + 1, c):
            t = toks[h]
            if h in self.consumed or t.kind != "word":
                continue
            words = list(toks[h:c])
            if t.text in _QUANTIFIERS_AR:
                cand = self.quantified(p, words)
                if cand is not None and self.np_end(p, words, 2 if words[1].is_word("من") else 1) != len(words):
                    cand = None
            elif t.text in _PLURAL_HEADS_AR and t.text in _PERSON_HEADS_AR and not t.text.startswith("ال"):
                cand = self.anonymous(p, words) if self.np_end(p, words, 0) == len(words) else None
            else:
                continue
            return (cand, range(h, c)) if cand is not None else None
        return None

    def read_quoted_by(self, p: _Para, j: int, verb: str, stop: int) -> None:
        """ "نقلت وكالة رويترز عن مصدر أمني قوله": the source the first one quotes, after عن."""
        toks = p.toks
        k = j
        while k < min(len(toks), j + 4) and toks[k].kind == "word" and toks[k].text in _TIME_PHRASE_WORDS_AR:
            k += 1  # "نقلت الصحيفة الشهر الماضي عن مسؤول": a time adverbial before عن
        if k > j and k < len(toks) and toks[k].is_word("عن"):
            j = k
        if not (j < len(toks) and toks[j].is_word("عن")):
            return
        words, end, _ = self.scan_forward(p, j + 1)
        cand = self.classify(p, words) if words else None
        if cand is None:
            return
        self.consumed.update(range(j + 1, end))
        cand, end = self.named_after(p, cand, end)  # "عن نقيب صيادلة دمشق، وائل الخطيب، قوله"
        if cand.kind == "person" and not cand.anaphor:
            role, end = self.apposition(p, end)
            if role and self.weaker_role(cand.role, role):
                cand.role = role
        self.reg.add(cand, verb=verb, told_to=None, quote=self.find_quote(p, end, stop), paragraph=p.number)

    @staticmethod
    def described_person(cand: _Cand, words: list[_Tok], nxt: _Tok) -> bool:
        """Whether a single word read as an acronym ("نور", "حنان") is a person's name: a
        description of a person follows it in apposition ("، الممرضة في ..."، "، وهي طالبة ...")."""
        if cand.kind != "organization" or cand.heads or len(words) != 1 or nxt.kind != "word":
            return False
        head = _strip_article(nxt.text)
        return head in _PERSON_HEADS_AR and head not in _ORG_HEADS_AR

    @staticmethod
    def weaker_role(current: str | None, apposed: str) -> bool:
        """Whether a role in apposition after the name replaces the one read before it: none, an
        honorific, or a single rank or profession word when the apposition is a fuller position
        ("الصيدلاني (…)، صاحب صيدلية في حي الجورة")."""
        if current is None:
            return True
        first = normalize_ar(apposed).split()[0] if apposed.split() else ""
        words = normalize_ar(current).split()
        if first.startswith("ال") and _strip_article(first) in _ANON_HEADS_AR and first[2:] not in _ROLE_HEADS_AR:
            # "المحامي …، المقيم في فرنسا،": where he lives is no fuller position than a profession,
            # but fuller than a bare status ("اللاجئ …، المقيم في مخيم بعرسال،")
            return len(words) == 1 and _strip_article(words[0]) in _STATUS_NOUNS_AR and len(apposed.split()) >= 3
        if (
            len(words) == 2
            and not words[0].startswith("ال")
            and words[1].startswith("ال")
            and _strip_article(words[0]) in _PERSON_HEADS_AR
            and len(apposed.split()) >= 3
            and any(w in _ROLE_PREPOSITIONS_AR for w in normalize_ar(apposed).split())
        ):
            return True  # "عالم الآثار X، الأستاذ السابق في جامعة الفرات": a profession, then the position
        return all(w in _HONORIFICS_AR for w in words) or (len(words) == 1 and len(apposed.split()) >= 2)

    def add_listener(self, told_to: str | None, verb: str, paragraph: int) -> None:
        """A statement made to another outlet came through that outlet: it is a source too."""
        if told_to and not self.is_house(told_to):
            self.reg.add(
                _Cand(told_to, "outlet", heads=frozenset(), standalone=True),
                verb=verb,
                told_to=None,
                quote=None,
                paragraph=paragraph,
            )

    def listener_before(self, p: _Para, v: int) -> str | None:
        """ "وفي تصريح خاص لأورينت نت، قال ...": the listener named before the verb."""
        start = p.sentence_start(v)
        seen_adjunct = False
        for k in range(start, v):
            t = p.toks[k]
            if t.kind == "word" and t.text.startswith(_ADJUNCT_NOUNS_AR):
                seen_adjunct = True
            if seen_adjunct:
                heard = self.listener_at(p, k)
                if heard:
                    return heard[0]
        return None

    def read_preposition(self, p: _Para, j: int, first: _Tok | None, verb: str, stop: int) -> None:
        words, end, _ = self.scan_forward(p, j, first)
        cand = self.classify(p, words) if words else None
        if cand is None:
            issued = self.issued_by(p, words, end)  # "وبحسب تقرير صادر عن صندوق ..."
            if issued is None:
                return
            cand, end = issued
        self.consumed.update(range(j, end))
        cand, end = self.named_after(p, cand, end)  # "وفق ما أكده شقيق الناشط، محمد الحسن، لأورينت نت"
        if cand.kind == "person" and not cand.anaphor:
            role, end = self.apposition(p, end, describing=True)
            if role and self.weaker_role(cand.role, role):
                cand.role = role
        quote = None
        if end < len(p.toks) and p.toks[end].kind == "group" and p.toks[end].words >= 3:
            quote = _clean_quote(p.span_text([p.toks[end]], inner=True))
        self.read_roles(cand)
        self.reg.add(cand, verb=verb, told_to=None, quote=quote, paragraph=p.number)
        # "بحسب ما نقلته شبكة X عن Y": Y too
        if any(_VERB_LEMMA_AR.get(t.text.lstrip("وف")) == "نقل" for t in p.toks[max(0, j - 3) : j]):
            self.read_quoted_by(p, end, verb, stop)

    # -- a statement carried by a participle alone ----------------------------------------------

    def read_participles(self, p: _Para) -> None:
        """ "وعبّرت منظمة شفق عن قلقها، مؤكدةً أن ...": after a comma, a participle that introduces
        a statement ("أن"، "إلى أن"، ":"، a quotation) attributes it to the subject of its sentence's
        verb, even when that verb reports nothing. A clause with an attribution trigger of its own
        is left to it."""
        toks = p.toks
        for i in range(1, len(toks)):
            tok = toks[i]
            if tok.kind != "word" or tok.text not in _PARTICIPLES_AR:
                continue
            if toks[i - 1].text not in "،," and not (tok.text.startswith("قائل") and toks[i - 1].kind == "word"):
                continue  # "قائلةً:" needs no comma: it is no adjective ("معلومات مؤكدة")
            look, told_to = i + 1, None
            if look < len(toks) and toks[look].text[:1] == "ل":
                heard = self.listener_at(p, look)  # "، مؤكدين لأورينت نت أن"
                if heard:
                    told_to, look = heard
            if not any(
                (t.kind == "word" and t.text in _QUOTE_MARKERS_AR)
                or (t.kind == "punct" and t.text == ":")
                or (t.kind == "group" and t.words >= 3)
                or (t.kind == "word" and t.text == "من" and tok.text.startswith("محذر"))
                for t in toks[look : look + 2]
            ):
                continue
            s = p.sentence_start(i)
            if any(k in self.read_at for k in range(s, i)):
                continue  # a trigger of the clause gave the statement its source
            s = self.after_opener(p, s, i)
            while s < i and toks[s].kind == "word" and toks[s].text in _AUXILIARIES_AR:
                s += 1
            if s + 1 < i and toks[s].text in ("غير", "الا") and toks[s + 1].text == "ان":
                s += 2  # "غير أن ناشطين من المدينة شككوا …، مؤكدين أن"
            found = self.plural_subject(p, s, i)
            if found is not None:
                self.reg.add(
                    found,
                    verb=p.span_text([tok]),
                    told_to=told_to,
                    quote=self.find_quote(p, look, p.sentence_end(i)),
                    paragraph=p.number,
                )
                self.add_listener(told_to, p.span_text([tok]), p.number)
                continue
            first = toks[s] if s < i - 1 else None
            if (
                first is None
                or first.kind != "word"
                or first.text.startswith("ال")
                or first.text in _PREPOSITIONS_AR
                or first.text in _QUANTIFIERS_AR
                or _strip_article(first.text) in _ALL_HEADS_AR
                or p.tanween_fath(first)
            ):
                continue  # the sentence does not open on a verb (VSO): no subject to read
            words = self.scan_forward(p, s + 1)[0][: max(0, i - 1 - (s + 1))]
            cand = self.classify(p, words, acronym=False) if words else None
            if cand is None or (cand.kind == "person" and cand.anaphor):
                continue
            if cand.kind == "person":  # "ويقاطعها زميلها خالد البكور، مدرّس الرياضيات، قائلاً إن"
                role, _ = self.apposition(p, s + 1 + len(words))
                if role and self.weaker_role(cand.role, role):
                    cand.role = role
            stop = p.sentence_end(i)
            self.reg.add(
                cand, verb=p.span_text([tok]), told_to=None, quote=self.find_quote(p, i + 1, stop), paragraph=p.number
            )

    @staticmethod
    def after_opener(p: _Para, s: int, i: int) -> int:
        """Past a short fronted adverbial closed by a comma at s ("من جهتها،", "وفي مدينة جنديرس،"):
        where the clause's verb stands."""
        first = p.toks[s]
        if first.kind != "word" or not (
            first.text in _PREPOSITIONS_AR or (first.text[:1] == "و" and first.text[1:] in _PREPOSITIONS_AR)
        ):
            return s
        for k in range(s + 1, min(i - 1, s + 5)):
            t = p.toks[k]
            if t.kind == "punct":
                return k + 1 if t.text in "،," else s
        return s

    def plural_subject(self, p: _Para, s: int, i: int) -> _Cand | None:
        """SVO before a plural participle at i: unnamed people opening the clause at s, then a
        finite verb ("ناشطون من المدينة شككوا بالرواية، مؤكدين أن"): they are its subject."""
        if not p.toks[i].text.endswith(("ين", "ون")):
            return None
        return self.people_then_verb(p, s, i)

    def people_then_verb(self, p: _Para, s: int, stop: int) -> _Cand | None:
        """Unnamed plural people opening the clause at s, then a finite verb before ``stop``
        ("ناشطون من المدينة شككوا …"): the people, as an anonymous source."""
        first = p.toks[s]
        if (
            first.kind != "word"
            or first.text.startswith("ال")
            or first.text not in _PLURAL_HEADS_AR
            or _strip_article(first.text) not in _ANON_HEADS_AR
        ):
            return None
        clause = list(p.toks[s:stop])
        end = self.np_end(p, clause, 0)
        if not (0 < end < len(clause) - 1 and self.finite_verb(p, clause[end], clause[end - 1])):
            return None
        return self.anonymous(p, clause, end=end)

    # -- a source introduced by a remark on its anonymity --------------------------------------

    def anonymity_clause(self, p: _Para, k: int) -> bool:
        """Whether an anonymity remark starts at token k ("فضّلوا عدم ذكر أسمائهم،")."""
        toks = p.toks
        words = []
        for t in toks[k : k + 6]:
            if t.kind != "word":
                break
            words.append(t.text)
        return _anonymity_marker_in(" ".join(words))

    def read_introduced(self, p: _Para) -> None:
        """People described just before a remark on their anonymity are a source even when no
        attribution verb has them as its subject: "التقت فرات بوست عمالاً من قرية الكسرة، فضّلوا
        عدم ذكر أسمائهم، وقالوا إن ..."."""
        toks = p.toks
        for c, tok in enumerate(toks):
            if not (tok.kind == "punct" and tok.text in "،," and self.anonymity_clause(p, c + 1)):
                continue
            b = c
            while b > 0 and c - b < 10:
                t = toks[b - 1]
                if t.kind != "word" or t.text in _QUOTE_MARKERS_AR:
                    break
                b -= 1
            for h in range(b, c):
                t = toks[h]
                if h in self.consumed or t.kind != "word":
                    continue
                words = list(toks[h:c])
                if t.text in _QUANTIFIERS_AR:
                    cand = self.quantified(p, words)
                elif _strip_article(t.text) in _PERSON_HEADS_AR and not t.text.startswith("ال"):
                    cand = self.anonymous(p, words) if self.np_end(p, words, 0) == len(words) else None
                else:
                    continue
                if cand is not None:
                    verb = next(
                        (
                            p.span_text([toks[k]])
                            for k in range(c + 1, min(len(toks), c + 14))
                            if toks[k].kind == "word" and self.verb_at(toks[k])[0]
                        ),
                        p.span_text(toks[c + 1 : c + 2]),
                    )
                    self.consumed.update(range(h, c))
                    self.reg.add(cand, verb=verb, told_to=None, quote=None, paragraph=p.number)
                break
