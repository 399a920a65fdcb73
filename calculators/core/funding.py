"""六、资金筹措: who pays what.

"老旧小区改造资金由居民出资、管线单位出资、原产权单位出资、财政资金等方式筹集" (6.p1). The
district pays 20% of pipeline relocation as a reward in lieu of subsidy and the pipeline
utilities the rest (6.2); road excavation and restoration is the district's (6.2); the city
rewards 50% of the district's fiscal input, elevator installation excluded (6.1).
"""
from __future__ import annotations

from decimal import Decimal

from .compiled import Compiled, compiled
from .errors import InvalidInput, check_object, shown
from .values import ZERO, fmt, fraction_percent, half_up, money, parse_amount

TOP = ["costs", "contributions", "city_reward_eligible"]
PARTS = ["general", "elevator"]


def evaluate(data, params) -> dict:
    """六: split the cost of one project between its payers, with every step explained (6).

    Returns ``{"status": "ok", "total_cost", "pipeline_units", "district_pipeline_reward",
    "district_input", "city_reward", "district_net", "surplus", "shares", "explanation"}``
    or ``{"status": "error", "error": {...}}``.
    """
    cp = compiled(params)
    try:
        return assess(cp, data)
    except InvalidInput as e:
        return e.result()


def _group(data: dict, name: str, key_set, keys) -> dict:
    """The object under `name` (`costs`, `contributions`): absent is empty; unknown keys refused."""
    obj = data.get(name)
    return {} if obj is None else check_object(obj, key_set, keys, field=name)


def parse(cp: Compiled, data) -> tuple:
    check_object(data, TOP)
    costs_in = _group(data, "costs", cp.cost_key_set, cp.cost_keys)
    costs = {}
    for key in cp.cost_keys:
        v = costs_in.get(key)
        costs[key] = ZERO if v is None else parse_amount(v, "costs." + key)

    contrib_in = _group(data, "contributions", cp.contribution_key_set, cp.contribution_keys)
    contributions = {}
    for key in cp.contribution_keys:
        v = contrib_in.get(key)
        field = "contributions." + key
        if v is None:
            contributions[key] = (ZERO, ZERO)
        elif type(v) is dict:
            check_object(v, PARTS, field=field)
            g, e = v.get("general"), v.get("elevator")
            contributions[key] = (ZERO if g is None else parse_amount(g, field + ".general"),
                                  ZERO if e is None else parse_amount(e, field + ".elevator"))
        elif type(v) is list or type(v) is bool:
            raise InvalidInput(
                "invalid_type", field,
                f"“{field}”须为金额，或 {{\"general\": 金额, \"elevator\": 金额}}；收到：{shown(v)}。",
                f"'{field}' must be an amount, or {{\"general\": amount, \"elevator\": amount}}; got {shown(v)}.")
        else:
            contributions[key] = (parse_amount(v, field), ZERO)

    eligible = data.get("city_reward_eligible")
    if eligible is None:
        # interpretation funding.city_reward_eligibility: assumed when not answered
        eligible = True
    elif type(eligible) is str and eligible.strip().lower() in cp.bool_words:
        answer = cp.bool_words[eligible.strip().lower()]
        eligible = True if answer is None else answer
    elif type(eligible) is not bool:
        raise InvalidInput(
            "invalid_boolean", "city_reward_eligible",
            f"“city_reward_eligible”须为 true 或 false（默认 true）；收到：{shown(eligible)}。",
            f"'city_reward_eligible' must be true or false (default true); got {shown(eligible)}.",
            valid=[True, False, None])
    return costs, contributions, eligible


def _terms(items) -> str:
    """'a + b + c' of the non-zero amounts, or '0.00'."""
    parts = [fmt(v) for v in items if v]
    return " + ".join(parts) if parts else "0.00"


def _labelled(items, lang: int) -> str:
    parts = [f"{lab[lang]} {fmt(v)}" for lab, v in items if v]
    return " + ".join(parts) if parts else "0.00"


def assess(cp: Compiled, data, explain: bool = True) -> dict:
    """六: the shares, and unless `explain` is false (batches), the explanation steps (6)."""
    costs, contributions, city_eligible = parse(cp, data)
    T = cp.funding_text
    steps = []

    def step(sid, key, amount=None, **values):
        if not explain:
            return
        t = T[key]
        s = {"id": "funding." + sid, "clause": str(t["clause"])}
        if amount is not None:
            s["amount"] = money(amount)
        s["message"] = {"zh": t["zh"].format(**values), "en": t["en"].format(**values)}
        steps.append(s)

    labels = {k: (zh, en) for k, _pool, zh, en in cp.costs}
    total_cost = sum(costs.values(), ZERO)
    cost_items = [(labels[k], costs[k]) for k in cp.cost_keys]
    if explain:
        step("total_cost", "total_cost", total_cost,
             terms=_labelled(cost_items, 0), total=fmt(total_cost))
        steps[-1]["message"]["en"] = T["total_cost"]["en"].format(terms=_labelled(cost_items, 1), total=fmt(total_cost))

    # 六（二）: the district rewards 20% of pipeline relocation; the utilities pay the rest
    pipeline = costs["pipeline_relocation"]
    reward = half_up(pipeline * cp.pipeline_rate)
    units = pipeline - reward
    step("pipeline", "pipeline", reward, cost=fmt(pipeline), rate=cp.pipeline_rate_text,
         reward=fmt(reward), units=fmt(units))

    # 六（二）: road excavation and restoration, 100% district (general input)
    road = costs["road_works"]
    road_district = half_up(road * cp.road_rate)
    step("road_works", "road_works", road_district, cost=fmt(road), rate=cp.road_rate_text,
         district=fmt(road_district))

    # general costs: everything but elevators, pipeline relocation only for the district's part
    general_items = []
    for key, pool, zh, en in cp.costs:
        if pool == "general":
            general_items.append(((zh, en), road_district if key == "road_works" else costs[key]))
    general_items.append((cp.pipeline_reward_label, reward))
    general_need = sum((v for _l, v in general_items), ZERO)
    if explain:
        step("general_need", "general_need", general_need,
             terms=_labelled(general_items, 0), total=fmt(general_need))
        steps[-1]["message"]["en"] = T["general_need"]["en"].format(
            terms=_labelled(general_items, 1), total=fmt(general_need))

    # interpretation funding.contributions_order: general money pays general costs first,
    # then elevators; earmarked money pays elevators only; the rest is surplus
    general_in = sum((g for g, _e in contributions.values()), ZERO)
    elevator_in = sum((e for _g, e in contributions.values()), ZERO)
    general_paid = min(general_in, general_need)
    general_left = general_in - general_paid
    gen_items = [(cp.contribution_labels[k], contributions[k][0]) for k in cp.contribution_keys]
    if explain:
        step("general_contributions", "general_contributions", general_paid,
             terms=_labelled(gen_items, 0), total=fmt(general_in), paid=fmt(general_paid),
             left=fmt(general_left))
        steps[-1]["message"]["en"] = T["general_contributions"]["en"].format(
            terms=_labelled(gen_items, 1), total=fmt(general_in), paid=fmt(general_paid),
            left=fmt(general_left))

    elevator_cost = costs["elevator"]
    paid_earmarked = min(elevator_in, elevator_cost)
    paid_general_e = min(general_left, elevator_cost - paid_earmarked)
    step("elevator_contributions", "elevator_contributions", paid_earmarked + paid_general_e,
         cost=fmt(elevator_cost), earmarked=fmt(elevator_in), paid_earmarked=fmt(paid_earmarked),
         paid_general=fmt(paid_general_e))

    district_general = general_need - general_paid
    elevator_paid = paid_earmarked + paid_general_e
    district_elevator = elevator_cost - elevator_paid
    district_total = district_general + district_elevator
    step("district_input", "district_input", district_total,
         general_need=fmt(general_need), general_paid=fmt(general_paid),
         general=fmt(district_general), elevator_cost=fmt(elevator_cost),
         elevator_paid=fmt(elevator_paid), elevator=fmt(district_elevator), total=fmt(district_total))

    # 六（一）: 50% of the district's input, elevators excluded; the district's pipeline reward and
    # road works count as its input (interpretations funding.pipeline_reward_is_district_input,
    # funding.road_works_district_input). Paid after the comprehensive assessment (七（四）):
    # the calculator counts it as paid in full. Central and provincial funds, and the
    # 房改房专项维修资金 / 住房公积金 sources of 六（三）, are contributions the user gives:
    # what each may be spent on is not modelled.
    if city_eligible:
        city = half_up(district_general * cp.city_rate)
        step("city_reward", "city_reward", city, base=fmt(district_general),
             rate=cp.city_rate_text, reward=fmt(city))
    else:
        city = ZERO
        step("city_reward", "city_reward_not_eligible", city)
    district_net = district_total - city
    step("district_net", "district_net", district_net, input=fmt(district_total),
         reward=fmt(city), net=fmt(district_net))

    surplus_general = general_left - paid_general_e
    surplus_elevator = elevator_in - paid_earmarked
    surplus = surplus_general + surplus_elevator
    step("surplus", "surplus", surplus, general=fmt(surplus_general),
         elevator=fmt(surplus_elevator), total=fmt(surplus))

    amounts = {"pipeline_units": units, "district": district_net, "city": city}
    for key, (g, e) in contributions.items():
        amounts[key] = g + e
    shares = []
    for key, clause, zh, en in cp.payers:
        amt = amounts[key]
        shares.append({
            "payer": key,
            "label": {"zh": zh, "en": en},
            "amount": money(amt),
            "percent": fraction_percent(_ratio(amt, total_cost)) if total_cost else None,
            "clause": clause,
        })
    share_sum = sum((amounts[k] for k, *_ in cp.payers), ZERO)
    step("shares", "shares", share_sum, sum=fmt(share_sum), total=fmt(total_cost),
         surplus=fmt(surplus))

    return {
        "status": "ok",
        "total_cost": money(total_cost),
        "costs": {k: money(v) for k, v in costs.items()},
        "pipeline_units": money(units),
        "district_pipeline_reward": money(reward),
        "road_works_district": money(road_district),
        "contributions": {
            "general": money(general_in),
            "elevator": money(elevator_in),
            "applied_general": money(general_paid + paid_general_e),
            "applied_elevator": money(paid_earmarked),
        },
        "district_input": {
            "general": money(district_general),
            "elevator": money(district_elevator),
            "total": money(district_total),
        },
        "city_reward_eligible": city_eligible,
        "city_reward": money(city),
        "district_net": money(district_net),
        "surplus": money(surplus),
        "shares": shares,
        "explanation": steps,
    }


def _ratio(a: Decimal, b: Decimal):
    from fractions import Fraction
    return Fraction(a) / Fraction(b)
