"""One runner for every rule's fixture file: tests/fixtures/rules/<CODE>.yml.

Each case is a real (or minimally altered) sentence; its expected findings are exact: the
rule, severity, verdict and the evidence quotes in order. Cases run through the whole
engine — extraction, linking, the GX suites — and through the plain-pandas decision,
which must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.extract.claims import extract_claims
from checker.findings import build_findings
from checker.ingest import document_from_bytes
from checker.ingest.manifest import ManifestRow
from checker.link import link_all
from checker.models import DocKind
from checker.rules import registry, rule_params
from checker.rules.engine import verdicts

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for case in data["cases"]:
            out.append((data["rule"], case))
    return out


def _run(case: dict, engine: str) -> list[dict]:
    stated = ManifestRow(None, 2022, None, DocKind(case["kind"]), None)
    doc = document_from_bytes(case["text"].encode("utf-8"), "case.txt", stated)
    params = rule_params({})
    claims = extract_claims(doc)
    checks = link_all(claims, {doc.id: doc.text}, params)
    findings = build_findings(verdicts(checks.frame, params, engine=engine), checks, claims,
                              params)
    for f in findings:
        for e in f.evidence:
            assert doc.text[e.start:e.end] == e.quote
    return [{"rule": f.rule, "severity": f.severity.value, "verdict": f.values["verdict"],
             "quotes": [e.quote for e in f.evidence]} for f in findings]


def test_every_rule_has_a_fixture_file_with_pass_and_fail_cases() -> None:
    for code in registry():
        data = yaml.safe_load((FIXTURES / f"{code}.yml").read_text("utf-8"))
        names = [c["name"] for c in data["cases"]]
        assert any(n.startswith("pass_") for n in names), code
        assert any(n.startswith("fail_") for n in names), code


@pytest.mark.parametrize(("rule", "case"), _cases(),
                         ids=[f"{r}:{c['name']}" for r, c in _cases()])
def test_fixture_case(rule: str, case: dict) -> None:
    expected = [{"rule": rule, **e} for e in case["expect"]]
    assert _run(case, "gx") == expected
    assert _run(case, "pandas") == expected
