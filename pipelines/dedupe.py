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
(``news/neardup/skipped_short``).

**Concurrent writers.** The check and the index entry of one record are one step of the storage
(``neardup_check_and_index``: one transaction that no other writer of the index runs alongside,
an advisory lock on PostgreSQL, the write lock on SQLite), so two processes (both spiders, a
crawl and a reparse) storing two copies of one text at the same moment never both miss the
other: the later one is marked as the copy of the earlier.

**Database errors.** One a later try can mend (busy, unreachable, unavailable: a server
restarting, a lock held elsewhere; ``crawler.archive.storage.is_transient``) defers the whole
step to the storage step (``news/dedupe/deferred``, one warning with the URL): it waits for the
database within its budget and runs this step again before it writes, or spools the record,
whose replay runs it. Nothing is stored unchecked and nothing is lost. Any other error in the
near-duplicate part is logged and counted (``news/neardup/errors``) and the record goes on to
storage unmarked: a missed mark is better than a lost record.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata

from itemadapter import ItemAdapter
from sqlalchemy.exc import SQLAlchemyError

from crawler.archive import neardup
from crawler.archive.storage import RECORD_FIELDS, describe_error, is_transient, same_moment, storage_for
from crawler.items import VOLATILE_FIELDS
from crawler.ops.drops import drop

logger = logging.getLogger(__name__)


def content_hash(title: str, body: str) -> str:
    text = unicodedata.normalize("NFC", f"{title}\n\n{body}")
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


MOMENT_FIELDS = ("published_at", "modified_at")


def record_changed(new: dict, stored: dict) -> bool:
    """True when any non-volatile field differs (a parser fix shows up as a change too); times
    compare as instants (PostgreSQL gives them back in Syrian time, whatever offset they came with)."""
    return any(
        not same_moment(new.get(k), stored.get(k)) if k in MOMENT_FIELDS else new.get(k) != stored.get(k)
        for k in RECORD_FIELDS
        if k not in VOLATILE_FIELDS
    )


class DedupePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.neardup_enabled = settings.getbool("NEWS_NEARDUP_ENABLED", True)
        self.neardup_threshold = settings.getfloat("NEWS_NEARDUP_THRESHOLD", neardup.DEFAULT_THRESHOLD)
        self.step = "record lookup"  # what the step was doing when the database failed (for the log line)
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
        self.step = "record lookup"
        try:
            return self.check(item)
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            # the database does not answer now (down, restarting, busy): the storage step waits
            # for it within its budget and runs this step again first, or spools the record (its
            # replay runs the step); passing the record on unchecked would store it blind
            item._dedupe_pending = True
            self.stats.inc_value("news/dedupe/deferred")
            logger.warning(
                "%s failed for %s (%s): the storage step tries again before it writes",
                self.step,
                ItemAdapter(item)["url"],
                describe_error(exc),
            )
            return item

    def check(self, item):
        """The step: the item, or the drop of a record stored unchanged. A database error a later
        try can mend (``is_transient``) is raised, with nothing counted yet."""
        adapter = ItemAdapter(item)
        adapter["content_hash"] = content_hash(adapter["title"], adapter["body"])
        stored = storage_for(self.crawler).get(adapter["outlet"], adapter["article_id"])
        if stored is not None:
            new = adapter.asdict()
            if not record_changed(new, stored):
                if self.neardup_enabled:
                    self.index_stored(stored)
                raise drop(self.stats, "already_stored", "unchanged since last stored", adapter["url"])
        if self.neardup_enabled:
            self.near_duplicates(adapter)
        if stored is not None:
            self.stats.inc_value("news/revisions")
        item._dedupe_pending = False
        return item

    # -- near-duplicates ----------------------------------------------------------------------------
    def near_duplicates(self, adapter: ItemAdapter) -> None:
        """Set ``duplicate_of`` from the index (or clear it) and index this record, in one step of
        the storage (``neardup_check_and_index``: no other process indexes in between)."""
        fp = neardup.fingerprint(adapter.get("body") or "")
        if not fp.comparable:
            self.stats.inc_value("news/neardup/skipped_short")
            return
        outlet, article_id, url = adapter["outlet"], adapter["article_id"], adapter["url"]
        store = storage_for(self.crawler)
        keys = fp.band_keys()
        found: dict = {}

        def choose(candidates: list[dict]) -> str | None:
            """The URL of the earliest indexed record this text matches (candidates: earliest first)."""
            found.update(candidates=len(candidates), reference=None, similarity=0.0, figures_differ=0)
            for cand in candidates:
                match, similarity = fp.matches(cand["signature"], cand["figures"], self.neardup_threshold)
                found["similarity"] = similarity
                if match:
                    found["reference"] = cand
                    return cand["url"]
                if similarity >= self.neardup_threshold:  # similar text, other figures: a template report
                    found["figures_differ"] += 1
            return None

        self.step = "near-duplicate index write"
        try:
            outcome, duplicate_of = store.neardup_check_and_index(
                outlet, article_id, url, fp.to_bytes(), keys, choose, words=fp.words, figures=fp.figures_text()
            )
        except SQLAlchemyError as exc:
            if is_transient(exc):
                raise  # the whole step is tried again (process_item)
            logger.warning("near-duplicate check failed for %s: %s", url, describe_error(exc))
            self.stats.inc_value("news/neardup/errors")
            return
        self.stats.inc_value("news/neardup/candidates", found["candidates"])
        if found["figures_differ"]:
            self.stats.inc_value("news/neardup/figures_differ", found["figures_differ"])
        self.stats.inc_value(f"news/neardup/indexed/{outcome}")
        adapter["duplicate_of"] = duplicate_of
        reference = found["reference"]
        if reference:
            self.stats.inc_value("news/near_duplicates")
            self.stats.inc_value(f"news/near_duplicates_by_outlet/{outlet}")
            logger.info(
                "near-duplicate (%.2f) %s %s of %s %s",
                found["similarity"],
                outlet,
                url,
                reference["outlet"],
                reference["url"],
            )

    def index_stored(self, stored: dict) -> None:
        """Index an already stored record that is not in the index yet (stored before it existed)."""
        self.step = "near-duplicate index write"
        store = storage_for(self.crawler)
        fp = neardup.fingerprint(stored.get("body") or "")
        try:
            if not fp.comparable or store.neardup_indexed(stored["outlet"], stored["article_id"]):
                return
            outcome = store.neardup_index(
                stored["outlet"],
                stored["article_id"],
                stored["url"],
                fp.to_bytes(),
                fp.band_keys(),
                words=fp.words,
                figures=fp.figures_text(),
                duplicate_of=stored.get("duplicate_of"),
            )
        except SQLAlchemyError as exc:
            if is_transient(exc):
                raise  # the whole step is tried again (process_item)
            logger.warning("near-duplicate index write failed for %s: %s", stored.get("url"), describe_error(exc))
            self.stats.inc_value("news/neardup/errors")
            return
        self.stats.inc_value(f"news/neardup/indexed/{outcome}")
        self.stats.inc_value("news/neardup/backfilled")
