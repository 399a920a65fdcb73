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

from .errors import InvalidInput, check_object, first_unknown, missing_field, nearest, plain, shown
from .values import CENT, ZERO, ceil_cent, fmt, fraction_percent, parse_amount, parse_count
from .words import Text, answer_words, labels, text
from . import civil_code  # issue 13: the Civil Code beside the plan (comparison only)

AGGREGATE = ["total_area", "signed_area", "total_owners", "signed_owners"]
ROSTER = ["units"]
FIELDS = AGGREGATE + ROSTER + civil_code.FIELDS  # issue 13: + voted_area, voted_owners
UNIT_FIELDS = ["unit", "owner", "area", "signed"]


def item_place(i: int) -> Text:
    """Where a roster given as JSON lists a unit (0-based i): 第 2 户 / Unit 2."""
    return Text(f"第 {i + 1} 户", f"Unit {i + 1}")


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
    """An owner of a roster: the area of all their units, their units, and their one answer."""

    area: Decimal
    signed: bool | None   # None: the roster says the signature is still to be verified
    first_item: int       # where the roster first lists them (0-based)
    units: tuple = ()


class Roster(NamedTuple):
    units: int
    owners: dict[str, Owner]

    @property
    def signed_owners(self) -> int:
        return sum(1 for o in self.owners.values() if o.signed)

    @property
    def unknown(self) -> list[Owner]:
        return [o for o in self.owners.values() if o.signed is None]

    def not_signed(self) -> list[dict]:
        """The owners who have not signed, or whose signature is still to be verified (`signed`
        false or null), largest area first, with their units (as the roster lists them)."""
        rows = sorted(((name, o) for name, o in self.owners.items() if not o.signed),
                      key=lambda row: (-row[1].area, row[0]))
        return [{"owner": name, "units": list(o.units), "area": str(o.area), "signed": o.signed}
                for name, o in rows]


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


def evaluate(data, params, place=item_place) -> dict:
    """七（二）: whether the owners' consent reaches the double two-thirds (7.2).

    Takes either the aggregate figures (total_area, signed_area, total_owners, signed_owners)
    or a roster (`units`: [{unit, owner, area, signed}]). Returns ``{"status": "passed" |
    "not_passed", "passed", "area", "owners", ...}`` or ``{"status": "error", ...}``.
    """
    rules = rules_from(params)
    try:
        figures = read(rules, data, place)
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


def read(rules: ConsentRules, data, place=item_place) -> Figures:
    """The four totals: given as figures, or added up from a roster (7.2); `place` says where
    a roster's item is (read_roster)."""
    check_object(data, FIELDS)
    if "units" in data:
        present = [k for k in AGGREGATE if k in data]
        if present:
            raise InvalidInput(
                "mixed_input", present[0],
                "请只提供一种输入：签字名册（units）或汇总数字（total_area 等），不能同时提供。",
                "Give either a roster ('units') or the aggregate figures ('total_area' etc.), not both.")
        roster = read_roster(rules, data["units"], place)
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


def read_roster(rules: ConsentRules, units, place=item_place) -> Roster:
    """A signature roster: each owner counted once, areas summed (7.2). `place(i)` says where the
    reader finds item i (a row of their CSV file, or the i-th unit of a JSON list); messages name
    it so, and a field by its label (房号, 业主, 面积, 是否签字)."""
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
        at = place(i)
        _check_item(rules, u, where, at)
        unit = _name(rules, u.get("unit"), where + ".unit", "unit", at)
        owner = _name(rules, u.get("owner"), where + ".owner", "owner", at)
        if u.get("area") is None:
            label = rules.labels["units.area"]
            raise InvalidInput("missing_field", where + ".area",
                               f"{at.zh}缺少“{label.zh}”。",
                               f"{at.en}: the {label.en_in_sentence} is missing.")
        area = _item_area(u["area"], where + ".area", rules.labels["units.area"], at)
        # interpretation consent.blank_signature: a blank signature is no signature;
        # consent.unknown_signature: 待核实, ?, 不清楚 ... are signatures still to be verified
        signed = _signature(rules, u.get("signed"), where + ".signed", at)
        if unit in seen_units:
            first = place(seen_units[unit])
            raise InvalidInput(
                "duplicate_unit", where + ".unit",
                f"{at.zh}：{rules.labels['units.unit'].zh}“{plain(unit)}”重复（{first.zh}已有）。",
                f"{at.en}: {rules.labels['units.unit'].en_in_sentence} '{plain(unit)}' is listed twice "
                f"({first.en_in_sentence} has it already).")
        seen_units[unit] = i
        # interpretation consent.owner_counted_once: owners are told apart by their name as
        # written (spaces collapsed); two people of one name need distinguishable entries
        known = owners.get(owner)
        if known is None:
            owners[owner] = Owner(area, signed, i, (unit,))
            continue
        if {known.signed, signed} == {True, False}:
            first = place(known.first_item)
            raise InvalidInput(
                "inconsistent_signature", where + ".signed",
                f"{at.zh}：业主“{plain(owner)}”在{first.zh}已签字、在此未签字（或相反）；一名业主只能有一个意见。",
                f"{at.en}: owner '{plain(owner)}' signed in {first.en_in_sentence} and not here (or the "
                "other way round); an owner gives one answer.")
        # an answer still to be verified for any unit leaves the owner's answer to be verified
        combined = None if None in (known.signed, signed) else signed
        owners[owner] = known._replace(area=known.area + area, signed=combined, units=known.units + (unit,))
    return Roster(len(units), owners)


def _check_item(rules: ConsentRules, u, where: str, at: Text) -> None:
    if type(u) is not dict:
        raise InvalidInput(
            "not_an_object", where,
            f"{at.zh}须为 JSON 对象 {{unit, owner, area, signed}}；您填写的是{shown(u)}。",
            f"{at.en} must be a JSON object {{unit, owner, area, signed}}; you entered {shown(u)}.")
    bad = first_unknown(u, UNIT_FIELDS)
    if bad is not None:
        guess = nearest(str(bad), UNIT_FIELDS)
        hint_zh = f"（是否应为“{guess}”？）" if guess else ""
        hint_en = f" (did you mean '{guess}'?)" if guess else ""
        names = "、".join(f"{f}（{rules.labels['units.' + f].zh}）" for f in UNIT_FIELDS)
        names_en = ", ".join(f"{f} ({rules.labels['units.' + f].zh})" for f in UNIT_FIELDS)
        raise InvalidInput(
            "unknown_field", f"{where}.{bad}",
            f"{at.zh}有未知字段“{plain(str(bad))}”{hint_zh}；可用字段：{names}。",
            f"{at.en} has an unknown field '{plain(str(bad))}'{hint_en}; valid fields: {names_en}.",
            valid=list(UNIT_FIELDS), suggestion=f"{where}.{guess}" if guess else None)


def _item_area(value, field: str, label: Text, at: Text) -> Decimal:
    """A unit's area, read by the one number reader; its message names the place and the label
    the reader sees instead of the number reader's own words for a roster item."""
    try:
        return parse_amount(value, field, "area", label)
    except InvalidInput as e:
        zh = e.zh.replace(f"“{label.zh}”", f"{at.zh}的“{label.zh}”", 1)
        en = e.en.replace(label.en[:1].upper() + label.en[1:], f"The {label.en_in_sentence} of {at.en_in_sentence}", 1)
        raise InvalidInput(e.code, e.field, zh, en, e.valid, e.suggestion) from None


def _signature(rules: ConsentRules, s, field: str, at: Text):
    """True (signed), False (not signed, or blank) or None (still to be verified)."""
    if s is None or type(s) is bool:
        return bool(s)
    if type(s) is str:
        word = s.strip().lower()
        if not word:
            return False
        if word in rules.answers:
            return rules.answers[word]
    label = rules.labels["units.signed"]
    raise InvalidInput(
        "invalid_boolean", field,
        f"{at.zh}的“{label.zh}”须为“是”“否”“待核实”或留空（未签字）；您填写的是{shown(s)}。",
        f"{at.en}: '{label.en}' must be yes, no, 待核实 (to be verified) or blank (not signed); you entered {shown(s)}.",
        valid=[True, False, None])


def _name(rules: ConsentRules, value, field, kind, at: Text) -> str:
    if type(value) is int and not isinstance(value, bool):
        value = str(value)
    if type(value) is not str or not value.strip():
        label = rules.labels["units." + kind]
        raise InvalidInput(
            "missing_field" if value is None or (type(value) is str) else "invalid_type", field,
            f"{at.zh}的“{label.zh}”须为非空文字；您填写的是{shown(value)}。",
            f"{at.en}: the {label.en_in_sentence} must be a non-empty text; you entered {shown(value)}.")
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
        out["roster"] = roster_block(rules, f, r)
    return out


def roster_block(rules: ConsentRules, f: Figures, r: Roster) -> dict:
    """What the roster adds up to, the owners who have not signed (or whose signature is to be
    verified) and, if some are to be verified, whether their signatures would change the result.

    interpretation consent.unknown_signature: a signature to be verified is not counted as
    signed; the result passes only if it passes without them."""
    m = rules.messages
    unknown = r.unknown
    unknown_area = sum((o.area for o in unknown), ZERO)
    counts = dict(units=r.units, owners=len(r.owners), signed_owners=r.signed_owners,
                  unknown_owners=len(unknown))
    message = text(m["roster"]).format(**counts)
    block = {**counts, "unknown_area": str(unknown_area)}
    if unknown:
        message = _join(message, text(m["roster_unknown"]).format(
            unknown_owners=len(unknown), unknown_area=fmt(unknown_area)))
        would = (area_tally(rules, f.signed_area + unknown_area, f.total_area).passed
                 and owners_tally(rules, f.signed_owners + len(unknown), f.total_owners)[0].passed)
        already = (area_tally(rules, f.signed_area, f.total_area).passed
                   and owners_tally(rules, f.signed_owners, f.total_owners)[0].passed)
        block["passed_if_verified_signed"] = would
        if not already:
            message = _join(message, text(m["roster_unknown_would_pass" if would else "roster_unknown_would_not_pass"]))
    block["not_signed"] = r.not_signed()
    block["message"] = message.as_dict()
    return block


def _join(a: Text, b: Text) -> Text:
    return Text(a.zh + b.zh, a.en + " " + b.en)
