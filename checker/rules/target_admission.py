"""TARGET-ADMISSION — what a report says about missed targets disagrees with its figures.

What it checks:
    A sentence admitting misses ("…地区生产总值、规上工业增加值、社会消费品零售总额等3项
    指标增速未达预期") against the checker's own verdict on the same indicators and year:
    an admitted miss whose figures met the target, and a miss by the figures for an
    indicator the document's admission leaves out (so the text presents it as met).

Why it matters:
    A report that admits the wrong misses, or hides one, misleads the people's congress;
    either the text or the figures behind the verdict are wrong.

Fails:
    [report 2022] 二、2022年工作安排 / 地区生产总值增长8%;社会消费品零售总额增长11%。
    [report 2023] 一、2022年工作回顾 / 全市地区生产总值增长8.2%,社会消费品零售总额增长4.5%。
    需要说明的是,全市地区生产总值等1项指标增速未达预期。
    (GDP is admitted as missed but met its target; retail sales missed and is not admitted)

Holds:
    [report 2022] 二、2022年工作安排 / 社会消费品零售总额增长11%。
    [report 2023] 一、2022年工作回顾 / 全市社会消费品零售总额增长4.5%。
    需要说明的是,全市社会消费品零售总额等1项指标增速未达预期。
"""

from __future__ import annotations

from checker.rules.base import Rule

RULE = Rule(
    code="TARGET-ADMISSION",
    version=1,
    family="reconcile",
    relation="admission",
    title={"zh": "文字所述目标完成情况与数据不符",
           "en": "Admitted misses disagree with the figures"},
    messages={
        "contradicted": {
            "en": "{indicator} {year}: the text admits the target was missed, but {observed} "
                  "meets {target}",
            "zh": "{indicator} {year}年:文中称未达预期,但{observed}已达到目标{target}",
        },
        "unadmitted": {
            "en": "{indicator} {year}: {observed} misses {target}, but the text's admission of "
                  "missed targets leaves it out",
            "zh": "{indicator} {year}年:{observed}未达到目标{target},"
                  "但文中所列未达预期指标未包括此项",
        },
        "inconsistent": {
            "en": "{indicator} {year}: the text and the figures disagree on the target",
            "zh": "{indicator} {year}年:文字与数据对目标完成情况的表述不一致",
        },
        "edge": {
            "en": "{indicator} {year}: the text and the figures agree only at the edge of "
                  "rounding",
            "zh": "{indicator} {year}年:文字与数据仅在舍入边缘一致",
        },
    },
)
