"""Linkers: claims → the relations worth testing, one module per relation kind.

A linker is a pure function ``(claims, texts) -> list[Relation]``: it reads the claims
DataFrame (columns in :mod:`checker.columns`) and, where a word in the text decides the
structure (其中, 的), the document text. :func:`build_checks` turns relations into the
checks frame the rules validate, with the evidence kept aside, keyed by check id.

Linkers are conservative: a pairing that is not clearly meant is dropped, because a false
alarm costs a reviewer more than a miss.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from checker import columns as C
from checker import precision as P
from checker.frames import Cells, mapped, records
from checker.texts import Text


@dataclass(frozen=True, slots=True)
class Span:
    """An input written in the text but not a claim: "4月29日至11月9日" as a day count.

    ``lo``/``hi`` bound its value (a span across 2月 in an unknown year is 365 or 366
    days long); ``point`` is the value shown in messages."""

    role: str
    start: int
    end: int
    quote: str
    lo: float
    hi: float
    point: float

    @property
    def interval(self) -> P.Interval:
        return P.Interval(self.lo, self.hi, self.point)


@dataclass(frozen=True, slots=True)
class Relation:
    """One relation to test: a stated claim against the value computed from others."""

    rule: str
    relation: str  # ratio | sum | share100 | growth | days | implied_base
    stated: int  # claims row index of the stated figure
    inputs: tuple[tuple[str, int], ...]  # (role, claims row index): numerator, base, part…
    exact_inputs: frozenset[int] = frozenset()  # rows taken as exact points (restated targets)
    stated_exact_value: float | None = None  # an implicit stated value (100 for shares)
    # Why these claims were paired, for the explanation: a Text in both languages (a plain
    # string reads the same in both)
    note: str | Text = ""
    per: float = 100.0  # a ratio's scale: 100 for %, 1000 for ‰
    # A base that only approximates the true denominator (year-end population for the
    # year's average) is widened by this relative spread either way.
    base_spread: float = 0.0
    # The parts are a complete breakdown by a standard classification (第三产业's rows), so
    # falling short of the total is an error, not a sign of a partial list.
    complete: bool = False
    # Inputs read from the text rather than from claims (dates are not claims): the days a
    # span of dates covers. Each is an :class:`Span` of the stated claim's document.
    spans: tuple[Span, ...] = ()
    # A difference (ARITH-DIFF) states sign × (current − previous): −1 where the text's
    # direction word (落后时间进度) is not carried by the figure's own sign.
    sign: int = 1
    # A difference stated in a finer unit than its levels: 100 for 基点 between two %.
    factor: float = 1.0

    @property
    def claim_rows(self) -> tuple[int, ...]:
        head = () if self.stated_exact_value is not None else (self.stated,)
        return head + tuple(i for _, i in self.inputs)


@dataclass
class Checks:
    frame: pd.DataFrame
    relations: dict[str, Relation] = field(default_factory=dict)
    intervals: dict[str, tuple[P.Interval, P.Interval]] = field(default_factory=dict)
    # The value under the other reading of a percentage (see :func:`alternate_interval`).
    alternates: dict[str, P.Interval] = field(default_factory=dict)


Linker = Callable[[pd.DataFrame, Mapping[str, str]], list[Relation]]


_RECORDS: list[tuple[pd.DataFrame, list[tuple[str, list[int], list[dict]]]]] = []


def records_by_document(claims: pd.DataFrame) -> list[tuple[str, list[int], list[dict]]]:
    """Each document's claims in text order as plain records (pandas row access is too
    slow for per-claim work), with their index labels. Computed once per claims frame and
    shared by every linker: one ``to_dict`` over the corpus instead of one per document
    per linker."""
    if _RECORDS and _RECORDS[0][0] is claims:
        return _RECORDS[0][1]
    out: list[tuple[str, list[int], list[dict]]] = []
    order = {doc: i for i, doc in enumerate(pd.unique(claims[C.DOC]))}
    ordered = claims.assign(_doc_order=mapped(claims[C.DOC], order)).sort_values(
        ["_doc_order", C.START], kind="stable").drop(columns="_doc_order")
    rows = list(ordered.index)
    recs = records(ordered)
    docs = ordered[C.DOC].tolist()
    start = 0
    for i in range(1, len(docs) + 1):
        if i == len(docs) or docs[i] != docs[start]:
            out.append((docs[start], rows[start:i], recs[start:i]))
            start = i
    _RECORDS[:] = [(claims, out)]
    _BY_LABEL.clear()
    return out


_BY_LABEL: dict[int, dict] = {}  # the cached records by index label, built on first use


def _cached_record(claims: pd.DataFrame, row: int) -> dict | None:
    """The record :func:`records_by_document` made for this row, when it holds this frame."""
    if not _RECORDS or _RECORDS[0][0] is not claims:
        return None
    if not _BY_LABEL:
        for _doc, rows, recs in _RECORDS[0][1]:
            _BY_LABEL.update(zip(rows, recs, strict=True))
    return _BY_LABEL[row]


_FIGURE_COLUMNS = (C.WRITTEN, C.DECIMALS, C.SCALE, C.EXACT, C.UNIT, C.VALUE)
_FIGURES: list[tuple[pd.DataFrame, Cells]] = []


def _figure_record(claims: pd.DataFrame, row: int) -> dict:
    """The columns a figure's interval needs, by index label: the linkers' record of the
    row, else from column arrays taken once per frame (the last two frames are kept:
    linking and reconciliation each use their own)."""
    cached = _cached_record(claims, row)
    if cached is not None:
        return cached
    for frame, cells in _FIGURES:
        if frame is claims:
            return cells.record(row)
    cells = Cells(claims, _FIGURE_COLUMNS)
    _FIGURES[:] = [*_FIGURES[-1:], (claims, cells)]
    return cells.record(row)


def release_caches() -> None:
    """Drop the per-frame record tables once linking and reconciliation are done: at 1,000
    documents they hold a few hundred MB that the rest of the audit does not need."""
    _RECORDS.clear()
    _BY_LABEL.clear()
    _FIGURES.clear()


def claim_interval(claims: pd.DataFrame, row: int, *, force_exact: bool = False) -> P.Interval:
    """A claim's rounding interval; exact for integer counts of discrete things."""
    rec = _figure_record(claims, row)
    exact = force_exact or (bool(rec[C.EXACT]) and rec[C.UNIT] in P.discrete_units())
    iv = P.figure(str(rec[C.WRITTEN]).lstrip("+-"), int(rec[C.DECIMALS]), str(rec[C.SCALE]),
                  exact=exact)
    return iv.scaled(-1.0) if rec[C.VALUE] < 0 else iv


def claim_truncation(claims: pd.DataFrame, row: int) -> P.Interval:
    rec = _figure_record(claims, row)
    return P.truncation(str(rec[C.WRITTEN]).lstrip("+-"), int(rec[C.DECIMALS]),
                        str(rec[C.SCALE]), sign=-1 if rec[C.VALUE] < 0 else 1)


def _spread(iv: P.Interval, spread: float) -> P.Interval:
    return P.Interval(iv.lo * (1 - spread), iv.hi * (1 + spread), iv.point)


def computed_interval(claims: pd.DataFrame, rel: Relation) -> P.Interval:
    ivs = {i: claim_interval(claims, i, force_exact=i in rel.exact_inputs) for _, i in rel.inputs}
    by_role: dict[str, list[P.Interval]] = {}
    for role, i in rel.inputs:
        by_role.setdefault(role, []).append(ivs[i])
    for span in rel.spans:
        by_role.setdefault(span.role, []).append(span.interval)
    if rel.relation == "days":
        return by_role["days"][0]
    if rel.relation == "implied_base":
        # the parts' implied bases, each part ÷ its share, added up
        return P.total([P.ratio(a, s)  # a ÷ (s / 100)
                        for a, s in zip(by_role["part"], by_role["share"], strict=True)])
    if rel.relation == "ratio":
        num = P.total(by_role["numerator"])
        for minus in by_role.get("minus", []):
            num = num - minus  # 自然增长率: (births − deaths) ÷ population
        base = by_role["base"][0]
        if rel.base_spread:
            base = _spread(base, rel.base_spread)
        return P.ratio(num, base).scaled(rel.per / 100.0)
    if rel.relation in ("sum", "share100"):
        return P.total(by_role["part"])
    if rel.relation == "diff":
        # current − previous (or − 序时进度), in the direction the text states; or an
        # identity of two stated figures, minuend − minus (出生率 − 死亡率)
        first = P.total(by_role.get("current", []) + by_role.get("minuend", []))
        reference = P.total(by_role.get("previous", []) + by_role.get("elapsed", [])
                            + by_role.get("minus", []))
        return (first - reference).scaled(rel.sign * rel.factor)
    if rel.relation == "growth" and "previous" in by_role:
        # two stated levels: (current ÷ previous − 1) · 100
        return P.growth(by_role["level"][0], by_role["previous"][0])
    if rel.relation == "growth":
        # change ÷ (level − change): the rate the level and its change imply
        level, change = by_role["level"][0], by_role["change"][0]
        return P.ratio(change, level - change)
    raise ValueError(f"unknown relation {rel.relation!r}")


def alternate_interval(claims: pd.DataFrame, rel: Relation) -> P.Interval | None:
    """The value a relation of two rates gives under the other reading of a percentage:
    a change in 百分点 against the *relative* change of its two levels (20% → 25%: 25, not
    5), a growth rate of a rate against their *difference* in points (20% → 25%: 5, not
    25). A stated figure that fails but matches this one confused % and 百分点."""
    roles = dict(rel.inputs)
    if "current" in roles and "previous" in roles and rel.relation == "diff" \
            and rel.factor == 1.0:
        cur, prev = (claim_interval(claims, roles[r]) for r in ("current", "previous"))
        try:
            return P.growth(cur, prev).scaled(rel.sign)
        except ZeroDivisionError:
            return None
    if rel.relation == "growth" and "previous" in roles and all(
            _figure_record(claims, roles[r])[C.UNIT] in ("%", "‰") for r in ("level", "previous")):
        return P.difference(claim_interval(claims, roles["level"]),
                            claim_interval(claims, roles["previous"]))
    return None


def build_checks(claims: pd.DataFrame, relations: list[Relation]) -> Checks:
    """The checks frame (scalar float64/str columns only, for GX) and its side tables."""
    rows: list[dict] = []
    out = Checks(pd.DataFrame())
    cells = Cells(claims, (C.DOC, C.START, C.INDICATOR, C.REGION, C.PERIOD, C.UNIT))
    for rel in relations:
        stated_rec = cells.record(rel.stated)
        if rel.stated_exact_value is not None:
            stated = P.Interval.exact(rel.stated_exact_value)
            trunc = stated
        elif rel.relation == "implied_base":
            # the total's own implied base: its amount ÷ its share
            total = next(i for role, i in rel.inputs if role == "total")
            amount = claim_interval(claims, total)
            stated = (amount / claim_interval(claims, rel.stated)).scaled(100.0)
            trunc = (amount / claim_truncation(claims, rel.stated)).scaled(100.0)
        else:
            stated = claim_interval(claims, rel.stated)
            # an exact count is neither rounded nor truncated: 147家 means 147
            trunc = stated if stated.is_point else claim_truncation(claims, rel.stated)
        try:
            computed = computed_interval(claims, rel)
        except ZeroDivisionError:
            continue  # a base that may be zero says nothing about the ratio
        alt = alternate_interval(claims, rel)
        if rel.relation in ("growth", "diff") and stated.point < 0:
            # 下降32.5% against a 减少: compare magnitudes, as the checks are positive
            stated, trunc, computed = stated.scaled(-1), trunc.scaled(-1), computed.scaled(-1)
            alt = alt.scaled(-1) if alt is not None else None
        check_id = f"{rel.rule}:{stated_rec[C.DOC]}:{int(stated_rec[C.START])}"
        if rel.stated_exact_value is not None or check_id in out.relations:
            # several breakdowns of one total: told apart by their first input
            first = (int(cells.get(rel.inputs[0][1], C.START)) if rel.inputs
                     else rel.spans[0].start)
            check_id += ":" + str(first)
        out.relations[check_id] = rel
        out.intervals[check_id] = (stated, computed)
        if alt is not None:
            out.alternates[check_id] = alt
        rows.append({
            C.CHECK_ID: check_id, C.RULE: rel.rule, C.RELATION: rel.relation,
            C.DOC: stated_rec[C.DOC], C.INDICATOR: stated_rec[C.INDICATOR],
            C.REGION: stated_rec[C.REGION], C.PERIOD: stated_rec[C.PERIOD],
            C.UNIT: claims.loc[rel.inputs[0][1], C.UNIT] if rel.relation == "implied_base"
            else stated_rec[C.UNIT] if rel.relation in ("sum", "days", "diff") else (
                "‰" if rel.per == 1000.0 else "%"),
            C.STATED_VALUE: stated.point, C.STATED_LOW: stated.lo, C.STATED_HIGH: stated.hi,
            C.STATED_TRUNC_LOW: trunc.lo, C.STATED_TRUNC_HIGH: trunc.hi,
            C.COMPUTED_POINT: computed.point, C.COMPUTED_LOW: computed.lo,
            C.COMPUTED_HIGH: computed.hi,
            C.ALT_LOW: alt.lo if alt is not None else math.nan,
            C.ALT_HIGH: alt.hi if alt is not None else math.nan,
        })
    frame = pd.DataFrame(rows, columns=list(C.CHECK_COLUMNS)).astype(C.CHECK_DTYPES)
    if frame[C.CHECK_ID].duplicated().any():
        raise ValueError("duplicate check ids: " +
                         ", ".join(frame.loc[frame[C.CHECK_ID].duplicated(), C.CHECK_ID]))
    out.frame = frame
    return out


def link_all(claims: pd.DataFrame, texts: Mapping[str, str],
             params: Mapping[str, Mapping[str, object]] | None = None) -> Checks:
    """Every linker over the whole corpus, one checks frame."""
    from checker.link import breakdown, days, diff, growth, implied, parts, ratio, tables, vital

    params = params or {}
    relations: list[Relation] = []
    claimed: set[tuple] = set()
    for linker in (ratio.link, parts.link_parts, parts.link_structures, breakdown.link,
                   vital.link, tables.link, growth.link, growth.link_levels,
                   growth.link_rate_levels, days.link, implied.link, diff.link,
                   vital.link_identity):
        found = linker(claims, texts)
        # a stated figure one linker has paired is not paired again by a later one
        fresh = [rel for rel in found if (rel.rule, rel.stated) not in claimed
                 or rel.stated_exact_value is not None]
        claimed.update((rel.rule, rel.stated) for rel in fresh)
        relations.extend(fresh)
    checks = build_checks(claims, relations)
    return plausible(checks, params)


def plausible(checks: Checks, params: Mapping[str, Mapping[str, object]]) -> Checks:
    """Drop pairings whose numbers are too far apart to be meant as one relation.

    A computed value more than ``max_factor`` times off the stated one (other than by the
    10× and 10^4× slips the rules diagnose) says the linker paired the wrong figures. Parts
    that exceed their total by more than ``max_excess`` are not its parts; parts that fall
    short by more than ``max_shortfall`` (``max_shortfall_counts`` for an exact count) are
    a non-exhaustive 其中 list — 农作物总播种面积 其中 粮食、油料、蔬菜 leaves other crops
    out — while a count breakdown by status (24+9+11 of 45 事项) is meant to be complete.
    """
    keep: list[str] = []
    for check_id, rel in checks.relations.items():
        stated, computed = checks.intervals[check_id]
        if rel.relation == "diff":
            # its linker pairs only figures joined by the words of one shape; a difference
            # of the wrong sign (提高 where the levels fell) is a finding, not a wrong pairing
            keep.append(check_id)
            continue
        if stated.point <= 0 or computed.point <= 0:
            continue
        alt = checks.alternates.get(check_id)
        if alt is not None and stated.overlaps(alt):
            keep.append(check_id)  # % and 百分点 confused: a cause the rules name
            continue
        p = params.get(rel.rule, {})
        f = computed.point / stated.point
        # An exact 10× (decimal point, % vs ‰) or 10^4× (万 vs 亿) slip is a cause the rules name,
        # not a sign of a wrong pairing.
        if any(stated.overlaps(computed.scaled(k)) for k in (10.0, 0.1, 1e4, 1e-4)):
            keep.append(check_id)
            continue
        if rel.relation == "share100":
            keep.append(check_id)  # the linker already required a percent breakdown
            continue
        if rel.relation in ("ratio", "growth", "days", "implied_base"):
            if 1 / _num(p, "max_factor", 3.0) <= f <= _num(p, "max_factor", 3.0):
                keep.append(check_id)
            continue
        gap = computed.point - stated.point
        if gap > 0:
            limit = _num(p, "max_excess", 0.1) * stated.point
        elif stated.is_point or rel.complete:
            limit = _num(p, "max_shortfall_counts", 0.1) * stated.point
        else:
            limit = _num(p, "max_shortfall", 0.02) * stated.point
        if stated.is_point:
            # a small count off by a few (20 against 1 + 19 + 3) is a typo, not a partial list
            limit = max(limit, _num(p, "max_gap_count", 0.0))
        if abs(gap) <= limit:
            keep.append(check_id)
    frame = checks.frame[checks.frame[C.CHECK_ID].isin(keep)].reset_index(drop=True)
    return Checks(frame, {k: checks.relations[k] for k in keep},
                  {k: checks.intervals[k] for k in keep},
                  {k: checks.alternates[k] for k in keep if k in checks.alternates})


def _num(params: Mapping[str, object], key: str, default: float) -> float:
    value = params.get(key, default)
    return float(value) if isinstance(value, (int, float)) else default
