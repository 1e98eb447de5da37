"""Table cells → claim fields: the header and row label give what the cell leaves out.

A claim read from a table cell ("7", "13.7") has no unit, verb or indicator words around
it, so the sentence rules of :mod:`checker.extract.claims` say little about it. Once the
claims of a document are read, the figures that sit in a table cell that aligns with its
header (:mod:`checker.extract.table_meaning`) take their unit, kind, role, indicator,
region, year and period from the table:

    序号 | 指标名称 | 2024年目标 | 完成情况
    1 | 地区生产总值增速(% | 7 | 6.8
    → 7: growth of GDP in %, target for 2024 (a floor: no qualifier, more is better);
      6.8: growth of GDP in %, actual for 2024.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from checker import columns as C
from checker.extract import catalogue, qualifiers
from checker.extract.catalogue import Indicator
from checker.extract.indicators import IndicatorMatcher, raw_phrase_left
from checker.extract.table_meaning import Meaning, document_meanings, parse_unit
from checker.models import DocKind, Document
from checker.text.normalize import TextView

_ROUNDED_FAMILIES = ("percent", "permille", "pp", "ppt", "multiple")


_START = C.CLAIM_COLUMNS.index(C.START)


def annotate(rows: list[tuple], doc: Document, view: TextView,
             matcher: IndicatorMatcher, indicators: Mapping[str, Indicator]) -> None:
    """Give the claim ``rows`` of ``doc`` (tuples in ``CLAIM_COLUMNS`` order, read from
    ``view``) that sit in table cells their table meaning; those rows are replaced."""
    if not rows:
        return
    cells = document_meanings(doc.text, doc.meta.region, view)
    if not cells:
        return
    for i, row in enumerate(rows):
        m = cells.at(int(row[_START]))
        if m is not None:
            rec = dict(zip(C.CLAIM_COLUMNS, row, strict=True))
            _apply(rec, m, doc, matcher, indicators)
            rows[i] = tuple(rec[name] for name in C.CLAIM_COLUMNS)


def _apply(row: dict[str, Any], m: Meaning, doc: Document, matcher: IndicatorMatcher,
           indicators: Mapping[str, Indicator]) -> None:
    col = m.column
    # A percentage column keeps its own unit and kind (完成率(%) in a row of 万人); else the
    # row's (地区生产总值增速(%)), else the column's.
    column_first = col.unit == "%" and col.kind is not None
    unit = (col.unit or m.unit) if column_first else (m.unit or col.unit)
    kind = (col.kind or m.kind) if column_first else (m.kind or col.kind)
    if kind == "growth" and not unit:
        unit = "%"
    if unit and not row[C.UNIT_WRITTEN]:
        _set_unit(row, unit)
    if kind is not None:
        row[C.KIND] = kind
    elif unit:
        family = catalogue.units()[row[C.UNIT]].family if row[C.UNIT] else ""
        row[C.KIND] = catalogue.load("units")["family_kind"].get(family, "level")

    indicator, known, phrase = _indicator(m, matcher)
    row[C.INDICATOR], row[C.INDICATOR_KNOWN], row[C.INDICATOR_RAW] = indicator, known, phrase
    row[C.SCOPE] = _scope(phrase)
    if m.row == "part":
        row[C.REGION] = m.label

    is_target = col.role == "target"
    if is_target:
        row[C.ROLE] = "restated_target" if doc.meta.kind is DocKind.BULLETIN else "target"
    else:
        row[C.ROLE] = "actual"
        row[C.MODIFIER] = ""
    row[C.QUALIFIER] = _qualifier(row, m, is_target, indicators.get(indicator) if known else None)
    if m.year is not None:
        row[C.YEAR] = m.year
    if is_target:
        row[C.PERIOD] = "全年"
    elif m.period is not None:
        row[C.PERIOD] = m.period


def _set_unit(row: dict[str, Any], written: str) -> None:
    parsed = parse_unit(written)
    if parsed is None:
        return
    scale, unit_written = parsed
    units = catalogue.units()
    unit = units.get(unit_written)
    mult = catalogue.scales().get(scale, 1) if scale else 1
    row[C.VALUE] = float(row[C.VALUE]) * mult
    if _is_range(row):
        row[C.VALUE_HIGH] = float(row[C.VALUE_HIGH]) * mult
    row[C.UNIT] = unit.base if unit is not None else ""
    row[C.SCALE] = scale
    row[C.UNIT_WRITTEN] = scale + unit_written
    # DOMAIN.md §4: decimals, a scale word or a percentage make a figure rounded.
    rounded = unit is not None and unit.family in _ROUNDED_FAMILIES
    row[C.EXACT] = not (row[C.DECIMALS] or scale or rounded)


def _indicator(m: Meaning, matcher: IndicatorMatcher) -> tuple[str, bool, str]:
    """An indicator row names it (地区生产总值增速 → gdp); a row of places leaves it to
    the column (完成住房占计划)."""
    if m.row != "indicator":
        phrase = m.column.path
        hit = matcher.match_whole(phrase) if phrase else None
        return (hit, True, phrase) if hit else (phrase, False, phrase)
    # 地区生产总值增速 → 地区生产总值 → gdp; a label the catalogue does not know stays
    # whole (0-17岁, 其他用品和服务)
    phrase = raw_phrase_left(m.label)
    hit = matcher.match_whole(phrase) if phrase else None
    return (hit, True, phrase) if hit else (m.label, False, m.label)


def _qualifier(row: dict[str, Any], m: Meaning, is_target: bool,
               indicator: Indicator | None) -> str:
    """The cell's own words (7左右, 6以上), else a target's direction, else eq."""
    if _is_range(row):
        return "range"
    offset = int(row[C.START]) - m.start
    qual, _ = qualifiers.qualifier(m.text, offset, len(m.text), 0, is_target)
    if qual:
        return qual
    if is_target:
        return "le" if indicator is not None and indicator.better == "less" else "ge"
    return "eq"


def _is_range(row: dict[str, Any]) -> bool:
    high = row[C.VALUE_HIGH]  # None (or NaN) when the figure is no range
    return high is not None and not math.isnan(high)


def _scope(phrase: str) -> str:
    from checker.extract.claims import _scope as scope_of  # one list of scope words

    return scope_of(phrase)


__all__ = ["annotate"]
