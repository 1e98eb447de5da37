"""ARITH-SHARE100 — a percentage structure does not add up to 100.

What it checks:
    Figures joined by colons that describe one whole in percent, such as a 三次产业结构
    ("19.1:28.3:52.6"): each between 0 and 100 and together near 100. Their rounding
    intervals must admit a total of exactly 100.

Why it matters:
    A structure that does not close means one share is mistyped or taken from another
    year; the error propagates into every comparison of the structure.

Fails:
    三次产业结构为19.1:28.3:51.6 (19.1 + 28.3 + 51.6 = 99.0).

Holds:
    一、二、三产结构比例由0.82:56.34:42.84优化为0.63:55.49:43.88 (both add to 100.00).
"""

from __future__ import annotations

from checker.rules.base import Rule

RULE = Rule(
    code="ARITH-SHARE100",
    version=1,
    family="arith",
    relation="share100",
    title={"zh": "结构比例之和不为100", "en": "Shares do not add up to 100"},
    messages={
        "inconsistent": {
            "en": "the shares add to {formula}, not 100",
            "zh": "各部分比例合计{formula},不等于100",
        },
        "edge": {
            "en": "the shares add to {formula}: 100 only if every share sits in the outer "
                  "{outer} of its rounding interval — unlikely",
            "zh": "各部分比例合计{formula}:仅当各数均处于舍入区间最外侧{outer}时才为100,可能性很小",
        },
        "truncation": {
            "en": "the shares add to {formula}: 100 only if the publisher truncates",
            "zh": "各部分比例合计{formula}:仅在截尾时为100",
        },
        "scale_slip": {
            "en": "the shares add to {formula}, not 100",
            "zh": "各部分比例合计{formula},不等于100",
        },
        "percent_slip": {
            "en": "the shares add to {formula}, not 100 — a share off by a factor of 10?",
            "zh": "各部分比例合计{formula},不等于100,疑有一项相差10倍",
        },
    },
)
