"""七（二）确定方案: the owners' double two-thirds (双“2/3”) consent.

"经小区双“2/3”（专有部分占建筑物总面积三分之二且占总人数三分之二）以上业主签字同意" (7.2): the
signing owners' exclusive area must be at least 2/3 of the building's total area, AND their
number at least 2/3 of all owners. Reaching the threshold passes (以上 includes the number).
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from .compiled import Compiled, compiled
from .errors import InvalidInput, check_object, missing_field, plain, shown
from .values import CENT, ZERO, ceil_cent, fmt, fraction_percent, parse_amount, parse_count
from . import civil_code  # issue 13: the Civil Code beside the plan (comparison only)

AGGREGATE = ["total_area", "signed_area", "total_owners", "signed_owners"]
ROSTER = ["units"]
FIELDS = AGGREGATE + ROSTER + civil_code.FIELDS  # issue 13: + voted_area, voted_owners
UNIT_FIELDS = ["unit", "owner", "area", "signed"]
LABELS = {
    "total_area": ("建筑物总面积（m²）", "total floor area (m²)"),
    "signed_area": ("签字业主专有部分面积（m²）", "signing owners' area (m²)"),
    "total_owners": ("业主总人数", "number of owners"),
    "signed_owners": ("签字业主人数", "number of signing owners"),
    "unit": ("房号", "unit"),
    "owner": ("业主", "owner"),
}


def evaluate(data, params) -> dict:
    """七（二）: whether the owners' consent reaches the double two-thirds (7.2).

    Takes either the aggregate figures (total_area, signed_area, total_owners, signed_owners)
    or a roster (`units`: [{unit, owner, area, signed}]). Returns ``{"status": "passed" |
    "not_passed", "passed", "area", "owners", ...}`` or ``{"status": "error", ...}``.
    """
    cp = compiled(params)
    try:
        return assess(cp, data)
    except InvalidInput as e:
        return e.result()


def assess(cp: Compiled, data) -> dict:
    check_object(data, FIELDS)
    roster = None
    if "units" in data:
        present = [k for k in AGGREGATE if k in data]
        if present:
            raise InvalidInput(
                "mixed_input", present[0],
                "请只提供一种输入：签字名册（units）或汇总数字（total_area 等），不能同时提供。",
                "Give either a roster ('units') or the aggregate figures ('total_area' etc.), not both.")
        roster = parse_roster(cp, data["units"])
        total_area, signed_area, total_owners, signed_owners = roster["totals"]
    else:
        for k in AGGREGATE:
            if data.get(k) is None:
                raise missing_field(k, *LABELS[k])
        total_area = parse_amount(data["total_area"], "total_area", "area")
        signed_area = parse_amount(data["signed_area"], "signed_area", "area")
        total_owners = parse_count(data["total_owners"], "total_owners")
        signed_owners = parse_count(data["signed_owners"], "signed_owners")
        _check_totals(total_area, signed_area, "total_area", "signed_area")
        _check_totals(total_owners, signed_owners, "total_owners", "signed_owners")
    out = build_result(cp, total_area, signed_area, total_owners, signed_owners, roster)
    # --- issue 13: the Civil Code beside the plan; a comparison only, `status` never depends on it
    if "civil_code" in cp.raw:
        out["civil_code_278"] = civil_code.compare(cp.raw["civil_code"], data, total_area, signed_area,
                                                   total_owners, signed_owners)
    # --- end issue 13
    return out


def _check_totals(total, signed, total_field, signed_field) -> None:
    if not total:
        raise InvalidInput(
            "zero_total", total_field,
            f"“{total_field}”（{LABELS[total_field][0]}）不能为 0。",
            f"'{total_field}' ({LABELS[total_field][1]}) cannot be 0.")
    if signed > total:
        raise InvalidInput(
            "signed_exceeds_total", signed_field,
            f"“{signed_field}”（{fmt_any(signed)}）不能大于“{total_field}”（{fmt_any(total)}）。",
            f"'{signed_field}' ({fmt_any(signed)}) cannot be greater than '{total_field}' ({fmt_any(total)}).")


def fmt_any(x) -> str:
    return fmt(x) if isinstance(x, Decimal) else f"{x:,}"


def parse_roster(cp: Compiled, units) -> dict:
    """A signature roster: each owner counted once, areas summed (7.2)."""
    if type(units) is not list:
        raise InvalidInput(
            "invalid_type", "units",
            f"“units”须为列表，每项为 {{unit, owner, area, signed}}；收到：{shown(units)}。",
            f"'units' must be a list of {{unit, owner, area, signed}}; got {shown(units)}.")
    if not units:
        raise InvalidInput("zero_total", "units", "签字名册（units）为空。", "The roster ('units') is empty.")
    seen_units: dict[str, int] = {}
    owners: dict[str, list] = {}   # owner -> [area, signed, first index]
    words = cp.bool_words
    for i, u in enumerate(units):
        where = f"units[{i}]"
        check_object(u, UNIT_FIELDS, field=where)
        unit = _name(u.get("unit"), where + ".unit", "unit")
        owner = _name(u.get("owner"), where + ".owner", "owner")
        if u.get("area") is None:
            raise missing_field(where + ".area", "面积（m²）", "area (m²)")
        area = parse_amount(u["area"], where + ".area", "area")
        s = u.get("signed")
        if s is None or s is True or s is False:
            signed = s
        elif type(s) is str and s.strip().lower() in words:
            signed = words[s.strip().lower()]
        else:
            raise InvalidInput(
                "invalid_boolean", where + ".signed",
                f"“{where}.signed”须为“是”“否”或留空（未签字）；收到：{shown(s)}。",
                f"'{where}.signed' must be yes, no or blank (not signed); got {shown(s)}.",
                valid=[True, False, None])
        # interpretation (consent.blank_signature): a blank signature is no signature
        signed = bool(signed)
        if unit in seen_units:
            raise InvalidInput(
                "duplicate_unit", where + ".unit",
                f"房号“{plain(unit)}”重复（见第 {seen_units[unit] + 1} 项与第 {i + 1} 项）。",
                f"Unit '{plain(unit)}' is listed twice (items {seen_units[unit] + 1} and {i + 1}).")
        seen_units[unit] = i
        # interpretation consent.owner_counted_once: owners are told apart by their name as
        # written (spaces collapsed); two people of one name need distinguishable entries
        rec = owners.get(owner)
        if rec is None:
            owners[owner] = [area, signed, i]
        else:
            if rec[1] != signed:
                raise InvalidInput(
                    "inconsistent_signature", where + ".signed",
                    f"业主“{plain(owner)}”对部分单元签字、部分单元未签字（第 {rec[2] + 1} 项与第 {i + 1} 项）；"
                    "一名业主只能有一个意见。",
                    f"Owner '{plain(owner)}' signed for some units and not for others (items {rec[2] + 1} "
                    f"and {i + 1}); an owner gives one answer.")
            rec[0] += area
    total_area = sum((r[0] for r in owners.values()), ZERO)
    signed_area = sum((r[0] for r in owners.values() if r[1]), ZERO)
    signed_owners = sum(1 for r in owners.values() if r[1])
    if not total_area:
        raise InvalidInput("zero_total", "units",
                           "签字名册的面积合计为 0。", "The roster's areas add up to 0.")
    not_signed = sorted(((o, r[0]) for o, r in owners.items() if not r[1]),
                        key=lambda x: (-x[0 + 1], x[0]))
    return {
        "totals": (total_area, signed_area, len(owners), signed_owners),
        "units": len(units),
        "owners": len(owners),
        "signed_owners": signed_owners,
        "not_signed": [{"owner": o, "area": str(a)} for o, a in not_signed],
    }


def _name(value, field, kind) -> str:
    if type(value) is int and not isinstance(value, bool):
        value = str(value)
    if type(value) is not str or not value.strip():
        zh, en = LABELS[kind]
        raise InvalidInput(
            "missing_field" if value is None or (type(value) is str) else "invalid_type", field,
            f"“{field}”（{zh}）须为非空文字；收到：{shown(value)}。",
            f"'{field}' ({en}) must be a non-empty text; got {shown(value)}.")
    return " ".join(value.split())


def _target_owners(total: int, threshold: Fraction) -> int:
    return math.ceil(total * threshold)


def build_result(cp: Compiled, total_area, signed_area, total_owners, signed_owners, roster) -> dict:
    """Both ratios of 七（二）, exactly, with what is still needed (7.2)."""
    m = cp.consent_messages
    th_a, th_o = cp.area_threshold, cp.owners_threshold
    th_a_s, th_o_s = str(th_a), str(th_o)

    # Not modelled: owners who cannot be reached, co-owned units (one owner per unit is
    # assumed), and whether the totals are right; they are the user's figures.
    ratio_a = Fraction(signed_area) / Fraction(total_area)
    pass_a = ratio_a >= th_a if cp.consent_inclusive else ratio_a > th_a
    # interpretation consent.additional_needed: with the totals fixed, rounded up to 0.01 m²
    need_a = ZERO
    if not pass_a:
        gap = Fraction(total_area) * th_a - Fraction(signed_area)
        need_a = ceil_cent(gap)
        # a strict threshold is not reached by landing on it: one hundredth more
        if not cp.consent_inclusive and need_a == gap:
            need_a += CENT
    pct_a = fraction_percent(ratio_a)
    fa = dict(signed=fmt(signed_area), total=fmt(total_area), percent=pct_a,
              ratio=str(ratio_a), threshold=th_a_s, needed=fmt(need_a))
    msg_a = m["area_pass" if pass_a else "area_fail"]

    ratio_o = Fraction(signed_owners, total_owners)
    pass_o = ratio_o >= th_o if cp.consent_inclusive else ratio_o > th_o
    target = _target_owners(total_owners, th_o)
    if not cp.consent_inclusive and Fraction(target) == total_owners * th_o:
        target += 1
    need_o = max(0, target - signed_owners)
    exact = total_owners * th_o
    target_exact = str(exact) if exact.denominator == 1 else f"{exact} ≈ {fraction_percent(exact / 100)}"
    pct_o = fraction_percent(ratio_o)
    fo = dict(signed=f"{signed_owners:,}", total=f"{total_owners:,}", percent=pct_o,
              ratio=str(ratio_o), threshold=th_o_s, needed=need_o,
              target=target, target_exact=target_exact)
    msg_o = m["owners_pass" if pass_o else "owners_fail"]

    passed = pass_a and pass_o
    if passed:
        summ = (m["passed"]["zh"], m["passed"]["en"])
    else:
        items_zh, items_en = [], []
        if not pass_a:
            items_zh.append(f"面积尚需 {fmt(need_a)} m²")
            items_en.append(f"{fmt(need_a)} m² more area needed")
        if not pass_o:
            items_zh.append(f"尚需 {need_o} 名业主签字")
            items_en.append(f"more owners needed to sign: {need_o}")
        summ = (m["not_passed"]["zh"].format(items="，".join(items_zh)),
                m["not_passed"]["en"].format(items="; ".join(items_en)))
    clause = cp.consent_clause
    out = {
        "status": "passed" if passed else "not_passed",
        "passed": passed,
        "area": {
            "passed": pass_a,
            "signed": str(signed_area),
            "total": str(total_area),
            "ratio": str(ratio_a),
            "percent": pct_a,
            "threshold": th_a_s,
            "additional_needed": str(need_a),
            "clause": clause,
            "message": {"zh": msg_a["zh"].format(**fa), "en": msg_a["en"].format(**fa)},
        },
        "owners": {
            "passed": pass_o,
            "signed": signed_owners,
            "total": total_owners,
            "ratio": str(ratio_o),
            "percent": pct_o,
            "threshold": th_o_s,
            "additional_needed": need_o,
            "clause": clause,
            "message": {"zh": msg_o["zh"].format(**fo), "en": msg_o["en"].format(**fo)},
        },
        "clause": clause,
        "summary": {"zh": summ[0], "en": summ[1]},
    }
    if roster is not None:
        rm = m["roster"]
        vals = dict(units=roster["units"], owners=roster["owners"], signed_owners=roster["signed_owners"])
        out["roster"] = {
            "units": roster["units"],
            "owners": roster["owners"],
            "signed_owners": roster["signed_owners"],
            "not_signed": roster["not_signed"],
            "message": {"zh": rm["zh"].format(**vals), "en": rm["en"].format(**vals)},
        }
    return out
