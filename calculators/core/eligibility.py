"""三、改造范围: is a community within the scope of renovation?

"纳入城区改造范围的老旧小区应符合下列条件" (3.p1): （一）in one of the five districts, completed
in 2000 (inclusive) or earlier (3.1); （二）–（五） (3.2–3.5); and none of the exclusions of the
last paragraph of 三 (3.p2). Places of 岳阳 outside the five districts make their own plans (9).

    rules = rules_from(params)         # the plan's numbers and words, prepared
    assessed = assess(rules, data)     # one Check per field, in the plan's order
    result(rules, assessed)            # the contract's dict
"""
from __future__ import annotations

import math
from functools import partial
from typing import Callable, NamedTuple

from .errors import InvalidInput, first_unknown, nearest, not_an_object, shown, unknown_field
from .places import District, Places, norm_place, places
from .values import parse_year as read_year  # issue 13: the one number reader
from .words import Text, answer_words, labels, text

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


class Check(NamedTuple):
    """The outcome of one check of 三, with its clause and its message."""

    id: str           # the input field checked
    clause: str
    outcome: str      # PASS, FAIL or UNKNOWN
    message: Text
    value: object     # the answer as read: a District, a year, True / False / None


class Condition(NamedTuple):
    """A yes / no condition of 三（二）–（五） or an exclusion of 3.p2, with its check for each answer."""

    field: str
    clause: str
    required: bool    # the answer that meets it (an exclusion is met by "no")
    label: Text
    checks: dict      # True / False / None -> the finished Check


class EligibilityRules(NamedTuple):
    """The parameters of 三, as the checks use them (policy/eligibility.yaml, districts.yaml)."""

    fields: list[str]             # every input field, in the plan's order
    places: Places
    district_clause: str
    district_messages: dict
    max_year: int
    year_inclusive: bool
    year_clause: str
    year_messages: dict
    conditions: list[Condition]
    answers: dict                 # yes / no / unknown words
    summaries: dict
    next_steps: dict      # what comes next in 七, by status
    labels: dict[str, Text]


def rules_from(params: dict) -> EligibilityRules:
    """The rules of 三 from the parameters (params.json or a caller's own)."""
    e = params["eligibility"]
    names = labels(params, "eligibility")
    conditions = [_condition(c, e["templates"], names[c["field"]]) for c in e["conditions"]]
    y = e["completion_year"]
    return EligibilityRules(
        fields=["district", "completion_year"] + [c.field for c in conditions],
        places=places(params["districts"]),
        district_clause=str(e["district"]["clause"]),
        district_messages=e["district"]["messages"],
        max_year=int(y["value"]),
        year_inclusive=bool(y["inclusive"]),
        year_clause=str(y["clause"]),
        year_messages=y["messages"],
        conditions=conditions,
        answers=answer_words(params),
        summaries=e["summary"],
        next_steps=e["next_steps"],
        labels=names,
    )


def _condition(rec: dict, templates: dict, label: Text) -> Condition:
    if rec["kind"] == "exclusion":
        t = templates["exclusion"]
    else:
        t = templates["required_true" if rec["required"] else "required_false"]
    required = bool(rec["required"])
    clause = str(rec["clause"])
    checks = {}
    for answer in (True, False, None):
        outcome = UNKNOWN if answer is None else (PASS if answer == required else FAIL)
        checks[answer] = Check(rec["field"], clause, outcome, text(t[outcome]).format(label=label), answer)
    return Condition(rec["field"], clause, required, label, checks)


class Assessment(NamedTuple):
    status: str                   # "eligible", "ineligible" or "undetermined"
    checks: tuple[Check, ...]

    def value(self, field: str):
        return next(c.value for c in self.checks if c.id == field)


def evaluate(data, params) -> dict:
    """三、改造范围: apply 三（一）–（五） and the exclusions of 三 to one community (3).

    Returns ``{"status": "eligible" | "ineligible" | "undetermined", "eligible", "checks",
    ...}`` or, for invalid input, ``{"status": "error", "error": {...}}``.
    """
    rules = rules_from(params)
    try:
        return result(rules, assess(rules, data))
    except InvalidInput as e:
        return e.result()


def assess(rules: EligibilityRules, data) -> Assessment:
    """Every check of 三, in the plan's order, and what they add up to (3)."""
    if type(data) is not dict:
        raise not_an_object(data)
    unknown = first_unknown(data, rules.fields)
    if unknown is not None:
        raise unknown_field(unknown, rules.fields)
    checks = tuple(check(data.get(field)) for field, check in checkers(rules))
    return Assessment(status_of(checks), checks)


def checkers(rules: EligibilityRules) -> list[tuple[str, Callable[[object], Check]]]:
    """Each input field with the function that checks its answer, in the plan's order."""
    return [("district", partial(check_district, rules)),
            ("completion_year", partial(check_year, rules)),
            *((c.field, partial(check_answer, rules, c)) for c in rules.conditions)]


def status_of(checks) -> str:
    """Interpretation eligibility.three_valued: a failure decides, even with unknowns."""
    outcomes = [c.outcome for c in checks]
    if FAIL in outcomes:
        return "ineligible"
    return "undetermined" if UNKNOWN in outcomes else "eligible"


def check_district(rules: EligibilityRules, value) -> Check:
    """三（一）: in one of the five districts; the other places of 岳阳 fail under 九 (interpretation
    eligibility.outside_plan). Where a community straddles two districts: not modelled."""
    place = resolve_district(rules, value)
    m = rules.district_messages
    if place is None:
        return Check("district", rules.district_clause, UNKNOWN, text(m["unknown"]), None)
    names = dict(name_zh=place.zh, name_en=place.en)
    if place.in_plan:
        return Check("district", rules.district_clause, PASS, text(m["pass"]).format(**names), place)
    return Check("district", place.clause, FAIL, text(m["outside"]).format(**names), place)


def check_year(rules: EligibilityRules, value) -> Check:
    """三（一）: 2000年（含）以前建成."""
    year = read_year(value, "completion_year", rules.labels["completion_year"])
    m = rules.year_messages
    if year is None:
        return Check("completion_year", rules.year_clause, UNKNOWN,
                     text(m["unknown"]).format(max_year=rules.max_year), None)
    ok = year <= rules.max_year if rules.year_inclusive else year < rules.max_year
    outcome = PASS if ok else FAIL
    return Check("completion_year", rules.year_clause, outcome,
                 text(m[outcome]).format(year=year, max_year=rules.max_year), year)


def check_answer(rules: EligibilityRules, condition: Condition, value) -> Check:
    """三（二）–（五） and the exclusions of 三: yes / no / unknown answers.

    The plan sets no measure for "明显不足", "不完善", "强烈" or "较好", nor a day for "近5年": they
    are the user's answers (interpretations eligibility.judgments_as_answers,
    .five_years_as_answers). Of the exclusions, only the three the plan names are checked; its
    "等" is not modelled.
    """
    if type(value) is str:
        key = value.strip().lower()
        if key not in rules.answers:
            raise bad_boolean(condition.field, rules.labels[condition.field], value)
        return condition.checks[rules.answers[key]]
    if value is None or type(value) is bool:
        return condition.checks[value]
    raise bad_boolean(condition.field, rules.labels[condition.field], value)


def resolve_district(rules: EligibilityRules, value) -> District | None:
    """The place named by a code, a Chinese name or a common alias; None when not given (3.1, 9)."""
    if value is None:
        return None
    if type(value) is not str:
        raise _bad_district(rules, value)
    key = norm_place(value)
    if not key:
        return None
    place = rules.places.by_name.get(key)
    if place is None:
        raise _bad_district(rules, value)
    return place


def _bad_district(rules: EligibilityRules, value) -> InvalidInput:
    guess = nearest(value, rules.places.names) if isinstance(value, str) else None
    hint_zh = f"是否应为“{guess}”？" if guess else ""
    hint_en = f" Did you mean '{guess}'?" if guess else ""
    codes = [p.code for p in rules.places.in_plan]
    label = rules.labels["district"]
    return InvalidInput(
        "unknown_district", "district",
        f"“{label.zh}”须为岳阳市的区、县（市），您填写的{shown(value)}不是。{hint_zh}本方案适用于："
        f"{'、'.join(p.zh for p in rules.places.in_plan)}（代码 {'、'.join(codes)}）。",
        f"{label.en} must be a district or county of Yueyang; {shown(value)} is not.{hint_en} This plan "
        f"covers: {', '.join(f'{p.en} ({p.code})' for p in rules.places.in_plan)}.",
        valid=codes + [p.code for p in rules.places.outside], suggestion=guess)


def bad_boolean(field: str, label: Text, value) -> InvalidInput:
    return InvalidInput(
        "invalid_boolean", field,
        f"“{label.zh}”须为“是”“否”或“不清楚”（留空即不清楚；JSON：true、false 或 null）；您填写的是{shown(value)}。",
        f"{label.en} must be yes, no or don't know (blank is don't know; JSON: true, false or null); "
        f"you entered {shown(value)}.",
        valid=[True, False, None])


def summary(rules: EligibilityRules, assessed: Assessment) -> Text:
    """One sentence: eligible; or outside the plan (9); or what fails, or is still to find out."""
    s = rules.summaries
    status = assessed.status
    if status == "eligible":
        return text(s["eligible"])
    place = assessed.value("district")
    if status == "ineligible" and place is not None and not place.in_plan:
        return text(s["ineligible_outside"]).format(name_zh=place.zh, name_en=place.en)
    want = FAIL if status == "ineligible" else UNKNOWN
    names = [rules.labels[c.id] for c in assessed.checks if c.outcome == want]
    return text(s["ineligible" if status == "ineligible" else "undetermined"]).format(
        items=Text("、".join(n.zh for n in names), "; ".join(n.en_in_sentence for n in names)))


def next_steps(rules: EligibilityRules, status: str) -> list[dict]:
    """What comes next in the plan for this status (7.1.3, 7.2, 7.1.5): meeting the conditions of
    三 is not inclusion; the Leading Group Office decides (7.1.5)."""
    steps = rules.next_steps
    return [{"id": sid, "clause": str(steps[sid]["clause"]), "message": text(steps[sid]).as_dict()}
            for sid in steps["by_status"][status]]


def result(rules: EligibilityRules, assessed: Assessment) -> dict:
    """The full result: status, every check with its clause and message, a summary (3)."""
    status, checks = assessed
    place = assessed.value("district")
    return {
        "status": status,
        "eligible": True if status == "eligible" else (False if status == "ineligible" else None),
        "district": place.as_dict() if place is not None else None,
        "completion_year": assessed.value("completion_year"),
        "outside_plan": bool(place is not None and not place.in_plan),
        "failed": [c.id for c in checks if c.outcome == FAIL],
        "unknown": [c.id for c in checks if c.outcome == UNKNOWN],
        "outcomes": {c.id: c.outcome for c in checks},
        "checks": [{"id": c.id, "clause": c.clause, "outcome": c.outcome, "message": c.message.as_dict()}
                   for c in checks],
        "summary": summary(rules, assessed).as_dict(),
        "next_steps": next_steps(rules, status),
    }
