"""Real sentences in, expected claims out (cases in tests/fixtures/claims/*.yaml)."""

from __future__ import annotations

import pytest
from claim_cases import load_cases, match_case

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_claims_of_sentence(case: dict) -> None:
    outcome = match_case(case)
    assert outcome.problems == [], "\n".join(outcome.problems)
    assert outcome.found == outcome.expected


def test_there_are_enough_cases() -> None:
    claims = sum(len(c.get("claims", [])) + len(c.get("not_claims", [])) for c in CASES)
    assert len(CASES) >= 40 and claims >= 80
