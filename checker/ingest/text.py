"""Bytes → text for plain-text files: UTF-8 (with or without BOM) or GB18030/GBK.

Never guess silently wrong: UTF-8 is tried strictly first (a GB18030 file almost never
decodes as UTF-8); then GB18030 strictly, accepted only when the result reads as Chinese
text. Anything else is an :class:`UndecodableText` bad input.
"""

from __future__ import annotations

import regex

from checker.errors import UndecodableText, UnreadableFile

_HAN = regex.compile(r"\p{Han}")
# Control characters other than tab/newline/CR/form feed: a sign of binary or wrong decoding.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """(text, encoding). A leading BOM is removed; nothing else is changed."""
    if b"\x00" in raw[:8192]:
        raise UnreadableFile(path, "binary file (contains NUL bytes), not text")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw_utf8, encoding = raw[3:], "utf-8-sig"
    else:
        raw_utf8, encoding = raw, "utf-8"
    try:
        return _checked(raw_utf8.decode("utf-8"), path), encoding
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise UndecodableText(path, "text is neither UTF-8 nor GB18030/GBK") from None
    if not _looks_chinese(text):
        raise UndecodableText(
            path, "text is not UTF-8, and as GB18030 it does not read as Chinese text"
        )
    return _checked(text, path), "gb18030"


def _checked(text: str, path: str) -> str:
    if text and len(_CONTROL.findall(text[:20000])) > 0.01 * min(len(text), 20000):
        raise UnreadableFile(path, "binary file (control characters), not text")
    return text


def _looks_chinese(text: str) -> bool:
    sample = text[:20000]
    letters = [c for c in sample if not c.isspace() and not c.isascii()]
    if not letters:
        return True  # plain ASCII decodes the same either way
    han = sum(1 for c in letters if _HAN.match(c))
    # Mis-decoded bytes produce rare CJK and symbols; real text is mostly Han + punctuation.
    return han / len(letters) >= 0.6
