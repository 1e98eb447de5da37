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
