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
def definitions() -> str:
    units = _alternation(list(catalogue.units()))
    scales = _alternation(list(catalogue.scales()))
    return rf"""
(?(DEFINE)
  (?P<grouped>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9]))   # 1,257 — ASCII comma only
  (?P<integer>(?&grouped)|[0-9]+)
  (?P<decimal>(?&integer)(?:\.[0-9]+)?)
  (?P<cn_numeral>[零〇一二两三四五六七八九十百千]{{1,6}})
  (?P<scale_word>{scales})
  (?P<unit_word>{units})
)"""


@cache
def quantity() -> regex.Pattern[str]:
    """A written figure: sign, numeral, scale word, 余/多, unit.

    ``sign`` only where no digit or % precedes, so 6-6.5% stays a range and 1-9月 a period.
    Letters or a dot before the numeral (PM2.5, V2.0) mean a name, not a figure.
    """
    return regex.compile(
        definitions()
        + r"""
(?<![0-9A-Za-z.])
(?P<sign>(?<![0-9%])[-+])?
(?P<num>(?&decimal))
(?![0-9A-Za-z])
(?P<scale>(?&scale_word))?
(?P<about>余|多)?
(?P<unit>(?&unit_word))?
""",
        regex.VERBOSE,
    )


@cache
def cn_quantity() -> regex.Pattern[str]:
    """A Chinese numeral that measures: it needs a unit (三个, 两次, 十件); 第 makes it ordinal."""
    return regex.compile(
        definitions()
        + r"""
(?<![第])
(?P<num>(?![百千])(?&cn_numeral))
(?P<scale>(?&scale_word))?
(?P<about>余|多)?
(?P<unit>(?&unit_word))
""",
        regex.VERBOSE,
    )


# A range: the second figure of 6-6.5%, 4.5%至5%, 6000元-10000元.
RANGE_JOIN = regex.compile(r"\s*(?:-|~|至|到)\s*(?=[0-9])")
