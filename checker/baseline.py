"""``--baseline findings.json``: findings already accepted are *known*, not new.

A baseline is a ``findings.json`` of an earlier run (any status); its finding ids are the
known ones. Pure functions apart from :func:`load_baseline`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from checker.errors import BadInput, read_option_file
from checker.models import Finding


class BadBaseline(BadInput):
    pass


def load_baseline(path: Path) -> set[str]:
    where = str(path)
    text = read_option_file(path, BadBaseline)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadBaseline(where, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BadBaseline(where, "not a findings.json (no 'findings' list)")
    ids = set()
    for i, f in enumerate(data["findings"]):
        if not isinstance(f, dict) or not isinstance(f.get("id"), str):
            raise BadBaseline(where, f"finding #{i + 1} has no string 'id'")
        ids.add(f["id"])
    return ids


def mark_known(findings: Iterable[Finding], known: set[str]) -> list[Finding]:
    """Findings whose id is in ``known`` get status ``known``; the others ``new``."""
    return [replace(f, status="known" if f.id in known else "new") for f in findings]


def fixed(findings: Iterable[Finding], known: Iterable[str]) -> list[str]:
    """Ids known before (a previous run, a baseline) that are no longer found, sorted."""
    now = {f.id for f in findings}
    return sorted(set(known) - now)
