"""Cross-document findings on the seeds, and their independence from input order.

001 (2023 report) reviews 2022 and sets 2023; 002 reports 2022 1-9月 against the 2022
targets; 000 reports 2020 上半年; 004 (西塞山区) reviews 2019 and sets 2020.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.audit import audit_claims
from checker.models import Finding
from checker.pipeline import extract_paths
from checker.rules import rule_params

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def _seeds():
    return extract_paths([SEEDS])


@cache
def _findings() -> tuple[Finding, ...]:
    ex = _seeds()
    return tuple(audit_claims(ex.documents, ex.claims, rule_params({}), engine="pandas").findings)


def _about(rule: str) -> set[tuple[str, ...]]:
    return {tuple(e.quote for e in f.evidence) for f in _findings() if f.rule == rule}


def test_2022_results_in_the_2023_report_miss_the_targets_restated_in_the_bulletin() -> None:
    # 规上工业增加值 7% (001) against 10% (002); 社会消费品零售总额 4.5% against 11%
    missed = _about("TARGET-MISSED")
    assert ("7%", "10%") in missed
    assert ("4.5%", "11%") in missed


def test_the_report_admits_those_misses_so_no_admission_finding() -> None:
    assert _about("TARGET-ADMISSION") == set()


def test_bulletin_growth_behind_its_target() -> None:
    behind = _about("TARGET-BEHIND")
    assert ("4.4%", "8%") in behind  # GDP 1-9月 against 8%左右 (DOMAIN.md §3A)
    assert ("14240人", "3.7万人") in behind  # new urban jobs at mid-year, 38.5% of the year


def test_met_targets_raise_nothing() -> None:
    # 城镇登记失业率 2.82% against 4.5%以内 (002) is met
    quotes = {q for f in _findings() for e in f.evidence for q in [e.quote]}
    assert "2.82%" not in quotes


def test_no_cross_document_pairing_between_regions_or_years() -> None:
    # 004 is 西塞山区 2019/2020; nothing pairs it with 咸宁市's documents
    ids = {d.id: d.path for d in _seeds().documents}
    for f in _findings():
        if f.rule.startswith(("TARGET", "XDOC")):
            paths = {ids[e.doc] for e in f.evidence}
            assert not (any("004_" in p for p in paths) and len(paths) > 1), f


@settings(max_examples=5, deadline=None)
@given(st.permutations(range(5)))
def test_shuffling_the_documents_does_not_change_the_findings(order: list[int]) -> None:
    ex = _seeds()
    docs = [ex.documents[i] for i in order]
    claims = pd.concat([ex.claims[ex.claims["doc"] == d.id] for d in docs], ignore_index=True)
    shuffled = audit_claims(docs, claims, rule_params({}), engine="pandas").findings
    assert sorted((f.id, f.severity) for f in shuffled) == \
        sorted((f.id, f.severity) for f in _findings())
