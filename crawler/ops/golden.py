"""Golden pages: a raw page kept beside the record our parsers extract from it.

When a site changes its markup the operator captures a page of the new markup, writes a
date-versioned parser for it, and keeps the page as a regression test. The record is written
by this module, never by hand, and reviewed by a human; ``regenerate`` rewrites the records
after a deliberate parser change and says which fields moved, so the review is of a diff.
(After Fundus's ``scripts/generate_parser_test_files.py``.)

Layout, one folder per outlet (the spider name)::

    <folder>/<outlet>/<name>.html         the raw bytes as fetched (``.json`` for an API page)
    <folder>/<outlet>/<name>.record.json  the extracted record, without the volatile fields
    <folder>/<outlet>/<name>.meta.json    url, content_type, source, saved_at (+ error)

A page that parses with no template is saved all the same, with the reason in its meta and no
record: the operator writes the parser and then regenerates.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from crawler.items import Article, utc_now_iso
from crawler.parsers.base import ParseError

#: fields that describe one extraction, not the page: a golden record that kept them would change on every run
DROPPED_FIELDS = ("scraped_at", "fetched_url", "duplicate_of")
FETCH_TIMEOUT = 30
PAGE_EXTS = (".html", ".json")


class FetchError(Exception):
    """The page could not be fetched (HTTP error, unreachable, timeout)."""


@dataclass
class GoldenResult:
    page: Path
    meta: Path
    record_file: Path | None = None
    record: dict[str, Any] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Change:
    """What the current parsers make of one saved page, compared with its saved record."""

    page: Path
    #: ``field -> (saved, now)`` for every field that differs (a new record: saved is None)
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    record: dict[str, Any] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def changed(self) -> bool:
        return bool(self.fields)


def spider_for(name: str, settings=None):
    """A spider instance outside a crawl (enough for ``item_from_archive``: no storage, no
    network). ``KeyError`` for an unknown name."""
    from scrapy.crawler import Crawler
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    settings = settings if settings is not None else get_project_settings()
    cls = get_spider_loader(settings).load(name)
    return cls.from_crawler(Crawler(cls, settings))


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch(url: str, user_agent: str) -> tuple[bytes, str | None]:
    """The raw bytes and Content-Type of ``url``, with our User-Agent."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read(), response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} from {url}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise FetchError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from None


def record_of(item) -> dict[str, Any]:
    record = ItemAdapter(item).asdict()
    for name in DROPPED_FIELDS:
        record.pop(name, None)
    return record


def extract(spider, url: str, body: bytes, content_type: str | None) -> tuple[dict | None, str | None]:
    """``(record, None)``, or ``(None, reason)`` for a page no parser takes. Any exception counts:
    a parser that crashes on new markup is as much "does not parse" as one that declines it."""
    try:
        item = spider.item_from_archive({"url": url, "body": body, "encoding": None, "content_type": content_type})
    except ParseError as exc:
        return None, str(exc)
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"
    if not isinstance(item, Article):  # None, or a failure handed back instead of raised
        return None, getattr(item, "reason", None) or "no record extracted"
    return record_of(item), None


def dump(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def save_golden(spider, source: str, *, name: str | None, url: str | None, folder: Path) -> GoldenResult:
    """Save one page (an http(s) URL or a file) and the record extracted from it.

    ``url`` is the outlet's canonical URL of the page; the parsers take ids and canonical
    links from it, so a file needs one. Raises ``FileNotFoundError`` / ``ValueError`` for
    bad arguments and ``FetchError``; a page that does not parse is saved and reported in
    ``GoldenResult.error``."""
    if is_url(source):
        body, content_type = fetch(source, spider.settings.get("USER_AGENT"))
        url = url or source
    else:
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {source}")
        if not url:
            raise ValueError("a page read from a file needs its real URL (--url)")
        body = path.read_bytes()
        content_type = "application/json" if path.suffix == ".json" else "text/html"
    if name is not None and (not name or Path(name).name != name):
        raise ValueError(f"name must be a plain file name, not {name!r}")

    record, error = extract(spider, url, body, content_type)
    if name is None:
        name = (
            f"{record['template']}-{record['article_id']}"
            if record
            else "unparsed-" + hashlib.sha1(body).hexdigest()[:10]
        )
    outdir = Path(folder) / spider.name
    outdir.mkdir(parents=True, exist_ok=True)
    ext = ".json" if "json" in (content_type or "") else ".html"
    for stale in (outdir / f"{name}{e}" for e in PAGE_EXTS if e != ext):
        stale.unlink(missing_ok=True)  # the same name saved before from the other kind of page
    page = outdir / f"{name}{ext}"
    page.write_bytes(body)
    meta = {"url": url, "content_type": content_type, "source": source, "saved_at": utc_now_iso()}
    if error:
        meta["error"] = error
    meta_file = outdir / f"{name}.meta.json"
    meta_file.write_text(dump(meta), encoding="utf-8")
    record_file = outdir / f"{name}.record.json"
    if record is None:
        record_file.unlink(missing_ok=True)  # a record of an older page under this name is not its record
        return GoldenResult(page, meta_file, error=error)
    record_file.write_text(dump(record), encoding="utf-8")
    return GoldenResult(page, meta_file, record_file, record)


# -- regeneration -----------------------------------------------------------------------------------
def saved_pages(folder: Path, outlet: str) -> list[tuple[Path, Path]]:
    """``(page, meta)`` of every golden page of the outlet, by name."""
    pairs = []
    for meta in sorted((Path(folder) / outlet).glob("*.meta.json")):
        stem = meta.name[: -len(".meta.json")]
        for ext in PAGE_EXTS:
            if (page := meta.with_name(stem + ext)).is_file():
                pairs.append((page, meta))
                break
    return pairs


def record_path(page: Path) -> Path:
    return page.with_suffix(".record.json")


def diff(old: dict | None, new: dict) -> dict[str, tuple[Any, Any]]:
    old = old or {}
    return {k: (old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


def compare(spider, page: Path, meta_file: Path) -> Change:
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    record, error = extract(spider, meta["url"], page.read_bytes(), meta.get("content_type"))
    if record is None:
        return Change(page, error=error)
    saved_file = record_path(page)
    saved = json.loads(saved_file.read_text(encoding="utf-8")) if saved_file.is_file() else None
    fields = diff(saved, record)
    if saved is None:  # every field is new: say so even for fields that are empty
        fields = {k: (None, v) for k, v in record.items()}
    return Change(page, fields, record)


def check(spider, folder: Path) -> list[Change]:
    """Each saved page of the spider's outlet against its saved record; writes nothing."""
    return [compare(spider, page, meta) for page, meta in saved_pages(folder, spider.name)]


def regenerate(spider, folder: Path) -> list[Change]:
    """``check``, then rewrite every record that changed (and the meta's ``error``, which must
    describe the current parsers). A page that no longer parses keeps its old record: that
    record is what the parsers should still produce."""
    changes = []
    for page, meta_file in saved_pages(folder, spider.name):
        change = compare(spider, page, meta_file)
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if change.error != meta.get("error"):
            meta.pop("error", None)
            if change.error:
                meta["error"] = change.error
            meta_file.write_text(dump(meta), encoding="utf-8")
        if change.changed:
            assert change.record is not None  # a change is always computed against a new record
            record_path(page).write_text(dump(change.record), encoding="utf-8")
        changes.append(change)
    return changes
