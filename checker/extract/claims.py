"""Document → claims DataFrame: one row per numeric claim, with its meaning and place.

The steps, each in its own module:
1. :mod:`checker.text.normalize` — the simplified, half-width view with offsets back;
2. :mod:`checker.text.segment` — sentences, numbered items, sections;
3. :mod:`checker.extract.classifiers` — spans whose numbers are not claims;
4. :mod:`checker.extract.patterns` — every written figure;
5. per figure: kind and sign (:mod:`kinds`), qualifier (:mod:`qualifiers`), indicator
   (:mod:`indicators`), period and year (:mod:`periods`), role from the document's
   structure (a bulletin item's opening restates a target; a report's plan sets them).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

import regex

from checker import columns as C
from checker.extract import catalogue, kinds, qualifiers, table_claims
from checker.extract.catalogue import Indicator
from checker.extract.classifiers import names_a_class, non_claim_spans
from checker.extract.indicators import (
    IndicatorMatcher,
    list_items,
    raw_phrase_left,
    raw_phrase_right,
)
from checker.extract.numbers import parse_arabic, parse_chinese
from checker.extract.patterns import RANGE_JOIN, cn_quantity, holds_any, quantity
from checker.extract.periods import PERIOD_SCAN, YEAR_SCAN, normalize_period
from checker.models import DocKind, Document
from checker.text.normalize import TextView, normalize
from checker.text.scan import AnchoredScan, char_positions
from checker.text.segment import Segments, segment

if TYPE_CHECKING:  # pandas is imported when a frame is built: `checker extract --format
    import pandas as pd  # csv` renders the rows themselves and never needs it

_CLAUSE_PUNCT = ",，;；:："
_SEMI_PUNCT = ";；"
_TARGET_BRACKET = regex.compile(
    r"\((?:预期|年度|全年)?目标(?:任务)?(?:为|是)?\s*(?:控制在)?[^()]{0,6}$"
)
# A figure right after 目标/计划/任务 is the target itself: 完成省定全年目标186个的152.2%,
# 占任务数16900万元的63.7%, 年度计划投资561.86亿元. (预算 alone is part of 一般公共预算收入.)
_TARGET_WORDS = regex.compile(
    r"(?:目标|计划|任务|预期目标|预算数|年预算|预算安排)(?:任务)?(?:数|投资|总额|总量|额)?(?:为|是)?$"
)
# Every word of _TARGET_WORDS holds one of these: a text without them is not searched.
_TARGET_OPENINGS = frozenset("目计任预")
_PLAN_SECTION = regex.compile(
    r"(?:(?:19|20)[0-9]{2}年|今年|明年).{0,16}(?:工作|目标|任务|安排)|目标|安排|建议"
)
_REVIEW_SECTION = regex.compile(r"回顾|过去|工作总结|主要成绩|成就")
_SCOPE_WORDS = ("规模以上", "规上", "限额以上", "限上")
_SCOPE = regex.compile("|".join(_SCOPE_WORDS))
_SCOPE_OPENINGS = frozenset(w[0] for w in _SCOPE_WORDS)
# 分别 pairs items with values in order; 均 gives one value to all. 人均/亩均/平均 are no lists.
_RESPECTIVELY = regex.compile(r"分别|(?<![人亩户平])均(?![衡匀等])")
_RESPECTIVELY_SCAN = AnchoredScan(_RESPECTIVELY, "分均")
_YEAR_LIKE = regex.compile(r"(?:19|20)[0-9]{2}")
# A table cell ends right after the figure: "| 832955 |".
_TABLE_CELL_RIGHT = regex.compile(r"[ \t]*\n?[ \t]*\|")
# Between the items of a list of figures that share the last one's unit.
_LIST_SEP = regex.compile(r"\s*(?:、|和|及|与|,)\s*(?=[-+]?[0-9])")
# A region named at the start of a clause, before its verb: "1-9月,咸安区完成…", "全省(22.7%)".
_REGION_VERBS = ("完成", "实现", "累计", "共", "新增", "已", "增长", "下降", "为", "达", "同比",
                 "的", "(")
_REGION_NEAR = regex.compile(
    r"^(?:[0-9]{1,2}-[0-9]{1,2}月份?|截至[^,，]{1,8}|上半年|前三季度|全年)?,?"
    r"(?P<r>全省|全国|全市|全县|全区|全州|我市|我县|我区|我州|"
    r"(?!城区|市区|新区|园区|景区|社区|小区|片区|地区|山区|城市|都市|超市|上市|各)"
    r"\p{Han}{2,4}?(?:区|县|市|州))(?=" + "|".join(map(regex.escape, _REGION_VERBS)) + ")"
)
# Every name above ends with one of 省国市县区州 and a verb follows it: a clause without such
# a pair (~97% of them) names no region and is not matched (the match costs ~5x this search).
_REGION_CUE = regex.compile(
    "[省国市县区州][" + "".join(sorted({regex.escape(v[0]) for v in _REGION_VERBS})) + "]"
)
_DEFAULT_LEFT = 40


class _Figure(NamedTuple):  # a tuple: built ~7x faster than a frozen dataclass
    start: int
    end: int  # end of the figure itself (unit included), in norm
    q_end: int  # end including a trailing qualifier word
    written: str
    value: Decimal
    decimals: int
    scale: str
    unit_written: str
    sign_char: str
    high: Decimal | None


def extract_claims(
    doc: Document, indicators: dict[str, Indicator] | None = None
) -> pd.DataFrame:
    """Every numeric claim of ``doc`` as a DataFrame with :data:`CLAIM_COLUMNS`."""
    return claims_frame(claim_rows(doc, indicators))


# A claim row is a tuple in CLAIM_COLUMNS order (a dict per row cost more to build and to
# read back than the rest of the row's bookkeeping); these are the positions _rows reads.
_COL = {name: i for i, name in enumerate(C.CLAIM_COLUMNS)}
_KIND, _INDICATOR, _INDICATOR_KNOWN, _INDICATOR_RAW, _GROUP, _SENTENCE = (
    _COL[C.KIND], _COL[C.INDICATOR], _COL[C.INDICATOR_KNOWN], _COL[C.INDICATOR_RAW],
    _COL[C.GROUP], _COL[C.SENTENCE])


def claim_rows(doc: Document, indicators: dict[str, Indicator] | None = None
               ) -> list[tuple]:
    """The rows of :func:`extract_claims` before the frame is built, each a tuple in
    :data:`CLAIM_COLUMNS` order (``value_high`` is None for no range, NaN in the frame):
    several documents' rows go into one :func:`claims_frame` (one frame per document +
    concat costs more), or straight into CSV (``checker extract --format csv``)."""
    return _rows(doc, indicators or catalogue.builtin_indicators())


def claims_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows → the typed frame, built column by column (a per-row frame + astype costs more
    than the whole extraction of a small document)."""
    import numpy as np
    import pandas as pd

    from checker.frames import compact

    columns = list(zip(*rows, strict=True)) if rows else [()] * len(C.CLAIM_COLUMNS)
    data = {}
    for col, values in zip(C.CLAIM_COLUMNS, columns, strict=True):
        dtype = C.CLAIM_DTYPES[col]
        if dtype == "str":
            data[col] = pd.array([str(v) for v in values], dtype="str")
        elif dtype == "Int64":
            data[col] = pd.array(values, dtype="Int64")
        else:  # float64: None → NaN (value_high of a figure that is no range)
            data[col] = np.array(values, dtype=dtype)
    # equal strings share one object: a worker's frame pickles small, the corpus's stays small
    return compact(pd.DataFrame(data, columns=list(C.CLAIM_COLUMNS)))


_MATCHERS: dict[int, IndicatorMatcher] = {}


def _matcher(indicators: dict[str, Indicator]) -> IndicatorMatcher:
    key = id(indicators)
    if key not in _MATCHERS:
        _MATCHERS[key] = IndicatorMatcher(indicators)
    return _MATCHERS[key]


def _figures(norm: str) -> list[_Figure]:
    skips = non_claim_spans(norm)
    skip_starts = [s for s, _, _ in skips]
    skip_ends = [e for _, e, _ in skips]
    n_skips = len(skips)
    # skipped(a, b), written out in both loops below (a call per match cost more): the
    # nearest span starting at or before a reaches past it, or the next one starts in [a, b)

    units = catalogue.units()
    found: list[_Figure] = []
    # Arabic figures, in text order, never overlapping
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for m in quantity().finditer(norm):
        a, b = m.span(_Q_NUM)
        i = bisect_right(skip_starts, a) - 1
        if (i >= 0 and skip_ends[i] > a) or (i + 1 < n_skips and skip_starts[i + 1] < b):
            continue
        sign, num, scale, _, unit = m.groups()  # sign, num, scale, about, unit
        end = m.end()
        if unit and names_a_class(norm, units[unit].base, end):
            continue
        value, decimals = parse_arabic(num)
        start = m.start(_Q_SIGN) if sign else a
        found.append(_Figure(start, end, end, sign + num if sign else num, value, decimals,
                             scale or "", unit or "", sign or "", None))
        taken_starts.append(start)
        taken_ends.append(end)
    for m in cn_quantity().finditer(norm):
        a, b = m.span()
        i = bisect_right(skip_starts, a) - 1
        if (i >= 0 and skip_ends[i] > a) or (i + 1 < n_skips and skip_starts[i + 1] < b):
            continue
        i = bisect_left(taken_starts, b) - 1  # the last Arabic figure starting before b
        if i >= 0 and taken_ends[i] > a:
            continue
        num = m.group("num")
        n = parse_chinese(num)
        # 一 alone is mostly the article "a" (一个, 一批), not a count anyone checks;
        # 零 before a unit is part of a word (零部件).
        if n is None or num == "一" or n == 0:
            continue
        found.append(_Figure(a, b, b, num, Decimal(n), 0, m.group("scale") or "",
                             m.group("unit"), "", None))
    found.sort(key=_start_of)
    joined = _share_units(norm, _join_ranges(norm, found))
    # (a figure with a unit or scale word is no bare year: most are not looked at)
    return [f for f in joined if f.unit_written or f.scale or not _bare_year(norm, f)]


_start_of = itemgetter(0)  # a _Figure's start
# Group numbers of quantity() (asserted where it is built).
_Q_SIGN, _Q_NUM = 1, 2


def _share_units(norm: str, figs: list[_Figure]) -> list[_Figure]:
    """0.15、-5.64、1.34个百分点; 2.16和1.66个百分点: a bare figure listed before another
    takes that figure's scale and unit (walking right to left, so the whole list does)."""
    out = list(figs)
    for i in range(len(out) - 2, -1, -1):
        f, g = out[i], out[i + 1]
        if f.unit_written or f.scale or not (g.unit_written or g.scale):
            continue
        sep = _LIST_SEP.match(norm, f.end)
        if sep is not None and sep.end() == g.start:
            out[i] = f._replace(scale=g.scale, unit_written=g.unit_written)
    return out


def _bare_year(norm: str, f: _Figure) -> bool:
    """对2020市直驻村工作队员: a year that lost its 年 (outside a table) is no figure."""
    return (not f.unit_written and not f.scale and len(f.written) == 4 and f.high is None
            and not f.sign_char and _YEAR_LIKE.fullmatch(f.written) is not None
            and _TABLE_CELL_RIGHT.match(norm, f.end) is None)


def _join_ranges(norm: str, figs: list[_Figure]) -> list[_Figure]:
    """6-6.5%, 4.5%至5%, 6000元-10000元 → one figure with a high end."""
    out: list[_Figure] = []
    i = 0
    while i < len(figs):
        f = figs[i]
        if i + 1 < len(figs):
            g = figs[i + 1]
            # the units first: most neighbours fail there, before the separator is read
            if (g.unit_written and (not f.unit_written or f.unit_written == g.unit_written)
                    and (f.scale in ("", g.scale))
                    and ((not g.sign_char and _joined(norm, f.end, g.start))
                         # 6000元-10000元: a dash right after a figure's unit joins; it is
                         # no minus sign
                         or (g.sign_char == "-" and g.start == f.end
                             and f.unit_written != ""))):
                out.append(_Figure(f.start, g.end, g.end, f.written, f.value, f.decimals,
                                   g.scale, g.unit_written, f.sign_char, g.value))
                i += 2
                continue
        out.append(f)
        i += 1
    return out


def _joined(norm: str, end: int, start: int) -> bool:
    """A range separator (-, ~, 至, 到) fills ``norm[end:start]``."""
    join = RANGE_JOIN.match(norm, end) if start > end else None
    return join is not None and join.end() == start


class _Context:
    """Per-document lookups shared by all figures."""

    def __init__(self, doc: Document, view: TextView, segs: Segments,
                 indicators: dict[str, Indicator], fig_starts: list[int]) -> None:
        self.doc = doc
        self.view = view
        self.norm = view.norm
        self.segs = segs
        self.indicators = indicators
        # A figure's subject is named in its own sentence: aliases are looked for in the
        # sentences that hold a figure only (~half of a text)
        self.aliases = _matcher(indicators).scan(view.norm, _sentences_of(segs, fig_starts))
        self.periods = [(m.start(), m.end(), m.group()) for m in PERIOD_SCAN.matches(view.norm)]
        self.period_ends = [e for _, e, _ in self.periods]
        self._period_norms: dict[int, str | None] = {}  # normalize_period, once per marker
        # "2021年末2022年初全县户籍人口…" is the state at the end of 2021: the 年初 of the
        # following year restates the same moment, so it does not set the year.
        self.years = [(m.start(), m.end(), int(m.group("y"))) for m in YEAR_SCAN.matches(view.norm)
                      if not view.norm.startswith("年初", m.end() - 1)
                      or view.norm[max(0, m.start() - 2):m.start()] != "年末"]
        self.year_ends = [e for _, e, _ in self.years]
        self.section_role = [self._section_role(s.heading) for s in segs.sections]
        # Where the clause and semicolon marks are, for _last_punct by bisection.
        self.clause_marks = char_positions(view.norm, _CLAUSE_PUNCT)
        self.semi_marks = char_positions(view.norm, _SEMI_PUNCT)
        # Every 分别/均 of the text, found once: they are single words that cannot overlap,
        # and the character after a clause's last one (a figure's first) is never 衡/匀/等,
        # so they are what a search of each clause before a figure would find.
        self.respectively = _RESPECTIVELY_SCAN.matches(view.norm)
        self.respectively_ends = [m.end() for m in self.respectively]
        self.q_cumulative = doc.meta.kind is DocKind.BULLETIN

    def _section_role(self, heading: str) -> str:
        if self.doc.meta.kind is not DocKind.REPORT:
            return ""
        if _REVIEW_SECTION.search(heading):
            return "review"
        if heading and (_PLAN_SECTION.search(heading) or heading):
            return "plan"
        return "review"  # before the first heading a report reviews the past year

    def last_period(self, lo: int, hi: int) -> str | None:
        i = bisect_right(self.period_ends, hi) - 1
        if i >= 0 and self.periods[i][0] >= lo:
            return self._period_norm(i)
        return None

    def _period_norm(self, i: int) -> str | None:
        if i not in self._period_norms:
            self._period_norms[i] = normalize_period(self.periods[i][2],
                                                     q_is_cumulative=self.q_cumulative)
        return self._period_norms[i]

    def last_lead_period(self, lo: int, hi: int) -> str | None:
        """The last period that leads its clause ("1-9月,…"): it sets the time for the
        sentences after it; 全年 inside a target (力争全年突破420家) does not."""
        i = bisect_right(self.period_ends, hi) - 1
        while i >= 0 and self.periods[i][0] >= lo:
            end = self.periods[i][1]
            if self.norm[end:end + 1] in (",", "，"):
                return self._period_norm(i)
            i -= 1
        return None

    def lead_year(self, lo: int, hi: int) -> int | None:
        """The year that opens a sentence of the paragraph before ``hi`` ("2021年末…。全年全县
        出生人口…"): it sets the year of the sentences after it."""
        i = bisect_right(self.year_ends, hi) - 1
        while i >= 0 and self.years[i][0] >= lo:
            start = self.years[i][0]
            if start == lo or self.norm[start - 1] in "。!?！？\n ":
                return self.years[i][2]
            i -= 1
        return None

    def last_respectively(self, lo: int, hi: int) -> regex.Match[str] | None:
        """The last 分别/均 inside ``norm[lo:hi]``."""
        i = bisect_right(self.respectively_ends, hi) - 1
        if i >= 0 and self.respectively[i].start() >= lo:
            return self.respectively[i]
        return None

    def last_year(self, lo: int, hi: int) -> int | None:
        i = bisect_right(self.year_ends, hi) - 1
        if i >= 0 and self.years[i][0] >= lo:
            return self.years[i][2]
        return None


def _sentences_of(segs: Segments, fig_starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of the sentences holding a figure start, consecutive ones joined, in
    text order (a figure's sentence as _rows finds it)."""
    spans: list[tuple[int, int]] = []
    starts, sentences = segs._starts, segs.sentences
    k, n = 0, len(fig_starts)
    while k < n:
        sent = sentences[max(0, bisect_right(starts, fig_starts[k]) - 1)]
        if spans and spans[-1][1] >= sent.start:
            spans[-1] = (spans[-1][0], max(spans[-1][1], sent.end))
        else:
            spans.append((sent.start, sent.end))
        k = max(k + 1, bisect_left(fig_starts, sent.end, k))
    return spans


def _rows(doc: Document, indicators: dict[str, Indicator]) -> list[tuple]:
    view = normalize(doc.text)
    segs = segment(view.norm)
    figs = _figures(view.norm)
    fig_starts = [f.start for f in figs]
    ctx = _Context(doc, view, segs, indicators, fig_starts)
    units = catalogue.units()
    scales = _decimal_scales()
    rows: list[tuple] = []
    row_starts: list[int] = []  # each row's figure start in norm (for 分别 without a list)
    # The previous row of the figure's sentence: figures come in text order, so it is the
    # last row when that row is in the same sentence.
    last_row: tuple | None = None
    last_sentence = last_start = last_end = -1
    groups: dict[tuple[int, int], str] = {}
    # per sentence: the last 分别 list seen (key, items), for a second 分别 over the same list
    lists: dict[int, tuple[tuple[int, int], list[str]]] = {}
    members: dict[tuple[int, int], int] = {}  # figures so far in each 分别 group
    generic_heads = frozenset(catalogue.load("indicators").get("generic_heads", []))
    matcher = _matcher(indicators)
    norm = view.norm
    text = doc.text
    meta = doc.meta
    bulletin = meta.kind is DocKind.BULLETIN
    report = meta.kind is DocKind.REPORT
    sentences = segs.sentences
    sentence_starts = segs._starts
    clause_marks = ctx.clause_marks
    semi_marks = ctx.semi_marks
    # Most figures share their sentence with the figure before them (~60%): what depends on
    # the sentence alone is looked up when a figure opens a new one. Figures come in text
    # order, so a figure before the next sentence's start is in the last one's sentence.
    next_sentence_start = -1
    for fig in figs:
        # the fields read below, unpacked once (a named field read costs about as much)
        (fig_start, fig_end, _, written, fig_value, decimals, scale, unit_written, sign_char,
         fig_high) = fig
        if fig_start >= next_sentence_start:
            s_index = max(0, bisect_right(sentence_starts, fig_start) - 1)
            sent_start, sent_end, _, item, item_opening, section, heading = sentences[s_index]
            next_sentence_start = (sentence_starts[s_index + 1]
                                   if s_index + 1 < len(sentence_starts) else len(norm) + 1)
            section_role = ctx.section_role[section]
            paragraph_start = _paragraph_start(norm, sent_start)
            lead_year: int | None = None  # ctx.lead_year of the sentence, read when needed
            lead_year_read = False
        if heading and unit_written == "":
            continue
        clause_start = _after_last_mark(clause_marks, fig_start, sent_start)
        semi_start = _after_last_mark(semi_marks, fig_start, sent_start)
        left = norm[max(clause_start, fig_start - _DEFAULT_LEFT): fig_start]
        unit = units.get(unit_written) if unit_written else None
        kind, sign, base = kinds.classify(left, unit.family if unit else None, sign_char == "-")

        # --- role -----------------------------------------------------------------
        # (each test only when the ones before it did not decide)
        bracket_from = max(sent_start, fig_start - 14)
        bracket = (_TARGET_BRACKET.search(norm, bracket_from, fig_start)  # it opens with "("
                   if norm.find("(", bracket_from, fig_start) >= 0 else None)
        modifier = None  # the words before the figure in its sentence, read when needed
        if bracket:
            role = "target"
        elif item_opening and bulletin:
            role = "restated_target"
        elif section_role == "plan":
            role = "target"  # a report's plan: shares and rates too (占GDP比重达17.5%)
        elif kind in ("rate", "share"):
            role = "actual"
        elif holds_any(left, _TARGET_OPENINGS) and _TARGET_WORDS.search(left):
            role = "restated_target" if bulletin else "target"
        elif not report and (modifier := qualifiers.modifier(norm[sent_start:fig_start])
                             ) == "soft":
            role = "target"
        else:
            role = "actual"
        is_target = role in ("target", "restated_target")
        if not is_target:
            modifier = ""  # 力争/确保 bind targets; 争取上级资金275.38亿元 is a result
        elif modifier is None:
            modifier = qualifiers.modifier(norm[sent_start:fig_start])

        prev = last_row if last_sentence == s_index else None
        if bracket and prev is not None and kind in ("level", "count") and unit is not None \
                and unit.family == "percent" and prev[_KIND] == "growth":
            kind = "growth"  # (预期目标7.8%左右) after a growth figure is a growth target

        # --- qualifier ------------------------------------------------------------
        qual, _ = qualifiers.qualifier(norm, fig_start, fig_end, clause_start, is_target)
        if fig_high is not None:
            qual = "range"

        # --- value ----------------------------------------------------------------
        # A down word negates a figure written without a minus sign; float(-x) == -float(x)
        # for a Decimal x, so the sign is applied to the float (-0.0 included).
        mult = scales.get(scale, _ONE) if scale else _ONE
        negate_word = sign < 0 and sign_char != "-"
        value = float(fig_value * mult)
        if (sign_char == "-") != negate_word:
            value = -value
        high = None
        if fig_high is not None:
            high = float(fig_high * mult)
            if negate_word:
                high = -high

        # --- indicator ------------------------------------------------------------
        subject_end = fig_start
        if kind == "share":  # 高新技术产业增加值…占GDP比重14.6%: the part, not the base
            zhan = norm.rfind("占", semi_start, fig_start)
            subject_end = zhan if zhan >= 0 else fig_start
        hit = ctx.aliases.last_before(semi_start, subject_end)
        if hit is not None and prev is not None and last_start >= hit.end:
            hit = None  # a figure stands between: the subject carries over from that figure
        # The clause's own phrase, read only where it is used: an alias inside the clause
        # names the figure (below, phrase becomes the alias or the alias and its residual)
        phrase = ""
        if hit is None or hit.end <= clause_start:
            phrase = raw_phrase_left(norm[clause_start: subject_end])
            if hit is not None and phrase:
                hit = None  # 315个老旧小区,打通断头路35条: the clause names its own subject
        residual = raw_phrase_left(norm[hit.end: subject_end]) if hit is not None else ""
        if hit is not None and len(residual) >= 2 and kind != "share":
            # 规模以上工业企业累计完成产值: the alias only qualifies another noun (产值)
            indicator, known, phrase = hit.alias + residual, False, hit.alias + residual
        elif hit is not None:
            indicator, known, phrase = hit.indicator, True, hit.alias
        else:
            if not phrase and kind == "count":
                phrase = raw_phrase_right(norm[fig_end: fig_end + 16])
            if (not phrase or phrase in generic_heads) and prev is not None:
                indicator, known, phrase = (prev[_INDICATOR], prev[_INDICATOR_KNOWN],
                                            prev[_INDICATOR_RAW])
            else:
                indicator, known = phrase, False
        if not qual:
            if is_target:
                ind = indicators.get(indicator) if known else None
                qual = "le" if ind is not None and ind.better == "less" else "ge"
            else:
                qual = "eq"

        # --- time and place -------------------------------------------------------
        period = ctx.last_period(sent_start, fig_start)
        if period is None and not is_target and section_role != "review":
            period = ctx.last_lead_period(paragraph_start, fig_start)
        year = ctx.last_year(sent_start, fig_start)
        if year is None and section_role != "review":
            if not lead_year_read:
                lead_year, lead_year_read = ctx.lead_year(paragraph_start, sent_start), True
            year = lead_year
        if year is None and section_role == "review" and meta.year:
            year = meta.year - 1
        if year is None:
            year = meta.year
        if bracket:
            # (预期目标7.8%左右) is the year's target, whatever the sentence reports
            period = "全年"
        if period is None:
            if is_target or section_role in ("review", "plan"):
                period = "全年"
            else:
                period = meta.period or ""
        region = _region(norm[clause_start: fig_start], meta.region)

        # --- groups: 分别 / 均 lists, 19.1:28.3:52.6 structures --------------------
        group = ""
        resp = ctx.last_respectively(semi_start, fig_start)  # the last 分别/均 before it
        if resp is not None:
            key = (s_index, resp.start())
            if resp.group() == "分别":
                semi_end = min((i for i in (norm.find(";", resp.end(), sent_end),
                                            norm.find("；", resp.end(), sent_end)) if i >= 0),
                               default=sent_end)
                n_after = bisect_left(fig_starts, semi_end) - bisect_left(fig_starts, resp.end())
                key, paired = _pair_respectively(norm, sent_start, resp, key, lists, s_index,
                                                 members, rows, row_starts, matcher, n_after)
                if paired is not None:
                    indicator, known, phrase = paired
            group = groups.get(key) or groups.setdefault(key, f"{doc.id}:{key[0]}:{key[1]}")
        elif norm[fig_end: fig_end + 1] == ":" or norm[fig_start - 1: fig_start] == ":":
            # one ratio structure per run of figures joined by ':'
            run = prev[_GROUP] if (prev is not None and norm[fig_start - 1: fig_start] == ":"
                                    and last_end == fig_start - 1) else ""
            group = run or f"{doc.id}:{s_index}:ratio{fig_start}"
            kind = "share"

        start, end = view.span(fig_start, fig_end)
        row = (  # CLAIM_COLUMNS order
            doc.id, start, end, text[start:end], written, value,
            unit.base if unit else "", kind, role, qual, indicator, region or "", year,
            period, high, modifier, phrase, known, decimals, scale,
            -1 if value < 0 else 1, base, _scope(phrase),
            not (decimals or scale or (unit is not None and unit.family in _ROUNDED)),
            scale + unit_written, s_index, item if item is not None else -1,
            group, section,
        )
        rows.append(row)
        row_starts.append(fig_start)
        last_row, last_sentence, last_start, last_end = row, s_index, fig_start, fig_end
    # Figures in table cells: the header and the row label say what the cell leaves out.
    table_claims.annotate(rows, doc, view, matcher, indicators)
    return rows


_ONE = Decimal(1)


@cache
def _decimal_scales() -> dict[str, Decimal]:
    return {word: Decimal(factor) for word, factor in catalogue.scales().items()}


def _pair_respectively(norm, sent_start, resp, key, lists, s_index, members, rows, row_starts,
                       matcher, n_after):
    """分别: the k-th figure after it takes the k-th item of its list (DOMAIN.md §2).

    The list is the enumeration before 分别 in its clause (专利申请总量、发明专利申请量
    分别为…); a second 分别 in the sentence without its own list reuses the last one; with no
    list at all, the items are the ``n_after`` figures named just before it, in order
    (游客…,门票收入…,分别达到去年同期的26.5%、14.24%). Returns the group key and
    (indicator, known, raw phrase) or None.
    """
    clause_start = _last_punct(norm, resp.start(), sent_start, _CLAUSE_PUNCT)
    items = list_items(norm[clause_start: resp.start()])
    if items:
        lists[s_index] = (key, items)
    elif s_index in lists:
        key, items = lists[s_index]
    k = members.get((s_index, resp.start()), 0)
    members[(s_index, resp.start())] = k + 1
    if items:
        return key, _name_item(items[k], matcher) if k < len(items) else None
    before = [r for r, at in zip(rows, row_starts, strict=True)
              if r[_SENTENCE] == s_index and at < resp.start()]
    if 0 < n_after <= len(before) and k < n_after:
        r = before[len(before) - n_after + k]
        return key, (r[_INDICATOR], r[_INDICATOR_KNOWN], r[_INDICATOR_RAW])
    return key, None


def _name_item(item: str, matcher: IndicatorMatcher) -> tuple[str, bool, str]:
    hit = matcher.match_whole(item)
    return (hit, True, item) if hit else (item, False, item)


def _after_last_mark(marks: list[int], pos: int, floor: int) -> int:
    """``_last_punct`` given the sorted positions of its characters."""
    i = bisect_left(marks, pos) - 1
    return marks[i] + 1 if i >= 0 and marks[i] >= floor else floor


def _last_punct(norm: str, pos: int, floor: int, chars: str) -> int:
    best = floor
    for ch in chars:
        i = norm.rfind(ch, floor, pos)
        if i + 1 > best:
            best = i + 1
    return best


def _paragraph_start(norm: str, pos: int) -> int:
    return norm.rfind("\n", 0, pos) + 1


def _region(left: str, default: str | None) -> str | None:
    found = _REGION_NEAR.match(left) if _REGION_CUE.search(left) else None
    if found is None:
        return default
    name = found.group("r")
    if name.startswith(("全市", "全县", "全区", "全州", "我")):
        return default
    return name


def _scope(phrase: str) -> str:
    if not holds_any(phrase, _SCOPE_OPENINGS):  # most phrases: no search
        return ""
    m = _SCOPE.search(phrase)
    if not m:
        return ""
    return "限额以上" if m.group().startswith("限") else "规模以上"


# DOMAIN.md §4: only figures with decimals or a scale word, and these units, are rounded;
# every other figure is exact (the row's ``exact``).
_ROUNDED = frozenset({"percent", "permille", "pp", "ppt", "multiple"})


def _bisect(seq: list[int], x: int) -> int:
    return bisect_left(seq, x)
