"""One way to drop an item: counted in the stats by reason, logged with reason and URL.

Stats key: ``news/dropped/<reason>``; the closing summary and ``make demo`` read these keys.
Scrapy logs the drop through ``NewsLogFormatter`` (reason and URL, not the whole record);
an unchanged re-crawled article is routine and logged at DEBUG, every other drop at WARNING.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

DROP_PREFIX = "news/dropped/"
ROUTINE = {"already_stored"}


class NewsDropItem(DropItem):
    """The DropItem ``drop`` returns: it also carries the reason key and the quarantine request."""

    def __init__(
        self, message: str, log_level: str | None = None, reason: str = "", quarantine: str | None = None
    ) -> None:
        super().__init__(message, log_level=log_level)
        self.reason = reason
        self.quarantine = quarantine


def drop(
    stats: StatsCollector | None, reason: str, message: str, url: str = "", quarantine: str | None = None
) -> NewsDropItem:
    """Count a drop; return the DropItem for the caller to ``raise``.

    ``reason`` is a short machine key (``empty_body_after_boilerplate``, ``already_stored``,
    ``quarantined`` ...); ``message`` says what happened in words. ``quarantine`` (the reason
    in words) asks crawler/ops/quarantine.py to keep the page's raw bytes.
    """
    if stats is not None:
        stats.inc_value(DROP_PREFIX + reason)
    return NewsDropItem(
        f"[{reason}] {message}: {url}" if url else f"[{reason}] {message}",
        log_level="DEBUG" if reason in ROUTINE else "WARNING",
        reason=reason,
        quarantine=quarantine,
    )


class NewsLogFormatter(LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        level = getattr(logging, (getattr(exception, "log_level", None) or "WARNING").upper(), logging.WARNING)
        return {"level": level, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
