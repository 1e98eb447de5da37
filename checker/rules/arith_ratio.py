"""ARITH-RATIO — a stated completion rate or share disagrees with numerator ÷ base.

What it checks:
    A percentage stated as a completion rate (完成…的x%, 完成率, 进度) or share (占比)
    against the two figures it is computed from, in the same clause or bulletin item:
    the base written just before the rate, stated earlier in the sentence, or the target
    restated in the item's opening. Every figure stands for its rounding interval; exact
    counts and targets used as the base are exact.

Why it matters:
    A rate that cannot follow from its own figures means one of the three numbers is
    wrong — a typo in the count, a base from another year, a unit printed wrong (‰ as %),
    or a 万/亿 slip — and readers quote rates more than counts.

Fails:
    新签约50亿元重大项目283个,完成省定全年目标186个的142.2% (283 ÷ 186 = 152.15%;
    a base of 199 would give 142.2%).

Holds:
    其中亿元以上项目283个,同比增长108.1%,完成省定全年目标186个的152.2%
    (283 ÷ 186 = 152.15%, inside [152.15, 152.25)).
"""

from __future__ import annotations

from checker.rules.base import Rule
from checker.rules.messages import COMPUTED_FIGURE_MESSAGES

RULE = Rule(
    code="ARITH-RATIO",
    version=1,
    family="arith",
    relation="ratio",
    title={"zh": "比率与其分子分母不符", "en": "Rate does not follow from its figures"},
    messages=COMPUTED_FIGURE_MESSAGES,
)
