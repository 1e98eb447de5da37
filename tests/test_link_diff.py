"""The ARITH-DIFF linker (checker/link/diff.py) and the % / 百分点 cause: one sentence in,
the relations (or the verdict) out."""

from __future__ import annotations

import pandas as pd
import pytest

from checker import columns as C
from checker import precision as P
from checker.extract.claims import extract_claims
from checker.ingest import document_from_bytes
from checker.ingest.manifest import ManifestRow
from checker.link import Relation, build_checks, computed_interval, diff, growth, vital
from checker.models import DocKind
from checker.rules import registry, rule_params
from checker.rules.engine import verdicts


def _link(text: str, linker=diff.link) -> tuple[pd.DataFrame, list[Relation]]:
    doc = document_from_bytes(text.encode("utf-8"), "case.txt",
                              ManifestRow(None, 2022, None, DocKind.BULLETIN, None))
    claims = extract_claims(doc)
    return claims, linker(claims, {doc.id: doc.text})


def _roles(claims: pd.DataFrame, rel: Relation) -> dict[str, str]:
    out = {role: str(claims.loc[i, C.QUOTE]) for role, i in rel.inputs}
    out.update({span.role: span.quote for span in rel.spans})
    out["stated"] = str(claims.loc[rel.stated, C.QUOTE])
    return out


@pytest.mark.parametrize(("text", "roles"), [
    ("占比由20.5%提高到25.3%,提高4.8个百分点。",
     {"previous": "20.5%", "current": "25.3%", "stated": "4.8个百分点"}),
    ("城镇化率达到65.2%,比上年末的64.1%提高1.1个百分点。",
     {"current": "65.2%", "previous": "64.1%", "stated": "1.1个百分点"}),
    ("占月监测天数的96.8%,同比2023年(90.3%)上升6.5个百分点。",
     {"current": "96.8%", "previous": "90.3%", "stated": "6.5个百分点"}),
    ("研发经费投入强度2.35%,上年为2.12%,提高0.23个百分点。",
     {"current": "2.35%", "previous": "2.12%", "stated": "0.23个百分点"}),
    ("出生率为8.2‰,比上年的9.1‰下降0.9个千分点。",
     {"current": "8.2‰", "previous": "9.1‰", "stated": "0.9个千分点"}),
    ("性别比为100.2,比2021年末的100.43下降0.23。",
     {"current": "100.2", "previous": "100.43", "stated": "0.23"}),
    ("1-3月累计完成投资313.64亿元,为年度投资计划的30.90%,超过时间进度5.90个百分点。",
     {"current": "30.90%", "elapsed": "1-3月", "stated": "5.90个百分点"}),
    # the dev corpus's own forms: a dash of another width, traditional characters with
    # pinyin glosses, 分别 lists (pass cases in ARITH-DIFF.yml would hold unlinked too)
    ("1—5月,全市重点项目建设加快推进,16个省列重点项目完成投资28.8亿元,占省下达年度投资计划的"
     "44%,超时间进度2.3个百分点。",
     {"current": "44%", "elapsed": "1—5月", "stated": "2.3个百分点"}),
    ("全市重點(diǎn)建設(shè)項(xiàng)目1-3月項(xiàng)目累計(jì)完成投資313.64億元,為年度投資計(jì)劃的"
     "30.90%,超過時(shí)間進(jìn)度5.90個(gè)百分點(diǎn)。",
     {"current": "30.90%", "elapsed": "1-3月", "stated": "5.90個(gè)百分點"}),
    ("规上工业增加值增长6.1%,比上年的8.3%放缓2.2个百分点。",
     {"current": "6.1%", "previous": "8.3%", "stated": "2.2个百分点"}),
    ("三次产业结构由上年的9.4:66.8:23.8调整为8.3:71.1:20.6,服务业比重下降3.2个百分点。",
     {"current": "20.6", "previous": "23.8", "stated": "3.2个百分点"}),
    # 个点: an index's points, or loosely a rate's; 基点 between two rates
    ("居民消费价格指数为102.1,比上年的101.5上涨0.6个点。",
     {"current": "102.1", "previous": "101.5", "stated": "0.6个点"}),
    ("城镇化率由64.1%提高到65.2%,提高1.1个点。",
     {"previous": "64.1%", "current": "65.2%", "stated": "1.1个点"}),
    ("一年期贷款市场报价利率由3.65%下调至3.45%,累计下降20个基点。",
     {"previous": "3.65%", "current": "3.45%", "stated": "20个基点"}),
])
def test_shapes_are_linked(text: str, roles: dict[str, str]) -> None:
    claims, rels = _link(text)
    assert [_roles(claims, rel) for rel in rels] == [roles]
    assert all(rel.rule == "ARITH-DIFF" and rel.relation == "diff" for rel in rels)


@pytest.mark.parametrize("text", [
    # no previous level: nothing to recompute
    "城镇化率为65.22%,比上年末提高0.50个百分点。",
    # a gap to a figure not written (the province's average)
    "1—4月,全市固定资产投资同比增长8.3%,超全省平均增速6.7个百分点。",
    # a bound, not a figure
    "占比由20.5%提高到25.3%,提高4个百分点以上。",
    # another figure between the levels and the change
    "占比由20.5%提高到25.3%,总量增长12.5%,提高4.8个百分点。",
    # the levels are in another sentence
    "占比由20.5%提高到25.3%。全市提高4.8个百分点。",
    # levels and change in different units (a rate's change in %: the growth linker's)
    "占比由20.5%提高到25.3%,提高23.4%。",
    # 序时进度 without a period in the paragraph, or a rate that is no share of a plan
    "全市重点项目完成投资28.8亿元,占年度计划的44%,超时间进度12.3个百分点。",
    "1-5月,全市规上工业增加值增长44%,超时间进度2.3个百分点。",
    # a cut-off day: the convention for 序时进度 varies too much to check
    "截至5月20日,全市重点项目完成年度计划的44%,超时间进度5.6个百分点。",
    # the last period written is a comparison base, and the one before is not the rate's
    "1-9月,规上工业增加值增速比上半年提高2个百分点,重点项目完成年度计划的80%,"
    "超序时进度5个百分点。",
    # more rates than gaps in a 分别 list
    "1-4月,投资完成率分别为43.2%、37.8%、40.1%,分别超时序进度9.9个百分点、4.5个百分点。",
    # several sectors named before the changes: which share each is, is not one word
    "三次产业结构由上年的9.4:66.8:23.8调整为8.3:71.1:20.6,第二、第三产业比重分别提高3.2和"
    "下降3.2个百分点。",
    "三次产业结构由上年的9.4:66.8:23.8调整为8.3:71.1:20.6,二三产业比重提高1.1个百分点。",
    # a part of a sector is not the sector: 工业 is not all of 第二产业
    "三次产业结构由上年的9.4:66.8:23.8调整为8.3:71.1:20.6,工业比重提高4.3个百分点。",
    "三次产业结构由上年的9.4:66.8:23.8调整为8.3:71.1:20.6,现代服务业比重下降3.2个百分点。",
])
def test_other_shapes_are_not_linked(text: str) -> None:
    assert _link(text)[1] == []


def test_basis_points_are_a_hundredth_of_the_levels_difference() -> None:
    claims, (rel,) = _link("一年期贷款市场报价利率由3.65%下调至3.45%,累计下降20个基点。")
    assert rel.factor == 100.0
    computed = computed_interval(claims, rel)  # (3.45 − 3.65) × 100, over the intervals
    assert (computed.lo, computed.point, computed.hi) == pytest.approx((-21.0, -20.0, -19.0))


def _identities(text: str) -> list[dict[str, str]]:
    claims, rels = _link(text, vital.link_identity)
    assert all(rel.rule == "ARITH-DIFF" and rel.relation == "diff" for rel in rels)
    return [_roles(claims, rel) for rel in rels]


@pytest.mark.parametrize(("text", "roles"), [
    # corpus/dev 014, 054 and 045's forms: 为, a space, 人口 before the name, a negative rate
    ("出生人口4903人,出生率为10.8%,死亡人口488人,死亡率为1.1%,自然增长率为9.7%。",
     [{"minuend": "10.8%", "minus": "1.1%", "stated": "9.7%"}]),
    ("人口出生率为6.77‰;死亡人口1041万人,人口死亡率为7.37‰;人口自然增长率为-0.60‰。",
     [{"minuend": "6.77‰", "minus": "7.37‰", "stated": "-0.60‰"}]),
    ("全年人口出生率、死亡率和自然增长率分别为9.52‰、6.21‰和3.31‰。",
     [{"minuend": "9.52‰", "minus": "6.21‰", "stated": "3.31‰"}]),
    # the changes on the year before, each right after its rate
    ("全年人口出生率 8.66‰,比上年下降 1.84个千分点;死亡率 4.63‰,比上年下降 0.03个千分点;"
     "自然增长率4.03‰,比上年下降 1.81个千分点。",
     [{"minuend": "8.66‰", "minus": "4.63‰", "stated": "4.03‰"},
      {"minuend": "1.84个千分点", "minus": "0.03个千分点", "stated": "1.81个千分点"}]),
    # one change missing (持平): the levels only
    ("出生率为8.2‰,比上年下降0.9个千分点;死亡率为6.2‰,与上年持平;自然增长率为2.0‰,"
     "比上年下降0.9个千分点。",
     [{"minuend": "8.2‰", "minus": "6.2‰", "stated": "2.0‰"}]),
])
def test_natural_growth_identity_is_linked(text: str, roles: list[dict[str, str]]) -> None:
    assert _identities(text) == roles


@pytest.mark.parametrize("text", [
    # two birth rates: which one the natural rate comes from is not said
    "城镇人口出生率为9.1‰,乡村人口出生率为11.8‰,死亡率为6.2‰,自然增长率为4.0‰。",
    # the three in different sentences (another region's, another year's)
    "出生率为10.8‰。上年死亡率为1.1‰,自然增长率为9.7‰。",
    # units differ: a misprint the ratio rule names, not a difference to take
    "出生率为10.8‰,死亡率为1.1%,自然增长率为9.7‰。",
    # a birth rate without its death rate
    "出生率为10.8‰,自然增长率为9.7‰。",
])
def test_natural_growth_identity_needs_all_three_plainly(text: str) -> None:
    assert _identities(text) == []


def test_a_change_whose_sign_contradicts_its_word_is_not_paired() -> None:
    # "比上年下降-1.84": a minus sign after a down word leaves unclear which way the rate
    # moved; the levels still hold their identity
    text = ("出生率为8.66‰,比上年下降-1.84个千分点;死亡率为4.63‰,比上年下降0.03个千分点;"
            "自然增长率为4.03‰,比上年下降1.81个千分点。")
    assert [r["stated"] for r in _identities(text)] == ["4.03‰"]


def test_direction_word_decides_the_sign() -> None:
    # 落后 is no sign word of the extractor: the figure is +3.7, the text says −3.7
    claims, (rel,) = _link("1-5月,重点项目完成投资28.8亿元,占年度计划的38%,"
                           "落后时间进度3.7个百分点。")
    assert claims.loc[rel.stated, C.VALUE] == 3.7 and rel.sign == -1
    # 下降 is: the figure is −0.4 and says so itself
    claims, (rel,) = _link("失业率为3.1%,比上年的3.5%下降0.4个百分点。")
    assert claims.loc[rel.stated, C.VALUE] == -0.4 and rel.sign == 1


def test_elapsed_share_admits_the_day_count_and_rounded_conventions() -> None:
    _, (rel,) = _link("1-5月,重点项目完成年度投资计划的44%,超时间进度2.3个百分点。")
    span = rel.spans[0]
    assert span.point == pytest.approx(500 / 12)
    # 151 days of 365 (41.37 %), 152 of 366, and 41.7 (5/12 rounded)
    assert span.lo == pytest.approx(100 * 151 / 365)
    assert span.hi == pytest.approx(41.7)


def test_respectively_lists_pair_in_order() -> None:
    claims, rels = _link("1-4月,省、市级重点项目投资完成率分别为43.2%、37.8%,"
                         "分别超时序进度9.9个百分点、4.5个百分点。")
    assert [(_roles(claims, r)["current"], _roles(claims, r)["stated"]) for r in rels] == [
        ("43.2%", "9.9个百分点"), ("37.8%", "4.5个百分点")]


def test_growth_of_a_rate_links_its_two_levels() -> None:
    claims, rels = _link("森林覆盖率由40.0%提高到42.0%,增长5.0%。", growth.link_rate_levels)
    assert [_roles(claims, rel) for rel in rels] == [
        {"level": "42.0%", "previous": "40.0%", "stated": "5.0%"}]
    # a growth of something else after the rate's levels is not the rate's
    assert _link("森林覆盖率由40.0%提高到42.0%,林业产值增长5.0%。",
                 growth.link_rate_levels)[1] == []


def _verdict(text: str, linker=diff.link) -> tuple[str, float, float]:
    claims, rels = _link(text, linker)
    checks = build_checks(claims, rels)
    (row,) = verdicts(checks.frame, rule_params({}), engine="pandas").itertuples(index=False)
    alt = checks.alternates[row.check_id]
    return row.verdict, alt.lo, alt.hi


def test_points_that_are_the_relative_change_are_a_pp_slip() -> None:
    verdict, lo, hi = _verdict("占比由20.0%提高到25.0%,提高25.0个百分点。")
    assert verdict == "pp_slip"
    assert lo < 25.0 < hi  # 25.0 ÷ 20.0 − 1, over the rounding intervals


def test_growth_that_is_the_difference_is_a_pp_slip() -> None:
    verdict, lo, hi = _verdict("占比由20.0%提高到25.0%,增长5.0%。", growth.link_rate_levels)
    assert verdict == "pp_slip"
    assert (lo, hi) == pytest.approx((4.9, 5.1))


def test_pp_slip_outranks_a_tenfold_slip() -> None:
    # 10% → 11%: the difference 1 point × 10 and the relative change 10% coincide
    assert _verdict("占比由10.0%提高到11.0%,提高10.0个百分点。")[0] == "pp_slip"


def test_pp_slip_has_its_severity_and_messages() -> None:
    for code, rule in registry().items():
        if "pp_slip_severity" in rule.defaults:
            assert rule.defaults["pp_slip_severity"] == "error", code
            assert set(rule.messages["pp_slip"]) == {"zh", "en"}, code
            assert "{alt}" in rule.messages["pp_slip"]["en"], code
    assert {"ARITH-DIFF", "ARITH-GROWTH"} <= {
        code for code, rule in registry().items() if "pp_slip_severity" in rule.defaults}
    params = rule_params({"ARITH-DIFF": {"pp_slip_severity": "warning"}})
    claims, rels = _link("占比由20.0%提高到25.0%,提高25.0个百分点。")
    got = verdicts(build_checks(claims, rels).frame, params, engine="pandas")
    assert list(got["severity"]) == ["warning"]


def test_plain_python_judge_names_the_same_cause() -> None:
    # 20% → 25% "提高25个百分点": the difference is 5, the relative change 25
    stated, computed = P.figure("25"), P.difference(P.figure("25"), P.figure("20"))
    alternate = P.growth(P.figure("25"), P.figure("20"))
    assert P.judge(stated, computed, P.truncation("25"), alternate=alternate) \
        is P.Verdict.PP_SLIP
    assert P.judge(stated, computed, P.truncation("25")) is P.Verdict.INCONSISTENT
    # truncation still comes first, as in the engine
    assert P.judge(P.figure("6"), P.figure("6.98", 2), P.truncation("6"),
                   alternate=P.figure("6")) is P.Verdict.TRUNCATION


def _holding_cases() -> list[str]:
    import yaml

    from tests.test_rules_fixtures import FIXTURES

    data = yaml.safe_load((FIXTURES / "ARITH-DIFF.yml").read_text("utf-8"))
    return [c["text"] for c in data["cases"]
            if c["name"].startswith("pass_") and _every_link(c["text"])[1]]


def _every_link(text: str) -> tuple[pd.DataFrame, list[Relation]]:
    claims, rels = _link(text)
    return claims, rels + _link(text, vital.link_identity)[1]


def test_mutated_changes_are_caught() -> None:
    """Each linked change of the holding fixtures, altered by 3 units of its last digit
    either way, is flagged at its place: an error or warning — or, where a publisher who
    truncates could have written it, a note. Mutations the rounding intervals still admit
    are not counted."""
    from checker.audit import audit_documents

    tried = caught = noted = 0
    for text in _holding_cases():
        claims, rels = _every_link(text)
        for rel in rels:
            rec = claims.loc[rel.stated]
            written = str(rec[C.WRITTEN]).lstrip("+-")
            decimals = int(rec[C.DECIMALS])
            computed = computed_interval(claims, rel).scaled(1 if rec[C.VALUE] > 0 else -1)
            for k in (3, -3):
                new = f"{float(written) + k * 10.0 ** -decimals:.{decimals}f}"
                verdict = P.judge(P.figure(new), computed, P.truncation(new))
                if float(new) <= 0 or verdict is P.Verdict.CONSISTENT:
                    continue
                start, end = int(rec[C.START]), int(rec[C.END])
                quote = text[start:end].replace(written, new, 1)
                doc = document_from_bytes((text[:start] + quote + text[end:]).encode("utf-8"),
                                          "case.txt", ManifestRow(None, 2022, None,
                                                                  DocKind.BULLETIN, None))
                found = audit_documents([doc], rule_params({}), engine="pandas").findings
                severities = {f.severity.value for f in found
                              if f.rule == "ARITH-DIFF" and f.evidence[0].start == start}
                tried += 1
                if verdict is P.Verdict.TRUNCATION:
                    noted += severities == {"note"}
                else:
                    caught += bool(severities & {"error", "warning"})
    print(f"ARITH-DIFF mutations: {caught} caught, {noted} noted as truncation, of {tried}")
    assert tried >= 15
    assert caught + noted == tried
