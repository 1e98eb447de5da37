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
