"""Vital rates against the counts and the population they come from (ARITH-RATIO).

Statistical communiqués state a population, then births and deaths as counts and as
rates: "全区户籍总人口453229人,…出生人口4903人,…出生率为10.8%,死亡人口488人,死亡率为
1.1%,自然增长率为9.7%". 出生率 is births ÷ population, 死亡率 deaths ÷ population,
自然增长率 (births − deaths) ÷ population, conventionally in ‰.

The population stated is a year-end (or registered) figure while the rate is taken on the
year's average population, so the base is widened by ``_BASE_SPREAD`` either way: only a
rate that no plausible population admits — above all a ‰ rate printed with a % sign, 10×
off — is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import regex

from checker import columns as C
from checker.link import Relation, records_by_document
from checker.texts import Text

RULE = "ARITH-RATIO"
_BASE_SPREAD = 0.03
_POPULATION = regex.compile(r"(?:总人口|户籍人口|常住人口)(?:数)?(?:为|是|达|达到)?$")
_RATES = {"出生率": ("出生",), "死亡率": ("死亡",), "自然增长率": ("出生", "死亡")}
_RATE_NAME = regex.compile(r"(出生率|死亡率|自然增长率)(?:为|是|达|达到)?$")
_COUNT_NAME = regex.compile(r"(出生|死亡)(?:人口|人数)(?:为|是)?$")
_PERSONS = ("人",)
# population, counts and rates must be this close together (characters)
_REACH = 400


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
