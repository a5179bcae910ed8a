"""Full-text search on SQLite (FTS5 over articles.search_text) and an index on published_at.

SQLite: ``articles_fts``, an FTS5 table with external content (the normalised text stays in
``articles.search_text``, revision 0002; the index holds the terms, rowid = ``articles.id``), its
three triggers (insert, update of ``search_text``, delete), and the index filled from the
existing rows. PostgreSQL: nothing for search (the GIN index over ``to_tsvector('simple',
search_text)`` of 0002 serves it). Both: ``ix_articles_published_at`` (publication windows and
chronological exports). The DDL is crawler/archive/schema.py's, which a new archive gets too.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PUBLISHED_INDEX = "ix_articles_published_at"


def upgrade() -> None:
    from crawler.archive.schema import SEARCH_FTS, SEARCH_FTS_DDL

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SEARCH_FTS_DDL:
            op.execute(statement)
        op.execute(f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}) VALUES ('rebuild')")
    # made already when the archive was adopted with every table at head (pre-migrations)
    if PUBLISHED_INDEX not in {i["name"] for i in sa.inspect(bind).get_indexes("articles")}:
        op.create_index(PUBLISHED_INDEX, "articles", ["published_at"])


def downgrade() -> None:
    from crawler.archive.schema import SEARCH_FTS, SEARCH_FTS_TRIGGERS

    op.drop_index(PUBLISHED_INDEX, "articles")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in SEARCH_FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {SEARCH_FTS}")
