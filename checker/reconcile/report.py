"""Timelines in the shape ``findings.json`` gives them (INTERFACES.md ``timelines``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from checker import columns as C
from checker.reconcile.comparisons import Comparison
from checker.reconcile.timelines import Track, primary_target

_STATUS = {("TARGET-MISSED", True): "missed", ("TARGET-MISSED", False): "met",
           ("TARGET-BEHIND", True): "behind", ("TARGET-BEHIND", False): "on_track"}


def _evidence(claims: pd.DataFrame, row: int) -> list[dict]:
    rec = claims.loc[row]
    return [{"doc": str(rec[C.DOC]), "start": int(rec[C.START]), "end": int(rec[C.END]),
             "quote": str(rec[C.QUOTE])}]


def _point(claims: pd.DataFrame, row: int) -> dict:
    rec = claims.loc[row]
    return {"period": str(rec[C.PERIOD]), "value": float(rec[C.VALUE]), "unit": str(rec[C.UNIT]),
            "qualifier": str(rec[C.QUALIFIER]), "evidence": _evidence(claims, row)}


def timeline_records(claims: pd.DataFrame, tracks: Iterable[Track],
                     comparisons: Mapping[str, Comparison], flagged: set[str]) -> list[dict]:
    by_track: dict[int, list[tuple[str, Comparison]]] = {}
    for cid, comp in comparisons.items():
        if comp.track is not None:
            by_track.setdefault(comp.track, []).append((cid, comp))
    out = []
    for track in tracks:
        target = primary_target(claims, track)
        status = "not_assessable"
        for rule in ("TARGET-MISSED", "TARGET-BEHIND"):
            judged = [cid for cid, comp in by_track.get(track.key, []) if comp.rule == rule]
            if judged:
                status = _STATUS[(rule, any(cid in flagged for cid in judged))]
                break
        result = track.results[-1] if track.results else None
        out.append({
            "region": track.region, "indicator": track.indicator, "year": track.year,
            "measure": track.measure,
            "target": None if target is None else _point(claims, target),
            "restated": [_point(claims, r) for r in track.restated if r != target],
            "progress": [_point(claims, r) for r in track.progress],
            "result": None if result is None else _point(claims, result),
            "status": status,
        })
    return out
