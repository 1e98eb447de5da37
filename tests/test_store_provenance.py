"""Stored claims and the extractor that made them (checker.provenance), end to end through
the CLI: an upgraded extractor (CHECKER_EXTRACTOR_SALT stands for one) or other aliases
make stored claims stale; `checker ingest` re-extracts them from the store, `audit --store`
and `gate` re-extract in memory and say so; a store of the previous schema migrates."""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_store_gate import (
    CLEAN,
    PLANTED,
    SEEDS,
    bulletin,
    cli,
    corpus,
    findings,
    proc,
    stats,
)

from checker import provenance
from checker.provenance import SALT_ENV

NOTE = "re-extracted in memory for this run"
# An alias the built-in catalogue lacks (seed 001 and others: 加工型龙头企业 …个).
ALIASES = "indicators:\n  processing_leaders:\n    aliases: [加工型龙头企业]\n"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    (tmp_path / "aliases.yaml").write_text(ALIASES, "utf-8")
    path = tmp_path / "checker.toml"
    path.write_text('[indicators]\naliases = "aliases.yaml"\n', "utf-8")
    return path


def query(store: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def extractions(store: Path) -> set[str | None]:
    """The extractors of the current documents' claims."""
    return {r[0] for r in query(store, "SELECT extraction FROM documents WHERE version NOT IN "
                                       "(SELECT supersedes FROM documents WHERE supersedes IS "
                                       "NOT NULL)")}


def claims_csv(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)


# --- the fingerprint ----------------------------------------------------------------------

def test_fingerprint_follows_what_determines_claims(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SALT_ENV, raising=False)
    base = provenance.extractor()
    assert base == provenance.extractor() and len(base.fingerprint) == 12
    monkeypatch.setenv(SALT_ENV, "upgraded")
    assert provenance.extractor().fingerprint != base.fingerprint
    monkeypatch.delenv(SALT_ENV)
    monkeypatch.setattr("checker.__version__", "9.9.9")
    assert provenance.extractor().fingerprint != base.fingerprint
    monkeypatch.undo()
    # the aliases' content counts, not where the file lies
    a, b = tmp_path / "a.yaml", tmp_path / "sub" / "b.yaml"
    b.parent.mkdir()
    a.write_text(ALIASES, "utf-8")
    b.write_text(ALIASES, "utf-8")
    with_a = provenance.extractor(a)
    assert with_a.fingerprint != base.fingerprint
    assert provenance.extractor(b).fingerprint == with_a.fingerprint
    b.write_text(ALIASES.replace("加工型龙头企业", "龙头企业"), "utf-8")
    assert provenance.extractor(b).fingerprint != with_a.fingerprint
    # the judge: rule parameters count
    assert provenance.judge({"X": {"a": 1}}) != provenance.judge({"X": {"a": 2}})


def test_ingest_records_the_extractor(seeded: Path) -> None:
    mine = provenance.extractor()
    assert extractions(seeded) == {mine.fingerprint}
    assert query(seeded, "SELECT fingerprint, version, code, aliases FROM extractors") == [
        tuple(mine)]
    assert query(seeded, "SELECT reextracted, extraction FROM ingests") == [
        (0, mine.fingerprint)]


# --- an upgraded extractor -----------------------------------------------------------------

def test_upgrade_reextracts_on_ingest_and_the_audit_never_audits_stale_claims(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SALT_ENV, raising=False)
    assert cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet").exit_code == 0
    before = query(store, "SELECT count(*) FROM claims")[0][0]
    monkeypatch.setenv(SALT_ENV, "upgraded")  # the next checker
    upgraded = provenance.extractor().fingerprint
    # the nightly audit right after the upgrade: fresh claims in memory, said on stderr
    r2 = cli("audit", "--store", store, "--out", tmp_path / "r2", "--quiet")
    assert r2.exit_code == 0, r2.output
    notes = [line for line in r2.stderr.splitlines() if line.startswith("checker: note:")]
    assert len(notes) == 1 and "claims of 5 stored documents come from another extractor" \
        in notes[0] and NOTE in notes[0] and f"checker ingest --store {store}" in notes[0]
    assert upgraded in notes[0]
    assert extractions(store) != {upgraded}  # an audit stores no claims
    # compared with the last run, not as if it were the first: nothing new, nothing fixed
    r2f = findings(tmp_path / "r2")
    assert {f["status"] for f in r2f["findings"]} == {"known"} and r2f["fixed"] == []
    # ingest with no paths: the stale documents re-extracted, in one ingest
    result = cli("ingest", "--store", store)
    assert result.exit_code == 0, result.output
    assert "0 added, 0 re-issued (new version), 0 unchanged, 5 re-extracted" in result.output
    assert extractions(store) == {upgraded}
    assert query(store, "SELECT DISTINCT extracted_in FROM documents") == [(2,)]
    assert query(store, "SELECT reextracted, extraction FROM ingests WHERE ingest = 2") == [
        (5, upgraded)]
    assert query(store, "SELECT count(*) FROM claims")[0][0] == before
    # now the audit reads stored claims again (no note) and carries findings over
    r3 = cli("audit", "--store", store, "--out", tmp_path / "r3", "--quiet")
    assert r3.exit_code == 0 and NOTE not in r3.output
    assert claims_csv(tmp_path / "r3").equals(claims_csv(tmp_path / "r1"))
    runs = query(store, "SELECT run, kind, mode, extraction FROM runs ORDER BY run")
    assert [r[1:3] for r in runs] == [("audit", "full"), ("audit", "full"),
                                      ("audit", "incremental")]
    assert [r[3] for r in runs[1:]] == [upgraded, upgraded]
    # an ingest of nothing new under the same extractor re-extracts nothing
    assert "0 re-extracted" in cli("ingest", SEEDS, "--store", store).output


def test_other_aliases_change_the_claims_ingest_stores_and_audit_reads(
        store: Path, tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SALT_ENV, raising=False)
    assert cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet").exit_code == 0
    assert "processing_leaders" not in set(claims_csv(tmp_path / "r1")["indicator"])
    result = cli("ingest", SEEDS, "--store", store, "--config", config)
    assert "5 unchanged, 5 re-extracted" in result.output, result.output
    stored = query(store, "SELECT count(*) FROM claims WHERE indicator = 'processing_leaders'")
    assert stored[0][0] > 0
    # the audit with the same config: stored claims, re-audited in full (the claims changed
    # since the last run), the same findings and claims as an audit of the files
    r2 = cli("audit", "--store", store, "--out", tmp_path / "r2", "--quiet", "--config", config)
    assert r2.exit_code == 0 and NOTE not in r2.output
    files = cli("audit", SEEDS, "--out", tmp_path / "files", "--quiet", "--config", config)
    assert files.exit_code == 0
    assert claims_csv(tmp_path / "r2").equals(claims_csv(tmp_path / "files"))
    assert (claims_csv(tmp_path / "r2")["indicator"] == "processing_leaders").sum() == \
        stored[0][0]
    assert sorted(f["id"] for f in findings(tmp_path / "r2")["findings"]) == sorted(
        f["id"] for f in findings(tmp_path / "files")["findings"])
    assert query(store, "SELECT mode FROM runs ORDER BY run DESC LIMIT 1") == [("full",)]
    # an audit without the config: the store's claims are not its own — re-extracted in
    # memory without the aliases, said on stderr
    r3 = cli("audit", "--store", store, "--out", tmp_path / "r3", "--quiet")
    assert r3.exit_code == 0 and NOTE in r3.stderr and "aliases aliases.yaml" in r3.stderr
    assert claims_csv(tmp_path / "r3").equals(claims_csv(tmp_path / "r1"))


def test_incremental_audit_after_reextraction_matches_a_full_audit(
        store: Path, tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-extracted documents are changed documents: the findings of the audit after the
    re-extraction are those of a full audit, not the last run's carried over."""
    monkeypatch.delenv(SALT_ENV, raising=False)
    folder = bulletin(tmp_path / "b", PLANTED)
    assert cli("ingest", folder, "--store", store, "--quiet").exit_code == 0
    assert cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet").exit_code == 0
    # re-issue the bulletin corrected and change the aliases in the same ingest
    (folder / "q1.txt").write_text(CLEAN, "utf-8")
    out = cli("ingest", folder, "--store", store, "--config", config).output
    assert "1 re-issued" in out and "5 re-extracted" in out
    assert cli("audit", "--store", store, "--out", tmp_path / "r2", "--config",
               config).exit_code == 0
    both = tmp_path / "both"
    shutil.copytree(SEEDS, both)
    shutil.copytree(folder, both / "b")
    assert cli("audit", both, "--out", tmp_path / "files", "--quiet", "--config",
               config).exit_code == 0
    r2 = findings(tmp_path / "r2")
    assert sorted(f["id"] for f in r2["findings"]) == sorted(
        f["id"] for f in findings(tmp_path / "files")["findings"])
    drift = [f["id"] for f in findings(tmp_path / "r1")["findings"]
             if f["rule"] == "TARGET-DRIFT" and f["evidence"][0]["quote"] == "8.5%"]
    assert drift and set(drift) <= set(r2["fixed"])


def test_gate_against_stale_claims_reextracts_them_in_memory(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SALT_ENV, raising=False)
    bad = bulletin(tmp_path / "bad", PLANTED)
    fresh = cli("gate", bad, "--store", store, "--out", tmp_path / "g1", "--quiet")
    assert fresh.exit_code == 1 and NOTE not in fresh.output
    monkeypatch.setenv(SALT_ENV, "upgraded")
    stale = cli("gate", bad, "--store", store, "--out", tmp_path / "g2", "--quiet")
    assert stale.exit_code == 1
    assert NOTE in stale.stderr and "stored documents come from another extractor" in \
        stale.stderr
    for name in ("findings.json", "claims.csv"):
        assert (tmp_path / "g1" / name).read_text("utf-8") == \
            (tmp_path / "g2" / name).read_text("utf-8")
    counts = [json.loads(c) for (c,) in query(store, "SELECT counts FROM runs ORDER BY run")]
    assert counts[0]["reextracted"] == 0 and counts[1]["reextracted"] >= 1
    # the gate's --ingest stores only its documents; the stale ones stay for `ingest`
    ok = cli("gate", bulletin(tmp_path / "good", CLEAN), "--store", store, "--out",
             tmp_path / "g3", "--ingest", "--quiet")
    assert ok.exit_code == 0, ok.output
    upgraded = provenance.extractor().fingerprint
    assert query(store, "SELECT extraction FROM documents ORDER BY version DESC LIMIT 1") == [
        (upgraded,)]
    assert len(extractions(store)) == 2


# --- real processes: the nightly job after an upgrade, kill -9 during re-extraction --------

def test_nightly_job_after_an_upgrade_does_not_fail(store: Path, tmp_path: Path) -> None:
    # the nights before: the seeds' errors were new once, known since
    assert cli("audit", "--store", store, "--out", tmp_path / "r0", "--quiet", "--fail-on",
               "error").exit_code == 1
    assert cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet", "--fail-on",
               "error").exit_code == 0
    env = {SALT_ENV: "upgraded"}
    p = proc("audit", "--store", store, "--out", tmp_path / "r", "--fail-on", "error",
             "--quiet", env=env)
    out, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert out == "" and len(err.strip().splitlines()) == 1 and NOTE in err
    p = proc("ingest", SEEDS, "--store", store, "--quiet", env=env)
    _out, err = p.communicate(timeout=300)
    assert p.returncode == 0 and err == ""
    p = proc("audit", "--store", store, "--out", tmp_path / "r2", "--quiet", env=env)
    _out, err = p.communicate(timeout=300)
    assert p.returncode == 0 and err == ""


@pytest.mark.parametrize("delay", [1.5, 3.0])  # re-extracting 105 documents takes ~3 s
def test_kill_9_during_reextraction_leaves_before_or_after(store: Path, tmp_path: Path,
                                                           delay: float) -> None:
    big = corpus(tmp_path / "big", 20)  # 100 more documents
    assert cli("ingest", big, "--store", store, "--quiet").exit_code == 0
    old = extractions(store)
    claims_before = query(store, "SELECT count(*) FROM claims")[0][0]
    p = proc("ingest", "--store", store, "--quiet", env={SALT_ENV: "upgraded"})
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.communicate(timeout=60)
    s = stats(store)
    assert s["orphans"] == 0 and s["versions"] == 105
    now = extractions(store)
    assert now == old or (len(now) == 1 and now != old)  # never some of each
    assert query(store, "SELECT count(*) FROM claims")[0][0] == claims_before
    p = proc("ingest", "--store", store, "--quiet", env={SALT_ENV: "upgraded"})
    _out, err = p.communicate(timeout=600)
    assert p.returncode == 0, err
    assert len(extractions(store)) == 1 and extractions(store) != old


# --- migration from the previous schema ---------------------------------------------------

def old_store(source: Path, path: Path) -> Path:
    """A store of schema 1 (migration 0001 only, as checker wrote it before provenance was
    recorded) holding ``source``'s documents, claims, ingests and runs."""
    from checker.store.migrations import MIGRATIONS

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE _migrations (seq INTEGER PRIMARY KEY, name VARCHAR NOT NULL "
                "UNIQUE, applied_at TIMESTAMP NOT NULL)")
    MIGRATIONS["0001_corpus"](con)
    con.execute("INSERT INTO _migrations VALUES (1, '0001_corpus', now())")
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND table_name <> "
        "'_migrations'", [path.stem]).fetchall()]
    for table in tables:
        cols = ", ".join(f'"{r[0]}"' for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND "
            "table_name = ? ORDER BY column_index", [path.stem, table]).fetchall())
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM src.{table}")
    con.close()
    return path


def test_a_store_of_the_previous_schema_migrates(store: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SALT_ENV, raising=False)
    assert cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet").exit_code == 0
    old = old_store(store, tmp_path / "old.duckdb")
    assert query(old, "SELECT count(*) FROM _migrations") == [(1,)]
    # the nightly audit (a reader) upgrades it and audits fresh claims: the documents'
    # extractor is unknown, so their claims are re-extracted in memory
    r2 = cli("audit", "--store", old, "--out", tmp_path / "r2", "--quiet")
    assert r2.exit_code == 0, r2.output
    assert NOTE in r2.stderr and "5 by an unrecorded one" in r2.stderr
    assert [r[0] for r in query(old, "SELECT name FROM _migrations ORDER BY seq")] == [
        "0001_corpus", "0002_provenance", "0003_claims_csv", "0004_score_blobs"]
    r2f = findings(tmp_path / "r2")
    assert {f["status"] for f in r2f["findings"]} == {"known"} and r2f["fixed"] == []
    assert claims_csv(tmp_path / "r2").equals(claims_csv(tmp_path / "r1"))
    assert extractions(old) == {None}
    # the next ingest stores fresh claims; then the audit reads them
    result = cli("ingest", SEEDS, "--store", old)
    assert "5 unchanged, 5 re-extracted" in result.output, result.output
    assert extractions(old) == {provenance.extractor().fingerprint}
    r3 = cli("audit", "--store", old, "--out", tmp_path / "r3", "--quiet")
    assert r3.exit_code == 0 and NOTE not in r3.output
    assert query(old, "SELECT kind, mode, extraction IS NULL FROM runs ORDER BY run") == [
        ("audit", "full", True), ("audit", "full", False), ("audit", "incremental", False)]


def test_a_gate_upgrades_an_old_store_too(store: Path, tmp_path: Path) -> None:
    old = old_store(store, tmp_path / "old.duckdb")
    result = cli("gate", bulletin(tmp_path / "b", CLEAN), "--store", old, "--out",
                 tmp_path / "o", "--quiet")
    assert result.exit_code == 0, result.output
    assert query(old, "SELECT count(*) FROM _migrations") == [(4,)]
    assert query(old, "SELECT kind, verdict FROM runs") == [("gate", "pass")]
