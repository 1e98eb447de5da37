"""Qualifiers (以上, 以内, 左右, 不低于 …) and modifiers (力争 soft, 确保 hard)."""

from __future__ import annotations

from functools import cache

import regex

from checker.extract import catalogue
from checker.extract.patterns import holds_any


@cache
def _tables() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], dict]:
    data = catalogue.load("qualifiers")

    def alt(words: dict[str, str]) -> str:
        return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))

    after = regex.compile(rf"\s*(?P<w>{alt(data['after'])})")
    guarded = "|".join(
        (f"(?<![{regex.escape(data['not_after'][w])}])" if data["not_after"].get(w) else "")
        + regex.escape(w)
        for w in sorted(data["before"], key=len, reverse=True)
    )
    before = regex.compile(rf"(?P<w>{guarded})[^0-9,，;；。]{{0,{data['before_window']}}}$")
    modifiers = regex.compile(alt(data["modifiers"]))
    return after, before, modifiers, data


@cache
def _openings() -> tuple[frozenset[str], ...]:
    """First characters of the after, before and modifier words: a text holding none of a
    kind's has none of its words and is not searched (~90% of them)."""
    data = _tables()[3]
    return tuple(frozenset(w[0] for w in data[kind]) for kind in ("after", "before",
                                                                  "modifiers"))


# _tables() and _openings() together, kept once built: qualifier and modifier run once per
# figure, where even the two cached calls (~600 instructions each) showed.
_BUILT: tuple | None = None


def _built() -> tuple:
    global _BUILT
    _BUILT = (*_tables(), *_openings())
    return _BUILT


def qualifier(norm: str, start: int, end: int, clause_start: int, is_target: bool
              ) -> tuple[str, int]:
    """(qualifier, end of the qualifier word after the figure, or ``end``)."""
    after, before, _, data, after_openings, before_openings, _ = _BUILT or _built()
    # A word after the figure starts right there or after blanks; most figures have none.
    follows = norm[end:end + 1]
    if (follows in after_openings or follows.isspace()) and (m := after.match(norm, end)):
        return data["after"][m.group("w")], m.end()
    left = norm[max(clause_start, start - 12) : start]
    if holds_any(left, before_openings) and (m := before.search(left)):
        q = data["after"].get(m.group("w")) or data["before"][m.group("w")]
        if q == "reach":
            q = data["reach_as_target"] if is_target else data["reach_as_actual"]
        return q, end
    return "", end


def modifier(text_before: str) -> str:
    """soft / hard / "" from the words before the figure in its sentence."""
    _, _, modifiers, data, _, _, modifier_openings = _BUILT or _built()
    if not holds_any(text_before, modifier_openings):
        return ""
    found = modifiers.findall(text_before)
    return data["modifiers"][found[-1]] if found else ""
