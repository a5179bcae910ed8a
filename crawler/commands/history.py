"""``scrapy history SPIDER ID|URL``: every stored version of one article, oldest first, with what
changed between consecutive versions (a word-level diff of title and body) and silent edits
(the text changed while the page's modified time did not) flagged (crawler/readers/history.py).

Exit 0; 1 when the article is not stored or the archive cannot be read; 2 for usage errors."""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive import lookup
from crawler.archive.storage import ARCHIVE_ERRORS, archive_error_line, db_url_from_env, opened
from crawler.readers.history import lines


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "SPIDER ID|URL"

    def short_desc(self) -> str:
        return "Every stored version of one article and a word-level diff between them"

    def run(self, args, opts):
        if len(args) != 2:
            return self.fail(2, "give a spider name and an article id or URL")
        name, key = args
        from scrapy.spiderloader import get_spider_loader

        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            spidercls = get_spider_loader(self.settings).load(name)
        except KeyError:
            return self.fail(2, f"unknown spider {name!r}")
        try:
            with opened(self.settings.get("NEWS_DB_URL") or db_url_from_env()) as store:
                id_of_url = getattr(spidercls, "article_id_of_url", lambda url: None)
                article_id = lookup.article_id_for(store, name, key, id_of_url)
                if article_id is None:
                    return self.fail(1, f"no stored {name} article for {key}")
                versions = store.revisions(name, article_id)
        except ARCHIVE_ERRORS as exc:
            return self.fail(1, archive_error_line(exc))
        print(f"{name} {article_id}: {len(versions)} version{'s' if len(versions) != 1 else ''}")
        for line in lines(versions):
            print(line)
        return None

    def fail(self, code: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = code
