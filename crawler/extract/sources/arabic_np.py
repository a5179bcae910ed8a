"""Arabic subjects: whether the words after (or, SVO, before) an attribution trigger name a
source, of which kind, with which name span and role.

The head noun decides the kind, whatever the position: a body's head (مديرية، مستشفى، تجمع،
مجلس ...) makes an organisation, an outlet's (وكالة، صحيفة، موقع ...) an outlet, a page's or an
account's an organisation unless it is named, a person's (ناشط، عامل، ممرضة ... in every case
and number) a person when a name goes with it and an anonymous source otherwise. Spans follow
the noun phrase: the head, its genitive chain and adjectives, and the prepositional qualifiers
that say which one ("عمالاً من قرية الصالحية", "سائقو الشاحنات على طريق حلب").
"""

from __future__ import annotations

from collections.abc import Iterable

from .forms import (
    _ADJUNCT_NOUNS_AR,
    _ADVERBS_AR,
    _AFFILIATION_WORDS_AR,
    _ALL_HEADS_AR,
    _ANAPHORIC_ADJ_AR,
    _ANON_HEADS_AR,
    _APPOSITION_OPENERS_AR,
    _AUXILIARIES_AR,
    _BROADCAST_NOUNS_AR,
    _CORRESPONDENTS_AR,
    _DESCRIPTORS_AR,
    _DIRECTIONS_AR,
    _EVENT_NOUNS_AR,
    _FACILITY_HEADS_AR,
    _FUNCTION_WORDS_AR,
    _GIVEN_NAMES_AR,
    _GOVERNS_AN_AR,
    _HEAD_ALIASES,
    _HONORIFICS_AR,
    _HOUSE_CORRESPONDENTS_AR,
    _INFORMATION_NOUNS_AR,
    _KNOWN_AS_AR,
    _KNOWN_ORGS_AR,
    _KNOWN_OUTLETS_AR,
    _LISTENER_PRONOUNS_AR,
    _NAME_PARTICLES_AR,
    _NAME_TITLES_AR,
    _NAMING_WORDS_AR,
    _NATIONALITIES_AR,
    _NEGATIONS_AR,
    _NEVER_VERBS_AR,
    _ORG_HEADS_AR,
    _OUTLET_HEADS_AR,
    _PAGE_HEADS_AR,
    _PERSON_HEADS_AR,
    _PLACE_NOUNS_AR,
    _PLACE_PREFIXES_AR,
    _PLAIN_ADJECTIVES_AR,
    _PLATFORMS_AR,
    _PLURAL_HEADS_AR,
    _PREPOSITIONS_AR,
    _QUALIFIER_PREPS_AR,
    _QUANTIFIERS_AR,
    _QUOTE_MARKERS_AR,
    _RELATIVES_AR,
    _ROLE_HEADS_AR,
    _STANDALONE_AR,
    _TIME_WORDS_AR,
    _UNIT_HEADS_AR,
    _UNIT_NAME_TITLES_AR,
    _VERB_FORMS_AR,
)
from .normalize import _strip_article, normalize_ar
from .registry import _Cand, _Registry
from .tokens import _clean_name, _Para, _Tok

_HYPHENS = frozenset("-–")
# Nouns of adverbial phrases after a preposition ("على نطاق واسع"، "على مدى"، "على خلفية"): no qualifier.
_ADVERBIAL_NOUNS_AR = frozenset(["نطاق", "مدار", "مدى", "خلفية", "اثر", "الرغم", "وجه", "صعيد", "اساس"])
# Common indefinite adjectives that are neither nisbas nor participles: "مصدر عسكري رفيع".
_PLAIN_INDEF_ADJ_AR = frozenset(
    normalize_ar(w) for w in ("سابق", "رفيع", "بارز", "كبير", "مطلع", "مقرب", "آخر", "مسؤول", "مختص")
)
_PRONOUN_PREPOSITIONS_AR = frozenset(
    prep + pron for prep in ("عن", "من", "في", "علي", "الي", "ب") for pron in ("ه", "ها", "هم", "هما")
)
# Second words of compound given names ("نور الدين"، "عبد الله"): an indefinite family name may follow.
_COMPOUND_NAME_ENDS_AR = frozenset(["الدين", "الله", "الرحمن", "الرحيم", "الكريم", "العزيز", "الحميد", "الهدى"])


#: Words of an age after a number ("(65 عاماً)", "(40 سنة)").
_AGE_WORDS_AR = frozenset(normalize_ar(w) for w in ("عاماً", "عاما", "عام", "سنة", "سنوات", "عامًا"))


def _age_group(tok: _Tok) -> bool:
    """A bracket that gives someone's age ("(42 عاماً)"): never a name."""
    if tok.kind != "group" or tok.words > 3 or not tok.text[:1].isdigit():
        return False
    parts = tok.text.split()
    return len(parts) >= 2 and parts[0].isdigit() and parts[1] in _AGE_WORDS_AR


#: Who sits for a place ("عضو مجلس الشعب عن محافظة حمص", "نائب عن مدينة حلب"): their عن says for which.
_REPRESENTATIVES_AR = frozenset(normalize_ar(w) for w in ("عضو", "عضوة", "نائب", "نائبة", "ممثل", "ممثلة"))
#: Words that open a phrase or clause, never a name ("«رغم شح الأمطار»"، "«بسبب الحصار»").
_CLAUSE_OPENERS_AR = frozenset(normalize_ar(w) for w in ("رغم", "برغم", "بسبب", "بعد", "قبل", "لأن", "حتى", "دون"))


def _known(words: tuple[str, ...], table: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    return bool(words) and words in table.get(words[0], ())


def _definite(tok: _Tok) -> bool:
    return tok.kind == "word" and tok.text.startswith(("ال", "لل"))


def _adjective_like(tok: _Tok) -> bool:
    """An indefinite nisba adjective or plural adjective: محلية، عسكري، محليون، ميدانيين."""
    w = tok.text
    return tok.kind == "word" and not w.startswith("ال") and len(w) > 3 and w.endswith(("ي", "ية", "يون", "يين", "يات"))


def _definite_adjective(tok: _Tok) -> bool:
    """A definite adjective: a nisba (السوري، الدولية، المحليين), a feminine or plural participle
    (المتحدة، المؤقتة، المتضررين) or a common plain adjective (الحرة، العامة)."""
    w = tok.text
    return tok.kind == "word" and (
        w.endswith(("ي", "ية", "يين", "يون", "يات"))
        or (w.startswith("الم") and w.endswith(("ة", "ين", "ون", "ات")))
        or w in _PLAIN_ADJECTIVES_AR
        or w in _AFFILIATION_WORDS_AR
    )


def _agreeing_participle(prev: str, word: str) -> bool:
    """A definite active participle (فاعل) in the sound plural of the definite plural before it:
    its adjective ("المعتقلين العائدين"، "اللاجئون الفارون"), not its object."""
    return (
        len(word) >= 7
        and word[3] == "ا"
        and prev.startswith("ال")
        and word.startswith("ال")
        and word.endswith(("ين", "ون"))
        and prev.endswith(word[-2:])
    )


def _untitled(words: list[_Tok], e: int) -> int:
    """End of a role before a name at ``e`` without the titles just before the name, when a
    description comes first ("الخبير العسكري العميد …" -> "الخبير العسكري")."""
    r = e
    while r > 1 and words[r - 1].text in _NAME_TITLES_AR:
        r -= 1
    return r


_CLITICS = ("هما", "هم", "ها", "ه")
#: Definite adjectives whose complement with بـ says what a body or person is for.
_CONCERNED_AR = frozenset(
    normalize_ar(w) for w in ("الخاصة", "الخاص", "المعنية", "المعني", "المختصة", "المختص", "المتخصصة", "المتخصص")
)


def _bare(word: str) -> str:
    """A word without its article, a trailing pronoun or the alef of tanween, for lexicon
    lookups of objects: "صوراً" -> صور، "إضرابهم" -> اضراب، "الحداد" -> حداد."""
    word = _strip_article(word)
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 3:
            word = word[: -len(clitic)]
            break
    if word.endswith("ا") and len(word) > 3:
        word = word[:-1]
    return word


def _participle_like(tok: _Tok) -> bool:
    """An indefinite plural or feminine participle used as an adjective: مطلعين، مقربة، معارضون."""
    w = tok.text
    return tok.kind == "word" and w.startswith("م") and len(w) > 4 and w.endswith(("ون", "ين", "ة", "ات"))


#: Nouns that make an adverbial after ب ("بالتزامن مع"، "بالقرب من"، "بالإضافة إلى"), not a place.
_ADVERBIAL_B_AR = frozenset(
    normalize_ar(w)
    for w in (
        "قرب",
        "إضافة",
        "نسبة",
        "رغم",
        "شكل",
        "عودة",
        "موازاة",
        "حجة",
        "تهمة",
        "سبب",
        "فعل",
        "ذات",
        "حسب",
        "نحو",
        "دون",
        "واسطة",
        "عد",
        "ين",
    )
)


def _adverbial_b(w: str) -> bool:
    """What follows ب when it is an adverbial or a verbal noun of forms V/VI (التزامن، التنسيق)."""
    return w in _ADVERBIAL_B_AR or (len(w) == 5 and w[0] == "ت" and w[2] in "اي") or (len(w) == 5 and w[0] == "ت")


def _derived_masdar(w: str) -> bool:
    """Looks like the verbal noun of a derived verb, the object that follows a subject
    (تسجيل، توزيع، انتشال، استهداف)."""
    return (
        (len(w) == 5 and w[0] == "ت" and w[3] == "ي")
        or (len(w) == 6 and w[0] == "ا" and w[4] == "ا")
        or (len(w) >= 6 and w.startswith("است"))
    )


_NO_VERB = (False, False)


def _verb_table() -> dict[str, tuple[bool, bool]]:
    """Every word that is an attribution verb -> (True, whether it carries a و/ف prefix): a form
    as it is, else with و/ف before a form; never a word of a known name."""
    table = {"و" + form: (True, True) for form in _VERB_FORMS_AR}
    table.update({"ف" + form: (True, True) for form in _VERB_FORMS_AR})
    table.update(dict.fromkeys(_VERB_FORMS_AR, (True, False)))
    return {word: verb for word, verb in table.items() if word not in _NEVER_VERBS_AR}


#: ``verb_at`` in one look-up (a word that is none of these is no attribution verb).
_VERB_AT_AR = _verb_table()


class _ArabicSubjects:
    """Classification of a subject; the reader (``arabic.py``) adds the triggers around it."""

    reg: _Registry
    house: tuple[tuple[str, ...], ...]

    @staticmethod
    def verb_at(tok: _Tok) -> tuple[bool, bool]:
        """(is an attribution verb, carries a و/ف prefix)."""
        return _VERB_AT_AR.get(tok.text, _NO_VERB) if tok.kind == "word" else _NO_VERB

    # -- lexical helpers ----------------------------------------------------------------------

    @staticmethod
    def _match(words: list[_Tok], k: int, table: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        """Length of the longest entry of ``table`` (indexed by first word) matching words[k:]."""
        if k >= len(words) or words[k].kind != "word":
            return 0
        for entry in table.get(words[k].text, ()):
            n = len(entry)
            if (
                k + n <= len(words)
                and all(w.kind == "word" for w in words[k : k + n])
                and tuple(w.text for w in words[k : k + n]) == entry
            ):
                return n
        return 0

    @staticmethod
    def _heads(p: _Para, toks: Iterable[_Tok]) -> frozenset[str]:
        return frozenset(
            _strip_article(t.text) for t in toks if t.kind == "word" and _strip_article(t.text) in _ALL_HEADS_AR
        )

    @staticmethod
    def _is_adjective(tok: _Tok) -> bool:
        w = tok.text
        return (
            tok.kind == "word"
            and not w.startswith("ال")
            and w not in _PREPOSITIONS_AR
            and not w.isdigit()
            and w.endswith(("ة", "ه", "ي", "ون", "ين", "ات"))
            and len(w) > 2
        )

    def _given_name_at(self, words: list[_Tok], k: int) -> bool:
        w = words[k]
        if w.kind != "word":
            return False
        if w.text in _GIVEN_NAMES_AR:
            return True
        return w.text in _NAME_PARTICLES_AR and k + 1 < len(words) and words[k + 1].kind == "word"

    @staticmethod
    def _place_name_at(words: list[_Tok], k: int) -> bool:
        """Whether the name at k is a place's: "منطقة السيدة زينب"، "بلدة أبو حمام"، "حي خالد بن الوليد"."""
        # the (at most two) words just before k; a token that is no word is skipped
        last = words[k - 1] if k else None
        other = words[k - 2] if k >= 2 else None
        if last is None or last.kind != "word":
            return other is not None and other.kind == "word" and other.text in _PLACE_NOUNS_AR
        return last.text in _PLACE_NOUNS_AR or (
            other is not None and other.kind == "word" and other.text in _PLACE_NOUNS_AR and last.text in _HONORIFICS_AR
        )

    @staticmethod
    def _name_extent(words: list[_Tok], k: int) -> int:
        """End of an unbracketed name starting at k (at most 4 words)."""
        e = k + 1
        while e < len(words) and e - k < 4:
            w = words[e]
            base = _strip_article(w.text)
            if (
                w.kind != "word"
                or w.text in _PREPOSITIONS_AR
                or w.text in _APPOSITION_OPENERS_AR
                or (base in _ROLE_HEADS_AR and base not in ("شيخ",) and e + 1 < len(words))  # "رهام الخطيب"
                or w.text in _AFFILIATION_WORDS_AR
                or w.text in _RELATIVES_AR
            ):
                break
            last = words[e - 1].text
            if (
                e - 1 > k
                and last.startswith("ال")
                and last not in _COMPOUND_NAME_ENDS_AR
                and w.text not in _COMPOUND_NAME_ENDS_AR  # "حسين العبد الله"
                and words[e - 2].text not in _NAME_PARTICLES_AR
            ):
                break  # a family name closes the name: "رنا السيد مطالب زملائها", "أبو محمود الحوراني الوضع"
            e += 1
        return e

    @staticmethod
    def _present_clause(words: list[_Tok]) -> bool:
        """Words after a role that are a clause describing someone, not their name: a present verb
        first ("تاجر من سوق الهال يعمل منذ عشرين عاماً") or a function or time word inside."""
        first = words[0].text
        return (first[:1] == "ي" and len(first) >= 4 and first not in _GIVEN_NAMES_AR) or any(
            w.text in _FUNCTION_WORDS_AR or w.text in _TIME_WORDS_AR for w in words
        )

    @staticmethod
    def _could_start_name(tok: _Tok, prefixed: bool = False) -> bool:
        """``prefixed``: the word had a letter that could be a glued preposition or conjunction
        stripped; the rest may begin with any letter but the article ("وليد" -> "ليد")."""
        w = tok.text
        return not (
            w.startswith(("ال", "لل") if prefixed else ("ال", "ب", "ل", "و", "ف"))
            or w in _PREPOSITIONS_AR
            or w in _TIME_WORDS_AR
            or w.isdigit()
            or _strip_article(w) in _ALL_HEADS_AR
            or w in _PLACE_NOUNS_AR
            or w in _QUANTIFIERS_AR
            or w in _FUNCTION_WORDS_AR
        )

    def _may_open_name(self, tok: _Tok) -> bool:
        """Whether a word may open a personal name after a role: as ``_could_start_name``, but a
        first letter that could be a glued preposition or conjunction is allowed when the word is
        no feminine noun (لينا، باسل، وليد، فادي; not لرعاية، بحماية)."""
        w = tok.text
        if tok.kind != "word" or w.startswith(("ال", "لل", "بال", "وال", "فال", "كال")) or w in _QUALIFIER_PREPS_AR:
            return False
        if w.startswith(("ب", "ل", "و", "ف")):
            return not w.endswith("ة") and self._could_start_name(_Tok("word", w[1:], tok.start, tok.end), True)
        return self._could_start_name(tok)

    def _looks_like_name(self, words: list[_Tok], relaxed: bool = False) -> bool:
        """Words that can be a personal name on their own (before a role in brackets);
        ``relaxed``: between commas, its first word may begin with a letter that could be a
        prefix ("، وائل الخطيب،")."""
        core = [w for w in words if not (w.kind == "word" and w.text in _HONORIFICS_AR)]
        return (
            0 < len(core) <= 4
            and all(w.kind == "word" for w in core)
            and (self._could_start_name(core[0]) or (relaxed and self._may_open_name(core[0])))
            and _strip_article(core[0].text) not in _ALL_HEADS_AR
            and not any(w.text in _PREPOSITIONS_AR or self.verb_at(w)[0] for w in core)
        )

    def _acronym_like(self, p: _Para, tok: _Tok) -> bool:
        """A word that can only be an acronym standing for a body ("قسد", "هتش", "حسم"): two to
        four letters, no article, no feminine or accusative ending, and none of the words a verb
        is followed by otherwise (pronouns, particles, prepositions with a pronoun, names)."""
        w = tok.text
        if tok.kind == "group":
            return tok.mark != "(" and tok.words == 1 and 2 <= len(w) <= 4 and w not in _GIVEN_NAMES_AR
        return (
            tok.kind == "word"
            and 2 <= len(w) <= 4
            and w.isalpha()
            and not w.isascii()
            and not w.startswith("ال")
            and not w.endswith(("ة", "ا", "ى", "ه", "ها", "هم"))
            and not (
                w.startswith(("في", "عن", "من", "ل", "ب", "مع", "عل", "لد", "ك"))
                and w.endswith(("ه", "ها", "هم", "نا", "كم", "ي"))
            )
            and w not in _FUNCTION_WORDS_AR
            and w not in _PREPOSITIONS_AR
            and w not in _TIME_WORDS_AR
            and w not in _ADVERBS_AR
            and w not in _NEGATIONS_AR
            and w not in _AUXILIARIES_AR
            and w not in _QUANTIFIERS_AR
            and w not in _LISTENER_PRONOUNS_AR
            and w not in _QUOTE_MARKERS_AR
            and w not in _GIVEN_NAMES_AR
            and w not in _HONORIFICS_AR
            and _strip_article(w) not in _ALL_HEADS_AR
            and not self.verb_at(tok)[0]
            and not p.tanween_fath(tok)
        )

    # -- noun phrases ---------------------------------------------------------------------------

    def np_end(self, p: _Para, words: list[_Tok], k: int, limit: int = 14, body: bool = False) -> int:
        """End (exclusive) of the noun phrase that starts at words[k]: the head, its genitive
        chain and adjectives, and the prepositional qualifiers that say which one or where
        ("عمالاً من قرية الغنطو في ريف حمص الشمالي"). It stops at a relative pronoun, a verb, a
        word that cannot continue it (an indefinite noun after a closed phrase is the object),
        and after three indefinite genitives in a row (for a body, at a definite word after two of
        them: "نقابة صيادلة سوريا القرار"). A construct closed by a definite genitive ("مجلس
        عشائر البوكمال") takes only adjectives after it: another definite word is the object
        ("رفض مجلس عشائر البوكمال الاتفاق"). A verbal noun keeps its object after عن ("هيئة الدفاع
        عن المعتقلين"); a body's indefinite genitive its complement with لـ ("منظمة أطباء لحقوق
        الإنسان")."""
        n = len(words)
        e = k + 1
        prev = words[k]
        # a sound plural or dual closes the phrase, not a singular head that ends like one ("معاون وزير")
        open_ = not _definite(prev) and (
            not prev.text.endswith(("ون", "تان", "تين", "ا")) or _HEAD_ALIASES.get(prev.text) == prev.text
        )
        chain = 0
        in_qualifier = False
        closed = False
        proper = False  # after a qualifier's object that is a proper name ("على فيسبوك", "في إدلب")
        last_adjective = False  # an indefinite adjective closed the phrase: no definite word may follow
        described = False  # a definite adjective after a definite noun: no definite noun may follow
        outlet = _strip_article(words[k].text) in _OUTLET_HEADS_AR
        while e < n and e - k < limit:
            w = words[e]
            if w.kind == "word" and last_adjective and w.text.startswith("ال"):
                break  # "اتهم ناشطون محليون الأجهزة الأمنية": the object
            last_adjective = False
            after_adjective, described = described, False
            if w.kind == "punct":
                if w.text in _HYPHENS and in_qualifier and e + 1 < n and words[e + 1].kind == "word":
                    e += 1  # "طريق حلب - اللاذقية"
                    open_, chain, closed = True, 0, False
                    continue
                break
            if w.kind != "word":
                break
            t = w.text
            if (
                t in _RELATIVES_AR
                or t in _QUOTE_MARKERS_AR
                or t in _LISTENER_PRONOUNS_AR
                or t in _AUXILIARIES_AR
                or self.verb_at(w)[0]
            ):
                break
            if t.isdigit():
                if e + 1 == n or (outlet and e - k >= 2 and len(t) <= 3):
                    e += 1  # "شبكة الرقة 24"
                break
            if t == "عن" and _strip_article(prev.text) in _GOVERNS_AN_AR:
                obj = words[e + 1] if e + 1 < n else None
                if obj is None or obj.kind != "word" or obj.text in _QUOTE_MARKERS_AR or self.verb_at(obj)[0]:
                    break
                e += 2
                prev, chain, closed = obj, 0, False
                open_ = not _definite(obj)
                continue
            if t in _QUALIFIER_PREPS_AR or (
                # "عضو مجلس الشعب عن محافظة حمص": whom a representative stands for
                t == "عن"
                and e + 1 < n
                and words[e + 1].text in _PLACE_NOUNS_AR
                and _strip_article(words[k].text) in _REPRESENTATIVES_AR
            ):
                obj = words[e + 1] if e + 1 < n else None
                if (
                    obj is None
                    or obj.kind != "word"
                    or obj.text.startswith(_ADJUNCT_NOUNS_AR)
                    or obj.text in _TIME_WORDS_AR
                    or obj.text in _ADVERBIAL_NOUNS_AR  # "على نطاق واسع"
                    or obj.text in _QUALIFIER_PREPS_AR
                    or obj.text in _QUOTE_MARKERS_AR
                    or self.verb_at(obj)[0]
                    or (_derived_masdar(obj.text) and not obj.text.startswith("ال"))  # "حذّرت اللجنة من انتشار ..."
                ):
                    break
                e += 2
                prev, in_qualifier, chain, closed, described = obj, True, 0, False, False
                open_ = not _definite(obj)
                proper = open_ and _strip_article(obj.text) not in _ALL_HEADS_AR and obj.text not in _PLACE_NOUNS_AR
                continue
            if (
                in_qualifier
                and t[0] == "و"
                and len(t) > 4
                and not t.startswith("وال")
                and t[1] not in "يت"
                and prev.text.startswith("ال")
                and e >= 2
                and words[e - 2].text in _QUALIFIER_PREPS_AR
                and _strip_article(t[1:]) not in _ALL_HEADS_AR
                and not self.verb_at(w)[0]
            ):
                e += 1  # "مستخدمون في اللاذقية وطرطوس": two places
                prev = w
                continue
            if (
                in_qualifier
                and t in _DIRECTIONS_AR
                and e + 1 < n
                and words[e + 1].kind == "word"
                and words[e + 1].text not in _PREPOSITIONS_AR
                and not self.verb_at(words[e + 1])[0]
            ):
                e += 1  # "من بلدة الكرامة شرق الرقة": where the place is
                prev, open_, chain, closed = w, True, 0, False
                continue
            if len(t) > 3 and t[0] == "ب" and _strip_article(t[1:]) in _PLACE_NOUNS_AR:  # "بريف حلب"
                e += 1
                prev, open_, in_qualifier, chain = w, True, True, 0
                continue
            if (
                in_qualifier
                and len(t) >= 4
                and t[0] == "ب"
                and t != "باسم"
                and prev.text.startswith("ال")
                and not _derived_masdar(_strip_article(t[1:]))
                and not _adverbial_b(_strip_article(t[1:]))
                and t not in _NEVER_VERBS_AR
            ):
                e += 1  # "مصدر في فرع الحزب بالسويداء"، "طلاب في جامعة الفرات بدير الزور": where that is
                prev, open_, chain, closed = w, not t.startswith("بال"), 0, False
                continue
            if not open_ and w.kind == "word" and self._place_name_at(words, e) and not t.startswith("ال"):
                e += 1  # "منطقة السيدة زينب": the place's name goes on
                prev = w
                continue
            if t.startswith("لل") and len(t) > 4:  # "للدراسات"
                e += 1
                prev, open_, chain, closed = w, False, 0, False
                continue
            if t == "باسم":  # "المتحدث باسم الدفاع المدني"
                e += 1
                prev, open_, chain = w, True, 0
                continue
            if (
                t.startswith("ل")
                and len(t) > 3
                and (_definite(prev) or (body and open_ and chain >= 1 and not _adjective_like(prev)))
            ):  # "المجلس المحلي لمدينة جرابلس", "منظمة أطباء لحقوق الإنسان"
                e += 1
                prev, open_, chain, closed = w, True, 0, False
                continue
            if t[0] == "ب" and len(t) > 4 and prev.text in _CONCERNED_AR:
                e += 1  # "لجنة التحقيق الخاصة بسوريا", "المؤسسة المعنية بالمفقودين": what it is for
                prev, open_, in_qualifier, chain, described = w, False, True, 0, False
                continue
            if (
                t.startswith("بال")
                and len(t) > 5
                and prev.text.startswith("الم")
                and _strip_article(prev.text) not in _PERSON_HEADS_AR  # not "المدنيين بالابتعاد"
            ):
                e += 1  # "الباحث المتخصص بالشأن الإيراني": the participle's complement
                prev, open_, in_qualifier, chain, described = w, False, True, 0, False
                continue
            if t.startswith("ال"):
                if (
                    in_qualifier
                    and _definite(prev)
                    and (_strip_article(t) in _ORG_HEADS_AR or _strip_article(t) in _OUTLET_HEADS_AR)
                ):
                    break  # "عائلات معتقلين من مدينة دير الزور المنظماتِ الدولية": the object
                if proper and (
                    _strip_article(t) in _ORG_HEADS_AR
                    or _strip_article(t) in _OUTLET_HEADS_AR
                    or _bare(t) in _INFORMATION_NOUNS_AR
                ):
                    break  # "نقابة المحامين في حلب المجلسَ": after a place's name, a body is the object
                if after_adjective and (
                    not (_definite_adjective(w) or self._definite_participle(w))
                    or _strip_article(t) in _ORG_HEADS_AR
                    or _strip_article(t) in _OUTLET_HEADS_AR
                ):
                    break  # "سكان مخيم الركبان على الحدود السورية الأردنية المنظماتِ الدولية": the object
                if (
                    e == k + 1
                    and _definite(prev)
                    and _strip_article(prev.text) in _ORG_HEADS_AR
                    and not _definite_adjective(w)
                    and (
                        prev.text.endswith("ة") != t.endswith(("ة", "ات", "ى", "اء"))
                        or _strip_article(t) in _EVENT_NOUNS_AR  # "وتبنّى التنظيم الهجوم"
                    )
                ):
                    # "وبرّرت المؤسسة القرار": a definite head takes no genitive, and a word that does
                    # not agree with it in gender is no adjective of it: the object
                    break
                described = _definite(prev) and _definite_adjective(w)
                if body and open_ and chain >= 2 and prev.text not in _PLACE_PREFIXES_AR:
                    break  # "نقابة صيادلة سوريا القرار": past a name, the object (not "صحة دير الزور")
                if (
                    _definite(prev)
                    and t.endswith("ات")
                    and not prev.text.endswith(("ات", "اء"))
                    and _strip_article(prev.text) not in _PLURAL_HEADS_AR
                ):
                    # "وزارة النفط في حكومة النظام الولايات المتحدة": a plural in -ات agrees with no
                    # singular before it, so it is no adjective of the phrase but its object
                    break
                if closed and not (_definite_adjective(w) or _agreeing_participle(prev.text, t)):
                    break  # "مجلس عشائر البوكمال الاتفاق" (not "أحد المعتقلين العائدين")
                closed = closed or (open_ and not _definite(prev))
                e += 1
                prev, open_, chain = w, False, 0
                continue
            if body and open_ and t[0] == "و" and len(t) > 3 and not t.startswith("وال") and prev.text[0] == "ل":
                e += 1  # "لشمال وشرق سوريا"
                prev, chain = w, 2  # one genitive more, at most
                continue
            if body and t[0] == "و" and len(t) > 3 and not t.startswith("وال") and prev.text.startswith("لل"):
                e += 1  # "المركز السوري للإعلام وحرية التعبير"
                prev, open_, chain = w, True, 1
                continue
            if body and chain >= 1 and t[0] == "و" and len(t) > 4 and prev.text.endswith("ي") and t.endswith("ي"):
                e += 1  # "رابطة معتقلي ومفقودي سجن صيدنايا": two constructs sharing their genitive
                prev, open_ = w, True
                continue
            if (
                t[0] == "و"
                and len(t) > 3
                and _strip_article(t[1:]) in _PERSON_HEADS_AR
                and _strip_article(prev.text) in _PERSON_HEADS_AR
            ):
                e += 1  # "شيوخ ووجهاء عشيرة العكيدات": heads sharing their genitive
                prev, open_, chain = w, not t.startswith("وال"), 0
                continue
            if t.startswith("وال") and _definite(prev) and (body or not in_qualifier):  # "الأغذية والزراعة"
                e += 1
                prev = w
                continue
            if (
                (t in ("احد", "احدى") and (chain >= 1 or proper))
                or (chain >= 1 and t in _EVENT_NOUNS_AR)
                or (t[0] == "ي" and len(t) >= 4)
                or (in_qualifier and chain >= 1 and t[0] == "ت" and len(t) == 4 and t not in _ALL_HEADS_AR)
                or (
                    # "سيدة من ريف دمشق تنتظر ابنها": a present verb after the place's name opens a
                    # clause describing the phrase (not after a place noun: "في ريف مدينة تلبيسة")
                    in_qualifier
                    and chain >= 1
                    and t[0] == "ت"
                    and 5 <= len(t) <= 6
                    and prev.text not in _PLACE_NOUNS_AR
                    and prev.text not in _PLACE_PREFIXES_AR
                    and t not in _ALL_HEADS_AR
                    and t not in _PLACE_NOUNS_AR
                    and not p.tanween_fath(w)
                    and e + 1 < n
                    and words[e + 1].kind == "word"
                )
            ):
                break  # a new phrase ("أحد القتلى"), the object ("مقتل أربعة"), a verb ("يعمل على الخط")
            if proper and (_strip_article(t) in _ALL_HEADS_AR or _derived_masdar(t) or t in _QUANTIFIERS_AR):
                break  # "حسابات على فيسبوك عناصر من قسد", "مديرية الصحة في إدلب تسجيل"
            if proper and prev.text in _PLATFORMS_AR:
                break  # "حسابات محلية على فيسبوك رسائل تهديد": a platform takes no genitive
            if e > k + 1 and not in_qualifier and self._clause_verb(p, words, e):
                break  # "معتقل سابق أُفرج عنه": a clause describing it, not its name
            if open_ and chain < 3 and not (chain >= 2 and _derived_masdar(t)) and not p.tanween_fath(w):
                e += 1
                chain += 1
                prev = w
                open_ = not _adjective_like(w) and not t.endswith("ون")
                continue
            if (
                (not open_ or (outlet and chain >= 3))  # "شبكة بي بي سي عربي"
                and not _definite(prev)
                and (_adjective_like(w) or _participle_like(w) or t in _PLAIN_INDEF_ADJ_AR)
            ):
                # "مصادر إعلامية موالية", "مسؤولين أمريكيين مطلعين على النقاشات"
                e += 1
                prev = w
                last_adjective = True
                continue
            break
        return e

    @staticmethod
    def _definite_participle(w: _Tok) -> bool:
        """A definite word that may be a participle describing what precedes ("المقيم"، "المكلف"):
        الم- and no body's head noun nor place (المجلس، المكتب، المخيم are nouns)."""
        t = w.text
        base = _strip_article(t)
        return (
            t.startswith("الم")
            and len(t) >= 5
            and base not in _ORG_HEADS_AR
            and base not in _OUTLET_HEADS_AR
            and base not in _PLACE_NOUNS_AR
        )

    @staticmethod
    def _clause_verb(p: _Para, words: list[_Tok], e: int) -> bool:
        """Whether the indefinite word at e after a noun phrase is the verb of a clause that
        describes it: a passive written with its damma ("أُفرج"), or a word that is no
        participle followed by a preposition with a pronoun ("اعتقل فيه"، "أفرج عنه")."""
        w = words[e]
        if w.text.startswith("م"):
            return False
        if p.passive_mark(w):
            return True
        nxt = words[e + 1] if e + 1 < len(words) else None
        return nxt is not None and nxt.kind == "word" and nxt.text in _PRONOUN_PREPOSITIONS_AR

    # -- kinds of subject -----------------------------------------------------------------------

    def correspondent(self, p: _Para, words: list[_Tok]) -> _Cand | None:
        first = words[0].text
        if first in _HOUSE_CORRESPONDENTS_AR:
            return _Cand(
                p.span_text(words[:1]),
                "anonymous",
                heads=frozenset({"مراسل"}),
                corr_key="house",
                anaphor=True,
                standalone=True,
            )
        if first == "المراسل":
            return _Cand(p.span_text(words[:1]), "anonymous", heads=frozenset({"مراسل"}), anaphor=True)
        if first not in _CORRESPONDENTS_AR:
            return None
        for outlet in self.house:
            n = len(outlet)
            if tuple(w.text for w in words[1 : 1 + n]) == outlet and 2 <= len(words) - 1 - n <= 4:
                rest = words[1 + n :]
                if self._looks_like_name(rest) and not self._is_place_tail(rest[0]):
                    # "مراسل أورينت محمد العمر": a named correspondent is a person
                    return _Cand(p.span_text(rest), "person", role=p.span_text(words[: 1 + n]))
        e = 1
        while e < len(words) and e <= 3 and (words[e].kind == "group" or not self._is_place_tail(words[e])):
            if words[e].kind == "group" and e > 1 and words[e].words <= 3:
                # "مراسل أورينت (أحمد العلي)": a named correspondent is a person
                return _Cand(_clean_name(p.span_text([words[e]], inner=True)), "person", role=p.span_text(words[:e]))
            e += 1
        outlet = tuple(" ".join(t.text for t in words[1:e]).split())
        key = "house" if outlet in self.house else "corr:" + " ".join(outlet)
        return _Cand(_clean_name(p.span_text(words[:e])), "anonymous", heads=frozenset({"مراسل"}), corr_key=key)

    @staticmethod
    def _is_place_tail(tok: _Tok) -> bool:
        """Where a correspondent is: "في إدلب", "بريف حلب" (ب glued to a word that is not part of a
        known name such as "بلدي نيوز")."""
        w = tok.text
        return w in _PREPOSITIONS_AR or (w.startswith("ب") and w not in _NEVER_VERBS_AR)

    def from_group(self, p: _Para, pre: list[_Tok], group: _Tok, post: list[_Tok]) -> _Cand | None:
        """A name in brackets or quotation marks, with what precedes and follows it: the kind is
        the head noun's, before the bracket or, without one, inside it."""
        name = _clean_name(p.span_text([group], inner=True))
        inner = tuple(group.text.split())
        inner_head = _strip_article(inner[0]) if inner else ""
        head = _strip_article(pre[0].text) if pre and pre[0].kind == "word" else ""
        if inner and (inner[0] in _NAME_PARTICLES_AR or inner[0] in _GIVEN_NAMES_AR) and len(pre) >= 2:
            # "التاجر محمود قدور (أبو عمار)": the bracket is the name he goes by, the name before it his
            for k in range(len(pre) - 1):
                if self._given_name_at(pre, k) and self._name_extent(pre, k) == len(pre):
                    titled = [t for t in pre[:k] if t.kind == "word" and t.text not in _HONORIFICS_AR]
                    if all(t.kind == "word" for t in pre[:k]) and (
                        not titled or self._role_like(titled) or all(_definite(t) for t in titled)
                    ):
                        return _Cand(p.span_text(pre[k:]), "person", role=p.span_text(titled) or None)
                    break
        if pre and head in _PERSON_HEADS_AR and head not in _ORG_HEADS_AR and pre[-1].kind == "word":
            last = pre[-1].text
            if last in _QUALIFIER_PREPS_AR or last in _PLACE_NOUNS_AR:
                # "مصدر عسكري في «الفرقة الرابعة»", "أصحاب محال في حي «إينونو»": the bracket ends
                # the qualifier that says which people
                return _Cand(p.span_text([*pre, group]), "anonymous", heads=frozenset({head}))
            if (
                group.mark != "("
                and last != "باسم"
                and (inner_head in _ORG_HEADS_AR or inner_head in _OUTLET_HEADS_AR or _known(inner, _KNOWN_ORGS_AR))
                and self.np_end(p, pre, 0) == len(pre)
            ):
                # "طالب وجهاء من العشيرة «التحالف الدولي» بـ": a body after people is the object
                return self.anonymous(p, pre)
        if pre and self._match(pre, 0, _KNOWN_ORGS_AR) == len(pre):
            # "الدفاع المدني السوري (الخوذ البيضاء)": the bracket is an alias.
            return _Cand(p.span_text(pre), "organization", heads=self._heads(p, pre))
        if (
            head in _OUTLET_HEADS_AR
            and len(pre) >= 2
            and len(inner) == 1
            and group.mark == "("
            and not _known(inner, _KNOWN_OUTLETS_AR)  # "وكالة الأنباء الرسمية (سانا)": سانا
            and not any(w.text in _DESCRIPTORS_AR for w in pre[1:])
        ):
            # "وكالة الأنباء الأردنية (بترا)": the full name is the name, the acronym an alias
            return _Cand(p.span_text(pre[: self.np_end(p, pre, 0)]), "outlet", heads=self._heads(p, pre[:1]))
        if head in _OUTLET_HEADS_AR:  # "موقع (الليرة اليوم)", "صفحة “سوريا الآن”"
            return _Cand(name, "outlet", heads=self._heads(p, pre[:1]))
        if head in _ORG_HEADS_AR and len(pre) >= 3 and len(inner) > 1:
            return self.body(p, pre, head)  # "اتهم مجلس دير الزور العسكري «خلايا مرتبطة بالنظام»"
        if head in _ORG_HEADS_AR:
            if len(pre) >= 2 and len(inner) == 1 and not _known(inner, _KNOWN_OUTLETS_AR):
                # "قوات سوريا الديمقراطية (قسد)": the full name is the name, the acronym an alias.
                kind = "outlet" if self._broadcaster(pre) else "organization"  # "هيئة البث الإسرائيلية (كان)"
                return _Cand(p.span_text(pre[: self.np_end(p, pre, 0)]), kind, heads=self._heads(p, pre[:1]))
            return _Cand(name, "organization", heads=self._heads(p, pre[:1]))
        if not pre and not post and self._acronym_like(p, group):
            return _Cand(name, "organization")  # "وقالت “قسد” إن"
        if not pre or head not in _PERSON_HEADS_AR:
            # "“تجمع أحرار حوران”", "(مديرية صحة حماة)": the bracket's own head decides; a definite
            # head alone ("وقالت «الهيئة»") is a later mention of the body, as without the marks.
            bare_head = len(inner) == 1 and inner[0].startswith("ال") and not pre
            if inner_head in _ORG_HEADS_AR or (not pre and _known(inner, _KNOWN_ORGS_AR)):
                heads = frozenset({inner_head}) & _ORG_HEADS_AR
                return _Cand(name, "organization", heads=heads, anaphor=bare_head and bool(heads))
            if inner_head in _OUTLET_HEADS_AR or (not pre and _known(inner, _KNOWN_OUTLETS_AR)):
                heads = frozenset({inner_head}) & _OUTLET_HEADS_AR
                return _Cand(name, "outlet", heads=heads, anaphor=bare_head and bool(heads))
            if (
                not pre
                and len(inner) >= 2
                and inner[0].startswith("ال")
                and inner[0] not in _NAME_TITLES_AR
                and inner[0] not in _HONORIFICS_AR
                and inner_head not in _PERSON_HEADS_AR
            ):
                # "«المقاومة الإسلامية في العراق»": a personal name never opens on the article
                return _Cand(name, "organization")
        if pre and inner_head in _PERSON_HEADS_AR:
            # "نوار الخطيب (مسؤول الإعلام في فريق الاستجابة)": a role in brackets after a name, which
            # may follow a profession ("الطبيب مصطفى العمر (مدير مشفى…)": the role is the position).
            k = 0
            while (
                k < len(pre) - 1
                and pre[k].kind == "word"
                and (pre[k].text in _HONORIFICS_AR or _strip_article(pre[k].text) in _PERSON_HEADS_AR)
            ):
                k += 1
            if self._looks_like_name(pre[k:]):
                person = [w for w in pre[k:] if not (w.kind == "word" and w.text in _HONORIFICS_AR)]
                return _Cand(p.span_text(person), "person", role=name or None, heads=frozenset({inner_head}))
        if inner and (inner[0] in _PREPOSITIONS_AR or inner[0] in _CLAUSE_OPENERS_AR):
            return None  # "«رغم شح الأمطار»": a quoted phrase, no name
        # A name in brackets after a role, a profession or an honorific: a person. What comes
        # before is its role only if it describes someone ("المسعف"، "ممرضة في مشفى الرحمة").
        heads = self._heads(p, pre)
        role = None
        describes = bool(pre) and (head in _PERSON_HEADS_AR or _definite(pre[0]) or pre[0].text in _HONORIFICS_AR)
        if pre and not describes and group.mark != "(" and pre[0].text not in _NAMING_WORDS_AR:
            return None  # "بدفع ألفي دولار «بدل إخلاء»": a term in quotation marks, no one described
        titled = [t for t in pre if t.kind == "word" and t.text not in _HONORIFICS_AR] if describes else []
        if post and post[0].kind == "word" and post[0].text in _APPOSITION_OPENERS_AR:
            post = post[1:]
        fuller = p.span_text(post) if post and self._role_like(post) else None
        while titled and titled[-1].text in _NAMING_WORDS_AR:
            titled = titled[:-1]  # "أحد منظمي الوقفة ويدعى (ياسر الحسين)"
        if len(titled) >= 2 and titled[-1].text == "باسم" and titled[-2].text in _KNOWN_AS_AR:
            titled = titled[:-2]  # "شاهدة تُعرف باسم «أم سامر»"
        if titled:
            role = p.span_text(titled)
            if fuller and len(titled) == 1 and len(post) >= 2:
                role = fuller  # "العميد (أحمد رحال) المحلل العسكري": the position, not the rank
        elif post:
            role = p.span_text(post) or None
        return _Cand(name, "person", role=role, heads=heads | frozenset(_strip_article(t.text) for t in post[:1]))

    def _clause_before(self, p: _Para, pre: list[_Tok]) -> bool:
        """Whether the words before a bracket go beyond a description (and a name) of whoever
        it names: "ناشطون محليون الأجهزة الأمنية التابعة للنظام بالوقوف وراء معظمها بهدف «...»"."""
        if _strip_article(pre[0].text) not in _PERSON_HEADS_AR or len(pre) < 4:
            return False
        end = self.np_end(p, pre, 0)
        rest = [w for w in pre[end:] if not (w.kind == "word" and w.text in _NAMING_WORDS_AR)]
        return bool(rest) and not self._looks_like_name(rest)

    @staticmethod
    def _role_group(tok: _Tok) -> bool:
        """A bracket that holds a position, however long: "(رئيسة قسم التمريض في مركز عزل ...)"."""
        return (
            tok.kind == "group"
            and tok.mark == "("
            and tok.words <= 14
            and _strip_article(tok.text.split(None, 1)[0]) in _PERSON_HEADS_AR
        )

    def _role_like(self, words: list[_Tok]) -> bool:
        """Words that describe who someone is: a person noun first, with or without the article."""
        first = words[0]
        return first.kind == "word" and _strip_article(first.text) in _PERSON_HEADS_AR

    def definite_role(self, p: _Para, words: list[_Tok], forward: bool) -> _Cand | None:
        """A definite title: "الرئيس التركي رجب طيب أردوغان" (title, then a name of two words or
        more), "الناشط الصحفي" / "المصادر ذاتها" (refers back), or "المتحدث باسم الدفاع المدني"
        (an unnamed but specific person: a new anonymous source if nothing earlier matches)."""
        e = 1
        while e < len(words) and words[e].kind == "word" and words[e].text.startswith("ال"):
            e += 1
        if e < len(words) and words[e].kind == "word" and self._may_open_name(words[e]):
            end = self._name_extent(words, e)
            # a first name whose first letter could be a glued preposition or conjunction ("المحامي
            # بسام الحلبي", "الشيخ فارس الهويدي") when a family name closes it
            if end - e >= 2 and (
                self._could_start_name(words[e]) or (words[end - 1].text.startswith("ال") and words[e].text != "باسم")
            ):
                return _Cand(
                    p.span_text(words[e:end]),
                    "person",
                    role=p.span_text(words[: _untitled(words, e)]),
                    heads=self._heads(p, words[:e]),
                )
        start = self.name_after_role(p, words, self.np_end(p, words, 0)) if len(words) >= 4 else None
        if start is not None:  # "الناشط في مجال حقوق الإنسان سومر الزين"
            return _Cand(
                p.span_text(words[start:]),
                "person",
                role=p.span_text(words[:start]),
                heads=self._heads(p, words[:start]),
            )
        rest = words[1:]
        heads = frozenset({_strip_article(words[0].text)}) | self._heads(p, rest)
        bare = len(rest) <= 2 and all(
            w.kind == "word" and (self._is_adjective(w) or w.text.startswith("ال") or w.text in _ANAPHORIC_ADJ_AR)
            for w in rest
        )
        end = self.np_end(p, words, 0)
        standalone = forward and not bare and end > 1  # "المتحدث باسم ...", not "المدنيين بالابتعاد"
        kind = "anonymous" if standalone else "person"
        return _Cand(
            p.span_text(words[: end if standalone else len(words)]),
            kind,
            heads=heads,
            anaphor=True,
            standalone=standalone,
        )

    def body(self, p: _Para, words: list[_Tok], base: str) -> _Cand:
        """An organisation or outlet without brackets: its head and what says which one
        ("وزارة الدفاع التركية", "المكتب الإعلامي لهيئة تحرير الشام", "مديرية الصحة في درعا",
        "تجمع أحرار حوران"), without descriptors ("صحيفة الوطن الموالية" -> "صحيفة الوطن") nor the
        place of a body that has a name of its own ("مشفى الحكمة في مدينة الدانا")."""
        e = self.np_end(p, words, 0, body=True)
        if base in _UNIT_HEADS_AR and len(words) > 2 and words[1].kind == "word":
            # "فرقة السلطان سليمان شاه"، "لواء الشهيد أحمد العبدو": the person the unit is named after
            k = 2 if words[1].text in _UNIT_NAME_TITLES_AR else 1
            if k < len(words) and self._given_name_at(words, k):
                e = max(e, self._name_extent(words, k))
        outlet = base in _OUTLET_HEADS_AR
        for k in range(1, e):
            w = words[k]
            if (
                w.kind == "word"
                and (
                    w.text in _AFFILIATION_WORDS_AR
                    or (outlet and k >= 2 and w.text in _DESCRIPTORS_AR)  # "صحيفة الوطن الموالية"
                    or (base in _FACILITY_HEADS_AR and k >= 2 and w.text in _QUALIFIER_PREPS_AR)
                    or (k >= 3 and w.text == "في" and self._proper_body(words[:k]))  # "مركز المصالحة الروسي في ..."
                )
            ):
                e = k
                break
        named = any(not (_adjective_like(w) or w.text in _QUALIFIER_PREPS_AR) for w in words[1:e] if w.kind == "word")
        if base in _PAGE_HEADS_AR:
            # pages and accounts: named, an outlet; unnamed ("حسابات إخبارية على فيسبوك"), a body
            kind = "outlet" if named and base not in _PLURAL_HEADS_AR else "organization"
        elif base in _PLURAL_HEADS_AR and base in _OUTLET_HEADS_AR and any(w.text == "على" for w in words[1:e]):
            kind = "organization"  # unnamed channels on a platform ("قنوات محلية على تلغرام"), as pages
        else:  # شبكة, a head of both: named and unknown, an outlet; a body that broadcasts, an outlet
            kind = "outlet" if base in _OUTLET_HEADS_AR or self._broadcaster(words[:e]) else "organization"
        return _Cand(p.span_text(words[:e]), kind, heads=self._heads(p, words[:1]))

    @staticmethod
    def _proper_body(words: list[_Tok]) -> bool:
        """A body named by its head, a definite genitive and the state or community it belongs to
        ("مركز المصالحة الروسي"، "هيئة الأركان التركية"): one body, with a name of its own, after which
        "في ..." is where it is (not "جمعية الإغاثة الأهلية في حماة", one of many)."""
        gen, last = words[1], words[-1]
        return (
            len(words) == 3
            and gen.kind == "word"
            and gen.text.startswith("ال")
            and not gen.text.endswith(("ي", "ية"))
            and last.kind == "word"
            and last.text in _NATIONALITIES_AR
        )

    @staticmethod
    def _broadcaster(words: list[_Tok]) -> bool:
        """A body named for broadcasting ("هيئة البث ..."، "المؤسسة العامة للإذاعة والتلفزيون") is an
        outlet: a broadcasting noun in the first words of its name."""
        return any(w.kind == "word" and w.text in _BROADCAST_NOUNS_AR for w in words[1:4])

    def anonymous(self, p: _Para, words: list[_Tok], head: int = 0, end: int | None = None) -> _Cand:
        """People not named: the whole noun phrase with its quantifier and qualifiers as written
        ("مصادر محلية في مدينة دوما", "ثلاثة من أهالي بلدة كفربطنا", "عمالاً من قرية الغنطو").
        ``end``: the phrase's end (``np_end`` from ``head``), when the caller has it already."""
        base = _strip_article(words[head].text)
        if end is None:
            end = self.np_end(p, words, head)
        return _Cand(p.span_text(words[:end]), "anonymous", heads=frozenset({base}))

    def name_after_role(self, p: _Para, words: list[_Tok], e: int) -> int | None:
        """Where a personal name closing a role starts, ``e`` being the end of the role's noun
        phrase: the words after it ("مدير المكتب في مدينة الباب ثامر الحمود"), or, when the phrase
        ran over them, its last two words if they cannot continue an indefinite construct of two
        nouns before them ("الباحثة في مركز جسور لينا الخوري": a third genitive ending on a
        family name is a name, not "مديرية صحة الرقة")."""
        n = len(words)
        if e < n:
            if words[e].kind == "word" and self._could_start_name(words[e]) and not self._clause_verb(p, words, e):
                end = self._name_extent(words, e)
                if (
                    end - e >= 2
                    and end == n
                    and not self._present_clause(words[e:end])
                    and not any(w.text.isdigit() for w in words[e:end])  # "ناشطون عام 2014": a date, no name
                ):
                    return e
            return None
        if n < 5:
            return None
        x, y, first, last = words[-4], words[-3], words[-2], words[-1]
        if not all(w.kind == "word" for w in (x, y, first, last)):
            return None
        if not (
            last.text.startswith("ال")
            and not last.text.endswith(("ية", "ات", "ين", "ون"))
            and not _definite(first)
            and self._may_open_name(first)
            and first.text not in _PLACE_PREFIXES_AR  # "شركة كهرباء دير الزور"
            and not _adjective_like(first)
            and not p.tanween_fath(first)
            and not self.verb_at(first)[0]
        ):
            return None
        for w in (x, y):
            if _definite(w) or w.text in _PREPOSITIONS_AR or w.text in _QUALIFIER_PREPS_AR or w.text == "باسم":
                return None
        return n - 2

    def person_head(self, p: _Para, words: list[_Tok]) -> _Cand | None:
        """An indefinite person noun: a role and a name after it ("وزير الخارجية التركي مولود
        جاويش أوغلو"), or, unnamed, an anonymous source ("مسؤول في المجلس المحلي")."""
        e = self.np_end(p, words, 0)
        start = self.name_after_role(p, words, e)
        if start is not None:
            return _Cand(p.span_text(words[start:]), "person", role=p.span_text(words[:start]))
        if _strip_article(words[0].text) in _ANON_HEADS_AR or _strip_article(words[0].text) in _ROLE_HEADS_AR:
            return self.anonymous(p, words, end=e)
        return None

    def quantified(self, p: _Para, words: list[_Tok]) -> _Cand | None:
        """ "ثلاثة من سكان الحي"، "عشرات الطلاب"، "عدد من سائقي الشاحنات": people counted."""
        if len(words) < 2 or words[0].text not in _QUANTIFIERS_AR:
            return None
        k = 2 if words[1].is_word("من") else 1
        if k == 1 and words[0].text in ("عدد", "عددا"):
            return None  # "عدد النازحين": the number of them, not some of them
        if k < len(words) and words[k].kind == "word" and _strip_article(words[k].text) in _PERSON_HEADS_AR:
            end = self.np_end(p, words, k)
            return _Cand(p.span_text(words[:end]), "anonymous", heads=frozenset({_strip_article(words[k].text)}))
        return None

    def reported_by(self, p: _Para, words: list[_Tok]) -> _Cand | None:
        """The source behind a report named as the subject or after a preposition: "وفق
        تقديرات الحكومة اللبنانية", "بحسب أرقام منظمة اليونيسف", "تقرير لمنظمة العفو الدولية"."""
        if len(words) < 2 or words[0].kind != "word" or _bare(words[0].text) not in _INFORMATION_NOUNS_AR:
            return None
        rest = words[1:]
        while rest and rest[0].kind == "word" and _adjective_like(rest[0]):
            rest = rest[1:]
        # "تقرير سابق لمنظمة ...", "دراسة أعدّها مركز ...", "توثيق سابق أجرته الشبكة ...": an adjective,
        # then the body glued to لـ or after a verb whose object pronoun is the report
        for skip in (0, 1):
            if len(rest) > skip + 1 and all(w.kind == "word" and not _definite(w) for w in rest[: skip + 1]):
                w = rest[skip].text
                if (w.startswith("ل") and len(w) > 3) or (len(w) >= 4 and w.endswith(("ها", "ه", "ته"))):
                    rest = rest[skip:]
                    break
        if (
            rest
            and rest[0].kind == "word"
            and len(rest) > 1
            and rest[0].text.endswith(("ها", "ه"))
            and not rest[0].text.startswith("ل")
        ):
            rest = rest[1:]  # the verb: "أعدّها", "أجرته"
        if rest and rest[0].kind == "word" and rest[0].text.startswith("ل") and len(rest[0].text) > 3:
            glued = rest[0]
            rest = [_Tok("word", glued.text[1:], glued.start + 1, glued.end), *rest[1:]]
        if not rest or rest[0].kind != "word":
            return None
        cand = self.classify(p, rest, acronym=False)
        return cand if cand is not None and not (cand.kind == "person" and cand.anaphor) else None

    # -- the subject ----------------------------------------------------------------------------

    def classify(self, p: _Para, words: list[_Tok], *, forward: bool = True, acronym: bool = True) -> _Cand | None:
        while words and words[-1].kind == "punct":
            words = words[:-1]
        if not words:
            return None
        # An earlier person by surname or full name: "(الجابر)", "العلي", "الحاج علي", "شهاب الدين".
        if self.reg.persons:  # none before the first person
            for n in (3, 2, 1):
                head = words[:n]
                if len(head) == n and all(w.kind == "word" for w in head):
                    src = self.reg.person_suffix([w.text for w in head])
                    if src is not None:
                        return _Cand(src.name, "person", anaphor=True)
            if words[0].kind == "group" and words[0].words <= 3:
                src = self.reg.person_suffix(words[0].text.split())
                if src is not None:
                    return _Cand(src.name, "person", anaphor=True)

        if words[0].kind == "word":
            corr = self.correspondent(p, words)
            if corr is not None:
                return corr
        # A name in brackets or quotation marks, after a phrase that can describe it (not after
        # a report, "تقرير لمنظمة ... (يونيسف)", nor after a clause: "ناشطون محليون الأجهزة ...
        # «...»").
        # "(اسم مستعار)", "(65 عاماً)": a remark on the name or the age, no part of it
        words = [w for w in words if not (w.kind == "group" and (w.text.startswith("اسم ") or _age_group(w)))]
        if not words:
            return None
        for g, tok in enumerate(words[:11]):
            if tok.kind == "group" and (tok.words <= 6 or self._role_group(tok)):
                pre = words[:g]
                if pre and (_bare(pre[0].text) in _INFORMATION_NOUNS_AR or self._clause_before(p, pre)):
                    break
                if (
                    len(pre) >= 4
                    and any(w.text in _PREPOSITIONS_AR for w in pre[2:])  # cheap, before the phrase's end
                    and _strip_article(pre[0].text) in _ALL_HEADS_AR
                ):
                    end = self.np_end(p, pre, 0)
                    if len(pre) - end >= 2 and any(w.kind == "word" and w.text in _PREPOSITIONS_AR for w in pre[end:]):
                        # "نفت وسائل إعلام إيرانية وقوع قتلى في صفوف «...»": the bracket is past the subject
                        words = pre[:end]
                        break
                if (
                    len(pre) >= 4
                    and _strip_article(pre[0].text) in _PAGE_HEADS_AR
                    and self.np_end(p, pre, 0, body=True) < len(pre)
                ):
                    break  # "حسابات محلية على فيسبوك رسائل تهديد ممهورة بختم «...»": past the name
                return self.from_group(p, pre, tok, words[g + 1 :])
            if tok.kind != "word":
                break
        if words[0].kind != "word":
            return None
        # A known organisation or outlet, possibly after its head noun ("وكالة رويترز").
        n = self._match(words, 0, _KNOWN_ORGS_AR)
        if n:
            if n < len(words) and words[n].kind == "word" and words[n].text.startswith("ل") and len(words[n].text) > 3:
                n = max(n, self.np_end(p, words, 0, body=True))  # "الإدارة الذاتية لشمال وشرق سوريا"
            return _Cand(p.span_text(words[:n]), "organization", heads=self._heads(p, words[:1]))
        for k in (0, 1):
            n = self._match(words, k, _KNOWN_OUTLETS_AR)
            if n and (k == 0 or _strip_article(words[0].text) in _OUTLET_HEADS_AR):
                return _Cand(p.span_text(words[: k + n]), "outlet", heads=self._heads(p, words[:1]))
        counted = self.quantified(p, words)
        if counted is not None:
            return counted

        first = words[0].text
        base = _strip_article(first)
        definite = first.startswith("ال")
        # an armed unit, indefinite, is a body even when named after a person ("لواء السلطان مراد")
        unit = (
            not definite
            and first in _UNIT_HEADS_AR
            and len(words) >= 2
            and (
                words[1].kind == "group"
                or words[1].text.startswith("ال")
                or self._given_name_at(words, 1)
                or not (
                    words[1].text[:1] == "م"
                    or _adjective_like(words[1])
                    or words[1].text in _PLAIN_INDEF_ADJ_AR
                    or words[1].text in _PREPOSITIONS_AR
                )
            )
        )  # not a rank: "لواء متقاعد"، "لواء سابق"
        if unit:
            return self.body(p, words, base)
        body_head = (base in _ORG_HEADS_AR or base in _OUTLET_HEADS_AR) and base not in _PERSON_HEADS_AR
        # A given name, possibly after a role: "مدير مركز ... أحمد الشيخ" (not after a body's head:
        # "ووثقت لجان التنسيق المحلية أسماء 23 شهيداً").
        for k in range(0 if body_head else len(words)):
            if self._given_name_at(words, k) and not self._place_name_at(words, k):
                if (
                    k == 0
                    or any(
                        _strip_article(w.text) in _ALL_HEADS_AR
                        or w.text in _HONORIFICS_AR
                        or (w.kind == "word" and _bare(w.text) in _PERSON_HEADS_AR)  # "زميلها خالد البكور"
                        for w in words[:k]
                    )
                ):
                    g = k
                    if (
                        k >= 3
                        and words[k - 1].text in _COMPOUND_NAME_ENDS_AR
                        and self._may_open_name(words[k - 2])
                        and _strip_article(words[k - 3].text) in _PERSON_HEADS_AR | _HONORIFICS_AR
                    ):
                        g = k - 2  # "المحامية نور الهدى قاسم": a compound given name before the known one
                    e = self._name_extent(words, g)
                    role = (
                        p.span_text(words[: _untitled(words, g)])
                        if g
                        else (p.span_text(words[e:]) if e < len(words) else None)
                    )
                    heads = self._heads(p, words[:g])
                    return _Cand(p.span_text(words[g:e]), "person", role=role or None, heads=heads)
                break
        if base in _PERSON_HEADS_AR and base not in _ORG_HEADS_AR:
            if definite:
                return self.definite_role(p, words, forward)
            return self.person_head(p, words)
        if base in _ORG_HEADS_AR or base in _OUTLET_HEADS_AR:
            kind = "organization" if base not in _OUTLET_HEADS_AR or base in _PAGE_HEADS_AR else "outlet"
            e = self.np_end(p, words, 0)
            if definite and all(w.text in _ANAPHORIC_ADJ_AR for w in words[1:e]):
                standalone = forward and self._match(words, 0, _STANDALONE_AR) > 0
                return _Cand(p.span_text(words[:1]), kind, heads=frozenset({base}), anaphor=True, standalone=standalone)
            return self.body(p, words, base)
        if self._match(words, 0, _STANDALONE_AR) and forward:
            return _Cand(p.span_text(words[:1]), "organization", heads=frozenset({base}))
        if forward and acronym and len(words) == 1 and self._acronym_like(p, words[0]):
            return _Cand(p.span_text(words), "organization")  # "قالت قسد إن", "أعلنت هتش أن"
        return self.reported_by(p, words)
