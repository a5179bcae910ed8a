"""``scrapy export -o FILE|- [--format jsonl|csv|parquet] [filters]``: the whole stored archive
(not only what one run stored) as JSONL, CSV or Parquet (crawler/readers/export.py), or with
``--stories`` one line per story of copies across outlets with its members.

Filters combine: ``--outlet`` (repeatable), ``--since/--until`` (publication days, Damascus time,
inclusive), ``--lang``, ``--section`` (repeatable), ``--search TEXT`` (the full-text index of
``scrapy search``), ``--source NAME`` (articles that quote or credit that source),
``--no-duplicates`` (leave out copies of another record). ``--fields a,b,…`` picks and orders the
fields; ``--excel`` adds the byte-order mark Excel needs for Arabic in a CSV.

A progress bar with ETA is drawn on stderr when it is a terminal, never when piped. The file is
written beside the target under a temporary name and renamed when complete: a failed or
interrupted export leaves nothing under the requested name. Exit 0; 1 when the archive cannot be
read or the file cannot be completed; 2 for usage errors (one line, before anything is read)."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from crawler.archive.storage import archive_error_line
from crawler.commands import _reader
from crawler.readers import records
from crawler.readers.export import FORMATS, AtomicFile, ExportError, format_for, write
from crawler.readers.stories import STORY_FIELDS


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "-o FILE|- [--format jsonl|csv|parquet] [--stories] [--outlet NAME] [--since DAY] [--until DAY] [...]"

    def short_desc(self) -> str:
        return "Export the stored archive (or its stories) as JSONL, CSV or Parquet, with filters"

    def add_options(self, parser):
        super().add_options(parser)
        _reader.one_line_errors(parser)
        add = parser.add_argument
        add("-o", "--output", metavar="FILE", help="the file to write, or - for stdout")
        add("--format", default=None, help=f"{' | '.join(FORMATS)} (default: from FILE's extension; jsonl for -)")
        add("--fields", default=None, help="the fields to write, comma-separated, in that order (default: all)")
        add("--excel", action="store_true", help="CSV: start with the UTF-8 byte-order mark Excel needs for Arabic")
        add("--stories", action="store_true", help="one line per story of copies across outlets, with its members")
        add("--outlet", action="append", default=[], metavar="NAME", help="only this outlet (repeatable)")
        add("--since", default=None, metavar="YYYY-MM-DD", help="published on or after this day (Damascus time)")
        add("--until", default=None, metavar="YYYY-MM-DD", help="published on or before this day (Damascus time)")
        add("--lang", action="append", default=[], metavar="CODE", help="only this language: ar, en (repeatable)")
        add("--section", action="append", default=[], metavar="NAME", help="only this section (repeatable)")
        add("--search", default=None, metavar="TEXT", help="only articles matching TEXT (as scrapy search)")
        add("--source", default=None, metavar="NAME", help="only articles that quote or credit this source")
        add("--no-duplicates", action="store_true", help="leave out records that are copies of another")

    def run(self, args, opts):
        _reader.no_stray_arguments(args)
        assert self.settings is not None  # set by scrapy.cmdline before run
        try:
            if not opts.output:
                raise records.ReaderError("give -o FILE (or -o - for stdout)")
            fmt = format_for(opts.output, opts.format)
            if opts.excel and fmt != "csv":
                raise records.ReaderError("--excel is for CSV only")
            if opts.stories and (opts.fields or opts.no_duplicates):
                raise records.ReaderError("--stories writes whole stories: no --fields nor --no-duplicates")
            fields = STORY_FIELDS if opts.stories else records.EXPORT_FIELDS
            if opts.fields:
                fields = records.check_fields(opts.fields.split(","))
            filters = records.Filters.parse(
                outlets=opts.outlet,
                since=opts.since,
                until=opts.until,
                langs=opts.lang,
                sections=opts.section,
                search=opts.search,
                source=opts.source,
                no_duplicates=opts.no_duplicates,
                known_outlets=_reader.known_outlets(self.settings),
            )
            to_stdout = opts.output == "-"
            target = nullcontext(None) if to_stdout else AtomicFile(opts.output)
        except records.ReaderError as exc:
            _reader.usage_exit(str(exc))
        _reader.terminate_as_interrupt()
        url = _reader.archive_url(self.settings)
        try:
            with target as atomic:
                out = sys.stdout.buffer if atomic is None else atomic.file
                written = self.export(url, out, fmt, fields, filters, opts.stories, opts.excel, to_stdout)
        except BrokenPipeError:
            _reader.quiet_broken_pipe()
            self.exitcode = 1
            return None
        except KeyboardInterrupt:
            print("error: interrupted; nothing written", file=sys.stderr)
            self.exitcode = 130
            return None
        except records.READ_ERRORS as exc:
            return self.fail(archive_error_line(exc))
        except (ExportError, records.CorruptRecord) as exc:
            return self.fail(f"{exc}; nothing written")
        except OSError as exc:
            return self.fail(f"writing {opts.output} failed: {exc.strerror or exc}; nothing written")
        what = "stories" if opts.stories else "records"
        print(f"exported {written} {what} to {'stdout' if to_stdout else opts.output} ({fmt})", file=sys.stderr)
        return None

    def export(self, url: str, out, fmt: str, fields, filters, stories: bool, excel: bool, to_stdout: bool) -> int:
        store = records.open_archive(url)
        try:
            with store.engine.connect() as conn:
                if stories:
                    items: Any = list(records.iter_stories(conn, filters))
                    total = len(items)
                else:
                    total = records.count(conn, filters) if self.show_progress(to_stdout) else 0
                    items = records.iter_records(conn, filters, fields)
                bar = self.progress_bar(total, to_stdout)
                try:
                    return write(items, out, fmt, fields, excel=excel, tick=None if bar is None else bar.update)
                finally:
                    if bar is not None:
                        bar.close()
        finally:
            store.close()

    @staticmethod
    def show_progress(to_stdout: bool) -> bool:
        """On a terminal only: stderr must be one, and the records must not be going to it."""
        return sys.stderr.isatty() and not (to_stdout and sys.stdout.isatty())

    def progress_bar(self, total: int, to_stdout: bool):
        if not self.show_progress(to_stdout):
            return None
        from tqdm import tqdm

        return tqdm(total=total, unit=" records", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def fail(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = 1
