"""The audit as one call: paths → documents → claims → checks → verdicts → findings.

Timings per stage are kept so the CLI and the benchmark can report where time goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from checker import columns as C
from checker.config import Config
from checker.errors import BadInput
from checker.extract.catalogue import Indicator
from checker.extract.claims import claims_frame, extract_claims
from checker.findings import build_findings
from checker.frames import trim_heap
from checker.link import Checks, release_caches
from checker.link.corpus import link_corpus
from checker.models import Document, Finding, Severity
from checker.pipeline import extract_paths
from checker.reconcile import checks as reconcile_checks
from checker.reconcile.comparisons import Comparison, compare_keyed
from checker.reconcile.keys import keyed
from checker.reconcile.report import set_status, timeline_points
from checker.reconcile.timelines import tracks
from checker.report.findings_json import write_claims_csv, write_findings_json
from checker.rules.engine import flags_pandas
from checker.rules.engine import verdicts as judge_checks


@dataclass
class AuditResult:
    documents: list[Document]
    claims: pd.DataFrame
    checks: Checks
    findings: list[Finding]
    errors: list[BadInput] = field(default_factory=list)
    timelines: list[dict] = field(default_factory=list)
    comparisons: dict[str, Comparison] = field(default_factory=dict)  # the flagged ones
    seconds: dict[str, float] = field(default_factory=dict)
    fixed: list[str] = field(default_factory=list)  # ids known before, gone now
    waivers: list[dict] | None = None  # each --waivers entry's state, when given
    # The store's incremental audit reads only the claims its outputs look at: then
    # ``claims`` holds some documents' claims, ``claim_counts`` every document's count
    # (doc id → claims), and ``claims_csv`` writes claims.csv (checker.store.claims_csv).
    claim_counts: dict[str, int] | None = None
    # ... and loads the texts only of the documents whose text an output reads (the page's
    # views, SARIF's lines of evidence): the others' lengths, by doc id, are here
    text_lengths: dict[str, int] | None = None
    claims_csv: Any = None
    score_blobs: Any = None  # audit.html's scoreboard tables carried (checker.store)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)

    def claims_total(self) -> int:
        """Claims of the whole corpus audited (also when ``claims`` holds only some)."""
        if self.claim_counts is not None:
            return sum(self.claim_counts.values())
        return len(self.claims)


def run_audit(paths: Iterable[str | Path], config: Config, *, keep_going: bool = False,
              lang: str = "en", engine: str = "gx",
              on_stage: Callable[[str], None] | None = None) -> AuditResult:
    """Raises :class:`BadInput` on the first bad input unless ``keep_going``."""
    t = time.perf_counter()
    # string columns as categoricals: ~1/3 of the claims' memory at scale
    extraction = extract_paths(paths, keep_going=keep_going, indicators=config.indicators(),
                               categorical=True)
    seconds = {"ingest+extract": time.perf_counter() - t}
    trim_heap()
    if on_stage:
        on_stage(f"extract ({len(extraction.claims)} claims)")
    result = audit_claims(extraction.documents, extraction.claims, config.rule_params(),
                          lang=lang, engine=engine, on_stage=on_stage,
                          indicators=config.indicators())
    result.errors = list(extraction.errors)
    result.seconds = seconds | result.seconds
    return result


def audit_documents(documents: list[Document], params: dict[str, dict], *,
                    lang: str = "en", engine: str = "gx") -> AuditResult:
    """The audit of documents already read (tests, examples, the store)."""
    frames = [extract_claims(d) for d in documents]
    claims = pd.concat(frames, ignore_index=True) if frames else claims_frame([])
    return audit_claims(documents, claims, params, lang=lang, engine=engine)


def audit_claims(documents: list[Document], claims: pd.DataFrame, params: dict[str, dict], *,
                 lang: str = "en", engine: str = "gx",
                 on_stage: Callable[[str], None] | None = None,
                 indicators: Mapping[str, Indicator] | None = None) -> AuditResult:
    """Claims of the whole corpus → checks → verdicts → findings and timelines (pure).
    ``indicators``: the catalogue the claims were extracted with (default: built-in); its
    ``better``, ``flow`` and ``pooled`` say how figures are judged and paired.

    Each stage drops what later ones do not read (the keyed claims, the comparisons that
    pass, the frame the rules validate): at 10,000 documents each is a few hundred MB.
    ``on_stage`` is called with a label after each stage (bench/stage_memory.py)."""
    stage = on_stage or (lambda label: None)
    seconds: dict[str, float] = {}
    texts = {d.id: d.text for d in documents}
    by_doc = {d.id: d for d in documents}
    t = time.perf_counter()
    checks = link_corpus(claims, texts, params)
    seconds["link"] = time.perf_counter() - t
    del texts
    trim_heap()
    stage(f"link ({len(checks.frame)} checks)")
    t = time.perf_counter()
    with_keys = keyed(claims, by_doc, indicators)
    timeline = tracks(with_keys)
    stage(f"key ({len(with_keys)} claims) + tracks ({len(timeline)})")
    comparisons = compare_keyed(with_keys, timeline, by_doc, params, indicators)
    stage(f"compare ({len(comparisons)} comparisons)")
    xframe, by_id = reconcile_checks.to_frame(comparisons, with_keys)  # the rows they read
    del comparisons
    # Findings read only the comparisons the rules flag: keep those the rules' pass/fail
    # test (the function the GX expectation runs) fails, as linking keeps its side tables;
    # the timelines, built next, only those with a track. The rest (~90 %) go first.
    failing = flags_pandas(xframe, params)
    tracked = {cid: comp for cid, comp in by_id.items() if comp.track is not None}
    by_id = {cid: comp for cid, comp in by_id.items() if cid in failing}
    trim_heap()
    timelines, judged = timeline_points(with_keys, timeline, tracked)
    del with_keys, timeline, tracked
    seconds["reconcile"] = time.perf_counter() - t
    release_caches()
    trim_heap()
    stage(f"reconciliation frame + timelines ({len(timelines)})")
    t = time.perf_counter()
    # Each family's suite validates its own frame (the linkers' checks, the comparisons),
    # as one frame of both would (a copy of 1.2 M rows at 10,000 documents); each suite is
    # built once for both. The pandas engine's flags of the comparisons are ``failing``.
    suites: dict = {}
    arith = judge_checks(checks.frame, params, engine=engine, suites=suites)
    cross = judge_checks(xframe, params, engine=engine, suites=suites,
                         flags=failing if engine == "pandas" else None)
    del xframe, suites
    seconds["rules"] = time.perf_counter() - t
    trim_heap()
    stage("rules")
    unexplained = set(cross[C.CHECK_ID]) - by_id.keys()
    if unexplained:  # the engine and flags_pandas disagree: a bug, not bad input
        raise RuntimeError(f"rules flagged {len(unexplained)} comparisons their test passes")
    set_status(timelines, judged, set(cross[C.CHECK_ID]))
    by_id = {cid: by_id[cid] for cid in cross[C.CHECK_ID]}  # the comparisons of findings
    findings = build_findings(arith, checks, claims, params, lang)
    findings += reconcile_checks.build_findings(cross, by_id, claims, params, lang)
    findings.sort(key=lambda f: (-f.severity.rank, f.rule, f.evidence[0].doc,
                                 f.evidence[0].start))
    stage(f"findings ({len(findings)})")
    return AuditResult(list(documents), claims, checks, findings, seconds=seconds,
                       timelines=timelines, comparisons=by_id)


def write_outputs(result: AuditResult, out: Path, *, lang: str = "zh") -> None:
    """findings.json, claims.csv, audit.html (interface in ``lang``), findings.sarif,
    junit.xml — each written atomically."""
    from checker.report.html import write_audit_html
    from checker.report.junit import write_junit
    from checker.report.sarif import write_sarif

    t = time.perf_counter()
    write_findings_json(out / "findings.json", result.documents, result.findings,
                        result.timelines, fixed=result.fixed, waivers=result.waivers)
    if result.claims_csv is not None:
        result.claims_csv.write(out / "claims.csv", result.claims)
    else:
        write_claims_csv(out / "claims.csv", result.claims)
    write_sarif(out / "findings.sarif", result.documents, result.findings,
                lengths=result.text_lengths)
    write_junit(out / "junit.xml", result.documents, result.findings,
                seconds=sum(result.seconds.values()))
    write_audit_html(out / "audit.html", result, lang=lang)
    result.seconds["output"] = time.perf_counter() - t
