"""Quoted-sources extractor scored on the labelled corpora, side by side.

    python bench/sources_eval.py [CORPUS.jsonl ...]

Without arguments it scores, side by side, every corpus of ``CORPORA`` that exists: the tuning
corpus (tests/fixtures/sources/corpus.jsonl, the one the rules and lexicons were written against);
five development corpora (tests/fixtures/sources/dev, dev2, dev3, dev4, dev5: each written and labelled
from the guidelines alone by a labeller who had not read the extractor; they may be read and tuned
on); and two held-out corpora (tests/fixtures/sources/blind and blind2, labelled the same way and
never used to tune: blind2 was written later, after the rules had been tuned on blind's scores
for several rounds, so that one set has never been scored before a release of the rules).
``--dev`` scores only the corpora that may be tuned on (what a tuner runs: the held-out ones'
misses are then never printed).
An entry is ``{"id", "lang", "outlet"?, "paragraphs": [...], "sources": [{"name", "kind",
"role"?}], "optional": [...]}``; with an ``outlet`` (``orient_news`` / ``furat_post``) the
extractor is given that outlet's own names, as the parsers give them in a crawl.

What is measured, per corpus:

- **name precision / recall**: a predicted name matches an expected one of the same entry when
  their *matching keys* are equal: ``registry._name_key`` — Arabic normalised as everywhere in
  the extractor (pyarabic: no tashkeel or tatweel, lam-alef split, hamza carriers simplified),
  case folded, brackets, quotation marks and punctuation dropped, a leading English article
  (the/a/an) dropped, whitespace collapsed. A name listed in the entry's ``optional`` (a string or
  a ``{"name": ...}``) counts neither way.
- **kind accuracy**: over the matched names, the share whose predicted ``kind`` equals the
  expected one (person | organization | outlet | anonymous).
- **role accuracy**: over the matched names whose expected kind is ``person``, the share whose
  role is right: both absent (missing, null or empty), or both present and equal after the same
  matching key as names.

Exit status: 0 when every corpus scored reaches the targets (name P and R >= 0.9, kind and role
accuracy >= 0.9), 1 otherwise (``make bench`` reports it and goes on to the other benches).
The misses are listed for a human to read; the blind corpus's must never be used to tune rules
or lexicons.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.extract.sources import extract_quoted_sources  # noqa: E402
from crawler.extract.sources.registry import _name_key  # noqa: E402

SOURCES = ROOT / "tests" / "fixtures" / "sources"
CORPUS = SOURCES / "corpus.jsonl"
# (column label, path, may be tuned on)
CORPORA = (
    ("tuning", CORPUS, True),
    ("dev", SOURCES / "dev" / "corpus.jsonl", True),
    ("dev2", SOURCES / "dev2" / "corpus.jsonl", True),
    ("dev3", SOURCES / "dev3" / "corpus.jsonl", True),
    ("dev4", SOURCES / "dev4" / "corpus.jsonl", True),
    ("dev5", SOURCES / "dev5" / "corpus.jsonl", True),
    ("blind", SOURCES / "blind" / "corpus.jsonl", False),
    ("blind2", SOURCES / "blind2" / "corpus.jsonl", False),
)
THRESHOLD = 0.9
TARGETS = ("precision", "recall", "kind_accuracy", "role_accuracy")


def load_corpus(path: str | Path = CORPUS) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def match_key(name: str) -> str:
    return _name_key(name)


def role_key(role: str | None) -> str:
    return _name_key(role) if role and role.strip() else ""


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def outlet_names(outlet: str | None) -> tuple[str, ...]:
    """The crawling outlet's own names, as its parser passes them (none when unknown)."""
    if outlet == "furat_post":
        from crawler.parsers.furat_post import OUTLET_NAMES

        return tuple(OUTLET_NAMES)
    if outlet == "orient_news":
        from crawler.parsers.orient_news import OrientParser

        return tuple(OrientParser.outlet_names)
    return ()


def _figures() -> dict[str, Any]:
    return {"tp": 0, "fp": 0, "fn": 0, "kind_ok": 0, "role_n": 0, "role_ok": 0}


def _finish(f: dict[str, Any]) -> None:
    f["precision"] = _ratio(f["tp"], f["tp"] + f["fp"])
    f["recall"] = _ratio(f["tp"], f["tp"] + f["fn"])
    f["kind_accuracy"] = _ratio(f["kind_ok"], f["tp"])
    f["role_accuracy"] = _ratio(f["role_ok"], f["role_n"])


def evaluate(corpus_path: str | Path = CORPUS) -> dict:
    """Run the extractor over a corpus. Returns the overall figures (``precision``, ``recall``,
    ``kind_accuracy``, ``role_accuracy`` and the counts ``tp``, ``fp``, ``fn``, ``kind_ok``,
    ``role_n``, ``role_ok``), ``by_lang`` (the same per language), the lists ``misses`` and
    ``false_positives`` ((entry id, name)), ``wrong_kinds`` ((id, name, expected, got)),
    ``wrong_roles`` ((id, name, expected, got)), ``entries`` and ``seconds`` (extraction time)."""
    totals = _figures()
    by_lang: dict[str, dict] = {}
    misses: list[tuple[str, str]] = []
    false_positives: list[tuple[str, str]] = []
    wrong_kinds: list[tuple[str, str, str, str]] = []
    wrong_roles: list[tuple[str, str, str | None, str | None]] = []
    seconds = 0.0
    entries = load_corpus(corpus_path)
    for entry in entries:
        names = outlet_names(entry.get("outlet"))
        started = time.perf_counter()
        predicted = extract_quoted_sources(entry["paragraphs"], lang=entry["lang"], outlet_names=names)
        seconds += time.perf_counter() - started
        expected = {match_key(s["name"]): s for s in entry["sources"]}
        optional = {match_key(o["name"] if isinstance(o, dict) else o) for o in entry.get("optional", [])}
        got: dict[str, dict] = {}
        for src in predicted:
            got.setdefault(match_key(src["name"]), src)
        lang = by_lang.setdefault(entry["lang"], _figures())
        counts: dict[str, int] = dict.fromkeys(_figures(), 0)
        for key, src in got.items():
            if key not in expected:
                if key not in optional:
                    counts["fp"] += 1
                    false_positives.append((entry["id"], src["name"]))
                continue
            want = expected[key]
            counts["tp"] += 1
            if src["kind"] == want["kind"]:
                counts["kind_ok"] += 1
            else:
                wrong_kinds.append((entry["id"], want["name"], want["kind"], src["kind"]))
            if want["kind"] == "person":
                counts["role_n"] += 1
                if role_key(src.get("role")) == role_key(want.get("role")):
                    counts["role_ok"] += 1
                else:
                    wrong_roles.append((entry["id"], want["name"], want.get("role"), src.get("role")))
        for key, want in expected.items():
            if key not in got:
                counts["fn"] += 1
                misses.append((entry["id"], want["name"]))
        for figures in (lang, totals):
            for name, n in counts.items():
                figures[name] += n
    for figures in [totals, *by_lang.values()]:
        _finish(figures)
    return {
        **totals,
        "by_lang": by_lang,
        "misses": misses,
        "false_positives": false_positives,
        "wrong_kinds": wrong_kinds,
        "wrong_roles": wrong_roles,
        "entries": len(entries),
        "seconds": seconds,
    }


def passes(result: dict) -> bool:
    return all(result[t] >= THRESHOLD for t in TARGETS)


def _table(results: dict[str, dict]) -> list[str]:
    labels = list(results)
    width = max(28, *(len(label) + 2 for label in labels))
    lines = [" " * 30 + "".join(f"{label:>{width}}" for label in labels)]

    def row(title: str, cell) -> None:
        lines.append(f"{title:<30}" + "".join(f"{cell(results[label]):>{width}}" for label in labels))

    row("entries", lambda r: str(r["entries"]))
    for metric, title in (
        ("precision", "name precision"),
        ("recall", "name recall"),
        ("kind_accuracy", "kind accuracy"),
        ("role_accuracy", "role accuracy"),
    ):
        row(title, lambda r, m=metric: f"{r[m]:.3f}")
    row("tp / fp / fn", lambda r: f"{r['tp']} / {r['fp']} / {r['fn']}")
    row("kinds right / matched", lambda r: f"{r['kind_ok']} / {r['tp']}")
    row("roles right / persons", lambda r: f"{r['role_ok']} / {r['role_n']}")
    for lang in sorted({lang for r in results.values() for lang in r["by_lang"]}):
        row(
            f"  {lang}: P / R / kind / role",
            lambda r, lg=lang: (
                "{precision:.2f} / {recall:.2f} / {kind_accuracy:.2f} / {role_accuracy:.2f}".format(**r["by_lang"][lg])
                if lg in r["by_lang"]
                else "-"
            ),
        )
    row("ms per entry", lambda r: f"{r['seconds'] * 1000 / max(r['entries'], 1):.3f}")
    return lines


def _misses(label: str, result: dict) -> list[str]:
    out = []
    sections = (
        ("names missed (expected, not found)", result["misses"], lambda m: f"{m[0]}: {m[1]}"),
        ("false positives (found, not expected)", result["false_positives"], lambda m: f"{m[0]}: {m[1]}"),
        ("wrong kinds (expected -> got)", result["wrong_kinds"], lambda m: f"{m[0]}: {m[1]}: {m[2]} -> {m[3]}"),
        ("wrong roles (expected -> got)", result["wrong_roles"], lambda m: f"{m[0]}: {m[1]}: {m[2]!r} -> {m[3]!r}"),
    )
    for title, items, fmt in sections:
        if items:
            out.append(f"\n{label}: {title}:")
            out.extend(f"  {fmt(item)}" for item in items)
    return out


def main(argv: list[str]) -> int:
    args = argv[1:]
    if args and args != ["--dev"]:
        known = {path.resolve(): label for label, path, _ in CORPORA}
        paths = {known.get(Path(a).resolve(), Path(a).stem): Path(a) for a in args}
    else:
        tunable_only = args == ["--dev"]
        paths = {label: path for label, path, tunable in CORPORA if path.exists() and (tunable or not tunable_only)}
    results = {label: evaluate(path) for label, path in paths.items()}
    print(f"quoted sources (bench/sources_eval.py; targets: every figure >= {THRESHOLD:.1f})")
    print("\n".join(_table(results)))
    for label, result in results.items():
        print("\n".join(_misses(label, result)))
    failed = [label for label, result in results.items() if not passes(result)]
    if failed:
        print(f"\nFAIL ({', '.join(failed)}): name precision and recall, kind and role accuracy must be >= {THRESHOLD}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
