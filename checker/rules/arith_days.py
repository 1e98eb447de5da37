"""ARITH-DAYS — a day count disagrees with the dates it spans.

What it checks:
    A count of days written with the two dates it runs between ("4月29日至11月9日连续195天"):
    the count must equal the days from the first date to the last, both included. And a
    rate over the days elapsed ("截至8月27日,优良天数198天,…优良率82.5%"): the count ÷
    the days from 1月1日 to the cut-off (截至M月D日, 1-N月, 上半年, 全年), both included.
    Dates without a year take the document's year; when it is unknown, 2月 may have 28 or
    29 days and either is accepted.

Why it matters:
    Day counts are exact: a span that does not fit its dates, or a rate that does not fit
    the days elapsed, means a date or a count was copied wrong — and both are quoted as
    records ("连续N天无疫情").

Fails:
    守护人民安康,4月29日至11月9日连续185天咸宁无疫情。
    (29 April to 9 November, both included, is 195 days).

Holds:
    守护人民安康,4月29日至11月9日连续195天咸宁无疫情。
    (2 + 31 + 30 + 31 + 31 + 30 + 31 + 9 = 195 days).
"""

from __future__ import annotations

from checker.rules.base import Rule
from checker.rules.messages import COMPUTED_FIGURE_MESSAGES, PLAIN_FIGURE_MESSAGES

RULE = Rule(
    code="ARITH-DAYS",
    version=1,
    family="arith",
    relation="days",
    title={"zh": "天数与起止日期不符", "en": "Day count does not fit its dates"},
    messages={
        **COMPUTED_FIGURE_MESSAGES,  # edge and truncation as shared; the rest are a date's
        **PLAIN_FIGURE_MESSAGES,
        "percent_slip": {
            "en": "stated {stated}; {formula}: off by a factor of 10 — a digit or decimal "
                  "point slipped?",
            "zh": "文中为{stated},{formula}:相差10倍,疑为数位或小数点错误",
        },
    },
)
