"""Step 4: write the record. A failed write is retried, then spooled to disk, never lost.

- ``NEWS_STORAGE_RETRIES`` (default 3) tries with a short backoff for a locked or unreachable
  database;
- after that the record is appended to ``NEWS_SPOOL_DIR`` (default ``data/spool``) as one JSON
  line, counted as ``news/storage/spooled`` and the run is marked failed; the next run replays
  the spool before crawling (``news/storage/replayed``).
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from itemadapter import ItemAdapter
from sqlalchemy.exc import SQLAlchemyError

from crawler.archive.storage import storage_for
from crawler.items import Article

logger = logging.getLogger(__name__)


class StoragePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.retries = settings.getint("NEWS_STORAGE_RETRIES", 3)
        self.backoff = settings.getfloat("NEWS_STORAGE_BACKOFF", 0.5)
        self.spool_dir = Path(settings.get("NEWS_SPOOL_DIR") or os.path.join("data", "spool"))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spool_file(self) -> Path:
        return self.spool_dir / "articles.jsonl"

    def open_spider(self, spider=None):
        self.replay_spool()

    def close_spider(self, spider=None):
        store = getattr(self.crawler, "_news_storage", None)
        if store is not None:
            store.close()

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        for attempt in range(1, self.retries + 1):
            try:
                outcome = storage_for(self.crawler).upsert(item)
            except SQLAlchemyError as exc:
                logger.warning(
                    "storage write failed (try %d/%d) for %s: %s", attempt, self.retries, adapter["url"], exc
                )
                self.stats.inc_value("news/storage/retries")
                if attempt < self.retries:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                continue
            self.stats.inc_value(f"news/stored/{outcome}")
            self.stats.inc_value(f"news/stored_by_outlet/{adapter['outlet']}/{outcome}")
            logger.info("stored (%s) %s %s", outcome, adapter["outlet"], adapter["url"])
            return item
        self.spool(item)
        return item

    def spool(self, item) -> None:
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        with self.spool_file.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(ItemAdapter(item).asdict(), ensure_ascii=False) + "\n")
        self.stats.inc_value("news/storage/spooled")
        self.stats.inc_value("news/fatal/storage_error")
        logger.error("storage unavailable: record spooled to %s (%s)", self.spool_file, ItemAdapter(item)["url"])

    def replay_spool(self) -> None:
        if not self.spool_file.exists():
            return
        pending = [
            json.loads(line) for line in self.spool_file.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        try:
            store = storage_for(self.crawler)
            for record in pending:
                store.upsert(Article(**record))
        except SQLAlchemyError as exc:
            logger.error("spool replay failed, %d records stay spooled in %s: %s", len(pending), self.spool_file, exc)
            return
        self.spool_file.unlink()
        self.stats.set_value("news/storage/replayed", len(pending))
        logger.info("replayed %d spooled records from %s", len(pending), self.spool_file)
