"""Flagged check rows → verdicts and severities.

How pass/fail is decided (the GX part): the family's suite runs the custom expectation
``expect_stated_to_match_computed`` twice per rule over the whole checks frame —

* tier ``rounding`` (narrow 1.0): a row fails when the computed point is outside the
  stated interval *and* the full rounding intervals do not meet: no values inside the
  intervals satisfy the relation;
* tier ``core`` (narrow = ``core_fraction``, 0.8): a row fails when the computed point is
  outside the stated interval and the intervals, each narrowed to its central 80 %, do not
  meet.

A row failing ``rounding`` is a mismatch; failing only ``core`` it is an *edge* case.
Causes and severities are then classified in plain pandas on the flagged rows only: a
mismatch whose stated truncation interval meets the computed one is *truncation*; one that
meets after × or ÷ 10^4 is a *scale_slip* (万/亿), after × or ÷ 10 a *percent_slip*
(% vs ‰); one that meets the value under the other reading of a percentage (the relative
change of two rates for a change in 百分点, their difference for a growth rate; columns
``alt_low``/``alt_high``) is a *pp_slip* (% vs 百分点); anything else is *inconsistent*.
Causes apply to the arithmetic family only: a missed target or two documents' differing
figures are judged as they stand. Each verdict's severity comes from the rule's parameters
(rules.yaml, ``--config``); ``off`` drops it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from checker import columns as C
from checker.rules.base import registry

GX_BATCH_ROWS = 200_000  # rows of the checks frame one GX validation sees
VERDICT = "verdict"
SEVERITY = "severity"
_SEVERITY_KEY = {
    "inconsistent": "severity", "scale_slip": "scale_slip_severity",
    "percent_slip": "unit_slip_severity", "pp_slip": "pp_slip_severity",
    "edge": "edge_severity",
    "truncation": "truncation_severity",
}


def stated_matches(s_lo: pd.Series, s_hi: pd.Series, c_lo: pd.Series, c_hi: pd.Series,
                   c_pt: pd.Series, s_pt: pd.Series, narrow: float) -> pd.Series:
    """Row-wise: the computed point lies in the stated interval, or both intervals narrowed
    to their central ``narrow`` fraction (around their points) overlap. The GX metric and
    the plain-pandas path both call this, so they cannot drift apart."""
    tol = 1e-9 * pd.concat([c_pt.abs(), s_pt.abs()], axis=1).max(axis=1).clip(lower=1)
    inside = (s_lo - tol <= c_pt) & (c_pt <= s_hi + tol)
    lo = pd.concat([s_pt - narrow * (s_pt - s_lo), c_pt - narrow * (c_pt - c_lo)],
                   axis=1).max(axis=1)
    hi = pd.concat([s_pt + narrow * (s_hi - s_pt), c_pt + narrow * (c_hi - c_pt)],
                   axis=1).min(axis=1)
    return inside | (lo <= hi + tol)


def _overlap(a_lo: pd.Series, a_hi: pd.Series, b_lo: pd.Series, b_hi: pd.Series) -> pd.Series:
    tol = 1e-9 * pd.concat([a_hi.abs(), b_hi.abs()], axis=1).max(axis=1).clip(lower=1)
    return pd.concat([a_lo, b_lo], axis=1).max(axis=1) <= \
        pd.concat([a_hi, b_hi], axis=1).min(axis=1) + tol


def _frame_matches(frame: pd.DataFrame, narrow: float) -> pd.Series:
    return stated_matches(frame[C.STATED_LOW], frame[C.STATED_HIGH], frame[C.COMPUTED_LOW],
                          frame[C.COMPUTED_HIGH], frame[C.COMPUTED_POINT],
                          frame[C.STATED_VALUE], narrow)


def flags_pandas(checks: pd.DataFrame, params: dict[str, dict]) -> dict[str, str]:
    """The same decision as the GX suites, in vectorised pandas: check id → tier failed."""
    out: dict[str, str] = {}
    for code in registry():
        rows = checks[checks[C.RULE] == code]
        if rows.empty:
            continue
        core = float(params[code]["core_fraction"])
        full_ok = _frame_matches(rows, 1.0)
        core_ok = _frame_matches(rows, core)
        out.update(dict.fromkeys(rows.loc[~full_ok, C.CHECK_ID], "rounding"))
        out.update(dict.fromkeys(rows.loc[full_ok & ~core_ok, C.CHECK_ID], "core"))
    return out


def flags_gx(checks: pd.DataFrame, params: dict[str, dict],
             suites: dict[str, Any] | None = None) -> dict[str, str]:
    """Validate one checks frame per rule family with Great Expectations. ``suites``
    (family → built suite, for these ``params``) keeps the suites built for the next frame
    of the same audit."""
    from checker.rules import gx

    out: dict[str, str] = {}
    rules = registry()
    for family in sorted({rule.family for rule in rules.values()}):
        suite = suites.get(family) if suites is not None else None
        if suite is None:
            suite = gx.build_suite(gx.load_suite_dict(family), params)
            if suites is not None:
                suites[family] = suite
        # Each suite sees its own family's rows, a batch at a time: the expectations are
        # row by row (no ``mostly``), so the failures are the same, and GX's working copies
        # stay the size of a batch (1.2 M rows at 10,000 documents took ~400 MB at once).
        ours = checks[C.RULE].isin([c for c, r in rules.items() if r.family == family])
        if not ours.any():
            continue  # nothing of this family to validate (its suite was built: it loads)
        mine = checks if ours.all() else checks[ours]
        for start in range(0, len(mine), GX_BATCH_ROWS):
            for failure in gx.validate(mine.iloc[start:start + GX_BATCH_ROWS], suite):
                for check_id in failure.check_ids:
                    # "rounding" outranks "core": a row failing both is a mismatch, not an edge
                    if out.get(check_id) != "rounding":
                        out[check_id] = failure.tier
    return out


def verdicts(checks: pd.DataFrame, params: dict[str, dict], *, engine: str = "gx",
             suites: dict[str, Any] | None = None, flags: Mapping[str, str] | None = None
             ) -> pd.DataFrame:
    """One row per flagged check: check id, rule, verdict, severity. ``suites``: as
    :func:`flags_gx` takes it; ``flags``: this frame's, when the caller has them from
    ``engine`` already (:func:`flags_pandas`)."""
    columns = [C.CHECK_ID, C.RULE, VERDICT, SEVERITY]
    if checks.empty:
        return pd.DataFrame(columns=columns).astype("str")
    if flags is None:
        flags = flags_gx(checks, params, suites) if engine == "gx" else flags_pandas(
            checks, params)
    flagged = checks[checks[C.CHECK_ID].isin(list(flags))].copy()
    tier = flagged[C.CHECK_ID].map(flags)
    trunc = _overlap(flagged[C.STATED_TRUNC_LOW], flagged[C.STATED_TRUNC_HIGH],
                     flagged[C.COMPUTED_LOW], flagged[C.COMPUTED_HIGH])

    def slip(factor: float) -> pd.Series:
        hit = pd.Series(False, index=flagged.index)
        for k in (factor, 1 / factor):
            hit |= _overlap(flagged[C.STATED_LOW], flagged[C.STATED_HIGH],
                            flagged[C.COMPUTED_LOW] * k, flagged[C.COMPUTED_HIGH] * k)
        return hit

    # Causes (truncation, 万/亿 and %/‰ slips) explain arithmetic that does not hold; a
    # missed target or two documents' figures are judged as they stand.
    rules = registry()
    arith = flagged[C.RULE].map(lambda code: rules[code].family == "arith").astype(bool)
    verdict = pd.Series("inconsistent", index=flagged.index, dtype="str")
    verdict[slip(10.0) & arith] = "percent_slip"
    verdict[slip(1e4) & arith] = "scale_slip"
    if C.ALT_LOW in flagged:
        # 20% → 25% "提高25个百分点", or "增长5%": more telling than a 10× slip that may
        # coincide with it (10% → 11% "提高10个百分点")
        alt = flagged[C.ALT_LOW].notna()
        pp = alt & _overlap(flagged[C.STATED_LOW], flagged[C.STATED_HIGH],
                            flagged[C.ALT_LOW].fillna(0.0), flagged[C.ALT_HIGH].fillna(0.0))
        verdict[pp & arith] = "pp_slip"
    verdict[trunc & arith] = "truncation"
    verdict[tier == "core"] = "edge"
    flagged[VERDICT] = verdict
    flagged[SEVERITY] = [str(params[r][_SEVERITY_KEY[v]])
                         for r, v in zip(flagged[C.RULE], flagged[VERDICT], strict=True)]
    flagged = flagged[flagged[SEVERITY] != "off"]
    return flagged[columns].reset_index(drop=True)
