"""The to-do that outlives the run: what a run meant to fetch and could not, kept for the next.

Table ``todo`` (same database as the articles), one row per outlet and URL: an article page or a
discovery page (home page, feed, listing page, sitemap, API page), with its ``kind``, the spider
``callback`` (and ``errback``) that reads it and the request ``meta`` it needs (JSON), the
``reason`` of its last failure (``http_503``, ``unreachable``, ``too_large``, ``http_404``,
``spider_error:KeyError``…), ``tries``, ``first_failed``, ``last_failed``, ``next_try`` and,
once given up, ``given_up_at``.

- **Written** by the spider (crawler/spiders/base.py): a fetch that failed after its retries,
  a 403, a callback that raised, a discovery page that answered but cannot be used
  (``NewsSpider.discovery_failed``) and a listed article answering 404 that is not gone yet
  (crawler/ops/crawlstate.py: 404 is not forever). One try per URL and run.
- **Taken first** by the next run that fetches (cron, full, refresh; a backfill takes only the
  article pages, since its window would filter what a discovery page lists), before discovery,
  once due: ``next_try = last_failed + min(2^tries × NEWS_TODO_BACKOFF_MINUTES (5),
  NEWS_TODO_BACKOFF_MAX_HOURS (6))``. The request is rebuilt from the row (``getattr(spider,
  callback)``, meta from JSON) and read in full (no conditional GET); discovery asking for the
  same page in that run is skipped. Counted ``news/todo/retried`` (``retried=`` in the SUMMARY).
- **Leaves** the table once the page is fetched and its callback ran through (a record stored,
  unchanged or quarantined; a discovery page read), by a retry or because discovery listed it
  again, or when an article counts as gone: ``news/todo/recovered`` (``recovered=``).
- **Given up** after ``NEWS_TODO_GIVE_UP_TRIES`` (10) tries spanning at least
  ``NEWS_TODO_GIVE_UP_HOURS`` (72) hours: no longer retried, but kept and listed (``scrapy todo
  [SPIDER]``); the run that gives an item up is DEGRADED (``todo_given_up``, ``TodoMonitor``).
  An article answering 404 is never given up: it becomes gone (crawlstate). A full run, a
  backfill or a refresh still fetches an article discovery lists again, given up or not yet due,
  and it leaves the table if it answers; a cron run leaves it to the to-do.

``RunPages`` keeps, for one run, which page listed which request and record, so that a discovery
page's HTTP validators are saved only when that page was read in full and everything it listed
ended stored, unchanged, known, quarantined or on this to-do (crawler/ops/conditional.py).
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from itemadapter import is_item
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from spidermon import Monitor
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from crawler.archive.schema import todo
from crawler.archive.storage import describe_error, storage_for, take_turns
from crawler.ops import coverage, crawlstate
from crawler.ops.summary import TOTALS

logger = logging.getLogger(__name__)

#: request meta: the names of the meta keys the spider gave (what a row keeps), the run's node of
#: a request (RunPages), a request rebuilt from the to-do
SPIDER_META, NODE, FROM_TODO = "spider_meta", "news_node", "todo"
#: Scrapy's own meta keys, never kept (for a request built without ``SPIDER_META``)
SCRAPY_META_PREFIXES = ("download_", "redirect_", "retry_", "handle_httpstatus", "playwright", "_", "news_")
SCRAPY_META = {"depth", "proxy", "cookiejar", "dont_redirect", "dont_retry", "dont_merge_cookies", "conditional"}
NOT_FOUND = "http_404"
NOT_SETTLED = {"lost", "left_in_spool"}  # drops whose record is not safe anywhere (pipelines/storage.py)
#: error keys not for a page's account: totals of others, and errors Scrapy itself logged (its
#: "Gave up retrying" comes with our errback; a failed record or callback shows in ``RunPages``)
UNATTRIBUTED = (*TOTALS, "news/errors/internal")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _hours(first: str, last: str) -> float:
    try:
        return (datetime.fromisoformat(last) - datetime.fromisoformat(first)) / timedelta(hours=1)
    except (TypeError, ValueError):
        return 0.0


@dataclass(frozen=True)
class Policy:
    """Backoff and giving up (settings ``NEWS_TODO_*``)."""

    backoff_minutes: float = 5.0
    backoff_max_hours: float = 6.0
    give_up_tries: int = 10
    give_up_hours: float = 72.0

    @classmethod
    def from_settings(cls, settings) -> Policy:
        return cls(
            backoff_minutes=max(0.0, settings.getfloat("NEWS_TODO_BACKOFF_MINUTES", 5.0)),
            backoff_max_hours=max(0.0, settings.getfloat("NEWS_TODO_BACKOFF_MAX_HOURS", 6.0)),
            give_up_tries=max(1, settings.getint("NEWS_TODO_GIVE_UP_TRIES", 10)),
            give_up_hours=max(0.0, settings.getfloat("NEWS_TODO_GIVE_UP_HOURS", 72.0)),
        )

    def backoff(self, tries: int) -> timedelta:
        """``min(2^tries × backoff_minutes, backoff_max_hours)``."""
        minutes = min(2.0 ** min(tries, 30) * self.backoff_minutes, self.backoff_max_hours * 60)
        return timedelta(minutes=minutes)

    def gives_up(self, row: dict) -> bool:
        """Enough tries over enough time; never an article answering 404 (it becomes gone instead)."""
        return (
            not (row["kind"] == "article" and row["reason"] == NOT_FOUND)
            and row["tries"] >= self.give_up_tries
            and _hours(row["first_failed"], row["last_failed"]) >= self.give_up_hours
        )


# -- the table ---------------------------------------------------------------------------------------
def load(engine, outlet: str) -> list[dict]:
    query = select(todo).where(todo.c.outlet == outlet).order_by(todo.c.next_try, todo.c.id)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def record_failure(engine, outlet: str, entry: dict, reason: str, policy: Policy, count_try: bool = True) -> dict:
    """Add a failed request (``entry``: url, kind, article_id, callback, errback, meta as JSON) or
    count one more try of it; the row after it, with ``given_up_now`` (bool)."""
    now = _now()
    stamp = _iso(now)
    key = (todo.c.outlet == outlet, todo.c.url == entry["url"])
    with engine.begin() as conn:
        take_turns(conn, f"todo:{outlet}/{entry['url']}")  # one row, tries counted once
        found = conn.execute(select(todo).where(*key)).first()
        old = dict(found._mapping) if found is not None else {}
        tries = (old.get("tries") or 0) + (1 if count_try or not old else 0)
        row = dict(
            outlet=outlet,
            url=entry["url"],
            kind=entry["kind"],
            article_id=entry.get("article_id"),
            callback=entry["callback"],
            errback=entry.get("errback"),
            meta=entry.get("meta") or "{}",
            reason=reason,
            tries=tries,
            first_failed=old.get("first_failed") or stamp,
            last_failed=stamp,
            next_try=_iso(now + policy.backoff(tries)),
            given_up_at=old.get("given_up_at"),
        )
        given_up_now = row["given_up_at"] is None and policy.gives_up(row)
        if given_up_now:
            row["given_up_at"] = stamp
        if old:
            conn.execute(todo.update().where(*key).values(**row))
        else:
            conn.execute(todo.insert().values(**row))
    return dict(row, given_up_now=given_up_now)


def delete(engine, outlet: str, urls: list[str]) -> int:
    if not urls:
        return 0
    with engine.begin() as conn:
        result = conn.execute(todo.delete().where(todo.c.outlet == outlet, todo.c.url.in_(urls)))
    return int(result.rowcount or 0)


def pending_count(engine, outlet: str) -> int:
    """Rows of the outlet still retried (not given up)."""
    query = select(func.count()).select_from(todo).where(todo.c.outlet == outlet, todo.c.given_up_at.is_(None))
    with engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def rows(engine, outlet: str | None = None, given_up_only: bool = False) -> list[dict]:
    """Every row (of ``outlet``), given up first, then by next try (``scrapy todo``)."""
    query = select(todo).order_by(todo.c.given_up_at.is_(None), todo.c.outlet, todo.c.next_try, todo.c.id)
    if outlet:
        query = query.where(todo.c.outlet == outlet)
    if given_up_only:
        query = query.where(todo.c.given_up_at.is_not(None))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def format_rows(found: list[dict]) -> list[str]:
    """One line per item, starting with its URL, then its state and reason."""
    lines = []
    for r in found:
        state = f"GIVEN UP {r['given_up_at']}" if r["given_up_at"] else f"next try {r['next_try']}"
        lines.append(
            f"{r['url']}  {state}  {r['reason']}  [outlet {r['outlet']}, {r['kind']}"
            + (f" {r['article_id']}" if r["article_id"] else "")
            + f", {r['tries']} {'try' if r['tries'] == 1 else 'tries'}, first failed {r['first_failed']}, "
            f"last failed {r['last_failed']}]"
        )
    return lines


# -- one run's pages: what each page listed, and whether all of it was used ------------------------------
class _Node:
    __slots__ = ("bad", "conditional", "parent", "pending", "state", "url")

    def __init__(self, url: str, parent: str | None, conditional: bool):
        self.url = url
        self.parent = parent
        self.conditional = conditional
        self.pending = 0  # requests and records it listed that have not settled yet
        self.state: str | None = None  # done (read through), todo (failed, on the to-do), failed
        self.bad = False  # it, or something it listed, failed and is not on the to-do


class RunPages:
    """Each request a run makes is a node under the page that listed it; records a page yields
    are its children too. A node settles once its own outcome is known (``done``: the callback
    ran through; ``todo``: failed and on the to-do; ``failed``) and all its children settled; it
    is *good* for its parent if it is done or on the to-do and nothing under it is bad. A
    conditional page's validators may be saved only if every node of its URL settled done and
    good (``used``). Settled nodes are forgotten: memory grows with what is in flight only."""

    def __init__(self) -> None:
        self.nodes: dict[str, _Node] = {}
        self.prefix = uuid.uuid4().hex[:8] + "-"  # a resumed job's requests carry other runs' ids
        self.counter = 0
        self.used: set[str] = set()
        self.unused: set[str] = set()

    def new(self, url: str, parent: str | None, conditional: bool) -> str:
        self.counter += 1
        nid = f"{self.prefix}{self.counter}"
        self.nodes[nid] = _Node(url, parent if parent in self.nodes else None, conditional)
        if parent in self.nodes:
            self.nodes[parent].pending += 1
        return nid

    def node_of(self, request, url: str) -> str:
        """The node of a request whose answer came (a start request has none yet: a new root)."""
        nid = request.meta.get(NODE)
        if nid not in self.nodes:
            nid = self.new(url, None, bool(request.meta.get("conditional")))
            request.meta[NODE] = nid
        return nid

    def child(self, parent: str, request, url: str) -> None:
        request.meta[NODE] = self.new(url, parent, bool(request.meta.get("conditional")))

    def record(self, parent: str, item) -> None:
        if parent in self.nodes:
            try:
                item._news_node = parent
            except AttributeError:  # a record type without attributes of its own: not followed
                return
            self.nodes[parent].pending += 1

    def record_settled(self, item, good: bool) -> None:
        nid = getattr(item, "_news_node", None)
        if nid is None:
            return
        del item._news_node
        node = self.nodes.get(nid)
        if node is None:
            return
        node.pending -= 1
        node.bad = node.bad or not good
        self.settle(nid)

    def state(self, nid: str | None) -> str | None:
        node = self.nodes.get(nid or "")
        return node.state if node is not None else "settled"

    def finish(self, nid: str | None, state: str) -> None:
        node = self.nodes.get(nid or "")
        if node is None or node.state is not None:
            return  # the errback decided first, or the node is already settled
        node.state = state
        self.settle(nid or "")

    def settle(self, nid: str) -> None:
        while True:
            node = self.nodes.get(nid)
            if node is None or node.state is None or node.pending > 0:
                return
            good = node.state in ("done", "todo") and not node.bad
            if node.conditional:
                (self.used if good and node.state == "done" else self.unused).add(node.url)
            del self.nodes[nid]
            parent = self.nodes.get(node.parent or "")
            if parent is None:
                return
            parent.pending -= 1
            parent.bad = parent.bad or not good
            nid = node.parent or ""

    def used_url(self, url: str) -> bool:
        return url in self.used and url not in self.unused


# -- one run's to-do -------------------------------------------------------------------------------------
class RunTodo:
    """The to-do of one crawl (``todo_for(crawler)``): rows loaded when the spider starts
    (``open``), failures written as they happen, recoveries deleted, counts in the stats
    (``news/todo/*``), and the run's pages (``RunPages``)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.policy = Policy.from_settings(crawler.settings)
        self.gone_rule = crawlstate.GoneRule.from_settings(crawler.settings)
        self.active = False  # a crawl that fetches (not a canary, a reparse, scrapy parse)
        self.outlet = ""
        self.by_url: dict[str, dict] = {}
        self.by_article: dict[str, dict] = {}
        self.not_found: dict[str, dict] = {}  # articles that answered 404, not gone yet
        self.retrying: set[str] = set()  # URLs this run retries from the to-do
        self.counted: set[str] = set()  # URLs whose failure this run counted as a try
        self.accounted = 0  # errors (news/errors/<kind>) counted by the spider with the page on the to-do
        self.pages = RunPages()
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @property
    def engine(self):
        return storage_for(self.crawler).engine

    def open(self, outlet: str, callback: str, errback: str) -> bool:
        """Load the outlet's to-do; an article that answered 404 (not gone) and has no row gets one
        (a database of an older version, where one 404 meant gone). False if the database fails."""
        self.outlet = outlet
        self.active = True
        try:
            self.not_found = crawlstate.load_not_found(self.engine, outlet)
            found = load(self.engine, outlet)
            have = {r["url"] for r in found} | {r["article_id"] for r in found if r["article_id"]}
            for article_id, nf in sorted(self.not_found.items()):
                if article_id in have or nf["url"] in have:
                    continue
                entry = {
                    "url": nf["url"],
                    "kind": "article",
                    "article_id": article_id,
                    "callback": callback,
                    "errback": errback,
                    "meta": json.dumps({"article_id": article_id, "hint_url": nf["url"], "lastmod": None}),
                }
                row = record_failure(self.engine, outlet, entry, f"http_{nf['status'] or 404}", self.policy)
                found.append(dict(row, next_try=_iso(_now())))
        except SQLAlchemyError as exc:
            logger.error("to-do unavailable (%s): this run retries nothing from it", describe_error(exc))
            self.stats.inc_value("news/todo/errors")
            return False
        for row in found:
            self.by_url[row["url"]] = row
            if row["article_id"]:
                self.by_article[row["article_id"]] = row
        pending = sum(1 for r in found if not r["given_up_at"])
        if found:
            logger.info("%s: %d on the to-do (%d given up)", outlet, pending, len(found) - pending)
        return True

    def due(self, articles_only: bool = False) -> list[dict]:
        now = _iso(_now())
        return [
            r
            for r in self.by_url.values()
            if not r["given_up_at"] and r["next_try"] <= now and (r["kind"] == "article" or not articles_only)
        ]

    def waiting(self, article_id: str, url: str) -> bool:
        """An article on the to-do that is not due yet, or given up: a cron run that finds it listed
        leaves it to the to-do's backoff."""
        row = self.by_article.get(article_id) or self.by_url.get(url)
        return row is not None and (bool(row["given_up_at"]) or row["next_try"] > _iso(_now()))

    def retry(self, url: str) -> None:
        self.retrying.add(url)
        self.stats.inc_value("news/todo/retried")

    def rediscovered(self, request, url: str) -> bool:
        """True for a discovery request of a page this run already retries from the to-do."""
        if request.meta.get(FROM_TODO) or request.meta.get("article_id") or url not in self.retrying:
            return False
        self.stats.inc_value("news/todo/rediscovery_skipped")
        return True

    # -- failures --------------------------------------------------------------------------------
    def failed(self, entry: dict, reason: str) -> dict | None:
        """Put a failed request on the to-do (one try per URL and run); the row, or None when the
        database would not take it (logged: the page is then not on the to-do)."""
        url = entry["url"]
        first_this_run = url not in self.counted
        self.counted.add(url)
        try:
            row = record_failure(self.engine, self.outlet, entry, reason, self.policy, count_try=first_this_run)
        except SQLAlchemyError as exc:
            logger.error("NOT on the to-do (%s): %s (%s)", describe_error(exc), url, reason)
            self.stats.inc_value("news/todo/errors")
            return None
        self.by_url[url] = row
        if row["article_id"]:
            self.by_article[row["article_id"]] = row
        if first_this_run:
            self.stats.inc_value("news/todo/failed")
        if row["given_up_now"]:
            self.stats.inc_value("news/todo/given_up")
            coverage.add_sample(self.stats, "todo_given_up", url)
            logger.error(
                "given up after %d tries since %s: %s (%s); listed by scrapy todo %s",
                row["tries"],
                row["first_failed"],
                url,
                reason,
                self.outlet,
            )
        return row

    def not_found_answer(self, article_id: str, url: str, status: int) -> dict:
        """Note a listed article's 404/410 (crawlstate); the gone_articles row, with ``gone``."""
        noted = crawlstate.note_not_found(self.engine, self.outlet, article_id, url, status, self.gone_rule)
        if noted["gone"]:
            self.not_found.pop(article_id, None)
            self.resolve(url, article_id)
            self.stats.inc_value("news/articles_gone")
        else:
            self.not_found[article_id] = noted
        return noted

    # -- recoveries ------------------------------------------------------------------------------
    def resolve(self, url: str, article_id: str | None = None) -> None:
        """The page at ``url`` (or the article) was read: it leaves the to-do."""
        found = [r for r in (self.by_url.get(url), self.by_article.get(article_id or "")) if r is not None]
        if not found:
            return
        urls = sorted({r["url"] for r in found})
        try:
            removed = delete(self.engine, self.outlet, urls)
        except SQLAlchemyError as exc:
            logger.error(
                "could not take %s off the to-do (%s); the next run fetches it again", url, describe_error(exc)
            )
            self.stats.inc_value("news/todo/errors")
            return
        for r in found:
            self.by_url.pop(r["url"], None)
            if r["article_id"]:
                self.by_article.pop(r["article_id"], None)
        if removed:
            self.stats.inc_value("news/todo/recovered", removed)
            logger.info("recovered from the to-do (after %d tries): %s", found[0]["tries"], url)

    def read(self, url: str, article_id: str | None) -> None:
        """An answer whose callback ran through: off the to-do; an article that had answered 404
        answers again, so it is not gone."""
        self.resolve(url, article_id)
        if article_id and article_id in self.not_found:
            self.not_found.pop(article_id)
            try:
                crawlstate.forget_gone(self.engine, self.outlet, article_id)
            except SQLAlchemyError as exc:
                logger.warning("404 history of %s not cleared: %s", url, describe_error(exc))

    # -- records (RunPages) ----------------------------------------------------------------------
    def item_scraped(self, item, response=None, spider=None):
        self.pages.record_settled(item, True)

    def item_dropped(self, item, response=None, exception=None, spider=None):
        self.pages.record_settled(item, getattr(exception, "reason", None) not in NOT_SETTLED)

    def item_error(self, item, response=None, spider=None, failure=None):
        self.pages.record_settled(item, False)

    def page_used(self, url: str) -> bool:
        return self.pages.used_url(url)

    def unaccounted_errors(self) -> int:
        """Errors of this run (``news/errors/<kind>``) on no page's account:
        some code counted an error without telling the to-do, so no page can be trusted as read
        in full."""
        errors = sum(
            v
            for k, v in self.stats.get_stats().items()
            if k.startswith("news/errors/") and k not in UNATTRIBUTED and isinstance(v, int)
        )
        return max(0, errors - self.accounted)


def todo_for(crawler) -> RunTodo:
    """The one ``RunTodo`` of a crawl."""
    keeper = getattr(crawler, "_news_todo", None)
    if keeper is None:
        keeper = RunTodo(crawler)
        crawler._news_todo = keeper
    return keeper


def spider_meta(request) -> dict[str, Any]:
    """The meta a to-do row keeps: the keys the spider gave (``SPIDER_META``), JSON values only."""
    names = request.meta.get(SPIDER_META)
    if names is None:
        names = [
            k for k in request.meta if k not in SCRAPY_META and not k.startswith(SCRAPY_META_PREFIXES) and k != "todo"
        ]
    kept: dict[str, Any] = {}
    for name in names:
        if name not in request.meta:
            continue
        try:
            json.dumps(request.meta[name])
        except (TypeError, ValueError):
            logger.warning("to-do: meta %r of %s is not JSON, not kept", name, request.url)
            continue
        kept[name] = request.meta[name]
    return kept


# -- the spider middleware --------------------------------------------------------------------------------
class TodoMiddleware:
    """Follows each answer's callback: what it listed (children of its page), whether it ran
    through (the page leaves the to-do) or raised (the page goes on it); skips a discovery request
    for a page this run already retries from the to-do."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        todo_for(crawler)  # listens to the item signals from the start
        return cls(crawler)

    def _url(self, url: str) -> str:
        spider = self.crawler.spider
        return spider.real_url(url) if hasattr(spider, "real_url") else url

    def _enter(self, keeper: RunTodo, response) -> str:
        return keeper.pages.node_of(response.request, self._url(response.url))

    def _admit(self, keeper: RunTodo, nid: str, element) -> bool:
        if isinstance(element, Request):
            url = self._url(element.url)
            if keeper.rediscovered(element, url):
                return False
            keeper.pages.child(nid, element, url)
        elif is_item(element):
            keeper.pages.record(nid, element)
        return True

    def _leave(self, keeper: RunTodo, response, nid: str) -> None:
        if keeper.pages.state(nid) is not None:
            return  # an errback already put it on the to-do (or noted its 404)
        allowed = response.meta.get("handle_httpstatus_list") or ()
        # an error answer its errback let pass, or 304 (not modified: not read): nothing recovered
        if (response.status < 400 or response.status in allowed) and response.status != 304:
            article_id = response.meta.get("article_id")
            for url in dict.fromkeys([response.url, *response.meta.get("redirect_urls", ())]):
                keeper.read(self._url(url), article_id)
        keeper.pages.finish(nid, "done")

    def _raised(self, keeper: RunTodo, response, exc: BaseException) -> None:
        if isinstance(exc, HttpError | IgnoreRequest):
            return  # the errback's business
        spider = self.crawler.spider
        nid = response.meta.get(NODE)
        if keeper.pages.state(nid) is not None:
            return
        if hasattr(spider, "todo_failed"):
            spider.todo_failed(response.request, f"spider_error:{type(exc).__name__}")
        else:
            keeper.pages.finish(nid, "failed")

    def process_spider_output(self, response, result, spider=None):
        keeper = todo_for(self.crawler)
        if not keeper.active:
            yield from result
            return
        nid = self._enter(keeper, response)
        try:
            for element in result:
                if self._admit(keeper, nid, element):
                    yield element
        except Exception as exc:
            self._raised(keeper, response, exc)
            raise
        self._leave(keeper, response, nid)

    async def process_spider_output_async(self, response, result, spider=None):
        keeper = todo_for(self.crawler)
        if not keeper.active:
            async for element in result:
                yield element
            return
        nid = self._enter(keeper, response)
        try:
            async for element in result:
                if self._admit(keeper, nid, element):
                    yield element
        except Exception as exc:
            self._raised(keeper, response, exc)
            raise
        self._leave(keeper, response, nid)

    def process_spider_exception(self, response, exception, spider=None):
        keeper = todo_for(self.crawler)
        if keeper.active:
            self._raised(keeper, response, exception)


# -- the monitor (CloseSuite, crawler/ops/monitors.py) -------------------------------------------------------
class TodoMonitor(Monitor):
    """DEGRADED (``todo_given_up``) when this run gave up to-do items; leaves the number still on
    the to-do in ``news/todo/left`` (``todo=`` in the SUMMARY). Alarms as ``NewsMonitor`` writes them."""

    def test_nothing_given_up(self):
        crawler = self.data.crawler
        keeper = getattr(crawler, "_news_todo", None)
        stats = self.data.stats
        if keeper is None or not keeper.active:
            return
        try:
            crawler.stats.set_value("news/todo/left", pending_count(keeper.engine, keeper.outlet))
        except SQLAlchemyError as exc:
            logger.warning("to-do count unavailable: %s", describe_error(exc))
        given_up = stats.get("news/todo/given_up", 0)
        if given_up:
            policy = keeper.policy
            message = (
                f"{keeper.outlet}: {given_up} to-do items given up after {policy.give_up_tries}+ tries over "
                f"{policy.give_up_hours:g}+ h, no longer retried (scrapy todo {keeper.outlet})"
            )
            self.data.meta.setdefault("alarms", []).append(
                {
                    "level": "DEGRADED",
                    "monitor": type(self).__name__,
                    "reason": "todo_given_up",
                    "message": message,
                    "urls": coverage.samples(stats, "todo_given_up"),
                }
            )
            self.fail(message)
