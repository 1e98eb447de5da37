"""Detect a document's metadata (kind, region, year, period, title, date) from its text.

Header blocks of government sites ("发布机构: 咸宁市人民政府", "名 称: …", "发布日期:
2023年01月09日") are read first; then the title line and the opening of the body
("2020年重点工作上半年完成情况", "一、2022年工作回顾"). Whatever a manifest states wins
(:mod:`checker.ingest.manifest`).
"""

from __future__ import annotations

import regex

from checker.extract.periods import normalize_period
from checker.models import DocKind

# "名  称:…", "• 发布机构: …", a header table row "发布机构: | …" (HTML), "[ 发布机构 ] …".
_FIELD = r"(?m)^[ \t•·]*(?:{label}\s*[:：]|\[\s*{label}\s*\])\s*(?:\|\s*)?(?P<v>[^\n]*?)\s*$"
_TITLE = regex.compile(_FIELD.format(label=r"(?:名\s*称|标\s*题|题\s*目)"))
_ISSUER = regex.compile(_FIELD.format(label=r"(?:发布机构|发文机关|来\s*源)"))
_DATE = regex.compile(
    r"(?:发布日期|成文日期|发布时间|时\s*间)\s*(?:[:：]|\])\s*(?:\|\s*)?(?P<y>[0-9]{4})\s*[-年/.]\s*(?P<m>[0-9]{1,2})"
    r"\s*[-月/.]\s*(?P<d>[0-9]{1,2})"
)
# A region name: 咸宁市, 西塞山区, 凉山州, 云和县, 湖南省 (2-6 Han characters + level).
_REGION = regex.compile(r"\p{Han}{1,6}?(?:自治州|自治县|省|市|区|县|州|旗)")
_REGION_STOP = regex.compile(r"人民政府|政府|办公室|统计局|财政局|督查")

_KIND_CUES: list[tuple[DocKind, regex.Pattern[str]]] = [
    # A title quoting 《政府工作报告》 and reporting progress is a bulletin, so cues for
    # bulletins are tried first.
    (DocKind.BULLETIN, regex.compile(r"通报|督查|进展情况|完成情况|落实情况|进度")),
    (DocKind.REPORT, regex.compile(r"政府工作报告")),
    (DocKind.OTHER, regex.compile(r"统计公报|公报|计划执行情况|预算执行")),
]


def detect(text: str, norm: str) -> dict[str, object]:
    """Detected fields; absent keys were not found. ``norm`` is the simplified text."""
    found: dict[str, object] = {}
    head = norm[:3000]
    title = _first(_TITLE, head) or _title_line(head)
    if title:
        found["title"] = title
    if m := _DATE.search(head):
        found["published"] = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
    issuer = _first(_ISSUER, head)
    region = _region_from(issuer) if issuer else None
    region = region or _region_from(title or "") or _region_from_body(head)
    if region:
        found["region"] = region
    kind = _kind(title or "", head)
    found["kind"] = kind
    year = _year(title or "", head, kind)
    if year:
        found["year"] = year
    period = _period(title or "", head, kind)
    if period:
        found["period"] = period
    return found


def _first(pattern: regex.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group("v").strip() or None if m else None


def _title_line(head: str) -> str | None:
    for line in head.split("\n")[:12]:
        line = line.strip()
        if 6 <= len(line) <= 60 and ":" not in line and "。" not in line and "分享" not in line:
            return line
    return None


def _region_from(text: str) -> str | None:
    text = _REGION_STOP.split(text)[0]
    m = _REGION.search(text)
    return m.group() if m and not m.group().startswith(("全", "我")) else None


def _region_from_body(head: str) -> str | None:
    m = regex.search(r"在(\p{Han}{2,6}?(?:市|区|县))第\p{Han}{1,3}届人民代表大会", head)
    return m.group(1) if m else None


def _kind(title: str, head: str) -> DocKind:
    for kind, cue in _KIND_CUES:
        if cue.search(title):
            return kind
    for kind, cue in _KIND_CUES:
        if cue.search(head[:600]):
            return kind
    return DocKind.NEWS


def _year(title: str, head: str, kind: DocKind) -> int | None:
    for text in (title, head[:1500]):
        m = regex.search(r"((?:19|20)[0-9]{2})\s*年", text)
        if m:
            return int(m.group(1))
    return None


def _period(title: str, head: str, kind: DocKind) -> str | None:
    if kind is DocKind.REPORT:
        return None
    for text in (title, head[:800]):
        # In a bulletin's title, 三季度进展 reports the first three quarters (DOMAIN.md §2).
        m = regex.search(
            r"[0-9]{1,2}\s*[-~至]\s*[0-9]{1,2}\s*月|上半年|前三季度|[一二三四]季度|截至[^,，。)]{1,8}|全年",
            text,
        )
        if m:
            return normalize_period(m.group(), q_is_cumulative=kind is DocKind.BULLETIN)
    return None
