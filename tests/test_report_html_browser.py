"""audit.html in a real browser: Playwright driving the system's Chromium.

Chromium comes from the OS (``apt-get install chromium``; .ci/run installs it). Playwright
never downloads its own browser here. A missing Chromium is a failure, not a skip: these
tests are the only proof that the page works.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from report_support import CURLY, GENERATED, IMG, SCRIPT, hostile_audit, seeds_audit

from checker.report.html import render_audit_html

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed (apt-get install chromium): browser tests need it")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds_page_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "audit.html"
    path.write_text(render_audit_html(seeds_audit(), generated=GENERATED), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_page_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "audit.html"
    path.write_text(render_audit_html(hostile_audit(folder / "in"), generated=GENERATED),
                    encoding="utf-8")
    return path


class Watch:
    """Console errors, page errors, dialogs and every request a page makes."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning") and
                self.errors.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


@pytest.fixture
def open_page(browser):
    pages = []

    def _open(path: Path, fragment: str = ""):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = Watch(page)
        page.goto(path.as_uri() + fragment)
        page.wait_for_load_state("load")
        pages.append(page)
        return page, watch

    yield _open
    for p in pages:
        p.close()


def css_label(locator) -> str:
    """A label the page draws with CSS (``::before`` content from the strings table)."""
    return json.loads(locator.evaluate("e => getComputedStyle(e, '::before').content"))


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "details.finding", "els => els.filter(e => !e.hidden).map(e => e.dataset.id)")


def test_loads_from_file_with_no_errors_and_no_network(open_page, seeds_page_file) -> None:
    page, watch = open_page(seeds_page_file)
    page.wait_for_timeout(200)
    assert watch.errors == []
    assert watch.requests == [seeds_page_file.as_uri()]
    n = len(seeds_audit().findings)
    assert page.text_content("#shown-count") == str(n)
    assert len(visible_ids(page)) == n


def test_filters_change_the_visible_findings(open_page, seeds_page_file) -> None:
    findings = seeds_audit().findings
    page, watch = open_page(seeds_page_file)
    page.select_option("#f-severity", "error")
    errors = [f.id for f in findings if f.severity.value == "error"]
    assert visible_ids(page) == errors and errors
    assert page.text_content("#shown-count") == str(len(errors))
    page.select_option("#f-severity", "")
    page.select_option("#f-rule", "ARITH-SUM")
    assert visible_ids(page) == [f.id for f in findings if f.rule == "ARITH-SUM"]
    page.click("#f-reset")
    page.fill("#f-text", "21.25万亩")
    assert visible_ids(page) == [f.id for f in findings
                                 if any(e.quote == "21.25万亩" for e in f.evidence)]
    page.fill("#f-text", "")
    doc = findings[0].evidence[0].doc
    page.select_option("#f-doc", doc)
    assert visible_ids(page) == [f.id for f in findings if doc in {e.doc for e in f.evidence}]
    page.click("#f-reset")
    page.select_option("#f-status", "known")
    assert visible_ids(page) == []
    page.click("#f-reset")
    page.select_option("#sort", "document")
    order = page.eval_on_selector_all("details.finding", "els => els.map(e => +e.dataset.pos)")
    assert order == sorted(order)
    assert watch.errors == []


def test_deep_link_opens_its_finding(open_page, seeds_page_file) -> None:
    target = next(f for f in seeds_audit().findings if f.rule == "ARITH-SUM")
    page, watch = open_page(seeds_page_file, f"#finding-{target.id}")
    el = page.locator(f"#finding-{target.id}")
    page.wait_for_selector(f"#finding-{target.id}.ready")
    assert el.evaluate("e => e.open") is True
    assert el.locator("mark.num").first.is_visible()
    assert page.evaluate("document.querySelectorAll('details.finding[open]').length") == 1
    box = el.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view
    # a link inside the page (scoreboard → finding) opens another one
    other = next(f for f in seeds_audit().findings if f.rule == "TARGET-MISSED")
    page.click(f"a.flink[href='#finding-{other.id}']")
    assert page.locator(f"#finding-{other.id}").evaluate("e => e.open") is True
    assert watch.errors == []


def test_keyboard_opens_a_finding(open_page, seeds_page_file) -> None:
    page, _ = open_page(seeds_page_file)
    first = page.locator("details.finding summary").first
    first.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.finding").first.evaluate("e => e.open") is True
    page.wait_for_selector("details.finding .body ol.steps")  # its expanded part arrived
    page.keyboard.press("Enter")
    assert page.locator("details.finding").first.evaluate("e => e.open") is False


def test_language_switch(open_page, seeds_page_file) -> None:
    page, watch = open_page(seeds_page_file)
    h1 = page.locator("h1")
    assert h1.inner_text() == "一致性审计报告"
    page.click("#lang-switch")
    assert page.get_attribute("html", "data-lang") == "en"
    assert h1.inner_text() == "Consistency audit"
    assert page.get_attribute("#f-text", "placeholder").startswith("Search")
    assert page.locator("#f-severity option[value=error]").inner_text() == "error"
    page.click("#lang-switch")
    assert h1.inner_text() == "一致性审计报告"
    assert page.locator("#f-severity option[value=error]").inner_text() == "错误"
    assert watch.errors == []


def test_language_switch_translates_the_findings(open_page, seeds_page_file) -> None:
    """Messages, steps, values and labels a reviewer reads follow the switch."""
    f = next(f for f in seeds_audit().findings if f.rule == "ARITH-SUM")
    zh, en = f.texts["zh"], f.texts["en"]
    assert zh.message != en.message
    page, watch = open_page(seeds_page_file, f"#finding-{f.id}")
    page.wait_for_selector(f"#finding-{f.id}.ready")
    el = page.locator(f"#finding-{f.id}")
    msg = el.locator("summary .msg")
    steps = el.locator("ol.steps:visible li")
    assert msg.inner_text() == zh.message
    assert steps.first.inner_text() == zh.explanation.splitlines()[0]
    assert steps.first.inner_text() == "配对依据:其中之后列出的分项。"
    assert css_label(el.locator("summary .badge.sev-warning")) == "警告"
    assert el.locator("tr:has(th.L-v-verdict) td").inner_text() == "仅在舍入边缘成立"
    page.click("#lang-switch")
    assert msg.inner_text() == en.message
    assert msg.inner_text().startswith("stated total 21.25万亩; the parts add to")
    assert [s.strip() for s in steps.all_inner_texts()] == en.explanation.splitlines()
    assert css_label(el.locator("summary .badge.sev-warning")) == "warning"
    assert css_label(el.locator("summary .ftitle")) == "Parts do not add up to the total"
    assert css_label(el.locator("th.L-v-verdict")) == "verdict"
    assert el.locator("tr:has(th.L-v-verdict) td").inner_text() == "only at the edge of rounding"
    assert "afforestation" in el.locator("summary .meta").inner_text()
    # the waiver the copy button takes quotes the English message now
    assert en.message[:40] in el.locator(".waiver pre:visible code").inner_text()
    # the free text filter finds a finding by its words in either language
    page.fill("#f-text", "outer 9%")
    assert visible_ids(page) == [f.id]
    page.fill("#f-text", "最外侧9%")
    assert visible_ids(page) == [f.id]
    page.click("#lang-switch")
    assert msg.inner_text() == zh.message
    assert watch.errors == []


def test_document_view_marks_claims_and_evidence(open_page, seeds_page_file) -> None:
    result = seeds_audit()
    f = next(f for f in result.findings if f.rule == "ARITH-SUM")
    page, watch = open_page(seeds_page_file, f"#finding-{f.id}")
    page.wait_for_selector(f"#finding-{f.id} button.open-doc")
    page.locator(f"#finding-{f.id} button.open-doc").first.click()
    page.wait_for_selector("#docview-text mark.ev")
    doc = next(d for d in result.documents if d.id == f.evidence[0].doc)
    assert page.locator("#docview-text").text_content() == doc.text
    claims = int((result.claims["doc"] == doc.id).sum())
    assert page.locator("#docview-text .cl").count() >= claims * 0.9
    marks = page.locator(f"#docview-text mark.ev[data-findings~='{f.id}']")
    assert sorted(marks.all_text_contents()) == sorted(e.quote for e in f.evidence)
    side = page.locator("#docview-side")
    assert side.inner_text().find(f.texts["zh"].message) >= 0  # opened at it
    assert side.inner_text().find(f.texts["en"].message) < 0  # in the page's language
    page.locator("#docview-text mark.ev").last.click()
    assert page.locator("#docview-side .item").count() >= 1
    page.locator("#docview-side a").first.click()
    assert page.evaluate("document.getElementById('docview').open") is False
    assert watch.errors == []


def test_injection_fixtures_render_as_text(open_page, hostile_page_file) -> None:
    page, watch = open_page(hostile_page_file)
    page.locator("details.finding summary").first.click()
    page.wait_for_selector("details.finding blockquote")
    passage = page.locator("details.finding blockquote").first.inner_text()
    assert IMG in passage
    page.locator("#document-table button.open-doc").first.click()
    page.wait_for_selector("#docview-text mark.ev")
    text = page.locator("#docview-text").text_content()
    assert SCRIPT in text and IMG in text and CURLY in text
    assert page.locator("img").count() == 0
    # page data, one chunk of findings' rows, the app, one chunk of their expanded parts,
    # one document text
    assert page.evaluate("document.scripts.length") == 5
    body = page.locator("body").inner_text()
    assert "49" not in body.replace(CURLY, "")
    assert watch.dialogs == [] and watch.errors == []
    assert watch.requests == [hostile_page_file.as_uri()]


def test_a_compressed_scoreboard_group_fills_when_opened(open_page, tmp_path: Path) -> None:
    from checker.report.html import render_page
    from checker.report.html_context import build_context

    page_ctx = build_context(seeds_audit(), generated=GENERATED)
    path = tmp_path / "audit.html"
    path.write_text(render_page(page_ctx, open_groups=1), encoding="utf-8")
    page, watch = open_page(path)
    second = page.locator("details.scoregroup").nth(1)
    assert second.locator("tr.tl").count() == 0
    second.locator("summary").click()
    page.wait_for_selector("details.scoregroup >> nth=1 >> tr.tl")
    assert second.locator("tr.tl").count() == len(page_ctx.scoreboard[1].rows)
    assert watch.errors == []
