"""A stated count broken down by status, without 其中 (ARITH-SUM, ARITH-RATIO,
ARITH-SHARE100).

Progress reports open with a count of items and then sort every item into a class:

* inline — "省实事11件15项中有9项指标提前完成,占比60%;3项进展较快,占比27%;3项进度偏慢,
  占比20%": the total is the count right before 中, the parts are the same-unit counts that
  follow in its sentence, one per semicolon (or comma) segment;
* enumerated — "分解的132项指标任务中,…具体情况分为以下五个方面:一、…共计19项…二、…共计98项
  …": the parts are the first same-unit count of each numbered paragraph (一、二、…) that
  follows, and when the text announces how many (以下五个方面) there must be that many.

Three relations come out of one breakdown: the parts against the total (a count breakdown
is meant to be complete), each part's share against part ÷ total when the share says what
it is a share of (占比, 占任务总数的), and, when every part has such a share and the counts
close, the shares against 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import regex

from checker import columns as C
from checker import precision as P
from checker.extract.numbers import parse_chinese
from checker.link import Relation, records_by_document
from checker.texts import Text

SUM_RULE = "ARITH-SUM"
RATIO_RULE = "ARITH-RATIO"
SHARE_RULE = "ARITH-SHARE100"

# "15项中有…", "132项指标任务中,…", "17项中,有…": a total followed by 中 and what comes of it.
_AMONG = regex.compile(r"\p{Han}{0,8}?中(?=[,，:：、]|有|共|已)")
_SENTENCE_END = regex.compile(r"[。!！?？\n]")
_SEMI = regex.compile(r"[;；]")
_COMMA = regex.compile(r"[,，;；]")
_ORDINALS = "一二三四五六七八九十"
# "具体情况分为以下五个方面": the number of classes announced.
_ANNOUNCED = regex.compile(
    r"(?:分为|分成|包括)以下([一二三四五六七八九十\d]+)(?:个|类|种)?(?:方面|类|种情况|部分|种)")
# The share names its base as the whole: 占比60%, 占任务总数的15.2%.
_SHARE_OF_WHOLE = regex.compile(
    r"占(?:比|\p{Han}{0,6}(?:总数|总量|总计|全部)的?)(?:为|达)?$")
# How far after the total's sentence the numbered paragraphs may begin.
_ENUM_REACH = 120

Rec = dict[str, Any]


def link(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    discrete = P.discrete_units()
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None or "中" not in text:
            continue
        for k, rec in enumerate(recs):
            if (rec[C.KIND] != "count" or rec[C.UNIT] not in discrete or not rec[C.EXACT]
                    or rec[C.VALUE] < 2):
                continue
            if not _AMONG.match(text, int(rec[C.END])):
                continue
            parts = _inline_parts(recs, k, text) or _enumerated_parts(recs, k, text)
            if parts:
                out.extend(_relations(rows, recs, k, parts, text))
    return out


def _inline_parts(recs: list[Rec], k: int, text: str) -> list[tuple[int, int]] | None:
    """Parts in the total's own sentence: (claim position, end of its segment)."""
    total = recs[k]
    after = int(total[C.END])
    end = _SENTENCE_END.search(text, after)
    stop = end.start() if end else len(text)
    splitter = _SEMI if _SEMI.search(text, after, stop) else _COMMA
    bounds = [m.start() for m in splitter.finditer(text, after, stop)] + [stop]
    found: list[tuple[int, int]] = []
    seg_start = after
    j = k + 1
    for seg_end in bounds:
        in_seg = []
        while j < len(recs) and int(recs[j][C.START]) < seg_end:
            if int(recs[j][C.START]) >= seg_start and recs[j][C.UNIT] == total[C.UNIT]:
                in_seg.append(j)
            j += 1
        if len(in_seg) > 1:
            return None  # two counts in one segment: a table, not one class per segment
        if in_seg:
            found.append((in_seg[0], seg_end))
        seg_start = seg_end
    return found if len(found) >= 2 else None


def _enumerated_parts(recs: list[Rec], k: int, text: str) -> list[tuple[int, int]] | None:
    total = recs[k]
    after = int(total[C.END])
    end = _SENTENCE_END.search(text, after)
    if end is None:
        return None
    window = text[end.start():end.start() + _ENUM_REACH]
    first = regex.search(r"(?m)^[ \t\u3000]*一、", window)
    if first is None:
        return None
    announced = _ANNOUNCED.search(text, after, end.start() + first.start())
    # paragraph i runs from its ordinal to the next one's
    starts: list[int] = []
    pos = end.start() + first.start()
    for n, ordinal in enumerate(_ORDINALS):
        m = regex.compile(rf"(?m)^[ \t\u3000]*{ordinal}、").search(text, pos)
        if m is None or (n > 0 and text.count("\n", pos, m.start()) > 3):
            break
        starts.append(m.start())
        pos = m.end()
    if len(starts) < 2:
        return None
    if announced is not None:
        word = announced.group(1)
        count = int(word) if word.isdigit() else parse_chinese(word)
        if count != len(starts):
            return None
    last_end = text.find("\n", starts[-1])
    bounds = [*starts[1:], last_end if last_end >= 0 else len(text)]
    found: list[tuple[int, int]] = []
    j = k + 1
    for start, stop in zip(starts, bounds, strict=True):
        while j < len(recs) and int(recs[j][C.START]) < start:
            j += 1
        first_part = next((i for i in range(j, len(recs))
                           if int(recs[i][C.START]) < stop
                           and recs[i][C.UNIT] == total[C.UNIT]), None)
        if first_part is None:
            return None  # a class without its count: the breakdown cannot be checked
        found.append((first_part, stop))
    return found


def _relations(rows: list[int], recs: list[Rec], k: int, parts: list[tuple[int, int]],
               text: str) -> list[Relation]:
    total = recs[k]
    if any(recs[j][C.KIND] != "count" or not recs[j][C.EXACT] or recs[j][C.VALUE] <= 0
           or recs[j][C.VALUE] >= total[C.VALUE] for j, _ in parts):
        return []
    out = [Relation(SUM_RULE, "sum", rows[k], tuple(("part", rows[j]) for j, _ in parts),
                    note=Text(f"前文{total[C.QUOTE]}中各类别的数量",
                              f"counts by class of the {total[C.QUOTE]} stated before 中"))]
    shares: list[int] = []
    for n, (j, seg_end) in enumerate(parts):
        limit = min(seg_end, int(recs[parts[n + 1][0]][C.START])) if n + 1 < len(parts) \
            else seg_end
        share = next((i for i in range(j + 1, len(recs))
                      if int(recs[i][C.START]) < limit and recs[i][C.UNIT] == "%"), None)
        if share is None or recs[share][C.VALUE] <= 0 or recs[share][C.QUALIFIER] not in (
                "eq", ""):
            continue
        if not _SHARE_OF_WHOLE.search(text[int(recs[j][C.END]):int(recs[share][C.START])]):
            continue
        shares.append(share)
        out.append(Relation(RATIO_RULE, "ratio", rows[share],
                            (("numerator", rows[j]), ("base", rows[k])),
                            frozenset((rows[j], rows[k])),
                            note=Text(f"某类别占前文{total[C.QUOTE]}的比重",
                                      f"a class's share of the {total[C.QUOTE]} stated before 中")))
    closes = sum(recs[j][C.VALUE] for j, _ in parts) == total[C.VALUE]
    if closes and len(shares) == len(parts):
        out.append(Relation(SHARE_RULE, "share100", rows[shares[0]],
                            tuple(("part", rows[s]) for s in shares), stated_exact_value=100.0,
                            note=Text("同一整体各类别的比重",
                                      "shares of every class of one whole")))
    return out
