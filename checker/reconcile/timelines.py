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
from checker.reconcile.keys import DOC_ORDER, KEY, MEASURE, REGION_KEY

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


def is_partial(period: str) -> bool:
    share = months_elapsed(period)
    return share is not None and share < 1.0


def tracks(keyed: pd.DataFrame) -> list[Track]:
    """Group the keyed claims of catalogue indicators into tracks (hashed keys, one pass)."""
    usable = keyed[keyed[C.INDICATOR_KNOWN] & keyed[C.YEAR].notna()
                   & keyed[MEASURE].isin(["growth", "amount", "share", "pp_change"])]
    out: list[Track] = []
    for key, rows in usable.groupby(KEY, sort=False):
        rows = rows.sort_values([DOC_ORDER, C.START])
        first = rows.iloc[0]
        track = Track(int(key), str(first[C.REGION]), str(first[C.INDICATOR]),
                      int(first[C.YEAR]), str(first[MEASURE]), str(first[C.UNIT]))
        for idx, role, period in zip(rows.index, rows[C.ROLE], rows[C.PERIOD].astype(str),
                                     strict=True):
            if role == "target":
                track.targets.append(idx)
            elif role == "restated_target":
                track.restated.append(idx)
            elif period in FULL_YEAR:
                track.results.append(idx)
            elif is_partial(period):
                track.progress.append(idx)
        if track.targets or track.restated:
            out.append(track)
    out.sort(key=lambda t: (t.region, t.indicator, t.year, t.measure))
    return out


def primary_target(keyed: pd.DataFrame, track: Track) -> int | None:
    """The report's target when there is one, else the first restatement."""
    from_report = [i for i in track.targets if keyed.loc[i, "doc_kind"] == "report"]
    for pool in (from_report, track.targets, track.restated):
        if pool:
            return pool[0]
    return None


def region_of(keyed: pd.DataFrame, track: Track) -> str:
    return str(keyed.loc[(track.targets + track.restated)[0], REGION_KEY])
