"""``scrapy report -o report.html`` (crawler/readers/report.py): one self-contained HTML file with
the plots as inline SVG, checked as text and opened in headless Chromium, where it must load
nothing from anywhere and render to a screenshot."""

from __future__ import annotations

import re
import struct

from crawler.readers.report import gaps, months_between
from tests.archives import article, chromium_page, fixture_archive, fixture_archive_on, needs_chromium, store
from tests.conftest import run_scrapy


def test_months_and_gaps():
    months = months_between("2022-11", "2023-03")
    assert months == ["2022-11", "2022-12", "2023-01", "2023-02", "2023-03"]
    assert gaps(months, {"2022-11": 3, "2023-02": 1}) == [("2022-12", "2023-01", 2), ("2023-03", "2023-03", 1)]


@needs_chromium
def test_the_report_is_one_self_contained_file_that_renders_offline(tmp_path):
    url = fixture_archive(tmp_path / "archive")
    original = "https://orient-news.net/ar/news_show/205402"
    store(  # a story across outlets: a Furat Post copy of an Orient News report
        url,
        article("orient_news", "205402", "قصف مدفعي على سرمين", "نص", "2023-11-12T13:05:00+03:00", url=original),
        article("furat_post", "99002", "قصف على سرمين", "نص", "2023-11-12T16:00:00+03:00", duplicate_of=original),
    )
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    done = run_scrapy(["report", "-o", str(target)], url, tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]  # no temporary left beside it
    page = target.read_text(encoding="utf-8")

    # the plots are inline SVG, text kept as text (Arabic shaped by the browser)
    assert len(re.findall(r"<svg\b", page)) == 4  # months, coverage, sources, stories
    for heading in (
        "Articles per month",
        "Field coverage",
        "Most quoted sources",
        "Stories across outlets",
        "Last runs",
    ):
        assert heading in page
    assert "مراسل فرات بوست" in page  # the most quoted source, as written
    assert "orient_news first → copied by furat_post" in page and "orient_news/205402" in page
    assert page.count('class="status"') == 4  # the fixture's four runs
    assert "months without an article" in page  # the archive's gaps are named
    # nothing to fetch: no script, stylesheet, image, font or frame from anywhere
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page, re.I)
    assert not re.search(r"""(src|srcset)\s*=|url\((?!#)|@import""", page, re.I)  # url(#clip) is the SVG's own
    assert not re.search(r'xlink:href="(?!#)|\shref="(?!#|https://(orient-news\.net|euphratespost\.net)/)', page)

    requests: list[str] = []
    shot = tmp_path / "report.png"
    with chromium_page(tmp_path / "profile") as browser:
        browser.on("request", lambda request: requests.append(request.url))
        browser.goto(target.as_uri(), wait_until="load")
        assert browser.locator("svg.plot").count() == 4
        assert browser.locator("h2").all_inner_texts()[0] == "Articles per month"
        box = browser.locator("svg.plot").first.bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 150  # drawn, not collapsed
        browser.screenshot(path=str(shot), full_page=True)
    assert requests == [target.as_uri()]  # the page itself, nothing else
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 1280 and height > 2000 and len(png) > 50_000


def test_report_usage_errors_are_one_line(tmp_path):
    url = fixture_archive(tmp_path / "archive")
    done = run_scrapy(["report"], url, tmp_path)
    assert done.returncode == 2 and done.stderr.splitlines() == ["error: give -o FILE.html"]
    folder = tmp_path / "no" / "such"
    done = run_scrapy(["report", "-o", str(folder / "r.html")], url, tmp_path)
    assert done.returncode == 2 and done.stderr.splitlines() == [
        f"error: cannot write {folder / 'r.html'}: No such file or directory"
    ]


def test_the_report_reads_a_postgresql_archive_as_it_reads_sqlite(pg_url, tmp_path):
    from datetime import UTC, datetime

    from crawler.archive.storage import open_storage
    from crawler.readers.report import render

    pages = []
    now = datetime(2026, 12, 2, tzinfo=UTC)
    for url in (fixture_archive_on(pg_url, tmp_path), f"sqlite:///{tmp_path / 'source' / 'fixture.db'}"):
        storage = open_storage(url)
        try:
            with storage.engine.connect() as conn:
                pages.append(render(conn, storage.engine, archive="the archive", now=now))
        finally:
            storage.close()
    assert "69 articles" in pages[0]
    assert pages[0] == pages[1]  # the same archive on either backend: the same page, plots included
