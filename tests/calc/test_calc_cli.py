"""The command line end to end: python -m calculators, as a subprocess."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ELIGIBLE = {"district": "岳阳楼区", "completion_year": 2000, "infrastructure_deficient": True,
            "property_management_inadequate": True, "strong_willingness": True,
            "renovated_last_5_years": False, "in_demolition_plan_5_years": False,
            "illegal_structures_cleared": True, "has_owners_committee": True,
            "in_shantytown_plan": False, "mainly_self_built": False, "urban_village": False}


def run(*args, stdin: bytes = b"", cwd=ROOT):
    p = subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, cwd=cwd,
                       capture_output=True, timeout=120)
    assert b"Traceback" not in p.stderr, p.stderr.decode()
    return p


def out_json(p):
    return json.loads(p.stdout.decode("utf-8"))


def test_json_on_standard_input_gives_json_and_exit_0():
    p = run("eligibility", stdin=json.dumps(ELIGIBLE).encode())
    assert p.returncode == 0
    r = out_json(p)
    assert r["status"] == "eligible"
    assert "岳阳楼区" in p.stdout.decode("utf-8")  # Chinese not escaped
    assert p.stderr == b""


def test_json_from_a_file_and_from_dash(tmp_path):
    f = tmp_path / "in.json"
    f.write_text(json.dumps({"total_area": 1000, "signed_area": 600, "total_owners": 100, "signed_owners": 66}), encoding="utf-8")
    p = run("consent", str(f))
    assert p.returncode == 0 and out_json(p)["status"] == "not_passed"
    p = run("consent", "-", stdin=f.read_bytes())
    assert p.returncode == 0 and out_json(p)["area"]["additional_needed"] == "66.67"


def test_json_with_a_byte_order_mark_is_read():
    p = run("funding", stdin=b"\xef\xbb\xbf" + json.dumps({"costs": {"environment": 100}}).encode())
    assert p.returncode == 0 and out_json(p)["city_reward"] == "50.00"


@pytest.mark.parametrize("name,stdin,code,field", [
    ("eligibility", b'{"district": "yueyanglou",', "invalid_json", None),
    ("eligibility", b"", "invalid_json", None),
    ("eligibility", b"\xff\xfe{}", "invalid_json", None),
    ("eligibility", b"[1, 2]", "not_an_object", None),
    ("eligibility", b'{"completion_yaer": 2000}', "unknown_field", "completion_yaer"),
    ("eligibility", b'{"district": "Beijing"}', "unknown_district", "district"),
    ("consent", b'{"total_area": NaN, "signed_area": 1, "total_owners": 1, "signed_owners": 1}', "invalid_number", "total_area"),
    ("consent", b'{"total_area": 10, "signed_area": 1, "total_owners": ' + b"9" * 5000 + b', "signed_owners": 1}', "invalid_json", None),
    ("funding", b"[" * 100000 + b"]" * 100000, "invalid_json", None),
    ("funding", b'{"costs": {"elevater": 1}}', "unknown_field", "costs.elevater"),
])
def test_invalid_input_exits_2_with_a_json_error_and_one_line_on_stderr(name, stdin, code, field):
    p = run(name, stdin=stdin)
    assert p.returncode == 2
    err = out_json(p)["error"]
    assert err["code"] == code
    assert err.get("field") == field
    assert err["message"]["zh"] and err["message"]["en"]
    lines = p.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 / error:")


def test_a_misspelt_field_gets_a_suggestion():
    p = run("funding", stdin=b'{"contributions": {"resident": 1}}')
    assert out_json(p)["error"]["suggestion"] == "contributions.residents"


@pytest.mark.parametrize("args", [["nonsense"], [], ["eligibility", "--roster", "x.csv"],
                                  ["consent", "a.json", "--csv", "b.csv"], ["eligibility", "-o", "x.csv"]])
def test_wrong_usage_exits_2_with_a_json_error(args):
    p = run(*args)
    assert p.returncode == 2
    assert out_json(p)["error"]["code"] == "usage"


def test_a_missing_file_exits_2():
    p = run("eligibility", "/nonexistent/in.json")
    assert p.returncode == 2 and out_json(p)["error"]["code"] == "file_not_readable"


def read_csv(data: bytes, delimiter=","):
    assert data.startswith(b"\xef\xbb\xbf")  # always a BOM (for Excel and WPS)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_batch_with_bom_chinese_headings_and_a_bad_row_in_the_middle(tmp_path):
    rows = [
        ["小区名称", "小区所在区", "建成年份", "基础设施和功能明显不足", "物业管理不完善", "居民改造意愿强烈",
         "近5年实施过综合改造", "已纳入今后5年规划征迁改造范围", "违章建筑拆除情况较好",
         "已产生小区业主委员会或自治小组", "已纳入城镇棚户区改造计划", "以居民自建住房为主的区域", "城中村"],
        ["东方小区", "岳阳楼区", "2000", "是", "是", "是", "否", "否", "是", "是", "否", "否", "否"],
        ["西山小区", "长沙市", "1998", "是", "是", "是", "否", "否", "是", "是", "否", "否", "否"],
        ["南湖花园", "南湖新区", "2001年", "Y", "Y", "Y", "N", "N", "Y", "Y", "N", "N", "N"],
        ["", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["北港小区", "华容县", "1995", "1", "1", "", "0", "0", "1", "1", "0", "0", "0"],
        ["君山小区", "君山区", "1990", "true", "true", "", "false", "false", "true", "true", "false", "false", "false"],
    ]
    src = tmp_path / "社区摸底.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "out.csv"
    p = run("eligibility", "--csv", str(src), "-o", str(out))
    assert p.returncode == 2  # one bad row
    stderr = p.stderr.decode("utf-8")
    assert "第 3 行（district）" in stderr and "row 3 (district)" in stderr
    assert "5 rows, 1 with errors" in stderr
    table = read_csv(out.read_bytes())
    head = table[0]
    assert head[:13] == rows[0]
    assert head[13:] == ["结果", "是否符合", "不符合项", "待核实项", "说明", "explanation", "出错字段", "错误说明", "error_message"]
    body = {r[0]: dict(zip(head, r)) for r in table[1:]}
    assert list(body) == ["东方小区", "西山小区", "南湖花园", "北港小区", "君山小区"]
    assert body["东方小区"]["结果"] == "eligible" and body["东方小区"]["是否符合"] == "是"
    assert body["西山小区"]["结果"] == "error" and body["西山小区"]["出错字段"] == "district"
    assert "岳阳市" in body["西山小区"]["错误说明"]
    assert body["南湖花园"]["结果"] == "ineligible" and body["南湖花园"]["不符合项"] == "completion_year"
    assert "2001 > 2000" in body["南湖花园"]["说明"]
    assert body["北港小区"]["结果"] == "ineligible" and "第九条" in body["北港小区"]["说明"]
    assert body["君山小区"]["结果"] == "undetermined" and body["君山小区"]["待核实项"] == "strong_willingness"


def test_batch_with_english_headings_without_bom_to_standard_output_gets_a_bom(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("district,completion_year,urban_village,name\r\nyunxi,1999,false,A\r\njingkai,2000,true,B\r\n", encoding="utf-8")
    p = run("eligibility", "--csv", str(src))
    assert p.returncode == 0
    table = read_csv(p.stdout)  # a byte-order mark always (Excel and WPS read UTF-8 then)
    assert table[0][:4] == ["district", "completion_year", "urban_village", "name"]
    assert table[0][4:7] == ["status", "eligible", "failed"]
    assert [r[4] for r in table[1:]] == ["undetermined", "ineligible"]
    assert table[2][6] == "urban_village"


def test_batch_refuses_a_misspelt_heading_and_suggests_the_right_one(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("district,completion_yaer\nyunxi,1999\n", encoding="utf-8")
    p = run("eligibility", "--csv", str(src))
    assert p.returncode == 2
    err = out_json(p)["error"]
    assert err["code"] == "unknown_column" and err["suggestion"] == "completion_year"


def test_batch_reads_gb18030_and_semicolons(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("小区所在区;建成年份\n云溪区;1999\n".encode("gb18030"))
    p = run("eligibility", "--csv", str(src))
    assert p.returncode == 0
    table = read_csv(p.stdout, delimiter=";")  # written back with the file's own separator
    assert table[0][:3] == ["小区所在区", "建成年份", "结果"]
    assert table[1][2] == "undetermined"


def test_batch_of_consent_with_a_row_of_too_many_cells(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("总面积,签字面积,业主总数,签字人数\n1000,600,100,66\n1000,700,150,100,extra\n"
                   "12288.45,8192.30,3,2\n", encoding="utf-8-sig")
    p = run("consent", "--csv", str(src))
    assert p.returncode == 2
    assert "第 3 行" in p.stderr.decode("utf-8")
    table = read_csv(p.stdout)
    assert [r[4] for r in table[1:]] == ["not_passed", "error", "passed"]
    head = table[0]
    first = dict(zip(head, table[1]))
    assert first["尚需面积"] == "66.67" and first["尚需人数"] == "1"


def test_batch_of_funding_with_dotted_columns(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(
        "name,costs.environment,costs.building,costs.elevator,costs.public_facilities,costs.pipeline_relocation,"
        "costs.road_works,contributions.residents.general,contributions.residents.elevator,contributions.original_property_unit\n"
        "example,1000000,500000,400000,100000,300000,50000,100000,150000,50000\n"
        "small,0.01,,,,,,,,\n", encoding="utf-8")
    p = run("funding", "--csv", str(src))
    assert p.returncode == 0, p.stderr
    table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    assert rows[0]["city_reward"] == "780000.00" and rows[0]["district_net"] == "1030000.00"
    assert rows[0]["district_input.general"] == "1560000.00" and rows[0]["pipeline_units"] == "240000.00"
    assert rows[1]["city_reward"] == "0.01"


def test_batch_of_funding_with_conflicting_columns_reports_the_row(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("contributions.residents,contributions.residents.general\n1,2\n3,\n", encoding="utf-8")
    p = run("funding", "--csv", str(src))
    assert p.returncode == 2
    table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
    assert [r[2] for r in table[1:]] == ["error", "ok"]


def test_roster_with_chinese_headings(tmp_path):
    src = tmp_path / "名册.csv"
    src.write_bytes(("房号,业主,面积（m²）,是否签字,电话\n"
                     "1-101,张三,80.50,是,1\n1-102,张三,70,是,2\n1-201,李四,100,是,3\n1-202,王五,50,,4\n"
                     ).encode("utf-8-sig"))
    p = run("consent", "--roster", str(src))
    assert p.returncode == 0, p.stderr
    r = out_json(p)
    assert r["status"] == "passed"
    assert r["owners"] == {**r["owners"], "total": 3, "signed": 2, "ratio": "2/3"}
    assert r["area"]["total"] == "300.50" and r["roster"]["units"] == 4
    assert r["roster"]["not_signed"] == [{"owner": "王五", "units": ["1-202"], "area": "50.00", "signed": False,
                                          "rows": [5]}]


def test_roster_signed_column_takes_the_yes_no_words_spreadsheets_write(tmp_path):
    src = tmp_path / "units.csv"
    src.write_text("unit,owner,area,signed\n101,A,100,yes\n102,B,100,TRUE\n103,C,100,no\n"
                   "104,D,100,False\n105,E,100,√\n106,F,100,否\n", encoding="utf-8")
    p = run("consent", "--roster", str(src))
    assert p.returncode == 0, p.stderr
    r = out_json(p)
    assert r["owners"]["signed"] == 3 and r["owners"]["total"] == 6


def test_roster_with_an_inconsistent_owner_names_the_row(tmp_path):
    src = tmp_path / "units.csv"
    src.write_text("unit,owner,area,signed\n101,A,100,Y\n102,B,100,Y\n103,A,50,N\n", encoding="utf-8")
    p = run("consent", "--roster", str(src))
    assert p.returncode == 2
    err = out_json(p)["error"]
    assert err["code"] == "inconsistent_signature" and err["row"] == 4 and err["column"] == "signed"
    assert err["message"]["zh"].startswith("第 4 行") and err["message"]["en"].startswith("Row 4")


def test_roster_without_a_signature_column_is_refused(tmp_path):
    src = tmp_path / "units.csv"
    src.write_text("unit,owner,area\n101,A,100\n", encoding="utf-8")
    p = run("consent", "--roster", str(src))
    assert p.returncode == 2 and out_json(p)["error"]["code"] == "missing_column"


def test_the_package_runs_from_another_directory(tmp_path):
    # the installed package (scripts/setup.sh), by name, from a directory that is not the checkout
    p = subprocess.run([sys.executable, "-m", "calculators", "funding"],
                       input=b'{"costs": {"road_works": 10}}', cwd=tmp_path, capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["city_reward"] == "5.00"


def test_batch_from_standard_input_and_into_its_own_input_file(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("\ufeff小区所在区,建成年份\n云溪区,1999\n君山区,2001\n".encode("utf-8"))
    by_stdout = run("eligibility", "--csv", str(src)).stdout
    assert run("eligibility", "--csv", "-", stdin=src.read_bytes()).stdout == by_stdout
    # -o naming the input file: the results go to a file beside it, which then takes its place
    p = run("eligibility", "--csv", str(src), "-o", str(src))
    assert p.returncode == 0 and src.read_bytes() == by_stdout
    assert [r[2] for r in read_csv(by_stdout)[1:]] == ["undetermined", "ineligible"]
