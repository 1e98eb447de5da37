"""Comparisons → the checks frame the rules engine validates, and back to findings.

The frame is the one the arithmetic rules use (:data:`checker.columns.CHECK_COLUMNS`):
``stated_*`` hold the acceptable region (what the target or the other document allows,
open-ended with ±inf for floors and ceilings) and ``computed_*`` the observed figure.
"""

from __future__ import annotations

import array
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from checker import columns as C
from checker import precision as P
from checker.findings import fingerprint, worded
from checker.frames import Cells
from checker.models import Evidence, Finding, Severity
from checker.reconcile.comparisons import Comparison
from checker.rules.base import registry
from checker.texts import (
    Phrase,
    Text,
    fmt_value,
    indicator_name,
    label,
    period_name,
    phrase,
    qualified,
    signed_quote,
    word,
)


def check_id(comp: Comparison, claims: pd.DataFrame | Cells) -> str:
    cells = claims if isinstance(claims, Cells) else Cells(claims, (C.DOC, C.START))
    rows = ":".join(str(int(cells.get(i, C.START))) for i in comp.rows)
    return f"{comp.rule}:{cells.get(comp.subject, C.DOC)}:{rows}"


def to_frame(comparisons: list[Comparison], claims: pd.DataFrame
             ) -> tuple[pd.DataFrame, dict[str, Comparison]]:
    # built column by column into typed arrays: a dict per row held ~600 MB at 10,000
    # documents, lists of Python values and their conversion ~250 MB
    by_id: dict[str, Comparison] = {}
    ids: list[str] = []
    rules: list[str] = []
    relations: list[str] = []
    subjects = array.array("q")
    bounds = [array.array("d") for _ in range(6)]  # acceptable, then observed: point lo hi
    cells = Cells(claims, (C.DOC, C.START))
    for comp in comparisons:
        cid = check_id(comp, cells)
        if cid in by_id:
            continue
        by_id[cid] = comp
        ids.append(cid)
        rules.append(comp.rule)
        relations.append(comp.relation)
        subjects.append(comp.subject)
        a, o = comp.acceptable, comp.observed
        for column, value in zip(bounds, (a.point, a.lo, a.hi, o.point, o.lo, o.hi),
                                 strict=True):
            column.append(value)
    n = len(ids)
    context = (C.DOC, C.INDICATOR, C.REGION, C.PERIOD, C.UNIT)  # the subject's
    rows = claims.loc[np.frombuffer(subjects, dtype=np.int64), list(context)] if n \
        else pd.DataFrame(columns=list(context))
    data: dict[str, object] = {C.CHECK_ID: ids, C.RULE: rules, C.RELATION: relations}
    data |= {c: rows[c].to_numpy(dtype=object) for c in context}
    del rows
    data = {name: pd.array(values, dtype="str") for name, values in data.items()}
    floats = dict(zip((C.STATED_VALUE, C.STATED_LOW, C.STATED_HIGH, C.COMPUTED_POINT,
                       C.COMPUTED_LOW, C.COMPUTED_HIGH),
                      (np.frombuffer(b, dtype=np.float64) if n else np.empty(0)
                       for b in bounds), strict=True))
    # a target is neither rounded nor truncated by the publisher of the result
    floats[C.STATED_TRUNC_LOW], floats[C.STATED_TRUNC_HIGH] = (floats[C.STATED_LOW],
                                                                floats[C.STATED_HIGH])
    floats[C.ALT_LOW] = floats[C.ALT_HIGH] = np.full(n, np.nan)
    data |= floats
    # typed already: no astype, and copy=False keeps the columns as they are (a copy and a
    # consolidated block of each dtype otherwise, while the comparisons are still alive)
    frame = pd.DataFrame(data, columns=list(C.CHECK_COLUMNS), copy=False)
    return frame, by_id


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:.4g}"


def _figure(claims: pd.DataFrame, row: int | None) -> str:
    return "" if row is None else str(claims.loc[row, C.QUOTE])


def _target_text(comp: Comparison, claims: pd.DataFrame) -> str | Phrase:
    if comp.relation == "progress":
        pct = 100 * (comp.elapsed or 0.0)
        if comp.reference is None:
            return phrase("schedule_alone", pct=pct)
        return phrase("schedule", ref=_figure(claims, comp.reference), pct=pct)
    quote = _figure(claims, comp.reference)
    if comp.reference is None or comp.rule == "XDOC-MISMATCH":
        return quote
    return qualified(quote, str(claims.loc[comp.reference, C.QUALIFIER]))


def _observed_text(comp: Comparison, claims: pd.DataFrame) -> str | Phrase:
    quote = _figure(claims, comp.subject)
    if comp.relation == "progress" and comp.reference is not None:
        return phrase("share_of_target", quote=quote, pct=comp.observed.point)
    if comp.relation == "implied":
        # last year's figure, this year's less its change (下降0.5个百分点 is −0.5)
        change = claims.loc[comp.extra[0]]
        signed = signed_quote(str(change[C.QUOTE]), float(change[C.VALUE]))
        value = fmt_value(round(comp.observed.point, 6), str(claims.loc[comp.subject, C.UNIT]))
        return phrase("implied_previous", value=value, quote=quote, change=signed)
    return quote


def _year(comp: Comparison, claims: pd.DataFrame) -> object:
    """The year the figures compared are about: last year's for an implied one."""
    row = comp.reference if comp.relation == "implied" else comp.subject
    return claims.loc[row, C.YEAR]


def _gap(comp: Comparison, unit: str) -> str | Phrase:
    """How far the observed figure is from the allowed region, in its unit (percentage
    points for rates and for progress against the schedule)."""
    a, o = comp.acceptable, comp.observed
    if a.lo > -math.inf and o.point < a.lo:
        key, amount = "short", a.lo - o.point
    elif a.hi < math.inf and o.point > a.hi:
        key, amount = "over", o.point - a.hi
    else:
        return ""
    if comp.relation == "progress" or unit in ("%", "百分点"):
        return phrase(key, amount=phrase("points", x=amount))
    return phrase(key, amount=fmt_value(round(amount, 6), unit))


def _steps(comp: Comparison, claims: pd.DataFrame, verdict: str) -> list[Phrase]:
    subj = claims.loc[comp.subject]
    a, o = comp.acceptable, comp.observed
    unit = str(subj[C.UNIT] or "")
    return [
        phrase("paired_by", region=subj[C.REGION], indicator=indicator_name(subj[C.INDICATOR]),
               year=_year(comp, claims), measure=label("measure", subj[C.KIND]),
               unit=unit or phrase("no_unit")),
        phrase("observed_interval", observed=_observed_text(comp, claims), lo=_fmt(o.lo),
               hi=_fmt(o.hi)),
        phrase("allowed_interval", target=_target_text(comp, claims),
               relation=label("relation", comp.relation), lo=_fmt(a.lo), hi=_fmt(a.hi)),
        phrase("reaches_none" if verdict in ("inconsistent", "revision") else "reaches_edge"),
    ]


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
        fields = {"indicator": indicator_name(subj[C.INDICATOR]), "year": _year(comp, claims),
                  "period": period_name(subj[C.PERIOD]),
                  "observed": _observed_text(comp, claims),
                  "target": _target_text(comp, claims),
                  "gap": _gap(comp, str(subj[C.UNIT] or ""))} | fields_extra
        rows = list(comp.rows) + [o.subject for o in others]
        also = None
        if others:
            seen = [_observed_text(o, claims) for o in others]
            also = phrase("also_behind", others=Text(
                zh="、".join(str(word(x, "zh")) for x in seen),
                en=", ".join(str(word(x, "en")) for x in seen)))
        texts = worded(rule, verdict, fields, _steps(comp, claims, verdict), also)
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
        mine = texts[lang]
        out.append(Finding(fid, rule.code, rule.version, Severity(severity), mine.title,
                           mine.message, evidence, values, mine.explanation, texts=texts))
    return out


__all__ = ["P", "build_findings", "check_id", "to_frame"]
