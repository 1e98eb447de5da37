"""The number grammar, built from small named pieces.

Each piece is a named ``regex`` definition; bigger patterns call smaller ones with
``(?&name)``. Every piece has a test in ``tests/test_patterns.py``. Patterns run on the
normalised text (:mod:`checker.text.normalize`): half-width digits and simplified
characters, but both ``,`` and ``，`` kept (``，`` is never a thousands separator).
"""

from __future__ import annotations

from functools import cache

import regex

from checker.extract import catalogue


def _alternation(words: list[str]) -> str:
    # Longest first, so 个百分点 beats 个 and 千瓦时 beats 千瓦.
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def pieces() -> dict[str, str]:
    """The named pieces as plain pattern strings, each built from the smaller ones.

    They are spliced into the big patterns as text, not called as ``(?&name)`` subroutines:
    the ``regex`` module runs inlined pieces several times faster.
    """
    p: dict[str, str] = {}
    # 1,257 — ASCII comma only (，is never a thousands separator after normalisation)
    p["grouped"] = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])"
    p["integer"] = rf"(?:{p['grouped']}|[0-9]+)"
    p["decimal"] = rf"(?:{p['integer']}(?:\.[0-9]+)?)"
    p["cn_numeral"] = r"[零〇一二两三四五六七八九十百千]{1,6}"
    p["scale_word"] = rf"(?:{_alternation(list(catalogue.scales()))})"
    p["unit_word"] = rf"(?:{_alternation(list(catalogue.units()))})"
    return p


@cache
def definitions() -> str:
    """The pieces as a ``(?(DEFINE)…)`` block, for patterns that call them by name."""
    body = "\n".join(f"  (?P<{name}>{pat})" for name, pat in pieces().items())
    return f"\n(?(DEFINE)\n{body}\n)"


@cache
def quantity() -> regex.Pattern[str]:
    """A written figure: sign, numeral, scale word, 余/多, unit.

    ``sign`` only where no digit or % precedes, so 6-6.5% stays a range and 1-9月 a period.
    Letters or a dot before the numeral (PM2.5, V2.0) mean a name, not a figure. The
    leading lookahead lets the engine skip every position that cannot start a figure.
    """
    p = pieces()
    pattern = regex.compile(
        rf"""
(?=[-+0-9])
(?<![0-9A-Za-z.])
(?P<sign>(?<![0-9%])[-+])?
(?P<num>{p['decimal']})
(?![0-9A-Za-z])
(?P<scale>{p['scale_word']})?
(?P<about>余|多)?
(?P<unit>{p['unit_word']})?
""",
        regex.VERBOSE,
    )
    # claims._figures reads the groups by number, in this order
    assert list(pattern.groupindex) == ["sign", "num", "scale", "about", "unit"]
    return pattern


@cache
def cn_quantity() -> regex.Pattern[str]:
    """A Chinese numeral that measures: it needs a unit (三个, 两次, 十件); 第 makes it ordinal."""
    p = pieces()
    return regex.compile(
        rf"""
(?=[零〇一二两三四五六七八九十])
(?<![第])
(?P<num>{p['cn_numeral']})
(?P<scale>{p['scale_word']})?
(?P<about>余|多)?
(?P<unit>{p['unit_word']})
""",
        regex.VERBOSE,
    )


def holds_any(text: str, chars: frozenset[str]) -> bool:
    """Whether ``text`` holds one of ``chars``: the cheap test before a search for words
    that open with one of them (a loop of ``in``: any() over a generator costs 3x)."""
    for ch in chars:  # noqa: SIM110
        if ch in text:
            return True
    return False


# A range: the second figure of 6-6.5%, 4.5%至5%, 6000元-10000元.
RANGE_JOIN = regex.compile(r"\s*(?:-|~|至|到)\s*(?=[0-9])")
