"""Extraction accuracy on gold numbers: the dev corpus and the seed cases in tests.

For every gold item of ``../shared/corpus/dev/gold.json`` and every value written in its
quotes (``values`` minus ``implicit``), a hit is a claim whose span lies inside one of the
item's quotes (found in the document text) and whose number as written equals the value
(the low or the high end of a range). Seed cases are the annotated sentences of
``tests/fixtures/claims/*.yaml``; a hit there is an expected claim found with every field
right.

    python bench/accuracy.py [--corpus ../shared/corpus/dev] [--misses]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--misses", action="store_true", help="list every gold number missed")
    args = parser.parse_args()
    report = {"dev_corpus": dev_corpus(args.corpus, args.misses)}
    if (ROOT / "tests" / "claim_cases.py").exists():
        report["seed_cases"] = seed_cases()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
