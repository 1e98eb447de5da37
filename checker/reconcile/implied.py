"""Last year's figure implied by this year's and its change, against last year's own
document (XDOC-MISMATCH, relation ``implied``).

A statistical communiqué gives a rate with its change on the year before: "人口自然增长率为
-3.19‰,比上年下降3.18个千分点" says the year before stood at −3.19 − (−3.18) = −0.01‰
(over the rounding intervals: [−0.02, 0]). Where another document states that year's
figure for the same region, indicator, measure and unit ("人口自然增长率为-0.01‰" in the
2021 communiqué), the two must agree as two statements of one figure do.

Only changes in 百分点 / 千分点 of a rate stated right before them ("65.2%,比上年提高1.1个
百分点") are read: a growth rate of a level is taken on comparable prices or a revised base
(GDP 按可比价格计算), so the level it implies for last year is not last year's published
figure. Both figures are the full year's (全年 or 年末: one figure a year), and a figure is
compared with those of other documents only — within one document the change and the
previous level are ARITH-DIFF's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

import pandas as pd

from checker import columns as C
from checker.frames import Cells
from checker.link import claim_interval
from checker.link.since import rose
from checker.reconcile.comparisons import Comparison, provisional
from checker.reconcile.keys import DOC_ORDER, KEY, MEASURE, REGION_KEY, hashed_key
from checker.reconcile.timelines import FULL_YEAR
from checker.text.normalize import to_simplified

# the unit of a change → the unit of the rate it changes
_LEVEL_UNIT = {"百分点": "%", "千分点": "‰"}
_LEVEL_MEASURES = ("amount", "growth", "share", "rate")


def implied_previous(k: pd.DataFrame, cells: Cells, texts: Mapping[str, str]
                     ) -> list[Comparison]:
    """Each rate's implied figure for the year before against the figure another document
    states for that year (the first statement in each other document)."""
    point = (k[C.ROLE] == "actual") & (k[C.QUALIFIER] == "eq") & (k[REGION_KEY] != "") \
        & k[C.INDICATOR_KNOWN] & k[C.YEAR].notna() & k[C.PERIOD].isin(FULL_YEAR)
    changes = k[point & (k[MEASURE] == "pp_change") & k[C.UNIT].isin(list(_LEVEL_UNIT))]
    if changes.empty:
        return []
    rates = k[point & k[C.UNIT].isin(list(_LEVEL_UNIT.values()))
              & k[MEASURE].isin(list(_LEVEL_MEASURES))]
    # the rates of the documents with a change, by document in text order (ends, rows)
    own = rates[rates[C.DOC].isin(changes[C.DOC].unique())].sort_values([C.DOC, C.END])
    by_doc: dict[str, tuple[list[int], list[int]]] = {}
    for doc, end, row in zip(own[C.DOC], own[C.END], own.index, strict=True):
        ends, rows = by_doc.setdefault(str(doc), ([], []))
        ends.append(int(end))
        rows.append(row)
    pairs: list[tuple[int, int]] = []  # (rate row, change row)
    for row, doc, start, written, value in zip(changes.index, changes[C.DOC], changes[C.START],
                                               changes[C.WRITTEN], changes[C.VALUE],
                                               strict=True):
        ends, rows = by_doc.get(str(doc), ([], []))
        i = bisect_right(ends, int(start)) - 1
        if i < 0 or str(written).startswith(("+", "-")):
            continue  # no rate before it, or 下降-0.5: which way it moved is unclear
        rate = rows[i]
        if (cells.get(rate, C.INDICATOR) != cells.get(row, C.INDICATOR)
                or k.at[rate, C.UNIT] != _LEVEL_UNIT[str(k.at[row, C.UNIT])]
                or cells.get(rate, C.YEAR) != cells.get(row, C.YEAR)):
            continue
        up = rose(to_simplified(texts[str(doc)][ends[i]:int(start)]))
        if up is None or (float(value) > 0) != up:
            continue  # not its change on the year before, or a sign its word denies
        pairs.append((rate, row))
    if not pairs:
        return []
    # the figures other documents state for the year before, by what they are about: the
    # key of XDOC-MISMATCH but for the period (全年 and 年末 alike), a year earlier
    subjects = k.loc[[rate for rate, _ in pairs]]
    wanted = dict(zip(subjects.index, hashed_key(subjects, subjects[C.YEAR] - 1), strict=True))
    stated = rates[rates[KEY].isin(list(set(wanted.values())))].sort_values([DOC_ORDER, C.START])
    previous: dict[int, list[int]] = {}
    for row, about in zip(stated.index, stated[KEY], strict=True):
        previous.setdefault(about, []).append(row)
    out: list[Comparison] = []
    for rate, change in pairs:
        doc = str(cells.get(rate, C.DOC))
        implied = claim_interval(k, rate) - claim_interval(k, change)
        seen: set[str] = set()
        for ref in previous.get(wanted[rate], []):
            ref_doc = str(cells.get(ref, C.DOC))
            if ref_doc == doc or ref_doc in seen:
                continue
            seen.add(ref_doc)
            out.append(Comparison("XDOC-MISMATCH", "implied", rate, ref, (change,),
                                  claim_interval(k, ref), implied,
                                  provisional=provisional(texts, cells, rate, ref)))
    return out
