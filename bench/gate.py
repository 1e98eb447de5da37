"""Store and gate: ingest throughput, incremental nightly audit, gate cold-start latency.

    python bench/generate.py --docs 1000 --out bench/out/gen-1000
    python bench/gate.py --corpus bench/out/gen-1000 --work /tmp/gate-bench

Steps (each a child process, wall clock from spawn to exit, peak RSS by GNU time):
1. ``checker ingest`` of all documents but 11 held back (the last ones in file order) into a
   fresh store: time, docs/s, peak RSS, store size.
2. ``checker audit --store`` — the first run, a full audit.
3. ``checker ingest`` of 10 held-back documents, then ``checker audit --store`` again: the
   incremental run (outputs included). With ``--verify``, also a full audit of the same
   corpus in process, and the finding ids compared. ``--repeat N`` runs each audit of steps
   2 and 3 N times, each from a copy of the same store, and reports the medians.
4. ``checker gate`` of the 11th held-back document against the store: whole-process wall
   time (three runs; each records its run in the store), and in a child the time of each
   stage (imports, read+extract, store query, link, reconcile, rules, output, recording
   the run). Then the same gate as after an upgrade of checker, the stored claims stale
   (``CHECKER_EXTRACTOR_SALT``): the stale documents it needs are re-extracted in memory.
Writes ``WORK/gate.json``.

Run it from a copy of the tree when others are editing it: an edit to the extraction code
or data between two steps makes the stored claims stale (the next ingest re-extracts them
all), and an edit anywhere in the package makes the next ``audit --store`` a full one
(``checker.provenance``). The report's ``tree_changed`` lists what happened.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], log: Path, env: dict[str, str] | None = None) -> dict:
    rss = log.with_suffix(".rss")
    cmd = ["/usr/bin/time", "-f", "%M", "-o", str(rss), sys.executable, "-m", "checker", *args]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                       env=os.environ | {"PYTHONPATH": str(ROOT)} | (env or {}))
    wall = time.perf_counter() - t
    log.write_text(p.stdout + p.stderr, "utf-8")
    peak = int(rss.read_text().strip().splitlines()[-1]) / 1024 if rss.exists() else None
    if p.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args[:2])}: exit {p.returncode}\n{p.stderr[-2000:]}")
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(peak, 1) if peak else None,
            "exit": p.returncode, "stdout_tail": p.stdout.strip().splitlines()[-1:]}


GATE_STAGES = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from checker.config import load_config
from checker.gate import record_gate, run_gate
from checker.triage import triage
from checker.audit import write_outputs
imports = time.perf_counter() - t0
cfg = load_config(None)
g = run_gate([sys.argv[1]], Path(sys.argv[2]), cfg.rule_params(), indicators=cfg.indicators())
t = time.perf_counter()
triage(g.result, report_fixed=False)
g.result.seconds["triage"] = time.perf_counter() - t
write_outputs(g.result, Path(sys.argv[3]))
t = time.perf_counter()
record_gate(Path(sys.argv[2]), g, Path(sys.argv[3]), fail_on="warning", exit_code=0)
record = time.perf_counter() - t
print(json.dumps({"imports": imports, **g.result.seconds, "record": record,
                  "total": time.perf_counter() - t0,
                  "stored_claims": g.stored_claims, "stored_documents": g.stored_documents,
                  "findings": len(g.result.findings)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--verify", action="store_true", help="compare with a full audit")
    ap.add_argument("--skip-audit", action="store_true",
                    help="no audits (a full audit of 10,000 documents takes hours)")
    ap.add_argument("--gate-only", action="store_true",
                    help="reuse WORK's store from an earlier run; measure the gate only")
    ap.add_argument("--no-gate", action="store_true", help="ingest and audits only")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the full and the incremental audit this many times each")
    opts = ap.parse_args()
    work = opts.work
    if not opts.gate_only:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in opts.corpus.iterdir() if p.suffix == ".txt")
    # the gated bulletin: a 1-9月 one from the middle, whose region's other documents
    # (its year's report, earlier bulletins) are stored — so it shares keys with them
    mid = next(p for p in files[len(files) // 2:] if p.name.endswith("_q3.txt"))
    rest = [p for p in files if p != mid]
    base, later = rest[:-10], rest[-10:]
    gated = new_bulletin(mid, opts.corpus, work)
    store = work / "corpus.duckdb"
    listing = work / "base.txt"
    listing.write_text("\n".join(map(str, base)))
    report: dict = {"corpus": str(opts.corpus), "documents": len(files),
                    "mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
                    "nproc": os.cpu_count(), "loadavg_start": os.getloadavg(),
                    "date": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                   time.gmtime())}
    if opts.gate_only:
        report |= gate_latency(gated, store, work)
        (work / "gate-only.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                             "utf-8")
        return
    print("ingest", len(base), "documents …", flush=True)
    ing = run(["ingest", *map(str, base), "--store", str(store), "--quiet"],
              work / "ingest.log")
    ing["docs"] = len(base)
    ing["docs_per_s"] = round(len(base) / ing["wall_s"], 1)
    ing["store_mb"] = round(store.stat().st_size / 1e6, 1)
    ing["input_mb"] = round(sum(p.stat().st_size for p in base) / 1e6, 1)
    report["ingest"] = ing
    print(ing, flush=True)
    again = run(["ingest", *map(str, base), "--store", str(store), "--quiet"],
                work / "reingest.log")
    report["reingest_unchanged"] = again
    print("re-ingest (no-op)", again, flush=True)
    if opts.skip_audit:
        report["ingest_10"] = run(["ingest", *map(str, later), "--store", str(store),
                                   "--quiet"], work / "ingest-10.log")
        report |= gate_latency(gated, store, work)
        report["tree_changed"] = tree_changed(store)
        (work / "gate.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                        "utf-8")
        return
    # --repeat N: each audit N times from a copy of the same store (the first run of each
    # kind leaves the store the next step starts from); medians side by side
    base_copy = work / "base.duckdb"
    shutil.copy(store, base_copy)
    fulls = repeated_audits("full", opts.repeat, store, base_copy, work)
    full = report["audit_full"] = median(fulls)
    report["audit_full_runs"] = fulls
    add = run(["ingest", *map(str, later), "--store", str(store), "--quiet"],
              work / "ingest-10.log")
    report["ingest_10"] = add
    shutil.copy(store, base_copy)
    incs = repeated_audits("inc", opts.repeat, store, base_copy, work)
    inc = report["audit_incremental"] = median(incs)
    report["audit_incremental_runs"] = incs
    report["incremental_vs_full"] = round(inc["wall_s"] / full["wall_s"], 3)
    print("incremental / full (medians)", report["incremental_vs_full"], flush=True)
    (work / "again.duckdb").unlink(missing_ok=True)
    base_copy.unlink()
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    report["runs"] = [dict(zip(("run", "mode", "counts", "seconds"), r, strict=True)) for r in
                      con.execute("SELECT run, mode, counts, seconds FROM runs").fetchall()]
    report["store_rows"] = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                            for t in ("documents", "claims", "findings")}
    con.close()
    report["store_mb_final"] = round(store.stat().st_size / 1e6, 1)
    if opts.verify:
        sys.path.insert(0, str(ROOT))
        from checker.config import load_config
        from checker.store.audit import audit_store

        t = time.perf_counter()
        ref = audit_store(store, load_config(None).rule_params(), full=True)
        inc_ids = sorted(f["id"] for f in json.loads(
            (work / "inc" / "findings.json").read_text("utf-8"))["findings"])
        ref_ids = sorted(f.id for f in ref.result.findings)
        report["verify"] = {"full_in_process_s": round(time.perf_counter() - t, 2),
                            "same_ids": inc_ids == ref_ids, "incremental": len(inc_ids),
                            "full": len(ref_ids),
                            "only_incremental": sorted(set(inc_ids) - set(ref_ids))[:20],
                            "only_full": sorted(set(ref_ids) - set(inc_ids))[:20]}
        print("verify", report["verify"], flush=True)
    if not opts.no_gate:
        report |= gate_latency(gated, store, work)
    report["tree_changed"] = tree_changed(store)
    report["loadavg_end"] = os.getloadavg()
    (work / "gate.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")


def repeated_audits(kind: str, repeat: int, store: Path, base_copy: Path,
                    work: Path) -> list[dict]:
    """``audit --store`` ``repeat`` times: first on ``store`` itself (the run that leaves
    it as the next step starts from), then on fresh copies of ``base_copy``."""
    runs = []
    for i in range(repeat):
        if i:
            shutil.copy(base_copy, work / "again.duckdb")
        runs.append(run(["audit", "--store", str(work / "again.duckdb" if i else store),
                         "--out", str(work / kind), "--quiet"], work / f"audit-{kind}.log"))
        print(f"{kind} audit", runs[-1], flush=True)
    return runs


def median(runs: list[dict]) -> dict:
    """The run of median wall time (the lower middle one of an even number)."""
    return sorted(runs, key=lambda r: r["wall_s"])[(len(runs) - 1) // 2]


def tree_changed(store: Path) -> list[str]:
    """Steps whose timing is not what they claim because the tree changed meanwhile."""
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        notes = [f"ingest {i} re-extracted {n} stored documents (the extractor changed)"
                 for i, n in con.execute("SELECT ingest, reextracted FROM ingests WHERE "
                                         "reextracted > 0 ORDER BY ingest").fetchall()]
        audits = con.execute("SELECT run, mode FROM runs WHERE kind = 'audit' ORDER BY run"
                             ).fetchall()
    finally:
        con.close()
    notes += [f"audit run {run} was full, not incremental (the extractor or judge changed)"
              for run, mode in audits[1:] if mode != "incremental"]
    for note in notes:
        print("warning:", note, flush=True)
    return notes


def new_bulletin(doc: Path, corpus: Path, work: Path) -> Path:
    """The bulletin in a folder of its own with its manifest row (as CI would get it; the
    corpus manifest has a row per document and is slow to read at 10,000 rows)."""
    folder = work / "new"
    folder.mkdir(parents=True, exist_ok=True)
    lines = (corpus / "manifest.csv").read_text("utf-8").splitlines()
    row = next(line for line in lines if line.startswith(doc.name + ","))
    (folder / "manifest.csv").write_text(lines[0] + "\n" + row + "\n", "utf-8")
    shutil.copy(doc, folder / doc.name)
    return folder / doc.name


def gate_latency(gated: Path, store: Path, work: Path) -> dict:
    report: dict = {"store_mb_final": round(store.stat().st_size / 1e6, 1)}
    gates = [run(["gate", str(gated), "--store", str(store), "--out", str(work / "gate"),
                  "--quiet"], work / "gate.log") for _ in range(3)]
    report["gate_cli_runs"] = gates
    gate = report["gate_cli"] = median(gates)
    stages = []
    for _ in range(3):
        p = subprocess.run([sys.executable, "-c", GATE_STAGES, str(gated), str(store),
                            str(work / "gate2")], capture_output=True, text=True, cwd=ROOT,
                           env=os.environ | {"PYTHONPATH": str(ROOT)})
        if p.returncode:
            raise SystemExit(p.stderr[-2000:])
        stages.append(json.loads(p.stdout.strip().splitlines()[-1]))
    report["gate_stages"] = stages
    print("gate", gate, stages, flush=True)
    # after an upgrade of checker, before `checker ingest` refreshed the store
    stale = [run(["gate", str(gated), "--store", str(store), "--out", str(work / "gate3"),
                  "--quiet"], work / "gate-stale.log", env={"CHECKER_EXTRACTOR_SALT": "bench"})
             for _ in range(3)]
    report["gate_cli_stale_runs"] = stale
    report["gate_cli_stale"] = median(stale)
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    report["gate_stale_reextracted"] = [json.loads(c)["reextracted"] for (c,) in con.execute(
        "SELECT counts FROM runs WHERE kind = 'gate' ORDER BY run DESC LIMIT 3").fetchall()]
    con.close()
    print("gate (stale store)", report["gate_cli_stale"], report["gate_stale_reextracted"],
          flush=True)
    return report


if __name__ == "__main__":
    main()
