"""``scrapy export`` at 10,000 and at 200,000 stored articles: time and peak memory side by side.

    python bench/export.py [--small 10000] [--large 200000] [--formats jsonl,csv,parquet]
    python bench/export.py --small 1000 --large 5000       # a smoke run (seconds)

1. Builds two SQLite archives in a temporary folder, created as the crawler creates one
   (``crawler.archive.schema.create``: the full-text index and its triggers included), with
   ``--small`` and ``--large`` synthetic articles: bodies of 150-350 Arabic-like words drawn from a
   Zipf-distributed pool (about 2 KB of text, like a news report), two authors, tags, images, up
   to three quoted sources, ``search_text`` normalised as the storage does, publication times
   spread over 2012-2023, and one article in 20 a Furat Post copy of an earlier one
   (``duplicate_of``), so the stories are computed too. Rows go in with SQLAlchemy Core
   executemany on the schema's table, not through Scrapy.
2. Runs ``scrapy export -o FILE`` for each format on each archive, as a user would (a fresh
   process, stderr not a terminal), and takes the wall time and the process's peak resident set
   size (``ru_maxrss`` of that child, from ``wait4``: Python, Scrapy, SQLite's page cache, the
   writer's buffers).
3. Prints, per format, seconds and peak MiB at each size and the ratios large/small: time should
   grow with the archive (linear: ~20x for 20x the articles), memory should not (target: peak
   RSS at most 1.5x). Exits 1 when a memory ratio is above that or an export failed or wrote a
   wrong count.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20261202
CHUNK = 2_000
MEMORY_TARGET = 1.5
STAMP = "2026-12-01T00:00:00+00:00"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SOURCES = [
    ("المرصد السوري لحقوق الإنسان", "organization"),
    ("مراسل أورينت", "anonymous"),
    ("الدفاع المدني السوري", "organization"),
    ("مصادر محلية", "anonymous"),
    ("منسقو استجابة سوريا", "organization"),
]


def word_pool(rng: random.Random, size: int = 6000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 8))))
    return sorted(words)


def articles(count: int, seed: int = SEED):
    """``count`` article rows (dicts for ``articles``), the same first rows for any ``count``."""
    from crawler.archive.storage import search_text

    rng = random.Random(seed)
    pool = word_pool(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(pool))))  # Zipf
    start = 1_325_376_000  # 2012-01-01 UTC
    span = 12 * 365 * 86_400
    urls: list[str] = []
    for i in range(count):
        copy = i > 100 and i % 20 == 0
        outlet = "furat_post" if copy or i % 3 == 0 else "orient_news"
        paragraphs = [
            " ".join(rng.choices(pool, cum_weights=cumulative, k=rng.randint(30, 70))) for _ in range(rng.randint(3, 6))
        ]
        body = "\n\n".join(paragraphs)
        title = " ".join(rng.choices(pool, cum_weights=cumulative, k=8))
        moment = time.gmtime(start + rng.randrange(span))
        published = time.strftime("%Y-%m-%dT%H:%M:00+03:00", moment)
        url = f"https://{'euphratespost.net/p' if outlet == 'furat_post' else 'orient-news.net/ar/news_show'}/{i}"
        urls.append(url)
        sources = [
            {"name": n, "kind": k, "role": None, "verb": "وقال", "told_to": None, "quote": None, "paragraph": 1}
            for n, k in rng.sample(SOURCES, rng.randint(0, 3))
        ]
        yield {
            "outlet": outlet,
            "article_id": str(i),
            "url": url,
            "fetched_url": url,
            "lang": "ar",
            "title": title,
            "body": body,
            "published_at": published,
            "published_at_raw": published,
            "modified_at": None,
            "authors": json.dumps(["كاتب " + rng.choice(pool), "محرر " + rng.choice(pool)], ensure_ascii=False),
            "section": rng.choice(["أخبار", "تقارير", "اقتصاد"]),
            "tags": json.dumps(rng.sample(pool[:200], 3), ensure_ascii=False),
            "images": json.dumps([f"https://orient-news.net/news_images/{i}.jpg"]),
            "videos": "[]",
            "quoted_sources": json.dumps(sources, ensure_ascii=False),
            "content_hash": f"{i:064x}",
            "template": "current",
            "scraped_at": STAMP,
            "duplicate_of": urls[rng.randrange(i - 100, i)] if copy else None,
            "revision": 1,
            "first_seen_at": STAMP,
            "updated_at": STAMP,
            "search_text": search_text(title, body),
        }


def build(path: Path, count: int) -> None:
    from sqlalchemy import create_engine, insert

    from crawler.archive import schema

    engine = create_engine(f"sqlite:///{path}")
    schema.create(engine)
    batch: list[dict] = []
    with engine.begin() as conn:
        for row in articles(count):
            batch.append(row)
            if len(batch) >= CHUNK:
                conn.execute(insert(schema.articles), batch)
                batch = []
        if batch:
            conn.execute(insert(schema.articles), batch)
    engine.dispose()


def run_export(db: Path, fmt: str, out_dir: Path) -> dict:
    """One export in its own process; its own peak RSS, read by ``wait4`` before anything else reaps it."""
    target = out_dir / f"{db.stem}.{fmt}"
    env = {**os.environ, "NEWS_DB_URL": f"sqlite:///{db}"}
    err = out_dir / "stderr.txt"
    started = time.perf_counter()
    with err.open("w") as stderr:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-m", "scrapy", "export", "-o", str(target)],
            env,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, stderr.fileno(), 2),
            ],
        )
        _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    return {
        "ok": os.waitstatus_to_exitcode(status) == 0,
        "stderr": err.read_text().strip(),
        "seconds": seconds,
        "peak_mib": usage.ru_maxrss / 1024,
        "bytes": target.stat().st_size if target.exists() else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--formats", default="jsonl,csv,parquet")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    sizes = (args.small, args.large)
    os.chdir(ROOT)  # scrapy finds the project (scrapy.cfg) from here
    total = time.perf_counter()
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp)
        dbs = {}
        for size in sizes:
            started = time.perf_counter()
            dbs[size] = folder / f"archive-{size}.db"
            build(dbs[size], size)
            mib = dbs[size].stat().st_size / 2**20
            print(f"built {size:,} articles: {mib:,.0f} MiB ({time.perf_counter() - started:.0f} s)", flush=True)
        results: dict[tuple[int, str], dict] = {}
        for fmt in formats:
            for size in sizes:
                result = run_export(dbs[size], fmt, folder)
                results[(size, fmt)] = result
                expected = f"exported {size} records"
                if not result["ok"] or expected not in result["stderr"]:
                    print(f"FAIL: {fmt} at {size:,}: {result['stderr'][-500:]}", file=sys.stderr)
                    failed = True
                (folder / f"archive-{size}.{fmt}").unlink(missing_ok=True)
        small, large = sizes
        print()
        print(f"scrapy export, {small:,} vs {large:,} stored articles (SQLite; one process per export)")
        print(
            f"{'format':8} {small:>9,} s {'MiB':>7} {'out MiB':>8} | {large:>9,} s {'MiB':>7} {'out MiB':>8}"
            f" | {'time x':>7} {'memory x':>9}"
        )
        for fmt in formats:
            a, b = results[(small, fmt)], results[(large, fmt)]
            time_ratio = b["seconds"] / a["seconds"]
            memory_ratio = b["peak_mib"] / a["peak_mib"]
            print(
                f"{fmt:8} {a['seconds']:11.1f} {a['peak_mib']:7.0f} {a['bytes'] / 2**20:8.1f} |"
                f" {b['seconds']:11.1f} {b['peak_mib']:7.0f} {b['bytes'] / 2**20:8.1f} |"
                f" {time_ratio:7.1f} {memory_ratio:9.2f}"
            )
            if memory_ratio > MEMORY_TARGET:
                print(f"FAIL: {fmt}: peak memory grew {memory_ratio:.2f}x (target <= {MEMORY_TARGET})", file=sys.stderr)
                failed = True
    print(
        f"  rate at {large:,}: "
        + ", ".join(f"{fmt} {large / results[(large, fmt)]['seconds']:,.0f}/s" for fmt in formats)
    )
    print(f"  total bench time {time.perf_counter() - total:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
