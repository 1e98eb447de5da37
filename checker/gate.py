"""``checker gate``: new documents against the stored corpus and each other.

Only the stored claims that share a key — (region, indicator, year), ``reconcile.keys`` —
with a claim of the new documents are loaded (a join in DuckDB), never the whole corpus;
the stored versions at the new documents' paths (being re-issued) are left out. The audit
runs over those claims and the new documents' own; only findings with evidence in a new
document are reported.

Stored claims of another extractor (``checker.provenance``: the store was filled by an
older checker or with other aliases) are not compared as they are: the stale documents
that could speak of the new documents' regions are re-extracted in memory, and
``GateResult.stale`` says how many (the CLI says so on stderr; ``checker ingest`` stores
fresh claims).

Verdicts come from the rules engine's plain-pandas path, which makes the same decisions as
the Great Expectations suites (``tests/test_rules_gx.py``) without importing GX and
building its context (seconds on a cold start); ``CHECKER_GATE_ENGINE=gx`` uses GX.

:func:`record_gate` records the run in the store (kind ``gate``: the documents gated, the
stored versions read, verdict, exit code, findings) — with ``--ingest``, in the same
transaction as the documents. Gate runs are never the previous run of a nightly audit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.audit import AuditResult
from checker.extract.catalogue import Indicator
from checker.models import Document
from checker.pipeline import Extraction
from checker.provenance import Extractor

if TYPE_CHECKING:
    import pandas as pd

    from checker.store.ingest import IngestResult
    from checker.store.reextract import Stale
    from checker.store.repository import StoredDoc


@dataclass
class GateResult:
    result: AuditResult
    extraction: Extraction  # the new documents and their claims (for --ingest)
    stored_claims: int  # stored claims loaded (sharing keys)
    stored_documents: int
    versions: list[int] = field(default_factory=list)  # stored versions those came from
    stale: Stale | None = None  # stored documents re-extracted in memory
    extracting: Extractor | None = None
    started: float = 0.0  # time.time() at the start


def run_gate(paths: Sequence[str | Path], store: Path, params: dict[str, dict], *,
             indicators: dict[str, Indicator] | None = None,
             extracting: Extractor | None = None, keep_going: bool = False,
             lang: str = "en", engine: str | None = None) -> GateResult:
    """``extracting`` is the fingerprint of the extractor ``indicators`` make (default:
    the built-in catalogue's)."""
    import os

    import pandas as pd

    from checker.audit import audit_claims
    from checker.pipeline import extract_paths
    from checker.provenance import extractor
    from checker.reconcile.keys import REGION_KEY
    from checker.store.db import opened
    from checker.store.repository import Repository, path_key

    started = time.time()
    engine = engine or os.environ.get("CHECKER_GATE_ENGINE", "pandas")
    extracting = extracting or extractor()
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    extraction = extract_paths(paths, keep_going=keep_going, indicators=indicators)
    seconds["read+extract"] = time.perf_counter() - t
    t = time.perf_counter()
    new = extraction.claims
    keys = _keys(new)
    new_ids = {d.id for d in extraction.documents}
    reissued = {path_key(d.path) for d in extraction.documents}
    with opened(store, write=False) as con:
        repo = Repository(con)
        stale = repo.stale(extracting.fingerprint)
        redo = repo.stale_touching(extracting.fingerprint, set(keys[REGION_KEY]), reissued,
                                   new_ids) if stale else []
        known = repo.extractors() if redo else {}
        stored_claims, versions = repo.claims_sharing_keys(
            keys, reissued, new_ids | {s.document.id for s in redo})
        by_version = {s.version: s.document for s in repo.documents(versions, text=False)}
        seconds["store"] = time.perf_counter() - t
        note, texts = None, {}
        if redo:
            t = time.perf_counter()
            stored_claims, texts = _with_fresh_claims(redo, stored_claims, by_version, keys,
                                                      indicators)
            by_version |= {v: replace(d, text="") for v, d in texts.items()}
            versions = sorted(by_version)
            seconds["reextract"] = time.perf_counter() - t
            note = _stale(redo, stale, known, extracting)
        stored = [by_version[v] for v in versions]
        documents = stored + list(extraction.documents)
        frames = [f for f in (stored_claims, new) if len(f)]
        claims = pd.concat(frames, ignore_index=True) if len(frames) > 1 else (
            frames[0] if frames else new)
        full = audit_claims(documents, claims, params, lang=lang, engine=engine,
                            indicators=indicators)
        t = time.perf_counter()
        findings = [f for f in full.findings if any(e.doc in new_ids for e in f.evidence)]
        involved = {e.doc for f in findings for e in f.evidence}
        # the stored documents a finding quotes, with their text (the HTML report shows it);
        # re-extracted ones are in memory with it (and their new metadata)
        quoted = [v for v in versions if by_version[v].id in involved]
        texts |= {s.version: s.document for s in
                  repo.documents([v for v in quoted if v not in texts])}
        shown = [texts[v] for v in quoted] + list(extraction.documents)
        seconds["select"] = time.perf_counter() - t
    result = AuditResult(shown, new, full.checks, findings, errors=list(extraction.errors),
                         timelines=full.timelines, comparisons=full.comparisons,
                         seconds=seconds | full.seconds)
    return GateResult(result, extraction, len(stored_claims), len(stored), versions, note,
                      extracting, started)


def _key_columns(claims: pd.DataFrame) -> pd.DataFrame:
    """Each claim's (region key, indicator, year), in the store's ``claims`` columns."""
    import pandas as pd

    from checker import columns as C
    from checker.reconcile.keys import REGION_KEY, region_key

    return pd.DataFrame({REGION_KEY: claims[C.REGION].map(region_key).astype("str"),
                         "indicator": claims[C.INDICATOR].astype("str"),
                         "year": claims[C.YEAR].astype("Int64")}, index=claims.index)


def _keys(claims: pd.DataFrame) -> pd.DataFrame:
    """The distinct keys of the claims with a named region and a year."""
    from checker.reconcile.keys import REGION_KEY

    keys = _key_columns(claims).dropna()
    return keys[keys[REGION_KEY] != ""].drop_duplicates().reset_index(drop=True)


def _with_fresh_claims(redo: list[StoredDoc], stored_claims: pd.DataFrame,
                       by_version: dict[int, Document], keys: pd.DataFrame,
                       indicators: dict[str, Indicator] | None
                       ) -> tuple[pd.DataFrame, dict[int, Document]]:
    """Stale stored documents re-extracted in memory: the stored claims sharing keys with
    theirs that do added (in the store's order: version, start, end), and those documents
    (version → document with its text)."""
    from checker import columns as C
    from checker.frames import in_document_order
    from checker.store.reextract import reextract

    redone, fresh = reextract([s.document for s in redo], indicators)
    hit = _key_columns(fresh).merge(keys.assign(_hit=True), how="left")["_hit"]
    fresh = fresh[hit.notna().to_numpy()]
    version_of = {s.document.id: s.version for s in redo}
    used = set(fresh[C.DOC])
    texts = {version_of[d.id]: d for d in redone if d.id in used}
    order = {d.id: v for v, d in by_version.items()} | version_of
    frames = [f for f in (stored_claims, fresh) if len(f)]
    if not frames:
        return stored_claims, texts
    return in_document_order(frames, order), texts


def _stale(redo: list[StoredDoc], stale: dict[str | None, list[int]],
           known: dict[str, Extractor], extracting: Extractor) -> Stale:
    from checker.store.reextract import Stale

    mine = {s.version for s in redo}
    by = {fp: n for fp, vs in stale.items() if (n := len(mine.intersection(vs)))}
    return Stale(len(redo), by, known, extracting)


def record_gate(store: Path, gated: GateResult, out: Path, *, fail_on: str, exit_code: int,
                judge: str | None = None, ingest: bool = False
                ) -> tuple[int, IngestResult | None]:
    """Record the gate run (and with ``ingest`` store its documents first) in one
    transaction; returns the run number and what was ingested."""
    from checker.store.audit import record_result
    from checker.store.db import opened, transaction
    from checker.store.ingest import add_extracted
    from checker.store.repository import Repository

    r = gated.result
    extracting = gated.extracting
    assert extracting is not None
    counts = {"documents": len(gated.extraction.documents),
              "claims": len(gated.extraction.claims),
              "stored_documents": gated.stored_documents,
              "stored_claims": gated.stored_claims,
              "new": sum(f.status == "new" for f in r.findings),
              "reextracted": gated.stale.documents if gated.stale else 0}
    docs = gated.extraction.documents
    with opened(store, write=True) as con, transaction(con):
        repo = Repository(con)
        stored, versions = None, {}
        if ingest:
            stored, versions = add_extracted(repo, docs, gated.extraction.claims, extracting)
        run = record_result(
            repo, "gate", r, gated.started, "shared-keys", out, gated.versions, counts,
            extraction=extracting.fingerprint, judge=judge, fail_on=fail_on,
            exit_code=exit_code, inputs=[(d, versions.get(d.id)) for d in docs])
    return run, stored
