"""One test per named piece of the number grammar and per classifier branch."""

from __future__ import annotations

from itertools import pairwise

import pytest
import regex

from checker.extract.classifiers import BRANCHES, names_a_class, non_claim_spans
from checker.extract.patterns import RANGE_JOIN, cn_quantity, pieces, quantity


def _full(piece: str, text: str) -> bool:
    return regex.fullmatch(pieces()[piece], text) is not None


def test_grouped_needs_ascii_commas_every_three_digits() -> None:
    assert _full("grouped", "1,257")
    assert _full("grouped", "12,345,678")
    assert not _full("grouped", "1,25")
    assert not _full("grouped", "1257")
    assert not _full("grouped", "1，257")  # a Chinese comma separates items, not thousands


def test_integer_is_plain_or_grouped() -> None:
    assert _full("integer", "31048")
    assert _full("integer", "31,048")
    assert not _full("integer", "3.7")


def test_decimal_keeps_its_fraction() -> None:
    assert _full("decimal", "1321.29")
    assert _full("decimal", "1,257.5")
    assert _full("decimal", "8")
    assert not _full("decimal", ".5")


def test_cn_numeral() -> None:
    for text in ("三", "两", "十五", "二十", "一百零八"):
        assert _full("cn_numeral", text)
    assert not _full("cn_numeral", "三个")


def test_scale_word_longest_first() -> None:
    assert regex.match(pieces()["scale_word"], "万亿元").group() == "万亿"
    assert _full("scale_word", "亿")
    assert not _full("scale_word", "元")


def test_unit_word_longest_first() -> None:
    assert regex.match(pieces()["unit_word"], "个百分点").group() == "个百分点"
    assert regex.match(pieces()["unit_word"], "千瓦时").group() == "千瓦时"
    for unit in ("%", "‰", "千分点", "倍", "亩", "公里", "人次", "微克/立方米"):
        assert _full("unit_word", unit)


@pytest.mark.parametrize(
    ("text", "num", "scale", "unit", "sign"),
    [
        ("增长-17.5%", "17.5", None, "%", "-"),
        ("完成1321.29亿元", "1321.29", "亿", "元", None),
        ("新增就业3.7万人", "3.7", "万", "人", None),
        ("分别为1,257件", "1,257", None, "件", None),
        ("提高1.2个百分点", "1.2", None, "个百分点", None),
        ("全省5.37万亿元", "5.37", "万亿", "元", None),
        ("创作200余个", "200", None, "个", None),
    ],
)
def test_quantity(text: str, num: str, scale: str | None, unit: str | None, sign) -> None:
    m = quantity().search(text)
    assert (m.group("num"), m.group("scale"), m.group("unit"), m.group("sign")) == (
        num, scale, unit, sign)


def test_quantity_leaves_names_and_ranges_alone() -> None:
    assert quantity().search("PM2.5浓度") is None
    assert quantity().search("V2.0版") is None
    assert [m.group("sign") for m in quantity().finditer("6-6.5%")] == [None, None]


def test_cn_quantity_needs_a_unit_and_no_ordinal() -> None:
    assert cn_quantity().search("召开三次会议").group() == "三次"
    assert cn_quantity().search("建成两座桥").group() == "两座"
    assert cn_quantity().search("实施十大工程") is None
    assert cn_quantity().search("排名第二次") is None
    assert cn_quantity().search("百个") is None


@pytest.mark.parametrize("text", ["6-6.5%", "4.5%至5%", "6000元 ~ 10000元", "1到2家"])
def test_range_join(text: str) -> None:
    first = quantity().search(text)
    assert RANGE_JOIN.match(text, first.end()) is not None


def test_range_join_needs_a_digit_after() -> None:
    assert RANGE_JOIN.match("3%-左右", 2) is None


# --- classifier branches: each text is covered by a span of the named reason ----------
BRANCH_EXAMPLES = {
    "page_debris": ["索 引 号:011336909/2023-00617", "发布日期:2023年01月09日", "字号: 分享到:"],
    "date": ["2022年10月", "9月6日", "2020-08-03", "17:52", "8月29日10时"],
    "year": ["2022年", "2020-2022年", "2021年度"],
    "period": ["1-9月", "1-9月份", "10月底", "前7个月"],
    "item_number": ["38.新增城镇就业", "12、确保"],
    "ordinal": ["第13位", "第二次"],
    "title": ["《2020-2022年推进计划》"],
    "quoted_name": ["“1+8”", "“十四五”"],
    "scheme": ["1+1+N"],
    "code": ["5G", "4A", "110kV", "G4", "011336909/2023-02262"],
    "named_class": ["500强", "106国道", "3号线", "106、107、351、353等国道", "1、2、3、4号"],
    "rank": ["全省前4"],
    "hotline": ["12345热线"],
    "phase": ["(三期)", "二、三期", "一期工程"],
    "footnote": ["(7)"],
}


def test_every_branch_has_examples() -> None:
    assert set(BRANCH_EXAMPLES) == set(BRANCHES)


@pytest.mark.parametrize(
    ("branch", "text"), [(b, t) for b, ts in BRANCH_EXAMPLES.items() for t in ts]
)
def test_branch(branch: str, text: str) -> None:
    spans = non_claim_spans(text)
    # the branch itself matches, and the merged spans cover every digit of the example
    assert regex.search(BRANCHES[branch], text), (branch, text)
    for i in [i for i, ch in enumerate(text) if ch.isdigit()]:
        assert any(a <= i < b for a, b, _ in spans), (branch, text, spans)
    assert spans, (branch, text)


def test_branches_leave_measures_alone() -> None:
    for text in ("新增就业3.7万人", "增长8%", "完成投资10.4亿元", "新建5G基站764个"):
        figure = quantity().search(text[text.index("基站") + 2:] if "基站" in text else text)
        assert figure is not None
    spans = non_claim_spans("新建5G基站764个")
    assert all(not (a <= 7 < b) for a, b, _ in spans)  # 764 is not covered, 5G is


def test_names_a_class_money_before_a_class_noun() -> None:
    text = "新签约50亿元重大项目5个"
    m = quantity().search(text)
    assert names_a_class(text, "元", m.end())
    text = "完成投资10.4亿元,占年度计划86.7%"
    m = quantity().search(text)
    assert not names_a_class(text, "元", m.end())
    assert not names_a_class("新增企业5个", "个", 4)  # only money and voltage name classes


# Texts where every period branch and alias occurs, with prose around them.
_SCAN_TEXTS = [
    "1-9月,全市完成1 - 6月份任务;前三季度、前3季度、前 7 个月、第一季度、首季度、2季度、三季度,"
    "截至目前 8月底,截至2022年10月25日,上半年、下半年、全年、年末、年底、年初、年初预算、"
    "2021年末2022年初,年内,10月份,年度计划,一年来,第一次,前列,上年同期,上下游",
    "",
    "年",
    "前三",
]


def _scan_texts() -> list[str]:
    from corpus_texts import normalized_texts

    return [*normalized_texts(), *_SCAN_TEXTS]


def test_period_opening_filter_skips_only_positions_without_a_marker() -> None:
    from checker.extract import periods

    bare = regex.compile(periods._PERIOD_BODY)
    for text in _scan_texts():
        filtered = [(m.span(), m.group()) for m in periods.PERIOD.finditer(text)]
        assert filtered == [(m.span(), m.group()) for m in bare.finditer(text)]
    assert periods.PERIOD.search(_SCAN_TEXTS[0]) is not None


def test_alias_opening_filter_skips_only_positions_without_an_alias() -> None:
    from checker.extract import catalogue, indicators

    matcher = indicators.IndicatorMatcher(catalogue.builtin_indicators())
    bare = regex.compile(indicators._trie_pattern(matcher._by_alias))
    assert matcher._pattern.pattern != bare.pattern  # the filter is there
    for text in [*_scan_texts(), "".join(matcher._by_alias)]:
        assert ([m.span() for m in matcher._pattern.finditer(text)]
                == [m.span() for m in bare.finditer(text)])
    one = indicators.IndicatorMatcher({"x": catalogue.Indicator("x", ("增", "增速"), "more",
                                                                  False)})
    assert [m.group() for m in one._pattern.finditer("增速和增加")] == ["增速", "增"]


def test_classifier_opening_filter_skips_only_positions_without_a_branch() -> None:
    from checker.extract import classifiers

    bare = regex.compile("(?:" + "|".join(
        f"(?P<{n}>{p})" for n, p in BRANCHES.items() if n not in classifiers._LINE_BRANCHES
    ) + ")")
    spaced = ["第十届", "二十大", "4A级", "五星级", "8路公交", "二次会议", "3 号线", "1 +2",
              "a+b", "8日 10时", "8日10点30分", "5 、6等国道", "前 3名", "12345 热线", "(12)",
              "《》", "“”", "2022 年 10 月", "9 月 6 日", "12:30:15", "1 - 9全市"]
    texts = [*_scan_texts(), *spaced, *(t for ts in BRANCH_EXAMPLES.values() for t in ts)]
    for text in texts:
        assert ([(m.span(), m.lastgroup) for m in classifiers._SKIP.finditer(text)]
                == [(m.span(), m.lastgroup) for m in bare.finditer(text)]), text


def test_aliases_found_in_the_figures_sentences_alone_are_the_whole_texts() -> None:
    """Extraction scans only the sentences that hold a figure for aliases: what it finds
    there is what a scan of the whole text finds there; an alias holding a sentence end
    turns the shortcut off."""
    from checker.extract import catalogue, claims, indicators
    from checker.text.segment import segment

    matcher = indicators.IndicatorMatcher(catalogue.builtin_indicators())
    assert matcher.within_sentences
    for text in _scan_texts():
        spans = claims._sentences_of(segment(text), [f.start for f in claims._figures(text)])
        assert all(b < c for (_, b), (c, _) in pairwise(spans))
        whole = matcher.scan(text).hits
        inside = [h for h in whole if any(a <= h.start and h.end <= b for a, b in spans)]
        assert matcher.scan(text, spans).hits == inside
    odd = indicators.IndicatorMatcher({"x": catalogue.Indicator("x", ("增长。",), "more",
                                                                  False)})
    assert not odd.within_sentences
    assert [h.alias for h in odd.scan("增长。", [(0, 2)]).hits] == ["增长。"]


def test_cue_characters_are_in_every_text_their_patterns_find() -> None:
    """The searches before a figure run only when the text holds a cue character of their
    words: any text they match holds one (every clause end of the seeds and dev corpus)."""
    from checker.extract import claims, kinds
    from checker.extract.patterns import holds_any

    checks = [(claims._TARGET_WORDS, claims._TARGET_OPENINGS),
              (kinds._patterns()["plan_rate"], frozenset("占")),
              (kinds._patterns()["share"], kinds._SHARE_CUES)]
    found = [0] * len(checks)
    for text in _scan_texts():
        for end in range(1, len(text), 3):
            left = text[max(0, end - 40):end]
            for k, (pattern, cues) in enumerate(checks):
                if pattern.search(left):
                    found[k] += 1
                    assert holds_any(left, cues), left
    assert all(found)
