"""``scrapy db copy SRC DST``: a whole archive from one database to another (SQLite to
PostgreSQL, back, or between two servers).

Every table of crawler/archive/schema.py is copied (articles, raw pages, the near-duplicate
index, the 404 memory, HTTP validators, quarantine, run history, to-do), parents first, in batches
of ``batch`` rows in primary-key order; each batch is one transaction on the destination, its
rows inserted with ``ON CONFLICT DO NOTHING``. Row ids are kept (the near-duplicate index's order
is which article came first), and PostgreSQL's id sequences are moved past them.

Resumable: after each batch the last key copied is written to a state file
(``NEWS_COPY_STATE_DIR``, ``data/copy/``, one file per source and destination). A copy killed at
any point starts again where that file says; a batch the file does not record yet is copied
again and its rows, already there, are skipped. A destination that holds rows without such a
file is refused (it is not this copy's).

Verified at the end: per table, the row count and a content hash (every column's value in a
canonical form: moments as UTC instants, JSON parsed, bytes as they are; summed over rows, so the
two databases' different orderings of text do not matter) must be equal on both sides. Any
difference is reported by table and the copy fails (exit 1).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select, text, tuple_

from crawler.archive.schema import TABLES
from crawler.archive.storage import SQLStorage, open_storage
from crawler.archive.types import JSONText, Timestamp, to_moment
from crawler.ops.paths import db_identity, project_path

DEFAULT_BATCH = 1000
HASH_MODULUS = 1 << 256


class CopyRefused(RuntimeError):
    """The copy cannot start (the destination is someone else's); the message says why."""


@dataclass
class TableCheck:
    table: str
    source_rows: int
    dest_rows: int
    source_hash: str
    dest_hash: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.dest_rows and self.source_hash == self.dest_hash


def state_file(src_url: str, dst_url: str, state_dir: str | os.PathLike[str] | None = None) -> Path:
    folder = project_path(state_dir or os.environ.get("NEWS_COPY_STATE_DIR") or "data/copy")
    digest = hashlib.sha1(f"{db_identity(src_url)}\n{db_identity(dst_url)}".encode()).hexdigest()[:16]
    return folder / f"copy-{digest}.json"


def _load_state(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _save_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _key(table: Table) -> list:
    return list(table.primary_key.columns)


def _rows(store: SQLStorage, table: Table, after: list | None, batch: int) -> list[dict[str, Any]]:
    key = _key(table)
    query = select(table).order_by(*key).limit(batch)
    if after is not None:
        query = query.where(tuple_(*key) > tuple_(*after)) if len(key) > 1 else query.where(key[0] > after[0])
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def _nonempty(store: SQLStorage) -> list[str]:
    with store.engine.connect() as conn:
        return [t.name for t in TABLES if conn.execute(select(func.count()).select_from(t)).scalar_one()]


def _fix_sequences(store: SQLStorage, table: Table) -> None:
    """PostgreSQL: the table's id sequence past the ids copied in (SQLite needs nothing)."""
    if store.dialect != "postgresql":
        return
    for column in _key(table):
        if column.name == "id" and len(_key(table)) == 1:
            with store.engine.begin() as conn:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"coalesce(max({column.name}), 1), max({column.name}) IS NOT NULL) FROM {table.name}"
                    )
                )


def canonical(table: Table, row: dict[str, Any]) -> bytes:
    """One row as bytes that are the same whichever database it was read from."""
    out: list[Any] = []
    for column in table.columns:
        value = row.get(column.name)
        if value is None:
            out.append(None)
        elif isinstance(column.type, Timestamp):
            moment = to_moment(value, column.type.zone)
            out.append(moment.timestamp() if moment else None)
        elif isinstance(column.type, JSONText):
            parsed = json.loads(value)
            out.append(None if parsed is None else json.dumps(parsed, sort_keys=True, ensure_ascii=False))
        elif isinstance(value, bytes | bytearray | memoryview):
            out.append(bytes(value).hex())
        else:
            out.append(value)
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


def table_check(store: SQLStorage, table: Table, batch: int = 5000) -> tuple[int, str]:
    """(rows, content hash) of a table: the sum of its rows' SHA-256, modulo 2**256."""
    total, count, after = 0, 0, None
    while True:
        rows = _rows(store, table, after, batch)
        if not rows:
            break
        for row in rows:
            total = (total + int.from_bytes(hashlib.sha256(canonical(table, row)).digest(), "big")) % HASH_MODULUS
        count += len(rows)
        after = [rows[-1][c.name] for c in _key(table)]
    return count, f"{total:064x}"


def _batches(store: SQLStorage, table: Table, after: list | None, batch: int) -> Iterator[list[dict[str, Any]]]:
    while True:
        rows = _rows(store, table, after, batch)
        if not rows:
            return
        yield rows
        after = [rows[-1][c.name] for c in _key(table)]


def copy_archive(
    src_url: str,
    dst_url: str,
    *,
    batch: int = DEFAULT_BATCH,
    pause: float = 0.0,
    state_dir: str | os.PathLike[str] | None = None,
    say: Callable[[str], None] = print,
) -> list[TableCheck]:
    """Copy, then verify; the per-table checks (all ``ok`` when the copy is complete)."""
    path = state_file(src_url, dst_url, state_dir)
    src = open_storage(src_url)
    try:
        dst = open_storage(dst_url)  # an empty destination is made at the newest schema here
        try:
            state = _load_state(path)
            if not state:
                busy = _nonempty(dst)
                if busy:
                    raise CopyRefused(
                        f"the destination already holds rows ({', '.join(busy)}) and no copy into it was started here: "
                        "copy into an empty database"
                    )
                state = {"tables": {}, "done": []}
                _save_state(path, state)
            for table in TABLES:
                if table.name in state["done"]:
                    continue
                after = state["tables"].get(table.name)
                copied = 0
                for rows in _batches(src, table, after, batch):
                    insert = dst._insert(table).on_conflict_do_nothing(index_elements=[c.name for c in _key(table)])
                    with dst.engine.begin() as conn:
                        conn.execute(insert, rows)
                    copied += len(rows)
                    state["tables"][table.name] = [rows[-1][c.name] for c in _key(table)]
                    _save_state(path, state)
                    if pause:
                        time.sleep(pause)
                _fix_sequences(dst, table)
                state["done"].append(table.name)
                _save_state(path, state)
                say(f"{table.name}: {copied} rows copied" + (" (resumed)" if after is not None else ""))
            checks = []
            for table in TABLES:
                (src_rows, src_hash), (dst_rows, dst_hash) = table_check(src, table), table_check(dst, table)
                checks.append(TableCheck(table.name, src_rows, dst_rows, src_hash, dst_hash))
            if all(c.ok for c in checks):
                path.unlink(missing_ok=True)
            return checks
        finally:
            dst.close()
    finally:
        src.close()
