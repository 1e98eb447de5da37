"""``checker audit --store``: the stored corpus, audited incrementally against the last run.

Cross-document rules pair claims of one named region (``reconcile.keys``), and
within-document rules look at one document. So when documents are added or re-issued,
only the current documents that speak of one of their regions can have different
findings: those are re-audited (from stored claims — nothing is re-extracted); findings of
the last run that involve only other documents are carried over, and so are their
timelines. With no previous run, or ``full=True``, everything is audited.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.audit import AuditResult, audit_claims
from checker.models import Evidence, Finding, Severity, Wording
from checker.store.db import opened
from checker.store.repository import Repository


@dataclass
class StoreAudit:
    result: AuditResult
    mode: str  # full | incremental
    previous: set[str]  # finding ids of the last run
    versions: list[int]  # document versions audited (the current corpus)
    reaudited: int  # documents re-audited
    started: float


def finding_from_entry(e: dict[str, Any], lang: str | None = None) -> Finding:
    """A findings.json entry back to a Finding (carried over from a stored run), worded in
    ``lang`` when the entry has it (``i18n``)."""
    texts = {k: Wording(w["title"], w["message"], w["explanation"])
             for k, w in (e.get("i18n") or {}).items()}
    mine = texts.get(lang or "") or Wording(e["title"], e["message"], e["explanation"])
    return Finding(e["id"], e["rule"], int(e["rule_version"]), Severity(e["severity"]),
                   mine.title, mine.message,
                   tuple(Evidence(x["doc"], int(x["start"]), int(x["end"]), x["quote"])
                         for x in e["evidence"]),
                   dict(e["values"]), mine.explanation, e.get("status", "new"), texts)


def _timeline_region(t: dict[str, Any]) -> str:
    from checker.reconcile.keys import region_key

    return region_key(t.get("region"))


def audit_store(store: Path, params: dict[str, dict], *, lang: str = "en",
                engine: str = "gx", full: bool = False) -> StoreAudit:
    """Everything is read first and the store closed before the audit runs: a long audit
    does not keep an ingest waiting."""
    from checker.reconcile.keys import region_key

    started = time.time()
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    with opened(store, write=False) as con:
        repo = Repository(con)
        current = repo.current_versions()
        prev = None if full else repo.last_run("audit")
        if prev is None:
            stored = [s.document for s in repo.documents()]
            claims = repo.claims()
        else:
            changed = (set(current) - prev["versions"]) | (prev["versions"] - set(current))
            regions = repo.region_keys(changed)
            metas = {s.version: s.document for s in repo.documents(changed, text=False)}
            touched = set().union(*regions.values()) if regions else set()
            touched |= {region_key(d.meta.region) for d in metas.values()} - {""}
            own = repo.region_keys(None)
            affected = {v for v in current if v in changed or own.get(v, set()) & touched}
            gone = {current[v] for v in affected} | {
                d.id for v, d in metas.items() if v not in current}
            carried = [finding_from_entry(body, lang) for _fid, docs, body in prev["findings"]
                       if not set(docs) & gone and set(docs) <= set(current.values())]
            part_docs = [s.document for s in repo.documents(affected)]
            part_claims = repo.claims(affected)
            # every current document, with its text where a finding quotes it (audit.html)
            have = {d.id: d for d in part_docs}
            quoted = {e.doc for f in carried for e in f.evidence}
            need = [v for v, i in current.items() if i in quoted and i not in have]
            have.update({s.document.id: s.document for s in repo.documents(need)})
            rest = [v for v, i in current.items() if i not in have]
            have.update({s.document.id: s.document
                         for s in repo.documents(rest, text=False)})
            documents = [have[i] for i in current.values()]
            claims = repo.claims()
    seconds["load"] = time.perf_counter() - t
    if prev is None:
        result = audit_claims(stored, claims, params, lang=lang, engine=engine)
        result.seconds = seconds | result.seconds
        return StoreAudit(result, "full", set(), sorted(current), len(current), started)
    part = audit_claims(part_docs, part_claims, params, lang=lang, engine=engine)
    findings = sorted(carried + part.findings,
                      key=lambda f: (-f.severity.rank, f.rule, f.evidence[0].doc,
                                     f.evidence[0].start))
    timelines = [tl for tl in prev["timelines"] if _timeline_region(tl) not in touched]
    timelines += part.timelines
    result = AuditResult(documents, claims, part.checks, findings, timelines=timelines,
                         comparisons=part.comparisons, seconds=seconds | part.seconds)
    return StoreAudit(result, "incremental", {f[0] for f in prev["findings"]},
                      sorted(current), len(affected), started)


def record(store: Path, audit: StoreAudit, out: Path) -> int:
    """Record the run, its findings and the waivers' states (one transaction)."""
    from checker.report.findings_json import finding_entry
    from checker.store.db import transaction

    r = audit.result
    counts = {s.value: sum(f.severity is s for f in r.findings) for s in Severity}
    counts |= {"documents": len(r.documents), "claims": len(r.claims),
               "reaudited": audit.reaudited, "fixed": len(r.fixed)}
    with opened(store, write=True) as con, transaction(con):
        return Repository(con).record_run(
            "audit", audit.started, audit.mode, str(out), audit.versions,
            [finding_entry(f) for f in r.findings], r.waivers or [], counts,
            {k: round(v, 4) for k, v in r.seconds.items()}, r.timelines)

