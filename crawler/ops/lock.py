"""One run at a time per spider and database.

An exclusive ``flock`` on ``<NEWS_LOCK_DIR>/<spider>-<hash of the database>.lock``, held for the
life of the process: the kernel releases it when the process ends, even on SIGKILL, so a crashed
run never leaves a stale lock behind. The file records the holder's pid and start time, for the
message the second run prints.

The hash is of the database's identity (crawler/ops/paths.py ``db_identity``), not of the URL's
text: ``sqlite:///data/news.db``, ``sqlite:///./data/news.db`` and the absolute
``sqlite:////…/data/news.db`` are one database and one lock, from whatever directory the run
starts (a relative ``NEWS_LOCK_DIR`` is the project root's, too); for a server database, the
driver, the password and the options do not count.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from typing import TextIO

from crawler.ops.paths import db_identity, project_db_url, project_path

EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; try again later


def safe_url(db_url: str) -> str:
    """The database URL with its password masked, for messages and the run history."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: say nothing of it
        return "(database URL)"


class LockedError(RuntimeError):
    pass


class RunLock:
    def __init__(self, spider: str, db_url: str, lock_dir: str | os.PathLike[str] = "data/locks"):
        digest = hashlib.sha1(db_identity(db_url).encode("utf-8")).hexdigest()[:12]
        self.path = project_path(lock_dir) / f"{spider}-{digest}.lock"
        self.spider = spider
        self.db_url = project_db_url(db_url)
        self.fh: TextIO | None = None

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the life of the run: it is the lock
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            fh.close()
            raise LockedError(
                f"another {self.spider} run holds {self.path} ({holder}) for {safe_url(self.db_url)}"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
        fh.flush()
        self.fh = fh
        return self

    def release(self) -> None:
        if self.fh is not None:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None
