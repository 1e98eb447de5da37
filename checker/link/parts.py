"""Parts against their stated total (ARITH-SUM) and structures that add to 100
(ARITH-SHARE100).

其中 lists: "新增停车位14419个,其中公共停车泊位4608个,新建小区配建3811个,老旧小改造及
住宅小区改造6000个" — the total is the last figure before 其中 (same or previous sentence),
the parts are the figures after it, to the end of that sentence, in the total's unit. A list
is taken as meant to be exhaustive only when it is clean: two or more parts, one per clause
(a clause with two same-unit figures — 新增10069户,总量达107164户 — is a table, not a
list), no part equal to the total, no 等 ending the list. Lists that cover far less than
the total are non-exhaustive by design and are dropped later (``max_gap``).

Ratio structures: "三次产业结构为19.1:28.3:52.6" — figures joined by colons, each between 0
and 100, that add to roughly 100.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

import pandas as pd
import regex

from checker import columns as C
from checker.link import Relation, records_by_document
from checker.texts import Text

SUM_RULE = "ARITH-SUM"
SHARE_RULE = "ARITH-SHARE100"
_NON_LEVEL_UNITS = ("%", "‰", "百分点", "千分点", "倍", "")
_AMONG = regex.compile(r"其中")
_SENTENCE_END = regex.compile(r"[。!！?？\n]")
_CLAUSE = regex.compile(r"[,，;；、]")
# "…等" closing a list says there are more parts than listed; 均 applies one value to all.
_OPEN_LIST = regex.compile(r"等(?:[,，;；。]|$)|均")
_COLON = (":", "：")
_SEMI = regex.compile(r"[;；]")
_FUTURE_TURN = regex.compile(r"[,，;；](?:计划|预计|力争|争取|拟|将要|下一步|下步)")


def link_parts(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None or "其中" not in text:
            continue
        starts = [int(r[C.START]) for r in recs]
        for m in _AMONG.finditer(text):
            rel = _parts_after(rows, recs, starts, text, m.start(), m.end())
            if isinstance(rel, list):
                out.extend(rel)
            elif rel is not None:
                out.append(rel)
    return out


def _parts_after(rows: list[int], recs: list[dict], starts: list[int], text: str, at: int,
                 after: int) -> Relation | list[Relation] | None:
    first_after = bisect_left(starts, after)
    # 21.25万亩,占市年度计划任务113.3%,…的100%。其中…: rates about the total come between
    k = bisect_left(starts, at) - 1
    while k >= 0 and recs[k][C.UNIT] in _NON_LEVEL_UNITS:
        k -= 1
    if k < 0:
        return None
    total = recs[k]
    if total[C.KIND] in ("growth", "rate", "share"):
        return None
    end = _SENTENCE_END.search(text, after)
    stop = end.start() if end else len(text)
    turn = _FUTURE_TURN.search(text, after, stop)
    if turn:
        stop = turn.start()  # "…6.25万亩,计划11月开工…5万亩": plans are not parts of a result
    idx = [j for j in range(first_after, bisect_left(starts, stop))
           if recs[j][C.UNIT] == total[C.UNIT]]
    parts = [recs[j] for j in idx]
    if len(parts) < 2 or any(p[C.KIND] != total[C.KIND] for p in parts):
        return None  # 减收2.9亿元,其中市本级完成26.5亿元…减收1.4亿元: levels mixed with changes
    if int(parts[0][C.SENTENCE]) - int(total[C.SENTENCE]) > 1:
        return None  # the total is in 其中's sentence or the one before, nowhere further
    if any(p[C.VALUE] == total[C.VALUE] or p[C.VALUE] <= 0 for p in parts):
        return None
    if _OPEN_LIST.search(text, after, stop):
        return None
    # A list separated by semicolons has one part per semicolon segment, else one per
    # comma clause; two figures of the unit in one segment make a table, not a list of parts
    # (新增10069户,总量达107164户,占比21%;新增22382户,总量达393657户…).
    semis = [len(_SEMI.findall(text, after, int(p[C.START]))) for p in parts]
    clauses = semis if max(semis) > 0 else [
        len(_CLAUSE.findall(text, after, int(p[C.START]))) for p in parts]
    if len(set(clauses)) != len(clauses):
        return _alternative_breakdowns(rows, recs, k, idx, semis) if max(semis) > 0 else None
    return Relation(SUM_RULE, "sum", rows[k], tuple(("part", rows[j]) for j in idx),
                    note=Text("其中之后列出的分项", "parts listed after 其中"))


def _alternative_breakdowns(rows: list[int], recs: list[dict], k: int, idx: list[int],
                            semis: list[int]) -> list[Relation] | None:
    """"户籍人口112635人。其中,城镇人口54715人,乡村人口57920人;男性人口57753人,女性人口
    54882人;0-17岁、…分别为18891人、19099人、48951人和25594人": one breakdown of the same
    total per semicolon segment. Taken as such only when every segment has two or more
    parts and some segment closes on the total exactly — a table of rows (新增10069户,
    总量达107164户;…) closes on nothing."""
    segments: dict[int, list[int]] = {}
    for j, seg in zip(idx, semis, strict=True):
        segments.setdefault(seg, []).append(j)
    if len(segments) < 2 or any(len(js) < 2 for js in segments.values()):
        return None
    total = recs[k][C.VALUE]
    if not any(abs(sum(recs[j][C.VALUE] for j in js) - total) <= 1e-9 * max(1.0, total)
               for js in segments.values()):
        return None
    return [Relation(SUM_RULE, "sum", rows[k], tuple(("part", rows[j]) for j in js),
                     note=Text("其中之后列出的几组分项之一",
                               "one of several breakdowns listed after 其中"))
            for js in segments.values()]


def link_structures(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    # the extractor names a colon structure's group "<doc>:<sentence>:ratio[<start>]"
    grouped = claims[claims[C.GROUP].str.contains(r":ratio\d*$", regex=True)]
    for (doc, _group), frame in grouped.groupby([C.DOC, C.GROUP], sort=False):
        text = texts.get(str(doc))
        if text is None:
            continue
        frame = frame.sort_values(C.START)
        for run in _colon_runs(frame, text):
            values = frame.loc[run, C.VALUE]
            if len(run) < 2 or (values < 0).any() or not _near_100(list(values)):
                continue  # a 1:0.8 ratio, not a breakdown in percent
            out.append(Relation(SHARE_RULE, "share100", run[0], tuple(("part", i) for i in run),
                                stated_exact_value=100.0, note=Text("以冒号连接的结构比例",
                                                          "a structure joined by colons")))
    return out


def _colon_runs(frame: pd.DataFrame, text: str) -> list[list[int]]:
    runs: list[list[int]] = []
    prev_end = -2
    for row in frame.index:
        start, end = int(frame.loc[row, C.START]), int(frame.loc[row, C.END])
        if runs and text[prev_end:start] in _COLON:
            runs[-1].append(row)
        else:
            runs.append([row])
        prev_end = end
    return runs


def _near_100(values: list[float]) -> bool:
    """A percent breakdown: adds to 90–110, or would if one share's decimal point were
    where it belongs (0.63:554.9:43.88 is a slipped 55.49, worth flagging)."""
    total = sum(values)
    if 90 <= total <= 110:
        return True
    return any(90 <= total - v + v / 10 <= 110 for v in values if v > 100)
