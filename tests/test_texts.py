"""Findings worded in both languages: the shared phrases, labels, and the seeds' findings."""

from __future__ import annotations

import string

import pytest
import regex
from report_support import seeds_audit

from checker.rules.base import registry
from checker.store.audit import finding_from_entry
from checker.texts import (
    LANGS,
    Text,
    indicator_name,
    label,
    period_name,
    phrase,
    phrases,
    qualified,
)

_HAN = regex.compile(r"\p{Han}")
_LATIN_WORD = regex.compile(r"\b[a-z]{3,}\b")


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(phrases()))
def test_each_phrase_has_both_languages_with_the_same_fields(key: str) -> None:
    entry = phrases()[key]
    assert set(entry) == set(LANGS)
    assert fields_of(entry["zh"]) == fields_of(entry["en"]), key
    assert _HAN.search(entry["zh"]) or not _LATIN_WORD.search(entry["zh"]), key


@pytest.mark.parametrize("code", sorted(registry()))
def test_each_rule_message_has_the_same_fields_in_both_languages(code: str) -> None:
    for verdict, templates in registry()[code].messages.items():
        assert fields_of(templates["zh"]) == fields_of(templates["en"]), (code, verdict)


def test_every_cause_the_engine_names_has_its_words() -> None:
    from checker.rules.engine import _SEVERITY_KEY

    for verdict in _SEVERITY_KEY:
        assert f"verdict_{verdict}" in phrases(), verdict  # the explanation's last step
        assert label("verdict", verdict).zh != verdict, verdict  # the values block


def test_a_phrase_words_its_fields_in_its_own_language() -> None:
    gap = phrase("short", amount=phrase("points", x=3.14))
    assert (gap["zh"], gap["en"]) == ("差3.1个百分点", "3.1 pp short")
    step = phrase("input_rounded", role=label("role", "part"), quote="8.4万亩", decimals=1)
    assert step["zh"] == "分项 8.4万亩:按1位小数舍入。"
    assert step["en"] == "part 8.4万亩: rounded to 1 decimal(s)."
    with pytest.raises(KeyError):
        phrase("no such phrase")


def test_labels_names_and_periods() -> None:
    assert label("verdict", "edge") == Text("仅在舍入边缘成立", "only at the edge of rounding")
    assert label("role", "a_new_role") == Text("a_new_role", "a_new_role")  # shown as it is
    assert indicator_name("industrial_value_added") == Text("规模以上工业增加值",
                                                            "industrial value added")
    assert indicator_name("gdp").en == "GDP"
    assert indicator_name("完成率") == Text("完成率", "完成率")  # not in the catalogue
    assert [period_name(p).en for p in ("1-9月", "1-6月", "3月", "全年", "年末", "截至11月底")] \
        == ["Jan–Sep", "Jan–Jun", "Mar", "full year", "year end", "截至11月底"]
    assert period_name("1-9月").zh == "1-9月"
    assert qualified("10%", "ge") == "≥10%" and qualified("6%-6.5%", "range") == "6%-6.5%"


def test_every_seeds_finding_is_worded_in_both_languages() -> None:
    findings = seeds_audit().findings
    assert findings
    for f in findings:
        zh, en = f.texts["zh"], f.texts["en"]
        assert (f.title, f.message, f.explanation) == (en.title, en.message, en.explanation)
        assert zh.message != en.message and _HAN.search(zh.title)
        steps_zh, steps_en = zh.explanation.splitlines(), en.explanation.splitlines()
        assert len(steps_zh) == len(steps_en) >= 3
        # a Chinese message names the indicator in Chinese, never by its catalogue id
        assert not regex.search(r"[a-z]+_[a-z_]+", zh.message + zh.explanation), zh.message
        # and the English one says 序时进度 in English
        assert "序时进度" not in en.message, en.message
        assert all(s.endswith(".") for s in steps_en), steps_en
        assert all(s.endswith("。") for s in steps_zh), steps_zh


def test_target_messages_read_in_each_language() -> None:
    missed = next(f for f in seeds_audit().findings if f.rule == "TARGET-MISSED")
    assert missed.texts["zh"].message == "规模以上工业增加值 2022年:结果7%,目标≥10%,未完成"
    assert missed.texts["en"].message == ("industrial value added 2022: result 7% against the "
                                          "target ≥10% — missed")
    behind = [f for f in seeds_audit().findings if f.rule == "TARGET-BEHIND"]
    gdp = next(f for f in behind if f.evidence[0].quote == "4.4%")
    assert gdp.texts["en"].message == ("GDP at Jan–Sep: 4.4% against ≈8% — behind schedule "
                                       "(3.1 pp short)")
    assert gdp.texts["zh"].message == "地区生产总值截至1-9月:4.4%,对照≈8%,进度滞后(差3.1个百分点)"
    count = next(f for f in behind if f.evidence[0].quote == "248159户")
    assert count.texts["zh"].message.endswith("进度滞后(差1841户)")


def test_a_stored_finding_comes_back_in_the_language_asked_for() -> None:
    from checker.report.findings_json import finding_entry

    f = next(f for f in seeds_audit().findings if f.rule == "ARITH-SUM")
    entry = finding_entry(f)
    back = finding_from_entry(entry, "zh")
    assert back.message == f.texts["zh"].message and back.texts == f.texts
    assert finding_from_entry(entry).message == f.message
    old = {k: v for k, v in entry.items() if k != "i18n"}  # written before i18n existed
    assert finding_from_entry(old, "zh").message == f.message


def test_a_growth_read_as_points_names_the_difference_in_each_language() -> None:
    from checker.audit import audit_documents
    from checker.ingest import document_from_bytes
    from checker.ingest.manifest import ManifestRow
    from checker.models import DocKind
    from checker.rules import rule_params

    text = "高新技术产业增加值占规上工业比重由20.0%提高到25.0%,增长5.0%。"
    doc = document_from_bytes(text.encode("utf-8"), "case.txt",
                              ManifestRow("咸宁市", 2022, None, DocKind.BULLETIN, None))
    (finding,) = [f for f in audit_documents([doc], rule_params({}), engine="pandas").findings
                  if f.values["verdict"] == "pp_slip"]
    assert "5.00个百分点" in finding.texts["zh"].message
    assert "5.00 pp" in finding.texts["en"].message
    assert not _HAN.search(finding.texts["en"].message.replace("(百分点)", ""))
