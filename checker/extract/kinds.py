"""What a figure measures (level, growth, share, rate …) and which way it points.

Decided from the words just before the figure in its clause:
* a direction word (增长, 下降 …) makes a percentage a ``growth`` and a 百分点 a
  ``pp_change``; down words flip the sign; 提高至5% is a new level, not a change;
* 占…比重 / 占比 makes a ``share``; 完成…目标/计划的 or 完成率/进度 a ``rate``;
* otherwise the unit decides: counts of things are ``count``, the rest ``level``.
"""

from __future__ import annotations

from functools import cache

import regex

from checker.extract import catalogue
from checker.extract.patterns import holds_any

_STOP = r"[,，;；。:：]"


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    """The cue patterns; direction is searched backwards from the figure (REVERSE)."""
    d = catalogue.load("directions")

    def alt(words: list[str]) -> str:
        return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))

    bases = alt(d["bases"])
    negators = "".join(regex.escape(w) for w in d["negators"])
    return {
        # the direction word nearest the figure (searched from the right, so 涨幅回落 is
        # 回落), then at most a few filler characters; 不低于 is a qualifier, not a change
        "direction": regex.compile(
            rf"(?<![{negators}])(?P<dir>{alt(d['up'] + d['down'])})"
            rf"(?P<gap>[^0-9{_STOP[1:-1]}]{{0,4}}?)$",
            regex.REVERSE,
        ),
        "level_noun": regex.compile(rf"(?:{alt(d['level_nouns'])})[^0-9{_STOP[1:-1]}]{{0,4}}$"),
        # 占年度计划86.7%, 占年计划投资的40.4%, 占目标任务的100%: progress against a plan
        # is a completion rate
        "plan_rate": regex.compile(
            rf"占[^{_STOP[1:-1]}]{{0,10}}?(?:目标|计划|任务|预算)(?:任务|数|投资|资金|总额)?"
            # the plan's size may stand between: 占任务数16900万元的63.7%
            rf"(?:[0-9][0-9.,]*[万亿]?[元个人户项件家]?)?的?(?:为|达到|达)?$"
        ),
        "down": regex.compile(rf"^(?:{alt(d['down'])})$"),
        "to_level": regex.compile(rf"^(?:{alt(d['to_level'])})"),
        "base": regex.compile(
            rf"(?P<b>{bases}|比(?:19|20)[0-9]{{2}}年(?:同期|末|底)?|较(?:19|20)[0-9]{{2}}年)"
        ),
        "share": regex.compile(
            rf"(?:占[^{_STOP[1:-1]}]{{0,24}}?(?:比重|比例|份额|的|)(?:为|达到|达|约)?"
            rf"|比重|占比|所占比例|结构为|贡献率(?:分别)?为?)$"
        ),
        "rate": regex.compile(
            rf"(?:(?:完成|为|占|达到|达|是)[^{_STOP[1:-1]}]{{0,20}}?(?:目标|计划|任务|预算|指标)"
            rf"[^{_STOP[1:-1]}]{{0,12}}?的?(?:为|达)?"
            rf"|完成率|完成进度|进度|执行率|开工率|到位率|拨付率|通气率|支出进度|完成比例|兑现率"
            rf"|完成了?|实现率)(?:为|达到|达|是)?$"
        ),
        "index": regex.compile(r"指数(?:为|达)?$"),
    }


@cache
def _openings() -> tuple[frozenset[str], frozenset[str]]:
    """First characters of the direction words and of the comparison bases: a text with
    none of them holds no direction and no base, and is not searched for one (most of the
    clauses before figures have neither)."""
    d = catalogue.load("directions")
    direction = frozenset(w[0] for w in d["up"] + d["down"])
    base = frozenset(w[0] for w in d["bases"]) | {"比", "较"}  # and 比2020年, 较2020年
    return direction, base


# plan_rate opens with 占; every share cue holds one of these (占, 比重, 所占比例, 结构为,
# 贡献率): a text without them is not searched.
_SHARE_CUES = frozenset("占比结贡")
# every rate cue opens with one of these (完成, 为, 占, 达, 是, 进度, 执行率 …)
_RATE_CUES = frozenset("完为占达是进执开到拨通支兑实")


# (kind, sign: -1 when a down word applies, base): one per figure, a plain tuple (a
# NamedTuple's own constructor is a Python function, ~3k instructions a call).
KindInfo = tuple[str, int, str]


# _patterns(), _openings() and units' family_kind together, kept once built: classify runs
# once per figure, where even the three cached calls (~600 instructions each) showed.
_BUILT: tuple | None = None


def _built() -> tuple:
    global _BUILT
    _BUILT = (_patterns(), *_openings(), catalogue.load("units")["family_kind"])
    return _BUILT


def _change(left: str, p: dict, direction_openings: frozenset[str]) -> tuple[bool, int, bool]:
    """(changing, sign, level noun): whether a direction word makes the figure a change, -1
    for a down word, and whether a level noun (增长率为) says its sign is no change."""
    if not holds_any(left, direction_openings):
        return False, 1, False
    if p["level_noun"].search(left):  # 人口自然增长率为-3.19‰: a rate's level
        return False, 1, True
    direction = p["direction"].search(left)
    if direction is None or p["to_level"].match(direction.group("gap")):
        return False, 1, False
    return True, -1 if p["down"].match(direction.group("dir")) else 1, False


def classify(left: str, unit_family: str | None, has_sign: bool) -> KindInfo:
    """``left``: the clause text before the figure (a few dozen characters at most).
    The direction is searched for only where the answer depends on it (most figures are
    counts and amounts without a comparison base, whose kind their unit decides)."""
    p, direction_openings, base_openings, family_kind = _BUILT or _built()
    base_m = None
    if holds_any(left, base_openings):
        for match in p["base"].finditer(left):
            base_m = match  # the comparison base nearest the figure
    base = base_m.group("b") if base_m else ""
    if unit_family in ("percent", "permille"):
        if "占" in left and p["plan_rate"].search(left):
            return ("rate", 1, base)
        if holds_any(left, _SHARE_CUES) and p["share"].search(left):
            return ("share", 1, base)
        if holds_any(left, _RATE_CUES) and p["rate"].search(left):
            return ("rate", 1, base)
        changing, sign, level_noun = _change(left, p, direction_openings)
        if changing or (has_sign and not level_noun):
            return ("growth", sign, base)
        return ("level", 1, base)
    if unit_family in ("pp", "ppt"):
        return ("pp_change", _change(left, p, direction_openings)[1], base)
    if unit_family == "multiple":
        return ("multiple", 1, base)
    if base or unit_family in ("points", "bp"):
        # 上涨0.6个点, 下降25个基点: a change in points (of an index, or basis points of a
        # rate); without a direction word 走访4个点 counts places (units.yaml family_kind)
        changing, sign, _ = _change(left, p, direction_openings)
        if changing:
            return ("change", sign, base)
    if unit_family is None and p["index"].search(left):
        return ("index", 1, base)
    return (family_kind.get(unit_family or "", "level"), 1, base)
