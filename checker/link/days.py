"""Day counts against the dates they span (ARITH-DAYS).

Dates are not claims, so this linker reads them from the text near a day-count claim (unit
天) with its own small patterns:

* a span — "4月29日至11月9日连续195天", "自2024年1月1日至2024年7月31日,累计监测天数为213天":
  the count must equal the days from the first date to the last, both included. Only a
  word that makes the count the span's length (连续, 历时, 为期, 共, 累计监测天数为) may sit
  between the dates and the count: "4月1日至6月30日,优良天数85天" counts days *within* it.
* a rate over the days elapsed — "截至8月27日,我市优良天数198天,…优良率82.5%": the rate
  is the count ÷ the days from 1月1日 to the cut-off, both included (198 ÷ 240 in a leap
  year). The cut-off is "截至M月D日", "1-N月"/"前N个月"/"上半年", or "全年", written in the
  sentence before the count.

A date without a year takes the claim's year; when that is unknown too, a span that may
hold 2月29日 is 365 or 366 days long (an interval, so it never fails on the year alone).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

import pandas as pd
import regex

from checker import columns as C
from checker.link import Relation, Span
from checker.texts import Text

RULE = "ARITH-DAYS"
_DAY = "天"
_Y = r"(?:(?P<{0}y>(?:19|20)\d\d)年)?"
_SPAN = regex.compile(
    r"(?:自|从)?" + _Y.format("a") + r"(?P<am>1[0-2]|0?[1-9])月(?P<ad>3[01]|[12]\d|0?[1-9])日"
    r"(?:起)?(?:至|到|—|－|-|~|～)" + _Y.format("b") +
    r"(?:(?P<bm>1[0-2]|0?[1-9])月)?(?P<bd>3[01]|[12]\d|0?[1-9])日(?:止)?")
# Between the span and its count: a word that makes the count the span's length.
_LENGTH_WORD = regex.compile(
    r"^[,，]?(?:共计|共|累计|总计|连续|历时|为期|用时|持续)?"
    r"(?:监测|统计|运行)?(?:天数|日数)?(?:为|达|达到|共|计|共计)?$")
_CUTOFF = regex.compile(
    r"(?:截至|截止|截止到|截止至)" + _Y.format("c") +
    r"(?P<cm>1[0-2]|0?[1-9])月(?P<cd>3[01]|[12]\d|0?[1-9])日")
_MONTHS = regex.compile(
    r"(?:(?P<my>(?:19|20)\d\d)年)?(?:1[-—－~至到]|前)(?P<mm>1[0-2]|[2-9]|[二三四五六七八九十]|十[一二])个?月")
_HALF = regex.compile(r"上半年")
_WHOLE = regex.compile(r"全年")
_CN_MONTH = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
# The count of days of a kind ("优良天数198天") and its rate ("优良率82.5%").
_COUNT_NAME = regex.compile(r"天数(?:为|达|达到|共|共计|累计)?$")
_RATE_NAME = regex.compile(r"(?:率|比例|占比|比重)(?:为|达|达到)?$")
_BREAK = regex.compile(r"[;；。!！?？\n]")


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    days = claims[(claims[C.UNIT] == _DAY) & (claims[C.VALUE] > 0)]
    for doc, frame in days.groupby(C.DOC, sort=False):
        text = texts.get(str(doc))
        if text is None:
            continue
        doc_claims = claims[claims[C.DOC] == doc].sort_values(C.START)
        for row, rec in frame.sort_values(C.START).iterrows():
            if rec[C.QUALIFIER] not in ("eq", "") or rec[C.KIND] not in ("level", "count"):
                continue
            year = None if pd.isna(rec[C.YEAR]) else int(rec[C.YEAR])
            rel = _span(int(row), rec, text, year)
            if rel is None:
                rel = _elapsed_rate(int(row), rec, doc_claims, text, year)
            if rel is not None:
                out.append(rel)
    return out


def _span(row: int, rec: pd.Series, text: str, year: int | None) -> Relation | None:
    start = int(rec[C.START])
    window = max(0, start - 60)
    best = None
    for m in _SPAN.finditer(text, window, start):
        best = m  # the last span before the count
    if best is None or not _LENGTH_WORD.match(text[best.end():start]):
        return None
    if regex.search(r"\d", text[best.end():start]):
        return None
    y_a = int(best["ay"]) if best["ay"] else None
    y_b = int(best["by"]) if best["by"] else None
    am, ad, bd = int(best["am"]), int(best["ad"]), int(best["bd"])
    bm = int(best["bm"]) if best["bm"] else am
    counts = set()
    for y in _years(y_a or year):
        first = _date(y, am, ad)
        last = _date(y_b or y + ((bm, bd) < (am, ad)), bm, bd)
        if first is None or last is None or last < first:
            return None
        counts.add((last - first).days + 1)
    # an unknown year allows either length of 2月: show the one nearer the stated count
    point = min(counts, key=lambda n: abs(n - float(rec[C.VALUE])))
    return Relation(RULE, "days", row, (), spans=(
        Span("days", best.start(), best.end(), best.group(), min(counts), max(counts), point),),
        note=Text("天数与其起止日期对应(首尾两天均计入)",
                  "the count follows the dates it spans (both days included)"))


def _elapsed_rate(row: int, rec: pd.Series, doc_claims: pd.DataFrame, text: str,
                  year: int | None) -> Relation | None:
    start = int(rec[C.START])
    if not _COUNT_NAME.search(text[max(0, start - 8):start]):
        return None
    sentence = doc_claims[doc_claims[C.SENTENCE] == rec[C.SENTENCE]]
    later = sentence[sentence[C.START] > start]
    rate = None
    for rrow, cand in later.iterrows():
        if cand[C.UNIT] == _DAY and cand[C.KIND] in ("level", "count") and \
                _COUNT_NAME.search(text[max(0, int(cand[C.START]) - 8):int(cand[C.START])]):
            return None  # another count of days: the rate may be that one's
        if cand[C.UNIT] != "%":
            continue
        if cand[C.KIND] in ("growth", "pp_change") or cand[C.QUALIFIER] not in ("eq", ""):
            return None
        if not _RATE_NAME.search(text[max(0, int(cand[C.START]) - 6):int(cand[C.START])]):
            return None
        rate = (int(rrow), cand)
        break
    if rate is None or _BREAK.search(text, start, int(rate[1][C.START])):
        return None
    sent_start = max(text.rfind(c, 0, start) for c in "。\n;；") + 1
    base = _cutoff(text, sent_start, start, year)
    if base is None:
        return None
    quote, s, e, lo, hi = base
    # an unknown year allows either length of 2月: show the one nearer the stated rate
    stated = float(rate[1][C.VALUE])
    point = min((lo, hi), key=lambda n: abs(float(rec[C.VALUE]) / n * 100 - stated))
    return Relation(RULE, "ratio", rate[0], (("numerator", row),), spans=(
        Span("base", s, e, quote, lo, hi, point),),
        note=Text("比率为数量除以自1月1日起经过的天数(首尾均计入)",
                  "the rate is the count over the days elapsed since 1月1日 (both included)"))


def _cutoff(text: str, lo: int, hi: int, year: int | None
            ) -> tuple[str, int, int, int, int] | None:
    """The days from 1月1日 to the cut-off named in text[lo:hi]: quote, offsets, min, max."""
    found = [(m, "day") for m in _CUTOFF.finditer(text, lo, hi)]
    found += [(m, "months") for m in _MONTHS.finditer(text, lo, hi)]
    found += [(m, "half") for m in _HALF.finditer(text, lo, hi)]
    found += [(m, "whole") for m in _WHOLE.finditer(text, lo, hi)]
    if len(found) != 1:
        return None  # none, or several periods the count could belong to
    m, how = found[0]
    own = m.groupdict().get("cy") or m.groupdict().get("my")
    counts = set()
    for y in _years(int(own) if own else year):
        if how == "day":
            cut = _date(y, int(m["cm"]), int(m["cd"]))
            if cut is None:
                return None
        else:
            month = 6 if how == "half" else 12 if how == "whole" else (
                int(m["mm"]) if m["mm"].isdigit() else _CN_MONTH[m["mm"]])
            cut = date(y, month, calendar.monthrange(y, month)[1])
        counts.add((cut - date(y, 1, 1)).days + 1)
    return m.group(), m.start(), m.end(), min(counts), max(counts)


def _years(year: int | None) -> tuple[int, ...]:
    """The year, or — unknown — a common and a leap year (the two lengths 2月 can have)."""
    return (year,) if year is not None else (2023, 2024)


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None
