"""Scrapy settings. Secrets and endpoints come only from environment variables:

- ``NEWS_DB_URL``: database URL (default ``sqlite:///data/news.db``);
- ``NEWS_CONTACT``: contact put in the User-Agent (an e-mail or URL of whoever runs the crawl);
- ``NEWS_SPOOL_DIR``: where records go when the database is down (default ``data/spool``);
- ``NEWS_LOCK_DIR``: the run locks (default ``data/locks``);
- ``NEWS_WARC_DIR``: the WARC files of every response (default ``data/warc``; ``-s NEWS_WARC=0``: none);
- ``NEWS_STATS_FILE``: also write the closing stats of a run as JSON to this file (the run history
  keeps them anyway: ``scrapy runs --stats ID``);
- ``NEWS_LOG_FILE``: the log goes to this file (appended) instead of stderr; the SUMMARY line
  stays on stderr;
- ``NEWS_REDIS_URL``: ``redis://[:password@]host:port/db``: the crawl is one worker of a distributed
  crawl (crawler/ops/distributed; README "Distributed crawls"), with a PostgreSQL ``NEWS_DB_URL``.

Relative paths (these, and the SQLite file of ``NEWS_DB_URL``) are the project root's (the folder of
``scrapy.cfg``), whatever the working directory: crawler/ops/paths.py.
"""

import os

from crawler.ops.paths import log_file, project_db_url, project_path

BOT_NAME = "syrian_news"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# -- politeness ---------------------------------------------------------------------------------
_CONTACT = os.environ.get("NEWS_CONTACT", "see README")
USER_AGENT = f"SyrianNewsArchiveBot/0.1 (research and archiving crawler; contact: {_CONTACT})"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5

# -- robustness ---------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # the errback logs and counts every give-up (fetch_failed); not an internal error
NEWS_RETRY_AFTER_MAX = 120.0  # seconds: the longest Retry-After honoured (a longer one waits this long)
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error (and retried), never parsed
HTTPERROR_ALLOWED_CODES: list[int] = []
REDIRECT_ENABLED = True  # within the outlet's hosts (and the replica) only: crawler/ops/offsite.py
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # a bigger response is cancelled: news/errors/too_large, the run FAILED
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024  # a warning in the log

# -- components ---------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # before robots.txt (100) so robots.txt itself is fetched from the replica too
    "crawler.ops.rewrite.ReplicaRewriteMiddleware": 50,
    # conditional GETs for discovery pages in cron runs (after the cookies/headers middlewares)
    "crawler.ops.conditional.ConditionalRequestMiddleware": 560,
    # redirects to other hosts are dropped (news/offsite_redirects); oversize downloads named too_large
    "crawler.ops.offsite.OffsiteRedirectMiddleware": 45,
    # robots.txt answering 5xx/429 or not at all means complete disallow, not Scrapy's allow-all
    # (RFC 9309 §2.3.1.4); Retry-After on a 429/503 holds the host back, seen just before RetryMiddleware
    # (550) retries: crawler/ops/politeness.py
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.ops.politeness.RobotsTxtMiddleware": 100,
    "crawler.ops.politeness.RetryAfterMiddleware": 555,
    # every HTTP exchange with an outlet kept as WARC, as received (crawler/archive/warc_capture.py):
    # next to the downloader, before decompression, retries and redirects
    "crawler.archive.warc_capture.WarcCaptureMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    "crawler.archive.raw_pages.RawPageArchiveMiddleware": 950,
    # the to-do and what each page listed (crawler/ops/todo.py): next to the engine, it sees what is really scheduled
    "crawler.ops.todo.TodoMiddleware": 40,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.boilerplate.BoilerplatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.storage.StoragePipeline": 400,
}
EXTENSIONS = {
    # Spidermon first: its close suite writes the verdict before the other components close
    "crawler.ops.monitors.NewsSpidermon": 500,
    "crawler.ops.progress.Progress": 510,
    "crawler.ops.quarantine.QuarantineKeeper": 520,
    "crawler.ops.internal_errors.InternalErrorCounter": 530,
    "crawler.ops.gc_tuning.GcFreeze": 540,  # the start-up heap frozen while the crawl runs (NEWS_GC_FREEZE)
}

# -- monitoring (crawler/ops/monitors.py) ---------------------------------------------------------
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["crawler.ops.monitors.CloseSuite"]
NEWS_STALL_MINUTES = 10.0  # no response for this long: the run is closed as stalled
NEWS_STALL_CHECK_INTERVAL = 60.0  # seconds between stall checks (0: none)
NEWS_COVERAGE_MIN_ITEMS = 5  # records of a template before its optional floors are judged
NEWS_DEGRADED_HISTORY_MIN = 0.5  # a stored share at least this…
NEWS_DEGRADED_RATIO = 0.5  # …and this run's under this fraction of it: DEGRADED
NEWS_DEGRADED_HISTORY_RECORDS = 10  # stored records of a template needed for a history
NEWS_MIN_ITEMS = 1  # a backfill that finds fewer articles fails
NEWS_PARSER_TEMPLATES: list[str] = []  # extra parser classes tried first (a new version, before it is committed)

# -- project settings (NEWS_*) ------------------------------------------------------------------
NEWS_DB_URL = project_db_url(os.environ.get("NEWS_DB_URL") or "sqlite:///data/news.db")
NEWS_SPOOL_DIR = str(project_path(os.environ.get("NEWS_SPOOL_DIR") or "data/spool"))
NEWS_STORAGE_BACKOFF = 0.5
NEWS_STORAGE_BUDGET = 15.0  # seconds a record may wait for a busy database (retries included); then spooled
NEWS_SQLITE_BUSY_TIMEOUT = 2.0  # seconds one SQLite statement waits for another connection's lock
NEWS_PROGRESS_INTERVAL = 30.0
NEWS_TOLERATED_FETCH_ERRORS = 0
NEWS_CONDITIONAL_REQUESTS = True
# a full crawl reads the sitemaps an index lists in turn: the next ones once fewer article requests
# than this wait (crawler/spiders/pacing.py), so its queue stays this small at any archive size
NEWS_PENDING_ARTICLES = 1000
# the to-do (crawler/ops/todo.py) and 404 is not forever (crawler/ops/crawlstate.py)
NEWS_TODO_BACKOFF_MINUTES = 5.0  # next try after min(2^tries × this, NEWS_TODO_BACKOFF_MAX_HOURS)
NEWS_TODO_BACKOFF_MAX_HOURS = 6.0
NEWS_TODO_GIVE_UP_TRIES = 10  # given up (listed by scrapy todo, the run DEGRADED) after this many tries…
NEWS_TODO_GIVE_UP_HOURS = 72.0  # …spanning at least this many hours
NEWS_GONE_AFTER_TRIES = 3  # a listed article answering 404 on this many runs…
NEWS_GONE_AFTER_HOURS = 24.0  # …spread over at least this many hours is gone (a 410 at once)
NEWS_LOCK_DIR = str(project_path(os.environ.get("NEWS_LOCK_DIR") or "data/locks"))
# WARC files of every response (crawler/archive/warc_capture.py): NEWS_WARC_DIR/<outlet>/*.warc.gz
NEWS_WARC = True  # -s NEWS_WARC=0: none
NEWS_WARC_DIR = str(project_path(os.environ.get("NEWS_WARC_DIR") or "data/warc"))
NEWS_WARC_MAX_SIZE = 1024**3  # bytes: a file is rotated once it holds this much

LOG_FORMATTER = "crawler.ops.drops.NewsLogFormatter"
LOG_LEVEL = os.environ.get("NEWS_LOG_LEVEL", "INFO")
LOG_FILE = log_file(os.environ["NEWS_LOG_FILE"]) if os.environ.get("NEWS_LOG_FILE") else None  # appended
FEED_EXPORT_ENCODING = "utf-8"
TELNETCONSOLE_ENABLED = False
# Scrapy's RemoteControl (an HTTP endpoint on localhost that runs code inside the crawl, with a token
# file in the user's state directory that a killed run leaves behind): off
REMOTE_CONTROL_ENABLED = False
_STATS_FILE = os.environ.get("NEWS_STATS_FILE")
NEWS_STATS_FILE = str(project_path(_STATS_FILE)) if _STATS_FILE else None  # the closing stats as JSON here too

# -- JavaScript challenges (WAF) and rendered pages: crawler/ops/waf.py -----------------------------
# The add-on always installs the challenge detector (WafChallengeMiddleware, 585) and installs the
# scrapy-playwright download handler for http/https only for spiders that may need a browser
# (NEWS_WAF_BROWSER or rendering): plain crawls start no Playwright driver.
# ProjectPathsAddon last: relative paths (also -s ones) become the project root's, crawler/ops/paths.py
ADDONS = {"crawler.ops.waf.WafAddon": 100, "crawler.ops.paths.ProjectPathsAddon": 900}
NEWS_WAF_BROWSER = False  # furat_post turns it on in its custom_settings
NEWS_RENDER_ALL_PAGES = False  # every page (not robots/feeds/sitemaps/APIs) through the browser
NEWS_CHROMIUM_PATH = os.environ.get("NEWS_CHROMIUM_PATH", "/usr/bin/chromium")  # Debian's chromium
NEWS_WAF_MAX_ATTEMPTS = 2  # browser solves per request; then it fails and the host is given up
NEWS_WAF_TIMEOUT = 30.0  # seconds for a challenge to clear in the browser
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {  # executable_path comes from NEWS_CHROMIUM_PATH
    "headless": True,
    "timeout": 30000,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
    ],
}
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30000  # ms
PLAYWRIGHT_PROCESS_REQUEST_HEADERS = "crawler.ops.waf.browser_headers"
PLAYWRIGHT_ABORT_REQUEST = "crawler.ops.waf.skip_heavy_resource"

# -- distributed crawls (crawler/ops/distributed): scrapy crawl turns the components on ----------
NEWS_REDIS_URL = os.environ.get("NEWS_REDIS_URL", "")
NEWS_REDIS_LEASE = 60.0  # seconds a worker's request stays its own without a heartbeat (it renews every quarter)
NEWS_REDIS_SHARED_POLITENESS = True  # per-site concurrency and delay across all workers
NEWS_REDIS_OUTAGE_MAX = 300.0  # seconds a worker waits for Redis away (restarting) before it closes, FAILED
