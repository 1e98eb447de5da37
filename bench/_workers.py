"""Child-process workloads for ``bench/extract.py``: ``python bench/_workers.py KIND DIR``.

Each prints one JSON object: ``setup_s`` (imports, model construction), ``work_s`` (reading
every ``.txt`` under DIR and extracting), ``count`` (claims or matches). The parent times
the whole process itself and takes peak RSS from ``os.wait4``.

KIND: ``checker`` (``checker.pipeline.extract_paths([DIR])``), ``rt-percent``, ``rt-number``,
``rt-currency`` (Microsoft Recognizers-Text, ``Culture.Chinese``; one model built once, then
``model.parse(text)`` per file — what ``recognize_percentage(text, Culture.Chinese)`` does,
minus rebuilding the model on every call).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

T0 = time.perf_counter()


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]


def run_checker(folder: Path) -> dict[str, float]:
    from checker.pipeline import extract_paths

    t1 = time.perf_counter()
    result = extract_paths([folder])
    t2 = time.perf_counter()
    return {"setup_s": t1 - T0, "work_s": t2 - t1, "count": len(result.claims)}


def _rt_model(kind: str):
    from recognizers_text import Culture

    if kind == "rt-currency":
        from recognizers_number_with_unit import NumberWithUnitRecognizer

        return NumberWithUnitRecognizer(Culture.Chinese).get_currency_model()
    from recognizers_number import NumberRecognizer

    recognizer = NumberRecognizer(Culture.Chinese)
    if kind == "rt-percent":
        return recognizer.get_percentage_model()
    if kind == "rt-number":
        return recognizer.get_number_model()
    raise SystemExit(f"unknown kind {kind!r}")


def run_recognizers(kind: str, folder: Path) -> dict[str, float]:
    model = _rt_model(kind)
    t1 = time.perf_counter()
    count = sum(len(model.parse(text)) for text in _texts(folder))
    t2 = time.perf_counter()
    return {"setup_s": t1 - T0, "work_s": t2 - t1, "count": count}


def main(argv: list[str]) -> None:
    kind, folder = argv[0], Path(argv[1])
    out = run_checker(folder) if kind == "checker" else run_recognizers(kind, folder)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
