"""Quoted sources on the replica fixtures, whose labels were written independently of the
extractor (tests/fixtures/expected/*.jsonl). Measured 2026-11-24: Orient News P 0.86 R 0.78,
Furat Post P 0.85 R 0.78 — below the corpus figures (bench/sources_eval.py); these floors
keep it from getting worse while it is improved."""

import pytest

from crawler.extract.sources import extract_quoted_sources, normalize_ar
from crawler.parsers.furat_post import OUTLET_NAMES as FURAT_NAMES
from crawler.parsers.orient_news import OrientParser
from tests.conftest import load_expected

FLOORS = {"orient_news": (0.85, 0.77), "furat_post": (0.84, 0.77)}
NAMES = {"orient_news": OrientParser.outlet_names, "furat_post": FURAT_NAMES}


@pytest.mark.parametrize("outlet", sorted(FLOORS))
def test_fixture_precision_and_recall_floor(outlet):
    tp = fp = fn = 0
    for record in load_expected(outlet).values():
        got = {
            normalize_ar(s["name"])
            for s in extract_quoted_sources(record["body"].split("\n\n"), record["lang"], NAMES[outlet])
        }
        want = {normalize_ar(n) for n in record["quoted_sources"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"{outlet}: precision {precision:.3f} recall {recall:.3f}")
    assert (precision, recall) >= FLOORS[outlet] and precision >= FLOORS[outlet][0] and recall >= FLOORS[outlet][1]
