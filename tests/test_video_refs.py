"""Video references written in the text (issue #16, part 3): a paragraph that introduces a video and
links it ("شاهد الفيديو: URL", "Watch the recording: <a>…</a>", a paragraph that is just the URL)
is not article text: the video goes to ``videos`` (once, also when a player of the same video is
embedded) and the paragraph leaves ``body``. Real text that merely mentions a video, or reports at
length around a link, stays text. The rule is written in ``crawler/extract/media.py``.

Every case goes through the real parsers, from page bytes, for the four ways a body reaches us:
Orient News ``current`` (``#newsBody p``) and ``classic`` (text runs between ``<br><br>``), Furat
Post's page (``.entry-content``) and its REST API object (``content.rendered``). The pages and
texts are written here, not copied from the captured sites.
"""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from crawler.parsers import furat_post, orient_news

BEFORE = "خرج العشرات من أهالي البلدة صباح اليوم في وقفة احتجاجية أمام مبنى المجلس المحلي، مطالبين بإعادة ضخ المياه إلى الأحياء الشرقية."
AFTER = "وقال أحد المحتجين إن الأهالي ينتظرون منذ أسبوعين وعوداً بإصلاح المضخة الرئيسية دون أن يتغير شيء على الأرض."

YT = "https://www.youtube.com/watch?v={}"
FB = "https://www.facebook.com/{}/videos/{}"

# (name, inner HTML of the paragraph, canonical URLs of the videos it references)
REFERENCES = [
    (
        "watch-words-linked-url-with-t",
        'شاهد الفيديو: <a href="https://www.youtube.com/watch?v=Rk4sTq9Vb2A&amp;t=42s">'
        "https://www.youtube.com/watch?v=Rk4sTq9Vb2A&amp;t=42s</a>",
        [YT.format("Rk4sTq9Vb2A")],
    ),
    (
        "bilvideo-plain-youtu-be-si",
        "بالفيديو.. لحظة وصول القافلة إلى المعبر https://youtu.be/Hw7pLm3Xc0Q?si=aB3dE5fG7hJ",
        [YT.format("Hw7pLm3Xc0Q")],
    ),
    (
        "english-recording-m-youtube",
        'Watch the recording: <a href="https://m.youtube.com/watch?v=Zp1qY8rW5tE&amp;feature=share">here</a>',
        [YT.format("Zp1qY8rW5tE")],
    ),
    (
        "shaahid-colon-shorts-title",
        'شاهد: <a href="https://www.youtube.com/shorts/Mn6bV2cX8zL">كلمة مدير الدفاع المدني من موقع القصف</a>',
        [YT.format("Mn6bV2cX8zL")],
    ),
    (
        "bare-linked-live",
        '<a href="https://www.youtube.com/live/Tg5hJ3kL9pQ?si=xYz12">https://www.youtube.com/live/Tg5hJ3kL9pQ?si=xYz12</a>',
        [YT.format("Tg5hJ3kL9pQ")],
    ),
    ("bare-text-embed", "https://www.youtube.com/embed/Qa2sD4fG6hJ", [YT.format("Qa2sD4fG6hJ")]),
    ("bare-text-no-scheme", "youtu.be/Ws3eR5tY7uI", [YT.format("Ws3eR5tY7uI")]),
    (
        "link-text-is-the-intro",
        '<a href="https://youtu.be/Lk8jH6gF4dS">شاهد الفيديو</a>',
        [YT.format("Lk8jH6gF4dS")],
    ),
    (
        "watch-video-here-link-in-the-middle",
        'شاهد <a href="https://www.youtube.com/watch?v=Pz0oI9uY8tR">الفيديو</a> هنا',
        [YT.format("Pz0oI9uY8tR")],
    ),
    (
        "facebook-page-video",
        'شاهد الفيديو <a href="https://www.facebook.com/orientnews/videos/771203345690112/">من هنا</a>',
        [FB.format("orientnews", "771203345690112")],
    ),
    (
        "facebook-watch",
        "بالفيديو: https://www.facebook.com/watch/?v=1290334455667788",
        ["https://www.facebook.com/watch/?v=1290334455667788"],
    ),
    (
        "facebook-fb-watch",
        'شاهد التسجيل: <a href="https://fb.watch/kR3_x7TzQa/">https://fb.watch/kR3_x7TzQa/</a>',
        ["https://fb.watch/kR3_x7TzQa/"],
    ),
    (
        "facebook-reel",
        '<a href="https://www.facebook.com/reel/908877665544332?mibextid=abc">https://www.facebook.com/reel/908877665544332</a>',
        ["https://www.facebook.com/reel/908877665544332"],
    ),
    (
        "two-videos-one-paragraph",
        'شاهد الجزء الأول <a href="https://youtu.be/Aa1Bb2Cc3Dd">هنا</a> والجزء الثاني '
        '<a href="https://youtu.be/Ee4Ff5Gg6Hh">هنا</a>',
        [YT.format("Aa1Bb2Cc3Dd"), YT.format("Ee4Ff5Gg6Hh")],
    ),
]

# (name, inner HTML): text, even though it speaks of a video or links one
NOT_REFERENCES = [
    ("mentions-without-link", "ونشر ناشطون مقطع فيديو يظهر لحظة سقوط القذائف على سوق البلدة الشعبي."),
    (
        "link-inside-long-reporting",
        "وقال مدير المشفى في تصريح مصور نشره على "
        '<a href="https://www.youtube.com/watch?v=Nb5vC7xZ9aS">قناته في يوتيوب</a> '
        "إن الكوادر الطبية استقبلت خلال الساعات الماضية أكثر من أربعين مصاباً معظمهم من النساء والأطفال، "
        "مطالباً المنظمات الدولية بالتدخل العاجل.",
    ),
    (
        "english-reporting-with-link",
        "The footage, which activists posted on "
        '<a href="https://www.youtube.com/watch?v=Uy6tR4eW2qA">YouTube</a> on Monday evening, shows '
        "rescue teams pulling two children from the rubble of a three-storey building in the town centre.",
    ),
    ("watch-words-non-video-link", 'شاهد <a href="/tags/%D8%AF%D8%B1%D8%B9%D8%A7">التقرير الكامل</a> عن درعا'),
    ("a-non-video-url", "المصدر: https://example.org/report/2022/05/flood"),
]


# -- pages of the four body shapes ------------------------------------------------------------------
def _response(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"})


ORIENT_URL = "https://orient-news.net/ar/news_show/300001/0/test"


def orient_current(inner: list[str], extra: str = ""):
    body = "\n".join(f"<p>{p}</p>" for p in inner)
    ld = json.dumps(
        {"@type": "NewsArticle", "headline": "وقفة احتجاجية", "datePublished": "2022-05-10T10:00:00+03:00"},
        ensure_ascii=False,
    )
    html = (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<link rel="canonical" href="{ORIENT_URL}"><script type="application/ld+json">{ld}</script></head>'
        '<body><article class="news-details"><h1 class="news-title">وقفة احتجاجية</h1>'
        f'<div class="news-body" id="newsBody">\n{body}\n{extra}</div></article></body></html>'
    )
    return orient_news.parse(_response(ORIENT_URL, html).selector, ORIENT_URL)


def orient_classic(inner: list[str], extra: str = ""):
    runs = "<br><br>\n".join(inner)
    html = (
        '<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
        '<div id="news_show"><h1 class="news_title">وقفة احتجاجية</h1>'
        '<div class="news_info"><span class="writer">أورينت نت - خاص</span> | '
        '<span class="date">الثلاثاء، 6 شباط 2018 - 11:20 ص</span></div>'
        f'<div id="news_content" class="news_text">\n{runs}\n{extra}</div></div></body></html>'
    )
    return orient_news.parse(_response(ORIENT_URL, html).selector, ORIENT_URL)


FURAT_URL = "https://euphratespost.net/%d9%88%d9%82%d9%81%d8%a9/"


def furat_content(inner: list[str], extra: str = "") -> str:
    return "\n".join(f"<p>{p}</p>" for p in inner) + ("\n" + extra if extra else "")


def furat_page(inner: list[str], extra: str = ""):
    html = (
        '<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">'
        f'<link rel="canonical" href="{FURAT_URL}"><link rel="shortlink" href="https://euphratespost.net/?p=60001">'
        '</head><body><article id="post-60001" class="post-60001 post"><h1 class="entry-title">وقفة احتجاجية</h1>'
        '<time class="entry-date published" datetime="2022-05-10T10:00:00+03:00">10 مايو، 2022</time>'
        f'<div class="entry-content">\n{furat_content(inner, extra)}\n</div></article></body></html>'
    )
    return furat_post.parse_page(_response(FURAT_URL, html).selector, FURAT_URL)


def furat_api(inner: list[str], extra: str = ""):
    post = {
        "id": 60001,
        "link": FURAT_URL,
        "title": {"rendered": "وقفة احتجاجية"},
        "content": {"rendered": furat_content(inner, extra) + "\n"},
        "date_gmt": "2022-05-10T07:00:00",
    }
    return furat_post.parse_api_post(post)


SHAPES = {
    "orient-current": orient_current,
    "orient-classic": orient_classic,
    "furat-page": furat_page,
    "furat-api": furat_api,
}


# -- the tests --------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name,inner,want", REFERENCES, ids=[r[0] for r in REFERENCES])
def test_video_reference_leaves_body_for_videos(shape, name, inner, want):
    item = SHAPES[shape]([BEFORE, inner, AFTER])
    assert item.body == BEFORE + "\n\n" + AFTER
    assert [v["url"] for v in item.videos] == want


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name,inner", NOT_REFERENCES, ids=[r[0] for r in NOT_REFERENCES])
def test_text_about_a_video_stays_text(shape, name, inner):
    item = SHAPES[shape]([BEFORE, inner, AFTER])
    paras = item.body.split("\n\n")
    assert len(paras) == 3 and paras[0] == BEFORE and paras[2] == AFTER
    assert item.videos == []


EMBED_YT = (
    '<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">'
    '<iframe src="https://www.youtube.com/embed/Rk4sTq9Vb2A?feature=oembed"></iframe></div></figure>'
)
EMBED_FB = (
    '<figure class="news-video"><iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2F'
    'www.facebook.com%2Fanewspage%2Fvideos%2F1290334455667788%2F&amp;show_text=0"></iframe></figure>'
)


@pytest.mark.parametrize("shape", SHAPES)
def test_reference_to_an_embedded_video_is_one_video(shape):
    """The player and the link of the same video, in any URL form, are one entry (the player's)."""
    refs = [
        'شاهد الفيديو: <a href="https://youtu.be/Rk4sTq9Vb2A?t=3">https://youtu.be/Rk4sTq9Vb2A?t=3</a>',
        "بالفيديو: https://www.facebook.com/watch/?v=1290334455667788",
    ]
    item = SHAPES[shape]([BEFORE, *refs, AFTER], extra=EMBED_YT + EMBED_FB)
    assert item.body == BEFORE + "\n\n" + AFTER
    assert [v["url"] for v in item.videos] == [
        YT.format("Rk4sTq9Vb2A"),
        FB.format("anewspage", "1290334455667788"),
    ]
    assert item.videos[1]["embed_url"].startswith("https://www.facebook.com/plugins/video.php?href=")


def test_reference_video_record_is_complete():
    item = orient_current([BEFORE, 'Watch the recording: <a href="https://youtu.be/Zp1qY8rW5tE">here</a>', AFTER])
    assert item.videos == [
        {
            "url": "https://www.youtube.com/watch?v=Zp1qY8rW5tE",
            "provider": "youtube",
            "video_id": "Zp1qY8rW5tE",
            "embed_url": "https://www.youtube.com/embed/Zp1qY8rW5tE",
        }
    ]


def test_reference_is_not_a_quoted_sources_paragraph():
    """Quoted sources are taken from the body the reference has left (paragraph numbers too)."""
    item = orient_current(["شاهد الفيديو: https://youtu.be/Zp1qY8rW5tE", AFTER])
    assert item.body == AFTER
    assert all(s.get("paragraph") in (None, 0) for s in item.quoted_sources)
