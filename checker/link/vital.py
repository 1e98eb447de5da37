"""Vital rates against the counts and the population they come from (ARITH-RATIO), and
against each other (ARITH-DIFF).

Statistical communiqués state a population, then births and deaths as counts and as
rates: "全区户籍总人口453229人,…出生人口4903人,…出生率为10.8%,死亡人口488人,死亡率为
1.1%,自然增长率为9.7%". 出生率 is births ÷ population, 死亡率 deaths ÷ population,
自然增长率 (births − deaths) ÷ population, conventionally in ‰.

The population stated is a year-end (or registered) figure while the rate is taken on the
year's average population, so the base is widened by ``_BASE_SPREAD`` either way: only a
rate that no plausible population admits — above all a ‰ rate printed with a % sign, 10×
off — is flagged.

:func:`link_identity`: the three rates share that base, so 自然增长率 = 出生率 − 死亡率
exactly, up to rounding, whatever the population — and so do their changes on the year
before ("出生率8.66‰,比上年下降1.84个千分点;死亡率4.63‰,比上年下降0.03个千分点;自然
增长率4.03‰,比上年下降1.81个千分点": −1.84 − (−0.03) = −1.81). Each rate is named right
before its figure, or the three names precede a 分别 list of three figures; the three stand
in one sentence in the order 出生率, 死亡率, 自然增长率, each named once (two 出生率, urban
and rural, leave which one is meant open).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import regex

from checker import columns as C
from checker.link import Relation, records_by_document
from checker.link.diff import Normalized
from checker.link.since import rose
from checker.texts import Text

RULE = "ARITH-RATIO"
DIFF_RULE = "ARITH-DIFF"
_BASE_SPREAD = 0.03
_POPULATION = regex.compile(r"(?:总人口|户籍人口|常住人口)(?:数)?(?:为|是|达|达到)?$")
_RATES = {"出生率": ("出生",), "死亡率": ("死亡",), "自然增长率": ("出生", "死亡")}
_RATE_NAME = regex.compile(r"(出生率|死亡率|自然增长率)(?:为|是|达|达到)?$")
_COUNT_NAME = regex.compile(r"(出生|死亡)(?:人口|人数)(?:为|是)?$")
_PERSONS = ("人",)
# population, counts and rates must be this close together (characters)
_REACH = 400

# --- the identity (matched on the normalised text) --------------------------------------
_NAMES = ("出生率", "死亡率", "自然增长率")  # minuend, subtrahend, difference, in text order
_NAMED = regex.compile(r"(出生率|死亡率|自然增长率)\s*(?:为|是|达到|达)?\s*$")
# "人口出生率、死亡率和自然增长率分别为9.5‰、6.2‰和3.3‰"
_NAMED_LIST = regex.compile(r"出生率\s*[、,和与及]\s*(?:人口)?死亡率\s*[、,和与及]\s*(?:人口)?"
                            r"自然增长率\s*(?:分别)?\s*(?:为|是)\s*$")
_LIST = regex.compile(r"^\s*(?:[、,]|和|及|与)\s*$")
_RATE_KINDS = ("level", "growth", "rate")
# the change of a rate in % is in 百分点, of one in ‰ in 千分点
_CHANGE_UNIT = {"%": "百分点", "‰": "千分点"}


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None or "率" not in text or "人口" not in text:
            continue
        for k, rec in enumerate(recs):
            if rec[C.UNIT] not in ("%", "‰") or rec[C.VALUE] <= 0:
                continue
            start = int(rec[C.START])
            name = _RATE_NAME.search(text[max(0, start - 8):start])
            if name is None:
                continue
            rel = _relation(rows, recs, k, text, name.group(1))
            if rel is not None:
                out.append(rel)
    return out


def _relation(rows: list[int], recs: list[dict], k: int, text: str, rate: str
              ) -> Relation | None:
    start = int(recs[k][C.START])
    counts: dict[str, int] = {}
    population: int | None = None
    for j in range(k - 1, -1, -1):
        rec = recs[j]
        if start - int(rec[C.START]) > _REACH:
            break
        if rec[C.UNIT] not in _PERSONS or rec[C.KIND] not in ("count", "level"):
            continue
        left = text[max(0, int(rec[C.START]) - 10):int(rec[C.START])]
        named = _COUNT_NAME.search(left)
        if named and named.group(1) not in counts:
            counts[named.group(1)] = j
        elif _POPULATION.search(left):
            population = j
            break
    needed = _RATES[rate]
    if population is None or any(n not in counts for n in needed):
        return None
    inputs: list[tuple[str, int]] = [("numerator", rows[counts[needed[0]]])]
    if len(needed) == 2:
        inputs.append(("minus", rows[counts[needed[1]]]))
    inputs.append(("base", rows[population]))
    # a ‰ rate printed with a % sign is judged as % and shows up as a 10× slip
    per = 1000.0 if recs[k][C.UNIT] == "‰" else 100.0
    return Relation(RULE, "ratio", rows[k], tuple(inputs), per=per, base_spread=_BASE_SPREAD,
                    note=Text(f"前文所给人口的{rate}",
                              f"{rate} of the population stated before it"))


def link_identity(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    """自然增长率 = 出生率 − 死亡率, for the levels and for their changes on the year before."""
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None or "出生" not in text or "率" not in text:
            continue
        norm = Normalized(text)
        for triple in _triples(recs, norm):
            out.extend(_identities(rows, recs, triple, norm))
    return out


def _is_rate(rec: dict) -> bool:
    return (rec[C.UNIT] in _CHANGE_UNIT and rec[C.KIND] in _RATE_KINDS
            and rec[C.QUALIFIER] in ("eq", ""))


def _triples(recs: list[dict], norm: Normalized) -> list[tuple[int, int, int]]:
    """Positions in ``recs`` of 出生率, 死亡率 and 自然增长率 stated together."""
    named: list[tuple[int, str]] = []  # (position, name) of each named rate, in text order
    k = 0
    while k < len(recs):
        rec = recs[k]
        start = int(rec[C.START])
        if not _is_rate(rec):
            k += 1
            continue
        before = norm.between(max(0, start - 40), start)
        if (_NAMED_LIST.search(before) and k + 2 < len(recs)
                and all(_is_rate(recs[j]) and _LIST.match(norm.between(
                    int(recs[j - 1][C.END]), int(recs[j][C.START]))) for j in (k + 1, k + 2))):
            named.extend((k + i, name) for i, name in enumerate(_NAMES))
            k += 3
            continue
        found = _NAMED.search(before[-12:])
        if found is not None:
            named.append((k, found.group(1)))
        k += 1
    out = []
    for i in range(len(named) - 2):
        (b, nb), (d, nd), (n, nn) = named[i:i + 3]
        if (nb, nd, nn) != _NAMES:
            continue
        sentence = recs[b][C.SENTENCE]
        if recs[d][C.SENTENCE] != sentence or recs[n][C.SENTENCE] != sentence:
            continue
        if len({recs[j][C.UNIT] for j in (b, d, n)}) != 1:
            continue
        # each name once in the sentence: not 城镇人口出生率…农村人口出生率…
        if any(j not in (b, d, n) and recs[j][C.SENTENCE] == sentence for j, _ in named):
            continue
        out.append((b, d, n))
    return out


def _identities(rows: list[int], recs: list[dict], triple: tuple[int, int, int],
                norm: Normalized) -> list[Relation]:
    birth, death, natural = triple
    out = [Relation(DIFF_RULE, "diff", rows[natural],
                    (("minuend", rows[birth]), ("minus", rows[death])),
                    note=Text("自然增长率 = 出生率 − 死亡率(三者同一人口基数)",
                              "natural growth rate = birth rate − death rate (one population "
                              "base for all three)"))]
    bounds = (death, natural, len(recs))
    changes = [_change(recs, j, bound, norm) for j, bound in zip(triple, bounds, strict=True)]
    if all(c is not None for c in changes):
        d_birth, d_death, d_natural = changes
        out.append(Relation(DIFF_RULE, "diff", rows[d_natural],
                            (("minuend", rows[d_birth]), ("minus", rows[d_death])),
                            note=Text("自然增长率的变化 = 出生率的变化 − 死亡率的变化",
                                      "the change of the natural growth rate = the change "
                                      "of the birth rate − the change of the death rate")))
    return out


def _change(recs: list[dict], k: int, bound: int, norm: Normalized) -> int | None:
    """The position of the rate ``recs[k]``'s change on the year before, stated right after
    it (before ``bound``, the next rate of the three), or None."""
    j = k + 1
    if j >= bound:
        return None
    rec = recs[j]
    unit = _CHANGE_UNIT[str(recs[k][C.UNIT])]
    if (rec[C.UNIT] != unit or rec[C.KIND] not in ("pp_change", "change")
            or rec[C.QUALIFIER] not in ("eq", "") or rec[C.VALUE] == 0):
        return None
    up = rose(norm.between(int(recs[k][C.END]), int(rec[C.START])))
    if up is None or str(rec[C.WRITTEN]).startswith(("+", "-")) or (rec[C.VALUE] > 0) != up:
        return None  # the figure's sign must be the one its word states (下降-1.84: unclear)
    if norm.between(int(rec[C.END]), int(rec[C.END]) + 2).startswith(("以上", "左右", "多")):
        return None
    return j
