"""One way to drop an item: counted in the stats by reason, logged with reason and URL.

Stats key: ``news/dropped/<reason>``; the closing summary and ``make demo`` read these keys.
Scrapy logs the drop through ``NewsLogFormatter`` (reason and URL, not the whole record);
an unchanged re-crawled article is routine and logged at DEBUG, every other drop at WARNING.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem
from scrapy.logformatter import LogFormatter

DROP_PREFIX = "news/dropped/"
ROUTINE = {"already_stored"}


def drop(stats, reason: str, message: str, url: str = "", quarantine: str | None = None) -> DropItem:
    """Count a drop; return the DropItem for the caller to ``raise``.

    ``reason`` is a short machine key (``empty_body_after_boilerplate``, ``already_stored``,
    ``quarantined`` ...); ``message`` says what happened in words. ``quarantine`` (the reason
    in words) asks crawler/ops/quarantine.py to keep the page's raw bytes.
    """
    if stats is not None:
        stats.inc_value(DROP_PREFIX + reason)
    exc = DropItem(
        f"[{reason}] {message}: {url}" if url else f"[{reason}] {message}",
        log_level="DEBUG" if reason in ROUTINE else "WARNING",
    )
    exc.reason = reason
    exc.quarantine = quarantine
    return exc


class NewsLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        level = getattr(logging, (getattr(exception, "log_level", None) or "WARNING").upper(), logging.WARNING)
        return {"level": level, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
