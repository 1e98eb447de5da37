"""TARGET-MISSED — a full-year result falls short of the year's target.

What it checks:
    The result for a year (全年, 年末; often in next year's work report) against the
    target the report set for that year, read with its qualifier: 以上/不低于 a floor,
    以内/控制在 a ceiling, 左右 a band (±0.5 percentage points for rates by default,
    ``band_pp``; ``band_relative`` for amounts), 6%-6.5% a range; no qualifier a floor, or
    a ceiling for less-is-better indicators (CPI, unemployment). Growth is compared with
    growth and levels with levels, never one with the other. A miss of a 力争/争取
    (stretch) target is reported apart, milder.

Why it matters:
    Missed targets are what the people's congress asks about; a report that lists results
    without saying which targets they missed needs a reviewer's attention.

Fails:
    [report 2022] 二、2022年工作安排 / 规模以上工业增加值增长10%。
    [report 2023] 一、2022年工作回顾 / 全市规模以上工业增加值增长7%。
    (7% is below the 10% floor even at the edge of rounding)

Holds:
    [report 2022] 二、2022年工作安排 / 城镇登记失业率控制在4.5%以内。
    [report 2023] 一、2022年工作回顾 / 城镇登记失业率为2.8%。
"""

from __future__ import annotations

from checker.rules.base import Rule

RULE = Rule(
    code="TARGET-MISSED",
    version=1,
    family="reconcile",
    relation="target",
    title={"zh": "未完成年度目标", "en": "Target missed"},
    messages={
        "inconsistent": {
            "en": "{indicator} {year}: result {observed} against the target {target} — missed",
            "zh": "{indicator} {year}年:结果{observed},目标{target},未完成",
        },
        "edge": {
            "en": "{indicator} {year}: result {observed} meets the target {target} only at the "
                  "edge of rounding",
            "zh": "{indicator} {year}年:结果{observed}仅在舍入边缘达到目标{target}",
        },
    },
)
