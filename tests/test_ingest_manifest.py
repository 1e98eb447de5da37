"""manifest.csv: what a user states overrides detection; a bad row is a bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import BadManifest
from checker.ingest import read_documents
from checker.ingest.manifest import read_manifest

HEADER = "file,region,year,period,kind,title\n"
BULLETIN = (
    "关于2022年《政府工作报告》确定主要目标任务三季度进展情况的通报\n"
    "1.地区生产总值增长8%左右。1-9月,完成地区生产总值1321.29亿元,比上年同期增长4.4%。\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "002.txt").write_text(BULLETIN, encoding="utf-8")
    return tmp_path


def write_manifest(folder: Path, rows: str) -> Path:
    path = folder / "manifest.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_detected_without_manifest(folder: Path) -> None:
    (doc,) = read_documents([folder]).documents
    assert (doc.meta.kind, doc.meta.year, doc.meta.period) == ("bulletin", 2022, "1-9月")
    assert doc.meta.region is None
    assert doc.meta_source["kind"] == "detected"


def test_manifest_overrides_detection_and_blank_cells_keep_it(folder: Path) -> None:
    write_manifest(folder, "002.txt,咸宁市,2021,上半年,,督查通报\n")
    (doc,) = read_documents([folder]).documents
    assert doc.meta.region == "咸宁市"
    assert doc.meta.year == 2021
    assert doc.meta.period == "1-6月"  # normalised as the extractor writes periods
    assert doc.meta.title == "督查通报"
    assert doc.meta.kind == "bulletin"  # blank cell: detected
    assert doc.meta_source["region"] == "manifest"
    assert doc.meta_source["kind"] == "detected"


def test_bulletin_quarter_in_manifest_is_cumulative(folder: Path) -> None:
    write_manifest(folder, "002.txt,,,三季度,bulletin,\n")
    (doc,) = read_documents([folder]).documents
    assert doc.meta.period == "1-9月"


def test_manifest_applies_when_the_file_is_named_directly(folder: Path) -> None:
    write_manifest(folder, "002.txt,咸宁市,,,,\n")
    (doc,) = read_documents([folder / "002.txt"]).documents
    assert doc.meta.region == "咸宁市"


def test_parent_manifest_names_a_file_in_a_subfolder(folder: Path) -> None:
    (folder / "2022").mkdir()
    (folder / "002.txt").rename(folder / "2022" / "002.txt")
    write_manifest(folder, "2022/002.txt,咸宁市,,,,\n")
    (doc,) = read_documents([folder]).documents
    assert doc.meta.region == "咸宁市"


def test_manifest_with_bom_and_padded_header(folder: Path) -> None:
    (folder / "manifest.csv").write_text(
        "\ufefffile, region,year,period,kind,title\n002.txt,咸宁市,,,,\n\n", encoding="utf-8"
    )
    assert read_manifest(folder / "manifest.csv").errors == []
    (doc,) = read_documents([folder]).documents
    assert doc.meta.region == "咸宁市"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("003.txt,咸宁市,2022,,bulletin,\n", "line 2: file '003.txt' does not exist"),
        (
            "002.txt,咸宁市,2022,,通报,\n",
            "line 2: unknown kind '通报' (report|bulletin|news|other)",
        ),
        (
            "002.txt,咸宁市,二〇二二,,bulletin,\n",
            "line 2: year '二〇二二' is not a year (1900-2100)",
        ),
        ("002.txt,咸宁市,22,,bulletin,\n", "line 2: year '22' is not a year (1900-2100)"),
        (",咸宁市,2022,,bulletin,\n", "line 2: empty 'file'"),
        ("002.txt,,,,,\n002.txt,,,,,\n", "line 3: file '002.txt' listed twice"),
    ],
)
def test_bad_row_is_a_bad_input(folder: Path, row: str, problem: str) -> None:
    manifest = write_manifest(folder, row)
    with pytest.raises(BadManifest) as exc:
        read_documents([folder])
    assert str(exc.value) == f"{manifest}: {problem}"


def test_missing_column(folder: Path) -> None:
    (folder / "manifest.csv").write_text("file,region,year\n002.txt,咸宁市,2022\n", "utf-8")
    with pytest.raises(BadManifest, match=r"missing column\(s\) period, kind, title$"):
        read_documents([folder])


def test_manifest_not_utf8(folder: Path) -> None:
    (folder / "manifest.csv").write_bytes((HEADER + "002.txt,咸宁市,,,,\n").encode("gbk"))
    with pytest.raises(BadManifest, match=r"manifest\.csv: not UTF-8$"):
        read_documents([folder])


def test_keep_going_reports_each_bad_row_and_reads_the_files(folder: Path) -> None:
    (folder / "004.txt").write_text("2020年政府工作报告\n各位代表:\n", encoding="utf-8")
    manifest = write_manifest(
        folder, "002.txt,咸宁市,2022,,bulletin,\n004.txt,西塞山区,20x0,,report,\nnone.txt,,,,,\n"
    )
    result = read_documents([folder], keep_going=True)
    assert [str(e) for e in result.errors] == [
        f"{manifest}: line 3: year '20x0' is not a year (1900-2100)",
        f"{manifest}: line 4: file 'none.txt' does not exist",
    ]
    first, second = result.documents
    assert first.meta.region == "咸宁市"  # its row was good
    assert second.meta.region is None  # its row was bad: detected only
    assert second.meta.kind == "report"
