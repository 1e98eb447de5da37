"""Which extractor produced stored claims, and which judge made a run's findings.

Claims are extracted once, at ``checker ingest``, and kept in the store; the nightly audit
and the gate then judge the stored claims. After an upgrade of checker, or when ingest and
audit are given different indicator aliases (``--config``), the stored claims are another
extractor's: auditing them as they are reports what this checker would not (and misses
what it would). So every stored document records the :func:`extractor` fingerprint that
produced its claims and detected metadata; a store command compares it with its own, and
stale claims are re-extracted — stored by ``checker ingest``, in memory for one run by
``checker audit --store`` and ``checker gate``, which say so on stderr.

The fingerprint hashes what determines claims: the package version, the source of
``checker/extract/``, ``checker/text/``, ``checker/ingest/metadata.py``, the data files
``checker/data/*.yaml`` and the *content* of the user's alias file (the same aliases at
another path are the same extractor). It errs towards "changed" — a data file extraction
does not read (rules.yaml) changes it too, which costs a re-extraction, never a stale
audit. About 0.5 MB is read and hashed, once per process (a few ms).

:func:`judge` fingerprints what turns claims into findings (the whole package, the GX
suites, the rule parameters): the incremental nightly audit carries findings over from the
last run only when that run had the same extractor and judge.

``CHECKER_EXTRACTOR_SALT``, when set, is mixed into the extractor fingerprint: tests use it
to stand for an upgraded extractor without editing the installed package.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

_PACKAGE = Path(__file__).resolve().parent
# What extraction reads, relative to the package; folders are read recursively (*.py).
_EXTRACTION_SOURCES = ("extract", "text", "ingest/metadata.py", "data")
_JUDGE_SUFFIXES = frozenset({".py", ".yaml", ".json", ".html", ".css", ".js"})
_EXPECTATIONS = _PACKAGE.parent / "expectations"
SALT_ENV = "CHECKER_EXTRACTOR_SALT"


class Extractor(NamedTuple):
    fingerprint: str  # 12 hex digits: what the store records per document
    version: str  # checker.__version__
    code: str  # hash of the package sources and data files that extraction reads
    aliases: str  # "file (hash)" of the user's alias file, or "" for the built-in ones


def extractor(alias_file: Path | None = None) -> Extractor:
    """The fingerprint of the extractor this process runs with ``alias_file``."""
    from checker import __version__

    aliases = _alias_hash(alias_file) if alias_file is not None else ""
    salt = os.environ.get(SALT_ENV, "")
    digest = hashlib.sha256("\n".join([__version__, _extraction_code(), aliases, salt])
                            .encode()).hexdigest()[:12]
    shown = f"{alias_file.name} ({aliases})" if alias_file is not None else ""
    return Extractor(digest, __version__, _extraction_code()[:12], shown)


def judge(params: dict[str, dict[str, Any]]) -> str:
    """12 hex digits for the package's code and data, the GX suites and the rule
    parameters in effect: two runs with the same judge make the same findings of the same
    claims."""
    text = json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256("\n".join([_judge_code(), text]).encode()).hexdigest()[:12]


@cache
def _extraction_code() -> str:
    files: list[Path] = []
    for name in _EXTRACTION_SOURCES:
        path = _PACKAGE / name
        if path.is_dir():
            files += [p for p in path.rglob("*.py") if "__pycache__" not in p.parts]
            files += path.glob("*.yaml")
        else:
            files.append(path)
    return _hash_files(files, _PACKAGE)


@cache
def _judge_code() -> str:
    files = [p for p in _PACKAGE.rglob("*") if p.suffix in _JUDGE_SUFFIXES
             and "__pycache__" not in p.parts]
    files += _EXPECTATIONS.glob("*.json")
    return _hash_files(files, _PACKAGE.parent)


def _hash_files(files: list[Path], root: Path) -> str:
    """sha256 over (relative path, content) of each file, in path order."""
    h = hashlib.sha256()
    for path in sorted(set(files)):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def _alias_hash(path: Path) -> str:
    """The alias file's content hash, read on each call: a command asks once, and an edit
    between two calls counts."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:  # config.load_config has checked it exists; unreadable means "other"
        return "unreadable"
