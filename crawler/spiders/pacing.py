"""Sitemaps read in turn, so a full crawl's waiting requests are bounded, not the archive's.

Scrapy puts every request a callback yields into the scheduler at once, in memory. A sitemap
index lists about 150 monthly sitemaps of about 1,400 articles each (Orient News, 200,000
articles); read as they come, the downloader takes up to 16 of them together and some 20,000
article requests wait in memory at once (measured: the pending requests came in bursts of a dozen
sitemaps). ``SitemapPacer`` keeps the sitemaps an index lists waiting (a request each, a few
hundred bytes) and hands the next ones to the engine, at each response, while the article pages
requested and not answered yet, plus what the sitemaps being read will add (at the articles per
sitemap seen so far), stay under ``NEWS_PENDING_ARTICLES`` (1,000); one at a time at least, and
always when the scheduler runs dry (``scheduler_empty``). What waits in memory is about that many
requests, at any archive size, and small sitemaps are read several at once so the downloader is
not left waiting for them. ``spider_idle`` hands out the next one too and keeps the run open,
should neither happen.

Only with Scrapy's own scheduler, whose queue lives in this process (in memory, or on disk with
``JOBDIR``); another scheduler (a distributed crawl's shared queue, crawler/ops/distributed) gets
every sitemap at once. A sitemap this run already retries from the to-do is not requested again
(``RunTodo.rediscovered``, as for a request a callback yields).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from scrapy import Request, signals
from scrapy.core.scheduler import Scheduler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object

from crawler.ops.todo import todo_for

#: request meta: the sitemap URL a paced request was handed out under (kept through retries and redirects)
PACED = "paced_sitemap"
#: sitemaps handed out and not read yet, at most (the downloader's concurrency)
READING_MAX = 16


class SitemapPacer:
    """The sitemaps an index listed that wait their turn (see the module docstring)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.paced = load_object(crawler.settings.get("SCHEDULER")) is Scheduler
        self.waiting: deque[Request] = deque()
        self.reading: set[str] = set()  # sitemaps handed out whose answer has not been read yet
        self.read_count = 0  # sitemaps handed out and read
        #: article pages requested and not answered yet (and to come from the sitemaps being read)
        #: up to which the next sitemaps are handed out
        self.pending_max = crawler.settings.getint("NEWS_PENDING_ARTICLES", 1000)
        crawler.signals.connect(self.release, signal=signals.scheduler_empty)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)

    def follow(self, request: Request) -> Iterator[Request]:
        """A sitemap an index lists: yielded at once when not paced, else kept for its turn."""
        if not self.paced:
            yield request
            return
        self.waiting.append(request)
        self.crawler.stats.max_value("news/sitemaps_waiting_peak", len(self.waiting))

    def read(self, request: Request) -> None:
        """A sitemap's answer came (or its failure): the next one may go."""
        url = request.meta.get(PACED)
        if url and url in self.reading:
            self.reading.discard(url)
            self.read_count += 1

    def release(self) -> None:
        """The scheduler ran dry: the next sitemaps, at least one."""
        while self.waiting and len(self.reading) < max(1, self.room()) and self._hand_out():
            pass

    def response_received(self) -> None:
        """A response came: the next sitemaps, as many as there is room for."""
        while self.waiting and len(self.reading) < self.room() and self._hand_out():
            pass

    def room(self) -> int:
        """Sitemaps that may be being read now: as many as the article pages requested and not
        answered yet leave room for under ``pending_max``, at the articles per sitemap read so
        far (a whole ``pending_max`` before the first), at most ``READING_MAX``."""
        stats = self.crawler.stats
        pending = stats.get_value("news/articles_requested", 0) - stats.get_value("news/article_pages_done", 0)
        per_sitemap = (
            stats.get_value("news/articles_listed", 0) / self.read_count if self.read_count else self.pending_max
        )
        return min(READING_MAX, int((self.pending_max - pending) // max(1.0, per_sitemap)))

    def idle(self, spider) -> None:
        if self._hand_out():
            raise DontCloseSpider

    def _hand_out(self) -> bool:
        """The next waiting sitemap to the engine; False when none is left."""
        spider = self.crawler.spider
        todo = todo_for(self.crawler)
        while self.waiting:
            request = self.waiting.popleft()
            if todo.rediscovered(request, spider.real_url(request.url)):
                continue
            request.meta[PACED] = request.url
            self.reading.add(request.url)
            self.crawler.engine.crawl(request)
            return True
        return False
