"""The catalogue, rules.yaml, and [rules.RULE-ID] overrides from --config."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import load_config
from checker.errors import BadConfig
from checker.rules import registry, rule_params
from checker.rules.base import load_rules_yaml


def test_catalogue_codes_are_stable() -> None:
    # codes are contracts (baselines, waivers, SARIF): a released code never disappears
    released = ["ARITH-RATIO", "ARITH-SUM", "ARITH-SHARE100", "TARGET-MISSED", "TARGET-BEHIND",
                "TARGET-DRIFT", "XDOC-MISMATCH"]
    assert [code for code in registry() if code in released] == released


def test_rules_yaml_covers_exactly_the_registry() -> None:
    assert set(load_rules_yaml()) == set(registry())


def test_override_applies_to_one_rule_only() -> None:
    params = rule_params({"ARITH-SUM": {"edge_severity": "note", "max_shortfall": 0.05}})
    assert params["ARITH-SUM"]["edge_severity"] == "note"
    assert params["ARITH-SUM"]["max_shortfall"] == 0.05
    assert params["ARITH-RATIO"]["edge_severity"] == "warning"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ARITH-NOPE": {"severity": "error"}}, "unknown rule"),
    ({"ARITH-SUM": {"tolerance": 1}}, "unknown key 'tolerance'"),
    ({"ARITH-SUM": {"severity": "fatal"}}, "not one of"),
    ({"ARITH-SUM": {"core_fraction": "wide"}}, "expected float"),
])
def test_bad_overrides_are_bad_input(overrides: dict, message: str) -> None:
    with pytest.raises(BadConfig, match=message):
        rule_params(overrides)


def test_config_file_rules_are_checked_on_load(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[rules.ARITH-RATIO]\nseverity = "warning"\n', "utf-8")
    assert load_config(good).rule_params()["ARITH-RATIO"]["severity"] == "warning"
    bad = tmp_path / "bad.toml"
    bad.write_text('[rules.ARITH-RATIO]\nseverty = "warning"\n', "utf-8")
    with pytest.raises(BadConfig, match=r"bad\.toml: \[rules\.ARITH-RATIO\]: unknown key"):
        load_config(bad)
