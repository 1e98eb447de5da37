"""A share of a named whole against that whole stated elsewhere (ARITH-BASE).

"1-9月,完成地区生产总值1321.29亿元…完成高新技术产业增加值127.1亿元,增速12.5%,…占GDP
比重14.6%": the share's whole is named right after 占 (GDP), so the base is the document's
one GDP figure for the same region and period; 127.1亿 ÷ 1321.29亿 = 9.62%, and the share
implies a base of 870.5亿 instead.

"1-9月,咸安区完成地区生产总值320.86亿元,占全市比重24.28%": 占全市 names the same
indicator for the whole region the document covers (the share's own region), so the base
is that region's figure for the period.

Conservative: the whole must be a catalogued indicator's alias exactly (after a 全市/全县
prefix), and stated for that region and period with one value only; the part is the
nearest earlier amount in the clause run, in the base's unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd
import regex

from checker import columns as C
from checker.extract import catalogue
from checker.link import Relation

RULE = "ARITH-BASE"
_SHARE_BEFORE = regex.compile(
    r"占(?P<whole>[^,，;；。、:：0-9()（）]{1,14}?)的?(?:比重|比例|份额)(?:为|达|达到|是)?$")
_WHOLE_REGION = regex.compile(r"^(?:全市|全县|全区|全省|全州|全盟|全旗|全国)$")
_PREFIX = regex.compile(r"^(?:全市|全县|全区|全省|全州|全国|地方)")
_BREAK = regex.compile(r"[;；。!！?？\n]")
_NON_QUANTITY = ("%", "‰", "百分点", "千分点", "倍", "")


@cache
def _aliases() -> dict[str, str]:
    return {alias: ind.id for ind in catalogue.builtin_indicators().values()
            for alias in ind.aliases}


def _whole_indicator(whole: str) -> str | None:
    aliases = _aliases()
    return aliases.get(whole) or aliases.get(_PREFIX.sub("", whole))


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
            if rec[C.UNIT] != "%" or rec[C.ROLE] != "actual" or rec[C.QUALIFIER] not in ("eq", ""):
                continue
            if rec[C.KIND] in ("growth", "pp_change") or rec[C.VALUE] <= 0:
                continue
            start = int(rec[C.START])
            m = _SHARE_BEFORE.search(text, max(0, start - 20), start)
            if m is None:
                continue
            rel = _pair(rows, recs, k, text, m["whole"])
            if rel is not None:
                out.append(rel)
    return out


def _is_amount(rec: dict) -> bool:
    return (rec[C.UNIT] not in _NON_QUANTITY and rec[C.ROLE] == "actual"
            and rec[C.QUALIFIER] in ("eq", "") and rec[C.VALUE] > 0
            and rec[C.KIND] in ("level", "count"))


def _pair(rows: list[int], recs: list[dict], k: int, text: str, whole: str
          ) -> Relation | None:
    share = recs[k]
    # the part: the nearest earlier amount in the clause run
    part_k = next((j for j in range(k - 1, -1, -1) if not _is_percent(recs[j])), None)
    if part_k is None:
        return None
    part = recs[part_k]
    if (not _is_amount(part) or part[C.SENTENCE] != share[C.SENTENCE]
            or _BREAK.search(text, int(part[C.END]), int(share[C.START]))):
        return None
    if _WHOLE_REGION.match(whole):
        # 占全市比重: the same indicator for the region the share speaks for
        if not part[C.INDICATOR_KNOWN] or part[C.REGION] == share[C.REGION]:
            return None
        indicator, region = part[C.INDICATOR], share[C.REGION]
    else:
        indicator = _whole_indicator(whole)
        if indicator is None or (part[C.INDICATOR_KNOWN] and part[C.INDICATOR] == indicator):
            return None
        region = part[C.REGION]
    bases = [j for j, r in enumerate(recs)
             if j != part_k and _is_amount(r) and r[C.INDICATOR_KNOWN]
             and r[C.INDICATOR] == indicator and r[C.REGION] == region
             and r[C.PERIOD] == part[C.PERIOD] and r[C.UNIT] == part[C.UNIT]
             and _same_year(r, part) and r[C.SCOPE] == ""]
    if len({recs[j][C.VALUE] for j in bases}) != 1:
        return None  # not stated, or stated with several values
    base = recs[bases[0]]
    if base[C.VALUE] < part[C.VALUE]:
        return None  # a whole smaller than its part is not its whole
    return Relation(RULE, "ratio", rows[k], (("numerator", rows[part_k]),
                                             ("base", rows[bases[0]])),
                    note=f"the share of {whole} against {whole} stated elsewhere for the "
                         f"same region and period")


def _is_percent(rec: dict) -> bool:
    return rec[C.UNIT] in _NON_QUANTITY


def _same_year(a: dict, b: dict) -> bool:
    ya, yb = a[C.YEAR], b[C.YEAR]
    if pd.isna(ya) or pd.isna(yb):
        return pd.isna(ya) and pd.isna(yb)
    return int(ya) == int(yb)
