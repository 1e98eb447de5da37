"""The pipeline gives the same claims serially and in worker processes, as a frame or as CSV
rendered from the rows where they were extracted (`checker extract --format csv`)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from checker import columns as C
from checker import pipeline
from checker.errors import BadInput
from checker.report.claims_output import csv_header, csv_rows, write_csv

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV_DOCS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"
FOLDERS = [SEEDS] + ([DEV_DOCS] if DEV_DOCS.is_dir() else [])


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers however small the input (the seeds are below the parallel threshold)."""
    monkeypatch.setenv("CHECKER_JOBS", "2")
    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pipeline, "_CHUNK_MIN_BYTES", 0)


@pytest.fixture
def serial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_JOBS", "1")


def frame_csv(frame: pd.DataFrame) -> str:
    buf = io.StringIO()
    write_csv(frame, buf)
    return buf.getvalue()


def rendered_csv(folder: Path, **options) -> str:
    done = pipeline.render_paths([folder], csv_rows, **options)
    return csv_header() + done.text()


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_csv_rendered_from_rows_is_the_frames_csv(folder: Path, serial: None) -> None:
    extraction = pipeline.extract_paths([folder])
    assert len(extraction.claims) > 100
    assert rendered_csv(folder) == frame_csv(extraction.claims)


def test_workers_give_the_serial_result(serial: None, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = pipeline.extract_paths([SEEDS])
    monkeypatch.setenv("CHECKER_JOBS", "2")
    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pipeline, "_CHUNK_MIN_BYTES", 0)
    assert pipeline._jobs(pipeline._plan([SEEDS], False)[0]) == 2
    together = pipeline.extract_paths([SEEDS])
    pd.testing.assert_frame_equal(together.claims, alone.claims)
    assert [d.id for d in together.documents] == [d.id for d in alone.documents]
    rendered = pipeline.render_paths([SEEDS], csv_rows)
    assert len(rendered.chunks) > 1  # several chunks really came back from the workers
    assert csv_header() + rendered.text() == frame_csv(alone.claims)
    assert (rendered.documents, rendered.claims) == (len(alone.documents), len(alone.claims))


def test_workers_keep_going_past_bad_inputs_in_input_order(
    parallel: None, tmp_path: Path
) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "a_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "z_binary.txt").write_bytes(b"\x00\xff\x00" * 100)
    rendered = pipeline.render_paths([tmp_path], csv_rows, keep_going=True)
    extraction = pipeline.extract_paths([tmp_path], keep_going=True)
    assert [Path(e.path).name for e in rendered.errors] == ["a_binary.txt", "z_binary.txt"]
    assert [Path(e.path).name for e in extraction.errors] == ["a_binary.txt", "z_binary.txt"]
    assert rendered.documents == len(extraction.documents) == 5
    assert csv_header() + rendered.text() == frame_csv(extraction.claims)


def test_workers_stop_at_the_first_bad_input(parallel: None, tmp_path: Path) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "m_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "n_binary.txt").write_bytes(b"\x00\xff\x00" * 100)
    for run in (lambda: pipeline.render_paths([tmp_path], csv_rows),
                lambda: pipeline.extract_paths([tmp_path])):
        with pytest.raises(BadInput) as raised:
            run()
        assert Path(raised.value.path).name == "m_binary.txt"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_categorical_claims_are_the_categorized_frame(jobs: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """extract_paths(categorical=True): made in the workers, joined column by column; the
    same frame as categorizing the plain one."""
    from checker.frames import categorize

    plain = pipeline.extract_paths([SEEDS])
    monkeypatch.setenv("CHECKER_JOBS", jobs)
    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pipeline, "_CHUNK_MIN_BYTES", 0)
    cat = pipeline.extract_paths([SEEDS], categorical=True)
    assert isinstance(cat.claims[C.QUOTE].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(cat.claims, categorize(plain.claims.copy()))
    assert frame_csv(cat.claims) == frame_csv(plain.claims)


def test_csv_rows_write_what_the_csv_writer_writes() -> None:
    """csv_rows formats most rows by a template; rows holding a cell the writer quotes
    (a comma, a quote, a line end), a None outside the year and range end columns or a
    cell reading "None" are written by the writer: the text is the writer's either way."""
    import csv

    from checker.extract.claims import claim_rows
    from checker.ingest import read_documents

    doc = read_documents([sorted(SEEDS.glob("*.txt"))[0]]).documents[0]
    rows = claim_rows(doc)[:6]
    year, high, quote = (C.CLAIM_COLUMNS.index(c) for c in (C.YEAR, C.VALUE_HIGH, C.QUOTE))

    def edit(row: tuple, at: int, value: object) -> tuple:
        return (*row[:at], value, *row[at + 1:])

    variants = [
        edit(rows[0], quote, "1,257亿元"), edit(rows[1], quote, 'a "b"'),
        edit(rows[2], quote, "x\ny"), edit(rows[3], year, None),
        edit(edit(rows[4], year, None), high, 6.5), edit(rows[5], high, 6.5),
        edit(rows[0], quote, "None"), edit(rows[1], C.CLAIM_COLUMNS.index(C.PERIOD), None),
    ]
    for batch in (rows, variants, rows + variants):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(batch)
        assert csv_rows(batch) == buf.getvalue()
    assert csv_rows([]) == ""
