"""Typed records at the pipeline's boundaries.

Inside the pipeline claims and checks travel as pandas DataFrames (columns in
:mod:`checker.columns`); what enters (a :class:`Document`) and what leaves (a
:class:`Finding` with its :class:`Evidence`) are frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DocKind(StrEnum):
    REPORT = "report"
    BULLETIN = "bulletin"
    NEWS = "news"
    OTHER = "other"


@dataclass(frozen=True)
class Metadata:
    """What a document is about. ``None`` means unknown (not stated, not detected)."""

    kind: DocKind = DocKind.OTHER
    region: str | None = None
    year: int | None = None
    period: str | None = None  # normalised: "1-9月", "全年", "年末", "截至11月底" …
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD


@dataclass(frozen=True)
class Document:
    """One input file, decoded. Offsets everywhere refer to ``text``."""

    id: str  # first 12 hex digits of sha256
    path: str
    sha256: str
    text: str
    meta: Metadata
    source_format: str = "text"  # text | html
    encoding: str = "utf-8"
    meta_source: dict[str, str] = field(default_factory=dict)  # field -> manifest|detected


@dataclass(frozen=True)
class Evidence:
    doc: str
    start: int
    end: int
    quote: str


class Severity(StrEnum):
    """INTERFACES.md: error — cannot all be true; warning — probably wrong or needs action;
    note — information."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


@dataclass(frozen=True)
class Wording:
    """What a reviewer reads of a finding, in one language."""

    title: str
    message: str
    explanation: str  # the recomputation, one step a line


@dataclass(frozen=True)
class Finding:
    """One problem found, as ``findings.json`` carries it (INTERFACES.md).

    ``title``, ``message`` and ``explanation`` are in the audit's ``--lang``; ``texts`` has
    them in every language (``checker.texts.LANGS``), for the HTML audit's switch."""

    id: str  # fingerprint: rule, region, indicator, period, normalised quotes
    rule: str
    rule_version: int
    severity: Severity
    title: str
    message: str
    evidence: tuple[Evidence, ...]
    values: dict[str, float | str]
    explanation: str
    status: str = "new"  # new | known | waived
    texts: dict[str, Wording] = field(default_factory=dict)  # language → wording
