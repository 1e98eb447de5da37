"""Line-anchored patterns tried only at line starts give what the engine's own scan gives."""

from __future__ import annotations

import pytest
import regex

from checker.text.lines import first_line_match, line_matches

PATTERNS = [
    regex.compile(r"^[ \t]*[0-9]{1,3}\s*[.、](?![0-9])", regex.MULTILINE),  # may cross a newline
    regex.compile(r"^[ \t|]*(?:序\s*号|指\s*标)[ \t\r|]*$", regex.MULTILINE),
    regex.compile(r"^索引号.*$", regex.MULTILINE),
]
TEXTS = [
    "", "\n", "\n\n", "1.", "12\n.5\n3、x", " 7 \n、8", "序号\n指 标 |\n 序号|\n",
    "a\n索引号:1\n索引号",
    "38.新增城镇就业3.7万人\n39、确保\n\n40.完成\n", "序号x\n| 指标 |\r\n",
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=range(len(PATTERNS)))
def test_same_matches_as_the_engines_scan(pattern: regex.Pattern[str]) -> None:
    for text in TEXTS:
        assert ([m.span() for m in line_matches(pattern, text)]
                == [m.span() for m in pattern.finditer(text)]), text
        first = first_line_match(pattern, text)
        found = pattern.search(text)
        assert (first and first.span()) == (found and found.span()), text


def test_lines_opening_otherwise_are_not_tried_and_nothing_is_lost() -> None:
    from test_patterns import BRANCH_EXAMPLES, _scan_texts

    from checker.extract import classifiers
    from checker.text import tables

    header, header_openings = tables._header_line()
    words = sorted(tables._header_words()[0])
    debris = [f"{lead}{w}:x" for lead in ("", " ", "\t• ") for w in
              ("索 引 号", "文号", "有 效 性", "名 称", "【", "ICP", "扫一扫")]
    texts = [*_scan_texts(), *TEXTS, *debris, *BRANCH_EXAMPLES["page_debris"],
             *BRANCH_EXAMPLES["item_number"], *(f"{lead}{w} |\n" for lead in ("", " |", "｜")
                                                for w in words)]
    for text in [*texts, "\n".join(texts)]:
        assert ([m.span() for m in line_matches(classifiers._SKIP_LINE, text,
                                                classifiers._LINE_OPENINGS)]
                == [m.span() for m in classifiers._SKIP_LINE.finditer(text)]), text
        first, found = first_line_match(header, text, header_openings), header.search(text)
        assert (first and first.span()) == (found and found.span()), text
    assert first is not None  # (the joined texts hold a header line)
    assert line_matches(PATTERNS[0], "a\n1.x", frozenset("b")) == []  # others not tried
