"""Every rule documents itself (fixed sections) and its documented examples run."""

from __future__ import annotations

import json

import pytest
import regex

from checker.audit import audit_documents
from checker.ingest import document_from_bytes
from checker.ingest.manifest import ManifestRow
from checker.models import DocKind, Document
from checker.rules import registry, rule_params
from checker.rules.base import DOC_SECTIONS, Rule
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


ARITH_VERDICTS = ("inconsistent", "edge", "truncation", "scale_slip", "percent_slip")


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_metadata(rule: Rule) -> None:
    assert _CODE.match(rule.code)
    assert rule.version >= 1
    assert rule.title["zh"] and rule.title["en"]
    # arithmetic explains its causes; a cross-document verdict is judged as it stands
    verdicts_used = ARITH_VERDICTS if rule.family == "arith" else ("inconsistent", "edge")
    for verdict in verdicts_used:
        assert set(rule.messages[verdict]) == {"zh", "en"}, (rule.code, verdict)
    assert rule.defaults["severity"] in ("error", "warning")
    assert rule.defaults["edge_severity"] in ("warning", "note")
    if rule.family == "arith":
        assert rule.defaults["severity"] == "error"
        assert rule.defaults["edge_severity"] == "warning"
        assert rule.defaults["truncation_severity"] == "note"


@pytest.mark.parametrize("family", sorted({r.family for r in RULES}))
def test_suite_has_both_tiers_for_every_rule_and_nothing_else(family: str) -> None:
    suite = json.loads((EXPECTATIONS_DIR / f"{family}.json").read_text("utf-8"))
    pairs = sorted((e["meta"]["rule"], e["meta"]["tier"]) for e in suite["expectations"])
    codes = [r.code for r in RULES if r.family == family]
    assert pairs == sorted((code, tier) for code in codes for tier in ("core", "rounding"))


# A cross-document example names its documents: "[report 2022] …" or
# "[bulletin 2022 1-9月] …", with " / " for a line break (a heading above its text); a
# single sentence is a 2022 bulletin.
_DOC_TAG = regex.compile(r"\[(?P<kind>report|bulletin|news|other) (?P<year>[0-9]{4})"
                         r"(?: (?P<period>[^\]]+))?\]")


def _example(rule: Rule, section: str) -> list[Document]:
    """The example's documents: the section's text up to the parenthesised working."""
    text = " ".join(rule.sections()[section].split()).split(" (", 1)[0]
    tags = list(_DOC_TAG.finditer(text))
    if not tags:
        specs = [(DocKind.BULLETIN, 2022, None, text.replace(" ", ""))]
    else:
        specs = [(DocKind(m["kind"]), int(m["year"]), m["period"],
                  text[m.end(): tags[i + 1].start() if i + 1 < len(tags) else len(text)]
                  .replace(" / ", "\n").replace(" ", ""))
                 for i, m in enumerate(tags)]
    return [document_from_bytes(body.encode("utf-8"), f"example{i}.txt",
                                ManifestRow("咸宁市" if tags else None, year, period, kind, None))
            for i, (kind, year, period, body) in enumerate(specs)]


def _findings(docs: list[Document], family: str) -> list[str]:
    findings = audit_documents(docs, rule_params({}), engine="pandas").findings
    return [f.rule for f in findings if registry()[f.rule].family == family]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_documented_examples_run(rule: Rule) -> None:
    fails = _findings(_example(rule, "Fails"), rule.family)
    holds = _findings(_example(rule, "Holds"), rule.family)
    if rule.family == "arith":
        assert fails == [rule.code]
        assert holds == []
    else:
        # cross-document rules build on each other (an admission is judged against the
        # missed-target verdicts), so their examples may raise those too
        assert rule.code in fails
        assert rule.code not in holds
