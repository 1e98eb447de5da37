"""``manifest.csv``: metadata a user states for the files of one folder (INTERFACES.md).

``file,region,year,period,kind,title``; a blank cell means "detect from the text". A row
naming a missing file, an unknown kind or a year that is not a year is a bad input; it is
reported, and with ``--keep-going`` the file it names is read with detected metadata.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import BadManifest
from checker.extract.periods import normalize_period
from checker.models import DocKind

COLUMNS = ("file", "region", "year", "period", "kind", "title")
_SEPARATORS = tuple(s for s in (os.sep, os.altsep) if s)
NAME = "manifest.csv"


@dataclass(frozen=True)
class ManifestRow:
    region: str | None
    year: int | None
    period: str | None
    kind: DocKind | None
    title: str | None


@dataclass
class Manifest:
    """The usable rows, keyed by the resolved path of the file each describes, and one
    :class:`BadManifest` per unusable row (reported; the file is then read without it)."""

    rows: dict[Path, ManifestRow] = field(default_factory=dict)
    errors: list[BadManifest] = field(default_factory=list)


def read_manifest(path: Path) -> Manifest:
    """Read one ``manifest.csv``. A file that cannot be read as a whole raises
    :class:`BadManifest`; a bad row is collected in ``errors``, naming its line."""
    where = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [(name or "").strip() for name in reader.fieldnames or []]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise BadManifest(where, f"missing column(s) {', '.join(missing)}")
            reader.fieldnames = header  # " kind" in a hand-written header still means kind
            rows = list(reader)
    except OSError as exc:
        raise BadManifest(where, f"cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise BadManifest(where, "not UTF-8") from None
    except csv.Error as exc:
        raise BadManifest(where, f"not valid CSV ({exc})") from None
    manifest = Manifest()
    folder = path.parent.resolve()
    for line, row in enumerate(rows, start=2):
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            continue  # a blank line at the end of a hand-edited file
        try:
            target, parsed = _row(path, folder, line, row)
        except BadManifest as err:
            manifest.errors.append(err)
            continue
        if target in manifest.rows:
            manifest.errors.append(
                BadManifest(where, f"line {line}: file {row['file'].strip()!r} listed twice")
            )
            continue
        manifest.rows[target] = parsed
    return manifest


def _row(path: Path, folder: Path, line: int, row: dict[str, str]
         ) -> tuple[Path, ManifestRow]:
    """``folder``: the manifest's folder, resolved."""
    where = str(path)
    name = (row.get("file") or "").strip()
    if not name:
        raise BadManifest(where, f"line {line}: empty 'file'")
    target = _resolved(folder, name)
    if not target.is_file():
        raise BadManifest(where, f"line {line}: file {name!r} does not exist")
    kind_text = (row.get("kind") or "").strip()
    try:
        kind = DocKind(kind_text) if kind_text else None
    except ValueError:
        kinds = "|".join(k.value for k in DocKind)
        raise BadManifest(where, f"line {line}: unknown kind {kind_text!r} ({kinds})") from None
    year_text = (row.get("year") or "").strip()
    if year_text and not (
        year_text.isascii() and year_text.isdigit() and 1900 <= int(year_text) <= 2100
    ):
        raise BadManifest(where, f"line {line}: year {year_text!r} is not a year (1900-2100)")
    period_text = (row.get("period") or "").strip()
    period = None
    if period_text:
        # 三季度 in a bulletin reports the first three quarters (DOMAIN.md §2).
        period = normalize_period(period_text, q_is_cumulative=kind is DocKind.BULLETIN)
        period = period or period_text
    return target, ManifestRow(
        region=(row.get("region") or "").strip() or None,
        year=int(year_text) if year_text else None,
        period=period,
        kind=kind,
        title=(row.get("title") or "").strip() or None,
    )


def _resolved(folder: Path, name: str) -> Path:
    """``(folder / name).resolve()`` for a resolved ``folder``: a plain file name that is no
    link needs no walk up the path (one lstat instead of one per path component)."""
    target = folder / name
    if name in (".", "..") or any(s in name for s in _SEPARATORS) or target.is_symlink():
        return target.resolve()
    return target
