"""``checker audit --store``: the stored corpus, audited incrementally against the last run.

Cross-document rules pair claims of one named region (``reconcile.keys``), and
within-document rules look at one document. So when documents are added or re-issued,
only the current documents that speak of one of their regions can have different
findings: those are re-audited (from stored claims); findings of
the last run that involve only other documents are carried over, and so are their
timelines. With no previous run, or ``full=True``, everything is audited; so it is when the
last run's claims or rules differ from this run's (``checker.provenance``: an upgraded
checker, other aliases or rule parameters), or when stored claims are another extractor's
and are re-extracted in memory for the run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker import columns as C
from checker.audit import AuditResult, audit_claims
from checker.extract.catalogue import Indicator
from checker.frames import in_document_order
from checker.models import Evidence, Finding, Severity, Wording
from checker.provenance import Extractor
from checker.store.claims_csv import CarriedBlobs, CarriedCsv, csv_format
from checker.store.db import opened
from checker.store.reextract import Stale, refreshed
from checker.store.repository import Repository


@dataclass
class StoreAudit:
    result: AuditResult
    mode: str  # full | incremental
    previous: set[str]  # finding ids of the last run
    versions: list[int]  # document versions audited (the current corpus)
    reaudited: int  # documents re-audited
    started: float
    stale: Stale | None = None  # stored claims of another extractor, re-extracted in memory
    extraction: str | None = None  # the extractor's fingerprint (checker.provenance)
    judge: str | None = None


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
                engine: str = "gx", full: bool = False,
                indicators: dict[str, Indicator] | None = None,
                extracting: Extractor | None = None) -> StoreAudit:
    """Everything is read first and the store closed before the audit runs: a long audit
    does not keep an ingest waiting.

    ``extracting`` is the fingerprint of the extractor ``indicators`` make (default: the
    built-in catalogue's). Stored claims of another extractor are re-extracted in memory
    (``StoreAudit.stale`` says how many). Findings are carried over only from a last run
    that had this extractor and judge (``checker.provenance``) and when no claims had to
    be re-extracted; otherwise everything is audited and compared with the last run."""
    from checker.provenance import extractor, judge
    from checker.reconcile.keys import region_key

    extracting = extracting or extractor()
    judged = judge(params)
    started = time.time()
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    with opened(store, write=False) as con:
        repo = Repository(con)
        current = repo.current_versions()
        last = None if full else repo.last_run("audit")
        stale = repo.stale(extracting.fingerprint)
        known = repo.extractors() if stale else {}
        prev = last if last is not None and _comparable(repo, last, current, extracting,
                                                        judged, stale) else None
        csv = CarriedCsv(csv_format(extracting.fingerprint, judged), sorted(current),
                         {i: v for v, i in current.items()})
        # keyed by content: right whatever the claims were (fresh, re-extracted in memory)
        blobs = CarriedBlobs(csv.format, repo.score_blobs(csv.format))
        if prev is None:
            stored = [s.document for s in repo.documents()]
            # as the path audit's (checker.pipeline): claims re-extracted in memory are
            # joined to the stored ones as plain columns
            claims = repo.claims(categorical=not stale)
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
            alive = set(current.values())
            carried = [finding_from_entry(body, lang) for _fid, docs, body in prev["findings"]
                       if not set(docs) & gone and set(docs) <= alive]
            part_docs = [s.document for s in repo.documents(affected)]
            # every current document, the re-audited ones first read; the others with their
            # text where the outputs read it (the page embeds every text of a small corpus,
            # SARIF and the page quote the evidence of the findings carried), else with
            # their length (SARIF gives every document's)
            looked_at = _versions_for_outputs(current, carried)
            have = {d.id: d for d in part_docs}
            rest = [v for v, i in current.items() if i not in have]
            bare = [v for v in rest if v not in looked_at]
            have.update({s.document.id: s.document for s in repo.documents(
                [v for v in rest if v in looked_at])})
            have.update({s.document.id: s.document for s in repo.documents(bare, text=False)})
            lengths = repo.text_lengths(bare) if bare else None
            documents = [have[i] for i in current.values()]
            csv.carried = repo.csv_blocks(csv.format, set(current) - affected)
            # every claim of the versions re-audited or without a carried claims.csv block;
            # of the others only the columns the outputs read, where they read them
            whole = affected | (set(current) - set(csv.carried))
            csv.rows = repo.claims(whole)
            # claims per version: a carried block counts its rows, the others are read
            counts = {v: rows for v, (rows, _body) in csv.carried.items()}
            counts |= {csv.ids[str(doc)]: int(n)
                       for doc, n in csv.rows[C.DOC].value_counts(sort=False).items()}
            mine = csv.rows[C.DOC].isin([current[v] for v in affected]).to_numpy()
            part_claims = csv.rows[mine].reset_index(drop=True)
            looked_at -= whole
            # each version's claims are in one frame, in the store's order already
            claims = in_document_order(
                [csv.rows[list(OUTPUT_COLUMNS)]]
                + ([repo.claims(looked_at, OUTPUT_COLUMNS)] if looked_at else []), csv.ids,
                by_position=False)
    seconds["load"] = time.perf_counter() - t
    if prev is None:
        note = None
        if stale:  # prev is None then: every document is loaded with its text
            t = time.perf_counter()
            ids = {current[v] for vs in stale.values() for v in vs}
            stored, claims = refreshed(stored, claims, ids, indicators)
            seconds["reextract"] = time.perf_counter() - t
            note = Stale(len(ids), {fp: len(vs) for fp, vs in stale.items()}, known,
                         extracting)
        result = audit_claims(stored, claims, params, lang=lang, engine=engine,
                              indicators=indicators)
        result.seconds = seconds | result.seconds
        # claims re-extracted in memory are not the stored ones: no blocks carried or kept
        result.claims_csv = None if stale else csv
        result.score_blobs = blobs
        previous = {f[0] for f in last["findings"]} if last is not None else set()
        return StoreAudit(result, "full", previous, sorted(current), len(current), started,
                          note, extracting.fingerprint, judged)
    part = audit_claims(part_docs, part_claims, params, lang=lang, engine=engine,
                        indicators=indicators)
    findings = sorted(carried + part.findings,
                      key=lambda f: (-f.severity.rank, f.rule, f.evidence[0].doc,
                                     f.evidence[0].start))
    # in the full audit's order (reconcile.timelines.tracks): no region is in both lists
    timelines = sorted([tl for tl in prev["timelines"] if _timeline_region(tl) not in touched]
                       + part.timelines, key=_timeline_order)
    result = AuditResult(documents, claims, part.checks, findings, timelines=timelines,
                         comparisons=part.comparisons, seconds=seconds | part.seconds,
                         claim_counts={i: counts.get(v, 0) for v, i in current.items()},
                         text_lengths=lengths,
                         claims_csv=csv, score_blobs=blobs)
    return StoreAudit(result, "incremental", {f[0] for f in prev["findings"]},
                      sorted(current), len(affected), started, None,
                      extracting.fingerprint, judged)


def _timeline_order(t: dict[str, Any]) -> tuple:
    return (t["region"], t["indicator"], t["year"], t["measure"])


# The claims columns the outputs read besides claims.csv: audit.html (the claim under each
# finding's evidence; a document view's claims) and --waivers (indicators as written).
# Reading only these is what makes the incremental audit's claims cheap; a column read
# anywhere else fails loudly (KeyError), and tests/test_store_outputs.py compares outputs.
OUTPUT_COLUMNS = (C.DOC, C.START, C.END, C.INDICATOR, C.INDICATOR_RAW, C.KIND, C.ROLE,
                  C.PERIOD, C.REGION)


def _versions_for_outputs(current: dict[int, str], carried: list[Finding]) -> set[int]:
    """The versions whose claims the outputs look at: of the documents findings quote (a
    re-audited finding quotes re-audited documents only), or every document in a corpus
    small enough for audit.html to show them all."""
    from checker.report.html_context import view_limit

    if len(current) <= view_limit():
        return set(current)
    quoted = {e.doc for f in carried for e in f.evidence}
    return {v for v, i in current.items() if i in quoted}


def _comparable(repo: Repository, last: dict[str, Any], current: dict[int, str],
                extracting: Extractor, judged: str, stale: dict) -> bool:
    """Can the last run's findings be carried over? Only if it judged the same claims the
    same way: same extractor and judge, and every claim read now is this extractor's —
    including those of versions superseded since, whose regions say what changed (the
    region keys of the incremental path come from stored claims)."""
    if last["extraction"] != extracting.fingerprint or last["judge"] != judged or stale:
        return False
    removed = last["versions"] - set(current)
    return not removed or not repo.stale(extracting.fingerprint, removed)


def record(store: Path, audit: StoreAudit, out: Path, *, fail_on: str | None = None,
           exit_code: int | None = None) -> int:
    """Record the run, its findings and the waivers' states (one transaction)."""
    from checker.store.db import transaction

    r = audit.result
    with opened(store, write=True) as con, transaction(con):
        repo = Repository(con)
        if r.claims_csv is not None:  # the blocks this run rendered, for the next one
            repo.keep_csv_blocks(r.claims_csv.format, r.claims_csv.fresh, audit.versions)
        if r.score_blobs is not None and r.score_blobs.used:  # audit.html was written
            repo.keep_score_blobs(r.score_blobs.format, r.score_blobs.used)
        return record_result(
            repo, "audit", r, audit.started, audit.mode, out, audit.versions,
            {"documents": len(r.documents), "claims": r.claims_total(),
             "reaudited": audit.reaudited, "fixed": len(r.fixed)},
            extraction=audit.extraction, judge=audit.judge, fail_on=fail_on,
            exit_code=exit_code)


def record_result(repo: Repository, kind: str, result: AuditResult, started: float,
                  mode: str, out: Path, versions: list[int], counts: dict[str, int],
                  **run: Any) -> int:
    """Record a run of ``kind`` (audit | gate) that gave ``result``: its findings, the
    waivers' states, timelines and stage times, with the findings counted by severity
    before ``counts``; ``run`` as :meth:`Repository.record_run` takes it. Inside the
    caller's transaction."""
    from checker.report.findings_json import finding_entry

    counts = {s.value: sum(f.severity is s for f in result.findings) for s in Severity} | counts
    return repo.record_run(
        kind, started, mode, str(out), versions,
        [finding_entry(f) for f in result.findings], result.waivers or [], counts,
        {k: round(v, 4) for k, v in result.seconds.items()}, result.timelines, **run)
