"""``checker ingest``: files → the store, idempotent by content.

Every file under the given paths is read and hashed; content the store already holds is
skipped without extraction. The rest is extracted (``checker.pipeline.extract_files``, in
worker processes for large batches; each manifest read once) in chunks. Then every current
document whose claims another extractor produced (``checker.provenance``: an upgraded
checker, other indicator aliases) is re-extracted from its stored text and metadata
(``store.reextract``). All of it is written in **one** transaction, committed at the end:
a process killed at any moment leaves the store as it was before the ingest or as it is
after it.
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
from checker.provenance import Extractor, extractor
from checker.store.db import opened, transaction
from checker.store.repository import Repository, StoredDoc, path_key

# Files per extraction chunk: big enough for the worker pool to pay, small enough for the
# progress bar to move.
CHUNK = 200


@dataclass
class IngestResult:
    # paths only: holding every Document (its text) would keep the whole batch in memory
    added: list[str] = field(default_factory=list)
    reissued: list[str] = field(default_factory=list)  # new versions at a stored path
    unchanged: int = 0
    reextracted: int = 0  # stored documents re-extracted (their extractor had changed)
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
           extracting: Extractor | None = None,
           progress: Progress | None = None) -> IngestResult:
    """``extracting`` is the fingerprint of the extractor ``indicators`` make (default:
    the built-in catalogue's). No paths: only the stale documents are re-extracted (and
    an older store migrated); the store must exist."""
    from checker.pipeline import extract_files

    extracting = extracting or extractor()
    result = IngestResult()
    t0 = time.perf_counter()
    files, result.errors = plan(paths, keep_going)
    with opened(store, write=True, create=bool(paths)) as con:
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
            repo.record_extractor(extracting)
            for start in range(0, len(todo), CHUNK):
                chunk = todo[start:start + CHUNK]
                extraction = extract_files(chunk, keep_going=keep_going,
                                           indicators=indicators)
                result.errors.extend(extraction.errors)
                store_documents(repo, extraction.documents, extraction.claims, ingest_no,
                                result, extracting.fingerprint)
                done += len(chunk)
                if progress:
                    progress(done, len(todo))
            result.seconds["extract+store"] = time.perf_counter() - t
            t = time.perf_counter()
            # after the new documents: the versions they supersede need no re-extraction
            stale = [v for vs in repo.stale(extracting.fingerprint).values() for v in vs]
            for start in range(0, len(stale), CHUNK):
                reextract_stored(repo, stale[start:start + CHUNK], indicators, ingest_no,
                                 extracting.fingerprint)
                result.reextracted += len(stale[start:start + CHUNK])
                if progress:
                    progress(done + result.reextracted, len(todo) + len(stale))
            # (current_timestamp would be the transaction's start, not the end)
            _record_ingest(repo, ingest_no, result, extracting.fingerprint,
                           time.time() - (time.perf_counter() - t0), time.time())
        result.seconds["reextract"] = time.perf_counter() - t
    result.seconds["total"] = time.perf_counter() - t0
    return result


def reextract_stored(repo: Repository, versions: Sequence[int],
                     indicators: dict[str, Indicator] | None, ingest_no: int,
                     fingerprint: str) -> None:
    """Stored versions' detected metadata and claims extracted again and replaced."""
    from checker.store.reextract import reextract

    stored = repo.documents(versions)
    redone, claims = reextract([s.document for s in stored], indicators)
    repo.replace_extraction([StoredDoc(s.version, d) for s, d in zip(stored, redone,
                                                                      strict=True)],
                            claims, ingest_no, fingerprint)


def store_documents(repo: Repository, documents: Sequence[Document], claims: pd.DataFrame,
                    ingest_no: int, result: IngestResult, fingerprint: str) -> None:
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
    repo.add_documents(documents, claims, ingest_no, supersedes, fingerprint)


def add_extracted(repo: Repository, documents: Sequence[Document], claims: pd.DataFrame,
                  extracting: Extractor) -> tuple[IngestResult, dict[str, int]]:
    """Store documents already read and extracted by ``extracting`` (``checker gate
    --ingest``), inside the caller's transaction; also doc id → version of each document
    (stored now or before)."""
    result = IngestResult()
    known = repo.known_shas()
    fresh = [d for d in documents if d.sha256 not in known]
    result.unchanged = len(documents) - len(fresh)
    ingest_no = repo.next_number("ingests", "ingest")
    repo.record_extractor(extracting)
    store_documents(repo, fresh, claims, ingest_no, result, extracting.fingerprint)
    _record_ingest(repo, ingest_no, result, extracting.fingerprint)
    return result, repo.versions_of(d.sha256 for d in documents)


def _record_ingest(repo: Repository, ingest_no: int, result: IngestResult, extraction: str,
                   started: float | None = None, finished: float | None = None) -> None:
    """The ingest's row in ``ingests``; ``started`` and ``finished`` (``time.time()``)
    default to the transaction's start."""
    repo.con.execute(
        "INSERT INTO ingests (ingest, started_at, finished_at, added, unchanged, reissued, "
        "errors, reextracted, extraction) VALUES (?, coalesce(to_timestamp(?), "
        "current_timestamp), coalesce(to_timestamp(?), current_timestamp), ?, ?, ?, ?, ?, ?)",
        [ingest_no, started, finished, len(result.added), result.unchanged,
         len(result.reissued), len(result.errors), result.reextracted, extraction])
