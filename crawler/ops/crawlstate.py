"""What the crawler remembers between runs besides the articles themselves, in the same
database: HTTP validators of discovery pages (``http_validators``) and listed articles that
answered 404 (``gone_articles``: deleted articles stay listed in sitemaps; a cron run does not
fetch them again, a full run, a backfill or a refresh does)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, select

from crawler.archive.storage import now_iso

metadata = MetaData()

http_validators = Table(
    "http_validators",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("updated_at", String(40)),
)

gone_articles = Table(
    "gone_articles",
    metadata,
    Column("outlet", String(64), primary_key=True),
    Column("article_id", String(300), primary_key=True),
    Column("url", Text),
    Column("status", Integer),
    Column("seen_at", String(40)),
)


def ensure(engine) -> None:
    metadata.create_all(engine)


def load_validators(engine) -> dict[str, tuple[str | None, str | None]]:
    ensure(engine)
    with engine.connect() as conn:
        return {r.url: (r.etag, r.last_modified) for r in conn.execute(select(http_validators))}


def save_validators(engine, seen: dict[str, tuple[str | None, str | None]]) -> None:
    ensure(engine)
    stamp = now_iso()
    with engine.begin() as conn:
        for url, (etag, last_modified) in seen.items():
            conn.execute(http_validators.delete().where(http_validators.c.url == url))
            conn.execute(
                http_validators.insert().values(url=url, etag=etag, last_modified=last_modified, updated_at=stamp)
            )


def load_gone(engine, outlet: str) -> set[str]:
    ensure(engine)
    with engine.connect() as conn:
        return {
            r.article_id
            for r in conn.execute(select(gone_articles.c.article_id).where(gone_articles.c.outlet == outlet))
        }


def mark_gone(engine, outlet: str, article_id: str, url: str, status: int) -> None:
    ensure(engine)
    with engine.begin() as conn:
        conn.execute(
            gone_articles.delete().where(gone_articles.c.outlet == outlet, gone_articles.c.article_id == article_id)
        )
        conn.execute(
            gone_articles.insert().values(
                outlet=outlet, article_id=article_id, url=url, status=status, seen_at=now_iso()
            )
        )


def forget_gone(engine, outlet: str, article_id: str) -> None:
    ensure(engine)
    with engine.begin() as conn:
        conn.execute(
            gone_articles.delete().where(gone_articles.c.outlet == outlet, gone_articles.c.article_id == article_id)
        )
