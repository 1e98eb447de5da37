"""Scans by str.find give what the regex engine's whole-text scans give."""

from __future__ import annotations

import random
import sys

import pytest
import regex
from test_patterns import _scan_texts

from checker.extract import claims, periods
from checker.text.scan import _WHITESPACE, AnchoredScan, char_positions

SCANS = {
    "period": periods.PERIOD_SCAN,
    "year": periods.YEAR_SCAN,
    "respectively": claims._RESPECTIVELY_SCAN,
}
# Where a run of readable characters starts or ends next to a match, a lookbehind or a
# lookahead reads across it: 3.12月份 (a dot before), 年初预算 (a word after), a newline
# inside 1-\n9月, two runs side by side, a match at the very start and end of a text.
EDGES = [
    "", "年", "月", "季", "分", "均", "3.12月份", "x12月份", "个12月份", "年初预算", "年初",
    "年初计划,",
    "2021年末2022年初全县", "1-\n9月", "1 -\n 9月份", "截至2022年 10 月 5 日,", "截至目前8月底",
    "前 三 个月", "前3季度", "第一季度", "首季度", "三季度", "上半年,下半年。全年", "年内", "年底",
    "2020 - 2022年", "2020至2022年度", "2022年10月1日前", "2022年10月1日", "12022年", "2022\n年",
    "1.2022年", "人均收入", "均衡", "分别为", "平均分别", "均等", "a。2022年,1-9月。前10个月",
]


def _texts() -> list[str]:
    rng = random.Random(7)
    # random strings over the characters the patterns read and a few they do not
    alphabet = ("0123456789 \n\t-~.个年月季度日号前后上下半全末底初内第首一二三四十截至目预算"
                "分别均人衡,。x")
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    # and strings of whole words, where years, months and quarters come often (the dev
    # corpus, which holds many, is not beside every clone)
    words = ["2022", "1999", "20", "0", "1-9", "1 - ", "10", "年", "月", "份", "季度", "前", "截至",
             "上半", "全", "末", "底", "初", "内", " ", "\n", "。", ",", "分别", "均", "人", "第"]
    fuzz += ["".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(1000)]
    return [*_scan_texts(), *EDGES, *fuzz]


@pytest.mark.parametrize("name", SCANS)
def test_anchored_scan_finds_the_whole_texts_matches(name: str) -> None:
    scan = SCANS[name]
    found = 0
    for text in _texts():
        whole = [(m.span(), m.group(), m.lastgroup) for m in scan.pattern.finditer(text)]
        assert [(m.span(), m.group(), m.lastgroup) for m in scan.matches(text)] == whole, text
        found += len(whole)
    assert found > 100


def test_char_positions_are_the_class_scans() -> None:
    for chars in (claims._CLAUSE_PUNCT, claims._SEMI_PUNCT, "年", ""):
        pattern = regex.compile("[" + regex.escape(chars) + "]") if chars else None
        for text in _texts():
            expected = [m.start() for m in pattern.finditer(text)] if pattern else []
            assert char_positions(text, chars) == expected


@pytest.mark.parametrize("source", [
    r"a.年", r"[^x]年", r"\p{Han}年", r"\d年", r"\w年", r"年$", r"^年", r"\b年", r"[a-z]年",
    r"\n年", r"\u5e74",
])
def test_anchored_scan_refuses_patterns_that_read_unspelled_characters(source: str) -> None:
    with pytest.raises(ValueError):
        AnchoredScan(regex.compile(source), "年")


def test_anchored_scan_accepts_digit_ranges_and_literal_hyphens() -> None:
    AnchoredScan(regex.compile(r"[0-9]\s*[-~]\s*[1-3]\-[0-9.]年"), "年")


def test_whitespace_is_every_character_backslash_s_matches() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert frozenset(regex.findall(r"\s", every)) == _WHITESPACE


def _sentences_by_regex(norm: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, paragraph, first of its line) of each sentence, found as segment did
    before it used char_positions: a SENTENCE_END scan of each line."""
    from checker.text.segment import SENTENCE_END

    out = []
    pos = 0
    for p_index, line in enumerate(norm.split("\n")):
        start, pos = pos, pos + len(line) + 1
        if not line or line.isspace():
            continue
        cursor = 0
        for m in SENTENCE_END.finditer(line):
            out.append((start + cursor, start + m.end(), p_index, cursor == 0))
            cursor = m.end()
        if cursor < len(line) and not line[cursor:].isspace():
            out.append((start + cursor, start + len(line), p_index, cursor == 0))
    return out


def test_sentences_are_the_sentence_end_scans() -> None:
    from checker.text.segment import segment

    rng = random.Random(3)
    alphabet = "。。!?！？ \n\n\t,甲乙1.、一(二)"
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for text in [*_scan_texts(), *fuzz]:
        got = segment(text).sentences
        expected = _sentences_by_regex(text)
        assert [s[:3] for s in got] == [e[:3] for e in expected], text
        assert ([s.item_opening for s in got]
                == [s.item is not None and e[3] for s, e in zip(got, expected, strict=True)])
