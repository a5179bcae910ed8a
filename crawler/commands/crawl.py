"""``scrapy crawl`` with a run lock, an exit code that tells cron the truth, a row in the run
history and the SUMMARY line as the last line of output, whatever the log level.

Exit codes (crawler/ops/summary.py): 0 OK (also when nothing was new); 1 FAILED (the SUMMARY
line gives the reasons); 2 usage error (one line, no traceback); 3 DEGRADED; 75 another run of
the same spider holds the lock on the same database (nothing was done; try again later).

Spider arguments (``-a name=value``) are checked before the lock is taken: a wrong value, an
unknown name (with "did you mean …"), a window that ends before it starts or a base_url that is
not ``http(s)://HOST[:PORT]`` is a usage error. ``scrapy crawl SPIDER --help`` lists that
spider's arguments (``scrapy crawl --help``: every spider's), from the table that checks them
(``NewsSpider.arguments``, crawler/spiders/arguments.py).

A crawl of a replica on this machine (``-a base_url=http://127.0.0.1:...``) runs without
AutoThrottle and download delay, since politeness is owed to the real sites only.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NoReturn
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from sqlalchemy.engine import make_url

from crawler.archive.storage import ARCHIVE_ERRORS, archive_error_line, db_url_from_env, open_storage, opened
from crawler.ops import runs
from crawler.ops.distributed import enable, ending
from crawler.ops.distributed.frontier import DEFAULT_LEASE, CrawlBusy, Frontier, RedisUnavailable, connect, crawl_digest
from crawler.ops.jobdir import mark_clean as mark_jobdir_clean
from crawler.ops.jobdir import prepare as prepare_jobdir
from crawler.ops.lock import LockedError, RunLock, safe_url
from crawler.ops.paths import db_identity, project_db_url, project_path
from crawler.ops.summary import EXIT_CODES, EXIT_USAGE, counts, full_line, not_started_line
from crawler.spiders.arguments import help_text

logger = logging.getLogger(__name__)
LOOPBACK = ("127.", "localhost", "::1", "[::1]")
#: how a worker of a distributed crawl may close on its own (crawler/ops/distributed/components.py)
DISTRIBUTED_FAILURES = {
    "seeder_lost": "the worker seeding the distributed crawl stopped before its discovery was queued: "
    "the crawl is dropped, run it again",
    "redis_unavailable": "Redis was away for longer than NEWS_REDIS_OUTAGE_MAX: this worker stopped; "
    "its requests stay in Redis for the next run",
}
SEVERITY = [0, 75, 3, 1, 2]  # OK < LOCKED < DEGRADED < FAILED < USAGE


@dataclass(frozen=True)
class RunOf:
    """What a run's record says it was: the spider, its arguments, when it started, the archive."""

    spider: str
    spargs: dict
    started: datetime
    db_url: str


class Command(ScrapyCrawl):
    #: the mode a run of this command is recorded under (None: the spider's own mode)
    run_mode: str | None = None

    def short_desc(self) -> str:
        return "Run a spider; exit 0 OK, 1 FAILED, 2 usage, 3 DEGRADED, 75 locked by another run"

    def add_options(self, parser):
        super().add_options(parser)
        self.help_parser: argparse.ArgumentParser = parser
        parser.add_argument(
            "-h",
            "--help",
            action="store_true",
            dest="show_help",
            help="show this help with the spider arguments (-a NAME=VALUE) of SPIDER, or of every spider, and exit",
        )

    def help_exit(self, args) -> NoReturn:
        """The command's help, then the arguments of the spider named (of every spider if none)."""
        assert self.settings is not None  # set by scrapy.cmdline before process_options
        loader = get_spider_loader(self.settings)
        spiders = {name: loader.load(name) for name in loader.list()}
        print(self.help_parser.format_help())
        print(help_text(spiders, args[0] if args and args[0] in spiders else None))
        sys.exit(0)

    def process_options(self, args, opts):
        if getattr(opts, "show_help", False):
            self.help_exit(args)
        try:
            super().process_options(args, opts)
        except UsageError as exc:
            self.usage_exit(args[0] if args else "", str(exc) or "see --help")
        assert self.settings is not None  # set by scrapy.cmdline before process_options
        base_url = (opts.spargs or {}).get("base_url")
        host = (urlsplit(base_url).hostname or "") if base_url else ""
        if host.startswith(LOOPBACK):
            self.settings.set("AUTOTHROTTLE_ENABLED", False, priority="project")
            self.settings.set("DOWNLOAD_DELAY", 0, priority="project")

    def usage_exit(self, spider: str, message: str) -> NoReturn:
        print(f"error: {message}", file=sys.stderr)
        print(not_started_line(spider, "USAGE", message), file=sys.stderr)
        sys.exit(EXIT_USAGE)

    def spider_class(self, name: str, spargs: dict):
        """The spider class, its arguments checked before anything starts (usage errors)."""
        assert self.crawler_process is not None  # set by scrapy.cmdline before run
        try:
            spidercls = self.crawler_process.spider_loader.load(name)
        except KeyError:
            known = ", ".join(sorted(self.crawler_process.spider_loader.list()))
            self.usage_exit(name, f"unknown spider {name!r} (known: {known})")
        try:
            spidercls(**spargs)
        except (ValueError, TypeError) as exc:
            self.usage_exit(name, str(exc))
        return spidercls

    def run(self, args, opts):
        if len(args) != 1:
            self.usage_exit("", "give exactly one spider name")
        assert self.settings is not None  # set by scrapy.cmdline before run
        assert self.crawler_process is not None  # likewise
        spider = args[0]
        spargs = dict(opts.spargs or {})
        self.spider_class(spider, spargs)
        db_url = self.settings.get("NEWS_DB_URL") or db_url_from_env()
        redis_url = self.settings.get("NEWS_REDIS_URL")
        if redis_url:
            self.run_distributed(spider, spargs, db_url, redis_url)
            return
        lock = RunLock(spider, db_url, self.settings.get("NEWS_LOCK_DIR") or "data/locks")
        run = RunOf(spider, spargs, datetime.now(UTC), db_url)
        try:
            lock.acquire()
        except LockedError as exc:
            self.locked(run, str(exc))
            return
        held = self.hold_archive(run)
        if held is None:
            lock.release()
            return
        jobdir = self.settings.get("JOBDIR")
        try:
            if jobdir and (warning := prepare_jobdir(jobdir)):
                logger.warning(warning)
            crawler = self._create_crawler(spider)
            self.crawler_process.crawl(crawler, **spargs)
            self.crawler_process.start()
            if jobdir:
                mark_jobdir_clean(jobdir)
        finally:
            held[1].release()
            held[0].close()
            lock.release()
        self.conclude(crawler, run)

    def archive_failed(self, spider: str, exc: BaseException, db_url: str) -> None:
        """The archive could not be opened or read: one line, the SUMMARY, exit 1."""
        line = archive_error_line(exc, project_db_url(db_url))
        print(f"error: {line}", file=sys.stderr)
        print(not_started_line(spider, "FAILED", line), file=sys.stderr)
        self.exitcode = max(getattr(self, "exitcode", 0) or 0, EXIT_CODES["FAILED"], key=SEVERITY.index)

    def run_distributed(self, spider: str, spargs: dict, db_url: str, redis_url: str) -> None:
        """One worker of a distributed crawl (crawler/ops/distributed): no host lock (its workers
        may share a host), a shared hold on the archive's crawl lock (a plain crawl of the spider
        waits for the distributed one, and the other way round), the crawl joined or started in
        Redis; at the end, the crawl's verdict for every worker."""
        assert self.settings is not None and self.crawler_process is not None  # set by scrapy.cmdline
        run = RunOf(spider, spargs, datetime.now(UTC), db_url)
        if make_url(project_db_url(db_url)).get_backend_name() == "sqlite":
            self.usage_exit(
                spider,
                "NEWS_REDIS_URL needs a server database that every worker writes: NEWS_DB_URL is SQLite "
                "(set NEWS_DB_URL=postgresql://…, or unset NEWS_REDIS_URL for a crawl on this host alone)",
            )
        try:
            frontier = Frontier(
                connect(redis_url), spider, lease=self.settings.getfloat("NEWS_REDIS_LEASE", DEFAULT_LEASE)
            )
            joined = frontier.join(crawl_digest(spider, spargs, db_identity(db_url)))
        except RedisUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            print(not_started_line(spider, "FAILED", str(exc)), file=sys.stderr)
            self.exitcode = max(getattr(self, "exitcode", 0) or 0, EXIT_CODES["FAILED"], key=SEVERITY.index)
            return
        except CrawlBusy as exc:
            self.locked(run, str(exc))
            return
        held = self.hold_archive(run, shared=True)
        if held is None:
            if joined.seeder:  # drop the crawl it started: the next run seeds afresh
                frontier.finish()
            return
        logger.info(
            "distributed crawl %s: worker %s %s",
            joined.crawl_id,
            frontier.worker,
            "seeds it" if joined.seeder else "joins it",
        )
        enable(self.settings, joined.crawl_id, frontier.worker, joined.seeder)
        try:
            crawler = self._create_crawler(spider)
            self.crawler_process.crawl(crawler, **spargs)
            self.crawler_process.start()
        finally:
            held[1].release()
            held[0].close()
        self.conclude_distributed(crawler, frontier, run)

    def conclude_distributed(self, crawler, frontier: Frontier, run: RunOf) -> None:
        """Report this worker's verdict to the crawl. If the crawl is over, wait for the other
        workers' reports; every worker then exits with the crawl's verdict, and one of them
        writes the crawl's run-history row (per-worker counts under ``workers``). A worker that
        stopped while others go on exits with its own verdict and writes no row; the last one
        standing writes the row of what was done (the queue stays in Redis: the next run with
        the same arguments goes on with it)."""
        stats, verdict, alarms = self.verdict(crawler)
        mode = self.run_mode or _mode(getattr(crawler, "spider", None), run.spargs)
        spider = run.spider
        reason = stats.get("finish_reason")
        if reason in DISTRIBUTED_FAILURES:
            verdict = "FAILED"
            alarms = [
                *alarms,
                {"level": "FAILED", "reason": reason, "urls": [], "message": DISTRIBUTED_FAILURES[reason]},
            ]
        finished = reason == "finished"
        tag = f"distributed crawl {frontier.crawl_id}"
        try:
            frontier.report(
                {
                    "verdict": verdict,
                    "alarms": alarms,
                    "stats": json.loads(runs.stats_json(stats)),
                    "finished": finished,
                }
            )
            if reason == "seeder_lost":  # the crawl cannot finish: dropped, the next run seeds afresh
                frontier.finish()
            alive, lost = frontier.unreported()
            if finished:
                deadline = time.monotonic() + frontier.lease + 60
                while alive and time.monotonic() < deadline:
                    time.sleep(0.5)
                    alive, lost = frontier.unreported()
            reports = frontier.reports()
        except RedisError as exc:  # Redis gone at the very end: this worker's own verdict, its own row
            logger.error("%s: the other workers' reports could not be read: %s", tag, exc)
            self.finish(run, mode, stats, verdict, alarms, full_line(spider, stats, verdict, alarms))
            return
        if not finished and alive:
            line = full_line(spider, stats, verdict, alarms) + f" [this worker left {tag}; {len(alive)} go on]"
            self.finish(run, mode, stats, verdict, alarms, line, record=False)
            return
        merged = ending.merged_stats(reports)
        crawl_alarms = ending.merged_alarms(reports)
        crawl = ending.crawl_verdict(reports) if finished else verdict
        extra = {"workers": ending.worker_counts(reports, lost), "crawl": frontier.crawl_id}
        final = frontier.take_final()
        if final and finished:
            frontier.finish()
        line = (
            full_line(spider, merged, crawl, crawl_alarms)
            + f" [{tag}: {len(reports)} workers"
            + (f", {len(lost)} lost]" if lost else "]")
        )
        self.finish(run, mode, merged, crawl, crawl_alarms, line, record=final, extra=extra)

    def hold_archive(self, run: RunOf, shared: bool = False):
        """The archive, opened once before anything is fetched: at the schema this crawler writes
        (else one line and exit 1: a wrong password, a missing database, a server down, an
        archive to upgrade first), and its own lock for this spider's crawls, or its reparses (a
        server archive that several hosts write: the run lock's file covers one host only).
        ``(storage, held)``, or None when it failed (FAILED, exit 1) or another host's run holds
        the lock (LOCKED, exit 75)."""
        spider, db_url = run.spider, run.db_url
        try:
            store = open_storage(db_url)
        except ARCHIVE_ERRORS as exc:
            self.archive_failed(spider, exc, db_url)
            return None
        try:
            # two crawls of one spider would fetch everything twice; a reparse fetches nothing and
            # may run beside a crawl (its writes take turns with the crawl's, row by row)
            held = store.hold(f"run:{spider}:{'reparse' if run.spargs.get('reparse') else 'crawl'}", shared=shared)
        except ARCHIVE_ERRORS as exc:
            store.close()
            self.archive_failed(spider, exc, db_url)
            return None
        if held is None:
            store.close()
            where = safe_url(project_db_url(db_url))
            self.locked(run, f"another {spider} run, on another host, holds the archive's lock for {where}")
            return None
        return store, held

    def locked(self, run: RunOf, message: str) -> None:
        """Another run holds this spider's lock (this host's file, or the archive's): LOCKED."""
        self.finish(
            run,
            self.run_mode or run.spargs.get("mode", "cron"),
            {},
            "LOCKED",
            [{"level": "LOCKED", "reason": "locked", "message": message, "urls": []}],
            not_started_line(run.spider, "LOCKED", message),
        )

    def conclude(self, crawler, run: RunOf) -> None:
        """The verdict the monitors wrote (FAILED when they never ran), then ``finish``."""
        stats, verdict, alarms = self.verdict(crawler)
        mode = self.run_mode or _mode(getattr(crawler, "spider", None), run.spargs)
        self.finish(run, mode, stats, verdict, alarms, full_line(run.spider, stats, verdict, alarms))

    @staticmethod
    def verdict(crawler) -> tuple[dict, str, list[dict]]:
        """The run's stats, and the verdict and alarms the monitors wrote (FAILED when they never ran)."""
        stats = crawler.stats.get_stats()
        verdict, alarms = stats.get("news/verdict"), stats.get("news/alarms") or []
        if not verdict:  # the spider never opened, or the monitors did not run
            verdict = "FAILED"
            alarms = [
                *alarms,
                {
                    "level": "FAILED",
                    "reason": "not_run",
                    "urls": [],
                    "message": "the run did not start or was not checked (see the log)",
                },
            ]
        return stats, verdict, alarms

    def finish(
        self,
        run: RunOf,
        mode: str,
        stats: dict,
        verdict: str,
        alarms: list[dict],
        line: str,
        record: bool = True,
        extra: dict | None = None,
    ) -> None:
        """Exit code (the worst so far, for a command that runs several spiders), stats file, run
        history row, then the SUMMARY line, last."""
        code = EXIT_CODES[verdict]
        self.exitcode = max((getattr(self, "exitcode", 0) or 0, code), key=SEVERITY.index)
        assert self.settings is not None  # set by scrapy.cmdline before run
        full_stats = dict(stats, **{"news/exit_code": code, "news/verdict": verdict})
        stats_file = self.settings.get("NEWS_STATS_FILE")
        if stats_file:  # a relative path is the project root's, like every path of the crawler
            path = project_path(stats_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(runs.stats_json(full_stats), encoding="utf-8")
        if record:  # not a worker that left a distributed crawl: the last worker writes its row
            self.record_run(run, mode, code, verdict, dict(counts(stats), **(extra or {})), alarms, full_stats)
        sys.stdout.flush()
        print(line, file=sys.stderr, flush=True)

    @staticmethod
    def record_run(run: RunOf, mode, code, verdict, run_counts, alarms, full_stats) -> None:
        """The run-history row; the database down or its driver missing: logged, the verdict stands."""
        db_url = run.db_url
        try:
            with opened(db_url) as store:
                runs.record(
                    store.engine,
                    spider=run.spider,
                    mode=mode,
                    arguments=run.spargs,
                    started=run.started,
                    finished=datetime.now(UTC),
                    exit_code=code,
                    status=verdict,
                    counts=run_counts,
                    alarms=alarms,
                    stats=full_stats,
                )
        except Exception as exc:
            logger.error(
                "run history not written to %s: %s: %s", safe_url(project_db_url(db_url)), type(exc).__name__, exc
            )


def _mode(spider, spargs: dict) -> str:
    if spider is None:
        return spargs.get("mode", "cron")
    if getattr(spider, "reparse_quarantined", False):
        return "reparse-quarantined"
    if getattr(spider, "reparse_warc", None):
        return "reparse-warc"
    if getattr(spider, "reparse", False):
        return "reparse"
    if getattr(spider, "refresh", False):
        return f"{spider.mode}+refresh"
    return spider.mode
