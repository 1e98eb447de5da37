"""The incremental nightly audit writes what a full audit of the same store writes.

It carries claims.csv blocks, findings and timelines over from the last run and reads only
the claims its outputs look at; every output must still be the full audit's, byte for byte
(run times and the page's generation minute aside). Checked on the seeds and generated
documents, with the page showing every document's text and with it showing only those
with findings (``full_view_limit`` below the corpus size)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from checker.audit import write_outputs
from checker.cli import app
from checker.config import load_config
from checker.store.audit import audit_store
from checker.triage import triage

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("claims.csv", "findings.json", "findings.sarif", "junit.xml", "audit.html")
runner = CliRunner()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    folder = tmp_path_factory.mktemp("gen")
    generate.generate(24, folder, 3, 0.3)  # two regions
    return sorted(folder.glob("*.txt"))


def held_back(files: list[Path]) -> list[Path]:
    """Three documents of the region named first: its re-audited timelines go before the
    carried ones in the full audit's order (by region name), not after them."""
    import csv

    with (files[0].parent / "manifest.csv").open(encoding="utf-8") as fh:
        region = {row["file"]: row["region"] for row in csv.DictReader(fh)}
    first = min(region.values())
    return [p for p in files if region[p.name] == first][:3]


def cli(*args: object):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result


def normalised(path: Path) -> str:
    """The file without what depends on when and how fast the run was."""
    text = path.read_text("utf-8")
    if path.name == "junit.xml":
        text = re.sub(r'time="[0-9.]+"', 'time=""', text)
    if path.name == "audit.html":
        text = re.sub(r'(id="card-run"><div class="num">)[0-9.]+', r"\1", text)
        text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "", text)
    return text


def full_audit(store: Path, previous: set[str], out: Path) -> None:
    """What a full audit of the store writes, judging statuses against the same last run."""
    audit = audit_store(store, load_config(None).rule_params(), lang="en", full=True)
    triage(audit.result, previous=previous)
    write_outputs(audit.result, out, lang="zh")


def finding_ids(out: Path) -> set[str]:
    import json

    return {f["id"] for f in json.loads((out / "findings.json").read_text("utf-8"))["findings"]}


@pytest.mark.parametrize("view_limit", [None, 5], ids=["all-texts", "texts-with-findings"])
def test_incremental_outputs_are_the_full_audits(generated: list[Path], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 view_limit: int | None) -> None:
    if view_limit is not None:
        from checker.report import html_context

        monkeypatch.setattr(html_context, "view_limit", lambda: view_limit)
    store = tmp_path / "corpus.duckdb"
    later = held_back(generated)
    base = [p for p in generated if p not in later]
    cli("ingest", ROOT / "seeds", *base, "--store", store, "--quiet")
    cli("audit", "--store", store, "--out", tmp_path / "r1", "--quiet")
    cli("ingest", *later, "--store", store, "--quiet")
    shutil.copy(store, tmp_path / "before-r2.duckdb")
    cli("audit", "--store", store, "--out", tmp_path / "r2", "--quiet")
    full_audit(tmp_path / "before-r2.duckdb", finding_ids(tmp_path / "r1"), tmp_path / "f2")
    con = duckdb.connect(str(store), read_only=True)
    modes = con.execute("SELECT mode, counts FROM runs ORDER BY run").fetchall()
    blocks = con.execute("SELECT count(*), sum(rows) FROM claims_csv").fetchall()[0]
    tables = con.execute("SELECT count(*) FROM score_blobs").fetchall()[0][0]
    claims = con.execute("SELECT count(*) FROM claims").fetchall()[0][0]
    con.close()
    assert [m for m, _ in modes] == ["full", "incremental"]
    assert '"reaudited": 0' not in modes[1][1]  # the new documents were audited
    assert blocks == (len(generated) + 5, claims)  # every current version's block kept
    assert tables > 0  # scoreboard tables past the open ones, kept for the next page
    for name in OUTPUTS:
        assert normalised(tmp_path / "r2" / name) == normalised(tmp_path / "f2" / name), name
    # nothing changed since: every block and finding carried, the same outputs again
    cli("audit", "--store", store, "--out", tmp_path / "r3", "--quiet")
    full_audit(store, finding_ids(tmp_path / "r2"), tmp_path / "f3")
    for name in OUTPUTS:
        assert normalised(tmp_path / "r3" / name) == normalised(tmp_path / "f3" / name), name
