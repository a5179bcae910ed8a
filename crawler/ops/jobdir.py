"""A Scrapy job directory (``-s JOBDIR=…``) that a killed run left behind.

Scrapy writes its disk queues' sizes only when a run closes cleanly; after a SIGKILL (an OOM
kill, a reboot) a queue file may be empty or claim no requests, so resuming from it loses
requests silently or fails on every one of them. This crawler does not need the queue to
resume: discovery is repeated and the database knows what is stored. So a job directory whose
last run did not close cleanly has its request queue moved aside (kept for inspection), and a
run that closes marks its directory clean.
"""

from __future__ import annotations

import time
from pathlib import Path

CLEAN = ".closed-cleanly"
QUEUE = "requests.queue"


def prepare(jobdir: str | Path) -> str | None:
    """Before a run: move an unclean run's request queue aside; the warning to log, or None."""
    root = Path(jobdir)
    marker, queue = root / CLEAN, root / QUEUE
    clean = marker.exists()
    marker.unlink(missing_ok=True)
    if clean or not queue.exists():
        return None
    aside = root / f"{QUEUE}.unclean-{time.strftime('%Y%m%dT%H%M%S')}"
    queue.rename(aside)
    return (
        f"the last run with JOBDIR={root} did not close cleanly: its request queue is moved to {aside.name} "
        "(discovery is repeated and stored articles are skipped, so nothing is lost)"
    )


def mark_clean(jobdir: str | Path) -> None:
    """After a run that closed (whatever its verdict): its queue can be trusted."""
    root = Path(jobdir)
    if root.is_dir():
        (root / CLEAN).touch()
