"""Indicator timelines: each target followed from the report through bulletins to results.

For every (region, indicator, year) the claims fall into four roles:
* **target** — the report's plan for the year (or a bracketed 预期目标 in a bulletin);
* **restated** — a bulletin item restating the target;
* **progress** — actual figures for part of the year (1-9月, 上半年 …);
* **result** — actual figures for the whole year (全年, 年末), often in next year's report.
A target and a figure are compared only when they measure the same thing in the same unit:
growth with growth, a level with a level — never a growth with a level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from checker import columns as C
from checker.extract.periods import months_elapsed
from checker.reconcile.keys import DOC_KIND, DOC_ORDER, KEY, MEASURE

FULL_YEAR = ("全年", "年末")


@dataclass
class Track:
    """One (region, indicator, year, measure, unit, scope): claim row indices by role."""

    key: int
    region: str
    indicator: str
    year: int
    measure: str
    unit: str
    targets: list[int] = field(default_factory=list)
    restated: list[int] = field(default_factory=list)
    progress: list[int] = field(default_factory=list)
    results: list[int] = field(default_factory=list)
    report_targets: list[int] = field(default_factory=list)  # the targets set in a report


def is_partial(period: str) -> bool:
    share = months_elapsed(period)
    return share is not None and share < 1.0


def tracks(keyed: pd.DataFrame) -> list[Track]:
    """Group the keyed claims of catalogue indicators into tracks (hashed keys, one pass):
    the keys that have a target or a restatement, each key's claims in publication order."""
    usable = keyed[keyed[C.INDICATOR_KNOWN] & keyed[C.YEAR].notna()
                   & keyed[MEASURE].isin(["growth", "amount", "share", "pp_change"])]
    planned = usable[C.ROLE].isin(["target", "restated_target"])
    usable = usable[usable[KEY].isin(usable.loc[planned, KEY].unique())]
    # keys in order of first appearance, each key's rows by (publication order, offset)
    first = pd.Series(range(len(usable)), index=usable.index).groupby(
        usable[KEY].to_numpy(), sort=False).transform("min")
    ordered = usable.assign(_first=first.to_numpy()).sort_values(
        ["_first", DOC_ORDER, C.START], kind="stable")
    partial = {p: is_partial(p) for p in ordered[C.PERIOD].astype(str).unique()}
    out: list[Track] = []
    track: Track | None = None
    columns = zip(ordered.index, ordered[KEY], ordered[C.REGION], ordered[C.INDICATOR],
                  ordered[C.YEAR], ordered[MEASURE], ordered[C.UNIT], ordered[C.ROLE],
                  ordered[C.PERIOD].astype(str), ordered[DOC_KIND], strict=True)
    for idx, key, region, indicator, year, measure, unit, role, period, doc_kind in columns:
        if track is None or key != track.key:
            track = Track(int(key), str(region), str(indicator), int(year), str(measure),
                          str(unit))
            out.append(track)
        if role == "target":
            track.targets.append(idx)
            if doc_kind == "report":
                track.report_targets.append(idx)
        elif role == "restated_target":
            track.restated.append(idx)
        elif period in FULL_YEAR:
            track.results.append(idx)
        elif partial[period]:
            track.progress.append(idx)
    out.sort(key=lambda t: (t.region, t.indicator, t.year, t.measure))
    return out


def primary_target(keyed: pd.DataFrame, track: Track) -> int | None:
    """The report's target when there is one, else the first restatement."""
    for pool in (track.report_targets, track.targets, track.restated):
        if pool:
            return pool[0]
    return None
