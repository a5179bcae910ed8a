"""Run health: a closing summary line, progress with rate and ETA, and the verdict the
``crawl`` command turns into an exit code.

A run has FAILED when: it closed for any reason but ``finished``; a fatal condition was
counted (``news/fatal/*``: 403, storage down and records spooled); a callback raised; more
requests (feeds, listings, articles) failed after their retries than
``NEWS_TOLERATED_FETCH_ERRORS`` (default 0), which covers an unreachable site; or articles were fetched but none could be parsed (markup changed). A run with
nothing new is healthy.
"""
from __future__ import annotations

import json
import logging
import time

from scrapy import signals
from twisted.internet import task

from crawler.drops import DROP_PREFIX

logger = logging.getLogger(__name__)


def failure_reasons(stats: dict, finish_reason: str | None, tolerated_fetch_errors: int = 0) -> list[str]:
    reasons = []
    if finish_reason and finish_reason != "finished":
        reasons.append(f"closed:{finish_reason}")
    reasons += [k[len("news/fatal/"):] for k in stats if k.startswith("news/fatal/")]
    errors = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
    if errors:
        reasons.append(f"spider_errors:{errors}")
    failed = stats.get("news/errors/fetch_failed", 0)
    if failed > tolerated_fetch_errors:
        reasons.append(f"fetch_failed:{failed}")
    parsed = sum(v for k, v in stats.items() if k.startswith("news/parsed/"))
    if stats.get("news/parse_failed", 0) and not parsed:
        reasons.append("nothing_parsed")
    invalid = sum(v for k, v in stats.items() if k.startswith("news/dropped/missing_") or k == "news/dropped/bad_url")
    if parsed and invalid >= parsed:
        reasons.append("nothing_valid")
    if stats.get("news/errors/unreachable", 0) and not stats.get("response_received_count", 0):
        reasons.append("site_unreachable")
    return sorted(set(reasons))


def summary_line(stats: dict) -> str:
    dropped = {k[len(DROP_PREFIX):]: v for k, v in stats.items() if k.startswith(DROP_PREFIX)}
    errors = sum(v for k, v in stats.items() if k.startswith("news/errors/"))
    parts = [
        f"stored={stats.get('news/stored/inserted', 0)}",
        f"updated={stats.get('news/stored/updated', 0)}",
        f"duplicates={stats.get('news/near_duplicates', 0)}",
        f"unchanged={dropped.get('already_stored', 0)}",
        "dropped={" + ", ".join(f"{k}: {v}" for k, v in sorted(dropped.items()) if k != "already_stored") + "}",
        f"not_found={stats.get('news/article_404', 0)}",
        f"errors={errors}",
        f"requests={stats.get('downloader/request_count', 0)}",
    ]
    if stats.get("news/browser_requests"):
        parts.append(f"browser_requests={stats['news/browser_requests']}")
    return " ".join(parts)


class RunHealth:
    """Logs progress every ``NEWS_PROGRESS_INTERVAL`` seconds and the closing summary; sets
    ``news/run_failed`` and ``news/failure_reasons`` in the stats."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = crawler.settings.getfloat("NEWS_PROGRESS_INTERVAL", 30.0)
        self.tolerated = crawler.settings.getint("NEWS_TOLERATED_FETCH_ERRORS", 0)
        self.started = time.monotonic()
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.log_progress, spider)
            self.loop.start(self.interval, now=False)

    def progress(self) -> tuple[int, int, float, float | None]:
        requested = self.stats.get_value("news/articles_requested", 0)
        done = sum(self.stats.get_value(k, 0) for k in ("news/article_pages_done",))
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        eta = (requested - done) / rate if rate > 0 and requested > done else None
        return done, requested, rate, eta

    def log_progress(self, spider):
        done, requested, rate, eta = self.progress()
        eta_text = f"{eta / 60:.1f} min" if eta is not None else "unknown"
        logger.info("progress %s: %d/%d article pages (%.1f/min), ETA %s; %s",
                    spider.name, done, requested, rate * 60, eta_text, summary_line(self.stats.get_stats()))

    def spider_closed(self, spider, reason):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        stats = self.stats.get_stats()
        reasons = failure_reasons(stats, reason, self.tolerated)
        self.stats.set_value("news/run_failed", int(bool(reasons)))
        self.stats.set_value("news/failure_reasons", ",".join(reasons))
        verdict = "FAILED (" + ", ".join(reasons) + ")" if reasons else "OK"
        logger.info("SUMMARY %s: %s — %s", spider.name, summary_line(stats), verdict)
        stats_file = self.crawler.settings.get("NEWS_STATS_FILE")
        if stats_file:
            with open(stats_file, "w", encoding="utf-8") as fh:
                json.dump(self.stats.get_stats(), fh, ensure_ascii=False, default=str, indent=1, sort_keys=True)


class ArticlePageCounter:
    """Counts article responses (for progress/ETA) as they come back."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response, request, spider):
        if request.meta.get("article_id"):
            self.stats.inc_value("news/article_pages_done")
