"""Table rows of a standard breakdown against the total's row (ARITH-SUM).

Communiqués print tables as cells between bars ("第三产业 | 60.9 | -0.2 |", one cell a
line in many saved pages). Nothing in a table says which rows make up which: the
breakdowns come from the statistical classifications themselves (``data/breakdowns.yaml``:
生产总值 = 第一 + 第二 + 第三产业; 第三产业 = 交通运输、仓储和邮政业 + … + 非营利性服务业).
A row naming a total, followed by rows naming exactly one of its part sets (sub-rows of a
part, 工业 under 第二产业, may come between), gives a sum of the first value column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd
import regex

from checker import columns as C
from checker.extract import catalogue
from checker.link import Relation
from checker.texts import Text

RULE = "ARITH-SUM"
_CELL = regex.compile(r"[^|\n]+")
_NUMBER = regex.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?")
_BETWEEN_CELLS = regex.compile(r"[\s|]*\|[\s|]*")
_LEAD = regex.compile(r"^(?:其中[:：]?|#|\*)+")


@dataclass(frozen=True)
class _Row:
    label: str
    value_start: int  # where the row's first value cell starts
    end: int  # end of its last value cell


def _norm(label: str) -> str:
    label = "".join(unicodedata.normalize("NFKC", label).split())
    return _LEAD.sub("", label)


@cache
def _breakdowns() -> tuple[dict[str, list[frozenset[str]]], dict[str, frozenset[str]]]:
    """total name → its part sets; name → every name below it (for sub-rows)."""
    data = catalogue.load("breakdowns")["breakdowns"]  # libyaml, cached
    parts_of: dict[str, list[frozenset[str]]] = {}
    for entry in data:
        sets = [frozenset(_norm(p) for p in ps) for ps in entry["parts"]]
        for name in entry["total"]:
            parts_of.setdefault(_norm(name), []).extend(sets)
    below: dict[str, frozenset[str]] = {
        name: frozenset().union(*sets) for name, sets in parts_of.items()}
    return parts_of, below


def _rows(text: str) -> list[list[_Row]]:
    """Runs of consecutive table rows: a label cell, then number cells, bars between."""
    cells = [(m.start(), m.end(), m.group().strip()) for m in _CELL.finditer(text)]
    cells = [c for c in cells if c[2]]
    tables: list[list[_Row]] = []
    i = 0
    prev_end = -1
    while i < len(cells):
        start, end, label = cells[i]
        if _NUMBER.fullmatch(label) or len(label) > 30:
            i += 1
            continue
        j = i + 1
        last = end
        values: list[int] = []
        while j < len(cells) and _NUMBER.fullmatch(cells[j][2]) and \
                _BETWEEN_CELLS.fullmatch(text[last:cells[j][0]]):
            values.append(cells[j][0] + text[cells[j][0]:cells[j][1]].index(cells[j][2]))
            last = cells[j][1]
            j += 1
        if values:
            row = _Row(_norm(label), values[0], last)
            joined = prev_end >= 0 and _BETWEEN_CELLS.fullmatch(text[prev_end:start])
            if joined and tables:
                tables[-1].append(row)
            else:
                tables.append([row])
            prev_end = last
        i = j
    return tables


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    parts_of, below = _breakdowns()
    for doc, frame in claims.groupby(C.DOC, sort=False):
        text = texts.get(str(doc))
        if text is None or text.count("|") < 6:
            continue
        at = {int(s): row for s, row in zip(frame[C.START], frame.index, strict=True)}
        for table in _rows(text):
            for n, row in enumerate(table):
                for part_set in parts_of.get(row.label, []):
                    rel = _match(table, n, part_set, below, at)
                    if rel is not None:
                        out.append(rel)
                        break
    return out


def _match(table: list[_Row], n: int, part_set: frozenset[str],
           below: dict[str, frozenset[str]], at: dict[int, int]) -> Relation | None:
    seen: list[_Row] = []
    allowed_sub: set[str] = set()
    for row in table[n + 1:]:
        if row.label in part_set and row.label not in {r.label for r in seen}:
            seen.append(row)
            allowed_sub |= below.get(row.label, frozenset())
            if len(seen) == len(part_set):
                break
        elif row.label not in allowed_sub:
            return None  # a row of something else: not this breakdown
    if len(seen) != len(part_set):
        return None
    total_row = at.get(table[n].value_start)
    part_rows = [at.get(r.value_start) for r in seen]
    if total_row is None or any(p is None for p in part_rows):
        return None
    return Relation(RULE, "sum", total_row, tuple(("part", p) for p in part_rows if p is not None),
                    note=Text(f"表中{table[n].label}按标准分类的各行",
                              f"table rows of the standard breakdown of {table[n].label}"),
                    complete=True)
