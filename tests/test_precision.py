"""Interval arithmetic and verdicts on the DOMAIN.md §4 examples."""

from __future__ import annotations

import math

import pytest

from checker.precision import (
    Interval,
    Verdict,
    edge_depth,
    figure,
    growth,
    judge,
    ratio,
    total,
    truncation,
)


def test_scale_applied_after_rounding() -> None:
    iv = figure("4.4", 1, "万")
    assert (iv.lo, iv.hi, iv.point) == pytest.approx((43500, 44500, 44000))


def test_integer_percent_is_rounded_and_count_is_exact() -> None:
    assert (figure("83", 0).lo, figure("83", 0).hi) == (82.5, 83.5)
    assert figure("283", 0, exact=True).is_point


def test_sign_word_negates_interval() -> None:
    iv = figure("38.96", 2, sign=-1)
    assert iv.point == pytest.approx(-38.96)
    assert iv.lo == pytest.approx(-38.965) and iv.hi == pytest.approx(-38.955)


def test_truncation_interval() -> None:
    iv = truncation("72.9", 1)
    assert (iv.lo, iv.hi) == pytest.approx((72.9, 73.0))


def test_completion_rate_holds() -> None:
    # 亿元以上项目283个,…完成省定全年目标186个的152.2%  → 152.15%
    computed = ratio(figure("283", exact=True), figure("186", exact=True))
    assert computed.point == pytest.approx(152.1505, abs=1e-4)
    assert judge(figure("152.2"), computed) is Verdict.CONSISTENT


def test_rate_with_restated_target_denominator_holds() -> None:
    # 新增1.5万户通天然气…通气用户11084户,通气率73.89%: 1.5万 restated as denominator is exact
    computed = ratio(figure("11084", exact=True), figure("1.5", 1, "万", exact=True))
    assert computed.point == pytest.approx(73.8933, abs=1e-4)
    assert judge(figure("73.89"), computed) is Verdict.CONSISTENT


def test_parts_hold_only_at_the_edge() -> None:
    # 完成营造林面积21.25万亩…人工造林8.4万亩,封山育林6.5万亩,退化林修复6.25万亩 = 21.15
    parts = total([figure("8.4", 1, "万"), figure("6.5", 1, "万"), figure("6.25", 2, "万")])
    stated = figure("21.25", 2, "万")
    assert parts.point == pytest.approx(211500)
    assert judge(stated, parts) is Verdict.EDGE
    assert 0.8 < edge_depth(stated, parts) < 1.0


def test_exact_counts_do_not_add_up() -> None:
    parts = total([figure(w, exact=True) for w in ("24", "9", "11")])
    assert judge(figure("45", exact=True), parts) is Verdict.INCONSISTENT


def test_same_counts_treated_as_rounded_would_hide_the_error() -> None:
    parts = total([figure(w) for w in ("24", "9", "11")])
    assert judge(figure("45"), parts) is not Verdict.INCONSISTENT


def test_truncating_publisher_is_a_note() -> None:
    # 129/270 = 47.78% printed 47%
    computed = ratio(figure("129", exact=True), figure("270", exact=True))
    assert judge(figure("47"), computed, truncation("47")) is Verdict.TRUNCATION


def test_truncation_excludes_its_far_end() -> None:
    # 12 ÷ 25 = 48% exactly truncates to 48, not 47; nor does 10.8 − 1.1 ≥ 9.6 give 9.5
    computed = ratio(figure("12", exact=True), figure("25", exact=True))
    assert judge(figure("47"), computed, truncation("47")) is Verdict.INCONSISTENT
    natural = figure("10.8") - figure("1.1")
    assert judge(figure("9.5"), natural, truncation("9.5")) is Verdict.INCONSISTENT
    assert judge(figure("-9.5"), natural.scaled(-1), truncation("-9.5")) \
        is Verdict.INCONSISTENT
    # anything short of the far end still is a truncation: 47.99% printed 47%
    assert judge(figure("47"), figure("47.99", 2), truncation("47")) is Verdict.TRUNCATION


def test_scale_slip_and_permille() -> None:
    computed = ratio(figure("4903", exact=True), figure("453229", exact=True))  # 1.08%
    assert judge(figure("10.8"), computed, truncation("10.8")) is Verdict.PERCENT_SLIP
    level = total([figure("1.2", 1, "亿"), figure("0.3", 1, "亿")])
    assert judge(figure("1.5", 1, "万"), level) is Verdict.SCALE_SLIP


def test_real_mismatch() -> None:
    # stated 14.6%; 127.1亿 ÷ 1321.29亿 = 9.62%
    computed = ratio(figure("127.1", 1, "亿"), figure("1321.29", 2, "亿"))
    assert computed.point == pytest.approx(9.6194, abs=1e-3)
    assert judge(figure("14.6"), computed, truncation("14.6")) is Verdict.INCONSISTENT


def test_growth_interval() -> None:
    g = growth(figure("110", exact=True), figure("100", exact=True))
    assert g.point == pytest.approx(10.0)
    assert g.is_point
    rounded = growth(figure("1.1", 1), figure("1.0", 1))
    assert rounded.lo < 10 < rounded.hi


def test_division_by_interval_containing_zero_is_refused() -> None:
    with pytest.raises(ZeroDivisionError):
        ratio(figure("1"), Interval(-0.1, 0.1, 0.0))


def test_edge_depth_of_disjoint_intervals_exceeds_one() -> None:
    assert edge_depth(figure("45", exact=True), Interval.exact(44.0)) == math.inf
    assert edge_depth(figure("10.0", 1), Interval(9.0, 9.9, 9.5)) > 1
