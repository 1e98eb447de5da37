"""The rules: metadata and registry (:mod:`base`), one module per rule, the GX runner
(:mod:`gx`) and the engine that turns flagged check rows into verdicts (:mod:`engine`)."""

from checker.rules.base import Rule, registry, rule_params

__all__ = ["Rule", "registry", "rule_params"]
