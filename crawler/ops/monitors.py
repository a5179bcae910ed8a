"""Spidermon monitor suites: what makes a run FAILED or DEGRADED, and what then happens.

``CloseSuite`` runs when the spider closes (``SPIDERMON_SPIDER_CLOSE_MONITORS``). Each monitor
is one check; one that finds something raises an *alarm* (level FAILED or DEGRADED, a short
reason key, a one-line message, up to three sample URLs) and fails:

- ``FinishReasonMonitor``: the spider closed for a reason other than ``finished`` (a 403, a stall…);
- ``FatalMonitor``: a fatal condition was counted (``news/fatal/*``: forbidden, storage down and
  records spooled, quarantine not writable…);
- ``SpiderErrorsMonitor``: a callback raised, or Scrapy, Twisted or asyncio logged an error nobody
  accounted for (crawler/ops/internal_errors.py);
- ``FetchErrorsMonitor``: more requests failed after their retries than
  ``NEWS_TOLERATED_FETCH_ERRORS`` (0), or the site never answered;
- ``UnmatchedTemplateMonitor``: pages matched no template of the outlet (a redesign);
- ``CoverageMonitor``: per outlet × template, a required field missing (FAILED) or an optional
  field under its floor or fallen against the stored history (DEGRADED) — crawler/ops/coverage.py;
- ``InvalidRecordsMonitor``: records failed the article schema for other reasons;
- ``MinimumItemsMonitor``: a backfill found fewer than ``NEWS_MIN_ITEMS`` (1) articles;
- ``CanaryMonitor``: in a canary run, each checked page against its template's floors
  (crawler/ops/canary.py).

Then the actions: ``RecordVerdict`` (always) turns the alarms into ``news/verdict``,
``news/alarms`` and ``news/summary`` in the stats, which the command turns into the exit code
and the SUMMARY line; the alert actions (crawler/ops/alerts.py) send one message when any
monitor failed.

``PeriodicSuite`` (``SPIDERMON_PERIODIC_MONITORS``, every ``NEWS_STALL_CHECK_INTERVAL`` s):
``StallMonitor`` notices a run where no response came for ``NEWS_STALL_MINUTES`` (10) and closes
it (reason ``stalled``), so a hung backfill does not hold the lock forever and ends FAILED.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import ClassVar

from spidermon import Monitor, MonitorSuite
from spidermon.contrib.scrapy.extensions import Spidermon
from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner
from spidermon.core.actions import Action

from crawler.ops import canary, coverage
from crawler.ops.alerts import EmailAlert, TelegramAlert, WebhookAlert
from crawler.ops.politeness import PolitenessMonitor
from crawler.ops.summary import full_line
from crawler.ops.todo import TodoMonitor

logger = logging.getLogger(__name__)


class NewsMonitor(Monitor):
    """A monitor that records structured alarms (for the verdict, the SUMMARY and the alerts)."""

    @property
    def stats(self) -> dict:
        return self.data.stats

    @property
    def settings(self):
        return self.data.crawler.settings

    def alarm(self, reason: str, message: str, urls=(), level: str = "FAILED") -> None:
        self.data.meta.setdefault("alarms", []).append(
            {
                "level": level,
                "monitor": type(self).__name__,
                "reason": reason,
                "message": message,
                "urls": list(urls)[: coverage.SAMPLE_LIMIT],
            }
        )
        self._raised = [*getattr(self, "_raised", []), message]

    def conclude(self) -> None:
        raised = getattr(self, "_raised", [])
        if raised:
            self.fail("; ".join(raised))


class FinishReasonMonitor(NewsMonitor):
    def test_finished(self):
        reason = self.stats.get("finish_reason")
        if reason and reason != "finished":
            self.alarm(f"closed:{reason}", f"the spider closed with reason {reason!r}")
        self.conclude()


class FatalMonitor(NewsMonitor):
    def test_no_fatal(self):
        for key in sorted(k for k in self.stats if k.startswith("news/fatal/")):
            what = key[len("news/fatal/") :]
            detail = self.stats.get(f"news/fatal_detail/{what}")  # the cause, when the step that failed knows it
            self.alarm(
                what, f"{what} ({self.stats[key]}x): {detail}" if detail else f"fatal: {what} ({self.stats[key]}x)"
            )
        self.conclude()


class SpiderErrorsMonitor(NewsMonitor):
    def test_no_spider_errors(self):
        errors = sum(v for k, v in self.stats.items() if k.startswith("spider_exceptions/"))
        if errors:
            self.alarm("spider_errors", f"{errors} callback errors (see the log)")
        internal = self.stats.get("news/errors/internal", 0)
        if internal:
            sample = (self.stats.get("news/samples/internal") or [""])[0]
            self.alarm("internal_errors", f"{internal} errors inside Scrapy/Twisted/asyncio, e.g. {sample}")
        self.conclude()


class FetchErrorsMonitor(NewsMonitor):
    def test_fetch_errors_tolerated(self):
        failed = self.stats.get("news/errors/fetch_failed", 0)
        if failed > self.settings.getint("NEWS_TOLERATED_FETCH_ERRORS", 0):
            self.alarm("fetch_failed", f"{failed} requests failed after their retries")
        if self.stats.get("news/errors/unreachable", 0) and not self.stats.get("response_received_count", 0):
            self.alarm("site_unreachable", "the site never answered")
        self.conclude()


class UnmatchedTemplateMonitor(NewsMonitor):
    def test_every_page_matched_a_template(self):
        spider = self.data.spider
        names = ", ".join(t.template for t in getattr(spider, "page_templates", ()) or getattr(spider, "templates", ()))
        for key in sorted(k for k in self.stats if k.startswith("news/unmatched/")):
            outlet = key.rsplit("/", 1)[-1]
            self.alarm(
                "unmatched_template",
                f"{outlet}: {self.stats[key]} pages matched no template (tried {names})",
                coverage.samples(self.stats, f"unmatched/{outlet}"),
            )
        self.conclude()


class CoverageMonitor(NewsMonitor):
    def test_fields_above_their_floors(self):
        settings = self.settings
        engine = getattr(self.data.crawler, "_news_storage", None)
        started = self.stats.get("start_time")
        before = started.astimezone(UTC).isoformat(timespec="seconds") if isinstance(started, datetime) else None

        def history(outlet, template):
            if engine is None or before is None:
                return {}
            try:
                return coverage.stored_shares(
                    engine.engine,
                    outlet,
                    template,
                    before,
                    min_records=settings.getint("NEWS_DEGRADED_HISTORY_RECORDS", 10),
                )
            except Exception as exc:  # the check must not cost the verdict
                from crawler.archive.storage import describe_error

                logger.warning("stored coverage history unavailable: %s", describe_error(exc))
                return {}

        for short in coverage.shortfalls(
            self.stats,
            min_items=settings.getint("NEWS_COVERAGE_MIN_ITEMS", 5),
            history=history,
            history_min=settings.getfloat("NEWS_DEGRADED_HISTORY_MIN", 0.5),
            ratio=settings.getfloat("NEWS_DEGRADED_RATIO", 0.5),
        ):
            reason = "coverage_floor" if short.level == "FAILED" else f"{short.field}_fell"
            self.alarm(reason, short.text(), short.urls, level=short.level)
        self.conclude()


class InvalidRecordsMonitor(NewsMonitor):
    def test_records_valid(self):
        table = coverage.table(self.stats)
        for key in sorted(k for k in self.stats if k.startswith("news/invalid/")):
            outlet, template, name = key[len("news/invalid/") :].split("/", 2)
            cls = coverage.floors(outlet, template)
            if name in cls.required_fields:
                continue  # named by CoverageMonitor with its count
            items = table.get((outlet, template), {}).get("items", 0)
            self.alarm(
                "invalid_records",
                f"{outlet}/{template}: {name} invalid in {self.stats[key]}/{items}",
                coverage.samples(self.stats, f"invalid/{outlet}/{template}/{name}"),
            )
        self.conclude()


class MinimumItemsMonitor(NewsMonitor):
    def test_backfill_found_enough(self):
        spider = self.data.spider
        if getattr(spider, "mode", None) == "backfill" and not getattr(spider, "reparse", False):
            minimum = self.settings.getint("NEWS_MIN_ITEMS", 1)
            found = (
                sum(e["items"] for e in coverage.table(self.stats).values())
                + self.stats.get("news/articles_known_skipped", 0)
                + self.stats.get("news/articles_gone_skipped", 0)
                + self.stats.get("news/unmatched/" + spider.name, 0)
            )
            if found < minimum:
                self.alarm("too_few_items", f"the backfill found {found} articles, expected at least {minimum}")
        self.conclude()


class CanaryMonitor(NewsMonitor):
    """In a canary run (``scrapy canary``): each checked page against its template's floors."""

    def test_canary_pages_meet_their_floors(self):
        spider = self.data.spider
        if getattr(spider, "canary", False):
            _, _, alarms = canary.evaluate(
                spider.name, getattr(self.data.crawler, "canary_results", []), canary.fetch_failures(self.stats)
            )
            for a in alarms:
                self.alarm(a["reason"], a["message"], a["urls"], level=a["level"])
        self.conclude()


class RecordVerdict(Action):
    """Turns the alarms into the verdict (FAILED > DEGRADED > OK) in the live stats, with the
    SUMMARY line; a monitor that itself crashed counts as FAILED."""

    def run_action(self):
        alarms = list(self.data.meta.get("alarms", []))
        for failed in self.result.monitors_failed_results:
            name = type(failed.item).__name__
            if not any(a["monitor"] == name for a in alarms):
                alarms.append(
                    {
                        "level": "FAILED",
                        "monitor": name,
                        "reason": "monitor_error",
                        "message": f"monitor {name} could not run",
                        "urls": [],
                    }
                )
        levels = {a["level"] for a in alarms}
        verdict = "FAILED" if "FAILED" in levels else "DEGRADED" if levels else "OK"
        stats = self.data.crawler.stats
        stats.set_value("news/verdict", verdict)
        stats.set_value("news/alarms", alarms)
        stats.set_value(
            "news/failure_reasons", ",".join(dict.fromkeys(a["reason"] for a in alarms if a["level"] == "FAILED"))
        )
        stats.set_value("news/run_failed", int(verdict == "FAILED"))
        stats.set_value("news/summary", full_line(self.data.spider.name, stats.get_stats(), verdict, alarms))


class CloseSuite(MonitorSuite):
    monitors: ClassVar[list] = [
        FinishReasonMonitor,
        FatalMonitor,
        SpiderErrorsMonitor,
        FetchErrorsMonitor,
        UnmatchedTemplateMonitor,
        CoverageMonitor,
        InvalidRecordsMonitor,
        MinimumItemsMonitor,
        CanaryMonitor,
        TodoMonitor,  # crawler/ops/todo.py: DEGRADED when to-do items are given up
        PolitenessMonitor,  # crawler/ops/politeness.py: discovery_malformed, robots_unavailable, api_outage
    ]
    monitors_finished_actions: ClassVar[list] = [RecordVerdict]
    monitors_failed_actions: ClassVar[list] = [WebhookAlert, EmailAlert, TelegramAlert]


class StallMonitor(NewsMonitor):
    def test_not_stalled(self):
        minutes = self.settings.getfloat("NEWS_STALL_MINUTES", 10.0)
        last = (
            self.data.crawler.stats.get_value("news/last_response_at")
            or self.data.crawler.stats.get_value("news/opened_at")
            or time.time()
        )
        idle = time.time() - last
        if minutes > 0 and idle > minutes * 60:
            self.alarm("stalled", f"no response for {idle:.0f} s (limit {minutes * 60:.0f} s)")
        self.conclude()


class CloseStalledRun(Action):
    """Closes a stalled run (reason ``stalled``): the close suite then fails it and alerts once."""

    def run_action(self):
        spider = self.data.spider
        if self.data.crawler.stats.get_value("news/fatal/stalled"):
            return  # already closing
        message = "; ".join(a["message"] for a in self.data.meta.get("alarms", []))
        logger.error("STALLED %s: %s; closing the run", spider.name, message)
        spider.fatal("stalled", message)


class PeriodicSuite(MonitorSuite):
    monitors: ClassVar[list] = [StallMonitor]
    monitors_failed_actions: ClassVar[list] = [CloseStalledRun]


# -- the extension ---------------------------------------------------------------------------------
class _Result(SpiderMonitorResult):
    """Spidermon's result, logging through ``logging`` (its own goes through the deprecated
    ``Spider.log``, a warning on every run with our Scrapy)."""

    def log(self, msg, level=logging.DEBUG):
        logging.getLogger("spidermon").log(level, msg)

    def write_errors(self):
        """One line per failed monitor (its alarms), not an AssertionError traceback."""
        for status in self.step.error_statuses:
            for item in self.step.items_for_status(status):
                lines = [ln for ln in str(item.error or "").strip().splitlines() if ln.strip()]
                self.log_error(
                    f"{status}: {item.item.name}: {lines[-1] if lines else ''}".replace("AssertionError: ", "")
                )


class NewsMonitorRunner(SpiderMonitorRunner):
    def create_result(self):
        return _Result(self.spider)


class NewsSpidermon(Spidermon):
    """Spidermon's extension with the periodic suite every ``NEWS_STALL_CHECK_INTERVAL`` seconds
    (60) and the runner above."""

    @classmethod
    def from_crawler(cls, crawler):
        ext = super().from_crawler(crawler)
        interval = crawler.settings.getfloat("NEWS_STALL_CHECK_INTERVAL", 60.0)
        if interval > 0 and not ext.periodic_suites:
            ext.periodic_suites = {"crawler.ops.monitors.PeriodicSuite": interval}
        return ext

    def _run_suites(self, spider, suites):
        data = self._generate_data_for_spider(spider)
        for suite in suites:  # a fresh ``meta`` per run: Spidermon's default is one dict shared by all runs
            NewsMonitorRunner(spider=spider).run(suite, **data, meta={})
