"""Time and memory of each audit stage, in one process (issue 4: where a large audit goes).

    python bench/stage_memory.py bench/out/gen-10000 /tmp/stage-out

Runs the steps of ``checker.audit.run_audit`` + ``write_outputs`` one by one (extraction,
linking, keying, tracks, comparisons, the reconciliation frame, GX rules, findings,
timelines, then each output file) and prints, after each, its wall seconds and the
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
    print(f"{label:30} {now - since:7.1f} s  rss {mem['VmRSS']:6} MB  "
          f"peak {mem['VmHWM']:6} MB  (t={now - T0:.0f} s)", flush=True)
    return time.perf_counter()


def main() -> None:
    import pandas as pd

    import checker.audit as A
    from checker import columns as C
    from checker.config import load_config
    from checker.findings import build_findings
    from checker.frames import trim_heap
    from checker.link import release_caches
    from checker.link.corpus import link_corpus
    from checker.pipeline import extract_paths
    from checker.reconcile import checks as RC
    from checker.reconcile.comparisons import compare_keyed
    from checker.reconcile.keys import keyed
    from checker.reconcile.report import timeline_records
    from checker.reconcile.timelines import tracks
    from checker.report.findings_json import write_claims_csv, write_findings_json
    from checker.report.html import write_audit_html
    from checker.report.junit import write_junit
    from checker.report.sarif import write_sarif

    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    t = mark("imports", T0)
    config = load_config(None)
    params = config.rule_params()
    ex = extract_paths([folder], indicators=config.indicators())
    documents, claims = ex.documents, ex.claims
    trim_heap()
    t = mark(f"extract ({len(claims)} claims)", t)
    texts = {d.id: d.text for d in documents}
    by_doc = {d.id: d for d in documents}
    checks = link_corpus(claims, texts, params)
    trim_heap()
    t = mark(f"link ({len(checks.frame)} checks)", t)
    k = keyed(claims, by_doc)
    t = mark(f"keyed ({len(k)} claims)", t)
    timeline = tracks(k)
    t = mark(f"tracks ({len(timeline)})", t)
    comparisons = compare_keyed(k, timeline, by_doc, params)
    t = mark(f"compare ({len(comparisons)})", t)
    xframe, by_id = RC.to_frame(comparisons, claims)
    release_caches()
    trim_heap()
    t = mark("reconcile frame", t)
    frame = pd.concat([checks.frame, xframe], ignore_index=True)
    flagged = A.judge_checks(frame, params, engine="gx")
    t = mark("rules (GX import included)", t)
    arith = flagged[flagged[C.CHECK_ID].isin(checks.frame[C.CHECK_ID])]
    cross = flagged[flagged[C.CHECK_ID].isin(list(by_id))]
    findings = build_findings(arith, checks, claims, params, "zh")
    findings += RC.build_findings(cross, by_id, claims, params, "zh")
    t = mark(f"findings ({len(findings)})", t)
    timelines = timeline_records(k, timeline, by_id, set(cross[C.CHECK_ID]))
    t = mark("timelines", t)
    result = A.AuditResult(documents, claims, checks, findings, timelines=timelines,
                           comparisons=by_id)
    out.mkdir(parents=True, exist_ok=True)
    write_findings_json(out / "findings.json", documents, findings, timelines)
    t = mark("findings.json", t)
    write_claims_csv(out / "claims.csv", claims)
    t = mark("claims.csv", t)
    write_sarif(out / "findings.sarif", documents, findings)
    t = mark("findings.sarif", t)
    write_junit(out / "junit.xml", documents, findings, seconds=time.perf_counter() - T0)
    t = mark("junit.xml", t)
    write_audit_html(out / "audit.html", result, lang="zh")
    mark("audit.html", t)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
