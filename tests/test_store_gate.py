"""The store, nightly audit and CI gate end to end through the CLI (CliRunner and real
subprocesses): ingest, re-ingest, re-issue, gate pass/fail, waivers, baseline, crashes,
concurrent writers, damaged and newer stores."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from checker.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EDGE_SEED = "002_500ad30c4c1f596f.txt"
runner = CliRunner()

MANIFEST = ("file,region,year,period,kind,title\n"
            "q1.txt,咸宁市,2023,一季度,bulletin,2023年一季度通报\n")
CLEAN = """关于2023年《政府工作报告》确定主要目标任务一季度进展情况的通报

一、2023年经济社会发展主要预期目标

1.地区生产总值增长7.5%。1-3月,完成地区生产总值352.61亿元,比上年同期增长7.9%。

2.固定资产投资增长13%。1-3月,固定资产投资增长14.2%。

3.社会消费品零售总额增长10%。1-3月,社会消费品零售总额150.36亿元,比上年同期增长11.3%。
"""
# The 2023 work report (seed 001) set GDP growth at 7.5%: restating it as 8.5% is a drift.
PLANTED = CLEAN.replace("1.地区生产总值增长7.5%", "1.地区生产总值增长8.5%")


def bulletin(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.csv").write_text(MANIFEST, "utf-8")
    (folder / "q1.txt").write_text(text, "utf-8")
    return folder


def cli(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def proc(*args: object, **kw) -> subprocess.Popen:
    env = os.environ | {"PYTHONPATH": str(ROOT)} | kw.pop("env", {})
    return subprocess.Popen([sys.executable, "-m", "checker", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, **kw)


def stats(store: Path) -> dict[str, int]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()[0][0]  # noqa: E731
        out = {"versions": q("SELECT count(*) FROM documents"),
               "claims": q("SELECT count(*) FROM claims"),
               "orphans": q("SELECT count(*) FROM claims WHERE version NOT IN "
                            "(SELECT version FROM documents)"),
               "ingests": q("SELECT count(*) FROM ingests")}
        out["current"] = q("SELECT count(*) FROM documents WHERE version NOT IN (SELECT "
                           "supersedes FROM documents WHERE supersedes IS NOT NULL)")
        return out
    finally:
        con.close()


def findings(out: Path) -> dict:
    return json.loads((out / "findings.json").read_text("utf-8"))


# --- ingest ------------------------------------------------------------------------------

def test_reingest_is_a_no_op(store: Path) -> None:
    before = stats(store)
    assert before["versions"] == 5 and before["claims"] > 1000 and before["orphans"] == 0
    result = cli("ingest", SEEDS, "--store", store)
    assert result.exit_code == 0
    assert "0 added, 0 re-issued (new version), 5 unchanged" in result.output
    after = stats(store)
    assert {k: after[k] for k in ("versions", "claims")} == \
        {k: before[k] for k in ("versions", "claims")}


def test_quiet_prints_nothing(store: Path) -> None:
    result = cli("ingest", SEEDS, "--store", store, "--quiet")
    assert result.exit_code == 0 and result.output == ""


def test_reissue_at_the_same_path_supersedes(tmp_path: Path) -> None:
    store, folder = tmp_path / "s.duckdb", tmp_path / "docs"
    folder.mkdir()
    doc = folder / "a.txt"
    doc.write_text(CLEAN, "utf-8")
    assert cli("ingest", folder, "--store", store).exit_code == 0
    doc.write_text(PLANTED, "utf-8")
    result = cli("ingest", folder, "--store", store)
    assert "0 added, 1 re-issued" in result.output
    s = stats(store)
    assert (s["versions"], s["current"], s["orphans"]) == (2, 1, 0)
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute("SELECT version, supersedes, path FROM documents ORDER BY version"
                       ).fetchall()
    con.close()
    assert rows == [(1, None, str(doc)), (2, 1, str(doc))]


def test_bad_input_exits_2_and_stores_nothing(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    result = cli("ingest", SEEDS, tmp_path / "missing.txt", "--store", store)
    assert result.exit_code == 2
    assert "missing.txt: no such file or folder" in result.output
    assert not store.exists()


def test_keep_going_stores_the_good_files_and_exits_2(tmp_path: Path) -> None:
    store, folder = tmp_path / "s.duckdb", tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(CLEAN, "utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    result = cli("ingest", folder, "--store", store, "--keep-going")
    assert result.exit_code == 2
    assert result.output.count("checker: error: ") == 1 and "bad.txt" in result.output
    assert "1 added" in result.output
    assert stats(store)["versions"] == 1


def test_corrupt_store_is_one_line_exit_2(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"not a database\n" * 1000)
    for args in (["ingest", SEEDS], ["audit", "--out", tmp_path / "o"],
                 ["gate", SEEDS / EDGE_SEED, "--out", tmp_path / "o"]):
        p = proc(*args, "--store", store)
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 2, err
        assert err.strip().splitlines() == [
            f"checker: error: {store}: not a checker store (not a valid DuckDB database file)"]
    assert store.read_bytes() == b"not a database\n" * 1000


def test_store_from_a_newer_checker_is_refused(store: Path) -> None:
    con = duckdb.connect(str(store))
    con.execute("INSERT INTO _migrations VALUES (99, '0099_from_the_future', now())")
    con.close()
    result = cli("ingest", SEEDS, "--store", store)
    assert result.exit_code == 2
    assert "written by a newer checker" in result.output
    assert "unknown migration '0099_from_the_future'" in result.output


def test_missing_store_for_gate_and_audit(tmp_path: Path) -> None:
    result = cli("audit", "--store", tmp_path / "none.duckdb", "--out", tmp_path / "o")
    assert result.exit_code == 2 and "no such store" in result.output
    assert not (tmp_path / "o").exists()


# --- crashes and concurrent writers (real processes) -------------------------------------

def corpus(folder: Path, copies: int) -> Path:
    """Seeds replicated with distinct content (a unique line appended to each copy)."""
    folder.mkdir(parents=True)
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(copies):
        for j, text in enumerate(texts):
            (folder / f"c{i:03d}_{j}.txt").write_text(f"{text}\n副本{folder.name}{i}-{j}。\n",
                                                      "utf-8")
    return folder


@pytest.mark.parametrize("delay", [0.5, 2.5, 5.0])
def test_kill_9_during_ingest_leaves_before_or_after(store: Path, tmp_path: Path,
                                                     delay: float) -> None:
    big = corpus(tmp_path / "big", 20)  # 100 documents, ~3.5 MB
    p = proc("ingest", big, "--store", store, "--quiet")
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    # its extraction workers die with it (PR_SET_PDEATHSIG): the pipes reach EOF
    p.communicate(timeout=60)
    s = stats(store)
    assert s["orphans"] == 0
    assert s["versions"] in (5, 105)  # before, or after — never between
    if s["versions"] == 105:
        assert s["ingests"] == 2
    result = cli("ingest", big, "--store", store)  # the store is usable afterwards
    assert result.exit_code == 0, result.output
    assert stats(store)["versions"] == 105


def test_two_concurrent_ingests_wait_or_fail_cleanly(store: Path, tmp_path: Path) -> None:
    a, b = corpus(tmp_path / "a", 6), tmp_path / "b"
    shutil.copytree(a, b)
    for f in b.iterdir():  # distinct content from a's
        f.write_text(f.read_text("utf-8") + "另册。\n", "utf-8")
    env = {"CHECKER_STORE_WAIT": "1"}
    first = proc("ingest", a, "--store", store, "--quiet", env=env)
    time.sleep(0.3)
    second = proc("ingest", b, "--store", store, "--quiet", env=env)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    codes = [first.returncode, second.returncode]
    assert set(codes) <= {0, 2} and 0 in codes, outs
    for code, (_out, err) in zip(codes, outs, strict=True):
        if code == 2:
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "in use by another checker process" in lines[0], err
    s = stats(store)
    assert s["orphans"] == 0
    assert s["versions"] == 5 + 30 * codes.count(0)
    # and with a longer wait the second writer gets in after the first
    c = corpus(tmp_path / "c", 2)
    d = tmp_path / "d"
    shutil.copytree(c, d)
    for f in d.iterdir():
        f.write_text(f.read_text("utf-8") + "又一册。\n", "utf-8")
    env = {"CHECKER_STORE_WAIT": "120"}
    first = proc("ingest", c, "--store", store, "--quiet", env=env)
    time.sleep(0.3)
    second = proc("ingest", d, "--store", store, "--quiet", env=env)
    for p in (first, second):
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert stats(store)["versions"] == 5 + 30 * codes.count(0) + 20


# --- gate ----------------------------------------------------------------------------------

def test_gate_fails_on_a_planted_inconsistency_and_passes_a_clean_bulletin(
        store: Path, tmp_path: Path) -> None:
    bad = cli("gate", bulletin(tmp_path / "bad", PLANTED), "--store", store,
              "--out", tmp_path / "o1")
    assert bad.exit_code == 1, bad.output
    data = findings(tmp_path / "o1")
    assert [(f["rule"], f["severity"], f["status"]) for f in data["findings"]] == \
        [("TARGET-DRIFT", "warning", "new")]
    drift = data["findings"][0]
    quotes = {e["quote"] for e in drift["evidence"]}
    assert quotes == {"8.5%", "7.5%"}  # the bulletin's restatement and the report's target
    assert "the report set ≥7.5%" in drift["message"]  # with its qualifier's sign
    assert "FAIL (--fail-on warning)" in bad.output
    assert {d["path"].split("/")[-1] for d in data["documents"]} == {
        "q1.txt", "001_c915b5526e9a6536.txt"}
    good = cli("gate", bulletin(tmp_path / "good", CLEAN), "--store", store,
               "--out", tmp_path / "o2")
    assert good.exit_code == 0, good.output
    assert findings(tmp_path / "o2")["findings"] == []
    assert "pass (--fail-on warning)" in good.output
    # --fail-on error: a warning does not fail the gate
    assert cli("gate", tmp_path / "bad", "--store", store, "--out", tmp_path / "o3",
               "--fail-on", "error", "--quiet").exit_code == 0


def test_gate_ingest_stores_only_when_it_passes(store: Path, tmp_path: Path) -> None:
    assert cli("gate", bulletin(tmp_path / "bad", PLANTED), "--store", store, "--out",
               tmp_path / "o", "--ingest").exit_code == 1
    assert stats(store)["versions"] == 5
    result = cli("gate", bulletin(tmp_path / "good", CLEAN), "--store", store, "--out",
                 tmp_path / "o", "--ingest")
    assert result.exit_code == 0 and "ingested: 1 added" in result.output
    assert stats(store)["versions"] == 6


def test_waivers_by_id_expiry_and_stale(store: Path, tmp_path: Path) -> None:
    bad = bulletin(tmp_path / "bad", PLANTED)
    assert cli("gate", bad, "--store", store, "--out", tmp_path / "o").exit_code == 1
    fid = findings(tmp_path / "o")["findings"][0]["id"]
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(f"- id: {fid}\n  reason: the report was amended\n"
                       "  reviewer: li.na\n  expires: 2999-12-31\n"
                       "- id: 0000000000000000\n  reason: old\n  reviewer: li.na\n", "utf-8")
    ok = cli("gate", bad, "--store", store, "--out", tmp_path / "w", "--waivers", waivers)
    assert ok.exit_code == 0, ok.output
    data = findings(tmp_path / "w")
    assert [f["status"] for f in data["findings"]] == ["waived"]
    assert [(w["entry"], w["state"], w["findings"]) for w in data["waivers"]] == [
        (1, "applied", [fid]), (2, "stale", [])]
    assert "waiver #2 (0000000000000000) matches no finding (stale)" in ok.output
    waivers.write_text(waivers.read_text("utf-8").replace("2999-12-31", "2020-01-01"), "utf-8")
    expired = cli("gate", bad, "--store", store, "--out", tmp_path / "x", "--waivers", waivers)
    assert expired.exit_code == 1
    assert f"waiver #1 ({fid}) expired on 2020-01-01; it no longer applies" in expired.output
    data = findings(tmp_path / "x")
    assert [f["status"] for f in data["findings"]] == ["new"]
    assert data["waivers"][0]["state"] == "expired"


def test_waiver_by_rule_and_document_glob(store: Path, tmp_path: Path) -> None:
    bad = bulletin(tmp_path / "bad", PLANTED)
    waivers = tmp_path / "w.yaml"
    waivers.write_text("- rule: target-drift\n  document: '*/bad/q1.txt'\n  indicator: gdp\n"
                       "  reason: restated on purpose\n  reviewer: wang\n", "utf-8")
    result = cli("gate", bad, "--store", store, "--out", tmp_path / "o", "--waivers", waivers)
    assert result.exit_code == 0, result.output
    waivers.write_text(waivers.read_text("utf-8").replace("gdp", "cpi"), "utf-8")
    result = cli("gate", bad, "--store", store, "--out", tmp_path / "o", "--waivers", waivers)
    assert result.exit_code == 1


@pytest.mark.parametrize(("body", "problem"), [
    ("- id: abc\n  reviewer: x\n", "waiver #1: missing reason"),
    ("- id: abc\n  reason: x\n", "waiver #1: missing reviewer"),
    ("- id: abc\n  reason: [unclosed\n", "not valid YAML"),
    ("- rule: ARITH-SUM\n  reason: x\n  reviewer: y\n", "needs id, or rule and document"),
    ("- id: abc\n  reason: x\n  reviewer: y\n  expires: soon\n", "is not a date"),
    ("- id: abc\n  reason: x\n  reviewer: y\n  note: z\n", "unknown key(s) note"),
])
def test_bad_waivers_are_bad_input(store: Path, tmp_path: Path, body: str,
                                   problem: str) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(body, "utf-8")
    result = cli("gate", bulletin(tmp_path / "b", CLEAN), "--store", store, "--out",
                 tmp_path / "o", "--waivers", waivers)
    assert result.exit_code == 2
    assert result.output.startswith(f"checker: error: {waivers}: ")
    assert problem in result.output
    assert not (tmp_path / "o").exists()


def test_baseline_round_trip(store: Path, tmp_path: Path) -> None:
    bad = bulletin(tmp_path / "bad", PLANTED)
    assert cli("gate", bad, "--store", store, "--out", tmp_path / "a").exit_code == 1
    again = cli("gate", bad, "--store", store, "--out", tmp_path / "b", "--baseline",
                tmp_path / "a" / "findings.json")
    assert again.exit_code == 0, again.output
    first, second = findings(tmp_path / "a"), findings(tmp_path / "b")
    assert [f["id"] for f in first["findings"]] == [f["id"] for f in second["findings"]]
    assert [f["status"] for f in second["findings"]] == ["known"]
    (tmp_path / "broken.json").write_text("{", "utf-8")
    result = cli("gate", bad, "--store", store, "--out", tmp_path / "c", "--baseline",
                 tmp_path / "broken.json")
    assert result.exit_code == 2 and "not valid JSON" in result.output


# --- nightly audit ------------------------------------------------------------------------

def test_store_audit_matches_a_file_audit_then_runs_incrementally(
        store: Path, tmp_path: Path) -> None:
    files = cli("audit", SEEDS, "--out", tmp_path / "files", "--quiet")
    full = cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet")
    assert files.exit_code == 0 and full.exit_code == 0
    ids = sorted(f["id"] for f in findings(tmp_path / "files")["findings"])
    r1 = findings(tmp_path / "r1")
    assert sorted(f["id"] for f in r1["findings"]) == ids and ids
    assert {f["status"] for f in r1["findings"]} == {"new"}
    # nothing changed: the same findings, all known, nothing fixed
    assert cli("audit", "--store", store, "--out", tmp_path / "r2").exit_code == 0
    r2 = findings(tmp_path / "r2")
    assert sorted(f["id"] for f in r2["findings"]) == ids
    assert {f["status"] for f in r2["findings"]} == {"known"} and r2["fixed"] == []
    # a new bulletin: its finding is new, the rest known; same as a full audit from files
    folder = bulletin(tmp_path / "bad", PLANTED)
    assert cli("ingest", folder, "--store", store).exit_code == 0
    r3c = cli("audit", "--store", store, "--out", tmp_path / "r3", "--fail-on", "warning")
    assert r3c.exit_code == 1  # the new drift is a warning
    r3 = findings(tmp_path / "r3")
    new = [f for f in r3["findings"] if f["status"] == "new"]
    assert [f["rule"] for f in new] == ["TARGET-DRIFT"]
    both = tmp_path / "both"
    shutil.copytree(SEEDS, both)
    shutil.copytree(folder, both / "bad")
    assert cli("audit", both, "--out", tmp_path / "files2", "--quiet").exit_code == 0
    assert sorted(f["id"] for f in r3["findings"]) == sorted(
        f["id"] for f in findings(tmp_path / "files2")["findings"])
    con = duckdb.connect(str(store), read_only=True)
    runs = con.execute("SELECT run, mode FROM runs ORDER BY run").fetchall()
    stored = con.execute("SELECT count(*) FROM findings WHERE run = 3").fetchall()[0][0]
    con.close()
    assert runs == [(1, "full"), (2, "incremental"), (3, "incremental")]
    assert stored == len(r3["findings"])


def test_fixed_findings_are_listed(store: Path, tmp_path: Path) -> None:
    folder = bulletin(tmp_path / "docs", PLANTED)
    assert cli("ingest", folder, "--store", store).exit_code == 0
    assert cli("audit", "--store", store, "--out", tmp_path / "r1").exit_code == 0
    drift = [f["id"] for f in findings(tmp_path / "r1")["findings"]
             if f["rule"] == "TARGET-DRIFT" and f["evidence"][0]["quote"] == "8.5%"]
    assert len(drift) == 1
    (folder / "q1.txt").write_text(CLEAN, "utf-8")  # re-issued with the target corrected
    assert "1 re-issued" in cli("ingest", folder, "--store", store).output
    assert cli("audit", "--store", store, "--out", tmp_path / "r2").exit_code == 0
    r2 = findings(tmp_path / "r2")
    assert r2["fixed"] == drift
    assert drift[0] not in {f["id"] for f in r2["findings"]}


def test_previous_report_survives_a_failed_run(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    assert cli("audit", "--store", store, "--out", out).exit_code == 0
    before = (out / "findings.json").read_bytes()
    waivers = tmp_path / "w.yaml"
    waivers.write_text("- id: x\n", "utf-8")
    assert cli("audit", "--store", store, "--out", out, "--waivers", waivers).exit_code == 2
    assert (out / "findings.json").read_bytes() == before


def test_store_and_paths_together_is_a_usage_error(store: Path, tmp_path: Path) -> None:
    result = cli("audit", SEEDS, "--store", store, "--out", tmp_path / "o")
    assert result.exit_code == 2 and "either PATHs or --store" in result.output


# --- gate runs in the store ------------------------------------------------------------------

def runs(store: Path) -> list[tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute("SELECT run, kind, mode, fail_on, exit_code, verdict FROM runs "
                           "ORDER BY run").fetchall()
    finally:
        con.close()


def test_gate_runs_are_recorded_and_never_the_audits_previous_run(
        store: Path, tmp_path: Path) -> None:
    assert cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet").exit_code == 0
    bad = bulletin(tmp_path / "bad", PLANTED)
    assert cli("gate", bad, "--store", store, "--out", tmp_path / "g1",
               "--quiet").exit_code == 1
    gated = findings(tmp_path / "g1")["findings"]
    con = duckdb.connect(str(store), read_only=True)
    inputs = con.execute("SELECT run, id, path, version FROM run_inputs").fetchall()
    read = con.execute("SELECT d.path FROM run_documents r JOIN documents d USING (version) "
                       "WHERE r.run = 2").fetchall()
    stored = con.execute("SELECT id, status, body FROM findings WHERE run = 2").fetchall()
    counts = json.loads(con.execute("SELECT counts FROM runs WHERE run = 2").fetchall()[0][0])
    con.close()
    assert runs(store) == [(1, "audit", "full", "never", 0, "pass"),
                           (2, "gate", "shared-keys", "warning", 1, "fail")]
    assert [(r, p) for r, _i, p, v in inputs if v is None] == [(2, str(bad / "q1.txt"))]
    assert [Path(p).name for (p,) in read] == ["001_c915b5526e9a6536.txt"]
    assert [(i, s) for i, s, _b in stored] == [(f["id"], "new") for f in gated]
    assert json.loads(stored[0][2])["evidence"] == gated[0]["evidence"]
    assert (counts["warning"], counts["new"], counts["documents"]) == (1, 1, 1)
    # the nightly audit compares with its own last run, not with the gate's
    assert cli("audit", "--store", store, "--out", tmp_path / "r2").exit_code == 0
    r2 = findings(tmp_path / "r2")
    assert {f["status"] for f in r2["findings"]} == {"known"} and r2["fixed"] == []
    assert runs(store)[-1] == (3, "audit", "incremental", "never", 0, "pass")


def test_gate_ingest_is_recorded_with_the_versions_it_stored(store: Path,
                                                             tmp_path: Path) -> None:
    good = bulletin(tmp_path / "good", CLEAN)
    assert cli("gate", good, "--store", store, "--out", tmp_path / "o", "--ingest",
               "--quiet").exit_code == 0
    con = duckdb.connect(str(store), read_only=True)
    inputs = con.execute("SELECT i.run, i.version, d.path FROM run_inputs i JOIN documents d "
                         "USING (version)").fetchall()
    ingests = con.execute("SELECT added, reextracted FROM ingests ORDER BY ingest").fetchall()
    con.close()
    assert inputs == [(1, 6, str(good / "q1.txt"))]
    assert ingests == [(5, 0), (1, 0)]
    assert runs(store) == [(1, "gate", "shared-keys", "warning", 0, "pass")]


def test_gate_verdict_stands_when_the_run_cannot_be_recorded(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.store.db import StoreError

    def locked(*_a, **_k):
        raise StoreError(str(store), "in use by another checker process (PID 1)")

    monkeypatch.setattr("checker.gate.record_gate", locked)
    bad = cli("gate", bulletin(tmp_path / "bad", PLANTED), "--store", store, "--out",
              tmp_path / "o", "--quiet")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("checker: warning: gate run not recorded in the store: ")
    # with --ingest the documents were not stored: a failure of the command
    good = cli("gate", bulletin(tmp_path / "good", CLEAN), "--store", store, "--out",
               tmp_path / "o2", "--ingest", "--quiet")
    assert good.exit_code == 2 and "in use by another checker process" in good.stderr
    assert stats(store)["versions"] == 5
