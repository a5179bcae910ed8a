"""Cost per item of the dedupe pipeline with 10,000 and with 200,000 stored articles, on SQLite
and on PostgreSQL side by side.

    python bench/dedupe.py [--backend sqlite|postgresql|both] [--small 10000] [--large 200000] [--items 1000]
    python bench/dedupe.py --small 1000 --large 5000 --items 100      # a smoke run (seconds)

1. Builds two databases per backend: ``--small`` and ``--large`` stored articles (the small one
   is the first part of the large one), synthetic Arabic-like texts of 150-400 words drawn from a
   Zipf-distributed word pool, with digits here and there, and one article in 20 a Furat Post
   copy (kicker, a paragraph left out) of an earlier one. SQLite databases go in a temporary
   directory; PostgreSQL ones on a private cluster (bench/pg_server.py: ``NEWS_BENCH_PG_URL``, or
   tests/servers.py's ``PostgresCluster``, destroyed at the end; not installed: one line says so
   and only SQLite is measured). Every database is created at the schema's head
   (``crawler.archive.schema.create``, as the crawler creates an archive). Rows go in with
   SQLAlchemy Core executemany on the schema's tables (the same statements on both backends), not
   through Scrapy, and every article is indexed as the pipeline indexes it: the same
   ``crawler.archive.neardup.fingerprint`` (signatures computed once, in 2 worker processes, for
   every database), the same band keys, figures and ``duplicate_of``. After the load, PostgreSQL's
   ``neardup_docs`` id sequence is moved past the ids written and ``VACUUM ANALYZE`` runs (what
   autovacuum does to a grown archive; without statistics the planner guesses).
2. Measures, in a fresh process per database, ``DedupePipeline.process_item`` (identity lookup,
   near-duplicate lookup and verification, index write) over the same ``--items`` new items:
   85 % new texts, 10 % copies of stored articles (must be found), 5 % re-crawls of stored
   articles (dropped as ``already_stored``), after 50 warm-up items. (A copy near the threshold
   can be missed by the MinHash estimate: the bench wants >= 90 % found, the same on every
   database.) Timing runs without tracemalloc; the tracemalloc peak is then taken over 200
   further items, and the peak RSS is the measuring process's (VmHWM: Python, Scrapy, the items,
   SQLite's page cache; PostgreSQL's server processes are not counted).
3. Prints per-item ms for each backend and size, the ratio large/small per backend (target
   <= 1.5 on each) side by side, and PostgreSQL/SQLite per item; exits 1 when a ratio is above
   1.5 or a check fails (copies not found, re-crawls not dropped).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import ExitStack
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

SEED = 4_2024
TARGET_RATIO = 1.5
CHUNK = 5_000
FRESH_BASE, WARMUP_BASE, EXTRA_BASE = 10_000_000, 20_000_000, 30_000_000
STAMP = "2024-01-01T00:00:00+00:00"  # the crawler's bookkeeping times are UTC
# an article's own times carry Damascus' offset (crawler/extract/dates.py), and PostgreSQL gives
# them back so: a record written with another offset would read back as changed (another text)
PUBLISHED = "2024-01-01T03:00:00+03:00"
BACKENDS = ("sqlite", "postgresql")

# -- synthetic texts ------------------------------------------------------------------------------

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_PREFIXES = ["", "", "", "ال", "ال", "و", "وال", "ب", "بال", "ل", "لل", "ف"]
_SUFFIXES = ["", "", "", "", "ة", "ات", "ين", "ون", "ها", "هم", "ية"]
_COMMON = [
    "في",
    "من",
    "على",
    "إلى",
    "أن",
    "التي",
    "الذي",
    "عن",
    "مع",
    "بعد",
    "قبل",
    "بين",
    "خلال",
    "حيث",
    "كما",
    "وقال",
    "وأضاف",
    "أكد",
    "مصادر",
    "محلية",
    "قوات",
    "النظام",
    "ميليشيات",
    "أسد",
    "ريف",
    "إدلب",
    "حلب",
    "دمشق",
    "دير",
    "الزور",
    "الحسكة",
    "الرقة",
    "درعا",
    "مدنيين",
    "قصف",
    "مقتل",
    "إصابة",
    "المعارضة",
    "الفصائل",
    "الروسية",
    "التركية",
    "الأمم",
    "المتحدة",
    "اللاجئين",
    "النازحين",
    "المخيمات",
    "الليرة",
    "الدولار",
    "سعر",
    "اليوم",
    "أمس",
    "الأسبوع",
    "الشهر",
    "منطقة",
    "مدينة",
    "بلدة",
    "قرية",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "سوريا",
    "السوري",
    "السورية",
]


def _pool(size: int = 40_000) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(SEED)
    words = list(dict.fromkeys(_COMMON))
    seen = set(words)
    while len(words) < size:
        stem = "".join(rng.choice(list(_LETTERS), size=int(rng.integers(2, 6))))
        word = _PREFIXES[int(rng.integers(len(_PREFIXES)))] + stem + _SUFFIXES[int(rng.integers(len(_SUFFIXES)))]
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = 1.0 / np.arange(1, size + 1) ** 1.05  # Zipf-like: "في" is everywhere, most words rare
    cdf = np.cumsum(weights)
    return words, cdf / cdf[-1]


POOL, CDF = _pool()
POOL_ARR = np.array(POOL, dtype=object)
KICKERS = ["فرات بوست / أخبار", "#فرات_بوست/ أخبار", "فرات بوست: خاص"]


def fresh_paragraphs(rng, words: tuple[int, int] = (150, 401)) -> list[str]:
    n = int(rng.integers(*words))
    idx = np.searchsorted(CDF, rng.random(n))
    tokens = POOL_ARR[idx]
    for pos in np.flatnonzero(rng.random(n) < 0.02):  # figures: casualty counts, prices, years
        tokens[pos] = f"{int(rng.integers(1, 90_000)):,}"
    paragraphs, start = [], 0
    while start < n:
        size = int(rng.integers(20, 51))
        paragraphs.append(" ".join(tokens[start : start + size].tolist()) + ".")
        start += size
    return paragraphs


def doc(i: int, copies: bool = True) -> dict:
    """Article ``i`` of the synthetic archive (deterministic). With ``copies``, one in 20
    (i % 20 == 19) is a Furat Post copy of an earlier article: kicker line, a paragraph left out."""
    rng = np.random.default_rng([SEED, i])
    outlet = "orient_news" if i % 5 < 3 else "furat_post"
    copy_of = None
    if copies and i % 20 == 19:
        j = i - 1 - int(rng.integers(0, min(i - 1, 4_000)))
        original = doc(j)
        paragraphs = original["body"].split("\n\n")
        if len(paragraphs) > 4:
            del paragraphs[int(rng.integers(1, len(paragraphs)))]
        paragraphs.insert(0, KICKERS[i % 3])
        outlet, copy_of = "furat_post", original
    else:
        paragraphs = fresh_paragraphs(rng)
    url = (
        f"https://orient-news.net/ar/news_show/{i}"
        if outlet == "orient_news"
        else f"https://euphratespost.net/post-{i}/"
    )
    return dict(
        outlet=outlet,
        article_id=str(i),
        url=url,
        fetched_url=url,
        lang="ar",
        title=" ".join(paragraphs[-1].split()[:8]),
        body="\n\n".join(paragraphs),
        published_at=PUBLISHED,
        section="أخبار",
        scraped_at=STAMP,
        template="bench",
        duplicate_of=copy_of["url"] if copy_of else None,
    )


def article(data: dict):
    from crawler.items import Article
    from pipelines.dedupe import content_hash

    item = Article(**data)
    item.content_hash = content_hash(item.title, item.body)
    return item


# -- building the databases ---------------------------------------------------------------------------


def _build_chunk(bounds: tuple[int, int]):
    """Rows for articles ``start..stop-1``: (articles rows, neardup_docs rows, neardup_bands rows)."""
    from crawler.archive import neardup
    from crawler.archive.storage import to_row

    start, stop = bounds
    docs = [doc(i) for i in range(start, stop)]
    fps = neardup.fingerprints(d["body"] for d in docs)
    keys = neardup.band_hashes(np.stack([fp.signature for fp in fps]))  # what band_keys() gives
    art_rows: list[dict] = []
    nd_rows: list[dict] = []
    band_rows: list[dict] = []
    for i, d, fp, k in zip(range(start, stop), docs, fps, keys, strict=True):
        art_rows.append({**to_row(article(d)), "revision": 1, "first_seen_at": STAMP, "updated_at": STAMP})
        if fp.comparable:
            nd_rows.append(
                dict(
                    id=i + 1,
                    outlet=d["outlet"],
                    article_id=d["article_id"],
                    url=d["url"],
                    signature=fp.to_bytes(),
                    words=fp.words,
                    figures=fp.figures_text(),
                    duplicate_of=d["duplicate_of"],
                    indexed_at=STAMP,
                )
            )
            band_rows.extend(
                {"band": band, "band_hash": band_hash, "doc_id": i + 1}
                for band, band_hash in zip(range(neardup.BANDS), k.tolist(), strict=True)
            )
    return art_rows, nd_rows, band_rows


def _loading_engine(url: str):
    """An engine for the bulk load only: SQLite without journal nor syncs (the measurement uses
    crawler.archive.storage's own settings), PostgreSQL as it is."""
    from sqlalchemy import create_engine, event

    from crawler.archive.storage import engine_url

    engine = create_engine(engine_url(url))
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _fast(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-400000", "temp_store=MEMORY"):
                cur.execute(f"PRAGMA {pragma}")
            cur.close()

    return engine


def _after_load(engine) -> None:
    """PostgreSQL only: the ``neardup_docs`` ids were written explicitly, so move its sequence past
    them (the pipeline's inserts take the next one), then ``VACUUM ANALYZE`` (statistics and the
    visibility map, as autovacuum leaves a grown archive)."""
    if engine.dialect.name != "postgresql":
        return
    from sqlalchemy import func, select

    from crawler.archive.schema import neardup_docs

    with engine.begin() as conn:
        last = select(func.max(neardup_docs.c.id)).scalar_subquery()
        conn.execute(select(func.setval(func.pg_get_serial_sequence("neardup_docs", "id"), last)))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def build(targets: dict[str, tuple[int, str]]) -> dict[str, float]:
    """Fill one database per target (``name -> (stored articles, URL)``) with the first ``size``
    articles of the synthetic archive, so each smaller one is a prefix of the larger; every chunk
    is computed once (2 worker processes) and written to every database that holds it. Returns,
    per target, the seconds spent writing to it (inserts, commits, ``VACUUM ANALYZE``). (Writing
    from one thread per database was tried: no faster on 2 cores.)"""
    from sqlalchemy import insert

    from crawler.archive import schema
    from crawler.archive.schema import articles, neardup_bands, neardup_docs

    largest = max(size for size, _url in targets.values())
    bounds = [(s, min(s + CHUNK, largest)) for s in range(0, largest, CHUNK)]
    started = time.perf_counter()
    writing = dict.fromkeys(targets, 0.0)
    # the workers fork before any connection is open: none of them inherits a database socket
    with get_context("fork").Pool(2) as pool:
        engines = {name: _loading_engine(url) for name, (_size, url) in targets.items()}
        conns = {}
        try:
            for name, engine in engines.items():
                schema.create(engine)  # every table at head, stamped: what the storage accepts
                conns[name] = engine.connect()
            for (start, stop), (art_rows, nd_rows, band_rows) in zip(
                bounds, pool.imap(_build_chunk, bounds), strict=True
            ):
                for name, conn in conns.items():
                    size = targets[name][0]
                    if start >= size:
                        continue
                    arts, nds, bands = art_rows, nd_rows, band_rows
                    if stop > size:  # a size that is not a multiple of CHUNK: only its own articles
                        arts = art_rows[: size - start]
                        nds = [r for r in nd_rows if r["id"] <= size]
                        bands = [r for r in band_rows if r["doc_id"] <= size]
                    t0 = time.perf_counter()
                    with conn.begin():
                        conn.execute(insert(articles), arts)
                        conn.execute(insert(neardup_docs), nds)
                        conn.execute(insert(neardup_bands), bands)
                    writing[name] += time.perf_counter() - t0
                if stop % 50_000 == 0 or stop == largest:
                    print(f"  built {stop:,} articles ({time.perf_counter() - started:.0f} s)", flush=True)
        finally:
            for conn in conns.values():
                conn.close()
    for name, engine in engines.items():
        t0 = time.perf_counter()
        _after_load(engine)
        writing[name] += time.perf_counter() - t0
        engine.dispose()
    return writing


def database_mb(url: str) -> float:
    """The database's size on disk (SQLite: the file and its WAL; PostgreSQL: the database)."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        return sum(p.stat().st_size for p in (Path(path), Path(f"{path}-wal")) if p.exists()) / 2**20
    from sqlalchemy import create_engine, func, select

    from crawler.archive.storage import engine_url

    engine = create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            size = conn.execute(select(func.pg_database_size(func.current_database()))).scalar_one()
    finally:
        engine.dispose()
    return int(size) / 2**20


# -- measuring ------------------------------------------------------------------------------------


def new_items(n: int, stored: int) -> list[dict]:
    """The ``n`` items fed to the pipeline: the same for every database (references only the
    first ``stored`` articles, which every database holds)."""
    out = []
    for k in range(n):
        if k % 10 == 0:  # a copy, at Furat Post, of a stored article
            j = (k * 7919) % stored
            while j % 20 == 19:  # of an original, not of a stored copy
                j = (j + 1) % stored
            d = doc(j)
            paragraphs = d["body"].split("\n\n")
            if len(paragraphs) > 4:
                del paragraphs[2]
            body = "\n\n".join([KICKERS[k % 3], *paragraphs])
            aid = str(FRESH_BASE + k)
            out.append(
                {
                    **d,
                    "outlet": "furat_post",
                    "article_id": aid,
                    "url": f"https://euphratespost.net/post-{aid}/",
                    "fetched_url": f"https://euphratespost.net/?p={aid}",
                    "body": body,
                    "duplicate_of": None,
                    "_expect": "copy",
                }
            )
        elif k % 20 == 5:  # a re-crawl of a stored article, unchanged, found under another URL
            d = doc((k * 104729) % stored)
            out.append(
                {
                    **d,
                    "fetched_url": d["url"] + "?utm_source=rss",
                    "scraped_at": "2024-02-01T00:00:00+00:00",
                    "duplicate_of": None,
                    "_expect": "already_stored",
                }
            )
        else:
            out.append({**doc(FRESH_BASE + k, copies=False), "_expect": "new"})
    return out


def peak_rss_mb() -> float:
    """This process's peak resident set size. VmHWM (Linux) rather than ru_maxrss, which a child
    inherits from its parent at fork and keeps across exec (the parent held the build data)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db_url: str, n_items: int, stored: int) -> dict:
    from scrapy.utils.test import get_crawler

    from crawler.ops.drops import NewsDropItem
    from pipelines.dedupe import DedupePipeline

    items = new_items(n_items, stored)
    expect = [d.pop("_expect") for d in items]
    items = [article(d) for d in items]
    warmup = [article(doc(WARMUP_BASE + k, copies=False)) for k in range(50)]
    extra = [article(doc(EXTRA_BASE + k, copies=False)) for k in range(200)]

    crawler = get_crawler(settings_dict={"NEWS_DB_URL": db_url})
    pipeline = DedupePipeline.from_crawler(crawler)

    def run(item):
        try:
            return pipeline.process_item(item)
        except NewsDropItem as exc:
            return exc.reason

    for item in warmup:
        run(item)
    crawler.stats.set_value("news/near_duplicates", 0)
    times, outcomes = [], []
    for item in items:
        t0 = time.perf_counter()
        result = run(item)
        times.append(time.perf_counter() - t0)
        outcomes.append(result if isinstance(result, str) else ("copy" if result.duplicate_of else "new"))
    tracemalloc.start()
    for item in extra:
        run(item)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stats = crawler.stats.get_stats()
    return {
        "mean_ms": 1000 * sum(times) / len(times),
        "median_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * sorted(times)[int(0.95 * len(times))],
        "traced_peak_mb": traced_peak / 2**20,
        "maxrss_mb": peak_rss_mb(),
        "as_expected": sum(o == e for o, e in zip(outcomes, expect, strict=True)),
        "copies_found": sum(o == "copy" for o in outcomes),
        "copies_fed": expect.count("copy"),
        "recrawls_dropped": sum(o == "already_stored" for o in outcomes),
        "recrawls_fed": expect.count("already_stored"),
        "candidates": stats.get("news/neardup/candidates", 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: DB URL to measure (child process)
    parser.add_argument("--stored", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep", help="build the SQLite databases in this directory and keep them")
    args = parser.parse_args()

    if args.measure:
        print(json.dumps(measure(args.measure, args.items, args.stored)))
        return 0

    from bench.pg_server import bench_postgres

    backends = BACKENDS if args.backend == "both" else (args.backend,)
    with ExitStack() as stack:
        pg = stack.enter_context(bench_postgres()) if "postgresql" in backends else None
        if pg is None:
            backends = ("sqlite",)
        else:
            print(pg.description, flush=True)
        return run(args, backends, pg)


def run(args, backends: tuple[str, ...], pg) -> int:
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-dedupe-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return run_in(workdir, args, backends, pg)
    finally:
        if not args.keep:  # a temporary directory of our own: gone whatever happened
            shutil.rmtree(workdir, ignore_errors=True)


def run_in(workdir: Path, args, backends: tuple[str, ...], pg) -> int:
    total = time.perf_counter()
    sizes = sorted({args.small, args.large})
    paths = {size: workdir / f"news-{size}.db" for size in sizes}
    if "sqlite" in backends:
        for path in paths.values():
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
    targets: dict[str, tuple[int, str]] = {}
    for backend in backends:
        for size in sizes:
            url = f"sqlite:///{paths[size]}" if backend == "sqlite" else pg.database()
            targets[f"{backend}/{size}"] = (size, url)
    where = [f"SQLite in {workdir}"] if "sqlite" in backends else []
    where += ["PostgreSQL"] if "postgresql" in backends else []
    print(f"building {', '.join(f'{s:,}' for s in sizes)} stored articles ({', '.join(where)}) ...", flush=True)
    writing = build(targets)
    db_mb = {name: database_mb(url) for name, (_size, url) in targets.items()}
    print(
        f"  built in {time.perf_counter() - total:.0f} s; writing: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in writing.items()),
        flush=True,
    )
    results = {}
    for name, (_size, url) in targets.items():
        proc = subprocess.run(  # noqa: PLW1510 - the child's exit code is checked below
            [sys.executable, __file__, "--measure", url, "--items", str(args.items), "--stored", str(args.small)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return 2
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])

    first = results[next(iter(results))]
    print(
        f"dedupe process_item over the same {args.items:,} new items "
        f"({first['copies_fed']} copies of stored articles, {first['recrawls_fed']} unchanged re-crawls, rest new):"
    )
    for name, r in results.items():
        backend, size = name.split("/")
        print(
            f"  {backend:<10} {int(size):>9,} stored: {r['mean_ms']:.3f} ms/item (median {r['median_ms']:.3f}, "
            f"p95 {r['p95_ms']:.3f}); copies found {r['copies_found']}/{r['copies_fed']}, re-crawls dropped "
            f"{r['recrawls_dropped']}/{r['recrawls_fed']}, candidates verified {r['candidates']}; "
            f"peak memory: tracemalloc {r['traced_peak_mb']:.1f} MiB, process RSS {r['maxrss_mb']:.0f} MiB"
            + f"; database {db_mb[name]:.0f} MiB"
        )
    ratios = {
        backend: results[f"{backend}/{args.large}"]["mean_ms"] / results[f"{backend}/{args.small}"]["mean_ms"]
        for backend in backends
    }
    print(
        f"  ratio {args.large:,}/{args.small:,} stored (target <= {TARGET_RATIO}): "
        + ", ".join(f"{backend} {ratio:.2f}" for backend, ratio in ratios.items())
    )
    if len(backends) > 1:
        print(
            "  postgresql/sqlite per item: "
            + ", ".join(
                f"{results[f'postgresql/{size}']['mean_ms'] / results[f'sqlite/{size}']['mean_ms']:.2f}x "
                f"with {size:,} stored"
                for size in sizes
            )
        )
    print(f"  total bench time {time.perf_counter() - total:.0f} s")
    ok = True
    # Every re-crawl must be dropped; the copies found must not depend on the database (size or
    # backend), and nearly all must be found (a copy near the threshold can be missed: the MinHash
    # estimate has a standard error of ~0.04, see crawler/archive/neardup.py).
    if any(r["recrawls_dropped"] != r["recrawls_fed"] for r in results.values()):
        print("FAIL: an unchanged re-crawl was not dropped", file=sys.stderr)
        ok = False
    if len({r["copies_found"] for r in results.values()}) != 1 or first["copies_found"] < 0.9 * first["copies_fed"]:
        print("FAIL: copies found differ between the databases or too few were found", file=sys.stderr)
        ok = False
    for backend, ratio in ratios.items():
        if ratio > TARGET_RATIO:
            print(
                f"FAIL: {backend}: cost per item grows {ratio:.2f}x from {args.small:,} to {args.large:,} stored articles",
                file=sys.stderr,
            )
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
