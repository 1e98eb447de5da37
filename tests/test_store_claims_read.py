"""Reading stored claims as categoricals (what a full ``audit --store`` does): the same
claims, values and order as the plain read, whether in one query or many."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from checker.store import repository
from checker.store.db import opened
from checker.store.repository import Repository


def as_plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda c: c.astype(str) if isinstance(c.dtype, pd.CategoricalDtype)
                       else c)


@pytest.mark.parametrize("batch", [1, 2, 500])
def test_categorical_read_is_the_plain_read(seeded: Path, batch: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "_BATCH_VERSIONS", batch)
    with opened(seeded, write=False) as con:
        repo = Repository(con)
        plain = repo.claims()
        categorical = repo.claims(categorical=True)
        some = sorted(repo.current_versions())[1:4]
        part, part_plain = repo.claims(some, categorical=True), repo.claims(some)
    assert len(plain) > 1000  # the five seeds' claims
    assert any(isinstance(t, pd.CategoricalDtype) for t in categorical.dtypes)
    pd.testing.assert_frame_equal(as_plain(categorical), plain, check_dtype=False)
    pd.testing.assert_frame_equal(as_plain(part), part_plain, check_dtype=False)


def test_categorical_read_of_no_versions_is_empty_with_every_column(seeded: Path) -> None:
    with opened(seeded, write=False) as con:
        repo = Repository(con)
        empty = repo.claims([], categorical=True)
        columns = list(repo.claims().columns)
    assert empty.empty and list(empty.columns) == columns
