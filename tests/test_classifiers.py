"""The non-claim scan's opening filter only skips positions where no branch matches."""

from __future__ import annotations

import random

import regex
from test_patterns import BRANCH_EXAMPLES, _scan_texts

from checker.extract import classifiers
from checker.extract.classifiers import BRANCHES

# Digits next to every character a branch can have after its digits, runs of every length
# around 4-6 and 9, and digits inside figures, codes and lists.
DIGIT_EDGES = [
    "12022年", "2022 年", "2022\n年", "20 22年", "2022-10-1", "2022-2023年", "2020至2022年度",
    "2020到2022年", "2020~2022年", "9月6日", "10 月 1 号", "1-9月", "1~9月份", "12:30", "12:30:15",
    "8日10时", "8日10点30分", "1 - 9全市", "5G", "110kV", "4A级", "1+8", "1 +1+N", "a1+b2",
    "106、107、351等国道", "500强", "3号线", "第十届", "10大", "五星级", "8路公交", "二次会议",
    "12345热线", "1234567热线", "12315 平台", "123456政务服务便民热线", "12345服务热线",
    "12345专线",
    "12345678", "123456789", "011336909/2023-02262", "1234567890123", "3.7万人", "12.5%",
    "1000亿元", "(14)", "前10", "全省前4位", "12.2022年", "x2022年", "2022年10月下旬",
]


def test_digit_filter_skips_only_positions_without_a_branch() -> None:
    bare = regex.compile("(?:" + "|".join(
        f"(?P<{n}>{p})" for n, p in BRANCHES.items() if n not in classifiers._LINE_BRANCHES
    ) + ")")
    rng = random.Random(11)
    alphabet = ("0123456789012345678901234567890123456789 \n.,%+-~:、年月日号时点分至到等强国道省"
                "县号线届大级星路公交次会议热线平台专服务政AGkV()《》“”第前一二三期个万亿元")
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
            for _ in range(5000)]
    examples = [t for ts in BRANCH_EXAMPLES.values() for t in ts]
    skipped = 0
    for text in [*_scan_texts(), *DIGIT_EDGES, *examples, *fuzz]:
        found = [(m.span(), m.lastgroup) for m in classifiers._SKIP.finditer(text)]
        assert found == [(m.span(), m.lastgroup) for m in bare.finditer(text)], text
        skipped += len(found)
    assert skipped > 1000
    # the filter is there: the digits of a figure are not tried
    assert regex.match(classifiers._OPENING, "3.7万人") is None
    assert regex.match(classifiers._OPENING, "1000亿元") is None
