"""Comparisons → the checks frame the rules engine validates, and back to findings.

The frame is the one the arithmetic rules use (:data:`checker.columns.CHECK_COLUMNS`):
``stated_*`` hold the acceptable region (what the target or the other document allows,
open-ended with ±inf for floors and ceilings) and ``computed_*`` the observed figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from checker import columns as C
from checker import precision as P
from checker.findings import fingerprint
from checker.models import Evidence, Finding, Severity
from checker.reconcile.comparisons import Comparison
from checker.rules.base import registry


def check_id(comp: Comparison, claims: pd.DataFrame) -> str:
    rows = ":".join(str(int(claims.loc[i, C.START])) for i in comp.rows)
    return f"{comp.rule}:{claims.loc[comp.subject, C.DOC]}:{rows}"


def to_frame(comparisons: list[Comparison], claims: pd.DataFrame
             ) -> tuple[pd.DataFrame, dict[str, Comparison]]:
    rows, by_id = [], {}
    for comp in comparisons:
        cid = check_id(comp, claims)
        if cid in by_id:
            continue
        by_id[cid] = comp
        subj = claims.loc[comp.subject]
        a, o = comp.acceptable, comp.observed
        rows.append({
            C.CHECK_ID: cid, C.RULE: comp.rule, C.RELATION: comp.relation,
            C.DOC: subj[C.DOC], C.INDICATOR: subj[C.INDICATOR], C.REGION: subj[C.REGION],
            C.PERIOD: subj[C.PERIOD], C.UNIT: subj[C.UNIT],
            C.STATED_VALUE: a.point, C.STATED_LOW: a.lo, C.STATED_HIGH: a.hi,
            # a target is neither rounded nor truncated by the publisher of the result
            C.STATED_TRUNC_LOW: a.lo, C.STATED_TRUNC_HIGH: a.hi,
            C.COMPUTED_POINT: o.point, C.COMPUTED_LOW: o.lo, C.COMPUTED_HIGH: o.hi,
        })
    frame = pd.DataFrame(rows, columns=list(C.CHECK_COLUMNS)).astype(C.CHECK_DTYPES)
    return frame, by_id


def _fmt(x: float) -> str:
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:.4g}"


def _figure(claims: pd.DataFrame, row: int | None) -> str:
    return "" if row is None else str(claims.loc[row, C.QUOTE])


def _target_text(comp: Comparison, claims: pd.DataFrame) -> str:
    if comp.relation == "progress":
        elapsed = comp.elapsed or 0.0
        ref = f"{_figure(claims, comp.reference)} " if comp.reference is not None else ""
        return f"{ref}(序时进度 {100 * elapsed:.1f}%)"
    quote = _figure(claims, comp.reference)
    qual = str(claims.loc[comp.reference, C.QUALIFIER]) if comp.reference is not None else ""
    return f"{quote} ({qual})" if qual and comp.rule != "XDOC-MISMATCH" else quote


def _observed_text(comp: Comparison, claims: pd.DataFrame) -> str:
    quote = _figure(claims, comp.subject)
    if comp.relation == "progress" and comp.reference is not None:
        return f"{quote} = {comp.observed.point:.1f}% of the target"
    return quote


def _gap(comp: Comparison) -> str:
    if comp.acceptable.lo > -math.inf and comp.observed.point < comp.acceptable.lo:
        return f"{comp.acceptable.lo - comp.observed.point:.1f} short"
    if comp.acceptable.hi < math.inf and comp.observed.point > comp.acceptable.hi:
        return f"{comp.observed.point - comp.acceptable.hi:.1f} over"
    return ""


def build_findings(flagged: pd.DataFrame, by_id: Mapping[str, Comparison],
                   claims: pd.DataFrame, params: Mapping[str, Mapping[str, object]],
                   lang: str = "en") -> list[Finding]:
    """Findings for the flagged reconciliation checks (columns check_id, verdict, severity)."""
    rules = registry()
    out: list[Finding] = []
    clusters: dict[str, list[Comparison]] = {}
    for rec in flagged.itertuples(index=False):
        comp = by_id[getattr(rec, C.CHECK_ID)]
        if comp.cluster is not None and str(rec.verdict) == "inconsistent":
            clusters.setdefault(comp.cluster, []).append(comp)
    for rec in flagged.itertuples(index=False):
        cid = getattr(rec, C.CHECK_ID)
        comp = by_id[cid]
        members = clusters.get(comp.cluster or "", [])
        others: list[Comparison] = []
        if str(rec.verdict) == "inconsistent" and len(members) > 1:
            headline = min(members, key=lambda c: int(claims.loc[c.subject, C.START]))
            if comp is not headline:
                continue  # reported with its paragraph's headline
            others = [c for c in members if c is not comp]
        rule = rules[comp.rule]
        verdict = str(rec.verdict)
        severity = str(rec.severity)
        p = params.get(comp.rule, {})
        if verdict == "inconsistent" and comp.soft:
            severity = str(p.get("soft_severity", "warning"))
        if verdict == "inconsistent" and comp.provisional:
            verdict, severity = "revision", str(p.get("revision_severity", "note"))
        if comp.relation == "admission" and verdict == "inconsistent":
            # words said missed, figures say met — or the reverse
            verdict = "contradicted" if comp.acceptable.point == 1.0 else "unadmitted"
        if severity == "off":
            continue
        subj = claims.loc[comp.subject]
        if comp.relation == "admission":
            ref = claims.loc[comp.reference] if comp.reference is not None else subj
            fields_extra = {"observed": str(subj[C.QUOTE]), "target": str(ref[C.QUOTE])}
        else:
            fields_extra = {}
        fields = {"indicator": subj[C.INDICATOR], "year": subj[C.YEAR],
                  "period": subj[C.PERIOD], "observed": _observed_text(comp, claims),
                  "target": _target_text(comp, claims), "gap": _gap(comp)} | fields_extra
        message = rule.messages[verdict][lang].format(**fields)
        rows = list(comp.rows) + [o.subject for o in others]
        if others:
            also = ", ".join(_observed_text(o, claims) for o in others)
            lead = "; 同段落另有" if lang == "zh" else "; also behind in the paragraph: "
            message += lead + also
        evidence = tuple(Evidence(str(claims.loc[i, C.DOC]), int(claims.loc[i, C.START]),
                                  int(claims.loc[i, C.END]), str(claims.loc[i, C.QUOTE]))
                         for i in rows) + tuple(Evidence(*span) for span in comp.spans)
        fid = fingerprint(rule.code, str(subj[C.REGION]), str(subj[C.INDICATOR]),
                          str(subj[C.PERIOD]), [e.quote for e in evidence])
        a, o = comp.acceptable, comp.observed
        values: dict[str, float | str] = {
            "stated": round(o.point, 6), "computed_low": round(o.lo, 6),
            "computed_high": round(o.hi, 6), "unit": "%" if comp.relation == "progress"
            else str(subj[C.UNIT]), "verdict": verdict, "relation": comp.relation,
        }
        if a.lo > -math.inf:
            values["allowed_low"] = round(a.lo, 6)
        if a.hi < math.inf:
            values["allowed_high"] = round(a.hi, 6)
        explanation = (
            f"Paired by region {subj[C.REGION]}, indicator {subj[C.INDICATOR]}, year "
            f"{subj[C.YEAR]}, measure {subj[C.KIND]} in {subj[C.UNIT] or 'no unit'}. "
            f"Observed {_observed_text(comp, claims)} → [{_fmt(o.lo)}, {_fmt(o.hi)}]; "
            f"allowed by {_target_text(comp, claims)} ({comp.relation}) → "
            f"[{_fmt(a.lo)}, {_fmt(a.hi)}]. "
            + ("No value inside the rounding interval reaches the allowed region."
               if verdict in ("inconsistent", "revision")
               else "Only values at the very edge of the rounding interval reach it.")
        )
        out.append(Finding(fid, rule.code, rule.version, Severity(severity), rule.title[lang],
                           message, evidence, values, explanation))
    return out


__all__ = ["P", "build_findings", "check_id", "to_frame"]
