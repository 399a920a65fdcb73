"""The Civil Code, Article 278, beside the plan (issue 13): YAML cases (cases/civil-code.yaml),
the words in policy/ against the article's text, and the plan's status never depending on it."""
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculators
from calc_casefiles import load, matches, strings

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policy"
SHARED = ROOT.parents[1] / "shared" / "reference" / "civil-code-art-278.txt"
CASES = load("civil-code")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    out = calculators.consent(case["input"])
    problems = matches(case["expect"], out)
    assert not problems, "\n".join(problems) + "\n" + json.dumps(out, ensure_ascii=False, indent=1)[:3000]
    for needle in case.get("contains", []):
        assert any(needle in s for s in strings(out)), f"{needle!r} not in any message"


def test_case_names_are_unique_sentences():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)) and all(len(n.split()) >= 6 for n in names)


def article_text() -> str:
    text = (POLICY / "reference" / "civil-code-art-278.txt").read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    assert sep and "来源" in head and "Source" in head
    return body


def test_the_copy_in_policy_is_the_article_word_for_word():
    body = article_text()
    assert "第二百七十八条" in body and "（七）改建、重建建筑物及其附属设施；" in body
    if SHARED.exists():  # the project's shared reference text, where this checkout has it
        assert body == SHARED.read_text(encoding="utf-8")


def test_every_threshold_rests_on_words_of_the_article():
    cc = yaml.safe_load((POLICY / "civil_code.yaml").read_text(encoding="utf-8"))
    body = article_text()
    rows = [v for v in cc.values() if isinstance(v, dict) and "words" in v]
    assert len(rows) >= 7
    for v in rows:
        assert v["words"] in body, v["words"]
    assert str(cc["participation_area"]["value"]) == "2/3" and "三分之二以上" in cc["participation_area"]["words"]
    assert str(cc["agreement_owners"]["value"]) == "3/4" and "四分之三以上" in cc["agreement_owners"]["words"]
    assert calculators.load_params()["civil_code"] == cc


areas = st.decimals(min_value=1, max_value=10 ** 6, places=2)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(total=areas, f1=st.fractions(0, 1), f2=st.fractions(0, 1), n=st.integers(1, 5000),
       k1=st.fractions(0, 1), k2=st.fractions(0, 1))
def test_the_plans_status_never_depends_on_the_comparison(total, f1, f2, n, k1, k2):
    from decimal import Decimal, ROUND_DOWN
    voted_area = (total * Decimal(f1.numerator) / Decimal(f1.denominator)).quantize(Decimal("0.01"), ROUND_DOWN)
    signed_area = (voted_area * Decimal(f2.numerator) / Decimal(f2.denominator)).quantize(Decimal("0.01"), ROUND_DOWN)
    voted = int(n * k1)
    signed = int(voted * k2)
    base = {"total_area": str(total), "signed_area": str(signed_area), "total_owners": n, "signed_owners": signed}
    plain = calculators.consent(base)
    withv = calculators.consent({**base, "voted_area": str(voted_area), "voted_owners": voted})
    assert withv["status"] == plain["status"] and withv["area"] == plain["area"] and withv["owners"] == plain["owners"]
    cc = withv["civil_code_278"]
    from fractions import Fraction as F
    part = F(voted_area) / F(total) >= F(2, 3) and F(voted, n) >= F(2, 3)
    agree = voted_area > 0 and voted > 0 and F(signed_area) / F(voted_area) >= F(3, 4) and F(signed, voted) >= F(3, 4)
    assert cc["passed"] is (part and agree)
