"""`checker audit`, `checker rules`, `checker explain` through typer's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EDGE_SEED = "002_500ad30c4c1f596f.txt"
runner = CliRunner()


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def test_audit_seeds_writes_findings_and_claims(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 documents" in result.output
    data = json.loads((out / "findings.json").read_text("utf-8"))
    assert data["schema"] == "checker.findings/1"
    assert data["tool"] == {"name": "checker", "version": "0.1.0"}
    assert data["fixed"] == []
    statuses = {t["status"] for t in data["timelines"]}
    assert statuses and statuses <= {"met", "missed", "behind", "on_track", "not_assessable"}
    texts = {d["id"]: (seeds / Path(d["path"]).name).read_text("utf-8-sig")
             for d in data["documents"]}
    assert len(texts) == 5
    for f in data["findings"]:
        # the contract's keys, and the wording in every language (an added key)
        assert set(f) == {"id", "rule", "rule_version", "severity", "status", "title",
                          "message", "evidence", "values", "explanation", "i18n"}
        assert set(f["i18n"]) == {"zh", "en"}
        assert (f["title"], f["message"], f["explanation"]) == tuple(
            f["i18n"]["en"][k] for k in ("title", "message", "explanation"))
        assert f["status"] == "new" and f["severity"] in ("error", "warning", "note")
        for e in f["evidence"]:
            assert texts[e["doc"]][e["start"]:e["end"]] == e["quote"]
    # the DOMAIN.md edge case: 21.25万亩 against 8.4 + 6.5 + 6.25 = 21.15
    edge = [f for f in data["findings"] if f["evidence"][0]["quote"] == "21.25万亩"]
    assert [(f["rule"], f["severity"]) for f in edge] == [("ARITH-SUM", "warning")]
    assert "outer 9%" in edge[0]["message"]
    claims = (out / "claims.csv").read_text("utf-8").splitlines()
    assert claims[0].startswith("doc,start,end,quote,written,value,unit,kind,role")
    assert len(claims) > 1000
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_fingerprints_survive_a_rerun_and_a_moved_file(seeds: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(app, ["audit", str(seeds), "--out", str(first)]).exit_code == 0
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(seeds / EDGE_SEED, moved / "renamed.txt")
    assert runner.invoke(app, ["audit", str(moved), "--out", str(second)]).exit_code == 0
    # within-document findings only: cross-document ones depend on the other documents
    def within(path: Path) -> set[str]:
        return {f["id"] for f in json.loads(path.read_text())["findings"]
                if f["rule"].startswith("ARITH-")
                and {e["doc"] for e in f["evidence"]} == {"b7e820aa2208"}}

    ids_a, ids_b = within(first / "findings.json"), within(second / "findings.json")
    assert ids_a == ids_b and ids_a


@pytest.mark.parametrize(("fail_on", "code"), [
    ("never", 0), ("error", 1), ("warning", 1), ("note", 1)])
def test_fail_on(seeds: Path, tmp_path: Path, fail_on: str, code: int) -> None:
    result = runner.invoke(app, ["audit", str(seeds / EDGE_SEED), "--out", str(tmp_path),
                                 "--fail-on", fail_on, "--quiet"])
    assert result.exit_code == code
    assert result.output == ""


def test_lang_zh_messages(seeds: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(seeds / EDGE_SEED), "--out", str(tmp_path),
                                 "--lang", "zh"])
    assert result.exit_code == 0
    findings = json.loads((tmp_path / "findings.json").read_text("utf-8"))["findings"]
    finding = next(f for f in findings if f["rule"] == "ARITH-SUM")
    assert finding["title"] == "分项之和与总数不符"
    assert finding["message"].startswith("总数为21.25万亩")
    assert finding["explanation"].splitlines()[0] == "配对依据:其中之后列出的分项。"
    assert finding["i18n"]["zh"]["message"] == finding["message"]
    assert finding["i18n"]["en"]["message"].startswith("stated total 21.25万亩")


def test_missing_path_is_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(tmp_path / "nope.txt"), "--out", str(out)])
    assert result.exit_code == 2
    assert "nope.txt" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_keep_going_skips_bad_input_and_still_writes(seeds: Path, tmp_path: Path) -> None:
    (seeds / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(seeds), "--out", str(out), "--keep-going"])
    assert result.exit_code == 2
    assert "broken.txt" in result.output
    data = json.loads((out / "findings.json").read_text("utf-8"))
    assert len(data["documents"]) == 5


def test_bad_config_is_bad_input(seeds: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[rules.ARITH-NOPE]\nseverity = "note"\n', "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(seeds), "--out", str(out), "--config", str(cfg)])
    assert result.exit_code == 2
    assert "c.toml: [rules.ARITH-NOPE]: unknown rule" in result.output
    assert not out.exists()


def test_config_changes_severity(seeds: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    # the edge sum and the implied-base error become notes; the cross-document rules are off
    cfg.write_text('[rules.ARITH-SUM]\nedge_severity = "note"\n'
                   '[rules.ARITH-BASE]\nseverity = "note"\n'
                   '[rules.TARGET-BEHIND]\nseverity = "off"\nedge_severity = "off"\n'
                   '[rules.TARGET-MISSED]\nseverity = "off"\n', "utf-8")
    result = runner.invoke(app, ["audit", str(seeds / EDGE_SEED), "--out", str(tmp_path),
                                 "--config", str(cfg), "--fail-on", "warning"])
    assert result.exit_code == 0, result.output
    findings = json.loads((tmp_path / "findings.json").read_text("utf-8"))["findings"]
    assert [(f["rule"], f["severity"]) for f in findings
            if f["rule"].startswith(("ARITH", "TARGET-M", "TARGET-B"))] == [
        ("ARITH-BASE", "note"), ("ARITH-SUM", "note")]


def test_rules_lists_the_catalogue() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for code in ("ARITH-RATIO", "ARITH-SUM", "ARITH-SHARE100"):
        assert code in result.output
    assert "Parts do not add up to the total" in result.output


def test_explain_prints_the_documentation() -> None:
    result = runner.invoke(app, ["explain", "ARITH-RATIO"])
    assert result.exit_code == 0
    for section in ("What it checks:", "Why it matters:", "Fails:", "Holds:",
                    "core_fraction = 0.8"):
        assert section in result.output


def test_explain_unknown_rule_is_one_line_exit_2() -> None:
    result = runner.invoke(app, ["explain", "ARITH-NOPE"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("checker: error: unknown rule 'ARITH-NOPE' (known: ARITH-RATIO, ")
