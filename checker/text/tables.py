"""Tables in plain text: where they are, their caption, header rows and body rows.

Saved pages carry tables in two shapes this module reads:

* **bar rows** — one row a line, cells between bars: ``| 凉山州 | 241 | 20034 |``; HTML
  pages are ingested the same way (``a | b | c``, :mod:`checker.ingest.html`);
* **one cell a line** — the plain-text copy of a table: cells on their own lines, apart by
  blank lines, by lines holding only ``|``, or ending in `` |`` (``序号\\n\\n指标名称\\n\\n
  2024年目标\\n\\n完成情况\\n\\n1\\n\\n地区生产总值增速(%\\n\\n7\\n\\n6.8``).

(Rows with cells apart by spaces only are not read here: a label with a space in it cannot
be told from two cells.)

A table is its caption (title lines just above it: ``…进度表``, ``(截至2016年9月30日)``,
``单位:亿元``), its header rows (no figure in them) and its body rows. Merged header cells
lose their spans in both shapes; :mod:`checker.extract.table_meaning` aligns what it can.
Offsets are into the text given (any length-preserving view of a document's text).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import regex

from checker.extract import catalogue
from checker.text.lines import first_line_match

# A figure filling its cell: 20034, -0.2, 1,257.5, 95.33%, 13.7 (a unit belongs to the header).
_NUMBER = regex.compile(r"[-+−]?[0-9][0-9,]*(?:\.[0-9]+)?\s*[%％‰]?")
# An empty value: a dash or slash in a cell.
_BLANK = regex.compile(r"[-—–/／\\]{1,2}")
_BAR = regex.compile(r"[|｜]")
# A line holding only bars and spaces separates cells of a one-cell-a-line table.
_SEPARATOR = regex.compile(r"[\s|｜]*")
# A cell line: short, and no sentence in it.
_MAX_CELL = 30
_SENTENCE = regex.compile(r"[。;；!！?？]")
# A caption line: a short title just above a table.
_MAX_CAPTION = 60
_CAPTION_LINES = 3
_SPACE = regex.compile(r"\s+")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str  # as written, stripped

    @property
    def key(self) -> str:
        """The text without spaces, for matching header words (指 标 = 指标)."""
        return _SPACE.sub("", self.text)

    @property
    def is_number(self) -> bool:
        return _NUMBER.fullmatch(self.text) is not None

    @property
    def is_blank(self) -> bool:
        return not self.text or _BLANK.fullmatch(self.text) is not None


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    caption: tuple[Cell, ...]
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    layout: str  # "bars" | "cells"
    serial: bool = False  # the first header column numbers the rows (序号)

    @property
    def start(self) -> int:
        return (self.header or self.body)[0][0].start

    @property
    def end(self) -> int:
        return self.body[-1][-1].end


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append(_Line(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _strip(text: str, start: int, end: int) -> Cell:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Cell(start, end, text[start:end])


def bar_cells(text: str, line: _Line) -> Row:
    """The cells of a bar row; leading and trailing empty cells (merged-cell padding)
    dropped, empty cells inside kept (they hold a column's place)."""
    cuts = [m.start() for m in _BAR.finditer(text, line.start, line.end)]
    bounds = [line.start - 1, *cuts, line.end]
    cells = [_strip(text, a + 1, b) for a, b in pairwise(bounds)]
    while cells and not cells[0].text:
        cells.pop(0)
    while cells and not cells[-1].text:
        cells.pop()
    return tuple(cells)


@lru_cache(maxsize=8)
def _header_words() -> tuple[frozenset[str], frozenset[str]]:
    data = catalogue.load("tables")
    return frozenset(data["label_headers"]), frozenset(data["serial_headers"])


@lru_cache(maxsize=1)
def _total_words() -> frozenset[str]:
    return frozenset(catalogue.load("tables")["total_rows"])


def is_label_header(cell: Cell) -> bool:
    return cell.key in _header_words()[0]


def is_serial_header(cell: Cell) -> bool:
    return cell.key in _header_words()[1]


def _header_row(row: Row) -> bool:
    """No figure in it — or only years over a label header (指标 | 2023 | 2024)."""
    if not any(c.is_number for c in row):
        return True
    return is_label_header(row[0]) and all(
        regex.fullmatch(r"(?:19|20)[0-9]{2}", c.text) for c in row[1:] if c.is_number)


def _captions(text: str, lines: list[_Line], first: int) -> list[Cell]:
    """Short title lines right above line ``first`` (blank lines skipped)."""
    out: list[Cell] = []
    i = first - 1
    while i >= 0 and len(out) < _CAPTION_LINES:
        line = lines[i]
        i -= 1
        if _SEPARATOR.fullmatch(line.text):
            continue
        cell = _strip(text, line.start, line.end)
        if len(cell.text) > _MAX_CAPTION or _SENTENCE.search(cell.text):
            break
        out.append(cell)
    return out[::-1]


# --- bar rows ------------------------------------------------------------------------------

def _has_bar(line: _Line) -> bool:
    return "|" in line.text or "｜" in line.text


def _bar_tables(text: str, lines: list[_Line]) -> list[Table]:
    out: list[Table] = []
    i = 0
    while i < len(lines):
        if not _has_bar(lines[i]) or len(bar_cells(text, lines[i])) < 2:
            i += 1
            continue
        # Single-cell bar lines right above are the table's title lines (| 附件2 |).
        titles: list[Cell] = []
        j = i - 1
        while j >= 0 and _has_bar(lines[j]) and len(cell := bar_cells(text, lines[j])) == 1:
            titles.insert(0, cell[0])
            j -= 1
        rows: list[Row] = []
        while i < len(lines) and _has_bar(lines[i]):
            cells = bar_cells(text, lines[i])
            if len(cells) < 2:
                break
            rows.append(cells)
            i += 1
        out.extend(_split(rows, _captions(text, lines, j + 1) + titles))
    return out


def _split(rows: list[Row], caption: list[Cell]) -> list[Table]:
    """Header rows, then body rows; a header row opening with a label header after a body
    starts the next table (two tables with no line between)."""
    out: list[Table] = []
    n = 0
    while n < len(rows):
        first = n
        while n < len(rows) and _header_row(rows[n]):
            n += 1
        body_start = n
        while n < len(rows) and not (_header_row(rows[n]) and is_label_header(rows[n][0])):
            n += 1
        header, body = tuple(rows[first:body_start]), tuple(rows[body_start:n])
        if body:
            serial = bool(header) and is_serial_header(header[0][0])
            out.append(Table(tuple(caption) if not out else (), header, body, "bars", serial))
    return out


# --- one cell a line -----------------------------------------------------------------------

def _cell_line(text: str, line: _Line) -> Cell | None:
    """A line holding one cell (an optional bar at either end), or None."""
    if len(line.text) > 2 * _MAX_CELL + 4:
        return None
    cells = bar_cells(text, line)
    if len(cells) != 1:
        return None
    cell = cells[0]
    if len(cell.key) > _MAX_CELL or _SENTENCE.search(cell.text):
        return None
    return cell


def _cell_runs(text: str, lines: list[_Line]) -> list[tuple[int, list[Cell]]]:
    """Runs of cell lines (separator lines between allowed): (first line, cells)."""
    runs: list[tuple[int, list[Cell]]] = []
    current: list[Cell] = []
    first = 0
    for n, line in enumerate(lines):
        if _SEPARATOR.fullmatch(line.text):
            continue
        cell = _cell_line(text, line)
        if cell is None:
            if current:
                runs.append((first, current))
            current = []
            continue
        if not current:
            first = n
        current.append(cell)
    if current:
        runs.append((first, current))
    return runs


def _cell_tables(text: str, lines: list[_Line]) -> list[Table]:
    out: list[Table] = []
    for first, cells in _cell_runs(text, lines):
        k = taken = 0  # where to look for a header; cells before k belong to a table
        while True:
            start = next((i for i in range(k, len(cells)) if is_label_header(cells[i])), None)
            if start is None:
                break
            header, body = _widest_reading(cells[start:])
            if not body:
                k = start + 1
                continue
            above = _captions(text, lines, first) if taken == 0 else []
            out.append(Table(tuple(above + cells[taken:start]), (header,), tuple(body),
                             "cells", is_serial_header(header[0])))
            k = taken = start + len(header) + sum(len(r) for r in body)
    return out


def _widest_reading(cells: list[Cell]) -> tuple[Row, list[Row]]:
    """The header width that reads the most body rows (ties: the wider header).

    The header runs up to the first figure, but in a table without serial numbers the
    first row's label comes before that figure too: one cell fewer may be the header.
    """
    counted = 0
    while counted < len(cells) and not cells[counted].is_number:
        counted += 1
    best: tuple[Row, list[Row]] = ((), [])
    for width in range(counted, 1, -1):
        header = tuple(cells[:width])
        body = _cell_rows(cells[width:], width, is_serial_header(header[0]))
        if len(body) > len(best[1]):
            best = (header, body)
    return best


def _cell_rows(cells: list[Cell], width: int, serial: bool) -> list[Row]:
    """Cells → rows of ``width`` (one fewer for a total without its serial number: 合计,
    全省).

    A row is its label (no figure), then value cells with at least one figure; the table
    ends at the first cell sequence that is not such a row (an excerpt cut mid-row).
    """
    rows: list[Row] = []
    k = 0
    while k < len(cells):
        numbered = serial and cells[k].is_number
        if serial and not numbered and cells[k].key not in _total_words():
            break
        size = width if numbered or not serial else width - 1
        row = tuple(cells[k:k + size])
        label_at = 1 if numbered else 0
        if len(row) < size or row[label_at].is_number or row[label_at].is_blank:
            break
        if not any(v.is_number for v in row[label_at + 1:]):
            break
        rows.append(row)
        k += size
    return rows


_HEADER_LEAD = " \t|｜"  # what may stand before a header word on its line


@lru_cache(maxsize=1)
def _header_line() -> tuple[regex.Pattern[str], frozenset[str]]:
    """A line that is only a label header cell (序号, 指 标 |): where a one-cell-a-line
    table can start; a document without one has none. With what such a line opens with
    (a lead character or a word's first one): other lines are not tried."""
    words = sorted(_header_words()[0], key=len, reverse=True)
    spaced = "|".join(r"\s*".join(regex.escape(ch) for ch in w) for w in words)
    pattern = regex.compile(rf"(?m)^[{regex.escape(_HEADER_LEAD)}]*(?:{spaced})[ \t\r|｜]*$")
    return pattern, frozenset(_HEADER_LEAD) | {w[0] for w in words}


def _has_header_line(text: str) -> bool:
    pattern, openings = _header_line()
    return first_line_match(pattern, text, openings) is not None


def may_hold_tables(text: str) -> bool:
    """Whether ``text`` has a bar or a line that can open a one-cell-a-line table (a cheap
    test before anything else is done to a document's text)."""
    return "\n" in text and ("|" in text or "｜" in text
                             or _has_header_line(text))


def tables(text: str) -> tuple[Table, ...]:
    """Every table of ``text``, in text order."""
    if "\n" not in text:
        return ()
    bars = "|" in text or "｜" in text
    cells = _has_header_line(text)
    if not (bars or cells):
        return ()  # most prose documents: no line is read one by one
    lines = _lines(text)
    found = _bar_tables(text, lines) if bars else []
    if cells:
        found += _cell_tables(text, lines)
    return tuple(sorted(found, key=lambda t: t.start))


__all__ = ["Cell", "Row", "Table", "bar_cells", "is_label_header", "is_serial_header",
           "may_hold_tables", "tables"]
