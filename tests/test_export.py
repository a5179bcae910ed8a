"""``scrapy export`` (crawler/readers/export.py, records.py, stories.py): round trips of the whole
archive as JSONL, CSV and Parquet on SQLite and PostgreSQL, filters against the committed fixture
archive, stories of copies found by the real dedupe step, usage errors, and never a partial file."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import select
import sqlite3
import struct
import subprocess
import sys
import termios
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scrapy.utils.test import get_crawler

from crawler.archive.neardup import normalize
from crawler.archive.search import publication_day
from crawler.archive.storage import open_storage
from crawler.readers import records
from crawler.readers.export import SOURCE_KEYS
from pipelines.dedupe import DedupePipeline
from pipelines.storage import StoragePipeline
from tests.archives import FIXTURE_COUNTS, article, fixture_archive, fixture_archive_on, sqlite_rows, store
from tests.conftest import ROOT, run_scrapy

JSON_FIELDS = ("authors", "tags", "images", "videos", "quoted_sources")


def export(args: list[str], db_url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return run_scrapy(["export", *args], db_url, tmp_path)


def oracle(tmp_path: Path) -> dict[tuple[str, str], dict]:
    """The fixture archive's rows as sqlite3 reads them (fixture_archive_on keeps its source there)."""
    rows = sqlite_rows(f"sqlite:///{tmp_path / 'source' / 'fixture.db'}", "SELECT * FROM articles")
    for row in rows:
        for name in JSON_FIELDS:
            row[name] = json.loads(row[name])
    return {(r["outlet"], r["article_id"]): r for r in rows}


def no_progress_bar(stderr: str) -> bool:
    return "\r" not in stderr and "%|" not in stderr


# -- round trips ----------------------------------------------------------------------------------------
def test_jsonl_csv_and_parquet_round_trip_the_whole_archive_on_both_backends(any_db_url, tmp_path):
    url = fixture_archive_on(any_db_url, tmp_path)
    want = oracle(tmp_path)
    assert {o: sum(1 for k in want if k[0] == o) for o in FIXTURE_COUNTS} == FIXTURE_COUNTS
    excel = any_db_url.startswith("sqlite")  # with the BOM on one backend, without on the other

    # JSONL: one record per line, lists and objects as real JSON, plus story_id and the bookkeeping
    done = export(["-o", str(tmp_path / "all.jsonl")], url, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"exported 69 records to {tmp_path / 'all.jsonl'} (jsonl)"
    assert no_progress_bar(done.stderr)  # stderr is a pipe here
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 69
    for line in lines:
        got = json.loads(line)
        assert list(got) == records.EXPORT_FIELDS
        row = want[(got["outlet"], got["article_id"])]
        for name in records.EXPORT_FIELDS:
            expected = f"{row['outlet']}/{row['article_id']}" if name == "story_id" else row[name]
            assert got[name] == expected, (got["article_id"], name)
    published = [json.loads(line)["published_at"] for line in lines]
    assert published == sorted(published, key=datetime.fromisoformat)  # publication order

    # CSV: a header, one row per article, lists joined readably
    target = tmp_path / "all.csv"
    done = export(["-o", str(target), *(["--excel"] if excel else [])], url, tmp_path)
    assert done.returncode == 0, done.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 69 and list(rows[0]) == records.EXPORT_FIELDS
    for got in rows:
        row = want[(got["outlet"], got["article_id"])]
        assert got["title"] == row["title"] and got["body"] == row["body"]  # paragraphs' blank lines kept
        assert got["published_at"] == row["published_at"] and got["revision"] == str(row["revision"])
        assert got["duplicate_of"] == "" and got["section"] == (row["section"] or "")
        assert got["authors"] == " | ".join(row["authors"]) and got["tags"] == " | ".join(row["tags"])
        assert got["videos"] == " | ".join(v["url"] for v in row["videos"])
        assert got["quoted_sources"] == " | ".join(f"{s['name']} ({s['kind']})" for s in row["quoted_sources"])
    assert any(" | " in r["quoted_sources"] and "(person)" in r["quoted_sources"] for r in rows)

    # Parquet: typed columns
    target = tmp_path / "all.parquet"
    done = export(["-o", str(target)], url, tmp_path)
    assert done.returncode == 0, done.stderr
    table = pq.read_table(target)
    assert table.num_rows == 69 and table.column_names == records.EXPORT_FIELDS
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="Asia/Damascus")
    assert table.schema.field("first_seen_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("authors").type == pa.list_(pa.string())
    assert table.schema.field("revision").type == pa.int32()
    sources_type = table.schema.field("quoted_sources").type
    assert pa.types.is_list(sources_type) and [f.name for f in sources_type.value_type] == list(SOURCE_KEYS)
    assert [f.name for f in table.schema.field("videos").type.value_type] == [
        "url",
        "provider",
        "video_id",
        "embed_url",
    ]
    for got in table.to_pylist():
        row = want[(got["outlet"], got["article_id"])]
        assert got["published_at"] == datetime.fromisoformat(row["published_at"])  # the same instant
        assert got["modified_at"] == (datetime.fromisoformat(row["modified_at"]) if row["modified_at"] else None)
        assert got["scraped_at"] == datetime.fromisoformat(row["scraped_at"])
        assert got["title"] == row["title"] and got["body"] == row["body"] and got["tags"] == row["tags"]
        assert got["videos"] == row["videos"]
        assert got["quoted_sources"] == [{k: s.get(k) for k in SOURCE_KEYS} for s in row["quoted_sources"]]
        assert got["story_id"] == f"{row['outlet']}/{row['article_id']}" and got["revision"] == row["revision"]


# -- filters --------------------------------------------------------------------------------------------
ORIENT_2018_ID = "141208"  # an Orient News report of January 2018 that names إدلب


@pytest.fixture
def filtered(tmp_path):
    """The fixture archive on SQLite plus one Furat Post copy of an Orient News report."""
    url = fixture_archive_on(f"sqlite:///{tmp_path / 'news.db'}", tmp_path)
    original = next(r for r in oracle(tmp_path).values() if r["article_id"] == ORIENT_2018_ID)
    copy = article(
        "furat_post",
        "99001",
        original["title"],
        "فرات بوست / أخبار\n\n" + original["body"],
        "2018-01-17T09:00:00+02:00",
        duplicate_of=original["url"],
        section="أخبار",
    )
    store(url, copy)
    return url, oracle(tmp_path) | {("furat_post", "99001"): {**copy.__dict__, "revision": 1}}


def words_of(row: dict) -> list[str]:
    return normalize(f"{row['title']}\n{row['body']}").split()


def day_of(row: dict):
    return publication_day(row["published_at"])


FILTER_CASES = {
    # README worked example 1: all 2018 articles mentioning a place, as CSV (here JSONL keys)
    "outlet + 2018 + search": (
        ["--outlet", "orient_news", "--since", "2018-01-01", "--until", "2018-12-31", "--search", "ادلب"],
        lambda r: r["outlet"] == "orient_news" and day_of(r).year == 2018 and "ادلب" in words_of(r),
    ),
    "language": (["--lang", "en"], lambda r: r["lang"] == "en"),
    "two sections of one outlet": (
        ["--outlet", "furat_post", "--section", "تقارير", "--section", "تحليلات"],
        lambda r: r["outlet"] == "furat_post" and r["section"] in ("تقارير", "تحليلات"),
    ),
    "a source, by part of its name": (
        ["--source", "منسقو استجابة"],
        lambda r: any("منسقو استجابه" in normalize(s["name"]) for s in r["quoted_sources"] or []),
    ),
    "no duplicates, open-ended window": (
        ["--no-duplicates", "--since", "2018-01-17"],
        lambda r: not r.get("duplicate_of") and day_of(r).isoformat() >= "2018-01-17",
    ),
    "a phrase": (["--search", '"ريف ادلب"'], lambda r: "ريف ادلب" in " ".join(words_of(r))),
}
CLI_CASES = ("outlet + 2018 + search", "no duplicates, open-ended window")


@pytest.mark.parametrize("case", list(FILTER_CASES))
def test_filters_select_exactly_what_the_fixture_archive_holds(filtered, tmp_path, case):
    url, rows = filtered
    args, keep = FILTER_CASES[case]
    expected = {k for k, r in rows.items() if keep(r)}
    assert 0 < len(expected) < len(rows), "the case must select some records and leave out others"
    if case in CLI_CASES:  # through the command, to stdout
        done = export(["-o", "-", "--fields", "outlet,article_id", *args], url, tmp_path)
        assert done.returncode == 0, done.stderr
        got = [json.loads(line) for line in done.stdout.splitlines()]
        assert all(list(g) == ["outlet", "article_id"] for g in got)
        assert {(g["outlet"], g["article_id"]) for g in got} == expected and len(got) == len(expected)
        return
    filters = records.Filters.parse(**_as_kwargs(args))
    storage = open_storage(url)
    try:
        with storage.engine.connect() as conn:
            got = list(records.iter_records(conn, filters, ["outlet", "article_id", "story_id"]))
            counted = records.count(conn, filters, exact=True)
    finally:
        storage.close()
    assert {(g["outlet"], g["article_id"]) for g in got} == expected and counted == len(expected)


def _as_kwargs(args: list[str]) -> dict:
    out: dict = {"outlets": [], "sections": [], "langs": []}
    names = {"--outlet": "outlets", "--section": "sections", "--lang": "langs"}
    i = 0
    while i < len(args):
        flag = args[i]
        if flag == "--no-duplicates":
            out["no_duplicates"] = True
            i += 1
            continue
        value = args[i + 1]
        if flag in names:
            out[names[flag]].append(value)
        else:
            out[flag[2:]] = value
        i += 2
    return out


def test_a_window_is_publication_days_in_damascus_on_both_backends(any_db_url):
    """2018-12-31 22:30 UTC is already 2019-01-01 in Damascus; 2018-01-01 00:10 Damascus is 2017 in UTC."""
    body = "نص قصير"
    store(
        any_db_url,
        article("orient_news", "1", "آخر الليل", body, "2018-12-31T23:30:00+02:00"),
        article("orient_news", "2", "بعد منتصف الليل", body, "2018-12-31T22:30:00+00:00"),
        article("orient_news", "3", "أول السنة", body, "2018-01-01T00:10:00+02:00"),
        article("orient_news", "4", "قبلها", body, "2017-12-31T23:50:00+02:00"),
        article("orient_news", "5", "توقيت عالمي", body, "2017-12-31T22:20:00Z"),
    )
    storage = open_storage(any_db_url)
    try:
        with storage.engine.connect() as conn:

            def ids(since: str | None, until: str | None) -> list[str]:
                filters = records.Filters.parse(since=since, until=until)
                return sorted(r["article_id"] for r in records.iter_records(conn, filters, ["article_id"]))

            assert ids("2018-01-01", "2018-12-31") == ["1", "3", "5"]
            assert ids("2019-01-01", None) == ["2"]
            assert ids(None, "2017-12-31") == ["4"]
            assert ids("2018-12-31", "2018-12-31") == ["1"]
    finally:
        storage.close()


# -- stories --------------------------------------------------------------------------------------------
PARAGRAPHS = [
    "أعلنت مديرية الصحة في محافظة دير الزور صباح اليوم الخميس عن تسجيل إصابات جديدة بمرض الكوليرا في بلدات ريف المحافظة الشرقي، وسط نقص حاد في مياه الشرب النظيفة.",
    "وقال مصدر طبي في مشفى الميادين إن عدد المراجعين ارتفع خلال الأسبوع الماضي إلى أكثر من ثلاثمئة حالة، معظمهم من الأطفال وكبار السن القادمين من القرى المجاورة لنهر الفرات.",
    "وأضاف المصدر أن المشفى يعاني من نقص في المحاليل الوريدية والمضادات الحيوية، داعياً المنظمات الإنسانية إلى التدخل العاجل قبل أن يخرج الوضع عن السيطرة في الأيام المقبلة.",
    "وتعتمد آلاف العائلات في المنطقة على مياه النهر مباشرة للشرب والطهي بعد توقف محطات الضخ عن العمل بسبب انقطاع الكهرباء وغياب الصيانة منذ أشهر طويلة.",
    "وكانت منظمة الصحة العالمية قد حذرت في تقرير سابق من انتشار الأمراض المنقولة بالمياه في شمال شرق سوريا مع ارتفاع درجات الحرارة وانخفاض منسوب النهر.",
]


def through_the_pipelines(db_url: str, tmp_path: Path, *items) -> list:
    """Records sent through the real dedupe and storage steps (as a crawl would), stored ones returned."""
    crawler = get_crawler(settings_dict={"NEWS_DB_URL": db_url, "NEWS_SPOOL_DIR": str(tmp_path / "spool")})
    dedupe, storage = DedupePipeline.from_crawler(crawler), StoragePipeline.from_crawler(crawler)
    storage.open_spider()
    try:
        return [storage.process_item(dedupe.process_item(replace(item))) for item in items]
    finally:
        storage.close_spider()


def test_stories_group_copies_across_outlets_and_name_the_earliest_record(any_db_url, tmp_path):
    body = "\n\n".join(PARAGRAPHS)
    original = article("orient_news", "210001", "الكوليرا تنتشر في ريف دير الزور", body, "2023-08-03T10:15:00+03:00")
    copy = article(
        "furat_post",
        "77001",
        "تسجيل إصابات بالكوليرا في دير الزور",
        "فرات بوست / أخبار\n\n" + body,
        "2023-08-03T13:40:00+03:00",
    )
    later = article(
        "furat_post", "77002", "الكوليرا في الميادين", "خاص فرات بوست _ " + body, "2023-08-04T09:00:00+03:00"
    )
    stored = through_the_pipelines(any_db_url, tmp_path, original, copy, later)
    assert [s.duplicate_of for s in stored] == [None, original.url, original.url]  # the dedupe step found them
    # a copy of a copy, a copy published before the record it points at, a copy of nothing stored
    a = article("orient_news", "300", "أ", "نص", "2022-01-01T08:00:00+02:00")
    b = article("furat_post", "301", "ب", "نص", "2022-01-01T09:00:00+02:00", duplicate_of=a.url)
    c = article("furat_post", "302", "ج", "نص", "2022-01-02T09:00:00+02:00", duplicate_of=b.url)
    d = article("furat_post", "401", "د", "نص", "2022-03-01T09:00:00+02:00")
    e = article("orient_news", "400", "هـ", "نص", "2022-03-01T08:00:00+02:00", duplicate_of=d.url)
    g = article(
        "furat_post",
        "501",
        "ز",
        "نص",
        "2022-04-01T08:00:00+03:00",
        duplicate_of="https://orient-news.net/ar/news_show/999999",
    )
    store(any_db_url, a, b, c, d, e, g)

    storage = open_storage(any_db_url)
    try:
        with storage.engine.connect() as conn:
            story_of = {
                r["article_id"]: r["story_id"] for r in records.iter_records(conn, fields=["article_id", "story_id"])
            }
            lines = list(records.iter_stories(conn))
            furat_only = list(
                records.iter_stories(conn, records.Filters.parse(outlets=["orient_news"], since="2023-01-01"))
            )
            no_copies = [
                r["article_id"]
                for r in records.iter_records(conn, records.Filters.parse(no_duplicates=True), ["article_id"])
            ]
    finally:
        storage.close()
    assert story_of == {
        "210001": "orient_news/210001", "77001": "orient_news/210001", "77002": "orient_news/210001",
        "300": "orient_news/300", "301": "orient_news/300", "302": "orient_news/300",
        "401": "orient_news/400", "400": "orient_news/400",  # who published first, not who was stored first
        "501": "furat_post/501",
    }  # fmt: skip
    assert [line["story_id"] for line in lines] == ["orient_news/300", "orient_news/400", "orient_news/210001"]
    cholera = lines[2]
    assert cholera["size"] == 3 and cholera["outlets"] == ["orient_news", "furat_post"]
    assert cholera["first_outlet"] == "orient_news" and cholera["first_published_at"] == original.published_at
    assert [(m["outlet"], m["article_id"], m["url"]) for m in cholera["members"]] == [
        ("orient_news", "210001", original.url),
        ("furat_post", "77001", copy.url),
        ("furat_post", "77002", later.url),
    ]
    assert [line["story_id"] for line in furat_only] == ["orient_news/210001"]
    assert sorted(no_copies) == ["210001", "300", "401"]


def test_export_stories_writes_one_line_per_story(tmp_path):
    url = f"sqlite:///{tmp_path / 'news.db'}"
    a = article("orient_news", "300", "أ", "نص", "2022-01-01T08:00:00+02:00")
    b = article("furat_post", "301", "ب", "نص", "2022-01-01T09:00:00+02:00", duplicate_of=a.url)
    store(url, a, b, article("furat_post", "302", "وحيد", "نص", "2022-01-03T09:00:00+02:00"))
    done = export(["-o", str(tmp_path / "stories.parquet"), "--stories"], url, tmp_path)
    assert done.returncode == 0, done.stderr
    [story] = pq.read_table(tmp_path / "stories.parquet").to_pylist()
    assert story["story_id"] == "orient_news/300" and story["outlets"] == ["orient_news", "furat_post"]
    assert [(m["outlet"], m["published_at"]) for m in story["members"]] == [
        ("orient_news", datetime.fromisoformat("2022-01-01T08:00:00+02:00")),
        ("furat_post", datetime.fromisoformat("2022-01-01T09:00:00+02:00")),
    ]


# -- errors ---------------------------------------------------------------------------------------------
USAGE_CASES = {
    "unknown field": (["--fields", "outlet,titel"], "unknown field 'titel' (did you mean title?)"),
    "not a day": (["--since", "2018-02-30"], "--since takes a day as YYYY-MM-DD, not '2018-02-30'"),
    "since after until": (["--since", "2019-01-01", "--until", "2018-12-31"], "--since 2019-01-01 is after --until 2018-12-31"),
    "no such folder": (["-o", "{tmp}/no/such/folder/out.csv"], "cannot write {tmp}/no/such/folder/out.csv: No such file or directory"),
    "a folder": (["-o", "{tmp}", "--format", "csv"], "cannot write {tmp}: it is a folder"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(USAGE_CASES))
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, case):
    url = fixture_archive(tmp_path / "archive")
    args, message = USAGE_CASES[case]
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    before = sorted(p.name for p in tmp_path.iterdir())
    done = export(args if "-o" in args else ["-o", str(tmp_path / "out.csv"), *args], url, tmp_path)
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and len(lines) == 1 and done.stdout == ""
    assert lines[0].startswith(f"error: {message.replace('{tmp}', str(tmp_path))}")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("locks", "spool")) == before


def test_usage_errors_the_library_catches(tmp_path):
    with pytest.raises(records.ReaderError, match="unknown outlet 'orient' \\(known: furat_post, orient_news\\)"):
        records.Filters.parse(outlets=["orient"], known_outlets=["orient_news", "furat_post"])
    with pytest.raises(records.ReaderError, match="nothing to search for"):
        records.Filters.parse(search=" ... ، ")
    with pytest.raises(records.ReaderError, match="no field given"):
        records.check_fields(["", " "])


def test_a_failed_export_leaves_nothing_under_the_requested_name(tmp_path):
    """A record that cannot be read half-way: exit 1, one line, the old file untouched, no temporary left."""
    url = fixture_archive(tmp_path / "archive")
    store(url, article("orient_news", "999", "عنوان", "نص", "2030-01-01T10:00:00+02:00"))  # exported last
    conn = sqlite3.connect(url[len("sqlite:///") :])
    conn.execute("UPDATE articles SET quoted_sources = '[{\"name\": ' WHERE article_id = '999'")
    conn.commit()
    conn.close()
    out = tmp_path / "out"
    out.mkdir()
    for name in ("all.jsonl", "all.parquet"):
        (out / name).write_text("the previous export\n")
        done = export(["-o", str(out / name)], url, tmp_path)
        assert done.returncode == 1
        assert done.stderr.splitlines() == [
            "error: orient_news/999: stored quoted_sources is not JSON; nothing written"
        ]
        assert (out / name).read_text() == "the previous export\n"
    assert sorted(p.name for p in out.iterdir()) == ["all.jsonl", "all.parquet"]  # no partial file beside


def test_the_progress_bar_is_drawn_on_a_terminal_only(tmp_path):
    url = fixture_archive(tmp_path / "archive")
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    env = {**os.environ, "NEWS_DB_URL": url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "export", "-o", str(tmp_path / "out.csv")],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
    )
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal's other end closed: the command is done
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert proc.wait(timeout=60) == 0
    text = seen.decode("utf-8", "replace")
    assert "69/69" in text and "records" in text and "100%" in text  # tqdm's bar, with its count
    assert len((tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()) > 69
