"""Split a normalised text into paragraphs, numbered items, sections and sentences.

All offsets are into :attr:`TextView.norm`. The result is a list of :class:`Sentence`
records in text order, each knowing the paragraph, numbered bulletin item and top-level
section it sits in — the context extraction needs to give a claim its role and year.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

import regex

from checker.text.scan import char_positions

# A numbered bulletin item opens its paragraph: "38.新增城镇就业…", "12、确保…".
# The lookahead keeps decimals (3.7万人) and dates out.
ITEM_NUMBER = regex.compile(r"^\s*(?P<n>\d{1,3})\s*[.、](?!\d)")
# Top-level headings: "一、2022年工作回顾", "二、踔厉奋发…做好2023年工作".
TOP_HEADING = regex.compile(r"^\s*(?P<n>[一二三四五六七八九十]{1,3})\s*、")
SUB_HEADING = regex.compile(r"^\s*\((?P<n>[一二三四五六七八九十]{1,3})\)")
# Sentence ends. A newline always ends a sentence (tables, headings, lists).
_END_MARKS = "。!?！？"
SENTENCE_END = regex.compile(f"[{_END_MARKS}]+|\n")


class Sentence(NamedTuple):  # a tuple: built several times faster than a frozen dataclass
    start: int
    end: int
    paragraph: int
    item: int | None  # bulletin item number, when the paragraph is a numbered item
    item_opening: bool  # first sentence of a numbered item: the restated target
    section: int  # index of the top-level section (0 before any heading)
    heading: bool  # the sentence is itself a heading line


@dataclass(frozen=True)
class Section:
    index: int
    start: int
    heading: str


@dataclass(frozen=True)
class Segments:
    sentences: list[Sentence]
    sections: list[Section]
    _starts: list[int]

    def sentence_at(self, pos: int) -> Sentence:
        return self.sentences[max(0, bisect_right(self._starts, pos) - 1)]

    def index_at(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)


# What a heading's first character can be (TOP_HEADING's numerals, SUB_HEADING's bracket):
# most lines open with something else and are not matched at all.
_HEADING_OPENINGS = frozenset("一二三四五六七八九十(")


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return bool(
        stripped[:1] in _HEADING_OPENINGS
        and len(stripped) <= 40
        and "。" not in stripped
        and (TOP_HEADING.match(stripped) or SUB_HEADING.match(stripped))
    )


def segment(norm: str) -> Segments:
    sentences: list[Sentence] = []
    sections = [Section(0, 0, "")]
    # where the end marks are, found once (a regex scan of each line cost ~3x)
    marks = char_positions(norm, _END_MARKS)
    k, n_marks = 0, len(marks)
    pos = 0
    for p_index, line in enumerate(norm.split("\n")):
        line_start = pos
        pos += len(line) + 1
        if not line or line.isspace():
            continue
        heading = _is_heading(line)
        if heading and TOP_HEADING.match(line):
            sections.append(Section(len(sections), line_start, line.strip()))
        # (only a line opening with a digit, after blanks, can be a numbered item)
        m = ITEM_NUMBER.match(line) if line.lstrip()[:1].isdigit() else None
        item = int(m.group("n")) if m and not heading else None
        section = len(sections) - 1
        first = True
        cursor = line_start
        line_end = line_start + len(line)
        # A sentence runs to its end marks (so it is never blank); the line's last one, to
        # the end of the line, unless only blanks are left. (A blank line holds no mark:
        # the marks before this line were all read on earlier lines.)
        while k < n_marks and marks[k] < line_end:
            end = marks[k] + 1
            k += 1
            while k < n_marks and marks[k] == end:  # a run of marks ends one sentence
                end += 1
                k += 1
            sentences.append(Sentence(cursor, end, p_index, item,
                                      item is not None and first, section, heading))
            cursor = end
            first = False
        if cursor < line_end and not norm[cursor:line_end].isspace():
            sentences.append(Sentence(cursor, line_end, p_index,
                                      item, item is not None and first, section, heading))
    return Segments(sentences, sections, [s.start for s in sentences])
