"""The Arabic lexicons (``lexicons.py``) compiled at import into what the reader looks up:
normalised sets, longest-first word tuples, the written forms of each attribution verb and head
noun, and the closed classes of the grammar (particles, prepositions, time words ...)."""

from __future__ import annotations

from collections.abc import Iterable

from .lexicons import (
    ANONYMOUS_SOURCE_NOUNS_AR,
    ATTRIBUTION_PREPOSITIONS_AR,
    ATTRIBUTION_VERBS_AR,
    BROKEN_PLURALS_AR,
    CORRESPONDENT_NOUNS_AR,
    DECLARING_VERBS_AR,
    FACILITY_HEADS_AR,
    GENERIC_SOURCE_NOUNS_AR,
    GIVEN_NAMES_AR,
    GOVERNED_PREPOSITIONS_AR,
    HABIT_VERBS_AR,
    HONORIFICS_AR,
    HOUSE_CORRESPONDENT_AR,
    HOUSE_OUTLETS,
    INFORMATION_NOUNS_AR,
    KNOWN_ACRONYMS_AR,
    KNOWN_ORGANIZATIONS_AR,
    KNOWN_OUTLETS_AR,
    MEASURE_NOUNS_AR,
    NAME_PARTICLES_AR,
    NAME_TITLES_AR,
    NEGATIONS_AR,
    NO_SUFFIXED_FORMS_AR,
    NOT_VERB_FORMS_AR,
    ORGANIZATION_HEADS_AR,
    OUTLET_HEADS_AR,
    PAGE_HEADS_AR,
    PREPOSITIONS_WITH_MA_AR,
    QUANTIFIERS_AR,
    ROLE_NOUNS_AR,
    SPEECH_NOUNS_AR,
    STANDALONE_ORGANIZATIONS_AR,
    STATUS_NOUNS_AR,
    UNIT_HEADS_AR,
    UNIT_NAME_TITLES_AR,
    WEAK_VERBS_AR,
)
from .lexicons_en import KNOWN_ACRONYMS_EN
from .normalize import normalize_ar


def _n(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_ar(w) for w in words)


def _word_tuples(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Normalised word tuples, longest first (for longest-match lookups)."""
    return tuple(sorted({tuple(normalize_ar(n).split()) for n in names}, key=len, reverse=True))


def _by_first_word(table: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A longest-first table indexed by its entries' first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for entry in table:
        index.setdefault(entry[0], []).append(entry)
    return {first: tuple(entries) for first, entries in index.items()}


def _verb_forms(past: str, present: str) -> dict[str, str]:
    """Normalised written forms of one verb, each with its person: "sg" (past masc./fem., present
    masc./fem.), "pl" (plural and dual: the subject is before the verb or a pronoun), "clitic"
    (past with an object pronoun: نشرها، ذكرته). Prefixes و/ف are handled by the reader."""
    past, present = normalize_ar(past), normalize_ar(present)
    # defective verbs: رأى -> رأت، رأوا; دعا -> دعت، دعوا; يرى -> يرون; يدعو -> يدعون
    past_stem = past[:-1] if past.endswith(("ى", "ي", "ا")) and len(past) > 2 else past
    present_stem = present[:-1] if present.endswith(("ى", "ي", "و")) else present
    forms = dict.fromkeys((past, past_stem + "ت", present, "ت" + present[1:]), "sg")
    for form in (past_stem + "وا", past_stem + "ا", present_stem + "ون", present_stem + "ان"):
        forms.setdefault(form, "pl")
    forms.setdefault("ت" + present_stem[1:] + "ان", "pl")
    # the feminine plural of the present ("ناشطات في الرقة يرين أن"): defective يرى -> يرين, hollow
    # يقول -> يقلن (the long vowel drops), sound يؤكد -> يؤكدن
    if present.endswith(("ى", "ي")):
        forms.setdefault(present_stem + "ين", "pl")
    elif not present.endswith("و"):
        hollow = (len(past) == 3 and past[1] == "ا") or (len(past) == 4 and past[0] == "ا" and past[2] == "ا")
        forms.setdefault((present[:-2] + present[-1] if hollow else present) + "ن", "pl")
    if not past.endswith(("ى", "ا")):
        for form in (past, past + "ت"):
            for clitic in ("ه", "ها", "هم"):
                forms.setdefault(form + clitic, "clitic")
    return forms


_VERB_PERSON_AR: dict[str, str] = {}
_VERB_LEMMA_AR: dict[str, str] = {}
_NOT_VERB_FORMS_AR = frozenset(normalize_ar(w) for w in NOT_VERB_FORMS_AR)
for _past, _present in ATTRIBUTION_VERBS_AR:
    for _form, _person in _verb_forms(_past, _present).items():
        if _form not in _NOT_VERB_FORMS_AR:
            _VERB_PERSON_AR.setdefault(_form, _person)
            _VERB_LEMMA_AR.setdefault(_form, normalize_ar(_past))
_VERB_FORMS_AR = frozenset(_VERB_PERSON_AR)
_WEAK_VERBS_AR = _n(WEAK_VERBS_AR)
_GOVERNED_PREPOSITIONS_AR = {normalize_ar(v): normalize_ar(p) for v, p in GOVERNED_PREPOSITIONS_AR.items()}
_DECLARING_VERBS_AR = _n(DECLARING_VERBS_AR)
_HABIT_VERBS_AR = _n(HABIT_VERBS_AR)
_SPEECH_NOUNS_AR = _n(SPEECH_NOUNS_AR)
_INFORMATION_NOUNS_AR = _n(INFORMATION_NOUNS_AR)
_MEASURE_NOUNS_AR = _n(MEASURE_NOUNS_AR)
_NEGATIONS_AR = _n(NEGATIONS_AR)
# Words of known names are never verbs, whatever their letters: فرات is not ف + رأت.
_NEVER_VERBS_AR = frozenset(
    w for name in KNOWN_OUTLETS_AR + KNOWN_ORGANIZATIONS_AR + HOUSE_OUTLETS for w in normalize_ar(name).split()
) | frozenset(normalize_ar(w) for w in GIVEN_NAMES_AR)
# Participles continue the current speaker ("مؤكداً أن"): they end a subject, never start one. After
# a comma they carry a statement of the sentence's subject ("وعبّرت منظمة شفق عن قلقها، مؤكدةً أن").
_PARTICIPLE_BASES_AR = ("مضيف", "مؤكد", "مشير", "موضح", "لافت", "منوه", "معتبر", "محذر", "قائل", "متابع", "مبين")
_PARTICIPLES_AR = frozenset(
    normalize_ar(base) + end for base in _PARTICIPLE_BASES_AR for end in ("ا", "ة", "ين", "تين", "ان", "تان")
)
_QUOTE_MARKERS_AR = _n(
    ["إن", "أن", "بأن", "إنه", "أنه", "بأنه", "إنها", "أنها", "بأنها", "إنهم", "أنهم", "بأنهم", "فإن", "وإن", "وأن"]
)
_PREPOSITIONS_AR = _n(["في", "من", "على", "عن", "إلى", "ب", "داخل", "قرب", "عند", "مع", "ضمن", "لدى", "حول", "بين"])
_ADJUNCT_NOUNS_AR = tuple(
    normalize_ar(w)
    for w in (
        "تصريح",
        "حديث",
        "بيان",
        "تقرير",
        "منشور",
        "تغريد",
        "مقابل",
        "لقاء",
        "اتصال",
        "رسال",
        "تسجيل",
        "مؤتمر",
        "كلمة",
        "كلمت",
        "حوار",
        "وقت",
        "معرض",
        "صفحت",
        "حساب",
        "معرفات",
        "قنات",
        "دراس",
        "ورق",
        "نشرت",
        "مقال",
    )
)
_TIME_WORDS_AR = _n(
    [
        "اليوم",
        "أمس",
        "مساء",
        "صباح",
        "فجر",
        "ظهر",
        "ليلة",
        "ليل",
        "مطلع",
        "منتصف",
        "الأحد",
        "الإثنين",
        "الاثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "مؤخراً",
        "مؤخرا",
    ]
)
_ADVERBS_AR = _n(["أيضاً", "أيضا", "كذلك", "بدوره", "بدورها", "بدورهم", "مجدداً", "مجددا", "بدورهما"])
_LISTENER_PRONOUNS_AR = _n(["لنا", "له", "لها", "لهم", "لي"])
_REPORTED_SPEECH_AR = _n(["قوله", "قولها", "قولهم"])
_AUXILIARIES_AR = _n(
    ["وكانت", "وكان", "كانت", "كان", "وقد", "قد", "كما", "فيما", "بينما", "حيث", "فقد", "لقد", "وكما", "لكن", "ولكن"]
)
_ANAPHORIC_ADJ_AR = _n(["ذاتها", "ذاته", "نفسها", "نفسه", "نفسهم", "ذاتهم", "المذكور", "المذكورة", "ذاتهما"])
_ANONYMITY_MARKERS_AR = tuple(
    normalize_ar(m)
    for m in (
        "عدم ذكر",
        "عدم الكشف",
        "عدم نشر",
        "لأسباب أمنية",
        "رفض الكشف",
        "رفضت الكشف",
        "رفضوا الكشف",
        "فضل عدم",
        "رفض ذكر",
        "رفضت ذكر",
        "طلب عدم",
        "طلبت عدم",
        "شرط عدم",
    )
)
_APPOSITION_OPENERS_AR = _n(["وهو", "وهي", "وهم"])
# "أحد منظمي الوقفة، ويدعى ياسر الحسين"، "رئيس الفرع، المدعو باسل الرحيّل": the words that introduce
# a name after a description.
_NAMING_WORDS_AR = _n(["ويدعى", "يدعى", "واسمه", "واسمها", "ويُدعى", "وتدعى", "تدعى", "المدعو", "المدعوة"])
# "شاهدة تُعرف باسم «أم سامر»": the verb of "known as" before "باسم" is no part of a role.
_KNOWN_AS_AR = _n(["تعرف", "يعرف", "وتعرف", "ويعرف", "المعروف", "المعروفة", "عرفت", "عرف"])
# "الذي عرّف عن نفسه بـ(أبو عبدو)"، "الملقب بـ(أبو علي)": a clause that gives the name someone goes by.
_SELF_NAMING_AR = _n(["نفسه", "نفسها", "اسمه", "اسمها", "الملقب", "الملقبة", "المعروف", "المعروفة", "الملقب"])
# The topic of "أما X ... فـVERB": X is the subject of the verb after فـ.
_TOPIC_MARKERS_AR = _n(["أما", "وأما"])
# Verbs that answer a question: "سألنا صاحب الفرن ... فأجاب": the one asked answers.
_ANSWER_VERBS_AR = _n(["أجاب", "رد"])
_ASKING_VERBS_AR = _n(["سألنا", "سألت", "سأل", "وسألنا", "وسألت", "وسأل"])
# Noun phrases: prepositions that open a qualifier ("عمال من قرية ..."، "سائقو الشاحنات على
# طريق ..."), relative pronouns that end the phrase, place nouns a glued ب may open ("بريف حلب"),
# and descriptors that are not part of a body's name ("صحيفة الوطن الموالية").
_QUALIFIER_PREPS_AR = _n(["من", "في", "على", "داخل", "خارج", "قرب", "عند", "ضمن", "لدى", "بين", "حول", "إلى"])
_RELATIVES_AR = _n(["الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "ممن", "ممن"])
_PLACE_NOUNS_AR = _n(
    ["ريف", "مدينة", "بلدة", "قرية", "حي", "منطقة", "مخيم", "مخيمات", "محافظة", "سوق", "شارع", "طريق", "بادية"]
)
# Compass points in construct with a place ("بلدة الكرامة شرق الرقة"): the place phrase goes on.
_DIRECTIONS_AR = _n(["شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "وسط"])
_DESCRIPTORS_AR = _n(
    ["الموالية", "الموالي", "المعارضة", "المعارض", "المحلية", "المحلي", "الرسمية", "الرسمي", "المقربة", "المقرب"]
)
# Verbal nouns whose object follows عن: inside a body's name it stays ("هيئة الدفاع عن المعتقلين",
# "منظمة البحث عن المفقودين"), unlike the عن of a verb ("كشفت المنظمة عن ...").
_GOVERNS_AN_AR = _n(["دفاع", "مدافع", "مدافعين", "مدافعون", "مدافعة", "مدافعات", "بحث", "كشف", "إفراج"])
# Adjectives that are not nisbas nor participles and may follow a body's closed name ("مديرية
# التربية الحرة", "الأمانة العامة"); any other definite word after it is the verb's object.
_PLAIN_ADJECTIVES_AR = _n(
    [
        "الحر",
        "الحرة",
        "الأحرار",
        "الأحمر",
        "الكبرى",
        "الأعلى",
        "العليا",
        "العام",
        "العامة",
        "الخاص",
        "الخاصة",
        "الجديد",
        "الجديدة",
    ]
)
# Short words that are no acronym when they follow a verb: pronouns, demonstratives, particles.
_FUNCTION_WORDS_AR = _n(
    [
        "هو",
        "هي",
        "هم",
        "هن",
        "هما",
        "نحن",
        "أنا",
        "أنت",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "هنا",
        "هناك",
        "ثم",
        "كل",
        "جميع",
        "بعد",
        "قبل",
        "حين",
        "حينها",
        "عندها",
        "وقتها",
        "بينما",
        "حيث",
        "كما",
        "لكن",
        "إذ",
        "إذا",
        "إلا",
        "أو",
        "أم",
        "بل",
        "حتى",
        "منذ",
        "مثل",
        "نحو",
        "عبر",
        "دون",
        "سوى",
        "لدى",
        "كيف",
        "متى",
        "أين",
    ]
)
# Nouns of an event: after a subject's genitive they open the object ("وثّق تجمع أحرار حوران مقتل
# أربعة"), never continue the name.
# Attacks too: "وتبنّى التنظيم الهجوم" (a definite head takes no definite genitive: the object).
_EVENT_NOUNS_AR = _n(
    (
        *("مقتل", "مصرع", "إصابة", "وفاة", "اعتقال", "اختطاف", "سقوط", "وجود", "حصول", "وقوع"),
        *("هجوم", "تفجير", "اغتيال", "قصف", "استهداف"),
    )
)
# First words of compound place names: the definite word after them is the place's own
# ("مديرية صحة دير الزور"), not an object after a three-word name.
_PLACE_PREFIXES_AR = _n(
    ["دير", "رأس", "جسر", "معرة", "تل", "عين", "خان", "كفر", "بئر", "جبل", "سهل", "وادي", "باب", "قلعة", "بني"]
)
# Definite adjectives of a state or a community of states, both genders: "مركز المصالحة الروسي".
_NATIONALITIES_AR = frozenset(
    normalize_ar("ال" + stem + end)
    for stem in (
        "سوري",
        "روسي",
        "تركي",
        "إيراني",
        "أمريكي",
        "أميركي",
        "أردني",
        "عراقي",
        "لبناني",
        "إسرائيلي",
        "فرنسي",
        "بريطاني",
        "ألماني",
        "أوروبي",
        "عربي",
        "خليجي",
        "سعودي",
        "قطري",
        "مصري",
        "صيني",
        "دولي",
    )
    for end in ("", "ة")
)
# Social platforms: the end of a page's or an account's qualifier ("حسابات محلية على فيسبوك").
_PLATFORMS_AR = _n(
    ["فيسبوك", "فيس بوك", "تويتر", "إكس", "تلغرام", "تلغرام", "تيليغرام", "يوتيوب", "إنستغرام", "واتساب", "تيك توك"]
)
_AFFILIATION_WORDS_AR = _n(["التابعة", "التابع", "المدعوم", "المدعومة", "الموالي", "الموالية", "المقرب", "المقربة"])


def _noun_forms(base: str, suffixed: bool = True, person: bool = True) -> set[str]:
    """Normalised written forms of a head noun in every case. A person: the base, the feminine,
    the sound plurals (nominative, oblique, construct), the duals and the accusative with tanween,
    which writes an alef (عمالاً -> عمالا); "ناشطة" -> ناشطة، ناشطات، ناشطتان، ناشطتين. A body:
    the base, its plural in -ات and its duals (مديرية -> مديريات، مديريتان)."""
    base = normalize_ar(base)
    if not suffixed:
        return {base}
    if base.endswith("ة"):
        stem = base[:-1]
        return {base, stem + "ات", stem + "تان", stem + "تين"}
    if base.endswith(("ى", "ا")):  # مستشفى، ميليشيا
        return {base, base[:-1] + "يات"}
    if not person:
        return {base, base + "ات", base + "ان", base + "ين"}
    return {
        base,
        base + "ا",
        base + "ة",
        base + "ات",
        base + "ون",
        base + "ين",
        base + "و",
        base + "ي",
        base + "ان",
        base + "تان",
        base + "تين",
    }


def _lemmas(nouns: Iterable[str], person: bool = True) -> dict[str, str]:
    """Every written form of these nouns (and of their broken plurals) -> the base it comes
    from, masculine first (ناشطة -> ناشط), the key coreference compares."""
    fixed = _n(NO_SUFFIXED_FORMS_AR)
    bases = sorted({normalize_ar(n) for n in nouns}, key=lambda b: (b.endswith("ة"), b))
    table: dict[str, str] = {}
    for base in bases:
        for form in _noun_forms(base, base not in fixed, person):
            table.setdefault(form, base)
    for written, base in BROKEN_PLURALS_AR.items():
        plural, singular = normalize_ar(written), normalize_ar(base)
        if singular in table:
            for form in (plural, plural + "ا"):
                table.setdefault(form, table[singular])
    return table


_ANON_LEMMAS = _lemmas(ANONYMOUS_SOURCE_NOUNS_AR)
_ROLE_LEMMAS = _lemmas(ROLE_NOUNS_AR)
_ORG_LEMMAS = _lemmas(ORGANIZATION_HEADS_AR, person=False)
_OUTLET_LEMMAS = _lemmas(OUTLET_HEADS_AR, person=False)
# A made-up form that is a body's head noun is that body's (محافظة: a governorate, not a governor).
for _table in (_ANON_LEMMAS, _ROLE_LEMMAS):
    for _form in [f for f, base in _table.items() if f != base and (f in _ORG_LEMMAS or f in _OUTLET_LEMMAS)]:
        del _table[_form]
_ANON_HEADS_AR = frozenset(_ANON_LEMMAS)
_ROLE_HEADS_AR = frozenset(_ROLE_LEMMAS)
_ORG_HEADS_AR = frozenset(_ORG_LEMMAS)
_OUTLET_HEADS_AR = frozenset(_OUTLET_LEMMAS)
_GENERIC_HEADS_AR = _n(GENERIC_SOURCE_NOUNS_AR) | frozenset(
    normalize_ar(w)[:-2] + end for w in GENERIC_SOURCE_NOUNS_AR if w.endswith("ون") for end in ("ين", "و", "ي")
)
_PERSON_HEADS_AR = _ANON_HEADS_AR | _ROLE_HEADS_AR
_STATUS_NOUNS_AR = frozenset(f for f, base in _ANON_LEMMAS.items() if base in _n(STATUS_NOUNS_AR))
_HONORIFICS_AR = _n(HONORIFICS_AR)
_NAME_TITLES_AR = _n(NAME_TITLES_AR)
_ALL_HEADS_AR = _ANON_HEADS_AR | _ROLE_HEADS_AR | _ORG_HEADS_AR | _OUTLET_HEADS_AR
# with the accusative's alef too: "التقى المراسل عدداً من الأطفال"
_QUANTIFIERS_AR = _n(QUANTIFIERS_AR) | {normalize_ar("عدداً")}
_PAGE_HEADS_AR = frozenset(f for f, base in _OUTLET_LEMMAS.items() if base in _n(PAGE_HEADS_AR))
_FACILITY_HEADS_AR = frozenset(f for f, base in _ORG_LEMMAS.items() if base in _n(FACILITY_HEADS_AR))
#: Plural heads (their forms that are not the base): an unnamed group of bodies or people.
_PLURAL_HEADS_AR = frozenset(
    f
    for table in (_ORG_LEMMAS, _OUTLET_LEMMAS, _ANON_LEMMAS)
    for f, base in table.items()
    if (f != base and f.endswith(("ات", "ون", "ين", "و"))) or f in _n(BROKEN_PLURALS_AR)
)
_UNIT_HEADS_AR = _n(UNIT_HEADS_AR)
_UNIT_NAME_TITLES_AR = _n(UNIT_NAME_TITLES_AR)
_STANDALONE_AR = _by_first_word(_word_tuples(STANDALONE_ORGANIZATIONS_AR))


def _oblique(names: Iterable[str]) -> list[str]:
    """The names whose first word is a sound masculine plural in construct, also in the oblique
    case ("منسقو استجابة سوريا" -> "بحسب منسقي استجابة سوريا")."""
    out = []
    for name in names:
        first, _, rest = normalize_ar(name).partition(" ")
        if rest and first.endswith("و") and len(first) > 3:
            out.append(first[:-1] + "ي " + rest)
    return out


_KNOWN_ORGS_AR = _by_first_word(_word_tuples([*KNOWN_ORGANIZATIONS_AR, *_oblique(KNOWN_ORGANIZATIONS_AR)]))
#: Genitives that make a body's head a broadcaster: "هيئة البث الإسرائيلية"، "هيئة الإذاعة البريطانية"،
#: "المؤسسة العامة للإذاعة والتلفزيون".
_BROADCAST_NOUNS_AR = _n(["البث", "الإذاعة", "التلفزيون", "للبث", "للإذاعة", "للتلفزيون"])
_KNOWN_OUTLETS_AR = _by_first_word(_word_tuples(KNOWN_OUTLETS_AR))
_GIVEN_NAMES_AR = _n(GIVEN_NAMES_AR)
_NAME_PARTICLES_AR = _n(NAME_PARTICLES_AR)
_CORRESPONDENTS_AR = _n(CORRESPONDENT_NOUNS_AR)
_HOUSE_CORRESPONDENTS_AR = _n(HOUSE_CORRESPONDENT_AR)
# Every form of a head -> its base, so that plural and singular corefer ("مصادر خاصة" ...
# "وأضاف المصدر", "عمال" ... "العمال"); and the English plurals.
_HEAD_ALIASES = {
    **_OUTLET_LEMMAS,
    **_ORG_LEMMAS,
    **_ROLE_LEMMAS,
    **_ANON_LEMMAS,
    normalize_ar("مراسلة"): normalize_ar("مراسل"),
    "sources": "source",
    "activists": "activist",
    "officials": "official",
    "residents": "resident",
}

#: Every name of a body whose acronym is not its initials -> that acronym (as written).
_ACRONYM_NAMES: dict[str, str] = {
    name: acronym
    for table in (KNOWN_ACRONYMS_AR, KNOWN_ACRONYMS_EN)
    for acronym, names in table.items()
    for name in (acronym, *names)
}

_PREPOSITIONS_ATTR_AR = _word_tuples(ATTRIBUTION_PREPOSITIONS_AR)  # longest first
_PREPOSITIONS_WITH_MA_AR = _n(PREPOSITIONS_WITH_MA_AR)
_PREPOSITION_FIRST_WORDS_AR = frozenset(words[0] for words in _PREPOSITIONS_ATTR_AR)

_SENTENCE_END = frozenset(".!?؟")
_SUBJECT_PUNCT = frozenset("،,.:؛;!?؟")


def _trigger_words() -> frozenset[str]:
    """Words one of which a paragraph must contain to hold an attribution: the verb forms, the
    distinctive word of each attribution preposition ("على حد قول": قول), the first word of each
    anonymity remark; each also with a و/ف prefix."""
    words = set(_VERB_FORMS_AR)
    for prep in _PREPOSITIONS_ATTR_AR:
        words.add(next((w for w in prep if w not in _PREPOSITIONS_AR), prep[0]))
    words.update(m.split()[0] for m in _ANONYMITY_MARKERS_AR)
    words.update(_PARTICIPLES_AR)
    return frozenset(words | {p + w for w in words for p in "وف"})


_TRIGGER_WORDS_AR = _trigger_words()
#: Tokens at which the reader tries a trigger: verb forms and first words of prepositions.
_TOKEN_TRIGGERS_AR = frozenset(
    w for base in _VERB_FORMS_AR | _PREPOSITION_FIRST_WORDS_AR for w in (base, "و" + base, "ف" + base)
)
