"""``junit.xml``: one testcase per rule per document, in the Ant/Jenkins JUnit shape.

``<testsuites>`` holds one ``<testsuite>`` per rule; each has one ``<testcase
classname="RULE" name="document path">`` per document. A document's new findings of that
rule are one ``<failure>`` (message: the first finding's, and how many more; body: every
finding with its evidence). Known and waived findings do not fail a testcase — as with the
exit code — and are listed in its ``<system-out>``. A cross-document finding belongs to
the document of its first evidence.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from checker.models import Document, Finding
from checker.report.atomic import write_text_atomic

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def _describe(f: Finding, paths: Mapping[str, str]) -> str:
    lines = [f"[{f.severity.value}] {f.rule} {f.id} ({f.status}): {f.message}"]
    for e in f.evidence:
        lines.append(f"  evidence {paths.get(e.doc, e.doc)}:{e.start}-{e.end}: {e.quote}")
    if f.explanation:
        lines.append(f"  {f.explanation}")
    return "\n".join(lines)


def junit_tree(documents: Iterable[Document], findings: Iterable[Finding],
               rules: Iterable[str] | None = None, *, seconds: float = 0.0) -> ET.Element:
    if rules is None:
        from checker.rules import registry

        rules = list(registry())
    docs = list(documents)
    findings = list(findings)
    paths = {d.id: d.path for d in docs}
    codes = list(dict.fromkeys([*rules, *sorted({f.rule for f in findings})]))
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.evidence:
            grouped[(f.rule, f.evidence[0].doc)].append(f)
    root = ET.Element("testsuites", name="checker")
    total = failures_total = 0
    for code in codes:
        suite = ET.SubElement(root, "testsuite", name=code)
        failures = 0
        for d in docs:
            case = ET.SubElement(suite, "testcase", classname=code, name=_clean(d.path),
                                 time="0")
            found = grouped.get((code, d.id), [])
            failing = [f for f in found if f.status == "new"]
            if failing:
                failures += 1
                first = failing[0]
                message = first.message + (f" (+{len(failing) - 1} more)"
                                           if len(failing) > 1 else "")
                fail = ET.SubElement(case, "failure", message=_clean(message),
                                     type=first.severity.value)
                fail.text = _clean("\n\n".join(_describe(f, paths) for f in failing))
            quiet = [f for f in found if f.status != "new"]
            if quiet:
                out = ET.SubElement(case, "system-out")
                out.text = _clean("\n\n".join(_describe(f, paths) for f in quiet))
        suite.set("tests", str(len(docs)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        total += len(docs)
        failures_total += failures
    root.set("tests", str(total))
    root.set("failures", str(failures_total))
    root.set("errors", "0")
    root.set("time", f"{seconds:.3f}")
    return root


def junit_xml(documents: Iterable[Document], findings: Iterable[Finding],
              rules: Iterable[str] | None = None, *, seconds: float = 0.0) -> str:
    tree = junit_tree(documents, findings, rules, seconds=seconds)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, "unicode") + "\n"


def write_junit(path: Path, documents: Iterable[Document], findings: Iterable[Finding],
                *, seconds: float = 0.0) -> None:
    write_text_atomic(path, junit_xml(documents, findings, seconds=seconds))


__all__ = ["junit_tree", "junit_xml", "write_junit"]
