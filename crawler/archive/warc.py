"""Reading and writing WARC files (ISO 28500, WARC/1.1), built on warcio. No crawl logic here:
what to capture is crawler/archive/warc_capture.py's business, what the records mean the spiders'.

Writing (``WarcWriter``): one file at a time under a directory, named
``<prefix>-<timestamp>-<serial>.warc.gz`` (``timestamp``: UTC, to the millisecond; ``serial``:
the file's number in this writer, from 00000), rotated once it holds ``max_size`` bytes. Every file
starts with a ``warcinfo`` record (the fields the writer was given). Each HTTP exchange is a
``response`` record and a ``request`` record (``WARC-Concurrent-To`` the response), each record its
own gzip member, with ``WARC-Block-Digest`` and ``WARC-Payload-Digest`` (sha1, base 32, as warcio and
pywb write them). A pair is compressed in memory and written with one ``write`` then flushed, so a
killed process leaves whole records behind and a crash in the middle of a write (power loss, full
disk) at most one truncated last record. While a file is written the writer holds an exclusive
``flock`` on it; when it is finished (rotation, ``close``) a CDXJ index of its response records is
written beside it (``<name>.cdxj``, pywb's format: ``SURT timestamp {json}``, sorted). Memory does
not grow with the file: each response's index line goes to ``<name>.cdxj.partial`` as it is
written, and the index is sorted from there ``INDEX_SORT_CHUNK`` lines at a time, merged from runs
on disk (a full crawl of 200,000 articles used to hold every entry, then the sorted index twice).

Reading (``scan``, ``iter_records``, ``read_record_at``): the gzip members are found by
decompressing the file one member at a time; a member that ends before its gzip trailer is a
truncated record (``Damage``: reported, never parsed) and reading goes on, so a broken last record
never stops a reader. Each whole member is parsed by warcio, its digests checked on request.
``finish_stale`` indexes the files a crashed writer left without an index, first cutting their
truncated last record off.
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, TextIO
from urllib.parse import parse_qsl, urlencode, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
from warcio.warcwriter import WARCWriter

WARC_SUFFIX = ".warc.gz"
INDEX_SUFFIX = ".cdxj"
#: a file's index lines, in the order written, while the file is written (removed once indexed)
PARTIAL_INDEX_SUFFIX = ".cdxj.partial"
#: index lines sorted in memory at a time; a larger index is merged from sorted runs on disk
INDEX_SORT_CHUNK = 10_000
WARC_VERSION = "1.1"
DEFAULT_MAX_SIZE = 1024**3  # 1 GB
CHUNK = 1 << 16
#: ``<prefix>-<timestamp>-<serial>.warc.gz``
NAME = re.compile(r"^(?P<prefix>.+)-(?P<timestamp>\d{17})-(?P<serial>\d{5})\.warc\.gz$")
#: HTTP headers not kept as received: the body is stored without its chunked transfer coding
HOP_BY_HOP = {"transfer-encoding"}


# -- what is written ----------------------------------------------------------------------------------
@dataclass
class Exchange:
    """One HTTP request and its response, as the crawler sent and got them."""

    url: str  # the URL as requested (WARC-Target-URI)
    status: int
    body: bytes
    response_headers: list[tuple[str, str]]
    reason: str = ""
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    date: datetime | None = None  # when the response came (now if None)
    ip_address: str | None = None
    #: extra named fields of the response record (the crawler's own, e.g. ``News-Outlet``)
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass
class IndexEntry:
    url: str
    date: str  # WARC-Date
    status: int
    mime: str
    digest: str
    offset: int
    length: int
    filename: str

    def line(self) -> str:
        fields = {
            "url": self.url,
            "mime": self.mime,
            "status": str(self.status),
            "digest": self.digest.split(":", 1)[-1],
            "length": str(self.length),
            "offset": str(self.offset),
            "filename": self.filename,
        }
        return f"{surt(self.url)} {timestamp14(self.date)} {json.dumps(fields, ensure_ascii=False)}"


def timestamp14(warc_date: str) -> str:
    """``2026-12-02T10:11:12.123456Z`` → ``20261202101112`` (CDXJ's timestamp)."""
    return re.sub(r"\D", "", warc_date)[:14]


def surt(url: str) -> str:
    """The sort-friendly URL key of CDX/CDXJ indexes, as the ``surt`` library makes it for plain URLs:
    no scheme, host lower-cased without ``www.`` and reversed (``net,orient-news``), a port other
    than the scheme's default kept (``:8000``), then ``)``, the path and the query sorted, lower-cased."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    host = re.sub(r"^www\d*\.", "", host)
    key = ",".join(reversed(host.split("."))) if host else ""
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != default:
        key += f":{port}"
    path = parts.path or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)), safe="%/:=&?~#+!$,;'@()*[]")
    return (key + ")" + path + ("?" + query if query else "")).lower()


def _gzip_member(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


class WarcWriter:
    """Writes exchanges into rotating ``.warc.gz`` files under ``directory`` (see the module)."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        prefix: str,
        info: Mapping[str, str],
        max_size: int = DEFAULT_MAX_SIZE,
        level: int = 6,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.info = dict(info)
        self.max_size = max_size
        self.level = level
        self.serial = 0
        self.path: Path | None = None
        self.handle: BinaryIO | None = None
        self.partial: TextIO | None = None  # the index lines of the file being written
        self.finished: list[Path] = []  # files closed and indexed by this writer
        self.records = 0
        self.bytes_written = 0
        self._warc = WARCWriter(BytesIO(), gzip=False, warc_version=WARC_VERSION)

    # -- files --------------------------------------------------------------------------------------
    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
            path = self.directory / f"{self.prefix}-{stamp}-{self.serial:05d}{WARC_SUFFIX}"
            try:
                handle = path.open("xb")  # never another writer's file
            except FileExistsError:
                self.serial += 1
                continue
            break
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.path, self.handle = path, handle
        self.partial = partial_index_path(path).open("w", encoding="utf-8")
        self.serial += 1
        record = self._warc.create_warcinfo_record(path.name, self.info)
        self._write_members([self._serialise(record)])

    def _finish(self) -> None:
        if self.handle is None or self.path is None:
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())
        partial = partial_index_path(self.path)
        if self.partial is not None:
            self.partial.close()
            self.partial = None
        with partial.open(encoding="utf-8") as lines:
            write_index_lines(self.path, (line.rstrip("\n") for line in lines))
        partial.unlink()
        self.handle.close()  # releases the lock, after the index says the file is finished
        self.finished.append(self.path)
        self.handle, self.path = None, None

    def close(self) -> None:
        self._finish()

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- records ------------------------------------------------------------------------------------
    def _serialise(self, record) -> bytes:
        out = BytesIO()
        self._warc.out = out
        self._warc.write_record(record)
        return out.getvalue()

    def _write_members(self, records: list[bytes]) -> list[tuple[int, int]]:
        """Compress each record as its own gzip member and write them with one write; their
        (offset, length) in the file."""
        assert self.handle is not None
        offset = self.handle.tell()
        members = [_gzip_member(data, self.level) for data in records]
        spans = []
        for member in members:
            spans.append((offset, len(member)))
            offset += len(member)
        self.handle.write(b"".join(members))
        self.handle.flush()
        self.bytes_written += sum(len(m) for m in members)
        return spans

    def write(self, exchange: Exchange) -> None:
        """Write one exchange as a response and a request record."""
        if self.handle is not None and self.handle.tell() >= self.max_size:
            self._finish()
        if self.handle is None:
            self._open()
        assert self.path is not None
        date = (exchange.date or datetime.now(UTC)).astimezone(UTC)
        warc_date = date.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        response_id = self._warc._make_warc_id()
        fields = [
            ("WARC-Type", "response"),
            ("WARC-Record-ID", response_id),
            ("WARC-Date", warc_date),
            ("WARC-Target-URI", exchange.url),
        ]
        if exchange.ip_address:
            fields.append(("WARC-IP-Address", exchange.ip_address))
        fields += [(name, value) for name, value in exchange.fields.items() if value]
        headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in HOP_BY_HOP]
        statusline = f"{exchange.status} {exchange.reason}".rstrip()
        http = StatusAndHeaders(statusline, headers, protocol=exchange.protocol)
        response = self._warc.create_warc_record(
            exchange.url,
            "response",
            payload=BytesIO(exchange.body),
            length=len(exchange.body),
            warc_headers=StatusAndHeaders("", fields, protocol=f"WARC/{WARC_VERSION}"),
            http_headers=http,
        )
        split = urlsplit(exchange.url)
        target = (split.path or "/") + ("?" + split.query if split.query else "")
        request_http = StatusAndHeaders(
            f"{exchange.method} {target} {exchange.protocol}",
            [("Host", split.netloc), *[(k, v) for k, v in exchange.request_headers if k.lower() != "host"]],
            is_http_request=True,
        )
        request = self._warc.create_warc_record(
            exchange.url,
            "request",
            payload=BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            warc_headers=StatusAndHeaders(
                "",
                [
                    ("WARC-Type", "request"),
                    ("WARC-Record-ID", self._warc._make_warc_id()),
                    ("WARC-Date", warc_date),
                    ("WARC-Target-URI", exchange.url),
                    ("WARC-Concurrent-To", response_id),
                ],
                protocol=f"WARC/{WARC_VERSION}",
            ),
            http_headers=request_http,
        )
        data = self._serialise(response)
        spans = self._write_members([data, self._serialise(request)])
        self.records += 2
        mime = (http.get_header("Content-Type") or "").split(";")[0].strip() or "-"
        entry = IndexEntry(
            url=exchange.url,
            date=warc_date,
            status=exchange.status,
            mime=mime,
            digest=response.rec_headers.get_header("WARC-Payload-Digest") or "",
            offset=spans[0][0],
            length=spans[0][1],
            filename=self.path.name,
        )
        assert self.partial is not None
        self.partial.write(entry.line() + "\n")


# -- the index ------------------------------------------------------------------------------------------
def index_path(path: Path) -> Path:
    """``x.warc.gz`` → ``x.cdxj`` beside it."""
    return path.with_name(path.name.removesuffix(WARC_SUFFIX) + INDEX_SUFFIX)


def partial_index_path(path: Path) -> Path:
    """``x.warc.gz`` → ``x.cdxj.partial``: its index lines while it is written."""
    return path.with_name(path.name.removesuffix(WARC_SUFFIX) + PARTIAL_INDEX_SUFFIX)


def write_index(path: Path, entries: Iterable[IndexEntry]) -> Path:
    """The CDXJ index of a finished file, written whole then renamed into place."""
    return write_index_lines(path, (entry.line() for entry in entries))


def write_index_lines(path: Path, lines: Iterable[str], chunk: int = INDEX_SORT_CHUNK) -> Path:
    """The CDXJ index of a finished file from its lines in any order, sorted with at most ``chunk``
    lines in memory (beyond that, sorted runs in temporary files beside it, merged), written whole
    then renamed into place."""
    target = index_path(path)
    tmp = target.with_name(target.name + ".tmp")
    runs: list[Path] = []
    try:
        block: list[str] = []
        for line in lines:
            block.append(line)
            if len(block) >= chunk:
                runs.append(_sorted_run(target, len(runs), block))
                block = []
        block.sort()
        with contextlib.ExitStack() as stack:
            opened = [stack.enter_context(run.open(encoding="utf-8")) for run in runs]
            merged = heapq.merge(*[(line.rstrip("\n") for line in fh) for fh in opened], block)
            with tmp.open("w", encoding="utf-8") as fh:
                for line in merged:
                    fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        tmp.replace(target)
    finally:
        for run in runs:
            run.unlink(missing_ok=True)
    return target


def _sorted_run(target: Path, number: int, block: list[str]) -> Path:
    run = target.with_name(f"{target.name}.run{number}")
    block.sort()
    with run.open("w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in block)
    return run


def read_index(path: Path) -> list[dict]:
    """The entries of a file's CDXJ index (each its JSON plus ``urlkey`` and ``timestamp``)."""
    entries = []
    for line in index_path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        key, stamp, data = line.split(" ", 2)
        entries.append(dict(json.loads(data), urlkey=key, timestamp=stamp))
    return entries


# -- reading ------------------------------------------------------------------------------------------
@dataclass
class Record:
    """One WARC record, read whole."""

    path: Path
    offset: int
    length: int
    type: str
    fields: dict[str, str]  # the WARC header fields (first value of each name)
    status: int | None = None  # HTTP status of a response
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    payload: bytes = b""  # the HTTP body (content coding removed) or the block
    digest_ok: bool | None = None  # None: no digest checked
    problems: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return self.fields.get("WARC-Target-URI", "")

    @property
    def date(self) -> str:
        return self.fields.get("WARC-Date", "")

    def http_header(self, name: str) -> str | None:
        lower = name.lower()
        return next((v for k, v in self.http_headers if k.lower() == lower), None)


@dataclass
class Damage:
    """A part of a file that is not a whole, readable record."""

    path: Path
    offset: int
    kind: str  # truncated | corrupt | digest
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} record at offset {self.offset}: {self.message}"


def _members(handle: BinaryIO) -> Iterator[tuple[int, int, bytes | None, str]]:
    """(offset, length, decompressed bytes or None, error) of each gzip member, in order. A member
    cut short (no gzip trailer before the end of the file) gives None and ``truncated``; bytes that
    are not gzip give None and ``corrupt``, and the rest of the file is not read."""
    pending = b""
    offset = 0
    eof = False
    while True:
        if not pending and not eof:
            pending = handle.read(CHUNK)
            eof = not pending
        if not pending:
            return
        decompressor = zlib.decompressobj(zlib.MAX_WBITS + 16)
        out: list[bytes] = []
        consumed = 0
        try:
            while True:
                out.append(decompressor.decompress(pending))
                if decompressor.eof:
                    consumed += len(pending) - len(decompressor.unused_data)
                    pending = decompressor.unused_data
                    break
                consumed += len(pending)
                pending = handle.read(CHUNK)
                if not pending:
                    eof = True
                    break
        except zlib.error as exc:
            yield offset, consumed, None, f"corrupt: not a gzip member ({exc})"
            return
        if not decompressor.eof:
            yield offset, consumed, None, "truncated: the record ends before its gzip trailer (a write cut short)"
            return
        yield offset, consumed, b"".join(out), ""
        offset += consumed


def _parse(path: Path, offset: int, length: int, data: bytes, check_digests: bool) -> Record:
    iterator = ArchiveIterator(BytesIO(data), check_digests=check_digests)
    try:
        warc = next(iter(iterator))
    except StopIteration:
        raise ArchiveLoadFailed("an empty gzip member") from None
    fields: dict[str, str] = {}
    for name, value in warc.rec_headers.headers:
        fields.setdefault(name, value)
    record = Record(path=path, offset=offset, length=length, type=warc.rec_type, fields=fields)
    if warc.http_headers is not None and warc.rec_type in ("response", "request"):
        record.http_headers = list(warc.http_headers.headers)
        if warc.rec_type == "response":
            with contextlib.suppress(ValueError, TypeError):
                record.status = int(warc.http_headers.get_statuscode())
    try:
        record.payload = warc.content_stream().read()
    except Exception:  # an unknown or broken content coding: the body as stored
        record.payload = b""
    warc.raw_stream.read()  # to the end, so the digests are checked over the whole block
    if check_digests and warc.digest_checker is not None:
        record.digest_ok = warc.digest_checker.passed
        record.problems += list(warc.digest_checker.problems)
    return record


@dataclass
class FileScan:
    path: Path
    records: list[Record]
    damage: list[Damage]
    size: int

    @property
    def whole_until(self) -> int:
        """Where the last whole record ends (the file's size when nothing is damaged)."""
        if not self.damage:
            return self.size
        return min(d.offset for d in self.damage)


def iter_file(
    path: Path, check_digests: bool = False, damage: list[Damage] | None = None, payloads: bool = True
) -> Iterator[Record]:
    """The whole records of one file, in order; damaged parts go to ``damage`` (never raised)."""
    with path.open("rb") as handle:
        for offset, length, data, error in _members(handle):
            if data is None:
                if damage is not None:
                    kind = error.split(":", 1)[0]
                    damage.append(Damage(path, offset, kind, error.split(": ", 1)[-1]))
                continue
            try:
                record = _parse(path, offset, length, data, check_digests)
            except (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, EOFError) as exc:
                if damage is not None:
                    damage.append(Damage(path, offset, "corrupt", f"not a WARC record ({type(exc).__name__})"))
                continue
            if record.problems and damage is not None:
                damage.append(Damage(path, offset, "digest", "; ".join(record.problems)))
            if not payloads:
                record.payload = b""
            yield record


def scan(path: Path, check_digests: bool = True) -> FileScan:
    """Every record of a file (payloads dropped) and what is damaged in it."""
    damage: list[Damage] = []
    records = list(iter_file(path, check_digests=check_digests, damage=damage, payloads=False))
    return FileScan(path, records, damage, path.stat().st_size)


def iter_records(
    paths: Iterable[Path], check_digests: bool = False, damage: list[Damage] | None = None
) -> Iterator[Record]:
    """The whole records of every file, file after file; a truncated or corrupt record is put in
    ``damage`` and skipped, and reading goes on with the next file."""
    for path in paths:
        yield from iter_file(path, check_digests=check_digests, damage=damage)


def read_record_at(path: Path, offset: int) -> Record:
    """The record whose gzip member starts at ``offset`` (as the index gives it)."""
    with path.open("rb") as handle:
        handle.seek(offset)
        for _, length, data, error in _members(handle):
            if data is None:
                raise ArchiveLoadFailed(f"{path} at {offset}: {error}")
            return _parse(path, offset, length, data, check_digests=False)
    raise ArchiveLoadFailed(f"{path} at {offset}: no record there")


def warc_files(directory: str | os.PathLike[str]) -> list[Path]:
    """Every ``.warc.gz`` file under ``directory`` (any depth), by folder then name (oldest first)."""
    root = Path(directory)
    if root.is_file():
        return [root]
    return sorted(root.rglob("*" + WARC_SUFFIX), key=lambda p: (str(p.parent), p.name))


# -- files a writer left behind --------------------------------------------------------------------------
def being_written(path: Path) -> bool:
    """A writer holds this file (its ``flock``)."""
    try:
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def finish_stale(directory: str | os.PathLike[str]) -> list[str]:
    """Index the files under ``directory`` that a writer left without an index and no longer holds
    (a killed or crashed run), first cutting a truncated last record off; what was done, one line
    per file."""
    done = []
    for path in warc_files(directory):
        if index_path(path).exists() or being_written(path):
            continue
        with path.open("r+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a writer took it meanwhile
            # read as a stream: only the responses' index entries are kept, never every record
            damage: list[Damage] = []
            records = iter_file(path, damage=damage, payloads=False)
            entries = [_entry(r) for r in records if r.type == "response"]
            size = path.stat().st_size
            whole_until = min((d.offset for d in damage), default=size)
            note = ""
            if whole_until < size:
                handle.truncate(whole_until)
                note = f"; cut {size - whole_until} bytes of a truncated last record"
            entries = [e for e in entries if e.offset < whole_until]
            write_index(path, entries)
            partial_index_path(path).unlink(missing_ok=True)  # the dead writer's index lines
        done.append(f"{path}: indexed {len(entries)} responses (left unfinished by a run that stopped){note}")
    return done


def _entry(record: Record) -> IndexEntry:
    mime = (record.http_header("Content-Type") or "").split(";")[0].strip() or "-"
    return IndexEntry(
        url=record.uri,
        date=record.date,
        status=record.status or 0,
        mime=mime,
        digest=record.fields.get("WARC-Payload-Digest", ""),
        offset=record.offset,
        length=record.length,
        filename=record.path.name,
    )


def index_entries(records: Iterable[Record]) -> list[IndexEntry]:
    """What the index of a file with these records holds: one entry per response."""
    return [_entry(r) for r in records if r.type == "response"]
