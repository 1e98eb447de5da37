"""TARGET-BEHIND — progress during the year lags the target or the time elapsed.

What it checks:
    A figure for part of the year against the year's target. A growth rate or a level
    rate is compared directly with the target (GDP growth 4.4% at 1-9月 against 8%左右 is
    behind, not yet missed: only a full-year result can miss). A cumulative quantity is
    compared with 序时进度, the share of the year elapsed: 50% at 上半年, 75% after 1-9月,
    by day count for 截至8月27日. A stated completion rate of the year's plan (完成年度
    计划的40.4%) is compared with the same share.

Why it matters:
    Bulletins exist to show what is falling behind while there is time to act; a lag the
    bulletin does not call out is what a supervisor needs to see.

Fails:
    [report 2020] 二、2020年工作安排 / 新增城镇就业3.7万人。
    [bulletin 2020 1-6月] 1.新增城镇就业3.7万人。上半年,全市城镇新增就业14240人。
    (38.5% of the target at mid-year, below the 50% of the year elapsed)

Holds:
    [report 2020] 二、2020年工作安排 / 新建农村公路1000公里。
    [bulletin 2020 1-6月] 1.新建农村公路1000公里。截至6月底,新建农村公路752.654公里。
    (75.3%, ahead of the 50% elapsed)
"""

from __future__ import annotations

from checker.rules.base import Rule

RULE = Rule(
    code="TARGET-BEHIND",
    version=1,
    family="reconcile",
    relation="progress",
    title={"zh": "进度滞后", "en": "Behind schedule"},
    messages={
        "inconsistent": {
            "en": "{indicator} at {period}: {observed} against {target} — behind schedule "
                  "({gap})",
            "zh": "{indicator}截至{period}:{observed},对照{target},进度滞后({gap})",
        },
        "edge": {
            "en": "{indicator} at {period}: {observed} against {target} — on schedule only at "
                  "the edge of rounding",
            "zh": "{indicator}截至{period}:{observed},对照{target},仅在舍入边缘达到进度",
        },
    },
)
