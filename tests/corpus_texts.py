"""Real texts for the tests that hold a fast path equal to its plain definition: the five
seeds (required) and the dev corpus where it sits beside the clone (``../shared``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from checker.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"


@cache
def raw_texts() -> tuple[str, ...]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    files = seeds + sorted(DEV_DOCS.glob("*.txt"))
    return tuple(p.read_text(encoding="utf-8-sig") for p in files)


@cache
def normalized_texts() -> tuple[str, ...]:
    """:func:`raw_texts` as the patterns see them (:func:`normalize`'s ``norm``)."""
    return tuple(normalize(text).norm for text in raw_texts())
