"""Python's garbage collector in a crawl: the start-up heap frozen while the crawl runs.

When the engine starts, the process holds most of what it keeps for the whole run: Scrapy, Twisted,
the spider, its parsers' compiled selectors, the quoted-source lexicons, the archive's connection
(about 160,000 objects in an Orient News crawl). Every full collection would walk them all again.
``gc.freeze()`` (after one ``gc.collect()``, so that no garbage is kept) moves them to a permanent
generation that collections skip: a collection then walks only what the crawl itself allocated.
Measured on a crawl of 1,500 articles of the synthetic replica (crawler/replica/synthetic.py, 2
cores, other work running): time in garbage collection 2.5–2.7 s without, 0.9–1.2 s with, of about
15 s of CPU. When the engine stops they are unfrozen (``gc.unfreeze()``), so a process that runs
several crawls (the tests, a script) does not keep one crawl's objects frozen into the next.

The thresholds stay Python's. An article page's tree is freed when its record is made, by reference
counting: the spider parses it into a Selector of its own (``page_selector``, crawler/parsers/base.py),
not Scrapy's ``response.selector``, whose ``.response`` is the response that caches it (a reference
cycle that left every page's tree to a collection: about 0.05 ms per page in bench/extract_speed.py).
Discovery pages (listings, feeds) still use ``response.css``: their few trees wait for a collection; a
higher threshold keeps more of them in memory between collections for little (gen0 at 10,000 on the
crawl above, before article pages were freed so: 0.3 s less collecting, a higher peak).

``NEWS_GC_FREEZE = False`` turns it off. bench/extract_speed.py applies the same freeze to the
readers it compares.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.exceptions import NotConfigured


def freeze() -> int:
    """Collect, then freeze what is left; the count of objects frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class GcFreeze:
    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWS_GC_FREEZE", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_started(self) -> None:
        self.stats.set_value("news/gc/frozen_objects", freeze())

    def engine_stopped(self) -> None:
        gc.unfreeze()
