"""Numerals as written → exact decimal values."""

from __future__ import annotations

from decimal import Decimal

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_arabic(written: str) -> tuple[Decimal, int]:
    """'1,257' → (1257, 0); '83.90' → (83.90, 2): value and decimals as printed."""
    plain = written.replace(",", "")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return Decimal(plain), decimals


def parse_chinese(written: str) -> int | None:
    """'三' → 3, '十五' → 15, '二十' → 20, '一百零八' → 108; None if not a numeral."""
    total, digit = 0, None
    for ch in written:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)
