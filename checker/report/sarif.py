"""``findings.sarif``: SARIF 2.1.0 for code-scanning views.

Rules come from the registry (id, name, help); each finding is a result whose first
evidence span is its location and whose other spans are related locations. Offsets are
code points into the document text (``columnKind: unicodeCodePoints``); lines and columns
are computed from the same text (CR LF, CR and LF each end a line). ``partialFingerprints``
carries the finding id, ``baselineState`` its status (new → new, known → unchanged);
a waived finding carries an external suppression.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker.models import Document, Evidence, Finding
from checker.report.atomic import atomic_writer

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "checkerFindingId/v1"
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BASELINE = {"new": "new", "known": "unchanged", "waived": "unchanged"}


class LineIndex:
    """Code-point offset → 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def artifact_uri(path: str, root: Path) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative to ``root`` when the file lies under it."""
    p = Path(path)
    if not p.is_absolute():
        return quote(p.as_posix()), "SRCROOT"
    try:
        return quote(p.resolve().relative_to(root.resolve()).as_posix()), "SRCROOT"
    except ValueError:
        return p.resolve().as_uri(), None


def _pascal(title: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title))


def rule_descriptor(rule: Any) -> dict[str, Any]:
    sections = rule.sections()
    what = sections.get("What it checks", "").strip() or rule.title.get("en", rule.code)
    return {
        "id": rule.code,
        "name": _pascal(rule.title.get("en", rule.code)) or rule.code,
        "shortDescription": {"text": rule.title.get("en", rule.code)},
        "fullDescription": {"text": what},
        "help": {"text": rule.doc or what, "markdown": rule.doc or what},
        "defaultConfiguration": {"level": str(rule.defaults.get("severity", "warning"))
                                 if rule.defaults.get("severity") in ("error", "warning", "note")
                                 else "warning"},
        "properties": {"title_zh": rule.title.get("zh", ""), "version": rule.version,
                       "family": rule.family},
    }


def sarif_log(documents: Iterable[Document], findings: Iterable[Finding],
              rules: Mapping[str, Any] | None = None, *, root: Path | None = None,
              version: str = "", lengths: Mapping[str, int] | None = None) -> dict[str, Any]:
    """``lengths``: doc id → text length of the documents given without their text (the
    store's incremental audit loads only the texts findings quote)."""
    if rules is None:
        from checker.rules import registry

        rules = registry()
    root = root or Path.cwd()
    docs = list(documents)
    findings = list(findings)
    by_id = {d.id: d for d in docs}
    index = {d.id: i for i, d in enumerate(docs)}
    lines: dict[str, LineIndex] = {}
    codes = list(rules)
    codes += sorted({f.rule for f in findings} - set(codes))
    rule_index = {c: i for i, c in enumerate(codes)}
    descriptors = [rule_descriptor(rules[c]) if c in rules else
                   {"id": c, "shortDescription": {"text": c}} for c in codes]

    artifacts = []
    for d in docs:
        uri, base = artifact_uri(d.path, root)
        loc: dict[str, Any] = {"uri": uri}
        if base:
            loc["uriBaseId"] = base
        length = lengths[d.id] if lengths and d.id in lengths else len(d.text)
        artifacts.append({"location": loc, "length": length,
                          "encoding": d.encoding or "utf-8",
                          "hashes": {"sha-256": d.sha256}})

    def location(e: Evidence, n: int | None = None) -> dict[str, Any]:
        doc = by_id.get(e.doc)
        region: dict[str, Any] = {"charOffset": e.start, "charLength": e.end - e.start,
                                  "snippet": {"text": e.quote}}
        phys: dict[str, Any] = {"region": region}
        if doc is not None:
            li = lines.get(doc.id) or lines.setdefault(doc.id, LineIndex(doc.text))
            sl, sc = li.position(e.start)
            el, ec = li.position(e.end)
            region.update(startLine=sl, startColumn=sc, endLine=el, endColumn=ec)
            phys["artifactLocation"] = dict(artifacts[index[doc.id]]["location"],
                                            index=index[doc.id])
        else:
            phys["artifactLocation"] = {"uri": e.doc}
        out: dict[str, Any] = {"physicalLocation": phys}
        if n is not None:
            out["id"] = n
        return out

    results = []
    for f in findings:
        res: dict[str, Any] = {
            "ruleId": f.rule, "ruleIndex": rule_index[f.rule], "level": f.severity.value,
            "message": {"text": f.message},
            "locations": [location(f.evidence[0])] if f.evidence else [],
            "partialFingerprints": {FINGERPRINT: f.id},
            "properties": {"title": f.title, "explanation": f.explanation,
                           "values": f.values, "status": f.status,
                           "ruleVersion": f.rule_version},
        }
        if len(f.evidence) > 1:
            res["relatedLocations"] = [location(e, i) for i, e in enumerate(f.evidence[1:], 1)]
        if f.status in _BASELINE:
            res["baselineState"] = _BASELINE[f.status]
        if f.status == "waived":
            res["suppressions"] = [{"kind": "external", "status": "accepted",
                                    "justification": "waived in the --waivers file"}]
        results.append(res)

    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "checker", "rules": descriptors,
                                **({"version": version, "semanticVersion": version}
                                   if version else {})}},
            "originalUriBaseIds": {"SRCROOT": {"uri": root.resolve().as_uri() + "/"}},
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def write_sarif(path: Path, documents: Iterable[Document], findings: Iterable[Finding],
                *, root: Path | None = None, lengths: Mapping[str, int] | None = None) -> None:
    from checker import __version__

    log = sarif_log(documents, findings, root=root, version=__version__, lengths=lengths)
    # streamed: json.dumps with an indent joins millions of small pieces into one string
    # (~170 MB held at 10,000 documents); the file object buffers the pieces
    with atomic_writer(path) as fh:
        json.dump(log, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
