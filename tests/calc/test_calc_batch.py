"""The batch path (calculators.batch, lean per-row loop) agrees with the functions."""
import csv
import io

import pytest

import calculators
from calculators import batch
from calc_casefiles import load

FIELDS = ["district", "completion_year", "infrastructure_deficient", "property_management_inadequate",
          "strong_willingness", "renovated_last_5_years", "in_demolition_plan_5_years",
          "illegal_structures_cleared", "has_owners_committee", "in_shantytown_plan",
          "mainly_self_built", "urban_village"]


def cell(v):
    return "" if v is None else ("true" if v is True else "false" if v is False else str(v))


def run_batch(name, header, rows):
    buf = io.StringIO()
    csv.writer(buf).writerows([header] + rows)
    out = io.StringIO()
    report = batch.run(name, buf.getvalue(), out, calculators.load_params())
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    return report, [dict(zip(table[0], r)) for r in table[1:]]


def test_eligibility_batch_rows_agree_with_the_function():
    cases = [c for c in load("eligibility")
             if isinstance(c["input"], dict) and set(c["input"]) <= set(FIELDS)
             and all(not isinstance(v, (list, dict)) for v in c["input"].values())
             and any(cell(v) for v in c["input"].values())]  # an all-blank row is skipped
    assert len(cases) > 50
    rows = [[cell(c["input"].get(f)) for f in FIELDS] for c in cases]
    # twice over, so that memoised results are exercised as well
    report, out = run_batch("eligibility", FIELDS, rows + rows)
    assert report.rows == 2 * len(cases)
    for c, got in zip(cases + cases, out):
        want = calculators.eligibility({k: (cell(v) if v is not None else None) for k, v in c["input"].items()})
        assert got["status"] == want["status"], c["name"]
        if want["status"] == "error":
            assert got["error_field"] == want["error"]["field"]
        else:
            assert got["failed"] == ";".join(want["failed"]), c["name"]
            assert got["unknown"] == ";".join(want["unknown"]), c["name"]
            assert got["explanation_zh"].startswith(want["summary"]["zh"])


def test_a_malformed_record_is_reported_and_the_rest_still_run():
    text = "district,name\nyunxi,a\njunshan," + "x" * 200000 + "\nnanhu,c\n"
    out = io.StringIO()
    report = batch.run("eligibility", text, out, calculators.load_params())
    assert report.rows == 3 and [r for r, _ in report.bad] == [3]
    assert [line.split(",")[0] for line in out.getvalue().splitlines()[1:]] == ["yunxi", "nanhu"]


@pytest.mark.parametrize("name", ["consent", "funding"])
def test_consent_and_funding_batch_rows_agree_with_the_function(name):
    cases = [c for c in load(name) if isinstance(c["input"], dict) and "units" not in c["input"]]
    flat_cases = []
    for c in cases:
        flat = {}
        ok = True
        for k, v in c["input"].items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    if isinstance(v2, dict):
                        for k3, v3 in v2.items():
                            flat[f"{k}.{k2}.{k3}"] = v3
                    elif isinstance(v2, list):
                        ok = False
                    else:
                        flat[f"{k}.{k2}"] = v2
            elif isinstance(v, list):
                ok = False
            else:
                flat[k] = v
        # CSV cells are text: keep the cases whose values survive as text
        valid = set(calculators.load_params()["csv_columns"][name])
        if ok and set(flat) <= valid and any(cell(v) for v in flat.values()) and all(
                isinstance(v, (str, int)) and not isinstance(v, bool) or v is None for v in flat.values()):
            flat_cases.append((c, flat))
    assert flat_cases
    header = sorted({k for _, f in flat_cases for k in f})
    report, out = run_batch(name, header, [[cell(f.get(h)) for h in header] for _, f in flat_cases])
    assert report.rows == len(flat_cases)
    for (c, _f), got in zip(flat_cases, out):
        want = calculators.calculate(name, c["input"])
        assert got["status"] == want["status"], c["name"]
        if name == "funding" and want["status"] == "ok":
            assert got["city_reward"] == want["city_reward"] and got["district_net"] == want["district_net"]
        if name == "consent" and want["status"] != "error":
            assert got["area.additional_needed"] == want["area"]["additional_needed"]
            assert got["owners.additional_needed"] == str(want["owners"]["additional_needed"])
