"""Patterns anchored at line starts (``^`` with MULTILINE), tried only at line starts.

The ``regex`` engine tries such a pattern at every character of a text and fails at once
where ``^`` does not hold, which still costs about as much as a real scan; trying it only at
position 0 and after each newline gives the same matches several times faster.
"""

from __future__ import annotations

import regex


def line_matches(pattern: regex.Pattern[str], text: str,
                 openings: frozenset[str] | None = None) -> list[regex.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern that can only match at a line start
    and never matches empty: a line start is tried unless the previous match reaches past
    it, as finditer resumes where a match ends. ``openings``: the characters a match can
    start with, when known; a line opening with another one is not tried (most lines)."""
    found = []
    start = last_end = 0
    while True:
        if start >= last_end and (openings is None or text[start:start + 1] in openings):
            m = pattern.match(text, start)
            if m is not None:
                found.append(m)
                last_end = m.end()
        newline = text.find("\n", start)
        if newline < 0:
            return found
        start = newline + 1


def first_line_match(pattern: regex.Pattern[str], text: str,
                     openings: frozenset[str] | None = None) -> regex.Match[str] | None:
    """``pattern.search(text)`` for a pattern that can only match at a line start and
    never matches empty (``openings`` as for :func:`line_matches`)."""
    start = 0
    while True:
        if openings is None or text[start:start + 1] in openings:
            m = pattern.match(text, start)
            if m is not None:
                return m
        newline = text.find("\n", start)
        if newline < 0:
            return None
        start = newline + 1
