"""``audit.html``: the context of :mod:`checker.report.html_context` through Jinja2.

Autoescaping is on for every template, so text from a document (quotes, titles, paths,
messages) is always markup-escaped; data for the page's script is embedded with
:func:`~checker.report.html_context.script_json`, which cannot close a <script> element.
CSS and JS are inlined: the file opens from ``file://`` with no network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from checker.report.atomic import atomic_writer
from checker.report.html_context import AuditPage, Spark, build_context, pack
from checker.report.i18n import STRINGS, VALUE_LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"
OPEN_GROUPS = 6  # scoreboard groups (region × year) shown open and rendered inline
ROW_CHUNK = 1000  # findings' summary rows per compressed blob


def css_string(text: str) -> Markup:
    """A CSS string literal that cannot leave its rule or its <style> element."""
    out = "".join(c if c.isalnum() or c in " -_.,:;()（）·/…" or ord(c) > 127
                  else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{out}"')


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
    env.globals["value_labels"] = VALUE_LABELS
    env.filters["css_string"] = css_string
    env.tests["match_css_ident"] = lambda s: bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", s))
    return env


def body_chunks(page: AuditPage) -> list[str]:
    """The findings' expanded parts, rendered (autoescaped) and packed BODY_CHUNK to a blob:
    :func:`pack` of the list of HTML strings. The page inserts one when its finding opens;
    at 5,000 findings this keeps the file a third smaller and the first parse short."""
    template = environment().get_template("_finding_body.html")
    views = set(page.doc_blobs)  # a passage links to its document's view where it has one
    chunks: list[list[str]] = []
    for f in page.findings:
        while len(chunks) <= f.chunk:
            chunks.append([])
        chunks[f.chunk].append(template.render(f=f, views=views))
    return [pack(c) for c in chunks]


def row_chunks(page: AuditPage) -> list[str]:
    """The findings' summary rows (both languages' messages), rendered (autoescaped) and
    packed ROW_CHUNK to a blob, in the audit's order. They come before the page's script,
    which inserts them as it starts: at 5,000 findings 5 MB of rows ship as 1 MB."""
    template = environment().get_template("_finding.html")
    rows = [template.render(f=f) for f in page.findings]
    return [pack(rows[i:i + ROW_CHUNK]) for i in range(0, len(rows), ROW_CHUNK)]


def score_blobs(page: AuditPage, open_groups: int, carried: Any = None
                ) -> list[tuple[str, str]]:
    """Scoreboard groups past the first ``open_groups`` (closed at first), compressed; the
    page inserts one when its group opens. ``carried`` (the store's nightly audit:
    ``get(key)``, ``keep(key, blob)``) has the last run's blobs by :attr:`ScoreGroup.key`
    and keeps this run's."""
    template = environment().get_template("_score_table.html")
    out = []
    for i, g in enumerate(page.scoreboard):
        if i < open_groups:
            continue
        blob = carried.get(g.key) if carried is not None else None
        if blob is None:
            blob = pack(template.render(g=g))
        if carried is not None:
            carried.keep(g.key, blob)
        out.append((f"score-{i}", blob))
    return out


def page_pieces(page: AuditPage, *, open_groups: int = OPEN_GROUPS,
                carried: Any = None) -> Iterator[str]:
    """The page's HTML in the pieces the template yields them (to write without building
    the whole page, ~45 MB at 10,000 documents, as one string)."""
    return environment().get_template("audit.html").generate(
        page=page, row_chunks=row_chunks(page), body_chunks=body_chunks(page),
        open_groups=open_groups,
        score_blobs=score_blobs(page, open_groups, carried))


def render_page(page: AuditPage, *, open_groups: int = OPEN_GROUPS, carried: Any = None
                ) -> str:
    return "".join(page_pieces(page, open_groups=open_groups, carried=carried))


def audit_page(result: Any, *, lang: str = "zh", generated: dt.datetime | None = None
               ) -> AuditPage:
    from checker import __version__

    return build_context(result, lang=lang, version=__version__,
                         generated=generated or dt.datetime.now().replace(microsecond=0),
                         open_groups=OPEN_GROUPS)


def render_audit_html(result: Any, *, lang: str = "zh",
                      generated: dt.datetime | None = None) -> str:
    return render_page(audit_page(result, lang=lang, generated=generated),
                       carried=getattr(result, "score_blobs", None))


def write_audit_html(path: Path, result: Any, *, lang: str = "zh") -> None:
    """Written as the template yields it: the page is never one string in memory."""
    page = audit_page(result, lang=lang)
    carried = getattr(result, "score_blobs", None)  # the store's nightly audit
    with atomic_writer(path) as fh:
        for piece in page_pieces(page, carried=carried):
            fh.write(piece)
