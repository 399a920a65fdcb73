"""三、改造范围: is a community within the scope of renovation?

"纳入城区改造范围的老旧小区应符合下列条件" (3.p1): （一）in one of the five districts, completed
in 2000 (inclusive) or earlier (3.1); （二）–（五） (3.2–3.5); and none of the exclusions of the
last paragraph of 三 (3.p2). Places of 岳阳 outside the five districts make their own plans (9).
"""
from __future__ import annotations

import math

from .compiled import FAIL, PASS, UNKNOWN, Compiled, compiled, norm_place
from .errors import InvalidInput, first_unknown, not_an_object, shown, unknown_field
from .values import parse_year as read_year  # issue 13: the one number reader


def evaluate(data, params) -> dict:
    """三、改造范围: apply 三（一）–（五） and the exclusions of 三 to one community (3).

    Returns ``{"status": "eligible" | "ineligible" | "undetermined", "eligible", "checks",
    ...}`` or, for invalid input, ``{"status": "error", "error": {...}}``.
    """
    cp = compiled(params)
    try:
        return build_result(cp, assess(cp, data))
    except InvalidInput as e:
        return e.result()


def assess(cp: Compiled, data) -> tuple:
    """The outcome of each check of 三, with its message, in the plan's order (3).

    Returns (status, district, year, checks) where checks is a tuple of finished checks
    (id, clause, outcome, zh, en). The checks are shared, immutable tuples: identical answers
    give identical objects, which keeps the batch path lean.
    """
    if type(data) is not dict:
        raise not_an_object(data)
    if not cp.elig_field_set.issuperset(data):
        raise unknown_field(first_unknown(data, cp.elig_field_set), cp.elig_fields)
    get = data.get

    # 三（一）: the district; the other places of 岳阳 fail under 九 (interpretation
    # eligibility.outside_plan). Where a community straddles two districts: not modelled.
    v = get("district")
    got = cp.district_checks.get(v) if type(v) is str else None
    if got is None:
        got = district_check(cp, v)
    dcheck, dist = got

    # 三（一）: 2000年（含）以前建成
    v = get("completion_year")
    tv = type(v)
    got = cp.year_checks.get(v) if (tv is str or tv is int) else None
    if got is None:
        got = year_check(cp, v)
    ycheck, year = got

    checks = [dcheck, ycheck]
    append = checks.append
    failed = dcheck[2] is FAIL or ycheck[2] is FAIL
    unknown = dcheck[2] is UNKNOWN or ycheck[2] is UNKNOWN

    # 三（二）–（五） and the exclusions of 三: yes / no / unknown answers. The plan sets no
    # measure for "明显不足", "不完善", "强烈" or "较好", nor a day for "近5年": they are the
    # user's answers (interpretations eligibility.judgments_as_answers, .five_years_as_answers).
    # Of the exclusions, only the three the plan names are checked; its "等" is not modelled.
    words = cp.bool_words
    for c in cp.conditions:
        v = get(c.field)
        tv = type(v)
        if tv is str:
            t = c.by_text.get(v) or c.check_for_text(v, words)
            if t is None:
                raise bad_boolean(cp, c.field, v)
        elif v is None or tv is bool:
            t = c.by_answer[v]
        else:
            raise bad_boolean(cp, c.field, v)
        o = t[2]
        if o is FAIL:
            failed = True
        elif o is UNKNOWN:
            unknown = True
        append(t)

    # interpretation eligibility.three_valued: a failure decides, even with unknowns
    status = "ineligible" if failed else ("undetermined" if unknown else "eligible")
    return status, dist, year, tuple(checks)


def district_check(cp: Compiled, value) -> tuple:
    """(finished check, District or None) for a district answer (3.1, 9)."""
    dist = resolve_district(cp, value)
    if dist is None:
        got = (("district", cp.district_clause, UNKNOWN) + cp.district_unknown, None)
    else:
        outcome, clause, zh, en = cp.district_message(dist)
        got = (("district", clause, outcome, zh, en), dist)
    if type(value) is str and len(cp.district_checks) < 4096:
        cp.district_checks[value] = got
    return got


def year_check(cp: Compiled, value) -> tuple:
    """(finished check, year or None) for a completion year (3.1)."""
    year = parse_year(value)
    if year is None:
        got = (("completion_year", cp.year_clause, UNKNOWN) + cp.year_unknown, None)
    else:
        outcome, zh, en = cp.year_message(year)
        got = (("completion_year", cp.year_clause, outcome, zh, en), year)
    tv = type(value)
    if (tv is str or tv is int) and len(cp.year_checks) < 20000:
        cp.year_checks[value] = got
    return got


def resolve_district(cp: Compiled, value):
    """The place named by a code, a Chinese name or a common alias; None when not given (3.1, 9)."""
    if value is None:
        return None
    if type(value) is not str:
        raise _bad_district(cp, value)
    key = norm_place(value)
    if not key:
        return None
    dist = cp.place_by_name.get(key)
    if dist is None:
        raise _bad_district(cp, value)
    return dist


def _bad_district(cp: Compiled, value) -> InvalidInput:
    from .errors import nearest
    guess = nearest(value, cp.place_names) if isinstance(value, str) else None
    hint_zh = f"是否应为“{guess}”？" if guess else ""
    hint_en = f" Did you mean '{guess}'?" if guess else ""
    return InvalidInput(
        "unknown_district", "district",
        f"“district”不是岳阳市的区县：{shown(value)}。{hint_zh}本方案适用于："
        f"{'、'.join(cp.in_plan_codes)}（岳阳楼区、岳阳经开区、南湖新区、云溪区、君山区）。",
        f"'district' is not a place of Yueyang: {shown(value)}.{hint_en} This plan covers: "
        f"{', '.join(cp.in_plan_codes)}.",
        valid=cp.in_plan_codes + cp.outside_codes, suggestion=guess)


def parse_year(value):
    """A completion year, read by the one number reader (values.parse_year); None if not given."""
    return read_year(value, "completion_year")  # issue 13: numbers as people write them


def bad_boolean(cp: Compiled, field: str, value) -> InvalidInput:
    return InvalidInput(
        "invalid_boolean", field,
        f"“{field}”须为“是”“否”或留空（未知），即 true、false 或 null；收到：{shown(value)}。",
        f"'{field}' must be yes, no or blank (unknown): true, false or null; got {shown(value)}.",
        valid=[True, False, None])


def summary(cp: Compiled, status: str, dist, checks) -> tuple:
    s = cp.elig_summary
    if status == "eligible":
        return s["eligible"]["zh"], s["eligible"]["en"]
    if status == "ineligible" and dist is not None and not dist.in_plan:
        return (s["ineligible_outside"]["zh"].format(name_zh=dist.zh),
                s["ineligible_outside"]["en"].format(name_en=dist.en))
    want = FAIL if status == "ineligible" else UNKNOWN
    labels = cp.elig_labels
    ids = [c[0] for c in checks if c[2] is want]
    key = "ineligible" if status == "ineligible" else "undetermined"
    return (s[key]["zh"].format(items="、".join(labels[i][0] for i in ids)),
            s[key]["en"].format(items="; ".join(labels[i][1] for i in ids)))


def build_result(cp: Compiled, assessed: tuple) -> dict:
    """The full result: status, every check with its clause and message, a summary (3)."""
    status, dist, year, checks = assessed
    zh, en = summary(cp, status, dist, checks)
    return {
        "status": status,
        "eligible": True if status == "eligible" else (False if status == "ineligible" else None),
        "district": dict(dist.info) if dist is not None else None,
        "completion_year": year,
        "outside_plan": bool(dist is not None and not dist.in_plan),
        "failed": [c[0] for c in checks if c[2] is FAIL],
        "unknown": [c[0] for c in checks if c[2] is UNKNOWN],
        "outcomes": {c[0]: c[2] for c in checks},
        "checks": [{"id": i, "clause": cl, "outcome": o, "message": {"zh": z, "en": e}}
                   for i, cl, o, z, e in checks],
        "summary": {"zh": zh, "en": en},
    }
