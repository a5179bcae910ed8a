"""What extracting one article page costs: our parsers beside trafilatura and a parsel floor, side by
side in one run (issue #16, part 4).

    python bench/extract_speed.py [--rounds 30] [--no-captured] [--profile]

Pages: every article page of the replica fixtures (tests/fixtures/sites/<outlet>/, written by
tests/fixtures/make_orient_news.py and make_furat_post.py: both Orient News templates, Furat Post's
WordPress pages), plus the captured article pages of ../shared/sites/ when they are there
(``NEWS_SHARED_SITES`` to point elsewhere; ``--no-captured`` to leave them out). AMP copies, listings
and feeds are not article pages and are not timed.

Three ways of reading each page, timed in the same rounds, in turn, on the same pages:

- ``ours``: what the spider does with a response: an ``HtmlResponse`` from the page's bytes and
  Content-Type, the page parsed from its text as the spider parses it (``page_selector``,
  crawler/parsers/base.py), the outlet's first matching template and its whole record
  (``ArticleParser.article()``: title, dates, authors, section, tags, images, body, videos,
  quoted sources). Our share spent in quoted-source extraction
  (``extract_quoted_sources``) is measured inside the same calls;
- ``trafilatura``: ``trafilatura.bare_extraction(html, url=…, with_metadata=True)`` on the decoded
  page (a general-purpose extractor with its metadata, for scale);
- ``floor``: ``parsel.Selector(text=html)`` and two selectors (the title and the paragraphs' text):
  the least any extraction over a parsed page costs.

The three take turns, round after round over all pages, in alternating order (after one warm-up
round each); a figure is the median over the rounds of a round's CPU time (this process's, so that
other work on the machine weighs less than on wall time) per page, in ms; ratios are to the floor.
Python's garbage collector stays on: what a reader allocates, it pays for in collections. It is set
up as in a crawl, for all three readers alike: after the warm-up the start-up heap is frozen
(``gc.collect(); gc.freeze()``, what crawler/ops/gc_tuning.py does when a crawl's engine starts),
thresholds left as Python's; ``--no-gc-freeze`` leaves it out. The target is ours within 5x of the
floor (printed as met or not; no exit code for it: the figures are for reading, never a timed
assertion). ``--profile`` adds where our time goes (cProfile, top functions by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsel import Selector  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402

from crawler.ops import gc_tuning  # noqa: E402
from crawler.parsers import base, furat_post, orient_news  # noqa: E402
from crawler.parsers.base import page_selector, pick_parser  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "sites"
SHARED_SITES = Path(os.environ.get("NEWS_SHARED_SITES", ROOT.parent / "shared" / "sites"))
TARGET = 5.0
OUTLETS = {
    "orient_news": (orient_news.TEMPLATES, orient_news.ORIGIN, orient_news.article_id_of),
    "furat_post": (furat_post.TEMPLATES, furat_post.ORIGIN, None),
}


@dataclass
class Page:
    outlet: str
    origin: str  # "replica" or "captured"
    url: str
    body: bytes
    content_type: str
    text: str = ""


def _is_article(outlet: str, path: str, file: str, page: bytes) -> bool:
    if outlet == "orient_news":
        return "/amp/" not in path and orient_news.article_id_of(path) is not None and "news_show" in path
    return b'class="entry-content' in page and b"<article" in page


def load_pages(folder: Path, outlet: str, origin: str) -> list[Page]:
    """The article pages a MANIFEST.tsv lists (status 200, HTML), each once (by its file)."""
    manifest = folder / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    host = OUTLETS[outlet][1]
    pages, seen = [], set()
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 4 or cols[1] != "200" or "html" not in cols[2] or cols[3] in seen:
            continue
        path, ctype, file = cols[0], cols[2], cols[3]
        raw = (folder / file).read_bytes()
        if not _is_article(outlet, unquote(urlsplit(path).path), file, raw):
            continue
        seen.add(file)
        pages.append(Page(outlet, origin, host + path, raw, ctype))
    return pages


def all_pages(captured: bool) -> list[Page]:
    pages: list[Page] = []
    for outlet in OUTLETS:
        pages += load_pages(FIXTURES / outlet, outlet, "replica")
        if captured:
            pages += load_pages(SHARED_SITES / outlet, outlet, "captured")
    for page in pages:  # decoded once, as Scrapy decodes it (header, meta, BOM, sniffing)
        page.text = HtmlResponse(url=page.url, body=page.body, headers={"Content-Type": page.content_type}).text
    return pages


# -- the three readers ---------------------------------------------------------------------------
def ours(page: Page):
    response = HtmlResponse(url=page.url, body=page.body, headers={"Content-Type": page.content_type})
    sel = page_selector(response)  # as the spider's parse_article
    return pick_parser(OUTLETS[page.outlet][0], sel)(sel, page.url).article()


def trafilatura_reader() -> Callable[[Page], object] | None:
    try:
        from trafilatura import bare_extraction
    except ImportError:
        return None

    def read(page: Page):
        return bare_extraction(page.text, url=page.url, with_metadata=True)

    return read


def floor(page: Page):
    sel = Selector(text=page.text)
    return sel.css("title::text").get(), sel.css("p ::text").getall()


class SourcesClock:
    """Time spent in ``extract_quoted_sources`` while ``ours`` runs (the parser module's name for it
    is wrapped, so the whole call counts and nothing else does)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.namespace = vars(base)  # the parsers' module: its name for the function is the one called
        self.original = self.namespace["extract_quoted_sources"]

    def __enter__(self):
        original = self.original

        def timed(*args, **kwargs):
            t0 = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - t0

        self.namespace["extract_quoted_sources"] = timed
        return self

    def __exit__(self, *exc) -> None:
        self.namespace["extract_quoted_sources"] = self.original


def one_round(reader: Callable[[Page], object], pages: list[Page]) -> float:
    """CPU seconds of this process for one pass of ``reader`` over the pages."""
    t0 = time.process_time()
    for page in pages:
        reader(page)
    return time.process_time() - t0


def measure(readers: dict[str, Callable[[Page], object]], pages: list[Page], rounds: int):
    """Per reader, the CPU seconds of each round over all pages (the readers take turns, round
    after round, in alternating order); and per round, the seconds ``ours`` spent in quoted-source
    extraction."""
    times: dict[str, list[float]] = {name: [] for name in readers}
    sources: list[float] = []
    names = list(readers)
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            if name == "ours":
                with SourcesClock() as clock:
                    times[name].append(one_round(readers[name], pages))
                sources.append(clock.seconds)
            else:
                times[name].append(one_round(readers[name], pages))
    return times, sources


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=30, help="timed rounds over all pages (after one warm-up)")
    ap.add_argument("--no-captured", action="store_true", help="replica fixture pages only")
    ap.add_argument("--profile", action="store_true", help="also print where our extraction spends its time")
    ap.add_argument(
        "--no-gc-freeze", action="store_true", help="do not freeze the start-up heap (the crawl does: NEWS_GC_FREEZE)"
    )
    args = ap.parse_args()

    pages = all_pages(captured=not args.no_captured)
    if not pages:
        print("extract_speed: no article pages found (run tests/fixtures/make_*.py)")
        return 1
    for page in pages:  # every page must parse: a failing page would time an exception
        ours(page)
    readers: dict[str, Callable[[Page], object]] = {"ours": ours, "floor": floor}
    traf = trafilatura_reader()
    if traf is not None:
        readers["trafilatura"] = traf
    counts: dict[str, int] = {}
    for page in pages:
        key = f"{page.outlet} ({page.origin})"
        counts[key] = counts.get(key, 0) + 1
    print(f"extract_speed: {len(pages)} article pages: " + ", ".join(f"{k} {v}" for k, v in counts.items()))

    for reader in readers.values():  # warm-up: imports, compiled patterns, caches
        one_round(reader, pages)
    # the collector as in a crawl (crawler/ops/gc_tuning.py), one setting for the whole process
    frozen = 0 if args.no_gc_freeze else gc_tuning.freeze()
    print(
        f"gc: on, thresholds {gc.get_threshold()}, "
        + (f"start-up heap frozen ({frozen} objects) as in a crawl" if frozen else "start-up heap not frozen")
        + ", the same for all three readers"
    )
    times, sources = measure(readers, pages, args.rounds)
    per_page = {name: statistics.median(t) / len(pages) * 1000 for name, t in times.items()}
    share = statistics.median(s / t for s, t in zip(sources, times["ours"], strict=True))
    src_ms = per_page["ours"] * share
    base_ms = per_page["floor"]
    print(f"rounds: {args.rounds} (CPU ms per page in the median round; ratio to the floor)")
    labels = {
        "floor": "parsel floor (parse + 2 selectors)",
        "ours": "ours (full record, as the spider)",
        "trafilatura": "trafilatura bare_extraction+metadata",
    }
    for name in ("floor", "ours", "trafilatura"):
        if name in per_page:
            print(f"  {labels[name]:<40} {per_page[name]:8.3f} ms   x{per_page[name] / base_ms:6.2f}")
    if "trafilatura" not in per_page:
        print("  trafilatura: not installed (pip install -r requirements.txt)")
    print(
        f"  quoted-source extraction: {src_ms:.3f} ms per page, {share:.0%} of ours; "
        f"ours without it {per_page['ours'] - src_ms:.3f} ms (x{(per_page['ours'] - src_ms) / base_ms:.2f})"
    )
    if "trafilatura" in per_page:
        print(f"  ours / trafilatura: {per_page['ours'] / per_page['trafilatura']:.2f}")
    ratio = per_page["ours"] / base_ms
    print(f"target: ours within {TARGET:g}x of the floor: x{ratio:.2f} — {'met' if ratio <= TARGET else 'NOT met'}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            one_round(ours, pages)
        profiler.disable()
        print("\nwhere ours spends its time (3 rounds, top 25 by own time):")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
