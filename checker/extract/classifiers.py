"""Numbers that name something rather than measure it, and page debris.

DOMAIN.md §2: in 50亿元重大项目5个 the count is 5个; 50亿元 names the class. Dates, item
numbers, ranks, codes, model names (5G, PM2.5), roads (106国道), titles in 《》 and page
debris (索引号, 责任编辑 …) are not claims either. Each branch below is one such case,
named, with the reason; :func:`non_claim_spans` returns where they are so the claim
finder skips every figure inside one.
"""

from __future__ import annotations

import regex

from checker.text.lines import line_matches

# Each entry: name → pattern. Order does not matter; spans are merged.
# Header lines and widgets of government web pages: what such a line opens with.
_DEBRIS_WORDS = (
    r"索\s*引\s*号", r"文\s*号", "发布机构", "主题分类", r"有\s*效\s*性", "发布日期", "成文日期",
    r"名\s*称", "字号", "分享到", "责任编辑", "来源", "编辑", "作者", "浏览次数", "点击数", "打印",
    "关闭窗口", "【", "网站标识码", "ICP", "备案号", "版权所有", "主办单位", "承办单位", "联系电话",
    "地址", "邮编", "扫一扫")
_DEBRIS_LEAD = " \t•·"  # blanks and bullets before the word
BRANCHES: dict[str, str] = {
    # Header lines and widgets of government web pages: metadata, not claims.
    "page_debris": rf"(?m)^[{_DEBRIS_LEAD}]*(?:" + "|".join(_DEBRIS_WORDS) + ").*$",
    # Dates and times: 2022年10月下旬, 9月6日, 2020-08-03 17:52, 截至8月29日10时.
    "date": r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*[日号])?"
    r"|[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号]|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"|(?<![0-9.:])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9.:])|(?<=[日号])[0-9]{1,2}\s*[时点](?:[0-9]{1,2}分)?",
    # Years and year spans: 2022年, 2020-2022年, 2021年度.
    "year": r"(?<![0-9.])[0-9]{4}(?:\s*[-~至到]\s*[0-9]{4})?\s*年(?:度)?",
    # Months and month ranges (the period): 1-9月, 1-9月份, 10月底, 1-9全市 (a real typo).
    "period": r"(?<![0-9.])[0-9]{1,2}\s*[-~至到]\s*[0-9]{1,2}\s*月份?"
    r"|前\s*[0-9一二三四五六七八九十]{1,2}\s*个月"
    r"|(?<![0-9.])1\s*-\s*[0-9]{1,2}(?=全)"
    r"|(?<![0-9.个])[0-9]{1,2}\s*月(?:份|底|末|初|上旬|中旬|下旬)?(?!\s*[0-9])",
    # Item numbers opening a paragraph: "38.新增城镇就业…", "12、确保…".
    "item_number": r"(?m)^[ \t]*[0-9]{1,3}\s*[.、](?![0-9])",
    # Ordinals and ranks: 第13位, 第二次, 第7.
    "ordinal": r"第\s*[0-9零〇一二两三四五六七八九十百]+",
    # Names with numbers in them: titles in 《》, short quoted names “1+8”改革.
    "title": r"《[^》\n]{0,60}》",
    "quoted_name": r"[“\"][^”\"\n]{0,20}[”\"]",
    # Formulas and schemes: 1+8, 1+1+N, 5+2.
    "scheme": r"[0-9A-Za-z]+(?:\s*\+\s*[0-9A-Za-z]+)+",
    # Codes, model and standard names: 5G, 4A级, 110kV, G4, 011336909/2023-02262.
    "code": r"[0-9]+[A-Za-z]+[0-9A-Za-z]*|[A-Za-z]+[0-9]+(?:\.[0-9]+)?[A-Za-z0-9]*"
    r"|[0-9]{9,}(?:[/-][0-9-]+)*",
    # Named classes: 500强, 106国道, 3号线, 4A级景区, 二十大 (a Chinese numeral never matches
    # without a unit anyway), 10大.
    # A list of them shares the class word: 106、107、351、353等国道, 李家坊1、2、3、4号地块.
    "named_class": r"[0-9]+(?:\s*、\s*[0-9]+)*\s*等?\s*"
    r"(?:强|国道|省道|县道|号线|号|届|大|级|星级|路公交|次会议)",
    # Ranks: 稳居全省前4, 全国前10 (前7个月 is a period, matched above).
    "rank": r"(?<=[省市国区县内])前\s*[0-9]{1,3}(?![0-9.]|\s*个|\s*月)(?:位|名)?",
    # Service numbers: 12345热线, 12315平台.
    "hotline": r"[0-9]{5,6}(?=\s*(?:热线|政务服务便民热线|服务热线|平台|专线))",
    # Phases of a named project: 蒲圻电厂(三期), 二、三期, 一期工程 (Arabic 2期 counts classes).
    "phase": r"(?<=[(、])[一二三四五六七八九十]{1,2}期"
    r"|[一二三四五六七八九十]{1,2}期(?=\)|工程|项目)",
    # Footnote markers and bracketed bases with no unit: (7), (14), 指数(100).
    "footnote": r"\((?:[0-9]{1,3})\)",
}

# A money or voltage figure that describes a class of projects/enterprises, not a measure:
# 50亿元重大项目5个, 5000万元以上企业7家, 超2000万元增长点, 500千伏咸宁变电站.
CLASS_NOUN = regex.compile(
    r"(?:以上|以下|及以上|级)?(?:的)?\p{Han}{0,4}?(?:项目|企业|增长点|工程|产业项目|变电站|输变电)"
)
CLASS_UNITS = frozenset({"元", "美元", "千伏", "千伏安"})

# Branches anchored at a line start; all others open as _OPENING says (a cheap lookahead
# that lets the engine skip the prose between figures): with 《, “ or " (a title or a quoted
# name, which may hold anything), or with a digit, letter, 第, 前, ( or numeral followed by
# what each branch can have second — a digit or letter, a blank, - ~ : + 、, a date or
# period word (2022年, 9月6日, 1-9月, 8日10时), a class word (500强, 106国道, 3号线, 第十届,
# 二十大, 4A级, 五星级, 8路公交, 二次会议), another numeral, or 期 (一期工程). A digit before
# a unit (3.7万人) or 一 inside a word (一批) is not tried; nor is a digit whose run ends
# in anything but _AFTER_DIGITS (the digits of 12.5% or 1000亿元, a run's later digits).
_LINE_BRANCHES = ("page_debris", "item_number")
# What follows the whole run of digits a branch opens with (no branch takes part of a run
# and goes on with a digit): a blank, a letter (5G, 1+8), a date or period word (2022年,
# 9月6日, 2020-08-03, 1-9月, 2020至2022年, 12:30, 8日10时), a list or class word (5、6等国道,
# 500强, 3号线), a service word (12345热线); or the run is a code of 9 digits or more.
# Most digits are in figures (3.7万人, 12.5%, 1000亿元) and fail this: they are not tried.
_AFTER_DIGITS = r"[\sA-Za-z年月\-~:时点至到+、等强国省县号届大级星路次热政服平专]"
_OPENING = (r"(?=[《“\"]|[0-9A-Za-z第前(一二三四五六七八九十]"
            r"[0-9A-Za-z\s\-~:+、月日号时点至到等强国省县届大级星路次零〇一二两三四五六七八九十百期])"
            # (a second, negative lookahead: folded into the first it runs slower)
            r"(?![0-9](?![0-9]*+" + _AFTER_DIGITS + r"|[0-9]{8}))")
# What a line branch's match opens with: a lead blank or bullet, a debris word's first
# character (each is a literal), or an item number's blank or digit.
assert all(w[0] not in "\\[(." for w in _DEBRIS_WORDS)
_LINE_OPENINGS = frozenset(_DEBRIS_LEAD + "".join(w[0] for w in _DEBRIS_WORDS)
                           + " \t0123456789")
# The line branches' ``(?m)`` becomes the MULTILINE flag of their own scanner.
_SKIP_LINE = regex.compile(
    "|".join(f"(?P<{n}>{BRANCHES[n].removeprefix('(?m)')})" for n in _LINE_BRANCHES),
    regex.MULTILINE,
)
_SKIP = regex.compile(
    _OPENING + "(?:" + "|".join(
        f"(?P<{name}>{pat})" for name, pat in BRANCHES.items() if name not in _LINE_BRANCHES
    ) + ")"
)


def non_claim_spans(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every span whose numbers are not claims, in text order."""
    out = [(m.start(), m.end(), m.lastgroup or "other")
           for matches in (line_matches(_SKIP_LINE, norm, _LINE_OPENINGS), _SKIP.finditer(norm))
           for m in matches]
    out.sort()
    merged: list[tuple[int, int, str]] = []
    for span in out:  # a date inside a debris line: keep the outer span only
        if merged and span[0] < merged[-1][1]:
            if span[1] > merged[-1][1]:
                merged[-1] = (merged[-1][0], span[1], merged[-1][2])
            continue
        merged.append(span)
    return merged


def names_a_class(norm: str, unit: str | None, end: int) -> bool:
    """True when the figure ending at ``end`` names a class (50亿元重大项目5个)."""
    return unit in CLASS_UNITS and CLASS_NOUN.match(norm, end) is not None
