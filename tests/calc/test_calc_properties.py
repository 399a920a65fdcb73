"""Properties that hold for every input (Hypothesis)."""
import json
import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculators

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)

ELIG_FIELDS = ["district", "completion_year", "infrastructure_deficient", "property_management_inadequate",
               "strong_willingness", "renovated_last_5_years", "in_demolition_plan_5_years",
               "illegal_structures_cleared", "has_owners_committee", "in_shantytown_plan",
               "mainly_self_built", "urban_village"]
answers = st.sampled_from([True, False, None, "是", "否", "", "Y", "n", "未知", "maybe", 1])
districts = st.sampled_from(["yueyanglou", "岳阳楼区", "jingkai", "nanhu", "yunxi", "junshan", "岳阳县", "汨罗市", None, "", "长沙市", 7])
years = st.one_of(st.integers(1900, 2100), st.sampled_from([None, "", "2000", "2000年", "abc", 2000.5]))
money = st.one_of(
    st.decimals(min_value=0, max_value=10 ** 9, places=2).map(str),
    st.integers(0, 10 ** 9),
    st.sampled_from(["0.005", "-1", "1e3", None, "1,234.50", 0.1, 1e300]),
)
fieldish = st.sampled_from(ELIG_FIELDS + ["costs", "contributions", "units", "total_area", "signed_owners", "x"])


def clean(result) -> bool:
    json.dumps(result, ensure_ascii=False)
    if result["status"] == "error":
        err = result["error"]
        assert err["code"] and err["message"]["zh"] and err["message"]["en"]
        # one line each, whatever the input held (the CLI prints them on one line)
        assert "\n" not in err["message"]["zh"] and "\n" not in err["message"]["en"]
        return False
    return True


@SETTINGS
@given(name=st.sampled_from(["eligibility", "consent", "funding"]), value=json_values)
def test_any_json_value_gives_a_result_or_a_clean_error(name, value):
    clean(calculators.calculate(name, value))


@SETTINGS
@given(name=st.sampled_from(["eligibility", "consent", "funding"]),
       value=st.dictionaries(fieldish, json_values, max_size=6))
def test_any_object_with_known_and_unknown_fields_gives_a_result_or_a_clean_error(name, value):
    clean(calculators.calculate(name, value))


@SETTINGS
@given(costs=st.dictionaries(st.sampled_from(["environment", "building", "elevator", "public_facilities",
                                              "pipeline_relocation", "road_works"]), money),
       contributions=st.dictionaries(st.sampled_from(["residents", "original_property_unit", "social_capital", "central_subsidy"]),
                                     money | st.fixed_dictionaries({}, optional={"general": money, "elevator": money})),
       eligible=st.sampled_from([True, False, None]))
def test_funding_shares_always_add_up_exactly(costs, contributions, eligible):
    r = calculators.funding({"costs": costs, "contributions": contributions, "city_reward_eligible": eligible})
    if not clean(r):
        return
    total = sum(Decimal(s["amount"]) for s in r["shares"])
    assert total == Decimal(r["total_cost"]) + Decimal(r["surplus"])
    assert Decimal(r["pipeline_units"]) + Decimal(r["district_pipeline_reward"]) == Decimal(r["costs"]["pipeline_relocation"])
    d = r["district_input"]
    assert Decimal(d["general"]) + Decimal(d["elevator"]) == Decimal(d["total"])
    assert Decimal(r["district_net"]) == Decimal(d["total"]) - Decimal(r["city_reward"])
    for s in r["shares"]:
        assert Decimal(s["amount"]) >= 0
        assert Decimal(s["amount"]).as_tuple().exponent == -2
    # the city never pays more than half (rounded) of the district's general input
    assert Decimal(r["city_reward"]) <= (Decimal(d["general"]) / 2).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


@st.composite
def aggregate(draw):
    total_owners = draw(st.integers(1, 5000))
    signed_owners = draw(st.integers(0, total_owners))
    total_area = draw(st.integers(1, 10 ** 8))  # in hundredths
    signed_area = draw(st.integers(0, total_area))
    more_owners = draw(st.integers(0, total_owners - signed_owners))
    more_area = draw(st.integers(0, total_area - signed_area))
    return total_owners, signed_owners, total_area, signed_area, more_owners, more_area


def _consent(to, so, ta, sa):
    return calculators.consent({"total_owners": to, "signed_owners": so,
                                "total_area": str(Decimal(ta) / 100),
                                "signed_area": str(Decimal(sa) / 100)})


@SETTINGS
@given(aggregate())
def test_more_signatures_never_turn_a_pass_into_a_fail(case):
    to, so, ta, sa, mo, ma = case
    before = _consent(to, so, ta, sa)
    after = _consent(to, so + mo, ta, sa + ma)
    assert clean(before) and clean(after)
    if before["passed"]:
        assert after["passed"]
    if before["area"]["passed"]:
        assert after["area"]["passed"]
    if before["owners"]["passed"]:
        assert after["owners"]["passed"]


@SETTINGS
@given(aggregate())
def test_the_additional_signatures_needed_are_exactly_enough(case):
    to, so, ta, sa, _mo, _ma = case
    r = _consent(to, so, ta, sa)
    need_o = r["owners"]["additional_needed"]
    need_a = int(Decimal(r["area"]["additional_needed"]) * 100)
    with_need = _consent(to, so + need_o, ta, sa + need_a)
    assert with_need["owners"]["passed"] and with_need["area"]["passed"]
    if need_o:
        assert not _consent(to, so + need_o - 1, ta, sa)["owners"]["passed"]
    if need_a:
        assert not _consent(to, so, ta, sa + need_a - 1)["area"]["passed"]
    # and the exact comparison agrees with integer arithmetic
    assert r["owners"]["passed"] == (3 * so >= 2 * to)
    assert r["area"]["passed"] == (3 * sa >= 2 * ta)


@st.composite
def roster(draw):
    n = draw(st.integers(1, 12))
    owners = draw(st.lists(st.sampled_from("甲乙丙丁戊己庚辛"), min_size=n, max_size=n))
    signed_by_owner = {o: draw(st.booleans()) for o in set(owners)}
    units = [{"unit": f"{i + 1}", "owner": o, "area": str(Decimal(draw(st.integers(1, 20000))) / 100),
              "signed": signed_by_owner[o]} for i, o in enumerate(owners)]
    flip = draw(st.sampled_from(sorted(set(owners))))
    return units, flip


@SETTINGS
@given(roster())
def test_in_a_roster_one_more_owner_signing_never_turns_a_pass_into_a_fail(case):
    units, flip = case
    before = calculators.consent({"units": units})
    after = calculators.consent({"units": [dict(u, signed=True) if u["owner"] == flip else u for u in units]})
    assert clean(before) and clean(after)
    if before["passed"]:
        assert after["passed"]
    assert before["owners"]["total"] == len({u["owner"] for u in units})


@SETTINGS
@given(data=st.fixed_dictionaries({}, optional={f: (districts if f == "district" else years if f == "completion_year" else answers) for f in ELIG_FIELDS}),
       seed=st.integers(0, 2 ** 32))
def test_eligibility_never_depends_on_the_order_of_the_keys(data, seed):
    keys = list(data)
    random.Random(seed).shuffle(keys)
    shuffled = {k: data[k] for k in keys}
    a = calculators.eligibility(data)
    b = calculators.eligibility(shuffled)
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


@SETTINGS
@given(data=st.fixed_dictionaries({}, optional={f: (districts if f == "district" else years if f == "completion_year" else answers) for f in ELIG_FIELDS}))
def test_eligibility_three_valued_logic(data):
    r = calculators.eligibility(data)
    if not clean(r):
        return
    outcomes = [c["outcome"] for c in r["checks"]]
    assert len(outcomes) == 12
    if "fail" in outcomes:
        assert r["status"] == "ineligible" and r["eligible"] is False
    elif "unknown" in outcomes:
        assert r["status"] == "undetermined" and r["eligible"] is None
    else:
        assert r["status"] == "eligible" and r["eligible"] is True
    for c in r["checks"]:
        assert c["clause"] and c["message"]["zh"] and c["message"]["en"]


def test_under_a_strict_threshold_the_area_needed_goes_past_it():
    """Were 七（二） read as 'more than' 2/3, landing exactly on 2/3 of the area would not do."""
    import copy
    params = copy.deepcopy(calculators.load_params())
    params["consent"]["inclusive"]["value"] = False
    case = {"total_owners": 3, "signed_owners": 1, "total_area": "300.00", "signed_area": "100.00"}
    r = calculators.consent(case, params)
    assert r["area"]["additional_needed"] == "100.01"   # 300.00 × 2/3 = 200.00, and 0.01 past it
    assert r["owners"]["additional_needed"] == 2        # 3 × 2/3 = 2, so 3
    done = calculators.consent(dict(case, signed_owners=3, signed_area="200.01"), params)
    assert done["passed"]
    assert not calculators.consent(dict(case, signed_owners=3, signed_area="200.00"), params)["area"]["passed"]
