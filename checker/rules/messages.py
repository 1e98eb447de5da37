"""Message templates shared by the rules that compare a stated figure with one computed from
other figures ("stated {stated}; {formula}"): a rule takes the whole set or overrides some.
"""

from __future__ import annotations

COMPUTED_FIGURE_MESSAGES: dict[str, dict[str, str]] = {
    "inconsistent": {
        "en": "stated {stated}; {formula}; a base of {nearest} would give {stated}",
        "zh": "文中为{stated},但{formula};基数为{nearest}时才得{stated}",
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
        "en": "stated {stated}; {formula}: off by a factor of 10 — % printed for ‰?",
        "zh": "文中为{stated},{formula}:相差10倍,疑为‰误作%",
    },
}

# For a stated figure whose inputs carry no base to name (a day count, a difference of two
# rates): the plain mismatch, and a 10^4 slip that can only be a scale word.
PLAIN_FIGURE_MESSAGES: dict[str, dict[str, str]] = {
    "inconsistent": {
        "en": "stated {stated}; {formula}",
        "zh": "文中为{stated},但{formula}",
    },
    "scale_slip": {
        "en": "stated {stated}; {formula}: off by a factor of 10^4 — a scale word slipped?",
        "zh": "文中为{stated},{formula}:相差10^4倍,疑为单位量级错误",
    },
}
