"""Spider arguments (``-a name=value``), each declared once as an ``Argument`` (name, parser,
default, help) in a spider's ``arguments`` table (``NewsSpider.arguments``, extended by an
outlet's own, e.g. Furat Post's ``api``). The same table parses and checks the values when the
spider is built (``parse_arguments``) and is what ``scrapy crawl [SPIDER] --help`` lists
(``help_text``). A wrong value or an unknown name raises ``ArgumentError`` with a one-line
message: ``scrapy crawl`` turns it into a usage error (exit 2) before anything starts.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

TRUE, FALSE = ("1", "true", "yes"), ("0", "false", "no")
HELP_FOOTER = (
    "1|0 also takes true/false and yes/no. A wrong value, an unknown name or a window whose since is after\n"
    "its until is a usage error: exit 2, nothing done."
)


class ArgumentError(ValueError):
    """A wrong spider argument; its message is the one line of the usage error."""


@dataclass(frozen=True)
class Argument:
    name: str
    #: the value as typed (a string) → the value the spider uses; raises ``ValueError`` with the
    #: end of a sentence that starts with the argument's name ("must be …, not 'x'")
    parse: Callable[[str], Any]
    #: as it would be typed; None: unset (the parser is not called)
    default: str | None
    help: str
    #: how ``--help`` shows the value: ``name=metavar``
    metavar: str

    def value(self, raw: Any) -> Any:
        if raw is None:
            return None
        try:
            return self.parse(str(raw))
        except ValueError as exc:
            raise ArgumentError(f"{self.name} {exc}") from None


# -- parsers -------------------------------------------------------------------------------------------
def boolean(value: str) -> bool:
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ValueError(f"must be 1/0, true/false or yes/no, not {value!r}")


def choice(*choices: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    return parse


def day(value: str) -> date:
    """``YYYY-MM-DD``, a day that exists."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        raise ValueError(f"must be a day YYYY-MM-DD, not {value!r}")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise ValueError(f"must be a day YYYY-MM-DD, not {value!r} ({exc})") from None


def base_url(value: str) -> str:
    """``http(s)://HOST[:PORT]`` with nothing after the host but an optional ``/``; returned
    without the trailing slash."""
    parts = urlsplit(value)
    why = ""
    if parts.scheme not in ("http", "https") or not value.startswith(f"{parts.scheme}://"):
        why = "no http:// or https://"
    elif not parts.hostname:
        why = "no host"
    elif parts.path not in ("", "/"):
        why = "a path: the replica serves the site's own paths from /"
    elif parts.query or parts.fragment or value.endswith(("?", "#")):
        why = "a query or fragment"
    else:
        try:
            parts.port  # noqa: B018 - urlsplit checks the port when it is read
        except ValueError:
            why = "a bad port"
    if why:
        raise ValueError(f"must be http(s)://HOST[:PORT], not {value!r} ({why})")
    return value.rstrip("/")


def warc_source(value: str) -> str:
    """A folder holding ``.warc.gz`` files (at any depth) or one such file, the project root's if
    relative; returned absolute."""
    from crawler.archive.warc import warc_files
    from crawler.ops.paths import project_path

    path = project_path(value)
    if not path.exists():
        raise ValueError(f"must be a folder of WARC files or one .warc.gz file, not {value!r} (no such path)")
    if not warc_files(path):
        raise ValueError(f"must be a folder of WARC files or one .warc.gz file, not {value!r} (no .warc.gz in it)")
    return str(path)


def boolean_or(*words: str) -> Callable[[str], bool | str]:
    """A boolean, or one of these words (returned as is)."""

    def parse(value: str) -> bool | str:
        if value in words:
            return value
        try:
            return boolean(value)
        except ValueError:
            raise ValueError(f"must be 1/0, true/false, yes/no or {' or '.join(words)}, not {value!r}") from None

    return parse


# -- the table at work -----------------------------------------------------------------------------------
def parse_arguments(spider: str, table: Iterable[Argument], given: Mapping[str, Any]) -> dict[str, Any]:
    """Every argument of the table by name, parsed (its default when not given); an unknown
    name (with the closest known one, if any) or a wrong value raises ``ArgumentError``."""
    by_name = {a.name: a for a in table}
    for name in given:
        if name not in by_name:
            close = difflib.get_close_matches(name, by_name, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ArgumentError(
                f"unknown argument {name!r}{hint}; {spider} takes {', '.join(by_name)}"
                f" (see scrapy crawl {spider} --help)"
            )
    return {name: a.value(given.get(name, a.default)) for name, a in by_name.items()}


def help_lines(table: Iterable[Argument], width: int = 100, note: Callable[[Argument], str] | None = None) -> list[str]:
    """``  name=METAVAR  [default …; note] help``, wrapped, one entry per argument."""
    lines = []
    for a in table:
        tags = [f"default {a.default}" if a.default is not None else "", note(a) if note else ""]
        text = "".join(f"[{'; '.join(t for t in tags if t)}] " if any(tags) else "") + a.help
        head = f"  {a.name}={a.metavar}"
        first, before = (head.ljust(30), []) if len(head) < 29 else (" " * 30, [head])
        wrapper = textwrap.TextWrapper(
            width=width, initial_indent=first, subsequent_indent=" " * 30, break_on_hyphens=False
        )
        lines.extend([*before, *wrapper.wrap(text)])
    return lines


def help_text(spiders: Mapping[str, type], only: str | None = None) -> str:
    """What ``scrapy crawl [SPIDER] --help`` adds: the arguments of one spider, or those of
    every spider (the ones only some spiders take are marked with their names)."""
    tables = {name: tuple(getattr(cls, "arguments", ())) for name, cls in sorted(spiders.items())}
    if only is not None:
        return "\n".join([f"Arguments of {only} (-a NAME=VALUE)", "", *help_lines(tables[only]), "", HELP_FOOTER])
    everywhere = [a for a in next(iter(tables.values()), ()) if all(a in t for t in tables.values())]
    some: dict[Argument, list[str]] = {}
    for name, table in tables.items():
        for a in table:
            if a not in everywhere:
                some.setdefault(a, []).append(name)
    lines = help_lines([*everywhere, *some], note=lambda a: f"{', '.join(some[a])} only" if a in some else "")
    return "\n".join(["Arguments of every spider (-a NAME=VALUE)", "", *lines, "", HELP_FOOTER])
