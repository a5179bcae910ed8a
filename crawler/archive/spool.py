"""The spool: records the database could not take wait on disk, whole, for the next run.

**Where.** ``<NEWS_SPOOL_DIR>/<12 hex digits>/``: one directory per database, named by a hash of
its identity (crawler/ops/paths.py ``db_identity``: the real path of an SQLite file; the backend,
user, host, port and name of a server, never its password), with a ``DATABASE`` file that says
which. A crawl into ``data/demo.db`` never sees what was spooled for ``data/news.db``.

**Writing.** Each process appends to a file of its own, ``<outlet>-<UTC time>-<pid>.jsonl``, and
holds an exclusive ``flock`` on it while it is open (the file is made under a temporary name and
renamed once locked, so nobody sees it unlocked). Each line is written whole, then flushed and
fsync'ed; a write that fails (disk full) is cut off again, so it leaves no half line behind.
A line::

    {"v": 1, "spooled_at": "…", "reason": "OperationalError: busy",
     "record": {…the record's fields…},
     "raw": {"zlib_b64": "…", "content_type": "text/html; charset=utf-8", "encoding": "utf-8",
             "status": 200} | null}

``raw`` holds the bytes the record was extracted from (base64 of zlib) when they are not in the
``pages`` table yet. A bare record (the format of older versions) is read too.

**Replaying.** ``replay(outlet)`` (the spider's ``start()``, before anything is fetched) claims
the outlet's files one by one by taking their ``flock``: a file whose writer still runs, or that
another process is replaying, is left alone, so two runs never replay the same file. Its
records come back as items with their raw bytes attached (crawler/archive/raw_pages.py
``attach_raw``) and walk validate → boilerplate → dedupe → storage like any record (raw page
saved, near-duplicate index written, revision counted). ``settle`` is told the fate of each
(stored, dropped as already stored or quarantined, or spooled again); at ``close`` a file all of
whose records were settled is deleted, any other stays, unlocked, for the next run (a record
replayed twice is only "already stored" the second time).

A line that cannot be read (the truncated last line a crash or a full disk leaves, a corrupt
one) is moved aside, as it was, into ``corrupt-<UTC time>.jsonl`` in the same directory, with one
warning per file (``news/spool/corrupt``); it never holds back the records around it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import errno
import fcntl
import hashlib
import json
import logging
import os
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.archive.raw_pages import attach_raw, unarchived
from crawler.items import Article, utc_now_iso
from crawler.ops.lock import safe_url
from crawler.ops.paths import db_identity, project_db_url, project_path

logger = logging.getLogger(__name__)

VERSION = 1
LEGACY_FILE = "articles.jsonl"  # what older versions wrote (one file for every database)
ARTICLE_FIELDS = {f.name for f in dataclasses.fields(Article)}
REQUIRED = ("outlet", "article_id", "url")


class CorruptLine(ValueError):
    """A spool line that cannot be read back into a record."""


@dataclass
class RawBytes:
    """The bytes a record was extracted from, as the ``pages`` table keeps them."""

    body: bytes
    content_type: str | None = None
    encoding: str | None = None
    status: int = 200


def spool_dir(base_dir: str | os.PathLike[str], db_url: str) -> Path:
    """The spool directory of the database at ``db_url``."""
    digest = hashlib.sha1(db_identity(db_url).encode("utf-8")).hexdigest()[:12]
    return project_path(base_dir) / digest


def encode_line(record: dict[str, Any], raw: RawBytes | None, reason: str) -> bytes:
    line: dict[str, Any] = {"v": VERSION, "spooled_at": utc_now_iso(), "reason": reason, "record": record}
    line["raw"] = (
        {
            "zlib_b64": base64.b64encode(zlib.compress(raw.body, 6)).decode("ascii"),
            "content_type": raw.content_type,
            "encoding": raw.encoding,
            "status": raw.status,
        }
        if raw is not None
        else None
    )
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def decode_line(line: bytes) -> tuple[dict[str, Any], RawBytes | None]:
    """The record and raw bytes of one line; ``CorruptLine`` when it cannot be read."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorruptLine(type(exc).__name__) from None
    if not isinstance(data, dict):
        raise CorruptLine("not an object")
    if "v" not in data:  # an older version's line: the record alone
        data = {"record": data, "raw": None}
    record, raw = data.get("record"), data.get("raw")
    if not isinstance(record, dict) or not all(isinstance(record.get(k), str) and record[k] for k in REQUIRED):
        raise CorruptLine("no record")
    if raw is None:
        return record, None
    try:
        body = zlib.decompress(base64.b64decode(raw["zlib_b64"], validate=True))
    except (KeyError, TypeError, binascii.Error, zlib.error) as exc:
        raise CorruptLine(f"raw bytes: {type(exc).__name__}") from None
    return record, RawBytes(body, raw.get("content_type"), raw.get("encoding"), int(raw.get("status") or 200))


def _stamp() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _Writer:
    """This process's spool file for one outlet: locked while open, one fsync'ed line at a time."""

    def __init__(self, directory: Path, outlet: str):
        for n in range(100):
            name = f"{outlet}-{_stamp()}-{os.getpid()}{f'-{n}' if n else ''}.jsonl"
            temporary = directory / f".{name}.new"
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
            except FileExistsError:
                continue
            if (directory / name).exists():
                os.close(fd)
                os.unlink(temporary)
                continue
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.rename(temporary, directory / name)
            self.fd, self.path, self.lines = fd, directory / name, 0
            return
        raise FileExistsError(errno.EEXIST, "no free spool file name", str(directory))

    def write(self, data: bytes) -> None:
        size = os.fstat(self.fd).st_size
        try:
            _write_all(self.fd, data)
            os.fsync(self.fd)
        except OSError:
            with contextlib.suppress(OSError):  # leave no half line behind
                os.ftruncate(self.fd, size)
            raise
        self.lines += 1

    def close(self) -> None:
        os.close(self.fd)  # releases the lock


@dataclass
class Claim:
    """A spool file this process replays: locked (its descriptor) until ``Spool.close``."""

    path: Path
    fd: int
    total: int = 0  # records yielded (or filed elsewhere)
    settled: int = 0  # records whose fate is known: stored, dropped, spooled again
    exhausted: bool = False  # every line was read
    keep: bool = False  # something could not be moved aside: the file must stay


class Spool:
    """The spool of one database (``NEWS_SPOOL_DIR``, ``NEWS_DB_URL``), for one process."""

    def __init__(self, base_dir: str | os.PathLike[str], db_url: str, stats: Any = None):
        self.dir = spool_dir(base_dir, db_url)
        self.identity = db_identity(db_url)
        self.label = safe_url(project_db_url(db_url))
        self.stats = stats
        self._writers: dict[str, _Writer] = {}
        self._claims: list[Claim] = []

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)

    def _make_dir(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        marker = self.dir / "DATABASE"
        if not marker.exists():
            with contextlib.suppress(OSError):  # a label for people; the directory's name is the key
                marker.write_text(f"{self.label}\n{self.identity}\n", encoding="utf-8")

    # -- writing -----------------------------------------------------------------------------------
    def append(self, record: dict[str, Any], raw: RawBytes | None = None, reason: str = "") -> Path:
        """Append one record (and its raw bytes); the file it went to. ``OSError`` when it cannot
        be written (disk full, read-only): then nothing of it is in the spool."""
        outlet = str(record.get("outlet") or "unknown")
        writer = self._writers.get(outlet)
        if writer is None:
            self._make_dir()
            writer = self._writers[outlet] = _Writer(self.dir, outlet)
        writer.write(encode_line(record, raw, reason))
        return writer.path

    # -- replaying ---------------------------------------------------------------------------------
    def replay(self, outlet: str) -> Iterator[Article]:
        """The spooled records of ``outlet`` as items, raw bytes attached, from every file no
        other process holds; ``settle`` each, ``close`` at the end of the run."""
        if not self.dir.is_dir():
            return
        paths = sorted(self.dir.glob(f"{outlet}-*.jsonl"))
        if (self.dir / LEGACY_FILE).exists():
            paths.append(self.dir / LEGACY_FILE)
        for path in paths:
            claim = self._claim(path)
            if claim is not None:
                yield from self._records(claim, outlet)

    def _claim(self, path: Path) -> Claim | None:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return None  # replayed and removed by another run meanwhile
        except OSError as exc:
            logger.warning("spool: cannot read %s (%s), not replayed", path, exc.strerror or type(exc).__name__)
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            logger.info("spool: %s is being written or replayed by another process, left to it", path.name)
            return None
        if not self._still_there(path, fd):
            os.close(fd)
            return None
        claim = Claim(path, fd)
        self._claims.append(claim)
        return claim

    @staticmethod
    def _still_there(path: Path, fd: int) -> bool:
        """The locked descriptor is still the file at ``path`` (not one replayed and removed)."""
        try:
            return os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return False

    def _records(self, claim: Claim, outlet: str) -> Iterator[Article]:
        corrupt: list[bytes] = []
        before = claim.total
        with os.fdopen(os.dup(claim.fd), "rb") as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    record, raw = decode_line(line.rstrip(b"\r\n"))
                except CorruptLine:
                    corrupt.append(line.rstrip(b"\r\n"))
                    continue
                claim.total += 1
                self._inc("news/spool/read")
                if record["outlet"] != outlet:  # an older version's file holds every outlet
                    self._refile(claim, record, raw)
                    continue
                yield self._item(record, raw, claim)
        claim.exhausted = True
        if corrupt:
            self._move_aside(claim, corrupt)
        logger.info("spool: %d records read from %s, replayed", claim.total - before, claim.path.name)

    @staticmethod
    def _item(record: dict[str, Any], raw: RawBytes | None, claim: Claim) -> Article:
        item: Any = Article(**{k: v for k, v in record.items() if k in ARTICLE_FIELDS})
        if raw is not None:
            attach_raw(item, raw.body, raw.content_type, raw.encoding)
        unarchived(item, raw is not None)  # the storage step saves the page with the record
        item._spool_claim = claim
        return item

    def _refile(self, claim: Claim, record: dict[str, Any], raw: RawBytes | None) -> None:
        try:
            self.append(record, raw, reason="refiled")
        except OSError as exc:
            claim.keep = True
            logger.warning("spool: a %s record of %s could not be refiled (%s)", record["outlet"], claim.path.name, exc)
            return
        claim.settled += 1

    def _move_aside(self, claim: Claim, lines: list[bytes]) -> None:
        target = self.dir / f"corrupt-{_stamp()}.jsonl"
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                _write_all(fd, b"".join(line + b"\n" for line in lines))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            claim.keep = True
            logger.warning(
                "spool: %d unreadable lines of %s could not be moved aside (%s); the file stays",
                len(lines),
                claim.path.name,
                exc.strerror or type(exc).__name__,
            )
            return
        self._inc("news/spool/corrupt", len(lines))
        logger.warning(
            "spool: %d unreadable line%s of %s (cut short by a crash or a full disk?) moved aside to %s; "
            "the other records are replayed",
            len(lines),
            "" if len(lines) == 1 else "s",
            claim.path.name,
            target,
        )

    def settle(self, item: Any) -> None:
        """The item's record is safe (stored, dropped on purpose, or spooled again)."""
        claim = getattr(item, "_spool_claim", None)
        if claim is not None:
            claim.settled += 1
            item._spool_claim = None

    # -- the end of the run ------------------------------------------------------------------------
    def close(self) -> None:
        """Delete the replayed files whose every record was settled, release the others and this
        process's own files."""
        for claim in self._claims:
            done = claim.exhausted and not claim.keep and claim.settled >= claim.total
            if done and self._still_there(claim.path, claim.fd):
                try:
                    claim.path.unlink()
                except OSError as exc:  # replayed twice by the next run: the second time "already stored"
                    logger.warning("spool: %s replayed but not removed (%s)", claim.path, exc.strerror or exc)
            elif not done:
                logger.warning(
                    "spool: %d of %d records of %s were not settled in this run; the file stays for the next one",
                    claim.total - claim.settled,
                    claim.total,
                    claim.path,
                )
            os.close(claim.fd)
        self._claims = []
        for writer in self._writers.values():
            if writer.lines:
                logger.warning("spool: %d records wait in %s for the next run", writer.lines, writer.path)
            else:  # nothing could be written to it
                with contextlib.suppress(OSError):
                    writer.path.unlink()
            writer.close()
        self._writers = {}


def spool_for(crawler: Any) -> Spool:
    """The spool of a crawl's database, shared by the spider (replay) and the storage step."""
    spool = getattr(crawler, "_news_spool", None)
    if spool is None:
        from crawler.archive.storage import db_url_from_env

        settings = crawler.settings
        spool = Spool(
            settings.get("NEWS_SPOOL_DIR") or "data/spool",
            settings.get("NEWS_DB_URL") or db_url_from_env(),
            stats=crawler.stats,
        )
        crawler._news_spool = spool
    return spool
