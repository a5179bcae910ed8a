"""Archive scale (issue 18): a run's known-ness checks cost the same at any archive size.

A cron run used to load every stored article of the outlet (id, URL, dates, hash) to decide what
it knows: 6.7 KB and 0.18 ms per stored article, an out-of-memory kill at 200,000. Now a run asks
the archive about the articles it meets, a batch per discovery page, over indexed columns
(crawler/archive/known.py). These tests seed archives of thousands of articles straight into a
real database (a generated Orient News, crawler/replica/synthetic.py) and check, on SQLite and
PostgreSQL, what the spider's callbacks ask and keep, and what a real cron run against the
generated site does. Memory and time at 200,000 are measured side by side by bench/scale.py,
never asserted here.
"""

from __future__ import annotations

import gc
import re
import shutil
import tracemalloc

import pytest
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine, event, inspect, text

from crawler.archive.schema import articles
from crawler.archive.storage import open_storage, storage_for
from crawler.extract.urls import url_key
from crawler.ops import crawlstate
from crawler.replica.synthetic import SyntheticOrient, SyntheticReplica
from crawler.spiders.orient_news import OrientNewsSpider
from tests.conftest import FIXTURES, run_crawl, run_scrapy

STORED = 5_000


@pytest.fixture
def db_url(any_db_url):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py ``any_db_url``)."""
    return any_db_url


@pytest.fixture
def seeded(db_url) -> SyntheticOrient:
    """An archive of ``STORED`` generated Orient News articles; the site behind it."""
    site = SyntheticOrient(STORED)
    store = open_storage(db_url)
    try:
        site.seed_archive(store.engine)
    finally:
        store.close()
    return site


def spider_for(db_url: str, **arguments) -> OrientNewsSpider:
    """An orient_news spider on the archive at ``db_url``, its callbacks called directly."""
    crawler = get_crawler(OrientNewsSpider, settings_dict={"NEWS_DB_URL": db_url})
    spider = OrientNewsSpider.from_crawler(crawler, **arguments)
    crawler.spider = spider
    return spider


class Statements:
    """The SQL statements an engine sends that read ``articles``, with their parameter counts."""

    def __init__(self, engine):
        self.engine = engine
        self.seen: list[tuple[str, int]] = []

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self.note)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self.note)

    def note(self, conn, cursor, statement, parameters, context, executemany) -> None:
        statement = " ".join(statement.split())
        if statement.startswith("SELECT ") and re.search(r"\bFROM articles\b", statement):
            self.seen.append((statement, len(parameters or ())))

    def matching(self, part: str) -> list[str]:
        return [s for s, _ in self.seen if part in s]


def feed(items: list[tuple[str, str]]) -> XmlResponse:
    """An RSS feed listing these ``(article id, URL)`` articles, as the outlet serves it."""
    entries = "".join(
        f"<item><title>{aid}</title><link>{url}</link><pubDate>Mon, 20 Nov 2023 10:00:00 +0300</pubDate></item>"
        for aid, url in items
    )
    body = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>{entries}</channel></rss>'
    return XmlResponse(url="https://orient-news.net/ar/rss", body=body.encode(), encoding="utf-8")


def sitemap(entries: list[tuple[str, str]]) -> XmlResponse:
    """A monthly sitemap of these ``(URL, lastmod)`` entries."""
    urls = "".join(f"<url><loc>{url}</loc><lastmod>{lastmod}</lastmod></url>" for url, lastmod in entries)
    body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return XmlResponse(url="https://orient-news.net/sitemap/2020-01.xml", body=body.encode(), encoding="utf-8")


def test_a_cron_run_asks_the_archive_per_page_in_batches_and_keeps_nothing_per_stored_article(db_url, seeded):
    stored = [(seeded.article_id(i), seeded.url(i)) for i in range(0, STORED, 50)]  # 100 of the 5,000
    new = [(str(900_000 + n), f"https://orient-news.net/ar/news_show/{900_000 + n}/0/x") for n in range(100)]
    store = open_storage(db_url)
    crawlstate.note_not_found(store.engine, "orient_news", new[0][0], new[0][1], 410, crawlstate.GoneRule())
    store.close()
    page = feed(stored + new)  # a feed listing 200 articles: 100 stored, 100 not (one of them gone)

    warm = spider_for(db_url)  # imports, the driver's first statements, compiled SQL: not measured
    warm.load_known()
    list(warm.parse_feed(page))
    del warm
    gc.collect()

    spider = spider_for(db_url)
    engine = storage_for(spider.crawler).engine
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        with Statements(engine) as statements:
            spider.load_known()
            fetched = {r.meta["article_id"] for r in spider.parse_feed(page)}
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()

    assert fetched == {aid for aid, _ in new[1:]}  # neither the stored ones nor the gone one
    stats = spider.crawler.stats
    assert stats.get_value("news/articles_known_skipped") == 100
    assert stats.get_value("news/articles_gone_skipped") == 1
    # the old code read every stored article of the outlet (SELECT … FROM articles WHERE outlet = ?)
    unbounded = [s for s, _ in statements.seen if " IN (" not in s and " LIMIT " not in s]
    assert unbounded == [], unbounded
    keyed = [n for s, n in statements.seen if " IN (" in s]
    assert 1 <= len(keyed) <= 4 and max(keyed) <= 501  # 400 keys (ids and URL keys), in batches
    # what the run keeps: the answers about the 200 articles it met (about 0.4 MB), nothing per
    # stored article (the old code: over 1 KB each, 6 MB for these 5,000)
    assert kept < 200 * STORED, f"{kept:,} bytes kept for known-ness after meeting 200 articles"


def test_a_newer_sitemap_lastmod_refetches_and_any_url_form_finds_the_stored_article(db_url, seeded):
    spider = spider_for(db_url, mode="full")
    spider.load_known()
    entries = [(seeded.url(i), seeded.published(i).isoformat()) for i in range(1200, 1210)]
    entries[3] = (entries[3][0], seeded.published(1203).replace(year=2024).isoformat())  # edited since stored
    entries[5] = (entries[5][0].replace("https://", "http://www."), entries[5][1])  # another URL form
    fetched = [r.meta["article_id"] for r in spider.parse_sitemap(sitemap(entries))]
    assert fetched == [seeded.article_id(1203)]
    assert spider.crawler.stats.get_value("news/articles_known_skipped") == 9
    other_form = seeded.url(1234).replace("https://", "http://www.").replace("/news_show/", "/amp/news_show/")
    assert spider.is_known("url:" + url_key(other_form + "?utm_source=x"))
    assert not spider.is_known("url:" + url_key("https://orient-news.net/ar/news_show/999999/0/x"))


def test_refresh_stored_streams_every_stored_article_a_batch_at_a_time(db_url, seeded):
    spider = spider_for(db_url, refresh="stored", since="2012-01-01", until="2017-12-31")
    engine = storage_for(spider.crawler).engine
    with Statements(engine) as statements:
        spider.load_known()
        requests = spider.stored_requests()
        first = next(requests)
        # the old code loaded every stored article first; now one batch is read before the first request
        assert [s for s, _ in statements.seen if " LIMIT " not in s] == []
        assert len(statements.matching("ORDER BY articles.article_id")) == 1
        rest = list(requests)
    window = [i for i in range(STORED) if seeded.published(i).year <= 2017]
    assert [r.meta["article_id"] for r in [first, *rest]] == [seeded.article_id(i) for i in window]
    assert len(statements.matching("ORDER BY articles.article_id")) == STORED // 1000 + 1


def pg_rows_read(db_url: str) -> int:
    """Rows of ``articles`` PostgreSQL's backends have read so far (sequential and index scans);
    a crawl's backends report theirs when they end."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    query = "SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'articles'"
    with engine.connect() as conn:
        found = conn.execute(text(query)).scalar()
    engine.dispose()
    return int(found or 0)


def test_a_cron_run_at_thousands_stored_makes_a_few_requests_and_reads_a_few_rows(db_url, seeded, tmp_path):
    on_postgres = db_url.startswith("postgresql")
    before = pg_rows_read(db_url) if on_postgres else 0
    with SyntheticReplica(seeded) as replica:
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path)  # cron, the default
        requests = replica.requests
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("news/stored/inserted") == 0 and result.stat("news/article_pages_done") == 0
    # robots.txt, the two home pages, the feed, the first page of three section listings
    assert requests <= 7 and result.stat("news/listing_stopped_at_known") == 3
    assert result.stat("news/articles_known_skipped") == 60  # the newest 60, each counted once
    if on_postgres:  # the server counts the rows the run read: a few of the 5,000 (the old code: all)
        assert pg_rows_read(db_url) - before < 500
    # asked about per page, in batches: a few queries, reading the listed articles' rows only
    assert 0 < result.stat("news/known/queries") <= 3 * requests
    assert result.stat("news/known/rows_read") <= 2 * 60
    assert result.stat("news/known/memo_peak") <= 2 * result.stat("news/articles_listed")


def test_an_upgraded_archive_finds_its_articles_by_url_key(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "archives" / "pre-migrations-a3e62d0.db", path)
    url = f"sqlite:///{path}"
    upgraded = run_scrapy(["db", "upgrade"], url, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    store = open_storage(url)
    with store.engine.connect() as conn:
        rows = conn.execute(articles.select().with_only_columns(articles.c.url, articles.c.url_key)).all()
        indexes = {i["name"] for i in inspect(conn).get_indexes("articles")}
    store.close()
    assert len(rows) == 69 and all(r.url_key == url_key(r.url) for r in rows)
    assert "ix_articles_outlet_url_key" in indexes


# -- full crawls: what waits in memory is one sitemap's articles, not the archive's ------------------
def test_a_full_crawl_reads_the_monthly_sitemaps_in_turn(tmp_path):
    """Scrapy schedules whatever a callback yields at once: 16 sitemaps downloaded together put
    all their article requests in memory together (at Orient News's 1,400 a month, 20,000). The
    replica's log shows when each sitemap was asked for: by then the articles of the sitemaps
    before it must have been asked for too, but for at most NEWS_PENDING_ARTICLES."""
    from datetime import datetime

    from crawler.extract.dates import DAMASCUS

    site = SyntheticOrient(1_200, first=datetime(2023, 1, 1, tzinfo=DAMASCUS))  # 11 sitemaps of ~110
    with SyntheticReplica(site, log=True) as replica:
        db_url = f"sqlite:///{tmp_path / 'news.db'}"
        pending = {"NEWS_PENDING_ARTICLES": 100}
        result = run_crawl("orient_news", replica.base_url, db_url, tmp_path, "mode=full", settings=pending)
        paths = list(replica.paths or [])
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("news/stored/inserted") == 1_200
    months = {month: set(map(site.article_id, range(*span))) for month, span in site.months.items()}
    listed: set[str] = set()  # articles of the sitemaps asked for so far
    asked: set[str] = set()  # article pages asked for so far
    waiting_at_sitemap = []
    for path in paths:
        if path.startswith("/sitemap/"):
            waiting_at_sitemap.append(len(listed - asked))
            listed |= months[path.removeprefix("/sitemap/").removesuffix(".xml")]
        elif "/news_show/" in path:
            asked.add(path.split("/news_show/")[1].split("/")[0])
    assert len(waiting_at_sitemap) == len(months)
    assert max(waiting_at_sitemap) <= 100, waiting_at_sitemap  # the old code: up to every sitemap's
    assert result.stat("news/articles_waiting_peak") <= 100 + 110  # and one sitemap's on top, at most


def test_a_warc_index_larger_than_memory_allows_is_sorted_in_runs_and_merged(tmp_path):
    import random

    from crawler.archive import warc

    lines = [f"net,orient-news)/ar/news_show/{n} 20261202000000 {{}}" for n in range(1_000)]
    shuffled = random.Random(18).sample(lines, len(lines))
    path = tmp_path / "x-20261202000000000-00000.warc.gz"
    written = warc.write_index_lines(path, iter(shuffled), chunk=70)  # 15 runs on disk
    assert written.read_text(encoding="utf-8").splitlines() == sorted(lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == [written.name]  # no run file left behind


def test_a_warc_writer_keeps_nothing_per_response_in_memory(tmp_path):
    """The writer kept an index entry per response until the file was finished (up to 1 GB of
    WARC), then built the sorted index in memory: over 1 KB per article page of a full crawl."""
    from crawler.archive import warc

    def exchange(n: int) -> warc.Exchange:
        url = f"http://127.0.0.1:8000/ar/news_show/{300_000 + n}/0/%D8%AE%D8%A8%D8%B1-%D8%AC%D8%AF%D9%8A%D8%AF"
        body = f"<html><body><p>{n}</p></body></html>".encode()
        return warc.Exchange(url=url, status=200, body=body, response_headers=[("Content-Type", "text/html")])

    writer = warc.WarcWriter(tmp_path, "scale", {"software": "test"})
    writer.write(exchange(0))  # the file, its header record, the writer's first buffers
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(1, 3_001):
            writer.write(exchange(n))
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    writer.close()
    [finished] = writer.finished
    lines = warc.index_path(finished).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3_001 and lines == sorted(lines)
    assert [e["offset"] for e in warc.read_index(finished)] != []
    assert kept < 100 * 3_000, f"{kept:,} bytes kept by the writer for 3,000 responses"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([finished.name, warc.index_path(finished).name])


def test_a_cron_listing_stops_paging_while_the_archive_does_not_answer(tmp_path):
    """The archive gone mid-run: nothing can be told stored, so a cron run fetches what the page
    lists (stored or spooled later) but does not page on into the whole archive."""
    from scrapy.http import HtmlResponse

    from crawler.archive.known import KnownArticles
    from tests.servers import free_port

    site = SyntheticOrient(200)
    section = site.section(0)
    body = site.listing(section[0], 1)
    assert body is not None and b"next" in body
    spider = spider_for(f"sqlite:///{tmp_path / 'news.db'}")
    dead = create_engine(f"postgresql+psycopg://news:x@127.0.0.1:{free_port()}/news")
    spider.known = KnownArticles(dead, "orient_news", gone=True)
    url = "https://orient-news.net" + site.listing_path(section)
    out = list(spider.parse_listing(HtmlResponse(url=url, body=body, encoding="utf-8")))
    requests = [r.url for r in out if hasattr(r, "url")]
    assert any("/news_show/" in u for u in requests), "the listed articles are fetched"
    assert not [u for u in requests if "news_cat" in u], "paged on while the archive did not answer"
    stats = spider.crawler.stats
    assert stats.get_value("news/listing_stopped_archive_unavailable") == 1
    assert spider.known.unavailable == 1  # one failed question, not one per card
