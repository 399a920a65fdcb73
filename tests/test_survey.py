"""The screening page's templates (plansite.survey): generated from policy/ and the plan, read
back by the workbook batch, with drop-down lists and the plan's words."""
import io

import openpyxl

import calculators
from calculators import workbook
from plansite import plandoc, survey

PARAMS = calculators.load_params()


def _book(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def _filled(data, rows):
    wb = _book(data)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    for r in rows:
        ws.append([r.get(h) for h in head])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), head


def test_the_survey_template_names_every_eligibility_field_and_reads_back():
    data, head = _filled(survey.eligibility_template(PARAMS), [
        {"小区名称": "甲小区", "小区所在区": "岳阳楼区", PARAMS["labels"]["eligibility.completion_year"]["zh"]: 1996, "户数": 120,
         **{PARAMS["labels"]["eligibility." + f]["zh"]: "是" for f in
            ("infrastructure_deficient", "property_management_inadequate", "strong_willingness",
             "illegal_structures_cleared", "has_owners_committee")},
         **{PARAMS["labels"]["eligibility." + f]["zh"]: "否" for f in
            ("renovated_last_5_years", "in_demolition_plan_5_years", "in_shantytown_plan",
             "mainly_self_built", "urban_village")}},
        {"小区名称": "乙小区", "小区所在区": "君山区", PARAMS["labels"]["eligibility.completion_year"]["zh"]: 1990, "居民改造意愿强烈": "不清楚"},
    ])
    rows = []
    report = workbook.run("eligibility", data, None, PARAMS, on_row=lambda *a: rows.append(a))
    src_fields = {f for f in PARAMS["csv_columns"]["eligibility"]}
    assert report.errors == 0 and report.rows == 2
    assert [r[3][0] for r in rows] == ["eligible", "undetermined"]
    # every field of 三 has its column, the survey's own columns are carried
    labels = {PARAMS["labels"]["eligibility." + f]["zh"] for f in src_fields}
    assert labels <= set(head)
    assert {"小区名称", "户数", "建筑面积（平方米）", "楼栋数"} <= set(report.carried)


def test_the_templates_have_drop_downs_and_quote_the_plan_with_citations():
    idx = plandoc.clause_index("zh")
    for make, ids in ((survey.eligibility_template, survey.ELIGIBILITY_QUOTES),
                      (survey.funding_template, survey.funding_quote_ids())):
        wb = _book(make(PARAMS))
        ws = wb.worksheets[0]
        formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
        assert '"是,否,不清楚"' in formulas
        districts = ",".join(d["zh"] for d in PARAMS["districts"]["in_plan"]["districts"])
        assert f'"{districts}"' in formulas
        quoted = {r[0]: r[1] for r in wb["填表说明"].iter_rows(values_only=True) if r[0]}
        for cid in ids:
            assert quoted[idx[cid][1].text] == plandoc.citation(cid, "zh"), cid


def test_the_funding_template_reads_back_as_funding_and_sums_by_district():
    from calculators import screening
    data, _head = _filled(survey.funding_template(PARAMS), [
        {"项目名称": "甲", "小区所在区": "岳阳楼区", "小区环境及配套设施": 100, "居民出资": 10, "符合市财政奖补范畴": "是"},
        {"项目名称": "乙", "小区所在区": "岳阳楼区", "小区环境及配套设施": 50, "加装电梯": 30},
        {"项目名称": "丙", "小区所在区": "云溪区", "管线迁改": 40},
    ])
    got = screening.screen("funding", data, "f.xlsx", PARAMS)
    assert got["status"] == "ok" and got["report"]["errors"] == 0
    by = {d["code"]: d for d in got["summary"]["districts"]}
    want = [calculators.funding(x) for x in (
        {"costs": {"environment": "100"}, "contributions": {"residents": "10"}, "city_reward_eligible": True},
        {"costs": {"environment": "50", "elevator": "30"}})]
    from decimal import Decimal
    assert Decimal(by["yueyanglou"]["sums"]["total_cost"]) == sum(Decimal(w["total_cost"]) for w in want)
    assert Decimal(by["yueyanglou"]["sums"]["city_reward"]) == sum(Decimal(w["city_reward"]) for w in want)
    assert by["yunxi"]["rows"] == 1


def test_the_templates_are_reproducible():
    assert survey.eligibility_template(PARAMS) == survey.eligibility_template(PARAMS)
