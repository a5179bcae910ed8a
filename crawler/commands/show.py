"""``scrapy show SPIDER ID|URL [--raw]``: one stored article, seen whole: the record as stored
(with its revision, first seen and last updated), or with ``--raw`` the raw page behind it
(bytes as fetched, on stdout). A page that is not stored but quarantined says why. Exit 0;
1 when nothing is stored under that id or URL; 2 for usage."""

from __future__ import annotations

import json
import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive import lookup
from crawler.archive.storage import ARCHIVE_ERRORS, archive_error_line, db_url_from_env, opened
from crawler.ops import quarantine


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "SPIDER ID|URL [--raw]"

    def short_desc(self) -> str:
        return "Print one stored article (its record, or --raw its stored page)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--raw", action="store_true", help="print the stored raw page instead of the record")

    def run(self, args, opts):
        if len(args) != 2:
            return self.fail(2, "give a spider name and an article id or URL")
        name, key = args
        from scrapy.spiderloader import get_spider_loader

        assert self.settings is not None
        try:
            spidercls = get_spider_loader(self.settings).load(name)
        except KeyError:
            return self.fail(2, f"unknown spider {name!r}")
        try:
            with opened(self.settings.get("NEWS_DB_URL") or db_url_from_env()) as store:
                id_of_url = getattr(spidercls, "article_id_of_url", lambda url: None)  # a NewsSpider's
                article_id = lookup.article_id_for(store, name, key, id_of_url)
                if article_id is None:
                    held = [r for r in quarantine.rows(store.engine, name) if key in (r["article_id"], r["url"])]
                    why = f"; quarantined: {held[0]['reason']}" if held else ""
                    return self.fail(1, f"no stored {name} article for {key}{why}")
                if opts.raw:
                    found = lookup.raw_page(store, name, article_id)
                    if found is None:
                        return self.fail(1, f"no raw page stored for {name} {article_id}")
                    sys.stdout.buffer.write(found[0])
                    sys.stdout.flush()
                    return None
                row = lookup.record(store, name, article_id)
        except ARCHIVE_ERRORS as exc:
            return self.fail(1, archive_error_line(exc))
        print(json.dumps(row, ensure_ascii=False, indent=1, sort_keys=True))
        return None

    def fail(self, code: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = code
