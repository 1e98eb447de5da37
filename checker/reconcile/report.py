"""Timelines in the shape ``findings.json`` gives them (INTERFACES.md ``timelines``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from checker import columns as C
from checker.frames import Cells
from checker.reconcile.comparisons import Comparison
from checker.reconcile.timelines import Track, primary_target

_STATUS = {("TARGET-MISSED", True): "missed", ("TARGET-MISSED", False): "met",
           ("TARGET-BEHIND", True): "behind", ("TARGET-BEHIND", False): "on_track"}


_DECIDING = ("TARGET-MISSED", "TARGET-BEHIND")  # the rules a status comes from, in order
_POINT = (C.DOC, C.START, C.END, C.QUOTE, C.PERIOD, C.VALUE, C.UNIT, C.QUALIFIER)


def _evidence(claims: Cells, row: int) -> list[dict]:
    return [{"doc": str(claims.get(row, C.DOC)), "start": int(claims.get(row, C.START)),
             "end": int(claims.get(row, C.END)), "quote": str(claims.get(row, C.QUOTE))}]


def _point(claims: Cells, row: int) -> dict:
    return {"period": str(claims.get(row, C.PERIOD)), "value": float(claims.get(row, C.VALUE)),
            "unit": str(claims.get(row, C.UNIT)),
            "qualifier": str(claims.get(row, C.QUALIFIER)), "evidence": _evidence(claims, row)}


# per timeline, the rule its status comes from and the ids of its checks of that rule
Judged = list[tuple[str, list[str]] | None]


def timeline_points(claims: pd.DataFrame, tracks: Iterable[Track],
                    comparisons: Mapping[str, Comparison]) -> tuple[list[dict], Judged]:
    """The timelines with their points, status ``not_assessable`` until :func:`set_status`
    is given the flagged checks: the audit builds them before the rules run, so that the
    keyed claims and the comparisons need not wait for the verdicts."""
    by_track: dict[int, list[tuple[str, Comparison]]] = {}
    for cid, comp in comparisons.items():
        if comp.track is not None and comp.rule in _DECIDING:
            by_track.setdefault(comp.track, []).append((cid, comp))
    out = []
    judged: Judged = []
    cells = Cells(claims, _POINT)
    for track in tracks:
        target = primary_target(claims, track)
        decided = None
        for rule in _DECIDING:
            ids = [cid for cid, comp in by_track.get(track.key, []) if comp.rule == rule]
            if ids:
                decided = (rule, ids)
                break
        judged.append(decided)
        result = track.results[-1] if track.results else None
        out.append({
            "region": track.region, "indicator": track.indicator, "year": track.year,
            "measure": track.measure,
            "target": None if target is None else _point(cells, target),
            "restated": [_point(cells, r) for r in track.restated if r != target],
            "progress": [_point(cells, r) for r in track.progress],
            "result": None if result is None else _point(cells, result),
            "status": "not_assessable",
        })
    return out, judged


def set_status(records: list[dict], judged: Judged, flagged: set[str]) -> list[dict]:
    """Each timeline's status from its judged checks (in place): missed or met, else behind
    or on track, else not assessable."""
    for record, decided in zip(records, judged, strict=True):
        if decided is not None:
            rule, ids = decided
            record["status"] = _STATUS[(rule, any(cid in flagged for cid in ids))]
    return records
