"""Real servers the tests start themselves: a private PostgreSQL cluster (Debian's ``postgresql``
package; ``initdb`` and ``pg_ctl`` as the ``postgres`` user when run as root, on a free loopback
port, in a temporary folder, never systemd).

``NEWS_TEST_PG_URL`` (``postgresql://user:pass@host:port/db``) points the tests at a server of
your own instead; the tests that stop and restart the server need the private one.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's programs (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl else None


class PostgresCluster:
    """One cluster: ``start``, ``stop(mode)``, ``url(database)``, ``create_database``."""

    USER = "news"

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="news-pg-"))
        self.datadir = self.root / "data"
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self.log = self.root / "server.log"
        self.owner = "postgres" if os.geteuid() == 0 else None
        self._databases = 0

    def _run(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        full = ["runuser", "-u", self.owner, "--", *cmd] if self.owner else list(cmd)
        return subprocess.run(full, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> PostgresCluster:
        os.chmod(self.root, 0o755)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self.owner:
            shutil.chown(self.root, self.owner)
            shutil.chown(pwfile, self.owner)
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-U",
            self.USER,
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        pwfile.unlink()
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        proc = self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {proc.stderr.strip()} {self.log.read_text()[-2000:]}")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "status", check=False).returncode == 0

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        return f"postgresql://{self.USER}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.USER, password=self.password, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql.encode())

    def create_database(self) -> str:
        self._databases += 1
        name = f"news_{os.getpid()}_{self._databases}"
        self.admin(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        for _ in range(20):
            try:
                self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                return
            except Exception:
                time.sleep(0.25)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class ExternalPostgres:
    """A server given by ``NEWS_TEST_PG_URL``: databases made and dropped on it, never stopped."""

    def __init__(self, url: str):
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self._databases = 0

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        url = self.base.set(database=database)
        if password:
            url = url.set(password=password)
        return url.render_as_string(hide_password=False)

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(self.base.database or "postgres"), autocommit=True) as conn:
            conn.execute(sql.encode())

    def create_database(self) -> str:
        self._databases += 1
        name = f"news_{os.getpid()}_{self._databases}"
        self.admin(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def destroy(self) -> None:
        pass


class RedisServer:
    """A private ``redis-server`` (Debian's) on a free loopback port, its data in a temporary
    folder. ``persist=True``: an append-only file, so a restart keeps the crawl's frontier."""

    def __init__(self, persist: bool = False):
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="news-test-redis-"))
        self.persist = persist
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        args = [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.dir)]
        args += ["--save", "", "--appendonly", "yes" if self.persist else "no", "--appendfsync", "always"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self, kill: bool = False) -> None:
        if self.proc is not None and self.proc.poll() is None:
            (self.proc.kill if kill else self.proc.terminate)()
            self.proc.wait(10)
        self.proc = None

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def redis_installed() -> bool:
    return bool(shutil.which("redis-server")) or Path("/usr/bin/redis-server").exists()
