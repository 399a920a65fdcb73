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
from .words import Text

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


def _quoted(field: str, label) -> tuple:
    """The field as a message names it: its label (a words.Text, from params["labels"]) as the
    reader sees it on the page, quoted in Chinese and capitalised in English; the JSON path only
    where no label is given."""
    if label is None:
        return (f"“{field}”", f"'{field}'")
    return (f"“{label.zh}”", label.en[:1].upper() + label.en[1:])


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


def _refuse(code: str, field: str, label: Text | None, value, kind: str, why_zh: str = "",
            why_en: str = "") -> InvalidInput:
    if code == "invalid_number" and kind == "year":
        code = "invalid_year"
    what_zh, what_en, ex_zh, ex_en = KINDS[kind]
    qzh, qen = _quoted(field, label)
    return InvalidInput(
        code, field,
        f"{qzh}须为{what_zh}，例如 {ex_zh}；{why_zh}您填写的是{shown(value)}。",
        f"{qen} must be {what_en}, e.g. {ex_en}; {why_en}you entered {shown(value)}.")


def _bad_number(field, label, value, kind) -> InvalidInput:
    return _refuse("invalid_number", field, label, value, kind)


def read_text_number(value: str, field: str, kind: str, label: Text | None = None) -> Decimal:
    """A number written as text, in the one grammar of every field; Decimal, exact, unchecked
    for sign, size and decimals (the callers check those)."""
    s = value.strip()
    if len(s) > MAX_TEXT:
        raise _refuse("invalid_number", field, label, value, kind, "数字过长；", "too long; ")
    factor = 1
    for word, f in UNIT_WORDS[kind]:
        if s.endswith(word) and len(s) > len(word):
            s, factor = s[: -len(word)].rstrip(" "), f
            break
    else:
        for other, words in UNIT_WORDS.items():
            for word, _f in words:
                if other != kind and s.endswith(word) and len(s) > len(word):
                    raise _refuse("invalid_number", field, label, value, kind,
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
                raise _refuse("invalid_number", field, label, value, kind,
                              f"只能用数字 0–9（或全角 ０–９），不能用“{plain(c)}”；",
                              f"use the digits 0–9 (or full-width ０–９), not '{plain(c)}'; ")
        elif c.isspace():
            scripts.add("space")
    if "space" in scripts:
        scripts.discard("space")
        if scripts:
            raise _refuse("invalid_number", field, label, value, kind,
                          "数字中间不能有空格（千位请用逗号，如 1,000，或不分隔）；",
                          "no spaces inside a number (group thousands with commas, 1,000, or not at all); ")
    if len(scripts) > 1:
        raise _refuse("invalid_number", field, label, value, kind,
                      "半角与全角数字不能混用；", "do not mix ASCII and full-width digits; ")
    s = s.translate(_FULL)
    m = _NUM_RE.fullmatch(s)
    if not m or not (m.group(2) or m.group(3)):
        raise _bad_number(field, label, value, kind)
    d = Decimal(s.replace(",", ""))
    if factor != 1:
        d = d * factor
    return d


def parse_amount(value, field: str, kind: str = "money", label: Text | None = None) -> Decimal:
    """A non-negative amount (yuan) or area (m²) with at most 2 decimals, as Decimal; messages
    name the field by `label`."""
    t = type(value)
    if t is int:
        if value < 0:
            raise _negative(field, label, value)
        if value >= LIMIT:
            raise _too_large(field, label, value)
        return Decimal(value).quantize(CENT)
    if t is str:
        with localcontext(EXACT):
            d = read_text_number(value, field, kind, label)
    elif t is float:
        if not math.isfinite(value):
            raise _bad_number(field, label, value, kind)
        # repr gives the shortest decimal that reads back as this float: what was typed
        d = Decimal(repr(value))
    elif t is Decimal:
        if not value.is_finite():
            raise _bad_number(field, label, value, kind)
        d = value
    else:
        raise _bad_number(field, label, value, kind)
    if d < 0:
        raise _negative(field, label, value)
    if d >= LIMIT:
        raise _too_large(field, label, value)
    q = d.quantize(CENT, context=EXACT)
    if q != d:
        qzh, qen = _quoted(field, label)
        unit_zh, unit_en = ("分", "fen") if kind == "money" else ("0.01平方米", "0.01 m²")
        return_hint_zh = "（以“万”为单位时，换算成元后最多两位小数）" if kind == "money" else ""
        return_hint_en = " (with 万, at most 2 decimals of yuan after the conversion)" if kind == "money" else ""
        raise InvalidInput(
            "too_many_decimals", field,
            f"{qzh}最多两位小数（精确到{unit_zh}）{return_hint_zh}；您填写的是{shown(value)}。",
            f"{qen} may have at most 2 decimals ({unit_en}){return_hint_en}; you entered {shown(value)}.")
    return q if q else ZERO


def _negative(field, label, value) -> InvalidInput:
    qzh, qen = _quoted(field, label)
    return InvalidInput(
        "negative", field,
        f"{qzh}不能为负数，须为 0 或正数；您填写的是{shown(value)}。",
        f"{qen} cannot be negative: it must be 0 or more; you entered {shown(value)}.")


def _too_large(field, label, value) -> InvalidInput:
    qzh, qen = _quoted(field, label)
    return InvalidInput(
        "too_large", field,
        f"{qzh}过大（须小于 10^15）；您填写的是{shown(value)}。",
        f"{qen} is too large (it must be below 10^15); you entered {shown(value)}.")


def _whole(value, field: str, kind: str, label: Text | None):
    """An integer from a JSON number or text in the one grammar; None for a non-integer number."""
    t = type(value)
    if t is int:
        return value
    if t is float:
        if not math.isfinite(value):
            raise _bad_number(field, label, value, kind)
        return int(value) if value == int(value) else None
    if t is str:
        d = read_text_number(value, field, kind, label)
        if d != d.to_integral_value():
            return None
        if abs(d) > 10 ** 15:
            raise _refuse("too_large", field, label, value, kind)
        return int(d)
    raise _bad_number(field, label, value, kind)


def parse_count(value, field: str, label: Text | None = None) -> int:
    """A non-negative whole number of owners; messages name the field by `label`."""
    n = _whole(value, field, "count", label)
    if n is None:
        raise _refuse("not_integer", field, label, value, "count", "须为整数；", "it must be a whole number; ")
    if n < 0:
        raise _negative(field, label, value)
    if n > MAX_COUNT:
        qzh, qen = _quoted(field, label)
        raise InvalidInput(
            "too_large", field,
            f"{qzh}过大（不超过 {MAX_COUNT:,}）；您填写的是{shown(value)}。",
            f"{qen} is too large (at most {MAX_COUNT:,}); you entered {shown(value)}.")
    return n


def parse_year(value, field: str = "completion_year", label: Text | None = None):
    """A year (1000–9999) as int; None when not given (null or blank text)."""
    if value is None or (type(value) is str and not value.strip()):
        return None
    n = _whole(value, field, "year", label)
    if n is None:
        raise _refuse("invalid_year", field, label, value, "year", "须为整数年份；", "it must be a whole year; ")
    if n < 0:
        raise _refuse("invalid_year", field, label, value, "year", "年份不能为负数；", "a year cannot be negative; ")
    if not 1000 <= n <= 9999:
        raise _refuse("out_of_range", field, label, value, "year", "年份须在 1000–9999 之间；",
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
