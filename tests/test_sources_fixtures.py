"""Quoted sources on the replica fixtures, whose labels were written independently of the
extractor (tests/fixtures/expected/*.jsonl), names only.

Those labels predate the labelling guidelines (tests/fixtures/sources/blind/GUIDELINES.md) the
extractor now follows for name spans: an anonymous source keeps its qualifiers ("مصادر محلية في
دمشق"), an unbracketed outlet its type word ("وكالة رويترز"), and an English name drops its
leading article. So a found name matches a labelled one when their matching keys
(``registry._name_key``: normalised, case folded, leading article dropped) are equal or one is
the other plus words before or after it; each label matches at most one name.

Measured 2026-11-24 with exact normalised names: Orient News P 0.86 R 0.78, Furat Post P 0.85 R
0.78. With this matching, before issue #16: Orient News P 0.97 R 0.88, Furat Post P 0.93 R 0.85;
after it: Orient News P 0.99 R 0.96, Furat Post P 0.97 R 0.93. After part 2, round 2 (2026-12-02):
Orient News P 0.986 R 0.986 (one label, "The Education Directorate in Idlib announced the
suspension of classes", is a performative announcement the guidelines exclude), Furat Post P 0.966
R 0.949. The floors keep it from getting worse.
"""

import pytest

from crawler.extract.sources import extract_quoted_sources
from crawler.extract.sources.registry import _name_key
from crawler.parsers.furat_post import OUTLET_NAMES as FURAT_NAMES
from crawler.parsers.orient_news import OrientParser
from tests.conftest import load_expected

FLOORS = {"orient_news": (0.97, 0.97), "furat_post": (0.95, 0.93)}
NAMES = {"orient_news": OrientParser.outlet_names, "furat_post": FURAT_NAMES}


def _same_name(found: str, label: str) -> bool:
    return found == label or f" {label} " in f" {found} " or f" {found} " in f" {label} "


def matches(found: list[str], labels: list[str]) -> int:
    """How many labels a found name matches, one to one, exact keys first."""
    found_keys = [_name_key(n) for n in found]
    label_keys = [_name_key(n) for n in labels]
    hits = 0
    for exact in (True, False):
        for label in list(label_keys):
            for key in found_keys:
                if (key == label) if exact else _same_name(key, label):
                    hits += 1
                    found_keys.remove(key)
                    label_keys.remove(label)
                    break
    return hits


@pytest.mark.parametrize("outlet", sorted(FLOORS))
def test_fixture_precision_and_recall_floor(outlet):
    tp = fp = fn = 0
    for record in load_expected(outlet).values():
        found = [s["name"] for s in extract_quoted_sources(record["body"].split("\n\n"), record["lang"], NAMES[outlet])]
        hits = matches(found, record["quoted_sources"])
        tp, fp, fn = tp + hits, fp + len(found) - hits, fn + len(record["quoted_sources"]) - hits
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"{outlet}: precision {precision:.3f} recall {recall:.3f}")
    assert precision >= FLOORS[outlet][0] and recall >= FLOORS[outlet][1]


def test_matching_is_one_to_one_and_span_lenient():
    assert matches(["مصادر محلية في دمشق"], ["مصادر محلية"]) == 1
    assert matches(["وكالة رويترز"], ["رويترز"]) == 1
    assert matches(["doctor at Al-Mujtahid Hospital"], ["a doctor at Al-Mujtahid Hospital"]) == 1
    assert matches(["مصادر محلية"], ["مصادر محلية", "مصادر محلية في دمشق"]) == 1
    assert matches(["مصادر"], ["مصادر محلية"]) == 1
    assert matches(["مصادر طبية"], ["مصادر محلية"]) == 0
