"""The ``checker`` command line. Commands parse arguments, call the library, map errors.

Exit codes (INTERFACES.md): 0 finished and nothing at or above --fail-on; 1 such findings;
2 bad input or usage — one line on stderr per problem, no traceback.
"""

from __future__ import annotations

import codecs
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker.config import load_config
from checker.errors import CheckerError

if TYPE_CHECKING:  # the audit imports pandas; commands import it when they run
    from checker.audit import AuditResult

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


def _write_outputs(result: AuditResult, out: Path, page_lang: str) -> None:
    """Every output of audit and gate into ``out``; a folder that cannot be written is a
    bad input (exit 2), not a traceback."""
    from checker.audit import write_outputs

    try:
        write_outputs(result, out, lang=page_lang)
    except OSError as exc:
        _fail([CheckerError(f"{out}: cannot write ({exc.strerror or exc})")])
        raise typer.Exit(2) from None


def _fail(errors: list[CheckerError]) -> None:
    for err in errors:
        typer.echo(f"checker: error: {err}", err=True)


ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML file: rule parameters, extra aliases.")
]
KeepGoingOpt = Annotated[
    bool, typer.Option("--keep-going", help="Report bad inputs, skip them, process the rest.")
]
BaselineOpt = Annotated[Path | None, typer.Option(
    "--baseline", help="findings.json of an accepted run: its findings are known, not new.")]
WaiversOpt = Annotated[Path | None, typer.Option(
    "--waivers", help="YAML list of waivers (id or rule+document; reason, reviewer, expires).")]
StoreOpt = Annotated[Path, typer.Option("--store", help="The corpus store (DuckDB file).")]


def _waiver_notes(report: list[dict] | None) -> None:
    """Expired and stale waivers, one line each on stderr (the report has them too)."""
    for w in report or []:
        what = w.get("id") or f"{w.get('rule')} in {w.get('document')}"
        if w["state"] == "expired":
            typer.echo(f"checker: warning: waiver #{w['entry']} ({what}) expired on "
                       f"{w['expires']}; it no longer applies", err=True)
        elif w["state"] == "stale":
            typer.echo(f"checker: warning: waiver #{w['entry']} ({what}) matches no finding "
                       "(stale)", err=True)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive).")],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    config: ConfigOpt = None,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Print the numeric claims found in files or folders."""
    from checker.pipeline import extract_paths, render_paths
    from checker.report.claims_output import RENDERERS, WRITERS

    try:
        cfg = load_config(config)
        options = {"keep_going": keep_going, "indicators": cfg.indicators()}
        if fmt.value in RENDERERS:  # CSV: rendered where the claims are extracted, no frame
            header, render = RENDERERS[fmt.value]
            result = render_paths(paths, render, **options)
        else:
            result = extract_paths(paths, **options)
    except CheckerError as err:
        _fail([err])
        raise typer.Exit(2) from None
    _fail(list(result.errors))
    try:
        if fmt.value in RENDERERS:
            _write_utf8([header().encode(), *result.chunks])
        else:
            WRITERS[fmt.value](result.claims, sys.stdout)
    except BrokenPipeError:  # `checker extract … | head` is fine
        sys.stderr.close()
    raise typer.Exit(2 if result.errors else 0)


def _write_utf8(chunks: list[bytes]) -> None:
    """UTF-8 text to stdout: the bytes as they are where stdout is UTF-8 with plain line
    ends (the usual case: no decoding and encoding again), otherwise through the text
    layer, so PYTHONIOENCODING=gbk or a Windows console get what they always got."""
    out = sys.stdout
    if (hasattr(out, "buffer") and os.linesep == "\n"
            and codecs.lookup(out.encoding or "ascii").name == "utf-8"):
        out.flush()
        out.buffer.writelines(chunks)
    else:
        out.writelines(chunk.decode() for chunk in chunks)


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
    store: Annotated[Path | None, typer.Option(
        "--store", help="Audit the stored corpus (instead of PATHs), incrementally against "
                        "the last stored run.")] = None,
    baseline: BaselineOpt = None,
    waivers: WaiversOpt = None,
) -> None:
    """Audit documents: arithmetic checks inside each one; writes findings.json, claims.csv."""
    from checker.audit import run_audit
    from checker.models import Severity
    from checker.triage import failing, load_inputs, triage

    if store is not None and paths:
        _fail([CheckerError("give either PATHs or --store, not both")])
        raise typer.Exit(2)
    stored = None
    try:
        cfg = load_config(config)
        base, waived = load_inputs(baseline, waivers)
        if store is not None:
            from checker.provenance import extractor
            from checker.store.audit import audit_store

            stored = audit_store(store, cfg.rule_params(), lang=lang.value,
                                 indicators=cfg.indicators(),
                                 extracting=extractor(cfg.alias_file))
            _stale_note(store, stored.stale)
            result = stored.result
        else:
            result = run_audit(paths or [Path("seeds")], cfg, keep_going=keep_going,
                               lang=lang.value)
        triage(result, previous=stored.previous if stored else (), baseline=base,
               waivers=waived)
    except CheckerError as err:
        _fail([err])
        raise typer.Exit(2) from None
    _fail(list(result.errors))
    _waiver_notes(result.waivers)
    _write_outputs(result, out, _page_lang(ctx, lang))
    code = 2 if result.errors else 1 if failing(result, fail_on.value) else 0
    if stored is not None:
        from checker.store.audit import record

        try:
            record(store, stored, out, fail_on=fail_on.value,  # type: ignore[arg-type]
                   exit_code=code)
        except CheckerError as err:
            _fail([err])
            raise typer.Exit(2) from None
    if not quiet:
        for f in result.findings:
            e = f.evidence[0]
            typer.echo(f"{f.severity.value:7} {f.rule:15} {e.doc}:{e.start}  {f.message}")
        counts = {s.value: sum(f.severity is s for f in result.findings) for s in Severity}
        typer.echo(f"{len(result.documents)} documents, {result.claims_total()} claims, "
                   f"{len(result.checks.frame)} checks: {counts['error']} errors, "
                   f"{counts['warning']} warnings, {counts['note']} notes → {out}")
    raise typer.Exit(code)


def _stale_note(store: Path, stale) -> None:  # stale: checker.store.reextract.Stale | None
    """One line on stderr when stored claims were re-extracted in memory for the run."""
    if stale is not None:
        typer.echo(f"checker: note: {store}: {stale.describe()}; re-extracted in memory for "
                   f"this run — run `checker ingest --store {store}` to store fresh claims",
                   err=True)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders (recursive). None: only re-extract the stored documents "
             "whose extractor changed (and upgrade an older store).")] = None,
    store: StoreOpt = Path("checker.duckdb"),
    config: ConfigOpt = None,
    keep_going: KeepGoingOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar, no summary.")]
    = False,
) -> None:
    """Add documents to the corpus store (content already stored is skipped).

    New content at a stored path becomes a new version; the old one is kept. Stored
    documents whose claims another extractor produced (an upgraded checker, other aliases
    in --config) are re-extracted from their stored text."""
    from checker.provenance import extractor
    from checker.store.ingest import ingest as ingest_paths

    try:
        cfg = load_config(config)
        with _progress(quiet) as progress:
            result = ingest_paths(paths or [], store, keep_going=keep_going,
                                  indicators=cfg.indicators(),
                                  extracting=extractor(cfg.alias_file), progress=progress)
    except CheckerError as err:
        _fail([err])
        raise typer.Exit(2) from None
    _fail(list(result.errors))
    if not quiet:
        typer.echo(f"{len(result.added)} added, {len(result.reissued)} re-issued (new "
                   f"version), {result.unchanged} unchanged, {result.reextracted} "
                   f"re-extracted (extractor changed) → {store} "
                   f"({result.seconds['total']:.1f} s)")
    raise typer.Exit(2 if result.errors else 0)


def _progress(quiet: bool):  # a context manager yielding a progress callback or None
    import contextlib

    if quiet:
        return contextlib.nullcontext(None)

    @contextlib.contextmanager
    def bar():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress("extracting", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("extract", total=None)

            def update(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            yield update

    return bar()


@app.command()
def gate(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="The new documents (files or folders).")],
    store: StoreOpt = Path("checker.duckdb"),
    out: Annotated[Path, typer.Option("--out", help="Folder for findings.json, claims.csv.")]
    = Path("reports"),
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a new, unwaived finding is at "
                                               "least this severe.")
    ] = FailOn.warning,
    ingest_: Annotated[bool, typer.Option(
        "--ingest", help="Add the documents to the store when the gate passes.")] = False,
    baseline: BaselineOpt = None,
    waivers: WaiversOpt = None,
    config: ConfigOpt = None,
    keep_going: KeepGoingOpt = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of titles and messages.")]
    = Lang.en,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing on success.")] = False,
) -> None:
    """Check new documents against the stored corpus (exit 1: new findings).

    Reports only findings that involve the new documents; exit 1 when a new, unwaived
    finding reaches --fail-on."""
    from checker.gate import record_gate, run_gate
    from checker.provenance import extractor, judge
    from checker.triage import failing, load_inputs, triage

    try:
        cfg = load_config(config)
        base, waived = load_inputs(baseline, waivers)
        params = cfg.rule_params()
        gated = run_gate(paths, store, params, indicators=cfg.indicators(),
                         extracting=extractor(cfg.alias_file), keep_going=keep_going,
                         lang=lang.value)
        _stale_note(store, gated.stale)
        result = gated.result
        triage(result, baseline=base, waivers=waived, report_fixed=False)
    except CheckerError as err:
        _fail([err])
        raise typer.Exit(2) from None
    _fail(list(result.errors))
    _waiver_notes(result.waivers)
    _write_outputs(result, out, _page_lang(ctx, lang))
    failed = failing(result, fail_on.value)
    code = 2 if result.errors else 1 if failed else 0
    storing = ingest_ and code == 0
    try:
        _run, stored = record_gate(store, gated, out, fail_on=fail_on.value, exit_code=code,
                                   judge=judge(params), ingest=storing)
    except CheckerError as err:
        if storing:  # the documents were not stored: that is a failure of the command
            _fail([err])
            raise typer.Exit(2) from None
        # the verdict stands; the run is missing from the store's record, and we say so
        typer.echo(f"checker: warning: gate run not recorded in the store: {err}", err=True)
        stored = None
    if not quiet:
        for f in result.findings:
            e = next(e for e in f.evidence if e.doc in {d.id for d in
                                                         gated.extraction.documents})
            typer.echo(f"{f.severity.value:7} {f.status:6} {f.rule:15} {e.doc}:{e.start}  "
                       f"{f.message}")
        new = sum(f.status == "new" for f in result.findings)
        typer.echo(f"{len(gated.extraction.documents)} new documents against "
                   f"{gated.stored_documents} stored ({gated.stored_claims} claims sharing "
                   f"keys): {len(result.findings)} findings, {new} new → "
                   f"{'FAIL' if failed else 'pass'} (--fail-on {fail_on.value})")
    if stored is not None and not quiet:
        typer.echo(f"ingested: {len(stored.added)} added, {len(stored.reissued)} "
                   f"re-issued, {stored.unchanged} unchanged → {store}")
    raise typer.Exit(code)


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
