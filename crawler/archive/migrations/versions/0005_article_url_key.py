"""articles.url_key: each article's URL comparison key, indexed with the outlet.

A cron run asks the archive whether the articles a discovery page lists are stored, by article id
and by URL in any of its forms (crawler/archive/known.py). The id has the unique index of
(outlet, article_id); the URL needs ``url_key`` (crawler/extract/urls.py: scheme, ``www.``,
tracking parameters, percent-encoding case and AMP paths folded) and the index
``ix_articles_outlet_url_key``, so the check is an index lookup at any archive size instead of a
map of every stored URL in memory. Existing rows are filled in batches (the key is Python's).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 1000
INDEX = "ix_articles_outlet_url_key"


def upgrade() -> None:
    from crawler.extract.urls import url_key

    bind = op.get_bind()
    if "url_key" not in {c["name"] for c in sa.inspect(bind).get_columns("articles")}:
        op.add_column("articles", sa.Column("url_key", sa.Text))
    table = sa.table("articles", sa.column("id", sa.Integer), sa.column("url"), sa.column("url_key"))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(table.c.id, table.c.url).where(table.c.id > last).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        bind.execute(
            sa.update(table).where(table.c.id == sa.bindparam("row_id")).values(url_key=sa.bindparam("key")),
            [{"row_id": r.id, "key": url_key(r.url)} for r in rows],
        )
        last = rows[-1].id
    if INDEX not in {i["name"] for i in sa.inspect(bind).get_indexes("articles")}:
        op.create_index(INDEX, "articles", ["outlet", "url_key"])


def downgrade() -> None:
    op.drop_index(INDEX, "articles")
    op.drop_column("articles", "url_key")
