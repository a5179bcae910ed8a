"""Step 3: store each article once.

Identity is outlet + article id (spiders derive the id from every URL form: slugs, shortlinks,
AMP, ``utm_*``, ``www.``/http variants). The state lives in the database, not in memory, so a
later run, another process or a restart knows what is stored:

- a known article whose record is unchanged is not written again (``news/dropped/already_stored``);
- a known article that changed (later ``modified_at`` or different content) goes on to storage,
  which updates its row and counts a revision (``news/stored/updated``).

Then near-duplicates of the text (``crawler/archive/neardup.py``: why MinHash LSH, its parameters): the
same story at another outlet (Furat Post reposting an Orient News report with its own kicker, a
paragraph left out, comment-form lines pasted at the end), or at the same outlet under another
article id. The record is still stored, with ``duplicate_of`` set to the canonical URL of the
earliest indexed record whose text it matches (estimated Jaccard similarity of the word 3-grams
>= ``NEWS_NEARDUP_THRESHOLD`` and the same figures, see ``crawler.archive.neardup.figures_agree``),
counted as ``news/near_duplicates``. The LSH index is in the
database (``neardup_docs``/``neardup_bands``, see ``crawler/archive/storage.py``), written here before
the record is passed on, idempotently, so a later run, another process or a restart finds it;
a record whose identity says "already stored" is indexed too if it is not yet (articles stored
before the index existed). Only records indexed *earlier* can be the reference: a revised
original never becomes the copy of its copies.

Settings: ``NEWS_NEARDUP_ENABLED`` (default True), ``NEWS_NEARDUP_THRESHOLD`` (default 0.7).
Bodies under ``crawler.archive.neardup.MIN_WORDS`` (40) words are not compared nor indexed
(``news/neardup/skipped_short``). A database error in the near-duplicate step is logged and
counted (``news/neardup/errors``) and the record goes on to storage unmarked: a missed mark is
better than a lost record.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata

from itemadapter import ItemAdapter
from sqlalchemy.exc import SQLAlchemyError

from crawler.archive import neardup
from crawler.archive.storage import RECORD_FIELDS, describe_error, storage_for
from crawler.items import VOLATILE_FIELDS
from crawler.ops.drops import drop

logger = logging.getLogger(__name__)


def content_hash(title: str, body: str) -> str:
    text = unicodedata.normalize("NFC", f"{title}\n\n{body}")
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def record_changed(new: dict, stored: dict) -> bool:
    """True when any non-volatile field differs (a parser fix shows up as a change too)."""
    return any(new.get(k) != stored.get(k) for k in RECORD_FIELDS if k not in VOLATILE_FIELDS)


class DedupePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.neardup_enabled = settings.getbool("NEWS_NEARDUP_ENABLED", True)
        self.neardup_threshold = settings.getfloat("NEWS_NEARDUP_THRESHOLD", neardup.DEFAULT_THRESHOLD)
        if self.neardup_enabled and neardup.candidate_probability(self.neardup_threshold) < 0.9:
            logger.warning(
                "NEWS_NEARDUP_THRESHOLD=%s is below what the LSH bands are built for: pairs at that "
                "similarity are found only with probability %.2f",
                self.neardup_threshold,
                neardup.candidate_probability(self.neardup_threshold),
            )

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        adapter["content_hash"] = content_hash(adapter["title"], adapter["body"])
        stored = storage_for(self.crawler).get(adapter["outlet"], adapter["article_id"])
        if stored is not None:
            new = adapter.asdict()
            if not record_changed(new, stored):
                if self.neardup_enabled:
                    self.index_stored(stored)
                raise drop(self.stats, "already_stored", "unchanged since last stored", adapter["url"])
            self.stats.inc_value("news/revisions")
        if self.neardup_enabled:
            self.near_duplicates(adapter)
        return item

    # -- near-duplicates ----------------------------------------------------------------------------
    def near_duplicates(self, adapter: ItemAdapter) -> None:
        """Set ``duplicate_of`` from the index (or clear it), then index this record."""
        fp = neardup.fingerprint(adapter.get("body") or "")
        if not fp.comparable:
            self.stats.inc_value("news/neardup/skipped_short")
            return
        outlet, article_id, url = adapter["outlet"], adapter["article_id"], adapter["url"]
        store = storage_for(self.crawler)
        keys = fp.band_keys()
        try:
            candidates = store.neardup_candidates(outlet, article_id, keys)
        except SQLAlchemyError as exc:
            logger.warning("near-duplicate lookup failed for %s: %s", url, describe_error(exc))
            self.stats.inc_value("news/neardup/errors")
            return
        self.stats.inc_value("news/neardup/candidates", len(candidates))
        reference, similarity = None, 0.0
        for cand in candidates:  # earliest first
            match, similarity = fp.matches(cand["signature"], cand["figures"], self.neardup_threshold)
            if match:
                reference = cand
                break
            if similarity >= self.neardup_threshold:  # similar text, other figures: a template report
                self.stats.inc_value("news/neardup/figures_differ")
        adapter["duplicate_of"] = reference["url"] if reference else None
        if reference:
            self.stats.inc_value("news/near_duplicates")
            self.stats.inc_value(f"news/near_duplicates_by_outlet/{outlet}")
            logger.info(
                "near-duplicate (%.2f) %s %s of %s %s", similarity, outlet, url, reference["outlet"], reference["url"]
            )
        self._index(outlet, article_id, url, fp, keys, adapter["duplicate_of"])

    def index_stored(self, stored: dict) -> None:
        """Index an already stored record that is not in the index yet (stored before it existed)."""
        try:
            if storage_for(self.crawler).neardup_indexed(stored["outlet"], stored["article_id"]):
                return
        except SQLAlchemyError as exc:
            logger.warning("near-duplicate index check failed for %s: %s", stored.get("url"), describe_error(exc))
            self.stats.inc_value("news/neardup/errors")
            return
        fp = neardup.fingerprint(stored.get("body") or "")
        if fp.comparable and self._index(
            stored["outlet"], stored["article_id"], stored["url"], fp, fp.band_keys(), stored.get("duplicate_of")
        ):
            self.stats.inc_value("news/neardup/backfilled")

    def _index(self, outlet, article_id, url, fp, keys, duplicate_of) -> bool:
        store = storage_for(self.crawler)
        for attempt in (1, 2):  # a second try for a write that lost a race for the SQLite lock
            try:
                outcome = store.neardup_index(
                    outlet,
                    article_id,
                    url,
                    fp.to_bytes(),
                    keys,
                    words=fp.words,
                    figures=fp.figures_text(),
                    duplicate_of=duplicate_of,
                )
            except SQLAlchemyError as exc:
                if attempt == 1:
                    continue
                logger.warning("near-duplicate index write failed for %s: %s", url, describe_error(exc))
                self.stats.inc_value("news/neardup/errors")
                return False
            self.stats.inc_value(f"news/neardup/indexed/{outcome}")
            return True
        return False
