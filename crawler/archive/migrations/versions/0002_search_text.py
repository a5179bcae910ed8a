"""articles.search_text: title and body normalised for search; a GIN index on PostgreSQL.

The normalisation is the near-duplicate one (crawler/archive/neardup.py ``normalize``: hamza and
alef forms folded, diacritics and tatweel dropped, Arabic-Indic digits made ASCII, punctuation
made spaces), so a search for "اسرائيل" finds "إسرائيل". Existing rows are filled in batches.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    from crawler.archive.schema import SEARCH_INDEX_DDL
    from crawler.archive.storage import search_text

    bind = op.get_bind()
    if "search_text" not in {c["name"] for c in sa.inspect(bind).get_columns("articles")}:
        op.add_column("articles", sa.Column("search_text", sa.Text))
    table = sa.table(
        "articles", sa.column("id", sa.Integer), sa.column("title"), sa.column("body"), sa.column("search_text")
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(table.c.id, table.c.title, table.c.body)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        bind.execute(
            sa.update(table).where(table.c.id == sa.bindparam("row_id")).values(search_text=sa.bindparam("text")),
            [{"row_id": r.id, "text": search_text(r.title, r.body)} for r in rows],
        )
        last = rows[-1].id
    if bind.dialect.name == "postgresql":
        op.execute(SEARCH_INDEX_DDL)


def downgrade() -> None:
    from crawler.archive.schema import SEARCH_INDEX

    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
    op.drop_column("articles", "search_text")
