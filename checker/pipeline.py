"""The pipeline as one call: paths → documents → claims, for the CLI and benchmarks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checker.errors import BadInput
from checker.extract.catalogue import Indicator
from checker.extract.claims import claim_rows, claims_frame
from checker.ingest import read_documents
from checker.models import Document


@dataclass
class Extraction:
    documents: list[Document]
    claims: pd.DataFrame
    errors: list[BadInput] = field(default_factory=list)


def extract_paths(
    paths: Iterable[str | Path],
    *,
    keep_going: bool = False,
    indicators: dict[str, Indicator] | None = None,
) -> Extraction:
    read = read_documents(paths, keep_going=keep_going)
    rows: list[dict] = []
    for doc in read.documents:
        rows.extend(claim_rows(doc, indicators))
    claims = claims_frame(rows)
    return Extraction(read.documents, claims, read.errors)
