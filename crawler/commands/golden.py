"""``scrapy golden SPIDER SOURCE``: keep a page as a golden fixture with the record our parsers
extract from it; ``scrapy golden SPIDER --regenerate``: re-extract every golden page of the
outlet after a parser change and rewrite the records, listing the fields that changed.

SOURCE is an http(s) URL (fetched with our User-Agent) or a file (then ``--url`` gives the
outlet's real URL of the page). The printed fields are for review: a record is kept as a test
only after a human has read it. Library code: ``crawler/ops/golden.py``.

Exit codes: 0 done; 1 a page does not parse (it is saved all the same) or could not be fetched;
2 usage error (unknown spider, missing SOURCE, no such file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import unquote

from scrapy.commands import ScrapyCommand

from crawler.ops import golden

DEFAULT_DIR = "tests/fixtures/golden"
WIDTH = 80


def short(value) -> str:
    """A field's value on part of one line: enough to see at a glance whether it is right."""
    if value in (None, "", [], {}):
        return "(empty)"
    if isinstance(value, list):
        text = f"[{len(value)}] " + " | ".join(
            json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value
        )
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        return unquote(value)  # whole and readable: a URL's tail is what a reviewer checks
    elif isinstance(value, str) and "\n\n" in value:
        text = f"[{value.count(chr(10) * 2) + 1} paragraphs] " + " ".join(value.split())
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # no crawl: and no Scrapy start-up log around the review lines

    def syntax(self) -> str:
        return "SPIDER SOURCE [--name NAME] [--url REAL_URL] [--dir DIR] | SPIDER --regenerate [--dir DIR]"

    def short_desc(self) -> str:
        return "Save a page and its extracted record as a golden fixture, or regenerate the records"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--name", help="file name without extension (default: TEMPLATE-ARTICLE_ID)")
        parser.add_argument("--url", help="the outlet's real URL of the page (required for a file)")
        parser.add_argument("--dir", default=DEFAULT_DIR, help=f"golden folder (default: {DEFAULT_DIR})")
        parser.add_argument(
            "--regenerate",
            action="store_true",
            help="re-extract every saved page of the outlet and rewrite changed records",
        )

    def fail(self, code: int, message: str) -> None:
        print(f"golden: {message}", file=sys.stderr)
        self.exitcode = code

    def run(self, args, opts):
        want = 1 if opts.regenerate else 2
        if len(args) != want:
            return self.fail(
                2,
                "--regenerate takes SPIDER only, no SOURCE"
                if opts.regenerate
                else "give SPIDER and SOURCE (a URL or a file); or SPIDER --regenerate",
            )
        try:
            spider = golden.spider_for(args[0], self.settings)
        except KeyError:
            return self.fail(2, f"unknown spider {args[0]!r}")
        if opts.regenerate:
            return self.regenerate(spider, Path(opts.dir))
        try:
            result = golden.save_golden(spider, args[1], name=opts.name, url=opts.url, folder=Path(opts.dir))
        except (FileNotFoundError, ValueError) as exc:
            return self.fail(2, str(exc))
        except golden.FetchError as exc:
            return self.fail(1, str(exc))
        if not result.ok:
            return self.fail(
                1,
                f"{result.page} saved, but it does not parse ({result.error}); "
                f"add a parser, then: scrapy golden {spider.name} --regenerate",
            )
        record = result.record
        assert record is not None  # result.ok: the page parsed into a record
        print(f"saved {result.page}  template={record['template']}  article_id={record['article_id']}")
        for key, value in record.items():
            print(f"  {key:17} {short(value)}")
        return None

    def regenerate(self, spider, folder: Path) -> None:
        changes = golden.regenerate(spider, folder)
        for change in changes:
            if not change.ok:
                print(f"does not parse {change.page}: {change.error}")
            elif change.changed:
                assert change.record is not None  # a change is always computed against a new record
                print(
                    f"changed {change.page}  template={change.record['template']}  "
                    f"article_id={change.record['article_id']}: {', '.join(change.fields)}"
                )
                for key, (old, new) in change.fields.items():
                    print(f"  {key:17} {short(old)}  →  {short(new)}")
        failed = sum(not c.ok for c in changes)
        print(
            f"{len(changes)} golden pages of {spider.name} in {folder}: "
            f"{sum(c.changed for c in changes)} changed, {failed} do not parse"
        )
        if failed:
            self.exitcode = 1
