"""Store throughput, SQLite and PostgreSQL side by side, in one run.

    python bench/store_backends.py [--items 10000] [--backend sqlite|postgresql|both]
    python bench/store_backends.py --items 500                          # a smoke run (seconds)

1. Builds ``--items`` realistic article records (crawler/items.py ``Article``) before anything
   is timed: Arabic-like bodies of 250-350 words from bench/dedupe.py's Zipf word pool, a title,
   authors, tags, images (lists), one in ten with a video and some with quoted sources,
   ``published_at`` in 2023-2024 with Damascus' ``+03:00`` (the offset it has had all year round
   since late 2022, so PostgreSQL reads the same text back), ``content_hash`` as the validate
   step sets it; and for each the raw page it came from: ~30 KB of HTML (the outlet's menus,
   scripts and footer, the article, related links), compressed by the storage (zlib 6).
2. For each backend, a new archive (``SQLStorage``: the crawler's own engine settings; SQLite in
   WAL mode with ``synchronous=NORMAL`` in a temporary directory, PostgreSQL on a private cluster
   or ``NEWS_BENCH_PG_URL``, see bench/pg_server.py) takes every record as the storage pipeline
   writes one (pipelines/storage.py): ``save_page`` then ``upsert``, one transaction each. Then
   the same records are upserted again (``updated``: a second revision of every row). The
   backends take turns, 250 records at a time, so that what else the machine does weighs on
   both alike; the records are built ahead and frozen out of the garbage collector's way (a
   crawl never holds 10,000 records; walking them would be timed otherwise).
3. Prints records/s for each backend, the time per ``save_page`` and per ``upsert``, the ratio
   PostgreSQL/SQLite, the databases' sizes, and whether a sample of records reads back unchanged.
   Exits 1 only when a check fails (a write that was not an insert, then an update; a record that
   reads back changed), never on a time.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import zlib
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.dedupe import CDF, POOL_ARR, SEED, database_mb, fresh_paragraphs  # noqa: E402

HOSTS = {"orient_news": "orient-news.net", "furat_post": "euphratespost.net"}
SECTIONS = ["أخبار سوريا", "تقارير", "اقتصاد", "حوارات", "مقالات رأي", "منوعات"]
NAMES = ["أحمد العلي", "سارة الحسن", "محمد الخطيب", "ليلى عمر", "خالد الأحمد", "رنا يوسف", "عمر الشامي"]
START = datetime.fromisoformat("2023-01-02T08:00:00+03:00")
SCRAPED = "2024-06-01T12:00:00+00:00"
SAMPLE_EVERY = 100  # one record in this many is read back and compared
BLOCK = 250  # records written to one backend before the other takes its turn


def _words(rng, n: int) -> str:
    return " ".join(POOL_ARR[np.searchsorted(CDF, rng.random(n))].tolist())


def _ident(rng, n: int = 8) -> str:
    return "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz_$0123456789"), size=n).tolist())


def _boilerplate(outlet: str) -> tuple[str, str]:
    """An outlet's page around the article (the same on every page, as a site's template is):
    head and menus before it; related-links slot, footer and inline scripts after it."""
    rng = np.random.default_rng([SEED, 7, len(outlet)])
    host = HOSTS[outlet]
    menu = "\n".join(
        f'<li class="menu-item menu-item-type-taxonomy menu-item-{1000 + k}">'
        f'<a href="https://{host}/ar/category/{_ident(rng, 6)}/">{_words(rng, 2)}</a></li>'
        for k in range(60)
    )
    styles = "\n".join(
        f'<link rel="stylesheet" href="https://{host}/wp-content/{_ident(rng, 12)}.css?ver=6.4">' for _ in range(8)
    )
    head = (
        f'<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="UTF-8">\n{styles}\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n{{HEAD}}\n</head>\n'
        f'<body class="rtl single single-post">\n<header class="site-header"><nav class="main-menu"><ul>\n{menu}\n'
        "</ul></nav></header>\n"
    )
    script = ";".join(
        f"var {_ident(rng)}=function({_ident(rng, 2)},{_ident(rng, 2)}){{return {_ident(rng, 2)}.{_ident(rng, 5)}"
        f'("{_ident(rng, 10)}")||{int(rng.integers(0, 10**6))}}}'
        for _ in range(70)
    )
    footer_links = "\n".join(
        f'<a class="footer-link" href="https://{host}/ar/tag/{_ident(rng, 7)}/">{_words(rng, 3)}</a>' for _ in range(60)
    )
    tail = f'<footer class="site-footer">\n{footer_links}\n</footer>\n<script>{script}</script>\n</body>\n</html>\n'
    return head, tail


BOILERPLATE = {outlet: _boilerplate(outlet) for outlet in HOSTS}


def make_record(i: int):
    """Record ``i`` (deterministic) and the raw page it came from."""
    from crawler.items import Article
    from pipelines.dedupe import content_hash

    rng = np.random.default_rng([SEED, 31, i])
    outlet = "orient_news" if i % 5 < 3 else "furat_post"
    host = HOSTS[outlet]
    article_id = str(100_000 + i)
    url = f"https://{host}/ar/news_show/{article_id}" if outlet == "orient_news" else f"https://{host}/{article_id}/"
    paragraphs = fresh_paragraphs(rng, (250, 351))
    title = _words(rng, int(rng.integers(7, 13)))
    published = START + timedelta(minutes=47 * i + int(rng.integers(0, 40)))
    modified = published + timedelta(hours=int(rng.integers(1, 30))) if i % 4 == 0 else None
    authors = [NAMES[int(k)] for k in rng.choice(len(NAMES), size=int(rng.integers(1, 3)), replace=False)]
    images = [f"https://{host}/uploads/{published:%Y/%m}/{_ident(rng, 12)}.jpg" for _ in range(int(rng.integers(1, 5)))]
    videos = []
    if i % 10 == 3:
        video_id = _ident(rng, 11)
        videos.append(
            {
                "url": f"https://www.youtube.com/watch?v={video_id}",
                "provider": "youtube",
                "video_id": video_id,
                "embed_url": f"https://www.youtube.com/embed/{video_id}",
            }
        )
    quoted = [
        {
            "name": NAMES[int(rng.integers(len(NAMES)))],
            "kind": "person",
            "role": _words(rng, 2),
            "verb": "قال",
            "told_to": None,
            "quote": _words(rng, 15),
            "paragraph": int(rng.integers(0, len(paragraphs))),
        }
        for _ in range(int(rng.integers(0, 3)))
    ]
    body = "\n\n".join(paragraphs)
    item = Article(
        outlet=outlet,
        article_id=article_id,
        url=url,
        fetched_url=url,
        lang="ar",
        title=title,
        body=body,
        published_at=published.isoformat(),
        published_at_raw=f"{published:%Y/%m/%d %H:%M}",
        modified_at=modified.isoformat() if modified else None,
        authors=authors,
        section=SECTIONS[i % len(SECTIONS)],
        tags=[_words(rng, int(rng.integers(1, 3))) for _ in range(int(rng.integers(2, 7)))],
        images=images,
        videos=videos,
        quoted_sources=quoted,
        content_hash=content_hash(title, body),
        template="current" if outlet == "orient_news" else "wp_page",
        scraped_at=SCRAPED,
    )
    head, tail = BOILERPLATE[outlet]
    meta = (
        f"<title>{title}</title>\n"
        f'<meta name="description" content="{_words(rng, 30)}">\n'
        f'<meta property="og:title" content="{title}">\n<meta property="og:url" content="{url}">\n'
        f'<meta property="og:image" content="{images[0]}">\n'
        f'<meta property="article:published_time" content="{item.published_at}">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}",'
        f'"datePublished":"{item.published_at}","author":"{"، ".join(authors)}","image":"{images[0]}"}}</script>'
    )
    related = "\n".join(
        f'<div class="related-post"><a href="https://{host}/ar/news_show/{int(rng.integers(10_000, 300_000))}">'
        f'<img src="https://{host}/uploads/{_ident(rng, 12)}.jpg" alt=""><h3>{_words(rng, 9)}</h3></a></div>'
        for _ in range(16)
    )
    article_html = (
        f'<main class="content"><article class="post"><h1 class="entry-title">{title}</h1>\n'
        f'<div class="meta"><span class="author">{"، ".join(authors)}</span>'
        f'<time datetime="{item.published_at}">{item.published_at_raw}</time></div>\n'
        f'<figure><img src="{images[0]}" alt="{title}"></figure>\n<div class="entry-content">\n'
        + "\n".join(f"<p>{p}</p>" for p in paragraphs)
        + '\n</div>\n<div class="tags">'
        + "".join(f'<a rel="tag" href="https://{host}/ar/tag/{k}">{t}</a>' for k, t in enumerate(item.tags))
        + f'</div></article>\n<aside class="related">\n{related}\n</aside></main>\n'
    )
    raw = (head.replace("{{HEAD}}", meta) + article_html + tail).encode("utf-8")
    return item, raw


class Backend:
    """One backend's archive and what writing to it cost (wall and this process's CPU)."""

    def __init__(self, url: str):
        from crawler.archive.storage import SQLStorage

        self.url = url
        self.store = SQLStorage(url)  # creates the archive at head (not timed)
        self.wall = {"insert": 0.0, "update": 0.0, "save_page": 0.0, "upsert": 0.0}
        self.cpu = {"insert": 0.0, "update": 0.0}
        self.outcomes: dict[str, int] = {}

    def write(self, records: list) -> None:
        """Each record as the storage pipeline writes it: the raw page, then the record."""
        store = self.store
        wall, cpu = time.perf_counter(), time.process_time()
        for item, raw in records:
            t0 = time.perf_counter()
            store.save_page(
                item.outlet, item.article_id, item.url, raw, encoding="utf-8", content_type="text/html; charset=UTF-8"
            )
            t1 = time.perf_counter()
            outcome = store.upsert(item)
            self.wall["upsert"] += time.perf_counter() - t1
            self.wall["save_page"] += t1 - t0
            self.outcomes[f"first {outcome}"] = self.outcomes.get(f"first {outcome}", 0) + 1
        self.wall["insert"] += time.perf_counter() - wall
        self.cpu["insert"] += time.process_time() - cpu

    def rewrite(self, records: list) -> None:
        """The same records upserted again: a second revision of each row."""
        store = self.store
        wall, cpu = time.perf_counter(), time.process_time()
        for item, _raw in records:
            outcome = store.upsert(item)
            self.outcomes[f"again {outcome}"] = self.outcomes.get(f"again {outcome}", 0) + 1
        self.wall["update"] += time.perf_counter() - wall
        self.cpu["update"] += time.process_time() - cpu

    def finish(self, sample: list) -> dict:
        """Read a sample back (it must be what was written), close, and say what it cost."""
        from itemadapter import ItemAdapter

        from pipelines.dedupe import record_changed

        try:
            changed = []
            for item, _raw in sample:
                stored = self.store.get(item.outlet, item.article_id)
                if stored is None or record_changed(ItemAdapter(item).asdict(), stored):
                    changed.append(item.article_id)
        finally:
            self.store.close()
        return {
            "wall": self.wall,
            "cpu": self.cpu,
            "inserted": self.outcomes.get("first inserted", 0),
            "updated": self.outcomes.get("again updated", 0),
            "sampled": len(sample),
            "changed": changed,
            "db_mb": database_mb(self.url),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()

    from bench.pg_server import bench_postgres

    total = time.perf_counter()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    with ExitStack() as stack:
        pg = stack.enter_context(bench_postgres()) if "postgresql" in backends else None
        if pg is None:
            backends = ("sqlite",)
        else:
            print(pg.description, flush=True)
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-store-")))
        records = [make_record(i) for i in range(args.items)]
        # the records are built ahead so their making is not timed; a crawl never holds them all,
        # so they are kept out of the garbage collector's way (each full collection would walk them)
        gc.collect()
        gc.freeze()
        raw_kb = sum(len(raw) for _item, raw in records) / len(records) / 1024
        zlib_kb = sum(len(zlib.compress(raw, 6)) for _item, raw in records[:200]) / len(records[:200]) / 1024
        words = sum(len(item.body.split()) for item, _raw in records) / len(records)
        print(
            f"{args.items:,} records (~{words:.0f} words), raw pages {raw_kb:.1f} KB -> {zlib_kb:.1f} KB compressed; "
            f"built in {time.perf_counter() - total:.0f} s",
            flush=True,
        )
        targets = {}
        for backend in backends:
            if backend == "sqlite":
                targets[backend] = Backend(f"sqlite:///{workdir / 'store.db'}")
            else:
                assert pg is not None
                targets[backend] = Backend(pg.database())
        # the backends take turns, BLOCK records at a time (who goes first alternates), so that
        # whatever else the machine does at the time weighs on both alike
        blocks = [records[k : k + BLOCK] for k in range(0, len(records), BLOCK)]
        for step in ("write", "rewrite"):
            for k, block in enumerate(blocks):
                for target in list(targets.values())[:: 1 if k % 2 == 0 else -1]:
                    getattr(target, step)(block)
        results = {backend: target.finish(records[::SAMPLE_EVERY]) for backend, target in targets.items()}

    n = args.items
    rates = {b: (n / r["wall"]["insert"], n / r["wall"]["update"]) for b, r in results.items()}
    print(
        "store throughput (save_page + upsert per record, one transaction each; then the same records upserted "
        "again); client CPU = this process's share of the time:"
    )
    for backend, r in results.items():
        insert_rate, update_rate = rates[backend]
        print(
            f"  {backend:<10} insert {insert_rate:6,.0f} records/s ({1000 / insert_rate:.2f} ms: save_page "
            f"{1000 * r['wall']['save_page'] / n:.2f} + upsert {1000 * r['wall']['upsert'] / n:.2f}; client CPU "
            f"{100 * r['cpu']['insert'] / r['wall']['insert']:.0f} %); re-upsert (updates) {update_rate:6,.0f} "
            f"records/s ({1000 / update_rate:.2f} ms; client CPU {100 * r['cpu']['update'] / r['wall']['update']:.0f} %); "
            f"database {r['db_mb']:.0f} MiB; read back unchanged {r['sampled'] - len(r['changed'])}/{r['sampled']}"
        )
    if len(results) > 1:
        (sq_insert, sq_update), (pg_insert, pg_update) = rates["sqlite"], rates["postgresql"]
        print(
            f"  postgresql/sqlite records/s: insert {pg_insert / sq_insert:.2f}, re-upsert {pg_update / sq_update:.2f}"
        )
    print(f"  total bench time {time.perf_counter() - total:.0f} s")
    ok = True
    for backend, r in results.items():
        if r["inserted"] != n or r["updated"] != n:
            print(f"FAIL: {backend}: {r['inserted']}/{n} inserted, then {r['updated']}/{n} updated", file=sys.stderr)
            ok = False
        if r["changed"]:
            print(f"FAIL: {backend}: records read back changed: {', '.join(r['changed'][:5])}", file=sys.stderr)
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
