"""Verdicts on check rows → :class:`~checker.models.Finding` records with evidence.

A finding's id is a fingerprint of what it is about — rule, region, indicator, period and
the evidence quotes, normalised (NFKC, no whitespace) — never of offsets or document ids,
so it survives a re-run and a re-issued document with unrelated edits.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Mapping

import pandas as pd

from checker import columns as C
from checker import precision as P
from checker.link import Checks, Relation
from checker.models import Evidence, Finding, Severity
from checker.rules.base import registry
from checker.rules.engine import SEVERITY, VERDICT


def fingerprint(rule: str, region: str, indicator: str, period: str, quotes: list[str]) -> str:
    def norm(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split())

    key = "\x1f".join([rule, norm(region), norm(indicator), norm(period),
                       *(norm(q) for q in quotes)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _scale(rec: pd.Series) -> float:
    return P.figure("1", 0, str(rec[C.SCALE])).point


def _fmt(x: float, decimals: int) -> str:
    return f"{x:.{max(decimals, 0)}f}"


def _quote(rec: pd.Series) -> str:
    return str(rec[C.QUOTE])


def _render(rel: Relation, stated: P.Interval, computed: P.Interval, claims: pd.DataFrame
            ) -> dict[str, str | float]:
    """The fields a message template uses, and the values block."""
    inputs = {role: [claims.loc[i] for r, i in rel.inputs if r == role]
              for role in ("numerator", "minus", "base", "part")}
    if rel.relation == "days":
        count, span = claims.loc[rel.stated], rel.spans[0]
        formula = f"{span.quote} = {span.point:.0f}天 (both days included)"
        if span.lo != span.hi:
            formula += f", {span.lo:.0f}–{span.hi:.0f}天 as the year is unknown"
        return {"stated": _quote(count), "formula": formula, "nearest": f"{span.point:.0f}天",
                "v_stated": stated.point, "v_point": computed.point, "v_low": computed.lo,
                "v_high": computed.hi, "unit": "天"}
    if rel.relation == "implied_base":
        share = claims.loc[rel.stated]
        total = next(claims.loc[i] for r, i in rel.inputs if r == "total")
        pairs = [(claims.loc[a], claims.loc[s]) for (_, a), (_, s)
                 in zip(rel.inputs[1::2], rel.inputs[2::2], strict=True)]
        k = _scale(total)
        unit = str(total[C.UNIT_WRITTEN])
        d = max(1, int(total[C.DECIMALS]))
        formula = (f"{_quote(total)} ÷ {_quote(share)} = {_fmt(stated.point / k, d)}{unit}, "
                   "but the parts imply " + " + ".join(f"{_quote(a)} ÷ {_quote(s)}"
                                                       for a, s in pairs)
                   + f" = {_fmt(computed.point / k, d)}{unit}")
        return {"stated": _quote(share), "formula": formula,
                "nearest": f"{_fmt(stated.point / k, d)}{unit}",
                "v_stated": stated.point / k, "v_point": computed.point / k,
                "v_low": computed.lo / k, "v_high": computed.hi / k, "unit": unit}
    if rel.relation == "ratio" and not inputs["base"]:
        # the base is a span of days read from the text (截至8月27日 → 240 days)
        rate, span = claims.loc[rel.stated], next(sp for sp in rel.spans if sp.role == "base")
        d = int(rate[C.DECIMALS]) + 1
        top = " + ".join(_quote(n) for n in inputs["numerator"])
        formula = (f"{top} ÷ {span.point:.0f}天 (1月1日 to {span.quote}) = "
                   f"{_fmt(computed.point, d)}%")
        top_value = sum(n[C.VALUE] for n in inputs["numerator"])
        nearest = (f"{top_value / stated.point * rel.per:.1f}天" if stated.point else "–")
        return {"stated": _quote(rate), "formula": formula, "nearest": nearest,
                "v_stated": stated.point, "v_point": computed.point, "v_low": computed.lo,
                "v_high": computed.hi, "unit": "%"}
    if rel.relation == "ratio":
        rate, base = claims.loc[rel.stated], inputs["base"][0]
        d = int(rate[C.DECIMALS]) + 1
        sign = "‰" if rel.per == 1000.0 else "%"
        top = " + ".join(_quote(n) for n in inputs["numerator"]) + "".join(
            f" − {_quote(m)}" for m in inputs["minus"])
        if inputs["minus"] or len(inputs["numerator"]) > 1:
            top = f"({top})"
        formula = f"{top} ÷ {_quote(base)} = {_fmt(computed.point, d)}{sign}"
        top_value = (sum(n[C.VALUE] for n in inputs["numerator"])
                     - sum(m[C.VALUE] for m in inputs["minus"]))
        nearest_base = (top_value / stated.point * rel.per / _scale(base)
                        if stated.point else math.nan)
        unit = str(base[C.UNIT_WRITTEN])
        nearest = f"{_fmt(nearest_base, max(1, int(base[C.DECIMALS])))}{unit}"
        return {"stated": _quote(rate), "formula": formula, "nearest": nearest,
                "v_stated": stated.point, "v_point": computed.point, "v_low": computed.lo,
                "v_high": computed.hi, "unit": sign}
    if rel.relation == "growth":
        rate = claims.loc[rel.stated]
        level = next(claims.loc[i] for r, i in rel.inputs if r == "level")
        d = int(rate[C.DECIMALS]) + 1
        shown = computed.point if rate[C.VALUE] >= 0 else -computed.point
        previous = [claims.loc[i] for r, i in rel.inputs if r == "previous"]
        if previous:
            formula = f"{_quote(level)} ÷ {_quote(previous[0])} − 1 = {_fmt(shown, d)}%"
        else:
            change = next(claims.loc[i] for r, i in rel.inputs if r == "change")
            formula = (f"{_quote(change)} ÷ ({_quote(level)} − {_quote(change)}) = "
                       f"{_fmt(shown, d)}%")
        sign = 1.0 if rate[C.VALUE] >= 0 else -1.0
        return {"stated": _quote(rate), "formula": formula, "nearest": _fmt(shown, d) + "%",
                "v_stated": sign * stated.point, "v_point": shown,
                "v_low": min(sign * computed.lo, sign * computed.hi),
                "v_high": max(sign * computed.lo, sign * computed.hi), "unit": "%"}
    parts = inputs["part"]
    if rel.relation == "share100":
        d = max(int(p[C.DECIMALS]) for p in parts)
        formula = " + ".join(_quote(p) for p in parts) + f" = {_fmt(computed.point, d)}"
        return {"stated": "100", "formula": formula, "nearest": "100", "v_stated": 100.0,
                "v_point": computed.point, "v_low": computed.lo, "v_high": computed.hi,
                "unit": "%"}
    total = claims.loc[rel.stated]
    k = _scale(total)
    d = max([int(total[C.DECIMALS])] + [int(p[C.DECIMALS]) for p in parts])
    unit = str(total[C.UNIT_WRITTEN])
    shown = _fmt(computed.point / k, d) + unit
    formula = " + ".join(_quote(p) for p in parts) + f" = {shown}"
    return {"stated": _quote(total), "formula": formula, "nearest": shown,
            "v_stated": stated.point / k, "v_point": computed.point / k,
            "v_low": computed.lo / k, "v_high": computed.hi / k, "unit": unit}


def _explanation(rel: Relation, stated: P.Interval, computed: P.Interval, verdict: str,
                 fields: Mapping[str, str | float], claims: pd.DataFrame, core: float) -> str:
    steps = [f"Paired because: {rel.note}."]
    for role, i in rel.inputs:
        rec = claims.loc[i]
        exact = i in rel.exact_inputs or (bool(rec[C.EXACT]) and rec[C.UNIT] in P.discrete_units())
        how = "exact (target used as base)" if i in rel.exact_inputs else (
            "exact count" if exact else f"rounded to {int(rec[C.DECIMALS])} decimal(s)")
        steps.append(f"{role} {_quote(rec)}: {how}.")
    for span in rel.spans:
        steps.append(f"{span.role} {span.quote}: read from the text as "
                     f"{span.point:.0f} days" + (f" ({span.lo:.0f}–{span.hi:.0f}, year unknown)"
                                                 if span.lo != span.hi else "") + ".")
    unit = fields["unit"]
    steps.append(f"Computed: {fields['formula']}; over the rounding intervals "
                 f"[{fields['v_low']:.4g}, {fields['v_high']:.4g}] {unit}.")
    if rel.stated_exact_value is None:
        k = float(fields["v_stated"]) / stated.point if stated.point else 1.0
        steps.append(f"Stated {fields['stated']} stands for [{stated.lo * k:.6g}, "
                     f"{stated.hi * k:.6g}] {unit}.")
    else:
        steps.append("Stated: the shares of one whole must add to exactly 100.")
    depth = P.edge_depth(stated, computed)
    if verdict == "edge":
        steps.append(f"The intervals meet only beyond their central {core:.0%}: every figure "
                     f"would have to lie in the outer {1 - depth:.0%} of its interval.")
    elif verdict == "truncation":
        steps.append("No overlap under rounding; the stated figure truncated (not rounded) "
                     "from the computed value is consistent.")
    elif verdict == "scale_slip":
        steps.append("No overlap; the stated figure matches the computed one × or ÷ 10^4.")
    elif verdict == "percent_slip":
        steps.append("No overlap; the stated figure matches the computed one × or ÷ 10.")
    else:
        steps.append("No values inside the rounding intervals satisfy the relation.")
    return " ".join(steps)


def build_findings(verdicts: pd.DataFrame, checks: Checks, claims: pd.DataFrame,
                   params: Mapping[str, Mapping[str, object]], lang: str = "en"
                   ) -> list[Finding]:
    rules = registry()
    out: list[Finding] = []
    seen: dict[str, int] = {}
    for rec in verdicts.itertuples(index=False):
        check_id = getattr(rec, C.CHECK_ID)
        verdict = getattr(rec, VERDICT)
        rel = checks.relations[check_id]
        rule = rules[rel.rule]
        stated, computed = checks.intervals[check_id]
        fields = _render(rel, stated, computed, claims)
        depth = P.edge_depth(stated, computed)
        outer = f"{max(0.0, 1 - depth):.0%}"
        message = rule.messages[verdict][lang].format(outer=outer, **fields)
        core = float(params[rel.rule]["core_fraction"])  # type: ignore[arg-type]
        evidence = tuple(Evidence(str(claims.loc[i, C.DOC]), int(claims.loc[i, C.START]),
                                  int(claims.loc[i, C.END]), str(claims.loc[i, C.QUOTE]))
                         for i in rel.claim_rows)
        doc = str(claims.loc[rel.stated, C.DOC])
        evidence += tuple(Evidence(doc, sp.start, sp.end, sp.quote) for sp in rel.spans)
        head = claims.loc[rel.stated]
        fid = fingerprint(rule.code, str(head[C.REGION]), str(head[C.INDICATOR]),
                          str(head[C.PERIOD]), [e.quote for e in evidence])
        seen[fid] = seen.get(fid, 0) + 1
        if seen[fid] > 1:  # the same text twice in one run (a document given twice)
            fid = f"{fid}-{seen[fid]}"
        values: dict[str, float | str] = {
            "stated": round(float(fields["v_stated"]), 6),
            "computed": round(float(fields["v_point"]), 6),
            "computed_low": round(float(fields["v_low"]), 6),
            "computed_high": round(float(fields["v_high"]), 6),
            "unit": str(fields["unit"]), "verdict": verdict,
        }
        out.append(Finding(fid, rule.code, rule.version, Severity(getattr(rec, SEVERITY)),
                           rule.title[lang], message, evidence, values,
                           _explanation(rel, stated, computed, verdict, fields, claims, core)))
    out.sort(key=lambda f: (-f.severity.rank, f.evidence[0].doc, f.evidence[0].start))
    return out
