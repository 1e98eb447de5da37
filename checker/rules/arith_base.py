"""ARITH-BASE — a share's implied base disagrees with the base stated elsewhere.

What it checks:
    A share of a named whole ("高新技术产业增加值127.1亿元,…占GDP比重14.6%") against the
    whole stated elsewhere in the same document for the same region and period ("1-9月,完成
    地区生产总值1321.29亿元"): the share must equal part ÷ base, over the rounding intervals.
    The base is paired only when the whole is a catalogued indicator named right after 占
    and stated exactly once (one value) as an actual level for that region and period.
    Also a total and its parts each stated with its share of one unstated base ("为年预算
    的32.3%" … 其中 "为年预算的28.9%", "为年预算的40.4%"): when the parts' amounts add up to
    the total, their implied bases (amount ÷ share) must add up to the total's.

Why it matters:
    A share whose implied base (127.1亿 ÷ 14.6% = 870.5亿) is nowhere near the stated
    whole was computed from another period's base, another region's, or a mistyped part —
    and shares of GDP are what plans set targets on.

Fails:
    1.地区生产总值增长8%左右。1-9月,完成地区生产总值1321.29亿元,比上年同期增长4.4%。
    2.高新技术产业增加值占GDP比重达16%。1-9月,完成高新技术产业增加值127.1亿元,增速12.5%,
    占GDP比重14.6%。
    (127.1亿 ÷ 1321.29亿 = 9.62%; a base of 870.5亿 would give 14.6%).

Holds:
    1.地区生产总值增长8%左右。1-9月,完成地区生产总值1321.29亿元,比上年同期增长4.4%。
    2.高新技术产业增加值占GDP比重达16%。1-9月,完成高新技术产业增加值127.1亿元,增速12.5%,
    占GDP比重9.6%。
    (127.1亿 ÷ 1321.29亿 = 9.62%, inside [9.55, 9.65)).
"""

from __future__ import annotations

from checker.rules.base import Rule
from checker.rules.messages import COMPUTED_FIGURE_MESSAGES

RULE = Rule(
    code="ARITH-BASE",
    version=1,
    family="arith",
    relation="ratio",
    title={"zh": "占比隐含的基数与文中基数不符",
           "en": "Share implies a base that contradicts the stated one"},
    messages=COMPUTED_FIGURE_MESSAGES,
)
