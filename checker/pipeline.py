"""The pipeline as one call: paths → documents → claims, for the CLI and benchmarks.

Many or large inputs are read and extracted in worker processes (one per available core,
documents in chunks to amortise the transfer); results are put back in input order, so the
output is the same as a serial run. ``CHECKER_JOBS=1`` forces a serial run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checker.errors import BadInput
from checker.extract.catalogue import Indicator
from checker.extract.claims import claim_rows, claims_frame
from checker.ingest import ManifestRow, ReadResult, plan_reads, read_documents, read_file
from checker.models import Document


@dataclass
class Extraction:
    documents: list[Document]
    claims: pd.DataFrame
    errors: list[BadInput] = field(default_factory=list)


# Below this much input a pool costs more than it saves (fork, transfer of the results).
_PARALLEL_MIN_BYTES = 1_000_000
_CHUNK_MIN_BYTES = 256_000
_CHUNKS_PER_WORKER = 8


def extract_paths(
    paths: Iterable[str | Path],
    *,
    keep_going: bool = False,
    indicators: dict[str, Indicator] | None = None,
) -> Extraction:
    paths = list(paths)
    plan = plan_reads(paths)
    files = [item for item in plan if not isinstance(item, BadInput)]
    # Without keep_going the first bad input ends the run: a serial read meets it first.
    failing = not keep_going and len(files) < len(plan)
    jobs = 1 if failing else _jobs(files)
    if jobs == 1:
        read = read_documents(paths, keep_going=keep_going)
        rows: list[tuple] = []
        for doc in read.documents:
            rows.extend(claim_rows(doc, indicators))
        return Extraction(read.documents, claims_frame(rows), read.errors)
    outcomes, frames = _extract_parallel(files, indicators, jobs)
    done = iter(outcomes)
    # bad inputs in the order a serial read meets them
    ordered = [item if isinstance(item, BadInput) else next(done) for item in plan]
    return _collect(ordered, frames, keep_going)


_File = tuple[Path, ManifestRow | None]


def extract_files(files: list[_File], *, keep_going: bool = False,
                  indicators: dict[str, Indicator] | None = None) -> Extraction:
    """Files already planned by :func:`checker.ingest.plan_reads` (with their manifest
    rows) → documents and claims, in order; manifests are not read again (a caller taking
    a long list in chunks, like ``checker ingest``, reads each manifest once)."""
    jobs = _jobs(files)
    if jobs == 1:
        outcomes, frame = _extract_files(files, indicators)
        frames = [frame]
    else:
        outcomes, frames = _extract_parallel(files, indicators, jobs)
    return _collect(outcomes, frames, keep_going)


def _collect(outcomes: list[Document | BadInput], frames: list[pd.DataFrame],
             keep_going: bool) -> Extraction:
    """Outcomes in input order → an Extraction; the first bad input raises unless
    ``keep_going``."""
    read = ReadResult()
    for outcome in outcomes:
        if isinstance(outcome, BadInput):
            if not keep_going:
                raise outcome
            read.errors.append(outcome)
        else:
            read.documents.append(outcome)
    frames = [f for f in frames if len(f)] or [claims_frame([])]
    claims = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return Extraction(read.documents, claims, read.errors)


def _extract_files(
    files: list[_File], indicators: dict[str, Indicator] | None
) -> tuple[list[Document | BadInput], pd.DataFrame]:
    outcomes: list[Document | BadInput] = []
    rows: list[tuple] = []
    for path, row in files:
        doc = read_file(path, row)
        outcomes.append(doc)
        if not isinstance(doc, BadInput):
            rows.extend(claim_rows(doc, indicators))
    return outcomes, claims_frame(rows)


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _jobs(files: list[_File]) -> int:
    wanted = os.environ.get("CHECKER_JOBS", "").strip()
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else _available_cores()
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
    chunks: list[list[_File]] = []
    current: list[_File] = []
    size = 0
    for item in files:
        current.append(item)
        size += _size(item[0])
        if size >= target:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


# Set in each worker by the pool initializer (inherited as is when the pool forks).
_WORKER_INDICATORS: dict[str, Indicator] | None = None


def _init_worker(indicators: dict[str, Indicator] | None) -> None:
    global _WORKER_INDICATORS
    _WORKER_INDICATORS = indicators
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, a worker gets SIGKILL when the process that started it dies (kill -9 of
    ``checker ingest``): otherwise it waits for work forever, holding the parent's pipes."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _extract_chunk(files: list[_File]) -> tuple[list, pd.DataFrame]:
    outcomes, frame = _extract_files(files, _WORKER_INDICATORS)
    # A BadInput does not survive pickling (its __init__ takes two arguments): send parts.
    sent = [(type(o), o.path, o.problem) if isinstance(o, BadInput) else o for o in outcomes]
    return sent, frame


def _extract_parallel(
    files: list[_File], indicators: dict[str, Indicator] | None, jobs: int
) -> tuple[list[Document | BadInput], list[pd.DataFrame]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # fork: the workers start with everything imported and the catalogues loaded.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    outcomes: list[Document | BadInput] = []
    frames: list[pd.DataFrame] = []
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(indicators,)) as pool:
        for sent, frame in pool.map(_extract_chunk, _chunks(files, jobs)):
            outcomes.extend(o[0](o[1], o[2]) if isinstance(o, tuple) else o for o in sent)
            frames.append(frame)
    return outcomes, frames
