"""Claims as a terminal table, CSV or JSON Lines (``checker extract --format``)."""

from __future__ import annotations

import sys
from typing import TextIO

import pandas as pd

from checker import columns as C

TABLE_COLUMNS = (C.DOC, C.START, C.QUOTE, C.VALUE, C.UNIT, C.KIND, C.ROLE, C.QUALIFIER,
                 C.INDICATOR, C.REGION, C.YEAR, C.PERIOD)


def write_csv(claims: pd.DataFrame, out: TextIO = sys.stdout) -> None:
    claims.to_csv(out, index=False, lineterminator="\n")


def write_jsonl(claims: pd.DataFrame, out: TextIO = sys.stdout) -> None:
    if not claims.empty:  # pandas ends each record, the last included, with a newline
        out.write(claims.to_json(orient="records", lines=True, force_ascii=False))


def write_table(claims: pd.DataFrame, out: TextIO = sys.stdout) -> None:
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
