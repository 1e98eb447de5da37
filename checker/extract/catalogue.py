"""Loading the data files that drive extraction (units, qualifiers, directions, indicators).

They live in ``checker/data`` so users and maintainers change vocabulary without touching
code; users add indicator aliases with their own file (``--config``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML has it (the same safe constructor, ~10x faster: every worker
# process loads the vocabulary before its first document).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict[str, Any]:
    """One built-in data file, parsed (``name`` without extension)."""
    text = resources.files("checker.data").joinpath(f"{name}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=_SAFE_LOADER)


@dataclass(frozen=True)
class Unit:
    written: str
    base: str
    family: str
    discrete: bool


@cache
def units() -> dict[str, Unit]:
    return {
        written: Unit(written, spec["base"], spec["family"], bool(spec.get("discrete")))
        for written, spec in load("units")["units"].items()
    }


@cache
def scales() -> dict[str, int]:
    return dict(load("units")["scales"])


@dataclass(frozen=True)
class Indicator:
    id: str
    aliases: tuple[str, ...]
    better: str  # more | less
    flow: bool
    # False: the figures measure one named project or programme each (完成投资 of a road, of
    # a school), not the region: only figures of one sentence are compared (keys.SUBJECT)
    pooled: bool = True


def parse_indicators(data: dict[str, Any], source: str) -> dict[str, Indicator]:
    from checker.errors import BadConfig

    table = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise BadConfig(source, "expected a mapping 'indicators:' of id → {aliases: [...]}")
    out: dict[str, Indicator] = {}
    for ident, spec in table.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("aliases"), list):
            raise BadConfig(source, f"indicator {ident!r} needs a list 'aliases'")
        unknown = set(spec) - {"aliases", "better", "flow", "pooled"}
        if unknown:
            raise BadConfig(source, f"indicator {ident!r} has unknown keys {sorted(unknown)}")
        better = spec.get("better", "more")
        if better not in ("more", "less"):
            raise BadConfig(source, f"indicator {ident!r}: better must be 'more' or 'less'")
        out[str(ident)] = Indicator(
            str(ident), tuple(str(a) for a in spec["aliases"]), better, bool(spec.get("flow")),
            bool(spec.get("pooled", True)),
        )
    return out


@cache
def builtin_indicators() -> dict[str, Indicator]:
    return parse_indicators(load("indicators"), "checker/data/indicators.yaml")


def indicators_with(extra: Path | None) -> dict[str, Indicator]:
    """The built-in catalogue, extended (and overridden per id) by a user's alias file."""
    table = dict(builtin_indicators())
    if extra is None:
        return table
    from checker.errors import BadConfig

    try:
        data = yaml.safe_load(extra.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BadConfig(str(extra), f"cannot read alias file: {exc}".splitlines()[0]) from None
    for ident, ind in parse_indicators(data, str(extra)).items():
        if ident in table:  # extend an existing indicator's aliases
            old = table[ident]
            ind = Indicator(ident, old.aliases + ind.aliases, ind.better, ind.flow or old.flow,
                            ind.pooled and old.pooled)
        table[ident] = ind
    return table
