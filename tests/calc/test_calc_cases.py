"""The table-driven cases (cases/*.yaml), run through the Python functions."""
import json

import pytest

import calculators
from calc_casefiles import load, matches, strings

NAMES = ["eligibility", "consent", "funding"]
ALL = [(name, case) for name in NAMES for case in load(name)]


@pytest.mark.parametrize("name,case", ALL, ids=[f"{n}: {c['name']}" for n, c in ALL])
def test_case(name, case):
    out = calculators.calculate(name, case["input"])
    problems = matches(case["expect"], out)
    assert not problems, "\n".join(problems) + "\n" + json.dumps(out, ensure_ascii=False, indent=1)[:3000]
    text = list(strings(out))
    for needle in case.get("contains", []):
        assert any(needle in s for s in text), f"{needle!r} not in any message"
    # plain data, deterministic
    dumped = json.dumps(out, ensure_ascii=False, sort_keys=False)
    again = json.dumps(calculators.calculate(name, case["input"]), ensure_ascii=False, sort_keys=False)
    assert dumped == again
    assert json.loads(dumped) == out


@pytest.mark.parametrize("name", NAMES)
def test_case_names_are_unique_sentences(name):
    seen = set()
    for case in load(name):
        assert set(case) <= {"name", "input", "expect", "contains"}, case["name"]
        assert case["name"] not in seen, case["name"]
        assert len(case["name"].split()) >= 4 or len(case["name"]) >= 12, case["name"]
        seen.add(case["name"])


def test_matching_rule_itself():
    assert matches({"a": 1}, {"a": 1, "b": 2}) == []
    assert matches({"a": [{}, {"x": 1}]}, {"a": [{"q": 0}, {"x": 1, "y": 2}]}) == []
    assert matches({"a": [{}]}, {"a": [{}, {}]}) != []
    assert matches({"a": True}, {"a": 1}) != []
    assert matches({"a": None}, {}) != []
    assert matches(1, 1.0) == []
