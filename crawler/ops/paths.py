"""One archive whatever the working directory: relative paths are the project's.

Every relative path the crawler is given — the SQLite file of ``NEWS_DB_URL`` (default
``sqlite:///data/news.db``), ``NEWS_SPOOL_DIR``, ``NEWS_LOCK_DIR``, ``NEWS_STATS_FILE``,
``NEWS_LOG_FILE``, Scrapy's ``JOBDIR`` (resumable backfills) and any other ``NEWS_*_DIR`` /
``NEWS_*_FILE`` setting — is taken relative to the project root (the folder of ``scrapy.cfg``),
never to the directory a command was started from: a crawl started in ``crawler/`` (Scrapy
finds ``scrapy.cfg`` upwards) writes into the same ``data/news.db`` and takes the same lock as
one started at the top.

``ProjectPathsAddon`` (settings ``ADDONS``) rewrites those settings to absolute paths in every
crawler's settings, including values given with ``-s``; the commands resolve what they read
themselves (``project_path``, ``project_db_url``). ``db_identity`` names the database a URL
points to, the same for every spelling of it (the run lock is keyed on it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError


def _find_root() -> Path:
    here = Path(__file__).resolve().parents[2]
    if (here / "scrapy.cfg").is_file():
        return here
    from scrapy.utils.conf import closest_scrapy_cfg

    found = closest_scrapy_cfg()
    return Path(found).parent if found else Path.cwd()


#: the project root: the folder of ``scrapy.cfg`` (this checkout)
PROJECT_ROOT = _find_root()

#: settings that hold a path: ``NEWS_<anything>_DIR`` and ``NEWS_<anything>_FILE``
PATH_SETTING = re.compile(r"^NEWS_\w+_(DIR|FILE)$")
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433, "oracle": 1521}


def project_path(path: str | os.PathLike[str]) -> Path:
    """``path`` if absolute (``~`` expanded), else the same path under the project root."""
    found = Path(path).expanduser()
    return found if found.is_absolute() else PROJECT_ROOT / found


def log_file(path: str | os.PathLike[str]) -> str:
    """``NEWS_LOG_FILE`` as Scrapy's ``LOG_FILE``: the project root's, its folder made."""
    found = project_path(path)
    found.parent.mkdir(parents=True, exist_ok=True)
    return str(found)


def _sqlite_file(url: URL) -> str | None:
    """The database file of an SQLite URL (None: in memory, or a ``file:`` URI left as given)."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def project_db_url(db_url: str) -> str:
    """The URL with a relative SQLite path made absolute under the project root (normalised:
    ``./`` and ``..`` resolved); any other URL unchanged."""
    try:
        url = make_url(db_url)
    except ArgumentError:
        return db_url  # not a URL: SQLAlchemy says so when it is opened
    database = _sqlite_file(url)
    if database is None:
        return db_url
    absolute = os.path.normpath(project_path(database))
    if absolute == database:
        return db_url
    return url.set(database=absolute).render_as_string(hide_password=False)


def db_identity(db_url: str) -> str:
    """The database a URL points to, the same for every spelling of it: ``sqlite:`` and the
    real absolute path of the file (symbolic links followed); for a server, the backend (not the
    driver), user, lower-case host, port (the default one spelled out) and database name, without
    password or options."""
    try:
        url = make_url(db_url)
    except ArgumentError:
        return db_url.strip()
    database = _sqlite_file(url)
    if database is not None:
        return "sqlite:" + os.path.realpath(project_path(database))
    backend = url.get_backend_name()
    if backend == "sqlite":
        return f"sqlite:{url.database or ':memory:'}"
    canonical = URL.create(
        backend,
        username=url.username,
        host=(url.host or "").lower() or None,
        port=url.port or DEFAULT_PORTS.get(backend),
        database=url.database,
    )
    return canonical.render_as_string(hide_password=True)


def resolve_settings(settings: Any) -> None:
    """Make the path settings of a Scrapy ``Settings`` absolute, each at its own priority."""
    names = [name for name in settings if PATH_SETTING.match(name)]
    for name in ["NEWS_DB_URL", "JOBDIR", *names]:
        value = settings.get(name)
        if not value or not isinstance(value, str | os.PathLike):
            continue
        resolved = project_db_url(str(value)) if name == "NEWS_DB_URL" else str(project_path(value))
        if resolved != value:
            settings.set(name, resolved, priority=settings.getpriority(name) or "project")


class ProjectPathsAddon:
    """Scrapy add-on: every crawler sees absolute paths (``resolve_settings``)."""

    def update_settings(self, settings: Any) -> None:
        resolve_settings(settings)
