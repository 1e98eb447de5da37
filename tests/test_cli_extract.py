"""`checker extract` on bad input: one stderr line per problem, exit 2, no traceback."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = (
    "关于2022年《政府工作报告》确定主要目标任务三季度进展情况的通报\n"
    "1.地区生产总值增长8%左右。1-9月,完成地区生产总值1321.29亿元,比上年同期增长4.4%。\n"
)
# Figures of GOOD that any version of the extractor finds (it may find more).
GOOD_QUOTES = {"1321.29亿元", "4.4%"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", *args, "--format", "csv"])
    # Anything but a clean exit is a traceback the user would have seen.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def quotes(stdout: str) -> list[str]:
    return [row["quote"] for row in csv.DictReader(io.StringIO(stdout))]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_good_file_gives_claims_and_exit_0(good: Path) -> None:
    code, out, err = run(str(good))
    assert (code, err) == (0, "")
    assert set(quotes(out)) >= GOOD_QUOTES


BAD_FILES = [
    ("binary_nul.txt", "binary file (contains NUL bytes), not text"),
    ("random_bytes.txt", "text is neither UTF-8 nor GB18030/GBK"),
    ("bulletin_big5.txt", "text is not UTF-8, and as GB18030/GBK it does not read as Chinese text"),
    ("empty.txt", "empty document (no text)"),
]


@pytest.mark.parametrize(("name", "problem"), BAD_FILES)
def test_bad_file_stops_the_run_before_any_output(good: Path, name: str, problem: str) -> None:
    bad = FIXTURES / name
    code, out, err = run(str(good), str(bad))
    assert code == 2
    assert out == ""
    assert err == f"checker: error: {bad}: {problem}\n"


def test_missing_path(good: Path, tmp_path: Path) -> None:
    missing = tmp_path / "2023年政府工作报告.txt"
    code, out, err = run(str(missing))
    assert (code, out) == (2, "")
    assert err == f"checker: error: {missing}: no such file or folder\n"


def test_unsupported_file_type(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    code, out, err = run(str(pdf))
    assert (code, out) == (2, "")
    assert err == (
        f"checker: error: {pdf}: unsupported file type '.pdf' "
        "(supported: .htm, .html, .shtml, .text, .txt, .xhtml)\n"
    )


def test_unreadable_file(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root (CI), so the refusal is simulated where it happens.
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == good:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, out, err = run(str(good))
    assert (code, out) == (2, "")
    assert err == f"checker: error: {good}: cannot read (Permission denied)\n"


def test_bad_manifest(good: Path) -> None:
    manifest = good.parent / "manifest.csv"
    manifest.write_text("file,region,year,period,kind,title\ngood.txt,,,,通报,\n", "utf-8")
    code, out, err = run(str(good.parent))
    assert (code, out) == (2, "")
    assert err == (
        f"checker: error: {manifest}: line 2: unknown kind '通报' (report|bulletin|news|other)\n"
    )


def test_keep_going_reports_every_bad_input_and_extracts_the_rest(
    good: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, _ in BAD_FILES:
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    (folder / "manifest.csv").write_text(
        "file,region,year,period,kind,title\ngone.txt,,,,,\n", encoding="utf-8"
    )
    missing = tmp_path / "nope.txt"
    code, out, err = run("--keep-going", str(missing), str(folder), str(good))
    assert code == 2
    assert set(quotes(out)) >= GOOD_QUOTES
    expected = [f"checker: error: {missing}: no such file or folder"]
    expected.append(
        f"checker: error: {folder / 'manifest.csv'}: line 2: file 'gone.txt' does not exist"
    )
    expected += [
        f"checker: error: {folder / name}: {problem}" for name, problem in sorted(BAD_FILES)
    ]
    assert err.splitlines() == expected


def test_real_process_exit_code_and_streams(good: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "extract", str(missing), str(good), "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"checker: error: {missing}: no such file or folder\n"

    keep = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "extract",
            "--keep-going",
            "--format",
            "csv",
            str(FIXTURES / "bulletin_gbk.txt"),
            str(FIXTURES / "binary_nul.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert keep.returncode == 2
    assert "Traceback" not in keep.stderr
    binary = FIXTURES / "binary_nul.txt"
    assert keep.stderr == f"checker: error: {binary}: binary file (contains NUL bytes), not text\n"
    assert "1321.29亿元" in quotes(keep.stdout)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_csv_comes_in_the_encoding_of_stdout(encoding: str) -> None:
    # the workers' CSV is UTF-8; a stdout set to GBK (PYTHONIOENCODING, a Chinese Windows
    # console) still gets GBK, as the JSON Lines and table formats do
    seed = Path(__file__).resolve().parent.parent / "seeds"
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "extract", str(seed), "--format", "csv"],
        capture_output=True, check=False,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )
    assert proc.returncode == 0
    text = proc.stdout.decode(encoding)
    assert "地区生产总值" in text
    assert text == CliRunner().invoke(app, ["extract", str(seed), "--format", "csv"]).stdout
