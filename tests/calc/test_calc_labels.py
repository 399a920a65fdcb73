"""One label per input field and output figure (policy/labels.yaml and the labels beside their
clause), the same in params.json, the CSV headings, the command line and the explanations; and
the parameters the code does not read keep the one value it implements."""
import copy
import csv
import io
import json
import subprocess
import sys

import pytest

import calculators
from calculators import batch
from plansite import params as build_params

P = calculators.load_params()
LABELS = P["labels"]


def run_batch(name, header, rows):
    buf = io.StringIO()
    csv.writer(buf).writerows([header] + rows)
    out = io.StringIO()
    batch.run(name, buf.getvalue(), out, calculators.load_params())
    return list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def test_labels_are_one_flat_mapping_of_zh_and_en():
    assert LABELS and all(set(v) == {"zh", "en"} for v in LABELS.values())
    assert LABELS["funding.district_pipeline_reward"] == {"zh": "区财政管线迁改以奖代补",
                                                          "en": "District finance's reward-in-lieu-of-subsidy on pipeline relocation"}
    # the labels written beside their clause are in params.json once: under labels only
    assert all("label" not in c for c in P["eligibility"]["conditions"])
    for section in ("costs", "contributions", "payers"):
        assert all("label" not in x for x in P["funding"][section])
    assert "label" not in P["funding"]["district_pipeline_reward_rate"]


def test_the_district_pipeline_reward_has_one_name_in_explanations_and_csv_headings():
    label = LABELS["funding.district_pipeline_reward"]
    r = calculators.funding({"costs": {"pipeline_relocation": 1000}})
    step = next(s for s in r["explanation"] if s["id"] == "funding.district_input")
    assert f"{label['zh']} 200.00" in step["message"]["zh"]
    assert f"{label['en']} 200.00" in step["message"]["en"]
    table = run_batch("funding", ["管线迁改"], [["1000"]])
    head = dict(zip(table[0], table[1]))
    assert head[label["zh"]] == "200.00" == r["district_pipeline_reward"]
    # no other Chinese name for it is left in the parameters (but as a former heading)
    text = json.dumps({k: v for k, v in P.items() if k != "csv_columns"}, ensure_ascii=False)
    for old in ("管线迁改区财政奖补", "区财政管线奖补"):
        assert old not in text


@pytest.mark.parametrize("name,header,row", [
    ("eligibility", ["小区所在区"], ["云溪区"]),
    ("consent", ["总面积", "签字面积", "业主总数", "签字人数"], ["300", "200", "3", "2"]),
    ("funding", ["管线迁改"], ["1000"]),
])
def test_result_columns_of_a_chinese_file_are_headed_by_their_labels(name, header, row):
    head = run_batch(name, header, [row])[0][len(header):]
    res = P["csv_columns"]["results"]
    names = ["status"] + res[name] + res["errors"]
    want = [res["text_columns"][n] if n in res["text_columns"] else
            LABELS["common.status" if n == "status" else f"{name}.{n}"]["zh"] for n in names]
    assert head == want
    # a file with English headings gets the result names
    english = [batch.heading_map(P, name)[batch.norm_heading(h)] for h in header]
    assert run_batch(name, english, [row])[0][len(header):] == names


@pytest.mark.parametrize("calc,field", [(c, f) for c, fields in build_params.input_fields(P).items()
                                        for f in fields if c != "consent" or not f.startswith("units")])
def test_every_input_field_is_read_under_its_label(calc, field):
    hmap = batch.heading_map(P, calc)
    assert hmap[batch.norm_heading(LABELS[f"{calc}.{field}"]["zh"])] == field


def test_roster_columns_are_read_under_their_labels():
    hmap = batch.heading_map(P, "roster")
    for f in ("unit", "owner", "area", "signed"):
        assert hmap[batch.norm_heading(LABELS[f"consent.units.{f}"]["zh"])] == f


def test_a_column_under_a_former_result_heading_is_carried_beside_the_new_result():
    table = run_batch("funding", ["名称", "管线迁改", "区财政管线奖补"], [["a", "1000", "999"]])
    row = dict(zip(table[0], table[1]))
    assert table[0][:3] == ["名称", "管线迁改", "区财政管线奖补"] and row["区财政管线奖补"] == "999"
    assert row[LABELS["funding.district_pipeline_reward"]["zh"]] == "200.00"


def test_messages_name_a_field_by_its_label():
    r = calculators.consent({"total_area": 1, "signed_area": 1, "total_owners": 1})
    label = LABELS["consent.signed_owners"]
    assert label["zh"] in r["error"]["message"]["zh"]
    assert label["en"].lower() in r["error"]["message"]["en"]
    r = calculators.eligibility({"completion_year": 1990})
    assert LABELS["eligibility.district"]["zh"] in r["summary"]["zh"]


def test_the_command_lines_roster_help_gives_the_labels():
    p = subprocess.run([sys.executable, "-m", "calculators", "--help"], capture_output=True, timeout=60)
    text = p.stdout.decode("utf-8")
    for f in ("unit", "owner", "area", "signed"):
        assert LABELS[f"consent.units.{f}"]["zh"] in text


@pytest.mark.parametrize("where", sorted(build_params.ONLY_VALUE), ids=".".join)
def test_a_parameter_the_code_does_not_read_cannot_take_another_value(where):
    params = build_params.build()
    build_params.check(params)
    name, key, field = where
    changed = copy.deepcopy(params)
    value = changed[name][key][field]
    changed[name][key][field] = {True: False, "remainder": "half", "half_up": "down", 2: 3}[value]
    with pytest.raises(AssertionError, match=f"{name}.{key}.{field}"):
        build_params.check(changed)


def test_a_label_written_twice_is_refused():
    params, own = build_params.read_policy()
    own["eligibility.urban_village"] = {"zh": "城中村", "en": "An urban village"}
    with pytest.raises(AssertionError, match="the label eligibility.urban_village is written twice"):
        build_params.gather_labels(params, own)
