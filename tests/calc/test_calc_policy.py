"""The rules as data: every value's words are in the plan, and the generated files are current."""
import ast
import json
from pathlib import Path

import pytest
import yaml

from plansite import params as build_params
from plansite import reference as build_reference
import calculators
from plansite import plandoc

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policy"
OWN_FILES = sorted(p for p in POLICY.glob("*.yaml") if p.name not in ("glossary.yaml", "lint.yaml"))


def quotes(node, path="$"):
    """(path, clause, quote) for every mapping with a `clause` and a `quote` (or `*_quote`)."""
    if isinstance(node, dict):
        if "clause" in node:
            for k, v in node.items():
                if k == "quote" or k.endswith("_quote"):
                    yield path, str(node["clause"]), v
        for k, v in node.items():
            yield from quotes(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from quotes(v, f"{path}[{i}]")


ALL_QUOTES = [(f.name + p[1:], clause, q) for f in OWN_FILES
              for p, clause, q in quotes(yaml.safe_load(f.read_text(encoding="utf-8")))]


@pytest.fixture(scope="module")
def index():
    return plandoc.clause_index("zh")


def test_policy_files_have_quotes():
    assert len(ALL_QUOTES) > 60
    assert {f.name for f in OWN_FILES} >= {"districts.yaml", "eligibility.yaml", "consent.yaml", "funding.yaml",
                                           "interpretations.yaml", "csv_columns.yaml", "renovation_menu.yaml"}


@pytest.mark.parametrize("where,clause,quote", ALL_QUOTES, ids=[w for w, _, _ in ALL_QUOTES])
def test_every_quote_is_verbatim_in_its_clause_on_the_site(index, where, clause, quote):
    assert clause in index, f"{where}: no clause {clause}"
    text = index[clause][1].text
    assert isinstance(quote, str) and quote
    assert quote in text, f"{where}: {quote!r} is not in clause {clause}: {text!r}"


def test_the_headline_values_are_the_plans():
    """The numbers the contract names, read from policy/ (a guard against a slip in the data)."""
    p = calculators.load_params()
    assert p["eligibility"]["completion_year"]["value"] == 2000
    assert p["eligibility"]["completion_year"]["inclusive"] is True
    assert p["consent"]["area_threshold"]["value"] == "2/3"
    assert p["consent"]["owners_threshold"]["value"] == "2/3"
    assert p["funding"]["city_reward_rate"]["value"] == "50%"
    assert p["funding"]["district_pipeline_reward_rate"]["value"] == "20%"
    assert p["funding"]["road_works_district_rate"]["value"] == "100%"
    assert [d["code"] for d in p["districts"]["in_plan"]["districts"]] == ["yueyanglou", "jingkai", "nanhu", "yunxi", "junshan"]


def test_params_json_is_up_to_date():
    current = (ROOT / "calculators" / "params.json").read_text(encoding="utf-8")
    assert current == build_params.render(build_params.build()), "run python -m plansite.params"


def test_reference_pages_are_up_to_date():
    for path, text in build_reference.render_all().items():
        assert path.exists(), f"{path} missing: run python -m plansite.reference"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is out of date: run python -m plansite.reference"


def test_reference_pages_link_every_clause_to_an_existing_anchor(index):
    import re
    for path in build_reference.render_all():
        text = path.read_text(encoding="utf-8")
        links = re.findall(r"\]\(\.\./(plan/[a-z0-9-]+)\.md#(clause-[a-z0-9-]+)\)", text)
        assert links, path
        for page, anchor in links:
            cid = plandoc.anchor_to_id(anchor)
            assert cid in index and index[cid][0].path.name.startswith(page.split("/")[1] + "."), (path, page, anchor)


def test_every_interpretation_is_complete():
    for i in calculators.load_params()["interpretations"]:
        assert i["applies_to"] in ("eligibility", "consent", "funding"), i["id"]
        for key in ("zh", "en"):
            assert i[key].strip() and i["reason"][key].strip() and i["title"][key].strip(), i["id"]


def test_csv_headings_map_to_one_field_each():
    cols = calculators.load_params()["csv_columns"]
    from calculators.batch import heading_map, norm_heading
    for section in ("eligibility", "consent", "roster", "funding"):
        seen = {}
        for field, names in cols[section].items():
            for n in [field, *names]:
                key = norm_heading(str(n))
                assert seen.setdefault(key, field) == field, (section, n)
        assert heading_map(calculators.load_params(), section)


def test_every_contract_field_is_a_policy_condition():
    fields = {c["field"] for c in calculators.load_params()["eligibility"]["conditions"]}
    assert fields == {"infrastructure_deficient", "property_management_inadequate", "strong_willingness",
                      "renovated_last_5_years", "in_demolition_plan_5_years", "illegal_structures_cleared",
                      "has_owners_committee", "in_shantytown_plan", "mainly_self_built", "urban_village"}


CORE = sorted((ROOT / "calculators").rglob("*.py"))
POLICY_NUMBERS = {2000, 2001, 0.5, 0.2, 50, 20}
POLICY_WORDS = ["2/3", "50%", "20%", "100%", "2000", "三分之二"]


def _code_constants(tree):
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            yield node


@pytest.mark.parametrize("path", CORE, ids=[p.name for p in CORE])
def test_no_policy_value_is_written_in_the_code(path):
    """The plan's numbers live in policy/, never in calculators/*.py (docstrings may cite them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _code_constants(tree):
        v = node.value
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            assert v not in POLICY_NUMBERS, f"{path.name}:{node.lineno}: {v!r}"
        if isinstance(v, str):
            for w in POLICY_WORDS:
                assert w not in v, f"{path.name}:{node.lineno}: {v!r}"


ALLOWED_IMPORTS = {"__future__", "decimal", "fractions", "math", "re", "difflib", "functools", "typing"}


@pytest.mark.parametrize("path", sorted((ROOT / "calculators" / "core").glob("*.py")),
                         ids=lambda p: p.name)
def test_the_core_is_pure(path):
    """No file, network, clock or print in calculators/core: standard library arithmetic only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [] if node.level else [node.module.split(".")[0]]
        else:
            names = []
        for n in names:
            assert n in ALLOWED_IMPORTS, f"{path.name}: imports {n}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in ("open", "print", "input", "exec", "eval", "__import__"), f"{path.name}:{node.lineno}"


def test_params_json_is_plain_json_inside_the_package():
    data = json.loads((ROOT / "calculators" / "params.json").read_text(encoding="utf-8"))
    assert data["format"] == build_params.FORMAT
    assert data == calculators.load_params()
