"""Quoted sources: who an article quotes or credits as the source of its information.

``extract_quoted_sources(paragraphs, lang, outlet_names)`` returns one dict per source, in
order of first appearance::

    {"name": "أحمد الشيخ", "kind": "person", "role": "مدير مركز الدفاع المدني في خان شيخون",
     "verb": "أفاد", "told_to": None, "quote": "فرق الإنقاذ انتشلت ...", "paragraph": 2}

``kind`` is "person" | "organization" | "outlet" | "anonymous".

How it works (Arabic)
---------------------
1. Each paragraph is normalised for matching with pyarabic (no tashkeel or tatweel, hamza
   carriers simplified), keeping a map back to the original characters so
   that every returned string is the text *as written*.
2. It is tokenised into words, punctuation and "groups": a span in parentheses or quotation
   marks is one token. Long quotations are therefore opaque: a "قال الله" inside a quote is
   never read as an attribution.
3. Triggers are attribution verbs (``ATTRIBUTION_VERBS_AR``, generated in masculine, feminine
   and plural, past and present, with و/ف prefixes) and attribution prepositions
   (``ATTRIBUTION_PREPOSITIONS_AR``: بحسب، وفقاً لـ، نقلاً عن، بحسب ما أفاد به ...).
4. After a trigger the subject runs to the first terminator (punctuation, إن/أن/بأن, the outlet
   spoken to "لأورينت نت", "في تصريح", عن، ...). It is accepted only if it looks like a
   source: a bracketed or quoted name, a known organisation or outlet, a head noun from the
   lexicons below (مصادر، ناشطون، مراسل، وزارة، موقع، الناشط ...) or a common given name.
   Subjects of attribution verbs that are not sources ("نشرت قوات النظام تعزيزات") fail that
   test. A verb without a subject after it may have one before it (SVO: "مصادر محلية قالت").
5. Later mentions resolve to the first: the same name, a surname ("(الجابر)"، "العلي"), a bare
   definite head noun ("الشبكة"، "المصادر ذاتها"، "القيادي") or the house correspondent
   ("مراسلنا").

English follows the same plan with its own lexicons: ``"...," NAME, ROLE, told OUTLET``,
``NAME said``, ``said NAME``, ``according to X``, ``local sources said``, ``X quoted Y as saying``.

The module is pure (no Scrapy); everything is compiled at import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pyarabic import araby

__all__ = [
    "extract_quoted_sources",
    "normalize_ar",
    "ATTRIBUTION_VERBS_AR",
    "ATTRIBUTION_PREPOSITIONS_AR",
    "ANONYMOUS_SOURCE_NOUNS_AR",
    "ATTRIBUTION_VERBS_EN",
    "ANONYMOUS_SOURCE_NOUNS_EN",
]

# ---------------------------------------------------------------------------------------------
# Lexicons (written naturally; normalised at import)
# ---------------------------------------------------------------------------------------------

#: Attribution verbs as (past 3rd masc. sing., present 3rd masc. sing.). Feminine, plural and
#: dual forms, و/ف prefixes and object clitics (نشرها) are generated from these.
ATTRIBUTION_VERBS_AR: tuple[tuple[str, str], ...] = (
    ("قال", "يقول"), ("أكد", "يؤكد"), ("أوضح", "يوضح"), ("أشار", "يشير"), ("ذكر", "يذكر"),
    ("أفاد", "يفيد"), ("نقل", "ينقل"), ("بث", "يبث"), ("نشر", "ينشر"), ("صرح", "يصرح"),
    ("أضاف", "يضيف"), ("كشف", "يكشف"), ("لفت", "يلفت"), ("نوه", "ينوه"), ("اعتبر", "يعتبر"),
    ("رأى", "يرى"), ("أعلن", "يعلن"), ("نفى", "ينفي"), ("تابع", "يتابع"), ("حذر", "يحذر"),
    ("طالب", "يطالب"), ("شدد", "يشدد"), ("أورد", "يورد"), ("روى", "يروي"), ("وثق", "يوثق"),
    ("زعم", "يزعم"), ("ادعى", "يدعي"), ("تحدث", "يتحدث"), ("أبلغ", "يبلغ"), ("أكمل", "يكمل"),
)

#: Prepositional attribution, the source following it. A final "لـ" may be glued to the
#: source ("وفقاً لفريق ..."); a و/ف prefix is allowed ("وبحسب").
ATTRIBUTION_PREPOSITIONS_AR: tuple[str, ...] = (
    "بحسب", "حسب", "وفق", "وفقاً لـ", "طبقاً لـ", "نقلاً عن", "استناداً إلى", "على حد قول",
    "على حد تعبير",
)
#: These may continue with "ما <attribution verb> (به)": "بحسب ما أفاد به"، "وفق ما ذكرت".
PREPOSITIONS_WITH_MA_AR: tuple[str, ...] = ("بحسب", "حسب", "وفق")

#: Nouns that head an anonymous source when no name follows them ("مصادر محلية"،
#: "تاجر في سوق الحميدية"، "أحد وجهاء البلدة"، "والدة الطفل").
ANONYMOUS_SOURCE_NOUNS_AR: tuple[str, ...] = (
    "مصادر", "مصدر", "ناشطون", "ناشطين", "نشطاء", "ناشط", "ناشطة", "ناشطات", "شهود", "شاهد",
    "سكان", "أهالي", "صفحات", "معرفات", "مسؤول", "مسؤولون", "ضابط", "عنصر", "قيادي",
    "تاجر", "طبيب", "ممرض", "سائق", "مزارع", "موظف", "معلم", "معلمة", "مدرس", "صاحب",
    "أحد", "إحدى", "مقاتل", "مواطن", "مواطنون", "نازح", "لاجئ", "والد", "والدة", "شقيق",
    "شقيقة", "زوجة", "قريب", "أقارب", "صحفي", "إعلامي", "عامل", "متطوع", "منشق", "طالب", "طالبة",
)

#: Anonymous heads whose trailing place ("مصادر محلية في درعا") is where they are, not who
#: they are: the name is the noun with its adjectives only.
GENERIC_SOURCE_NOUNS_AR: tuple[str, ...] = (
    "مصادر", "مصدر", "ناشطون", "ناشطين", "نشطاء", "ناشطات", "شهود", "سكان", "أهالي", "صفحات", "معرفات",
)

#: A correspondent is an anonymous source named after its outlet, "مراسل أورينت في إدلب" ->
#: "مراسل أورينت"; "مراسلنا" is the house correspondent.
CORRESPONDENT_NOUNS_AR: tuple[str, ...] = ("مراسل", "مراسلة", "مراسلو", "مراسلي")
HOUSE_CORRESPONDENT_AR: tuple[str, ...] = ("مراسلنا", "مراسلتنا", "مراسلونا", "مراسلينا")

#: Titles and functions that come before or after a person's name.
ROLE_NOUNS_AR: tuple[str, ...] = (
    "ناشط", "ناشطة", "صحفي", "صحفية", "إعلامي", "إعلامية", "مدير", "مديرة", "رئيس", "رئيسة",
    "نائب", "متحدث", "ناطق", "قائد", "قيادي", "عضو", "محلل", "خبير", "باحث", "باحثة",
    "طبيب", "طبيبة", "دكتور", "محامي", "محامية", "وزير", "محافظ", "أمين", "منسق", "مسؤول",
    "ضابط", "عقيد", "عميد", "لواء", "نقيب", "ملازم", "مقدم", "مهندس", "كاتب", "كاتبة",
    "معارض", "مختار", "وجيه", "مستشار", "سفير", "ممثل", "مندوب", "مبعوث", "مشرف", "معاون",
    "مساعد", "خطيب", "إمام", "قاضي", "مؤسس", "مراسل", "مدرس", "معلم", "معلمة", "متطوع",
)
#: Courtesy titles: before a name they are not its role ("الشيخ (عبد الرحمن العمر)، خطيب ...").
HONORIFICS_AR: tuple[str, ...] = ("الشيخ", "السيد", "السيدة", "الحاج", "الحاجة", "الأستاذ", "الأستاذة")

ORGANIZATION_HEADS_AR: tuple[str, ...] = (
    "منظمة", "هيئة", "فريق", "مركز", "جمعية", "مؤسسة", "حركة", "فصيل", "تجمع", "رابطة", "اتحاد",
    "مجلس", "وزارة", "مديرية", "حكومة", "لجنة", "مرصد", "شبكة", "ائتلاف", "مكتب", "مفوضية",
    "دفاع", "إدارة", "قيادة", "غرفة", "بلدية", "محافظة", "أمم", "برنامج", "جبهة", "نقابة",
)
OUTLET_HEADS_AR: tuple[str, ...] = (
    "موقع", "شبكة", "وكالة", "صحيفة", "جريدة", "قناة", "تلفزيون", "إذاعة", "راديو", "مجلة",
    "صفحة", "حساب", "منصة", "معرف",
)
#: A bare definite head that names a source even without an antecedent ("أعلنت الحكومة").
STANDALONE_ORGANIZATIONS_AR: tuple[str, ...] = ("الحكومة", "الأمم المتحدة", "الائتلاف")

KNOWN_ORGANIZATIONS_AR: tuple[str, ...] = (
    "المرصد السوري لحقوق الإنسان", "الشبكة السورية لحقوق الإنسان", "الدفاع المدني السوري",
    "الدفاع المدني", "منسقو استجابة سوريا", "الأمم المتحدة", "منظمة الصحة العالمية",
    "منظمة أطباء بلا حدود", "منظمة العفو الدولية", "هيومن رايتس ووتش", "الخوذ البيضاء",
    "الائتلاف الوطني السوري", "الحكومة السورية المؤقتة", "حكومة الإنقاذ", "الإدارة الذاتية",
    "الجيش الوطني السوري", "الهلال الأحمر", "الصليب الأحمر", "اليونيسف",
)
KNOWN_OUTLETS_AR: tuple[str, ...] = (
    "أورينت نت", "أورينت نيوز", "أورينت", "فرات بوست", "عنب بلدي", "سانا", "رويترز",
    "الجزيرة", "العربية", "الشرق الأوسط", "الوطن", "تلفزيون سوريا", "سمارت", "ستيب نيوز",
    "الليرة اليوم", "صوت العاصمة", "السويداء 24", "دير الزور 24", "الرقة تذبح بصمت",
    "فرانس برس", "الأناضول", "بلدي نيوز", "نداء سوريا", "الحرة", "روسيا اليوم", "سبوتنيك",
)
#: Outlets this project crawls: the listener in "لأورينت نت" / "لفرات بوست" by default.
HOUSE_OUTLETS: tuple[str, ...] = (
    "أورينت نت", "أورينت نيوز", "أورينت", "فرات بوست", "Orient News", "Orient Net", "Orient", "Furat Post",
)

#: Common given names: they open an unbracketed name ("... في خان شيخون أحمد الشيخ").
GIVEN_NAMES_AR: tuple[str, ...] = tuple(
    """أحمد محمد محمود مصطفى خالد عمر عمار عثمان علي حسن حسين حسام حمزة يوسف إبراهيم إسماعيل
    يحيى زكريا سليمان سعيد سعد سامر سامي سليم سمير رامي ماهر مازن ماجد مالك نبيل نزار نضال نادر
    ناصر وليد وائل وسيم فراس فادي فايز فيصل طارق طلال بشار بشير بكر أيمن أنس أسامة باسل جمال
    جهاد جميل حازم حمد حامد حسان رضوان رياض زياد زهير شادي صالح صهيب صلاح ضياء عادل عاصم عامر
    عدنان عماد عمرو غسان فؤاد قاسم كريم كمال لؤي مؤيد مجد مراد مروان مهند منذر هادي هشام همام
    هيثم ياسر ياسين يزن يامن إياد أكرم أمجد أنور أيهم بلال توفيق ثائر جابر جلال حيدر خليل راشد
    سالم شريف صبحي طه عارف عبادة عزام عصام علاء عمران غياث فواز قتيبة مأمون محسن مصعب معاذ
    معتز منير مهدي موسى نجيب نعيم هاني وفيق معن أنيس فاطمة عائشة مريم زينب هدى سعاد ليلى سلمى
    رنا ريم لمى هبة آلاء دعاء أسماء رهف سارة سلوى منى ميساء نسرين هالة وفاء رغد رزان""".split()
)
#: Particles that open a name with the word after them: أبو خالد، أم أحمد، عبد الرحمن.
NAME_PARTICLES_AR: tuple[str, ...] = ("أبو", "أم", "عبد")

# English -------------------------------------------------------------------------------------
ATTRIBUTION_VERBS_EN: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "reported", "reports",
    "confirmed", "confirms", "noted", "explained", "announced", "claimed", "denied", "warned",
    "stressed", "revealed", "documented", "posted", "published", "wrote", "tweeted", "quoted",
    "insisted", "pointed out", "according to", "citing",
)
ANONYMOUS_SOURCE_NOUNS_EN: tuple[str, ...] = (
    "source", "sources", "activist", "activists", "resident", "residents", "witness", "witnesses",
    "eyewitness", "eyewitnesses", "official", "officials", "officer", "officers", "commander",
    "commanders", "trader", "traders", "merchant", "merchants", "doctor", "doctors", "medic",
    "medics", "nurse", "nurses", "teacher", "teachers", "driver", "drivers", "farmer", "farmers",
    "shopkeeper", "shopkeepers", "fighter", "fighters", "locals", "member", "members",
    "relative", "relatives", "man", "woman", "defector", "refugee", "refugees", "volunteer",
    "pages", "accounts",
)
GENERIC_SOURCE_NOUNS_EN: tuple[str, ...] = (
    "source", "sources", "activist", "activists", "resident", "residents", "witness", "witnesses",
    "eyewitness", "eyewitnesses", "locals", "pages", "accounts",
)
ROLE_NOUNS_EN: tuple[str, ...] = (
    "volunteer", "activist", "journalist", "director", "head", "chief", "spokesman", "spokesperson",
    "spokeswoman", "commander", "official", "doctor", "surgeon", "researcher", "analyst", "lawyer",
    "minister", "governor", "member", "leader", "coordinator", "resident", "teacher", "trader",
    "mother", "father", "brother", "sister", "farmer", "driver", "nurse", "medic", "officer",
    "expert", "envoy", "representative", "mayor", "engineer", "correspondent", "reporter",
    "editor", "founder", "president", "manager", "mukhtar", "sheikh", "imam", "displaced",
)
ORGANIZATION_HEADS_EN: tuple[str, ...] = (
    "observatory", "network", "ministry", "council", "committee", "organization", "organisation",
    "defence", "defense", "coalition", "government", "commission", "office", "directorate",
    "authority", "administration", "centre", "center", "union", "coordinators", "watch",
    "nations", "forces", "army", "command", "programme", "program", "fund", "crescent", "helmets",
    "front", "institute", "un", "unicef", "ocha", "unhcr", "who",
)
OUTLET_HEADS_EN: tuple[str, ...] = (
    "news", "agency", "tv", "television", "channel", "radio", "post", "times", "newspaper",
    "website", "outlet", "press", "baladi", "reuters", "afp", "sana", "anadolu",
)
KNOWN_OUTLETS_EN: tuple[str, ...] = (
    "Reuters", "AFP", "Agence France-Presse", "Associated Press", "SANA", "Enab Baladi",
    "Al Jazeera", "Al Arabiya", "Syria TV", "Step News", "Deir Ezzor 24", "Suwayda 24",
    "Anadolu", "Orient News", "Orient Net", "Furat Post",
)
EN_TITLES: tuple[str, ...] = ("Dr", "Mr", "Mrs", "Ms", "Sheikh", "Gen", "Col", "Brig", "Maj", "Capt", "Lt", "Prof")

# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------


def normalize_ar(text: str) -> str:
    """Matching form of Arabic text (pyarabic): no tashkeel/tatweel, lam-alef ligatures split,
    hamza carriers simplified ("tasheel": أ إ آ -> ا, ؤ -> و, ئ -> ي).
    Teh marbuta is kept: folding it to heh would merge "تابعة" with the verb "تابعه".
    Latin text passes through unchanged."""
    text = araby.strip_tatweel(araby.strip_tashkeel(text))
    return araby.normalize_hamza(araby.normalize_ligature(text), method="tasheel")


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


def _n(words) -> frozenset[str]:
    return frozenset(normalize_ar(w) for w in words)


def _strip_article(word: str) -> str:
    """Base of a normalised word for head matching: الناشط -> ناشط, للدراسات -> دراسات."""
    for prefix in ("لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


def _word_tuples(names) -> tuple[tuple[str, ...], ...]:
    """Normalised word tuples, longest first (for longest-match lookups)."""
    return tuple(sorted({tuple(normalize_ar(n).split()) for n in names}, key=len, reverse=True))


# ---------------------------------------------------------------------------------------------
# Compiled lexicon forms
# ---------------------------------------------------------------------------------------------


def _verb_forms(past: str, present: str) -> set[str]:
    """Normalised written forms of one verb: past masc./fem./plural/dual, past with an object
    clitic (نشرها، ذكرته), present masc./fem./plural/dual. Prefixes و/ف are handled by the reader."""
    past, present = normalize_ar(past), normalize_ar(present)
    past_stem = past[:-1] if past.endswith(("ى", "ي")) else past  # رأى -> رأت، رأوا
    present_stem = present[:-1] if present.endswith(("ى", "ي")) else present  # يرى -> يرون
    past_forms = {past, past_stem + "ت", past_stem + "وا", past_stem + "ا"}
    with_clitic = set() if past.endswith("ى") else {
        form + clitic for form in (past, past + "ت") for clitic in ("ه", "ها", "هم")}
    present_forms = {present, "ت" + present[1:], present_stem + "ون", present_stem + "ان", "ت" + present_stem[1:] + "ان"}
    return past_forms | with_clitic | present_forms


_VERB_FORMS_AR = frozenset(f for pair in ATTRIBUTION_VERBS_AR for f in _verb_forms(*pair))
# Words of known names are never verbs, whatever their letters: فرات is not ف + رأت.
_NEVER_VERBS_AR = frozenset(
    w for name in KNOWN_OUTLETS_AR + KNOWN_ORGANIZATIONS_AR + HOUSE_OUTLETS for w in normalize_ar(name).split()
) | frozenset(normalize_ar(w) for w in GIVEN_NAMES_AR)
# Participles continue the current speaker ("مؤكداً أن"): they end a subject, never start one.
_PARTICIPLES_AR = _n(
    "مضيفاً مضيفة مؤكداً مؤكدة مشيراً مشيرة موضحاً موضحة لافتاً لافتة منوهاً منوهة معتبراً "
    "معتبرة محذراً محذرة قائلاً قائلة متابعاً متابعة".split()
)
_QUOTE_MARKERS_AR = _n("إن أن بأن إنه أنه بأنه إنها أنها بأنها إنهم أنهم بأنهم فإن وإن وأن".split())
_PREPOSITIONS_AR = _n("في من على عن إلى ب داخل قرب عند مع ضمن لدى حول بين".split())
_ADJUNCT_NOUNS_AR = tuple(normalize_ar(w) for w in (
    "تصريح", "حديث", "بيان", "تقرير", "منشور", "تغريد", "مقابل", "لقاء", "اتصال", "رسال",
    "تسجيل", "مؤتمر", "كلمة", "كلمت", "حوار", "وقت", "معرض", "صفحت", "حساب", "معرفات", "قنات",
))
_TIME_WORDS_AR = _n(
    "اليوم أمس مساء صباح فجر ظهر ليلة ليل مطلع منتصف الأحد الإثنين الاثنين الثلاثاء الأربعاء "
    "الخميس الجمعة السبت مؤخراً مؤخرا".split()
)
_ADVERBS_AR = _n("أيضاً أيضا كذلك بدوره بدورها بدورهم مجدداً مجددا بدورهما".split())
_LISTENER_PRONOUNS_AR = _n("لنا له لها لهم لي".split())
_REPORTED_SPEECH_AR = _n("قوله قولها قولهم".split())
_AUXILIARIES_AR = _n("وكانت وكان كانت كان وقد قد كما فيما بينما حيث فقد لقد وكما".split())
_ANAPHORIC_ADJ_AR = _n("ذاتها ذاته نفسها نفسه نفسهم ذاتهم المذكور المذكورة ذاتهما".split())
_ANONYMITY_MARKERS_AR = tuple(normalize_ar(m) for m in (
    "عدم ذكر اسم", "عدم الكشف عن", "عدم نشر اسم", "لأسباب أمنية", "رفض الكشف", "فضل عدم",
))
_APPOSITION_OPENERS_AR = _n("وهو وهي وهم".split())
_AFFILIATION_WORDS_AR = _n("التابعة التابع المدعوم المدعومة الموالي الموالية المقرب المقربة".split())

_ANON_HEADS_AR = _n(ANONYMOUS_SOURCE_NOUNS_AR)
_GENERIC_HEADS_AR = _n(GENERIC_SOURCE_NOUNS_AR)
_ROLE_HEADS_AR = _n(ROLE_NOUNS_AR)
_HONORIFICS_AR = _n(HONORIFICS_AR)
_ORG_HEADS_AR = _n(ORGANIZATION_HEADS_AR)
_OUTLET_HEADS_AR = _n(OUTLET_HEADS_AR)
_ALL_HEADS_AR = _ANON_HEADS_AR | _ROLE_HEADS_AR | _ORG_HEADS_AR | _OUTLET_HEADS_AR
_STANDALONE_AR = _word_tuples(STANDALONE_ORGANIZATIONS_AR)
_KNOWN_ORGS_AR = _word_tuples(KNOWN_ORGANIZATIONS_AR)
_KNOWN_OUTLETS_AR = _word_tuples(KNOWN_OUTLETS_AR)
_GIVEN_NAMES_AR = _n(GIVEN_NAMES_AR)
_NAME_PARTICLES_AR = _n(NAME_PARTICLES_AR)
_CORRESPONDENTS_AR = _n(CORRESPONDENT_NOUNS_AR)
_HOUSE_CORRESPONDENTS_AR = _n(HOUSE_CORRESPONDENT_AR)
# Plural and singular heads corefer ("مصادر خاصة" ... "وأضاف المصدر").
_HEAD_ALIASES = {normalize_ar(k): normalize_ar(v) for k, v in {
    "مصادر": "مصدر", "ناشطون": "ناشط", "ناشطين": "ناشط", "نشطاء": "ناشط", "ناشطة": "ناشط",
    "مسؤولون": "مسؤول", "مراسلة": "مراسل", "sources": "source", "activists": "activist",
    "officials": "official", "residents": "resident",
}.items()}

_PREPOSITIONS_ATTR_AR = _word_tuples(ATTRIBUTION_PREPOSITIONS_AR)  # longest first
_PREPOSITIONS_WITH_MA_AR = _n(PREPOSITIONS_WITH_MA_AR)
_PREPOSITION_FIRST_WORDS_AR = frozenset(words[0] for words in _PREPOSITIONS_ATTR_AR)

_SENTENCE_END = frozenset(".!?؟")
_SUBJECT_PUNCT = frozenset("،,.:؛;!?؟")

_EN_VERBS = frozenset(v for v in ATTRIBUTION_VERBS_EN if " " not in v)
_EN_ANON = frozenset(ANONYMOUS_SOURCE_NOUNS_EN)
_EN_GENERIC = frozenset(GENERIC_SOURCE_NOUNS_EN)
_EN_ROLES = frozenset(ROLE_NOUNS_EN)
_EN_ORG_HEADS = frozenset(ORGANIZATION_HEADS_EN)
_EN_OUTLET_HEADS = frozenset(OUTLET_HEADS_EN)
_EN_KNOWN_OUTLETS = frozenset(o.casefold() for o in KNOWN_OUTLETS_EN)
_EN_TITLES = frozenset(t.casefold() for t in EN_TITLES)
_EN_DETERMINERS = frozenset("a an the one two three several some many other another".split())
_EN_PRONOUNS = frozenset("he she they it we i you this that these those which who".split())
_EN_CONNECTORS = frozenset("for of the and on in to".split())
_EN_NAME_PARTICLES = frozenset("al el bin ibn abu umm abd abdul".split())
_EN_NON_NAMES = frozenset(
    "on in at for by with after before during meanwhile however speaking also but and while as "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december the a an he she they it".split()
)
_EN_CLAUSE_OPENERS = frozenset("and but while meanwhile however as also whereas".split())
_EN_TRAILING_ADVERBS = frozenset("also later earlier previously meanwhile further".split())
_EN_RELATIVES = frozenset("who which whose where".split())
_EN_QUALIFIER_STOPS = frozenset("who which whose that said told".split())

# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------

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
        after = self.norm[tok.end:tok.end + 1]
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
        start = first.inner[0] if inner and first.kind == "group" else first.start
        end = last.inner[1] if inner and last.kind == "group" else last.end
        return self.original(start, end)


def _clean_name(text: str) -> str:
    text = re.sub(r"[()“”«»\"]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ،,.:؛;-")


def _clean_quote(text: str) -> str | None:
    text = text.strip().strip("“”«»\"").strip(" ،,.:؛;")
    return text or None


# ---------------------------------------------------------------------------------------------
# Sources and coreference
# ---------------------------------------------------------------------------------------------


@dataclass
class _Cand:
    """A source candidate read from one mention."""

    name: str
    kind: str
    role: str | None = None
    heads: frozenset[str] = frozenset()
    anaphor: bool = False  # may only refer back ("الشبكة", "the ministry", "(الجابر)")
    standalone: bool = False  # ...unless nothing earlier matches and it still names a source
    corr_key: str | None = None  # correspondents: the outlet they report for

    @property
    def key(self) -> str:
        return _name_key(self.name)


def _name_key(name: str) -> str:
    key = normalize_ar(name).casefold()
    key = re.sub(r"[()“”«»\"'’.,،]", " ", key)
    key = re.sub(r"^(?:the|a|an)\s+", "", key.strip())
    return re.sub(r"\s+", " ", key).strip()


def _name_tokens(name: str) -> list[str]:
    return [_strip_article(t) for t in _name_key(name).replace("-", " ").split()]


def _canonical_head(word: str) -> str:
    word = _strip_article(word.casefold())
    return _HEAD_ALIASES.get(word, word)


@dataclass
class _Source:
    name: str
    kind: str
    role: str | None
    verb: str
    told_to: str | None
    quote: str | None
    paragraph: int
    heads: set[str]
    corr_key: str | None

    def as_dict(self) -> dict:
        return {
            "name": self.name, "kind": self.kind, "role": self.role, "verb": self.verb,
            "told_to": self.told_to, "quote": self.quote, "paragraph": self.paragraph,
        }


class _Registry:
    """Sources in order of first mention; later mentions resolve to them."""

    def __init__(self, listeners: frozenset[str]):
        self.sources: list[_Source] = []
        self.listeners = listeners  # keys of the caller's own outlet names

    def person_suffix(self, words: list[str]) -> _Source | None:
        """Earlier person whose name ends with these words ("الحاج علي", "Jaber")."""
        probe = _name_tokens(" ".join(words))
        if not probe:
            return None
        for src in reversed(self.sources):
            if src.kind == "person":
                tokens = _name_tokens(src.name)
                if len(probe) <= len(tokens) and tokens[-len(probe):] == probe:
                    return src
        return None

    def resolve(self, cand: _Cand) -> _Source | None | bool:
        """The earlier source ``cand`` refers to, None for a new one, False to drop it."""
        if cand.key in self.listeners:
            return False
        for src in self.sources:
            if _name_key(src.name) == cand.key:
                return src
        if cand.corr_key:
            for src in self.sources:
                if src.corr_key == cand.corr_key:
                    return src
            return False if cand.anaphor and not cand.standalone else None
        if cand.kind == "person" or cand.anaphor:
            src = self.person_suffix(cand.name.split())
            if src is not None:
                return src
        if cand.anaphor:
            for src in reversed(self.sources):
                if cand.heads & src.heads:
                    return src
            return None if cand.standalone else False
        return None

    def add(self, cand: _Cand, *, verb: str, told_to: str | None, quote: str | None, paragraph: int) -> None:
        found = self.resolve(cand)
        if found is False:
            return
        if found is not None:
            found.role = found.role or cand.role
            found.told_to = found.told_to or told_to
            found.quote = found.quote or quote
            return
        heads = {_canonical_head(h) for h in cand.heads}
        self.sources.append(_Source(cand.name, cand.kind, cand.role, verb, told_to, quote, paragraph, heads, cand.corr_key))


# ---------------------------------------------------------------------------------------------
# Arabic
# ---------------------------------------------------------------------------------------------


class _ArabicReader:
    def __init__(self, registry: _Registry, house: tuple[tuple[str, ...], ...], listeners: tuple[tuple[str, ...], ...]):
        self.reg = registry
        self.house = house  # outlet word tuples whose correspondent is "ours"
        self.listeners = listeners  # outlet word tuples recognised after لـ

    # -- triggers -----------------------------------------------------------------------------

    @staticmethod
    def verb_at(tok: _Tok) -> tuple[bool, bool]:
        """(is an attribution verb, carries a و/ف prefix)."""
        if tok.kind != "word" or tok.text in _NEVER_VERBS_AR:
            return False, False
        if tok.text in _VERB_FORMS_AR:
            return True, False
        if tok.text[:1] in "وف" and tok.text[1:] in _VERB_FORMS_AR:
            return True, True
        return False, False

    def preposition_at(self, p: _Para, i: int) -> tuple[int, _Tok | None] | None:
        """If a prepositional attribution starts at token i: (index after it, synthetic first
        subject token when the subject is glued to لـ)."""
        toks = p.toks
        if toks[i].kind != "word":
            return None
        first = toks[i].text
        if first not in _PREPOSITION_FIRST_WORDS_AR and first[:1] in "وف" and first[1:] in _PREPOSITION_FIRST_WORDS_AR:
            first = first[1:]
        for words in _PREPOSITIONS_ATTR_AR:
            n = len(words)
            if words[0] != first or i + n > len(toks):
                continue
            if not all(toks[i + k].is_word(words[k]) for k in range(1, n - 1)):
                continue
            last = toks[i + n - 1]
            if n > 1 and last.kind == "word" and words[-1] == "ل" and last.text.startswith("ل") and last.text != "ل":
                # "وفقاً لفريق (...)": the source is glued to لـ.
                return i + n, _Tok("word", last.text[1:], last.start + 1, last.end)
            if n > 1 and not last.is_word(words[-1]):
                continue
            j = i + n
            if words[0] in _PREPOSITIONS_WITH_MA_AR and n == 1 and j + 1 < len(toks) \
                    and toks[j].is_word("ما") and self.verb_at(toks[j + 1])[0]:
                j += 2  # "بحسب ما أفاد به"
                if j < len(toks) and toks[j].is_word("به", "بها", "عنه", "عنها"):
                    j += 1
            return j, None
        return None

    # -- listener ("لأورينت نت") ----------------------------------------------------------------

    def listener_at(self, p: _Para, i: int) -> tuple[str, int] | None:
        """(outlet as written, index after it) if the outlet spoken to starts at token i."""
        toks = p.toks
        if i >= len(toks) or toks[i].kind != "word":
            return None
        tok = toks[i]
        if tok.text in ("ل", "مع"):
            j = i + 1
            if j < len(toks) and toks[j].kind == "group" and toks[j].words <= 4:
                return p.span_text([toks[j]], inner=True), j + 1
            first, start = (toks[j].text if j < len(toks) and toks[j].kind == "word" else None), toks[j].start if j < len(toks) else 0
        elif tok.text.startswith("ل") and len(tok.text) > 2:
            j, first, start = i, tok.text[1:], tok.start + 1
        else:
            return None
        if first is None:
            return None
        for outlet in self.listeners:
            words = [first] + [t.text for t in toks[j + 1:j + len(outlet)] if t.kind == "word"]
            if tuple(words[:len(outlet)]) == outlet:
                end = toks[j + len(outlet) - 1].end
                return p.original(start, end), j + len(outlet)
        return None

    # -- subject scanning ---------------------------------------------------------------------

    def is_terminator(self, p: _Para, i: int) -> bool:
        toks = p.toks
        tok = toks[i]
        if tok.kind == "punct":
            return tok.text in _SUBJECT_PUNCT
        if tok.kind == "group":
            return tok.words > 6
        w = tok.text
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if w in _QUOTE_MARKERS_AR or w in _PARTICIPLES_AR or w in _LISTENER_PRONOUNS_AR or w in _REPORTED_SPEECH_AR:
            return True
        if w in ("عن", "عبر", "نقلا") or w.startswith("خلال") or w in _TIME_WORDS_AR:
            return True
        if w == "الى" and nxt is not None and nxt.kind == "word" and nxt.text in _QUOTE_MARKERS_AR:
            return True
        if w in ("في", "على", "ضمن") and nxt is not None and nxt.kind == "word" and nxt.text.startswith(_ADJUNCT_NOUNS_AR):
            return True
        if self.verb_at(tok)[0]:
            return True
        return self.listener_at(p, i) is not None

    def scan_forward(self, p: _Para, i: int, first: _Tok | None = None, limit: int = 14) -> tuple[list[_Tok], int, str | None]:
        """Subject tokens after a trigger, the index where they stop, and a listener met
        before the subject ("قالت لفرات بوست مصادر ...")."""
        toks = p.toks
        told_to = None
        out: list[_Tok] = [first] if first is not None else []
        j = i
        while j < len(toks) and len(out) < limit:
            if not out and toks[j].kind == "word" and toks[j].text in _ADVERBS_AR:
                j += 1
                continue
            if not out and told_to is None:
                heard = self.listener_at(p, j)
                if heard:
                    told_to, j = heard
                    continue
            if self.is_terminator(p, j) and not (not out and toks[j].kind == "word" and toks[j].text in _ANON_HEADS_AR):
                break
            out.append(toks[j])
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
            if t.kind == "word" and (t.text in _QUOTE_MARKERS_AR or self.verb_at(t)[0]):
                break
            if t.kind == "group" and t.words > 6:
                break
            j -= 1
        words = toks[j:v]
        while words and words[0].kind == "word" and words[0].text in _AUXILIARIES_AR:
            words = words[1:]
        while words and words[-1].kind == "word" and words[-1].text in _AUXILIARIES_AR:
            words = words[:-1]
        return words if 0 < len(words) <= 8 else []

    # -- classification -------------------------------------------------------------------------

    @staticmethod
    def _match(words: list[_Tok], k: int, table) -> int:
        """Length of the longest entry of ``table`` matching words[k:]."""
        for entry in table:
            n = len(entry)
            if k + n <= len(words) and all(w.kind == "word" for w in words[k:k + n]) \
                    and tuple(w.text for w in words[k:k + n]) == entry:
                return n
        return 0

    @staticmethod
    def _heads(p: _Para, toks) -> frozenset[str]:
        return frozenset(_strip_article(t.text) for t in toks if t.kind == "word" and _strip_article(t.text) in _ALL_HEADS_AR)

    @staticmethod
    def _is_adjective(tok: _Tok) -> bool:
        w = tok.text
        return (tok.kind == "word" and not w.startswith("ال") and w not in _PREPOSITIONS_AR
                and not w.isdigit() and w.endswith(("ة", "ه", "ي", "ون", "ين", "ات")) and len(w) > 2)

    def _given_name_at(self, words: list[_Tok], k: int) -> bool:
        w = words[k]
        if w.kind != "word":
            return False
        if w.text in _GIVEN_NAMES_AR:
            return True
        return w.text in _NAME_PARTICLES_AR and k + 1 < len(words) and words[k + 1].kind == "word"

    @staticmethod
    def _name_extent(words: list[_Tok], k: int) -> int:
        """End of an unbracketed name starting at k (at most 4 words)."""
        e = k + 1
        while e < len(words) and e - k < 4:
            w = words[e]
            base = _strip_article(w.text)
            if w.kind != "word" or w.text in _PREPOSITIONS_AR or w.text in _APPOSITION_OPENERS_AR \
                    or (base in _ROLE_HEADS_AR and base not in ("شيخ",)) or w.text in _AFFILIATION_WORDS_AR:
                break
            e += 1
        return e

    @staticmethod
    def _is_place_tail(tok: _Tok) -> bool:
        """Where a correspondent is: "في إدلب", "بريف حلب" (ب glued to a word that is not part of a
        known name such as "بلدي نيوز")."""
        w = tok.text
        return w in _PREPOSITIONS_AR or (w.startswith("ب") and w not in _NEVER_VERBS_AR)

    def correspondent(self, p: _Para, words: list[_Tok]) -> _Cand | None:
        first = words[0].text
        if first in _HOUSE_CORRESPONDENTS_AR:
            return _Cand(p.span_text(words[:1]), "anonymous", heads=frozenset({"مراسل"}), corr_key="house", anaphor=True, standalone=True)
        if first == "المراسل":
            return _Cand(p.span_text(words[:1]), "anonymous", heads=frozenset({"مراسل"}), anaphor=True)
        if first not in _CORRESPONDENTS_AR:
            return None
        e = 1
        while e < len(words) and e <= 3 and (words[e].kind == "group" or not self._is_place_tail(words[e])):
            e += 1
        outlet = tuple(" ".join(t.text for t in words[1:e]).split())
        key = "house" if outlet in self.house else "corr:" + " ".join(outlet)
        return _Cand(_clean_name(p.span_text(words[:e])), "anonymous", heads=frozenset({"مراسل"}), corr_key=key)

    def from_group(self, p: _Para, pre: list[_Tok], group: _Tok, post: list[_Tok]) -> _Cand | None:
        """A name in brackets or quotation marks, with what precedes and follows it."""
        name = _clean_name(p.span_text([group], inner=True))
        pre_bases = [_strip_article(t.text) for t in pre if t.kind == "word"]
        inner = tuple(group.text.split())
        if pre and self._match(pre, 0, _KNOWN_ORGS_AR) == len(pre):
            # "الدفاع المدني السوري (الخوذ البيضاء)": the bracket is an alias.
            return _Cand(p.span_text(pre), "organization", heads=self._heads(p, pre))
        head = pre_bases[0] if pre_bases else ""
        if head in _OUTLET_HEADS_AR or (not pre_bases and inner in _KNOWN_OUTLETS_AR):
            kind = "outlet"
        elif head in _ORG_HEADS_AR or (not pre_bases and inner in _KNOWN_ORGS_AR):
            kind = "organization"
        elif not pre or head in _ROLE_HEADS_AR or head in _ANON_HEADS_AR or pre[0].text in _HONORIFICS_AR:
            kind = "person"
        else:
            # "قوات سوريا الديمقراطية (قسد)": a body with its acronym; the full name is the name.
            kind = "organization"
            if len(pre) >= 2 and len(inner) == 1:
                return _Cand(p.span_text(pre), kind, heads=self._heads(p, pre))
        heads = self._heads(p, pre)
        if kind != "person":
            return _Cand(name, kind, heads=heads)
        role = None
        titled = [t for t in pre if t.kind == "word" and t.text not in _HONORIFICS_AR]
        if titled:
            role = p.span_text(pre)
        elif post:
            if post[0].kind == "word" and post[0].text in _APPOSITION_OPENERS_AR:
                post = post[1:]
            role = p.span_text(post) or None
        return _Cand(name, "person", role=role, heads=heads | frozenset(_strip_article(t.text) for t in post[:1]))

    def definite_role(self, p: _Para, words: list[_Tok], forward: bool) -> _Cand | None:
        """A definite title: "الرئيس التركي رجب طيب أردوغان" (title, then a name of two words or
        more), "الناشط الصحفي" / "المصادر ذاتها" (refers back), or "المتحدث باسم الدفاع المدني"
        (an unnamed but specific person: new if nothing earlier matches)."""
        e = 1
        while e < len(words) and words[e].kind == "word" and words[e].text.startswith("ال"):
            e += 1
        if e < len(words) and words[e].kind == "word" and self._could_start_name(words[e]):
            end = self._name_extent(words, e)
            if end - e >= 2:
                return _Cand(p.span_text(words[e:end]), "person", role=p.span_text(words[:e]), heads=self._heads(p, words[:e]))
        rest = words[1:]
        heads = frozenset({_strip_article(words[0].text)}) | self._heads(p, rest)
        bare = len(rest) <= 2 and all(
            w.kind == "word" and (self._is_adjective(w) or w.text.startswith("ال") or w.text in _ANAPHORIC_ADJ_AR)
            for w in rest)
        return _Cand(p.span_text(words), "person", heads=heads, anaphor=True, standalone=forward and not bare)

    @staticmethod
    def _could_start_name(tok: _Tok) -> bool:
        w = tok.text
        return not (w.startswith(("ال", "ب", "ل", "و", "ف")) or w in _PREPOSITIONS_AR or w in _TIME_WORDS_AR
                    or w.isdigit() or _strip_article(w) in _ALL_HEADS_AR)

    def organization(self, p: _Para, words: list[_Tok], kind: str) -> _Cand:
        """Organisation or outlet without brackets: head + its definite chain
        ("وزارة الدفاع التركية", "الشبكة السورية لحقوق الإنسان", "المكتب الإعلامي لهيئة تحرير الشام"),
        with a short place after في ("المجلس المحلي في مدينة أعزاز")."""
        e = 1
        while e < len(words):
            w = words[e]
            if w.kind != "word" or w.text in _AFFILIATION_WORDS_AR or w.text in _PREPOSITIONS_AR:
                break
            if w.text.startswith(("ال", "لل")) or (not words[e - 1].text.startswith("ال") and self._is_adjective(w)):
                e += 1
                continue
            if w.text.startswith("ل"):  # "لحقوق الإنسان", "لهيئة تحرير الشام": through the next definite word
                k = next((k for k in range(e + 1, min(e + 4, len(words)))
                          if words[k].kind == "word" and words[k].text.startswith("ال")), None)
                if k is not None and all(words[m].kind == "word" and words[m].text not in _PREPOSITIONS_AR for m in range(e + 1, k)):
                    e = k + 1
                    continue
            break
        tail = words[e + 1:]
        if e < len(words) and words[e].is_word("في") and 0 < len(tail) <= 3 \
                and all(t.kind == "word" and not self.verb_at(t)[0] for t in tail):
            e = len(words)
        return _Cand(p.span_text(words[:e]), kind, heads=self._heads(p, words[:1]))

    def anonymous(self, p: _Para, words: list[_Tok]) -> _Cand:
        """"مصادر محلية" (generic head + adjectives) or "تاجر في سوق الحميدية" (the whole
        description, since it is the only one)."""
        base = words[0].text
        if base == "شهود" and len(words) > 1 and words[1].text == "عيان":
            return _Cand(p.span_text(words[:2]), "anonymous", heads=frozenset({"شهود"}))
        if base in _GENERIC_HEADS_AR:
            e = 1
            while e < len(words) and e <= 3 and self._is_adjective(words[e]):
                e += 1
            return _Cand(p.span_text(words[:e]), "anonymous", heads=frozenset({base}))
        return _Cand(p.span_text(words), "anonymous", heads=frozenset({base}))

    def classify(self, p: _Para, words: list[_Tok], *, forward: bool = True) -> _Cand | None:
        while words and words[-1].kind == "punct":
            words = words[:-1]
        if not words:
            return None
        # An earlier person by surname or full name: "(الجابر)", "العلي", "الحاج علي", "شهاب الدين".
        for n in (3, 2, 1):
            head = words[:n]
            if len(head) == n and all(w.kind == "word" for w in head):
                src = self.reg.person_suffix([w.text for w in head])
                if src is not None:
                    return _Cand(src.name, "person", anaphor=True)
        if words[0].kind == "group" and words[0].words <= 3 and self.reg.person_suffix(words[0].text.split()):
            return _Cand(self.reg.person_suffix(words[0].text.split()).name, "person", anaphor=True)

        if words[0].kind == "word":
            corr = self.correspondent(p, words)
            if corr is not None:
                return corr
        # A name in brackets or quotation marks.
        for g, tok in enumerate(words[:11]):
            if tok.kind == "group" and tok.words <= 6:
                if words[0].kind == "word" and words[0].text in _CORRESPONDENTS_AR:
                    break
                return self.from_group(p, words[:g], tok, words[g + 1:])
            if tok.kind != "word":
                break
        if words[0].kind != "word":
            return None
        # A known organisation or outlet, possibly after its head noun ("وكالة رويترز").
        n = self._match(words, 0, _KNOWN_ORGS_AR)
        if n:
            return _Cand(p.span_text(words[:n]), "organization", heads=self._heads(p, words[:1]))
        for k in (0, 1):
            n = self._match(words, k, _KNOWN_OUTLETS_AR)
            if n and (k == 0 or _strip_article(words[0].text) in _OUTLET_HEADS_AR):
                return _Cand(p.span_text(words[k:k + n]), "outlet", heads=self._heads(p, words[:1]))

        first = words[0].text
        base = _strip_article(first)
        definite = first.startswith("ال")
        # A given name, possibly after a role: "مدير مركز ... أحمد الشيخ".
        for k in range(len(words)):
            if self._given_name_at(words, k):
                if k == 0 or any(_strip_article(w.text) in _ALL_HEADS_AR or w.text in _HONORIFICS_AR for w in words[:k]):
                    e = self._name_extent(words, k)
                    role = p.span_text(words[:k]) if k else (p.span_text(words[e:]) if e < len(words) else None)
                    heads = self._heads(p, words[:k])
                    return _Cand(p.span_text(words[k:e]), "person", role=role or None, heads=heads)
                break
        if base in _ANON_HEADS_AR or base in _ROLE_HEADS_AR:
            if definite:
                return self.definite_role(p, words, forward)
            if base in _ANON_HEADS_AR:
                return self.anonymous(p, words)
            return None
        if base in _ORG_HEADS_AR or base in _OUTLET_HEADS_AR:
            # شبكة heads both; unbracketed and unknown, a network is more often an outlet.
            kind = "organization" if base not in _OUTLET_HEADS_AR else "outlet"
            if definite and (len(words) == 1 or all(w.text in _ANAPHORIC_ADJ_AR for w in words[1:])):
                standalone = forward and self._match(words, 0, _STANDALONE_AR) > 0
                return _Cand(p.span_text(words[:1]), kind, heads=frozenset({base}), anaphor=True, standalone=standalone)
            return self.organization(p, words, kind)
        if self._match(words, 0, _STANDALONE_AR) and forward:
            return _Cand(p.span_text(words[:1]), "organization", heads=frozenset({base}))
        return None

    # -- after the subject --------------------------------------------------------------------

    def apposition(self, p: _Para, j: int) -> tuple[str | None, int]:
        """After "NAME،": (role, index after it) for "، أحد وجهاء البلدة،". A remark on
        anonymity ("، فضّل عدم ذكر اسمه،") is skipped and gives no role."""
        toks = p.toks
        if j >= len(toks) or not (toks[j].kind == "punct" and toks[j].text in "،,"):
            return None, j
        k = j + 1
        while k < len(toks) and k - j <= 13:
            t = toks[k]
            if t.kind == "punct" and t.text in _SUBJECT_PUNCT:
                break
            if t.kind == "word" and (t.text in _QUOTE_MARKERS_AR or self.listener_at(p, k)):
                break
            k += 1
        body = toks[j + 1:k]
        closed = k < len(toks) and (toks[k].kind == "punct" and toks[k].text in "،,:" or self.listener_at(p, k) or toks[k].text in _QUOTE_MARKERS_AR)
        if not body or not closed or any(t.kind == "group" and t.words > 6 for t in body):
            return None, j
        text = " ".join(t.text for t in body)
        if any(m in text for m in _ANONYMITY_MARKERS_AR):
            return None, k + (1 if toks[k].kind == "punct" else 0)
        if self.verb_at(body[0])[0] or body[0].text in _PARTICIPLES_AR:
            return None, j
        if body[0].text in _APPOSITION_OPENERS_AR:
            body = body[1:]
        return p.span_text(body) or None, k + (1 if toks[k].kind == "punct" and toks[k].text in "،," else 0)

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
                return _clean_quote(p.span_text(toks[k + 1:stop]))
            if t.kind == "punct" and t.text == ":" and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1:stop]))
        return None

    def quote_before(self, p: _Para, v: int) -> str | None:
        k = v - 1
        while k >= 0 and p.toks[k].kind == "punct" and p.toks[k].text in "،,":
            k -= 1
        if k >= 0 and p.toks[k].kind == "group" and p.toks[k].words >= 3:
            return _clean_quote(p.span_text([p.toks[k]], inner=True))
        return None

    # -- driver -------------------------------------------------------------------------------

    def read(self, p: _Para) -> None:
        toks = p.toks
        i = 0
        while i < len(toks):
            # Prepositions first: "نقلاً عن" is not the dual verb "نقلا".
            prep = self.preposition_at(p, i)
            is_verb, prefixed = self.verb_at(toks[i]) if prep is None else (False, False)
            if not is_verb and prep is None:
                i += 1
                continue
            stop = p.sentence_end(i)
            if is_verb:
                verb_text = p.span_text(toks[i:i + 1])
                self.read_verb(p, i, prefixed, verb_text, stop)
                i += 1
            else:
                after, first = prep
                verb_text = p.original(toks[i].start, (first.start if first else toks[after - 1].end))
                self.read_preposition(p, after, first, verb_text, stop)
                i = after

    def read_verb(self, p: _Para, v: int, prefixed: bool, verb: str, stop: int) -> None:
        words, j, told_to = self.scan_forward(p, v + 1)
        cand = self.classify(p, words) if words else None
        if cand is None and not prefixed:
            back = self.scan_backward(p, v)
            cand = self.classify(p, back, forward=False) if back else None
        if cand is None:
            return
        if cand.kind in ("person", "anonymous") and not cand.anaphor:
            role, j = self.apposition(p, j)
            if cand.kind == "person" and role and (cand.role is None or all(
                    w in _HONORIFICS_AR for w in normalize_ar(cand.role).split())):
                cand.role = role
        told_to = told_to or self.find_listener(p, j, stop) or self.listener_before(p, v)
        quote = self.quote_before(p, v) or self.find_quote(p, j, stop)
        self.reg.add(cand, verb=verb, told_to=told_to, quote=quote, paragraph=p.number)
        # "نقلت وكالة رويترز عن مصدر أمني": the second source.
        if j < len(p.toks) and p.toks[j].is_word("عن") and normalize_ar(verb).lstrip("وف").startswith(("نقل", "ينقل", "تنقل")):
            words2, j3, _ = self.scan_forward(p, j + 1)
            cand2 = self.classify(p, words2) if words2 else None
            if cand2 is not None:
                self.reg.add(cand2, verb=verb, told_to=None, quote=self.find_quote(p, j3, stop), paragraph=p.number)

    def listener_before(self, p: _Para, v: int) -> str | None:
        """"وفي تصريح خاص لأورينت نت، قال ...": the listener named before the verb."""
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
            return
        quote = None
        if end < len(p.toks) and p.toks[end].kind == "group" and p.toks[end].words >= 3:
            quote = _clean_quote(p.span_text([p.toks[end]], inner=True))
        self.reg.add(cand, verb=verb, told_to=None, quote=quote, paragraph=p.number)


# ---------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------

_EN_CORRESPONDENT_RE = re.compile(
    r"^(?:[Tt]he\s+)?(?P<name>(?:(?!The\b)(?P<outlet>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}?)(?:'s|’s|')?|[Oo]ur|[Ii]ts)\s+correspondents?)\b"
)


def _is_cap(word: str) -> bool:
    """Capitalised, a number, or a particle glued to a capitalised name ("al-Hassan")."""
    if word[:1].isupper() or word[:1].isdigit():
        return True
    particle, _, rest = word.partition("-")
    return particle.casefold() in _EN_NAME_PARTICLES and rest[:1].isupper()


class _EnglishReader:
    def __init__(self, registry: _Registry, house: frozenset[str]):
        self.reg = registry
        self.house = house  # casefolded outlet names whose correspondent is "ours"

    # -- classification -----------------------------------------------------------------------

    def classify(self, p: _Para, toks: list[_Tok], *, allow_single: bool = False) -> _Cand | None:
        toks = [t for t in toks if not (t.kind == "group" and t.mark == "(")]  # "(SNHR)"
        while toks and toks[-1].kind == "punct":
            toks = toks[:-1]
        while toks and toks[0].kind == "punct":
            toks = toks[1:]
        if not toks or any(t.kind != "word" and t.text not in "-'’." for t in toks):
            return None
        words = [t.text for t in toks]
        lower = [w.casefold() for w in words]
        if len(words) == 1 and lower[0] in _EN_PRONOUNS:
            return None
        text = p.span_text(toks)
        m = _EN_CORRESPONDENT_RE.match(text)
        if m:
            outlet = (m.group("outlet") or "").casefold()
            house = outlet in self.house or m.group("name").casefold().startswith(("our", "its"))
            key = "house" if house or not outlet else "corr:" + outlet
            is_anaphor = m.group("outlet") is None and text.casefold().startswith("the")
            return _Cand(m.group("name"), "anonymous", heads=frozenset({"correspondent"}), corr_key=key,
                         anaphor=is_anaphor, standalone=not is_anaphor)
        # "the network", "the Observatory", "the source": refers back.
        if lower[0] == "the" and len(words) in (2, 3) and not words[-1].isupper() \
                and (len(words) == 2 or lower[1] in ("same", "aforementioned")):
            head = _canonical_head(lower[-1])
            if head in _EN_ORG_HEADS | _EN_OUTLET_HEADS | _EN_ANON | {"group", "source", "correspondent"}:
                return _Cand(words[-1], "person", heads=frozenset({head}), anaphor=True)
        # Surname or full name of an earlier person: "Jaber added", "Abu Omar added".
        if all(_is_cap(w) for w in words) and len(words) <= 3:
            src = self.reg.person_suffix(words)
            if src is not None:
                return _Cand(src.name, "person", anaphor=True)
        start = 1 if lower[0] in _EN_DETERMINERS else 0
        core, core_lower = words[start:], lower[start:]
        if not core:
            return None
        # Titles: "Dr. Khaled Alloush".
        title = None
        while core and core_lower[0].rstrip(".") in _EN_TITLES:
            title = (title + " " if title else "") + core[0]
            core, core_lower = core[1:], core_lower[1:]
            if core and core[0] == ".":
                core, core_lower = core[1:], core_lower[1:]
        if not core:
            return None
        core_toks = toks[len(toks) - len(core):]
        name = p.span_text(core_toks)
        if " ".join(core_lower) in _EN_KNOWN_OUTLETS:
            return _Cand(name, "outlet", heads=frozenset(core_lower))
        proper = all(_is_cap(w) or w.casefold() in _EN_CONNECTORS or w.casefold().split("-")[0] in _EN_NAME_PARTICLES
                     for w in core) and _is_cap(core[0]) and _is_cap(core[-1])
        if proper:
            heads = frozenset(w for w in core_lower if w in _EN_ORG_HEADS | _EN_OUTLET_HEADS)
            if any(w in _EN_ORG_HEADS for w in core_lower):
                return _Cand(name, "organization", heads=heads)
            if any(w in _EN_OUTLET_HEADS for w in core_lower):
                return _Cand(name, "outlet", heads=heads)
            if self.is_person_name(core) and (len(core) >= 2 or allow_single):
                return _Cand(name, "person", role=title, heads=frozenset(_canonical_head(w) for w in core_lower))
        # "the regime's state news agency SANA": ends with a known outlet.
        for k in range(1, len(core)):
            if " ".join(core_lower[k:]) in _EN_KNOWN_OUTLETS:
                return _Cand(p.span_text(core_toks[k:]), "outlet", heads=frozenset(core_lower[k:]))
        # "White Helmets volunteer Khaled Omar": role words, then a name.
        k = len(core)
        while k > 0 and _is_cap(core[k - 1]):
            k -= 1
        run, run_lower = core[k:], core_lower[k:]
        if len(run) >= 2 and k > 0 and any(w in _EN_ROLES for w in core_lower[:k]) and self.is_person_name(run):
            return _Cand(p.span_text(core_toks[k:]), "person", role=p.span_text(toks[:len(toks) - len(core) + k]))
        anonymous = self.anonymous(p, core_toks, core_lower, titled=start > 0)
        if anonymous is not None:
            return anonymous
        if len(run) >= 2 and k > 0 and any(w in _EN_ORG_HEADS for w in run_lower):
            # "the Assad regime's Interior Ministry"
            return _Cand(p.span_text(core_toks[k:]), "organization", heads=frozenset(w for w in run_lower if w in _EN_ORG_HEADS))
        if len(lower) > 2 and lower[0] == "one" and lower[1] == "of":  # "one of the protesters"
            end = 2
            while end < len(lower) and lower[end] not in _EN_QUALIFIER_STOPS:
                end += 1
            if any(w in _EN_ANON or w.rstrip("s") in _EN_ANON or w in ("protesters", "demonstrators") for w in lower[2:end]):
                return _Cand(p.span_text(toks[:end]), "anonymous", heads=frozenset({"one"}))
        return None

    @staticmethod
    def is_person_name(words: list[str]) -> bool:
        if not 1 <= len(words) <= 4:
            return False
        for w in words:
            wl = w.casefold()
            if wl in _EN_NON_NAMES or wl in _EN_ORG_HEADS or wl in _EN_OUTLET_HEADS:
                return False
            if not (_is_cap(w) or wl.split("-")[0] in _EN_NAME_PARTICLES):
                return False
        return True

    def anonymous(self, p: _Para, toks: list[_Tok], lower: list[str], titled: bool = False) -> _Cand | None:
        """"local sources", "a military source in the National Army" -> "military source",
        "a trader in the Hamidiyeh market who ..." -> "trader in the Hamidiyeh market"."""
        # After an article, a bare function is an unnamed source too: "a spokesman for ...".
        heads = _EN_ANON | _EN_ROLES if titled else _EN_ANON
        for h in range(min(len(lower), 4)):
            if lower[h] in heads:
                break
        else:
            return None
        if any(w in _EN_PRONOUNS | _EN_CONNECTORS for w in lower[:h]):
            return None
        end = h + 1
        if lower[h] not in _EN_GENERIC:
            while end < len(lower) and lower[end] not in _EN_QUALIFIER_STOPS:
                end += 1
        return _Cand(p.span_text(toks[:end]), "anonymous", heads=frozenset({_canonical_head(lower[h])}))

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def split_commas(toks: list[_Tok]) -> list[list[_Tok]]:
        parts, cur = [], []
        for t in toks:
            if t.kind == "punct" and t.text == ",":
                if cur:
                    parts.append(cur)
                cur = []
            else:
                cur.append(t)
        if cur:
            parts.append(cur)
        return parts

    @staticmethod
    def outlet_after(p: _Para, i: int, stop: int) -> tuple[str | None, int]:
        """Capitalised run after "told" / "to": the listener."""
        j = i
        while j < stop and p.toks[j].kind == "word" and (_is_cap(p.toks[j].text) or p.toks[j].text in ("'s", "’s")):
            j += 1
        if j == i:
            return None, i
        return p.span_text(p.toks[i:j]), j

    @staticmethod
    def is_role_like(part: list[_Tok]) -> bool:
        words = [t.text.casefold() for t in part if t.kind == "word"]
        if not words:
            return False
        if words[0] in _EN_RELATIVES:
            return True
        probe = words[1:4] if words[0] in _EN_DETERMINERS else words[:3]
        return any(w.rstrip("s") in _EN_ROLES or w in _EN_ROLES for w in probe)

    def quote_after(self, p: _Para, j: int, stop: int, verb: str) -> str | None:
        toks = p.toks
        k = j
        while k < stop and k - j < 10:
            t = toks[k]
            if t.kind == "group" and t.words >= 3:
                return _clean_quote(p.span_text([t], inner=True))
            if t.kind == "word" and t.text.casefold() == "that" and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1:stop]))
            if t.kind == "punct" and t.text == ":" and k + 1 < stop:
                return _clean_quote(p.span_text(toks[k + 1:stop]))
            k += 1
        rest = toks[j:stop]
        if verb in ("said", "says", "say", "told", "tells", "added", "adds", "warned", "reported", "confirmed", "noted", "explained") \
                and len(rest) >= 3 and rest[0].kind == "word" and rest[0].text.casefold() not in ("in", "on", "at", "during", "after", "before", "as"):
            return _clean_quote(p.span_text(rest))
        return None

    # -- driver -------------------------------------------------------------------------------

    def read(self, p: _Para) -> None:
        toks = p.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.kind != "word":
                i += 1
                continue
            low = t.text.casefold()
            nxt = toks[i + 1].text.casefold() if i + 1 < len(toks) and toks[i + 1].kind == "word" else ""
            stop = p.sentence_end(i)
            if low == "according" and nxt == "to" or low == "citing":
                after = i + 2 if low == "according" else i + 1
                self.read_preposition(p, i, after, stop)
                i = after
            elif low in _EN_VERBS or (low == "pointed" and nxt == "out"):
                after = i + 2 if low == "pointed" else i + 1
                self.read_verb(p, i, after, stop)
                i = after
            else:
                i += 1

    def read_preposition(self, p: _Para, i: int, after: int, stop: int) -> None:
        toks = p.toks
        j = after
        while j < stop and not (toks[j].kind == "punct" and toks[j].text in ",;:") and not (
                toks[j].kind == "word" and toks[j].text.casefold() in _EN_QUALIFIER_STOPS):
            j += 1
        cand = self.classify(p, toks[after:j], allow_single=True)
        if cand is None:
            return
        if cand.kind == "person" and j < stop and toks[j].text == ",":
            k = j + 1
            while k < stop and toks[k].text != ",":
                k += 1
            if self.is_role_like(toks[j + 1:k]):
                cand.role = cand.role if cand.role and not cand.role.rstrip(".").casefold() in _EN_TITLES else p.span_text(toks[j + 1:k])
        self.reg.add(cand, verb=p.span_text(toks[i:after]), told_to=None, quote=None, paragraph=p.number)

    def read_verb(self, p: _Para, v: int, after: int, stop: int) -> None:
        toks = p.toks
        verb = p.span_text(toks[v:after])
        low = verb.casefold()
        start = p.sentence_start(v)
        # Left segment: after the last quotation in the sentence.
        b = start
        quote = None
        for k in range(start, v):
            if toks[k].kind == "group" and toks[k].words >= 3:
                b, quote = k + 1, _clean_quote(p.span_text([toks[k]], inner=True))
        left = toks[b:v]
        told_to = None
        parts = self.split_commas(left)
        # "Speaking to Orient News, NAME ..."
        if parts and parts[0][0].kind == "word" and parts[0][0].text.casefold() in ("speaking", "talking") \
                and len(parts[0]) > 1 and parts[0][1].text.casefold() == "to":
            told_to, _ = self.outlet_after(p, b + 2 + (toks[b].kind == "punct"), v)
            told_to = p.span_text(parts[0][2:]) or told_to
            parts = parts[1:]
        while parts and parts[-1][0].kind == "word" and parts[-1][0].text.casefold() in _EN_RELATIVES:
            inside = parts[-1][1:]
            if inside and self.classify(p, inside) is not None:
                parts = [inside]  # "The shelling, which activists said ...": the subject is inside
                break
            parts = parts[:-1]
        if parts:
            while parts[0] and parts[0][0].kind == "word" and parts[0][0].text.casefold() in _EN_CLAUSE_OPENERS:
                parts[0] = parts[0][1:]
            while parts[-1] and parts[-1][-1].kind == "word" and parts[-1][-1].text.casefold() in _EN_TRAILING_ADVERBS:
                parts[-1] = parts[-1][:-1]
            parts = [pt for pt in parts if pt]
        cand = None
        if len(parts) >= 2:
            first = self.classify(p, parts[0])
            if first is not None and first.kind == "person" and not first.anaphor:
                cand = first
                cand.role = p.original(parts[1][0].start, parts[-1][-1].end)
        if cand is None and parts:
            cand = self.classify(p, parts[-1])
            if cand is not None and cand.kind == "person" and len(parts) >= 2 and self.is_role_like(parts[-2]) \
                    and not cand.anaphor and (cand.role is None or cand.role.rstrip(".").casefold() in _EN_TITLES):
                cand.role = p.span_text(parts[-2])
        j = after
        # "told Orient News"
        if low in ("told", "tells"):
            heard, j = self.outlet_after(p, after, stop)
            told_to = told_to or heard
        # VS: '"...," said Umm Ahmad, a displaced mother of five'
        if cand is None and not parts and j < stop:
            right = self.split_commas(toks[j:stop])
            if right:
                appositive = len(right) >= 2 and self.is_role_like(right[1])
                cand = self.classify(p, right[0], allow_single=appositive)  # "said Khaled, a father of three"
                if cand is not None and cand.kind == "person" and appositive:
                    cand.role = p.span_text(right[1])
                j = stop
        if cand is None:
            return
        if low == "quoted":
            k = j
            while k + 1 < stop and not (toks[k].text.casefold() == "as" and toks[k + 1].text.casefold() == "saying"):
                k += 1
            obj = self.classify(p, toks[j:k]) if k + 1 < stop else None
            q = self.quote_after(p, k + 2, stop, "said") if obj else None
            self.reg.add(cand, verb=verb, told_to=None, quote=q, paragraph=p.number)
            if obj is not None:
                self.reg.add(obj, verb="as saying", told_to=None, quote=q, paragraph=p.number)
            return
        if cand.role and cand.role.rstrip(".").casefold() in _EN_TITLES:
            cand.role = None
        quote = quote or self.quote_after(p, j, stop, low)
        self.reg.add(cand, verb=verb, told_to=told_to, quote=quote, paragraph=p.number)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def extract_quoted_sources(paragraphs: list[str], lang: str = "ar", outlet_names: tuple[str, ...] = ()) -> list[dict]:
    """Sources the article quotes or credits, each once, in order of first mention.

    ``outlet_names``: the crawling outlet's own names. They are the listener a source speaks to
    ("لأورينت نت", "told Orient News") and are never returned as a source, except inside its
    own correspondent ("مراسل أورينت"). Without them, the outlets this project crawls
    (``HOUSE_OUTLETS``) are still recognised as listeners and as "our" correspondent.
    """
    house_names = tuple(outlet_names) or HOUSE_OUTLETS
    registry = _Registry(frozenset(_name_key(n) for n in outlet_names))
    if lang == "en":
        reader = _EnglishReader(registry, frozenset(n.casefold() for n in house_names))
    else:
        house = _word_tuples(house_names)
        listeners = _word_tuples(tuple(outlet_names) + HOUSE_OUTLETS + KNOWN_OUTLETS_AR)
        reader = _ArabicReader(registry, house, listeners)
    for number, text in enumerate(paragraphs):
        if text and text.strip():
            reader.read(_Para(text, number))
    return [src.as_dict() for src in registry.sources]
