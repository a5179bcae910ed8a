"""Distributed crawls on scrapy-redis: one shared frontier, shared politeness, no request lost.

``NEWS_REDIS_URL=redis://host:port/db scrapy crawl SPIDER [args]`` on any number of machines,
with the same arguments and the same PostgreSQL archive (``NEWS_DB_URL``), is one crawl:

- ``frontier.py``   the crawl's state in Redis (queue, leases, workers, reports), no Scrapy;
- ``components.py`` the scheduler with leases, the seeding spider middleware, the extension
                    (heartbeat, acknowledgements, the end of the crawl);
- ``politeness.py`` per-site concurrency and delay shared by all workers;
- ``ending.py``     the crawl's verdict from every worker's report, and its run-history row.

``scrapy crawl`` (crawler/commands/crawl.py) checks the set-up before anything starts (SQLite is
refused: workers need one shared database; Redis unreachable is one line, exit 1), joins or
starts the crawl, then turns the components on with ``enable``.
"""

from __future__ import annotations

from scrapy.settings import Settings

COMPONENTS = "crawler.ops.distributed.components"


def enable(settings: Settings, crawl_id: str, worker: str, seeder: bool) -> None:
    """Switch a crawl's settings to the shared scheduler, dupefilter and politeness."""
    settings.set("NEWS_REDIS_CRAWL", crawl_id, priority="cmdline")
    settings.set("NEWS_REDIS_WORKER", worker, priority="cmdline")
    settings.set("NEWS_REDIS_SEEDER", seeder, priority="cmdline")
    settings.set("SCHEDULER", f"{COMPONENTS}.LeasedScheduler", priority="cmdline")
    # the queue lives in Redis; a JOBDIR's disk queue would be a second, local one
    settings.set("JOBDIR", None, priority="cmdline")
    spider_mw = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    spider_mw[f"{COMPONENTS}.DistributedSpiderMiddleware"] = 30
    settings.set("SPIDER_MIDDLEWARES", spider_mw, priority="cmdline")
    downloader_mw = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader_mw["crawler.ops.distributed.politeness.SharedPoliteness"] = 960
    settings.set("DOWNLOADER_MIDDLEWARES", downloader_mw, priority="cmdline")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions[f"{COMPONENTS}.DistributedCrawl"] = 540
    settings.set("EXTENSIONS", extensions, priority="cmdline")
