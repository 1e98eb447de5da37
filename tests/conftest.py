import shutil
import sys
from pathlib import Path

import pytest

# claim_cases.py is shared by the tests and bench/accuracy.py
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the five seeds, ingested once per test module (store tests)."""
    from test_store_gate import SEEDS, cli

    store = tmp_path_factory.mktemp("store") / "corpus.duckdb"
    result = cli("ingest", SEEDS, "--store", store)
    assert result.exit_code == 0, result.output
    assert "5 added, 0 re-issued (new version), 0 unchanged" in result.output
    return store


@pytest.fixture
def store(seeded: Path, tmp_path: Path) -> Path:
    """A copy of :func:`seeded` for one test to change."""
    copy = tmp_path / "corpus.duckdb"
    shutil.copy(seeded, copy)
    return copy
