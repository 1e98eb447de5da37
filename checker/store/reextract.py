"""Stored documents extracted again, from the store alone (no original files needed).

When the extractor changes (``checker.provenance``) a stored document's claims are stale.
The store keeps the text the claims' offsets refer to (for HTML, the text taken out of it)
and which metadata a manifest stated: those fields are kept, the rest is detected again
from the text (``checker.ingest.metadata``, as when the file was read), and the claims are
extracted anew — the same claims a fresh ``checker ingest`` of the file would give.
Many documents are done in worker processes (fork), like ``checker.pipeline``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from checker import workers
from checker.extract.catalogue import Indicator
from checker.extract.claims import claim_rows, claims_frame
from checker.ingest import ManifestRow, metadata
from checker.models import DocKind, Document
from checker.provenance import Extractor

if TYPE_CHECKING:
    import pandas as pd

# As checker.pipeline: below this much text a pool costs more than it saves.
_PARALLEL_MIN_CHARS = 400_000
_CHUNK_MIN_CHARS = 50_000
_CHUNKS_PER_WORKER = 16
_STATED = ("region", "year", "period", "kind", "title")


def redetect(doc: Document) -> Document:
    """``doc`` with its detected metadata detected again; what a manifest stated kept."""
    stated = {name: getattr(doc.meta, name) if doc.meta_source.get(name) == "manifest"
              else None for name in _STATED}
    row = ManifestRow(region=stated["region"], year=stated["year"], period=stated["period"],
                      kind=DocKind(stated["kind"]) if stated["kind"] else None,
                      title=stated["title"]) if any(v is not None for v in stated.values()) \
        else None
    meta, source = metadata(doc.text, row)
    return replace(doc, meta=meta, meta_source=source)


def reextract(documents: Sequence[Document], indicators: dict[str, Indicator] | None = None
              ) -> tuple[list[Document], pd.DataFrame]:
    """The documents with metadata detected again, and their claims, in input order."""
    documents = list(documents)
    jobs = _jobs(documents)
    if jobs == 1:
        return _chunk(documents, indicators)
    from concurrent.futures import ProcessPoolExecutor

    import pandas as pd

    redone: list[Document] = []
    frames = []
    with ProcessPoolExecutor(jobs, mp_context=workers.fork_context(),
                             initializer=workers.die_with_parent) as pool:
        chunks = _chunks(documents, jobs)
        for chunk, (metas, frame) in zip(
                chunks, pool.map(_worker, chunks, [indicators] * len(chunks)), strict=True):
            redone += [replace(d, meta=m, meta_source=s)
                       for d, (m, s) in zip(chunk, metas, strict=True)]
            frames.append(frame)
    frames = [f for f in frames if len(f)] or [claims_frame([])]
    return redone, frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def refreshed(documents: Sequence[Document], claims: pd.DataFrame, stale: set[str],
              indicators: dict[str, Indicator] | None = None
              ) -> tuple[list[Document], pd.DataFrame]:
    """``documents`` (in store order, texts loaded) and their ``claims`` with those of the
    documents whose ids are in ``stale`` re-extracted in memory; claims in the store's
    order (document, start, end)."""
    from checker import columns as C
    from checker.frames import in_document_order

    redone, fresh = reextract([d for d in documents if d.id in stale], indicators)
    by_id = {d.id: d for d in redone}
    documents = [by_id.get(d.id, d) for d in documents]
    kept = claims[~claims[C.DOC].isin(stale)]
    frames = [f for f in (kept, fresh) if len(f)] or [kept]
    order = {d.id: i for i, d in enumerate(documents)}
    return documents, in_document_order(frames, order)


def _chunk(documents: list[Document], indicators: dict[str, Indicator] | None
           ) -> tuple[list[Document], pd.DataFrame]:
    redone = [redetect(d) for d in documents]
    rows: list[tuple] = []
    for doc in redone:
        rows.extend(claim_rows(doc, indicators))
    return redone, claims_frame(rows)


def _worker(documents: list[Document], indicators: dict[str, Indicator] | None
            ) -> tuple[list[tuple], pd.DataFrame]:
    """Only the new metadata goes back (the main process has the texts)."""
    redone, frame = _chunk(documents, indicators)
    return [(d.meta, d.meta_source) for d in redone], frame


def _jobs(documents: list[Document]) -> int:
    cores = workers.wanted_cores()
    if cores < 2 or len(documents) < 2:
        return 1
    if sum(len(d.text) for d in documents) < _PARALLEL_MIN_CHARS:
        return 1
    return min(cores, len(documents))


def _chunks(documents: list[Document], jobs: int) -> list[list[Document]]:
    """Consecutive runs of documents of about equal text length, several per worker."""
    total = sum(len(d.text) for d in documents)
    target = max(_CHUNK_MIN_CHARS, total // (jobs * _CHUNKS_PER_WORKER))
    return workers.chunks(documents, lambda d: len(d.text), target)


@dataclass(frozen=True)
class Stale:
    """Stored documents a run found with another extractor's claims (and re-extracted in
    memory): how many, by which extractors, and this run's."""

    documents: int
    by: dict[str | None, int]  # the stored claims' extractor → documents (None: unrecorded)
    known: dict[str, Extractor]  # the extractors the store has recorded
    current: Extractor

    def describe(self) -> str:
        """One line: 'claims of 3 stored documents come from another extractor (…)'."""
        others = ", ".join(f"{n} by {_extractor(fp, self.known)}"
                           for fp, n in sorted(self.by.items(), key=lambda kv: -kv[1]))
        noun = "document" if self.documents == 1 else "documents"
        mine = _extractor(self.current.fingerprint, {self.current.fingerprint: self.current})
        return (f"claims of {self.documents} stored {noun} come from another extractor "
                f"({others}) than this checker's ({mine})")


def _extractor(fingerprint: str | None, known: dict[str, Extractor]) -> str:
    if fingerprint is None:
        return "an unrecorded one (stored before checker recorded extractors)"
    e = known.get(fingerprint)
    if e is None:
        return fingerprint
    return (f"{fingerprint}: checker {e.version}, code {e.code}"
            f"{', aliases ' + e.aliases if e.aliases else ''}")
