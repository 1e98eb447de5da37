"""Written figures as intervals, and interval arithmetic over them (DOMAIN.md §4).

A published figure is rounded: "4.4万人" stands for every value in [4.35万, 4.45万). Two
figures conflict only when *no* values inside their intervals satisfy the relation, as in
XBRL's rounding-based calculation checks. Exact counts (283个) and targets restated as a
denominator (完成目标186个的152.2%) are points.

Intervals are treated as closed here: the half-open upper bound of a rounding interval
matters only at a measure-zero boundary, and a closed comparison keeps float noise from
turning "holds at the very edge" into "fails".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache

from checker.extract import catalogue

# "Every interval narrowed to its central 80%" (dev corpus README, "How judged").
CORE_FRACTION = 0.8
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Interval:
    """A value known to lie in [lo, hi]; ``point`` is the value as written (or computed)."""

    lo: float
    hi: float
    point: float

    @classmethod
    def exact(cls, value: float) -> Interval:
        return cls(value, value, value)

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    def narrowed(self, fraction: float = CORE_FRACTION) -> Interval:
        """The central ``fraction`` of the interval, kept around ``point``."""
        return Interval(self.point - fraction * (self.point - self.lo),
                        self.point + fraction * (self.hi - self.point), self.point)

    def overlaps(self, other: Interval) -> bool:
        tol = _EPS * max(1.0, abs(self.point), abs(other.point))
        return max(self.lo, other.lo) <= min(self.hi, other.hi) + tol

    def contains(self, x: float) -> bool:
        tol = _EPS * max(1.0, abs(x))
        return self.lo - tol <= x <= self.hi + tol

    def scaled(self, k: float) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b), self.point * k)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi, self.point + other.point)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo, self.point - other.point)

    def __mul__(self, other: Interval) -> Interval:
        corners = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(corners), max(corners), self.point * other.point)

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("the divisor's interval contains zero")
        inverse = Interval(1 / other.hi, 1 / other.lo, 1 / other.point)
        return self * inverse


def _decimals_of(written: str) -> int:
    return len(written.split(".", 1)[1]) if "." in written else 0


@cache
def _scale_factors() -> dict[str, float]:
    return {name: float(v) for name, v in catalogue.scales().items()}


@cache
def discrete_units() -> frozenset[str]:
    """Base units that count discrete things (个, 人, 户 …): integers of these are exact."""
    return frozenset(u.base for u in catalogue.units().values() if u.discrete)


def figure(written: str, decimals: int | None = None, scale: str = "", *, exact: bool = False,
           sign: int = 1) -> Interval:
    """The interval a written figure stands for, in base units (scale applied after rounding).

    ``written`` is the numeral as printed ("4.4", "-17.5"); ``sign`` is −1 when a word
    (下降/减少) negates it. ``4.4`` with scale 万 → [43500, 44500].
    """
    try:
        number = Decimal(written.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not a numeral: {written!r}") from None
    d = _decimals_of(written) if decimals is None else decimals
    mult = _scale_factors().get(scale, 1.0) if scale else 1.0
    value = float(number) * mult * (-1 if sign < 0 and number > 0 else 1)
    if exact:
        return Interval.exact(value)
    half = 0.5 * 10.0 ** (-d) * mult
    return Interval(value - half, value + half, value)


def truncation(
    written: str, decimals: int | None = None, scale: str = "", sign: int = 1
) -> Interval:
    """The interval a publisher who truncates means by ``written``: 72.9 → [72.9, 73.0)."""
    d = _decimals_of(written) if decimals is None else decimals
    mult = _scale_factors().get(scale, 1.0) if scale else 1.0
    value = float(Decimal(written.replace(",", ""))) * mult
    if sign < 0 and value > 0:
        value = -value
    step = 10.0 ** (-d) * mult
    # truncation moves toward zero, so the true magnitude lies beyond the written one; the
    # far end is open (73.0 truncates to 73.0, not 72.9), so it is drawn in by more than the
    # float tolerance of the comparisons: a computed interval that only touches it (10.8 −
    # 1.1 ≥ 9.6 against a stated 9.5) is no truncation
    inset = 4 * _EPS * max(1.0, abs(value) + step)
    lo, hi = (value, value + step - inset) if value >= 0 else (value - step + inset, value)
    return Interval(lo, hi, value)


# --- relations ------------------------------------------------------------------------------
def ratio(part: Interval, base: Interval) -> Interval:
    """part / base · 100 (a share or completion rate in %)."""
    return (part / base).scaled(100.0)


def total(parts: list[Interval]) -> Interval:
    out = Interval.exact(0.0)
    for p in parts:
        out = out + p
    return out


def difference(a: Interval, b: Interval) -> Interval:
    return a - b


def growth(current: Interval, previous: Interval) -> Interval:
    """(current / previous − 1) · 100."""
    return (current / previous).scaled(100.0) - Interval.exact(100.0)


# --- verdicts -------------------------------------------------------------------------------
class Verdict(StrEnum):
    CONSISTENT = "consistent"
    EDGE = "edge"  # holds only with every interval at its extreme
    TRUNCATION = "truncation"  # fails under rounding, holds if the publisher truncates
    SCALE_SLIP = "scale_slip"  # stated matches computed × or ÷ 10^4 (万 vs 亿)
    PERCENT_SLIP = "percent_slip"  # stated matches computed × or ÷ 10 (% vs ‰)
    PP_SLIP = "pp_slip"  # stated matches the other reading of a percentage (% vs 百分点)
    INCONSISTENT = "inconsistent"


def holds(stated: Interval, computed: Interval, fraction: float = 1.0) -> bool:
    """The relation holds when the computed point lies in the stated interval, or the two
    intervals, each narrowed to its central ``fraction``, overlap."""
    if stated.contains(computed.point):
        return True
    return stated.narrowed(fraction).overlaps(computed.narrowed(fraction))


def cause(stated: Interval, computed: Interval, stated_truncated: Interval | None,
          alternate: Interval | None = None) -> Verdict:
    """Why a relation fails under rounding: truncation, % and 百分点 confused (``alternate``
    is the value under the other reading: the two rates' relative change for a change in
    points, their difference for a growth rate), a factor slip, or a real mismatch."""
    if stated_truncated is not None and stated_truncated.overlaps(computed):
        return Verdict.TRUNCATION
    if alternate is not None and stated.overlaps(alternate):
        return Verdict.PP_SLIP
    for factor, verdict in ((1e4, Verdict.SCALE_SLIP), (10.0, Verdict.PERCENT_SLIP)):
        for k in (factor, 1 / factor):
            if stated.overlaps(computed.scaled(k)):
                return verdict
    return Verdict.INCONSISTENT


def judge(stated: Interval, computed: Interval, stated_truncated: Interval | None = None,
          core: float = CORE_FRACTION, alternate: Interval | None = None) -> Verdict:
    """The verdict in plain Python; the GX suites decide the same split on whole frames."""
    if holds(stated, computed, core):
        return Verdict.CONSISTENT
    if holds(stated, computed, 1.0):
        return Verdict.EDGE
    return cause(stated, computed, stated_truncated, alternate)


def edge_depth(stated: Interval, computed: Interval) -> float:
    """The smallest fraction t such that both intervals, narrowed to their central t, still
    overlap: 0.91 means every figure must sit in the outer 9 % of its rounding interval.
    0 when the computed point already lies in the stated interval; above 1 when even the
    full intervals do not meet."""
    if stated.contains(computed.point):
        return 0.0
    if computed.point < stated.point:
        gap = stated.point - computed.point
        room = (computed.hi - computed.point) + (stated.point - stated.lo)
    else:
        gap = computed.point - stated.point
        room = (computed.point - computed.lo) + (stated.hi - stated.point)
    return math.inf if room <= 0 else gap / room
