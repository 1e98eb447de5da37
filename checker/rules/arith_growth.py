"""ARITH-GROWTH — a stated growth rate disagrees with its level and change.

What it checks:
    A growth rate stated together with the level reached and the change on the previous
    period, in one clause run ("54721元,比上年增加2315元,同比增长4.4%"): the rate must
    equal change ÷ (level − change), over the rounding intervals of all three figures.
    减少/下降 make change and rate negative together. Growth 按可比价格 (constant prices)
    or 两年平均 is not recomputable from current-price levels and is not checked. Also a
    rate against this year's and last year's level ("上年为24.1亿元"), and a growth rate
    of a rate against its two levels ("由20%提高到25%,增长25%"): a rate that matches their
    difference in points instead ("增长5%") is named as a % / 百分点 confusion.

Why it matters:
    Three figures that cannot all be true mean one is mistyped or taken from another
    period; growth rates are what readers compare across regions and years.

Fails:
    全区城镇居民人均可支配收入54721元,比上年增加2315元,同比增长5.4%。
    (2315 ÷ 52406 = 4.42%).

Holds:
    全区城镇居民人均可支配收入54721元,比上年增加2315元,同比增长4.4%。
    (2315 ÷ 52406 = 4.42%, inside [4.35, 4.45)).
"""

from __future__ import annotations

from checker.rules.base import Rule
from checker.rules.messages import COMPUTED_FIGURE_MESSAGES

RULE = Rule(
    code="ARITH-GROWTH",
    version=1,
    family="arith",
    relation="growth",
    title={"zh": "增速与总量及增量不符", "en": "Growth rate does not follow from level and change"},
    # edge, truncation and 万/亿 messages are the shared ones; the rest say what a growth
    # rate's slips look like
    messages={
        **COMPUTED_FIGURE_MESSAGES,
        "inconsistent": {
            "en": "stated {stated}; {formula}",
            "zh": "文中为{stated},但{formula}",
        },
        "percent_slip": {
            "en": "stated {stated}; {formula}: off by a factor of 10 — a decimal point slipped?",
            "zh": "文中为{stated},{formula}:相差10倍,疑为小数点错位",
        },
        # a growth rate of a rate whose two levels differ by that many points
        "pp_slip": {
            "en": "stated {stated}; {formula}: {stated} matches the difference {alt}, "
                  "not the relative change {nearest} — "
                  "percent and percentage points (百分点) confused?",
            "zh": "文中为{stated},但{formula};{stated}与两者之差{alt}相符,而非相对变化"
                  "{nearest},疑为百分比与百分点混用",
        },
    },
)
