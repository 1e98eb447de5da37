"""Each finding's status — new, known or waived — set in one place for audit and gate.

Known: its id was in the previous stored run or in ``--baseline``. Waived: a ``--waivers``
entry in force matches it (a waiver outranks known). ``fixed``: ids known before that are
gone now (only where the whole corpus was looked at, i.e. not for the gate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from checker.audit import AuditResult
from checker.baseline import fixed as fixed_ids
from checker.baseline import load_baseline, mark_known
from checker.models import Severity
from checker.waivers import Waiver, apply_waivers, finding_indicators, load_waivers


def load_inputs(baseline: Path | None, waivers: Path | None
                ) -> tuple[set[str] | None, list[Waiver] | None]:
    """Read --baseline and --waivers (bad input raises before any work is done)."""
    return (load_baseline(baseline) if baseline else None,
            load_waivers(waivers) if waivers else None)


def triage(result: AuditResult, *, previous: Iterable[str] = (),
           baseline: set[str] | None = None, waivers: list[Waiver] | None = None,
           today: dt.date | None = None, report_fixed: bool = True) -> None:
    """Set statuses, ``fixed`` and the waiver report on ``result`` (in place)."""
    known = set(previous) | (baseline or set())
    findings = mark_known(result.findings, known)
    result.fixed = fixed_ids(findings, known) if report_fixed else []
    if waivers is not None:
        by_doc = {d.id: d for d in result.documents}
        indicators = finding_indicators(findings, result.claims)
        findings, result.waivers = apply_waivers(findings, waivers, by_doc, indicators,
                                                 today or dt.date.today())
    result.findings = findings


def failing(result: AuditResult, fail_on: str) -> bool:
    """Any new, unwaived finding at or above ``fail_on`` (error|warning|note|never)?"""
    if fail_on == "never":
        return False
    floor = Severity(fail_on).rank
    return any(f.status == "new" and f.severity.rank >= floor for f in result.findings)
