"""Claim cases: a real sentence in, the expected claims out.

Cases live in ``tests/fixtures/claims/*.yaml``. Each names either a seed document and a
sentence quoted from it exactly, or a standalone ``text`` with its ``meta``; then the
claims expected inside that sentence, each with the fields that matter for it. Only the
fields given are compared. ``same_group`` lists quotes that must share one non-empty
``group`` (one list per 分别/均 list or ratio structure, distinct between lists). Shared
by ``tests/test_claims_cases.py`` and ``bench/accuracy.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from checker.extract.claims import extract_claims
from checker.ingest import document_from_bytes, read_documents
from checker.models import DocKind, Document, Metadata

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "claims"
SEEDS = ROOT / "seeds"


@dataclass
class Outcome:
    expected: int
    found: int
    problems: list[str] = field(default_factory=list)


def load_cases() -> list[dict]:
    cases: list[dict] = []
    for path in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text("utf-8")) or []):
            case.setdefault("id", f"{path.stem}-{i + 1}")
            cases.append(case)
    return cases


@cache
def _seed_docs() -> dict[str, Document]:
    return {Path(d.path).name: d for d in read_documents([SEEDS]).documents}


@cache
def _seed_claims(name: str):
    return extract_claims(_seed_docs()[name])


def _standalone(case: dict) -> tuple[Document, object]:
    meta = dict(case.get("meta", {}))
    doc = document_from_bytes(case["text"].encode("utf-8"), f"{case['id']}.txt")
    kind = DocKind(meta.pop("kind")) if "kind" in meta else doc.meta.kind
    doc = Document(doc.id, doc.path, doc.sha256, doc.text,
                   Metadata(kind=kind, region=meta.get("region", doc.meta.region),
                            year=meta.get("year", doc.meta.year),
                            period=meta.get("period", doc.meta.period)))
    return doc, extract_claims(doc)


def _same(actual: object, expected: object) -> bool:
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        try:
            a = float(actual)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return math.isclose(a, float(expected), rel_tol=1e-9, abs_tol=1e-9)
    if expected is None:
        return actual is None or actual == "" or (isinstance(actual, float) and math.isnan(actual))
    return str(actual) == str(expected)


def match_case(case: dict) -> Outcome:
    if "text" in case:
        doc, claims = _standalone(case)
        lo, hi = 0, len(doc.text)
        if "sentence" in case:
            lo = doc.text.find(case["sentence"])
            hi = lo + len(case["sentence"])
    else:
        doc = _seed_docs()[case["doc"]]
        claims = _seed_claims(case["doc"])
        lo = doc.text.find(case["sentence"])
        if lo < 0:
            return Outcome(len(case["claims"]), 0, [f"sentence not found in {case['doc']}"])
        hi = lo + len(case["sentence"])
    inside = claims[(claims["start"] >= lo) & (claims["end"] <= hi)]
    outcome = Outcome(len(case.get("claims", [])), 0)
    for want in case.get("claims", []):
        rows = inside[inside["quote"] == want["quote"]]
        if rows.empty:
            got = ", ".join(inside["quote"].tolist())
            outcome.problems.append(f"{want['quote']!r}: not extracted (got: {got})")
            continue
        row = rows.iloc[0]
        wrong = [f"{k}={row[k]!r} (want {v!r})" for k, v in want.items()
                 if k != "quote" and not _same(row[k], v)]
        if wrong:
            outcome.problems.append(f"{want['quote']!r}: " + "; ".join(wrong))
        else:
            outcome.found += 1
    seen_groups: set[str] = set()
    for quotes in case.get("same_group", []):
        # the figures of one 分别/均 list or ratio share one group, and no other list's
        groups = {str(g) for g in inside[inside["quote"].isin(quotes)]["group"]}
        if len(groups) != 1 or "" in groups or groups & seen_groups:
            outcome.problems.append(f"{quotes} should share one group of their own (got {groups})")
        seen_groups |= groups
    for quote in case.get("not_claims", []):
        # a name like 50亿元 or 5G must yield no claim of that number, whatever the unit
        if (inside["quote"] == quote).any() or (inside["written"].str.lstrip("+-") == quote).any():
            outcome.problems.append(f"{quote!r} must not be a claim")
    return outcome
