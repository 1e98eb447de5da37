"""Last year's figure implied by this year's rate and its change (checker/reconcile/implied.py)
against the figure last year's document states."""

from __future__ import annotations

from reconcile_docs import corpus, doc

from checker import columns as C
from checker import precision as P
from checker.reconcile.comparisons import compare


def implied(*docs) -> list[tuple[str, str, str, str]]:
    claims, documents = corpus(*docs)
    out = []
    for comp in compare(claims, documents, {}):
        if comp.relation != "implied":
            continue
        verdict = "holds" if P.holds(comp.acceptable, comp.observed, 1.0) else "fails"
        quotes = [str(claims.loc[i, C.QUOTE]) for i in comp.rows]
        out.append((*quotes, verdict))
    return out


def _natural(year: int, words: str, name: str) -> object:
    return doc(f"{year}年,全县{words}。", "other", year, "全年", region="云和县", name=name)


def test_the_dev_corpus_pair_holds_over_the_rounding_intervals() -> None:
    # corpus/dev 016 and 025: −3.19 − (−3.18) = −0.01, [−0.02, 0]
    a = _natural(2021, "人口自然增长率为-0.01‰", "y2021")
    b = _natural(2022, "人口自然增长率为-3.19‰,比上年下降3.18个千分点", "y2022")
    assert implied(a, b) == [("-3.19‰", "-0.01‰", "3.18个千分点", "holds")]
    # a figure of the other sign is the same measure (a level of the rate, not a growth)
    c = _natural(2021, "人口自然增长率为0.52‰", "other2021")
    assert implied(c, b) == [("-3.19‰", "0.52‰", "3.18个千分点", "fails")]


def test_year_end_and_full_year_figures_are_one_figure_a_year() -> None:
    a = doc("全年常住人口城镇化率为64.1%。", "other", 2021, "全年", name="a")
    b = doc("2022年末,全市常住人口城镇化率为65.2%,比上年末提高1.1个百分点。", "other", 2022,
            "全年", name="b")
    assert implied(a, b) == [("65.2%", "64.1%", "1.1个百分点", "holds")]


def test_only_a_rate_stated_right_before_its_change_on_the_year_before() -> None:
    last = doc("2021年末,全市常住人口城镇化率为64.1%。", "other", 2021, "全年", name="a")
    for words in (
        # the change is against another base (the province), not last year
        "2022年末,全市常住人口城镇化率为65.2%,比全省高1.1个百分点。",
        # a figure stands between the rate and the change
        "2022年末,全市常住人口城镇化率为65.2%,城镇人口12.5万人,比上年提高1.1个百分点。",
        # 提高-1.1: which way it moved is unclear
        "2022年末,全市常住人口城镇化率为65.2%,比上年末提高-1.1个百分点。",
        # a bound, not a figure
        "2022年末,全市常住人口城镇化率为65.2%,比上年末提高1个百分点以上。",
    ):
        b = doc(words, "other", 2022, "全年", name="b")
        assert implied(last, b) == [], words


def test_a_growth_rate_of_a_level_implies_nothing() -> None:
    # GDP's growth is taken at comparable prices: last year's GDP is not 951435 ÷ 0.959
    a = doc("2021年,全县实现生产总值980000万元。", "other", 2021, "全年", name="a")
    b = doc("2022年,全县实现生产总值951435万元,比上年下降4.1%。", "other", 2022, "全年",
            name="b")
    assert implied(a, b) == []


def test_the_same_document_is_left_to_the_arithmetic() -> None:
    both = doc("2021年末,全市常住人口城镇化率为64.1%。2022年末,全市常住人口城镇化率为65.2%,"
               "比上年末提高1.4个百分点。", "other", 2022, "全年", name="both")
    assert implied(both) == []
