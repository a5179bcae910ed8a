"""``scrapy export``: the stored records, or the stories, as JSONL, CSV or Parquet.

- **JSONL**: one record per line, its fields with lists and objects as real JSON (not JSON in a
  string), UTF-8, times as stored (ISO 8601 with offset).
- **CSV**: a header and one row per article; lists joined readably (``a | b``), quoted sources as
  ``name (kind)``, videos by URL; ``excel`` puts the UTF-8 byte-order mark first, without which
  Excel reads Arabic as mojibake.
- **Parquet** (pyarrow): typed columns (``timestamp[us, tz=Asia/Damascus]`` for an article's
  times, ``tz=UTC`` for the archive's; ``list<string>``; ``list<struct>`` for videos and quoted
  sources; ``int32`` revision), zstd-compressed, written a batch of rows at a time: pandas,
  DuckDB and R's arrow read it without conversion.

Every writer takes the records as a stream and keeps one batch at most, so memory stays flat at
any size (``bench/export.py``). ``AtomicFile`` writes into a temporary file beside the target and
renames it into place only once everything is written: a failed or interrupted export never
leaves a partial file under the requested name (nor replaces a previous one).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from crawler.archive.types import ARTICLE_ZONE, BOOKKEEPING_ZONE, to_moment
from crawler.readers.records import ReaderError
from crawler.readers.stories import STORY_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
PARQUET_BATCH = 2000
LIST_SEPARATOR = " | "

#: an article's own times (Damascus) and the archive's (UTC), as Parquet timestamps
ARTICLE_TIMES = ("published_at", "modified_at", "first_published_at")
ARCHIVE_TIMES = ("scraped_at", "first_seen_at", "updated_at")
STRING_LISTS = ("authors", "tags", "images", "outlets")
VIDEO_KEYS = ("url", "provider", "video_id", "embed_url")
SOURCE_KEYS = ("name", "kind", "role", "verb", "told_to", "quote", "paragraph")
MEMBER_KEYS = ("outlet", "article_id", "url", "published_at", "title", "duplicate_of")


class ExportError(RuntimeError):
    """The export could not be completed (a value that cannot be written, the disk): exit 1."""


def format_for(path: str, given: str | None) -> str:
    """The format asked for, or the one the file's extension names."""
    if given:
        if given not in FORMATS:
            raise ReaderError(f"--format takes {', '.join(FORMATS)}, not {given!r}")
        return given
    if path == "-":
        return "jsonl"
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise ReaderError(f"cannot tell the format from {path!r}: name it .jsonl, .csv or .parquet, or give --format")
    return found


# -- the output file ----------------------------------------------------------------------------------


class AtomicFile:
    """A file written under a temporary name in the target's folder and renamed into place by
    ``commit``; ``discard`` (or leaving the ``with`` block by an exception) removes it. Opening
    fails with a ``ReaderError`` when the target cannot be written (no such folder, a folder, no
    permission), before anything is read from the archive."""

    def __init__(self, path: str | os.PathLike[str]):
        self.target = Path(path)
        if self.target.is_dir():
            raise ReaderError(f"cannot write {self.target}: it is a folder")
        folder = self.target.parent
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".partial", dir=folder)
        except OSError as exc:
            raise ReaderError(f"cannot write {self.target}: {exc.strerror or exc}") from None
        self.temp = Path(name)
        self.file: IO[bytes] = os.fdopen(fd, "wb")

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temp, 0o666 & ~umask)  # what a plain open() would have made, not mkstemp's 0600
        os.replace(self.temp, self.target)

    def discard(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


# -- writers ------------------------------------------------------------------------------------------


def _counted(records: Iterable[dict[str, Any]], tick: Callable[[], None] | None) -> Iterator[dict[str, Any]]:
    for record in records:
        yield record
        if tick is not None:
            tick()


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[bytes], tick: Callable[[], None] | None = None) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    written = 0
    try:
        for record in _counted(records, tick):
            text.write(json.dumps(record, ensure_ascii=False))
            text.write("\n")
            written += 1
        text.flush()
    finally:
        text.detach()
    return written


def csv_value(name: str, value: Any) -> str:
    """A field as one CSV cell: lists joined with `` | ``, sources as ``name (kind)``, videos by URL."""
    if value is None:
        return ""
    if name in ("quoted_sources",):
        return LIST_SEPARATOR.join(
            f"{s.get('name')} ({s['kind']})" if s.get("kind") else str(s.get("name")) for s in value
        )
    if name == "videos":
        return LIST_SEPARATOR.join(str(v.get("url")) for v in value)
    if name == "members":
        return LIST_SEPARATOR.join(f"{m['outlet']} {m.get('published_at') or ''} {m['url']}" for m in value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def write_csv(
    records: Iterable[dict[str, Any]],
    out: IO[bytes],
    fields: Sequence[str],
    *,
    excel: bool = False,
    tick: Callable[[], None] | None = None,
) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if excel else "utf-8", newline="")
    written = 0
    try:
        writer = csv.writer(text)
        writer.writerow(fields)
        for record in _counted(records, tick):
            writer.writerow([csv_value(name, record.get(name)) for name in fields])
            written += 1
        text.flush()
    finally:
        text.detach()
    return written


def parquet_type(name: str):
    """The Parquet (Arrow) type of a field."""
    import pyarrow as pa

    text = pa.string()
    if name in ARTICLE_TIMES:
        return pa.timestamp("us", tz=ARTICLE_ZONE)
    if name in ARCHIVE_TIMES:
        return pa.timestamp("us", tz=BOOKKEEPING_ZONE)
    if name in STRING_LISTS:
        return pa.list_(text)
    if name == "videos":
        return pa.list_(pa.struct([(k, text) for k in VIDEO_KEYS]))
    if name == "quoted_sources":
        return pa.list_(pa.struct([(k, pa.int32() if k == "paragraph" else text) for k in SOURCE_KEYS]))
    if name == "members":
        return pa.list_(
            pa.struct([(k, pa.timestamp("us", tz=ARTICLE_ZONE) if k == "published_at" else text) for k in MEMBER_KEYS])
        )
    if name in ("revision", "size"):
        return pa.int32()
    return text


def _moment(record: dict[str, Any], name: str, value: Any, zone: str):
    try:
        return to_moment(value, zone)
    except (ValueError, TypeError):
        who = record.get("story_id") or f"{record.get('outlet')}/{record.get('article_id')}"
        raise ExportError(f"{who}: {name} is not an ISO 8601 moment: {value!r}") from None


def parquet_row(record: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """A record with the Python values pyarrow takes for ``parquet_type``."""
    row: dict[str, Any] = {}
    for name in fields:
        value = record.get(name)
        if name in ARTICLE_TIMES:
            value = _moment(record, name, value, ARTICLE_ZONE)
        elif name in ARCHIVE_TIMES:
            value = _moment(record, name, value, BOOKKEEPING_ZONE)
        elif name == "videos" and value is not None:
            value = [{k: v.get(k) for k in VIDEO_KEYS} for v in value]
        elif name == "quoted_sources" and value is not None:
            value = [{k: s.get(k) for k in SOURCE_KEYS} for s in value]
        elif name == "members" and value is not None:
            value = [
                {
                    k: _moment(record, name, m.get(k), ARTICLE_ZONE) if k == "published_at" else m.get(k)
                    for k in MEMBER_KEYS
                }
                for m in value
            ]
        row[name] = value
    return row


def write_parquet(
    records: Iterable[dict[str, Any]],
    out: IO[bytes],
    fields: Sequence[str],
    *,
    tick: Callable[[], None] | None = None,
    batch: int = PARQUET_BATCH,
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, parquet_type(name)) for name in fields])
    written = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        rows: list[dict[str, Any]] = []
        for record in _counted(records, tick):
            rows.append(parquet_row(record, fields))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                written += len(rows)
                rows = []
        if rows or not written:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            written += len(rows)
    return written


def write(
    records: Iterable[dict[str, Any]],
    out: IO[bytes],
    fmt: str,
    fields: Sequence[str],
    *,
    excel: bool = False,
    tick: Callable[[], None] | None = None,
) -> int:
    """Write ``records`` (dicts with ``fields``) to ``out`` in ``fmt``; how many were written."""
    if fmt == "jsonl":
        return write_jsonl(records, out, tick)
    if fmt == "csv":
        return write_csv(records, out, fields, excel=excel, tick=tick)
    if fmt == "parquet":
        return write_parquet(records, out, fields, tick=tick)
    raise ReaderError(f"unknown format {fmt!r}")


__all__ = ["FORMATS", "STORY_FIELDS", "AtomicFile", "ExportError", "format_for", "write"]
