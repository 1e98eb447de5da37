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
from checker.models import Evidence, Finding, Severity, Wording
from checker.rules import arith_diff
from checker.rules.base import Rule, registry
from checker.rules.engine import SEVERITY, VERDICT
from checker.texts import LANGS, Phrase, Text, label, phrase, phrases, word


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
            ) -> dict[str, str | float | Phrase]:
    """The fields a message template uses, and the values block. A field with words in it
    is a :class:`~checker.texts.Phrase` (or a Text), worded in each language; a plain
    string reads the same in both."""
    if rel.relation == "diff":
        return arith_diff.fields(rel, stated, computed, claims)  # type: ignore[return-value]
    inputs = {role: [claims.loc[i] for r, i in rel.inputs if r == role]
              for role in ("numerator", "minus", "base", "part")}
    if rel.relation == "days":
        count, span = claims.loc[rel.stated], rel.spans[0]
        formula = phrase("days_formula", span=span.quote, days=span.point, unknown=phrase(
            "days_formula_unknown", lo=span.lo, hi=span.hi) if span.lo != span.hi else "")
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
        formula = phrase("implied_formula", total=_quote(total), share=_quote(share),
                         base=f"{_fmt(stated.point / k, d)}{unit}",
                         parts=" + ".join(f"{_quote(a)} ÷ {_quote(s)}" for a, s in pairs),
                         implied=f"{_fmt(computed.point / k, d)}{unit}")
        return {"stated": _quote(share), "formula": formula,
                "nearest": f"{_fmt(stated.point / k, d)}{unit}",
                "v_stated": stated.point / k, "v_point": computed.point / k,
                "v_low": computed.lo / k, "v_high": computed.hi / k, "unit": unit}
    if rel.relation == "ratio" and not inputs["base"]:
        # the base is a span of days read from the text (截至8月27日 → 240 days)
        rate, span = claims.loc[rel.stated], next(sp for sp in rel.spans if sp.role == "base")
        d = int(rate[C.DECIMALS]) + 1
        top = " + ".join(_quote(n) for n in inputs["numerator"])
        formula = phrase("days_ratio_formula", top=top, days=span.point, span=span.quote,
                         rate=f"{_fmt(computed.point, d)}%")
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
        # a rate's two levels: their difference in points, for the % / 百分点 message
        points = {"%": ("个百分点", " pp"), "‰": ("个千分点", " ‰ points")}.get(
            str(level[C.UNIT]))
        gap = _fmt(sign * (level[C.VALUE] - previous[0][C.VALUE]), d) if previous else ""
        alt: Text | str = Text(gap + points[0], gap + points[1]) if gap and points else ""
        return {"stated": _quote(rate), "formula": formula, "nearest": _fmt(shown, d) + "%",
                "alt": alt,
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
                 fields: Mapping[str, str | float | Phrase], claims: pd.DataFrame,
                 core: float) -> list[Phrase]:
    """The recomputation as steps, each a shared phrase (worded in every language)."""
    steps = [phrase("paired_because", note=rel.note)]
    for role, i in rel.inputs:
        rec = claims.loc[i]
        exact = i in rel.exact_inputs or (bool(rec[C.EXACT]) and rec[C.UNIT] in P.discrete_units())
        how = "input_exact_target" if i in rel.exact_inputs else (
            "input_exact_count" if exact else "input_rounded")
        steps.append(phrase(how, role=label("role", role), quote=_quote(rec),
                            decimals=int(rec[C.DECIMALS])))
    for span in rel.spans:
        # a span of dates in days, or 序时进度 as a share of the year (ARITH-DIFF)
        steps.append(phrase("span_elapsed" if span.role == "elapsed" else "span_days",
                            role=label("role", span.role), quote=span.quote,
                            days=span.point, lo=span.lo, hi=span.hi,
                            unknown=phrase("span_days_unknown", lo=span.lo, hi=span.hi)
                            if span.lo != span.hi else ""))
    unit = fields["unit"]
    steps.append(phrase("computed", formula=fields["formula"], lo=fields["v_low"],
                        hi=fields["v_high"], unit=unit))
    if rel.stated_exact_value is None:
        k = float(fields["v_stated"]) / stated.point if stated.point else 1.0
        steps.append(phrase("stated_interval", stated=fields["stated"], lo=stated.lo * k,
                            hi=stated.hi * k, unit=unit))
    else:
        steps.append(phrase("stated_whole"))
    outer = max(0.0, 1 - P.edge_depth(stated, computed))
    key = f"verdict_{verdict}"
    steps.append(phrase(key if key in phrases() else "verdict_inconsistent", core=core,
                        outer=outer))
    return steps


def worded(rule: Rule, verdict: str, fields: Mapping[str, object], steps: list[Phrase],
           extra: Phrase | None = None) -> dict[str, Wording]:
    """A finding's title, message and explanation in every language: the rule's templates
    for ``verdict`` filled with ``fields``, then ``extra``; the steps one a line."""
    out = {}
    for lang in LANGS:
        template = rule.messages[verdict].get(lang) or rule.messages[verdict]["en"]
        message = template.format(**{k: word(v, lang) for k, v in fields.items()})
        if extra is not None:
            message += extra[lang]
        out[lang] = Wording(rule.title.get(lang) or rule.title["en"], message,
                            "\n".join(step[lang] for step in steps))
    return out


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
        core = float(params[rel.rule]["core_fraction"])  # type: ignore[arg-type]
        texts = worded(rule, verdict, {"outer": outer, **fields},
                       _explanation(rel, stated, computed, verdict, fields, claims, core))
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
        mine = texts[lang]
        out.append(Finding(fid, rule.code, rule.version, Severity(getattr(rec, SEVERITY)),
                           mine.title, mine.message, evidence, values, mine.explanation,
                           texts=texts))
    out.sort(key=lambda f: (-f.severity.rank, f.evidence[0].doc, f.evidence[0].start))
    return out
