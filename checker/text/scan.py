"""Whole-text scans done by ``str.find`` where a ``regex`` scan would try every position.

The ``regex`` engine costs about the same at every position of a text, even where its
pattern fails at once; ``str.find`` runs over a text many times faster. Two uses:

* :func:`char_positions` — where single characters are (clause marks, semicolons);
* :class:`AnchoredScan` — ``pattern.finditer(text)`` for a pattern whose every match holds
  one of a few *anchor* characters (年/月/季 for periods): only the stretches of text
  around those characters are scanned, with the same matches as a scan of the whole text.
"""

from __future__ import annotations

import regex

_DIGITS = frozenset("0123456789")
# Every character ``\s`` matches: Unicode's White_Space (tested against the engine).
_WHITESPACE = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                        + "".join(map(chr, range(0x2000, 0x200B))))


def char_positions(text: str, chars: str) -> list[int]:
    """Sorted positions of every character of ``chars`` in ``text``: what
    ``[m.start() for m in regex.finditer("[" + chars + "]", text)]`` gives."""
    found: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1)
    if len(chars) > 1:
        found.sort()
    return found


# What makes a pattern read characters its source does not spell out, or treat the end
# of a scan as the end of the text: a dot outside a class, a negated class, an escape
# other than \s (\p{Han}, \d, \w, \n, \b …), ^ or $, a range that is not of digits.
_UNSPELLED = regex.compile(
    r"(?<!\\)\.(?![^\[]*\])|\[\^|\\(?!s)[A-Za-z0-9]|(?<!\\)[$^]|(?<![0-9])-(?![0-9])"
)


class AnchoredScan:
    """``list(pattern.finditer(text))``, scanning only around the anchors.

    Valid for a pattern that never matches empty and whose every match holds one of
    ``anchors``. A match, and every lookahead evaluated inside one, reads only
    characters its source spells out (ASCII digits and ``\\s`` aside; checked here): the
    *readable* characters. A match therefore lies inside one run of readable characters
    and a scan from the run's start finds the whole text's matches there (lookbehinds see
    the text before a scan's start; a lookahead reads at most the one character that ends
    the run). Runs without an anchor hold no match and are never scanned.
    """

    def __init__(self, pattern: regex.Pattern[str], anchors: str) -> None:
        source = pattern.pattern
        if pattern.flags & (regex.IGNORECASE | regex.FULLCASE | regex.DOTALL):
            raise ValueError("case-insensitive or DOTALL patterns read unspelled characters")
        # (a hyphen escaped or first in a class is a literal one)
        if _UNSPELLED.search(source.replace("\\-", "").replace("[-", "[")):
            raise ValueError(f"pattern reads characters it does not spell out: {source!r}")
        assert set(anchors) <= set(source)
        self.pattern = pattern
        self.anchors = anchors
        readable = set(source) | _DIGITS
        if "\\s" in source:
            readable |= _WHITESPACE
        self.readable = frozenset(readable)

    def matches(self, text: str) -> list[regex.Match[str]]:
        readable, finditer, n = self.readable, self.pattern.finditer, len(text)
        found: list[regex.Match[str]] = []
        done = 0  # text[:done] is scanned
        for at in char_positions(text, self.anchors):
            if at < done:
                continue
            start = at
            while start > done and text[start - 1] in readable:
                start -= 1
            end = at + 1
            while end < n and text[end] in readable:
                end += 1
            # text[end] is no match's, but a lookahead at end may read it
            found += finditer(text, start, min(n, end + 1))
            done = end
        return found
