"""Stated completion rates and shares against numerator ÷ base (ARITH-RATIO).

Two shapes, both within one clause (no ; or 。 between numerator and rate):

* explicit base — the figure right before the rate, joined by 的 or nothing:
  "亿元以上项目283个,同比增长108.1%,完成省定全年目标186个的152.2%" → 283 ÷ 186;
  the numerator is the nearest earlier figure with the base's unit.
* restated target — a rate with no base of its own in a bulletin item:
  "39.…新增1.5万户通天然气…通气用户11084户,通气率73.89%" → 11084 ÷ 1.5万, the base
  being the one target restated in the item's opening with the numerator's unit.

A base that is a target (restated, or named 目标/计划/任务 just before it) is exact: the
publisher divided by the target as written.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import regex

from checker import columns as C
from checker import precision as P
from checker.link import Relation

RULE = "ARITH-RATIO"
_RATE_KINDS = ("rate", "share")
_PERCENT = "%"
# Between base and rate: "186个的152.2%", "125786户的72.53%", or nothing.
_JOIN = regex.compile(r"^的?$")
# A base named as a plan figure: 完成省定全年目标186个的…, 占任务数16900万元的…
_TARGET_BEFORE = regex.compile(
    r"(?:目标|计划|任务|预算)(?:任务)?(?:数|总数|投资|总量|额)?(?:为|是)?$")
# The rate right after its numerator: "、完成率44.9%", ",支出进度80.6%", ",占比43.05%".
_PROGRESS_WORD = regex.compile(
    r"^[,，、]?\p{Han}{0,4}?(?:完成率|占比|进度|到位率|执行率|完成比例)(?:为|达|达到)?$")
_CLAUSE_END = regex.compile(r"[;；。!！?？\n]")
# Words too common in indicator phrases to show two phrases name the same thing.
_GENERIC = frozenset(("新增", "完成", "全市", "累计", "实现", "新建", "达到", "全年", "目标",
                      "任务", "计划", "以上", "建设", "开工", "项目", "完成市", "市定"))


def _bigrams(phrase: str) -> set[str]:
    return {phrase[i:i + 2] for i in range(len(phrase) - 1)} - _GENERIC


def same_thing(a: str, b: str) -> bool:
    """Two indicator phrases share a specific two-character word (5G基站, 天然气 …)."""
    return bool(_bigrams(a) & _bigrams(b))


def _is_percent(rec: pd.Series) -> bool:
    return rec[C.UNIT] in ("%", "‰", "百分点", "千分点", "倍", "")


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, frame in claims.groupby(C.DOC, sort=False):
        text = texts.get(str(doc))
        if text is None:
            continue
        frame = frame.sort_values(C.START)
        out.extend(_link_doc(frame, text))
    return out


def _link_doc(frame: pd.DataFrame, text: str) -> list[Relation]:
    out: list[Relation] = []
    rows = list(frame.index)
    position = {row: k for k, row in enumerate(rows)}
    for row in rows:
        rec = frame.loc[row]
        if rec[C.KIND] not in _RATE_KINDS or rec[C.UNIT] != _PERCENT or rec[C.ROLE] != "actual":
            continue
        if rec[C.QUALIFIER] not in ("eq", ""):
            continue  # 完成80%以上 is a bound, not a computed figure
        k = position[row]
        if k == 0:
            continue
        prev_row = rows[k - 1]
        prev = frame.loc[prev_row]
        if prev[C.SENTENCE] != rec[C.SENTENCE] or _is_percent(prev):
            continue
        between = text[int(prev[C.END]):int(rec[C.START])]
        if _JOIN.match(between):
            rel = _explicit_base(frame, rows, k - 1, row, text)
        elif _PROGRESS_WORD.match(between):
            rel = _sentence_base(frame, rows, k - 1, row, text) or _restated_base(
                frame, rows, k - 1, row, text)
        else:
            rel = _restated_base(frame, rows, k - 1, row, text)
        if rel is not None:
            out.append(rel)
    return out


def _explicit_base(frame: pd.DataFrame, rows: list, base_k: int, rate_row: int,
                   text: str) -> Relation | None:
    base_row = rows[base_k]
    base = frame.loc[base_row]
    for j in range(base_k - 1, -1, -1):
        cand = frame.loc[rows[j]]
        if cand[C.SENTENCE] != base[C.SENTENCE]:
            return None
        if _CLAUSE_END.search(text, int(cand[C.END]), int(frame.loc[rate_row, C.START])):
            return None
        if _is_percent(cand):
            continue
        if cand[C.UNIT] != base[C.UNIT]:
            continue
        exact = frozenset((base_row,)) if _names_target(base, text) else frozenset()
        return Relation(RULE, "ratio", rate_row, (("numerator", rows[j]), ("base", base_row)),
                        exact, note="base written just before the rate")
    return None


def _sentence_base(frame: pd.DataFrame, rows: list, num_k: int, rate_row: int,
                   text: str) -> Relation | None:
    """"投资88.5亿元,累计完成投资39.7亿元、完成率44.9%": the base is the nearest earlier
    figure in the sentence with the numerator's unit, with no other rate in between."""
    num_row = rows[num_k]
    num = frame.loc[num_row]
    for j in range(num_k - 1, -1, -1):
        cand = frame.loc[rows[j]]
        if cand[C.SENTENCE] != num[C.SENTENCE]:
            return None
        if cand[C.KIND] in _RATE_KINDS:
            return None  # that earlier figure has its own rate
        if _is_percent(cand) or cand[C.UNIT] != num[C.UNIT]:
            continue
        if _names_a_class(text, cand) or cand[C.VALUE] <= 0:
            return None
        # 新增10069户,总量达107164户,占比21%: below 100 % the part cannot exceed its base,
        # so a smaller earlier figure is not the base (the share is of an unstated total).
        if frame.loc[rate_row, C.VALUE] < 100 and cand[C.VALUE] < num[C.VALUE]:
            return None
        exact = frozenset((rows[j],)) if _names_target(cand, text) else frozenset()
        return Relation(RULE, "ratio", rate_row, (("numerator", num_row), ("base", rows[j])),
                        exact, note="base stated earlier in the sentence")
    return None


def _names_target(base: pd.Series, text: str) -> bool:
    if base[C.ROLE] in ("target", "restated_target"):
        return True
    left = text[max(0, int(base[C.START]) - 12):int(base[C.START])]
    return bool(_TARGET_BEFORE.search(left))


def _restated_base(frame: pd.DataFrame, rows: list, num_k: int, rate_row: int,
                   text: str) -> Relation | None:
    num_row = rows[num_k]
    num = frame.loc[num_row]
    rate = frame.loc[rate_row]
    if frame.loc[rate_row, C.KIND] != "rate" and not _share_of_target(text, num, rate):
        return None
    if int(num[C.ITEM]) < 0 or num[C.ROLE] != "actual":
        return None
    if _CLAUSE_END.search(text, int(num[C.END]), int(rate[C.START])):
        return None
    item = frame[(frame[C.ITEM] == num[C.ITEM]) & (frame[C.ROLE] == "restated_target")]
    discrete = P.discrete_units()
    targets = item[(item[C.UNIT] == num[C.UNIT])
                   | (item[C.UNIT].isin(discrete) & (num[C.UNIT] in discrete))]
    targets = targets[~targets[C.UNIT].isin(("%", "‰", "百分点", "千分点", "倍", ""))]
    if len(targets) != 1:
        return None  # none, or several the rate could be measured against
    base_row = targets.index[0]
    base = targets.loc[base_row]
    if _names_a_class(text, base):
        return None
    first_actual = frame[(frame[C.ITEM] == num[C.ITEM]) & (frame[C.ROLE] == "actual")
                         & (frame[C.UNIT] == num[C.UNIT])].index
    # The item's first actual in the target's own unit reports on that target (bulletins
    # restate, then report, in order); any later figure must name the same thing.
    first = (base[C.UNIT] == num[C.UNIT] and len(first_actual) > 0
             and first_actual[0] == num_row and len(str(base[C.INDICATOR_RAW])) >= 2)
    named = same_thing(str(num[C.INDICATOR_RAW]), str(base[C.INDICATOR_RAW])) or (
        bool(num[C.INDICATOR_KNOWN]) and num[C.INDICATOR] == base[C.INDICATOR])
    if not (first or named):
        return None
    return Relation(RULE, "ratio", rate_row, (("numerator", num_row), ("base", base_row)),
                    frozenset((base_row,)), note="base restated in the item's opening")


def _share_of_target(text: str, num: pd.Series, rate: pd.Series) -> bool:
    """占年度目标106.4%: a share of the plan, measured against the restated target."""
    return bool(regex.search(r"(?:目标|计划|任务)(?:任务)?的?$",
                             text[int(num[C.END]):int(rate[C.START])]))


# "56个10亿元以上续建项目": a figure followed by 以上/以下 and a noun names a class of things.
_CLASS_AFTER = regex.compile(r"^(?:以上|以下)\p{Han}")


def _names_a_class(text: str, rec: pd.Series) -> bool:
    end = int(rec[C.END])
    return bool(_CLASS_AFTER.match(text[end:end + 3]))
