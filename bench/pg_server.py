"""The PostgreSQL server the benches measure: ``NEWS_BENCH_PG_URL``, or a private cluster.

``NEWS_BENCH_PG_URL`` (``postgresql://user:pass@host:port/db``): the benches make their
databases on that server (the user needs ``CREATEDB``) and drop them at the end. Unset: a private
cluster of the installed PostgreSQL (tests/servers.py ``PostgresCluster``: Debian's programs, as
the ``postgres`` user when run as root, on a free loopback port, ``fsync=off``), destroyed at the
end. Neither: ``bench_postgres`` says so in one line and gives ``None`` (the SQLite half only).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from tests.servers import ExternalPostgres, PostgresCluster, postgres_bindir

ENV = "NEWS_BENCH_PG_URL"


class BenchPostgres:
    """Databases made for one bench on one server; ``close`` drops them (or the whole cluster)."""

    def __init__(self, server: PostgresCluster | ExternalPostgres, description: str):
        self.server = server
        self.description = description
        self._made: list[str] = []

    def database(self) -> str:
        """The URL of a new, empty database."""
        name = self.server.create_database()
        self._made.append(name)
        return self.server.url(name)

    def close(self) -> None:
        if isinstance(self.server, PostgresCluster):
            self.server.destroy()
            return
        for name in self._made:
            try:
                self.server.drop_database(name)
            except Exception as exc:  # a bench's leftovers are worth a line, not a traceback
                print(f"  could not drop the bench database {name}: {type(exc).__name__}")


def _server_version(server: PostgresCluster | ExternalPostgres) -> str:
    import psycopg

    with psycopg.connect(server.url()) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "?"


@contextmanager
def bench_postgres() -> Iterator[BenchPostgres | None]:
    """The server to measure, or ``None`` (one line printed) when there is none."""
    url = os.environ.get(ENV)
    if url:
        from sqlalchemy.engine import make_url

        external = ExternalPostgres(url)
        shown = make_url(url).render_as_string(hide_password=True)
        bench = BenchPostgres(external, f"PostgreSQL {_server_version(external)} at {shown} ({ENV})")
        try:
            yield bench
        finally:
            bench.close()
        return
    bindir = postgres_bindir()
    if bindir is None:
        print(f"PostgreSQL is not installed (no pg_ctl; apt-get install postgresql, or set {ENV}): SQLite only")
        yield None
        return
    cluster = PostgresCluster(bindir)
    bench = BenchPostgres(cluster, "")
    try:
        cluster.init()
        cluster.start()
        bench.description = (
            f"PostgreSQL {_server_version(cluster)}, a private cluster on 127.0.0.1:{cluster.port} "
            "(fsync=off, default memory settings)"
        )
        yield bench
    finally:
        bench.close()
