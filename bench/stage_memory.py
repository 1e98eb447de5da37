"""Time and memory of each audit stage, in one process (issue 4: where a large audit goes).

    python bench/stage_memory.py bench/out/gen-10000 /tmp/stage-out

Runs ``checker.audit.run_audit`` (its ``on_stage`` hook marks extraction, linking, keying
and tracks, comparisons, the reconciliation frame, GX rules, timelines, findings), then
each output file of ``write_outputs``, and prints, after each, its wall seconds and the
process's resident memory now (VmRSS) and at its peak so far (VmHWM). Extraction and
linking also run in worker processes, whose memory is not counted here.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T0 = time.perf_counter()


def mark(label: str, since: float) -> float:
    mem = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            key, value = line.split(":")
            mem[key] = int(value.split()[0]) // 1024
    now = time.perf_counter()
    print(f"{label:44} {now - since:7.1f} s  rss {mem['VmRSS']:6} MB  "
          f"peak {mem['VmHWM']:6} MB  (t={now - T0:.0f} s)", flush=True)
    return time.perf_counter()


def main() -> None:
    from checker.audit import run_audit
    from checker.config import load_config
    from checker.report.findings_json import write_claims_csv, write_findings_json
    from checker.report.html import write_audit_html
    from checker.report.junit import write_junit
    from checker.report.sarif import write_sarif

    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    t = mark("imports", T0)

    def stage(label: str) -> None:
        nonlocal t
        t = mark(label, t)

    result = run_audit([folder], load_config(None), lang="zh", on_stage=stage)
    documents, findings = result.documents, result.findings
    out.mkdir(parents=True, exist_ok=True)
    write_findings_json(out / "findings.json", documents, findings, result.timelines)
    stage("findings.json")
    write_claims_csv(out / "claims.csv", result.claims)
    stage("claims.csv")
    write_sarif(out / "findings.sarif", documents, findings)
    stage("findings.sarif")
    write_junit(out / "junit.xml", documents, findings, seconds=time.perf_counter() - T0)
    stage("junit.xml")
    write_audit_html(out / "audit.html", result, lang="zh")
    stage("audit.html")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
