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
from typing import Any

import pandas as pd
import regex

from checker import columns as C
from checker import precision as P
from checker.link import Relation, records_by_document
from checker.texts import Text

RULE = "ARITH-RATIO"
_RATE_KINDS = ("rate", "share")
_NON_QUANTITY = ("%", "‰", "百分点", "千分点", "倍", "")
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


Rec = dict[str, Any]


def _is_percent(rec: Rec) -> bool:
    return rec[C.UNIT] in _NON_QUANTITY


class _Doc:
    """One document's claims as plain records in text order (pandas row access is too slow
    for per-claim lookups), keyed by the claims frame's index."""

    def __init__(self, rows: list[int], recs: list[Rec], text: str) -> None:
        self.text = text
        self.rows: list[int] = rows
        self.rec: dict[int, Rec] = dict(zip(self.rows, recs, strict=True))
        self.by_item: dict[int, list[int]] = {}
        for row in self.rows:
            self.by_item.setdefault(int(self.rec[row][C.ITEM]), []).append(row)


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is not None:
            out.extend(_link_doc(_Doc(rows, recs, text)))
    return out


def _link_doc(d: _Doc) -> list[Relation]:
    out: list[Relation] = []
    for k, row in enumerate(d.rows):
        rec = d.rec[row]
        if rec[C.KIND] not in _RATE_KINDS or rec[C.UNIT] != _PERCENT or rec[C.ROLE] != "actual":
            continue
        if rec[C.QUALIFIER] not in ("eq", ""):
            continue  # 完成80%以上 is a bound, not a computed figure
        if k == 0:
            continue
        prev = d.rec[d.rows[k - 1]]
        if prev[C.SENTENCE] != rec[C.SENTENCE] or _is_percent(prev):
            continue
        between = d.text[int(prev[C.END]):int(rec[C.START])]
        if _JOIN.match(between):
            rel = _explicit_base(d, k - 1, row)
        elif _PROGRESS_WORD.match(between):
            rel = _sentence_base(d, k - 1, row) or _restated_base(d, k - 1, row)
        else:
            rel = _restated_base(d, k - 1, row)
        if rel is not None:
            out.append(rel)
    return out


def _explicit_base(d: _Doc, base_k: int, rate_row: int) -> Relation | None:
    base_row = d.rows[base_k]
    base = d.rec[base_row]
    rate_start = int(d.rec[rate_row][C.START])
    for j in range(base_k - 1, -1, -1):
        cand = d.rec[d.rows[j]]
        if cand[C.SENTENCE] != base[C.SENTENCE]:
            return None
        if _CLAUSE_END.search(d.text, int(cand[C.END]), rate_start):
            return None
        if _is_percent(cand) or cand[C.UNIT] != base[C.UNIT]:
            continue
        exact = frozenset((base_row,)) if _names_target(base, d.text) else frozenset()
        return Relation(RULE, "ratio", rate_row, (("numerator", d.rows[j]), ("base", base_row)),
                        exact, note=Text("紧接在比率之前写出的基数",
                                          "base written just before the rate"))
    return None


def _sentence_base(d: _Doc, num_k: int, rate_row: int) -> Relation | None:
    """"投资88.5亿元,累计完成投资39.7亿元、完成率44.9%": the base is the nearest earlier
    figure in the sentence with the numerator's unit, with no other rate in between."""
    num_row = d.rows[num_k]
    num = d.rec[num_row]
    for j in range(num_k - 1, -1, -1):
        cand = d.rec[d.rows[j]]
        if cand[C.SENTENCE] != num[C.SENTENCE]:
            return None
        if cand[C.KIND] in _RATE_KINDS:
            return None  # that earlier figure has its own rate
        if _is_percent(cand) or cand[C.UNIT] != num[C.UNIT]:
            continue
        if _names_a_class(d.text, cand) or cand[C.VALUE] <= 0:
            return None
        # 新增10069户,总量达107164户,占比21%: below 100 % the part cannot exceed its base,
        # so a smaller earlier figure is not the base (the share is of an unstated total).
        if d.rec[rate_row][C.VALUE] < 100 and cand[C.VALUE] < num[C.VALUE]:
            return None
        exact = frozenset((d.rows[j],)) if _names_target(cand, d.text) else frozenset()
        return Relation(RULE, "ratio", rate_row, (("numerator", num_row), ("base", d.rows[j])),
                        exact, note=Text("同句前文给出的基数",
                                          "base stated earlier in the sentence"))
    return None


def _names_target(base: Rec, text: str) -> bool:
    if base[C.ROLE] in ("target", "restated_target"):
        return True
    left = text[max(0, int(base[C.START]) - 12):int(base[C.START])]
    return bool(_TARGET_BEFORE.search(left))


def _restated_base(d: _Doc, num_k: int, rate_row: int) -> Relation | None:
    num_row = d.rows[num_k]
    num = d.rec[num_row]
    rate = d.rec[rate_row]
    if rate[C.KIND] != "rate" and not _share_of_target(d.text, num, rate):
        return None
    item_no = int(num[C.ITEM])
    if item_no < 0 or num[C.ROLE] != "actual":
        return None
    if _CLAUSE_END.search(d.text, int(num[C.END]), int(rate[C.START])):
        return None
    discrete = P.discrete_units()
    item = [d.rec[r] | {"row": r} for r in d.by_item[item_no]]
    targets = [t for t in item if t[C.ROLE] == "restated_target" and not _is_percent(t)
               and (t[C.UNIT] == num[C.UNIT]
                    or (t[C.UNIT] in discrete and num[C.UNIT] in discrete))]
    if len(targets) != 1:
        return None  # none, or several the rate could be measured against
    base = targets[0]
    base_row = base["row"]
    if _names_a_class(d.text, base):
        return None
    first_actual = [t["row"] for t in item
                    if t[C.ROLE] == "actual" and t[C.UNIT] == num[C.UNIT]]
    # The item's first actual in the target's own unit reports on that target (bulletins
    # restate, then report, in order); any later figure must name the same thing.
    first = base[C.UNIT] == num[C.UNIT] and first_actual[:1] == [num_row]
    named = same_thing(str(num[C.INDICATOR_RAW]), str(base[C.INDICATOR_RAW])) or (
        bool(num[C.INDICATOR_KNOWN]) and num[C.INDICATOR] == base[C.INDICATOR])
    if not (first or named):
        return None
    return Relation(RULE, "ratio", rate_row, (("numerator", num_row), ("base", base_row)),
                    frozenset((base_row,)),
                    note=Text("条目开头重述的基数", "base restated in the item's opening"))


def _share_of_target(text: str, num: Rec, rate: Rec) -> bool:
    """占年度目标106.4%: a share of the plan, measured against the restated target."""
    return bool(regex.search(r"(?:目标|计划|任务)(?:任务)?的?$",
                             text[int(num[C.END]):int(rate[C.START])]))


# "56个10亿元以上续建项目": a figure followed by 以上/以下 and a noun names a class of things.
_CLASS_AFTER = regex.compile(r"^(?:以上|以下)\p{Han}")


def _names_a_class(text: str, rec: Rec) -> bool:
    end = int(rec[C.END])
    return bool(_CLASS_AFTER.match(text[end:end + 3]))
