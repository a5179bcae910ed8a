"""Cost per item of the dedupe pipeline with 10,000 and with 200,000 stored articles.

    python bench/dedupe.py [--small 10000] [--large 200000] [--items 1000]

1. Builds two SQLite databases in a temporary directory: ``--small`` and ``--large`` stored
   articles (the small one is the first part of the large one), synthetic Arabic-like texts of
   150-400 words drawn from a Zipf-distributed word pool, with digits here and there, and one
   article in 20 a Furat Post copy (kicker, a paragraph left out) of an earlier one. Rows go in
   with SQLAlchemy executemany, not through Scrapy, and every article is indexed as the pipeline
   indexes it: the same ``crawler.archive.neardup.fingerprint`` (signatures computed in 2 worker
   processes), the same band keys, figures and ``duplicate_of``.
2. Measures, in a fresh process per database, ``DedupePipeline.process_item`` (identity lookup,
   near-duplicate lookup and verification, index write) over the same ``--items`` new items:
   85 % new texts, 10 % copies of stored articles (must be found), 5 % re-crawls of stored
   articles (dropped as ``already_stored``), after 50 warm-up items. (A copy near the threshold
   can be missed by the MinHash estimate: the bench wants >= 90 % found, the same on both.) Timing runs without
   tracemalloc; the tracemalloc peak is then taken over 200 further items, and the peak RSS is
   the measuring process's (VmHWM: Python, Scrapy, the items, SQLite's page cache).
3. Prints per-item ms for each size, the ratio large/small (target <= 1.5) and peak memory;
   exits 1 when the ratio is above 1.5 or a check fails (copies not found, re-crawls not dropped).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
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
STAMP = "2024-01-01T00:00:00+00:00"

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


def _fresh_paragraphs(rng) -> list[str]:
    n = int(rng.integers(150, 401))
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
        paragraphs = _fresh_paragraphs(rng)
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
        published_at=STAMP,
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
    """Rows for articles ``start..stop-1``: (articles rows, neardup_docs rows, band rows)."""
    from crawler.archive import neardup
    from crawler.archive.storage import to_row

    start, stop = bounds
    docs = [doc(i) for i in range(start, stop)]
    fps = neardup.fingerprints(d["body"] for d in docs)
    keys = neardup.band_hashes(np.stack([fp.signature for fp in fps]))  # what band_keys() gives
    art_rows: list[dict] = []
    nd_rows: list[dict] = []
    band_rows: list[tuple[int, int, int]] = []
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
            band_rows.extend(zip(range(neardup.BANDS), k.tolist(), [i + 1] * neardup.BANDS, strict=True))
    return art_rows, nd_rows, band_rows


def build(paths: dict[int, Path]) -> dict[int, float]:
    """Build one database per size in ``paths`` (sizes ascending; each smaller one a prefix of
    the larger). Returns build seconds per size."""
    from sqlalchemy import create_engine, event, insert

    from crawler.archive.storage import articles, metadata, neardup_docs

    engines = {}
    for size, path in paths.items():
        engine = create_engine(f"sqlite:///{path}")

        @event.listens_for(engine, "connect")
        def _fast(dbapi_conn, _record):  # bulk load only; the measurement uses crawler.archive.storage's pragmas
            cur = dbapi_conn.cursor()
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-400000", "temp_store=MEMORY"):
                cur.execute(f"PRAGMA {pragma}")
            cur.close()

        metadata.create_all(engine)
        engines[size] = engine
    largest = max(paths)
    conns = {size: engine.connect() for size, engine in engines.items()}
    started, built = time.perf_counter(), {}
    band_sql = "INSERT INTO neardup_bands (band, band_hash, doc_id) VALUES (?, ?, ?)"
    bounds = [(s, min(s + CHUNK, largest)) for s in range(0, largest, CHUNK)]
    try:
        with get_context("fork").Pool(2) as pool:
            for (start, stop), (art_rows, nd_rows, band_rows) in zip(
                bounds, pool.imap(_build_chunk, bounds), strict=True
            ):
                for size, conn in conns.items():
                    if start >= size:
                        continue
                    with conn.begin():
                        conn.execute(insert(articles), art_rows)
                        conn.execute(insert(neardup_docs), nd_rows)
                        conn.exec_driver_sql(band_sql, band_rows)
                    if stop >= size:
                        built[size] = time.perf_counter() - started
                done = stop
                if done % 50_000 == 0 or done == largest:
                    print(f"  built {done:,} articles ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        for size, conn in conns.items():
            conn.close()
            engines[size].dispose()
    return built


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
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: DB URL to measure (child process)
    parser.add_argument("--stored", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep", help="build the databases in this directory and keep them")
    args = parser.parse_args()

    if args.measure:
        print(json.dumps(measure(args.measure, args.items, args.stored)))
        return 0

    total = time.perf_counter()
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-dedupe-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = sorted({args.small, args.large})
    paths = {size: workdir / f"news-{size}.db" for size in sizes}
    for path in paths.values():
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    print(f"building {', '.join(f'{s:,}' for s in sizes)} stored articles in {workdir} ...", flush=True)
    build(paths)
    db_mb = {
        size: sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 2**20
        for size, path in paths.items()
    }
    print(f"  built in {time.perf_counter() - total:.0f} s", flush=True)
    results = {}
    for size in sizes:
        proc = subprocess.run(  # noqa: PLW1510 - the child's exit code is checked below
            [
                sys.executable,
                __file__,
                "--measure",
                f"sqlite:///{paths[size]}",
                "--items",
                str(args.items),
                "--stored",
                str(args.small),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return 2
        results[size] = json.loads(proc.stdout.strip().splitlines()[-1])
    if not args.keep:
        for path in paths.values():
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
        workdir.rmdir()

    small, large = results[args.small], results[args.large]
    ratio = large["mean_ms"] / small["mean_ms"]
    print(
        f"dedupe process_item over the same {args.items:,} new items "
        f"({small['copies_fed']} copies of stored articles, {small['recrawls_fed']} unchanged re-crawls, rest new):"
    )
    for size in sizes:
        r = results[size]
        print(
            f"  {size:>9,} stored: {r['mean_ms']:.3f} ms/item (median {r['median_ms']:.3f}, p95 {r['p95_ms']:.3f}); "
            f"copies found {r['copies_found']}/{r['copies_fed']}, re-crawls dropped "
            f"{r['recrawls_dropped']}/{r['recrawls_fed']}, candidates verified {r['candidates']}; "
            f"peak memory: tracemalloc {r['traced_peak_mb']:.1f} MiB, process RSS {r['maxrss_mb']:.0f} MiB"
            + f"; database {db_mb[size]:.0f} MiB"
        )
    print(f"  ratio {args.large:,}/{args.small:,}: {ratio:.2f} (target <= {TARGET_RATIO})")
    print(f"  total bench time {time.perf_counter() - total:.0f} s")
    ok = ratio <= TARGET_RATIO
    # Every re-crawl must be dropped; the copies found must not depend on the database size, and
    # nearly all must be found (a copy near the threshold can be missed: the MinHash estimate
    # has a standard error of ~0.04, see crawler/archive/neardup.py).
    if any(r["recrawls_dropped"] != r["recrawls_fed"] for r in results.values()):
        print("FAIL: an unchanged re-crawl was not dropped", file=sys.stderr)
        ok = False
    if len({r["copies_found"] for r in results.values()}) != 1 or small["copies_found"] < 0.9 * small["copies_fed"]:
        print("FAIL: copies found differ between the databases or too few were found", file=sys.stderr)
        ok = False
    if ratio > TARGET_RATIO:
        print(
            f"FAIL: cost per item grows {ratio:.2f}x from {args.small:,} to {args.large:,} stored articles",
            file=sys.stderr,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
