"""The keys that say two claims speak of the same thing.

A claim is about (region, indicator, year, period) and measures something of a kind in a
unit: growth in %, a level in 元, a count in 个. Two figures can agree or disagree only
when all of these match; a growth is never compared with a level.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import regex

from checker import columns as C
from checker.extract import catalogue
from checker.extract.catalogue import Indicator
from checker.frames import mapped
from checker.models import Document

REGION_KEY = "region_key"
MEASURE = "measure"  # growth | pp_change | share | rate | amount (level and count alike)
UNIT_FAMILY = "unit_family"
DOC_KIND = "doc_kind"
DOC_ORDER = "doc_order"  # publication order, for "the last bulletin" and revisions
SUBJECT = "subject"  # "" or, for an indicator the catalogue does not pool, doc:sentence
KEY = "key"  # hashed (region_key, indicator, year, measure, unit, scope, subject)

# 咸宁市 = 咸宁; 西塞山区 = 西塞山; 全国 stays. Only a trailing level word is dropped.
_LEVEL = regex.compile(r"(?<=\p{Han}{2})(?:市|区|县|州|省|自治州|自治县)$")

_MEASURE = {"growth": "growth", "pp_change": "pp_change", "share": "share", "rate": "rate",
            "level": "amount", "count": "amount", "index": "index", "change": "change",
            "multiple": "multiple"}


def region_key(name: str | None) -> str:
    if not name:
        return ""
    return _LEVEL.sub("", name.strip())


def unit_families() -> dict[str, str]:
    return {u.base: u.family for u in catalogue.units().values()}


# The columns reconciliation reads (the rest of a claim stays in the claims frame).
_COLUMNS = (C.DOC, C.START, C.END, C.QUOTE, C.WRITTEN, C.VALUE, C.UNIT, C.KIND, C.ROLE,
            C.QUALIFIER, C.INDICATOR, C.REGION, C.YEAR, C.PERIOD, C.VALUE_HIGH, C.MODIFIER,
            C.INDICATOR_KNOWN, C.DECIMALS, C.SCALE, C.SCOPE, C.EXACT, C.SENTENCE)
UNIT_BEFORE = "unit_before"  # unit of the figure before this one in its sentence, or NaN


def reconcilable(claims: pd.DataFrame) -> pd.Series:
    """The claims reconciliation can use: catalogue indicators with a year (timelines and
    figures across documents) and percentages stated as actual rates or levels (progress
    as a completion rate, in prose or in a table)."""
    return ((claims[C.INDICATOR_KNOWN] & claims[C.YEAR].notna())
            | ((claims[C.UNIT] == "%") & (claims[C.ROLE] == "actual")
               & claims[C.KIND].isin(["rate", "level"])))


def keyed(claims: pd.DataFrame, documents: Mapping[str, Document],
          indicators: Mapping[str, Indicator] | None = None) -> pd.DataFrame:
    """The :func:`reconcilable` claims with key columns added (a copy of the columns
    reconciliation reads, with the claims' index labels; the input is not changed).
    ``indicators``: the catalogue the claims were extracted with (default: built-in)."""
    # the figure before each one in its sentence is read over all claims, before the cut
    slim = claims[[C.DOC, C.START, C.SENTENCE, C.UNIT]]
    before = slim.sort_values([C.DOC, C.START]).groupby([C.DOC, C.SENTENCE])[C.UNIT].shift(1)
    out = claims.loc[reconcilable(claims), list(_COLUMNS)]
    out[UNIT_BEFORE] = before.reindex(out.index)
    out[REGION_KEY] = _mapped(out[C.REGION], region_key)
    out[MEASURE] = _mapped(out[C.KIND], lambda kind: _MEASURE.get(kind, kind))
    families = unit_families()
    out[UNIT_FAMILY] = _mapped(out[C.UNIT], lambda u: families.get(u, u or "none"))
    kinds = {d: doc.meta.kind.value for d, doc in documents.items()}
    out[DOC_KIND] = _mapped(out[C.DOC], kinds.__getitem__)
    order = {doc_id: i for i, doc_id in enumerate(
        sorted(documents, key=lambda d: (documents[d].meta.published or "",
                                         documents[d].meta.year or 0, d)))}
    out[DOC_ORDER] = mapped(out[C.DOC], order)
    out[SUBJECT] = subjects(out, indicators or catalogue.builtin_indicators())
    out[KEY] = hashed_key(out, out[C.YEAR])
    return out


def hashed_key(keyed_rows: pd.DataFrame, years: pd.Series) -> pd.Series:
    """:data:`KEY` of keyed claims, taking each one's year from ``years`` (their own, or the
    year before for the figure a change implies for it)."""
    parts = [keyed_rows[REGION_KEY], keyed_rows[C.INDICATOR], years.astype("string").fillna(""),
             keyed_rows[MEASURE], keyed_rows[C.UNIT], keyed_rows[C.SCOPE], keyed_rows[SUBJECT]]
    return pd.util.hash_pandas_object(pd.concat(parts, axis=1), index=False)


def subjects(rows: pd.DataFrame, indicators: Mapping[str, Indicator]) -> pd.Series:
    """:data:`SUBJECT`: "" where the indicator is one of the region (most), else the
    figure's document and sentence. 年度计划投资8.9亿元,目前已完成投资4.6亿元 pairs within its
    sentence; the 完成投资 of another project in the next sentence, or another bulletin,
    is no progress towards that plan."""
    unpooled = [ind for ind, spec in indicators.items() if not spec.pooled]
    subject = pd.Series("", index=rows.index, dtype="str")
    own = rows[C.INDICATOR].isin(unpooled).to_numpy()
    if own.any():
        picked = rows.loc[own]
        subject[own] = (picked[C.DOC].astype("str") + ":"
                        + picked[C.SENTENCE].astype("int64").astype("str"))
    return subject


def _mapped(column: pd.Series, fn) -> pd.Series:
    """``column.map(fn)`` with ``fn`` called once per distinct value."""
    return mapped(column, {v: fn(v) for v in column.unique()})
