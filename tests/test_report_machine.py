"""findings.sarif (against the official SARIF 2.1.0 schema) and junit.xml."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from report_support import SEEDS, hostile_audit, seeds_audit

from checker.models import Document, Evidence, Finding, Metadata, Severity
from checker.report.junit import junit_xml
from checker.report.sarif import FINGERPRINT, LineIndex, artifact_uri, sarif_log
from checker.rules import registry

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json")
                    .read_text("utf-8"))


@pytest.fixture(scope="module")
def seeds():
    return seeds_audit()


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(json.dumps(log)))


def test_schema_is_the_official_one() -> None:
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert SCHEMA["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")


def test_seeds_sarif_is_valid_and_complete(seeds) -> None:
    log = sarif_log(seeds.documents, seeds.findings, root=SEEDS.parent, version="0.1.0")
    validate(log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]][:len(registry())] == \
        list(registry())
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "ARITH-SUM")
    assert rule["name"] == "PartsDoNotAddUpToTheTotal"
    assert "Fails" in rule["help"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert [a["location"]["uri"] for a in run["artifacts"]] == \
        [Path(d.path).relative_to(SEEDS.parent).as_posix() for d in seeds.documents]
    assert len(run["results"]) == len(seeds.findings)
    texts = {d.id: d.text for d in seeds.documents}
    for res, f in zip(run["results"], seeds.findings, strict=True):
        assert res["ruleId"] == f.rule and res["level"] == f.severity.value
        assert res["message"]["text"] == f.message
        assert res["partialFingerprints"] == {FINGERPRINT: f.id}
        assert res["baselineState"] == "new"
        region = res["locations"][0]["physicalLocation"]["region"]
        e = f.evidence[0]
        assert (region["charOffset"], region["charLength"]) == (e.start, e.end - e.start)
        text = texts[e.doc]
        line = text.splitlines(keepends=True)[region["startLine"] - 1]
        col = region["startColumn"] - 1
        assert line[col:col + len(e.quote)] == e.quote
        assert len(res.get("relatedLocations", [])) == len(f.evidence) - 1


def test_known_and_waived_findings(seeds) -> None:
    known = [replace(f, status="known") for f in seeds.findings[:2]]
    waived = [replace(f, status="waived") for f in seeds.findings[2:3]]
    log = sarif_log(seeds.documents, known + waived, root=SEEDS.parent)
    validate(log)
    results = log["runs"][0]["results"]
    assert [r["baselineState"] for r in results] == ["unchanged"] * 3
    assert "suppressions" not in results[0]
    assert results[2]["suppressions"][0]["kind"] == "external"


def test_line_index_counts_crlf_cr_and_lf() -> None:
    text = "ab\r\ncd\re\nf"
    li = LineIndex(text)
    assert [li.position(text.index(c)) for c in "acdef"] == [(1, 1), (2, 1), (2, 2), (3, 1),
                                                              (4, 1)]


def test_artifact_uris(tmp_path: Path) -> None:
    assert artifact_uri("seeds/a b.txt", tmp_path) == ("seeds/a%20b.txt", "SRCROOT")
    inside = tmp_path / "x" / "报告.txt"
    assert artifact_uri(str(inside), tmp_path) == ("x/%E6%8A%A5%E5%91%8A.txt", "SRCROOT")
    uri, base = artifact_uri("/elsewhere/y.txt", tmp_path)
    assert (uri, base) == ("file:///elsewhere/y.txt", None)


def test_hostile_sarif_is_valid(tmp_path: Path) -> None:
    result = hostile_audit(tmp_path / "in")
    log = sarif_log(result.documents, result.findings, root=tmp_path)
    validate(log)
    assert log["runs"][0]["artifacts"][0]["location"]["uri"].startswith("in/evil%22%3E%3Cimg")


# --- junit --------------------------------------------------------------------------------

def test_junit_one_testcase_per_rule_per_document(seeds) -> None:
    root = ET.fromstring(junit_xml(seeds.documents, seeds.findings, seconds=1.5))
    rules = list(registry())
    assert root.tag == "testsuites"
    assert [s.get("name") for s in root.findall("testsuite")] == rules
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(rules) * len(seeds.documents) == int(root.get("tests"))
    assert {(c.get("classname"), c.get("name")) for c in cases} == \
        {(r, d.path) for r in rules for d in seeds.documents}
    failing = {(f.rule, f.evidence[0].doc) for f in seeds.findings}
    paths = {d.id: d.path for d in seeds.documents}
    failed = {(c.get("classname"), c.get("name")) for c in cases
              if c.find("failure") is not None}
    assert failed == {(r, paths[d]) for r, d in failing}
    assert int(root.get("failures")) == len(failing)
    for suite in root.findall("testsuite"):
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    edge = next(f for f in seeds.findings if f.evidence[0].quote == "21.25万亩")
    case = next(c for c in cases if c.get("classname") == "ARITH-SUM"
                and c.get("name") == paths[edge.evidence[0].doc])
    failure = case.find("failure")
    assert failure.get("message") == edge.message
    assert failure.get("type") == "warning"
    assert f":{edge.evidence[0].start}-{edge.evidence[0].end}: 21.25万亩" in failure.text


def test_junit_known_findings_do_not_fail_and_control_chars_are_dropped() -> None:
    doc = Document("abc123abc123", "a.txt", "0" * 64, "x\x01 7%", Metadata())
    f = Finding("fid", "ARITH-SUM", 1, Severity.ERROR, "t", "bad \x0b value",
                (Evidence(doc.id, 3, 5, "7%"),), {}, "")
    root = ET.fromstring(junit_xml([doc], [f], ["ARITH-SUM"]))
    assert root.find("testsuite/testcase/failure").get("message") == "bad \ufffd value"
    root = ET.fromstring(junit_xml([doc], [replace(f, status="known")], ["ARITH-SUM"]))
    case = root.find("testsuite/testcase")
    assert case.find("failure") is None
    assert "(known)" in case.find("system-out").text
