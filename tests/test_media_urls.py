"""Video embeds and URL forms fold to one canonical form."""

from urllib.parse import quote

import pytest
from parsel import Selector

from crawler.extract.media import reference_videos, unique_videos, video_from_url, videos
from crawler.extract.text import Block
from crawler.extract.urls import HostRewriter, strip_tracking, url_key
from crawler.parsers.orient_news import article_id_of, canonical

YT = "https://www.youtube.com/watch?v=Xq3nT7aLb0c"


@pytest.mark.parametrize(
    "src",
    [
        "//www.youtube.com/embed/Xq3nT7aLb0c?rel=0",
        "https://www.youtube-nocookie.com/embed/Xq3nT7aLb0c",
        "https://youtu.be/Xq3nT7aLb0c",
        "https://www.youtube.com/watch?v=Xq3nT7aLb0c&t=10s",
        "http://youtube.com/shorts/Xq3nT7aLb0c",
        "https://m.youtube.com/watch?v=Xq3nT7aLb0c&feature=share",
        "https://www.youtube.com/watch?app=desktop&v=Xq3nT7aLb0c&si=Ab12Cd34",
        "https://youtu.be/Xq3nT7aLb0c?si=Ab12Cd34&t=5",
        "https://www.youtube.com/live/Xq3nT7aLb0c?si=Ab12Cd34",
        "https://www.youtube.com/embed/Xq3nT7aLb0c?start=30",
        "youtu.be/Xq3nT7aLb0c",
        "www.youtube.com/watch?v=Xq3nT7aLb0c",
    ],
)
def test_youtube_forms(src):
    video = video_from_url(src)
    assert video is not None and video["url"] == YT


PLUGIN = "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Forientnews%2Fvideos%2F618204373352112%2F&show_text=0"


def test_facebook_plugin_and_direct():
    v = video_from_url(PLUGIN)
    assert v == {
        "url": "https://www.facebook.com/orientnews/videos/618204373352112",
        "provider": "facebook",
        "video_id": "618204373352112",
        "embed_url": "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Forientnews%2Fvideos%2F618204373352112",
    }
    direct = video_from_url("https://www.facebook.com/orientnews/videos/618204373352112/")
    assert v is not None and direct is not None and direct["url"] == v["url"]


@pytest.mark.parametrize(
    "src,url,video_id",
    [
        (
            "https://www.facebook.com/watch/?v=1290334455667788",
            "https://www.facebook.com/watch/?v=1290334455667788",
            "1290334455667788",
        ),
        (
            "https://m.facebook.com/watch?v=1290334455667788&ref=sharing",
            "https://www.facebook.com/watch/?v=1290334455667788",
            "1290334455667788",
        ),
        (
            "https://www.facebook.com/video.php?v=1290334455667788",
            "https://www.facebook.com/watch/?v=1290334455667788",
            "1290334455667788",
        ),
        ("https://fb.watch/kR3_x7TzQa/", "https://fb.watch/kR3_x7TzQa/", "kR3_x7TzQa"),
        ("fb.watch/kR3_x7TzQa", "https://fb.watch/kR3_x7TzQa/", "kR3_x7TzQa"),
        (
            "https://www.facebook.com/reel/908877665544332?mibextid=x",
            "https://www.facebook.com/reel/908877665544332",
            "908877665544332",
        ),
        (
            "https://web.facebook.com/orientnews/videos/a-title/618204373352112/",
            "https://www.facebook.com/orientnews/videos/618204373352112",
            "618204373352112",
        ),
    ],
)
def test_facebook_forms(src, url, video_id):
    v = video_from_url(src)
    assert v is not None and (v["url"], v["provider"], v["video_id"]) == (url, "facebook", video_id)
    assert v["embed_url"] == "https://www.facebook.com/plugins/video.php?href=" + quote(url, safe="")


@pytest.mark.parametrize(
    "src",
    [
        "https://www.facebook.com/orientnews/posts/618204373352112",
        "https://www.facebook.com/sharer.php?u=https://orient-news.net/ar/news_show/1",
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        "https://www.youtube.com/watch?v=short",
        "https://example.org/?next=youtu.be/Xq3nT7aLb0c",
        "https://notyoutube.com/embed/Xq3nT7aLb0c",
    ],
)
def test_not_videos(src):
    assert video_from_url(src) is None


def test_same_video_in_two_forms_is_one():
    fb = [video_from_url("https://www.facebook.com/watch/?v=618204373352112"), video_from_url(PLUGIN)]
    assert [v["url"] for v in unique_videos([v for v in fb if v])] == [
        "https://www.facebook.com/orientnews/videos/618204373352112"
    ]


@pytest.mark.parametrize(
    "text,is_reference",
    [
        ("شاهد الفيديو: https://youtu.be/Xq3nT7aLb0c", True),
        ("https://youtu.be/Xq3nT7aLb0c", True),
        ("التفاصيل: https://youtu.be/Xq3nT7aLb0c", True),  # a label before the link
        ("بالفيديو.. لحظة وصول القافلة https://youtu.be/Xq3nT7aLb0c", True),  # ".." is no sentence end
        # twelve words of intro with a video word: still an intro; thirteen: text
        ("شاهد " + "كلمة " * 11 + "https://youtu.be/Xq3nT7aLb0c", True),
        ("شاهد " + "كلمة " * 12 + "https://youtu.be/Xq3nT7aLb0c", False),
        # a sentence of reporting before the intro: text
        ("قتل ثلاثة مدنيين. شاهد الفيديو: https://youtu.be/Xq3nT7aLb0c", False),
        # short, but no video word and no label: text
        ("أعلن الدفاع المدني حصيلة جديدة https://youtu.be/Xq3nT7aLb0c", False),
        # a video word but no video link: text
        ("شاهد الفيديو على صفحتنا", False),
        ("شاهد الفيديو: https://orient-news.net/media/videos/1.mp4", False),  # files are players, not references
    ],
)
def test_reference_rule_on_text(text, is_reference):
    assert bool(reference_videos(Block(text))) is is_reference


def test_lazy_iframes_files_and_bare_links():
    html = """<div id="b"><p>text</p>
    <iframe src="about:blank" data-src="https://www.youtube.com/embed/AAAAAAAAAAA"></iframe>
    <video><source src="/media/videos/clip.mp4"></video>
    <p>https://youtu.be/BBBBBBBBBBB</p>
    <p>شاهد <a href="https://youtu.be/CCCCCCCCCCC">الفيديو</a> هنا</p>
    <iframe src="https://example.org/map"></iframe></div>"""
    found = videos(Selector(text=html).css("#b")[0], "https://orient-news.net/ar/news_show/1")
    assert [v["url"] for v in found] == [
        "https://www.youtube.com/watch?v=AAAAAAAAAAA",
        "https://orient-news.net/media/videos/clip.mp4",
        "https://www.youtube.com/watch?v=BBBBBBBBBBB",
        "https://www.youtube.com/watch?v=CCCCCCCCCCC",  # "شاهد <a>الفيديو</a> هنا": a reference (#16)
    ]
    assert found[1]["provider"] == "file" and found[1]["video_id"] == "clip.mp4"


@pytest.mark.parametrize(
    "url",
    [
        "https://orient-news.net/ar/news_show/143377/0/%D9%82%D9%88%D8%A7%D8%AA",
        "http://www.orient-news.net/ar/news_show/143377",
        "https://orient-news.net/ar/amp/news_show/143377",
        "https://orient-news.net/index.php?page=news_show&id=143377",
        "https://www.orient-news.net/ar/news_show/143377/0/x?utm_source=rss&utm_medium=feed",
    ],
)
def test_orient_article_id_from_every_url_form(url):
    assert article_id_of(url) == "143377"


def test_orient_canonical_form():
    assert (
        canonical("http://www.orient-news.net/ar/amp/news_show/5/0/قوات-النظام?utm_source=rss")
        == "https://orient-news.net/ar/news_show/5/0/%D9%82%D9%88%D8%A7%D8%AA-%D8%A7%D9%84%D9%86%D8%B8%D8%A7%D9%85"
    )


def test_tracking_and_url_key():
    assert strip_tracking("https://x.net/a?utm_source=rss&id=3&fbclid=z") == "https://x.net/a?id=3"
    assert url_key("http://www.euphratespost.net/%D8%A7%D8%AD/") == url_key("https://euphratespost.net/%d8%a7%d8%ad")


def test_host_rewriter_round_trip():
    r = HostRewriter(("orient-news.net",), "https://orient-news.net", "http://127.0.0.1:8000")
    assert r.to_fetch("http://www.orient-news.net/ar/rss?x=1") == "http://127.0.0.1:8000/ar/rss?x=1"
    assert r.to_fetch("https://www.youtube.com/x") == "https://www.youtube.com/x"
    assert r.to_real("http://127.0.0.1:8000/ar/news_show/1") == "https://orient-news.net/ar/news_show/1"
