"""The environment the project's own commands run with in tests and benches, as a user starts them:
``scrapy crawl`` and the other ``scrapy`` commands in a real subprocess, each run's files (spool,
WARC, locks, stats) in a folder of its own so that runs never see each other's."""

from __future__ import annotations

import os
from pathlib import Path


def crawl_env(
    db_url: str,
    folder: Path,
    tag: str = "",
    *,
    level: str = "INFO",
    stats: Path | None = None,
    locks: bool = True,
    **extra: str,
) -> dict[str, str]:
    """``os.environ`` with the archive (``db_url``) and this run's files under ``folder``: ``spool``,
    ``warc`` and ``locks`` (``spool-TAG`` … with a ``tag``, for runs sharing a folder); ``stats``
    names the stats file; ``locks=False`` leaves the run lock in its default place (the lock's name
    holds the archive's, so runs on different archives never meet). ``NEWS_REDIS_URL`` is not
    inherited: a run is a distributed worker only when ``extra`` says so. ``extra`` adds or
    overrides variables."""
    suffix = f"-{tag}" if tag else ""
    env = {key: value for key, value in os.environ.items() if key != "NEWS_REDIS_URL"}
    env.update(
        NEWS_DB_URL=db_url,
        NEWS_SPOOL_DIR=str(folder / f"spool{suffix}"),
        NEWS_WARC_DIR=str(folder / f"warc{suffix}"),
        NEWS_LOG_LEVEL=level,
    )
    if locks:
        env["NEWS_LOCK_DIR"] = str(folder / f"locks{suffix}")
    if stats is not None:
        env["NEWS_STATS_FILE"] = str(stats)
    env.update(extra)
    return env
