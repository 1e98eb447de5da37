"""Audits the report tests render: the seeds, and a hostile document (shared by the plain
and the browser tests, and by bench/report.py for the synthetic large audit)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from checker.audit import AuditResult, run_audit
from checker.config import load_config

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GENERATED = dt.datetime(2026, 1, 2, 3, 4)
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CURLY = "{{ 7*7 }}"
HOSTILE_NAME = 'evil"><img src=x onerror=alert(2)>.txt'
HOSTILE_TITLE = '标题"><img src=x onerror=alert(3)>{{ 7*7 }}'
HOSTILE_TEXT = (
    f"2022年咸宁市造林绿化进展情况{SCRIPT}\n"
    "1-9月,全市完成营造林面积21.25万亩,占市年度计划任务113.3%。其中,完成人工造林8.4万亩,"
    f"封山育林6.5万亩,退化林修复6.25万亩。{IMG}\n"
    f"{CURLY} 全市地区生产总值增长4.4%,目标为增长8%左右。\n"
)


@cache
def seeds_audit() -> AuditResult:
    return run_audit([SEEDS], load_config(None))


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / HOSTILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    name = HOSTILE_NAME.replace('"', '""')
    title = HOSTILE_TITLE.replace('"', '""')
    (folder / "manifest.csv").write_text(
        "file,region,year,period,kind,title\n"
        f'"{name}",咸宁市,2022,1-9月,bulletin,"{title}"\n', encoding="utf-8")
    return folder


def hostile_audit(folder: Path) -> AuditResult:
    return run_audit([write_hostile(folder)], load_config(None))
