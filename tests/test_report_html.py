"""audit.html without a browser: the context's numbers and the rendered HTML, parsed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from report_support import (
    CURLY,
    GENERATED,
    HOSTILE_NAME,
    HOSTILE_TEXT,
    HOSTILE_TITLE,
    IMG,
    SCRIPT,
    SEEDS,
    hostile_audit,
    seeds_audit,
)
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from checker import __version__
from checker.report.html import render_audit_html
from checker.report.html_context import (
    Spark,
    build_context,
    build_spark,
    fmt_value,
    month_of,
    script_json,
    unpack,
)


@pytest.fixture(scope="module")
def seeds():
    return seeds_audit()


@pytest.fixture(scope="module")
def tree(seeds) -> HTMLParser:
    return page_tree(render_audit_html(seeds, generated=GENERATED))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    result = hostile_audit(tmp_path_factory.mktemp("hostile"))
    return result, render_audit_html(result, generated=GENERATED)


def page_tree(html: str) -> HTMLParser:
    """The page as the browser shows it once its script has inserted the findings' rows
    (shipped compressed in script.row-blob elements, in order)."""
    tree = HTMLParser(html)
    blobs = sorted(tree.css("script.row-blob"), key=lambda n: int(n.attributes["id"][5:]))
    rows = "".join(row for n in blobs for row in unpack(n.text()))
    expanded = re.sub(r'(<div id="finding-list"[^>]*>)', lambda m: m.group(1) + rows, html,
                      count=1)
    return HTMLParser(expanded)


def text(node) -> str:
    return node.text(deep=True, separator="").strip()


def shown(node, lang: str) -> str:
    """A node's text as the page shows it in ``lang`` (the other language's spans hidden)."""
    copy = HTMLParser(f"<div>{node.html}</div>")
    for other in copy.css(".en" if lang == "zh" else ".zh"):
        other.decompose()
    return text(copy.css_first("div"))


def bodies(tree: HTMLParser) -> dict[str, HTMLParser]:
    """Each finding's expanded part, from the compressed chunks, by finding id."""
    chunks = sorted(tree.css("script.body-blob"), key=lambda n: int(n.attributes["id"][7:]))
    html = [b for n in chunks for b in unpack(n.text())]
    ids = [n.attributes["data-id"] for n in tree.css("details.finding")]
    assert len(html) == len(ids)
    return {i: HTMLParser(h) for i, h in zip(ids, html, strict=True)}


# --- the seeds' page ----------------------------------------------------------------------

def test_summary_counts_are_the_audits(seeds, tree) -> None:
    assert tree.css_first("html").attributes["data-lang"] == "zh"
    assert text(tree.css_first("#card-documents .num")) == "5"
    assert text(tree.css_first("#card-findings .num")) == str(len(seeds.findings))
    chips = {n.attributes["data-filter-severity"]: text(n.css_first("b"))
             for n in tree.css("#card-findings a.chip")}
    assert chips == {s: str(sum(f.severity.value == s for f in seeds.findings))
                     for s in ("error", "warning", "note")}
    assert text(tree.css_first("#count-new b")) == str(len(seeds.findings))
    assert text(tree.css_first("#count-known b")) == "0"
    assert text(tree.css_first("#count-waived b")) == "0"
    assert f"checker {__version__} · 2026-01-02 03:04" in text(tree.css_first("#card-run"))
    rows = tree.css("#summary-documents tbody tr")
    assert [shown(r.css("td")[1], "en") for r in rows] == ["bulletin", "report", "bulletin",
                                                           "news", "report"]
    assert [shown(r.css("td")[1], "zh") for r in rows][:2] == ["通报", "工作报告"]
    assert [text(r.css("td")[2]) for r in rows][:3] == ["咸宁市"] * 3
    assert [shown(r.css("td")[4], "zh") for r in rows] == ["1-6月", "", "1-9月", "1-6月", ""]
    assert [shown(r.css("td")[4], "en") for r in rows] == ["Jan–Jun", "", "Jan–Sep",
                                                           "Jan–Jun", ""]


def test_rules_table_counts_every_finding(seeds, tree) -> None:
    counted = 0
    for row in tree.css("#summary-rules tbody tr"):
        code = row.attributes["data-rule"]
        cells = [text(c) for c in row.css("td")[1:]]
        expected = [sum(f.rule == code and f.severity.value == s for f in seeds.findings)
                    for s in ("error", "warning", "note")]
        assert cells == [str(n) if n else "" for n in expected]
        counted += sum(expected)
    assert counted == len(seeds.findings)


def test_every_finding_is_listed_with_its_data(seeds, tree) -> None:
    nodes = tree.css("details.finding")
    assert [n.attributes["id"] for n in nodes] == [f"finding-{f.id}" for f in seeds.findings]
    expanded = bodies(tree)
    for node, f in zip(nodes, seeds.findings, strict=True):
        assert node.attributes["data-rule"] == f.rule
        assert node.attributes["data-severity"] == f.severity.value
        assert node.attributes["data-status"] == f.status
        assert node.attributes["data-docs"].split()[0] == f.evidence[0].doc
        assert text(node.css_first("summary .msg .zh")) == f.texts["zh"].message
        assert text(node.css_first("summary .msg .en")) == f.texts["en"].message == f.message
        assert node.css_first(".body").attributes["data-chunk"] == str(
            seeds.findings.index(f) // 100)
        marks = [text(m) for m in expanded[f.id].css("blockquote mark.num")]
        assert sorted(marks) == sorted({e.quote for e in f.evidence}) or \
            set(marks) == {e.quote for e in f.evidence}


def test_the_edge_case_shows_its_evidence_recomputation_and_waiver(seeds, tree) -> None:
    f = next(f for f in seeds.findings if f.evidence[0].quote == "21.25万亩")
    node = bodies(tree)[f.id]
    passages = node.css("figure.passage")
    assert len(passages) == 1  # four quotes within one sentence: one passage
    assert [text(m) for m in passages[0].css("mark.num")] == ["21.25万亩", "8.4万亩", "6.5万亩",
                                                               "6.25万亩"]
    quote = text(passages[0].css_first("blockquote"))
    assert "其中,完成人工造林8.4万亩,封山育林6.5万亩,退化林修复6.25万亩" in quote
    steps = [text(li) for li in node.css("ol.steps.en li")]
    assert steps[0] == "Paired because: parts listed after 其中."
    assert any("8.4万亩 + 6.5万亩 + 6.25万亩 = 21.15万亩" in s for s in steps)
    zh = [text(li) for li in node.css("ol.steps.zh li")]
    assert len(zh) == len(steps) and zh[0] == "配对依据:其中之后列出的分项。"
    assert zh[1] == "分项 8.4万亩:按1位小数舍入。"
    values = {r.css_first("th").attributes["class"]: shown(r.css_first("td"), "en")
              for r in node.css("table.kv tr")}
    assert values["L-v-stated"] == "21.25"
    assert values["L-v-computed"] == "21.15"
    assert values["L-nearest"] == "21.15万亩"
    assert values["L-v-verdict"] == "only at the edge of rounding"
    waiver = yaml.safe_load(text(node.css_first(".waiver pre.en code")))
    assert waiver == [{"id": f.id, "reason": waiver[0]["reason"], "reviewer": "TODO",
                       "expires": dt.date(2026, 7, 1)}]
    assert waiver[0]["reason"].startswith("TODO: why this is not a problem (ARITH-SUM: ")
    reason = yaml.safe_load(text(node.css_first(".waiver pre.zh code")))[0]["reason"]
    assert reason.startswith("TODO: why this is not a problem (ARITH-SUM: 总数为21.25万亩")


def test_scoreboard_has_every_timeline_and_links_missed_targets(seeds, tree) -> None:
    rows = tree.css("tr.tl")
    assert len(rows) == len(seeds.timelines)
    statuses = sorted(r.attributes["data-status"] for r in rows)
    assert statuses == sorted(t["status"] for t in seeds.timelines)
    missed = [r for r in rows if r.attributes["data-status"] == "missed"]
    ids = {f.id for f in seeds.findings if f.rule == "TARGET-MISSED"}
    assert len(missed) == len(ids) == 2
    for r in missed:
        links = {a.attributes["href"] for a in r.css("a.flink")}
        assert links & {f"#finding-{i}" for i in ids}
        assert r.css_first("svg.spark rect.res.st-missed") is not None
        assert r.css_first("svg.spark rect.band") is not None  # the ≥ target's band
    ind = next(r for r in missed if r.attributes["data-indicator"] == "industrial_value_added")
    cells = [shown(c, "zh") for c in ind.css("td")]
    assert cells[1] == "≥ 10%"
    assert cells[2] == "1-9月 7.2%"
    assert cells[3] == "全年 ≥ 7%"  # 预计同比增长7%以上
    assert [shown(c, "en") for c in ind.css("td")][2:4] == ["Jan–Sep 7.2%", "full year ≥ 7%"]


def test_filters_offer_the_findings_values(seeds, tree) -> None:
    rules = [o.attributes["value"] for o in tree.css("#f-rule option")][1:]
    assert rules == sorted({f.rule for f in seeds.findings})
    docs = [o.attributes["value"] for o in tree.css("#f-doc option")][1:]
    assert set(docs) == {e.doc for f in seeds.findings for e in f.evidence}
    assert [o.attributes["value"] for o in tree.css("#f-region option")][1:] == ["咸宁市"]


def test_the_page_is_self_contained(tree) -> None:
    assert not tree.css("link"), "no external stylesheets"
    for node in tree.css("script"):
        assert "src" not in node.attributes
    for node in tree.css("[src], [href]"):
        url = node.attributes.get("src") or node.attributes.get("href") or ""
        assert url.startswith("#"), url
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
    assert "default-src 'none'" in csp


def test_finding_rows_ship_compressed_before_the_pages_script(seeds) -> None:
    raw = HTMLParser(render_audit_html(seeds, generated=GENERATED))
    assert raw.css_first("#finding-list").attributes.get("aria-busy") == "true"
    assert not raw.css("details.finding")  # the script inserts them
    order = [n.attributes.get("class") or n.attributes.get("id") or "app"
             for n in raw.css("script")]
    assert order[:3] == ["page-data", "row-blob", "app"]
    rows = unpack(raw.css_first("script.row-blob").text())
    assert len(rows) == len(seeds.findings)


def test_document_texts_are_embedded_compressed_and_exact(seeds, tree) -> None:
    blobs = {n.attributes["id"][5:]: n for n in tree.css("script.doc-blob")}
    assert set(blobs) == {d.id for d in seeds.documents}
    for doc in seeds.documents:
        data = unpack(blobs[doc.id].text())
        assert data["t"] == doc.text
        mine = seeds.claims[seeds.claims["doc"] == doc.id]
        starts, pos = [], 0
        for delta in data["c"][::3]:  # (start − previous start, length, descriptor)
            pos += delta
            starts.append(pos)
        assert starts == sorted(mine["start"].tolist())
        assert sum(data["c"][1::3]) == int((mine["end"] - mine["start"]).sum())
        for start, end, fid, sev in data["e"]:
            f = next(f for f in seeds.findings if f.id == fid)
            assert sev == f.severity.value
            assert doc.text[start:end] in {e.quote for e in f.evidence}


def test_claims_hover_titles_in_both_languages(seeds) -> None:
    ctx = build_context(seeds, generated=GENERATED)
    assert ["地区生产总值 · 增速 · 实际 · 1-9月", "GDP · growth · actual · Jan–Sep"] in \
        ctx.claim_kinds
    assert all(len(k) == 2 and k[0] and k[1] for k in ctx.claim_kinds)
    blob = unpack(ctx.doc_blobs[seeds.documents[0].id])
    assert max(blob["c"][2::3]) < len(ctx.claim_kinds)


def test_english_interface(seeds) -> None:
    tree = HTMLParser(render_audit_html(seeds, lang="en", generated=GENERATED))
    assert tree.css_first("html").attributes["data-lang"] == "en"
    assert tree.css_first("html").attributes["lang"] == "en"
    assert text(tree.css_first("title")).startswith("Consistency audit")
    assert tree.css_first("#f-text").attributes["placeholder"].startswith("Search")


# --- hostile documents --------------------------------------------------------------------

def test_hostile_strings_render_as_text(hostile) -> None:
    result, html = hostile
    assert len(result.findings) >= 1
    tree = page_tree(html)
    assert not tree.css("img"), "markup from a document must never become an element"
    scripts = tree.css("script")
    assert {n.attributes.get("type") for n in scripts} == {"application/json",
                                                           "application/octet-stream", None}
    assert len([n for n in scripts if "type" not in n.attributes]) == 1  # the page's own
    assert SCRIPT not in html and IMG not in html  # nowhere raw, even in attributes
    visible = page_tree(html)
    for node in visible.css("script, style"):
        node.decompose()
    body = visible.body.text(deep=True)
    expanded = next(iter(bodies(tree).values()))
    assert not expanded.css("img") and not expanded.css("script")
    passage = text(expanded.css_first("blockquote"))
    assert IMG in passage  # shown, as text, in the evidence passage
    assert HOSTILE_NAME in text(tree.css_first("#document-table td.path"))
    assert HOSTILE_TITLE in body
    # {{ 7*7 }} is shown, never evaluated to 49 (the temporary folder in the documents'
    # paths, pytest-149/…, may hold a 49 of its own)
    for doc in result.documents:
        body = body.replace(str(Path(doc.path).parent), "")
    assert CURLY in body and "49" not in body.replace(CURLY, "")


def test_hostile_document_blob_round_trips(hostile) -> None:
    _, html = hostile
    tree = HTMLParser(html)
    blob = tree.css_first("script.doc-blob").text()
    assert unpack(blob)["t"] == HOSTILE_TEXT


def test_script_json_cannot_close_a_script_element() -> None:
    out = script_json({"x": "</script><script>alert(1)</script>&\u2028"})
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"x": "</script><script>alert(1)</script>&\u2028"}


# --- context pieces -----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "unit", "expected"), [
    (84000.0, "亩", "8.4万亩"), (7.0, "%", "7%"), (-17.5, "%", "-17.5%"),
    (890000000.0, "元", "8.9亿元"), (248.0, "家", "248家"), (None, "%", ""),
])
def test_fmt_value(value, unit, expected) -> None:
    assert fmt_value(value, unit) == expected


def test_month_of() -> None:
    assert [month_of(p) for p in ("1-6月", "1-9月", "全年", "年末", "1-10月")] == [6, 9, 12, 12,
                                                                                  10]


def _tl(q: str, target: float, progress: float, result: float | None = None) -> dict:
    pt = {"period": "1-6月", "value": progress, "unit": "%", "qualifier": "eq"}
    return {"target": {"period": "全年", "value": target, "unit": "%", "qualifier": q},
            "progress": [pt], "result": None if result is None else
            {"period": "全年", "value": result, "unit": "%", "qualifier": "eq"}}


def test_spark_band_lies_above_a_floor_and_below_a_ceiling() -> None:
    floor = build_spark(_tl("ge", 10, 7.2, 7))
    _, y, _, h = floor.band
    assert y == 1.0 and y + h == pytest.approx(floor.target_y)
    assert floor.result.y > floor.target_y  # 7 < 10: below the line (larger y)
    assert floor.points[0].x == pytest.approx(6 + (Spark.WIDTH - 12) * 6 / 12)
    ceiling = build_spark(_tl("le", 3.5, 3.7))
    _, y, _, h = ceiling.band
    assert y == pytest.approx(ceiling.target_y) and y + h == Spark.HEIGHT - 1.0
    assert ceiling.points[0].y < ceiling.target_y
    alone = build_spark({"target": _tl("ge", 1, 1)["target"], "progress": [], "result": None})
    assert alone == Spark(None, None, [], None)


def test_context_is_pure_and_limits_views(seeds) -> None:
    a = build_context(seeds, generated=GENERATED, full_view_limit=1)
    b = build_context(seeds, generated=GENERATED, full_view_limit=1)
    assert a == b
    with_findings = {e.doc for f in seeds.findings for e in f.evidence}
    assert set(a.doc_blobs) == with_findings
    assert [d.has_view for d in a.documents] == [d.id in with_findings for d in seeds.documents]
    assert a.views_omitted == len(seeds.documents) - len(with_findings) > 0
    full = build_context(seeds, generated=GENERATED)
    assert full.views_omitted == 0 and set(full.doc_blobs) == {d.id for d in seeds.documents}


def test_a_large_corpus_says_which_texts_it_left_out(seeds) -> None:
    from checker.report.html import render_page

    tree = HTMLParser(render_page(build_context(seeds, generated=GENERATED,
                                                full_view_limit=1)))
    left_out = len(seeds.documents) - len({e.doc for f in seeds.findings for e in f.evidence})
    notice = tree.css_first("#views-omitted")
    assert shown(notice, "en").startswith(
        f"This audit has {len(seeds.documents)} documents, more than 1:")
    assert f"the other {left_out}, which have no findings" in shown(notice, "en")
    assert f"其余{left_out}份无问题文件" in shown(notice, "zh")
    assert tree.css_first('#card-documents a[href="#views-omitted"]') is not None
    rows = [r for r in tree.css("#document-table tbody tr") if not r.css("button.open-doc")]
    assert len(rows) == left_out
    # a page under the limit says nothing
    assert HTMLParser(render_audit_html(seeds, generated=GENERATED)).css_first(
        "#views-omitted") is None


def test_written_by_write_outputs(seeds, tmp_path: Path) -> None:
    from checker.audit import write_outputs

    write_outputs(seeds, tmp_path, lang="en")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["audit.html", "claims.csv", "findings.json", "findings.sarif",
                     "junit.xml"]
    page = HTMLParser((tmp_path / "audit.html").read_text("utf-8"))
    assert page.css_first("html").attributes["data-lang"] == "en"


def test_cli_writes_chinese_by_default_and_english_with_lang_en(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from checker.cli import app

    for args, lang in (([], "zh"), (["--lang", "en"], "en")):
        out = tmp_path / lang
        result = CliRunner().invoke(app, ["audit", str(SEEDS), "--out", str(out), "--quiet",
                                          *args])
        assert result.exit_code == 0, result.output
        page = HTMLParser((out / "audit.html").read_text("utf-8"))
        assert page.css_first("html").attributes["data-lang"] == lang
        assert {p.name for p in out.iterdir()} == {"audit.html", "claims.csv", "findings.json",
                                                   "findings.sarif", "junit.xml"}


def test_scoreboard_groups_past_the_first_ship_compressed(seeds) -> None:
    from checker.report.html import render_page

    page = build_context(seeds, generated=GENERATED)
    tree = HTMLParser(render_page(page, open_groups=1))
    groups = tree.css("details.scoregroup")
    assert len(groups) == len(page.scoreboard) > 1
    assert "open" in groups[0].attributes and "open" not in groups[1].attributes
    assert len(groups[0].css("tr.tl")) == len(page.scoreboard[0].rows)
    rows = len(groups[0].css("tr.tl"))
    for i, g in enumerate(groups[1:], 1):
        lazy = g.css_first("div.lazy")
        assert lazy.attributes["data-blob"] == f"score-{i}" and not g.css("tr.tl")
        table = HTMLParser(unpack(tree.css_first(f"#score-{i}").text()))
        rows += len(table.css("tr.tl"))
    assert rows == len(seeds.timelines)


def test_labels_are_css_strings_that_cannot_escape() -> None:
    from checker.report.html import css_string

    assert css_string("证据") == '"证据"'
    hostile = css_string('a"}</style><script>x')
    assert "<" not in hostile and '"' not in hostile[1:-1] and "}" not in hostile


def test_timeline_rows_link_findings_by_rule_and_severity(seeds, tree) -> None:
    f = next(f for f in seeds.findings if f.rule == "TARGET-MISSED")
    link = tree.css_first(f'tr.tl a.flink[href="#finding-{f.id}"]')
    assert text(link) == "TARGET-MISSED"
    assert link.attributes["class"] == "flink chip sev-error"


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 17, 1000])
def test_b85_is_the_stdlib_encoding_with_html_safe_characters(size: int) -> None:
    import base64
    import os

    from checker.report.html_context import b85, pack

    data = os.urandom(size)
    encoded = b85(data)
    assert encoded == base64.b85encode(data).decode().translate(str.maketrans("<>&`", ",.:["))
    assert not set(encoded) & set("<>&`'\"\\")
    value = [size, "<script>"]
    assert unpack(pack(value)) == value


def test_texts_stop_at_the_budget_most_severe_documents_first(seeds) -> None:
    from checker.report.html import render_page
    from checker.report.html_context import view_order

    flagged = {e.doc for f in seeds.findings for e in f.evidence}
    order = view_order(seeds.documents, seeds.findings, limit=1000)
    worst = {d: max(f.severity.rank for f in seeds.findings
                    if d in {e.doc for e in f.evidence}) for d in flagged}
    assert set(order[:len(flagged)]) == flagged and len(order) == len(seeds.documents)
    ranks = [worst[d] for d in order[:len(flagged)]]
    assert ranks == sorted(ranks, reverse=True)
    assert view_order(seeds.documents, seeds.findings, limit=1) == order[:len(flagged)]
    first = build_context(seeds, generated=GENERATED, full_view_limit=1).doc_blobs[order[0]]
    ctx = build_context(seeds, generated=GENERATED, full_view_limit=1,
                        text_budget=len(first) + 1)
    assert list(ctx.doc_blobs) == [order[0]]
    assert ctx.views_over_budget == len(flagged) - 1 > 0
    assert ctx.views_omitted == len(seeds.documents) - len(flagged)
    tree = page_tree(render_page(ctx))
    notice = tree.css_first("#views-over-budget")
    assert f"The texts of {len(flagged) - 1} documents with findings are not embedded" in \
        shown(notice, "en")
    assert text(tree.css_first("#card-documents a[href='#views-omitted']")).startswith(
        str(len(seeds.documents) - 1))
    # a finding's passages link to its document's view only where the page has one
    views = {v.id: v for v in ctx.findings}
    for fid, body in bodies(tree).items():
        figures = body.css("figure.passage")
        for fig, passage in zip(figures, views[fid].passages, strict=True):
            linked = fig.css_first("button.open-doc") is not None
            assert linked == (passage.doc == order[0])
            assert passage.path in text(fig.css_first("figcaption"))


@pytest.mark.parametrize("fid", ["0123456789012345", "1e10", "3f2a9c0d1b7e4a55-2"])
def test_a_waiver_entry_reads_back_exactly_whatever_the_message(fid: str) -> None:
    from checker.models import Finding, Severity
    from checker.report.html_context import waiver_entry

    message = "a \"b\" 'c' : # d\n e\t\u2028\u0085\ufeff\x01 \U0001F600 总数为21.25万亩 {{ 7*7 }}"
    f = Finding(fid, "ARITH-SUM", 1, Severity.ERROR, "t", message, (), {}, "e")
    entry = yaml.safe_load(waiver_entry(f, dt.date(2026, 1, 1)))
    assert entry == [{"id": fid, "reason": f"TODO: why this is not a problem (ARITH-SUM: "
                      f"{message})", "reviewer": "TODO", "expires": dt.date(2026, 6, 30)}]


def test_a_copied_waiver_entry_waives_its_finding(seeds, tmp_path: Path) -> None:
    """The page's waiver YAML, with a reviewer filled in, is a valid --waivers file."""
    from typer.testing import CliRunner

    from checker.cli import app

    page = build_context(seeds, generated=dt.datetime.now())
    f = next(v for v in page.findings if v.rule == "ARITH-SUM")
    waivers = tmp_path / "waivers.yml"
    waivers.write_text(f.waiver.zh.replace("reviewer: TODO", "reviewer: 张三"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["audit", str(SEEDS), "--out", str(out), "--quiet",
                                      "--waivers", str(waivers)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "findings.json").read_text("utf-8"))
    assert [x["id"] for x in data["findings"] if x["status"] == "waived"] == [f.id]
    tree = page_tree((out / "audit.html").read_text("utf-8"))
    assert text(tree.css_first("#count-waived b")) == "1"
    assert tree.css_first(f"#finding-{f.id}").attributes["data-status"] == "waived"
