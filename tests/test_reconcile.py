"""Targets followed from the report through bulletins to next year's report."""

from __future__ import annotations

from dataclasses import replace

from reconcile_docs import BULLETIN_Q3, REPORT_2022, REPORT_2023, corpus, doc

from checker import columns as C
from checker import precision as P
from checker.extract.catalogue import builtin_indicators
from checker.reconcile.comparisons import compare
from checker.reconcile.keys import keyed, region_key
from checker.reconcile.timelines import tracks


def judged(*docs, indicators=None):
    claims, documents = corpus(*docs)
    out = []
    for comp in compare(claims, documents, {}, indicators):
        fails = not P.holds(comp.acceptable, comp.observed, 1.0)
        out.append((comp.rule, claims.loc[comp.subject, C.QUOTE],
                    None if comp.reference is None else claims.loc[comp.reference, C.QUOTE],
                    "fails" if fails else "holds"))
    return out


def test_region_names_normalise() -> None:
    assert region_key("咸宁市") == "咸宁"
    assert region_key("西塞山区") == "西塞山"
    assert region_key("全国") == "全国"


def test_growth_result_below_floor_target_is_missed() -> None:
    # 2022 target 规上工业增加值增长10% (report) vs result 7% (2023 report's review)
    assert ("TARGET-MISSED", "7%", "10%", "fails") in judged(REPORT_2022, REPORT_2023)


def test_approx_target_missed_below_band_only() -> None:
    # 8%左右 allows 7.5; 4.3% is below the band
    assert ("TARGET-MISSED", "4.3%", "8%", "fails") in judged(REPORT_2022, REPORT_2023)


def test_ceiling_target_met() -> None:
    assert ("TARGET-MISSED", "2.8%", "4.5%", "holds") in judged(REPORT_2022, REPORT_2023)


def test_cumulative_count_result_meets_target_across_scales() -> None:
    # 4.4万人 against 3.7万人: met; 万 scale handled by base units
    assert ("TARGET-MISSED", "4.4万人", "3.7万人", "holds") in judged(REPORT_2022, REPORT_2023)


def test_growth_progress_compared_directly_and_behind() -> None:
    # GDP growth 4.4% at 1-9月 against 8%左右: behind, not yet missed
    got = judged(REPORT_2022, BULLETIN_Q3)
    assert ("TARGET-BEHIND", "4.4%", "8%", "fails") in got
    assert not any(r == "TARGET-MISSED" and s == "4.4%" for r, s, *_ in got)


def test_cumulative_progress_against_time_elapsed() -> None:
    # 31048 of 3.7万 = 83.9% after 1-9月 (75% elapsed): on track
    assert ("TARGET-BEHIND", "31048人", "3.7万人", "holds") in judged(REPORT_2022, BULLETIN_Q3)


def test_restated_target_drift() -> None:
    got = judged(REPORT_2022, BULLETIN_Q3)
    assert ("TARGET-DRIFT", "12%", "10%", "fails") in got  # report 10%, bulletin 12%
    assert ("TARGET-DRIFT", "8%", "8%", "holds") in got


def test_no_pairing_across_periods_or_with_a_level() -> None:
    got = judged(REPORT_2022, BULLETIN_Q3, REPORT_2023)
    # the 1-9月 growth is never compared with the full-year result as the same figure
    assert not any(r == "XDOC-MISMATCH" and {s, t} == {"4.4%", "4.3%"} for r, s, t, _ in got)
    # a level (1321.29亿元) is never judged against a growth target
    assert not any(s == "1321.29亿元" for _, s, _, _ in got)


def test_figure_mismatch_between_documents() -> None:
    a = doc("2022年,全市城镇新增就业4.4万人。", "other", 2022, "全年", name="communique",
            published="2023-03-01")
    b = doc("2022年,全市城镇新增就业4.6万人。", "news", 2022, "全年", name="news",
            published="2023-04-01")
    c = doc("2022年,全市城镇新增就业44012人。", "news", 2022, "全年", name="news2",
            published="2023-05-01")
    got = judged(a, b, c)
    assert ("XDOC-MISMATCH", "4.6万人", "4.4万人", "fails") in got
    assert ("XDOC-MISMATCH", "44012人", "4.4万人", "holds") in got


def test_different_region_is_not_paired() -> None:
    a = doc("2022年,全市城镇新增就业4.4万人。", "other", 2022, "全年", name="city")
    b = doc("2022年,全区城镇新增就业4.6万人。", "other", 2022, "全年", region="咸安区",
            name="district")
    assert not any(r == "XDOC-MISMATCH" for r, *_ in judged(a, b))


def test_completion_rate_of_annual_plan_behind_time_elapsed() -> None:
    d = doc("1-5月,300个市级重点项目完成投资294.9亿元,占年计划投资的40.4%。", "news", 2023,
            "1-5月", name="projects")
    assert ("TARGET-BEHIND", "40.4%", None, "fails") in judged(d)  # 40.4 < 41.7


def test_shuffled_documents_give_the_same_comparisons() -> None:
    docs = [REPORT_2022, BULLETIN_Q3, REPORT_2023]
    assert sorted(judged(*docs)) == sorted(judged(*reversed(docs)))


def test_level_target_compared_with_the_level_reached() -> None:
    report = doc("二、2020年工作安排\n市场主体总量达到25万户。", "report", 2020, name="r2020")
    bulletin = doc("1.市场主体总量达到25万户。截至6月底,全市市场主体总量248159户。", "bulletin",
                   2020, "1-6月", name="b2020")
    assert ("TARGET-BEHIND", "248159户", "25万户", "fails") in judged(report, bulletin)


def test_new_entities_are_a_flow_judged_by_time_elapsed() -> None:
    # 新增市场主体 is counted through the year (序时进度), unlike 市场主体总量 (a level)
    report = doc("二、2022年工作安排\n新增市场主体9万户。", "report", 2022, name="r2022e")
    bulletin = doc("1.新增市场主体9万户。1-9月,全市新增市场主体7.1万户。", "bulletin", 2022,
                   "1-9月", name="b2022e")
    assert ("TARGET-BEHIND", "7.1万户", "9万户", "holds") in judged(report, bulletin)  # 78.9%


def test_a_projects_investment_is_judged_against_its_own_plan_only() -> None:
    # 完成投资 is said of one project at a time (project_investment is not pooled): the
    # plan of 幕阜山 is met by its own 4.6亿元, not by another project's 10.4亿元
    d = doc("14.加快重大项目建设。推进幕阜山绿色产业带建设,2020年拟实施重点项目23个,"
            "年度计划投资8.9亿元,目前已完成投资4.6亿元。1-6月,省领导督办的3个产业项目"
            "完成投资10.4亿元。", "bulletin", 2020, "1-6月", name="projects2020")
    pairs = [(rule, subject, reference) for rule, subject, reference, _ in judged(d)]
    assert ("TARGET-BEHIND", "4.6亿元", "8.9亿元") in pairs
    claims, documents = corpus(d)
    (plan,) = [t for t in tracks(keyed(claims, documents)) if t.indicator == "project_investment"]
    assert claims.loc[plan.progress, C.QUOTE].tolist() == ["4.6亿元"]


# two projects' 完成投资 in two documents of the same place and half-year
BRIDGE = doc("1-6月,赤壁长江大桥累计完成投资23.50亿元。", "bulletin", 2020, "1-6月",
             name="bridge")
ROADS = doc("1-6月,提档升级工程完成投资39562万元。", "news", 2020, "1-6月", name="roads")


def test_a_projects_investment_is_not_compared_across_documents() -> None:
    assert not [j for j in judged(BRIDGE, ROADS) if j[0] == "XDOC-MISMATCH"]


def test_the_catalogue_the_audit_is_given_says_what_is_pooled() -> None:
    # a user's alias file (--config) may pool what the built-in catalogue does not
    pooled = dict(builtin_indicators())
    pooled["project_investment"] = replace(pooled["project_investment"], pooled=True)
    assert [j for j in judged(BRIDGE, ROADS, indicators=pooled) if j[0] == "XDOC-MISMATCH"]
