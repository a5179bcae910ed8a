"""Distributed crawls (crawler/ops/distributed) side by side, in one run, on the Orient News replica
and a PostgreSQL archive (a private cluster, or ``NEWS_BENCH_PG_URL``), with a private Redis:

1. The scheduling overhead: one worker without Redis against one worker with it (the shared
   queue, leases, dupefilter and politeness all in Redis), same crawl, same replica: wall time and
   CPU of the ``scrapy crawl`` process, and the ratio.
2. The speed-up when politeness allows it: a synthetic Orient News (``--articles`` articles over
   two years: crawler/replica/synthetic.py) answering each request after a fixed latency, the
   site allowing 8 requests at once (``CONCURRENT_REQUESTS_PER_DOMAIN=8``, shared by
   the workers), each worker taking at most 4 at a time (``CONCURRENT_REQUESTS=4``): one worker,
   then two, the wall time and its ratio, and the most requests the replica saw in flight.

    .venv/bin/python bench/distributed.py [--latency 0.2] [--articles 1000] [--repeat 2]

Needs Debian's ``redis-server`` and ``postgresql``; without them it says so and exits 0.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.pg_server import bench_postgres  # noqa: E402
from crawler.replica.server import Replica  # noqa: E402
from crawler.replica.synthetic import LAST, SyntheticOrient, SyntheticReplica  # noqa: E402
from tests.processes import crawl_env  # noqa: E402
from tests.servers import RedisServer, redis_installed  # noqa: E402


def crawl(base_url: str, db_url: str, tmp: Path, name: str, redis_url: str | None = None, **settings: str):
    """Start one ``scrapy crawl orient_news`` worker; returns the process."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "orient_news", "-a", f"base_url={base_url}", "-a", "mode=full"]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    env = crawl_env(db_url, tmp, name, level="WARNING")
    if redis_url:
        env["NEWS_REDIS_URL"] = redis_url
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_all(procs) -> float:
    """Wait for the workers; the CPU seconds they used, all together."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            tail = [line for line in err.splitlines() if line.startswith(("SUMMARY", "error"))]
            raise SystemExit(f"a worker failed (exit {proc.returncode}): {tail[-1:] or err[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(*workers: partial) -> tuple[float, float]:
    """Start the workers (``partial(crawl, …)`` each) at once; wall and CPU seconds until all ended."""
    started = time.perf_counter()
    procs = [start() for start in workers]
    cpu = wait_all(procs)
    return time.perf_counter() - started, cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.2, help="seconds the replica waits before each answer (part 2)")
    ap.add_argument("--articles", type=int, default=1000, help="the synthetic site's articles (part 2)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each case; the best is kept")
    args = ap.parse_args(argv)
    if not redis_installed():
        print("bench/distributed.py: redis-server is not installed (apt-get install redis-server): skipped")
        return 0
    with bench_postgres() as pg, tempfile.TemporaryDirectory(prefix="news-bench-dist-") as tmpdir:
        if pg is None:
            return 0
        tmp = Path(tmpdir)
        redis = RedisServer().start()
        try:
            print("1. scheduling overhead: one worker, Orient News replica (no latency), mode=full")
            plain: list[tuple[float, float]] = []
            shared: list[tuple[float, float]] = []
            with Replica("orient_news") as replica:
                for i in range(args.repeat):  # alternate, so drift in the machine's load hits both
                    plain.append(timed(partial(crawl, replica.base_url, pg.database(), tmp, f"p{i}")))
                    shared.append(timed(partial(crawl, replica.base_url, pg.database(), tmp, f"r{i}", redis.url)))
            (pw, pc), (rw, rc) = min(plain), min(shared)
            print(f"   without Redis: {pw:6.2f} s wall, {pc:6.2f} s CPU")
            print(f"   with Redis:    {rw:6.2f} s wall, {rc:6.2f} s CPU")
            print(f"   ratio with/without: wall {rw / pw:.2f}x, CPU {rc / pc:.2f}x")

            print(
                f"2. two workers against one: a synthetic site of {args.articles} articles, latency "
                f"{args.latency:.2f} s per request, the site allowing 8 at once (shared), each worker taking 4"
            )
            site = SyntheticOrient(args.articles, first=LAST - timedelta(days=730))
            limits = {"CONCURRENT_REQUESTS": "4", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}
            one: list[tuple[float, float]] = []
            two: list[tuple[float, float]] = []
            most = {1: 0, 2: 0}
            for i in range(args.repeat):
                with SyntheticReplica(site, delay=args.latency) as replica:
                    one.append(
                        timed(partial(crawl, replica.base_url, pg.database(), tmp, f"o{i}", redis.url, **limits))
                    )
                    most[1] = max(most[1], replica.max_in_flight)
                with SyntheticReplica(site, delay=args.latency) as replica:
                    db = pg.database()  # both workers write one archive
                    two.append(
                        timed(
                            *(partial(crawl, replica.base_url, db, tmp, f"t{i}{w}", redis.url, **limits) for w in "ab")
                        )
                    )
                    most[2] = max(most[2], replica.max_in_flight)
            (ow, _), (tw, _) = min(one), min(two)
            print(f"   one worker:  {ow:6.2f} s wall, at most {most[1]} requests in flight at the site")
            print(f"   two workers: {tw:6.2f} s wall, at most {most[2]} requests in flight at the site")
            print(f"   speed-up two/one: {ow / tw:.2f}x (the site's limit of 8 held: {most[2] <= 8})")
        finally:
            redis.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
