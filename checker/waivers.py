"""``--waivers waivers.yaml`` (INTERFACES.md): accepted findings, with who and why.

    - id: 3f2a9c0d1b7e4a55          # one finding, by its fingerprint
      reason: the bulletin rounds each part before adding
      reviewer: zhang.wei
      expires: 2027-03-31           # optional, YYYY-MM-DD; applies through that day
    - rule: ARITH-SUM               # or: a rule in some documents
      document: "bulletins/*.txt"   # a path glob, or a sha256 (or its first 12+ digits)
      indicator: gdp                # optional
      reason: …
      reviewer: …

A waiver past its date stops applying and is reported ``expired``; one that matches no
finding is reported ``stale``; the others ``applied``. Bad YAML, an entry without reason or
reviewer, a bad date or an unknown key is a bad input. Pure functions apart from
:func:`load_waivers`.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from checker import columns as C
from checker.errors import BadInput, read_option_file
from checker.models import Document, Finding

_KEYS = {"id", "rule", "document", "indicator", "reason", "reviewer", "expires"}
_SHA = re.compile(r"[0-9a-f]{12,64}")


class BadWaivers(BadInput):
    pass


@dataclass(frozen=True)
class Waiver:
    entry: int  # 1-based position in the file
    reason: str
    reviewer: str
    expires: dt.date | None = None
    id: str | None = None
    rule: str | None = None
    document: str | None = None
    indicator: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"entry": self.entry}
        for key in ("id", "rule", "document", "indicator", "reason", "reviewer"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.expires is not None:
            out["expires"] = self.expires.isoformat()
        return out


def load_waivers(path: Path) -> list[Waiver]:
    import yaml

    where = str(path)
    text = read_option_file(path, BadWaivers)
    try:
        # every scalar as written: an id like 0123… or 1e5… must stay a string
        data = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise BadWaivers(where, f"not valid YAML{at}") from None
    return parse_waivers(data, where)


def parse_waivers(data: Any, where: str = "waivers") -> list[Waiver]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise BadWaivers(where, "expected a list of waivers")
    return [_waiver(i + 1, entry, where) for i, entry in enumerate(data)]


def _text(entry: Mapping[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _waiver(n: int, entry: Any, where: str) -> Waiver:
    def bad(problem: str) -> BadWaivers:
        return BadWaivers(where, f"waiver #{n}: {problem}")

    if not isinstance(entry, dict):
        raise bad("expected a mapping (id or rule+document, reason, reviewer)")
    unknown = set(map(str, entry)) - _KEYS
    if unknown:
        raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("reason", "reviewer"):
        if _text(entry, key) is None:
            raise bad(f"missing {key}")
    expires = entry.get("expires")
    if expires is not None and not isinstance(expires, dt.date):
        try:
            expires = dt.date.fromisoformat(str(expires).strip())
        except ValueError:
            raise bad(f"expires {expires!r} is not a date (YYYY-MM-DD)") from None
    if isinstance(expires, dt.datetime):
        expires = expires.date()
    fid, rule, document = _text(entry, "id"), _text(entry, "rule"), _text(entry, "document")
    if fid is not None and (rule or document):
        raise bad("give either id, or rule and document, not both")
    if fid is None and not (rule and document):
        raise bad("needs id, or rule and document")
    return Waiver(n, _text(entry, "reason") or "", _text(entry, "reviewer") or "", expires,
                  fid, rule.upper() if rule else None, document, _text(entry, "indicator"))


def finding_indicators(findings: Iterable[Finding], claims: pd.DataFrame
                       ) -> dict[str, set[str]]:
    """Finding id → the indicators (canonical and as written) of its evidence claims."""
    index: dict[tuple[str, int], set[str]] = {}
    if len(claims):
        for doc, start, ind, raw in zip(claims[C.DOC], claims[C.START], claims[C.INDICATOR],
                                        claims[C.INDICATOR_RAW], strict=True):
            index.setdefault((str(doc), int(start)), set()).update({str(ind), str(raw)})
    return {f.id: set().union(*(index.get((e.doc, e.start), set()) for e in f.evidence))
            for f in findings}


def _doc_matches(pattern: str, doc: Document) -> bool:
    p = pattern.lower()
    if _SHA.fullmatch(p):
        return doc.sha256.startswith(p)
    return fnmatch.fnmatchcase(doc.path, pattern) or fnmatch.fnmatchcase(
        doc.path.replace("\\", "/"), pattern)


def matches(w: Waiver, f: Finding, documents: Mapping[str, Document],
            indicators: Mapping[str, set[str]]) -> bool:
    if w.id is not None:
        return f.id == w.id
    if f.rule != w.rule:
        return False
    docs = [documents[e.doc] for e in f.evidence if e.doc in documents]
    if not any(_doc_matches(w.document or "", d) for d in docs):
        return False
    return w.indicator is None or w.indicator in indicators.get(f.id, set())


def apply_waivers(findings: Iterable[Finding], waivers: Iterable[Waiver],
                  documents: Mapping[str, Document], indicators: Mapping[str, set[str]],
                  today: dt.date) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Findings with waived ones marked ``waived``; and each waiver's state and matches."""
    findings = list(findings)
    waived: set[str] = set()
    report: list[dict[str, Any]] = []
    for w in waivers:
        hit = sorted({f.id for f in findings if matches(w, f, documents, indicators)})
        expired = w.expires is not None and today > w.expires
        state = "expired" if expired else "applied" if hit else "stale"
        if state == "applied":
            waived.update(hit)
        report.append(w.as_dict() | {"state": state, "findings": hit})
    return [replace(f, status="waived") if f.id in waived else f for f in findings], report
