"""``make demo``: crawl the local replicas into a fresh SQLite database and say what happened.

For each outlet with a replica fixture site, start the replica on a free local port, run
``scrapy crawl <outlet> -a base_url=...`` exactly as a user would, then print what was stored
(per outlet and section), what was dropped and why, errors, and where the database is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from crawler.archive.storage import open_storage
from crawler.ops import runs
from crawler.ops.drops import DROP_PREFIX
from crawler.replica import FIXTURES, Replica

ROOT = Path(__file__).resolve().parents[2]
OUTLETS = ("orient_news", "furat_post")
#: the demo's WARC files, laid out as a real crawl's under data/warc (NEWS_WARC_DIR), but apart from
#: them (their target URIs are the replicas' loopback addresses); made anew by each demo like demo.db
WARC_DIR = ROOT / "data" / "demo-warc"


def run_crawl(outlet: str, base_url: str, db_url: str, extra_args: Iterable[str] = ()) -> tuple[int, dict[str, Any]]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        stats_path = fh.name
    env = dict(
        os.environ,
        NEWS_DB_URL=db_url,
        NEWS_STATS_FILE=stats_path,
        NEWS_WARC_DIR=str(WARC_DIR),
        NEWS_LOG_LEVEL=os.environ.get("NEWS_LOG_LEVEL", "WARNING"),
    )
    cmd = [sys.executable, "-m", "scrapy", "crawl", outlet, "-a", f"base_url={base_url}", *extra_args]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False)  # the exit code is reported, not raised
    try:
        stats = json.loads(Path(stats_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        stats = {}
    finally:
        Path(stats_path).unlink(missing_ok=True)
    return proc.returncode, stats


def main() -> int:
    db_path = ROOT / "data" / "demo.db"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(WARC_DIR, ignore_errors=True)
    db_url = f"sqlite:///{db_path}"
    failed = False
    print("== demo: crawling the local replicas into", db_path)
    for outlet in OUTLETS:
        if not (FIXTURES / outlet / "MANIFEST.tsv").exists():
            print(f"-- {outlet}: no replica fixtures yet, skipped")
            continue
        with Replica(outlet) as replica:
            print(
                f"-- {outlet}: replica at {replica.base_url}; first fill: scrapy crawl {outlet} -a base_url={replica.base_url} -a mode=full"
            )
            code, stats = run_crawl(outlet, replica.base_url, db_url, ["-a", "mode=full"])
            cron_code, cron = run_crawl(outlet, replica.base_url, db_url)
        failed |= cron_code != 0
        failed |= code != 0
        dropped = {k[len(DROP_PREFIX) :]: v for k, v in stats.items() if k.startswith(DROP_PREFIX)}
        alarms = "; ".join(a["message"] for a in stats.get("news/alarms") or [])
        print(f"   exit code {code} ({stats.get('news/verdict', 'FAILED')}{': ' + alarms if alarms else ''})")
        print(
            f"   requests {stats.get('downloader/request_count', 0)}, article pages {stats.get('news/article_pages_done', 0)}, "
            f"stored {stats.get('news/stored/inserted', 0)}, updated {stats.get('news/stored/updated', 0)}, "
            f"near-duplicates {stats.get('news/near_duplicates', 0)}"
        )
        print(f"   listed articles answering 404 (not stored): {stats.get('news/article_404', 0)}")
        print("   dropped: " + (", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none"))
        removed = {k.split("/")[-1]: v for k, v in stats.items() if k.startswith("news/boilerplate/")}
        if removed:
            print("   boilerplate removed: " + ", ".join(f"{k} {v}" for k, v in sorted(removed.items())))
        errors = {k: v for k, v in stats.items() if k.startswith("news/errors/")}
        print(
            "   errors: " + (", ".join(f"{k[len('news/errors/') :]} {v}" for k, v in sorted(errors.items())) or "none")
        )
        print(
            f"   then a cron run (the default mode): exit code {cron_code}, {cron.get('downloader/request_count', 0)} requests, "
            f"{cron.get('news/article_pages_done', 0)} article pages, stored {cron.get('news/stored/inserted', 0)}"
        )
    store = open_storage(db_url)
    print("== stored articles per outlet and section")
    for outlet, section, count in store.counts():
        print(f"   {outlet:12} {section or '(none)':24} {count}")
    rows = list(store.iter_articles())
    print(f"== {len(rows)} articles in {db_path}; a few of them:")
    for row in rows[:: max(1, len(rows) // 6)][:6]:
        print(f"   [{row['outlet']} {row['article_id']}] {row['published_at']}  {row['title'][:70]}")
        print(f"      {row['url'][:110]}")
    print("== run history (scrapy runs):")
    for line in runs.table(runs.history(store.engine)):
        print("   " + line)
    print(f'== inspect: sqlite3 {db_path} "select outlet, article_id, title from articles"')
    store.close()
    print(f"== WARC files of every response (scrapy warc verify {WARC_DIR.relative_to(ROOT)}):")
    for path in sorted(WARC_DIR.rglob("*.warc.gz")):
        print(f"   {path.relative_to(ROOT)}  {path.stat().st_size:,} bytes, index {path.name[: -len('.warc.gz')]}.cdxj")
    verify = subprocess.run(
        [sys.executable, "-m", "scrapy", "warc", "verify", str(WARC_DIR)],
        cwd=ROOT,
        env=dict(os.environ, NEWS_DB_URL=db_url),
        capture_output=True,
        text=True,
        check=False,
    )
    lines = (verify.stdout + verify.stderr).strip().splitlines()
    print("   " + (lines[-1] if lines else f"verify exited {verify.returncode}"))
    failed |= verify.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
