"""Claims as a terminal table, CSV or JSON Lines (``checker extract --format``).

The writers take the claims frame. CSV is also rendered straight from claim rows
(:func:`csv_rows`, for :func:`checker.pipeline.render_paths`), byte for byte what
:func:`write_csv` writes for the frame of those rows (a test holds them together).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, TextIO

from checker import columns as C

if TYPE_CHECKING:
    import pandas as pd

TABLE_COLUMNS = (C.DOC, C.START, C.QUOTE, C.VALUE, C.UNIT, C.KIND, C.ROLE, C.QUALIFIER,
                 C.INDICATOR, C.REGION, C.YEAR, C.PERIOD)


def write_csv(claims: pd.DataFrame, out: TextIO = sys.stdout) -> None:
    claims.to_csv(out, index=False, lineterminator="\n")


def csv_header() -> str:
    return _csv_text([C.CLAIM_COLUMNS])


def csv_rows(rows: list[tuple]) -> str:
    """Claim rows (:func:`checker.extract.claims.claim_rows`) as the CSV lines of
    :func:`write_csv`, without the header. pandas writes through the same ``csv`` writer;
    the cells agree because the rows hold exactly what the frame's columns print as: str,
    int, bool, a float (printed by repr, as pandas prints float64) and None for a missing
    year or range end (pandas prints NA/NaN as an empty cell).

    The writer's line for a row is its cells' ``str`` joined by commas, None as an empty
    cell, unless a cell holds one of the characters it quotes (, " and the line end).
    Nearly every row holds none, so the rows are first formatted by a %-template (about
    half the writer's instructions: no call per cell), None written by ``%.0s`` where
    a claim may lack its year or range end; a text holding more commas or line ends
    than the template's, a quote, or a "None" (a None elsewhere, or in a cell's text)
    has its rows checked one by one, and those the template may not write go through
    the writer."""
    if not rows:
        return ""
    templates = _templates(len(rows[0]))
    year, high = _NULLABLE
    lines = [templates[row[year] is None][row[high] is None] % row for row in rows]
    text = "\n".join(lines) + "\n"
    commas = len(rows[0]) - 1
    if (text.count(",") != commas * len(rows) or text.count("\n") != len(rows)
            or '"' in text or "None" in text):
        text = "".join(line + "\n" if _plain(line, commas) else _csv_text([row])
                       for line, row in zip(lines, rows, strict=True))
    return text


# Where a claim row may hold None (no year, no range end): written as empty cells.
_NULLABLE = (C.CLAIM_COLUMNS.index(C.YEAR), C.CLAIM_COLUMNS.index(C.VALUE_HIGH))


@cache
def _templates(width: int) -> tuple[tuple[str, str], tuple[str, str]]:
    """[year is None][high is None] → the %-template of a row of ``width`` cells."""
    def template(empty: set[int]) -> str:
        return ",".join("%.0s" if i in empty else "%s" for i in range(width))

    year, high = _NULLABLE
    return ((template(set()), template({high})),
            (template({year}), template({year, high})))


def _plain(line: str, commas: int) -> bool:
    """Whether the template wrote ``line`` as the csv writer would: no cell held a comma,
    a quote, a line end or a None the template did not expect."""
    return (line.count(",") == commas and "\n" not in line and '"' not in line
            and "None" not in line)


def _csv_text(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write_jsonl(claims: pd.DataFrame, out: TextIO = sys.stdout) -> None:
    if not claims.empty:  # pandas ends each record, the last included, with a newline
        out.write(claims.to_json(orient="records", lines=True, force_ascii=False))


def write_table(claims: pd.DataFrame, out: TextIO = sys.stdout) -> None:
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for name in TABLE_COLUMNS:
        table.add_column(name, overflow="fold")
    for row in claims[list(TABLE_COLUMNS)].itertuples(index=False):
        table.add_row(*("" if pd.isna(v) else f"{v:g}" if isinstance(v, float) else str(v)
                        for v in row))
    Console(file=out, width=200).print(table)
    Console(file=out).print(f"{len(claims)} claims")


WRITERS = {"table": write_table, "csv": write_csv, "jsonl": write_jsonl}
# Formats rendered from claim rows where they are extracted: (header, rows → text).
RENDERERS: dict[str, tuple[Callable[[], str], Callable[[list[tuple]], str]]] = {
    "csv": (csv_header, csv_rows),
}
