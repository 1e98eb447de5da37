"""Words of a finding in every language the audit speaks (Chinese and English).

A finding is worded once per language from the same fields: its rule's message template
(``checker/rules/<code>.py``), and the explanation's steps and the words inside formulas
and messages, which every rule shares (``checker/data/phrases.yaml``). A field is a plain
value (a figure, a quote: the same in every language), a :class:`Text` (one string per
language), or a :class:`Phrase` (a shared template and its fields), rendered in the
language being written. So a new rule needs only its own templates; a field it passes as
a plain string reads the same in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from checker.extract import catalogue

LANGS = ("zh", "en")
DATA = Path(__file__).resolve().parent / "data"
PHRASES_YAML = DATA / "phrases.yaml"

_MONTH_RANGE = regex.compile(r"^(?<a>\d{1,2})-(?<b>\d{1,2})月$")
_MONTH = regex.compile(r"^(?<m>\d{1,2})月(?:底|末)?$")


@dataclass(frozen=True, slots=True)
class Text:
    """One string per language."""

    zh: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Phrase:
    """A shared template (``phrases.yaml``) and its fields, worded per language."""

    key: str
    fields: tuple[tuple[str, Any], ...] = ()

    def __getitem__(self, lang: str) -> str:
        return fill(phrases()[self.key][lang], dict(self.fields), lang)


def phrase(key: str, **fields: Any) -> Phrase:
    if key not in phrases():
        raise KeyError(f"{PHRASES_YAML.name} has no phrase {key!r}")
    return Phrase(key, tuple(fields.items()))


def word(value: Any, lang: str) -> Any:
    """A field in ``lang``: Text and Phrase become strings, anything else stays as it is
    (numbers keep their format specs)."""
    return value[lang] if isinstance(value, (Text, Phrase)) else value


def fill(template: str, fields: Mapping[str, Any], lang: str) -> str:
    return template.format(**{k: word(v, lang) for k, v in fields.items()})


def both(value: Any) -> Text:
    return Text(str(word(value, "zh")), str(word(value, "en")))


@cache
def _data() -> dict[str, Any]:
    return catalogue.load("phrases") or {}  # libyaml: ~1 ms instead of ~60 ms


@cache
def phrases() -> dict[str, dict[str, str]]:
    return {k: {lang: " ".join(str(v[lang]).split("\n")) for lang in LANGS}
            for k, v in (_data().get("phrases") or {}).items()}


def label(kind: str, code: Any) -> Text:
    """A code (a role, a relation, a verdict, a measure …) as a reviewer reads it."""
    code = "" if code is None else str(code)
    entry = ((_data().get("labels") or {}).get(kind) or {}).get(code) or {}
    return Text(str(entry.get("zh", code)), str(entry.get("en", code)))


@cache
def _indicator_aliases() -> dict[str, str]:
    data = catalogue.load("indicators") or {}
    return {k: (v.get("aliases") or [k])[0] for k, v in (data.get("indicators") or {}).items()}


def indicator_name(indicator: Any) -> Text:
    """Chinese: the catalogue's first alias; English: the id's words (or a name given in
    ``phrases.yaml``). An id the catalogue does not know (a raw phrase) reads as it is."""
    ind = "" if indicator is None else str(indicator)
    if ind not in _indicator_aliases():
        return Text(ind, ind)
    named = label("indicator", ind)
    return Text(_indicator_aliases()[ind], named.en if named.en != ind else ind.replace("_", " "))


def period_name(period: Any) -> Text:
    """1-9月 → Jan–Sep, 全年 → full year; Chinese as the claims normalise it."""
    p = "" if period is None else str(period)
    months = _data().get("months") or []
    m = _MONTH_RANGE.match(p)
    if m and 1 <= int(m["a"]) <= int(m["b"]) <= 12:
        a, b = int(m["a"]), int(m["b"])
        return Text(p, months[b - 1] if a == b else f"{months[a - 1]}–{months[b - 1]}")
    m = _MONTH.match(p)
    if m and 1 <= int(m["m"]) <= 12:
        return Text(p, months[int(m["m"]) - 1])
    return Text(p, str((_data().get("periods") or {}).get(p, p)))


# --- figures as a reader writes them ------------------------------------------------------

def fmt_number(value: float) -> str:
    if value != value:  # NaN
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def fmt_value(value: float | None, unit: str) -> str:
    """A base-unit value as a reader writes it: 84000 亩 → 8.4万亩; 7.0 % → 7%."""
    if value is None:
        return ""
    if unit not in ("%", "‰", "百分点") and abs(value) >= 1e4:
        for scale, word_ in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
            if abs(value) >= scale:
                return f"{fmt_number(round(value / scale, 4))}{word_}{unit}"
    return f"{fmt_number(value)}{unit}"


def signed_quote(quote: str, value: float, minus: str = "-") -> str:
    """A change's quote with its value's sign: one the text states with 下降 is negative
    though its quote has no minus sign (下降1.84个千分点: ``minus`` + "1.84个千分点"); a
    quote that has a sign already is kept as written. Messages write the minus as the
    quotes do (-), a formula as its other operators (−)."""
    if value >= 0 or quote.lstrip().startswith(("-", "−")):
        return quote
    return minus + quote


QUALIFIER_SIGNS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈", "range": "",
                   "eq": "="}


def qualified(quote: str, qualifier: str) -> str:
    """A target as written with its qualifier's sign: 10% (ge) → ≥10%."""
    sign = QUALIFIER_SIGNS.get(qualifier or "", "")
    return f"{sign}{quote}" if sign and sign != "=" else quote
