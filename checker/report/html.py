"""``audit.html``: the context of :mod:`checker.report.html_context` through Jinja2.

Autoescaping is on for every template, so text from a document (quotes, titles, paths,
messages) is always markup-escaped; data for the page's script is embedded with
:func:`~checker.report.html_context.script_json`, which cannot close a <script> element.
CSS and JS are inlined: the file opens from ``file://`` with no network.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from checker.report.atomic import write_text_atomic
from checker.report.html_context import AuditPage, Spark, build_context
from checker.report.i18n import STRINGS

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["Spark"] = Spark
    env.globals["s"] = STRINGS  # interface strings, both languages (macros see globals)
    return env


def render_page(page: AuditPage) -> str:
    return environment().get_template("audit.html").render(page=page)


def render_audit_html(result: Any, *, lang: str = "zh",
                      generated: dt.datetime | None = None) -> str:
    from checker import __version__

    page = build_context(result, lang=lang, version=__version__,
                         generated=generated or dt.datetime.now().replace(microsecond=0))
    return render_page(page)


def write_audit_html(path: Path, result: Any, *, lang: str = "zh") -> None:
    write_text_atomic(path, render_audit_html(result, lang=lang))
