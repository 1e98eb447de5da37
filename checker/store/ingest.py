"""``checker ingest``: files → the store, idempotent by content.

Every file under the given paths is read and hashed; content the store already holds is
skipped without extraction. The rest is extracted (``checker.pipeline.extract_files``, in
worker processes for large batches; each manifest read once) in chunks, and all of it is
written in **one** transaction, committed at the end: a process killed at any moment
leaves the store as it was before the ingest or as it is after it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checker.errors import BadInput, UnreadableFile
from checker.extract.catalogue import Indicator
from checker.ingest import ManifestRow
from checker.models import Document
from checker.store.db import opened, transaction
from checker.store.repository import Repository, path_key

# Files per extraction chunk: big enough for the worker pool to pay, small enough for the
# progress bar to move.
CHUNK = 200


@dataclass
class IngestResult:
    # paths only: holding every Document (its text) would keep the whole batch in memory
    added: list[str] = field(default_factory=list)
    reissued: list[str] = field(default_factory=list)  # new versions at a stored path
    unchanged: int = 0
    errors: list[BadInput] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


Progress = Callable[[int, int], None]  # (done, total)


def plan(paths: Iterable[str | Path], keep_going: bool
         ) -> tuple[list[tuple[Path, ManifestRow | None]], list[BadInput]]:
    """The files under ``paths`` with their manifest rows (each manifest read once, as
    ``read_documents`` finds them) and the bad inputs."""
    from checker.ingest import plan_reads

    files: list[tuple[Path, ManifestRow | None]] = []
    errors: list[BadInput] = []
    for item in plan_reads(paths):
        if isinstance(item, BadInput):
            if not keep_going:
                raise item
            errors.append(item)
        else:
            files.append(item)
    return files, errors


def ingest(paths: Sequence[str | Path], store: Path, *, keep_going: bool = False,
           indicators: dict[str, Indicator] | None = None,
           progress: Progress | None = None) -> IngestResult:
    from checker.pipeline import extract_files

    result = IngestResult()
    t0 = time.perf_counter()
    files, result.errors = plan(paths, keep_going)
    with opened(store, write=True, create=True) as con:
        repo = Repository(con)
        known = repo.known_shas()
        todo: list[tuple[Path, ManifestRow | None]] = []
        batch: set[str] = set()
        for path, row in files:
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as exc:
                err = UnreadableFile(str(path), f"cannot read ({exc.strerror or exc})")
                if not keep_going:
                    raise err from None
                result.errors.append(err)
                continue
            if sha in known or sha in batch:
                result.unchanged += 1
            else:
                batch.add(sha)
                todo.append((path, row))
        result.seconds["scan"] = time.perf_counter() - t0
        t = time.perf_counter()
        ingest_no = repo.next_number("ingests", "ingest")
        done = 0
        if progress:
            progress(0, len(todo))
        with transaction(con):
            for start in range(0, len(todo), CHUNK):
                chunk = todo[start:start + CHUNK]
                extraction = extract_files(chunk, keep_going=keep_going,
                                           indicators=indicators)
                result.errors.extend(extraction.errors)
                store_documents(repo, extraction.documents, extraction.claims, ingest_no,
                                result)
                done += len(chunk)
                if progress:
                    progress(done, len(todo))
            con.execute("INSERT INTO ingests VALUES (?, to_timestamp(?), current_timestamp, "
                        "?, ?, ?, ?)", [ingest_no, time.time() - (time.perf_counter() - t0),
                                        len(result.added), result.unchanged,
                                        len(result.reissued), len(result.errors)])
        result.seconds["extract+store"] = time.perf_counter() - t
    result.seconds["total"] = time.perf_counter() - t0
    return result


def store_documents(repo: Repository, documents: Sequence[Document], claims: pd.DataFrame,
                    ingest_no: int, result: IngestResult) -> None:
    """Add read documents (not yet stored) and their claims; re-issues supersede."""
    if not documents:
        return
    current = repo.current_at(path_key(d.path) for d in documents)
    supersedes: dict[str, int] = {}
    for doc in documents:
        before = current.get(path_key(doc.path))
        if before is not None and before[1] != doc.sha256:
            supersedes[doc.id] = before[0]
            result.reissued.append(doc.path)
        else:
            result.added.append(doc.path)
    repo.add_documents(documents, claims, ingest_no, supersedes)


def ingest_documents(store: Path, documents: Sequence[Document],
                     claims: pd.DataFrame) -> IngestResult:
    """Store documents already read and extracted (``checker gate --ingest``)."""
    result = IngestResult()
    with opened(store, write=True, create=True) as con:
        repo = Repository(con)
        known = repo.known_shas()
        fresh = [d for d in documents if d.sha256 not in known]
        result.unchanged = len(documents) - len(fresh)
        with transaction(con):
            ingest_no = repo.next_number("ingests", "ingest")
            store_documents(repo, fresh, claims, ingest_no, result)
            con.execute("INSERT INTO ingests VALUES (?, current_timestamp, current_timestamp,"
                        " ?, ?, ?, 0)", [ingest_no, len(result.added), result.unchanged,
                                         len(result.reissued)])
    return result
