"""Detect a document's metadata (kind, region, year, period, title, date) from its text.

Header blocks of government sites ("发布机构: 咸宁市人民政府", "名 称: …", "发布日期:
2023年01月09日", "[ 发布机构 ] 万州区发展改革委") are read first; then the title line and
the opening of the body ("2020年重点工作上半年完成情况", "一、2022年工作回顾"). Whatever a
manifest states wins (:mod:`checker.ingest.manifest`). Absent keys mean "not found": a
wrong guess costs more downstream than an unknown.
"""

from __future__ import annotations

import regex

from checker.extract.periods import normalize_period
from checker.models import DocKind
from checker.text.normalize import HAN

__all__ = ["HEAD_CHARS", "detect"]

# Everything is detected from the opening of a document (header blocks, title, first lines).
HEAD_CHARS = 3000

# "名  称:…", "• 发布机构: …", a header table row "发布机构: | …" (HTML), "[ 发布机构 ] …".
_FIELD = r"(?m)^[ \t•·]*(?:{label}\s*[:：]|\[\s*{label}\s*\])\s*(?:\|\s*)?(?P<v>[^\n]*?)\s*$"
_TITLE = regex.compile(_FIELD.format(label=r"(?:名\s*称|标\s*题|题\s*目)"))
_ISSUER = regex.compile(_FIELD.format(label=r"(?:发布机构|发文机关|来\s*源)"))
_DATE = regex.compile(
    r"(?:发布日期|成文日期|发布时间|时\s*间|日\s*期)\s*(?:[:：]|\])\s*(?:\|\s*)?"
    r"(?P<y>(?:19|20)[0-9]{2})\s*[-年/.]\s*(?P<m>[0-9]{1,2})\s*[-月/.]\s*(?P<d>[0-9]{1,2})"
)
# A region name: 咸宁市, 西塞山区, 凉山州, 云和县, 湖南省 (2-6 Han characters + level). It
# starts after a non-Han character or a word that cannot be part of a name (关于蓬江区,
# 2023年区…, 1-10月份全市), so those never become "于蓬江区" or "年区".
_REGION = regex.compile(
    r"(?<=^|[^\p{Han}]|关于|对|在|年|月|份|日|的|及|和|与|省|市|州)"
    r"(?:关于|对|在|年|月份?|日|的|及|和|与)?"
    r"(?!关于|今年|去年|明年|年|月|份|日)(?P<name>\p{Han}{2,6}?(?:自治州|自治县|省|市|区|县|州|旗))"
)
# Names that are levels, not places: 全市, 我县, 本区, 城区, 各县市区 …
_NOT_A_NAME = regex.compile(
    r"^(?:[全我本各该此城市县区省州一二两三四五六七八九十]|市区|郊区|辖区|新区$|社区|园区|景区|片区)"
)
# An office, not a place: 哈密市生态环境局伊州分局 must not yield "生态环境局伊州".
_OFFICE = regex.compile(r"[局委厅办院所部会社站队]|中心|公司")
# A level with a qualifier in front (前三季度我市, 今年全县) is no name either.
_QUALIFIED = regex.compile(r"[我本]|季度|全[市县区省州]|今年|半年")
# Kinds of area, not names: 棚户区改造, 贫困县, 示范区, 开发区建设.
_AREA_KIND = regex.compile(
    r"(?:棚户|示范|试验|保护|贫困|试点|百强|先进|重点|经济|开发|工业|产业|功能|自贸|高新"
    r"|城市|城镇|农村|老旧|边远|民族)(?:区|县|市|州)$"
)
_REGION_STOP = regex.compile(r"人民政府|政府|办公室|统计局|财政局|督查|发展改革委|人大|政协")
# A national document: issued by the State Council or read to the National People's Congress.
_NATIONAL = regex.compile(r"国务院|全国人民代表大会")
_NATIONAL_CONGRESS = regex.compile(r"在第\p{Han}{1,3}届全国人民代表大会")
_CONGRESS = regex.compile(
    r"在(?P<name>\p{Han}{2,10}?(?:市|区|县|州|省))第\p{Han}{1,3}届人民代表大会"
)

_KIND_CUES: list[tuple[DocKind, regex.Pattern[str]]] = [
    # A title quoting 《政府工作报告》 and reporting progress is a bulletin, so cues for
    # bulletins are tried first.
    (DocKind.BULLETIN, regex.compile(r"通报|督查|进展情况|完成情况|落实情况|进度")),
    # 政府工作报告 as a name, not quoted as 《政府工作报告》 (news about the report quotes it).
    (DocKind.REPORT, regex.compile(r"(?<!《)政府工作报告(?!》)|的报告$")),
    (DocKind.OTHER, regex.compile(r"统计公报|公报|计划执行情况|预算执行")),
]

# Title lines are short and carry no page chrome, no sentence end and no section number.
_CHROME = regex.compile(
    r"[|>]|ICP|首页|位置|字号|字体|分享|登录|登陆|注册|打印|浏览|点击|标识码|电话|邮箱|APP|"
    r"责任编辑|来源[:：]|作者[:：]"
)
_HEADING = regex.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.]|表[0-9])"
)
_SENTENCE_END = regex.compile(r"[。;；,，:：、]$|。")
_TITLE_CUE = regex.compile(r"情况|通报|报告|公报|进展|进度|完成|落实|实事|工作|会议|数据|公示|运行")
# A pinyin gloss inside a word on mirror sites: 关(guān)于 → 关于.
_PINYIN = regex.compile(r"(?<=\p{Han})[(（][a-zü" "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,7}[)）]")

_YEAR = regex.compile(r"((?:19|20)[0-9]{2})\s*年")
# 1-9月, 1—5月 (dashes vary), 上半年, 前三季度, 截至2016年9月30日, 截至11月底, 全年 (not the
# 全年目标 of a target sentence).
_PERIOD = regex.compile(
    r"[0-9]{1,2}\s*[-~—–―至到]\s*[0-9]{1,2}\s*月|上半年|前三季度|[一二三四首]季度"
    r"|截至(?:(?:19|20)[0-9]{2}年)?[0-9]{1,2}月(?:[0-9]{1,2}日|底|末)?"
    r"|全年(?!目标|任务|计划|预期)"
)
_DASHES = regex.compile(r"\s*[~—–―至到]\s*")


def detect(text: str, norm: str) -> dict[str, object]:
    """Detected fields; absent keys were not found. ``norm`` is the simplified text, of the
    same length as ``text`` (character for character), so spans found in it cut ``text``;
    only its first :data:`HEAD_CHARS` characters are read, so the simplified opening will do."""
    found: dict[str, object] = {}
    head = norm[:HEAD_CHARS]
    title_lines = _title_lines(head)
    span = _field_span(_TITLE, head) or _title_line_span(head, title_lines)
    title = _PINYIN.sub("", text[span[0] : span[1]]).strip() if span else None
    simple_title = _PINYIN.sub("", norm[span[0] : span[1]]).strip() if span else ""
    if title:
        found["title"] = title
    published = _DATE.search(head)
    if published:
        found["published"] = (
            f"{int(published['y']):04d}-{int(published['m']):02d}-{int(published['d']):02d}"
        )
    issuer = _first(_ISSUER, head)
    region = (
        (_region_from(issuer) if issuer else None)
        or _region_from(simple_title)
        or _region_from_body(head)
    )
    if region:
        found["region"] = region
    kind = _kind(simple_title, head)
    found["kind"] = kind
    period = _period(simple_title, head, kind)
    if period:
        found["period"] = period
    year = _year(simple_title, head, title_lines, period, published)
    if year:
        found["year"] = year
    return found


def _first(pattern: regex.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return (m.group("v").strip() or None) if m else None


def _field_span(pattern: regex.Pattern[str], text: str) -> tuple[int, int] | None:
    m = pattern.search(text)
    return m.span("v") if m and m.group("v").strip() else None


def _title_line_span(head: str, candidates: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first title-like line of ``candidates`` (:func:`_title_lines`), preferring one
    that names what the document reports."""
    for a, b in candidates:
        if _TITLE_CUE.search(head[a:b]):
            return a, b
    return candidates[0] if candidates and candidates[0][0] < 400 else None


def _title_lines(head: str) -> list[tuple[int, int]]:
    """Spans of the short lines near the top that could be a title or subtitle."""
    candidates: list[tuple[int, int]] = []
    pos = 0
    for number, line in enumerate(head.split("\n")):
        start, pos = pos, pos + len(line) + 1
        if number >= 40:
            break
        stripped = line.strip()
        if (
            6 <= len(stripped) <= 60
            and not _CHROME.search(stripped)
            and not _HEADING.match(stripped)
            and not _SENTENCE_END.search(stripped)
            and HAN.search(stripped)
        ):
            offset = start + line.index(stripped)
            candidates.append((offset, offset + len(stripped)))
    return candidates


def _region_from(text: str) -> str | None:
    if _NATIONAL.search(text):
        return "全国"
    text = _REGION_STOP.split(text)[0]
    names = _region_names(text)
    if not names:
        return None
    # "重庆市万州区": the most specific of adjacent names is the document's own.
    best = names[0]
    for name in names[1:]:
        if best + name in text:
            best = name
    return best


def _region_names(text: str) -> list[str]:
    names = [m.group("name") for m in _REGION.finditer(text)]
    return [
        n
        for n in names
        if not _NOT_A_NAME.match(n)
        and not _OFFICE.search(n)
        and not _QUALIFIED.search(n)
        and not _AREA_KIND.search(n)
    ]


def _region_from_body(head: str) -> str | None:
    if m := _CONGRESS.search(head):
        return _region_from(m.group("name"))
    if _NATIONAL_CONGRESS.search(head):
        return "全国"
    # Otherwise a place the opening names more than once (a one-off mention is as likely
    # a comparison: 居全省各市第5位, 比邻县高).
    # (one scan of the opening finds what a scan of each line would: a name holds no line
    # break, and a line break before it is a non-Han character as the line's start is)
    counts: dict[str, int] = {}
    for name in _region_names(head[:1500]):
        counts[name] = counts.get(name, 0) + 1
    repeated = [name for name, n in counts.items() if n >= 2]
    return repeated[0] if len(repeated) == 1 else None


def _kind(title: str, head: str) -> DocKind:
    for kind, cue in _KIND_CUES:
        if cue.search(title):
            return kind
    for kind, cue in _KIND_CUES:
        if cue.search(head[:600]):
            return kind
    return DocKind.NEWS


def _year(
    title: str, head: str, title_lines: list[tuple[int, int]], period: str | None,
    published: regex.Match[str] | None,
) -> int | None:
    if m := _YEAR.search(title):
        return int(m.group(1))
    # A subtitle ("关于2016年市《政府工作报告》确定的指标任务三季度的落实情况") says what the
    # figures cover; the publication date only when nothing does.
    for a, b in title_lines:
        if _TITLE_CUE.search(head[a:b]) and (m := _YEAR.search(head[a:b])):
            return int(m.group(1))
    if published:
        year, month = int(published["y"]), int(published["m"])
        # A full-year account published in the first quarter covers the year before.
        return year - 1 if period in ("全年", "年末") and month <= 3 else year
    if m := _YEAR.search(head[:1500]):
        return int(m.group(1))
    return None


def _period(title: str, head: str, kind: DocKind) -> str | None:
    if kind is DocKind.REPORT:
        return None
    for text in (title, head[:800]):
        if m := _PERIOD.search(text):
            written = _DASHES.sub("-", m.group()) if m.group()[0].isdigit() else m.group()
            # In a bulletin, 三季度进展 reports the first three quarters (DOMAIN.md §2).
            normal = normalize_period(written, q_is_cumulative=kind is DocKind.BULLETIN)
            if normal:
                return normal
    return None
