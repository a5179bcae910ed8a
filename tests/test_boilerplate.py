"""Comment forms and page furniture out of body and title (crawler/extract/boilerplate.py,
pipelines/boilerplate.py). Table-driven: input paragraphs -> kept paragraphs + removals."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.extract.boilerplate import (
    FRAGMENTS,
    KINDS,
    clean_paragraphs,
    clean_title,
    normalize_text,
)
from crawler.items import Article
from pipelines.boilerplate import BoilerplatePipeline
from tests.comment_forms import EN_FORM, NEW_FORM, OLD_FORM

A1 = "قالت مصادر محلية إن قصفاً مدفعياً استهدف بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم."
A2 = "وأضافت المصادر أن القصف أدى إلى أضرار مادية كبيرة في منازل المدنيين."
E1 = "The strike hit the market in the early morning, witnesses said."

# The comment forms that copy-pasted posts carry as plain <p> text (old, core Arabic, English) live in
# tests/comment_forms.py.

# (id, input paragraphs, expected kept paragraphs, expected removals by kind)
CASES = [
    # --- comment forms as trailing paragraphs ------------------------------------------------
    (
        "old_form_trailing",
        [A1, A2, *OLD_FORM],
        [A1, A2],
        {"comment_form": 6, "comment_consent": 1, "comment_submit": 1},
    ),
    ("new_form_trailing", [A1, *NEW_FORM], [A1], {"comment_form": 6, "comment_submit": 1}),
    ("english_form_trailing", [E1, *EN_FORM], [E1], {"comment_form": 6, "comment_submit": 2, "comment_consent": 1}),
    (
        "hamza_tanween_variants",
        [A1, "أضف رداً", "إضف رد", "اترك رداً", "اترك رد", "اترك تعليقا"],
        [A1],
        {"comment_form": 5},
    ),
    (
        "required_note_spacing_variants",
        [
            A1,
            "لن يتم نشر البريد الالكتروني. الحقول المطلوبة مشار لها بـ*",
            "لن يتم نشر البريد الإلكتروني ، الحقول المطلوبة مشار لها ب *",
            "لن يـتـم نشـر البريد الإلكترونيّ .  الحقول المطلوبة مشار لها بـ  *",
            "الحقول الإلزامية مشار إليها بـ *",
            "لن يتم نشر عنوان بريدك الإلكتروني.",
        ],
        [A1],
        {"comment_form": 5},
    ),
    (
        "consent_variants",
        [
            A1,
            "احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.",
            "إحفظ اسمي ، بريدي الالكتروني ، و الموقع الالكتروني في هذا المتصفح لاستخدامها المره المقبله في تعليقى",
            "Save my name, email, and website in this browser for the next time I comment.",
        ],
        [A1],
        {"comment_consent": 3},
    ),
    (
        "submit_labels",
        [A1, "إرسال التعليق", "أضف تعليق", "إلغاء الرد", "Post Comment", "Cancel reply"],
        [A1],
        {"comment_submit": 5},
    ),
    ("wp_antispam_delta", [A1, "Post Comment", "Δ"], [A1], {"comment_submit": 1, "comment_form": 1}),
    # --- comment forms glued into one paragraph ----------------------------------------------
    (
        "form_glued_block",
        [A1, " ".join(OLD_FORM)],
        [A1],
        {"comment_form": 6, "comment_consent": 1, "comment_submit": 1},
    ),
    (
        "form_glued_without_spaces",
        [A1, "أضف ردلن يتم نشر البريد الإلكتروني.الحقول المطلوبة مشار لها بـ *التعليق *الاسم *"],
        [A1],
        {"comment_form": 4},
    ),
    (
        "form_glued_to_last_paragraph",
        [A1, A2 + " " + " ".join(NEW_FORM)],
        [A1, A2],
        {"comment_form": 6, "comment_submit": 1},
    ),
    (
        "english_form_glued_to_last_paragraph",
        [E1 + "\nLeave a Reply\n" + "\n".join(EN_FORM[1:])],
        [E1],
        {"comment_form": 6, "comment_consent": 1, "comment_submit": 1},
    ),
    ("form_heading_glued_at_start", ["لن يتم نشر عنوان بريدك الإلكتروني. " + A1], [A1], {"comment_form": 1}),
    # --- read also / related / next article ---------------------------------------------------
    (
        "read_also_label_and_headline_same_paragraph",
        [A1, "اقرأ أيضاً: مقتل 3 مدنيين بقصف على ريف إدلب", A2],
        [A1, A2],
        {"read_also": 1},
    ),
    (
        "read_also_label_then_headline_paragraph",
        [A1, "إقرأ أيضا", "مقتل 3 مدنيين بقصف على ريف إدلب", A2],
        [A1, A2],
        {"read_also": 1},
    ),
    ("read_also_label_alone_before_text", [A1, "اقرأ أيضاً:", A2], [A1, A2], {"read_also": 1}),
    (
        "read_also_english",
        [E1, "Read also: Regime shells Idlib countryside", "Read more", "Read more »"],
        [E1],
        {"read_also": 3},
    ),
    (
        "read_also_glued_at_paragraph_end",
        [A1 + " اقرأ أيضاً: مقتل 3 مدنيين بقصف على ريف إدلب", A2],
        [A1, A2],
        {"read_also": 1},
    ),
    ("read_also_first_line_then_text", ["اقرأ أيضاً: مقتل 3 مدنيين بقصف على ريف إدلب\n" + A2], [A2], {"read_also": 1}),
    (
        "related_label_and_title",
        [A1, "مواد ذات صلة: النظام يقصف ريف إدلب", "مواد ذات صلة:", "عودة النازحين إلى سراقب", A2],
        [A1, A2],
        {"related": 2},
    ),
    ("related_short_label", [A1, "ذات صلة", "Related"], [A1], {"related": 2}),
    (
        "next_previous_article",
        [A1, "المقال التالي", "النظام يقصف ريف إدلب", "المقال السابق: عودة النازحين إلى سراقب"],
        [A1],
        {"next_article": 2},
    ),
    # --- share, counts, disclaimer, hashtags --------------------------------------------------
    (
        "share_prompts",
        [A1, "شارك هذا الموضوع:", "شارك الخبر", "شارك", "Share", "Share this:", "شارك: فيسبوك تويتر واتساب"],
        [A1],
        {"share": 9},
    ),
    ("share_glued_after_sentence", [A1 + " شارك هذا الموضوع:"], [A1], {"share": 1}),
    (
        "comment_counts",
        [A1, "0 تعليق", "3 تعليقات", "٣ تعليقات", "التعليقات (0)", "Comments (0)", "No Comments"],
        [A1],
        {"comment_count": 6},
    ),
    (
        "orient_disclaimer_classic",
        [
            A1,
            "أورينت نت صحيفة إلكترونية مستقلة إعلاميا و الآراء التي تنشر فيها لا تعبر "
            "بالضرورة عن سياستها الخاصة أو سياسة تلفزيون أورينت",
        ],
        [A1],
        {"disclaimer": 1},
    ),
    (
        "orient_disclaimer_variant_spacing",
        [A1, "أورينت نت  صحيفة الكترونية مستقلة إعلامياً والآراء التي تُنشر فيها لا تعبّر بالضرورة عن سياستها الخاصة"],
        [A1],
        {"disclaimer": 1},
    ),
    (
        "orient_disclaimer_glued",
        [
            A1 + " أورينت نت صحيفة إلكترونية مستقلة إعلاميا و الآراء التي تنشر فيها لا تعبر "
            "بالضرورة عن سياستها الخاصة أو سياسة تلفزيون أورينت"
        ],
        [A1],
        {"disclaimer": 1},
    ),
    ("hashtag_line", [A1, "#أورينت #سوريا", "#إدلب"], [A1], {"hashtags": 2}),
    ("hashtags_glued_at_end", [A1 + " #أورينت #سوريا"], [A1], {"hashtags": 1}),
    (
        "tatweel_and_diacritics",
        [A1, "اقـــرأ أيـضـاً", "شـارِك الـخَبَر", "أضِفْ رَدّاً"],
        [A1],
        {"read_also": 1, "share": 1, "comment_form": 1},
    ),
    (
        "mixed_tail_block",
        [A1, A2, "شارك هذا الموضوع:", "ذات صلة", "3 تعليقات", *NEW_FORM, "#أورينت #سوريا"],
        [A1, A2],
        {"share": 1, "related": 1, "comment_count": 1, "comment_form": 6, "comment_submit": 1, "hashtags": 1},
    ),
    (
        "read_also_label_glued_to_headline",
        [A1, "اقرأ أيضاًحكومة النظام ترفع سعر الخبز للمرة الثانية", A2],
        [A1, A2],
        {"read_also": 1},
    ),
    (
        "orient_page_furniture",
        [
            A1,
            "#أورينت #الليرة_السورية #دمشق",
            "التعليقات (0)",
            "شاركFacebookXWhatsApp",
            "الأكثر قراءة",
            "خبر ذو صلة",
            "خبر سابق",
            "جميع الحقوق محفوظة لأورينت © 2023 · سياسة الخصوصية",
        ],
        [A1],
        {"hashtags": 1, "comment_count": 1, "share": 4, "related": 2, "next_article": 1, "disclaimer": 1},
    ),
    (
        "jetpack_share_and_related",
        [A1, "شارك هذا الموضوع:", "فيسبوك", "X", "ذات صلة"],
        [A1],
        {"share": 3, "related": 1},
    ),
    ("blank_paragraphs_dropped_uncounted", [A1, "", "   ", A2], [A1, A2], {}),
    # --- traps: article text that must survive ------------------------------------------------
    (
        "trap_not_published_names",
        ["أسماء القاصرين لن يتم نشرها حفاظاً على سلامتهم"],
        ["أسماء القاصرين لن يتم نشرها حفاظاً على سلامتهم"],
        {},
    ),
    (
        "trap_ministry_website",
        ["وقال إن الموقع الإلكتروني للوزارة توقف عن العمل"],
        ["وقال إن الموقع الإلكتروني للوزارة توقف عن العمل"],
        {},
    ),
    (
        "trap_leave_your_comments",
        ["اترك تعليقاتك جانباً يا سيادة الوزير، قال المتظاهرون"],
        ["اترك تعليقاتك جانباً يا سيادة الوزير، قال المتظاهرون"],
        {},
    ),
    (
        "trap_read_also_sentence",
        ["Read also the full report, the minister said."],
        ["Read also the full report, the minister said."],
        {},
    ),
    ("trap_participated", ["شارك آلاف المتظاهرين في الاحتجاجات"], ["شارك آلاف المتظاهرين في الاحتجاجات"], {}),
    ("trap_share_prices", ["Share prices fell sharply on Monday."], ["Share prices fell sharply on Monday."], {}),
    ("trap_comment_count_sentence", ["3 تعليقات نشرها الوزير أثارت الجدل"], ["3 تعليقات نشرها الوزير أثارت الجدل"], {}),
    (
        "trap_leave_a_reply_sentence",
        ["اترك رداً على الرسالة، قال الوزير للصحفيين"],
        ["اترك رداً على الرسالة، قال الوزير للصحفيين"],
        {},
    ),
    (
        "trap_email_not_published_sentence",
        ["لن يتم نشر البريد الإلكتروني للمشتركين، بحسب الشركة."],
        ["لن يتم نشر البريد الإلكتروني للمشتركين، بحسب الشركة."],
        {},
    ),
    (
        "trap_sentence_ends_with_website",
        ["ونشرت الوزارة البيان على الموقع الإلكتروني"],
        ["ونشرت الوزارة البيان على الموقع الإلكتروني"],
        {},
    ),
    (
        "trap_refused_to_comment",
        ["ورفض المتحدث التعليق", "الاسم الحقيقي للمتحدث محجوب"],
        ["ورفض المتحدث التعليق", "الاسم الحقيقي للمتحدث محجوب"],
        {},
    ),
    (
        "trap_arabic_read_also_sentence",
        ["اقرأ أيضاً التقرير الكامل، قال الوزير."],
        ["اقرأ أيضاً التقرير الكامل، قال الوزير."],
        {},
    ),
    (
        "trap_related_sentence",
        ["ذات صلة بالملف، قالت المصادر إن المفاوضات متوقفة"],
        ["ذات صلة بالملف، قالت المصادر إن المفاوضات متوقفة"],
        {},
    ),
    (
        "trap_next_article_sentence",
        ["المقال التالي في السلسلة سيتناول الوضع الاقتصادي."],
        ["المقال التالي في السلسلة سيتناول الوضع الاقتصادي."],
        {},
    ),
    (
        "trap_opinion_not_disclaimer",
        ["وأكد أن الآراء التي تنشر في الصحف لا تعبر بالضرورة عن سياسة الحكومة."],
        ["وأكد أن الآراء التي تنشر في الصحف لا تعبر بالضرورة عن سياسة الحكومة."],
        {},
    ),
    (
        "trap_hashtag_in_sentence",
        ["رفع المتظاهرون وسم #لا_للحرب في ساحة المدينة"],
        ["رفع المتظاهرون وسم #لا_للحرب في ساحة المدينة"],
        {},
    ),
    (
        "trap_hashtags_ending_a_sentence",
        ["رفع المتظاهرون وسمي #لا_للحرب #سوريا"],
        ["رفع المتظاهرون وسمي #لا_للحرب #سوريا"],
        {},
    ),
    ("trap_clarification_not_read_also", ["اقرأ إيضاح الوزارة حول القرار"], ["اقرأ إيضاح الوزارة حول القرار"], {}),
    (
        "trap_english_words_opening_sentences",
        [
            "Next week the talks resume in Geneva.",
            "Comments by the minister sparked outrage.",
            "Read more about the history of the conflict in our archive",
        ],
        [
            "Next week the talks resume in Geneva.",
            "Comments by the minister sparked outrage.",
            "Read more about the history of the conflict in our archive",
        ],
        {},
    ),
    (
        "trap_quoted_note_inside_sentence",
        ["قال الوزير: لن يتم نشر البريد الإلكتروني الخاص بالمواطنين"],
        ["قال الوزير: لن يتم نشر البريد الإلكتروني الخاص بالمواطنين"],
        {},
    ),
    (
        "trap_read_also_after_colon",
        ["وختم قائلاً: اقرأ أيضاً ما كتبه التاريخ"],
        ["وختم قائلاً: اقرأ أيضاً ما كتبه التاريخ"],
        {},
    ),
    (
        "trap_label_then_report_sentence",
        ["اقرأ أيضاً", "وقال الوزير إن الوضع مستقر"],
        ["وقال الوزير إن الوضع مستقر"],
        {"read_also": 1},
    ),
    ("trap_label_then_long_paragraph", ["ذات صلة", A1], [A1], {"related": 1}),
    ("trap_separator_line_kept", [A1, "***", A2], [A1, "***", A2], {}),
]


@pytest.mark.parametrize("paragraphs,kept,removed", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_clean_paragraphs(paragraphs, kept, removed):
    got, counts = clean_paragraphs(paragraphs)
    assert got == kept
    assert counts == Counter(removed)
    assert set(counts) <= set(KINDS)


def test_table_size_and_traps():
    assert len(CASES) >= 30
    assert sum(1 for c in CASES if c[0].startswith("trap_")) >= 8
    assert len({c[0] for c in CASES}) == len(CASES)


def test_untouched_article_is_identical():
    paragraphs = [A1, A2, E1]
    kept, counts = clean_paragraphs(paragraphs)
    assert kept == paragraphs and not counts


@pytest.mark.parametrize(
    "a,b",
    [
        ("أضف رداً", "اضف ردا"),
        ("إضف رد", "اضف رد"),
        ("آخر مسؤول", "اخر مسوول"),
        ("المقالة التالية", "المقاله التاليه"),
        ("على إلى", "علي الي"),
        ("بـ *", "ب"),
        ("اقـــرأ  أيـضـاً ،", "اقرا ايضا"),
        ("التعليقات (٠)", "التعليقات 0"),
        ("Comments (0)", "comments 0"),
        ("\ufefb", "لا"),  # lam-alef ligature
        ("رد\u200fا", "ردا"),  # direction mark inside a word
    ],
)
def test_normalize_text(a, b):
    assert normalize_text(a) == b


def test_position_map_matches_normalisation():
    import random

    from crawler.extract.boilerplate import _normalize_with_map

    alphabet = "اأإآىيةهـًٌٍَُِّْٰءؤئ،.:*()\n\t \u00a0\u200f\u200cﻻﻷabcXYZ٠١٢0123#-–|»«!؟ٱ\ufeffß"
    rnd = random.Random(7)
    for _ in range(3000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        norm, index = _normalize_with_map(s)
        assert norm == normalize_text(s)
        assert len(index) == len(norm) and index == sorted(index)


def test_fragment_table_is_documented():
    assert all(f.kind in KINDS for f in FRAGMENTS)
    assert {
        "comment_form",
        "comment_consent",
        "comment_submit",
        "read_also",
        "related",
        "share",
        "comment_count",
        "next_article",
        "disclaimer",
        "hashtags",
        "site_name",
    } <= set(KINDS)


@pytest.mark.parametrize(
    "title,expected,removed",
    [
        ("قصف على ريف إدلب – فرات بوست", "قصف على ريف إدلب", {"site_name": 1}),
        ("قصف على ريف إدلب | أورينت نت", "قصف على ريف إدلب", {"site_name": 1}),
        ("قصف على ريف إدلب - اورينت نت", "قصف على ريف إدلب", {"site_name": 1}),
        ("Regime shells Idlib | Orient News", "Regime shells Idlib", {"site_name": 1}),
        ("أورينت نت - قصف على ريف إدلب", "قصف على ريف إدلب", {"site_name": 1}),
        ("قصف على ريف إدلب – فرات بوست | Furat Post", "قصف على ريف إدلب", {"site_name": 2}),
        ("اقرأ أيضاً: قصف على ريف إدلب", "قصف على ريف إدلب", {"read_also": 1}),
        ("حلب: عودة النازحين - تقرير", "حلب: عودة النازحين - تقرير", {}),
        ("لقاء مع مدير أورينت نت", "لقاء مع مدير أورينت نت", {}),
        ("أضف رد", "", {"comment_form": 1}),
    ],
)
def test_clean_title(title, expected, removed):
    got, counts = clean_title(title)
    assert got == expected
    assert counts == Counter(removed)


def test_speed_on_a_long_article():
    body = [A1 * 4, A2 * 4, E1 * 4] * 10 + OLD_FORM
    start = time.perf_counter()
    for _ in range(20):
        kept, _ = clean_paragraphs(body)
    per_item = (time.perf_counter() - start) / 20
    assert len(kept) == 30
    assert per_item < 0.05  # generous: a slow CI box; typically a few milliseconds


# --- the pipeline -----------------------------------------------------------------------------


def _pipeline():
    crawler = get_crawler()
    return BoilerplatePipeline.from_crawler(crawler), crawler.stats


def _article(title, paragraphs):
    return Article(
        outlet="furat_post",
        article_id="1",
        url="https://www.furatpost.com/?p=1",
        title=title,
        body="\n\n".join(paragraphs),
    )


def test_pipeline_cleans_body_and_title_and_counts():
    pipeline, stats = _pipeline()
    item = _article("قصف على ريف إدلب – فرات بوست", [A1, "اقرأ أيضاً: عودة النازحين إلى سراقب", A2, *OLD_FORM])
    out = pipeline.process_item(item)
    assert out is item
    assert item.body == A1 + "\n\n" + A2
    assert item.title == "قصف على ريف إدلب"
    assert stats.get_value("news/boilerplate/comment_form") == 6
    assert stats.get_value("news/boilerplate/comment_consent") == 1
    assert stats.get_value("news/boilerplate/comment_submit") == 1
    assert stats.get_value("news/boilerplate/read_also") == 1
    assert stats.get_value("news/boilerplate/site_name") == 1
    assert stats.get_value("news/dropped/empty_body_after_boilerplate") is None


def test_pipeline_leaves_clean_item_alone():
    pipeline, stats = _pipeline()
    item = {"url": "https://orient-news.net/ar/news_show/1", "title": "قصف على ريف إدلب", "body": A1 + "\n\n" + A2}
    assert pipeline.process_item(dict(item)) == item
    assert not any(k.startswith("news/boilerplate/") for k in stats.get_stats())


def test_pipeline_drops_body_that_was_all_boilerplate():
    pipeline, stats = _pipeline()
    item = _article("قصف على ريف إدلب", [*NEW_FORM, "شارك هذا الموضوع:"])
    with pytest.raises(DropItem, match="empty_body_after_boilerplate"):
        pipeline.process_item(item)
    assert stats.get_value("news/dropped/empty_body_after_boilerplate") == 1
    assert stats.get_value("news/boilerplate/comment_form") == 6
    assert stats.get_value("news/boilerplate/share") == 1
