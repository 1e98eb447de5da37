"""The pipeline as one call: paths → documents → claims, for the CLI and benchmarks.

Many or large inputs are read and extracted in worker processes (one per available core,
documents in chunks to amortise the transfer); results are put back in input order, so the
output is the same as a serial run. ``CHECKER_JOBS=1`` forces a serial run.

:func:`extract_paths` returns the claims as one DataFrame. :func:`render_paths` has each
chunk's claim rows rendered to text (CSV) where they were extracted, in the workers: the
main process only joins the texts, and neither side builds a frame or imports pandas.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import workers
from checker.errors import BadInput
from checker.extract.catalogue import Indicator
from checker.extract.claims import claim_rows, claims_frame
from checker.ingest import ManifestRow, ReadResult, plan_reads, read_documents, read_file
from checker.models import Document

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Extraction:
    documents: list[Document]
    claims: pd.DataFrame
    errors: list[BadInput] = field(default_factory=list)


@dataclass
class Rendered:
    """:func:`render_paths`' result: the rendered chunks in input order, to be joined,
    UTF-8 encoded where they were rendered (in the workers: a text would be encoded there
    to be pickled and decoded here, ~0.2 s for 20 MB of input, and encoded again to be
    written)."""

    chunks: list[bytes]
    documents: int  # documents read
    claims: int  # claim rows rendered
    errors: list[BadInput] = field(default_factory=list)

    def text(self) -> str:
        return b"".join(self.chunks).decode()


# Claim rows (claims.claim_rows) → a frame, a text, … : what a worker sends back per chunk.
Finish = Callable[[list[tuple]], Any]

# Below this much input a pool costs more than it saves (fork, transfer of the results).
_PARALLEL_MIN_BYTES = 1_000_000
# Many small chunks: while one worker does the last chunk the others wait, so a chunk is
# kept to ~0.05 s of work; each costs ~1 ms to send and receive.
_CHUNK_MIN_BYTES = 128_000
_CHUNKS_PER_WORKER = 32


def extract_paths(
    paths: Iterable[str | Path],
    *,
    keep_going: bool = False,
    indicators: dict[str, Indicator] | None = None,
    categorical: bool = False,
) -> Extraction:
    """``categorical``: the claims' string columns as categoricals
    (:func:`checker.frames.categorize`), made in the workers and joined column by column:
    a third smaller at 10,000 documents, and no second copy of the frame while joining."""
    paths = list(paths)
    plan, jobs = _plan(paths, keep_going)
    finish = categorical_claims_frame if categorical else claims_frame
    if jobs == 1:
        read = read_documents(paths, keep_going=keep_going)
        return Extraction(read.documents, finish(_rows_of(read.documents, indicators)),
                          read.errors)
    files = [item for item in plan if not isinstance(item, BadInput)]
    outcomes, frames = _extract_parallel(files, indicators, jobs, finish)
    return _collect(_in_plan_order(plan, outcomes), frames, keep_going, categorical)


def categorical_claims_frame(rows: list[tuple]) -> pd.DataFrame:
    from checker.frames import categorize

    return categorize(claims_frame(rows))


def render_paths(
    paths: Iterable[str | Path],
    render: Callable[[list[tuple]], str],
    *,
    keep_going: bool = False,
    indicators: dict[str, Indicator] | None = None,
) -> Rendered:
    """:func:`extract_paths` with each chunk's claim rows rendered by ``render`` (rows →
    text, no header) and encoded where they were extracted; the same errors raised or
    collected."""
    paths = list(paths)
    plan, jobs = _plan(paths, keep_going)
    if jobs == 1:
        read = read_documents(paths, keep_going=keep_going)
        rows = _rows_of(read.documents, indicators)
        return Rendered([render(rows).encode()], len(read.documents), len(rows), read.errors)
    files = [item for item in plan if not isinstance(item, BadInput)]
    outcomes, parts = _extract_parallel(files, indicators, jobs, _Rendering(render),
                                        keep_documents=False)
    read = _sorted(_in_plan_order(plan, outcomes), keep_going)
    return Rendered([text for text, _ in parts], len(read.documents),
                    sum(n for _, n in parts), read.errors)


class _Rendering:
    """A Finish that renders rows and counts them (picklable for a spawned pool)."""

    def __init__(self, render: Callable[[list[tuple]], str]) -> None:
        self.render = render

    def __call__(self, rows: list[tuple]) -> tuple[bytes, int]:
        return self.render(rows).encode(), len(rows)


def _plan(paths: list[str | Path], keep_going: bool) -> tuple[list, int]:
    """The planned reads and how many processes to use (1: read and extract serially)."""
    plan = plan_reads(paths)
    files = [item for item in plan if not isinstance(item, BadInput)]
    # Without keep_going the first bad input ends the run: a serial read meets it first.
    failing = not keep_going and len(files) < len(plan)
    return plan, 1 if failing else _jobs(files)


def _rows_of(documents: list[Document], indicators: dict[str, Indicator] | None
             ) -> list[tuple]:
    rows: list[tuple] = []
    with _collector_paused():
        for doc in documents:
            rows.extend(claim_rows(doc, indicators))
    return rows


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Extraction makes no reference cycles, but its many short-lived tuples and lists
    set off the cyclic collector every few hundred allocations, each pass walking the
    rows kept so far (~0.6 % of extraction's instructions, measured): paused while it
    runs."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _in_plan_order(plan: list, outcomes: list[Document | BadInput | None]) -> list:
    """The bad inputs of the plan put back among the files' outcomes, in the order a serial
    read meets them."""
    done = iter(outcomes)
    return [item if isinstance(item, BadInput) else next(done) for item in plan]


_File = tuple[Path, ManifestRow | None]


def extract_files(files: list[_File], *, keep_going: bool = False,
                  indicators: dict[str, Indicator] | None = None) -> Extraction:
    """Files already planned by :func:`checker.ingest.plan_reads` (with their manifest
    rows) → documents and claims, in order; manifests are not read again (a caller taking
    a long list in chunks, like ``checker ingest``, reads each manifest once)."""
    jobs = _jobs(files)
    if jobs == 1:
        outcomes, frame = _extract_files(files, indicators, claims_frame)
        frames = [frame]
    else:
        outcomes, frames = _extract_parallel(files, indicators, jobs, claims_frame)
    return _collect(outcomes, frames, keep_going)


def _collect(outcomes: list[Document | BadInput], frames: list[pd.DataFrame],
             keep_going: bool, categorical: bool = False) -> Extraction:
    """Outcomes in input order → an Extraction; the first bad input raises unless
    ``keep_going``."""
    import pandas as pd

    from checker.frames import concat_categorized

    read = _sorted(outcomes, keep_going)
    frames = [f for f in frames if len(f)] or [claims_frame([])]
    if len(frames) == 1:
        claims = frames[0]
    else:
        claims = (concat_categorized(frames) if categorical
                  else pd.concat(frames, ignore_index=True))
    return Extraction(read.documents, claims, read.errors)


def _sorted(outcomes: list[Document | BadInput | None], keep_going: bool) -> ReadResult:
    """Documents and bad inputs apart (None: a document a worker did not send back); the
    first bad input raises unless ``keep_going``."""
    read = ReadResult()
    for outcome in outcomes:
        if isinstance(outcome, BadInput):
            if not keep_going:
                raise outcome
            read.errors.append(outcome)
        else:
            read.documents.append(outcome)
    return read


def _extract_files(
    files: list[_File], indicators: dict[str, Indicator] | None, finish: Finish
) -> tuple[list[Document | BadInput], Any]:
    outcomes: list[Document | BadInput] = []
    rows: list[tuple] = []
    with _collector_paused():
        for path, row in files:
            doc = read_file(path, row)
            outcomes.append(doc)
            if not isinstance(doc, BadInput):
                rows.extend(claim_rows(doc, indicators))
    return outcomes, finish(rows)


def _jobs(files: list[_File]) -> int:
    cores = workers.wanted_cores()
    if cores < 2 or len(files) < 2:
        return 1
    if _total_bytes(files) < _PARALLEL_MIN_BYTES:
        return 1
    return min(cores, len(files))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _total_bytes(files: list[_File]) -> int:
    return sum(_size(path) for path, _ in files)


def _chunks(files: list[_File], jobs: int) -> list[list[_File]]:
    """Consecutive runs of files of about equal size, several per worker."""
    target = max(_CHUNK_MIN_BYTES, _total_bytes(files) // (jobs * _CHUNKS_PER_WORKER))
    return workers.chunks(files, lambda item: _size(item[0]), target)


# Set in each worker by the pool initializer (inherited as is when the pool forks).
_WORKER_INDICATORS: dict[str, Indicator] | None = None
_WORKER_FINISH: Finish = claims_frame
_WORKER_KEEP_DOCUMENTS = True


def _init_worker(indicators: dict[str, Indicator] | None, finish: Finish,
                 keep_documents: bool) -> None:
    global _WORKER_INDICATORS, _WORKER_FINISH, _WORKER_KEEP_DOCUMENTS
    _WORKER_INDICATORS = indicators
    _WORKER_FINISH = finish
    _WORKER_KEEP_DOCUMENTS = keep_documents
    workers.die_with_parent()


def _extract_chunk(files: list[_File]) -> tuple[list, Any]:
    outcomes, result = _extract_files(files, _WORKER_INDICATORS, _WORKER_FINISH)
    # A BadInput does not survive pickling (its __init__ takes two arguments): send parts.
    # A document not wanted back is sent as None rather than with its whole text.
    sent = [(type(o), o.path, o.problem) if isinstance(o, BadInput)
            else o if _WORKER_KEEP_DOCUMENTS else None for o in outcomes]
    return sent, result


def _extract_parallel(
    files: list[_File], indicators: dict[str, Indicator] | None, jobs: int, finish: Finish,
    *, keep_documents: bool = True,
) -> tuple[list[Document | BadInput | None], list[Any]]:
    from concurrent.futures import ProcessPoolExecutor

    outcomes: list[Document | BadInput | None] = []
    results: list[Any] = []
    # The objects a worker inherits (modules, patterns, catalogues) stay out of its garbage
    # collections: a full collection no longer walks them (~30 ms a worker) nor copies the
    # pages it touches. Unfrozen when the workers are done.
    gc.freeze()
    try:
        with ProcessPoolExecutor(jobs, mp_context=workers.fork_context(), initializer=_init_worker,
                                 initargs=(indicators, finish, keep_documents)) as pool:
            for sent, result in pool.map(_extract_chunk, _chunks(files, jobs)):
                outcomes.extend(o[0](o[1], o[2]) if isinstance(o, tuple) else o for o in sent)
                results.append(result)
    finally:
        gc.unfreeze()
    return outcomes, results
