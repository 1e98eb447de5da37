"""Plain-text files: UTF-8 with or without BOM, GBK/GB18030 detected, the rest refused.

The fixtures are real sentences of the 咸宁市 bulletin (seeds/002) in different encodings;
``tests/fixtures/ingest/make_fixtures.py`` writes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import UndecodableText, UnreadableFile
from checker.ingest import document_from_bytes, read_documents
from checker.ingest.text import decode

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SENTENCE = "1.地区生产总值增长8%左右。1-9月,完成地区生产总值1321.29亿元,比上年同期增长4.4%,"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("bulletin_utf8.txt", "utf-8"),
        ("bulletin_utf8_bom.txt", "utf-8-sig"),
        ("bulletin_gbk.txt", "gb18030"),
        ("bulletin_gb18030.txt", "gb18030"),
    ],
)
def test_chinese_text_decodes_in_each_encoding(name: str, encoding: str) -> None:
    text, found = decode(fixture(name), name)
    assert found == encoding
    assert text.startswith("关于2022年《政府工作报告》确定主要目标任务三季度进展情况的通报\r\n")
    assert SENTENCE in text


def test_gbk_and_utf8_give_the_same_text() -> None:
    utf8, _ = decode(fixture("bulletin_utf8.txt"), "a")
    assert decode(fixture("bulletin_gbk.txt"), "b")[0] == utf8
    assert decode(fixture("bulletin_utf8_bom.txt"), "c")[0] == utf8


def test_gb18030_only_character_survives() -> None:
    # 𠮷 (U+20BB7) has no GBK code: only a GB18030 decode gets it back.
    text, _ = decode(fixture("bulletin_gb18030.txt"), "x")
    assert text.endswith("另有𠮷祥村新增就业120人。\n")


def test_bom_removed_and_crlf_kept() -> None:
    raw = fixture("bulletin_utf8_bom.txt")
    text, _ = decode(raw, "x")
    assert not text.startswith("\ufeff")
    assert text == raw[3:].decode("utf-8")
    assert text.count("\r\n") == 4


@pytest.mark.parametrize(
    "name",
    ["bulletin_big5.txt", "report_euc_kr.txt", "report_latin1.txt", "random_bytes.txt"],
)
def test_text_in_other_encodings_is_refused_not_guessed(name: str) -> None:
    with pytest.raises(UndecodableText) as exc:
        decode(fixture(name), name)
    assert str(exc.value).startswith(f"{name}: text is ")
    assert "GB18030" in str(exc.value)


def test_big5_would_decode_as_gb18030_but_reads_as_gibberish() -> None:
    # The reason for the plausibility check: these bytes are valid GB18030.
    mojibake = fixture("bulletin_big5.txt").decode("gb18030")
    assert "通报" not in mojibake
    with pytest.raises(UndecodableText, match="does not read as Chinese"):
        decode(fixture("bulletin_big5.txt"), "big5.txt")


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(UnreadableFile, match=r"^binary_nul\.txt: binary file \(contains NUL"):
        decode(fixture("binary_nul.txt"), "binary_nul.txt")


def test_utf16_is_named() -> None:
    raw = "\ufeff地区生产总值增长8%左右。".encode("utf-16-le")
    with pytest.raises(UndecodableText, match="UTF-16"):
        decode(raw, "u16.txt")


def test_control_characters_mean_binary() -> None:
    raw = bytes(range(1, 9)) * 50 + "地区生产总值".encode()
    with pytest.raises(UnreadableFile, match="control characters"):
        decode(raw, "ctl.txt")


def test_ascii_only_text_is_utf8() -> None:
    assert decode(b"GDP +8%\r\n", "a.txt") == ("GDP +8%\r\n", "utf-8")


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_empty_file_is_a_bad_input(name: str) -> None:
    with pytest.raises(UnreadableFile, match=r"empty document \(no text\)"):
        document_from_bytes(fixture(name), name)


def test_document_text_is_the_decoded_file_and_nothing_else() -> None:
    doc = document_from_bytes(fixture("bulletin_gbk.txt"), "bulletin_gbk.txt")
    assert doc.text == fixture("bulletin_utf8.txt").decode("utf-8")
    assert doc.encoding == "gb18030"
    assert doc.source_format == "text"
    start = doc.text.index("1321.29亿元")
    assert doc.text[start : start + 9] == "1321.29亿元"


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "z.txt").write_bytes(fixture("bulletin_gbk.txt"))
    (tmp_path / "a.txt").write_bytes(fixture("bulletin_utf8_bom.txt"))
    (tmp_path / "notes.md").write_text("# 说明\n", encoding="utf-8")  # not a document
    (tmp_path / ".hidden.txt").write_bytes(fixture("bulletin_utf8.txt"))
    result = read_documents([tmp_path])
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in result.documents] == [
        "a.txt",
        "b/c/z.txt",
    ]
    assert result.errors == []
    # The id is of the bytes: equal decoded text in two encodings is two documents.
    assert result.documents[0].text == result.documents[1].text
    assert result.documents[0].id != result.documents[1].id


def test_file_given_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(fixture("bulletin_utf8.txt"))
    result = read_documents([path, tmp_path, str(path)])
    assert len(result.documents) == 1


def test_link_back_up_the_tree_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(fixture("bulletin_utf8.txt"))
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    result = read_documents([tmp_path])
    assert [Path(d.path).name for d in result.documents] == ["a.txt"]
    assert result.errors == []


def test_a_linked_file_is_read_once_with_the_manifest_row_of_its_target(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(fixture("bulletin_utf8.txt"))
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")  # listed after a.txt: read once
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "manifest.csv").write_text(
        "file,region,year,period,kind,title\nb.txt,西塞山区,2021,,,\n", encoding="utf-8")
    result = read_documents([tmp_path / "sub", tmp_path])
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in result.documents] == [
        "sub/c.txt"]
    result = read_documents([tmp_path])
    assert [(Path(d.path).name, d.meta.region, d.meta.year) for d in result.documents] == [
        ("a.txt", "西塞山区", 2021)]


def test_controls_are_counted_as_the_control_pattern_finds_them() -> None:
    from checker.ingest.text import _CONTROL, _controls

    every = "".join(chr(c) for c in range(0x3100))
    for text in (every, every[::-1] * 2, "", "\x00\x01\t\n\r\x0c\x1f\x7f\x80", "增长\x08\x0b5%"):
        assert _controls(text) == len(_CONTROL.findall(text))
