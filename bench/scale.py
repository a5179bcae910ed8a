"""Archive scale: what a cron run and a full crawl cost as the archive grows, side by side in one run.

    python bench/scale.py                 # cron at 1,000 / 10,000 / 200,000 stored, full crawls of 5,000 and 50,000
    python bench/scale.py --quick         # a smoke run: cron at 500 / 2,000 / 8,000, full crawls of 500 and 2,000
    python bench/scale.py --stored 1000,200000 --full 5000,50000

Every crawl is ``scrapy crawl orient_news -a base_url=… `` as cron runs it: a fresh process against a
generated Orient News (crawler/replica/synthetic.py: monthly sitemaps, home pages, feed, section
listings and article pages served on a loopback port by a threaded server in this process, so its
CPU is not the crawl's). Peak RSS and CPU (user + system) are the crawl process's own, from
``wait4`` on that child (``ru_maxrss``, ``ru_utime + ru_stime``).

1. **Cron runs.** For each stored size an SQLite archive is seeded straight with the site's article
   rows (the records a full crawl stores, ``search_text`` and the full-text index included, written
   with SQLAlchemy Core executemany on the schema's tables), then one cron run (``mode=cron``, the
   default) finds every listed article stored: a few discovery requests, no article page. Targets:
   peak RSS at the largest size within 1.2x, CPU within 2x of the smallest.
2. **Full crawls.** ``mode=full`` of a site of each size into an empty archive (WARC on, as by
   default): peak RSS, CPU per stored article and the most article requests waiting at once
   (``news/articles_waiting_peak``). Target: peak RSS at the largest within 1.5x of the smallest;
   CPU per article is printed as a ratio too (it should stay flat).
3. **Disk.** From the smallest full crawl: the database per 1,000 stored articles (records, raw
   pages, near-duplicate index, full-text index) and the WARC files with their indexes per 1,000,
   for article pages of about 4 KB of HTML (the live site's are larger: raw pages and WARC grow
   with them).

The full run takes 15 to 18 minutes on two shared cores, most of it the crawl of 50,000 articles;
``--quick`` a minute and a half. Exit 1 when a crawl failed or a target is missed. Never a timed assertion
in the tests: these are figures for the README, measured side by side on the same machine in one
run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.replica.synthetic import SyntheticOrient, SyntheticReplica  # noqa: E402
from tests.processes import crawl_env  # noqa: E402

CRON_MEMORY_TARGET = 1.2
CRON_CPU_TARGET = 2.0
FULL_MEMORY_TARGET = 1.5


def seed(db: Path, site: SyntheticOrient) -> float:
    """An SQLite archive holding every article of ``site`` as a full crawl stores it; seconds taken."""
    from crawler.archive.storage import open_storage

    started = time.perf_counter()
    store = open_storage(f"sqlite:///{db}")
    site.seed_archive(store.engine)
    store.close()
    return time.perf_counter() - started


def crawl(base_url: str, work: Path, name: str, *args: str) -> dict:
    """One ``scrapy crawl orient_news`` in its own process: exit code, peak MiB, CPU seconds, stats."""
    stats_path = work / f"{name}.stats.json"
    env = crawl_env(f"sqlite:///{work / name}.db", work, name, level="WARNING", stats=stats_path)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "orient_news", "-a", f"base_url={base_url}"]
    for arg in args:
        cmd += ["-a", arg]
    err_path = work / f"{name}.stderr"
    started = time.perf_counter()
    with err_path.open("wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    lines = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return {
        "code": proc.returncode,
        "peak_mib": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "seconds": time.perf_counter() - started,
        "stats": stats,
        "summary": next((line for line in reversed(lines) if line.startswith("SUMMARY")), lines[-1:] or [""]),
    }


def ok(run: dict, what: str) -> bool:
    if run["code"] == 0:
        return True
    print(f"FAIL: {what} exited {run['code']}: {run['summary']}", file=sys.stderr)
    return False


def cron_bench(sizes: list[int], work: Path) -> tuple[list[dict], bool]:
    results, healthy = [], True
    for size in sizes:
        site = SyntheticOrient(size)
        name = f"cron-{size}"
        seconds = seed(work / f"{name}.db", site)
        with SyntheticReplica(site) as replica:
            run = crawl(replica.base_url, work, name)
            run["requests"] = replica.requests
        healthy = ok(run, f"cron run at {size:,} stored") and healthy
        stats = run["stats"]
        if stats.get("news/article_pages_done", 0) or stats.get("news/stored/inserted", 0):
            print(f"FAIL: cron run at {size:,} stored fetched article pages: {run['summary']}", file=sys.stderr)
            healthy = False
        run.update(size=size, seed_seconds=seconds)
        print(
            f"  cron at {size:>9,} stored: seeded in {seconds:5.0f} s; run {run['peak_mib']:6.0f} MiB peak, "
            f"{run['cpu']:5.2f} s CPU, {run['requests']} requests, "
            f"{stats.get('news/articles_known_skipped', 0)} known skipped",
            flush=True,
        )
        (work / f"{name}.db").unlink(missing_ok=True)
        results.append(run)
    return results, healthy


def disk_use(work: Path, name: str) -> tuple[int, int]:
    """Bytes of the archive (database, WAL) and of the WARC files with their indexes."""
    db = sum(p.stat().st_size for p in work.glob(f"{name}.db*"))
    warc = sum(p.stat().st_size for p in (work / f"{name}-warc").rglob("*") if p.is_file())
    return db, warc


def full_bench(sizes: list[int], work: Path) -> tuple[list[dict], bool]:
    results, healthy = [], True
    for size in sizes:
        name = f"full-{size}"
        with SyntheticReplica(SyntheticOrient(size)) as replica:
            run = crawl(replica.base_url, work, name, "mode=full")
        healthy = ok(run, f"full crawl of {size:,}") and healthy
        stored = run["stats"].get("news/stored/inserted", 0)
        if stored != size:
            print(f"FAIL: full crawl of {size:,} stored {stored:,}: {run['summary']}", file=sys.stderr)
            healthy = False
        run.update(size=size, stored=stored, per_article_ms=run["cpu"] / max(1, stored) * 1000)
        run["db_bytes"], run["warc_bytes"] = disk_use(work, name)
        print(
            f"  full crawl of {size:>7,}: {run['peak_mib']:6.0f} MiB peak, {run['cpu']:7.1f} s CPU, "
            f"{run['per_article_ms']:5.1f} ms CPU per article, {run['seconds']:6.0f} s wall, "
            f"at most {run['stats'].get('news/articles_waiting_peak', 0):,} article requests waiting",
            flush=True,
        )
        for path in work.glob(f"{name}*"):
            if path.is_file():
                path.unlink()
        results.append(run)
    return results, healthy


def ratio_line(label: str, small: float, large: float, target: float | None) -> tuple[str, bool]:
    ratio = large / small if small else float("inf")
    met = target is None or ratio <= target
    goal = f" (target <= {target})" if target is not None else ""
    return f"  {label}: {ratio:.2f}x{goal}{'' if met else '  MISSED'}", met


def sizes(given: str | None, default: str) -> list[int]:
    """``--stored`` / ``--full``: comma-separated sizes; empty (``--full ""``): none of that part."""
    return [int(n) for n in (default if given is None else given).split(",") if n.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run (about a minute and a half)")
    ap.add_argument("--stored", help='stored sizes of the cron runs (default 1000,10000,200000; "": no cron runs)')
    ap.add_argument("--full", help='site sizes of the full crawls (default 5000,50000; "": no full crawl)')
    args = ap.parse_args()
    stored = sizes(args.stored, "500,2000,8000" if args.quick else "1000,10000,200000")
    full = sizes(args.full, "500,2000" if args.quick else "5000,50000")
    os.chdir(ROOT)
    started = time.perf_counter()
    print("Archive scale (bench/scale.py): orient_news against a generated replica, SQLite, one process per crawl")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        with SyntheticReplica(SyntheticOrient(200)) as warm:  # imports and the page cache warm
            crawl(warm.base_url, work, "warmup", "mode=full")
        cron, cron_ok = cron_bench(stored, work) if stored else ([], True)
        runs, full_ok = full_bench(full, work) if full else ([], True)
    healthy = cron_ok and full_ok
    print()
    if len(cron) >= 2:
        small, large = cron[0], cron[-1]
        print(f"cron run, {large['size']:,} vs {small['size']:,} stored:")
        for label, key, target in (("peak RSS", "peak_mib", CRON_MEMORY_TARGET), ("CPU", "cpu", CRON_CPU_TARGET)):
            line, met = ratio_line(label, small[key], large[key], target)
            print(line)
            healthy = healthy and met
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        print(f"full crawl, {large['size']:,} vs {small['size']:,} articles:")
        line, met = ratio_line("peak RSS", small["peak_mib"], large["peak_mib"], FULL_MEMORY_TARGET)
        print(line)
        healthy = healthy and met
        print(ratio_line("CPU per article", small["per_article_ms"], large["per_article_ms"], None)[0])
    if runs and runs[0]["stored"]:
        first = runs[0]
        per = 1000 / first["stored"]
        print(
            f"disk per 1,000 stored articles (full crawl of {first['size']:,}): database "
            f"{first['db_bytes'] * per / 1e6:.1f} MB (records, raw pages, indexes), "
            f"WARC {first['warc_bytes'] * per / 1e6:.1f} MB (every response, with its CDXJ index)"
        )
    print(f"total bench time {time.perf_counter() - started:.0f} s")
    return 0 if healthy else 1


if __name__ == "__main__":
    raise SystemExit(main())
