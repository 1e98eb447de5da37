"""Naming what a figure measures: catalogue aliases first, else the raw phrase."""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

import regex

from checker.extract.catalogue import Indicator
from checker.text.segment import SENTENCE_END


class AliasHit(NamedTuple):  # a tuple: one per alias in a text, built fast
    start: int
    end: int
    indicator: str
    alias: str


class IndicatorMatcher:
    """All alias occurrences of one text, found in one pass, queried by position."""

    def __init__(self, catalogue: dict[str, Indicator]) -> None:
        self.catalogue = catalogue
        self._by_alias = {a: ind.id for ind in catalogue.values() for a in ind.aliases}
        # Longest alias first at each position, as a plain longest-first alternation
        # would; a prefix trie runs several times faster over a document.
        self._pattern = regex.compile(_opening_filter(self._by_alias)
                                      + _trie_pattern(self._by_alias))
        # No alias holds a character that ends a sentence (segment.SENTENCE_END): then no
        # occurrence crosses a sentence boundary, and a scan of some sentences alone finds
        # the same occurrences in them as a scan of the whole text.
        self.within_sentences = not any(SENTENCE_END.search(a) for a in self._by_alias)

    def match_whole(self, phrase: str) -> str | None:
        """The indicator id when ``phrase`` ends with an alias and adds no noun before it
        that is not a lead word (全市, 我市 …): 我市专利申请总量 has none; 规上工业增加值 → id."""
        for m in self._pattern.finditer(phrase):
            if m.end() == len(phrase) and not _LEAD.sub("", phrase[: m.start()]):
                return self._by_alias[m.group()]
        return None

    def scan(self, norm: str, spans: list[tuple[int, int]] | None = None) -> AliasIndex:
        """Every alias occurrence of ``norm``, or of its ``spans`` (start, end), when
        those are whole sentences in text order: the occurrences there are the whole
        text's (:attr:`within_sentences`), and a figure's subject lies in its sentence."""
        if spans is None or not self.within_sentences:
            spans = [(0, len(norm))]
        by_alias, finditer = self._by_alias, self._pattern.finditer
        hits = [AliasHit(m.start(), m.end(), by_alias[m.group()], m.group())
                for a, b in spans for m in finditer(norm, a, b)]
        return AliasIndex(hits)


def _opening_filter(words) -> str:
    """A lookahead every match passes: the first two characters of some alias (the first
    and second characters of all aliases, as two classes). It only skips positions where
    no alias starts, so matches are the trie's own; the trie alone tried every character
    that opens an alias (~20% of a text), this about a third as many, and scans ~1.5x as
    fast."""
    words = list(words)
    if not words or min(map(len, words)) == 0:
        return ""
    firsts = "".join(sorted({regex.escape(w[0]) for w in words}))
    if min(map(len, words)) == 1:
        return f"(?=[{firsts}])"
    seconds = "".join(sorted({regex.escape(w[1]) for w in words}))
    return f"(?=[{firsts}][{seconds}])"


def _trie_pattern(words) -> str:
    """A pattern matching the longest of ``words`` at each position: a prefix trie whose
    optional tails are greedy (tried before the shorter word ends)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [regex.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(trie)


class AliasIndex:
    def __init__(self, hits: list[AliasHit]) -> None:
        self.hits = sorted(hits, key=lambda h: h.end)
        self._ends = [h.end for h in self.hits]

    def last_before(self, lo: int, hi: int) -> AliasHit | None:
        """The alias ending nearest before ``hi`` and starting at or after ``lo``."""
        i = bisect_left(self._ends, hi + 1) - 1
        while i >= 0:
            hit = self.hits[i]
            if hit.start < lo:
                return None
            return hit
        return None


# Words stripped from the ends of a raw phrase: they say what happened, not what.
_LEAD_WORDS = ("其中", "全市", "全县", "全区", "全省", "全国", "我市", "我县", "我区", "截至目前",
               "目前", "累计", "共", "已", "今年", "当年", "同期", "全年", "预计")
_LEAD = regex.compile(
    r"^(?:[0-9]+[.、]|\(?[一二三四五六七八九十]+[)、])?"
    # the tail of a previous item: 成立市级协会1个和县级协会 → 县级协会
    r"(?:[个家项]?(?:和|及|与))?"
    r"(?:" + "|".join(_LEAD_WORDS) + ")*"
)
# The characters _LEAD can start with: a phrase opening with any other has no lead (most).
_LEAD_OPENINGS = frozenset("0123456789(一二三四五六七八九十个家项和及与") | {
    w[0] for w in _LEAD_WORDS}
_TRAIL = regex.compile(
    r"(?:\(?(?:预期|年度|全年)?目标(?:任务)?)?"
    # adverbs between the indicator and its verb: 外贸进出口总额首次突破, 发明专利申请量均增长
    r"(?:首次|预计|再次|(?<![人亩户平])均|分别)?"
    r"(?:同比|环比|可比|比上年同期|比上年末|比上年|较上年末|较上年|比去年同期|比去年末|比去年)?"
    r"(?:增长|下降|减少|提高|降低|增加|上升|回落|提升|增速|增幅|涨幅|增|降|减)?(?:到|至)?"
    r"(?:控制在|保持在|稳定在|不低于|不少于|超过|突破|达到|达|完成|实现|为|是|约|共计|共|累计|分别为|分别)*"
    # a comparison with last year's figure: 是上年的2.5倍, 分别达到去年同期的26.5%
    r"(?:(?:是|为|达到|达)?(?:上年|去年)(?:同期)?的)?"
    # progress against the plan: 完成市定目标任务的83.9%, 占年度计划86.7% (the subject carries)
    r"(?:(?:完成|占)(?:了)?(?:市定|省定|区定|县定|上级下达|年度|全年|年)*(?:目标任务|目标|计划|任务数|任务)(?:投资|资金|总额)?的?)?$"
)
# The noun phrase before a figure; a money class stays in it (50亿元重大项目, 亿元以上项目
# differ: the class amount is part of what is counted).
_MONEY_CLASS = r"[0-9][0-9.]*(?:万亿|亿|万|千)?元"
_PHRASE_CHAR = r"[\p{Han}A-Za-z()]"
# The phrase is the leftmost match of (?:_MONEY_CLASS)?_PHRASE_CHAR{1,24}$, found from the
# end (REVERSE) instead of by a search trying every start of the text before the figure
# (half the instructions): a money class's digits precede the run of phrase characters
# at the end, so its match, when there is one, starts leftmost; else the longest run does.
_PHRASE_LEFT = regex.compile(
    rf"(?:{_MONEY_CLASS}{_PHRASE_CHAR}{{1,24}}|{_PHRASE_CHAR}{{1,24}})$", regex.REVERSE
)
_PHRASE_RIGHT = regex.compile(r"^(?:以上|以下)?(?:的)?([\p{Han}A-Za-z]{2,12})")


# Every character _TRAIL can consume appears literally in its source (it has no ranges,
# no dot, no class escapes): a suffix holding any other character cannot be a tail.
_TRAIL_CHARS = frozenset(_TRAIL.pattern)
# The same pattern, matched from the end of the phrase (REVERSE) for the longest match
# there (POSIX). A forward search tries each start in turn, and at each one that fails
# backtracks through every combination of _TRAIL's many optional parts (~2-7 us a call);
# from the end, the one start is the end, and the longest tail is _TRAIL's leftmost match.
_TRAIL_FROM_END = regex.compile(_TRAIL.pattern, regex.REVERSE | regex.POSIX)


def _strip_trail(phrase: str) -> str:
    """``_TRAIL.sub("", phrase)``, searching only where a tail can start.

    Every part of _TRAIL is optional and it ends with ``$``, so its one non-empty match is
    the longest suffix it matches; the search starts after the last character it cannot
    consume instead of trying every position of the phrase.
    """
    i = len(phrase)
    while i and phrase[i - 1] in _TRAIL_CHARS:
        i -= 1
    if i == len(phrase):  # (about half the phrases) the one match is the empty one at the end
        return phrase
    return phrase[: _TRAIL_FROM_END.search(phrase, i).start()]


def raw_phrase_left(left: str) -> str:
    """The noun phrase just before a figure: 完成地区生产总值 → 地区生产总值."""
    m = _PHRASE_LEFT.search(left)
    if not m:
        return ""
    phrase = m.group()
    if phrase[0] in _LEAD_OPENINGS:  # (m.group() is never empty)
        phrase = phrase[_LEAD.match(phrase).end():]  # anchored at ^: _LEAD.sub("", phrase)
    phrase = _strip_trail(phrase)
    return phrase.strip("()")


def list_items(before: str) -> list[str]:
    """The items of the list a 分别 pairs with: 专利申请总量、发明专利申请量 → two phrases.

    ``before``: the clause text before 分别. Items are split at 、 (else at 和/及/与);
    fewer than two, or any digit inside, means there is no such list.
    """
    if regex.search(r"[0-9]", before):
        return []
    parts = before.split("、")
    if len(parts) < 2:
        parts = regex.split(r"[和及与]", before)
    items = [raw_phrase_left(p) for p in parts]
    return items if len(items) >= 2 and all(items) else []


def raw_phrase_right(right: str) -> str:
    """The counted noun after a count: 1005家规模以上工业企业 → 规模以上工业企业."""
    m = _PHRASE_RIGHT.match(right)
    return m.group(1) if m else ""
