"""Generate calculators/params.json from policy/*.yaml.

The calculators run in CPython and in Pyodide, where there is no YAML parser: they read the
plan's parameters from this one JSON file, shipped inside the package. Run after editing
policy/:

    python -m plansite.params          # write calculators/params.json
    python -m plansite.params --check  # exit 1 if it is out of date

The JSON holds the policy files as they are (keyed by file name, in their own order), after checks
that the calculators can use them: every file that the calculators read is present, the rates
parse, and every parameter the calculators do not read has the one value they implement. One
thing moves: the labels of fields and figures, written in policy/labels.yaml or beside a
condition, cost, contribution or payer, are all gathered under `labels` (one flat mapping,
``"funding.district_pipeline_reward": {"zh": ..., "en": ...}``), so each is in params.json
once. policy/glossary.yaml (owned by the translators) is not included.
"""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml

from calculators.core import consent as consent_core
from plansite import ROOT

POLICY = ROOT / "policy"
OUT = ROOT / "calculators" / "params.json"

FILES = ["districts", "eligibility", "consent", "funding", "interpretations",
         "csv_columns", "renovation_menu"]
FORMAT = 1
# --- issue 13: the Civil Code beside the plan (policy/civil_code.yaml; a comparison only)
FILES.append("civil_code")
# --- end issue 13


def percent(value) -> Decimal:
    s = str(value).strip()
    if not s.endswith("%"):
        raise ValueError(f"not a percentage: {value!r}")
    return Decimal(s[:-1]) / 100


# Parameters that record a rule of the plan the calculators implement in one way only: the code
# does not read them, so each must have the one value the code implements (changing it in
# policy/ without changing the code fails here, instead of silently doing nothing).
ONLY_VALUE = {
    # 六（一）: the base of the city's reward is the district's input without elevators
    ("funding", "city_reward_excludes_elevators", "value"): True,
    # 六（一）: the reward depends on 符合市财政奖补范畴, the user's answer `city_reward_eligible`
    ("funding", "city_reward_condition", "value"): True,
    # 六（一）: the district pays whatever is not otherwise funded (`district_input`)
    ("funding", "district_fiscal_input", "value"): "remainder",
    # 六（二）: the pipeline units pay what the district's reward leaves (`pipeline_units`)
    ("funding", "pipeline_units_share", "value"): "remainder",
    # amounts by a rate: half up to the fen (calculators.core.values.half_up); the contract
    # gives every amount with exactly 2 decimals
    ("funding", "rounding", "value"): "half_up",
    ("funding", "rounding", "places"): 2,
    # 七（二）: the area still needed, rounded up to 0.01 m² (calculators.core.values.ceil_cent)
    ("consent", "additional_area_decimals", "value"): 2,
}


def check(params: dict) -> None:
    """Fail loudly if a value cannot be used the way the calculators use it."""
    for (name, key, field), want in ONLY_VALUE.items():
        got = params[name][key][field]
        assert got == want and type(got) is type(want), \
            f"{name}.{key}.{field} is {got!r}: the calculators implement only {want!r}"
    f = params["funding"]
    for key in ("city_reward_rate", "district_pipeline_reward_rate", "road_works_district_rate"):
        r = percent(f[key]["value"])
        assert 0 <= r <= 1, (key, r)
    # The calculator puts road works wholly on the district; a lower rate would need a payer
    # for the rest, which 六（二） does not name.
    assert percent(f["road_works_district_rate"]["value"]) == 1, "road works: only 100% is modelled"
    cost_keys = {c["key"] for c in f["costs"]}
    for cat in params["renovation_menu"]["categories"]:
        assert cat["funding_cost"] is None or cat["funding_cost"] in cost_keys, cat["id"]
    c = params["consent"]
    for key in ("area_threshold", "owners_threshold"):
        t = Fraction(str(c[key]["value"]))
        assert 0 < t <= 1, (key, t)
    assert isinstance(c["inclusive"]["value"], bool)
    # the result cites one clause for both ratios and the boundary
    assert len({str(c[k]["clause"]) for k in ("area_threshold", "owners_threshold", "inclusive")}) == 1
    e = params["eligibility"]
    assert isinstance(e["completion_year"]["value"], int)
    fields = [x["field"] for x in e["conditions"]]
    assert len(fields) == len(set(fields)), "duplicate eligibility field"
    codes = [d["code"] for d in params["districts"]["in_plan"]["districts"]] + \
            [d["code"] for d in params["districts"]["outside_plan"]["places"]]
    assert len(codes) == len(set(codes)), "duplicate district code"
    ids = [i["id"] for i in params["interpretations"]]
    assert len(ids) == len(set(ids)), "duplicate interpretation id"
    # YAML 1.1 reads unquoted yes/no/on/off as booleans: every answer word must be a string.
    for answer, words in params["csv_columns"]["booleans"].items():
        bad = [w for w in words if not isinstance(w, str)]
        assert not bad, f"csv_columns.booleans.{answer}: quote {bad} so they stay words"
    check_labels(params)


def input_fields(params: dict) -> dict[str, list[str]]:
    """Every input field of each calculator, as a JSON path (the keys of its labels)."""
    f = params["funding"]
    contributions = ["contributions." + c["key"] for c in f["contributions"]]
    return {
        "eligibility": ["district", "completion_year"] + [c["field"] for c in params["eligibility"]["conditions"]],
        "consent": consent_core.FIELDS + ["units." + u for u in consent_core.UNIT_FIELDS],
        "funding": ["costs." + c["key"] for c in f["costs"]] + contributions
                   + [f"{c}.{part}" for c in contributions for part in ("general", "elevator")]
                   + ["city_reward_eligible"],
    }


def check_labels(params: dict) -> None:
    """Every input field and every result column has its label, and labels are not headings of
    another field."""
    labels = params["labels"]
    for key, label in labels.items():
        assert set(label) == {"zh", "en"} and all(isinstance(v, str) and v.strip() for v in label.values()), key
    for calc, fields in input_fields(params).items():
        for field in fields:
            assert f"{calc}.{field}" in labels, f"no label for the input field {calc}.{field}"
    res = params["csv_columns"]["results"]
    for calc in ("eligibility", "consent", "funding"):
        for col in res[calc] + res["errors"]:
            assert col in res["text_columns"] or f"{calc}.{col}" in labels, f"no heading for {calc} column {col}"
    for key in res["former_headings"]:
        assert key in labels, key


def gather_labels(params: dict, own: dict) -> dict:
    """policy/labels.yaml, and the labels written beside their clause (taken out of their entry,
    so that params.json holds each label once); a contribution's parts get composed labels."""
    labels: dict = {}

    def add(key: str, label: dict) -> None:
        assert key not in labels, f"the label {key} is written twice in policy/"
        labels[key] = {"zh": label["zh"], "en": label["en"]}

    for key, label in own.items():
        add(key, label)
    for c in params["eligibility"]["conditions"]:
        add("eligibility." + c["field"], c.pop("label"))
    f = params["funding"]
    for section, prefix in (("costs", "costs"), ("contributions", "contributions"), ("payers", "shares")):
        for item in f[section]:
            add(f"funding.{prefix}.{item['key']}", item.pop("label"))
    for c in f["contributions"]:
        whole = labels[f"funding.contributions.{c['key']}"]
        for part in ("general", "elevator"):
            name = labels[f"funding.contribution_part.{part}"]
            add(f"funding.contributions.{c['key']}.{part}",
                {"zh": f"{whole['zh']}：{name['zh']}", "en": f"{whole['en']}: {name['en']}"})
    return labels


def read_policy() -> tuple[dict, dict]:
    """The policy files the calculators read, as written, and policy/labels.yaml."""
    params = {"format": FORMAT}
    for name in FILES:
        with open(POLICY / f"{name}.yaml", encoding="utf-8") as fh:
            params[name] = yaml.safe_load(fh)
    with open(POLICY / "labels.yaml", encoding="utf-8") as fh:
        return params, yaml.safe_load(fh)


def build() -> dict:
    params, own_labels = read_policy()
    params["labels"] = gather_labels(params, own_labels)
    check(params)
    return params


def render(params: dict) -> str:
    # key order is the policy files' own (it orders columns and explanations); YAML keeps it
    return json.dumps(params, ensure_ascii=False, indent=1) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if params.json is out of date")
    args = ap.parse_args(argv)
    text = render(build())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python -m plansite.params",
                  file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
