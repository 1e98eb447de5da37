"""HTML pages: a real parser, page chrome dropped, table rows kept as rows, GBK pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.ingest import document_from_bytes
from checker.ingest.html import declared_charset, html_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PAGE = FIXTURES / "bulletin_page.html"

EXPECTED = """\
发布机构: | 咸宁市人民政府办公室
发布日期: | 2022年10月28日
名 称: | 关于2022年重点民生实事三季度进展情况的通报
关于2022年重点民生实事三季度进展情况的通报
各县、市、区人民政府,市政府各部门:
现将2022年重点民生实事1-9月进展情况通报如下:
一、总体进展 情况
1-9月,全市新增城镇就业3.1万人,完成年度目标任务的83.9%;城镇登记失业率2.82%,有效控制在4.5%以内。
二、分县市区完成情况 (单位:人)
地区 | 目标任务 | 1-9月完成 | 完成率
咸安区 | 9000 | 7650 | 85.0%
嘉鱼县 | 6000 | 4980 | 83.0%
赤壁市 | 7000 | 5810 | 83.0%
合计 | 22000 | 18440 | 83.8%
三、下一步工作
各地要对照年度目标,“倒排工期”,确保全年任务完成。
"""


def test_bulletin_page_text() -> None:
    assert html_to_text(PAGE.read_text(encoding="utf-8")) == EXPECTED


def test_table_parts_and_total_are_consecutive_lines() -> None:
    lines = html_to_text(PAGE.read_text(encoding="utf-8")).splitlines()
    first = lines.index("咸安区 | 9000 | 7650 | 85.0%")
    assert lines[first + 1 : first + 4] == [
        "嘉鱼县 | 6000 | 4980 | 83.0%",
        "赤壁市 | 7000 | 5810 | 83.0%",
        "合计 | 22000 | 18440 | 83.8%",
    ]


@pytest.mark.parametrize(
    "chrome",
    [
        "首页",
        "互动交流",
        "您当前位置",
        "分享到",
        "上一篇",
        "鄂ICP备",
        "版权所有",
        "统计代码",
        "color",
    ],
)
def test_navigation_scripts_styles_and_footers_are_dropped(chrome: str) -> None:
    assert chrome not in html_to_text(PAGE.read_text(encoding="utf-8"))


def test_br_block_entities_and_spaces() -> None:
    markup = (
        "<body><p>一、总体情况<br>全市&nbsp;&nbsp;新增就业\n 3.1万人&#65292;完成&lt;计划&gt;</p>"
        "<div>城镇登记失业率2.82%</div>二、下一步</body>"
    )
    assert html_to_text(markup) == (
        "一、总体情况\n全市 新增就业 3.1万人，完成<计划>\n城镇登记失业率2.82%\n二、下一步\n"
    )


def test_article_header_keeps_the_title_but_site_header_goes() -> None:
    markup = (
        "<body><header>咸宁市人民政府门户网站</header><article><header><h1>2023年咸宁市政府工作报告"
        "</h1></header><p>各位代表:</p></article><footer>网站地图</footer></body>"
    )
    assert html_to_text(markup) == "2023年咸宁市政府工作报告\n各位代表:\n"


def test_layout_tables_are_not_flattened_into_one_row() -> None:
    # Old sites wrap the whole page in tables; only rows of cells are data rows.
    markup = (
        "<table><tr><td><p>一、2022年工作回顾</p><p>地区生产总值增长4.4%。</p></td></tr>"
        "<tr><td><table><tr><td>指标</td><td>增速</td></tr></table></td><td>侧栏</td></tr></table>"
    )
    assert html_to_text(markup) == (
        "一、2022年工作回顾\n地区生产总值增长4.4%。\n指标 | 增速\n侧栏\n"
    )


def test_zero_width_characters_do_not_split_numbers() -> None:
    assert html_to_text("<p>完成投资1321.\u200b29亿元</p>") == "完成投资1321.29亿元\n"


def test_empty_page_is_empty_text() -> None:
    assert html_to_text("<html><body><script>x()</script></body></html>") == ""


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="gbk">', "gbk"),
        (b"<META CHARSET=GB2312>", "gb2312"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', "gb2312"),
        (b"<title>x</title>", None),
    ],
)
def test_declared_charset(head: bytes, charset: str | None) -> None:
    assert declared_charset(b"<html><head>" + head + b"</head></html>") == charset


@pytest.mark.parametrize("name", ["bulletin_page_gbk.html", "bulletin_page_gb2312.htm"])
def test_gbk_pages_decode_through_their_meta_charset(name: str) -> None:
    doc = document_from_bytes((FIXTURES / name).read_bytes(), name)
    assert doc.source_format == "html"
    assert doc.encoding == "gb18030"
    assert doc.text == EXPECTED


def test_page_declaring_gb2312_but_saved_as_utf8_reads_as_utf8() -> None:
    # A common mismatch after a site migration: valid UTF-8 is taken as UTF-8.
    raw = PAGE.read_bytes().replace(b'<meta charset="utf-8">', b'<meta charset="gb2312">')
    doc = document_from_bytes(raw, "page.html")
    assert doc.encoding == "utf-8"
    assert doc.text == EXPECTED


def test_page_in_declared_big5_is_taken_at_its_word() -> None:
    raw = '<meta charset="big5"><p>地區生產總值增長8%左右。</p>'.encode("big5")
    doc = document_from_bytes(raw, "tw.htm")
    assert doc.encoding == "big5"
    assert doc.text == "地區生產總值增長8%左右。\n"


def test_html_metadata_from_header_table() -> None:
    doc = document_from_bytes(PAGE.read_bytes(), "bulletin_page.html")
    assert doc.meta.title == "关于2022年重点民生实事三季度进展情况的通报"
    assert doc.meta.published == "2022-10-28"
    assert doc.meta.region == "咸宁市"
    assert doc.meta.kind == "bulletin"
    assert (doc.meta.year, doc.meta.period) == (2022, "1-9月")


def test_long_content_block_with_a_share_class_is_kept() -> None:
    body = "1-9月,全市新增城镇就业3.1万人,完成年度目标任务的83.9%。" * 20
    markup = f'<body><div class="article share-on"><p>{body}</p></div></body>'
    assert html_to_text(markup) == body + "\n"
