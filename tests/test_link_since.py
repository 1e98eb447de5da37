"""The words between a rate and its change on the year before (checker/link/since.py), one
reading for the vital-rate identity and the implied figures alike."""

from __future__ import annotations

import pytest

from checker.link.since import rose


@pytest.mark.parametrize(("between", "up"), [
    (",比上年下降", False),
    (",比上年提高", True),
    (",较上年末提高了", True),
    ("，比上年底收窄", False),
    (",同比上升", True),
    (",同比上年下降", False),
    ("、上年下降", False),
    (",比去年同期扩大", True),
])
def test_the_change_on_the_year_before_and_its_direction(between: str, up: bool) -> None:
    assert rose(between) is up


@pytest.mark.parametrize("between", [
    ",比全省高",            # another base, not the year before
    ",城镇人口12.5万人,比上年提高",  # more than the words between
    ",比上年",              # no direction
    "",
])
def test_other_words_are_not_a_change_on_the_year_before(between: str) -> None:
    assert rose(between) is None
