"""``checker gate``: new documents against the stored corpus and each other.

Only the stored claims that share a key — (region, indicator, year), ``reconcile.keys`` —
with a claim of the new documents are loaded (a join in DuckDB), never the whole corpus;
the stored versions at the new documents' paths (being re-issued) are left out. The audit
runs over those claims and the new documents' own; only findings with evidence in a new
document are reported.

Verdicts come from the rules engine's plain-pandas path, which makes the same decisions as
the Great Expectations suites (``tests/test_rules_gx.py``) without importing GX and
building its context (seconds on a cold start); ``CHECKER_GATE_ENGINE=gx`` uses GX.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.audit import AuditResult
from checker.extract.catalogue import Indicator
from checker.pipeline import Extraction


@dataclass
class GateResult:
    result: AuditResult
    extraction: Extraction  # the new documents and their claims (for --ingest)
    stored_claims: int  # stored claims loaded (sharing keys)
    stored_documents: int


def run_gate(paths: Sequence[str | Path], store: Path, params: dict[str, dict], *,
             indicators: dict[str, Indicator] | None = None, keep_going: bool = False,
             lang: str = "en", engine: str | None = None) -> GateResult:
    import os

    import pandas as pd

    from checker import columns as C
    from checker.audit import audit_claims
    from checker.pipeline import extract_paths
    from checker.reconcile.keys import REGION_KEY, region_key
    from checker.store.db import opened
    from checker.store.repository import Repository, path_key

    engine = engine or os.environ.get("CHECKER_GATE_ENGINE", "pandas")
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    extraction = extract_paths(paths, keep_going=keep_going, indicators=indicators)
    seconds["read+extract"] = time.perf_counter() - t
    t = time.perf_counter()
    new = extraction.claims
    keys = pd.DataFrame({REGION_KEY: new[C.REGION].map(region_key).astype("str"),
                         "indicator": new[C.INDICATOR].astype("str"),
                         "year": new[C.YEAR].astype("Int64")}).dropna()
    keys = keys[keys[REGION_KEY] != ""]
    new_ids = {d.id for d in extraction.documents}
    with opened(store, write=False) as con:
        repo = Repository(con)
        stored_claims, versions = repo.claims_sharing_keys(
            keys, {path_key(d.path) for d in extraction.documents}, new_ids)
        stored = [s.document for s in repo.documents(versions, text=False)]
        seconds["store"] = time.perf_counter() - t
        documents = stored + list(extraction.documents)
        frames = [f for f in (stored_claims, new) if len(f)]
        claims = pd.concat(frames, ignore_index=True) if len(frames) > 1 else (
            frames[0] if frames else new)
        full = audit_claims(documents, claims, params, lang=lang, engine=engine)
        t = time.perf_counter()
        findings = [f for f in full.findings if any(e.doc in new_ids for e in f.evidence)]
        involved = {e.doc for f in findings for e in f.evidence}
        # the stored documents a finding quotes, with their text (the HTML report shows it)
        quoted = [v for v, d in zip(versions, stored, strict=True) if d.id in involved]
        shown = [s.document for s in repo.documents(quoted)] + list(extraction.documents)
        seconds["select"] = time.perf_counter() - t
    result = AuditResult(shown, new, full.checks, findings, errors=list(extraction.errors),
                         timelines=full.timelines, comparisons=full.comparisons,
                         seconds=seconds | full.seconds)
    return GateResult(result, extraction, len(stored_claims), len(stored))
