"""Does the archive on disk hold what the database says? (``scrapy warc verify [DIR]``)

``verify`` reads every ``.warc.gz`` file under a folder (crawler/archive/warc.py) and reports:

- **damaged** records: a digest that does not match (``WARC-Block-Digest``/``WARC-Payload-Digest``),
  a record cut short (a crash mid-write: its gzip member has no end) or bytes that are no record;
- **unindexed** files: a finished file without its CDXJ index (left by a run that was killed; the
  next crawl of that outlet indexes it), or an index that does not list the file's responses;
- **missing** articles: stored in the database, but no response in the WARC files holds their page
  (matched by article id, or by URL for a page requested under its URL only), for each outlet
  whose folder is verified (the folder named after one outlet: that outlet; else every outlet);
- files a running crawl is writing are read but their last record is not judged (``writing``).

The pages an outlet's records hold are the spider's business (``NewsSpider.warc_pages``: an
article page, or each post of an API answer), so verify and ``scrapy reparse --from-warc`` agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.archive import warc
from crawler.extract.urls import url_key


@dataclass
class Report:
    directory: Path
    files: list[Path] = field(default_factory=list)
    records: int = 0
    responses: int = 0
    damaged: list[warc.Damage] = field(default_factory=list)
    unindexed: list[str] = field(default_factory=list)
    writing: list[Path] = field(default_factory=list)
    #: outlet → stored articles checked / missing (article id, URL)
    checked: dict[str, int] = field(default_factory=dict)
    missing: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.damaged or self.unindexed or any(self.missing.values()))

    def lines(self) -> list[str]:
        """One line per problem, then the totals."""
        out = [f"DAMAGED {d}" for d in self.damaged]
        out += [f"UNINDEXED {line}" for line in self.unindexed]
        for outlet, gone in sorted(self.missing.items()):
            out += [
                f"MISSING {outlet} {article_id} {url}: stored, but no page in the WARC files"
                for article_id, url in gone
            ]
        out += [
            f"note: {path} is being written by a running crawl (its last record not judged)" for path in self.writing
        ]
        for outlet, gone in sorted(self.missing.items()):
            if gone:
                out.append(
                    f"{outlet}: {len(gone)} of {self.checked[outlet]} stored articles have no page in the WARC files "
                    f"(fetched before WARC was on, or with NEWS_WARC=0?): scrapy crawl {outlet} -a refresh=stored "
                    "fetches them again"
                )
        checked = ", ".join(f"{o} {n}" for o, n in sorted(self.checked.items())) or "none"
        out.append(
            f"{len(self.files)} WARC files under {self.directory}: {self.records} records ({self.responses} responses), "
            f"digests checked; stored articles checked: {checked} — "
            + (
                "OK"
                if self.ok
                else f"FAILED ({len(self.damaged)} damaged, {len(self.unindexed)} unindexed, "
                f"{sum(len(v) for v in self.missing.values())} missing)"
            )
        )
        return out


def outlets_of(directory: Path, names: Iterable[str]) -> list[str]:
    """The outlets whose stored articles a folder must hold: the one it is named after (``data/warc/
    orient_news``), else every one."""
    names = sorted(names)
    return [directory.name] if directory.name in names else names


def verify(directory: Path, spiders: Mapping[str, Any], stored: Callable[[str], Iterable[dict]]) -> Report:
    """Check the WARC files under ``directory`` (see the module). ``spiders``: outlet → a spider
    instance (its ``warc_pages``); ``stored(outlet)``: that outlet's stored articles (``article_id``,
    ``url``), read as they come (crawler/archive/known.py ``iter_stored``: one batch in memory at a
    time, however large the archive)."""
    report = Report(directory, files=warc.warc_files(directory))
    held_ids: dict[str, set[str]] = {}
    held_urls: dict[str, set[str]] = {}
    for path in report.files:
        live = warc.being_written(path)
        if live:
            report.writing.append(path)
        damage: list[warc.Damage] = []
        responses: list[warc.Record] = []
        for record in warc.iter_file(path, check_digests=True, damage=damage):
            report.records += 1
            if record.type != "response":
                continue
            report.responses += 1
            responses.append(record)
            spider = spiders.get(record.fields.get("News-Outlet", ""))
            if spider is None:
                continue
            for page in spider.warc_pages(record):
                held_ids.setdefault(spider.name, set()).add(str(page["article_id"]))
                held_urls.setdefault(spider.name, set()).add(url_key(page["url"]))
            record.payload = b""
        if live:  # a record being appended may look cut short: only the last one can
            damage = [d for d in damage if d.kind != "truncated"]
        report.damaged += damage
        if not live:
            problem = index_problem(path, responses)
            if problem:
                report.unindexed.append(f"{path}: {problem}")
    for outlet in outlets_of(directory, spiders):
        ids, urls = held_ids.get(outlet, set()), held_urls.get(outlet, set())
        checked, missing = 0, []
        for row in stored(outlet):
            checked += 1
            url = row.get("url") or ""
            if str(row["article_id"]) not in ids and url_key(url) not in urls:
                missing.append((str(row["article_id"]), url))
        if checked:
            report.checked[outlet] = checked
            report.missing[outlet] = sorted(missing)
    return report


def index_problem(path: Path, responses: list[warc.Record]) -> str:
    """Why a finished file's CDXJ index is not what it must be ("" when it is)."""
    if not warc.index_path(path).exists():
        return f"no CDXJ index ({warc.index_path(path).name}): left unfinished by a run that stopped; the next crawl of that outlet indexes it"
    try:
        listed = {(int(e["offset"]), e["digest"]) for e in warc.read_index(path)}
    except (OSError, ValueError, KeyError) as exc:
        return f"its CDXJ index cannot be read ({type(exc).__name__})"
    held = {(e.offset, e.digest.split(":", 1)[-1]) for e in warc.index_entries(responses)}
    if listed != held:
        return f"its CDXJ index lists {len(listed - held)} responses the file does not hold and misses {len(held - listed)}"
    return ""
