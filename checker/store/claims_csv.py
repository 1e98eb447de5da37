"""Outputs of a store audit carried over from the last one: ``claims.csv`` document by
document, and audit.html's scoreboard tables (:class:`CarriedBlobs`).

The file is every current version's claims, rows grouped by version in version order (the
order :meth:`Repository.claims` reads them). So it is the header and one block of lines per
version: a block rendered once stays right while its version's claims, the code that reads
and renders them, and pandas stay the same (the *format*, :func:`csv_format`). Each audit
keeps the blocks it wrote in the store (compressed); the next incremental audit renders only
the versions it re-read and copies the others' blocks — the same bytes a full audit writes.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from checker import columns as C
from checker.report.atomic import atomic_writer

CHUNK_ROWS = 50_000  # rows rendered per pandas call (a call costs ~ms; a block is ~200 rows)
LEVEL = 1  # zlib: ~5× smaller at ~100 MB/s; a block is read back once per audit


def csv_format(extraction: str, judge: str) -> str:
    """What the blocks depend on: the claims (extractor), the code that reads and renders
    them (the judge fingerprints the whole package) and pandas, which prints the cells."""
    text = "\n".join([extraction, judge, pd.__version__])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _header() -> str:
    return pd.DataFrame(columns=list(C.CLAIM_COLUMNS)).to_csv(index=False, lineterminator="\n")


def render_blocks(claims: pd.DataFrame) -> Iterator[tuple[str, int, str]]:
    """(doc id, rows, CSV lines) of each document in ``claims`` — rows of one document
    together — exactly the lines ``claims.to_csv`` writes for them."""
    if claims.empty:
        return
    docs = claims[C.DOC].astype(str).to_numpy()
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    bounds = [*starts.tolist(), len(docs)]
    i = 0
    while i < len(bounds) - 1:  # chunks of whole documents, about CHUNK_ROWS rows each
        j = i + 1
        while j < len(bounds) - 1 and bounds[j + 1] - bounds[i] <= CHUNK_ROWS:
            j += 1
        lo, hi = bounds[i], bounds[j]
        chunk = claims.iloc[lo:hi]
        text = chunk.to_csv(index=False, header=False, lineterminator="\n")
        lines = text.split("\n")
        if len(lines) == hi - lo + 1:  # one line per row: no cell holds a line break
            for a, b in zip(bounds[i:j], bounds[i + 1:j + 1], strict=True):
                yield docs[a], b - a, "\n".join(lines[a - lo:b - lo]) + "\n"
        else:  # a quoted cell spans lines: render each document on its own
            for a, b in zip(bounds[i:j], bounds[i + 1:j + 1], strict=True):
                yield docs[a], b - a, claims.iloc[a:b].to_csv(
                    index=False, header=False, lineterminator="\n")
        i = j


@dataclass
class CarriedCsv:
    """The blocks of one audit: ``carried`` from the store for versions not re-read,
    ``fresh`` rendered by :meth:`write` (to be stored) from ``rows`` — every claim of the
    versions without a carried block — or, when ``rows`` is None, from the audit's claims."""

    format: str
    order: list[int]  # the current versions, in the file's order
    ids: Mapping[str, int]  # doc id → version
    carried: dict[int, tuple[int, bytes]] = field(default_factory=dict)
    fresh: dict[int, tuple[int, bytes]] = field(default_factory=dict)
    rows: pd.DataFrame | None = None

    def write(self, path: Path, claims: pd.DataFrame) -> None:
        """The header, then each version's block, carried or rendered."""
        # ``rows`` holds no carried version's claims (store.audit reads the versions without
        # a block), and a full audit carries none: every claim here is rendered
        source = claims if self.rows is None else self.rows
        for doc, rows, text in render_blocks(source):
            self.fresh[self.ids[doc]] = (rows, zlib.compress(text.encode("utf-8"), LEVEL))
        empty = (0, zlib.compress(b"", LEVEL))
        with atomic_writer(path) as fh:
            fh.write(_header())
            fh.flush()
            out = fh.buffer  # type: ignore[attr-defined]  # the blocks are UTF-8 already
            for version in self.order:
                if version not in self.carried and version not in self.fresh:
                    self.fresh[version] = empty  # a version without claims
                _rows, body = self.carried.get(version) or self.fresh[version]
                out.write(zlib.decompress(body))


@dataclass
class CarriedBlobs:
    """audit.html's scoreboard blobs: the last audit's, by key (``get``), and those this
    run's page uses (``keep``), to store for the next run."""

    format: str
    carried: dict[str, str] = field(default_factory=dict)
    used: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        return self.carried.get(key)

    def keep(self, key: str, blob: str) -> None:
        self.used[key] = blob
