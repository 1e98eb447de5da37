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


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def _page_lang(ctx: typer.Context, lang: Lang) -> str:
    """audit.html speaks Chinese unless ``--lang`` is given (messages default to English)."""
    source = ctx.get_parameter_source("lang")
    return lang.value if source is not None and source.name != "DEFAULT" else "zh"


@app.command()
def audit(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: seeds/).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for findings.json, claims.csv.")]
    = Path("reports"),
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")
    ] = FailOn.never,
    config: ConfigOpt = None,
    keep_going: KeepGoingOpt = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of titles and messages.")]
    = Lang.en,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing on success.")] = False,
) -> None:
    """Audit documents: arithmetic checks inside each one; writes findings.json, claims.csv."""
    from checker.audit import run_audit, write_outputs
    from checker.models import Severity

    try:
        cfg = load_config(config)
        result = run_audit(paths or [Path("seeds")], cfg, keep_going=keep_going,
                           lang=lang.value)
    except CheckerError as err:
        _fail([err])
        raise typer.Exit(2) from None
    _fail(list(result.errors))
    try:
        write_outputs(result, out, lang=_page_lang(ctx, lang))
    except OSError as exc:
        _fail([CheckerError(f"{out}: cannot write ({exc.strerror or exc})")])
        raise typer.Exit(2) from None
    if not quiet:
        for f in result.findings:
            e = f.evidence[0]
            typer.echo(f"{f.severity.value:7} {f.rule:15} {e.doc}:{e.start}  {f.message}")
        counts = {s.value: sum(f.severity is s for f in result.findings) for s in Severity}
        typer.echo(f"{len(result.documents)} documents, {len(result.claims)} claims, "
                   f"{len(result.checks.frame)} checks: {counts['error']} errors, "
                   f"{counts['warning']} warnings, {counts['note']} notes → {out}")
    if result.errors:
        raise typer.Exit(2)
    worst = result.worst()
    failing = fail_on is not FailOn.never and worst is not None and \
        worst.rank >= Severity(fail_on.value).rank
    raise typer.Exit(1 if failing else 0)


@app.command("rules")
def rules_cmd(
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the titles.")] = Lang.en,
) -> None:
    """List the rule catalogue."""
    from rich.console import Console
    from rich.table import Table

    from checker.rules import registry

    table = Table(header_style="bold")
    for name in ("rule", "version", "severity", "title"):
        table.add_column(name)
    for code, rule in registry().items():
        table.add_row(code, str(rule.version), str(rule.defaults.get("severity", "")),
                      rule.title[lang.value])
    Console(width=120).print(table)


@app.command()
def explain(rule: Annotated[str, typer.Argument(help="Rule id, e.g. ARITH-RATIO.")]) -> None:
    """Print one rule's documentation: what it checks, why, a case that fails and one that
    holds, and its parameters."""
    from checker.rules import registry

    rules = registry()
    found = rules.get(rule.upper())
    if found is None:
        typer.echo(f"checker: error: unknown rule {rule!r} (known: {', '.join(rules)})",
                   err=True)
        raise typer.Exit(2)
    typer.echo(f"{found.code} v{found.version} — {found.title['en']} / {found.title['zh']}\n")
    typer.echo(found.doc)
    typer.echo("\nParameters (checker/data/rules.yaml; override with [rules." + found.code
               + "] in --config):")
    for key, value in found.defaults.items():
        typer.echo(f"  {key} = {value}")


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="checker")
