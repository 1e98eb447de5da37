"""Linking a whole corpus a slice of documents at a time, in worker processes.

Linkers pair claims within one document, so linking the corpus slice by slice gives the
same checks as one :func:`checker.link.link_all` over everything. Slices bound the
linkers' per-frame record tables (a dict per claim; at 10,000 documents, 2 million claims,
they would hold several GB at once). With more than one slice and more than one core the
slices are linked in forked workers (as extraction is): both cores work, and the records'
garbage dies with the worker instead of fragmenting the audit's heap — only the checks
come back. ``CHECKER_JOBS=1`` links in the audit's own process.

Every check keeps its row in the frame the rules validate, but its side tables (the
relation and its intervals, which only a finding's message and evidence read) are kept
only where the rules' pass/fail test (:func:`checker.rules.engine.flags_pandas`, the
function the GX expectation itself runs) fails: at 10,000 documents ~600k relations
would take ~1 GB, and ~5 % of them are flagged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from checker import columns as C
from checker import workers
from checker.link import Checks, link_all, release_caches

DOCS_PER_SLICE = 200
# a worker is replaced after this many slices: its heap, fragmented by the record
# tables, is returned to the system
_SLICES_PER_WORKER = 8


def link_corpus(claims: pd.DataFrame, texts: Mapping[str, str],
                params: Mapping[str, Mapping[str, object]] | None = None, *,
                docs_per_slice: int = DOCS_PER_SLICE, jobs: int | None = None,
                flagged_only: bool = True) -> Checks:
    """:func:`link_all` over slices of whole documents, merged into one :class:`Checks`
    (rows in the order one pass would give: slices and documents in order of appearance);
    with ``flagged_only`` (and ``params``), side tables only for the checks the rules flag.
    """
    # each slice is cut where it is linked (a worker, or this loop): all of them at once
    # would copy the whole claims frame
    slices = slice_positions(claims, docs_per_slice)
    jobs = _jobs(len(slices)) if jobs is None else min(jobs, len(slices))
    keep = flagged_only and bool(params)
    if jobs > 1:
        parts = _link_in_workers(claims, slices, texts, params, jobs, keep)
    else:
        parts = [_linked(_cut(claims, rows), texts, params, keep) for rows in slices]
    if len(parts) == 1:
        return parts[0]
    merged = Checks(pd.concat([p.frame for p in parts], ignore_index=True))
    for f in dataclasses.fields(Checks):  # the side tables, keyed by check id
        if f.name != "frame":
            for part in parts:
                getattr(merged, f.name).update(getattr(part, f.name))
    return merged


def document_slices(claims: pd.DataFrame, docs_per_slice: int) -> list[pd.DataFrame]:
    """The claims in slices of whole documents, index labels and row order kept."""
    return [_cut(claims, rows) for rows in slice_positions(claims, docs_per_slice)]


def slice_positions(claims: pd.DataFrame, docs_per_slice: int) -> list[np.ndarray | None]:
    """:func:`document_slices` as row positions (``None``: the whole frame, one slice)."""
    codes, uniques = pd.factorize(claims[C.DOC])
    if len(uniques) <= docs_per_slice:
        return [None]
    slice_of = codes // docs_per_slice
    order = np.argsort(slice_of, kind="stable")
    bounds = np.searchsorted(slice_of[order], np.arange(1, slice_of.max() + 1))
    return list(np.split(order, bounds))


def _cut(claims: pd.DataFrame, rows: np.ndarray | None) -> pd.DataFrame:
    return claims if rows is None else claims.iloc[rows]


def _jobs(slices: int) -> int:
    return max(1, min(workers.wanted_cores(), slices))


# What the forked workers link: set before the pool forks, inherited, never pickled.
_WORK: tuple[pd.DataFrame, list[np.ndarray | None], Mapping[str, str], Mapping | None,
             bool] | None = None


def _linked(part: pd.DataFrame, texts: Mapping[str, str],
            params: Mapping[str, Mapping[str, object]] | None, flagged_only: bool) -> Checks:
    checks = link_all(part, texts, params)
    release_caches()
    if flagged_only and params:
        from checker.rules.engine import flags_pandas

        flagged = flags_pandas(checks.frame, dict(params))  # type: ignore[arg-type]
        for f in dataclasses.fields(Checks):
            if f.name != "frame":
                table = getattr(checks, f.name)
                setattr(checks, f.name, {k: v for k, v in table.items() if k in flagged})
    return checks


def _link_slice(i: int) -> Checks:
    assert _WORK is not None
    claims, slices, texts, params, flagged_only = _WORK
    return _linked(_cut(claims, slices[i]), texts, params, flagged_only)


def _link_in_workers(claims: pd.DataFrame, slices: list[np.ndarray | None],
                     texts: Mapping[str, str],
                     params: Mapping[str, Mapping[str, object]] | None, jobs: int,
                     flagged_only: bool) -> list[Checks]:
    import multiprocessing

    global _WORK
    # the slices reach the workers by inheritance, which only fork gives
    if "fork" not in multiprocessing.get_all_start_methods():
        return [_linked(_cut(claims, rows), texts, params, flagged_only) for rows in slices]
    _WORK = (claims, slices, texts, params, flagged_only)
    try:
        with multiprocessing.get_context("fork").Pool(
                jobs, initializer=workers.die_with_parent,  # kill -9 of the audit ends them
                maxtasksperchild=_SLICES_PER_WORKER) as pool:
            return list(pool.imap(_link_slice, range(len(slices))))
    finally:
        _WORK = None


__all__ = ["DOCS_PER_SLICE", "document_slices", "link_corpus", "slice_positions"]
