"""Sentences, numbered bulletin items and report sections."""

from __future__ import annotations

from checker.text.normalize import normalize
from checker.text.segment import segment

BULLETIN = (
    "一、主要经济指标完成情况\n"
    "38.新增城镇就业3.7万人,城镇登记失业率控制在4.5%以内。1-9月,全市城镇新增就业31048人。\n"
    "39.新增1.5万户通天然气。通气率73.89%。\n"
    "(二)其他指标\n"
    "全市完成3.7万人。\n"
)


def test_bulletin_items_and_their_opening_sentence() -> None:
    norm = normalize(BULLETIN).norm
    segs = segment(norm)
    by_text = {norm[s.start:s.end]: s for s in segs.sentences}
    first = by_text["38.新增城镇就业3.7万人,城镇登记失业率控制在4.5%以内。"]
    assert (first.item, first.item_opening) == (38, True)
    second = by_text["1-9月,全市城镇新增就业31048人。"]
    assert (second.item, second.item_opening) == (38, False)
    assert by_text["39.新增1.5万户通天然气。"].item == 39
    assert by_text["全市完成3.7万人。"].item is None


def test_decimals_are_no_item_numbers() -> None:
    segs = segment("3.7万人完成。")
    assert segs.sentences[0].item is None


def test_headings_and_sections() -> None:
    norm = normalize(BULLETIN).norm
    segs = segment(norm)
    assert [s.heading for s in segs.sections] == ["", "一、主要经济指标完成情况"]
    headings = [norm[s.start:s.end] for s in segs.sentences if s.heading]
    assert headings == ["一、主要经济指标完成情况", "(二)其他指标"]


def test_report_sections() -> None:
    text = ("各位代表:\n一、2022年工作回顾\n全市生产总值增长4.5%。\n"
            "二、2023年工作安排\n地区生产总值增长7%左右。\n三、强化政府自身建设\n")
    segs = segment(text)
    assert [s.heading for s in segs.sections] == [
        "", "一、2022年工作回顾", "二、2023年工作安排", "三、强化政府自身建设"]
    at = segs.sentence_at(text.index("7%"))
    assert at.section == 2
    assert segs.sentence_at(text.index("4.5%")).section == 1


def test_long_numbered_line_is_no_heading() -> None:
    line = "一、" + "很长的段落" * 10 + "。"
    segs = segment(line)
    assert not segs.sentences[0].heading
    assert len(segs.sections) == 1


def test_sentence_index_lookup() -> None:
    text = "第一句。第二句!第三句\n第四句"
    segs = segment(text)
    sentences = [text[s.start:s.end] for s in segs.sentences]
    assert sentences == ["第一句。", "第二句!", "第三句", "第四句"]
    assert segs.index_at(text.index("第三")) == 2
