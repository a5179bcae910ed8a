"""Stories across outlets: each group of copies gets one ``story_id``.

The dedupe step stores a near-duplicate with ``duplicate_of``, the canonical URL of the earliest
indexed record whose text it matches (pipelines/dedupe.py). Following those links (a copy of a
copy included, and copies of an original that is not stored, grouped by the URL they point at)
gives groups of records that carry the same text. A group's ``story_id`` is the earliest record's
``<outlet>/<article_id>`` (earliest published, in real time across offsets; ties by the order of
storing), so ``scrapy show <outlet> <article_id>`` opens it. A record that is nobody's copy and
has none is a story of its own: its ``story_id`` is its own ``<outlet>/<article_id>``.

Computed when read, never stored: a later copy, a backfill that finds an earlier original, or a
revision that clears ``duplicate_of`` changes the groups without any migration of the archive.
Only the records that take part in a copy (those with ``duplicate_of`` and those pointed at) are
loaded, a small share of the archive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, or_, select

from crawler.archive.schema import articles
from crawler.archive.types import ARTICLE_ZONE, to_moment

_LATEST = datetime.max.replace(tzinfo=UTC)


def story_key(outlet: str, article_id: str) -> str:
    return f"{outlet}/{article_id}"


@dataclass(frozen=True)
class Member:
    """One record of a story."""

    id: int
    outlet: str
    article_id: str
    url: str
    published_at: str | None
    title: str | None
    duplicate_of: str | None

    @property
    def key(self) -> str:
        return story_key(self.outlet, self.article_id)

    def order(self) -> tuple[datetime, int]:
        try:
            moment = to_moment(self.published_at, ARTICLE_ZONE)
        except ValueError:
            moment = None
        return (moment or _LATEST, self.id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "article_id": self.article_id,
            "url": self.url,
            "published_at": self.published_at,
            "title": self.title,
            "duplicate_of": self.duplicate_of,
        }


class Stories:
    """The groups of copies in an archive: ``story_id`` of any record, members of each story."""

    def __init__(self, members: Iterable[Member]):
        parent: dict[str, str] = {}

        def find(node: str) -> str:
            parent.setdefault(node, node)
            root = node
            while parent[root] != root:
                root = parent[root]
            while parent[node] != root:  # path compression
                parent[node], node = root, parent[node]
            return root

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra

        every = list(members)
        for member in every:
            union(f"a:{member.id}", f"u:{member.url}")
            if member.duplicate_of:
                union(f"a:{member.id}", f"u:{member.duplicate_of}")
        groups: dict[str, list[Member]] = {}
        for member in every:
            groups.setdefault(find(f"a:{member.id}"), []).append(member)
        #: story_id -> its members, earliest first (groups of two or more records only)
        self.groups: dict[str, list[Member]] = {}
        #: (outlet, article_id) -> story_id, for the records in those groups
        self._story_of: dict[tuple[str, str], str] = {}
        for found in groups.values():
            if len(found) < 2:
                continue  # a copy of a record that is not stored, alone: a story of its own
            found.sort(key=Member.order)
            story_id = found[0].key
            self.groups[story_id] = found
            for member in found:
                self._story_of[(member.outlet, member.article_id)] = story_id

    def story_id(self, outlet: str, article_id: str) -> str:
        return self._story_of.get((outlet, article_id)) or story_key(outlet, article_id)

    def __len__(self) -> int:
        return len(self.groups)

    def in_order(self) -> Iterator[tuple[str, list[Member]]]:
        """Every story of two or more records, by the first publication."""
        yield from sorted(self.groups.items(), key=lambda item: item[1][0].order())


def member_rows_query():
    """The records that take part in a copy: those with ``duplicate_of`` and those pointed at."""
    pointed_at = select(articles.c.duplicate_of).where(articles.c.duplicate_of.is_not(None))
    return or_(articles.c.duplicate_of.is_not(None), articles.c.url.in_(pointed_at))


def load(conn: Connection) -> Stories:
    """The stories of the archive ``conn`` is connected to."""
    columns = [getattr(articles.c, name) for name in Member.__dataclass_fields__]
    rows = conn.execute(select(*columns).where(member_rows_query()))
    return Stories(Member(**row._mapping) for row in rows)


def story_record(story_id: str, members: list[Member]) -> dict[str, Any]:
    """One line of ``scrapy export --stories``: who published first, then every member in order."""
    first = members[0]
    outlets = list(dict.fromkeys(m.outlet for m in members))
    return {
        "story_id": story_id,
        "size": len(members),
        "outlets": outlets,
        "first_outlet": first.outlet,
        "first_url": first.url,
        "first_published_at": first.published_at,
        "title": first.title,
        "members": [m.as_dict() for m in members],
    }


STORY_FIELDS = ["story_id", "size", "outlets", "first_outlet", "first_url", "first_published_at", "title", "members"]
