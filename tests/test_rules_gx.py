"""The Great Expectations runner: suites checked on load, failures mapped back by check id,
exceptions never taken as a pass, and the same decision as plain pandas."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from checker import columns as C
from checker.rules import engine, gx, rule_params
from checker.rules.engine import flags_gx, flags_pandas, verdicts

SEEDS = Path(__file__).parents[1] / "seeds"


def _frame(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    stated = rng.uniform(1, 200, n).round(1)
    half = np.where(rng.random(n) < 0.3, 0.0, 0.05)
    offset = rng.normal(0, 0.08, n)
    point = stated + offset
    spread = rng.uniform(0, 0.1, n)
    rules = np.array(["ARITH-RATIO", "ARITH-SUM", "ARITH-SHARE100"])[rng.integers(0, 3, n)]
    return pd.DataFrame({
        C.CHECK_ID: [f"c{i}" for i in range(n)], C.RULE: rules,
        C.STATED_VALUE: stated, C.STATED_LOW: stated - half, C.STATED_HIGH: stated + half,
        C.STATED_TRUNC_LOW: stated, C.STATED_TRUNC_HIGH: stated + 2 * half,
        C.COMPUTED_POINT: point, C.COMPUTED_LOW: point - spread, C.COMPUTED_HIGH: point + spread,
    })


def test_gx_and_pandas_flag_the_same_rows() -> None:
    frame = _frame(600)
    params = rule_params({})
    flagged = flags_gx(frame, params)
    assert flagged == flags_pandas(frame, params)
    assert {"rounding", "core"} <= set(flagged.values())  # the sample exercises both tiers


def test_gx_in_batches_flags_what_one_validation_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each family validated a batch of rows at a time (GX_BATCH_ROWS): the same flags."""
    frame = _frame(600)
    params = rule_params({})
    whole = flags_gx(frame, params)
    monkeypatch.setattr(engine, "GX_BATCH_ROWS", 37)
    assert flags_gx(frame, params) == whole


def test_verdicts_classify_causes() -> None:
    params = rule_params({})
    frame = pd.DataFrame({
        C.CHECK_ID: ["ok", "edge", "trunc", "slip", "bad"], C.RULE: ["ARITH-RATIO"] * 5,
        C.STATED_VALUE: [152.2, 21.25, 47.0, 10.8, 14.6],
        C.STATED_LOW: [152.15, 21.245, 46.5, 10.75, 14.55],
        C.STATED_HIGH: [152.25, 21.255, 47.5, 10.85, 14.65],
        C.STATED_TRUNC_LOW: [152.2, 21.25, 47.0, 10.8, 14.6],
        C.STATED_TRUNC_HIGH: [152.3, 21.26, 48.0, 10.9, 14.7],
        C.COMPUTED_POINT: [152.1505, 21.15, 47.78, 1.0818, 9.619],
        C.COMPUTED_LOW: [152.1505, 21.045, 47.78, 1.0818, 9.614],
        C.COMPUTED_HIGH: [152.1505, 21.255, 47.78, 1.0818, 9.624],
    })
    got = verdicts(frame, params)
    assert dict(zip(got[C.CHECK_ID], got["verdict"], strict=True)) == {
        "edge": "edge", "trunc": "truncation", "slip": "percent_slip", "bad": "inconsistent"}
    assert dict(zip(got[C.CHECK_ID], got["severity"], strict=True)) == {
        "edge": "warning", "trunc": "note", "slip": "error", "bad": "error"}


def test_severity_override_and_off() -> None:
    frame = _frame(200)
    params = rule_params({"ARITH-SUM": {"edge_severity": "off", "severity": "warning"}})
    got = verdicts(frame, params, engine="pandas")
    sums = got[got[C.RULE] == "ARITH-SUM"]
    assert set(sums["verdict"]) <= {"inconsistent", "truncation", "scale_slip", "percent_slip"}
    assert set(sums.loc[sums["verdict"] == "inconsistent", "severity"]) == {"warning"}


def test_empty_checks_frame_has_no_verdicts() -> None:
    empty = _frame(0)
    assert verdicts(empty, rule_params({})).empty


def test_suite_with_unknown_expectation_fails_loudly() -> None:
    suite = copy.deepcopy(gx.load_suite_dict("arith"))
    suite["expectations"].append({"type": "expect_column_values_to_be_prime",
                                  "kwargs": {}, "meta": {"rule": "ARITH-SUM", "tier": "core"}})
    with pytest.raises(gx.EngineError, match="unknown type"):
        gx.build_suite(suite, rule_params({}))


def test_suite_entry_without_rule_meta_fails_loudly() -> None:
    suite = copy.deepcopy(gx.load_suite_dict("arith"))
    del suite["expectations"][0]["meta"]["tier"]
    with pytest.raises(gx.EngineError, match="meta"):
        gx.build_suite(suite, rule_params({}))


def test_missing_family_suite_is_an_engine_error() -> None:
    with pytest.raises(gx.EngineError, match="no expectation suite"):
        gx.load_suite_dict("no-such-family")


def test_exception_inside_gx_is_an_engine_error_not_a_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suite = gx.build_suite(gx.load_suite_dict("arith"), rule_params({}))

    def broken(*args: object, **kwargs: object) -> pd.Series:
        raise RuntimeError("metric failed")

    # GX catches what the metric raises and reports it as exception_info on a result
    # that otherwise looks like an empty pass: the runner must raise instead.
    monkeypatch.setattr(engine, "stated_matches", broken)
    with pytest.raises(gx.EngineError, match="raised"):
        gx.validate(_frame(5), suite)


def test_core_fraction_from_params_reaches_the_suite() -> None:
    suite = gx.build_suite(gx.load_suite_dict("arith"),
                           rule_params({"ARITH-RATIO": {"core_fraction": 0.5}}))
    narrow = {(e.meta["rule"], e.meta["tier"]): e.narrow for e in suite.expectations}
    assert narrow[("ARITH-RATIO", "core")] == 0.5
    assert narrow[("ARITH-SUM", "core")] == 0.8
    assert narrow[("ARITH-RATIO", "rounding")] == 1.0


def test_broken_suite_file_is_one_line_and_exit_2(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from checker.cli import app

    for family in ("arith", "reconcile"):
        (tmp_path / f"{family}.json").write_text('{"name": "arith", "expectations": [',
                                                 "utf-8")
    monkeypatch.setattr(gx, "EXPECTATIONS_DIR", tmp_path)
    result = CliRunner().invoke(app, ["audit", str(SEEDS), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "arith.json: not a readable JSON expectation suite" in lines[0]
    assert "Traceback" not in result.output
