"""Developer sessions: ``nox -s tests``, ``nox -s lint``, ``nox -s bench``.

Arguments after ``--`` go to the tool: ``nox -s tests -- -k claims``,
``nox -s bench -- --quick`` (2 MB, 3 runs: a smoke test of bench/extract.py).
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", "checker", "tests", "bench", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Extraction throughput against a bare regex scan and Recognizers-Text (BENCHMARKS.md)."""
    session.install("-e", ".[dev,bench]")
    session.run("python", "bench/extract.py", *session.posargs)


@nox.session
def bench_audit(session: nox.Session) -> None:
    """Audit benchmarks (BENCHMARKS.md): ``-- stages``, ``-- scale --docs 100 1000``,
    ``-- profile``; ``-- --checker-rev HEAD stages`` measures the last commit."""
    session.install("-e", ".[dev]")
    session.run("python", "bench/audit.py", *(session.posargs or ["stages"]))
