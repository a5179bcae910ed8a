"""Quoted-sources extractor: the issue's real examples, one table per pattern, and the corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.sources_eval import CORPUS, evaluate  # noqa: E402
from crawler.extract.sources import extract_quoted_sources, normalize_ar  # noqa: E402


def names(paragraphs, lang="ar", **kw):
    return [s["name"] for s in extract_quoted_sources(paragraphs, lang=lang, **kw)]


def by_name(paragraphs, lang="ar", **kw):
    return {s["name"]: s for s in extract_quoted_sources(paragraphs, lang=lang, **kw)}


# ---------------------------------------------------------------------------------------------
# The five real examples from the issue: names exactly, in order
# ---------------------------------------------------------------------------------------------

REAL_1 = [
    "ألقت مروحيات النظام صباح اليوم الثلاثاء عدداً من البراميل المتفجرة على بلدات وقرى في ريف إدلب الجنوبي، ما أدى إلى دمار واسع في منازل المدنيين.",
    "وقال مراسل أورينت في إدلب إن المروحيات ألقت أكثر من عشرة براميل على بلدتي التمانعة وسكيك، بالتزامن مع قصف مدفعي من مواقع النظام في ريف حماة الشمالي.",
    "من جهته، أفاد (أحمد الشيخ) مدير مركز الدفاع المدني في خان شيخون، بأن فرق الإنقاذ انتشلت ثلاثة مدنيين من تحت الأنقاض، مؤكداً أن القصف استهدف أحياء سكنية خالية من أي مقرات عسكرية.",
]
REAL_2 = [
    "سجّلت الليرة السورية اليوم الثلاثاء انخفاضاً جديداً أمام الدولار الأمريكي في أسواق دمشق وحلب، وسط ارتفاع متواصل في أسعار المواد الغذائية.",
    "وبحسب موقع (الليرة اليوم) المتخصص بمتابعة أسعار الصرف، بلغ سعر الدولار الواحد 7600 ليرة للمبيع في دمشق.",
    "وقال تاجر في سوق الحميدية لأورينت نت، فضّل عدم ذكر اسمه، إن حركة البيع تراجعت إلى أدنى مستوياتها منذ سنوات، مضيفاً أن كثيراً من المحال باتت تسعّر بضائعها بالدولار.",
]
REAL_3 = [
    "Three civilians were killed on Thursday when Assad regime forces shelled the town of Atarib in western Aleppo countryside, local sources said.",
    '"The shells fell on a crowded market shortly before sunset," Mahmoud Jaber, a volunteer with the Syrian Civil Defence, told Orient News.',
    "According to the Syrian Observatory for Human Rights, the attack was the deadliest in the area since the beginning of the month.",
]
REAL_4 = [
    "قُتل عنصران من تنظيم “داعش” فجر اليوم الجمعة، في كمين نصبته قوات النظام وميليشيات إيرانية في بادية مدينة الميادين شرقي دير الزور.",
    "وقال مراسل فرات بوست إن الكمين وقع على الطريق الواصل بين الميادين وحقل التيم النفطي، مشيراً إلى أن جثتي العنصرين نُقلتا إلى مشفى الميادين العسكري.",
    "وأفادت مصادر خاصة لفرات بوست بأن الميليشيات الإيرانية استقدمت تعزيزات جديدة إلى المنطقة خلال الأيام الماضية.",
]
REAL_5 = [
    "خرج العشرات من أهالي بلدة ذيبان في ريف دير الزور الشرقي، مساء اليوم الإثنين، في مظاهرة احتجاجاً على حملات الاعتقال التي تنفذها ميليشيا “قسد” في المنطقة.",
    "وقال (أبو خالد)، أحد وجهاء البلدة، لفرات بوست إن المحتجين طالبوا بالإفراج عن أبناء البلدة المعتقلين منذ أسابيع دون توجيه أي تهمة لهم.",
]


@pytest.mark.parametrize(
    "paragraphs, lang, expected",
    [
        (REAL_1, "ar", ["مراسل أورينت", "أحمد الشيخ"]),
        (REAL_2, "ar", ["الليرة اليوم", "تاجر في سوق الحميدية"]),
        (REAL_3, "en", ["local sources", "Mahmoud Jaber", "Syrian Observatory for Human Rights"]),
        (REAL_4, "ar", ["مراسل فرات بوست", "مصادر خاصة"]),
        (REAL_5, "ar", ["أبو خالد"]),
    ],
    ids=["real-1", "real-2", "real-3", "real-4", "real-5"],
)
def test_real_examples_names_in_order(paragraphs, lang, expected):
    assert names(paragraphs, lang) == expected


def test_real_example_1_fields():
    corr, chief = extract_quoted_sources(REAL_1)
    assert (corr["kind"], corr["role"], corr["verb"], corr["paragraph"]) == ("anonymous", None, "وقال", 1)
    assert corr["quote"].startswith("المروحيات ألقت أكثر من عشرة براميل")
    assert chief["kind"] == "person"
    assert chief["role"] == "مدير مركز الدفاع المدني في خان شيخون"
    assert (chief["verb"], chief["paragraph"], chief["told_to"]) == ("أفاد", 2, None)
    assert chief["quote"].startswith("فرق الإنقاذ انتشلت ثلاثة مدنيين")


def test_real_example_2_fields():
    site, trader = extract_quoted_sources(REAL_2)
    assert (site["kind"], site["verb"], site["paragraph"], site["quote"]) == ("outlet", "وبحسب", 1, None)
    assert (trader["kind"], trader["told_to"], trader["paragraph"]) == ("anonymous", "أورينت نت", 2)
    assert trader["quote"].startswith("حركة البيع تراجعت")


def test_real_example_3_fields():
    local, jaber, sohr = extract_quoted_sources(REAL_3, lang="en")
    assert (local["kind"], local["verb"], local["paragraph"]) == ("anonymous", "said", 0)
    assert jaber["kind"] == "person"
    assert jaber["role"] == "a volunteer with the Syrian Civil Defence"
    assert (jaber["told_to"], jaber["verb"], jaber["paragraph"]) == ("Orient News", "told", 1)
    assert jaber["quote"] == "The shells fell on a crowded market shortly before sunset"
    assert (sohr["kind"], sohr["verb"], sohr["paragraph"]) == ("organization", "According to", 2)


def test_real_example_4_and_5_fields():
    corr, private = extract_quoted_sources(REAL_4)
    assert corr["kind"] == private["kind"] == "anonymous"
    assert private["told_to"] == "فرات بوست"
    (notable,) = extract_quoted_sources(REAL_5)
    assert (notable["kind"], notable["role"], notable["told_to"]) == ("person", "أحد وجهاء البلدة", "فرات بوست")
    assert notable["quote"].startswith("المحتجين طالبوا بالإفراج")


# ---------------------------------------------------------------------------------------------
# Patterns, one row each: (paragraphs, name, field -> expected value)
# ---------------------------------------------------------------------------------------------

PATTERNS = [
    # verb forms: feminine, plural, present, prefixes, diacritics, tatweel
    (
        "fem-past",
        ["قالت مصادر خاصة لفرات بوست إن الميليشيا اعتقلت ثلاثة شبان."],
        "مصادر خاصة",
        {"kind": "anonymous", "verb": "قالت", "told_to": "فرات بوست", "quote": "الميليشيا اعتقلت ثلاثة شبان"},
    ),
    (
        "plural-present",
        ["ويقول سكان في الحي إن المياه مقطوعة منذ أسبوعين."],
        "سكان",
        {"verb": "ويقول", "kind": "anonymous"},
    ),
    ("plural-present-2", ["ويؤكد ناشطون أن الميليشيات تشتري العقارات في الميادين."], "ناشطون", {"verb": "ويؤكد"}),
    ("fa-prefix", ["فأوضح مصدر طبي أن المشفى استقبل 12 جريحاً."], "مصدر طبي", {"verb": "فأوضح"}),
    (
        "shadda",
        ["وأكّدَ الناشطُ الإعلاميُّ (عمّار الحسن) لأورينت نت أنّ الطيرانَ استهدف محطة المياه."],
        "عمّار الحسن",
        {"kind": "person", "role": "الناشطُ الإعلاميُّ", "told_to": "أورينت نت", "verb": "وأكّدَ"},
    ),
    ("tatweel", ["وقـال مصـدر ميـداني لأورينت نـت إن الاشتباكات مستمرة."], "مصـدر ميـداني", {"told_to": "أورينت نـت"}),
    (
        "feminine-warned",
        ["حذّرت منظمة الصحة العالمية من تفشي الكوليرا في المخيمات."],
        "منظمة الصحة العالمية",
        {"kind": "organization", "verb": "حذّرت", "quote": None},
    ),
    # names: parentheses, quotation marks, role before / after, apposition
    (
        "role-before-bracket",
        ["أكد الناشط الصحفي (صهيب الجابر) لأورينت نيوز أن القصف طال كفرنبل."],
        "صهيب الجابر",
        {"role": "الناشط الصحفي", "told_to": "أورينت نيوز", "quote": "القصف طال كفرنبل"},
    ),
    (
        "role-before-unbracketed",
        ["وقال مدير مركز الدفاع المدني في خان شيخون أحمد الشيخ لأورينت نت إن الفرق منهكة."],
        "أحمد الشيخ",
        {"kind": "person", "role": "مدير مركز الدفاع المدني في خان شيخون", "told_to": "أورينت نت"},
    ),
    (
        "role-after-bracket",
        ["أفاد (أحمد الشيخ) مدير مركز الدفاع المدني في خان شيخون، بأن الفرق انتشلت ثلاثة مدنيين."],
        "أحمد الشيخ",
        {"role": "مدير مركز الدفاع المدني في خان شيخون"},
    ),
    ("apposition-wahuwa", ["وقال (محمود)، وهو سائق شاحنة، إن الحواجز تفرض إتاوات."], "محمود", {"role": "سائق شاحنة"}),
    (
        "honorific-then-apposition",
        ["وقال الشيخ (عبد الرحمن العمر)، خطيب جامع البلدة، لأورينت نت: «قال الله تعالى: ولا تقتلوا أنفسكم»."],
        "عبد الرحمن العمر",
        {"role": "خطيب جامع البلدة", "quote": "قال الله تعالى: ولا تقتلوا أنفسكم"},
    ),
    ("curly-quoted-name", ["وقالت الناشطة “هبة العمر” لأورينت نت إن العائلات عادت."], "هبة العمر", {"role": "الناشطة"}),
    (
        "title-then-foreign-name",
        ["وأكد الرئيس التركي رجب طيب أردوغان أن بلاده لن تسمح بموجة لجوء جديدة."],
        "رجب طيب أردوغان",
        {"role": "الرئيس التركي"},
    ),
    (
        "quote-before-verb",
        ['"الوضع لا يحتمل، والناس تعيش على المساعدات"، تقول (أم خالد) النازحة من ريف معرة النعمان.'],
        "أم خالد",
        {"quote": "الوضع لا يحتمل، والناس تعيش على المساعدات", "role": "النازحة من ريف معرة النعمان"},
    ),
    (
        "colon-quote",
        ['يقول (أبو أحمد)، صاحب محل خضار: "لم نعد قادرين على شراء البضاعة".'],
        "أبو أحمد",
        {"quote": "لم نعد قادرين على شراء البضاعة", "role": "صاحب محل خضار"},
    ),
    (
        "told-before-verb",
        ["وفي تصريح خاص لأورينت نت، قال الناطق باسم الجيش الوطني السوري (يوسف حمود) إن الفصائل صدت الهجوم."],
        "يوسف حمود",
        {"told_to": "أورينت نت", "role": "الناطق باسم الجيش الوطني السوري"},
    ),
    (
        "told-in-conversation",
        ["واعتبر المحلل السياسي (حسن النيفي) في حديث لأورينت نت أن التصريحات لا تحمل جديداً."],
        "حسن النيفي",
        {"told_to": "أورينت نت", "verb": "واعتبر"},
    ),
    # outlets and organisations
    (
        "site-bracket",
        ["وبحسب موقع (الليرة اليوم)، بلغ سعر الدولار 7600 ليرة."],
        "الليرة اليوم",
        {"kind": "outlet", "verb": "وبحسب"},
    ),
    (
        "site-straight-quotes",
        ['وذكر موقع "عنب بلدي" أن الحكومة رفعت أسعار الخبز.'],
        "عنب بلدي",
        {"kind": "outlet", "verb": "وذكر"},
    ),
    (
        "network-bracket",
        ["أشارت شبكة (فرات بوست) في تقرير سابق إلى أن الميليشيات تجند أطفالاً."],
        "فرات بوست",
        {"kind": "outlet"},
    ),
    (
        "observatory-unbracketed",
        ["وثّق المرصد السوري لحقوق الإنسان مقتل 12 مدنياً في أريحا."],
        "المرصد السوري لحقوق الإنسان",
        {"kind": "organization", "verb": "وثّق"},
    ),
    (
        "government-announced",
        ["أعلنت الحكومة السورية المؤقتة، اليوم الأحد، عن افتتاح معبر جديد."],
        "الحكومة السورية المؤقتة",
        {"kind": "organization"},
    ),
    (
        "known-org-alias",
        ["أعلن الدفاع المدني السوري (الخوذ البيضاء) انتشال خمس جثث."],
        "الدفاع المدني السوري",
        {"kind": "organization"},
    ),
    (
        "ministry-chain",
        ["أعلنت وزارة الدفاع التركية، في بيان، تحييد خمسة عناصر."],
        "وزارة الدفاع التركية",
        {"kind": "organization"},
    ),
    (
        "wafqan-li-glued",
        ["وفقاً لفريق (منسقو استجابة سوريا)، تجاوز عدد النازحين 200 ألف."],
        "منسقو استجابة سوريا",
        {"kind": "organization", "verb": "وفقاً ل"},
    ),
    (
        "bihasab-ma-afad",
        ["بحسب ما أفاد به ناشطون من المدينة، فإن دورية روسية جابت الشوارع."],
        "ناشطون",
        {"verb": "بحسب ما أفاد به"},
    ),
    (
        "naqlan-an",
        ["كشفت صحيفة (الشرق الأوسط) نقلاً عن مصادر دبلوماسية غربية أن اجتماعاً سيعقد في جنيف."],
        "مصادر دبلوماسية غربية",
        {"kind": "anonymous", "verb": "نقلاً عن"},
    ),
    # anonymous sources
    (
        "correspondent-location-dropped",
        ["وقال مراسل أورينت في إدلب إن المروحيات ألقت براميل."],
        "مراسل أورينت",
        {"kind": "anonymous"},
    ),
    ("our-correspondent", ["وأوضح مراسلنا في ريف حلب الشمالي أن القصف طال مارع."], "مراسلنا", {"kind": "anonymous"}),
    (
        "generic-adjectives-kept-place-dropped",
        ["ونفى مصدر عسكري في الجيش الوطني لأورينت نت صحة الأنباء."],
        "مصدر عسكري",
        {"told_to": "أورينت نت", "quote": None},
    ),
    (
        "only-description-kept",
        ["أكد مسؤول في المجلس المحلي لمدينة جرابلس، طلب عدم الكشف عن اسمه، أن المجلس سيوزع المازوت."],
        "مسؤول في المجلس المحلي لمدينة جرابلس",
        {"kind": "anonymous", "role": None, "quote": "المجلس سيوزع المازوت"},
    ),
    ("eyewitnesses", ["قال شهود عيان لأورينت نت إن دوي انفجار سمع في أعزاز."], "شهود عيان", {"kind": "anonymous"}),
    (
        "svo",
        ["مصادر محلية في مدينة درعا قالت لأورينت نت إن مجهولين اغتالوا عنصراً سابقاً."],
        "مصادر محلية",
        {"told_to": "أورينت نت", "verb": "قالت"},
    ),
    (
        "svo-kana-qad",
        ["وكانت الأمم المتحدة قد أعلنت في وقت سابق أن أربعة ملايين شخص بحاجة للمساعدة."],
        "الأمم المتحدة",
        {"kind": "organization", "verb": "أعلنت"},
    ),
    # English
    (
        "en-told",
        ["Local activists told Orient News that militias looted houses in Kafr Nabl."],
        "Local activists",
        {"lang": "en", "kind": "anonymous", "told_to": "Orient News", "quote": "militias looted houses in Kafr Nabl"},
    ),
    (
        "en-said-in-statement",
        ["The Turkish Defence Ministry said in a statement that two soldiers were killed."],
        "Turkish Defence Ministry",
        {"lang": "en", "kind": "organization", "quote": "two soldiers were killed"},
    ),
    (
        "en-said-after-quote",
        ['"We have not received any aid," said Umm Ahmad, a displaced mother of five.'],
        "Umm Ahmad",
        {"lang": "en", "role": "a displaced mother of five", "quote": "We have not received any aid"},
    ),
    (
        "en-title-before-name",
        ["White Helmets volunteer Khaled Omar said rescue teams pulled two children alive."],
        "Khaled Omar",
        {"lang": "en", "role": "White Helmets volunteer"},
    ),
    (
        "en-anonymous-qualifier",
        ["A trader in the Hamidiyeh market who asked not to be named told Orient News that shops price in dollars."],
        "trader in the Hamidiyeh market",
        {"lang": "en", "kind": "anonymous", "told_to": "Orient News"},
    ),
    (
        "en-correspondent",
        ["Iranian militias arrested four men in al-Mayadin, Furat Post's correspondent in Deir Ezzor said."],
        "Furat Post's correspondent",
        {"lang": "en", "kind": "anonymous"},
    ),
    (
        "en-according-to",
        ["According to Enab Baladi, the council raised the price of bread."],
        "Enab Baladi",
        {"lang": "en", "kind": "outlet", "verb": "According to", "quote": None},
    ),
]


@pytest.mark.parametrize("paragraphs, name, fields", [row[1:] for row in PATTERNS], ids=[row[0] for row in PATTERNS])
def test_pattern(paragraphs, name, fields):
    fields = dict(fields)
    lang = fields.pop("lang", "ar")
    found = by_name(paragraphs, lang)
    assert name in found, f"{name!r} not in {list(found)}"
    for key, value in fields.items():
        assert found[name][key] == value, (key, found[name][key])


# ---------------------------------------------------------------------------------------------
# Not sources
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraphs, lang",
    [
        (["نشرت قوات النظام تعزيزات عسكرية جديدة على محاور ريف اللاذقية."], "ar"),  # نشر = deployed
        (["وتابعت قوات النظام قصفها لقرى سهل الغاب."], "ar"),  # تابع = continued
        (["زار وزير الخارجية التركي مولود جاويش أوغلو موسكو حيث التقى سيرغي لافروف."], "ar"),  # merely mentioned
        (["افتتحت مديرية التربية مدرسة تتسع لأكثر من 500 طالب، بتمويل من منظمة محلية."], "ar"),  # طالب = student
        (["انطلق معرض الكتاب بمشاركة 40 دار نشر عربية ومحلية."], "ar"),  # نشر = publishing
        (["وتم توزيع المساعدات حسب الأصول ووفق القانون."], "ar"),  # حسب / وفق not attributive
        (["وأضاف أن الوضع سيئ."], "ar"),  # pronoun subject: nobody new
        (["Turkish President Recep Tayyip Erdogan met Vladimir Putin in Sochi on Friday."], "en"),
        (["He said that ten were in critical condition."], "en"),
    ],
)
def test_no_source(paragraphs, lang):
    assert names(paragraphs, lang) == []


def test_subject_of_non_attribution_verb_and_person_merely_mentioned():
    paragraphs = [
        "اعتقلت دورية تابعة لفرع الأمن العسكري الناشط الإعلامي (ماجد العبدالله) من منزله، وفق ما أفادت به مصادر محلية."
    ]
    assert names(paragraphs) == ["مصادر محلية"]


def test_attribution_inside_a_quotation_is_not_read():
    paragraphs = ["وقال (أبو عمر) لأورينت نت: «قال المرصد السوري لحقوق الإنسان كلاماً لا نصدقه»."]
    assert names(paragraphs) == ["أبو عمر"]


# ---------------------------------------------------------------------------------------------
# Coreference: later mentions resolve to the first and are not repeated
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraphs, lang, expected",
    [
        (
            ["أكد الناشط الصحفي (صهيب الجابر) لأورينت نيوز أن القصف مستمر.", "وأشار (الجابر) إلى أن موجة نزوح بدأت."],
            "ar",
            ["صهيب الجابر"],
        ),
        (
            ["صرّح عضو المجلس (عمر العلي) لفرات بوست بأن الاعتقالات زادت.", "ولفت العلي إلى أن معظم المعتقلين شباب."],
            "ar",
            ["عمر العلي"],
        ),
        (["قال (محمد الحاج علي) إن المجلس يعمل.", "وتابع الحاج علي أن المشروع ممول."], "ar", ["محمد الحاج علي"]),
        (
            ["وقالت شبكة (السويداء 24) إن المحتجين أغلقوا الدوائر.", "وأشارت الشبكة إلى أن الأعداد تجاوزت ألفين."],
            "ar",
            ["السويداء 24"],
        ),
        (
            ["وقال مراسل أورينت في درعا إن حاجزاً اعتقل خمسة شبان.", "وأضاف مراسلنا أن ذويهم راجعوا اللجنة."],
            "ar",
            ["مراسل أورينت"],
        ),
        (
            ["قالت مصادر أهلية لفرات بوست إن قسد فرضت حظر تجوال.", "وبحسب المصادر ذاتها، فإن الحظر جاء بعد مقتل عنصر."],
            "ar",
            ["مصادر أهلية"],
        ),
        (["قالت مصادر محلية إن الأمن اعتقل شاباً.", "وأضاف المصدر أن الاعتقال جرى على حاجز."], "ar", ["مصادر محلية"]),
        (
            ["أعلنت الحكومة السورية المؤقتة افتتاح معبر.", "وقالت الحكومة في بيان إن المعبر تجاري."],
            "ar",
            ["الحكومة السورية المؤقتة"],
        ),
        (
            ["وتحدث القيادي (مصطفى معراتي) لأورينت نت عن تحركات للميليشيات.", "وأضاف القيادي أن الفصائل جاهزة."],
            "ar",
            ["مصطفى معراتي"],
        ),
        (
            ['"The camp is flooded," Abu Omar, a resident, told Orient News.', "Abu Omar added that no one came."],
            "en",
            ["Abu Omar"],
        ),
        (
            ["Mohammad Hallaj, director of the group, said families fled.", "Hallaj added that aid was scarce."],
            "en",
            ["Mohammad Hallaj"],
        ),
        (
            [
                "The Syrian Network for Human Rights (SNHR) said 187 people were arrested.",
                "The network added that most arrests were by regime branches.",
            ],
            "en",
            ["Syrian Network for Human Rights"],
        ),
        (
            [
                "Local sources told Furat Post that a commander was killed.",
                "The same sources said he was a member of the Fatemiyoun.",
            ],
            "en",
            ["Local sources"],
        ),
    ],
)
def test_coreference(paragraphs, lang, expected):
    assert names(paragraphs, lang) == expected


def test_first_mention_gives_paragraph_and_fields():
    paragraphs = [
        "مقدمة الخبر بلا مصادر.",
        "قال (أبو محمد)، وهو نازح من ريف حماة، إن المياه شحيحة.",
        "وأضاف أبو محمد لأورينت نت أن المنظمات غائبة.",
    ]
    (src,) = extract_quoted_sources(paragraphs)
    assert (src["name"], src["paragraph"], src["verb"], src["role"]) == ("أبو محمد", 1, "قال", "نازح من ريف حماة")
    assert src["quote"] == "المياه شحيحة"
    assert src["told_to"] == "أورينت نت"  # filled in from the later mention


# ---------------------------------------------------------------------------------------------
# The crawling outlet and second sources
# ---------------------------------------------------------------------------------------------


def test_outlet_names_are_listeners_never_sources():
    paragraphs = ["أشارت شبكة (فرات بوست) إلى أن الميليشيات تجند أطفالاً.", "وقال مراسل فرات بوست إن التجنيد مستمر."]
    assert names(paragraphs) == ["فرات بوست", "مراسل فرات بوست"]
    assert names(paragraphs, outlet_names=("فرات بوست",)) == ["مراسل فرات بوست"]


def test_told_to_is_not_a_source_and_caller_outlet_is_recognised():
    paragraphs = ["وقال (زيد الأحمد) لموقع تجريبي إن الوضع هادئ."]
    found = extract_quoted_sources(paragraphs, outlet_names=("موقع تجريبي",))
    assert [(s["name"], s["told_to"]) for s in found] == [("زيد الأحمد", "موقع تجريبي")]


def test_house_correspondent_with_caller_outlet():
    paragraphs = ["وقال مراسل أورينت نيوز في حلب إن الطرق مغلقة.", "وأضاف مراسلنا أن الثلوج كثيفة."]
    assert names(paragraphs, outlet_names=("أورينت نت", "أورينت نيوز", "أورينت", "Orient News")) == [
        "مراسل أورينت نيوز"
    ]


@pytest.mark.parametrize(
    "paragraphs, lang, expected",
    [
        (
            ["ونقلت وكالة رويترز عن مصدر أمني تركي قوله إن أنقرة تدرس إرسال تعزيزات."],
            "ar",
            ["رويترز", "مصدر أمني تركي"],
        ),
        (
            ["Reuters quoted a senior Turkish official as saying that Ankara would not allow a new wave of refugees."],
            "en",
            ["Reuters", "senior Turkish official"],
        ),
        (
            ["Reuters reported, citing two security sources, that Turkey had sent more troops."],
            "en",
            ["Reuters", "security sources"],
        ),
    ],
)
def test_source_quoting_another_source(paragraphs, lang, expected):
    assert names(paragraphs, lang) == expected


def test_normalize_ar_uses_pyarabic_forms():
    assert normalize_ar("أكّدَ") == normalize_ar("اكد")
    assert normalize_ar("وقـال") == "وقال"
    assert normalize_ar("مسؤول") == "مسوول"


def test_module_is_pure():
    import crawler.extract.sources as module

    source = "".join(f.read_text(encoding="utf-8") for f in Path(module.__file__).parent.glob("*.py"))
    assert "import scrapy" not in source and "from scrapy" not in source


# ---------------------------------------------------------------------------------------------
# The labelled corpus
# ---------------------------------------------------------------------------------------------


def test_corpus_precision_and_recall():
    result = evaluate(CORPUS)
    assert result["precision"] >= 0.9, result["false_positives"]
    assert result["recall"] >= 0.9, result["misses"]
    assert result["tp"] + result["fn"] >= 100  # the corpus is not trivially small
