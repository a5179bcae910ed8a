"""WARC files of every response (crawler/archive/warc.py, warc_capture.py, warc_verify.py): real
crawls of the replicas, real files, warcio's own checker, ``scrapy reparse --from-warc`` and
``scrapy warc verify`` run as a user runs them."""

from __future__ import annotations

import gzip
import html
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator
from warcio.checker import Checker

from crawler.archive import warc
from crawler.replica import Replica
from tests.conftest import ROOT, last_line, load_expected, run_crawl, run_scrapy

NAME = re.compile(r"^(orient_news|furat_post)-\d{17}-\d{5}\.warc\.gz$")


def warc_dir(tmp_path: Path) -> Path:
    return tmp_path / "warc"  # where run_crawl / run_scrapy put them (tests/conftest.py)


def warcio_check(paths: list[Path]) -> tuple[int, str]:
    """warcio's own checker (``warcio check -v``), its exit value and what it printed."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = Checker(SimpleNamespace(inputs=[str(p) for p in paths], verbose=True)).process_all()
    return code, out.getvalue()


def responses(paths: list[Path]) -> list[dict]:
    """Every response record, read with warcio alone (not our reader): fields, status, body."""
    found = []
    for path in paths:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    found.append(
                        {
                            "fields": dict(record.rec_headers.headers),
                            "status": int(record.http_headers.get_statuscode()),
                            "body": record.content_stream().read(),
                            "type": record.http_headers.get_header("Content-Type") or "",
                            "file": path.name,
                        }
                    )
    return found


def crawl(outlet: str, replica: Replica, db_url: str, tmp_path: Path, *args: str, **settings):
    result = run_crawl(outlet, replica.base_url, db_url, tmp_path, *args, settings=settings or None)
    assert result.returncode == 0, result.log[-3000:]
    return result


# -- writing -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("outlet", ["orient_news", "furat_post"])
def test_replica_crawl_writes_warc_files_warcio_accepts_holding_every_stored_article(tmp_path, db_url, outlet):
    with Replica(outlet) as replica:
        result = crawl(outlet, replica, db_url, tmp_path, "mode=full")
        requested = len(replica.requests)
    files = warc.warc_files(warc_dir(tmp_path) / outlet)
    assert files and all(NAME.match(p.name) for p in files), files
    code, printed = warcio_check(files)
    assert code == 0, printed
    assert printed.count("digest pass") == printed.count("WARC-Record-ID") > 0  # every record has digests
    # every file starts with its warcinfo naming the crawler, its version and this run
    for path in files:
        with path.open("rb") as fh:
            first = next(iter(ArchiveIterator(fh)))
        info = first.content_stream().read().decode()
        assert first.rec_type == "warcinfo" and first.rec_headers.get_header("WARC-Filename") == path.name
        assert "software: syrian-news-crawler/0.1.0" in info and f"run-id: {result.stat('news/warc/run')}" in info
        assert "format: WARC File Format 1.1" in info
    found = responses(files)
    # a request + response pair for every response the crawl got from the site, the URL as requested
    assert len(found) == requested == result.stat("downloader/response_count")
    assert all(r["fields"]["WARC-Target-URI"].startswith(replica.base_url) for r in found)
    assert all(r["fields"]["WARC-Payload-Digest"].startswith("sha1:") for r in found)
    kinds = {r["fields"].get("News-Page") for r in found}
    assert kinds == (
        {"robots", "home", "feed", "listing", "sitemap", "article"} if outlet == "orient_news" else {"robots", "api"}
    )
    rows = result.rows(outlet)
    assert rows
    if outlet == "orient_news":  # every stored article's page, as fetched
        pages = {
            r["fields"]["WARC-Target-URI"]: r
            for r in found
            if r["status"] == 200 and r["fields"].get("News-Article-Id")
        }
        for row in rows:
            assert row["fetched_url"] in pages, row["article_id"]
            assert pages[row["fetched_url"]]["fields"]["News-Article-Id"] == row["article_id"]
            page = pages[row["fetched_url"]]
            text = HtmlResponse(url=row["fetched_url"], body=page["body"], headers={"Content-Type": page["type"]}).text
            assert row["title"] in html.unescape(text)
    else:  # the REST API answers hold every post stored from them
        api = [r for r in found if r["fields"].get("News-Page") == "api" and r["status"] == 200]
        ids = {str(post["id"]) for r in api for post in json.loads(r["body"])}
        assert {row["article_id"] for row in rows} <= ids
    # the CDXJ index beside each file: sorted, one line per response, offsets that read back that record
    for path in files:
        lines = warc.index_path(path).read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines) and lines
        for entry in warc.read_index(path):
            record = warc.read_record_at(path, int(entry["offset"]))
            assert record.type == "response" and record.uri == entry["url"]
            assert record.fields["WARC-Payload-Digest"] == "sha1:" + entry["digest"]
    verify = run_scrapy(["warc", "verify"], db_url, tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert last_line(verify.stdout).endswith("— OK")


def test_rotation_canary_reparse_parse_and_warc_off(tmp_path, db_url):
    """Files rotate at NEWS_WARC_MAX_SIZE; a canary, a reparse, scrapy parse and -s NEWS_WARC=0
    write no WARC."""
    with Replica("orient_news") as replica:
        crawl("orient_news", replica, db_url, tmp_path, "mode=full", NEWS_WARC_MAX_SIZE=60000)
        files = warc.warc_files(warc_dir(tmp_path))
        assert len(files) >= 3 and all(warc.index_path(p).exists() for p in files)
        assert all(p.stat().st_size < 60000 + 9 * 1024 * 1024 for p in files)
        assert sorted(int(p.name[-13:-8]) for p in files) == list(range(len(files)))  # serials 00000, 00001…
        before = sorted(warc_dir(tmp_path).rglob("*"))
        canary = run_scrapy(["canary", "orient_news", "-a", f"base_url={replica.base_url}"], db_url, tmp_path)
        assert canary.returncode == 0, canary.stderr[-2000:]
        reparse = run_scrapy(["reparse", "orient_news"], db_url, tmp_path)
        assert reparse.returncode == 0, reparse.stderr[-2000:]
        parse = run_scrapy(
            [
                "parse",
                f"{replica.base_url}/ar/news_show/100412",
                "--spider",
                "orient_news",
                "-a",
                f"base_url={replica.base_url}",
            ],
            db_url,
            tmp_path,
        )
        assert "مجزرة" in parse.stdout, parse.stderr[-2000:]
        off = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "refresh=1", settings={"NEWS_WARC": "0"})
        assert off.returncode == 0 and off.stat("news/article_pages_done") > 0
    assert sorted(warc_dir(tmp_path).rglob("*")) == before


# -- reparse from WARC --------------------------------------------------------------------------------------
def rows_by_id(db_url: str, outlet: str) -> dict[str, dict]:
    from crawler.archive.storage import open_storage

    store = open_storage(db_url)
    try:
        return {r["article_id"]: r for r in store.iter_articles(outlet)}
    finally:
        store.close()


BOOKKEEPING = {"id", "scraped_at", "first_seen_at", "updated_at", "fetched_url", "revision"}


@pytest.mark.parametrize("outlet", ["orient_news", "furat_post"])
def test_reparse_from_warc_gives_the_records_reparse_from_the_database_gives(tmp_path, outlet):
    db = tmp_path / "news.db"
    db_url = f"sqlite:///{db}"
    with Replica(outlet) as replica:
        crawl(outlet, replica, db_url, tmp_path, "mode=full")
    crawled = rows_by_id(db_url, outlet)
    twin_url = f"sqlite:///{tmp_path / 'twin.db'}"
    (tmp_path / "twin.db").write_bytes(db.read_bytes())
    fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    from_db = run_scrapy(["reparse", outlet], db_url, tmp_path)
    from_warc = run_scrapy(["reparse", outlet, "--from-warc", str(warc_dir(tmp_path))], twin_url, tmp_path)
    into_fresh = run_scrapy(["reparse", outlet, "--from-warc", str(warc_dir(tmp_path))], fresh_url, tmp_path)
    n = len(crawled)
    for proc in (from_db, from_warc):
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert f"stored=0 updated=0 duplicates=0 unchanged={n} " in last_line(proc.stderr), last_line(proc.stderr)
    assert rows_by_id(db_url, outlet) == rows_by_id(twin_url, outlet)  # every field of every record
    assert into_fresh.returncode == 0, into_fresh.stderr[-2000:]
    assert f"stored={n} updated=0" in last_line(into_fresh.stderr)
    fresh = rows_by_id(fresh_url, outlet)
    assert set(fresh) == set(crawled)
    for article_id, row in crawled.items():
        want = {k: v for k, v in row.items() if k not in BOOKKEEPING}
        assert {k: v for k, v in fresh[article_id].items() if k not in BOOKKEEPING} == want, article_id
    runs = run_scrapy(["runs", outlet], fresh_url, tmp_path).stdout
    assert "reparse-warc" in runs
    assert not list(warc_dir(tmp_path).rglob(f"{outlet}-*-00001.warc.gz"))  # reparse fetched nothing


def test_reparse_from_warc_takes_the_newest_capture_of_an_article(tmp_path, db_url):
    target = "100412"
    first_para = load_expected("orient_news")[target]["body"].split("\n\n")[0]
    with Replica("orient_news") as replica:
        crawl("orient_news", replica, db_url, tmp_path, "mode=full")
        path = next(p for p in replica.site.routes if p.startswith(f"/ar/news_show/{target}/0/"))
        page = replica.file_bytes(path).decode("utf-8")
        assert first_para[:20] in page
        replica.serve(path, page.replace(first_para[:20], "تصحيح: " + first_para[:20]).encode("utf-8"))
        crawl("orient_news", replica, db_url, tmp_path, "refresh=stored")
    stored = rows_by_id(db_url, "orient_news")[target]
    assert stored["revision"] == 2 and stored["body"].startswith("تصحيح: ")
    assert len(warc.warc_files(warc_dir(tmp_path))) == 2  # one file per run, both capturing the article
    fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    proc = run_scrapy(["reparse", "orient_news", "--from-warc", str(warc_dir(tmp_path))], fresh_url, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert rows_by_id(fresh_url, "orient_news")[target]["body"] == stored["body"]


# -- damage: a crash mid-write, a lost file ----------------------------------------------------------------
def cut_inside_last_member(path: Path) -> int:
    """Cut the file in the middle of its last record, as a crash mid-write leaves it; where."""
    spans = [(r.offset, r.length) for r in warc.scan(path).records]
    offset, length = spans[-1]
    data = path.read_bytes()
    path.write_bytes(data[: offset + length // 2])
    return offset


def test_a_truncated_record_is_named_by_verify_and_skipped_by_the_reader(tmp_path, db_url):
    with Replica("orient_news") as replica:
        crawl("orient_news", replica, db_url, tmp_path, "mode=full", NEWS_WARC_MAX_SIZE=60000)
    files = warc.warc_files(warc_dir(tmp_path))
    assert len(files) >= 3
    whole = list(warc.iter_records(files))
    victim = files[0]
    offset = cut_inside_last_member(victim)
    with pytest.raises((EOFError, OSError)):  # the file is really broken: gzip itself gives up on it
        gzip.decompress(victim.read_bytes())
    verify = run_scrapy(["warc", "verify"], db_url, tmp_path)
    assert verify.returncode == 1, verify.stdout + verify.stderr
    assert f"DAMAGED {victim}: truncated record at offset {offset}" in verify.stdout
    assert "FAILED (1 damaged" in last_line(verify.stdout)
    # the reader names it and goes on: every record but the cut one, the later files whole
    damage: list[warc.Damage] = []
    read = list(warc.iter_records(files, damage=damage))
    assert [(d.path, d.offset, d.kind) for d in damage] == [(victim, offset, "truncated")]
    assert [(r.path, r.offset) for r in read] == [
        (r.path, r.offset) for r in whole if (r.path, r.offset) != (victim, offset)
    ]
    # and so does reparse from those files
    fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    proc = run_scrapy(["reparse", "orient_news", "--from-warc", str(warc_dir(tmp_path))], fresh_url, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "truncated record at offset" in proc.stderr
    assert len(rows_by_id(fresh_url, "orient_news")) >= len(rows_by_id(db_url, "orient_news")) - 1


def test_a_stored_article_missing_from_the_warc_files_is_named_by_verify(tmp_path, db_url):
    with Replica("orient_news") as replica:
        crawl("orient_news", replica, db_url, tmp_path, "mode=full", NEWS_WARC_MAX_SIZE=60000)
    files = warc.warc_files(warc_dir(tmp_path))
    lost = next(p for p in files if any(r.fields.get("News-Article-Id") for r in warc.iter_file(p)))
    gone = {
        r.fields["News-Article-Id"] for r in warc.iter_file(lost) if r.status == 200 and r.fields.get("News-Article-Id")
    }
    stored = rows_by_id(db_url, "orient_news")
    gone &= set(stored)
    assert gone
    lost.unlink()
    warc.index_path(lost).unlink()
    verify = run_scrapy(["warc", "verify", str(warc_dir(tmp_path) / "orient_news")], db_url, tmp_path)
    assert verify.returncode == 1, verify.stdout + verify.stderr
    named = set(re.findall(r"^MISSING orient_news (\d+) ", verify.stdout, flags=re.M))
    assert named == gone
    for article_id in gone:
        assert f"MISSING orient_news {article_id} {stored[article_id]['url']}: stored, but no page" in verify.stdout
    assert f"orient_news: {len(gone)} of {len(stored)} stored articles have no page" in verify.stdout


def article_written(directory: Path) -> bool:
    """A crawl writing WARC files under ``directory`` has written an article page's record."""
    try:
        return any(r.fields.get("News-Article-Id") for r in warc.iter_records(warc.warc_files(directory)))
    except (OSError, ValueError):  # the last record half-written: not yet
        return False


def test_a_killed_crawl_leaves_readable_files_and_the_next_run_finishes_them(tmp_path, db_url):
    env = {
        "NEWS_DB_URL": db_url,
        "NEWS_SPOOL_DIR": str(tmp_path / "spool"),
        "NEWS_LOCK_DIR": str(tmp_path / "locks"),
        "NEWS_WARC_DIR": str(warc_dir(tmp_path)),
        "NEWS_LOG_LEVEL": "INFO",
    }
    import os

    with Replica("orient_news", delay=0.1) as replica:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "orient_news",
                "-a",
                f"base_url={replica.base_url}",
                "-a",
                "mode=full",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        # killed once an article page is in the WARC file (not once the replica was asked for
        # five: under load the answers may still be on their way, and the file hold none)
        while not article_written(warc_dir(tmp_path)) and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        [left] = warc.warc_files(warc_dir(tmp_path))
        assert not warc.index_path(left).exists()  # killed before it could finish the file
        read = list(warc.iter_records([left]))
        assert read[0].type == "warcinfo" and any(r.fields.get("News-Article-Id") for r in read)
        verify = run_scrapy(["warc", "verify"], db_url, tmp_path)
        assert verify.returncode == 1 and f"UNINDEXED {left}: no CDXJ index" in verify.stdout
        # as a crash in the middle of a write would leave it
        cut_inside_last_member(left)
        result = crawl("orient_news", replica, db_url, tmp_path, "mode=full")
    assert "cut" in result.log and "truncated last record" in result.log
    assert warc.index_path(left).exists() and not warc.scan(left).damage
    verify = run_scrapy(["warc", "verify"], db_url, tmp_path)
    assert verify.returncode == 0, verify.stdout


# -- usage -----------------------------------------------------------------------------------------------
def test_usage_errors_are_one_line_and_exit_2(tmp_path, db_url):
    for args in (["warc"], ["warc", "check"], ["warc", "verify", str(tmp_path / "nope")], ["warc", "verify", "a", "b"]):
        proc = run_scrapy(args, db_url, tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("error: "), proc.stderr
    proc = run_scrapy(["reparse", "orient_news", "--from-warc", str(tmp_path / "nope")], db_url, tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "error: --from-warc must be a folder of WARC files" in proc.stderr
    assert last_line(proc.stderr).startswith("SUMMARY orient_news: not started — USAGE")
    (tmp_path / "empty").mkdir()
    proc = run_scrapy(
        ["reparse", "orient_news", "--from-warc", str(tmp_path / "empty"), "--quarantined"], db_url, tmp_path
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
