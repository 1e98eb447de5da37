"""A change in points against the two levels it connects (ARITH-DIFF).

A change written in 百分点 (or 千分点, or plain points for an index) is a difference of two
levels, and where both levels are written beside it the difference can be recomputed:

* previous, current, change — "占比由20.5%提高到25.3%,提高4.8个百分点";
* current, previous, change — "城镇化率达到65.22%,比上年末的64.72%提高0.50个百分点",
  "占月监测天数的96.8%,同比2023年(90.3%)上升6.5个百分点", "为100.2,比2021年末的100.43
  下降0.23" (an index, in points);
* a completion rate and its lead over 序时进度, the share of the year elapsed —
  "1-3月…为年度投资计划的30.90%,超过时间进度5.90个百分点" (30.90 − 25 = 5.90), also as a
  分别 list ("投资完成率分别为43.2%、37.8%,分别超时序进度9.9个百分点、4.5个百分点").

The three figures must be adjacent claims in one clause run, joined only by the words of
one of these shapes (:data:`_FROM`, :data:`_TO`, :data:`_VERSUS`, :data:`_THEN`,
:data:`_SCHEDULE`): anything else between them and the change may be about something else.
The direction word decides the sign the text asserts; where the extracted figure carries no
sign for it (落后时间进度3.7个百分点), :attr:`Relation.sign` says so.

序时进度 is read from the period written before the rate in its paragraph (1-N月, 上半年,
前三季度, 截至N月底): N/12 of the year, widened to the day-count convention (1月1日 to the
month's end over 365 or 366 days) and to N/12 rounded to one decimal, which publishers use
as well. A cut-off day (截至5月20日) is not read: its convention varies too much.

:func:`level_pair` is the two-levels grammar on its own; the growth linker uses it for a
growth rate of a rate ("由20%提高到25%,增长25%").
"""

from __future__ import annotations

import calendar
from bisect import bisect_left
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import pandas as pd
import regex

from checker import columns as C
from checker.extract.periods import PERIOD, normalize_period
from checker.link import Relation, Span, records_by_document
from checker.text.normalize import TextView, normalize
from checker.texts import Text

RULE = "ARITH-DIFF"
# The unit of a change → the units of the levels it connects, tried in order: plain points
# (个点) are an index's, or loosely a rate's percentage points; a basis point is 0.01 of one.
LEVEL_UNITS = {"百分点": ("%",), "千分点": ("‰",), "": ("",), "点": ("", "%"), "基点": ("%",)}
# Change units in one level unit, where they differ (the difference is scaled by this).
_PER_LEVEL_UNIT = {"基点": 100.0}
# A change written with a scale word (增加2万) is a count's change, not points.
_CHANGE_WRITTEN = ("", "个百分点", "百分点", "个千分点", "千分点", "个点", "个基点", "基点")
_CHANGE_KINDS = ("pp_change", "change")
_LEVEL_KINDS = ("level", "share", "rate", "index", "growth")
_EXACT_QUALIFIERS = ("eq", "")

Rec = dict[str, Any]

# --- the words between the figures (matched on the normalised text) -----------------------
_UP = r"提高|上升|增加|增长|提升|上涨|扩大|升高|抬升|加快|高出|上调|多|高|升|增|涨"
_DOWN = r"下降|降低|回落|减少|下滑|下跌|收窄|缩小|回调|放缓|减缓|下调|低|少|降|减|跌"
# A year or period that a level belongs to: 上年, 2023年, 上年末, 去年同期 …
_WHEN = r"(?:[0-9]{4}\s*年|上年|去年|上一年|前一年|上月|上季度|年初)?(?:末|底|同期|全年)?"
# Before the previous level of "由X%提高到Y%": 由, 从, 由上年的.
_FROM = regex.compile(r"(?:由|从)" + _WHEN + r"(?:的)?\s*$")
# Between the previous and the current level: 提高到, 降至, 调整为.
_TO = regex.compile(r"^\s*(?:" + _UP + "|" + _DOWN + r"|调整|变化|变动|变)?(?:到|至|为)\s*$")
# Between the current and the previous level: ,比上年末的 / ,同比2023年( / ,上年为.
_VERSUS = regex.compile(
    r"^\s*[,、]?\s*(?:(?:比|较|同比|相比|对比|与)(?:于)?\s*" + _WHEN + r"\s*(?:的|相比)?\s*\(?"
    r"|(?:上年|去年|上一年|[0-9]{4}\s*年)(?:末|底|同期|全年)?(?:为|是)\s*)$")
# Between the second level and the change: ,提高 / )上升 / 下降了.
_THEN = regex.compile(
    r"^\s*\)?\s*[,、]?\s*(?:相比|相较|共|累计|同比|比上年)?\s*"
    r"(?:(?P<up>" + _UP + r")|(?P<down>" + _DOWN + r"))了?\s*$")
# Between a completion rate and its gap to 序时进度: ,超过时间进度 / ,分别超时序进度.
_SCHEDULE = regex.compile(
    r"^\s*[,、]?\s*(?:分别|均)?(?:(?P<up>超过|超出|超|快于|高于|领先)|"
    r"(?P<down>落后|慢于|低于|滞后|差))(?:于)?(?:全年)?(?:时间|序时|时序)进度\s*(?:约)?\s*$")
# A sector's share in a 三次产业结构 "A:B:C" (三次产业划分规定: always this order), named
# before its change: "服务业在全区经济中的比重比上年下降3.2个百分点". 服务业 on its own is
# 第三产业, but not 现代服务业 or 生产性服务业; 工业 and 农业 are only part of theirs.
_SECTOR = regex.compile(r"(?P<s0>第一产业)|(?P<s1>第二产业)|(?P<s2>第三产业|(?<!\p{Han})服务业)")
_SECTOR_CHANGE = regex.compile(
    r"(?:比重|占比|份额)\p{Han}{0,8}?(?:(?P<up>" + _UP + r")|(?P<down>" + _DOWN + r"))了?\s*$")
# Several sectors before one change (第二、第三产业的比重分别…, 二三产业): not one share.
_SECTORS = regex.compile(r"第?[一二三][、和及]第?[一二三]产业|[一二三]{2}产业|分别")
_STRUCTURE = regex.compile(r"(?:三次产业|产业)(?:结构|比例|构成)(?:比|比例)?")
# The rate must be a share of the year's plan (完成年度计划的, 投资完成率 …).
_PLAN = regex.compile(r"计划|目标|任务|预算|完成率|执行率|进度")
# Between the members of a 分别 list: 43.2%、37.8% / 9.9个百分点和4.5个百分点.
_LIST = regex.compile(r"^\s*(?:[、,]|和|及|与)\s*$")
# After a change: a word that makes it a bound (5个百分点以上), not a figure.
_BOUND_AFTER = regex.compile(r"^\s*(?:以上|以下|多|左右|上下|之多)")
# A period marker right after one of these is what is compared with, not the period.
_COMPARED = ("比", "较", "与", "于")


class Normalized:
    """The normalised view of one document (simplified, half-width, no pinyin glosses), read
    between original offsets: the words between two claims as the patterns expect them.
    Built on first use: most candidate figures fail on their claims alone."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._view: TextView | None = None

    @property
    def view(self) -> TextView:
        if self._view is None:
            self._view = normalize(self._text)
        return self._view

    def at(self, offset: int) -> int:
        origin = self.view.origin
        return offset if origin is None else bisect_left(origin, offset)

    def between(self, a: int, b: int) -> str:
        return self.view.norm[self.at(a):self.at(b)]

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.view.span(start, end)


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None:
            continue
        norm = Normalized(text)
        for k, rec in enumerate(recs):
            if not _is_change(rec) or k == 0:
                continue
            rel = (_levels(rows, recs, k, norm) or _schedule(rows, recs, k, norm)
                   or _structure(rows, recs, k, norm))
            if rel is not None:
                out.append(rel)
    return out


def _is_change(rec: Rec) -> bool:
    return (rec[C.KIND] in _CHANGE_KINDS and rec[C.UNIT] in LEVEL_UNITS
            and rec[C.VALUE] != 0 and rec[C.UNIT_WRITTEN] in _CHANGE_WRITTEN)


def _is_level(rec: Rec, unit: str) -> bool:
    return (rec[C.KIND] in _LEVEL_KINDS and rec[C.UNIT] == unit
            and rec[C.QUALIFIER] in _EXACT_QUALIFIERS and "ratio" not in str(rec[C.GROUP]))


def _direction(m: regex.Match) -> int:
    return 1 if m.group("up") else -1


def _sign(rec: Rec, direction: int) -> int:
    """The stated figure is ``sign`` × (current − previous): −1 where the text's direction
    word is not carried by the figure's own sign (落后 is no sign word of the extractor)."""
    return (1 if rec[C.VALUE] > 0 else -1) * direction


def level_pair(recs: list[Rec], k: int, norm: Normalized, unit: str
               ) -> tuple[int, int, int] | None:
    """The current and previous level stated with the change ``recs[k]`` (positions in
    ``recs``) and the direction word's sign, or None: "由X提高到Y,提高Z" or "Y,比上年的X
    提高Z", the three adjacent in one clause run."""
    if k < 2:
        return None
    a, b, change = recs[k - 2], recs[k - 1], recs[k]
    if not (_is_level(a, unit) and _is_level(b, unit)):
        return None
    if _BOUND_AFTER.match(norm.between(int(change[C.END]), int(change[C.END]) + 4)):
        return None
    then = _THEN.match(norm.between(int(b[C.END]), int(change[C.START])))
    if then is None:
        return None
    before_a = norm.between(max(0, int(a[C.START]) - 12), int(a[C.START]))
    joint = norm.between(int(a[C.END]), int(b[C.START]))
    if _FROM.search(before_a) and _TO.match(joint):
        return k - 1, k - 2, _direction(then)  # 由 previous 到 current
    if _VERSUS.match(joint):
        return k - 2, k - 1, _direction(then)  # current, 比 previous
    return None


def _levels(rows: list[int], recs: list[Rec], k: int, norm: Normalized) -> Relation | None:
    change = recs[k]
    if change[C.QUALIFIER] not in _EXACT_QUALIFIERS:
        return None
    change_unit = str(change[C.UNIT])
    if change_unit == "" and change[C.KIND] != "change":
        return None
    pair = None
    for unit in LEVEL_UNITS[change_unit]:
        pair = level_pair(recs, k, norm, unit)
        if pair is not None:
            break
    if pair is None:
        return None
    cur, prev, direction = pair
    if unit == "" and any(recs[j][C.UNIT_WRITTEN] != "" for j in (cur, prev)):
        return None  # plain points connect plain numbers (an index), nothing with a unit
    return Relation(RULE, "diff", rows[k], (("current", rows[cur]), ("previous", rows[prev])),
                    sign=_sign(change, direction), factor=_PER_LEVEL_UNIT.get(change_unit, 1.0),
                    note=Text("变化量与其前后两个水平一同给出",
                              "the change stated with the two levels it connects"))


def _schedule(rows: list[int], recs: list[Rec], k: int, norm: Normalized) -> Relation | None:
    """A completion rate's lead over (or lag behind) 序时进度, 分别 lists paired in order."""
    change = recs[k]
    if change[C.UNIT] != "百分点":
        return None
    # the run of gaps this one belongs to, and its place in it
    first = k
    while first > 0 and _is_change(recs[first - 1]) and _LIST.match(
            norm.between(int(recs[first - 1][C.END]), int(recs[first][C.START]))):
        first -= 1
    last = k
    while last + 1 < len(recs) and _is_change(recs[last + 1]) and _LIST.match(
            norm.between(int(recs[last][C.END]), int(recs[last + 1][C.START]))):
        last += 1
    n = last - first + 1
    if first < n:
        return None
    rates = recs[first - n:first]
    joined = all(_LIST.match(norm.between(int(x[C.END]), int(y[C.START])))
                 for x, y in pairwise(rates))
    if first - n > 0 and _LIST.match(norm.between(int(recs[first - n - 1][C.END]),
                                                  int(rates[0][C.START]))):
        return None  # more rates than gaps: which gap is whose is not said
    if not joined or not all(_is_level(r, "%") and r[C.KIND] != "growth" and r[C.VALUE] > 0
                             for r in rates):
        return None
    how = _SCHEDULE.match(norm.between(int(rates[-1][C.END]), int(recs[first][C.START])))
    if how is None or _BOUND_AFTER.match(
            norm.between(int(change[C.END]), int(change[C.END]) + 4)):
        return None
    if change[C.QUALIFIER] not in (*_EXACT_QUALIFIERS, "gt", "ge", "lt", "le"):
        return None
    # a bound read from 超过/低于 is the verb of "超过时间进度5.9个百分点" (matched whole by
    # _SCHEDULE up to the figure), and a bound after the figure has been ruled out above
    rate_k = first - n + (k - first)
    lo = norm.at(int(rates[0][C.START]))
    para_start = norm.view.norm.rfind("\n", 0, lo) + 1
    sentence_start = max(norm.view.norm.rfind("。", 0, lo), para_start - 1) + 1
    if not _PLAN.search(norm.view.norm, sentence_start, lo):
        return None
    elapsed = _elapsed(norm, para_start, lo, str(recs[rate_k][C.PERIOD]))
    if elapsed is None:
        return None
    return Relation(RULE, "diff", rows[k], (("current", rows[rate_k]),), spans=(elapsed,),
                    sign=_sign(change, _direction(how)),
                    note=Text("完成率与序时进度(全年已过时间的比例)之差",
                              "the completion rate against the share of the year elapsed "
                              "(序时进度)"))


def _elapsed(norm: Normalized, lo: int, hi: int, period_of_rate: str) -> Span | None:
    """序时进度 from the last period marker before the rate in its paragraph (1-N月), when
    it is the period the rate was read with (not so after "1-9月,…比上半年提高…")."""
    marker = None
    for m in PERIOD.finditer(norm.view.norm, lo, hi):
        if norm.view.norm[max(0, m.start() - 1):m.start()] not in _COMPARED:
            marker = m  # not a comparison base: 比上半年提高…
    if marker is None:
        return None
    period = normalize_period(marker.group())
    if period != period_of_rate:
        return None
    found = regex.fullmatch(r"1-([0-9]{1,2})月", period or "")
    if found is None or not 1 <= int(found.group(1)) <= 11:
        return None
    months = int(found.group(1))
    point = 100.0 * months / 12
    # the day-count convention in a common and a leap year, and N/12 rounded to 0.1
    by_days = [100.0 * sum(calendar.monthrange(year, m)[1] for m in range(1, months + 1))
               / (366 if calendar.isleap(year) else 365) for year in (2021, 2024)]
    values = [point, round(point, 1), *by_days]
    start, end = norm.original(marker.start(), marker.end())
    return Span("elapsed", start, end, norm.view.original[start:end], min(values),
                max(values), point)


def _structure(rows: list[int], recs: list[Rec], k: int, norm: Normalized) -> Relation | None:
    """A sector's change in points after "三次产业结构由A:B:C调整为D:E:F" in its sentence."""
    change = recs[k]
    if change[C.UNIT] != "百分点" or change[C.QUALIFIER] not in _EXACT_QUALIFIERS:
        return None
    words = norm.between(int(recs[k - 1][C.END]), int(change[C.START]))
    how = _SECTOR_CHANGE.search(words)
    sectors = list(_SECTOR.finditer(words, 0, how.start() if how else 0))
    if how is None or len({m.lastgroup for m in sectors}) != 1 or _SECTORS.search(words):
        return None  # no sector, or several (第二、第三产业的比重分别…)
    position = int(str(sectors[0].lastgroup)[1])
    # the two structures: the last two colon groups of three before the change (and before
    # the other sectors' changes listed ahead of it)
    groups: list[list[int]] = []
    j = k - 1
    while j >= 0 and recs[j][C.SENTENCE] == change[C.SENTENCE] and recs[j][C.UNIT] == "百分点":
        j -= 1
    while j >= 0 and len(groups) < 2 and recs[j][C.SENTENCE] == change[C.SENTENCE]:
        group = str(recs[j][C.GROUP])
        members = [i for i in range(j, -1, -1) if str(recs[i][C.GROUP]) == group]
        if "ratio" not in group or len(members) != 3 or any(
                recs[i][C.UNIT] not in ("", "%") for i in members):
            return None  # another figure between the structures and the change
        groups.append(sorted(members))
        j = min(members) - 1
    if len(groups) != 2:
        return None
    current, previous = groups
    joint = norm.between(int(recs[previous[-1]][C.END]), int(recs[current[0]][C.START]))
    before = norm.between(max(0, int(recs[previous[0]][C.START]) - 20),
                          int(recs[previous[0]][C.START]))
    if not (_TO.match(joint) and _FROM.search(before) and _STRUCTURE.search(before)):
        return None
    return Relation(RULE, "diff", rows[k], (("current", rows[current[position]]),
                                            ("previous", rows[previous[position]])),
                    sign=_sign(change, _direction(how)),
                    note=Text("同句给出的前后两个三次产业结构中该产业的比重",
                              "a sector's share in the two 三次产业 structures the sentence "
                              "gives"))
