"""ARITH-GROWTH — a stated growth rate disagrees with its level and change.

What it checks:
    A growth rate stated together with the level reached and the change on the previous
    period, in one clause run ("54721元,比上年增加2315元,同比增长4.4%"): the rate must
    equal change ÷ (level − change), over the rounding intervals of all three figures.
    减少/下降 make change and rate negative together. Growth 按可比价格 (constant prices)
    or 两年平均 is not recomputable from current-price levels and is not checked.

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

RULE = Rule(
    code="ARITH-GROWTH",
    version=1,
    family="arith",
    relation="growth",
    title={"zh": "增速与总量及增量不符", "en": "Growth rate does not follow from level and change"},
    messages={
        "inconsistent": {
            "en": "stated {stated}; {formula}",
            "zh": "文中为{stated},但{formula}",
        },
        "edge": {
            "en": "stated {stated}; {formula}: holds only if every figure sits in the outer "
                  "{outer} of its rounding interval — unlikely",
            "zh": "文中为{stated},{formula}:仅当各数均处于舍入区间最外侧{outer}时才成立,可能性很小",
        },
        "truncation": {
            "en": "stated {stated}; {formula}: consistent only if the publisher truncates "
                  "instead of rounding",
            "zh": "文中为{stated},{formula}:仅在截尾(而非四舍五入)时一致",
        },
        "scale_slip": {
            "en": "stated {stated}; {formula}: off by a factor of 10^4 — 万 and 亿 confused?",
            "zh": "文中为{stated},{formula}:相差10^4倍,疑为万与亿混用",
        },
        "percent_slip": {
            "en": "stated {stated}; {formula}: off by a factor of 10 — a decimal point slipped?",
            "zh": "文中为{stated},{formula}:相差10倍,疑为小数点错位",
        },
    },
)
