"""Small made-up documents for the reconciliation tests: a report, bulletins, results."""

from __future__ import annotations

import pandas as pd

from checker.extract.claims import claims_frame, extract_claims
from checker.ingest import document_from_bytes
from checker.models import DocKind, Document, Metadata


def doc(text: str, kind: str, year: int, period: str | None = None, region: str = "咸宁市",
        name: str = "doc", published: str | None = None) -> Document:
    raw = document_from_bytes(text.encode("utf-8"), f"{name}.txt")
    meta = Metadata(kind=DocKind(kind), region=region, year=year, period=period,
                    title=name, published=published)
    return Document(raw.id, raw.path, raw.sha256, raw.text, meta)


def corpus(*docs: Document) -> tuple[pd.DataFrame, dict[str, Document]]:
    frames = [extract_claims(d) for d in docs]
    claims = pd.concat(frames, ignore_index=True) if frames else claims_frame([])
    return claims, {d.id: d for d in docs}


REPORT_2022 = doc(
    "一、2021年工作回顾\n全市地区生产总值增长9%。\n"
    "二、2022年工作安排\n2022年经济社会发展主要预期目标:地区生产总值增长8%左右;"
    "规模以上工业增加值增长10%;城镇登记失业率控制在4.5%以内;新增城镇就业3.7万人。\n",
    "report", 2022, name="report2022", published="2022-01-10")

BULLETIN_Q3 = doc(
    "关于2022年《政府工作报告》确定主要目标任务三季度进展情况的通报\n"
    "一、主要预期目标\n"
    "1.地区生产总值增长8%左右。1-9月,完成地区生产总值1321.29亿元,比上年同期增长4.4%。\n"
    "2.规模以上工业增加值增长12%。1-9月,规模以上工业增加值增长10.5%。\n"
    "3.新增城镇就业3.7万人。1-9月,全市城镇新增就业31048人。\n",
    "bulletin", 2022, "1-9月", name="bulletin2022q3", published="2022-10-20")

REPORT_2023 = doc(
    "一、2022年工作回顾\n全市地区生产总值增长4.3%,规模以上工业增加值增长7%,"
    "城镇登记失业率为2.8%,城镇新增就业4.4万人。\n"
    "二、2023年工作安排\n2023年主要预期目标:地区生产总值增长7.5%。\n",
    "report", 2023, name="report2023", published="2023-01-09")
