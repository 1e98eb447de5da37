"""A growth rate against the level and the change stated with it (ARITH-GROWTH).

"城镇居民人均可支配收入54721元,比上年增加2315元,同比增长4.4%": the previous level is
54721 − 2315, so the rate is 2315 ÷ 52406 = 4.42 %. The level, the change in its unit and
the rate must sit in one clause run (no ; or 。 between) in that order or with the rate
before the change; 减少/下降 make both change and rate negative.

Growth 按可比价格 (at constant prices) is not recomputable from levels and changes at
current prices, and 两年平均 is a geometric mean: such sentences are not linked.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import regex

from checker import columns as C
from checker.link import Relation

RULE = "ARITH-GROWTH"
_BREAK = regex.compile(r"[;；。!！?？\n]")
_NOT_NOMINAL = regex.compile(r"可比价|不变价|可比口径|同口径|两年平均|年均")
_PERCENT = "%"


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, frame in claims.groupby(C.DOC, sort=False):
        text = texts.get(str(doc))
        if text is None:
            continue
        frame = frame.sort_values(C.START)
        rows = list(frame.index)
        recs = frame.to_dict("records")
        for k, rec in enumerate(recs):
            if rec[C.KIND] != "change" or rec[C.UNIT] in (_PERCENT, "百分点", "‰", ""):
                continue
            rel = _around(rows, recs, k, text)
            if rel is not None:
                out.append(rel)
    return out


def _around(rows: list[int], recs: list[dict], k: int, text: str) -> Relation | None:
    change = recs[k]
    if k == 0:
        return None
    level = recs[k - 1]
    if (level[C.UNIT] != change[C.UNIT] or level[C.KIND] not in ("level", "count")
            or level[C.VALUE] <= 0 or level[C.ROLE] != "actual"):
        return None
    # the rate: the figure right after the change
    rate_k = k + 1
    if not (rate_k < len(recs) and recs[rate_k][C.KIND] == "growth"
            and recs[rate_k][C.UNIT] == _PERCENT):
        return None
    rate = recs[rate_k]
    lo = int(level[C.START])
    hi = max(int(rate[C.END]), int(change[C.END]))
    if _BREAK.search(text, lo, hi):
        return None
    sentence_start = max(text.rfind("。", 0, lo), text.rfind("\n", 0, lo)) + 1
    sentence_end = _BREAK.search(text, hi)
    if _NOT_NOMINAL.search(text, sentence_start, sentence_end.start() if sentence_end
                           else len(text)):
        return None
    if (rate[C.VALUE] < 0) != (change[C.VALUE] < 0) or rate[C.QUALIFIER] not in ("eq", ""):
        return None
    return Relation(RULE, "growth", rows[rate_k],
                    (("level", rows[k - 1]), ("change", rows[k])),
                    note="the level and its change stated with the rate")
