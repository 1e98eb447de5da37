"""The data files users edit are well formed: a key written twice in one mapping is a
mistake YAML would silently resolve by keeping the last one (two edits of phrases.yaml once
each added ``verdict_pp_slip`` and only one of them was ever shown)."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

FILES = sorted(p.name for p in resources.files("checker.data").iterdir()
               if p.name.endswith(".yaml"))


class _StrictLoader(yaml.SafeLoader):
    """Safe loading that refuses a mapping with a repeated key."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} written twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("name", FILES)
def test_data_file_writes_each_key_once(name: str) -> None:
    text = resources.files("checker.data").joinpath(name).read_text("utf-8")
    yaml.load(text, Loader=_StrictLoader)  # raises on a repeated key


def test_a_repeated_key_is_caught() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="written twice"):
        yaml.load("a: 1\nb: 2\na: 3\n", Loader=_StrictLoader)


def test_the_rule_suites_ship_inside_the_package() -> None:
    """``checker/suites`` links to the top-level ``expectations/`` so a wheel install (not
    only an editable one) carries the GX suites as package data."""
    from pathlib import Path

    top = Path(__file__).resolve().parents[1] / "expectations"
    packaged = resources.files("checker").joinpath("suites")
    names = sorted(p.name for p in top.glob("*.json"))
    assert names and names == sorted(p.name for p in packaged.iterdir()
                                     if p.name.endswith(".json"))
    for name in names:
        assert packaged.joinpath(name).read_text("utf-8") == (top / name).read_text("utf-8")
