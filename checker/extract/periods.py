"""Period markers (上半年, 1-9月, 前三季度, 截至6月底, 全年, 年末) and years (2022年).

``normalize_period`` turns a marker as written into the canonical form of INTERFACES.md:
上半年 → 1-6月, 前三季度 → 1-9月, 全年, 年末. ``PERIOD`` finds markers in text.
"""

from __future__ import annotations

import regex

from checker.extract.numbers import parse_chinese
from checker.text.scan import AnchoredScan

_Q_END = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}

# Only where a marker can start: every branch of _PERIOD_BODY opens with a character of the
# first class followed by one of the second (1-9月, 上半年, 全年, 年末, 前三季度, 第一季度,
# 一季度, 截至), so the engine skips prose (年 alone, as in 年度, is most of it) fast.
_PERIOD_OPENING = (
    r"(?=[0-9上下全年前第首一二三四截][0-9\s\-~至到月季半年末底初内一二三四五六七八九十首])"
)
_PERIOD_BODY = (
    r"(?:(?P<range>(?<![0-9.])(?P<m1>[0-9]{1,2})\s*[-~至到]\s*(?P<m2>[0-9]{1,2})\s*月份?)"
    # 年初 is a period, but 年初预算/年初计划 is the budget set at the start of the year, and
    # in 2021年末2022年初 it restates the year end.
    r"|(?P<half>上半年|下半年|全年|年末|年底|(?<!年末[0-9]{4})年初(?!预算|计划|目标|任务)|年内)"
    r"|(?P<first_m>前\s*(?P<fm>[0-9一二三四五六七八九十]{1,2})\s*个月)"
    r"|(?P<cum_q>前(?P<cq>[一二三1-3])(?:个)?季度)"
    r"|(?P<q>(?:第|首)?(?P<qn>[一二三四1-4首])季度)"
    r"|(?P<until>截至(?:目前|[0-9]{4}年)?\s*(?P<um>[0-9]{1,2})\s*月(?P<ud>[0-9]{1,2}\s*[日号])?(?:底|末|份)?)"
    r"|(?P<month>(?<![0-9.个])(?P<mm>[0-9]{1,2})月份(?![0-9])))"
)
PERIOD = regex.compile(_PERIOD_OPENING + _PERIOD_BODY)
# Every branch holds 年, 月 or 季 (季度): a text is scanned only around those.
PERIOD_SCAN = AnchoredScan(PERIOD, "年月季")

# The end of a span (2020-2022年) names no single year.
YEAR = regex.compile(
    r"(?=[12])(?<![0-9.])(?<![0-9]\s*[-~至到]\s*)(?P<y>(?:19|20)[0-9]{2})\s*年"
    r"(?![0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日[前后])"
)
YEAR_SCAN = AnchoredScan(YEAR, "年")


def normalize_period(written: str, *, q_is_cumulative: bool = False) -> str | None:
    """A period as written → canonical; None if it is not a period.

    ``q_is_cumulative``: a bare 三季度 means 1-9月 in a bulletin whose title reports the
    first three quarters (DOMAIN.md §2), Q3 (7-9月) otherwise.
    """
    text = written.strip()
    if not text:
        return None
    m = PERIOD.fullmatch(text) or PERIOD.search(text)
    if m is None:
        return None
    if m.group("range"):
        return f"{int(m.group('m1'))}-{int(m.group('m2'))}月"
    if half := m.group("half"):
        return {"上半年": "1-6月", "下半年": "7-12月", "全年": "全年", "年内": "全年",
                "年末": "年末", "年底": "年末", "年初": "年初"}[half]
    if m.group("first_m"):
        n = cn_or_int(m.group("fm"))
        return f"1-{n}月" if n and 1 <= n <= 12 else None
    if m.group("cum_q"):
        return f"1-{_Q_END[m.group('cq')]}月"
    if m.group("q"):
        qn = m.group("qn")
        end = 3 if qn == "首" else _Q_END[qn]
        return f"1-{end}月" if (q_is_cumulative or end == 3) else f"{end - 2}-{end}月"
    if m.group("until"):
        day = m.group("ud")
        month = int(m.group("um"))
        if day:
            return f"截至{month}月{int(regex.sub(r'[^0-9]', '', day))}日"
        return f"1-{month}月"
    if m.group("month"):
        return f"{int(m.group('mm'))}月"
    return None


def months_elapsed(period: str | None) -> float | None:
    """Share of the year a normalised period covers (1-9月 → 0.75); None if unknown."""
    if period is None:
        return None
    if period in ("全年", "年末"):
        return 1.0
    m = regex.fullmatch(r"1-([0-9]{1,2})月", period)
    if m:
        return int(m.group(1)) / 12
    m = regex.fullmatch(r"截至([0-9]{1,2})月([0-9]{1,2})日", period)
    if m:
        import calendar

        month, day = int(m.group(1)), int(m.group(2))
        days = sum(calendar.monthrange(2021, k)[1] for k in range(1, month)) + day
        return days / 365
    return None


def cn_or_int(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_chinese(text)
