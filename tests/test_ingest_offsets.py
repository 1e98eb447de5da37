"""Every claim's quote is ``doc.text[start:end]``, for HTML and GBK input alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.pipeline import extract_paths

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
# Figures the extractor must find in each (it may find more, e.g. the table's cells: what
# counts as a claim is the extractor's business; that each quote is a slice is ours).
PAGE = ["3.1万人", "83.9%", "2.82%", "4.5%", "85.0%", "83.8%"]
BULLETIN = ["8%", "1321.29亿元", "4.4%", "10%", "1662.25亿元", "9.6%", "7.2%"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bulletin_page.html", PAGE),
        ("bulletin_page_gbk.html", PAGE),
        ("bulletin_gbk.txt", BULLETIN),  # CRLF line endings, kept
        ("bulletin_utf8_bom.txt", BULLETIN),  # offsets count from after the BOM
    ],
)
def test_quotes_are_slices_of_the_document_text(name: str, expected: list[str]) -> None:
    result = extract_paths([FIXTURES / name])
    (doc,) = result.documents
    claims = result.claims
    found = list(claims["quote"])
    assert [q for q in expected if q not in found] == []
    for quote, start, end in zip(claims["quote"], claims["start"], claims["end"], strict=True):
        assert doc.text[start:end] == quote
