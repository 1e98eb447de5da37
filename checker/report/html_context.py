"""The HTML audit's context: one dataclass built from an :class:`AuditResult` (pure).

Everything the page shows is computed here — counts, scoreboard rows with their SVG
geometry, evidence passages with the quoted figures marked, waiver entries — so the
templates only lay it out and the tests can check the numbers without a browser.
Document texts travel as one compressed blob (:func:`pack`) per document, decoded by the
page only when a reviewer opens that document: at 1,000 documents the raw text alone
would fill the file's size budget.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from checker import columns as C
from checker.extract import catalogue
from checker.models import Document, Evidence, Finding, Wording
from checker.report.i18n import STRINGS
from checker.texts import (
    QUALIFIER_SIGNS,
    Text,
    fmt_number,
    fmt_value,
    indicator_name,
    label,
    period_name,
)

SEVERITIES = ("error", "warning", "note")
FINDING_STATUSES = ("new", "known", "waived")
TARGET_STATUSES = ("missed", "behind", "on_track", "met", "not_assessable")
CONTEXT_CHARS = 90  # at most this many characters of context on each side of a passage
CLUSTER_GAP = 240  # evidence spans closer than this share one passage
WAIVER_DAYS = 180
BODY_CHUNK = 100  # findings whose expanded parts share one compressed blob
_SENTENCE_END = re.compile(r"[。！？；!?\n]")
# an explanation written before steps were one a line: split after sentence ends
_STEP_SPLIT = re.compile(r"(?<=[。；])|(?<=[.;])\s+")
# values whose codes a reviewer reads in words: key → label kind (checker/data/phrases.yaml)
_VALUE_LABELS = {"verdict": "verdict", "relation": "relation"}

Text2 = Text  # a string in both languages (the templates' t2 macro renders it)


@cache
def report_params() -> dict[str, Any]:
    return catalogue.load("report") or {}  # libyaml, cached


def view_limit() -> int:
    """Up to this many documents every document's text is embedded; above it only the
    texts of documents with findings (``checker/data/report.yaml``)."""
    return int(report_params()["full_view_limit"])


def text_budget_chars() -> float:
    """At most this many characters of embedded (packed) document texts."""
    return float(report_params()["text_budget_mb"]) * 1e6


# --- records the templates render ---------------------------------------------------------

@dataclass(frozen=True)
class DocRow:
    id: str
    path: str
    kind: str
    region: str
    year: str
    period: Text
    title: str
    claims: int
    findings: int
    has_view: bool
    kind_name: Text


@dataclass(frozen=True)
class RuleRow:
    code: str
    title: Text2
    what: str  # "What it checks" from the rule's docstring
    counts: dict[str, int]  # severity → findings
    total: int


@dataclass(frozen=True)
class Summary:
    documents: int
    claims: int
    findings: int
    by_severity: dict[str, int]
    by_status: dict[str, int]
    targets: dict[str, int]  # timeline status → timelines
    rules: list[RuleRow]
    seconds: float
    version: str
    generated: str


@dataclass(frozen=True)
class SvgPoint:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Spark:
    """Geometry of one indicator's inline SVG (viewBox 0 0 WIDTH HEIGHT)."""

    band: tuple[float, float, float, float] | None  # x, y, width, height of the target band
    target_y: float | None
    points: list[SvgPoint]
    result: SvgPoint | None
    WIDTH = 180
    HEIGHT = 44


@dataclass(frozen=True)
class TimelineRow:
    indicator: str
    indicator_name: Text2
    measure: str
    target: str  # "≥ 10%" …
    qualifier: str
    restated: list[str]
    progress: list[tuple[Text, str]]  # (period, value)
    result: str  # "" when none
    result_period: Text
    status: str
    findings: list[tuple[str, str, str]]  # (id, rule, severity) of the findings it links
    spark: Spark


@dataclass(frozen=True)
class ScoreGroup:
    region: str
    year: str
    rows: list[TimelineRow]
    counts: dict[str, int]
    key: str = ""  # hash of what the group's table is made from (its timelines, findings)


@dataclass(frozen=True)
class Passage:
    doc: str
    path: str
    start: int
    end: int
    parts: list[tuple[str, bool]]  # (text, is an evidence quote)
    lead: bool  # context cut on the left
    tail: bool  # context cut on the right


@dataclass(frozen=True)
class FindingView:
    id: str
    rule: str
    rule_title: Text2
    severity: str
    status: str
    title: str
    message: Text
    docs: list[str]
    region: str
    indicator: str
    indicator_name: Text2
    order: int  # the audit's order: severity, rule, document, offset
    chunk: int  # which compressed blob holds the expanded part (order // BODY_CHUNK)
    quotes: str  # evidence quotes and document paths, for the free-text filter
    position: int  # order by document then offset
    passages: list[Passage]
    steps: dict[str, list[str]]  # language → the recomputation's steps
    values: list[tuple[str, Text]]  # (key, value); labels come from i18n.VALUE_LABELS
    nearest: str
    waiver: Text  # the entry, its reason quoting the message in each language


@dataclass(frozen=True)
class FilterOptions:
    rules: list[tuple[str, Text2]]
    documents: list[tuple[str, str]]  # (id, label)
    regions: list[str]
    indicators: list[tuple[str, Text]]  # (id, label)


@dataclass(frozen=True)
class AuditPage:
    """The context of ``audit.html``."""

    lang: str
    strings: dict[str, tuple[str, str]]
    summary: Summary
    documents: list[DocRow]
    scoreboard: list[ScoreGroup]
    findings: list[FindingView]
    filters: FilterOptions
    doc_blobs: dict[str, str] = field(default_factory=dict)  # id → pack(text, claims, evidence)
    claim_kinds: list[list[str]] = field(default_factory=list)  # [zh, en] the blobs index
    view_limit: int = 0  # above this many documents, texts only of those with findings
    views_omitted: int = 0  # documents whose text is not embedded (no findings, large corpus)
    views_over_budget: int = 0  # documents with findings whose text passed the budget
    text_budget_mb: float = 0.0

    def data_json(self) -> str:
        """The page's script data (strings, claim descriptors), safe inside <script>."""
        return script_json({"lang": self.lang, "strings": self.strings,
                            "claimKinds": self.claim_kinds, "bodyChunk": BODY_CHUNK})


# --- helpers ------------------------------------------------------------------------------

# Base85 (Python's alphabet) with the four characters that matter to HTML swapped for four it
# does not use: a blob can never spell "</script" or an entity inside its <script> element.
_B85_BACK = str.maketrans(",.:[", "<>&`")


_B85_TABLE = np.frombuffer(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"
    .translate(bytes.maketrans(b"<>&`", b",.:[")), dtype=np.uint8)


def b85(data: bytes) -> str:
    """``base64.b85encode(data).translate(_B85_SWAP)``, vectorised (the stdlib's is slow)."""
    pad = -len(data) % 4
    words = np.frombuffer(data + b"\0" * pad, dtype=">u4").astype(np.uint64)
    digits = np.empty((len(words), 5), dtype=np.uint8)
    for i in range(4, -1, -1):
        digits[:, i] = _B85_TABLE[words % 85]
        words //= 85
    out = digits.tobytes().decode("ascii")
    return out[:len(out) - pad] if pad else out


def pack(data: Any, level: int = 9) -> str:
    """JSON → gzip → base85 (HTML-safe alphabet); the page's ``unpack`` reverses it."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b85(gzip.compress(raw, level, mtime=0))


def unpack(blob: str) -> Any:
    return json.loads(gzip.decompress(base64.b85decode(blob.strip().translate(_B85_BACK))))


def script_json(data: Any) -> str:
    """JSON that cannot close or open markup inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def month_of(period: str) -> int:
    """Last month a period covers (1-9月 → 9; 全年, 年末 → 12)."""
    m = re.search(r"(\d{1,2})月", period or "")
    return int(m.group(1)) if m else 12


def _str(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


# --- summary ------------------------------------------------------------------------------

def build_summary(result: Any, rules: Mapping[str, Any], version: str, generated: str
                  ) -> Summary:
    findings: list[Finding] = result.findings
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for f in findings:
        by_rule[f.rule][f.severity.value] += 1
    rows = []
    for code, rule in rules.items():
        counts = {s: by_rule[code][s] for s in SEVERITIES}
        rows.append(RuleRow(code, Text2(rule.title.get("zh", code), rule.title.get("en", code)),
                            rule.sections().get("What it checks", "").split("\n\n")[0],
                            counts, sum(counts.values())))
    for code in sorted(set(by_rule) - set(rules)):  # a rule the registry no longer has
        counts = {s: by_rule[code][s] for s in SEVERITIES}
        rows.append(RuleRow(code, Text2(code, code), "", counts, sum(counts.values())))
    rows.sort(key=lambda r: (-r.counts["error"], -r.counts["warning"], -r.total, r.code))
    seconds = sum(v for k, v in result.seconds.items() if k != "output")
    return Summary(
        documents=len(result.documents), claims=result.claims_total(), findings=len(findings),
        by_severity={s: sum(f.severity.value == s for f in findings) for s in SEVERITIES},
        by_status={s: sum(f.status == s for f in findings) for s in FINDING_STATUSES},
        targets={s: sum(t.get("status") == s for t in result.timelines)
                 for s in TARGET_STATUSES},
        rules=rows, seconds=round(seconds, 2), version=version, generated=generated)


# --- scoreboard ---------------------------------------------------------------------------

def _point_text(p: Mapping[str, Any] | None) -> str:
    if not p:
        return ""
    sign = QUALIFIER_SIGNS.get(p.get("qualifier", ""), "")
    text = fmt_value(p.get("value"), p.get("unit", ""))
    if p.get("qualifier") == "range" and p.get("value_high") is not None:
        text = f"{fmt_value(p['value'], '')}–{fmt_value(p['value_high'], p.get('unit', ''))}"
    return f"{sign} {text}".strip() if sign and sign != "=" else text


def build_spark(t: Mapping[str, Any]) -> Spark:
    target = t.get("target")
    unit = (target or t.get("result") or {}).get("unit")
    pts = [(month_of(p["period"]), p["value"], f"{p['period']}: {_point_text(p)}")
           for p in t.get("progress", []) if p.get("unit") == unit]
    res = t.get("result")
    res_pt = (month_of(res["period"]), res["value"], f"{res['period']}: {_point_text(res)}") \
        if res and res.get("unit") == unit else None
    values = [v for _, v, _ in pts] + ([res_pt[1]] if res_pt else [])
    lo_t = hi_t = None
    if target:
        tv = target["value"]
        q = target.get("qualifier")
        high = target.get("value_high")
        if q == "range" and high is not None:
            lo_t, hi_t = tv, high
        elif q == "approx":
            lo_t, hi_t = tv - max(abs(tv) * 0.03, 0.1), tv + max(abs(tv) * 0.03, 0.1)
        else:
            lo_t = hi_t = tv
        values += [lo_t, hi_t]
    if not pts and not res_pt:  # a target alone: nothing to draw against it
        return Spark(None, None, [], None)
    vmin, vmax = min(values), max(values)
    span = vmax - vmin or max(abs(vmax), 1.0)
    vmin, vmax = vmin - span * 0.15, vmax + span * 0.15
    w, h, pad = Spark.WIDTH, Spark.HEIGHT, 6

    def x(month: int) -> float:
        return round(pad + (w - 2 * pad) * month / 12, 1)

    def y(v: float) -> float:
        return round(h - pad - (h - 2 * pad) * (v - vmin) / (vmax - vmin), 1)

    band = target_y = None
    if target:
        q = target.get("qualifier")
        target_y = y(target["value"])
        # the band is where the target counts as met: above a floor, below a ceiling
        top, bottom = {"ge": (1.0, y(lo_t)), "gt": (1.0, y(lo_t)),
                       "le": (y(hi_t), h - 1.0), "lt": (y(hi_t), h - 1.0)
                       }.get(q, (y(hi_t), y(lo_t)))
        if bottom - top >= 1:
            band = (pad, top, w - 2 * pad, round(bottom - top, 1))
    return Spark(band, target_y, [SvgPoint(x(m), y(v), lab) for m, v, lab in pts],
                 SvgPoint(x(res_pt[0]), y(res_pt[1]), res_pt[2]) if res_pt else None)


def _evidence_keys(points: Iterable[Mapping[str, Any] | None]) -> set[tuple[str, int]]:
    return {(e["doc"], e["start"]) for p in points if p for e in p.get("evidence", [])}


def build_scoreboard(timelines: list[dict], findings: list[Finding],
                     carried: Container[str] | None = None, open_groups: int = 0
                     ) -> list[ScoreGroup]:
    """Region-year groups of timeline rows. A closed group (past the first ``open_groups``)
    whose key is in ``carried`` — its table is shipped as the last run's blob — gets no
    rows, only its counts: at 10,000 documents the rows are ~35,000 timelines to draw.
    Groups are keyed only for the store's audit (``carried`` given, maybe empty): a path
    audit never reuses a table, and hashing every group's inputs takes ~1 s at 10,000."""
    by_key: dict[tuple[str, int], list[tuple[str, str, str]]] = defaultdict(list)
    for f in findings:
        for e in f.evidence:
            by_key[(e.doc, e.start)].append((f.id, f.rule, f.severity.value))
    inputs: dict[tuple[str, str], list] = defaultdict(list)
    for t in timelines:
        keys = _evidence_keys([t.get("target"), t.get("result"), *t.get("progress", []),
                               *t.get("restated", [])])
        linked = list(dict.fromkeys(fid for k in sorted(keys) for fid in by_key.get(k, [])))
        inputs[(_str(t.get("region")), _str(t.get("year")))].append([t, linked])
    order = {s: i for i, s in enumerate(TARGET_STATUSES)}
    out = []
    for i, ((region, year), group) in enumerate(sorted(inputs.items(),
                                                      key=lambda kv: (kv[0][0], kv[0][1]))):
        key = _group_key(group) if carried is not None else ""
        if carried is not None and i >= open_groups and key in carried:
            statuses = sorted((_str(t.get("status")) or "not_assessable" for t, _ in group),
                              key=lambda st: order.get(st, 9))
            out.append(ScoreGroup(region, year, [], dict(Counter(statuses)), key))
            continue
        rows = [_timeline_row(t, linked) for t, linked in group]
        rows.sort(key=lambda r: (order.get(r.status, 9), r.indicator))
        out.append(ScoreGroup(region, year, rows, dict(Counter(r.status for r in rows)), key))
    return out


def _timeline_row(t: Mapping[str, Any], linked: list) -> TimelineRow:
    res = t.get("result")
    return TimelineRow(
        indicator=_str(t.get("indicator")), indicator_name=indicator_name(
            _str(t.get("indicator"))), measure=_str(t.get("measure")),
        target=_point_text(t.get("target")),
        qualifier=_str((t.get("target") or {}).get("qualifier")),
        restated=[_point_text(p) for p in t.get("restated", [])],
        progress=[(period_name(p["period"]), _point_text(p))
                  for p in t.get("progress", [])],
        result=_point_text(res), result_period=period_name((res or {}).get("period")),
        status=_str(t.get("status")) or "not_assessable", findings=linked,
        spark=build_spark(t))


def _carried_tables(carried: Any, open_groups: int | None
                    ) -> tuple[Container[str] | None, int]:
    """The keys of carried scoreboard tables (None: not the store's audit; none carried
    while the caller does not say which groups are open)."""
    if carried is None:
        return None, 0
    if open_groups is None:
        return (), 0
    return carried.carried, open_groups


def _group_key(inputs: list) -> str:
    """Equal keys, equal inputs: the store's nightly audit reuses the last run's compressed
    table of a group whose key it has (``checker.report.html.score_blobs``)."""
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- findings -----------------------------------------------------------------------------

def _context(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around [lo, hi) and one more on each side, at most CONTEXT_CHARS."""
    left = lo
    for _ in range(2):
        cut = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, lo - CONTEXT_CHARS),
                                                            max(0, left - 1))), default=None)
        if cut is None:
            left = max(0, lo - CONTEXT_CHARS)
            break
        left = cut
    right = hi
    for _ in range(2):
        m = _SENTENCE_END.search(text, right, min(len(text), hi + CONTEXT_CHARS))
        if m is None:
            right = min(len(text), hi + CONTEXT_CHARS)
            break
        right = m.end()
    return left, right


def build_passages(evidence: Iterable[Evidence], docs: Mapping[str, Document]
                   ) -> list[Passage]:
    by_doc: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        by_doc[e.doc].append(e)
    out: list[Passage] = []
    for doc_id, evs in by_doc.items():
        doc = docs.get(doc_id)
        evs = sorted(evs, key=lambda e: (e.start, e.end))
        clusters: list[list[Evidence]] = []
        for e in evs:
            if clusters and e.start - clusters[-1][-1].end < CLUSTER_GAP:
                clusters[-1].append(e)
            else:
                clusters.append([e])
        for cl in clusters:
            if doc is None:  # evidence into a document not in this run: the quotes only
                parts = [(e.quote, True) for e in cl]
                out.append(Passage(doc_id, doc_id, cl[0].start, cl[-1].end, parts, False,
                                   False))
                continue
            text = doc.text
            lo, hi = _context(text, cl[0].start, max(e.end for e in cl))
            parts, pos = [], lo
            for e in cl:
                if e.start < pos:  # overlapping quotes: mark the uncovered rest
                    if e.end > pos:
                        parts.append((text[pos:e.end], True))
                        pos = e.end
                    continue
                parts.append((text[pos:e.start], False))
                parts.append((text[e.start:e.end], True))
                pos = e.end
            parts.append((text[pos:hi], False))
            if not parts[0][1]:
                parts[0] = (parts[0][0].lstrip(), False)
            if not parts[-1][1]:
                parts[-1] = (parts[-1][0].rstrip(), False)
            out.append(Passage(doc_id, doc.path, cl[0].start, cl[-1].end,
                               [p for p in parts if p[0]], lo > 0, hi < len(text)))
    return out


def _decimals(x: float) -> int:
    text = fmt_number(x)
    return len(text.split(".")[1]) if "." in text else 0


def _nearest(values: Mapping[str, Any]) -> str:
    """The value nearest the stated one that the relation allows, one decimal finer than
    the stated figure (9.62321 → 9.62 against a stated 14.6)."""
    stated = values.get("stated")
    if not isinstance(stated, (int, float)):
        return ""
    unit = str(values.get("unit", ""))
    for lo_key, hi_key in (("allowed_low", "allowed_high"), ("computed_low", "computed_high")):
        lo, hi = values.get(lo_key), values.get(hi_key)
        if isinstance(lo, (int, float)) or isinstance(hi, (int, float)):
            lo = lo if isinstance(lo, (int, float)) else float("-inf")
            hi = hi if isinstance(hi, (int, float)) else float("inf")
            near = min(max(stated, lo), hi)
            if near == stated and isinstance(values.get("computed"), (int, float)):
                near = values["computed"]
            return f"{fmt_number(round(near, _decimals(stated) + 1))}{unit}"
    return ""


def waiver_entry(f: Finding, today: dt.date, message: str | None = None) -> str:
    """A ``--waivers`` entry as YAML. Written by hand, not by yaml.safe_dump (10 s for 10,000
    entries): the strings are JSON double-quoted scalars, which YAML reads as they are."""
    reason = f"TODO: why this is not a problem ({f.rule}: {message or f.message})"[:300]
    expires = today + dt.timedelta(days=WAIVER_DAYS)
    return (f"- id: {_yaml_string(f.id)}\n  reason: {_yaml_string(reason)}\n"
            f"  reviewer: TODO\n  expires: {expires.isoformat()}\n")


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar: JSON's, with what YAML reads as a line break or refuses
    (U+2028, U+0085, a BOM …) escaped too."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) < 0x10000
                   else f"\\U{ord(c):08x}" for c in json.dumps(text, ensure_ascii=False))


def _claim_lookup(claims: pd.DataFrame, findings: list[Finding]
                  ) -> dict[tuple[str, int], tuple[str, str]]:
    """(doc, start) → (indicator, region) of the claims the findings quote."""
    keys = {(e.doc, e.start) for f in findings for e in f.evidence}
    if claims.empty or not keys:
        return {}
    at = pd.MultiIndex.from_arrays([claims[C.DOC].astype(str), claims[C.START].astype(int)])
    rows = claims[at.isin(list(keys))]
    cols = rows[[C.DOC, C.START, C.INDICATOR, C.REGION]]
    return {(str(d), int(s)): (_str(i), _str(r))
            for d, s, i, r in cols.itertuples(index=False, name=None)}


def _steps(explanation: str) -> list[str]:
    lines = [x.strip() for x in (explanation or "").split("\n") if x.strip()]
    if len(lines) > 1:
        return lines
    return [x.strip() for x in _STEP_SPLIT.split(explanation or "") if x and x.strip()]


def _value(key: str, v: Any) -> Text:
    if key in _VALUE_LABELS:
        return label(_VALUE_LABELS[key], v)
    shown = fmt_number(v) if isinstance(v, float) else _str(v)
    return Text(shown, shown)


def wordings(f: Finding) -> dict[str, Wording]:
    """The finding in both languages; one worded in a single language (a findings.json of
    an earlier version) reads the same in both."""
    only = Wording(f.title, f.message, f.explanation)
    return {lang: f.texts.get(lang) or only for lang in ("zh", "en")}


def build_finding(f: Finding, docs: Mapping[str, Document], rules: Mapping[str, Any],
                  lookup: Mapping[tuple[str, int], tuple[str, str]], order: int,
                  position: int, today: dt.date) -> FindingView:
    rule = rules.get(f.rule)
    title = Text2(rule.title.get("zh", f.rule), rule.title.get("en", f.rule)) if rule \
        else Text2(f.title, f.title)
    ind, region = "", ""
    for e in f.evidence:
        ind, region = lookup.get((e.doc, e.start), ("", ""))
        if ind or region:
            break
    values = [(re.sub(r"[^A-Za-z0-9_]", "_", str(k)), _value(str(k), v))
              for k, v in f.values.items()]
    words = wordings(f)
    docs_of = list(dict.fromkeys(e.doc for e in f.evidence))
    return FindingView(
        id=f.id, rule=f.rule, rule_title=title, severity=f.severity.value, status=f.status,
        chunk=order // BODY_CHUNK, indicator_name=indicator_name(ind),
        quotes=" ".join([*dict.fromkeys(e.quote for e in f.evidence),
                         *(docs[d].path for d in docs_of if d in docs)]),
        title=f.title, message=Text(words["zh"].message, words["en"].message), docs=docs_of,
        region=region, indicator=ind, order=order, position=position,
        passages=build_passages(f.evidence, docs),
        steps={lang: _steps(w.explanation) for lang, w in words.items()},
        values=values, nearest=_nearest(f.values),
        waiver=Text(*(waiver_entry(f, today, words[lang].message) for lang in ("zh", "en"))))


# --- per-document blobs -------------------------------------------------------------------

def _claim_descriptor(indicator: str, kind: str, role: str, period: str) -> list[str]:
    """A claim's hover title in the document view, [zh, en]: 地区生产总值 · 增速 · 实际 · 1-9月."""
    words = [indicator_name(indicator) if indicator else None,
             label("measure", kind) if kind else None,
             label("claim_role", role) if role else None,
             period_name(period) if period else None]
    return [" · ".join(w[lang] for w in words if w is not None) for lang in ("zh", "en")]


def view_order(documents: list[Document], findings: list[Finding], limit: int) -> list[str]:
    """The documents whose text the page may embed, most wanted first: those with findings
    (worst severity, then most findings, then corpus order), then, in a corpus of at most
    ``limit`` documents, the others in corpus order."""
    worst: dict[str, int] = {}
    count: Counter = Counter()
    for f in findings:
        for doc in dict.fromkeys(e.doc for e in f.evidence):
            worst[doc] = max(worst.get(doc, 0), f.severity.rank)
            count[doc] += 1
    order = {d.id: i for i, d in enumerate(documents)}
    flagged = sorted((d for d in order if d in worst),
                     key=lambda d: (-worst[d], -count[d], order[d]))
    quiet = [d.id for d in documents if d.id not in worst] if len(documents) <= limit else []
    return flagged + quiet


def _codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """``column``'s values as strings (missing as "") → (codes, distinct strings), in
    order of first appearance."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    names = ["" if pd.isna(u) else str(u) for u in uniques]
    again, distinct = pd.factorize(np.array(names, dtype=object))
    return again[codes], [str(d) for d in distinct]


def _claim_kinds(rows: pd.DataFrame) -> tuple[np.ndarray, list[list[str]]]:
    """Each row's (indicator, kind, role, period) descriptor index, and the descriptors,
    in order of first appearance (from the columns' codes: no string per row is built)."""
    codes, names = _codes(rows[C.INDICATOR])
    combos = [(n,) for n in names]
    for column in (C.KIND, C.ROLE, C.PERIOD):
        more, more_names = _codes(rows[column])
        joined, firsts = pd.factorize(codes.astype(np.int64) * len(more_names) + more)
        combos = [(*combos[int(f) // len(more_names)], more_names[int(f) % len(more_names)])
                  for f in firsts]
        codes = joined
    return codes, [_claim_descriptor(*combo) for combo in combos]


def _doc_blobs(documents: list[Document], claims: pd.DataFrame, findings: list[Finding],
               wanted: list[str], budget: float = float("inf")
               ) -> tuple[dict[str, str], list[list[str]]]:
    """One packed blob per viewable document: its text, its claims as (start − previous
    start, length, descriptor index) triples, its findings' evidence spans. Documents are
    packed in ``wanted``'s order until their blobs would pass ``budget`` characters."""
    with_view = set(wanted)
    kinds: list[list[str]] = []
    spans: dict[str, np.ndarray] = {}  # doc → its rows' (start, end, kind), text order
    if not claims.empty:
        rows = claims.loc[claims[C.DOC].astype(str).isin(with_view).to_numpy(),
                          [C.DOC, C.START, C.END, C.INDICATOR, C.KIND, C.ROLE, C.PERIOD]]
        codes, kinds = _claim_kinds(rows)
        docs, doc_ids = _codes(rows[C.DOC])
        table = np.column_stack([rows[C.START].to_numpy(np.int64),
                                 rows[C.END].to_numpy(np.int64), codes])
        del rows
        order = np.lexsort((table[:, 1], table[:, 0], docs))  # stable: by doc, start, end
        bounds = np.flatnonzero(np.diff(docs[order])) + 1
        for part in np.split(order, bounds) if len(order) else []:
            spans[doc_ids[docs[part[0]]]] = table[part]
    evidence: dict[str, list[list[Any]]] = defaultdict(list)
    for f in findings:
        for e in f.evidence:
            if e.doc in with_view:
                evidence[e.doc].append([e.start, e.end, f.id, f.severity.value])
    by_id = {d.id: d for d in documents}
    blobs: dict[str, str] = {}
    used = 0
    for doc_id in wanted:
        doc = by_id[doc_id]
        blob = pack({"t": doc.text, "c": _triples(spans.get(doc.id)),
                     "e": evidence.get(doc.id, [])}, level=6)
        if used + len(blob) > budget:
            break
        blobs[doc_id] = blob
        used += len(blob)
    return blobs, kinds


def _triples(table: np.ndarray | None) -> list[int]:
    """A document's (start, end, kind) rows → flat (start − previous start, length, kind)."""
    if table is None:
        return []
    s = table[:, 0]
    delta = s.copy()
    delta[1:] -= s[:-1]
    return np.column_stack([delta, table[:, 1] - s, table[:, 2]]).ravel().tolist()


# --- the page -----------------------------------------------------------------------------

def build_context(result: Any, *, lang: str = "zh", version: str = "",
                  generated: dt.datetime | None = None, rules: Mapping[str, Any] | None = None,
                  full_view_limit: int | None = None, text_budget: float | None = None,
                  open_groups: int | None = None) -> AuditPage:
    """``result`` is an :class:`~checker.audit.AuditResult` (or anything with its fields).
    ``open_groups``: how many scoreboard groups the page renders inline; past them, groups
    whose table the store carried from the last run (``result.score_blobs``) get no rows."""
    if rules is None:
        from checker.rules import registry

        rules = registry()
    generated = generated or dt.datetime(1970, 1, 1)
    documents: list[Document] = list(result.documents)
    docs = {d.id: d for d in documents}
    findings: list[Finding] = list(result.findings)
    claims: pd.DataFrame = result.claims
    lookup = _claim_lookup(claims, findings)
    doc_order = {d.id: i for i, d in enumerate(documents)}
    pos_order = sorted(range(len(findings)), key=lambda i: (
        doc_order.get(findings[i].evidence[0].doc, len(doc_order)),
        findings[i].evidence[0].start) if findings[i].evidence else (len(doc_order), 0))
    position = {i: rank for rank, i in enumerate(pos_order)}
    views = [build_finding(f, docs, rules, lookup, i, position[i], generated.date())
             for i, f in enumerate(findings)]

    findings_per_doc: Counter = Counter(d for v in views for d in v.docs)
    counts = getattr(result, "claim_counts", None)  # the store's incremental audit
    claims_per_doc: Counter = Counter(counts) if counts is not None else Counter(
        {str(k): int(v) for k, v in claims[C.DOC].value_counts().items()}) \
        if not claims.empty else Counter()
    limit = view_limit() if full_view_limit is None else full_view_limit
    budget = text_budget_chars() if text_budget is None else text_budget
    blobs, kinds = _doc_blobs(documents, claims, findings,
                              view_order(documents, findings, limit), budget)
    doc_rows = [DocRow(d.id, d.path, d.meta.kind.value, _str(d.meta.region), _str(d.meta.year),
                       period_name(d.meta.period), _str(d.meta.title), claims_per_doc[d.id],
                       findings_per_doc[d.id], d.id in blobs,
                       label("document", d.meta.kind.value)) for d in documents]

    used_rules = list(dict.fromkeys(v.rule for v in views))
    indicators = sorted({v.indicator for v in views if v.indicator})
    filters = FilterOptions(
        rules=[(r, next(v.rule_title for v in views if v.rule == r)) for r in sorted(used_rules)],
        documents=[(d.id, d.path) for d in documents if findings_per_doc[d.id]],
        regions=sorted({v.region for v in views if v.region}),
        indicators=[(i, indicator_name(i)) for i in indicators])
    return AuditPage(
        lang=lang, strings=STRINGS,
        summary=build_summary(result, rules, version, generated.strftime("%Y-%m-%d %H:%M")),
        documents=doc_rows, scoreboard=build_scoreboard(
            list(result.timelines), findings,
            *_carried_tables(getattr(result, "score_blobs", None), open_groups)),
        findings=views, filters=filters, doc_blobs=blobs, claim_kinds=kinds, view_limit=limit,
        views_omitted=sum(not d.has_view and not d.findings for d in doc_rows),
        views_over_budget=sum(not d.has_view and d.findings > 0 for d in doc_rows),
        text_budget_mb=round(budget / 1e6, 1) if budget != float("inf") else 0.0)
