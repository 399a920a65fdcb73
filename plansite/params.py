"""Generate calculators/params.json from policy/*.yaml.

The calculators run in CPython and in Pyodide, where there is no YAML parser: they read the
plan's parameters from this one JSON file, shipped inside the package. Run after editing
policy/:

    python -m plansite.params          # write calculators/params.json
    python -m plansite.params --check  # exit 1 if it is out of date

The JSON holds the policy files as they are (keyed by file name, in their own order), after checks
that the calculators can use them: every file that the calculators read is present, and the
rates parse. policy/glossary.yaml (owned by the translators) is not included.
"""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml

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


def check(params: dict) -> None:
    """Fail loudly if a value cannot be used the way the calculators use it."""
    f = params["funding"]
    for key in ("city_reward_rate", "district_pipeline_reward_rate", "road_works_district_rate"):
        r = percent(f[key]["value"])
        assert 0 <= r <= 1, (key, r)
    # The calculator puts road works wholly on the district; a lower rate would need a payer
    # for the rest, which 六（二） does not name.
    assert percent(f["road_works_district_rate"]["value"]) == 1, "road works: only 100% is modelled"
    c = params["consent"]
    for key in ("area_threshold", "owners_threshold"):
        t = Fraction(str(c[key]["value"]))
        assert 0 < t <= 1, (key, t)
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


def build() -> dict:
    params = {"format": FORMAT}
    for name in FILES:
        with open(POLICY / f"{name}.yaml", encoding="utf-8") as fh:
            params[name] = yaml.safe_load(fh)
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
