"""An article's versions and what changed between them (``scrapy history``).

Versions come from the archive (``SQLStorage.revisions``: the kept ones in ``article_revisions``,
oldest first, then the stored row). Between two consecutive versions: the fields that changed,
and for the title and body a word-level diff in the ``wdiff`` notation, ``[-removed-]`` and
``{+added+}``, with a few words of context around each change and ``…`` for what is skipped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

CONTEXT = 6  # words kept on each side of a change
COMPARED = ("title", "published_at", "modified_at", "authors", "section", "tags", "images", "videos", "quoted_sources")
_WORD = re.compile(r"\S+")


def word_diff(old: str | None, new: str | None, context: int = CONTEXT) -> str:
    """``old`` → ``new`` word by word: unchanged runs longer than twice ``context`` are cut to
    their ends with ``…`` between; removed words as ``[-…-]``, added as ``{+…+}``."""
    a, b = _WORD.findall(old or ""), _WORD.findall(new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            run = a[i1:i2]
            head = 0 if i1 == 0 else context  # words after the change before
            tail = 0 if (i2, j2) == (len(a), len(b)) else context  # words before the change after
            out += run if len(run) <= head + tail else [*run[:head], "…", *(run[len(run) - tail :] if tail else [])]
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(w for w in out if w) if out else ""


def changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    """The lines that say how ``new`` differs from ``old``."""
    for name in COMPARED:
        if old.get(name) != new.get(name):
            if name == "title":
                yield f"  title: {word_diff(old.get(name), new.get(name))}"
            else:
                yield f"  {name}: {old.get(name)!r} -> {new.get(name)!r}"
    if (old.get("body") or "") != (new.get("body") or ""):
        yield f"  body: {word_diff(old.get('body'), new.get('body'))}"


def lines(versions: list[dict[str, Any]]) -> Iterator[str]:
    """The history as text: one header line per version, then what changed from the one before."""
    for n, version in enumerate(versions):
        silent = n > 0 and versions[n - 1].get("replaced_silently")
        flag = "  SILENT EDIT: text changed, modified time did not" if silent else ""
        yield (
            f"revision {version.get('revision')}: stored {version.get('updated_at') or version.get('first_seen_at')}"
            f" fetched {version.get('scraped_at') or '-'} modified {version.get('modified_at') or '-'}"
            f" hash {(version.get('content_hash') or '-')[:12]}{flag}"
        )
        yield f"  {version.get('title') or ''}"
        if n > 0:
            found = list(changes(versions[n - 1], version))
            yield from found or ["  (no field changed: stored again as it was)"]
