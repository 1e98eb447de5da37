"""XDOC-MISMATCH — two documents give different figures for the same thing.

What it checks:
    Figures for the same indicator, region, year and period, of the same kind and unit
    (a growth with a growth, a level with a level, 万元 and 亿元 alike after scaling),
    stated in two documents: a bulletin's figure against next year's report, a total
    reported twice. They conflict only when no values inside their rounding intervals
    agree. Different periods (1-9月 vs 全年) and different definitions (新增停车位 vs
    新增公共停车泊位) are never paired. A rate stated with its change on the year before
    ("人口自然增长率为-3.19‰,比上年下降3.18个千分点") implies last year's figure (−0.01‰,
    over the rounding intervals), which must agree with the one last year's document
    states (the full year's in both). When either figure is marked provisional (初步核算,
    快报, 预计), a difference is reported as a possible revision, milder.

Why it matters:
    One of the two figures is wrong, or one was revised without saying so; either way
    a reader quoting the corpus gets two answers.

Fails:
    [other 2022 全年] 2022年,全市城镇新增就业4.4万人。
    [news 2022 全年] 2022年,全市城镇新增就业4.6万人。
    (4.4万 stands for [4.35万, 4.45万], 4.6万 for [4.55万, 4.65万]: no overlap)

Holds:
    [other 2022 全年] 2022年,全市城镇新增就业4.4万人。
    [news 2022 全年] 2022年,全市城镇新增就业44012人。
"""

from __future__ import annotations

from checker.rules.base import Rule

RULE = Rule(
    code="XDOC-MISMATCH",
    version=1,
    family="reconcile",
    relation="equal",
    title={"zh": "不同文件同一数据不一致", "en": "Figures disagree between documents"},
    messages={
        "inconsistent": {
            "en": "{indicator} {year} {period}: {observed} here, {target} in the other document",
            "zh": "{indicator} {year}年{period}:此处为{observed},另一文件为{target}",
        },
        "edge": {
            "en": "{indicator} {year} {period}: {observed} and {target} agree only at the edge "
                  "of rounding",
            "zh": "{indicator} {year}年{period}:{observed}与{target}仅在舍入边缘一致",
        },
        "revision": {
            "en": "{indicator} {year} {period}: {observed} here, {target} in the other "
                  "document; one is provisional — a revision?",
            "zh": "{indicator} {year}年{period}:此处为{observed},另一文件为{target};"
                  "其一为初步数,可能为修订",
        },
    },
)
