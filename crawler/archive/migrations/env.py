"""Alembic's environment for the archive: the connection ``crawler/archive/schema.py`` hands
over (``scrapy db upgrade``), or one made from ``sqlalchemy.url`` (the ``alembic`` command)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from crawler.archive.schema import include_name, metadata, repair_search_index

config = context.config


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE on SQLite: copy-and-move
        compare_type=True,
        include_name=include_name,  # not SQLite's FTS5 tables (raw DDL, not in the metadata)
    )
    with context.begin_transaction():
        context.run_migrations()
        repair_search_index(connection)  # a table recreated in batch mode lost the FTS5 triggers


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        run_with(conn)
    engine.dispose()
