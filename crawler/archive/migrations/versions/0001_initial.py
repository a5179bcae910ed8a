"""The archive as main wrote it before the migrations (a3e62d0), typed on PostgreSQL.

Creates what is missing and leaves what is there: on an empty database, every table; on an
archive made before the migrations (tables, no ``alembic_version``), only the tables and the
columns it lacks (``gone_articles.first_seen/tries/gone_at`` and ``runs.stats`` came late).

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crawler.archive.types import ARTICLE_ZONE, JSONText, Timestamp

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _tables() -> list[tuple[str, list, list]]:
    """(name, columns, table arguments) as of revision 0001."""
    return [
        (
            "articles",
            [
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
            ],
            [sa.UniqueConstraint("outlet", "article_id", name="uq_articles_outlet_article")],
        ),
        (
            "pages",
            [
                sa.Column("outlet", sa.String(64), primary_key=True),
                sa.Column("article_id", sa.String(64), primary_key=True),
                sa.Column("url", sa.Text, nullable=False),
                sa.Column("status", sa.Integer),
                sa.Column("encoding", sa.String(40)),
                sa.Column("content_type", sa.Text),
                sa.Column("fetched_at", Timestamp()),
                sa.Column("body_zlib", sa.LargeBinary),
            ],
            [],
        ),
        (
            "neardup_docs",
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("outlet", sa.String(64), nullable=False),
                sa.Column("article_id", sa.String(64), nullable=False),
                sa.Column("url", sa.Text, nullable=False),
                sa.Column("signature", sa.LargeBinary, nullable=False),
                sa.Column("words", sa.Integer),
                sa.Column("figures", sa.Text),
                sa.Column("duplicate_of", sa.Text),
                sa.Column("indexed_at", Timestamp()),
            ],
            [sa.UniqueConstraint("outlet", "article_id", name="uq_neardup_docs_outlet_article")],
        ),
        (
            "neardup_bands",
            [
                sa.Column("band", sa.SmallInteger, primary_key=True, autoincrement=False),
                sa.Column("band_hash", sa.BigInteger, primary_key=True, autoincrement=False),
                sa.Column(
                    "doc_id",
                    sa.Integer,
                    sa.ForeignKey("neardup_docs.id", ondelete="CASCADE"),
                    primary_key=True,
                    autoincrement=False,
                ),
            ],
            [],
        ),
        (
            "http_validators",
            [
                sa.Column("url", sa.Text, primary_key=True),
                sa.Column("etag", sa.Text),
                sa.Column("last_modified", sa.Text),
                sa.Column("updated_at", Timestamp()),
            ],
            [],
        ),
        (
            "gone_articles",
            [
                sa.Column("outlet", sa.String(64), primary_key=True),
                sa.Column("article_id", sa.String(300), primary_key=True),
                sa.Column("url", sa.Text),
                sa.Column("status", sa.Integer),
                sa.Column("seen_at", Timestamp()),
                sa.Column("first_seen", Timestamp()),
                sa.Column("tries", sa.Integer),
                sa.Column("gone_at", Timestamp()),
            ],
            [],
        ),
        (
            "quarantine",
            [
                sa.Column("outlet", sa.String(64), primary_key=True),
                sa.Column("article_id", sa.String(300), primary_key=True),
                sa.Column("url", sa.Text, nullable=False),
                sa.Column("fetched_url", sa.Text),
                sa.Column("reason", sa.Text, nullable=False),
                sa.Column("templates", JSONText),
                sa.Column("status", sa.Integer),
                sa.Column("encoding", sa.String(40)),
                sa.Column("content_type", sa.Text),
                sa.Column("first_seen_at", Timestamp(), nullable=False),
                sa.Column("last_seen_at", Timestamp(), nullable=False),
                sa.Column("times_seen", sa.Integer, nullable=False),
                sa.Column("body_zlib", sa.LargeBinary),
            ],
            [],
        ),
        (
            "runs",
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("spider", sa.String(64), nullable=False, index=True),
                sa.Column("mode", sa.String(32)),
                sa.Column("arguments", JSONText),
                sa.Column("started_at", Timestamp(), nullable=False, index=True),
                sa.Column("finished_at", Timestamp()),
                sa.Column("exit_code", sa.Integer),
                sa.Column("status", sa.String(16)),
                sa.Column("counts", JSONText),
                sa.Column("alarms", JSONText),
                sa.Column("stats", JSONText),
            ],
            [],
        ),
        (
            "todo",
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("outlet", sa.String(64), nullable=False, index=True),
                sa.Column("url", sa.Text, nullable=False),
                sa.Column("kind", sa.String(40), nullable=False),
                sa.Column("article_id", sa.String(300)),
                sa.Column("callback", sa.String(100), nullable=False),
                sa.Column("errback", sa.String(100)),
                sa.Column("meta", JSONText),
                sa.Column("reason", sa.Text),
                sa.Column("tries", sa.Integer, nullable=False),
                sa.Column("first_failed", Timestamp(), nullable=False),
                sa.Column("last_failed", Timestamp(), nullable=False),
                sa.Column("next_try", Timestamp(), nullable=False),
                sa.Column("given_up_at", Timestamp()),
            ],
            [sa.UniqueConstraint("outlet", "url", name="todo_outlet_url")],
        ),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for name, columns, extra in _tables():
        if not inspector.has_table(name):
            kwargs = {"sqlite_with_rowid": False} if name == "neardup_bands" else {}
            op.create_table(name, *columns, *extra, **kwargs)
            continue
        have = {c["name"] for c in inspector.get_columns(name)}
        for column in columns:
            if column.name not in have:  # came after the table's first release
                op.add_column(name, sa.Column(column.name, column.type, nullable=True))


def downgrade() -> None:
    for name, _columns, _extra in reversed(_tables()):
        op.drop_table(name)
