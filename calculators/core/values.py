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

from .errors import InvalidInput, shown

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Amounts and areas of 10^15 or more are refused: no community comes near, and it keeps every
# product exact within the Decimal context below.
LIMIT = Decimal(10) ** 15
MAX_COUNT = 10 ** 9
EXACT = Context(prec=60)

_NUM_RE = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|[+-]?\.\d+")

UNITS = {
    "money": ("元", "yuan", "金额", "an amount of money in yuan"),
    "area": ("m²", "m²", "面积", "an area in m²"),
}


def _bad_number(field, value, kind) -> InvalidInput:
    unit_zh, unit_en, what_zh, what_en = UNITS[kind]
    return InvalidInput(
        "invalid_number", field,
        f"“{field}”须为{what_zh}（{unit_zh}），最多两位小数，例如 1234.50；收到：{shown(value)}。",
        f"'{field}' must be {what_en}, with at most 2 decimals, e.g. 1234.50; got {shown(value)}.")


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
        s = value.strip().replace("\u3000", "")
        if len(s) > 40 or not _NUM_RE.fullmatch(s):
            raise _bad_number(field, value, kind)
        d = Decimal(s.replace(",", ""))
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
        raise InvalidInput(
            "too_many_decimals", field,
            f"“{field}”最多两位小数（精确到分或0.01平方米）；收到：{shown(value)}。",
            f"'{field}' may have at most 2 decimals (fen, or 0.01 m²); got {shown(value)}.")
    return q if q else ZERO


def _negative(field, value) -> InvalidInput:
    return InvalidInput(
        "negative", field,
        f"“{field}”不能为负数；收到：{shown(value)}。",
        f"'{field}' cannot be negative; got {shown(value)}.")


def _too_large(field, value) -> InvalidInput:
    return InvalidInput(
        "too_large", field,
        f"“{field}”过大（须小于 10^15）；收到：{shown(value)}。",
        f"'{field}' is too large (it must be below 10^15); got {shown(value)}.")


def parse_count(value, field: str) -> int:
    """A non-negative whole number of owners."""
    t = type(value)
    if t is int:
        n = value
    elif t is float and math.isfinite(value) and value == int(value):
        n = int(value)
    elif t is str and re.fullmatch(r"\s*[+-]?\d{1,12}(?:\.0*)?\s*", value):
        n = int(value.strip().split(".")[0])
    elif (t is float and math.isfinite(value)) or (t is str and _NUM_RE.fullmatch(value.strip())):
        raise InvalidInput(
            "not_integer", field,
            f"“{field}”须为整数（人数）；收到：{shown(value)}。",
            f"'{field}' must be a whole number (of owners); got {shown(value)}.")
    else:
        raise InvalidInput(
            "invalid_number", field,
            f"“{field}”须为非负整数（人数）；收到：{shown(value)}。",
            f"'{field}' must be a non-negative whole number (of owners); got {shown(value)}.")
    if n < 0:
        raise _negative(field, value)
    if n > MAX_COUNT:
        raise InvalidInput(
            "too_large", field,
            f"“{field}”过大（不超过 {MAX_COUNT:,}）；收到：{shown(value)}。",
            f"'{field}' is too large (at most {MAX_COUNT:,}); got {shown(value)}.")
    return n


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
