"""Reading and writing the numbers of the contract exactly.

Money is yuan and areas are m², each with at most 2 decimals, given as JSON numbers or strings
(``"1234.50"``, also ``"1,234.50"`` as spreadsheets write it) and returned as strings with
exactly 2 decimals. Arithmetic is Decimal (money, areas) and Fraction (ratios), never float.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction

from .errors import InvalidInput, plain, shown

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Amounts and areas of 10^15 or more are refused: no community comes near, and it keeps every
# product exact within the Decimal context below.
LIMIT = Decimal(10) ** 15
MAX_COUNT = 10 ** 9
EXACT = Context(prec=60)

# --- the number reader (issue 13, contract "Numbers are read..."): one grammar for every field.
#
# A number is written as people in Yueyang write it: ASCII or full-width digits (one script, not
# mixed), optionally grouped by thousands with commas ("1,000,000.00", full-width "，" too), an
# optional decimal point, and optionally a trailing unit that fits the field (元, 万, 万元 for
# money; ㎡, m², m2, 平方米 for areas; 人, 名 for owners; 年 for a year). 万 multiplies by 10,000
# exactly. Spaces inside a number ("1 000", "1　0") and digits of other scripts ("1١2") are
# refused, and every refusal names the field by the label the reader sees.

_NUM_RE = re.compile(r"([+-]?)(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d*))?")
# full-width digits, comma, full stop, plus and minus -> ASCII
_FULL = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FULL.update({0xFF0C: ord(","), 0xFF0E: ord("."), 0xFF0B: ord("+"), 0xFF0D: ord("-")})
UNIT_WORDS = {
    "money": (("万元", 10000), ("万", 10000), ("元", 1)),
    "area": (("平方米", 1), ("㎡", 1), ("m²", 1), ("m2", 1), ("M²", 1), ("M2", 1)),
    "count": (("人", 1), ("名", 1)),
    "year": (("年", 1),),
}
MAX_TEXT = 60

# The labels the reader sees on the calculator pages (docs/calculators/*.md, checked by
# tests/calc/test_calc_numbers.py), as the number reader's messages name the fields. They
# repeat policy/labels.yaml with units added; reading them from the parameters is still to do.
FIELD_LABELS: dict = {
    "completion_year": ("小区建成年份", "year the residential community was completed"),
    "total_area": ("建筑物总面积（专有部分合计，m²）", "total floor area (exclusive parts, m²)"),
    "signed_area": ("签字同意业主的专有部分面积（m²）", "exclusive area of the owners who signed (m²)"),
    "total_owners": ("业主总人数", "number of owners"),
    "signed_owners": ("签字同意的业主人数", "owners who signed their consent"),
    "voted_area": ("参与表决业主的专有部分面积（m²）", "exclusive area of the owners who took part in the vote (m²)"),
    "voted_owners": ("参与表决的业主人数", "owners who took part in the vote"),
    "costs.environment": ("小区环境及配套设施（元）", "residential community environment and supporting facilities (yuan)"),
    "costs.building": ("建筑物本体（元，不含加装电梯）", "the buildings themselves (yuan, elevators excluded)"),
    "costs.elevator": ("加装电梯（元）", "installing elevators (yuan)"),
    "costs.public_facilities": ("公共服务设施（元）", "public service facilities (yuan)"),
    "costs.pipeline_relocation": ("管线迁改（元）", "pipeline relocation (yuan)"),
    "costs.road_works": ("管线工程涉及的路面开挖、恢复（元）",
                         "excavation and reinstatement of road surfaces for the pipeline works (yuan)"),
}
_PAYERS = {
    "residents": ("居民出资", "residents"),
    "original_property_unit": ("原产权单位出资", "original property-owning unit"),
    "social_capital": ("社会资本等其它资金", "private capital and other funds"),
    "central_subsidy": ("中央、省奖补资金", "central and provincial reward and subsidy funds"),
}
for _k, (_zh, _en) in _PAYERS.items():
    FIELD_LABELS[f"contributions.{_k}"] = (f"{_zh}（元）", f"{_en[0].upper()}{_en[1:]} (yuan)")
    FIELD_LABELS[f"contributions.{_k}.general"] = (f"{_zh}：不限用途（元）", f"{_en[0].upper()}{_en[1:]}: for any cost (yuan)")
    FIELD_LABELS[f"contributions.{_k}.elevator"] = (f"{_zh}：仅用于加装电梯（元）",
                                                    f"{_en[0].upper()}{_en[1:]}: for elevators only (yuan)")
_ITEM_RE = re.compile(r"units\[(\d+)\]\.(\w+)")
_ITEM_LABELS = {"area": ("面积", "area"), "unit": ("房号", "unit"), "owner": ("业主", "owner"),
                "signed": ("是否签字", "signed")}


def label_of(field: str) -> tuple:
    """The label the reader sees for a JSON field, as (zh, en); the field itself if unknown."""
    got = FIELD_LABELS.get(field)
    if got is not None:
        return got
    m = _ITEM_RE.fullmatch(field or "")
    if m and m.group(2) in _ITEM_LABELS:
        zh, en = _ITEM_LABELS[m.group(2)]
        n = int(m.group(1)) + 1
        return (f"签字名册第 {n} 项的“{zh}”", f"the {en} of item {n} of the signature roster")
    return (field, field)


def _quoted(field: str) -> tuple:
    zh, en = label_of(field)
    return (f"“{zh}”", en[0].upper() + en[1:] if en else en)


KINDS = {
    # kind: (what, in Chinese and English; valid examples)
    "money": ("金额（元），最多两位小数", "an amount in yuan with at most 2 decimals",
              "1234.50、1,234.50、１２３４.５、300元、150万", "1234.50, 1,234.50, 300元, 150万"),
    "area": ("面积（m²），最多两位小数", "an area in m² with at most 2 decimals",
             "120.5、1,200.00、120.5㎡、120.5m²", "120.5, 1,200.00, 120.5㎡, 120.5 m²"),
    "count": ("非负整数（人数）", "a non-negative whole number (of owners)",
              "150、1,000、150人", "150, 1,000, 150人"),
    "year": ("四位数年份", "a four-digit year", "1998、１９９８、1998年", "1998, １９９８, 1998年"),
}


def _refuse(code: str, field: str, value, kind: str, why_zh: str = "", why_en: str = "") -> InvalidInput:
    if code == "invalid_number" and kind == "year":
        code = "invalid_year"
    what_zh, what_en, ex_zh, ex_en = KINDS[kind]
    qzh, qen = _quoted(field)
    return InvalidInput(
        code, field,
        f"{qzh}须为{what_zh}，例如 {ex_zh}；{why_zh}收到：{shown(value)}。",
        f"{qen} must be {what_en}, e.g. {ex_en}; {why_en}got {shown(value)}.")


def _bad_number(field, value, kind) -> InvalidInput:
    return _refuse("invalid_number", field, value, kind)


def read_text_number(value: str, field: str, kind: str) -> Decimal:
    """A number written as text, in the one grammar of every field; Decimal, exact, unchecked
    for sign, size and decimals (the callers check those)."""
    s = value.strip()
    if len(s) > MAX_TEXT:
        raise _refuse("invalid_number", field, value, kind, "数字过长；", "too long; ")
    factor = 1
    for word, f in UNIT_WORDS[kind]:
        if s.endswith(word) and len(s) > len(word):
            s, factor = s[: -len(word)].rstrip(" "), f
            break
    else:
        for other, words in UNIT_WORDS.items():
            for word, _f in words:
                if other != kind and s.endswith(word) and len(s) > len(word):
                    raise _refuse("invalid_number", field, value, kind,
                                  f"“{word}”不是此项的单位；", f"'{word}' is not a unit of this field; ")
    scripts = set()
    for c in s:
        if c.isdigit() or c.isdecimal() or c.isnumeric():
            o = ord(c)
            if 0x30 <= o <= 0x39:
                scripts.add("ascii")
            elif 0xFF10 <= o <= 0xFF19:
                scripts.add("full")
            else:
                raise _refuse("invalid_number", field, value, kind,
                              f"只能用数字 0–9（或全角 ０–９），不能用“{plain(c)}”；",
                              f"use the digits 0–9 (or full-width ０–９), not '{plain(c)}'; ")
        elif c.isspace():
            scripts.add("space")
    if "space" in scripts:
        scripts.discard("space")
        if scripts:
            raise _refuse("invalid_number", field, value, kind,
                          "数字中间不能有空格（千位请用逗号，如 1,000，或不分隔）；",
                          "no spaces inside a number (group thousands with commas, 1,000, or not at all); ")
    if len(scripts) > 1:
        raise _refuse("invalid_number", field, value, kind,
                      "半角与全角数字不能混用；", "do not mix ASCII and full-width digits; ")
    s = s.translate(_FULL)
    m = _NUM_RE.fullmatch(s)
    if not m or not (m.group(2) or m.group(3)):
        raise _bad_number(field, value, kind)
    d = Decimal(s.replace(",", ""))
    if factor != 1:
        d = d * factor
    return d


def parse_amount(value, field: str, kind: str = "money") -> Decimal:
    """A non-negative amount (yuan) or area (m²) with at most 2 decimals, as Decimal."""
    t = type(value)
    if t is int:
        if value < 0:
            raise _negative(field, value)
        if value >= LIMIT:
            raise _too_large(field, value)
        return Decimal(value).quantize(CENT)
    if t is str:
        with localcontext(EXACT):
            d = read_text_number(value, field, kind)
    elif t is float:
        if not math.isfinite(value):
            raise _bad_number(field, value, kind)
        # repr gives the shortest decimal that reads back as this float: what was typed
        d = Decimal(repr(value))
    elif t is Decimal:
        if not value.is_finite():
            raise _bad_number(field, value, kind)
        d = value
    else:
        raise _bad_number(field, value, kind)
    if d < 0:
        raise _negative(field, value)
    if d >= LIMIT:
        raise _too_large(field, value)
    q = d.quantize(CENT, context=EXACT)
    if q != d:
        qzh, qen = _quoted(field)
        unit_zh, unit_en = ("分", "fen") if kind == "money" else ("0.01平方米", "0.01 m²")
        return_hint_zh = "（以“万”为单位时，换算成元后最多两位小数）" if kind == "money" else ""
        return_hint_en = " (with 万, at most 2 decimals of yuan after the conversion)" if kind == "money" else ""
        raise InvalidInput(
            "too_many_decimals", field,
            f"{qzh}最多两位小数（精确到{unit_zh}）{return_hint_zh}；收到：{shown(value)}。",
            f"{qen} may have at most 2 decimals ({unit_en}){return_hint_en}; got {shown(value)}.")
    return q if q else ZERO


def _negative(field, value) -> InvalidInput:
    qzh, qen = _quoted(field)
    return InvalidInput(
        "negative", field,
        f"{qzh}不能为负数，须为 0 或正数；收到：{shown(value)}。",
        f"{qen} cannot be negative: it must be 0 or more; got {shown(value)}.")


def _too_large(field, value) -> InvalidInput:
    qzh, qen = _quoted(field)
    return InvalidInput(
        "too_large", field,
        f"{qzh}过大（须小于 10^15）；收到：{shown(value)}。",
        f"{qen} is too large (it must be below 10^15); got {shown(value)}.")


def _whole(value, field: str, kind: str):
    """An integer from a JSON number or text in the one grammar; None for a non-integer number."""
    t = type(value)
    if t is int:
        return value
    if t is float:
        if not math.isfinite(value):
            raise _bad_number(field, value, kind)
        return int(value) if value == int(value) else None
    if t is str:
        d = read_text_number(value, field, kind)
        if d != d.to_integral_value():
            return None
        if abs(d) > 10 ** 15:
            raise _refuse("too_large", field, value, kind)
        return int(d)
    raise _bad_number(field, value, kind)


def parse_count(value, field: str) -> int:
    """A non-negative whole number of owners."""
    n = _whole(value, field, "count")
    if n is None:
        raise _refuse("not_integer", field, value, "count", "须为整数；", "it must be a whole number; ")
    if n < 0:
        raise _negative(field, value)
    if n > MAX_COUNT:
        qzh, qen = _quoted(field)
        raise InvalidInput(
            "too_large", field,
            f"{qzh}过大（不超过 {MAX_COUNT:,}）；收到：{shown(value)}。",
            f"{qen} is too large (at most {MAX_COUNT:,}); got {shown(value)}.")
    return n


def parse_year(value, field: str = "completion_year"):
    """A year (1000–9999) as int; None when not given (null or blank text)."""
    if value is None or (type(value) is str and not value.strip()):
        return None
    n = _whole(value, field, "year")
    if n is None:
        raise _refuse("invalid_year", field, value, "year", "须为整数年份；", "it must be a whole year; ")
    if n < 0:
        raise _refuse("invalid_year", field, value, "year", "年份不能为负数；", "a year cannot be negative; ")
    if not 1000 <= n <= 9999:
        raise _refuse("out_of_range", field, value, "year", "年份须在 1000–9999 之间；",
                      "the year must be between 1000 and 9999; ")
    return n
# --- end of the number reader


def half_up(d: Decimal) -> Decimal:
    """Round half up to the fen (0.01)."""
    return d.quantize(CENT, rounding=ROUND_HALF_UP, context=EXACT)


def ceil_cent(f: Fraction) -> Decimal:
    """Round a ratio-derived amount UP to 0.01, exactly."""
    n = math.ceil(f * 100)
    return (Decimal(n) / 100).quantize(CENT, context=EXACT)


def fraction_percent(f: Fraction) -> str:
    """A ratio as a percentage with 2 decimals, rounded half up (for display only)."""
    n = math.floor(f * 10000 + Fraction(1, 2))
    return str((Decimal(n) / 100).quantize(CENT, context=EXACT))


def money(d: Decimal) -> str:
    """1234567.8 -> '1234567.80' (the contract's output form)."""
    return str(d)


def fmt(d: Decimal) -> str:
    """1234567.8 -> '1,234,567.80' (for messages)."""
    return f"{d:,.2f}"


def fmt_rate(r: Decimal) -> str:
    """Decimal('0.5') -> '50%'."""
    p = (r * 100).normalize()
    s = f"{p:f}"
    return s + "%"


def percent_value(text: str) -> Decimal:
    """'50%' (as written in policy/) -> Decimal('0.5')."""
    s = str(text).strip()
    if not s.endswith("%"):
        raise ValueError(f"not a percentage: {text!r}")
    with localcontext(EXACT):
        return Decimal(s[:-1]) / 100


def fmt_fraction(f: Fraction) -> str:
    """Fraction(2, 3) -> '2/3'; Fraction(1) -> '1'."""
    return str(f)
