"""Precision and recall of the quoted-sources extractor on the labelled corpus.

    python bench/sources_eval.py [corpus.jsonl]

Scores names only: a predicted name matches an expected one of the same entry when their
matching keys are equal (Arabic normalisation with pyarabic, case folding, brackets, quotes
and a leading English article dropped). Names listed in an entry's ``optional`` count neither
way. Exits 1 if overall precision or recall is below 0.9.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.extract.sources import extract_quoted_sources  # noqa: E402
from crawler.extract.sources.registry import _name_key  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "sources" / "corpus.jsonl"
THRESHOLD = 0.9


def load_corpus(path: str | Path = CORPUS) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def match_key(name: str) -> str:
    return _name_key(name)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(corpus_path: str | Path = CORPUS) -> dict:
    """Run the extractor over the corpus. Returns overall precision, recall, tp, fp, fn, plus
    ``by_lang`` (the same figures per language), ``misses`` and ``false_positives`` (lists of
    (entry id, name)) and ``seconds`` (extraction time)."""
    totals = {"tp": 0, "fp": 0, "fn": 0}
    by_lang: dict[str, dict] = {}
    misses: list[tuple[str, str]] = []
    false_positives: list[tuple[str, str]] = []
    seconds = 0.0
    for entry in load_corpus(corpus_path):
        started = time.perf_counter()
        predicted = extract_quoted_sources(entry["paragraphs"], lang=entry["lang"])
        seconds += time.perf_counter() - started
        expected = {match_key(s["name"]): s["name"] for s in entry["sources"]}
        optional = {match_key(n) for n in entry.get("optional", [])}
        got: dict[str, str] = {}
        for src in predicted:
            got.setdefault(match_key(src["name"]), src["name"])
        lang = by_lang.setdefault(entry["lang"], {"tp": 0, "fp": 0, "fn": 0})
        for key, name in got.items():
            if key in expected:
                bucket = "tp"
            elif key in optional:
                continue
            else:
                bucket = "fp"
                false_positives.append((entry["id"], name))
            lang[bucket] += 1
            totals[bucket] += 1
        for key, name in expected.items():
            if key not in got:
                lang["fn"] += 1
                totals["fn"] += 1
                misses.append((entry["id"], name))
    for figures in [totals, *by_lang.values()]:
        figures["precision"] = _ratio(figures["tp"], figures["tp"] + figures["fp"])
        figures["recall"] = _ratio(figures["tp"], figures["tp"] + figures["fn"])
    return {**totals, "by_lang": by_lang, "misses": misses, "false_positives": false_positives, "seconds": seconds}


def _line(label: str, f: dict) -> str:
    return (
        f"{label:<8} precision {f['precision']:.3f}  recall {f['recall']:.3f}  "
        f"(tp {f['tp']}, fp {f['fp']}, fn {f['fn']})"
    )


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else CORPUS
    result = evaluate(path)
    for lang in sorted(result["by_lang"]):
        print(_line(lang, result["by_lang"][lang]))
    print(_line("overall", result))
    print(f"extraction time: {result['seconds'] * 1000:.1f} ms for {len(load_corpus(path))} entries")
    if result["misses"]:
        print("\nmisses (expected, not found):")
        for entry_id, name in result["misses"]:
            print(f"  {entry_id}: {name}")
    if result["false_positives"]:
        print("\nfalse positives (found, not expected):")
        for entry_id, name in result["false_positives"]:
            print(f"  {entry_id}: {name}")
    ok = result["precision"] >= THRESHOLD and result["recall"] >= THRESHOLD
    if not ok:
        print(f"\nFAIL: precision and recall must both be >= {THRESHOLD}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
