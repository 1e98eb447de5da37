"""Every claim over the seeds and the dev corpus quotes its document exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.pipeline import extract_paths

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "seeds", ROOT.parent / "shared" / "corpus" / "dev" / "docs"]


@pytest.mark.parametrize("folder", CORPORA, ids=lambda p: p.name)
def test_every_quote_is_the_text_at_its_offsets(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} not present")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "manifest.csv")
    result = extract_paths([folder])
    assert result.errors == []
    assert len(result.documents) == len(files)  # every file read, none dropped
    texts = {d.id: d.text for d in result.documents}
    claims = result.claims
    assert len(claims) > 0
    bad = [(r.doc, r.start, r.end, r.quote) for r in claims.itertuples()
           if texts[r.doc][r.start:r.end] != r.quote or r.start >= r.end]
    assert bad == []
    # every document with digits yields some claim
    for doc in result.documents:
        if any(ch.isdigit() for ch in doc.text):
            assert (claims["doc"] == doc.id).any(), doc.path
