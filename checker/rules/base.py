"""Rule metadata and the registry.

A rule is a small module ``checker/rules/<code>.py`` (ARITH-RATIO → ``arith_ratio.py``)
holding one :class:`Rule`. Its docstring is its documentation, with the fixed sections
listed in :data:`DOC_SECTIONS` (a test fails when one is missing). Parameters and
severities are data (``checker/data/rules.yaml``), overridable per rule with
``[rules.RULE-ID]`` in ``--config``.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checker.errors import BadConfig
from checker.extract import catalogue

DOC_SECTIONS = ("What it checks", "Why it matters", "Fails", "Holds")
SEVERITIES = ("error", "warning", "note")
RULES_YAML = Path(__file__).resolve().parents[1] / "data" / "rules.yaml"


@dataclass(frozen=True)
class Rule:
    code: str  # stable id, e.g. ARITH-RATIO
    version: int
    family: str  # the expectation suite: expectations/<family>.json
    relation: str  # the checks frame's relation this rule validates
    title: dict[str, str]  # {"zh": …, "en": …}
    # Message templates per verdict and language, formatted with the finding's fields.
    messages: dict[str, dict[str, str]]
    doc: str = ""
    defaults: dict[str, Any] = field(default_factory=dict)

    def sections(self) -> dict[str, str]:
        """The docstring's fixed sections: "Heading:" lines followed by indented text."""
        found: dict[str, list[str]] = {}
        current: str | None = None
        for line in self.doc.splitlines():
            head = line.strip().rstrip(":")
            if line.strip().endswith(":") and head in DOC_SECTIONS:
                current = head
                found[current] = []
            elif current is not None:
                found[current].append(line.strip())
        return {k: "\n".join(v).strip() for k, v in found.items()}


_MODULES = ("arith_ratio", "arith_sum", "arith_share100", "arith_growth",
            "target_missed", "target_behind", "target_drift", "xdoc_mismatch",
            "target_admission", "arith_days", "arith_base", "arith_diff")


@cache
def registry() -> dict[str, Rule]:
    """Every rule, by code, with its docstring and rules.yaml defaults attached."""
    data = load_rules_yaml()
    out: dict[str, Rule] = {}
    for name in _MODULES:
        module = importlib.import_module(f"checker.rules.{name}")
        rule: Rule = module.RULE
        if module.__name__.rsplit(".", 1)[1] != rule.code.lower().replace("-", "_"):
            raise RuntimeError(f"rule {rule.code} lives in {module.__name__}")
        defaults = data.get(rule.code)
        if defaults is None:
            raise RuntimeError(f"{RULES_YAML.name} has no entry for {rule.code}")
        out[rule.code] = Rule(rule.code, rule.version, rule.family, rule.relation, rule.title,
                              rule.messages, inspect.getdoc(module) or "", dict(defaults))
    return out


@cache
def load_rules_yaml() -> dict[str, dict[str, Any]]:
    data = catalogue.load("rules") or {}  # libyaml, cached
    return data.get("rules", {})


def rule_params(overrides: dict[str, dict[str, Any]] | None, where: str = "--config"
                ) -> dict[str, dict[str, Any]]:
    """rules.yaml defaults with ``[rules.RULE-ID]`` overrides applied and checked.

    An unknown rule id, an unknown key, a value of the wrong type or an unknown severity
    is a :class:`BadConfig` (exit 2): a typo must not be silently ignored.
    """
    rules = registry()
    params = {code: dict(rule.defaults) for code, rule in rules.items()}
    for code, values in (overrides or {}).items():
        if code not in rules:
            raise BadConfig(where, f"[rules.{code}]: unknown rule (known: {', '.join(rules)})")
        for key, value in values.items():
            if key not in params[code]:
                raise BadConfig(where, f"[rules.{code}]: unknown key {key!r} "
                                       f"(known: {', '.join(sorted(params[code]))})")
            default = params[code][key]
            if key.endswith("severity") or key == "severity":
                if value not in (*SEVERITIES, "off"):
                    raise BadConfig(where, f"[rules.{code}] {key}: {value!r} is not one of "
                                           f"error, warning, note, off")
            elif isinstance(default, bool) != isinstance(value, bool) or (
                    isinstance(default, (int, float)) and not isinstance(value, (int, float))):
                raise BadConfig(where, f"[rules.{code}] {key}: expected "
                                       f"{type(default).__name__}, got {value!r}")
            params[code][key] = value
    return params
