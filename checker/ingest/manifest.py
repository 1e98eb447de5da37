"""``manifest.csv``: metadata a user states for the files of one folder (INTERFACES.md).

``file,region,year,period,kind,title``; a blank cell means "detect from the text". A row
naming a missing file, an unknown kind or a year that is not a year is a bad input.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from checker.errors import BadManifest
from checker.extract.periods import normalize_period
from checker.models import DocKind

COLUMNS = ("file", "region", "year", "period", "kind", "title")
NAME = "manifest.csv"


@dataclass(frozen=True)
class ManifestRow:
    region: str | None
    year: int | None
    period: str | None
    kind: DocKind | None
    title: str | None


def read_manifest(path: Path) -> dict[Path, ManifestRow]:
    """Rows keyed by the resolved path of the file they describe."""
    where = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise BadManifest(where, f"missing column(s) {', '.join(missing)}")
            rows = list(reader)
    except UnicodeDecodeError:
        raise BadManifest(where, "not UTF-8") from None
    except csv.Error as exc:
        raise BadManifest(where, f"not valid CSV ({exc})") from None
    out: dict[Path, ManifestRow] = {}
    for line, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            raise BadManifest(where, f"line {line}: empty 'file'")
        target = (path.parent / name).resolve()
        if not target.is_file():
            raise BadManifest(where, f"line {line}: file {name!r} does not exist")
        kind_text = (row.get("kind") or "").strip()
        try:
            kind = DocKind(kind_text) if kind_text else None
        except ValueError:
            kinds = "|".join(k.value for k in DocKind)
            raise BadManifest(where, f"line {line}: unknown kind {kind_text!r} ({kinds})") from None
        year_text = (row.get("year") or "").strip()
        if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
            raise BadManifest(where, f"line {line}: year {year_text!r} is not a year")
        period_text = (row.get("period") or "").strip()
        out[target] = ManifestRow(
            region=(row.get("region") or "").strip() or None,
            year=int(year_text) if year_text else None,
            period=(
                normalize_period(period_text, q_is_cumulative=kind is DocKind.BULLETIN)
                or period_text
            )
            if period_text
            else None,
            kind=kind,
            title=(row.get("title") or "").strip() or None,
        )
    return out
