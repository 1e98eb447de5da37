"""The audit as one call: paths → documents → claims → checks → verdicts → findings.

Timings per stage are kept so the CLI and the benchmark can report where time goes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checker.config import Config
from checker.errors import BadInput
from checker.findings import build_findings
from checker.link import Checks, link_all
from checker.models import Document, Finding, Severity
from checker.pipeline import extract_paths
from checker.report.findings_json import write_claims_csv, write_findings_json
from checker.rules.engine import verdicts as judge_checks


@dataclass
class AuditResult:
    documents: list[Document]
    claims: pd.DataFrame
    checks: Checks
    findings: list[Finding]
    errors: list[BadInput] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)


def run_audit(paths: Iterable[str | Path], config: Config, *, keep_going: bool = False,
              lang: str = "en", engine: str = "gx") -> AuditResult:
    """Raises :class:`BadInput` on the first bad input unless ``keep_going``."""
    params = config.rule_params()
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    extraction = extract_paths(paths, keep_going=keep_going, indicators=config.indicators())
    seconds["ingest+extract"] = time.perf_counter() - t
    texts = {d.id: d.text for d in extraction.documents}
    t = time.perf_counter()
    checks = link_all(extraction.claims, texts, params)
    seconds["link"] = time.perf_counter() - t
    t = time.perf_counter()
    flagged = judge_checks(checks.frame, params, engine=engine)
    seconds["rules"] = time.perf_counter() - t
    findings = build_findings(flagged, checks, extraction.claims, params, lang)
    return AuditResult(extraction.documents, extraction.claims, checks, findings,
                       list(extraction.errors), seconds)


def write_outputs(result: AuditResult, out: Path) -> None:
    t = time.perf_counter()
    write_findings_json(out / "findings.json", result.documents, result.findings)
    write_claims_csv(out / "claims.csv", result.claims)
    result.seconds["output"] = time.perf_counter() - t
