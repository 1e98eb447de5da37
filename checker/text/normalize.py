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

import codecs
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
# Every character classified so far (Han or not), and the Han ones t2s changes: a text is
# simplified by looking at its set of characters once, and copied only when one changes.
_SEEN: set[str] = set()
_CHANGED: dict[str, str] = {}


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


HAN = regex.compile(r"\p{Han}")  # one Han character (also read by checker.ingest)


def _classify(chars: set[str]) -> None:
    """Record the characters not seen before: which of them t2s changes, and to what."""
    new = chars - _SEEN
    if not new:
        return
    han = {c for c in new if c > "\u2e7f" and HAN.match(c)}
    _simplify_chars(han)
    for c in han:
        if _T2S_CACHE[c] != c:
            _CHANGED[c] = _T2S_CACHE[c]
    _SEEN.update(new)


def _simplified(text: str, chars: set[str]) -> str:
    """``to_simplified(text)`` given ``chars``, characters of text among which are all those
    t2s changes (a superset of its Han characters will do)."""
    _classify(chars)
    changed = chars & _CHANGED.keys()
    if not changed:  # most documents: no traditional character at all
        return text
    return text.translate({ord(c): _CHANGED[c] for c in changed})


def to_simplified(text: str) -> str:
    """Character-by-character traditional → simplified; the length never changes."""
    return _simplified(text, _may_change(text)[0])


# Which characters of a text t2s may change, without the text's set of characters (~0.5 us
# a character: an object made and hashed for each). GB2312, the simplified character set,
# encodes most characters of a simplified text, and t2s changes only the 16 of its Han
# characters below (tests/test_normalize.py checks them against t2s over all of GB2312;
# classifying GB2312 at run time would cost ~85 M instructions a process): a text's
# characters t2s changes are among those it holds and the ones GB2312 cannot encode,
# which the codec reports run by run (few in simplified text).
GB2312_CHANGED = frozenset("乾吒夥後徵拚捱摺於榘菸薹袷醣麴麽")
_OUTSIDE_GB2312 = "checker-outside-gb2312"
_outside: list[str] = []  # the characters the codec reported, for the call under way
# A traditional text has a run outside GB2312 every few characters, and a call of the
# handler per run costs more than the set of characters: past this many runs the encode
# stops and the whole set is taken.
_MAX_OUTSIDE_RUNS = 64


def _report_outside(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeEncodeError)
    _outside.append(exc.object[exc.start:exc.end])
    if len(_outside) > _MAX_OUTSIDE_RUNS:
        return "", len(exc.object)  # (the caller sees too many runs: the rest is not read)
    return "", exc.end


codecs.register_error(_OUTSIDE_GB2312, _report_outside)


def _may_change(text: str) -> tuple[set[str], bool]:
    """Characters of ``text`` holding every one that t2s changes (for :func:`_simplified`),
    and whether they are all its characters (a traditional text: see _MAX_OUTSIDE_RUNS)."""
    _outside.clear()
    text.encode("gb2312", _OUTSIDE_GB2312)
    if len(_outside) > _MAX_OUTSIDE_RUNS:
        _outside.clear()
        return characters(text), True
    found = set("".join(_outside))
    _outside.clear()
    for c in GB2312_CHANGED:
        if c in text:
            found.add(c)
    return found, False


def characters(text: str) -> set[str]:
    """``set(text)``, built from the code points: ``set(text)`` makes a string object of
    each character and hashes it, which costs ~1.3x a set of the integers. (normalize and
    to_simplified read only the characters they may change: the tests check them against
    this whole set.)"""
    return set(map(chr, set(memoryview(text.encode("utf-32-le", "surrogatepass")).cast("I"))))


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


_TONED_SET = frozenset(_TONED)
_ZERO_WIDTH_SET = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def _deletions(text: str, chars: set[str] | None = None) -> list[tuple[int, int]]:
    """``chars``: characters holding every tone mark and zero-width character of ``text``;
    a scan is skipped when the characters it needs are not there."""
    spans = []
    if chars is None or not _TONED_SET.isdisjoint(chars):
        spans += [m.span() for m in _PINYIN_GLOSS.finditer(text)]
    if chars is None or not _ZERO_WIDTH_SET.isdisjoint(chars):
        spans += [m.span() for m in _ZERO_WIDTH.finditer(text)]
    return sorted(spans)


# The one-for-one replacements go to ASCII, never to another replaced character, so they
# can be applied one character at a time (str.replace, much faster than str.translate on
# non-ASCII text), and only for the characters a text holds.
_ONE_FOR_ONE = {**_WIDTH, **_PUNCT}
assert not set(_ONE_FOR_ONE.values()) & set(_ONE_FOR_ONE)


# The characters normalize replaces, deletes or may simplify that GB2312 encodes (the
# others are reported by the codec: _may_change), by the high byte of their UTF-16 code
# unit (0xFF: the full-width forms; 0x00, 0x01: toned vowels; 0x22, 0x25, 0x30).
def _by_high_byte(chars: set[str]) -> dict[int, tuple[str, ...]]:
    groups: dict[int, list[str]] = {}
    for c in sorted(chars):
        if c.encode("gb2312", "replace") != b"?":
            groups.setdefault(ord(c) >> 8, []).append(c)
    return {high: tuple(group) for high, group in groups.items()}


_NOTABLE_IN_GB2312 = _by_high_byte({*_ONE_FOR_ONE, *_TONED_SET, *_ZERO_WIDTH_SET})


def _notable(text: str) -> set[str]:
    """Characters of ``text`` holding every one normalize replaces, deletes or t2s changes:
    :func:`_may_change`'s, and those of _NOTABLE_IN_GB2312 it holds. Each is looked for by
    str.find only when a code unit of the text has its high byte (a text without
    full-width forms is not searched for them): the finds cost less than a tenth of the
    text's set of characters."""
    found, whole = _may_change(text)
    if whole:
        return found
    high_bytes = text.encode("utf-16-le", "surrogatepass")[1::2]
    for high, chars in _NOTABLE_IN_GB2312.items():
        if high in high_bytes:
            for c in chars:
                if c in text:
                    found.add(c)
    return found


def normalize(original: str) -> TextView:
    """Build the normalised view of ``original``."""
    chars = _notable(original)
    mapped = original
    for c in chars & _ONE_FOR_ONE.keys():  # == original.translate(_ONE_TO_ONE)
        mapped = mapped.replace(c, _ONE_FOR_ONE[c])
    # The replaced characters are no Han characters: chars still holds every character of
    # mapped that t2s changes.
    mapped = _simplified(mapped, chars)
    # Tone marks and zero-width characters are neither replaced nor simplified.
    cuts = _deletions(mapped, chars)
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
