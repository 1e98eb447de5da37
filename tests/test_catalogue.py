"""The built-in vocabulary files load the same whichever YAML parser PyYAML uses."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from checker.extract import catalogue

NAMES = sorted(p.name.removesuffix(".yaml") for p in resources.files("checker.data").iterdir()
               if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", NAMES)
def test_data_file_loads_as_the_pure_python_safe_loader_reads_it(name: str) -> None:
    text = resources.files("checker.data").joinpath(f"{name}.yaml").read_text("utf-8")
    assert catalogue.load(name) == yaml.safe_load(text)


def test_an_indicator_is_pooled_unless_the_catalogue_says_it_is_one_projects() -> None:
    table = catalogue.parse_indicators(
        {"indicators": {"gdp": {"aliases": ["地区生产总值"]},
                        "project_investment": {"aliases": ["完成投资"], "pooled": False}}},
        "test")
    assert table["gdp"].pooled
    assert not table["project_investment"].pooled
    assert not catalogue.builtin_indicators()["project_investment"].pooled
