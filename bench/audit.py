"""Audit benchmarks: time per stage and GX against pandas (issue 3); scale and recall on
generated corpora (issue 4).

    python bench/audit.py stages     # seeds × 200 = 1,000 docs: stages, GX vs pandas,
                                     # GX import, cold start on one file
    python bench/audit.py scale --docs 100 1000 10000   # generated corpora: wall, RSS, recall
    python bench/audit.py profile                # cProfile of run_audit on the 1,000 seed copies
    python bench/audit.py score DIR OUT          # recall: DIR/truth.json vs OUT/findings.json
    python bench/audit.py --checker-rev HEAD …   # checker from `git archive HEAD`, not the tree

Every figure is a median of the runs given; the machine is shared, so ratios (GX / pandas)
come from runs interleaved in one process. JSON results go to ``bench/out/audit-*.json``.

``stages`` runs ``checker.audit.run_audit`` + ``write_outputs`` in a child process (so its
imports are not charged to a stage), ``great_expectations`` imported first and timed apart.
The checks frame handed to ``rules.engine.verdicts`` is captured (by wrapping the name
``checker.audit.judge_checks`` in the child, nothing in checker is edited) and validated
again with ``engine="gx"`` and ``engine="pandas"``, interleaved.

``scale`` generates each corpus with ``bench/generate.py`` (reused when its truth.json has
the same settings), then times ``checker audit DIR --out OUT --quiet`` as a subprocess
(wall from spawn to exit, peak RSS from GNU time ``%M``), checks that findings.json (valid
JSON) and claims.csv were written, and scores recall: a planted item is found when a
finding of severity error or warning has evidence overlapping the planted quote in that
document; findings that overlap no planted item are counted as (rough) false alarms.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
import extract  # noqa: E402
import generate  # noqa: E402
from extract import GNU_TIME, checker_command, checker_source, machine  # noqa: E402

SEEDS = ROOT / "seeds"
OUT = HERE / "out"
SEED_DOCS = 1000
GX_SHARE_TARGET = 0.10
SCALE_TARGET_S = 300.0
RSS_TARGET_MB = 1536.0

STAGE_CHILD = r"""
import json, statistics, sys, tempfile, time
from pathlib import Path
t0 = time.perf_counter()
import great_expectations  # noqa: F401  (timed apart: the ~3 s import)
gx_import = time.perf_counter() - t0
t0 = time.perf_counter()
import checker.audit as A
from checker.config import load_config
from checker.rules import engine
checker_import = time.perf_counter() - t0
folder, runs, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
captured = {}
real = A.judge_checks
def capture(frame, params, *, engine="gx", **options):
    captured["frame"], captured["params"] = frame, params
    return real(frame, params, engine=engine, **options)
A.judge_checks = capture
config = load_config(None)
rows = []
for i in range(runs):
    t0 = time.perf_counter()
    result = A.run_audit([folder], config, engine="gx")
    audit_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as out:
        A.write_outputs(result, Path(out))
    total = time.perf_counter() - t0
    s = dict(result.seconds)
    named = sum(v for k, v in s.items() if k != "output")
    s["findings+timelines"] = audit_s - named
    s["total"] = total
    rows.append(s)
frame, params = captured["frame"], captured["params"]
gx, pd_ = [], []
fgx, fpd = [], []
for i in range(reps):
    t0 = time.perf_counter()
    vg = engine.verdicts(frame, params, engine="gx")
    gx.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    vp = engine.verdicts(frame, params, engine="pandas")
    pd_.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    engine.flags_gx(frame, params)
    fgx.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    engine.flags_pandas(frame, params)
    fpd.append(time.perf_counter() - t0)
def rows_of(v):
    return sorted(map(tuple, v.astype(str).values.tolist()))
same = rows_of(vg) == rows_of(vp)
print(json.dumps({"gx_import_inproc_s": gx_import, "checker_import_s": checker_import,
                  "runs": rows, "checks_rows": len(frame), "flagged": len(vg),
                  "documents": len(result.documents), "claims": len(result.claims),
                  "findings": len(result.findings),
                  "verdicts_gx_s": gx, "verdicts_pandas_s": pd_,
                  "flags_gx_s": fgx, "flags_pandas_s": fpd, "gx_equals_pandas": same}))
"""


def _tree_pss_mb(root: int) -> float:
    """Sum of PSS over ``root`` and its descendants (forked workers share pages: PSS splits
    them, where summing RSS would count them twice)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    kib = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    kib += int(line.split()[1])
                    break
        except OSError:
            continue
    return kib / 1024


def timed(argv: list[str], timeout: float | None = None, cwd: Path = OUT,
          sample: bool = False) -> tuple[float, float | None, int, str]:
    """Wall seconds, peak RSS MB, exit code, stderr tail; CPU seconds in ``timed.last_cpu``.

    Peak RSS: GNU time ``%M`` (the largest single process: the audit or one worker); with
    ``sample``, the peak over 0.5 s samples of the summed PSS of the whole process tree when
    that is larger (``timed.last_tree_pss``)."""
    rss_path = OUT / f"audit-rss-{os.getpid()}.txt"
    err_path = OUT / f"audit-stderr-{os.getpid()}.txt"
    if GNU_TIME:
        argv = [GNU_TIME, "-f", "%M %U %S", "-o", str(rss_path), *argv]
    peak_tree = 0.0
    t0 = time.perf_counter()
    with open(err_path, "w") as err_fh:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err_fh,
                                text=True, env=extract.ENV)
        while proc.poll() is None:
            if timeout is not None and time.perf_counter() - t0 > timeout:
                proc.kill()
                proc.wait()
                return time.perf_counter() - t0, None, -1, "timeout"
            if sample:
                peak_tree = max(peak_tree, _tree_pss_mb(proc.pid))
            time.sleep(0.5 if sample else 0.05)
    wall = time.perf_counter() - t0
    timed.last_tree_pss = peak_tree or None
    timed.last_cpu = None
    rss = None
    if GNU_TIME and rss_path.is_file():
        m, u, sy = rss_path.read_text().split()[-3:]
        rss = int(m) / 1024
        timed.last_cpu = float(u) + float(sy)  # user + system, children reaped included
    return wall, rss, proc.returncode, err_path.read_text()[-2000:]


def seeds_corpus() -> _corpus.Corpus:
    seed_bytes = sum(p.stat().st_size for p in _corpus.seed_files(SEEDS))
    copies = SEED_DOCS // len(_corpus.seed_files(SEEDS))
    return _corpus.build(SEEDS, OUT / f"audit-seeds-{SEED_DOCS}", copies * seed_bytes)


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def stages(args: argparse.Namespace) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    if args.folder:  # e.g. a generated corpus: distinct documents, so many more checks
        args.folder = args.folder.resolve()
        files = [p for p in args.folder.iterdir() if p.suffix == ".txt"]
        corpus = _corpus.Corpus(args.folder, len(files), sum(p.stat().st_size for p in files),
                                1, len(files), 0)
    else:
        corpus = seeds_corpus()
    print(f"corpus: {corpus.files} files ({corpus.copies} copies of {corpus.seed_files} "
          f"files), {corpus.mb:.1f} MB", flush=True)
    proc = subprocess.run([sys.executable, "-c", STAGE_CHILD, str(corpus.folder),
                           str(args.runs), str(args.reps)], cwd=OUT, capture_output=True,
                          text=True, check=False, env=extract.ENV)
    if proc.returncode:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit("stage child failed")
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    keys = list(child["runs"][0])
    stage = {k: med([r[k] for r in child["runs"]]) for k in keys}

    imports = []
    for _ in range(args.cold_runs):
        w, _, rc, err = timed([sys.executable, "-c", "import great_expectations"])
        if rc:
            raise SystemExit(err)
        imports.append(w)
    one = SEEDS / "002_500ad30c4c1f596f.txt"
    cli = checker_command()
    colds = []
    for _ in range(args.cold_runs):
        w, _, rc, err = timed([*cli, "audit", str(one), "--out", str(OUT / "audit-cold"),
                                 "--quiet"])
        if rc:
            raise SystemExit(err)
        colds.append(w)
    w_bare, _, _, _ = timed([sys.executable, "-c", "pass"])

    total = stage["total"]
    gx_v, pd_v = med(child["verdicts_gx_s"]), med(child["verdicts_pandas_s"])
    result = {
        "command": "python bench/audit.py " + " ".join(sys.argv[1:]),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(), "checker": args.source,
        "corpus": {"folder": str(corpus.folder), "files": corpus.files, "mb": corpus.mb,
                   "copies": corpus.copies},
        "load_average_after": os.getloadavg(),
        "documents": child["documents"], "claims": child["claims"],
        "checks_rows": child["checks_rows"], "flagged": child["flagged"],
        "findings": child["findings"],
        "stage_s_median": stage, "runs": child["runs"],
        "rules_stage_share": stage["rules"] / total,
        "verdicts_gx_s_median": gx_v, "verdicts_pandas_s_median": pd_v,
        "flags_gx_s_median": med(child["flags_gx_s"]),
        "flags_pandas_s_median": med(child["flags_pandas_s"]),
        "gx_over_pandas": gx_v / pd_v if pd_v else None,
        "gx_equals_pandas": child["gx_equals_pandas"],
        "gx_validation_share": gx_v / total,
        "gx_import_subprocess_s_median": med(imports), "gx_import_subprocess_s": imports,
        "python_bare_start_s": w_bare,
        "gx_import_inproc_s": child["gx_import_inproc_s"],
        "checker_import_inproc_s": child["checker_import_s"],
        "cold_start_one_file_s_median": med(colds), "cold_start_one_file_s": colds,
        "cold_start_file": str(one.relative_to(ROOT)),
        "targets": {"gx_validation_share_le_10pct": gx_v / total <= GX_SHARE_TARGET},
    }
    print(f"stages (median of {args.runs} in-process runs, s):")
    for k, v in stage.items():
        print(f"  {k:<20} {v:8.2f}  {v / total:6.1%}")
    print(f"checks frame: {child['checks_rows']} rows; verdicts gx {gx_v:.3f} s vs pandas "
          f"{pd_v:.3f} s (×{result['gx_over_pandas']:.1f}), same verdicts: "
          f"{child['gx_equals_pandas']}; GX share of audit {gx_v / total:.1%}")
    print(f"import great_expectations (subprocess, median of {args.cold_runs}): "
          f"{med(imports):.2f} s; cold start `checker audit ONEFILE`: {med(colds):.2f} s")
    name = "audit-stages.json" if not args.folder else f"audit-stages-{args.folder.name}.json"
    (OUT / name).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return result


def score(corpus: Path, out: Path) -> dict:
    truth = json.loads((corpus / "truth.json").read_text())
    found = json.loads((out / "findings.json").read_text())
    by_id = {d["id"]: Path(d["path"]).name for d in found["documents"]}
    planted: dict[str, list[dict]] = {}
    for item in truth["items"]:
        planted.setdefault(item["file"], []).append(item)
    hit: set[int] = set()
    index = {id(item): i for i, item in enumerate(truth["items"])}
    false_alarms: dict[str, int] = {}
    counted = 0
    for f in found["findings"]:
        if f["severity"] not in ("error", "warning"):
            continue
        counted += 1
        overlaps = False
        for e in f["evidence"]:
            for item in planted.get(by_id.get(e["doc"], ""), []):
                if e["start"] < item["end"] and item["start"] < e["end"]:
                    hit.add(index[id(item)])
                    overlaps = True
        if not overlaps:
            key = f"{f['rule']}/{f['severity']}"
            false_alarms[key] = false_alarms.get(key, 0) + 1
    per_kind = {}
    for kind in generate.KINDS:
        idx = [i for i, t in enumerate(truth["items"]) if t["kind"] == kind]
        n = sum(1 for i in idx if i in hit)
        per_kind[kind] = {"planted": len(idx), "found": n,
                          "recall": n / len(idx) if idx else None}
    total = len(truth["items"])
    return {"planted": total, "found": len(hit), "recall": len(hit) / total if total else None,
            "per_kind": per_kind, "error_warning_findings": counted,
            "overlapping_nothing_planted": sum(false_alarms.values()),
            "overlapping_nothing_planted_by_rule": dict(sorted(false_alarms.items()))}


def scale(args: argparse.Namespace) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    cli = checker_command()
    rows = {}
    path = OUT / "audit-scale.json"
    previous = json.loads(path.read_text()) if path.is_file() else {}
    for n in args.docs:
        folder = OUT / f"gen-{n}"
        stamp = folder / "truth.json"
        fresh = True
        if stamp.is_file():
            t = json.loads(stamp.read_text())
            fresh = not (t["docs"] == n and t["seed"] == args.seed and t["rate"] == args.rate
                         and t.get("version") == generate.VERSION)
        if fresh:
            t0 = time.perf_counter()
            s = generate.generate(n, folder, args.seed, args.rate)
            print(f"generated {n} docs ({s['bytes'] / 1e6:.1f} MB) in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
        truth = json.loads(stamp.read_text())
        out = OUT / f"gen-{n}-audit"
        walls, rsss, trees, cpus = [], [], [], []
        for i in range(args.runs):
            for name in ("findings.json", "claims.csv"):
                (out / name).unlink(missing_ok=True)
            w, rss, rc, err = timed([*cli, "audit", str(folder), "--out", str(out), "--quiet"],
                                    timeout=args.timeout, sample=True)
            trees.append(timed.last_tree_pss)
            cpus.append(timed.last_cpu)
            print(f"  {n} docs run {i + 1}: {w:.1f} s, RSS {rss} MB, exit {rc}", flush=True)
            if rc:
                rows[n] = {"docs": n, "wall_s": w, "exit": rc, "stderr": err,
                           "mb": truth["bytes"] / 1e6}
                break
            walls.append(w)
            rsss.append(rss)
        else:
            written = {}
            for name in ("findings.json", "claims.csv"):
                p = out / name
                written[name] = p.stat().st_size if p.is_file() else None
            json.loads((out / "findings.json").read_text())  # valid JSON, or this raises
            rows[n] = {"docs": n, "mb": truth["bytes"] / 1e6, "runs": len(walls),
                       "wall_s_median": med(walls), "wall_s": walls,
                       "peak_rss_mb_max": max(r for r in rsss if r is not None) if rsss[0]
                       else None,
                       "cpu_s": cpus, "load_average_after": os.getloadavg(),
                       "peak_tree_pss_mb_max": max((t for t in trees if t), default=None),
                       "outputs_bytes": written, "score": score(folder, out)}
            r = rows[n]
            sc = r["score"]
            print(f"{n:>6} docs {r['mb']:6.1f} MB  wall {r['wall_s_median']:7.1f} s  RSS "
                  f"{r['peak_rss_mb_max']:.0f} MB (tree PSS "
                  f"{r['peak_tree_pss_mb_max'] or 0:.0f})  recall {sc['found']}/{sc['planted']} = "
                  f"{sc['recall']:.3f}  unmatched err/warn {sc['overlapping_nothing_planted']}",
                  flush=True)
        previous.setdefault("sizes", {})[str(n)] = rows[n]
        previous.update({"machine": machine(), "checker": args.source, "seed": args.seed,
                         "rate": args.rate,
                         "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        path.write_text(json.dumps(previous, indent=2, ensure_ascii=False))
    return rows


def profile(args: argparse.Namespace) -> None:
    folder = args.folder.resolve() if args.folder else seeds_corpus().folder
    files = sum(1 for p in folder.iterdir() if p.suffix == ".txt")
    import great_expectations  # noqa: F401  (import outside the profile)

    from checker.audit import run_audit, write_outputs
    from checker.config import load_config

    config = load_config(None)
    run_audit([SEEDS], config)  # warm lazy caches
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    result = run_audit([folder], config)
    write_outputs(result, OUT / "audit-profile-out")
    prof.disable()
    print(f"profiled run_audit + write_outputs on {files} files in {folder}: "
          f"{time.perf_counter() - t0:.1f} s under cProfile; stages {result.seconds}")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(args.top)
    print(buf.getvalue())
    prof.dump_stats(str(OUT / f"audit-{folder.name}.prof"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    st = sub.add_parser("stages", help="issue 3: stage split, GX vs pandas, cold start")
    st.add_argument("--runs", type=int, default=3, help="in-process audits (median)")
    st.add_argument("--reps", type=int, default=5, help="GX/pandas interleaved validations")
    st.add_argument("--cold-runs", type=int, default=5)
    st.add_argument("--folder", type=Path, default=None,
                    help="audit this folder instead of the seeds replicated to 1,000 documents")
    sc = sub.add_parser("scale", help="issue 4: generated corpora, wall, RSS, recall")
    sc.add_argument("--docs", type=int, nargs="+", default=[100, 1000, 10000])
    sc.add_argument("--runs", type=int, default=1)
    sc.add_argument("--seed", type=int, default=1)
    sc.add_argument("--rate", type=float, default=0.05)
    sc.add_argument("--timeout", type=float, default=900.0, help="cap per audit run (s)")
    pr = sub.add_parser("profile", help="cProfile of run_audit on the 1,000 seed copies")
    pr.add_argument("--top", type=int, default=15)
    pr.add_argument("--folder", type=Path, default=None,
                    help="profile this folder instead of the seeds replicated to 1,000 docs")
    so = sub.add_parser("score", help="recall of DIR/truth.json against OUT/findings.json")
    so.add_argument("corpus", type=Path)
    so.add_argument("out", type=Path)
    ap.add_argument("--checker-rev", default=None,
                    help="measure `git archive REV checker` (bench/extract.py) instead of the "
                         "working tree, which others may be editing")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    args.source = checker_source(args.checker_rev)
    if args.checker_rev:  # checker/rules/gx.py reads the suites from ../expectations/
        dest = ROOT / args.source["path"]
        if not (dest / "expectations").is_dir():
            archive = subprocess.run(["git", "archive", args.source["commit"], "expectations"],
                                     cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    print(f"checker measured: {args.source}", flush=True)
    if args.cmd == "stages":
        stages(args)
    elif args.cmd == "scale":
        scale(args)
    elif args.cmd == "profile":
        profile(args)
    else:
        print(json.dumps(score(args.corpus, args.out), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
