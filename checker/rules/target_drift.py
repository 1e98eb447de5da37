"""TARGET-DRIFT — a bulletin restates a target differently from the report.

What it checks:
    The target a bulletin item restates (its opening sentence) against the target the
    work report set for the same region, indicator and year, with both figures' rounding.

Why it matters:
    Progress measured against a quietly changed target is not progress against the
    target the people's congress approved; either the bulletin or the tracking is wrong.

Fails:
    [report 2022] 二、2022年工作安排 / 地区生产总值增长7.5%。
    [bulletin 2022 1-9月] 1.地区生产总值增长8%左右。
    (the bulletin restates 8%; the report set 7.5%)

Holds:
    [report 2022] 二、2022年工作安排 / 固定资产投资增长12%。
    [bulletin 2022 1-9月] 3.固定资产投资增长12%。
"""

from __future__ import annotations

from checker.rules.base import Rule

RULE = Rule(
    code="TARGET-DRIFT",
    version=1,
    family="reconcile",
    relation="equal",
    title={"zh": "通报复述目标与报告不一致", "en": "Restated target differs from the report"},
    messages={
        "inconsistent": {
            "en": "{indicator} {year}: the bulletin restates the target as {observed}; the "
                  "report set {target}",
            "zh": "{indicator} {year}年:通报复述目标为{observed},报告确定为{target}",
        },
        "edge": {
            "en": "{indicator} {year}: restated target {observed} agrees with the report's "
                  "{target} only at the edge of rounding",
            "zh": "{indicator} {year}年:复述目标{observed}与报告{target}仅在舍入边缘一致",
        },
    },
)
