"""Tables in text: the layout (checker.text.tables) and what the cells mean
(checker.extract.table_meaning). Claims out of whole tables are in
tests/fixtures/claims/tables.yaml; findings in tests/fixtures/rules/TARGET-*.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.extract.claims import extract_claims
from checker.extract.table_meaning import column_of, meanings, row_class
from checker.ingest import read_documents
from checker.text.tables import tables

FIXTURES = Path(__file__).parent / "fixtures"

# corpus/dev/docs/031.txt: bar rows under a four-row merged header
LIANGSHAN = (
    "| 凉山州2016年彝家新寨建设工程月报进度表 | ||||||||||||||||\n"
    "| (截至2016年9月30日) | ||||||||||||||||\n"
    "| 县名 | 计划任务数 | 项目建设情况 | 完成投资 | |||||||||||||\n"
    "| 彝家 新寨 (个) | 户数(户) | 在建住房 | 完成住房 | |||||||||||||\n"
    "| 彝家 新寨(个) | 户数 | 占计划(%) | 户数 | 占计划(%)"
    " | 总投资 | 住房建设投资 | 基础及公共设施建设投资 |\n"
    "| 合计(户) | 新建(户) | 改建(户) | 合计(户) | 新建(户) | 改建(户) | |||||||||||\n"
    "| 凉山州 | 241 | 20034 | 241 | 17282 | 15951 | 1331"
    " | 86.3 | 2752 | 2090 | 662 | 13.7 | 37595 |\n"
    "| 西昌市 | 3 | 305 | 3 | 299 | 299 | 98.0"
    " | 6 | 6 | 2.0 | 55 | 50 | 5 | ||||\n"
)

# corpus/dev/docs/033.txt: one cell a line, the excerpt cut in the second row
WANZHOU = "\n\n".join(["1  2024年经济社会发展主要预期目标完成情况", "序号", "指标名称",
                       "2024年目标", "完成情况", "1", "地区生产总值增速(%", "7", "6.8", "2",
                       "人均地区生产"]) + "\n"


def test_bar_rows_header_body_and_caption() -> None:
    (table,) = tables(LIANGSHAN)
    assert table.layout == "bars"
    assert [len(h) for h in table.header] == [4, 4, 8, 6]
    assert [r[0].text for r in table.body] == ["凉山州", "西昌市"]
    assert [c.text for c in table.caption] == ["凉山州2016年彝家新寨建设工程月报进度表",
                                              "(截至2016年9月30日)"]
    # merged-cell padding (| ||||) is no cell; the spacing inside a cell stays as written
    assert table.header[1][0].text == "彝家 新寨 (个)" and table.header[1][0].key == "彝家新寨(个)"


def test_one_cell_a_line_stops_at_a_row_cut_short() -> None:
    (table,) = tables(WANZHOU)
    assert table.layout == "cells" and table.serial
    assert [c.text for c in table.header[0]] == ["序号", "指标名称", "2024年目标", "完成情况"]
    assert [[c.text for c in r] for r in table.body] == [["1", "地区生产总值增速(%", "7", "6.8"]]


def test_one_cell_a_line_without_serial_numbers() -> None:
    text = "\n|\n".join(["单位:亿元", "指 标", "绝对数", "比上年增长%", "生产总值", "295.4",
                         "7.7", "第一产业", "24.4", "3.3"])
    (table,) = tables(text)
    assert [c.key for c in table.header[0]] == ["指标", "绝对数", "比上年增长%"]
    assert [[c.text for c in r] for r in table.body] == [["生产总值", "295.4", "7.7"],
                                                         ["第一产业", "24.4", "3.3"]]
    assert [c.text for c in table.caption] == ["单位:亿元"]


@pytest.mark.parametrize("text", [
    # prose, a list of short headings, figures inside sentences: no table
    "一、总体情况\n\n全市地区生产总值增长6.5%。\n\n二、主要指标\n\n城镇新增就业3.2万人。\n",
    "序号\n\n内容\n\n全面推进乡村振兴。\n",
    "指标\n\n目标\n\n完成\n",  # a header without a row
    "分享到: | 微信 | 微博\n",  # a bar line of words only
])
def test_no_table(text: str) -> None:
    assert tables(text) == ()


@pytest.mark.parametrize(("path", "role", "kind", "unit", "year", "completion"), [
    (["2024年目标"], "target", None, "", 2024, False),
    (["完成情况"], "actual", None, "", None, False),
    (["计划完成数"], "target", None, "", None, False),  # the plan of what is to be completed
    (["累计完成投资额(万元)"], "actual", None, "万元", None, False),
    (["计划投资完成率"], "actual", "rate", "%", None, True),
    (["完成住房", "占计划(%)"], "actual", "rate", "%", None, True),
    (["在建住房", "占计划(%)"], "actual", "share", "%", None, False),  # under way, not done
    (["占年任务之比"], "actual", "rate", "%", None, True),
    (["比上年增长%"], None, "growth", "%", None, False),
    (["比重(%)"], None, "share", "%", None, False),
    (["2023年"], None, None, "", 2023, False),  # a year's figures: neither target nor plan
    (["年末数(人)"], None, None, "人", None, False),
])
def test_column_meaning_from_its_header(path: list[str], role: str | None, kind: str | None,
                                        unit: str, year: int | None, completion: bool) -> None:
    col = column_of(tuple(path))
    assert (col.role, col.kind, col.unit, col.year, col.completion) == (
        role, kind, unit, year, completion)


def test_column_period_and_name() -> None:
    col = column_of(("1-9月完成",))
    assert (col.period, col.path, col.role) == ("1-9月", "完成", "actual")


def test_percentage_columns_of_a_merged_header_fall_under_their_groups_in_order() -> None:
    cells = {m.text: m for m in meanings(LIANGSHAN, "凉山州")}
    assert cells["86.3"].column.path == "在建住房占计划" and not cells["86.3"].column.completion
    assert cells["13.7"].column.path == "完成住房占计划" and cells["13.7"].column.completion
    assert cells["13.7"].period == "截至9月30日" and cells["13.7"].year == 2016
    # counts under the merged header do not line up with a column: no meaning is guessed
    assert "2752" not in cells


def test_rows_of_places_their_total_and_indicators() -> None:
    (table,) = tables(LIANGSHAN)
    assert row_class("凉山州", table, "凉山州") == "total"  # the document's own region
    assert row_class("西昌市", table, "凉山州") == "part"
    assert row_class("合计", table, None) == "total"
    (indicators,) = tables(WANZHOU)
    assert row_class("地区生产总值增速", indicators, "万州区") == "indicator"


def test_percentages_near_100_under_a_change_column_are_an_index() -> None:
    text = "指标 | 比上年涨跌(%) |\n居民消费价格总指数 | 101.0 |\n其中:食品烟酒 | 98.4 |\n"
    assert {m.column.kind for m in meanings(text)} == {"index"}
    growth = "指标 | 比上年增长(%) |\n地区生产总值 | 6.5 |\n第一产业 | 3.1 |\n"
    assert {m.column.kind for m in meanings(growth)} == {"growth"}


def test_html_table_rows_become_claims_of_their_places() -> None:
    (doc,) = read_documents([FIXTURES / "ingest" / "bulletin_page.html"]).documents
    claims = extract_claims(doc).set_index("quote")
    total = claims.loc[["22000", "18440", "83.8%"]]
    assert total["role"].tolist() == ["restated_target", "actual", "actual"]
    assert total["unit"].tolist() == ["人", "人", "%"]  # 单位:人 above the table
    assert total["period"].tolist() == ["全年", "1-9月", "1-9月"]
    assert total.loc["83.8%", "kind"] == "rate"
    assert claims.loc["7650", "region"] == "咸安区"


def test_last_years_and_one_months_columns_are_left_to_the_sentence_rules() -> None:
    text = ("2023年1-9月主要指标\n"
            "指标 | 1-9月 | 上年同期 | 当月 | 比上年增长(%)\n"
            "规模以上工业增加值(亿元) | 120.5 | 110.2 | 14.1 | 9.3\n")
    cells = {m.text: m for m in meanings(text)}
    assert sorted(cells) == ["120.5", "9.3"]
    assert cells["120.5"].period == "1-9月" and cells["120.5"].year == 2023
    assert cells["9.3"].column.kind == "growth"


def test_two_tables_without_a_line_between() -> None:
    text = ("指标 | 2024年目标 | 完成情况\n"
            "地区生产总值增速(%) | 6 | 6.2\n"
            "项目 | 年度计划 | 完成\n"
            "新建农村公路(公里) | 600 | 652\n")
    first, second = tables(text)
    assert [r[0].text for r in first.body] == ["地区生产总值增速(%)"]
    assert [c.text for c in second.header[0]] == ["项目", "年度计划", "完成"]


def test_one_cell_a_line_with_windows_line_ends() -> None:
    (table,) = tables(WANZHOU.replace("\n", "\r\n"))
    assert [c.text for c in table.body[0]] == ["1", "地区生产总值增速(%", "7", "6.8"]


def test_cell_meanings_are_kept_for_the_same_text_only_never_for_a_copy() -> None:
    """Reconciliation asks about one cell at a time: the document's cells are read once
    per text object. A copy of a document (equal text, another object) is read again, as
    a new document is — no cache makes repeated content cheaper (the throughput benchmark
    replicates the seeds)."""
    from checker.extract.table_meaning import document_meanings

    text = LIANGSHAN + "\n"
    copy = "".join(list(text))  # equal, not the same object
    assert copy == text and copy is not text
    first = document_meanings(text, None)
    assert first and document_meanings(text, None) is first
    again = document_meanings(copy, None)
    assert again is not first and again == first
    assert tables(copy) is not tables(copy)
