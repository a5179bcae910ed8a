"""What keeping every response as WARC costs: the same replica crawl with and without WARC writing,
side by side in one run.

    python bench/warc.py [--rounds 5] [--outlet orient_news|furat_post|both]

Each round runs ``scrapy crawl OUTLET -a mode=full`` (a first fill into a fresh SQLite database,
as a user runs it: a real subprocess against the local replica) once with ``-s NEWS_WARC=0`` and
once with WARC on (its own ``NEWS_WARC_DIR``), in alternating order, so both see the same machine.
The CPU time of each crawl process (user + system, from ``wait4``; the replica runs in this process
and is not counted) is summed per variant; the ratio with/without is printed against the target
(<= 1.2). The disk the WARC files and their CDXJ indexes take is divided by the article pages
fetched (every response is kept: robots.txt, feeds, sitemaps, listings, API answers too), per
1,000 articles. A replica crawl is small and its CPU mostly Scrapy's start-up, so the writer alone
is timed too: the exchanges of a crawl's WARC files written again (compression, digests, index), in
ms of CPU per response and as a share of what a response costs the crawl. Exit 1 when the ratio is
above the target or a crawl failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.replica import Replica  # noqa: E402
from tests.processes import crawl_env  # noqa: E402

TARGET_RATIO = 1.2


def crawl(outlet: str, base_url: str, work: Path, name: str, warc_on: bool) -> dict:
    """One crawl; its CPU seconds, exit code, stats and WARC bytes."""
    stats_path = work / f"{name}.json"
    env = crawl_env(f"sqlite:///{work / name}.db", work, name, level="WARNING", stats=stats_path)
    warc_dir = Path(env["NEWS_WARC_DIR"])
    cmd = [sys.executable, "-m", "scrapy", "crawl", outlet, "-a", f"base_url={base_url}", "-a", "mode=full"]
    cmd += ["-s", f"NEWS_WARC={1 if warc_on else 0}"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    files = [p for p in warc_dir.rglob("*") if p.is_file()]
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "code": proc.returncode,
        "articles": stats.get("news/article_pages_done", 0) or stats.get("news/stored/inserted", 0),
        "responses": stats.get("downloader/response_count", 0),
        "warc_bytes": sum(p.stat().st_size for p in files if p.name.endswith(".warc.gz")),
        "index_bytes": sum(p.stat().st_size for p in files if p.name.endswith(".cdxj")),
        "tail": err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""],
    }


def writer_cost(warc_dir: Path, repeat: int = 20) -> tuple[float, int]:
    """CPU seconds per response of the writer alone (compression, digests, index), rewriting the
    exchanges of a crawl's WARC files ``repeat`` times; and how many responses that is."""
    import time

    from crawler.archive import warc

    records = list(warc.iter_records(warc.warc_files(warc_dir)))
    requests = {r.fields.get("WARC-Concurrent-To"): r for r in records if r.type == "request"}
    exchanges = [
        warc.Exchange(
            url=r.uri,
            status=r.status or 0,
            body=r.payload,
            response_headers=r.http_headers,
            request_headers=requests[r.fields["WARC-Record-ID"]].http_headers,
            fields={k: v for k, v in r.fields.items() if k.startswith("News-")},
        )
        for r in records
        if r.type == "response"
    ]
    with tempfile.TemporaryDirectory(prefix="bench-warc-writer-") as tmp:
        started = time.process_time()
        for i in range(repeat):
            with warc.WarcWriter(Path(tmp) / str(i), "bench", {"software": "bench"}) as writer:
                for exchange in exchanges:
                    writer.write(exchange)
        spent = time.process_time() - started
    return spent / (len(exchanges) * repeat), len(exchanges)


def bench(outlet: str, rounds: int) -> tuple[float, bool]:
    with tempfile.TemporaryDirectory(prefix="bench-warc-") as tmp, Replica(outlet) as replica:
        work = Path(tmp)
        runs: dict[bool, list[dict]] = {False: [], True: []}
        crawl(outlet, replica.base_url, work, "warmup", True)  # imports and page cache warm
        for i in range(rounds):
            for warc_on in (False, True) if i % 2 == 0 else (True, False):
                run = crawl(outlet, replica.base_url, work, f"r{i}-{'warc' if warc_on else 'plain'}", warc_on)
                if run["code"] != 0:
                    print(f"  crawl failed (exit {run['code']}): {run['tail'][0]}", file=sys.stderr)
                    return 0.0, False
                runs[warc_on].append(run)
        alone, _ = writer_cost(work / "warmup-warc")
    plain, kept = (sum(r["cpu"] for r in runs[v]) for v in (False, True))
    articles = sum(r["articles"] for r in runs[True])
    responses = sum(r["responses"] for r in runs[True])
    warc_bytes = sum(r["warc_bytes"] for r in runs[True])
    index_bytes = sum(r["index_bytes"] for r in runs[True])
    ratio = kept / plain if plain else float("inf")
    per_1000 = (warc_bytes + index_bytes) / articles * 1000 if articles else 0.0
    print(
        f"{outlet}: {rounds} crawls each way, {articles // rounds} article pages and {responses // rounds} responses per crawl"
    )
    print(f"  CPU without WARC {plain:.2f} s, with WARC {kept:.2f} s: ratio {ratio:.3f} (target <= {TARGET_RATIO})")
    print(
        f"  disk per 1,000 articles: {per_1000 / 1e6:.2f} MB "
        f"(WARC {warc_bytes / articles * 1000 / 1e6:.2f} MB + CDXJ {index_bytes / articles * 1000 / 1e6:.2f} MB; "
        f"{warc_bytes / responses / 1024:.1f} KiB per response, every response kept)"
    )
    crawl_per_response = plain / (responses or 1)
    print(
        f"  the writer alone: {alone * 1000:.2f} ms CPU per response, {alone / crawl_per_response:.1%} of the "
        f"{crawl_per_response * 1000:.1f} ms a response costs the crawl without WARC (start-up included)"
    )
    return ratio, True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="crawls per variant (default 5)")
    ap.add_argument("--outlet", choices=["orient_news", "furat_post", "both"], default="both")
    args = ap.parse_args()
    outlets = ["orient_news", "furat_post"] if args.outlet == "both" else [args.outlet]
    print("WARC writing: the same replica crawl with and without it (bench/warc.py)")
    worst, healthy = 0.0, True
    for outlet in outlets:
        ratio, ok = bench(outlet, args.rounds)
        worst, healthy = max(worst, ratio), healthy and ok
    if not healthy:
        return 1
    if worst > TARGET_RATIO:
        print(f"FAIL: WARC writing costs {worst:.2f}x the CPU of the same crawl without it (target <= {TARGET_RATIO})")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
