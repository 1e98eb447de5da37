"""A normalised view of a document's text that remembers where each character came from.

Extraction matches against one canonical form — simplified characters, half-width digits
and punctuation, no pinyin debris — while every claim must point at exact offsets in the
original. :class:`TextView` keeps both: ``norm`` and, for each of its characters, the index
of the original character it came from.

Only two kinds of change are made:
* one character for one (traditional → simplified, full-width → half-width, dash variants);
* deletion (pinyin glosses such as ``項(xiàng)目`` and zero-width characters).
So a span of ``norm`` always maps back to one contiguous span of the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

# Full-width ASCII block → ASCII, plus the punctuation that varies between sites.
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_PUNCT = {
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",
    "，": ",",
    "；": ";",
    "：": ":",
    "（": "(",
    "）": ")",
    "％": "%",
    "∶": ":",  # the ratio colon of 12.36∶48.34∶39.3
    "．": ".",
    # Period ranges are written 1-9月, 1—9月, 1─9月, 1~9月: one dash for all of them.
    "—": "-",
    "─": "-",
    "–": "-",
    "－": "-",
    "～": "~",
    "〜": "~",
}
_ONE_TO_ONE = str.maketrans({**_WIDTH, **_PUNCT})

# A pinyin gloss in brackets right after a Han character: 項(xiàng)目, 進(jìn)度. It needs at least
# one tone-marked vowel, so an ordinary Latin word in brackets, e.g. (GDP), is kept.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = regex.compile(
    rf"(?<=\p{{Han}})[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]"
)
_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


@cache
def _t2s():
    import opencc  # imported lazily: only documents with traditional characters need it

    return opencc.OpenCC("t2s")


_T2S_CACHE: dict[str, str] = {}


def _simplify_chars(chars: set[str]) -> None:
    """Fill the character cache; one character in, one out (phrases would shift offsets)."""
    todo = sorted(c for c in chars if c not in _T2S_CACHE)
    if not todo:
        return
    converted = _t2s().convert("\n".join(todo)).split("\n")
    if len(converted) != len(todo):  # never expected; keep offsets safe regardless
        converted = [_t2s().convert(c) for c in todo]
    for src, dst in zip(todo, converted, strict=True):
        _T2S_CACHE[src] = dst if len(dst) == 1 else src


_HAN = regex.compile(r"\p{Han}")


def to_simplified(text: str) -> str:
    """Character-by-character traditional → simplified; the length never changes."""
    han = {c for c in set(text) if c > "\u2e7f" and _HAN.match(c)}
    _simplify_chars(han)
    table = {ord(c): _T2S_CACHE[c] for c in han if _T2S_CACHE[c] != c}
    return text.translate(table) if table else text


@dataclass(frozen=True)
class TextView:
    """``norm`` is what patterns see; ``origin[i]`` is the original index of ``norm[i]``."""

    original: str
    norm: str
    origin: tuple[int, ...] | None  # None when nothing was deleted (identity map)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span ``norm[start:end]``."""
        if self.origin is None:
            return start, end
        if end <= start:
            o = self.origin[start] if start < len(self.origin) else len(self.original)
            return o, o
        return self.origin[start], self.origin[end - 1] + 1


def _deletions(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PINYIN_GLOSS.finditer(text)]
    spans += [m.span() for m in _ZERO_WIDTH.finditer(text)]
    return sorted(spans)


def normalize(original: str) -> TextView:
    """Build the normalised view of ``original``."""
    mapped = to_simplified(original.translate(_ONE_TO_ONE))
    cuts = _deletions(mapped)
    if not cuts:
        return TextView(original, mapped, None)
    pieces: list[str] = []
    origin: list[int] = []
    pos = 0
    for a, b in cuts:
        if a < pos:
            continue
        pieces.append(mapped[pos:a])
        origin.extend(range(pos, a))
        pos = b
    pieces.append(mapped[pos:])
    origin.extend(range(pos, len(mapped)))
    return TextView(original, "".join(pieces), tuple(origin))
