"""audit.html at scale: size, render time and first paint in headless Chromium.

A synthetic audit is built directly (no extraction): the seeds' documents, claims and
timelines copied to N documents (each copy's text varied so compression sees distinct
texts) and F findings spread over them, each with two or four evidence spans at real claim
offsets. Then the page is rendered (Python) and opened from file:// in the system's
Chromium; the script reports file size, render seconds, and the browser's DOMContentLoaded,
load and first-contentful-paint times.

    python bench/report.py --documents 1000 --findings 5000 [--views-limit 1000]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from report_support import seeds_audit  # noqa: E402

from checker.models import Evidence, Finding, Severity  # noqa: E402
from checker.report.html import render_page  # noqa: E402
from checker.report.html_context import build_context  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
RULES = ["ARITH-SUM", "ARITH-RATIO", "TARGET-BEHIND", "TARGET-MISSED", "XDOC-MISMATCH"]


def synthetic(n_docs: int, n_findings: int, seed: int = 7) -> SimpleNamespace:
    rng = random.Random(seed)
    base = seeds_audit()
    docs, frames, timelines = [], [], []
    for i in range(n_docs):
        src = base.documents[i % len(base.documents)]
        # vary digits after the first line so every text differs, offsets unchanged
        text = "".join(str((int(c) + i) % 10) if c.isdigit() and rng.random() < 0.05 else c
                       for c in src.text) + f"\n{i}\n"  # distinct texts, same offsets
        sha = hashlib.sha256(text.encode()).hexdigest()
        doc = dataclasses.replace(src, id=sha[:12], sha256=sha, text=text,
                                  path=f"corpus/region{i // 4:04d}/{i:05d}.txt",
                                  meta=dataclasses.replace(src.meta, region=f"地区{i // 4:04d}"))
        docs.append(doc)
        c = base.claims[base.claims["doc"] == src.id].copy()
        c["doc"] = doc.id
        c["region"] = doc.meta.region
        frames.append(c)
        if i % 4 == 0:
            for t in base.timelines[:20]:
                timelines.append(json.loads(json.dumps(t, ensure_ascii=False).replace(
                    '"咸宁市"', json.dumps(doc.meta.region))))
    claims = pd.concat(frames, ignore_index=True)
    by_doc = {d: g[["start", "end", "quote"]].to_numpy().tolist()
              for d, g in claims.groupby("doc")}
    # each synthetic finding is worded in both languages as a real seeds finding is (its
    # message and steps, copied): the page carries as many words as a real audit's
    real = [f for f in base.findings if f.texts]
    findings = []
    for k in range(n_findings):
        doc = docs[k % n_docs]
        rows = by_doc[doc.id]
        j = rng.randrange(len(rows) - 4)
        spans = rows[j:j + rng.choice((2, 4))]
        rule = RULES[k % len(RULES)]
        ev = tuple(Evidence(doc.id, int(s), int(e), q) for s, e, q in spans)
        texts = real[k % len(real)].texts  # a real finding's words: their real lengths
        findings.append(Finding(
            id=hashlib.sha1(f"{k}".encode()).hexdigest()[:16], rule=rule, rule_version=1,
            severity=[Severity.ERROR, Severity.WARNING, Severity.NOTE][k % 3],
            title=texts["en"].title, message=texts["en"].message,
            evidence=ev, values={"stated": 1.5, "computed_low": 1.2, "computed_high": 1.3,
                                 "unit": "%", "verdict": "inconsistent"},
            explanation=texts["en"].explanation, texts=texts))
    return SimpleNamespace(documents=docs, claims=claims, findings=findings,
                           timelines=timelines, seconds={"total": 0.0})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--findings", type=int, default=5000)
    ap.add_argument("--views-limit", type=int, default=None,
                    help="documents above which only texts with findings are embedded "
                         "(default: checker/data/report.yaml)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-browser", action="store_true", help="size and render time only")
    args = ap.parse_args()
    result = synthetic(args.documents, args.findings)
    t = time.perf_counter()
    page = build_context(result, version="bench", generated=dt.datetime(2026, 1, 1),
                         full_view_limit=args.views_limit)
    t_ctx = time.perf_counter() - t
    t = time.perf_counter()
    html = render_page(page)
    t_render = time.perf_counter() - t
    out = args.out or Path(tempfile.mkdtemp()) / "audit.html"
    out.write_text(html, encoding="utf-8")
    size = out.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {"documents": args.documents, "findings": args.findings,
               "views": len(page.doc_blobs), "views_omitted": page.views_omitted,
               "bytes": size, "mb": round(size / 1e6, 1),
               "context_s": round(t_ctx, 2), "render_s": round(t_render, 2),
               "peak_rss_mb": round(peak_mb)}
    if args.no_browser:
        print(json.dumps(summary, indent=1))
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        runs = []
        for _ in range(3):
            pg = b.new_page(viewport={"width": 1280, "height": 900})
            errors = []
            pg.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            t = time.perf_counter()
            pg.goto(out.as_uri(), wait_until="load", timeout=120_000)
            wall = time.perf_counter() - t
            timing = pg.evaluate("""() => {
              const n = performance.getEntriesByType('navigation')[0];
              const fcp = performance.getEntriesByName('first-contentful-paint')[0];
              const ready = performance.getEntriesByName('checker-ready')[0];
              return {fcp: fcp ? fcp.startTime : null,
                      interactive: ready ? ready.startTime : null,
                      dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd};
            }""")
            t = time.perf_counter()
            pg.select_option("#f-severity", "error")
            t_filter = time.perf_counter() - t
            t = time.perf_counter()  # the language switch, with every finding's text
            pg.click("#lang-switch")
            pg.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            t_switch = time.perf_counter() - t
            runs.append({"wall_load_s": round(wall, 2), **{k: round(v / 1000, 2) if v else v
                         for k, v in timing.items()}, "filter_s": round(t_filter, 2),
                         "switch_s": round(t_switch, 2), "errors": errors})
            pg.close()
        b.close()
    print(json.dumps(summary | {"browser": runs}, indent=1))


if __name__ == "__main__":
    main()
