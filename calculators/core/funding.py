"""六、资金筹措: who pays what.

"老旧小区改造资金由居民出资、管线单位出资、原产权单位出资、财政资金等方式筹集" (6.p1). The
district pays 20% of pipeline relocation as a reward in lieu of subsidy and the pipeline
utilities the rest (6.2); road excavation and restoration is the district's (6.2); the city
rewards 50% of the district's fiscal input, elevator installation excluded (6.1).

    rules = rules_from(params)
    inputs = read(rules, data)           # costs, contributions, whether the city rewards
    amounts = compute(rules, inputs)     # every figure, exactly
    explain(rules, inputs, amounts)      # the steps, each with its clause, in both languages
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .errors import InvalidInput, check_object, shown
from .values import ZERO, fmt, fmt_rate, fraction_percent, half_up, money, parse_amount, percent_value
from .words import Text, answer_words, labels, text

TOP = ["costs", "contributions", "city_reward_eligible"]
PARTS = ["general", "elevator"]


class Item(NamedTuple):
    """A cost item, a contribution or a payer of 六, with its label."""

    key: str
    clause: str
    label: Text
    pool: str = ""    # costs only: "general", "elevator", "pipeline" or "district" (funding.yaml)


class FundingRules(NamedTuple):
    """The parameters of 六 (policy/funding.yaml)."""

    city_rate: Decimal
    pipeline_rate: Decimal
    road_rate: Decimal
    costs: list[Item]
    contributions: list[Item]
    payers: list[Item]
    explanation: dict     # the templates of the steps
    answers: dict         # yes / no / unknown words, for city_reward_eligible
    labels: dict[str, Text]


def rules_from(params: dict) -> FundingRules:
    f = params["funding"]
    names = labels(params, "funding")
    return FundingRules(
        city_rate=percent_value(f["city_reward_rate"]["value"]),
        pipeline_rate=percent_value(f["district_pipeline_reward_rate"]["value"]),
        road_rate=percent_value(f["road_works_district_rate"]["value"]),
        costs=[Item(c["key"], str(c["clause"]), names["costs." + c["key"]], c["pool"]) for c in f["costs"]],
        contributions=[Item(c["key"], str(c["clause"]), names["contributions." + c["key"]])
                       for c in f["contributions"]],
        payers=[Item(p["key"], str(p["clause"]), names["shares." + p["key"]]) for p in f["payers"]],
        explanation=f["explanation"],
        answers=answer_words(params),
        labels=names,
    )


class Contribution(NamedTuple):
    general: Decimal
    elevator: Decimal     # earmarked for elevators


class Inputs(NamedTuple):
    costs: dict[str, Decimal]
    contributions: dict[str, Contribution]
    city_reward_eligible: bool


class Amounts(NamedTuple):
    """Every figure of 六 for one project, exact to the fen."""

    total_cost: Decimal
    district_pipeline_reward: Decimal   # 六（二）: the district's 20% of pipeline relocation
    pipeline_units: Decimal             # 六（二）: the rest, shared by the pipeline units
    road_works_district: Decimal        # 六（二）: road excavation and restoration
    general_need: Decimal               # the community's own items but elevators: what general money may pay
    general_in: Decimal                 # contributions for the project in general
    elevator_in: Decimal                # contributions earmarked for elevators
    general_paid: Decimal               # general money applied to general costs
    elevator_paid_earmarked: Decimal
    elevator_paid_general: Decimal      # general money left over, applied to elevators
    district_general: Decimal           # 六（一）: the district's input, elevators excluded
    district_elevator: Decimal
    city_reward: Decimal                # 六（一）
    surplus_general: Decimal
    surplus_elevator: Decimal
    shares: dict[str, Decimal]          # payer -> amount

    @property
    def general_left(self) -> Decimal:
        return self.general_in - self.general_paid

    @property
    def elevator_paid(self) -> Decimal:
        return self.elevator_paid_earmarked + self.elevator_paid_general

    @property
    def district_total(self) -> Decimal:
        return self.district_general + self.district_elevator

    @property
    def district_net(self) -> Decimal:
        return self.district_total - self.city_reward

    @property
    def surplus(self) -> Decimal:
        return self.surplus_general + self.surplus_elevator


def evaluate(data, params) -> dict:
    """六: split the cost of one project between its payers, with every step explained (6).

    Returns ``{"status": "ok", "total_cost", "pipeline_units", "district_pipeline_reward",
    "district_input", "city_reward", "district_net", "surplus", "shares", "explanation"}``
    or ``{"status": "error", "error": {...}}``.
    """
    rules = rules_from(params)
    try:
        return assess(rules, data)
    except InvalidInput as e:
        return e.result()


def assess(rules: FundingRules, data, explained: bool = True) -> dict:
    """六: the figures, and unless `explained` is false (batches), the steps that explain them."""
    inputs = read(rules, data)
    amounts = compute(rules, inputs)
    return result(rules, inputs, amounts, explain(rules, inputs, amounts) if explained else [])


# -- reading the input ---------------------------------------------------------------------------

def _group(data: dict, name: str, items: list[Item]) -> dict:
    """The object under `name` (`costs`, `contributions`): absent is empty; unknown keys refused."""
    obj = data.get(name)
    keys = [i.key for i in items]
    return {} if obj is None else check_object(obj, frozenset(keys), keys, field=name)


def read(rules: FundingRules, data) -> Inputs:
    check_object(data, TOP)
    given = _group(data, "costs", rules.costs)
    costs = {}
    for item in rules.costs:
        v = given.get(item.key)
        costs[item.key] = ZERO if v is None else parse_amount(v, "costs." + item.key, label=item.label)

    given = _group(data, "contributions", rules.contributions)
    contributions = {}
    for item in rules.contributions:
        v = given.get(item.key)
        field = key = "contributions." + item.key
        if v is None:
            contributions[item.key] = Contribution(ZERO, ZERO)
        elif type(v) is dict:
            check_object(v, PARTS, field=field)
            g, e = v.get("general"), v.get("elevator")
            contributions[item.key] = Contribution(
                ZERO if g is None else parse_amount(g, field + ".general", label=rules.labels[key + ".general"]),
                ZERO if e is None else parse_amount(e, field + ".elevator", label=rules.labels[key + ".elevator"]))
        elif type(v) is list or type(v) is bool:
            g, e = rules.labels[key + ".general"], rules.labels[key + ".elevator"]
            raise InvalidInput(
                "invalid_type", field,
                f"“{item.label.zh}”须为金额（元），或分为“{g.zh}”与“{e.zh}”两项"
                f"（JSON：{{\"general\": 金额, \"elevator\": 金额}}）；您填写的是{shown(v)}。",
                f"{item.label.en} must be an amount in yuan, or split into '{g.en_in_sentence}' and "
                f"'{e.en_in_sentence}' (JSON: {{\"general\": amount, \"elevator\": amount}}); you entered {shown(v)}.")
        else:
            contributions[item.key] = Contribution(parse_amount(v, field, label=item.label), ZERO)
    return Inputs(costs, contributions, _city_reward_eligible(rules, data.get("city_reward_eligible")))


def _city_reward_eligible(rules: FundingRules, answer) -> bool:
    if answer is None:
        # interpretation funding.city_reward_eligibility: assumed when not answered
        return True
    if type(answer) is str and answer.strip().lower() in rules.answers:
        word = rules.answers[answer.strip().lower()]
        return True if word is None else word
    if type(answer) is bool:
        return answer
    label = rules.labels["city_reward_eligible"]
    raise InvalidInput(
        "invalid_boolean", "city_reward_eligible",
        f"“{label.zh}”须为“是”或“否”（未填写时按“是”计算）；您填写的是{shown(answer)}。",
        f"{label.en} must be yes or no (blank counts as yes); you entered {shown(answer)}.",
        valid=[True, False, None])


# -- the amounts -------------------------------------------------------------------------------

def compute(rules: FundingRules, inputs: Inputs) -> Amounts:
    """Every figure of 六, from the costs and contributions, exactly (6)."""
    costs, contributions = inputs.costs, inputs.contributions
    total_cost = sum(costs.values(), ZERO)

    # 六（二）: the district rewards 20% of pipeline relocation; the utilities pay the rest
    pipeline = costs["pipeline_relocation"]
    reward = half_up(pipeline * rules.pipeline_rate)
    # 六（二）: road excavation and restoration, 100% district (general input)
    road_district = half_up(costs["road_works"] * rules.road_rate)

    # the community's own renovation items, elevators excluded: what general money may pay
    general_need = sum((v for _item, v in general_costs(rules, costs)), ZERO)

    # interpretation funding.contributions_order: general money pays the community's own items
    # first, then elevators; earmarked money pays elevators only; the rest is surplus. No
    # contribution pays road works or the district's pipeline reward: 六（二） gives both to
    # district finance ("建设费用由区财政承担", "区财政以奖代补20%").
    general_in = sum((c.general for c in contributions.values()), ZERO)
    elevator_in = sum((c.elevator for c in contributions.values()), ZERO)
    general_paid = min(general_in, general_need)
    elevator_cost = costs["elevator"]
    paid_earmarked = min(elevator_in, elevator_cost)
    paid_general_e = min(general_in - general_paid, elevator_cost - paid_earmarked)

    district_general = road_district + reward + (general_need - general_paid)
    district_elevator = elevator_cost - paid_earmarked - paid_general_e

    # 六（一）: 50% of the district's input, elevators excluded; the district's pipeline reward and
    # road works count as its input (interpretations funding.pipeline_reward_is_district_input,
    # funding.road_works_district_input). Paid after the comprehensive assessment (七（四）):
    # the calculator counts it as paid in full. Central and provincial funds, and the
    # 房改房专项维修资金 / 住房公积金 sources of 六（三）, are contributions the user gives:
    # what each may be spent on is not modelled.
    city = half_up(district_general * rules.city_rate) if inputs.city_reward_eligible else ZERO

    shares = {"pipeline_units": pipeline - reward,
              "district": district_general + district_elevator - city,
              "city": city}
    for key, c in contributions.items():
        shares[key] = c.general + c.elevator
    return Amounts(
        total_cost=total_cost, district_pipeline_reward=reward, pipeline_units=pipeline - reward,
        road_works_district=road_district, general_need=general_need, general_in=general_in,
        elevator_in=elevator_in, general_paid=general_paid, elevator_paid_earmarked=paid_earmarked,
        elevator_paid_general=paid_general_e, district_general=district_general,
        district_elevator=district_elevator, city_reward=city,
        surplus_general=general_in - general_paid - paid_general_e,
        surplus_elevator=elevator_in - paid_earmarked, shares=shares)


def general_costs(rules: FundingRules, costs: dict) -> list:
    """(label, amount) of each of the community's own items that general money may pay (5.1–5.3,
    elevators excluded)."""
    return [(item.label, costs[item.key]) for item in rules.costs if item.pool == "general"]


# -- the explanation -------------------------------------------------------------------------

def _terms(items) -> Text:
    """'label 1,000.00 + label 2,000.00' of the non-zero amounts, or '0.00', in both languages."""
    parts = [(label, fmt(v)) for label, v in items if v]
    if not parts:
        return Text("0.00", "0.00")
    return Text(" + ".join(f"{label.zh} {v}" for label, v in parts),
                " + ".join(f"{label.en} {v}" for label, v in parts))


def explain(rules: FundingRules, inputs: Inputs, a: Amounts) -> list[dict]:
    """The steps from the costs to the shares, each with its clause and amount (6)."""
    costs = inputs.costs
    steps = []

    def step(sid: str, template: str, amount: Decimal, **values) -> None:
        t = rules.explanation[template]
        if sid in rules.labels:
            values.setdefault("label", rules.labels[sid])   # a step may name its figure: {label}
        steps.append({"id": "funding." + sid, "clause": str(t["clause"]), "amount": money(amount),
                      "message": text(t).format(**values).as_dict()})

    step("total_cost", "total_cost", a.total_cost, total=fmt(a.total_cost),
         terms=_terms((item.label, costs[item.key]) for item in rules.costs))
    step("pipeline", "pipeline", a.district_pipeline_reward, cost=fmt(costs["pipeline_relocation"]),
         rate=fmt_rate(rules.pipeline_rate), reward=fmt(a.district_pipeline_reward),
         units=fmt(a.pipeline_units))
    step("road_works", "road_works", a.road_works_district, cost=fmt(costs["road_works"]),
         rate=fmt_rate(rules.road_rate), district=fmt(a.road_works_district))
    step("general_need", "general_need", a.general_need, total=fmt(a.general_need),
         terms=_terms(general_costs(rules, costs)))
    step("general_contributions", "general_contributions", a.general_paid,
         terms=_terms((item.label, inputs.contributions[item.key].general) for item in rules.contributions),
         total=fmt(a.general_in), paid=fmt(a.general_paid), left=fmt(a.general_left))
    step("elevator_contributions", "elevator_contributions", a.elevator_paid, cost=fmt(costs["elevator"]),
         earmarked=fmt(a.elevator_in), paid_earmarked=fmt(a.elevator_paid_earmarked),
         paid_general=fmt(a.elevator_paid_general))
    step("district_input", "district_input", a.district_total,
         road_label=rules.labels["road_works_district"], road=fmt(a.road_works_district),
         reward_label=rules.labels["district_pipeline_reward"], reward=fmt(a.district_pipeline_reward),
         general_need=fmt(a.general_need), general_paid=fmt(a.general_paid),
         general=fmt(a.district_general), elevator_cost=fmt(costs["elevator"]),
         elevator_paid=fmt(a.elevator_paid), elevator=fmt(a.district_elevator), total=fmt(a.district_total))
    if inputs.city_reward_eligible:
        step("city_reward", "city_reward", a.city_reward, base=fmt(a.district_general),
             rate=fmt_rate(rules.city_rate), reward=fmt(a.city_reward))
    else:
        step("city_reward", "city_reward_not_eligible", a.city_reward)
    step("district_net", "district_net", a.district_net, input=fmt(a.district_total),
         reward=fmt(a.city_reward), net=fmt(a.district_net))
    step("surplus", "surplus", a.surplus, general=fmt(a.surplus_general),
         elevator=fmt(a.surplus_elevator), total=fmt(a.surplus))
    share_sum = sum((a.shares[p.key] for p in rules.payers), ZERO)
    step("shares", "shares", share_sum, sum=fmt(share_sum), total=fmt(a.total_cost), surplus=fmt(a.surplus))
    return steps


# -- the result ------------------------------------------------------------------------------

def result(rules: FundingRules, inputs: Inputs, a: Amounts, steps: list[dict]) -> dict:
    shares = [{
        "payer": p.key,
        "label": p.label.as_dict(),
        "amount": money(a.shares[p.key]),
        "percent": fraction_percent(Fraction(a.shares[p.key]) / Fraction(a.total_cost)) if a.total_cost else None,
        "clause": p.clause,
    } for p in rules.payers]
    return {
        "status": "ok",
        "total_cost": money(a.total_cost),
        "costs": {k: money(v) for k, v in inputs.costs.items()},
        "pipeline_units": money(a.pipeline_units),
        "district_pipeline_reward": money(a.district_pipeline_reward),
        "road_works_district": money(a.road_works_district),
        "contributions": {
            "general": money(a.general_in),
            "elevator": money(a.elevator_in),
            "applied_general": money(a.general_paid + a.elevator_paid_general),
            "applied_elevator": money(a.elevator_paid_earmarked),
        },
        "district_input": {
            "general": money(a.district_general),
            "elevator": money(a.district_elevator),
            "total": money(a.district_total),
        },
        "city_reward_eligible": inputs.city_reward_eligible,
        "city_reward": money(a.city_reward),
        "district_net": money(a.district_net),
        "surplus": money(a.surplus),
        "shares": shares,
        "explanation": steps,
    }
