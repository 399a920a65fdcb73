"""The parameters a caller passes are the ones used, on every call, even after the caller
changes them in place; and load_params() hands out data no caller can spoil for the next."""
import copy

import calculators

# exactly two-thirds of the area and of the owners: passes under 以上 (inclusive), not otherwise
AT_TWO_THIRDS = {"total_owners": 3, "signed_owners": 2, "total_area": "300.00", "signed_area": "200.00"}


def test_stale_parameters_a_change_in_place_between_two_calls_is_honoured():
    p = copy.deepcopy(calculators.load_params())
    first = calculators.consent(AT_TWO_THIRDS, p)
    assert first["passed"] and first["area"]["passed"] and first["owners"]["passed"]
    p["consent"]["inclusive"]["value"] = False
    second = calculators.consent(AT_TWO_THIRDS, p)
    assert not second["passed"] and not second["area"]["passed"] and not second["owners"]["passed"]
    assert second["owners"]["additional_needed"] == 1
    assert second["area"]["additional_needed"] == "0.01"
    p["consent"]["inclusive"]["value"] = True
    assert calculators.consent(AT_TWO_THIRDS, p) == first


def test_eligibility_and_funding_follow_their_parameters_changed_in_place():
    p = copy.deepcopy(calculators.load_params())
    case = {"district": "yunxi", "completion_year": 2003}
    assert calculators.eligibility(case, p)["outcomes"]["completion_year"] == "fail"
    p["eligibility"]["completion_year"]["value"] = 2005
    assert calculators.eligibility(case, p)["outcomes"]["completion_year"] == "pass"
    p["labels"]["eligibility.district"]["zh"] = "所在的区"
    assert "所在的区" in calculators.eligibility({"completion_year": 2003}, p)["summary"]["zh"]

    costs = {"costs": {"environment": 100}}
    assert calculators.funding(costs, p)["city_reward"] == "50.00"
    p["funding"]["city_reward_rate"]["value"] = "40%"
    assert calculators.funding(costs, p)["city_reward"] == "40.00"


def test_load_params_gives_every_caller_its_own_data():
    a = calculators.load_params()
    b = calculators.load_params()
    assert a == b and a is not b and a["consent"] is not b["consent"]
    a["consent"]["inclusive"]["value"] = False
    a["consent"]["area_threshold"]["value"] = "3/4"
    a["labels"].clear()
    # the next caller, and the default parameters of the calculators, are untouched
    assert calculators.load_params() == b
    assert calculators.consent(AT_TWO_THIRDS)["passed"]


def test_the_batch_reads_the_parameters_it_is_given():
    import io

    from calculators import batch
    p = copy.deepcopy(calculators.load_params())
    text = "total_area,signed_area,total_owners,signed_owners\n300.00,200.00,3,2\n"
    out = io.StringIO()
    batch.run("consent", text, out, p)
    assert out.getvalue().splitlines()[1].split(",")[4] == "passed"
    p["consent"]["inclusive"]["value"] = False
    out = io.StringIO()
    batch.run("consent", text, out, p)
    assert out.getvalue().splitlines()[1].split(",")[4] == "not_passed"
