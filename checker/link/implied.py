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

Shares of one unstated base (:func:`link_partitions`): "累计完成34096万元,为年预算的32.3%,
其中:税务部门完成21334万元,为年预算的28.9%,…;财政部门完成12762万元,为年预算的40.4%".
When amounts with a share of the same named base (年预算, 年计划, 年度投资计划) follow a
total in one paragraph and add up to it, their implied bases (21334 ÷ 28.9% + 12762 ÷
40.4% = 105409) must add up to the total's (34096 ÷ 32.3% = 105560) as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd
import regex

from checker import columns as C
from checker.extract import catalogue
from checker.link import Relation, records_by_document
from checker.texts import Text

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
    return _link_named(claims, texts) + link_partitions(claims, texts)


def _link_named(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None:
            continue
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
                    note=Text(f"占{whole}比重,对照文中别处给出的同一地区、同一时期的{whole}",
                              f"the share of {whole} against {whole} stated elsewhere for "
                              f"the same region and period"))


def _is_percent(rec: dict) -> bool:
    return rec[C.UNIT] in _NON_QUANTITY


def _same_year(a: dict, b: dict) -> bool:
    ya, yb = a[C.YEAR], b[C.YEAR]
    if pd.isna(ya) or pd.isna(yb):
        return pd.isna(ya) and pd.isna(yb)
    return int(ya) == int(yb)


# "为年预算的32.3%", "占全年计划的60.4%", "完成年度投资计划的21.9%": a share of a named base.
_OF_BASE = regex.compile(
    r"(?:为|占|完成|达)(?P<base>[^,，;；。、:：0-9()（）的]{1,10})的(?:为|达)?$")


def link_partitions(claims: pd.DataFrame, texts: Mapping[str, str]) -> list[Relation]:
    """A total and its parts, each with its share of the same named base: the parts'
    implied bases add up to the total's."""
    out: list[Relation] = []
    for doc, rows, recs in records_by_document(claims):
        text = texts.get(str(doc))
        if text is None:
            continue
        pairs = []  # (amount k, share k, base phrase, paragraph start)
        for k, rec in enumerate(recs):
            if k == 0 or rec[C.UNIT] != "%" or rec[C.QUALIFIER] not in ("eq", ""):
                continue
            if rec[C.KIND] in ("growth", "pp_change") or rec[C.VALUE] <= 0:
                continue
            start = int(rec[C.START])
            m = _OF_BASE.search(text, max(0, start - 14), start)
            amount = recs[k - 1]
            if m is None or not _is_amount(amount):
                continue
            if _BREAK.search(text, int(amount[C.END]), start):
                continue
            para = text.rfind("\n", 0, start) + 1
            pairs.append((k - 1, k, m["base"], para))
        # a part of one total is not the total of another breakdown
        position = {row: k for k, row in enumerate(rows)}
        used: set[int] = set()
        for i, pair in enumerate(pairs):
            if pair[0] in used:
                continue
            rel = _partition(rows, recs, pairs, i)
            if rel is not None:
                out.append(rel)
                used.update(position[row] for _, row in rel.inputs)
    return out


def _partition(rows: list[int], recs: list[dict], pairs: list, i: int) -> Relation | None:
    tk, tsk, base, para = pairs[i]
    total = recs[tk]
    parts: list[tuple[int, int]] = []
    running = 0.0
    for ak, sk, b, p in pairs[i + 1:]:
        amount = recs[ak]
        if p != para or b != base or amount[C.UNIT] != total[C.UNIT]:
            break
        parts.append((ak, sk))
        running += float(amount[C.VALUE])
        if len(parts) >= 2 and _adds_up(recs, total, [a for a, _ in parts]):
            inputs = [("total", rows[tk])]
            for a, s in parts:
                inputs += [("part", rows[a]), ("share", rows[s])]
            return Relation(RULE, "implied_base", rows[tsk], tuple(inputs),
                            note=Text(f"各分项之和为总数,且各自给出占同一{base}的比重",
                                      f"the parts add up to the total and each states its "
                                      f"share of the same {base}"))
        if running > float(total[C.VALUE]) * 1.05:
            break
    return None


def _adds_up(recs: list[dict], total: dict, part_ks: list[int]) -> bool:
    """The parts' amounts add up to the total within their rounding."""
    def half(rec: dict) -> float:
        return 0.5 * 10.0 ** -int(rec[C.DECIMALS]) * _unit(rec)

    gap = abs(sum(float(recs[k][C.VALUE]) for k in part_ks) - float(total[C.VALUE]))
    room = half(total) + sum(half(recs[k]) for k in part_ks)
    return gap <= room * (1 + 1e-9)


def _unit(rec: dict) -> float:
    """What one written unit is worth in base units: 34096万元 → 10^4."""
    written = str(rec[C.WRITTEN]).lstrip("+-").replace(",", "")
    number = float(written) if written else 0.0
    return abs(float(rec[C.VALUE])) / number if number else 1.0
