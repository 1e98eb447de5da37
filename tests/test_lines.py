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
