"""Precision and sensitivity on the seeds.

* Precision: the relations the seeds state correctly raise no error and no warning; the
  one warning is DOMAIN.md's edge case (营造林 21.25 against 21.15), the one error its
  implied base (占GDP比重14.6% against 1321.29亿).
* Mutation: alter the stated figure of each relation that holds — by 3 units of its last
  written digit either way, by moving its decimal point, or by swapping 万↔亿 — and the
  audit must flag that place with an error or warning. Mutations the rounding intervals
  still admit (122.23万吨 → 122.26万吨 against parts with one decimal) cannot be caught by
  any checker and are not counted. Target: ≥ 95 % caught.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd

from checker import columns as C
from checker import precision as P
from checker.config import Config
from checker.extract.claims import extract_claims
from checker.findings import build_findings
from checker.link import Checks, link_all
from checker.models import Document, Finding
from checker.pipeline import extract_paths
from checker.rules.engine import verdicts

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PARAMS = Config().rule_params()


def _audit(docs: list[Document], claims: pd.DataFrame) -> tuple[Checks, list[Finding]]:
    checks = link_all(claims, {d.id: d.text for d in docs}, PARAMS)
    flagged = verdicts(checks.frame, PARAMS, engine="pandas")
    return checks, build_findings(flagged, checks, claims, PARAMS)


@cache
def _seeds() -> tuple[list[Document], pd.DataFrame, Checks, list[Finding]]:
    ex = extract_paths([SEEDS])
    checks, findings = _audit(ex.documents, ex.claims)
    return ex.documents, ex.claims, checks, findings


def test_seed_relations_that_hold_raise_nothing() -> None:
    _, _, checks, findings = _seeds()
    serious = [(f.rule, f.severity.value, f.evidence[0].quote) for f in findings
               if f.severity.value in ("error", "warning")]
    # DOMAIN.md §3C's implied base: 127.1亿 ÷ 1321.29亿 = 9.62%, not 14.6% [002]
    assert serious == [("ARITH-BASE", "error", "14.6%"), ("ARITH-SUM", "warning", "21.25万亩")]
    assert len(checks.frame) >= 15


def test_domain_examples_are_linked() -> None:
    _, claims, checks, _ = _seeds()
    stated = {str(claims.loc[rel.stated, C.QUOTE]) for rel in checks.relations.values()}
    assert {"152.2%", "73.89%", "152.8%", "83.9%", "14419个", "21.25万亩", "0.63"} <= stated


def _mutations(written: str, scale: str) -> list[tuple[str, str]]:
    decimals = len(written.split(".")[1]) if "." in written else 0
    step = 10.0 ** -decimals
    out = [(f"{float(written) + k * step:.{decimals}f}", "") for k in (3, -3)
           if float(written) + k * step > 0]
    digits = written.replace(".", "")
    point = written.index(".") if "." in written else len(written)
    if point + 1 < len(digits):
        out.append((digits[:point + 1] + "." + digits[point + 1:], ""))
    elif len(digits) > 1:
        out.append((digits[:-1] + "." + digits[-1], ""))
    if scale in ("万", "亿"):
        out.append((written, "亿" if scale == "万" else "万"))
    return out


def _still_admitted(new_written: str, new_scale: str, computed: P.Interval,
                    unit_scale: str) -> bool:
    iv = P.figure(new_written, None, new_scale or unit_scale)
    return P.judge(iv, computed) is P.Verdict.CONSISTENT


def test_mutated_stated_figures_are_caught() -> None:
    docs, claims, checks, findings = _seeds()
    by_id = {d.id: d for d in docs}
    flagged = {tuple((e.doc, e.start) for e in f.evidence) for f in findings}
    tried = caught = 0
    missed: list[str] = []
    for check_id, rel in checks.relations.items():
        rows = [rel.stated] if rel.stated_exact_value is None else [i for _, i in rel.inputs]
        if any((str(claims.loc[rows[0], C.DOC]), int(claims.loc[rows[0], C.START])) in key
               for key in flagged):
            continue  # only relations that hold
        _, computed = checks.intervals[check_id]
        for row in rows:
            rec = claims.loc[row]
            doc = by_id[str(rec[C.DOC])]
            start, end = int(rec[C.START]), int(rec[C.END])
            quote = doc.text[start:end]
            written = str(rec[C.WRITTEN]).lstrip("+-")
            at = quote.find(written)
            for new_written, new_scale in _mutations(written, str(rec[C.SCALE])):
                if rel.stated_exact_value is None and _still_admitted(
                        new_written, new_scale, computed, str(rec[C.SCALE])):
                    continue
                new_quote = quote[:at] + new_written + quote[at + len(written):]
                if new_scale:
                    new_quote = new_quote.replace(str(rec[C.SCALE]), new_scale, 1)
                mutated = replace(doc, text=doc.text[:start] + new_quote + doc.text[end:])
                _, found = _audit([mutated], extract_claims(mutated))
                hit = any(f.severity.value in ("error", "warning")
                          and any(e.start == start for e in f.evidence) for f in found)
                tried += 1
                caught += hit
                if not hit:
                    missed.append(f"{quote} → {new_quote}")
    assert tried >= 50
    rate = caught / tried
    print(f"mutation catch rate {caught}/{tried} = {rate:.1%}; missed: {missed}")
    assert rate >= 0.95, missed
