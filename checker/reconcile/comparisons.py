"""Timelines → comparisons: each a figure judged against the region it must fall in.

Every cross-document rule reduces to one shape, the same the arithmetic rules use: an
*acceptable* interval (what the target or the other document allows) and an *observed*
interval (the figure, with its rounding). A floor target of 8% allows [7.95, ∞); a
ceiling of 3.5% allows (−∞, 3.55]; 8%左右 allows 8 ± 0.5 percentage points (``band_pp``);
a cumulative figure at 1-9月 must reach 75 % of the year's target (序时进度). The rules
engine then decides, with the rounding tiers of :mod:`checker.rules.engine`, whether the
observed interval can fall inside the acceptable one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import regex

from checker import columns as C
from checker import precision as P
from checker.extract.catalogue import Indicator, builtin_indicators
from checker.extract.periods import months_elapsed
from checker.extract.table_meaning import Meaning, document_meanings
from checker.frames import Cells
from checker.link import claim_interval
from checker.models import Document
from checker.reconcile.keys import DOC_KIND, DOC_ORDER, KEY, MEASURE, REGION_KEY, UNIT_BEFORE, keyed
from checker.reconcile.timelines import FULL_YEAR, Track, is_partial, primary_target, tracks

INF = math.inf

# Completion rates that measure progress against the year's plan (序时进度 applies):
# 完成年度计划的40.4%, 占年计划投资的64.49%, 为年预算的32.3%, 完成率24.25%.
# 占任务数16900万元的63.7% and 占年初预算数109466万元的90.9% name the plan and its size.
_ANNUAL_RATE = regex.compile(
    r"(?:(?:年度|全年|年初|年|省定|市定|省下达|占|为|完成)[^,，;；。]{0,14}?(?:计划|目标|任务|预算)"
    r"[^,，;；。0-9]{0,10}(?:[0-9.,]+\s*[万亿]?[元个人户项件家]?)?"
    r"|完成率|投资完成率|完成进度|预算完成进度)(?:的|为|达)?\s*$"
)
# A forecast (预计1-11月份…达1.14亿,占任务数的67.6%) is not progress made.
_FORECAST = regex.compile(r"预计|预测|有望|将达")
_TASK_UNITS = frozenset({"项", "件"})
# Words marking a figure as provisional: a later, different figure is a revision.
_PRELIMINARY = regex.compile(r"初步核算|初步统计|快报|预计|初步测算|约")


@dataclass(frozen=True, slots=True)
class Comparison:
    rule: str  # TARGET-MISSED | TARGET-BEHIND | TARGET-DRIFT | XDOC-MISMATCH
    relation: str  # floor | ceiling | band | range | progress | equal
    subject: int  # claims row judged: the result, progress point, restatement, figure
    reference: int | None  # claims row it is judged against: the target, the other figure
    extra: tuple[int, ...]  # further evidence rows (the target of a completion rate …)
    acceptable: P.Interval
    observed: P.Interval
    soft: bool = False  # 力争/争取: a missed stretch goal is reported apart, milder
    elapsed: float | None = None  # share of the year, for progress
    provisional: bool = False  # one side is 初步核算/预计: a difference may be a revision
    track: int | None = None  # the timeline key it belongs to, for the timeline's status
    # Comparisons of one paragraph that fail together are reported as one finding: the
    # headline rate and the parts behind with it (其中 税务部门…, 新开工项目…).
    cluster: str | None = None
    spans: tuple[tuple[str, int, int, str], ...] = ()  # text evidence that is not a claim

    @property
    def rows(self) -> tuple[int, ...]:
        ref = () if self.reference is None else (self.reference,)
        return (self.subject, *ref, *self.extra)


def _bound(target: P.Interval, qualifier: str, value_high: float, measure: str, unit: str,
           band_pp: float, band_rel: float, better: str) -> tuple[str, P.Interval]:
    """The region a target allows, by its qualifier (DOMAIN.md's qualifier table)."""
    if qualifier == "range" and not math.isnan(value_high):
        return "range", P.Interval(target.lo, value_high, target.point)
    if qualifier == "approx":
        # 8%左右 is missed below the band; doing better than the band is not a miss.
        band = band_pp if unit in ("%", "百分点", "‰") else band_rel * abs(target.point)
        if better == "less":
            return "band", P.Interval(-INF, target.hi + band, target.point)
        return "band", P.Interval(target.lo - band, INF, target.point)
    if qualifier in ("le", "lt") or (qualifier == "eq" and better == "less"):
        return "ceiling", P.Interval(-INF, target.hi, target.point)
    return "floor", P.Interval(target.lo, INF, target.point)


def compare(claims: pd.DataFrame, documents: Mapping[str, Document],
            params: Mapping[str, Mapping[str, object]],
            indicators: Mapping[str, Indicator] | None = None) -> list[Comparison]:
    """Every comparison the cross-document rules judge, over the whole corpus;
    ``indicators``: the catalogue the claims were extracted with (default: built-in)."""
    k = keyed(claims, documents, indicators)
    return compare_keyed(k, tracks(k), documents, params, indicators)


def compare_keyed(k: pd.DataFrame, timeline: list[Track], documents: Mapping[str, Document],
                  params: Mapping[str, Mapping[str, object]],
                  indicators: Mapping[str, Indicator] | None = None) -> list[Comparison]:
    """:func:`compare` on claims already keyed and grouped into tracks (the audit keeps
    both for the timelines)."""
    catalogue = indicators if indicators is not None else builtin_indicators()
    texts = {d: doc.text for d, doc in documents.items()}
    out: list[Comparison] = []
    band = params.get("TARGET-MISSED", {})
    band_pp = float(band.get("band_pp", 0.5))  # type: ignore[arg-type]
    band_rel = float(band.get("band_relative", 0.02))  # type: ignore[arg-type]
    cells = Cells(k, _CELLS)
    for track in timeline:
        out.extend(_track_comparisons(k, cells, track, band_pp, band_rel,
                                      catalogue.get(track.indicator)))
    regions = {d: doc.meta.region for d, doc in documents.items()}
    out.extend(_rate_progress(k, cells, texts, regions))
    out.extend(_mismatches(k, cells, texts))
    from checker.reconcile.implied import implied_previous  # it builds on this module

    out.extend(implied_previous(k, cells, texts))
    out.extend(_admission_checks(k, cells, documents, out))
    return out


# the cells of the keyed claims that comparisons read one row at a time
_CELLS = (C.DOC, C.START, C.PERIOD, C.VALUE, C.VALUE_HIGH, C.QUALIFIER, C.MODIFIER,
          C.INDICATOR, C.YEAR, DOC_ORDER, DOC_KIND, MEASURE, REGION_KEY)


def _admission_checks(k: pd.DataFrame, cells: Cells, documents: Mapping[str, Document],
                      judged: list[Comparison]) -> list[Comparison]:
    """Words against figures: an admitted miss the figures contradict, and a miss by the
    figures that the same document's admission leaves out (presents as met)."""
    from checker.reconcile.admissions import admissions, figures_say_missed, missed_by_figures

    # (region, year) → its indicators' comparisons, in by_key's order: an admission reads
    # only its own region and year (a scan of every key per admission grew quadratically)
    by_place: dict[tuple[str, int], list[tuple[str, list[Comparison]]]] = {}
    for (region, indicator, year), comps in missed_by_figures(cells, judged).items():
        by_place.setdefault((region, year), []).append((indicator, comps))
    out: list[Comparison] = []
    for adm in admissions(documents):
        span = ((adm.doc, adm.start, adm.end, adm.quote),)
        for indicator, comps in by_place.get((adm.region_key, adm.year), []):
            for comp in comps:
                if adm.growth_only and cells.get(comp.subject, MEASURE) != "growth":
                    continue
                admitted = indicator in adm.indicators
                in_this_doc = cells.get(comp.subject, C.DOC) == adm.doc
                if not admitted and not in_this_doc:
                    continue  # an admission speaks only for its own document's results
                said = 1.0 if admitted else 0.0
                shown = 1.0 if figures_say_missed(comp) else 0.0
                out.append(Comparison("TARGET-ADMISSION", "admission", comp.subject,
                                      comp.reference, (), P.Interval.exact(said),
                                      P.Interval.exact(shown), track=comp.track, spans=span))
    return out


def _iv(k: pd.DataFrame, row: int) -> P.Interval:
    return claim_interval(k, row)


def _track_comparisons(k: pd.DataFrame, cells: Cells, track: Track, band_pp: float,
                       band_rel: float, ind: Indicator | None) -> list[Comparison]:
    """``ind``: the track's indicator in the catalogue (which way is better; whether it is
    a flow, 新增就业 and 完成投资 growing through the year, or a level)."""
    out: list[Comparison] = []
    target_row = primary_target(k, track)
    if target_row is None:
        return out
    t = cells.record(target_row)
    better = ind.better if ind is not None else (
        "less" if t[C.QUALIFIER] in ("le", "lt") else "more")
    # A target is a threshold, not a measurement: 25万户 means 250000 exactly (as a target
    # restated as a denominator is exact, DOMAIN.md §4); the figures judged keep their rounding.
    exact_target = P.Interval.exact(float(t[C.VALUE]))
    relation, allowed = _bound(exact_target, str(t[C.QUALIFIER]), float(t[C.VALUE_HIGH]),
                               track.measure, track.unit, band_pp, band_rel, better)
    soft = t[C.MODIFIER] == "soft"
    # Restated targets that differ from the report's.
    if cells.get(target_row, DOC_KIND) == "report":
        for r in track.restated:
            if cells.get(r, C.DOC) != t[C.DOC]:
                # both are targets, thresholds as written: 8% restated for 7.5% is a change
                out.append(Comparison("TARGET-DRIFT", "equal", r, target_row, (), exact_target,
                                      P.Interval.exact(float(cells.get(r, C.VALUE))),
                                      track=track.key))
    # A full-year result against the target; one per document.
    seen: set[str] = set()
    for r in track.results:
        doc = str(cells.get(r, C.DOC))
        if doc in seen:
            continue
        seen.add(doc)
        out.append(Comparison("TARGET-MISSED", relation, r, target_row, (), allowed,
                              _iv(k, r), soft=soft, track=track.key))
    if track.results or not track.progress:
        return out
    # The latest progress point: rates compared directly, cumulative flows by time elapsed.
    # The most advanced period in the newest document, and in it the first mention: a
    # bulletin gives the headline total before its parts (其中 …).
    latest = max(track.progress, key=lambda i: (months_elapsed(str(cells.get(i, C.PERIOD))) or 0,
                                                cells.get(i, DOC_ORDER), -i))
    elapsed = months_elapsed(str(cells.get(latest, C.PERIOD))) or 0.0
    if track.measure == "amount" and ind is not None and ind.flow:
        # A cumulative quantity (新增就业, 完成投资) is judged against 序时进度.
        if relation != "floor":
            return out
        try:
            share = P.ratio(_iv(k, latest), exact_target)
        except ZeroDivisionError:
            return out
        out.append(Comparison("TARGET-BEHIND", "progress", latest, target_row, (),
                              P.Interval(100 * elapsed, INF, 100 * elapsed), share,
                              soft=soft, elapsed=elapsed, track=track.key))
    else:
        # Rates, and levels such as 市场主体总量达到25万户, are compared with the target as
        # they stand.
        out.append(Comparison("TARGET-BEHIND", relation, latest, target_row, (), allowed,
                              _iv(k, latest), soft=soft, elapsed=elapsed, track=track.key))
    return out


def _rate_progress(k: pd.DataFrame, cells: Cells, texts: Mapping[str, str],
                   regions: Mapping[str, str | None] | None = None) -> list[Comparison]:
    """Completion rates at part of the year against time elapsed (完成年度计划的40.4% at 1-5月)."""
    out: list[Comparison] = []
    in_table = k[(k[C.KIND] == "level") & (k[C.UNIT] == "%") & (k[C.ROLE] == "actual")]
    table_rates = [i for i, doc, start in zip(in_table.index, in_table[C.DOC], in_table[C.START],
                                              strict=True)
                   if _under_rate_column(texts[str(doc)], int(start))]
    rates = k[((k[C.KIND] == "rate") | k.index.isin(table_rates)) & (k[C.UNIT] == "%")
              & (k[C.ROLE] == "actual")]
    # A document may set a target for the rate itself (投资完成率达到50%及以上): progress
    # is then measured against that share of the target, not against 100 %.
    ge = rates[rates[C.QUALIFIER].isin(["ge", "gt"])]
    rate_targets = {(str(doc), str(ind)): float(v) for doc, ind, v in
                    zip(ge[C.DOC], ge[C.INDICATOR], ge[C.VALUE], strict=True)}
    rates = rates[rates[C.QUALIFIER] == "eq"]
    # The figure just before a rate in its sentence: when it counts tasks (已完成的有3项,
    # 占目标任务的30%), the rate is a share of the task list, not progress of the year.
    rates = rates[~rates[UNIT_BEFORE].isin(list(_TASK_UNITS))]
    partial = {p: is_partial(p) for p in rates[C.PERIOD].astype(str).unique()}
    rates = rates[rates[C.PERIOD].astype(str).map(partial).astype(bool)]
    in_tables = set(table_rates)
    # shared by the rates they fit (~75 % of all comparisons at 10,000 documents are these)
    shared_bounds: dict[float, P.Interval] = {}
    shared_elapsed: dict[str, float] = {}
    for idx, doc, start, period, indicator in zip(
            rates.index, rates[C.DOC], rates[C.START], rates[C.PERIOD].astype(str),
            rates[C.INDICATOR], strict=True):
        start = int(start)
        text = texts[str(doc)]
        left = text[max(0, start - 30): start]
        cell = _table_cell(text, (regions or {}).get(str(doc)), start)
        if cell is not None:
            # A table cell's column says whether it is the year's plan done (完成住房
            # 占计划(%), 计划投资完成率). A row of one of the table's places is a breakdown
            # of its total row, which is the one judged: a table ranking 17 counties is no
            # 17 findings.
            cued = cell.column.completion and cell.row != "part"
        else:
            cued = bool(_ANNUAL_RATE.search(_simplified(left))) or idx in in_tables
        if not cued or _FORECAST.search(_sentence_before(texts, cells, idx)):
            continue
        if period not in shared_elapsed:
            shared_elapsed[period] = months_elapsed(period) or 0.0
        elapsed = shared_elapsed[period]
        paragraph = text.rfind("\n", 0, start) + 1
        due = _rate_target(rate_targets, str(doc), str(indicator)) * elapsed
        if due not in shared_bounds:
            shared_bounds[due] = P.Interval(due, INF, due)
        out.append(Comparison("TARGET-BEHIND", "progress", idx, None, (), shared_bounds[due],
                              _iv(k, idx), elapsed=elapsed, cluster=f"{doc}:{paragraph}"))
    return out


def _table_cell(text: str, region: str | None, start: int) -> Meaning | None:
    return document_meanings(text, region).at(start)


def _rate_target(targets: Mapping[tuple[str, str], float], doc: str, indicator: str) -> float:
    """The document's target for the rate itself (投资完成率达到50%), also for the rate
    named more fully elsewhere (a table's 计划投资完成率); else the whole plan, 100 %."""
    for (d, name), value in targets.items():
        if d == doc and name and indicator.endswith(name):
            return value
    return 100.0


# A table whose header names a column "share of the year's task": 工作目标 已完成数 占年任务之比.
_RATE_HEADER = regex.compile(r"占年任务之比|占年计划|占年度计划|完成率|完成进度|占全年任务")
_ROW_FIGURES = regex.compile(r"[0-9][0-9.,]*")


def _under_rate_column(text: str, start: int) -> bool:
    """A percentage ending a table row (≥ 2 figures before it, no sentence) under a header
    whose columns include the year's completion rate."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    before = text[line_start:start]
    if "。" in line or len(_ROW_FIGURES.findall(before)) < 2:
        return False
    header_zone = text[max(0, line_start - 1500): line_start]
    header = _RATE_HEADER.search(_simplified(header_zone).rsplit("\n\n", 1)[-1])
    return header is not None


def _mismatches(k: pd.DataFrame, cells: Cells, texts: Mapping[str, str]) -> list[Comparison]:
    """The same indicator, region, year and period stated differently in two documents."""
    out: list[Comparison] = []
    # Only point statements (no 以上/以内 bound) of a named region: two unnamed counties'
    # communiqués are not one place, and "1100万人以上" states a bound, not a figure.
    actual = k[k[C.INDICATOR_KNOWN] & (k[C.ROLE] == "actual") & k[C.YEAR].notna()
               & k[MEASURE].isin(["growth", "amount", "share", "pp_change"])
               & (k[C.PERIOD] != "") & (k[REGION_KEY] != "") & (k[C.QUALIFIER] == "eq")]
    # only (key, period) groups stated in two documents or more
    group = [actual[KEY], actual[C.PERIOD]]
    actual = actual[actual.groupby(group, sort=False)[C.DOC].transform("nunique") >= 2]
    for _, rows in actual.groupby([KEY, C.PERIOD], sort=False):
        firsts = rows.sort_values([DOC_ORDER, C.START]).drop_duplicates(C.DOC)
        base = firsts.index[0]
        for other in firsts.index[1:]:
            out.append(Comparison("XDOC-MISMATCH", "equal", other, base, (),
                                  _iv(k, base), _iv(k, other),
                                  provisional=provisional(texts, cells, base, other)))
    return out


def provisional(texts: Mapping[str, str], cells: Cells, *rows: int) -> bool:
    """Whether one of ``rows`` is stated as provisional (初步核算, 预计 … in its sentence
    before it): a later, different figure may be a revision of it."""
    return any(_PRELIMINARY.search(_sentence_before(texts, cells, row)) for row in rows)


def _sentence_before(texts: Mapping[str, str], cells: Cells, row: int) -> str:
    text = texts[str(cells.get(row, C.DOC))]
    start = int(cells.get(row, C.START))
    cut = max(text.rfind(ch, 0, start) for ch in "。;；\n")
    return _simplified(text[cut + 1: start])


def _simplified(text: str) -> str:
    from checker.text.normalize import to_simplified

    return to_simplified(text)


__all__ = ["FULL_YEAR", "Comparison", "compare"]
