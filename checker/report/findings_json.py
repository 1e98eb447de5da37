"""``findings.json`` (schema ``checker.findings/1``, INTERFACES.md) and ``claims.csv``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from checker.models import Document, Finding
from checker.report.atomic import atomic_writer

SCHEMA = "checker.findings/1"


def document_entry(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "path": doc.path, "sha256": doc.sha256, "kind": doc.meta.kind.value,
            "region": doc.meta.region, "year": doc.meta.year, "period": doc.meta.period,
            "title": doc.meta.title}


def finding_entry(f: Finding) -> dict[str, Any]:
    """The contract's fields (``message`` etc. in the audit's ``--lang``), and ``i18n``: the
    title, message and explanation in every language (an added key, which consumers that
    do not know it ignore; the store and the HTML audit read it)."""
    entry = {"id": f.id, "rule": f.rule, "rule_version": f.rule_version,
             "severity": f.severity.value, "status": f.status, "title": f.title,
             "message": f.message,
             "evidence": [{"doc": e.doc, "start": e.start, "end": e.end, "quote": e.quote}
                          for e in f.evidence],
             "values": f.values, "explanation": f.explanation}
    if f.texts:
        entry["i18n"] = {lang: {"title": w.title, "message": w.message,
                                "explanation": w.explanation} for lang, w in f.texts.items()}
    return entry


def findings_document(documents: Iterable[Document], findings: Iterable[Finding],
                      timelines: Iterable[dict[str, Any]] = (), *,
                      fixed: Iterable[str] = (),
                      waivers: Iterable[dict[str, Any]] | None = None) -> dict[str, Any]:
    from checker import __version__

    out = {"schema": SCHEMA, "tool": {"name": "checker", "version": __version__},
           "documents": [document_entry(d) for d in documents],
           "findings": [finding_entry(f) for f in findings],
           "fixed": list(fixed), "timelines": list(timelines)}
    if waivers is not None:  # --waivers given: each waiver's state (applied|expired|stale)
        out["waivers"] = list(waivers)
    return out


def write_findings_json(path: Path, documents: Iterable[Document],
                        findings: Iterable[Finding],
                        timelines: Iterable[dict[str, Any]] = (), *,
                        fixed: Iterable[str] = (),
                        waivers: Iterable[dict[str, Any]] | None = None) -> None:
    body = findings_document(documents, findings, timelines, fixed=fixed, waivers=waivers)
    with atomic_writer(path) as fh:  # streamed: at 10,000 documents the text is ~100 MB
        json.dump(body, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def write_claims_csv(path: Path, claims: pd.DataFrame) -> None:
    with atomic_writer(path) as fh:  # streamed in chunks: 2 million rows are ~350 MB
        claims.to_csv(fh, index=False, lineterminator="\n")
