"""The words the extractor recognises, in Arabic and English: attribution verbs and
prepositions, source head nouns, roles, honorifics, known organisations and outlets.

The tables are written naturally (tune the extractor here) and compiled at import into the
normalised sets and longest-first word tuples the readers look up.
"""

from __future__ import annotations

from collections.abc import Iterable

from .normalize import normalize_ar

# ---------------------------------------------------------------------------------------------
# Lexicons (written naturally; normalised at import)
# ---------------------------------------------------------------------------------------------

#: Attribution verbs as (past 3rd masc. sing., present 3rd masc. sing.). Feminine, plural and
#: dual forms, و/ف prefixes and object clitics (نشرها) are generated from these.
ATTRIBUTION_VERBS_AR: tuple[tuple[str, str], ...] = (
    ("قال", "يقول"),
    ("أكد", "يؤكد"),
    ("أوضح", "يوضح"),
    ("أشار", "يشير"),
    ("ذكر", "يذكر"),
    ("أفاد", "يفيد"),
    ("نقل", "ينقل"),
    ("بث", "يبث"),
    ("نشر", "ينشر"),
    ("صرح", "يصرح"),
    ("أضاف", "يضيف"),
    ("كشف", "يكشف"),
    ("لفت", "يلفت"),
    ("نوه", "ينوه"),
    ("اعتبر", "يعتبر"),
    ("رأى", "يرى"),
    ("أعلن", "يعلن"),
    ("نفى", "ينفي"),
    ("تابع", "يتابع"),
    ("حذر", "يحذر"),
    ("طالب", "يطالب"),
    ("شدد", "يشدد"),
    ("أورد", "يورد"),
    ("روى", "يروي"),
    ("وثق", "يوثق"),
    ("زعم", "يزعم"),
    ("ادعى", "يدعي"),
    ("تحدث", "يتحدث"),
    ("أبلغ", "يبلغ"),
    ("أكمل", "يكمل"),
)

#: Prepositional attribution, the source following it. A final "لـ" may be glued to the
#: source ("وفقاً لفريق ..."); a و/ف prefix is allowed ("وبحسب").
ATTRIBUTION_PREPOSITIONS_AR: tuple[str, ...] = (
    "بحسب",
    "حسب",
    "وفق",
    "وفقاً لـ",
    "طبقاً لـ",
    "نقلاً عن",
    "استناداً إلى",
    "على حد قول",
    "على حد تعبير",
)
#: These may continue with "ما <attribution verb> (به)": "بحسب ما أفاد به"، "وفق ما ذكرت".
PREPOSITIONS_WITH_MA_AR: tuple[str, ...] = ("بحسب", "حسب", "وفق")

#: Nouns that head an anonymous source when no name follows them ("مصادر محلية"،
#: "تاجر في سوق الحميدية"، "أحد وجهاء البلدة"، "والدة الطفل").
ANONYMOUS_SOURCE_NOUNS_AR: tuple[str, ...] = (
    "مصادر",
    "مصدر",
    "ناشطون",
    "ناشطين",
    "نشطاء",
    "ناشط",
    "ناشطة",
    "ناشطات",
    "شهود",
    "شاهد",
    "سكان",
    "أهالي",
    "صفحات",
    "معرفات",
    "مسؤول",
    "مسؤولون",
    "ضابط",
    "عنصر",
    "قيادي",
    "تاجر",
    "طبيب",
    "ممرض",
    "سائق",
    "مزارع",
    "موظف",
    "معلم",
    "معلمة",
    "مدرس",
    "صاحب",
    "أحد",
    "إحدى",
    "مقاتل",
    "مواطن",
    "مواطنون",
    "نازح",
    "لاجئ",
    "والد",
    "والدة",
    "شقيق",
    "شقيقة",
    "زوجة",
    "قريب",
    "أقارب",
    "صحفي",
    "إعلامي",
    "عامل",
    "متطوع",
    "منشق",
    "طالب",
    "طالبة",
)

#: Anonymous heads whose trailing place ("مصادر محلية في درعا") is where they are, not who
#: they are: the name is the noun with its adjectives only.
GENERIC_SOURCE_NOUNS_AR: tuple[str, ...] = (
    "مصادر",
    "مصدر",
    "ناشطون",
    "ناشطين",
    "نشطاء",
    "ناشطات",
    "شهود",
    "سكان",
    "أهالي",
    "صفحات",
    "معرفات",
)

#: A correspondent is an anonymous source named after its outlet, "مراسل أورينت في إدلب" ->
#: "مراسل أورينت"; "مراسلنا" is the house correspondent.
CORRESPONDENT_NOUNS_AR: tuple[str, ...] = ("مراسل", "مراسلة", "مراسلو", "مراسلي")
HOUSE_CORRESPONDENT_AR: tuple[str, ...] = ("مراسلنا", "مراسلتنا", "مراسلونا", "مراسلينا")

#: Titles and functions that come before or after a person's name.
ROLE_NOUNS_AR: tuple[str, ...] = (
    "ناشط",
    "ناشطة",
    "صحفي",
    "صحفية",
    "إعلامي",
    "إعلامية",
    "مدير",
    "مديرة",
    "رئيس",
    "رئيسة",
    "نائب",
    "متحدث",
    "ناطق",
    "قائد",
    "قيادي",
    "عضو",
    "محلل",
    "خبير",
    "باحث",
    "باحثة",
    "طبيب",
    "طبيبة",
    "دكتور",
    "محامي",
    "محامية",
    "وزير",
    "محافظ",
    "أمين",
    "منسق",
    "مسؤول",
    "ضابط",
    "عقيد",
    "عميد",
    "لواء",
    "نقيب",
    "ملازم",
    "مقدم",
    "مهندس",
    "كاتب",
    "كاتبة",
    "معارض",
    "مختار",
    "وجيه",
    "مستشار",
    "سفير",
    "ممثل",
    "مندوب",
    "مبعوث",
    "مشرف",
    "معاون",
    "مساعد",
    "خطيب",
    "إمام",
    "قاضي",
    "مؤسس",
    "مراسل",
    "مدرس",
    "معلم",
    "معلمة",
    "متطوع",
)
#: Courtesy titles: before a name they are not its role ("الشيخ (عبد الرحمن العمر)، خطيب ...").
HONORIFICS_AR: tuple[str, ...] = ("الشيخ", "السيد", "السيدة", "الحاج", "الحاجة", "الأستاذ", "الأستاذة")

ORGANIZATION_HEADS_AR: tuple[str, ...] = (
    "منظمة",
    "هيئة",
    "فريق",
    "مركز",
    "جمعية",
    "مؤسسة",
    "حركة",
    "فصيل",
    "تجمع",
    "رابطة",
    "اتحاد",
    "مجلس",
    "وزارة",
    "مديرية",
    "حكومة",
    "لجنة",
    "مرصد",
    "شبكة",
    "ائتلاف",
    "مكتب",
    "مفوضية",
    "دفاع",
    "إدارة",
    "قيادة",
    "غرفة",
    "بلدية",
    "محافظة",
    "أمم",
    "برنامج",
    "جبهة",
    "نقابة",
)
OUTLET_HEADS_AR: tuple[str, ...] = (
    "موقع",
    "شبكة",
    "وكالة",
    "صحيفة",
    "جريدة",
    "قناة",
    "تلفزيون",
    "إذاعة",
    "راديو",
    "مجلة",
    "صفحة",
    "حساب",
    "منصة",
    "معرف",
)
#: A bare definite head that names a source even without an antecedent ("أعلنت الحكومة").
STANDALONE_ORGANIZATIONS_AR: tuple[str, ...] = ("الحكومة", "الأمم المتحدة", "الائتلاف")

KNOWN_ORGANIZATIONS_AR: tuple[str, ...] = (
    "المرصد السوري لحقوق الإنسان",
    "الشبكة السورية لحقوق الإنسان",
    "الدفاع المدني السوري",
    "الدفاع المدني",
    "منسقو استجابة سوريا",
    "الأمم المتحدة",
    "منظمة الصحة العالمية",
    "منظمة أطباء بلا حدود",
    "منظمة العفو الدولية",
    "هيومن رايتس ووتش",
    "الخوذ البيضاء",
    "الائتلاف الوطني السوري",
    "الحكومة السورية المؤقتة",
    "حكومة الإنقاذ",
    "الإدارة الذاتية",
    "الجيش الوطني السوري",
    "الهلال الأحمر",
    "الصليب الأحمر",
    "اليونيسف",
)
KNOWN_OUTLETS_AR: tuple[str, ...] = (
    "أورينت نت",
    "أورينت نيوز",
    "أورينت",
    "فرات بوست",
    "عنب بلدي",
    "سانا",
    "رويترز",
    "الجزيرة",
    "العربية",
    "الشرق الأوسط",
    "الوطن",
    "تلفزيون سوريا",
    "سمارت",
    "ستيب نيوز",
    "الليرة اليوم",
    "صوت العاصمة",
    "السويداء 24",
    "دير الزور 24",
    "الرقة تذبح بصمت",
    "فرانس برس",
    "الأناضول",
    "بلدي نيوز",
    "نداء سوريا",
    "الحرة",
    "روسيا اليوم",
    "سبوتنيك",
)
#: Outlets this project crawls: the listener in "لأورينت نت" / "لفرات بوست" by default.
HOUSE_OUTLETS: tuple[str, ...] = (
    "أورينت نت",
    "أورينت نيوز",
    "أورينت",
    "فرات بوست",
    "Orient News",
    "Orient Net",
    "Orient",
    "Furat Post",
)

#: Common given names: they open an unbracketed name ("... في خان شيخون أحمد الشيخ").
GIVEN_NAMES_AR: tuple[str, ...] = (
    "أحمد",
    "محمد",
    "محمود",
    "مصطفى",
    "خالد",
    "عمر",
    "عمار",
    "عثمان",
    "علي",
    "حسن",
    "حسين",
    "حسام",
    "حمزة",
    "يوسف",
    "إبراهيم",
    "إسماعيل",
    "يحيى",
    "زكريا",
    "سليمان",
    "سعيد",
    "سعد",
    "سامر",
    "سامي",
    "سليم",
    "سمير",
    "رامي",
    "ماهر",
    "مازن",
    "ماجد",
    "مالك",
    "نبيل",
    "نزار",
    "نضال",
    "نادر",
    "ناصر",
    "وليد",
    "وائل",
    "وسيم",
    "فراس",
    "فادي",
    "فايز",
    "فيصل",
    "طارق",
    "طلال",
    "بشار",
    "بشير",
    "بكر",
    "أيمن",
    "أنس",
    "أسامة",
    "باسل",
    "جمال",
    "جهاد",
    "جميل",
    "حازم",
    "حمد",
    "حامد",
    "حسان",
    "رضوان",
    "رياض",
    "زياد",
    "زهير",
    "شادي",
    "صالح",
    "صهيب",
    "صلاح",
    "ضياء",
    "عادل",
    "عاصم",
    "عامر",
    "عدنان",
    "عماد",
    "عمرو",
    "غسان",
    "فؤاد",
    "قاسم",
    "كريم",
    "كمال",
    "لؤي",
    "مؤيد",
    "مجد",
    "مراد",
    "مروان",
    "مهند",
    "منذر",
    "هادي",
    "هشام",
    "همام",
    "هيثم",
    "ياسر",
    "ياسين",
    "يزن",
    "يامن",
    "إياد",
    "أكرم",
    "أمجد",
    "أنور",
    "أيهم",
    "بلال",
    "توفيق",
    "ثائر",
    "جابر",
    "جلال",
    "حيدر",
    "خليل",
    "راشد",
    "سالم",
    "شريف",
    "صبحي",
    "طه",
    "عارف",
    "عبادة",
    "عزام",
    "عصام",
    "علاء",
    "عمران",
    "غياث",
    "فواز",
    "قتيبة",
    "مأمون",
    "محسن",
    "مصعب",
    "معاذ",
    "معتز",
    "منير",
    "مهدي",
    "موسى",
    "نجيب",
    "نعيم",
    "هاني",
    "وفيق",
    "معن",
    "أنيس",
    "فاطمة",
    "عائشة",
    "مريم",
    "زينب",
    "هدى",
    "سعاد",
    "ليلى",
    "سلمى",
    "رنا",
    "ريم",
    "لمى",
    "هبة",
    "آلاء",
    "دعاء",
    "أسماء",
    "رهف",
    "سارة",
    "سلوى",
    "منى",
    "ميساء",
    "نسرين",
    "هالة",
    "وفاء",
    "رغد",
    "رزان",
)
#: Particles that open a name with the word after them: أبو خالد، أم أحمد، عبد الرحمن.
NAME_PARTICLES_AR: tuple[str, ...] = ("أبو", "أم", "عبد")

# English -------------------------------------------------------------------------------------
ATTRIBUTION_VERBS_EN: tuple[str, ...] = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "reported",
    "reports",
    "confirmed",
    "confirms",
    "noted",
    "explained",
    "announced",
    "claimed",
    "denied",
    "warned",
    "stressed",
    "revealed",
    "documented",
    "posted",
    "published",
    "wrote",
    "tweeted",
    "quoted",
    "insisted",
    "pointed out",
    "according to",
    "citing",
)
ANONYMOUS_SOURCE_NOUNS_EN: tuple[str, ...] = (
    "source",
    "sources",
    "activist",
    "activists",
    "resident",
    "residents",
    "witness",
    "witnesses",
    "eyewitness",
    "eyewitnesses",
    "official",
    "officials",
    "officer",
    "officers",
    "commander",
    "commanders",
    "trader",
    "traders",
    "merchant",
    "merchants",
    "doctor",
    "doctors",
    "medic",
    "medics",
    "nurse",
    "nurses",
    "teacher",
    "teachers",
    "driver",
    "drivers",
    "farmer",
    "farmers",
    "shopkeeper",
    "shopkeepers",
    "fighter",
    "fighters",
    "locals",
    "member",
    "members",
    "relative",
    "relatives",
    "man",
    "woman",
    "defector",
    "refugee",
    "refugees",
    "volunteer",
    "pages",
    "accounts",
)
GENERIC_SOURCE_NOUNS_EN: tuple[str, ...] = (
    "source",
    "sources",
    "activist",
    "activists",
    "resident",
    "residents",
    "witness",
    "witnesses",
    "eyewitness",
    "eyewitnesses",
    "locals",
    "pages",
    "accounts",
)
ROLE_NOUNS_EN: tuple[str, ...] = (
    "volunteer",
    "activist",
    "journalist",
    "director",
    "head",
    "chief",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "commander",
    "official",
    "doctor",
    "surgeon",
    "researcher",
    "analyst",
    "lawyer",
    "minister",
    "governor",
    "member",
    "leader",
    "coordinator",
    "resident",
    "teacher",
    "trader",
    "mother",
    "father",
    "brother",
    "sister",
    "farmer",
    "driver",
    "nurse",
    "medic",
    "officer",
    "expert",
    "envoy",
    "representative",
    "mayor",
    "engineer",
    "correspondent",
    "reporter",
    "editor",
    "founder",
    "president",
    "manager",
    "mukhtar",
    "sheikh",
    "imam",
    "displaced",
)
ORGANIZATION_HEADS_EN: tuple[str, ...] = (
    "observatory",
    "network",
    "ministry",
    "council",
    "committee",
    "organization",
    "organisation",
    "defence",
    "defense",
    "coalition",
    "government",
    "commission",
    "office",
    "directorate",
    "authority",
    "administration",
    "centre",
    "center",
    "union",
    "coordinators",
    "watch",
    "nations",
    "forces",
    "army",
    "command",
    "programme",
    "program",
    "fund",
    "crescent",
    "helmets",
    "front",
    "institute",
    "un",
    "unicef",
    "ocha",
    "unhcr",
    "who",
)
OUTLET_HEADS_EN: tuple[str, ...] = (
    "news",
    "agency",
    "tv",
    "television",
    "channel",
    "radio",
    "post",
    "times",
    "newspaper",
    "website",
    "outlet",
    "press",
    "baladi",
    "reuters",
    "afp",
    "sana",
    "anadolu",
)
KNOWN_OUTLETS_EN: tuple[str, ...] = (
    "Reuters",
    "AFP",
    "Agence France-Presse",
    "Associated Press",
    "SANA",
    "Enab Baladi",
    "Al Jazeera",
    "Al Arabiya",
    "Syria TV",
    "Step News",
    "Deir Ezzor 24",
    "Suwayda 24",
    "Anadolu",
    "Orient News",
    "Orient Net",
    "Furat Post",
)
EN_TITLES: tuple[str, ...] = ("Dr", "Mr", "Mrs", "Ms", "Sheikh", "Gen", "Col", "Brig", "Maj", "Capt", "Lt", "Prof")

# ---------------------------------------------------------------------------------------------
# Compiled lexicon forms
# ---------------------------------------------------------------------------------------------


def _n(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_ar(w) for w in words)


def _word_tuples(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Normalised word tuples, longest first (for longest-match lookups)."""
    return tuple(sorted({tuple(normalize_ar(n).split()) for n in names}, key=len, reverse=True))


def _verb_forms(past: str, present: str) -> set[str]:
    """Normalised written forms of one verb: past masc./fem./plural/dual, past with an object
    clitic (نشرها، ذكرته), present masc./fem./plural/dual. Prefixes و/ف are handled by the reader."""
    past, present = normalize_ar(past), normalize_ar(present)
    past_stem = past[:-1] if past.endswith(("ى", "ي")) else past  # رأى -> رأت، رأوا
    present_stem = present[:-1] if present.endswith(("ى", "ي")) else present  # يرى -> يرون
    past_forms = {past, past_stem + "ت", past_stem + "وا", past_stem + "ا"}
    with_clitic = (
        set() if past.endswith("ى") else {form + clitic for form in (past, past + "ت") for clitic in ("ه", "ها", "هم")}
    )
    present_forms = {
        present,
        "ت" + present[1:],
        present_stem + "ون",
        present_stem + "ان",
        "ت" + present_stem[1:] + "ان",
    }
    return past_forms | with_clitic | present_forms


_VERB_FORMS_AR = frozenset(f for pair in ATTRIBUTION_VERBS_AR for f in _verb_forms(*pair))
# Words of known names are never verbs, whatever their letters: فرات is not ف + رأت.
_NEVER_VERBS_AR = frozenset(
    w for name in KNOWN_OUTLETS_AR + KNOWN_ORGANIZATIONS_AR + HOUSE_OUTLETS for w in normalize_ar(name).split()
) | frozenset(normalize_ar(w) for w in GIVEN_NAMES_AR)
# Participles continue the current speaker ("مؤكداً أن"): they end a subject, never start one.
_PARTICIPLES_AR = _n(
    [
        "مضيفاً",
        "مضيفة",
        "مؤكداً",
        "مؤكدة",
        "مشيراً",
        "مشيرة",
        "موضحاً",
        "موضحة",
        "لافتاً",
        "لافتة",
        "منوهاً",
        "منوهة",
        "معتبراً",
        "معتبرة",
        "محذراً",
        "محذرة",
        "قائلاً",
        "قائلة",
        "متابعاً",
        "متابعة",
    ]
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
_AUXILIARIES_AR = _n(["وكانت", "وكان", "كانت", "كان", "وقد", "قد", "كما", "فيما", "بينما", "حيث", "فقد", "لقد", "وكما"])
_ANAPHORIC_ADJ_AR = _n(["ذاتها", "ذاته", "نفسها", "نفسه", "نفسهم", "ذاتهم", "المذكور", "المذكورة", "ذاتهما"])
_ANONYMITY_MARKERS_AR = tuple(
    normalize_ar(m)
    for m in (
        "عدم ذكر اسم",
        "عدم الكشف عن",
        "عدم نشر اسم",
        "لأسباب أمنية",
        "رفض الكشف",
        "فضل عدم",
    )
)
_APPOSITION_OPENERS_AR = _n(["وهو", "وهي", "وهم"])
_AFFILIATION_WORDS_AR = _n(["التابعة", "التابع", "المدعوم", "المدعومة", "الموالي", "الموالية", "المقرب", "المقربة"])

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
_HEAD_ALIASES = {
    normalize_ar(k): normalize_ar(v)
    for k, v in {
        "مصادر": "مصدر",
        "ناشطون": "ناشط",
        "ناشطين": "ناشط",
        "نشطاء": "ناشط",
        "ناشطة": "ناشط",
        "مسؤولون": "مسؤول",
        "مراسلة": "مراسل",
        "sources": "source",
        "activists": "activist",
        "officials": "official",
        "residents": "resident",
    }.items()
}

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
_EN_DETERMINERS = frozenset(["a", "an", "the", "one", "two", "three", "several", "some", "many", "other", "another"])
_EN_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "which", "who"]
)
_EN_CONNECTORS = frozenset(["for", "of", "the", "and", "on", "in", "to"])
_EN_NAME_PARTICLES = frozenset(["al", "el", "bin", "ibn", "abu", "umm", "abd", "abdul"])
_EN_NON_NAMES = frozenset(
    [
        "on",
        "in",
        "at",
        "for",
        "by",
        "with",
        "after",
        "before",
        "during",
        "meanwhile",
        "however",
        "speaking",
        "also",
        "but",
        "and",
        "while",
        "as",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "the",
        "a",
        "an",
        "he",
        "she",
        "they",
        "it",
    ]
)
_EN_CLAUSE_OPENERS = frozenset(["and", "but", "while", "meanwhile", "however", "as", "also", "whereas"])
_EN_TRAILING_ADVERBS = frozenset(["also", "later", "earlier", "previously", "meanwhile", "further"])
_EN_RELATIVES = frozenset(["who", "which", "whose", "where"])
_EN_QUALIFIER_STOPS = frozenset(["who", "which", "whose", "that", "said", "told"])
