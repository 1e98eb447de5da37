"""ARITH-DIFF — a change in percentage points disagrees with the two levels it connects.

What it checks:
    A change written in 百分点 (千分点 for ‰ rates, plain points for an index) beside the two
    levels it connects, in one clause run: "由20.5%提高到25.3%,提高4.8个百分点", "65.22%,
    比上年末的64.72%提高0.50个百分点", "为100.2,比2021年末的100.43下降0.23". The change
    must equal current − previous over the rounding intervals, in the direction its word
    states (提高 +, 下降 −). A completion rate's lead over 序时进度 ("1-3月…为年度计划的
    30.90%,超过时间进度5.90个百分点") must equal the rate minus the share of the year
    elapsed (N/12 at 1-N月; the day-count convention and N/12 rounded to 0.1 are accepted
    too). A change that matches the *relative* change of the two levels instead (20% → 25%
    "提高25个百分点") is named as a % / 百分点 confusion.

Why it matters:
    A change in points and the two levels it joins are three figures that cannot all be
    true when they disagree: one is mistyped, or taken from another year — and a lead over
    序时进度 that does not follow from the completion rate overstates the progress.

Fails:
    全市常住人口城镇化率由64.1%提高到65.2%,提高1.3个百分点。
    (65.2 − 64.1 = 1.1 points).

Holds:
    全市常住人口城镇化率由64.1%提高到65.2%,提高1.1个百分点。
    (65.2 − 64.1 = 1.1 points, inside [1.05, 1.15]).
"""

from __future__ import annotations

import pandas as pd

from checker import columns as C
from checker import precision as P
from checker.link import Relation, alternate_interval
from checker.rules.base import Rule
from checker.rules.messages import COMPUTED_FIGURE_MESSAGES
from checker.texts import Text

RULE = Rule(
    code="ARITH-DIFF",
    version=1,
    family="arith",
    relation="diff",
    title={"zh": "百分点变化与前后两个水平不符",
           "en": "Change in points does not follow from the two levels"},
    # edge and truncation messages are the shared ones; the rest say what a difference's
    # slips look like
    messages={
        **COMPUTED_FIGURE_MESSAGES,
        "inconsistent": {
            "en": "stated {stated}; {formula}",
            "zh": "文中为{stated},但{formula}",
        },
        "scale_slip": {
            "en": "stated {stated}; {formula}: off by a factor of 10^4 — a scale word slipped?",
            "zh": "文中为{stated},{formula}:相差10^4倍,疑为单位量级错误",
        },
        "percent_slip": {
            "en": "stated {stated}; {formula}: off by a factor of 10 — a decimal point slipped?",
            "zh": "文中为{stated},{formula}:相差10倍,疑为小数点错位",
        },
        "pp_slip": {
            "en": "stated {stated}; {formula}: {stated} matches the relative change {alt}, "
                  "not the difference {nearest} — "
                  "percent and percentage points (百分点) confused?",
            "zh": "文中为{stated},但{formula};{stated}与相对变化{alt}相符,而非两者之差"
                  "{nearest},疑为百分比与百分点混用",
        },
    },
)


def _number(x: float, decimals: int) -> str:
    return f"{x:.{max(decimals, 0)}f}"


def fields(rel: Relation, stated: P.Interval, computed: P.Interval, claims: pd.DataFrame
           ) -> dict[str, object]:
    """The fields this rule's messages use, and the values block of its findings.

    ``stated`` and ``computed`` are compared as magnitudes (a 下降 figure and its
    difference both negated), so the formula is written the way round that shows them, and
    the values are given that way too (下降0.4个百分点 is 0.4, from 3.5% − 3.1%)."""
    change = claims.loc[rel.stated]
    roles = dict(rel.inputs)
    current = claims.loc[roles["current"]]
    sigma = -1.0 if float(change[C.VALUE]) < 0 else 1.0
    unit = str(change[C.UNIT_WRITTEN])
    decimals = max([int(change[C.DECIMALS])] + [int(claims.loc[i, C.DECIMALS])
                                                 for _, i in rel.inputs])
    if "previous" in roles:
        reference: object = str(claims.loc[roles["previous"], C.QUOTE])
    else:
        span = rel.spans[0]
        decimals = max(decimals, 2)
        share = f"{span.point:.2f}".rstrip("0").rstrip(".") + "%"
        reference = Text(f"{share}({span.quote}序时进度)",
                         f"{share} (time elapsed at {span.quote})")
    first, second = ((str(current[C.QUOTE]), reference) if rel.sign * sigma > 0
                     else (reference, str(current[C.QUOTE])))
    shown = _number(computed.point, decimals) + unit
    formula = Text(f"{_text(first, 'zh')} − {_text(second, 'zh')} = {shown}",
                   f"{_text(first, 'en')} − {_text(second, 'en')} = {shown}")
    alt = alternate_interval(claims, rel)
    # the values as the formula shows them: the change the text states, in its direction
    return {"stated": str(change[C.QUOTE]), "formula": formula, "nearest": shown,
            "alt": "" if alt is None else _number(sigma * alt.point, decimals) + "%",
            "v_stated": stated.point, "v_point": computed.point,
            "v_low": computed.lo, "v_high": computed.hi, "unit": str(change[C.UNIT])}


def _text(value: object, lang: str) -> str:
    return value[lang] if isinstance(value, Text) else str(value)
