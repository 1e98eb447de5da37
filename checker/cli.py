"""The ``checker`` command line. Commands parse arguments, call the library, map errors.

Exit codes (INTERFACES.md): 0 finished and nothing at or above --fail-on; 1 such findings;
2 bad input or usage — one line on stderr per problem, no traceback.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from checker.config import load_config
from checker.errors import CheckerError

app = typer.Typer(
    name="checker",
    help="Cross-document consistency checks for Chinese government documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


def _version(value: bool) -> None:
    if value:
        from checker import __version__

        typer.echo(f"checker {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Cross-document consistency checks for Chinese government documents."""


def _fail(errors: list[CheckerError]) -> None:
    for err in errors:
        typer.echo(f"checker: error: {err}", err=True)


ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML file: rule parameters, extra aliases.")
]
KeepGoingOpt = Annotated[
    bool, typer.Option("--keep-going", help="Report bad inputs, skip them, process the rest.")
]


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive).")],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    config: ConfigOpt = None,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Print the numeric claims found in files or folders."""
    from checker.pipeline import extract_paths
    from checker.report.claims_output import WRITERS

    try:
        cfg = load_config(config)
        result = extract_paths(paths, keep_going=keep_going, indicators=cfg.indicators())
    except CheckerError as err:
        _fail([err])
        raise typer.Exit(2) from None
    _fail(list(result.errors))
    try:
        WRITERS[fmt.value](result.claims, sys.stdout)
    except BrokenPipeError:  # `checker extract … | head` is fine
        sys.stderr.close()
    raise typer.Exit(2 if result.errors else 0)


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="checker")
