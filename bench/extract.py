"""Extraction throughput: checker against a bare regex scan and Microsoft Recognizers-Text.

    python bench/extract.py                 # 20 MB corpus, 5 interleaved runs (BENCHMARKS.md)
    python bench/extract.py --quick         # 2 MB, 3 runs: CI smoke
    python bench/extract.py --profile       # cProfile of in-process extraction on ~2 MB
    python bench/extract.py --checker-rev HEAD   # measure a committed checker, not the tree
    python bench/extract.py --checker-rev HEAD --baseline-rev ee6a41b   # and an older one

``--checker-rev REV`` exports ``git archive REV checker`` to ``bench/out/checker-REV/`` and
puts it first on PYTHONPATH for every child (and for ``--profile``), so edits in progress in
the working tree cannot leak into the figures; without it, whatever ``import checker``
finds is measured (the editable install: the working tree as it is).

The seeds (``seeds/*.txt`` + manifest) are replicated to ``--size-mb`` under ``bench/out/``
(git-ignored). Every contender runs as its own child process, timed by wall clock from spawn
to exit; peak RSS comes from ``os.wait4`` for that child alone. Runs are interleaved (A B C …
A B C …) so machine noise hits all alike; figures are medians. The table goes to stdout and
the same numbers to ``bench/out/extract.json`` (``extract-quick.json`` with ``--quick``).

Contenders:
  bare-regex      python -c: read every file, count ``regex.finditer(r"[0-9]+(?:\\.[0-9]+)?")``
  checker-cli     ``checker extract DIR --format csv > /dev/null``
  checker-inproc  ``checker.pipeline.extract_paths([DIR])`` timed inside the child
  rt-percent      Recognizers-Text percentage model, Culture.Chinese
  rt-number       Recognizers-Text number model, Culture.Chinese
  rt-currency     Recognizers-Text number-with-unit currency model, on a smaller sample
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import hashlib
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402  (bench/ is not a package)

SEEDS = ROOT / "seeds"
OUT = HERE / "out"
WORKERS = HERE / "_workers.py"
ENV = dict(os.environ)  # for every child; --checker-rev prepends PYTHONPATH
# Peak RSS per child. GNU time forks the child from a ~2 MB process. os.wait4's ru_maxrss
# would be the fallback, but Linux carries the forking parent's RSS high-water mark across
# exec, so it reports at least this script's own RSS (~30 MB) for every child.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None
RSS_SOURCE = ("GNU time %M (/usr/bin/time)" if GNU_TIME else
              "os.wait4 ru_maxrss (floor: the benchmark parent's own RSS)")

# Targets (BENCHMARKS.md): checker whole process within 20x the bare scan's time, and at
# least 3x the Recognizers-Text percentage model's throughput.
MAX_SLOWDOWN_VS_BARE = 20.0
MIN_SPEEDUP_VS_RT_PERCENT = 3.0
ABS_TARGET_MBPS = 5.5  # 110 MB/s bare scan / 20, as the target was first stated

BARE_SCAN = """\
import sys, time, pathlib, regex
t0 = time.perf_counter()
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt")):
    n += sum(1 for _ in regex.finditer(r"[0-9]+(?:\\.[0-9]+)?", p.read_text(encoding="utf-8")))
print('{"work_s": %.6f, "count": %d}' % (time.perf_counter() - t0, n))
"""


@dataclass
class Contender:
    name: str
    describe: str
    argv: list[str]
    corpus: _corpus.Corpus
    reports_json: bool = True  # the child prints {"work_s", "count", …}
    count: int | None = None  # known beforehand (checker-cli: the verified CSV row count)
    env: dict[str, str] | None = None  # the child's environment, when not ENV
    runs: list[dict[str, float]] = field(default_factory=list)


@dataclass
class ChildRun:
    wall_s: float
    maxrss_mb: float
    stdout: str


def run_child(argv: list[str], stdout_path: str | None, read: bool = True,
              env: dict[str, str] | None = None) -> ChildRun:
    """Spawn, wait with ``os.wait4`` (this child's own rusage), return wall time and RSS.

    The child runs in ``bench/out`` so ``python -c`` does not import ``checker`` from the
    repository root ahead of PYTHONPATH (``--checker-rev``).
    """
    err_path = OUT / "child-stderr.txt"
    rss_path = OUT / "child-rss.txt"
    out_target = stdout_path or os.devnull
    if GNU_TIME:
        argv = [GNU_TIME, "-f", "%M", "-o", str(rss_path), *argv]
    with open(out_target, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=OUT,
            env=ENV if env is None else env,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(err_path.read_text(errors="replace")[-4000:])
        raise SystemExit(f"child failed with exit code {proc.returncode}: {' '.join(argv)}")
    text = Path(stdout_path).read_text() if stdout_path and read else ""
    rss_kib = int(rss_path.read_text().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return ChildRun(wall, rss_kib / 1024, text)


def checker_command() -> list[str]:
    # The console script next to this interpreter (a venv's, or pyenv's real one rather
    # than its shell shim, whose own start-up would be charged to checker).
    script = Path(sys.executable).parent / "checker"
    if script.is_file():
        return [str(script)]
    found = shutil.which("checker")
    return [found] if found else [sys.executable, "-m", "checker"]


def measure(contender: Contender) -> dict[str, float]:
    stdout_path = str(OUT / "child-stdout.txt") if contender.reports_json else None
    child = run_child(contender.argv, stdout_path, env=contender.env)
    row: dict[str, float] = {"wall_s": child.wall_s, "maxrss_mb": child.maxrss_mb}
    if contender.reports_json:
        row.update(json.loads(child.stdout.strip().splitlines()[-1]))
    if contender.count is not None:
        row["count"] = contender.count
    contender.runs.append(row)
    return row


def summarise(c: Contender) -> dict[str, object]:
    walls = [r["wall_s"] for r in c.runs]
    wall = statistics.median(walls)
    out: dict[str, object] = {
        "describe": c.describe,
        "corpus_mb": round(c.corpus.mb, 3),
        "corpus_files": c.corpus.files,
        "runs": len(walls),
        "wall_s_median": wall,
        "wall_s_min": min(walls),
        "wall_s_max": max(walls),
        "mb_per_s": c.corpus.mb / wall,
        "maxrss_mb_median": statistics.median(r["maxrss_mb"] for r in c.runs),
        "maxrss_mb_max": max(r["maxrss_mb"] for r in c.runs),
        "raw": c.runs,
    }
    works = [r["work_s"] for r in c.runs if "work_s" in r]
    if works:
        work = statistics.median(works)
        out["work_s_median"] = work
        out["work_mb_per_s"] = c.corpus.mb / work
    setups = [r["setup_s"] for r in c.runs if "setup_s" in r]
    if setups:
        out["setup_s_median"] = statistics.median(setups)
    counts = {int(r["count"]) for r in c.runs if "count" in r}
    if counts:
        if len(counts) != 1:
            raise SystemExit(f"{c.name}: count differs between runs: {sorted(counts)}")
        count = counts.pop()
        out["count"] = count
        out["count_per_s"] = count / wall
        if works:
            out["work_count_per_s"] = count / statistics.median(works)
    return out


def machine() -> dict[str, object]:
    info: dict[str, object] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_total_gib"] = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    versions = {}
    for dist in ("checker", "regex", "pandas", "recognizers-text", "recognizers-text-number",
                 "recognizers-text-number-with-unit"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    info["versions"] = versions
    try:
        info["repo_head"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        info["repo_head"] = None
    return info


def fmt(x: object, spec: str) -> str:
    return "—" if x is None else format(x, spec)


def print_table(summary: dict[str, dict[str, object]]) -> None:
    head = (f"{'contender':<15} {'MB':>6} {'wall s':>8} {'MB/s':>7} {'work s':>8} "
            f"{'work MB/s':>9} {'count':>8} {'count/s':>9} {'RSS MB':>7} {'wall min–max':>15}")
    print(head)
    print("-" * len(head))
    for name, s in summary.items():
        spread = f"{s['wall_s_min']:.2f}–{s['wall_s_max']:.2f}"
        print(
            f"{name:<15} {s['corpus_mb']:>6.1f} {s['wall_s_median']:>8.2f} "
            f"{s['mb_per_s']:>7.2f} {fmt(s.get('work_s_median'), '8.2f'):>8} "
            f"{fmt(s.get('work_mb_per_s'), '9.2f'):>9} {fmt(s.get('count'), '8d'):>8} "
            f"{fmt(s.get('count_per_s'), '9.0f'):>9} {s['maxrss_mb_median']:>7.0f} {spread:>15}"
        )


def export_rev(rev: str) -> tuple[str, Path]:
    """``git archive REV checker`` under ``bench/out/checker-SHA/``: (full sha, folder)."""
    sha = subprocess.run(["git", "rev-parse", rev], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    dest = OUT / f"checker-{sha[:12]}"
    if not (dest / "checker" / "__init__.py").is_file():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "checker"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return sha, dest


def checker_source(rev: str | None) -> dict[str, object]:
    """Which checker is measured; with ``rev``, export it and put it first on PYTHONPATH."""
    if rev is None:
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "checker"], cwd=ROOT, capture_output=True,
            text=True, check=False,
        ).stdout.strip()
        return {"from": "installed package (working tree)", "uncommitted_changes": bool(dirty)}
    sha, dest = export_rev(rev)
    ENV["PYTHONPATH"] = os.pathsep.join(p for p in (str(dest), ENV.get("PYTHONPATH")) if p)
    sys.path.insert(0, str(dest))
    return {"from": f"git archive {rev}", "commit": sha, "path": str(dest.relative_to(ROOT))}


def verify_counts(big: _corpus.Corpus, cli: list[str]) -> dict[str, object]:
    """Untimed warm-up: CLI CSV rows == in-process claims == copies × claims of the seeds."""
    probe = run_child([sys.executable, "-c", "import checker; print(checker.__file__)"],
                      str(OUT / "child-stdout.txt"))
    module = probe.stdout.strip()
    seeds = run_child([sys.executable, str(WORKERS), "checker", str(SEEDS)],
                      str(OUT / "child-stdout.txt"))
    seed_claims = int(json.loads(seeds.stdout)["count"])
    csv_path = OUT / "checker-extract.csv"
    run_child([*cli, "extract", str(big.folder), "--format", "csv"], str(csv_path), read=False)
    with csv_path.open(encoding="utf-8", newline="") as fh:
        csv_rows = sum(1 for _ in csv.reader(fh)) - 1
    csv_path.unlink()
    expected = seed_claims * big.copies
    if csv_rows != expected:
        raise SystemExit(f"checker CSV has {csv_rows} rows, expected {expected} "
                         f"({seed_claims} seed claims × {big.copies} copies)")
    return {"seed_claims": seed_claims, "csv_rows": csv_rows, "checker_module": module}


def same_csv(a: Contender, b: Contender) -> bool:
    """Untimed: whether two CLI contenders print byte-identical CSV."""
    digests = []
    for c in (a, b):
        path = OUT / "checker-extract.csv"
        run_child(c.argv, str(path), read=False, env=c.env)
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
        path.unlink()
    return digests[0] == digests[1]


def bench(args: argparse.Namespace) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    source = checker_source(args.checker_rev)
    big = _corpus.build(SEEDS, OUT / f"corpus-{args.size_mb:g}mb", int(args.size_mb * 1e6))
    small = _corpus.build(SEEDS, OUT / f"corpus-{args.slow_sample_mb:g}mb",
                          int(args.slow_sample_mb * 1e6))
    cli = checker_command()
    py = sys.executable
    contenders = [
        Contender("bare-regex", "python -c: regex.finditer numbers over every file (whole "
                  "process)", [py, "-c", BARE_SCAN, str(big.folder)], big),
        Contender("checker-cli", "checker extract DIR --format csv > /dev/null (whole process)",
                  [*cli, "extract", str(big.folder), "--format", "csv"], big, reports_json=False),
        Contender("checker-inproc", "checker.pipeline.extract_paths([DIR]) (child process; "
                  "work_s timed inside)", [py, str(WORKERS), "checker", str(big.folder)], big),
    ]
    if args.baseline_rev:
        # the same command with another commit's checker, in the same interleaved runs
        sha, dest = export_rev(args.baseline_rev)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(dest), os.environ.get("PYTHONPATH")) if p)
        source["baseline"] = {"from": f"git archive {args.baseline_rev}", "commit": sha}
        contenders.insert(2, Contender(
            "checker-cli-base", f"checker extract DIR --format csv > /dev/null at "
            f"{sha[:7]} (whole process)", [*cli, "extract", str(big.folder), "--format", "csv"],
            big, reports_json=False, env=env))
    if not args.no_recognizers:
        contenders += [
            Contender("rt-percent", "Recognizers-Text percentage model, Culture.Chinese",
                      [py, str(WORKERS), "rt-percent", str(big.folder)], big),
            Contender("rt-number", "Recognizers-Text number model, Culture.Chinese",
                      [py, str(WORKERS), "rt-number", str(big.folder)], big),
            Contender("rt-currency", "Recognizers-Text number-with-unit currency model, "
                      "Culture.Chinese (smaller sample)",
                      [py, str(WORKERS), "rt-currency", str(small.folder)], small),
        ]

    print(f"corpus: {big.files} files, {big.mb:.2f} MB ({big.copies} copies of "
          f"{big.seed_files} seeds, {big.seed_bytes / 1e3:.0f} KB) in {big.folder}")
    if not args.no_recognizers:
        print(f"slow sample (rt-currency): {small.files} files, {small.mb:.2f} MB")
    print(f"checker command: {' '.join(cli)}", flush=True)
    checks = verify_counts(big, cli)
    source["module"] = checks.pop("checker_module")
    print(f"checker measured: {source}", flush=True)
    if args.baseline_rev:
        checks["baseline_csv_identical"] = same_csv(contenders[1], contenders[2])
        print(f"check: baseline CSV byte-identical: {checks['baseline_csv_identical']}",
              flush=True)
    for c in contenders:  # checker-cli (and its baseline): rows of the verified CSV
        if c.name.startswith("checker-cli"):
            c.count = checks["csv_rows"]
    print(f"check: {checks['csv_rows']} CSV rows = {checks['seed_claims']} seed claims × "
          f"{big.copies} copies", flush=True)

    started = dt.datetime.now(dt.UTC)
    for i in range(args.runs):
        for c in contenders:
            row = measure(c)
            print(f"  run {i + 1}/{args.runs} {c.name:<15} {row['wall_s']:7.2f} s",
                  file=sys.stderr, flush=True)

    summary = {c.name: summarise(c) for c in contenders}
    cli_s, bare_s = summary["checker-cli"], summary["bare-regex"]
    slowdown = cli_s["wall_s_median"] / bare_s["wall_s_median"]
    ratios: dict[str, object] = {
        "checker_cli_time_over_bare_regex": slowdown,
        **({"checker_cli_base_time_over_checker_cli":
            summary["checker-cli-base"]["wall_s_median"] / cli_s["wall_s_median"]}
           if "checker-cli-base" in summary else {}),
        "checker_inproc_work_over_bare_regex_work": (
            summary["checker-inproc"]["work_s_median"] / bare_s["work_s_median"]),
    }
    targets: dict[str, object] = {
        "checker_cli_within_20x_bare_regex": {
            "target": f"<= {MAX_SLOWDOWN_VS_BARE:g}x", "measured": slowdown,
            "met": slowdown <= MAX_SLOWDOWN_VS_BARE},
        "checker_cli_at_least_5_5_mb_per_s": {
            "target": f">= {ABS_TARGET_MBPS} MB/s", "measured": cli_s["mb_per_s"],
            "met": cli_s["mb_per_s"] >= ABS_TARGET_MBPS},
    }
    if "rt-percent" in summary:
        rt = summary["rt-percent"]
        speedup = cli_s["mb_per_s"] / rt["mb_per_s"]
        ratios["checker_cli_mb_s_over_rt_percent_mb_s"] = speedup
        ratios["checker_inproc_work_mb_s_over_rt_percent_work_mb_s"] = (
            summary["checker-inproc"]["work_mb_per_s"] / rt["work_mb_per_s"])
        targets["checker_cli_at_least_3x_rt_percent"] = {
            "target": f">= {MIN_SPEEDUP_VS_RT_PERCENT:g}x", "measured": speedup,
            "met": speedup >= MIN_SPEEDUP_VS_RT_PERCENT}

    print()
    print(f"medians of {args.runs} interleaved runs; MB = 10^6 bytes; 'wall' = whole process "
          "(spawn to exit), 'work' = timed inside the child (no imports/model build); "
          f"checker-cli count = rows of its verified CSV; RSS = {RSS_SOURCE}")
    print_table(summary)
    print()
    for name, value in ratios.items():
        print(f"{name:<52} {value:8.2f}x")
    for name, t in targets.items():
        print(f"target {name:<45} {t['target']:>12}  measured {t['measured']:7.2f}  "
              f"{'MET' if t['met'] else 'MISSED'}")

    result = {
        "command": "python bench/extract.py " + " ".join(sys.argv[1:]),
        "started_utc": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "checker": source,
        "peak_rss_from": RSS_SOURCE,
        "settings": {"size_mb": args.size_mb, "runs": args.runs,
                     "slow_sample_mb": args.slow_sample_mb, "quick": args.quick},
        "corpus": {"folder": str(big.folder.relative_to(ROOT)), "files": big.files,
                   "mb": big.mb, "copies": big.copies, "seed_files": big.seed_files,
                   "seed_bytes": big.seed_bytes, **checks},
        "slow_sample": {"folder": str(small.folder.relative_to(ROOT)), "files": small.files,
                        "mb": small.mb},
        "results": summary,
        "ratios": ratios,
        "targets": targets,
    }
    path = OUT / ("extract-quick.json" if args.quick else "extract.json")
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {path.relative_to(ROOT)}")


def profile(args: argparse.Namespace) -> None:
    """cProfile of ``extract_paths`` on ~``--size-mb`` (default 2), in one process: top
    functions by cumulative and by own time."""
    OUT.mkdir(parents=True, exist_ok=True)
    source = checker_source(args.checker_rev)
    corpus = _corpus.build(SEEDS, OUT / f"corpus-{args.size_mb:g}mb", int(args.size_mb * 1e6))
    import checker
    from checker.pipeline import extract_paths

    print(f"checker measured: {source} ({checker.__file__})")
    # One process: worker processes would leave the profile with nothing but waiting.
    os.environ["CHECKER_JOBS"] = "1"
    extract_paths([SEEDS])  # warm the lazy caches (patterns, catalogue) outside the profile
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    claims = len(extract_paths([corpus.folder]).claims)
    prof.disable()
    wall = time.perf_counter() - t0
    print(f"profiled extract_paths on {corpus.files} files, {corpus.mb:.2f} MB: {claims} "
          f"claims in {wall:.2f} s under cProfile")
    for order in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(order).print_stats(args.top)
        print(buf.getvalue())
    prof.dump_stats(str(OUT / "extract.prof"))
    print(f"wrote {(OUT / 'extract.prof').relative_to(ROOT)} (snakeviz/pstats)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=None, help="corpus size (default 20)")
    ap.add_argument("--runs", type=int, default=None, help="interleaved runs (default 5)")
    ap.add_argument("--slow-sample-mb", type=float, default=None,
                    help="sample for the currency model, ~0.1-0.2 MB/s (default 1)")
    ap.add_argument("--quick", action="store_true",
                    help="CI smoke: 2 MB, 3 runs, 0.5 MB currency sample")
    ap.add_argument("--no-recognizers", action="store_true",
                    help="skip the Recognizers-Text contenders (bench extra not installed)")
    ap.add_argument("--profile", action="store_true",
                    help="profile in-process extraction instead (default ~2 MB)")
    ap.add_argument("--checker-rev", default=None,
                    help="measure `git archive REV checker` instead of the working tree")
    ap.add_argument("--baseline-rev", default=None,
                    help="also time `checker extract` of this commit, interleaved")
    ap.add_argument("--top", type=int, default=15, help="--profile: rows to print")
    args = ap.parse_args()
    quick_or_profile = args.quick or args.profile
    if args.size_mb is None:
        args.size_mb = 2.0 if quick_or_profile else 20.0
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    if args.slow_sample_mb is None:
        args.slow_sample_mb = 0.5 if args.quick else 1.0
    if args.profile:
        profile(args)
    else:
        bench(args)


if __name__ == "__main__":
    main()
