"""One runner for every rule's fixture file: tests/fixtures/rules/<CODE>.yml.

Each case is a real (or minimally altered) sentence — or, for the cross-document rules, a
few short documents (``documents:`` with kind, year, period, text); its expected findings
of the file's rule are exact: severity, verdict and the evidence quotes in order. Cases
run through the whole engine — extraction, linking, the GX suites — and through the
plain-pandas decision, which must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.audit import audit_documents
from checker.ingest import document_from_bytes
from checker.ingest.manifest import ManifestRow
from checker.models import DocKind, Document
from checker.rules import registry, rule_params

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for case in data["cases"]:
            out.append((data["rule"], case))
    return out


def _documents(case: dict) -> list[Document]:
    """A case is one text (``text`` + ``kind``) or several documents (``documents``)."""
    specs = case.get("documents") or [{"text": case["text"], "kind": case["kind"]}]
    docs = []
    for i, spec in enumerate(specs):
        region = spec.get("region", "咸宁市" if "documents" in case else None)
        stated = ManifestRow(region or None,
                             spec.get("year", 2022), spec.get("period"), DocKind(spec["kind"]),
                             None)
        docs.append(document_from_bytes(spec["text"].encode("utf-8"), f"case{i}.txt", stated))
    return docs


def _run(rule: str, case: dict, engine: str) -> list[dict]:
    docs = _documents(case)
    texts = {d.id: d.text for d in docs}
    findings = audit_documents(docs, rule_params({}), engine=engine).findings
    for f in findings:
        for e in f.evidence:
            assert texts[e.doc][e.start:e.end] == e.quote
    # each fixture file speaks for its own rule, as sqlfluff's per-rule cases do
    return [{"rule": f.rule, "severity": f.severity.value, "verdict": f.values["verdict"],
             "quotes": [e.quote for e in f.evidence]} for f in findings if f.rule == rule]


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
    assert _run(rule, case, "gx") == expected
    assert _run(rule, case, "pandas") == expected
