"""Great Expectations as the rules engine: the custom expectation and the lazy runner.

Nothing else in the package imports ``great_expectations``: its import costs ~3 s and
~130 MB, so it happens only when rules run. The runner keeps one ephemeral context per
process (a context shared between threads mixed rows up, see notes/great_expectations.md),
with analytics off, progress bars off, no files written, and its logger at WARNING.

The custom expectation :class:`ExpectStatedToMatchComputed` is the whole arithmetic
decision: a check row holds when the computed point lies inside the stated interval, or
when both intervals, narrowed to their central ``narrow`` fraction, still overlap. The
suites run it twice per rule — at ``narrow`` 1.0 (fails: no value in the rounding intervals
satisfies the relation) and at the core fraction 0.8 (fails: it holds only at the edge).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from checker import columns as C
from checker.errors import CheckerError

# The suites live in the top-level expectations/ folder; checker/suites links to it so an
# installed wheel carries them as package data (pyproject.toml) and finds them the same way.
EXPECTATIONS_DIR = Path(__file__).parents[1] / "suites"
EXPECTATION_TYPE = "expect_stated_to_match_computed"
# The columns the custom expectation reads, in the order its metric expects them.
MATCH_COLUMNS = [C.STATED_LOW, C.STATED_HIGH, C.COMPUTED_LOW, C.COMPUTED_HIGH,
                 C.COMPUTED_POINT, C.STATED_VALUE]


class EngineError(CheckerError, RuntimeError):
    """GX could not evaluate an expectation: a bug or a broken suite, never a pass. A
    CheckerError: the CLI says it in one line (exit 2) — suites are files users edit."""


@dataclass(frozen=True)
class Failure:
    """The check rows one expectation flagged."""

    rule: str
    tier: str  # "rounding" (no overlap at all) or "core" (overlap only at the edge)
    check_ids: tuple[str, ...]


_lock = threading.Lock()
_state: dict[str, Any] = {}


def _quiet_environment() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def _register() -> dict[str, Any]:
    """Import GX, define the custom expectation, build the context once per process."""
    if _state:
        return _state
    _quiet_environment()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )
    from great_expectations.execution_engine import PandasExecutionEngine
    from great_expectations.expectations.expectation import MulticolumnMapExpectation
    from great_expectations.expectations.metrics.map_metric_provider import (
        MulticolumnMapMetricProvider,
        multicolumn_condition_partial,
    )
    from great_expectations.expectations.row_conditions import Column

    class StatedMatchesComputed(MulticolumnMapMetricProvider):
        condition_metric_name = "multicolumn_values.stated_matches_computed"
        condition_domain_keys = ("batch_id", "table", "column_list", "row_condition",
                                 "condition_parser", "ignore_row_if")
        condition_value_keys = ("narrow",)

        @multicolumn_condition_partial(engine=PandasExecutionEngine)
        def _pandas(cls, column_list: pd.DataFrame, **kwargs: Any) -> pd.Series:
            from checker.rules.engine import stated_matches

            cols = [column_list.iloc[:, i].astype("float64") for i in range(6)]
            return stated_matches(*cols, narrow=float(kwargs.get("narrow", 1.0)))

    class ExpectStatedToMatchComputed(MulticolumnMapExpectation):
        """A stated figure's rounding interval admits the value computed from its inputs."""

        narrow: float = 1.0
        map_metric = "multicolumn_values.stated_matches_computed"
        success_keys = ("mostly", "narrow")
        args_keys = ("column_list", "narrow")

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    source = context.data_sources.add_pandas("checks")
    asset = source.add_dataframe_asset("checks")
    batch_definition = asset.add_batch_definition_whole_dataframe("all")
    _state.update(gx=gx, context=context, batch=batch_definition,
                  expectation_class=ExpectStatedToMatchComputed, column=Column)
    return _state


def load_suite_dict(family: str) -> dict[str, Any]:
    path = EXPECTATIONS_DIR / f"{family}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise EngineError(f"no expectation suite for rule family {family!r} at {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngineError(f"{path}: not a readable JSON expectation suite ({exc})") from None


def build_suite(suite_dict: dict[str, Any], params: dict[str, dict[str, Any]]) -> Any:
    """The suite from its JSON, every entry checked: GX silently drops what it cannot build.

    ``params`` maps a rule id to its parameters from rules.yaml / --config; an entry's
    ``narrow`` named in its meta (``narrow_param``) is taken from there.
    """
    state = _register()
    gx = state["gx"]
    entries = suite_dict.get("expectations", [])
    expectations = []
    for i, entry in enumerate(entries):
        etype = entry.get("type")
        meta = entry.get("meta") or {}
        if etype != EXPECTATION_TYPE:
            raise EngineError(f"suite {suite_dict.get('name')!r} entry {i}: unknown type {etype!r}")
        if "rule" not in meta or meta.get("tier") not in ("rounding", "core"):
            raise EngineError(f"suite {suite_dict.get('name')!r} entry {i}: meta needs rule, tier")
        kwargs = dict(entry.get("kwargs") or {})
        rule_params = params.get(meta["rule"], {})
        if meta["tier"] == "core" and "core_fraction" in rule_params:
            kwargs["narrow"] = float(rule_params["core_fraction"])
        if kwargs.get("column_list") != MATCH_COLUMNS:
            raise EngineError(f"suite entry {i}: column_list must be {MATCH_COLUMNS}")
        kwargs["row_condition"] = state["column"](C.RULE) == meta["rule"]
        expectations.append(state["expectation_class"](**kwargs, meta=meta))
    suite = gx.ExpectationSuite(name=suite_dict.get("name", "checks"))
    for exp in expectations:
        suite.add_expectation(exp)
    if len(suite.expectations) != len(entries):
        raise EngineError(f"suite {suite.name!r}: {len(entries)} entries, "
                          f"{len(suite.expectations)} built")
    return suite


def validate(checks: pd.DataFrame, suite: Any) -> list[Failure]:
    """Run ``suite`` on the whole checks frame; every flagged row, per rule and tier."""
    state = _register()
    frame = checks[[C.CHECK_ID, C.RULE, *MATCH_COLUMNS]].copy()
    frame[MATCH_COLUMNS] = frame[MATCH_COLUMNS].astype("float64")
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": [C.CHECK_ID]}
    with _lock:
        batch = state["batch"].get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, result_format=result_format)
    failures: list[Failure] = []
    for res in result.results:
        info = res.exception_info or {}
        raised = info.get("raised_exception") if isinstance(info, dict) else False
        if raised or (isinstance(info, dict) and any(
                isinstance(v, dict) and v.get("raised_exception") for v in info.values())):
            raise EngineError(f"expectation {res.expectation_config.meta} raised: {info}")
        meta = res.expectation_config.meta or {}
        if res.success:
            failures.append(Failure(meta["rule"], meta["tier"], ()))
            continue
        index_list = res.result.get("unexpected_index_list")
        if index_list is None:
            raise EngineError(f"expectation {meta} failed without naming its rows")
        ids = tuple(str(row[C.CHECK_ID]) for row in index_list)
        failures.append(Failure(meta["rule"], meta["tier"], ids))
    return failures
