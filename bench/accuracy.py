"""Extraction accuracy on gold numbers: the dev corpus and the seed cases in tests.

For every gold item of ``../shared/corpus/dev/gold.json`` and every value written in its
quotes (``values`` minus ``implicit``), a hit is a claim whose span lies inside one of the
item's quotes (found in the document text) and whose number as written equals the value
(the low or the high end of a range). Seed cases are the annotated sentences of
``tests/fixtures/claims/*.yaml``; a hit there is an expected claim found with every field
right.

It also runs ``checker audit`` over the dev corpus and scores its findings against the
gold items of the arithmetic kinds (recall of expected findings, false alarms on
negatives), per kind.

    python bench/accuracy.py [--corpus ../shared/corpus/dev] [--misses] [--no-audit]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.extract.numbers import parse_arabic, parse_chinese  # noqa: E402
from checker.pipeline import extract_paths  # noqa: E402


def _written_number(written: str) -> float | None:
    w = written.lstrip("+-")
    if w and w[0].isdigit():
        return float(parse_arabic(w)[0])
    n = parse_chinese(w)
    return float(n) if n is not None else None


def _written_in(quote: str, value: float) -> bool:
    """Whether the value's digits appear in the quote (decides which document holds it)."""
    text = f"{value:f}".rstrip("0").rstrip(".").lstrip("-")
    return text in quote.replace(",", "")


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, i = [], text.find(quote)
    while i >= 0:
        out.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return out


def dev_corpus(corpus: Path, show_misses: bool) -> dict:
    gold = json.loads((corpus / "gold.json").read_text("utf-8"))
    result = extract_paths([corpus / "docs"])
    by_name = {Path(d.path).name: d for d in result.documents}
    claims = result.claims
    per_doc = {doc_id: frame for doc_id, frame in claims.groupby("doc")}
    total = hits = 0
    per_kind: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for item in gold:
        implicit = set(item.get("implicit", []))
        for name, value in item["values"].items():
            if name in implicit or value is None:
                continue
            # Cross-document items: a value may be written only in the other document.
            doc = by_name[item["doc"]]
            spans = [s for q in item["quotes"] for s in _spans(doc.text, q)]
            if not any(_written_in(doc.text[a:b], value) for a, b in spans) and "other_doc" in item:
                doc = by_name[item["other_doc"]]
                spans = [s for q in item["other_quotes"] for s in _spans(doc.text, q)]
            frame = per_doc.get(doc.id)
            total += 1
            per_kind[item["kind"]]["total"] += 1
            found = False
            if frame is not None:
                for row in frame.itertuples():
                    if not any(a <= row.start and row.end <= b for a, b in spans):
                        continue
                    low = _written_number(row.written)
                    candidates = {low, -low if low is not None else None}
                    if not math.isnan(row.value_high):
                        scale = row.value / low if low else 1
                        candidates.add(round(row.value_high / scale, 10) if scale else None)
                    if any(c is not None and abs(c - float(value)) < 1e-9 for c in candidates):
                        found = True
                        break
            if found:
                hits += 1
                per_kind[item["kind"]]["hits"] += 1
            else:
                misses.append((item["id"], name, value, item["quotes"]))
    if show_misses:
        for m in misses:
            print("MISS", *m)
    return {
        "documents": len(result.documents),
        "errors": [str(e) for e in result.errors],
        "gold_numbers": total,
        "extracted": hits,
        "recall": hits / total if total else math.nan,
        "per_kind": {k: v["hits"] / v["total"] for k, v in sorted(per_kind.items())},
    }


def seed_cases() -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from claim_cases import load_cases, match_case  # type: ignore[import-not-found]

    cases = load_cases()
    expected = found = 0
    for case in cases:
        outcome = match_case(case)
        expected += outcome.expected
        found += outcome.found
    return {"cases": len(cases), "expected_claims": expected, "found": found,
            "recall": found / expected if expected else math.nan}


ARITHMETIC = ("ratio", "sum", "share", "count", "growth", "date_span", "implied_base")


def audit_findings(corpus: Path) -> dict:
    """Both scores from one audit run: arithmetic items, and targets + cross-document."""
    return _score_audit(corpus)


def _score_audit(corpus: Path) -> dict:
    """Score ``checker audit`` on the dev corpus against its gold (issue 3's measure).

    An expected item (``expected_finding``) is found when an error or warning finding's
    evidence overlaps one of its quotes; a negative item is a false alarm when a finding
    that overlaps no expected item overlaps it. Arithmetic kinds only; cross-document
    items (``other_doc``) are scored with the reconciliation rules.
    """
    import subprocess
    import tempfile

    gold = json.loads((corpus / "gold.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run(
            [sys.executable, "-m", "checker", "audit", str(corpus / "docs"), "--out", out,
             "--quiet"], capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            return {"error": proc.stderr.strip()[:500]}
        result = json.loads((Path(out) / "findings.json").read_text("utf-8"))
    names = {d["id"]: Path(d["path"]).name for d in result["documents"]}
    texts = {Path(d["path"]).name: (corpus / "docs" / Path(d["path"]).name).read_text("utf-8")
             for d in result["documents"]}
    flagged = [f for f in result["findings"] if f["severity"] in ("error", "warning")]

    def item_spans(item: dict) -> list[tuple[str, int, int]]:
        spans = [(item["doc"], a, b) for q in item["quotes"]
                 for a, b in _spans(texts[item["doc"]], q)]
        if "other_doc" in item:  # a cross-document item is found in either document
            spans += [(item["other_doc"], a, b) for q in item["other_quotes"]
                      for a, b in _spans(texts[item["other_doc"]], q)]
        return spans

    def overlaps(finding: dict, spans: list[tuple[str, int, int]]) -> bool:
        return any(names.get(e["doc"]) == d and e["start"] < b and a < e["end"]
                   for e in finding["evidence"] for d, a, b in spans)

    # A finding that overlaps no expected item of any kind is stray: a false alarm where it
    # overlaps a negative.
    all_expected = [item_spans(i) for i in gold if i["expected_finding"]]
    stray = [f for f in flagged if not any(overlaps(f, s) for s in all_expected)]

    def score(items: list[dict]) -> dict:
        return _score_items(items, flagged, stray, item_spans, overlaps)

    arithmetic = [i for i in gold if i["kind"] in ARITHMETIC and "other_doc" not in i]
    reconcile = [i for i in gold if i["kind"] == "target_status" or "other_doc" in i]
    return {"arithmetic": score(arithmetic), "targets_and_cross_document": score(reconcile)}


def _score_items(items: list[dict], flagged: list[dict], stray: list[dict],
                 item_spans: Callable[[dict], list[tuple[str, int, int]]],
                 overlaps: Callable[[dict, list[tuple[str, int, int]]], bool]) -> dict:
    expected = [i for i in items if i["expected_finding"]]
    negatives = [i for i in items if not i["expected_finding"]]
    expected_spans = [item_spans(i) for i in expected]
    per_kind: dict[str, Counter] = defaultdict(Counter)
    found_ids, alarm_ids = [], []
    for item, spans in zip(expected, expected_spans, strict=True):
        per_kind[item["kind"]]["expected"] += 1
        if any(overlaps(f, spans) for f in flagged):
            per_kind[item["kind"]]["found"] += 1
            found_ids.append(item["id"])
    for item in negatives:
        per_kind[item["kind"]]["negatives"] += 1
        if any(overlaps(f, item_spans(item)) for f in stray):
            per_kind[item["kind"]]["false_alarms"] += 1
            alarm_ids.append(item["id"])
    return {
        "expected": len(expected), "found": len(found_ids),
        "recall": len(found_ids) / len(expected) if expected else math.nan,
        "negatives": len(negatives), "false_alarms": len(alarm_ids),
        "false_alarm_rate": len(alarm_ids) / len(negatives) if negatives else math.nan,
        "missed": sorted(i["id"] for i in expected if i["id"] not in found_ids),
        "false_alarm_items": sorted(alarm_ids),
        "per_kind": {k: dict(v) for k, v in sorted(per_kind.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--misses", action="store_true", help="list every gold number missed")
    parser.add_argument("--no-audit", action="store_true", help="score extraction only")
    args = parser.parse_args()
    report = {"dev_corpus": dev_corpus(args.corpus, args.misses)}
    if not args.no_audit:
        report["audit"] = audit_findings(args.corpus)
    if (ROOT / "tests" / "claim_cases.py").exists():
        report["seed_cases"] = seed_cases()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
