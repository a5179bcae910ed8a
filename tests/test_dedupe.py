"""Dedupe (pipelines/dedupe.py, crawler/archive/neardup.py, the index in crawler/archive/storage.py).

Table-driven, real Arabic text, a real SQLite file per test: identity across URL variants,
near-duplicates across outlets (and not between different reports), state that survives a new
pipeline / storage / process on the same database file, and which record stays the reference.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import event, func, select

from crawler.archive import neardup
from crawler.archive.storage import neardup_bands, neardup_docs, open_storage
from crawler.items import Article
from crawler.ops.drops import NewsDropItem
from pipelines.dedupe import DedupePipeline, content_hash
from pipelines.storage import StoragePipeline
from tests.conftest import ROOT

# --- texts ----------------------------------------------------------------------------------------

ORIENT = [
    "قُتل ثلاثة مدنيين وأصيب خمسة آخرون، اليوم الثلاثاء، بقصف مدفعي لميليشيات أسد على بلدة كفرنبل في ريف إدلب الجنوبي، في خرق جديد لاتفاق وقف إطلاق النار الموقّع بين روسيا وتركيا.",
    "وقال مراسل أورينت في إدلب إن القصف استهدف الأحياء السكنية وسط البلدة بأكثر من 20 قذيفة، ما أدى إلى مقتل امرأة وطفليها وإصابة آخرين بجروح متفاوتة، نُقلوا إلى مشفى قريب لتلقي العلاج.",
    "وأوضح المراسل أن فرق الدفاع المدني (الخوذ البيضاء) هرعت إلى المكان وعملت على انتشال الضحايا من تحت الأنقاض وإخماد الحرائق التي اندلعت في عدد من المنازل والمحال التجارية.",
    "وفي السياق ذاته، تعرضت قرى حاس والبارة وكنصفرة في جبل الزاوية لقصف صاروخي مماثل مصدره مواقع ميليشيات أسد المتمركزة في معسكر جورين ومدينة معرة النعمان، دون ورود أنباء عن إصابات.",
    "من جهتها، ردّت فصائل المعارضة باستهداف مواقع الميليشيات على محور الملاجة بقذائف المدفعية، وأكدت في بيان مقتضب أنها حققت إصابات مباشرة في صفوف العناصر والآليات.",
    "ويأتي التصعيد بعد أيام من اجتماع عقده الضامنون في العاصمة الكازاخية أستانا، تعهّدت خلاله الأطراف بالحفاظ على التهدئة في منطقة خفض التصعيد شمال غرب سوريا.",
    "ووثّق فريق منسقو استجابة سوريا أكثر من 150 خرقاً لوقف إطلاق النار منذ مطلع الشهر الجاري، أسفرت عن مقتل 27 مدنياً بينهم 11 طفلاً.",
    "وحذّر الفريق من موجة نزوح جديدة باتجاه المخيمات الحدودية المكتظة أصلاً بمئات آلاف النازحين، في ظل نقص حاد في المساعدات الإنسانية مع اقتراب فصل الشتاء.",
]

# Another report on the same front, sharing stock phrases with ORIENT ("في خرق جديد لاتفاق وقف
# إطلاق النار الموقّع بين روسيا وتركيا", "الخوذ البيضاء", "منطقة خفض التصعيد شمال غرب سوريا",
# "منسقو استجابة سوريا", "موجة نزوح جديدة") but written separately.
OTHER_SAME_FRONT = [
    "أصيب أربعة مدنيين بينهم طفلان، مساء الأربعاء، بقصف صاروخي لميليشيات أسد على مدينة أريحا في ريف إدلب، في خرق جديد لاتفاق وقف إطلاق النار الموقّع بين روسيا وتركيا.",
    "وقال ناشطون محليون إن الصواريخ سقطت قرب سوق الخضار في المدينة وقت الذروة، وأدت إلى أضرار كبيرة في المحال التجارية وعدد من السيارات المركونة على جانب الطريق.",
    "وهرعت فرق الدفاع المدني (الخوذ البيضاء) إلى المكان ونقلت المصابين إلى مشفى المدينة، فيما عملت فرق الإطفاء على إخماد حريق اندلع في أحد المستودعات.",
    "وتشهد منطقة خفض التصعيد شمال غرب سوريا تصعيداً متواصلاً منذ أسابيع، رغم التفاهمات التي جرى التوصل إليها في اجتماعات أستانا بين الدول الضامنة.",
    "وكان فريق منسقو استجابة سوريا قد حذّر في تقرير سابق من أن استمرار القصف يهدد بموجة نزوح جديدة نحو المخيمات الحدودية، داعياً المنظمات الدولية إلى التحرك العاجل.",
    "ويقيم في محافظة إدلب وما حولها أكثر من أربعة ملايين نسمة، نصفهم تقريباً من النازحين الذين فروا من مناطق سيطرة ميليشيات أسد خلال السنوات الماضية.",
]


def rates_bulletin(weekday: str, prev_day: str, dam: tuple, alp: tuple, idl: tuple, gold: str, prev: str) -> list[str]:
    """Orient's daily exchange-rate bulletin: one template, the figures change every day."""
    return [
        f"سجّلت الليرة السورية، اليوم {weekday}، انهياراً جديداً أمام الدولار الأمريكي في أسواق دمشق وحلب وإدلب، وفق ما رصده موقع أورينت نت من نشرات الصرافين والتطبيقات المتخصصة بمتابعة أسعار العملات.",
        f"وبلغ سعر صرف الدولار الواحد في دمشق {dam[0]} ليرة للشراء و{dam[1]} ليرة للمبيع، بعد أن كان قد سجّل {prev} ليرة في تعاملات {prev_day}.",
        f"وفي حلب سجّل الدولار {alp[0]} ليرة للشراء و{alp[1]} ليرة للمبيع، أما في إدلب فبلغ {idl[0]} ليرة للشراء و{idl[1]} ليرة للمبيع.",
        f"وارتفع سعر غرام الذهب عيار 21 قيراطاً إلى {gold} ليرة سورية، بحسب نشرة جمعية الصاغة في دمشق، في حين بقي سعر الأونصة عالمياً مستقراً.",
        "ويعزو خبراء اقتصاديون تدهور الليرة إلى شحّ القطع الأجنبي وتراجع الإنتاج وارتفاع فاتورة المستوردات، وسط عجز حكومة أسد عن ضبط السوق وملاحقتها لشركات الصرافة والحوالات.",
        "وتعتمد حكومة أسد سعراً رسمياً للدولار يقل كثيراً عن سعر السوق السوداء، ما يدفع السوريين في الخارج إلى إرسال الحوالات عبر قنوات غير رسمية هرباً من خسارة جزء كبير من قيمتها.",
        "ويعيش أكثر من تسعين بالمئة من السوريين تحت خط الفقر بحسب تقديرات الأمم المتحدة، في ظل ارتفاع متواصل لأسعار المواد الغذائية والمحروقات وتراجع القدرة الشرائية للرواتب.",
    ]


RATES_MON = rates_bulletin(
    "الإثنين", "أمس الأحد", ("6,550", "6,650"), ("6,600", "6,700"), ("6,580", "6,690"), "318,000", "6,420"
)
RATES_TUE = rates_bulletin(
    "الثلاثاء", "أمس الإثنين", ("6,700", "6,820"), ("6,750", "6,860"), ("6,720", "6,840"), "325,500", "6,650"
)

# The comment forms that copy-pasted posts carry as ordinary paragraphs (old theme wording, and
# WordPress core's Arabic).
from tests.comment_forms import NEW_FORM, OLD_FORM  # noqa: E402


def retyped(paragraphs: list[str]) -> list[str]:
    """The same text as another CMS stores it: hamza as a combining mark (U+0654/U+0655),
    tatweel for justification, diacritics, Arabic-Indic digits, lam-alef presentation form,
    zero-width non-joiners, other quotes and a no-break space."""
    table = str.maketrans(
        {
            "أ": "ا\u0654",
            "إ": "ا\u0655",
            "0": "٠",
            "1": "١",
            "2": "٢",
            "5": "٥",
            "7": "٧",
            "(": "«",
            ")": "»",
            "،": " ،",
        }
    )
    out = []
    for para in paragraphs:
        p = para.translate(table).replace("ميليشيات", "ميليـــشيات").replace("مدنيين", "مَدَنِيّين")
        p = p.replace("لا", "\ufefb", 1).replace("إدلب", "إد\u200cلب").replace(" في ", "\u00a0في ")
        out.append(p)
    return out


# --- helpers --------------------------------------------------------------------------------------

ORIENT_URL = (
    "https://orient-news.net/ar/news_show/201870/0/%D9%82%D8%AA%D9%84%D9%89-%D9%85%D8%AF%D9%86%D9%8A"
    "%D9%88%D9%86-%D8%A8%D9%82%D8%B5%D9%81-%D8%B9%D9%84%D9%89-%D9%83%D9%81%D8%B1%D9%86%D8%A8%D9%84"
)


def orient(article_id: str = "201870", paragraphs=ORIENT, **kw) -> Article:
    url = ORIENT_URL if article_id == "201870" else f"https://orient-news.net/ar/news_show/{article_id}"
    return Article(
        outlet="orient_news",
        article_id=article_id,
        url=url,
        fetched_url=kw.pop("fetched_url", url),
        lang="ar",
        title="قتلى مدنيون بقصف لميليشيات أسد على كفرنبل",
        body="\n\n".join(paragraphs),
        published_at="2023-02-07T10:15:00+03:00",
        section="أخبار سوريا",
        **kw,
    )


def furat(post_id: str, paragraphs, **kw) -> Article:
    url = f"https://euphratespost.net/%d9%82%d8%aa%d9%84%d9%89-{post_id}/"
    return Article(
        outlet="furat_post",
        article_id=post_id,
        url=url,
        fetched_url=kw.pop("fetched_url", url),
        lang="ar",
        title=kw.pop("title", "قتلى مدنيون في قصف على كفرنبل جنوبي إدلب"),
        body="\n\n".join(paragraphs),
        published_at="2023-02-07T13:40:00+03:00",
        **kw,
    )


@pytest.fixture
def db_url(any_db_url):
    """The pipeline tests here run on SQLite and on PostgreSQL (tests/conftest.py ``any_db_url``)."""
    return any_db_url


class Crawl:
    """The dedupe and storage pipelines of one crawl, on the database file ``db_url``."""

    def __init__(self, db_url: str, tmp_path, **settings):
        self.crawler = get_crawler(
            settings_dict={"NEWS_DB_URL": db_url, "NEWS_SPOOL_DIR": str(tmp_path / "spool"), **settings}
        )
        self.stats = self.crawler.stats
        self.dedupe = DedupePipeline.from_crawler(self.crawler)
        self.storage = StoragePipeline.from_crawler(self.crawler)
        self.storage.open_spider()

    def feed(self, item: Article):
        """The stored record, or the drop reason."""
        try:
            item = self.dedupe.process_item(replace(item))
        except NewsDropItem as exc:
            return exc.reason
        return self.storage.process_item(item)

    def stat(self, key: str):
        return self.stats.get_value(key, 0)

    def close(self):
        self.storage.close_spider()


@pytest.fixture
def crawl(db_url, tmp_path):
    crawls = []

    def make(**settings) -> Crawl:
        c = Crawl(db_url, tmp_path, **settings)
        crawls.append(c)
        return c

    yield make
    for c in crawls:
        c.close()


def stored_rows(db_url) -> dict[tuple[str, str], dict]:
    store = open_storage(db_url)
    try:
        return {(r["outlet"], r["article_id"]): r for r in store.iter_articles()}
    finally:
        store.close()


def index_counts(db_url) -> tuple[int, int]:
    store = open_storage(db_url)
    try:
        with store.engine.connect() as conn:
            return (
                conn.execute(select(func.count()).select_from(neardup_docs)).scalar_one(),
                conn.execute(select(func.count()).select_from(neardup_bands)).scalar_one(),
            )
    finally:
        store.close()


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("العَرَبِيَّةُ", "العربيه"),  # tashkeel, ta marbuta
        ("العـــــربية", "العربيه"),  # tatweel
        ("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"),  # alef forms
        ("مسؤول رئيس شاطئ جاء", "مسوول رييس شاطي جا"),  # hamza carriers, lone hamza
        ("ا\u0654حمد", "احمد"),  # combining hamza (decomposed)
        ("على مستشفى", "علي مستشفي"),  # alef maksura
        ("\ufefb \ufef7", "لا لا"),  # lam-alef presentation forms
        ('Regime SHELLING, "kills" three!', "regime shelling kills three"),
        ("«قال»: ١٢٣ ۴۵ – 6,550 ٦٬٥٥٠ 2.5", "قال 123 45 6550 6550 25"),
        ("إد\u200cلب\u200f", "ادلب"),  # zero-width and direction marks
    ],
)
def test_normalize(raw, expected):
    assert neardup.normalize(raw) == expected


def test_retyped_text_normalises_to_the_same_words():
    assert neardup.words("\n\n".join(retyped(ORIENT))) == neardup.words("\n\n".join(ORIENT))
    assert "\n\n".join(retyped(ORIENT)) != "\n\n".join(ORIENT)


def test_words_leave_out_short_paragraphs():
    body = "\n\n".join(["فرات بوست / أخبار", ORIENT[0], "الاسم *", "0 تعليق"])
    assert neardup.words(body) == neardup.normalize(ORIENT[0]).split()


def test_lsh_parameters():
    assert neardup.BANDS * neardup.ROWS == neardup.NUM_PERM
    assert neardup.candidate_probability(neardup.DEFAULT_THRESHOLD) > 0.98
    assert neardup.candidate_probability(0.3) < 0.1
    fp = neardup.fingerprint("\n\n".join(ORIENT))
    assert len(fp.band_keys()) == neardup.BANDS and len(fp.to_bytes()) == 4 * neardup.NUM_PERM
    # same text, same signature in another process: fixed seed, no Python hash()
    code = (
        "import sys, json; sys.path.insert(0, '.'); from crawler.archive import neardup; "
        "print(json.dumps(neardup.fingerprint(sys.stdin.read()).band_keys()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input="\n\n".join(ORIENT), capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert [tuple(k) for k in json.loads(out)] == fp.band_keys()


# --- identity across URL variants -----------------------------------------------------------------

O_ID = "201870"
VARIANTS = {
    "canonical": ORIENT_URL,
    "no slug": f"https://orient-news.net/ar/news_show/{O_ID}",
    "legacy php, http, www": f"http://www.orient-news.net/index.php?page=news_show&id={O_ID}",
    "amp": f"https://orient-news.net/ar/amp/news_show/{O_ID}",
    "utm": f"https://orient-news.net/ar/news_show/{O_ID}?utm_source=rss&utm_medium=feed",
    "replica": f"http://127.0.0.1:8765/ar/news_show/{O_ID}/0/x",
}


def _edited(item: Article) -> Article:
    return replace(item, body=item.body.replace("أكثر من 20 قذيفة", "أكثر من 25 قذيفة"))


def _later_modified(item: Article) -> Article:
    return replace(item, modified_at="2023-02-07T18:00:00+03:00")


# (first fetch, second fetch, change to the second record, expected outcome of the second)
IDENTITY_CASES = [
    ("canonical", "no slug", None, "already_stored"),
    ("canonical", "legacy php, http, www", None, "already_stored"),
    ("amp", "utm", None, "already_stored"),
    ("replica", "canonical", None, "already_stored"),
    ("canonical", "amp", _edited, "revision"),
    ("utm", "legacy php, http, www", _later_modified, "revision"),
]


@pytest.mark.parametrize(
    "first,second,change,expected", IDENTITY_CASES, ids=[f"{a}->{b}:{e}" for a, b, _, e in IDENTITY_CASES]
)
def test_identity_across_url_variants(crawl, db_url, first, second, change, expected):
    c = crawl()
    assert c.feed(orient(fetched_url=VARIANTS[first])).duplicate_of is None
    again = orient(fetched_url=VARIANTS[second], scraped_at="2023-02-08T00:00:00+00:00")
    result = c.feed(change(again) if change else again)
    rows = stored_rows(db_url)
    assert len(rows) == 1
    row = rows[("orient_news", O_ID)]
    if expected == "already_stored":
        assert result == "already_stored"
        assert c.stat("news/dropped/already_stored") == 1 and row["revision"] == 1
    else:
        assert isinstance(result, Article) and result.duplicate_of is None
        assert c.stat("news/revisions") == 1 and row["revision"] == 2
    assert c.stat("news/near_duplicates") == 0
    assert index_counts(db_url) == (1, neardup.BANDS)  # one article, indexed once


# --- near-duplicates across outlets ---------------------------------------------------------------

DROP_5 = ORIENT[:4] + ORIENT[5:]  # a paragraph left out
DROP_6 = ORIENT[:5] + ORIENT[6:]

# (id, Furat Post body)  -> duplicate_of must be the Orient News URL
COPIES = [
    ("kicker line", ["فرات بوست / أخبار", *ORIENT]),
    ("kicker glued to the first sentence", ["خاص فرات بوست _ " + ORIENT[0], *ORIENT[1:]]),
    ("paragraph left out", DROP_5),
    ("old comment form pasted", ORIENT + OLD_FORM),
    ("new comment form pasted", ORIENT + NEW_FORM),
    ("kicker + paragraph left out + comment form", ["#فرات_بوست/ أخبار", *DROP_6, *OLD_FORM]),
    (
        "glued kicker + paragraph left out + new form",
        ["خاص فرات بوست _ " + ORIENT[0], *ORIENT[1:3], *ORIENT[4:], *NEW_FORM],
    ),
    (
        "retyped: combining hamza, tatweel, diacritics, Indic digits, ligature",
        ["فرات بوست: خاص", *retyped(DROP_5), *OLD_FORM],
    ),
    ("paragraphs merged differently", [" ".join(ORIENT[:3]), " ".join(ORIENT[3:6]), " ".join(ORIENT[6:])]),
]


@pytest.mark.parametrize("body", [c[1] for c in COPIES], ids=[c[0] for c in COPIES])
def test_near_duplicate_across_outlets(crawl, db_url, body):
    c = crawl()
    assert neardup.exact_jaccard("\n\n".join(ORIENT), "\n\n".join(body)) >= 0.75  # what the case is
    original = c.feed(orient())
    assert original.duplicate_of is None
    copy = c.feed(furat("88123", body))
    assert copy.duplicate_of == ORIENT_URL
    assert c.stat("news/near_duplicates") == 1
    rows = stored_rows(db_url)
    assert rows[("furat_post", "88123")]["duplicate_of"] == ORIENT_URL  # stored, marked
    assert rows[("orient_news", O_ID)]["duplicate_of"] is None


def test_copy_under_another_id_at_the_same_outlet(crawl, db_url):
    c = crawl()
    c.feed(orient())
    assert c.feed(orient("201871", ["أورينت نت - خاص", *DROP_5])).duplicate_of == ORIENT_URL


# (id, stored first, then fed) -> must NOT be marked
NOT_COPIES = [
    ("another report on the same front, shared stock phrases", orient(), furat("88124", OTHER_SAME_FRONT)),
    ("the same rates bulletin the next day, other figures", orient("202001", RATES_MON), orient("202034", RATES_TUE)),
    (
        "a text too short to compare (under 40 words)",
        orient("202100", ORIENT[:1]),
        furat("88125", ["فرات بوست / أخبار", ORIENT[0]]),
    ),
    (
        "an English report of the same events",
        orient(),
        furat(
            "88126",
            [
                "Three civilians were killed and five wounded on Tuesday in artillery shelling by Assad "
                "militias on the town of Kafranbel in southern Idlib countryside, in a new breach of the "
                "ceasefire agreement signed between Russia and Turkey.",
                "Orient's correspondent in Idlib said the shelling targeted residential neighbourhoods "
                "in the centre of the town with more than 20 shells, killing a woman and her two "
                "children and wounding others who were taken to a nearby hospital.",
            ],
        ),
    ),
]


@pytest.mark.parametrize("first,second", [c[1:] for c in NOT_COPIES], ids=[c[0] for c in NOT_COPIES])
def test_different_reports_are_not_near_duplicates(crawl, db_url, first, second):
    c = crawl()
    assert c.feed(first).duplicate_of is None
    result = c.feed(second)
    assert isinstance(result, Article) and result.duplicate_of is None
    assert c.stat("news/near_duplicates") == 0
    assert all(r["duplicate_of"] is None for r in stored_rows(db_url).values())


def test_rates_bulletin_is_similar_text_and_only_the_figures_differ():
    """Why the figures check exists: the two bulletins are above the threshold as text."""
    mon, tue = (neardup.fingerprint("\n\n".join(b)) for b in (RATES_MON, RATES_TUE))
    assert neardup.exact_jaccard("\n\n".join(RATES_MON), "\n\n".join(RATES_TUE)) > neardup.DEFAULT_THRESHOLD
    match, similarity = tue.matches(mon.signature, mon.figures_text(), neardup.DEFAULT_THRESHOLD)
    assert similarity >= neardup.DEFAULT_THRESHOLD and not match
    assert tue.matches(tue.signature, tue.figures_text(), neardup.DEFAULT_THRESHOLD) == (True, 1.0)


def test_short_text_is_counted_and_not_indexed(crawl, db_url):
    c = crawl()
    c.feed(orient("202100", ORIENT[:1]))
    assert c.stat("news/neardup/skipped_short") == 1
    assert index_counts(db_url) == (0, 0)


def test_disabled(crawl, db_url):
    c = crawl(NEWS_NEARDUP_ENABLED=False)
    c.feed(orient())
    assert c.feed(furat("88123", DROP_5)).duplicate_of is None
    assert index_counts(db_url) == (0, 0)


def test_threshold_setting(crawl):
    c = crawl(NEWS_NEARDUP_THRESHOLD=0.95)
    c.feed(orient())
    assert c.feed(furat("88123", DROP_5)).duplicate_of is None  # J ~0.87 < 0.95
    assert c.feed(furat("88127", ["فرات بوست / أخبار", *ORIENT])).duplicate_of == ORIENT_URL  # J = 1


# --- state in the database: two crawls, another process -------------------------------------------


def test_two_crawls_on_the_same_database(crawl, db_url):
    first = crawl()
    first.feed(orient())
    first.feed(furat("88123", DROP_5 + OLD_FORM))
    first.close()
    assert index_counts(db_url) == (2, 2 * neardup.BANDS)

    second = crawl()  # a later cron run: new crawler, new storage, same file
    # nothing stored again, whatever URL form it was found under
    assert second.feed(orient(fetched_url=VARIANTS["amp"])) == "already_stored"
    assert (
        second.feed(furat("88123", DROP_5 + OLD_FORM, fetched_url="https://euphratespost.net/?p=88123"))
        == "already_stored"
    )
    assert second.stat("news/dropped/already_stored") == 2
    # a new copy is found against what the first run stored
    assert second.feed(furat("88200", ["فرات بوست / أخبار", *DROP_6])).duplicate_of == ORIENT_URL
    assert index_counts(db_url) == (3, 3 * neardup.BANDS)
    rows = stored_rows(db_url)
    assert [r["revision"] for r in rows.values()] == [1, 1, 1]


def test_another_process_sees_the_index(crawl, db_url, tmp_path):
    c = crawl()
    c.feed(orient())
    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from scrapy.utils.test import get_crawler
        from tests.test_dedupe import furat, COPIES
        from pipelines.dedupe import DedupePipeline, content_hash
        crawler = get_crawler(settings_dict={{"NEWS_DB_URL": {db_url!r}}})
        item = DedupePipeline.from_crawler(crawler).process_item(furat("88300", COPIES[5][1]))
        print(json.dumps({{"duplicate_of": item.duplicate_of, "stats": crawler.stats.get_stats()}}, default=str))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["duplicate_of"] == ORIENT_URL
    assert out["stats"]["news/near_duplicates"] == 1
    # and this process sees what the other one indexed (it indexes before storage)
    assert c.feed(furat("88301", ["فرات بوست / أخبار", *ORIENT])).duplicate_of == ORIENT_URL
    assert index_counts(db_url) == (3, 3 * neardup.BANDS)


def test_articles_stored_before_the_index_are_indexed_when_seen_again(crawl, db_url):
    store = open_storage(db_url)
    old = orient()
    old.content_hash = content_hash(old.title, old.body)
    store.upsert(old)  # stored by an older version, no index rows
    store.close()
    assert index_counts(db_url) == (0, 0)
    c = crawl()
    assert c.feed(orient()) == "already_stored"
    assert c.stat("news/neardup/backfilled") == 1
    assert c.feed(furat("88123", DROP_5)).duplicate_of == ORIENT_URL


# --- which record is the reference ------------------------------------------------------------


def test_the_earlier_record_stays_the_reference(crawl, db_url):
    c = crawl()
    c.feed(orient())
    assert c.feed(furat("88123", ["فرات بوست / أخبار", *ORIENT, *OLD_FORM])).duplicate_of == ORIENT_URL
    # a second copy matches both; the earliest is the reference, not the first copy
    assert c.feed(furat("88124", ORIENT + NEW_FORM)).duplicate_of == ORIENT_URL
    # the original revised (an edit, a later modified_at) is not made a copy of its copies
    revised = c.feed(_later_modified(_edited(orient())))
    assert isinstance(revised, Article) and revised.duplicate_of is None
    assert c.stat("news/revisions") == 1 and c.stat("news/neardup/indexed/updated") == 1
    rows = stored_rows(db_url)
    assert rows[("orient_news", O_ID)]["duplicate_of"] is None and rows[("orient_news", O_ID)]["revision"] == 2
    assert rows[("furat_post", "88123")]["duplicate_of"] == ORIENT_URL
    assert rows[("furat_post", "88124")]["duplicate_of"] == ORIENT_URL
    # a revised copy keeps pointing to the original
    recopy = c.feed(furat("88123", ["فرات بوست / أخبار", *ORIENT], modified_at="2023-02-08T09:00:00+03:00"))
    assert recopy.duplicate_of == ORIENT_URL
    assert index_counts(db_url) == (3, 3 * neardup.BANDS)  # old keys of revised texts replaced


def test_reference_is_the_record_stored_first(crawl):
    """Stored order decides, not publication time: when the copy is crawled first, the original
    points to it (the closest to "earlier" that a crawl order can know without trusting dates)."""
    c = crawl()
    c.feed(furat("88123", ["فرات بوست / أخبار", *ORIENT]))
    assert c.feed(orient()).duplicate_of == furat("88123", []).url


def test_index_write_is_idempotent(db_url):
    store = open_storage(db_url)
    try:
        fp = neardup.fingerprint("\n\n".join(ORIENT))
        args = ("orient_news", O_ID, ORIENT_URL, fp.to_bytes(), fp.band_keys())
        assert store.neardup_index(*args, words=fp.words) == "inserted"
        assert store.neardup_index(*args, words=fp.words) == "unchanged"
        assert index_counts(db_url) == (1, neardup.BANDS)
        other = neardup.fingerprint("\n\n".join(DROP_5))
        assert store.neardup_index("orient_news", O_ID, ORIENT_URL, other.to_bytes(), other.band_keys()) == "updated"
        assert index_counts(db_url) == (1, neardup.BANDS)
    finally:
        store.close()


def test_candidates_are_one_query(tmp_path):
    """SQLite's plan (PostgreSQL plans a table this small as a scan, rightly)."""
    store = open_storage(f"sqlite:///{tmp_path / 'plan.db'}")
    try:
        fp = neardup.fingerprint("\n\n".join(ORIENT))
        store.neardup_index("orient_news", O_ID, ORIENT_URL, fp.to_bytes(), fp.band_keys())
        statements = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        found = store.neardup_candidates("furat_post", "1", neardup.fingerprint("\n\n".join(DROP_5)).band_keys())
        assert [f["url"] for f in found] == [ORIENT_URL]
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
        with store.engine.connect() as conn:  # and it probes the (band, band_hash) key, no scan
            plan = " ".join(
                str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statements[-1], tuple(_params(store, fp)))
            )
        assert "SEARCH neardup_bands USING PRIMARY KEY (band=? AND band_hash=?)" in plan
        assert "SCAN neardup_bands" not in plan
    finally:
        store.close()


def _params(store, fp):
    """The bound parameters of the candidate query, in order (for EXPLAIN)."""
    captured = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        captured.append(parameters)

    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        store.neardup_candidates("furat_post", "1", fp.band_keys())
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    return captured[-1]
