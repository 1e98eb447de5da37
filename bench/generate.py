"""Synthetic corpora of work reports and progress bulletins, with planted inconsistencies.

    python bench/generate.py --docs 1000 --out bench/out/gen-1000            # seed 1
    python bench/generate.py --docs 100 --out DIR --seed 7 --rate 0.05

Per region × year: a government work report (review of last year with its full-year
results, this year's growth-target block and task targets, self-building prose) and three
progress bulletins (一季度, 上半年, 1-9月) whose numbered items restate each target and report
progress: levels, growth, completion rates ("完成年度计划的83.9%"), 其中 breakdowns whose
parts add up, shares of GDP. The 一季度 bulletin opens with last year's full-year figures,
which next year's... i.e. the same year's report also gives (a cross-document pair). Every
document is padded with template prose and extra numbered task items to 20-50 KB, like the
seeds. Half-width punctuation, UTF-8.

A region's documents agree with each other and with its targets (growth at or above a
floor target, inside a 左右 band, below a ceiling; cumulative progress ahead of 序时进度;
full-year results meeting the targets) except where an inconsistency is planted. Every
plantable slot is planted independently with probability ``--rate``:

  sum     a 其中 list whose parts do not add up to the stated total
  ratio   a completion rate that does not match its counts (progress ÷ restated target)
  drift   a bulletin's restated target that differs from the report's target
  missed  a full-year result (next year's report) that misses the target
  xdoc    a last-year figure in the 一季度 bulletin that differs from the report's

Writes ``manifest.csv`` (file,region,year,period,kind,title; INTERFACES.md), the documents,
and ``truth.json``: every planted item with its file, kind, quote and character offsets
(``quote == text[start:end]``), plus the number of slots of each kind. Deterministic for a
given ``--seed`` (each region is generated from its own derived seed).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("sum", "ratio", "drift", "missed", "xdoc")
VERSION = 3  # bump when the same --docs/--seed/--rate would give different documents
PERIODS = (("一季度", "1-3月", 0.25), ("上半年", "1-6月", 0.50), ("1-9月", "1-9月", 0.75))
TITLE_PERIOD = {"一季度": "一季度", "上半年": "上半年", "1-9月": "三季度"}
FIRST_YEAR = 2015

_C1 = "青云临安平江河石龙凤金长东西南北新宁丰华兴永明泰嘉宜崇通阳远德"
_C2 = "川山水城源溪林州阳宁川陵岭昌化丘峰泉沙湖滨安都原口门"
_SUFFIX = "市县区"

# Growth indicators: (name in targets, kind, level share of the year? , level base 亿元 range)
# kind: floor (增长X%), band (增长X%左右), ceiling (控制在X%以内 / 左右)
GROWTH = [
    ("地区生产总值", "band", (300.0, 3000.0)),
    ("规模以上工业增加值", "floor", None),
    ("固定资产投资", "floor", None),
    ("社会消费品零售总额", "floor", (100.0, 1200.0)),
    ("一般公共预算收入", "band", (20.0, 300.0)),
    ("进出口总额", "floor", (10.0, 300.0)),
]

# Cumulative task targets: (target verb+object, unit, scale, decimals of target, progress
# phrase, progress decimals). scale: the target is written in 万 when 1e4.
TASKS = [
    ("新增城镇就业", "人", 1e4, 1, "城镇新增就业", 0),
    ("新改建农村公路", "公里", 1, 0, "新改建农村公路", 2),
    ("新建5G基站", "座", 1, 0, "新建5G基站", 0),
    ("新增规上工业企业", "家", 1, 0, "新增规上工业企业", 0),
    ("新建高标准农田", "亩", 1e4, 2, "建成高标准农田", 0),
    ("新通天然气", "户", 1e4, 1, "新增通气用户", 0),
    ("更新改造老旧小区", "个", 1, 0, "开工改造老旧小区", 0),
    ("新增市场主体", "户", 1e4, 1, "新增市场主体", 0),
    ("新增高新技术企业", "家", 1, 0, "新增高新技术企业", 0),
    ("完成人才引进", "人", 1, 0, "引进各类人才", 0),
    ("新建公办幼儿园", "所", 1, 0, "新建公办幼儿园", 0),
    ("实施农村饮水安全巩固提升工程", "处", 1, 0, "完成农村饮水工程", 0),
    ("新增城市绿地", "亩", 1e4, 2, "新增城市绿地", 0),
    ("培育省级以上专精特新企业", "家", 1, 0, "认定省级以上专精特新企业", 0),
    ("新建污水管网", "公里", 1, 0, "新建污水管网", 1),
    ("完成农村危房改造", "户", 1, 0, "完成农村危房改造", 0),
    ("新增技能人才", "人", 1e4, 1, "新增技能人才", 0),
    ("建设乡镇综合文化站", "个", 1, 0, "建成乡镇综合文化站", 0),
]
EXTRA_OBJECTS = [
    "标准化厂房", "冷链物流仓储", "社区养老服务中心", "农村公厕", "口袋公园", "充电桩",
    "城市书房", "乡村振兴示范村", "智慧停车泊位", "农贸市场", "健康驿站", "便民服务中心",
    "标准化卫生室", "校舍维修项目", "河道治理项目", "地质灾害点治理", "供水管网改造",
    "背街小巷整治", "农田水利设施", "电商服务站点",
]
EXTRA_UNITS = ["个", "处", "座", "家", "条", "项"]

SUM_GROUPS = [
    # (total phrase, unit, parts, decimals)
    ("新增停车位", "个", ["公共停车泊位", "新建小区配建", "老旧小区改造及住宅小区改造"], 0),
    ("完成营造林面积", "万亩", ["人工造林", "封山育林", "退化林修复"], 2),
    ("新签约亿元以上项目", "个", ["工业项目", "服务业项目", "农业项目"], 0),
    ("整治拥堵点", "个", ["已完工", "正在施工"], 0),
    ("发放创业担保贷款", "亿元", ["个人创业贷款", "小微企业贷款"], 2),
]

PROSE = [
    "坚持稳中求进工作总基调,完整准确全面贯彻新发展理念,主动融入新发展格局",
    "着力推动高质量发展,统筹发展和安全,扎实做好稳增长、促改革、调结构、惠民生、防风险各项工作",
    "各地各部门坚持目标导向和问题导向,层层压实责任,倒排工期、挂图作战",
    "持续优化营商环境,深化放管服改革,政务服务事项实现一网通办、一窗通办",
    "坚持项目为王,强化要素保障,推动重大项目早落地、早开工、早见效",
    "大力实施创新驱动发展战略,加快建设区域科技创新中心,企业创新主体地位不断增强",
    "统筹推进新型城镇化和乡村振兴,城乡融合发展体制机制更加健全",
    "坚决打好污染防治攻坚战,空气质量持续改善,重点流域水质稳定达标",
    "持续保障和改善民生,办好一批群众急难愁盼的民生实事",
    "牢牢守住安全生产底线,扎实开展安全生产专项整治,社会大局和谐稳定",
    "加强和创新社会治理,推进市域社会治理现代化试点,群众安全感满意度持续提升",
    "坚持以人民为中心的发展思想,教育、医疗、养老、文化等公共服务供给不断优化",
    "深入推进招商引资一号工程,瞄准龙头企业和产业链关键环节精准招商",
    "大力发展数字经济,推进企业上云用数赋智,培育一批智能制造示范企业",
    "全面推进乡村振兴,巩固拓展脱贫攻坚成果,守住不发生规模性返贫底线",
    "加快建设现代化基础设施体系,交通、水利、能源、信息等重大工程有序推进",
    "坚持房子是用来住的、不是用来炒的定位,促进房地产市场平稳健康发展",
    "深化国资国企改革,完善中国特色现代企业制度,国有资本布局持续优化",
    "扎实推进法治政府建设,严格规范公正文明执法,自觉接受人大法律监督和政协民主监督",
    "持之以恒正风肃纪,驰而不息纠治四风,营造风清气正的政治生态",
    "对照年度目标任务,逐项梳理、逐项分析,找准短板弱项,制定针对性措施",
    "加强经济运行监测调度,密切跟踪重点行业、重点企业、重点项目运行情况",
    "牵头单位要切实履行主体责任,配合单位要主动对接、协同发力,确保各项任务按时保质完成",
    "对进度滞后的事项实行挂牌督办,对工作不力的单位和个人严肃问责",
    "强化财政资金统筹,加大对重点领域和薄弱环节的支持力度",
    "推进文化旅游深度融合,打造一批精品景区和特色街区,文旅消费持续回暖",
    "健全多层次社会保障体系,扩大社会保险覆盖面,提高社会救助水平",
    "加强耕地保护和粮食安全,严格落实耕地保护责任目标,确保粮食生产稳定",
    "推动绿色低碳发展,有序推进碳达峰碳中和,加快发展清洁能源和节能环保产业",
    "加强政务督查,完善督查督办机制,推动各项决策部署落地见效",
]


@dataclass
class Planted:
    kind: str
    quote: str
    detail: str


@dataclass
class Doc:
    """A document built from segments; planted segments keep their offsets."""

    parts: list[str] = field(default_factory=list)
    planted: list[tuple[int, Planted]] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, plant: Planted | None = None) -> None:
        if plant is not None:
            inner = text.find(plant.quote)
            assert inner >= 0, (plant.quote, text)
            self.planted.append((self.length + inner, plant))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def fmt(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}" if decimals else str(round(x))


def region_names(n: int, rng: random.Random) -> list[str]:
    names = [a + b + s for a in _C1 for b in _C2 for s in _SUFFIX if a != b]
    rng.shuffle(names)
    seen: list[str] = []
    used: set[str] = set()
    for name in names:
        if name[:2] not in used:
            used.add(name[:2])
            seen.append(name)
        if len(seen) == n:
            return seen
    raise SystemExit(f"only {len(seen)} distinct region names, {n} needed")


class Region:
    """All the figures of one region, consistent by construction; plants decided here."""

    def __init__(self, name: str, years: list[int], rng: random.Random, rate: float,
                 slots: dict[str, int]):
        self.name, self.years, self.rng, self.rate, self.slots = name, years, rng, rate, slots
        self.whole = "全" + name[-1]  # 全市/全县/全区
        self.tasks = rng.sample(TASKS, k=min(len(TASKS), rng.randint(10, 14)))
        self.sums = rng.sample(SUM_GROUPS, k=rng.randint(3, len(SUM_GROUPS)))
        self.base = {g[0]: rng.uniform(*g[2]) for g in GROWTH if g[2]}
        self.hightech_share = rng.uniform(0.08, 0.2)
        # targets[year] and results[year] (full year; year FIRST-1 is the review of the first)
        self.targets: dict[int, dict] = {}
        self.results: dict[int, dict] = {}
        for y in [years[0] - 1, *years]:
            self.targets[y] = self._targets()
            self.results[y] = self._results(y)

    def plant(self, kind: str) -> bool:
        self.slots[kind] += 1
        return self.rng.random() < self.rate

    def _targets(self) -> dict:
        r = self.rng
        growth = {name: round(r.uniform(5.0, 12.0) * 2) / 2 for name, _, _ in GROWTH}
        tasks = {}
        for verb, unit, scale, dec, _, _ in self.tasks:
            if scale == 1e4:
                t = round(r.uniform(1.0, 9.0), dec)
            elif unit in ("公里",):
                t = r.randrange(100, 900, 10)
            else:
                t = r.randint(20, 600)
            tasks[verb] = t
        return {"growth": growth, "cpi": r.choice([3.0, 3.0, 3.5]),
                "unemp": r.choice([4.5, 4.5, 5.0, 5.5]), "tasks": tasks}

    def _growth_actual(self, target: float, kind: str) -> float:
        r = self.rng
        if kind == "band":
            return round(target + r.uniform(-0.3, 0.4), 1)
        return round(target + r.uniform(0.2, 3.0), 1)

    def _results(self, y: int) -> dict:
        t = self.targets[y]
        r = self.rng
        growth = {name: self._growth_actual(t["growth"][name], kind) for name, kind, _ in GROWTH}
        levels = {}
        for name, base in self.base.items():
            base *= (1 + r.uniform(0.04, 0.1)) ** (y - FIRST_YEAR + 5)
            levels[name] = round(base, 2)
        tasks = {}
        for verb, _unit, scale, _dec, _, _pdec in self.tasks:
            tasks[verb] = t["tasks"][verb] * scale * r.uniform(1.01, 1.3)
        return {"growth": growth, "levels": levels, "tasks": tasks,
                "cpi": round(t["cpi"] - r.uniform(0.3, 2.0), 1),
                "unemp": round(t["unemp"] - r.uniform(0.5, 2.0), 2)}

    # --- text pieces -----------------------------------------------------------------

    def prose(self, doc: Doc, n: int) -> None:
        r = self.rng
        for _ in range(n):
            k = r.randint(2, 4)
            doc.add(";".join(r.sample(PROSE, k)) + "。")
        doc.add("\n\n")

    def target_phrase(self, name: str, kind: str, value: float) -> str:
        v = fmt(value, 1) if value != int(value) else str(int(value))
        return f"{name}增长{v}%" + ("左右" if kind == "band" else "")

    def task_target(self, task: tuple, value: float) -> str:
        verb, unit, scale, dec, _, _ = task
        if scale == 1e4:
            return f"{verb}{fmt(value, dec)}万{unit}"
        return f"{verb}{fmt(value, dec)}{unit}" + ("以上" if unit == "公里" else "")


def goal_chars(r: random.Random) -> int:
    """Target length in characters: ~3 UTF-8 bytes each, so 21-45 KB."""
    return r.randint(7500, 15500)


def write_report(reg: Region, y: int) -> tuple[Doc, str]:
    """The work report delivered in year ``y``: review of y-1, targets for y."""
    r = reg.rng
    doc = Doc()
    title = f"{y}年{reg.name}政府工作报告"
    doc.add(f"{title}\n\n发布机构: {reg.name}人民政府\n"
            f"发布日期:{y}年01月{r.randint(10, 28):02d}日\n\n")
    doc.add(f"{title}\n\n——{y}年1月{r.randint(5, 20)}日在{reg.name}第十届人民代表大会第"
            f"{r.randint(1, 5)}次会议上\n\n各位代表:\n\n现在,我代表{reg.name}人民政府,向大会报告"
            "政府工作,请予审议,并请各位政协委员提出意见。\n\n")
    doc.add(f"一、{y - 1}年工作回顾\n\n")
    reg.prose(doc, 2)
    last_t, last = reg.targets[y - 1], reg.results[y - 1]
    # full-year results (slots: missed per growth indicator)
    pieces = []
    for name, _kind, _ in GROWTH:
        g = last["growth"][name]
        phrase = f"{name}增长{fmt(g, 1)}%"
        if name in last["levels"]:
            phrase = f"{name}完成{fmt(last['levels'][name], 2)}亿元,增长{fmt(g, 1)}%"
        pieces.append((name, phrase))
    doc.add(f"过去一年,{reg.whole}经济运行稳中有进。")
    for i, (name, phrase) in enumerate(pieces):
        sep = ";" if i < len(pieces) - 1 else "。"
        # a miss is only plantable when the report holding the target is in the corpus
        if y - 1 in reg.years and reg.plant("missed"):
            kind = dict((g[0], g[1]) for g in GROWTH)[name]
            target = last_t["growth"][name]
            missed = round(target - r.uniform(1.5, 4.0), 1)
            last["growth"][name] = missed  # the bulletin preface must agree with the report
            new = f"{name}增长{fmt(missed, 1)}%"
            if name in last["levels"]:
                new = f"{name}完成{fmt(last['levels'][name], 2)}亿元,增长{fmt(missed, 1)}%"
            doc.add(new + sep, Planted("missed", new, f"target {target}% ({kind}), result "
                                       f"{missed}%"))
        else:
            doc.add(phrase + sep)
    doc.add(f"居民消费价格指数涨幅{fmt(last['cpi'], 1)}%,城镇登记失业率{fmt(last['unemp'], 2)}%。")
    for task in reg.tasks[:6]:
        verb, unit, scale, _dec, prog, pdec = task
        done = last["tasks"][verb]
        pct = done / (last_t["tasks"][verb] * scale) * 100
        shown = f"{fmt(done / 1e4, 2)}万{unit}" if scale == 1e4 else f"{fmt(done, pdec)}{unit}"
        doc.add(f"{prog}{shown},完成年度计划的{fmt(pct, 1)}%。")
    doc.add("\n\n")
    reg.prose(doc, 6)
    doc.add("同时,我们也清醒地认识到,发展还面临不少困难和挑战,主要表现为:经济规模不大,"
            "总体实力不强;产业结构不优,发展质效不高;创新动力不足,科技支撑不强。\n\n")
    doc.add(f"二、{y}年工作安排\n\n")
    reg.prose(doc, 2)
    t = reg.targets[y]
    block = ";".join(reg.target_phrase(name, kind, t["growth"][name]) for name, kind, _ in GROWTH)
    doc.add(f"{y}年经济社会发展预期目标:{block};城乡居民收入与经济增长基本同步;居民消费价格"
            f"指数涨幅控制在{fmt(t['cpi'], 1)}%以内;城镇登记失业率控制在{fmt(t['unemp'], 1)}%以内;"
            "确保完成省定节能减排任务。\n\n")
    for i, task in enumerate(reg.tasks):
        doc.add(f"({'一二三四五六七八九十'[i % 10]})" + r.choice(PROSE) + "。")
        doc.add(reg.task_target(task, t["tasks"][task[0]]) + "。")
        reg.prose(doc, 3)
    doc.add("三、加强政府自身建设\n\n")
    reg.prose(doc, 8)
    while doc.length < goal_chars(r):
        reg.prose(doc, 3)
    doc.add("各位代表!新征程催人奋进,新使命重任在肩。让我们更加紧密地团结在以习近平同志为核心"
            "的党中央周围,凝心聚力、真抓实干,奋力谱写高质量发展新篇章!\n")
    return doc, title


def write_bulletin(reg: Region, y: int, period: str, span: str, elapsed: float
                   ) -> tuple[Doc, str]:
    r = reg.rng
    doc = Doc()
    title = (f"关于{y}年《政府工作报告》确定主要目标任务{TITLE_PERIOD[period]}进展情况的通报")
    month = {"一季度": 4, "上半年": 7, "1-9月": 10}[period]
    doc.add(f"• 发布机构: {reg.name}人民政府办公室政务督查室\n• 发布日期:{y}年{month:02d}月"
            f"{r.randint(10, 28):02d}日\n• 名  称:{title}\n\n{title}\n\n字号: 分享到:\n\n")
    doc.add(f"为切实推进政府决策部署的贯彻落实,政府政务督查室对《政府工作报告》确定主要目标任务"
            f"{TITLE_PERIOD[period]}进展情况进行了督办。现将有关情况通报如下:\n\n")
    t, res = reg.targets[y], reg.results[y]
    if period == "一季度":
        last = reg.results[y - 1]
        doc.add(f"{y - 1}年全年,")
        names = [g[0] for g in GROWTH if g[0] in last["levels"]]
        for i, name in enumerate(names):
            value = last["levels"][name]
            sep = "," if i < len(names) - 1 else "。"
            phrase = f"{reg.whole}{name}{fmt(value, 2)}亿元"
            if reg.plant("xdoc"):
                wrong = value * r.choice([1, -1]) * r.uniform(0.02, 0.08) + value
                phrase = f"{reg.whole}{name}{fmt(wrong, 2)}亿元"
                doc.add(phrase + sep, Planted("xdoc", phrase, f"report {y} gives "
                                              f"{fmt(value, 2)}亿元"))
            else:
                doc.add(phrase + sep)
        doc.add("为全年目标任务完成奠定了坚实基础。\n\n")
    doc.add(f"一、{y}年经济社会发展主要预期目标\n\n")
    n = 0
    season = elapsed + r.uniform(-0.02, 0.02)
    for name, kind, lv in GROWTH:
        n += 1
        target = t["growth"][name]
        restated = reg.target_phrase(name, kind, target)
        item = f"{n}."
        if reg.plant("drift"):
            wrong = target + r.choice([1, -1]) * r.choice([1.0, 1.5, 2.0])
            restated = reg.target_phrase(name, kind, wrong)
            doc.add(item)
            doc.add(restated + "。", Planted("drift", restated, f"report says {target}%"))
        else:
            doc.add(item + restated + "。")
        g = reg._growth_actual(target, kind)
        if lv:
            level = res["levels"][name] * season
            doc.add(f"{span},完成{name}{fmt(level, 2)}亿元,比上年同期增长{fmt(g, 1)}%,"
                    f"全省排名第{r.randint(1, 17)}位。")
            if name == "地区生产总值":
                # the share of the figures as printed: a region's fixed share computed
                # from unrounded levels sat at a rounding edge in every bulletin (13.855%
                # printed 13.85%), an ARITH-BASE edge case repeated 30 times by accident
                ht = round(level * reg.hightech_share, 2)
                share = ht / round(level, 2) * 100
                doc.add(f"其中,高新技术产业增加值{fmt(ht, 2)}亿元,占地区生产总值比重"
                        f"{fmt(share, 2)}%。")
        else:
            doc.add(f"{span},{name}同比增长{fmt(g, 1)}%,全省排名第{r.randint(1, 17)}位。")
        doc.add("\n\n")
    n += 1
    doc.add(f"{n}.居民消费价格指数涨幅控制在{fmt(t['cpi'], 1)}%以内。{span},居民消费价格指数同比"
            f"上涨{fmt(t['cpi'] - r.uniform(0.3, 1.5), 1)}%。\n\n")
    n += 1
    ceiling = fmt(t["unemp"], 1)
    doc.add(f"{n}.城镇登记失业率控制在{ceiling}%以内。{span},城镇登记失业率"
            f"{fmt(t['unemp'] - r.uniform(0.5, 2.0), 2)}%,有效控制在{ceiling}%以内。\n\n")
    doc.add("二、其他指标进展情况\n\n")
    for task in reg.tasks:
        n += 1
        verb, unit, scale, dec, prog, pdec = task
        target = t["tasks"][verb]
        total = target * scale
        done = total * (elapsed + r.uniform(0.03, 0.2))
        # ahead of 序时进度: rounding a small count down (int) could put it behind
        done = round(done, pdec) if pdec else math.ceil(done)
        pct = done / total * 100
        doc.add(f"{n}.{reg.task_target(task, target)}。{span},{reg.whole}{prog}{fmt(done, pdec)}"
                f"{unit},")
        rate = f"完成年度计划的{fmt(pct, 1)}%"
        if reg.plant("ratio"):
            wrong = pct + r.choice([1, -1]) * r.uniform(2.0, 9.0)
            rate = f"完成年度计划的{fmt(wrong, 1)}%"
            doc.add(rate + "。", Planted("ratio", rate, f"{fmt(done, pdec)} / {total:g} = "
                                         f"{pct:.2f}%"))
        else:
            doc.add(rate + "。")
        doc.add(r.choice(PROSE) + "。\n\n")
    for total_name, unit, parts, dec in reg.sums:
        n += 1
        values = [r.uniform(5, 60) if dec else r.randint(3, 5000) for _ in parts]
        values = [round(v, dec) if dec else v for v in values]
        total = round(sum(values), dec) if dec else sum(values)
        shown_total = total
        detail = None
        if reg.plant("sum"):
            step = 10 ** -dec if dec else 1
            delta = r.choice([1, -1]) * r.randint(8, 40) * step
            shown_total = round(total + delta, dec) if dec else total + delta
            detail = f"parts add to {fmt(total, dec)}, stated {fmt(shown_total, dec)}"
        plist = ",".join(f"{p}{fmt(v, dec)}{unit}" for p, v in zip(parts, values, strict=True))
        clause = f"{total_name}{fmt(shown_total, dec)}{unit},其中{plist}"
        doc.add(f"{n}.{r.choice(PROSE)}。{span},{reg.whole}")
        doc.add(clause + "。", Planted("sum", clause, detail) if detail else None)
        doc.add("\n\n")
    # padding: extra numbered items from templates, consistent, until ~20-50 KB
    goal = goal_chars(r)
    while doc.length < goal:
        n += 1
        obj, unit = r.choice(EXTRA_OBJECTS), r.choice(EXTRA_UNITS)
        target = r.randint(10, 400)
        # rounded up: int(14 × 0.78) = 10 of 14 is 71.4 %, behind 序时进度 at 1-9月
        done = math.ceil(target * (elapsed + r.uniform(0.03, 0.2)))
        pct = done / target * 100
        doc.add(f"{n}.建设{obj}{target}{unit}。{span},已建成{obj}{done}{unit},")
        doc.add(f"完成年度计划的{fmt(pct, 1)}%。")  # padding: never planted
        reg.prose(doc, 1)
    doc.add(f"{reg.name}人民政府办公室\n{y}年{month}月{r.randint(1, 28)}日\n")
    return doc, title


def generate(docs: int, out: Path, seed: int, rate: float) -> dict:
    region_years = max(1, math.ceil(docs / 4))
    n_years = 5 if region_years <= 50 else 10
    n_regions = math.ceil(region_years / n_years)
    rng = random.Random(seed)
    names = region_names(n_regions, rng)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    slots = dict.fromkeys(KINDS, 0)
    truth: list[dict] = []
    rows: list[dict] = []
    written = total_bytes = 0
    for ri, name in enumerate(names):
        sub = random.Random(f"{seed}:{ri}:{name}")
        years = list(range(FIRST_YEAR, FIRST_YEAR + n_years))
        reg = Region(name, years, sub, rate, slots)
        for y in years:
            batch = [("report", "", *write_report(reg, y))]
            for period, span, elapsed in PERIODS:
                batch.append(("bulletin", period, *write_bulletin(reg, y, period, span, elapsed)))
            for kind, period, doc, title in batch:
                if written >= docs:
                    break
                tag = {"": "r", "一季度": "q1", "上半年": "h1", "1-9月": "q3"}[period]
                fname = f"g{ri:04d}_{y}_{tag}.txt"
                text = doc.text()
                data = text.encode("utf-8")
                (out / fname).write_bytes(data)
                total_bytes += len(data)
                written += 1
                rows.append({"file": fname, "region": name, "year": y, "period": period,
                             "kind": kind, "title": title})
                for start, p in doc.planted:
                    assert text[start:start + len(p.quote)] == p.quote
                    truth.append({"file": fname, "kind": p.kind, "quote": p.quote,
                                  "start": start, "end": start + len(p.quote),
                                  "detail": p.detail})
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "region", "year", "period", "kind", "title"])
        w.writeheader()
        w.writerows(rows)
    summary = {
        "version": VERSION, "docs": written, "regions": n_regions, "years": n_years,
        "seed": seed, "rate": rate,
        "bytes": total_bytes, "slots": slots,
        "planted": {k: sum(1 for t in truth if t["kind"] == k) for k in KINDS},
        "items": truth,
    }
    summary["sha256"] = hashlib.sha256(json.dumps(truth, ensure_ascii=False).encode()).hexdigest()
    # dot-less name would be read as a document only if it ended in .txt; json is ignored
    (out / "truth.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100, help="number of documents (100|1000|10000)")
    ap.add_argument("--out", type=Path, required=True, help="folder (replaced)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=0.05,
                    help="probability that each plantable slot is planted (default 0.05)")
    args = ap.parse_args()
    s = generate(args.docs, args.out, args.seed, args.rate)
    print(f"{s['docs']} documents, {s['bytes'] / 1e6:.1f} MB, {s['regions']} regions × "
          f"{s['years']} years → {args.out}; planted {s['planted']} of slots {s['slots']}")


if __name__ == "__main__":
    main()
