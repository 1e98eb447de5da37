"""``--config FILE`` (TOML): rule parameters, the 左右 band, extra indicator aliases.

    [indicators]
    aliases = "my_aliases.yaml"      # relative to the config file

    [rules.RULE-ID]                  # parameters and severity of one rule (issue 3)
    severity = "warning"

Unknown keys are a bad input: a typo must not be silently ignored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import BadConfig, read_option_file
from checker.extract.catalogue import Indicator, builtin_indicators, indicators_with

_TOP_KEYS = {"indicators", "rules", "tolerance"}


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    alias_file: Path | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    tolerance: dict[str, Any] = field(default_factory=dict)

    def rule_params(self) -> dict[str, dict[str, Any]]:
        """rules.yaml defaults with this file's ``[rules.RULE-ID]`` tables applied."""
        from checker.rules.base import rule_params

        return rule_params(self.rules, str(self.path) if self.path else "--config")

    def indicators(self) -> dict[str, Indicator]:
        if self.alias_file is None:
            return builtin_indicators()
        return indicators_with(self.alias_file)


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    where = str(path)
    text = read_option_file(path, BadConfig)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadConfig(where, f"not valid TOML ({exc})") from None
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise BadConfig(where, f"unknown key(s) {', '.join(sorted(unknown))}")
    alias_file = None
    ind = data.get("indicators", {})
    if not isinstance(ind, dict) or set(ind) - {"aliases"}:
        raise BadConfig(where, "[indicators] takes only 'aliases = \"file.yaml\"'")
    if "aliases" in ind:
        alias_file = (path.parent / str(ind["aliases"])).resolve()
        if not alias_file.is_file():
            raise BadConfig(where, f"alias file {ind['aliases']!r} does not exist")
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise BadConfig(where, "[rules.RULE-ID] tables expected")
    tolerance = data.get("tolerance", {})
    if not isinstance(tolerance, dict):
        raise BadConfig(where, "[tolerance] must be a table")
    config = Config(path, alias_file, rules, tolerance)
    config.indicators()  # validate the alias file now, as a bad input
    config.rule_params()  # unknown rule ids, keys or severities are bad input too
    return config
