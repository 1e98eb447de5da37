"""A growth rate against the level and the change stated with it (ARITH-GROWTH).

"城镇居民人均可支配收入54721元,比上年增加2315元,同比增长4.4%": the previous level is
54721 − 2315, so the rate is 2315 ÷ 52406 = 4.42 %. The level, the change in its unit and
the rate must sit in one clause run (no ; or 。 between) in that order or with the rate
before the change; 减少/下降 make both change and rate negative.

Growth from two stated levels (:func:`link_levels`): "一般公共预算收入26.5亿元,上年为24.1亿元,
增长10.0%" → 26.5 ÷ 24.1 − 1; or the level and rate in one clause and last year's level of
the same catalogued indicator, region, period and scope stated elsewhere in the document
("2021年,全市社会消费品零售总额428亿元").

Growth 按可比价格 (at constant prices) is not recomputable from levels and changes at
current prices, and 两年平均 is a geometric mean: such sentences are not linked. Nor is
real growth by convention (GDP and value added, 实际增长), even when the sentence does not
say so.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import regex

from checker import columns as C
from checker.link import Relation, records_by_document
from checker.texts import Text

RULE = "ARITH-GROWTH"
_BREAK = regex.compile(r"[;；。!！?？\n]")
_NOT_NOMINAL = regex.compile(r"可比价|不变价|可比口径|同口径|两年平均|年均")
# Indicators whose growth is real (constant prices) by convention, and words that say so.
_REAL_INDICATORS = regex.compile(r"^gdp$|value_added")
_REAL_WORDS = regex.compile(r"实际|可比|不变价|扣除价格")
# Last year's level named in the clause: "上年为24.1亿元", "去年同期21.3亿元".
_PREVIOUS_WORD = regex.compile(r"(?:上年|去年|上一年)(?:同期|全年|度)?(?:为|是|完成|实现)?$")
# Growth measured against last year (or with no base word, which means the same).
_YEAR_ON_YEAR = regex.compile(r"^(?:同比|比上年|较上年|比去年|较去年|比上年同期|较上年同期|"
                              r"比去年同期|较去年同期)?$")
_PERCENT = "%"


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None:
            continue
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
                    note=Text("与增速一同给出的总量及其增量",
                              "the level and its change stated with the rate"))


def link_levels(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    """A growth rate against this year's level and last year's, both stated."""
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None:
            continue
        for k, rec in enumerate(recs):
            if rec[C.KIND] != "growth" or rec[C.UNIT] != _PERCENT or k == 0:
                continue
            if rec[C.QUALIFIER] not in ("eq", "") or rec[C.ROLE] != "actual":
                continue
            if not _YEAR_ON_YEAR.match(str(rec[C.BASE] or "")):
                continue
            rel = _levels_in_clause(rows, recs, k, text) or _level_elsewhere(rows, recs, k, text)
            if rel is not None:
                out.append(rel)
    return out


def _is_level(rec: dict) -> bool:
    return (rec[C.KIND] in ("level", "count") and rec[C.ROLE] == "actual"
            and rec[C.QUALIFIER] in ("eq", "") and rec[C.VALUE] > 0
            and rec[C.UNIT] not in (_PERCENT, "百分点", "‰", ""))


def _nominal(text: str, lo: int, hi: int, indicator: str) -> bool:
    sentence_start = max(text.rfind("。", 0, lo), text.rfind("\n", 0, lo)) + 1
    end = _BREAK.search(text, hi)
    sentence = text[sentence_start:end.start() if end else len(text)]
    return not (_NOT_NOMINAL.search(sentence) or _REAL_WORDS.search(sentence)
                or _REAL_INDICATORS.search(indicator))


def _levels_in_clause(rows: list[int], recs: list[dict], k: int, text: str) -> Relation | None:
    """"Y亿元,上年为Z亿元,增长p%" or "Y亿元,增长p%,上年为Z亿元": all in one clause run."""
    rate = recs[k]
    for cur_k, prev_k in ((k - 2, k - 1), (k - 1, k + 1)):
        if cur_k < 0 or prev_k >= len(recs):
            continue
        cur, prev = recs[cur_k], recs[prev_k]
        if not (_is_level(cur) and _is_level(prev) and cur[C.UNIT] == prev[C.UNIT]):
            continue
        if not _PREVIOUS_WORD.search(text[max(0, int(prev[C.START]) - 8):int(prev[C.START])]):
            continue
        lo = int(cur[C.START])
        hi = max(int(rate[C.END]), int(prev[C.END]))
        if _BREAK.search(text, lo, hi) or not _nominal(text, lo, hi, str(cur[C.INDICATOR])):
            continue
        return Relation(RULE, "growth", rows[k], (("level", rows[cur_k]),
                                                  ("previous", rows[prev_k])),
                        note=Text("与增速一同给出的本年与上年总量",
                                  "this year's level and last year's, stated with the rate"))
    return None


def _level_elsewhere(rows: list[int], recs: list[dict], k: int, text: str) -> Relation | None:
    """The rate right after its level; last year's level of the same catalogued indicator,
    region, period and scope stated once elsewhere in the document."""
    rate, cur = recs[k], recs[k - 1]
    if not _is_level(cur) or not cur[C.INDICATOR_KNOWN] or pd.isna(cur[C.YEAR]):
        return None
    if cur[C.SENTENCE] != rate[C.SENTENCE] or _BREAK.search(
            text, int(cur[C.END]), int(rate[C.START])):
        return None
    if cur[C.INDICATOR] != rate[C.INDICATOR]:
        return None
    if not _nominal(text, int(cur[C.START]), int(rate[C.END]), str(cur[C.INDICATOR])):
        return None
    matches = [j for j, r in enumerate(recs)
               if _is_level(r) and r[C.INDICATOR_KNOWN] and r[C.INDICATOR] == cur[C.INDICATOR]
               and not pd.isna(r[C.YEAR]) and int(r[C.YEAR]) == int(cur[C.YEAR]) - 1
               and r[C.REGION] == cur[C.REGION] and r[C.PERIOD] == cur[C.PERIOD]
               and r[C.SCOPE] == cur[C.SCOPE] and r[C.UNIT] == cur[C.UNIT]
               and r[C.UNIT_WRITTEN] == cur[C.UNIT_WRITTEN]]
    if len({recs[j][C.VALUE] for j in matches}) != 1:
        return None  # none, or several values last year's level could be
    j = matches[0]
    if not _nominal(text, int(recs[j][C.START]), int(recs[j][C.END]), ""):
        return None
    return Relation(RULE, "growth", rows[k], (("level", rows[k - 1]), ("previous", rows[j])),
                    note=Text("文中别处给出的同一指标、地区和时期的上年总量",
                              "last year's level of the same indicator, region and period "
                              "stated elsewhere in the document"))


def link_rate_levels(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    """A growth rate of a rate against its two levels stated with it: "城镇化率由64.1%提高
    到65.2%,增长1.7%" → 65.2 ÷ 64.1 − 1. The levels' grammar is ARITH-DIFF's; a rate
    that matches their difference in points instead confused % and 百分点."""
    from checker.link import diff

    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None:
            continue
        norm = diff.Normalized(text)
        for k, rec in enumerate(recs):
            if (rec[C.KIND] != "growth" or rec[C.UNIT] != _PERCENT or k < 2
                    or rec[C.QUALIFIER] not in ("eq", "") or rec[C.VALUE] == 0
                    or recs[k - 1][C.UNIT] not in (_PERCENT, "‰")):
                continue
            pair = diff.level_pair(recs, k, norm, str(recs[k - 1][C.UNIT]))
            # the direction word must agree with the rate's sign (增长 +, 下降 −)
            if pair is None or (pair[2] > 0) != (rec[C.VALUE] > 0):
                continue
            cur, prev, _ = pair
            out.append(Relation(RULE, "growth", rows[k], (("level", rows[cur]),
                                                           ("previous", rows[prev])),
                                note=Text("与增速一同给出的该比率前后两个水平",
                                          "the rate's two levels, stated with its growth")))
    return out
