"""Every rule documents itself (fixed sections) and its documented examples run."""

from __future__ import annotations

import json

import pytest
import regex

from checker.extract.claims import extract_claims
from checker.findings import build_findings
from checker.ingest import document_from_bytes
from checker.ingest.manifest import ManifestRow
from checker.link import link_all
from checker.models import DocKind
from checker.rules import registry, rule_params
from checker.rules.base import DOC_SECTIONS, Rule
from checker.rules.engine import verdicts
from checker.rules.gx import EXPECTATIONS_DIR

RULES = list(registry().values())
IDS = [r.code for r in RULES]
_CODE = regex.compile(r"^[A-Z]+-[A-Z0-9]+$")


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_docstring_has_every_section(rule: Rule) -> None:
    sections = rule.sections()
    missing = [s for s in DOC_SECTIONS if not sections.get(s)]
    assert missing == [], f"{rule.code} lacks {missing}"


def test_a_missing_section_is_detected() -> None:
    broken = Rule("X-Y", 1, "arith", "ratio", {"zh": "", "en": ""}, {},
                  doc="X-Y\n\nWhat it checks:\n    a\n\nFails:\n    b\n")
    assert set(DOC_SECTIONS) - set(broken.sections()) == {"Why it matters", "Holds"}


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_metadata(rule: Rule) -> None:
    assert _CODE.match(rule.code)
    assert rule.version >= 1
    assert rule.title["zh"] and rule.title["en"]
    for verdict in ("inconsistent", "edge", "truncation", "scale_slip", "percent_slip"):
        assert set(rule.messages[verdict]) == {"zh", "en"}, (rule.code, verdict)
    assert rule.defaults["severity"] == "error"
    assert rule.defaults["edge_severity"] == "warning"
    assert rule.defaults["truncation_severity"] == "note"


def test_suite_has_both_tiers_for_every_rule_and_nothing_else() -> None:
    suite = json.loads((EXPECTATIONS_DIR / "arith.json").read_text("utf-8"))
    pairs = sorted((e["meta"]["rule"], e["meta"]["tier"]) for e in suite["expectations"])
    assert pairs == sorted((code, tier) for code in IDS for tier in ("core", "rounding"))


def _example(rule: Rule, section: str) -> str:
    """The example sentence: the section's text up to the parenthesised working."""
    text = " ".join(rule.sections()[section].split())
    return text.split(" (", 1)[0].replace(" ", "")


def _findings(text: str) -> list[str]:
    doc = document_from_bytes(text.encode("utf-8"), "example.txt",
                              ManifestRow(None, 2022, None, DocKind.BULLETIN, None))
    params = rule_params({})
    claims = extract_claims(doc)
    checks = link_all(claims, {doc.id: doc.text}, params)
    return [f.rule for f in build_findings(verdicts(checks.frame, params, engine="pandas"),
                                           checks, claims, params)]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_documented_examples_run(rule: Rule) -> None:
    assert _findings(_example(rule, "Fails")) == [rule.code]
    assert _findings(_example(rule, "Holds")) == []
