"""What a table's cells mean: the column's header says target, actual or completion rate,
with its unit and year; the row's label names the indicator, or a place.

A figure in a table carries none of its meaning itself ("| 2752 | 2090 | 662 | 13.7 |"):

* the **column** header path (from the top header row down to the cell over the figure)
  says what the figure is — a target (``2024年目标``, ``计划任务数``), an actual
  (``完成情况``, ``累计完成投资额``), a completion rate (``占计划(%)``, ``计划投资完成率``),
  a growth (``比上年增长%``) — and gives the unit (``(%)``, ``(亿元)``), year and period;
* the **row** label names the indicator (``地区生产总值增速(%)``: growth of GDP, in %) or a
  place: the table's total (``合计``, ``全省``, the document's own region) or one of its
  parts (``西昌市``);
* the caption gives what the header leaves out: ``(截至2016年9月30日)``, ``单位:亿元``.

Header cells that spanned several columns lose their spans in text, so a row is aligned
with the header by the first rule that fits (:func:`_paths`): a header row as wide as the
row; the bottom header row as wide as the row's figures with groups above splitting them
evenly; or, for a deep merged header, the percentage columns taken in order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import regex

from checker.extract import catalogue
from checker.extract.periods import PERIOD, YEAR, normalize_period
from checker.text.normalize import TextView, normalize, to_simplified
from checker.text.tables import Cell, Row, Table, is_label_header, may_hold_tables, tables

# A unit at the end of a header or label cell: 户数(户), 比重(%), 地区生产总值增速(% — the
# closing bracket is sometimes lost in copying.
_UNIT_IN_BRACKETS = regex.compile(r"[(（]\s*(?P<u>[^()（）]{1,6}?)\s*[)）]?$")
_TRAILING_PERCENT = regex.compile(r"(?P<u>[%％])$")
_CAPTION_UNIT = regex.compile(r"单位[:：]\s*(?P<u>[^\s,，;；)）]{1,6})")
_LABEL_LEAD = regex.compile(r"^(?:[0-9]{1,3}[.、]|其中[:：]?|#|\*)+")
# A place: 西昌市, 湘西州, 会理县 (not 城区, 市区, 新区 … which are parts of a place).
_PLACE = regex.compile(
    r"^(?!城区|市区|新区|园区|景区|社区|小区|片区|地区|山区|城市|都市|超市|其他|其它)"
    r"\p{Han}{1,7}(?:省|市|州|县|区|旗|盟)$")
_YEAR_IN = regex.compile(r"(?:19|20)[0-9]{2}")
_SPACE = regex.compile(r"\s+")
_YEAR_WORD = regex.compile(r"(?:19|20)[0-9]{2}年(?:度)?")
# A percentage column of figures all near 100 is an index (上年=100), not a growth rate.
_INDEX_RANGE = (80.0, 130.0)


@dataclass(frozen=True)
class Column:
    path: str  # the header cells over the figure, top to bottom, units dropped
    role: str | None  # target | actual | None
    kind: str | None  # rate | share | growth | index | None
    unit: str  # as written ("%", "亿元", "户"), or ""
    year: int | None
    period: str | None
    completion: bool  # the share of the year's plan done (序时进度 applies)
    other_period: bool = False  # last year's or one month's figures (上年同期, 当月)


@dataclass(frozen=True)
class Meaning:
    """What one figure cell of a table means."""

    start: int
    end: int
    text: str  # the cell as written
    column: Column
    label: str  # the row's label, lead words and unit dropped
    row: str  # indicator | total | part
    unit: str  # the row's own unit (label bracket, 单位 column), or ""
    kind: str | None  # the row's own kind (…增速 → growth), or None
    year: int | None  # the column's year, else the caption's
    period: str | None  # the column's period, else the caption's


@cache
def _words() -> dict[str, tuple[str, ...]]:
    data = catalogue.load("tables")
    return {k: tuple(v) for k, v in data.items()}


def _first_at(text: str, words: Sequence[str]) -> int:
    found = [i for i in (text.find(w) for w in words) if i >= 0]
    return min(found) if found else -1


def unit_of(cell_key: str) -> str:
    """The unit a header or label cell names at its end: 户数(户) → 户, 比上年增长% → %."""
    m = _UNIT_IN_BRACKETS.search(cell_key) or _TRAILING_PERCENT.search(cell_key)
    if m is None:
        return ""
    unit = m.group("u").replace("％", "%")
    return unit if parse_unit(unit) is not None else ""


@lru_cache(maxsize=256)
def parse_unit(written: str) -> tuple[str, str] | None:
    """A unit as written → (scale, unit): 亿元 → (亿, 元), 户 → ("", 户), 万 → (万, "")."""
    units, scales = catalogue.units(), catalogue.scales()
    for scale in [*sorted(scales, key=len, reverse=True), ""]:
        if written.startswith(scale):
            rest = written[len(scale):]
            if rest in units or (scale and not rest):
                return scale, rest
    return None


def _drop_unit(key: str) -> str:
    m = _UNIT_IN_BRACKETS.search(key)
    if m is not None and parse_unit(m.group("u").replace("％", "%")) is not None:
        return key[: m.start()]
    return key.rstrip("%％")


@lru_cache(maxsize=1024)
def column_of(path: tuple[str, ...]) -> Column:
    """Header cells (top to bottom, spaces removed) → the column's meaning."""
    w = _words()
    joined = "".join(path)
    unit = next((u for u in (unit_of(k) for k in reversed(path)) if u), "")
    completion_at = _first_at(joined, w["completion"])
    under_way = _first_at(joined, w["under_way"]) >= 0
    if completion_at >= 0:
        role: str | None = "actual"
        kind: str | None = "share" if under_way else "rate"
    else:
        role = role_named(joined) or ("actual" if under_way else None)
        if _first_at(joined, w["share"]) >= 0:
            kind = "share"
        elif _first_at(joined, w["growth"]) >= 0:
            kind = "growth"
        else:
            kind = None
    if kind in ("rate", "share", "growth") and not unit:
        unit = "%"  # 比上年增长, 完成率: a percentage when the header names no other unit
    year = _YEAR_IN.search(joined)
    period = PERIOD.search(joined)
    # what is measured, without the when: 1-9月完成 → 完成, 2024年目标 → 目标
    named = "".join(_drop_unit(k) for k in path)
    named = PERIOD.sub("", _YEAR_WORD.sub("", named)) or named
    return Column(
        path=named, role=role, kind=kind, unit=unit,
        year=int(year.group()) if year else None,
        period=normalize_period(period.group()) if period else None,
        completion=completion_at >= 0 and not under_way,
        other_period=kind != "growth" and _first_at(joined, w["other_period"]) >= 0)


def role_named(words: str) -> str | None:
    """target | actual by the first of their words (计划完成数 is a plan, 完成计划 a result)."""
    w = _words()
    target_at, actual_at = _first_at(words, w["target"]), _first_at(words, w["actual"])
    if target_at >= 0 and (actual_at < 0 or target_at < actual_at):
        return "target"
    return "actual" if actual_at >= 0 else None


# --- aligning a row with the header --------------------------------------------------------

def _label_index(row: Row) -> int | None:
    return next((k for k, c in enumerate(row) if not c.is_number and not c.is_blank), None)


def _even_groups(header_row: Row, n_values: int) -> list[Cell | None]:
    """A group row over the figures: its cells after the label headers, each spanning the
    same number of figure columns, when they split them evenly."""
    groups = [c for c in header_row if not is_label_header(c)]
    if not groups or n_values % len(groups):
        return [None] * n_values
    span = n_values // len(groups)
    return [groups[j // span] for j in range(n_values)]


def _paths(table: Table, row: Row, label_at: int) -> dict[int, list[Cell]]:
    """Row cell index → its header cells (top to bottom), for the cells that align."""
    width, n_values = len(row), len(row) - label_at - 1
    header = table.header
    if not header:
        return {}
    # 1. A header row as wide as the row (or one wider: a total row without its 序号).
    for offset in (0, 1):
        if offset and not (table.serial and label_at == 0):
            continue
        leaf = next((h for h in reversed(header) if len(h) == width + offset), None)
        if leaf is None:
            continue
        out: dict[int, list[Cell]] = {}
        for j in range(label_at + 1, width):
            path = []
            for h in header:
                if len(h) == width + offset:
                    path.append(h[j + offset])
                elif h is not leaf:
                    group = _even_groups(h, n_values)[j - label_at - 1]
                    if group is not None:
                        path.append(group)
            out[j] = path
        return out
    # 2. The bottom header row over the figures only (the label header spans the rows).
    bottom = header[-1]
    if len(header) > 1 and len(bottom) == n_values:
        out = {}
        for j in range(label_at + 1, width):
            path = [g for h in header[:-1]
                    if (g := _even_groups(h, n_values)[j - label_at - 1]) is not None]
            out[j] = [*path, bottom[j - label_at - 1]]
        return out
    # 3. A deep merged header: percentage columns in order, under their groups in order.
    return _percent_paths(header, row, label_at)


def _is_percent_cell(cell: Cell) -> bool:
    return cell.is_number and ("%" in cell.text or "％" in cell.text or "." in cell.text)


def _percent_paths(header: Sequence[Row], row: Row, label_at: int) -> dict[int, list[Cell]]:
    columns = [(r, c) for r, h in enumerate(header) for c in h if unit_of(c.key) == "%"]
    figures = [j for j in range(label_at + 1, len(row)) if _is_percent_cell(row[j])]
    if not columns or len(columns) != len(figures):
        return {}
    out: dict[int, list[Cell]] = {}
    for (r, cell), j in zip(columns, figures, strict=True):
        siblings = [c for row_no, c in columns if row_no == r]
        out[j] = [*_status_group(header, r, siblings.index(cell), len(siblings)), cell]
    return out


def _status_group(header: Sequence[Row], r: int, k: int, n: int) -> list[Cell]:
    """The k-th of n sibling columns in header row r falls under the k-th status group
    (在建住房, 完成住房) of the nearest row above that has exactly n of them."""
    w = _words()
    status = w["actual"] + w["under_way"]
    for above in range(r - 1, -1, -1):
        groups = [c for c in header[above] if _first_at(c.key, status) >= 0]
        if len(groups) == n:
            return [groups[k]]
    return []


# --- rows -----------------------------------------------------------------------------------

def _region_key(name: str) -> str:
    # the reconciliation's region key (咸宁市 = 咸宁), imported late: reconcile imports us
    from checker.reconcile.keys import region_key

    return region_key(name)


def row_class(label: str, table: Table, region: str | None) -> str:
    """indicator | total (合计, 全省, the document's own region) | part (one of its places)."""
    w = _words()
    if label in w["total_rows"] or (region and _region_key(label) == _region_key(region)):
        return "total"
    over_places = any(c.key in w["region_headers"] for h in table.header for c in h)
    if over_places or _PLACE.match(label):
        return "part"
    return "indicator"


def _row_kind(label_key: str) -> str | None:
    w = _words()
    if label_key.endswith(tuple(w["growth"])) or label_key.endswith(("增速", "增幅")):
        return "growth"
    if label_key.endswith(tuple(w["share"])):
        return "share"
    return None


def _unit_column(table: Table, row: Row, paths: dict[int, list[Cell]]) -> str:
    """The row's unit from a 单位 column (万人, 公里)."""
    for j, path in paths.items():
        if path and path[-1].key in _words()["unit_headers"] and parse_unit(row[j].key):
            return row[j].key
    return ""


@dataclass(frozen=True)
class _Caption:
    year: int | None  # 凉山州2016年…进度表
    period: str | None  # (截至2016年9月30日)
    unit: str  # 单位:亿元
    role: str | None  # 2025年主要预期目标 (target), 主要指标完成情况 (actual)


def _caption(table: Table) -> _Caption:
    text = " ".join(c.text for c in table.caption)
    year = YEAR.search(text)
    period = PERIOD.search(text)
    unit = _CAPTION_UNIT.search(text)
    return _Caption(int(year.group("y")) if year else None,
                    normalize_period(period.group()) if period else None,
                    unit.group("u") if unit and parse_unit(unit.group("u")) else "",
                    role_named(_SPACE.sub("", text)))


def read_table(table: Table, region: str | None = None) -> list[Meaning]:
    """The meaning of every figure cell of ``table`` that aligns with its header."""
    caption = _caption(table)
    out: list[Meaning] = []
    for row in table.body:
        label_at = _label_index(row)
        if label_at is None:
            continue
        label_key = _LABEL_LEAD.sub("", row[label_at].key)
        paths = _paths(table, row, label_at)
        row_unit = unit_of(label_key) or _unit_column(table, row, paths)
        label = _drop_unit(label_key) if unit_of(label_key) else label_key
        cls = row_class(label, table, region)
        for j, path in paths.items():
            cell = row[j]
            if not cell.is_number:
                continue
            col = column_of(tuple(c.key for c in path))
            if col.other_period:
                continue
            if col.kind is None and not col.unit and caption.unit:
                col = replace(col, unit=caption.unit)  # 单位:亿元 over the amounts
            if col.role is None and col.kind is None:
                col = replace(col, role=caption.role)  # 2025年主要预期目标 | 指标 | 2025年
            out.append(Meaning(cell.start, cell.end, cell.text, col, label, cls, row_unit,
                               _row_kind(label), col.year or caption.year,
                               col.period or caption.period))
    return _indexes(out)


def _indexes(meanings: list[Meaning]) -> list[Meaning]:
    """比上年涨跌(%) over 101.0, 98.4, 102.0: figures on 上年=100, not growth rates."""
    by_column: dict[str, list[int]] = {}
    for i, m in enumerate(meanings):
        if m.column.kind == "growth":
            by_column.setdefault(m.column.path, []).append(i)
    out = list(meanings)
    lo, hi = _INDEX_RANGE
    for members in by_column.values():
        values = [_figure(meanings[i]) for i in members]
        if all(v is not None and lo <= v <= hi for v in values):
            for i in members:
                m = out[i]
                out[i] = replace(m, column=replace(m.column, kind="index", unit=""),
                                 kind=None if m.kind == "growth" else m.kind)
    return out


def _figure(m: Meaning) -> float | None:
    try:
        return float(m.text.rstrip("%％‰ ").replace(",", "").replace("−", "-"))
    except ValueError:
        return None


@dataclass(frozen=True)
class TableCells:
    """The figure cells of a text's tables with their meanings, found by offset."""

    cells: tuple[Meaning, ...]  # in text order
    starts: tuple[int, ...]

    def __iter__(self) -> Iterator[Meaning]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    def at(self, pos: int) -> Meaning | None:
        """The meaning of the cell holding offset ``pos``, if any."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.cells[i].start <= pos < self.cells[i].end:
            return self.cells[i]
        return None


_NO_CELLS = TableCells((), ())


def meanings(text: str, region: str | None = None) -> TableCells:
    """Every table figure cell of ``text`` with its meaning."""
    out: list[Meaning] = []
    for table in tables(text):
        out.extend(read_table(table, region))
    out.sort(key=lambda m: m.start)
    return TableCells(tuple(out), tuple(m.start for m in out))


def document_meanings(original: str, region: str | None,
                      view: TextView | None = None) -> TableCells:
    """:func:`meanings` of a document's text, at offsets into the original: its
    normalised view when that deleted nothing, else the simplified original.

    Without ``view`` (a caller asking about one cell at a time, like reconciliation) the
    answer is kept for that very text object, not for equal text: a document read twice,
    or a copy of another, costs what a new one does."""
    if "\n" not in original:
        return _NO_CELLS
    if view is None:
        return _normalised_meanings(original, region)
    return meanings(view.norm if view.origin is None else to_simplified(original), region)


# The last few texts asked about without a view: (text object, region, cells).
_RECENT: list[tuple[str, str | None, TableCells]] = []
_RECENT_SIZE = 16


def _normalised_meanings(original: str, region: str | None) -> TableCells:
    for text, reg, cells in _RECENT:
        if text is original and reg == region:
            return cells
    if not may_hold_tables(to_simplified(original)):
        cells = _NO_CELLS  # most documents: not normalised for nothing
    else:
        cells = document_meanings(original, region, normalize(original))
    _RECENT.insert(0, (original, region, cells))
    del _RECENT[_RECENT_SIZE:]
    return cells


__all__ = ["Column", "Meaning", "TableCells", "column_of", "document_meanings", "meanings",
           "parse_unit", "read_table", "row_class", "unit_of"]
