"""What the readers' commands (``export``, ``search``, ``report``) share: one-line usage errors with
exit 2 (argparse's own included), the archive's URL, the outlets a filter may name, a clean
exit on SIGTERM and on a closed pipe. No command lives here."""

from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn

from crawler.archive.storage import db_url_from_env
from crawler.ops.paths import project_db_url

EXIT_USAGE = 2


def usage_exit(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(EXIT_USAGE)


def one_line_errors(parser) -> None:
    """argparse's errors (``--limit x``, a missing option value) as ``error: …`` on one line and
    exit 2, like every other usage error of these commands (not Scrapy's usage block)."""
    parser.error = usage_exit


def no_stray_arguments(args: list[str], allowed: int = 0) -> None:
    """Scrapy hands unknown options over as arguments: refuse them, and extra arguments."""
    for arg in args:
        if arg.startswith("-") and arg != "-":
            usage_exit(f"unknown option {arg} (see --help)")
    if len(args) > allowed:
        usage_exit(f"unexpected argument {args[allowed]!r} (see --help)")


def archive_url(settings) -> str:
    return project_db_url(settings.get("NEWS_DB_URL") or db_url_from_env())


def known_outlets(settings) -> list[str]:
    from scrapy.spiderloader import get_spider_loader

    return sorted(get_spider_loader(settings).list())


def terminate_as_interrupt() -> None:
    """SIGTERM unwinds like Ctrl-C, so a half-written temporary file is removed on the way out."""

    def handler(signum, frame) -> NoReturn:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def quiet_broken_pipe() -> None:
    """The reader of stdout went away (``| head``): no traceback at exit either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
