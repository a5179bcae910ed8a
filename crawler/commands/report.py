"""``scrapy report -o report.html``: one self-contained HTML file about the archive (plots as inline
SVG, no network needed to open it): articles per month per outlet with the gaps, field coverage
per outlet × template, the most quoted sources, stories across outlets, the last runs
(crawler/readers/report.py). Written under a temporary name and renamed when complete. Exit 0; 1
when the archive cannot be read; 2 for usage errors."""

from __future__ import annotations

import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive.storage import archive_error_line
from crawler.commands import _reader
from crawler.ops.lock import safe_url
from crawler.readers import records
from crawler.readers.export import AtomicFile
from crawler.readers.records import ReaderError
from crawler.readers.report import render


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "-o FILE.html"

    def short_desc(self) -> str:
        return "Write an HTML report of the archive (plots inline, opens offline)"

    def add_options(self, parser):
        super().add_options(parser)
        _reader.one_line_errors(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="the HTML file to write")

    def run(self, args, opts):
        _reader.no_stray_arguments(args)
        if not opts.output:
            _reader.usage_exit("give -o FILE.html")
        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            target = AtomicFile(opts.output)
        except ReaderError as exc:
            _reader.usage_exit(str(exc))
        _reader.terminate_as_interrupt()
        url = _reader.archive_url(self.settings)
        try:
            with target:
                store = records.open_archive(url)
                try:
                    with store.engine.connect() as conn:
                        page = render(conn, store.engine, archive=safe_url(url))
                finally:
                    store.close()
                target.file.write(page.encode("utf-8"))
        except KeyboardInterrupt:
            print("error: interrupted; nothing written", file=sys.stderr)
            self.exitcode = 130
            return
        except records.READ_ERRORS as exc:
            print(f"error: {archive_error_line(exc)}", file=sys.stderr)
            self.exitcode = 1
            return
        except records.CorruptRecord as exc:
            print(f"error: {exc}; nothing written", file=sys.stderr)
            self.exitcode = 1
            return
        except OSError as exc:
            print(f"error: writing {opts.output} failed: {exc.strerror or exc}; nothing written", file=sys.stderr)
            self.exitcode = 1
            return
        print(f"report written to {opts.output}", file=sys.stderr)
        return
