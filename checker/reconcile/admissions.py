"""What a report admits in words about its targets, against what its figures say.

"全市地区生产总值、规上工业增加值、社会消费品零售总额等3项指标增速未达预期" (seed 001)
admits three misses. The checker's own verdicts must agree: a miss admitted for an
indicator whose figures met the target is flagged, and so is a miss the figures show for
an indicator the same admission leaves out (the text presents it as met).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import regex

from checker import columns as C
from checker import precision as P
from checker.extract.catalogue import builtin_indicators
from checker.extract.indicators import IndicatorMatcher
from checker.frames import Cells
from checker.models import DocKind, Document
from checker.reconcile.keys import REGION_KEY, region_key
from checker.text.normalize import normalize

# The admission words, found first (cheap), then the clause before them is read.
_ADMITS = regex.compile(r"未达预期|未达到预期|未完成(?:年度|全年)?(?:预期)?目标|低于预期")
# The list of indicators, then the admission: …等3项指标增速未达预期, …未完成年度目标.
ADMISSION = regex.compile(
    r"(?P<list>[^。;；:：!?\n]{2,120}?)"
    r"(?:等\s*(?:[0-9]+|[一二三四五六七八九十]+)\s*项(?:主要)?(?:经济)?(?:指标|目标))?"
    r"(?:的)?(?P<growth>增速|增幅)?"
    r"(?:未达预期|未达到预期(?:目标)?|未完成(?:年度|全年)?(?:预期)?目标(?:任务)?|低于预期)"
)


@dataclass(frozen=True)
class Admission:
    doc: str
    start: int  # offsets of the admission clause in the original text
    end: int
    quote: str
    region_key: str
    year: int
    indicators: frozenset[str]
    growth_only: bool


def admissions(documents: Mapping[str, Document]) -> list[Admission]:
    matcher = IndicatorMatcher(builtin_indicators())
    out: list[Admission] = []
    for doc in documents.values():
        if doc.meta.year is None:
            continue
        view = normalize(doc.text)
        for key in _ADMITS.finditer(view.norm):
            # the clause that ends with the admission: at most 160 characters before it
            m = ADMISSION.search(view.norm, max(0, key.start() - 160), key.end())
            if m is None or m.end() != key.end():
                continue
            hits = matcher.scan(m.group("list")).hits
            if not hits:
                continue
            # A report reviews the year before the one it is delivered in.
            year = doc.meta.year - 1 if doc.meta.kind is DocKind.REPORT else doc.meta.year
            start, end = view.span(m.start(), m.end())
            out.append(Admission(doc.id, start, end, doc.text[start:end],
                                 region_key(doc.meta.region), year,
                                 frozenset(h.indicator for h in hits),
                                 bool(m.group("growth"))))
    return out


def missed_by_figures(k: Cells, comparisons: list) -> dict[tuple[str, str, int], list]:
    """(region key, indicator, year) → the TARGET-MISSED comparisons judged on figures
    (``k``: the keyed claims' cells)."""
    out: dict[tuple[str, str, int], list] = {}
    for comp in comparisons:
        if comp.rule != "TARGET-MISSED":
            continue
        key = (str(k.get(comp.subject, REGION_KEY)), str(k.get(comp.subject, C.INDICATOR)),
               int(k.get(comp.subject, C.YEAR)))
        out.setdefault(key, []).append(comp)
    return out


def figures_say_missed(comp) -> bool:
    """The same decision the rules engine makes at full rounding width."""
    return not P.holds(comp.acceptable, comp.observed, 1.0)
