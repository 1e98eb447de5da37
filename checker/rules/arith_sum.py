"""ARITH-SUM — the parts listed after 其中 do not add up to their stated total.

What it checks:
    A total followed by a 其中 list of parts in the same unit, one part per clause
    ("新增停车位14419个,其中公共停车泊位4608个,新建小区配建3811个,…6000个"). The sum of
    the parts' rounding intervals must meet the total's interval; exact counts are exact,
    so 24+9+11 against 45 fails whatever the rounding. Lists that cover far less than the
    total are taken as non-exhaustive and not checked (``max_gap``).

Why it matters:
    A total that its own breakdown contradicts means a part is missing, counted twice,
    or mistyped; auditors reconcile breakdowns first.

Fails:
    主城区拥堵点整治项目45个,其中已完工24个,正在施工9个,前期工作11个 (24 + 9 + 11 = 44).

Holds:
    新增停车位14419个,其中公共停车泊位4608个,新建小区配建3811个,老旧小改造及住宅小区改造6000个
    (4608 + 3811 + 6000 = 14419).
"""

from __future__ import annotations

from checker.rules.base import Rule

RULE = Rule(
    code="ARITH-SUM",
    version=1,
    family="arith",
    relation="sum",
    title={"zh": "分项之和与总数不符", "en": "Parts do not add up to the total"},
    messages={
        "inconsistent": {
            "en": "stated total {stated}; the parts add to {formula}; a total of {nearest} "
                  "would be consistent",
            "zh": "总数为{stated},但分项合计{formula};总数应为{nearest}",
        },
        "edge": {
            "en": "stated total {stated}; the parts add to {formula}: holds only if every "
                  "figure sits in the outer {outer} of its rounding interval — unlikely",
            "zh": "总数为{stated},分项合计{formula}:"
                  "仅当各数均处于舍入区间最外侧{outer}时才成立,可能性很小",
        },
        "truncation": {
            "en": "stated total {stated}; the parts add to {formula}: consistent only if the "
                  "publisher truncates instead of rounding",
            "zh": "总数为{stated},分项合计{formula}:仅在截尾(而非四舍五入)时一致",
        },
        "scale_slip": {
            "en": "stated total {stated}; the parts add to {formula}: off by a factor of 10^4 "
                  "— 万 and 亿 confused?",
            "zh": "总数为{stated},分项合计{formula}:相差10^4倍,疑为万与亿混用",
        },
        "percent_slip": {
            "en": "stated total {stated}; the parts add to {formula}: off by a factor of 10",
            "zh": "总数为{stated},分项合计{formula}:相差10倍",
        },
    },
)
