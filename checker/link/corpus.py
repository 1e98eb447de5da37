"""Linking a whole corpus a slice of documents at a time.

Linkers pair claims within one document, so linking the corpus slice by slice gives the
same checks as one :func:`checker.link.link_all` over everything, while the linkers'
per-frame record tables (a dict per claim) never hold more than one slice: at 10,000
documents (2 million claims) they would hold several GB at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from checker import columns as C
from checker.link import Checks, link_all, release_caches

DOCS_PER_SLICE = 200


def link_corpus(claims: pd.DataFrame, texts: Mapping[str, str],
                params: Mapping[str, Mapping[str, object]] | None = None, *,
                docs_per_slice: int = DOCS_PER_SLICE) -> Checks:
    """:func:`link_all` over slices of whole documents, merged into one :class:`Checks`
    (rows in the order one pass would give: slices and documents in order of appearance)."""
    parts = []
    for part in document_slices(claims, docs_per_slice):
        parts.append(link_all(part, texts, params))
        release_caches()
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
    codes, uniques = pd.factorize(claims[C.DOC])
    if len(uniques) <= docs_per_slice:
        return [claims]
    slice_of = codes // docs_per_slice
    order = np.argsort(slice_of, kind="stable")
    bounds = np.searchsorted(slice_of[order], np.arange(1, slice_of.max() + 1))
    return [claims.iloc[rows] for rows in np.split(order, bounds)]


__all__ = ["DOCS_PER_SLICE", "document_slices", "link_corpus"]
