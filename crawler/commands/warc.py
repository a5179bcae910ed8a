"""``scrapy warc verify [DIR]``: check the WARC files under DIR (default ``NEWS_WARC_DIR``): every
record's digests, records cut short by a crash, each finished file's CDXJ index, and that every
article stored in the database (``NEWS_DB_URL``) has its page in a WARC file
(crawler/archive/warc_verify.py). One line per problem, naming the file and offset or the article,
then the totals. Exit 0 when all is well; 1 when something is damaged, unindexed or missing (or
the database cannot be read); 2 for usage (an unknown action, a DIR that does not exist)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive import warc_verify
from crawler.archive.known import iter_stored
from crawler.archive.storage import ARCHIVE_ERRORS, archive_error_line, db_url_from_env, opened
from crawler.ops.paths import project_path

ACTIONS = ("verify",)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "verify [DIR]"

    def short_desc(self) -> str:
        return "Verify the WARC files (digests, truncated records, indexes, every stored article's page)"

    def run(self, args, opts):
        if not args or len(args) > 2:
            return self.fail(2, "usage: scrapy warc verify [DIR]")
        if args[0] not in ACTIONS:
            return self.fail(2, f"unknown action {args[0]!r} (usage: scrapy warc verify [DIR])")
        assert self.settings is not None  # set by scrapy.cmdline before run
        given = args[1] if len(args) == 2 else self.settings.get("NEWS_WARC_DIR") or "data/warc"
        directory = project_path(given)
        if not directory.exists():
            return self.fail(2, f"{given}: no such folder (the WARC files are under NEWS_WARC_DIR, default data/warc)")
        from scrapy.spiderloader import get_spider_loader

        loader = get_spider_loader(self.settings)
        spiders = {name: loader.load(name)() for name in loader.list()}
        try:
            with opened(self.settings.get("NEWS_DB_URL") or db_url_from_env()) as store:
                report = warc_verify.verify(Path(directory), spiders, partial(iter_stored, store.engine))
        except ARCHIVE_ERRORS as exc:
            return self.fail(1, archive_error_line(exc))
        for line in report.lines():
            print(line)
        self.exitcode = 0 if report.ok else 1
        return None

    def fail(self, code: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = code
