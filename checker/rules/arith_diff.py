"""ARITH-DIFF — a change in points, or a difference of two rates, disagrees with the two
figures it connects.

What it checks:
    A change written in 百分点 (千分点 for ‰ rates, plain points or 个点 for an index, 基点
    at 0.01 point each) beside the two levels it connects, in one clause run: "由20.5%提高到
    25.3%,提高4.8个百分点", "65.22%,比上年末的64.72%提高0.50个百分点", "为100.2,比2021年末
    的100.43下降0.23", "由3.65%下调至3.45%,下降20个基点". The change must equal current −
    previous over the rounding intervals, in the direction its word states (提高 +, 下降 −).
    A natural growth rate must equal the birth rate less the death rate stated with it
    (one population base for all three: "出生率15.4‰…死亡率7.0‰,自然增长率8.4‰"), and its
    change on the year before the birth rate's change less the death rate's ("比上年下降
    1.84个千分点…下降0.03个千分点…下降1.81个千分点"). A completion rate's lead over 序时
    进度 ("1-3月…为年度计划的30.90%,超过时间进度5.90个百分点") must equal the rate minus
    the share of the year elapsed (N/12 at 1-N月; the day-count convention and N/12
    rounded to 0.1 are accepted too). A change that matches the *relative* change of the
    two levels instead (20% → 25% "提高25个百分点") is named as a % / 百分点 confusion.

Why it matters:
    A change in points and the two levels it joins are three figures that cannot all be
    true when they disagree: one is mistyped, or taken from another year — and a lead over
    序时进度 that does not follow from the completion rate overstates the progress. A
    natural growth rate that is not births less deaths says one of the three vital rates
    was printed wrong.

Fails:
    全市常住人口城镇化率由64.1%提高到65.2%,提高1.3个百分点。
    (65.2 − 64.1 = 1.1 points).

Holds:
    全市常住人口城镇化率由64.1%提高到65.2%,提高1.1个百分点。
    (65.2 − 64.1 = 1.1 points, inside [1.05, 1.15]).
"""

from __future__ import annotations

import math

import pandas as pd

from checker import columns as C
from checker import precision as P
from checker.link import Relation, alternate_interval
from checker.rules.base import Rule
from checker.rules.messages import COMPUTED_FIGURE_MESSAGES, PLAIN_FIGURE_MESSAGES
from checker.texts import Text, signed_quote

RULE = Rule(
    code="ARITH-DIFF",
    version=1,
    family="arith",
    relation="diff",
    title={"zh": "百分点变化或比率之差与其两项不符",
           "en": "Change in points or difference of rates does not follow from its two figures"},
    # edge and truncation messages are the shared ones, the plain mismatch and the scale
    # slip a day count's too; the rest say what a difference's slips look like
    messages={
        **COMPUTED_FIGURE_MESSAGES,
        **PLAIN_FIGURE_MESSAGES,
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
    # an identity of two stated figures (自然增长率 = 出生率 − 死亡率) reads as one of two
    # levels: the minuend first
    current = claims.loc[roles.get("current", roles.get("minuend"))]
    sigma = -1.0 if float(change[C.VALUE]) < 0 else 1.0
    unit = str(change[C.UNIT_WRITTEN])
    # the levels' decimals, less those a finer change unit takes up (3.45% − 3.65% in 基点)
    shift = round(math.log10(rel.factor))
    decimals = max([int(change[C.DECIMALS])] + [int(claims.loc[i, C.DECIMALS]) - shift
                                                 for _, i in rel.inputs])
    if "previous" in roles or "minus" in roles:
        reference: object = _signed(claims.loc[roles.get("previous", roles.get("minus"))])
    else:
        span = rel.spans[0]
        decimals = max(decimals, 2)
        share = f"{span.point:.2f}".rstrip("0").rstrip(".") + "%"
        reference = Text(f"{share}({span.quote}序时进度)",
                         f"{share} (time elapsed at {span.quote})")
    first, second = ((_signed(current), reference) if rel.sign * sigma > 0
                     else (reference, _signed(current)))
    shown = _number(computed.point, decimals) + unit
    # a change in 基点 between two % levels: (3.65% − 3.45%) × 100
    scale = "" if rel.factor == 1.0 else f" × {rel.factor:g}"
    formula = Text(_difference(first, second, scale, "zh") + f" = {shown}",
                   _difference(first, second, scale, "en") + f" = {shown}")
    alt = alternate_interval(claims, rel)
    # the values as the formula shows them: the change the text states, in its direction
    return {"stated": str(change[C.QUOTE]), "formula": formula, "nearest": shown,
            "alt": "" if alt is None else _number(sigma * alt.point, decimals) + "%",
            "v_stated": stated.point, "v_point": computed.point,
            "v_low": computed.lo, "v_high": computed.hi, "unit": str(change[C.UNIT])}


def _signed(rec: pd.Series) -> str:
    """A figure as the formula needs it: a change the text states with 下降 is negative
    though its quote has no minus sign ("(−1.84个千分点)"), and a negative one is bracketed."""
    quote, value = str(rec[C.QUOTE]), float(rec[C.VALUE])
    return quote if value >= 0 else f"({signed_quote(quote, value, '−')})"


def _difference(first: object, second: object, scale: str, lang: str) -> str:
    words = f"{_text(first, lang)} − {_text(second, lang)}"
    return f"({words}){scale}" if scale else words


def _text(value: object, lang: str) -> str:
    return value[lang] if isinstance(value, Text) else str(value)
