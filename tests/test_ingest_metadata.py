"""Metadata detection from the text alone (no manifest): headers, title lines, the body."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from checker.extract.periods import normalize_period
from checker.ingest.metadata import detect
from checker.ingest.text import decode
from checker.text.normalize import to_simplified

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "docs"
FIELDS = ("kind", "region", "year", "period", "title")


def meta(text: str) -> dict[str, object]:
    return detect(text, to_simplified(text))


def manifest_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "manifest.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def agreement(folder: Path) -> dict[str, tuple[int, int]]:
    """Per field: (detected equal to the manifest, manifest cells filled)."""
    score = {f: (0, 0) for f in FIELDS}
    for row in manifest_rows(folder):
        text, _ = decode((folder / row["file"]).read_bytes(), row["file"])
        found = meta(text)
        for f in FIELDS:
            want: object = row[f].strip()
            if not want:
                continue  # blank: unknown, nothing to compare
            got = found.get(f)
            if f == "year":
                want = int(str(want))
            elif f == "period":
                cumulative = row["kind"] == "bulletin"
                want = normalize_period(str(want), q_is_cumulative=cumulative) or want
            elif f in ("title", "region"):
                # Titles are compared in simplified script, spaces aside (mirror sites).
                want = to_simplified(str(want)).replace(" ", "")
                got = to_simplified(str(got)).replace(" ", "") if got else None
            ok, n = score[f]
            score[f] = (ok + (got == want), n + 1)
    return score


SEED_EXPECTED = {
    # file: what the text says, checked against seeds/manifest.csv below
    "000_66dc143c3139f375.txt": {
        "kind": "bulletin",
        "region": "咸宁市",
        "year": 2020,
        "period": "1-6月",
    },
    "001_c915b5526e9a6536.txt": {
        "kind": "report",
        "region": "咸宁市",
        "year": 2023,
        "title": "2023年咸宁市政府工作报告",
        "published": "2023-01-09",
    },
    "002_500ad30c4c1f596f.txt": {
        "kind": "bulletin",
        "region": "咸宁市",
        "year": 2022,
        "period": "1-9月",  # 三季度 in a bulletin's title: the first three quarters
        "title": "关于2022年《政府工作报告》确定主要目标任务 三季度进展情况的通报",
        "published": "2023-01-16",
    },
    "003_980ef8758a55a19d.txt": {
        "kind": "news",
        "title": "新动能壮大工程:工业项目46个工作日可取得施工许可",
    },
    "004_a501c150ba00b548.txt": {
        "kind": "report",
        "region": "西塞山区",
        "year": 2020,
        "title": "2020年政府工作报告",
        "published": "2020-08-03",
    },
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_metadata_detected_without_manifest(name: str) -> None:
    found = meta((SEEDS / name).read_text(encoding="utf-8"))
    expected = SEED_EXPECTED[name]
    assert {k: found.get(k) for k in expected} == expected
    assert "period" not in found or found["kind"] != "report"  # a report covers two years


def test_seed_expectations_agree_with_the_seed_manifest() -> None:
    for row in manifest_rows(SEEDS):
        expected = SEED_EXPECTED[row["file"]]
        for field in ("kind", "region", "year"):
            if field in expected:
                assert str(expected[field]) == row[field], (row["file"], field)


def test_what_the_seeds_do_not_say_is_left_unknown() -> None:
    # 003 is dated and placed (襄阳市, 2020) only by what it describes: no guess is made.
    found = meta((SEEDS / "003_980ef8758a55a19d.txt").read_text(encoding="utf-8"))
    assert "region" not in found and "year" not in found


def test_seed_agreement() -> None:
    assert agreement(SEEDS) == {
        "kind": (5, 5),
        "region": (4, 5),
        "year": (4, 5),
        "period": (2, 2),
        "title": (4, 5),
    }


@pytest.mark.skipif(not DEV.is_dir(), reason="shared dev corpus not beside the repo")
def test_dev_corpus_agreement_does_not_regress() -> None:
    # Floors a little under the figures measured when detection was last improved
    # (kind 38/60, region 15/42, year 34/42, period 46/59, title 20/60): a drop is a
    # regression to look at, a rise a reason to raise the floor.
    score = agreement(DEV)
    floors = {"kind": 0.6, "region": 0.33, "year": 0.78, "period": 0.75, "title": 0.3}
    rates = {f: ok / n for f, (ok, n) in score.items()}
    assert all(rates[f] >= floors[f] for f in FIELDS), score


PLAN = "关于重庆市万州区2024年国民经济和社会发展计划执行情况及2025年计划草案的报告"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[ 发布机构 ] 万州区发展改革委\n[ 成文日期 ] 2025-02-24\n"
            f"[ 发布日期 ] 2025-02-24\n\n{PLAN}\n",
            {
                "region": "万州区",
                "published": "2025-02-24",
                "kind": "report",
                "title": PLAN,
            },
        ),
        (
            "關(guān)于蓬江區(qū)2023年重點(diǎn)工作1-9月進(jìn)展情況的通報(bào)\n"
            "字體:[大] [中] [小]\n",
            {
                "title": "關于蓬江區2023年重點工作1-9月進展情況的通報",  # as written, gloss removed
                "region": "蓬江区",
                "kind": "bulletin",
                "year": 2023,
                "period": "1-9月",
            },
        ),
        (
            "2024年重庆市万州区政府工作报告\n各位代表:\n",
            {"region": "万州区", "kind": "report", "year": 2024},
        ),
        (
            "1—6月全省重点项目建设情况\n今年1—6月,全省203个在建重点项目完成投资792.4亿元。\n",
            {"period": "1-6月", "title": "1—6月全省重点项目建设情况"},
        ),
        (
            "凉山州2016年彝家新寨建设工程月报进度表(截至2016年9月30日)\n",
            {"region": "凉山州", "year": 2016, "period": "截至9月30日", "kind": "bulletin"},
        ),
        (
            "政府工作报告\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n",
            {"region": "全国", "kind": "report"},
        ),
        (
            "《政府工作报告》摘要(一):2021年 全县经济社会发展各项目标任务高质量全面完成\n",
            {"kind": "news", "year": 2021},  # quoting the report is not being the report
        ),
    ],
)
def test_detection_from_real_headers_and_titles(text: str, expected: dict[str, object]) -> None:
    found = meta(text)
    assert {k: found.get(k) for k in expected} == expected


def test_target_year_is_not_a_period() -> None:
    found = meta("民生实事进展\n今年,确保完成全年目标任务,新增城镇就业3.7万人。\n")
    assert "period" not in found


def test_full_year_account_published_in_january_covers_the_year_before() -> None:
    text = "统计数据\n发布日期:2023-01-18\n全年,全县城镇新增就业3120人。\n"
    assert (meta(text)["year"], meta(text)["period"]) == (2022, "全年")


def test_levels_and_kinds_of_area_are_not_regions() -> None:
    text = "前三季度我市民生实事加快推进\n全市棚户区改造开工1200套,棚户区改造完成率85%。\n"
    assert "region" not in meta(text)


def test_office_names_do_not_become_regions() -> None:
    assert meta("发布机构: 哈密市生态环境局伊州分局\n7月空气质量情况\n")["region"] == "哈密市"
