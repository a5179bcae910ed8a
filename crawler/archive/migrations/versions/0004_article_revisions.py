"""article_revisions: every earlier version of every article, kept when it is stored again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crawler.archive.types import ARTICLE_ZONE, JSONText, Timestamp

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("article_revisions"):  # adopted with every table at head
        return
    op.create_table(
        "article_revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("outlet", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("fetched_url", sa.Text),
        sa.Column("lang", sa.String(8)),
        sa.Column("title", sa.Text),
        sa.Column("body", sa.Text),
        sa.Column("published_at", Timestamp(ARTICLE_ZONE)),
        sa.Column("published_at_raw", sa.Text),
        sa.Column("modified_at", Timestamp(ARTICLE_ZONE)),
        sa.Column("authors", JSONText),
        sa.Column("section", sa.Text),
        sa.Column("tags", JSONText),
        sa.Column("images", JSONText),
        sa.Column("videos", JSONText),
        sa.Column("quoted_sources", JSONText),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("template", sa.String(32)),
        sa.Column("scraped_at", Timestamp()),
        sa.Column("duplicate_of", sa.Text),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("first_seen_at", Timestamp()),
        sa.Column("updated_at", Timestamp()),
        sa.Column("superseded_at", Timestamp(), nullable=False),
        sa.Column("replaced_silently", sa.Integer, nullable=False),
        sa.UniqueConstraint("outlet", "article_id", "revision", name="uq_article_revisions_version"),
    )


def downgrade() -> None:
    op.drop_table("article_revisions")
