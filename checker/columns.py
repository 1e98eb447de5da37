"""Column names of the DataFrames inside the pipeline, written down once.

INTERFACES.md fixes the first block of the claims table; the rest are ours.
"""

from __future__ import annotations

# --- claims (INTERFACES.md "claims columns") -------------------------------------------
DOC = "doc"  # document id (12 hex digits)
START = "start"  # character offsets into Document.text; text[start:end] == quote
END = "end"
QUOTE = "quote"
WRITTEN = "written"  # the numeral as written, sign included: "4.4", "-17.5"
VALUE = "value"  # base units, scale and sign applied
UNIT = "unit"  # base unit: 元, 人, %, 百分点, ‰ …
KIND = "kind"  # level | growth | pp_change | share | rate | count | change | multiple | index
ROLE = "role"  # target | restated_target | actual
QUALIFIER = "qualifier"  # ge | gt | le | lt | approx | range | eq
INDICATOR = "indicator"  # canonical id from the catalogue, or the raw phrase
REGION = "region"
YEAR = "year"
PERIOD = "period"  # normalised: 1-6月, 1-9月, 全年, 年末 …

# --- ours ---------------------------------------------------------------------------------
VALUE_HIGH = "value_high"  # upper end of a range (6%-6.5%), else NaN
MODIFIER = "modifier"  # soft (力争/争取) | hard (确保) | ""
INDICATOR_RAW = "indicator_raw"  # the phrase the indicator was read from
INDICATOR_KNOWN = "indicator_known"  # True when INDICATOR comes from the catalogue
DECIMALS = "decimals"  # digits after the decimal point, as printed
SCALE = "scale"  # scale word as written: 万, 亿, 万亿, or ""
SIGN = "sign"  # -1 when a word (下降/减少) or a minus sign made it negative, else 1
BASE = "base"  # comparison base: 同比, 比上年, 比2020年 …
SCOPE = "scope"  # 规模以上 | 限额以上 | ""
EXACT = "exact"  # True: an exact count or restated denominator, no rounding interval
UNIT_WRITTEN = "unit_written"  # the unit as written (万元 → 万 + 元; 个百分点)
SENTENCE = "sentence"  # index of the sentence in the document
ITEM = "item"  # bulletin item number, or -1
GROUP = "group"  # id shared by the figures of one 分别/均 list or ratio structure, or ""
SECTION = "section"  # top-level section index

CLAIM_COLUMNS: tuple[str, ...] = (
    DOC, START, END, QUOTE, WRITTEN, VALUE, UNIT, KIND, ROLE, QUALIFIER, INDICATOR, REGION,
    YEAR, PERIOD, VALUE_HIGH, MODIFIER, INDICATOR_RAW, INDICATOR_KNOWN, DECIMALS, SCALE, SIGN,
    BASE, SCOPE, EXACT, UNIT_WRITTEN, SENTENCE, ITEM, GROUP, SECTION,
)

CLAIM_DTYPES: dict[str, str] = {
    DOC: "str", START: "int64", END: "int64", QUOTE: "str", WRITTEN: "str",
    VALUE: "float64", UNIT: "str", KIND: "str", ROLE: "str", QUALIFIER: "str",
    INDICATOR: "str", REGION: "str", YEAR: "Int64", PERIOD: "str", VALUE_HIGH: "float64",
    MODIFIER: "str", INDICATOR_RAW: "str", INDICATOR_KNOWN: "bool", DECIMALS: "int64",
    SCALE: "str", SIGN: "int64", BASE: "str", SCOPE: "str", EXACT: "bool",
    UNIT_WRITTEN: "str", SENTENCE: "int64", ITEM: "int64", GROUP: "str", SECTION: "int64",
}

# --- checks (one row per relation to test; checker.link → checker.rules) -----------------
# GX validates these frames, so they hold only scalar str/float64 columns; the evidence of a
# check (its claim rows and their roles) lives in a side table keyed by CHECK_ID.
CHECK_ID = "check_id"  # unique within one run: "<rule>:<doc>:<stated claim start>"
RULE = "rule"  # rule id, e.g. ARITH-RATIO
RELATION = "relation"  # ratio | sum | share100
STATED_VALUE = "stated_value"  # the stated figure as written, in base units
STATED_LOW = "stated_low"  # its rounding interval (equal to the value when exact)
STATED_HIGH = "stated_high"
STATED_TRUNC_LOW = "stated_trunc_low"  # its interval if the publisher truncates
STATED_TRUNC_HIGH = "stated_trunc_high"
COMPUTED_POINT = "computed_point"  # the relation evaluated on the written values
COMPUTED_LOW = "computed_low"  # …and over the rounding intervals of its inputs
COMPUTED_HIGH = "computed_high"
# The computed interval under the other reading of a percentage — the relative change of two
# rates for a change in 百分点, their difference for a growth rate — or NaN: a stated figure
# that fails but falls in it confused % and 百分点.
ALT_LOW = "alt_low"
ALT_HIGH = "alt_high"

CHECK_COLUMNS: tuple[str, ...] = (
    CHECK_ID, RULE, RELATION, DOC, INDICATOR, REGION, PERIOD, UNIT, STATED_VALUE, STATED_LOW,
    STATED_HIGH, STATED_TRUNC_LOW, STATED_TRUNC_HIGH, COMPUTED_POINT, COMPUTED_LOW,
    COMPUTED_HIGH, ALT_LOW, ALT_HIGH,
)
CHECK_FLOAT_COLUMNS: tuple[str, ...] = (
    STATED_VALUE, STATED_LOW, STATED_HIGH, STATED_TRUNC_LOW, STATED_TRUNC_HIGH, COMPUTED_POINT,
    COMPUTED_LOW, COMPUTED_HIGH, ALT_LOW, ALT_HIGH,
)
CHECK_DTYPES: dict[str, str] = {
    name: ("float64" if name in CHECK_FLOAT_COLUMNS else "str") for name in CHECK_COLUMNS
}
