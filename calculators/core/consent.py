"""七（二）确定方案: the owners' double two-thirds (双“2/3”) consent.

"经小区双“2/3”（专有部分占建筑物总面积三分之二且占总人数三分之二）以上业主签字同意" (7.2): the
signing owners' exclusive area must be at least 2/3 of the building's total area, AND their
number at least 2/3 of all owners. Reaching the threshold passes (以上 includes the number).

    rules = rules_from(params)
    figures = read(rules, data)        # the four totals, from the figures or from a roster
    result(rules, figures)             # both ratios, exactly, and what is still needed
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .errors import InvalidInput, check_object, missing_field, plain, shown
from .values import CENT, ZERO, ceil_cent, fmt, fraction_percent, parse_amount, parse_count
from .words import Text, answer_words, labels, text
from . import civil_code  # issue 13: the Civil Code beside the plan (comparison only)

AGGREGATE = ["total_area", "signed_area", "total_owners", "signed_owners"]
ROSTER = ["units"]
FIELDS = AGGREGATE + ROSTER + civil_code.FIELDS  # issue 13: + voted_area, voted_owners
UNIT_FIELDS = ["unit", "owner", "area", "signed"]


class ConsentRules(NamedTuple):
    """The parameters of 七（二） (policy/consent.yaml)."""

    area_threshold: Fraction
    owners_threshold: Fraction
    inclusive: bool           # reaching the threshold passes (以上 includes the number)
    clause: str
    messages: dict
    answers: dict             # yes / no / unknown words, for a roster's signed column
    labels: dict[str, Text]


def rules_from(params: dict) -> ConsentRules:
    c = params["consent"]
    return ConsentRules(
        area_threshold=Fraction(str(c["area_threshold"]["value"])),
        owners_threshold=Fraction(str(c["owners_threshold"]["value"])),
        inclusive=bool(c["inclusive"]["value"]),
        clause=str(c["area_threshold"]["clause"]),
        messages=c["messages"],
        answers=answer_words(params),
        labels=labels(params, "consent"),
    )


class Owner(NamedTuple):
    """An owner of a roster: the area of all their units, and their one answer."""

    area: Decimal
    signed: bool
    first_item: int   # where the roster first lists them (0-based)


class Roster(NamedTuple):
    units: int
    owners: dict[str, Owner]

    @property
    def signed_owners(self) -> int:
        return sum(1 for o in self.owners.values() if o.signed)

    def not_signed(self) -> list[dict]:
        """The owners who have not signed, largest area first."""
        rows = sorted(((name, o.area) for name, o in self.owners.items() if not o.signed),
                      key=lambda row: (-row[1], row[0]))
        return [{"owner": name, "area": str(area)} for name, area in rows]


class Figures(NamedTuple):
    """The four totals of 七（二）, and the roster they were added up from, if any."""

    total_area: Decimal
    signed_area: Decimal
    total_owners: int
    signed_owners: int
    roster: Roster | None


class Tally(NamedTuple):
    """One of the two ratios of 七（二）, exactly, with what it still needs."""

    passed: bool
    ratio: Fraction
    percent: str
    additional_needed: Decimal | int


def evaluate(data, params) -> dict:
    """七（二）: whether the owners' consent reaches the double two-thirds (7.2).

    Takes either the aggregate figures (total_area, signed_area, total_owners, signed_owners)
    or a roster (`units`: [{unit, owner, area, signed}]). Returns ``{"status": "passed" |
    "not_passed", "passed", "area", "owners", ...}`` or ``{"status": "error", ...}``.
    """
    rules = rules_from(params)
    try:
        figures = read(rules, data)
        out = result(rules, figures)
        # --- issue 13: the Civil Code beside the plan; a comparison only, `status` never depends on it
        if "civil_code" in params:
            out["civil_code_278"] = civil_code.compare(params["civil_code"], data, figures.total_area,
                                                       figures.signed_area, figures.total_owners,
                                                       figures.signed_owners, rules.labels)
        # --- end issue 13
        return out
    except InvalidInput as e:
        return e.result()


def assess(rules: ConsentRules, data) -> dict:
    return result(rules, read(rules, data))


def read(rules: ConsentRules, data) -> Figures:
    """The four totals: given as figures, or added up from a roster (7.2)."""
    check_object(data, FIELDS)
    if "units" in data:
        present = [k for k in AGGREGATE if k in data]
        if present:
            raise InvalidInput(
                "mixed_input", present[0],
                "请只提供一种输入：签字名册（units）或汇总数字（total_area 等），不能同时提供。",
                "Give either a roster ('units') or the aggregate figures ('total_area' etc.), not both.")
        roster = read_roster(rules, data["units"])
        owners = roster.owners.values()
        total_area = sum((o.area for o in owners), ZERO)
        if not total_area:
            raise InvalidInput("zero_total", "units",
                               "签字名册的面积合计为 0。", "The roster's areas add up to 0.")
        return Figures(total_area, sum((o.area for o in owners if o.signed), ZERO),
                       len(roster.owners), roster.signed_owners, roster)
    for k in AGGREGATE:
        if data.get(k) is None:
            label = rules.labels[k]
            raise missing_field(k, label.zh, label.en_in_sentence)
    figures = Figures(parse_amount(data["total_area"], "total_area", "area", rules.labels["total_area"]),
                      parse_amount(data["signed_area"], "signed_area", "area", rules.labels["signed_area"]),
                      parse_count(data["total_owners"], "total_owners", rules.labels["total_owners"]),
                      parse_count(data["signed_owners"], "signed_owners", rules.labels["signed_owners"]),
                      None)
    _check_totals(rules, figures.total_area, figures.signed_area, "total_area", "signed_area")
    _check_totals(rules, figures.total_owners, figures.signed_owners, "total_owners", "signed_owners")
    return figures


def _check_totals(rules, total, signed, total_field, signed_field) -> None:
    if not total:
        label = rules.labels[total_field]
        raise InvalidInput(
            "zero_total", total_field,
            f"“{total_field}”（{label.zh}）不能为 0。",
            f"'{total_field}' ({label.en_in_sentence}) cannot be 0.")
    if signed > total:
        raise InvalidInput(
            "signed_exceeds_total", signed_field,
            f"“{signed_field}”（{fmt_any(signed)}）不能大于“{total_field}”（{fmt_any(total)}）。",
            f"'{signed_field}' ({fmt_any(signed)}) cannot be greater than '{total_field}' ({fmt_any(total)}).")


def fmt_any(x) -> str:
    return fmt(x) if isinstance(x, Decimal) else f"{x:,}"


def read_roster(rules: ConsentRules, units) -> Roster:
    """A signature roster: each owner counted once, areas summed (7.2)."""
    if type(units) is not list:
        raise InvalidInput(
            "invalid_type", "units",
            f"“units”须为列表，每项为 {{unit, owner, area, signed}}；您填写的是{shown(units)}。",
            f"'units' must be a list of {{unit, owner, area, signed}}; you entered {shown(units)}.")
    if not units:
        raise InvalidInput("zero_total", "units", "签字名册（units）为空。", "The roster ('units') is empty.")
    seen_units: dict[str, int] = {}
    owners: dict[str, Owner] = {}
    for i, u in enumerate(units):
        where = f"units[{i}]"
        check_object(u, UNIT_FIELDS, field=where)
        unit = _name(rules, u.get("unit"), where + ".unit", "unit")
        owner = _name(rules, u.get("owner"), where + ".owner", "owner")
        if u.get("area") is None:
            label = rules.labels["units.area"]
            raise missing_field(where + ".area", label.zh, label.en_in_sentence)
        area = parse_amount(u["area"], where + ".area", "area", item_label(rules, i, "area"))
        # interpretation (consent.blank_signature): a blank signature is no signature
        signed = bool(_signature(rules, u.get("signed"), where + ".signed"))
        if unit in seen_units:
            raise InvalidInput(
                "duplicate_unit", where + ".unit",
                f"房号“{plain(unit)}”重复（见第 {seen_units[unit] + 1} 项与第 {i + 1} 项）。",
                f"Unit '{plain(unit)}' is listed twice (items {seen_units[unit] + 1} and {i + 1}).")
        seen_units[unit] = i
        # interpretation consent.owner_counted_once: owners are told apart by their name as
        # written (spaces collapsed); two people of one name need distinguishable entries
        known = owners.get(owner)
        if known is None:
            owners[owner] = Owner(area, signed, i)
            continue
        if known.signed != signed:
            raise InvalidInput(
                "inconsistent_signature", where + ".signed",
                f"业主“{plain(owner)}”对部分单元签字、部分单元未签字（第 {known.first_item + 1} 项与第 {i + 1} 项）；"
                "一名业主只能有一个意见。",
                f"Owner '{plain(owner)}' signed for some units and not for others (items {known.first_item + 1} "
                f"and {i + 1}); an owner gives one answer.")
        owners[owner] = known._replace(area=known.area + area)
    return Roster(len(units), owners)


def item_label(rules: ConsentRules, i: int, kind: str) -> Text:
    """The label of one field of the roster's entry i (0-based), as messages name it."""
    label = rules.labels["units." + kind]
    return Text(f"签字名册第 {i + 1} 户的{label.zh}", f"{label.en} of entry {i + 1} of the signature roster")


def _signature(rules: ConsentRules, s, field: str):
    if s is None or type(s) is bool:
        return s
    if type(s) is str and s.strip().lower() in rules.answers:
        return rules.answers[s.strip().lower()]
    raise InvalidInput(
        "invalid_boolean", field,
        f"“{field}”须为“是”“否”或留空（未签字）；您填写的是{shown(s)}。",
        f"'{field}' must be yes, no or blank (not signed); you entered {shown(s)}.",
        valid=[True, False, None])


def _name(rules: ConsentRules, value, field, kind) -> str:
    if type(value) is int and not isinstance(value, bool):
        value = str(value)
    if type(value) is not str or not value.strip():
        label = rules.labels["units." + kind]
        raise InvalidInput(
            "missing_field" if value is None or (type(value) is str) else "invalid_type", field,
            f"“{field}”（{label.zh}）须为非空文字；您填写的是{shown(value)}。",
            f"'{field}' ({label.en_in_sentence}) must be a non-empty text; you entered {shown(value)}.")
    return " ".join(value.split())


def area_tally(rules: ConsentRules, signed: Decimal, total: Decimal) -> Tally:
    """专有部分占建筑物总面积三分之二 (7.2), and the least more area that reaches it."""
    threshold = rules.area_threshold
    ratio = Fraction(signed) / Fraction(total)
    passed = ratio >= threshold if rules.inclusive else ratio > threshold
    # interpretation consent.additional_needed: with the totals fixed, rounded up to 0.01 m²
    needed = ZERO
    if not passed:
        gap = Fraction(total) * threshold - Fraction(signed)
        needed = ceil_cent(gap)
        # a strict threshold is not reached by landing on it: one hundredth more
        if not rules.inclusive and needed == gap:
            needed += CENT
    return Tally(passed, ratio, fraction_percent(ratio), needed)


def owners_tally(rules: ConsentRules, signed: int, total: int) -> tuple[Tally, int]:
    """占总人数三分之二 (7.2), the fewest more owners that reach it, and the count to reach."""
    threshold = rules.owners_threshold
    ratio = Fraction(signed, total)
    passed = ratio >= threshold if rules.inclusive else ratio > threshold
    target = math.ceil(total * threshold)
    if not rules.inclusive and target == total * threshold:
        target += 1
    return Tally(passed, ratio, fraction_percent(ratio), max(0, target - signed)), target


def result(rules: ConsentRules, f: Figures) -> dict:
    """Both ratios of 七（二）, exactly, with what is still needed, and why (7.2)."""
    # Not modelled: owners who cannot be reached, co-owned units (one owner per unit is
    # assumed), and whether the totals are right; they are the user's figures.
    m = rules.messages
    th_a, th_o = str(rules.area_threshold), str(rules.owners_threshold)
    area = area_tally(rules, f.signed_area, f.total_area)
    owners, target = owners_tally(rules, f.signed_owners, f.total_owners)

    area_message = text(m["area_pass" if area.passed else "area_fail"]).format(
        signed=fmt(f.signed_area), total=fmt(f.total_area), percent=area.percent, ratio=str(area.ratio),
        threshold=th_a, needed=fmt(area.additional_needed))
    exact = f.total_owners * rules.owners_threshold
    target_exact = str(exact) if exact.denominator == 1 else f"{exact} ≈ {fraction_percent(exact / 100)}"
    owners_message = text(m["owners_pass" if owners.passed else "owners_fail"]).format(
        signed=f"{f.signed_owners:,}", total=f"{f.total_owners:,}", percent=owners.percent,
        ratio=str(owners.ratio), threshold=th_o, needed=owners.additional_needed, target=target,
        target_exact=target_exact)

    passed = area.passed and owners.passed
    if passed:
        summary = text(m["passed"])
    else:
        items_zh, items_en = [], []
        if not area.passed:
            items_zh.append(f"面积尚需 {fmt(area.additional_needed)} m²")
            items_en.append(f"{fmt(area.additional_needed)} m² more area needed")
        if not owners.passed:
            items_zh.append(f"尚需 {owners.additional_needed} 名业主签字")
            items_en.append(f"more owners needed to sign: {owners.additional_needed}")
        summary = text(m["not_passed"]).format(items=Text("，".join(items_zh), "; ".join(items_en)))
    out = {
        "status": "passed" if passed else "not_passed",
        "passed": passed,
        "area": {
            "passed": area.passed,
            "signed": str(f.signed_area),
            "total": str(f.total_area),
            "ratio": str(area.ratio),
            "percent": area.percent,
            "threshold": th_a,
            "additional_needed": str(area.additional_needed),
            "clause": rules.clause,
            "message": area_message.as_dict(),
        },
        "owners": {
            "passed": owners.passed,
            "signed": f.signed_owners,
            "total": f.total_owners,
            "ratio": str(owners.ratio),
            "percent": owners.percent,
            "threshold": th_o,
            "additional_needed": owners.additional_needed,
            "clause": rules.clause,
            "message": owners_message.as_dict(),
        },
        "clause": rules.clause,
        "summary": summary.as_dict(),
    }
    r = f.roster
    if r is not None:
        counts = dict(units=r.units, owners=len(r.owners), signed_owners=r.signed_owners)
        out["roster"] = {**counts, "not_signed": r.not_signed(),
                         "message": text(m["roster"]).format(**counts).as_dict()}
    return out
