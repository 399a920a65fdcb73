"""Workbook batches (.xlsx in and out): the command line and calculators.workbook give, row by row,
the results of the Python API; every bad input of issue 12 on a workbook made here by openpyxl."""
import datetime
import io
import subprocess
import sys
import zipfile

import openpyxl
import pytest

import calculators
from calculators import workbook
from calculators.batch import FileError
from calc_casefiles import load

PARAMS = calculators.load_params()
LABELS = PARAMS["labels"]
FIELDS = ["district", "completion_year", "infrastructure_deficient", "property_management_inadequate",
          "strong_willingness", "renovated_last_5_years", "in_demolition_plan_5_years",
          "illegal_structures_cleared", "has_owners_committee", "in_shantytown_plan",
          "mainly_self_built", "urban_village"]
ZH = [LABELS["eligibility." + f]["zh"] for f in FIELDS]


def cli(*args, stdin=None):
    p = subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8")


def book(path, rows, title="调查表"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def sheet_rows(path, sheet=0):
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb.worksheets[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def cell(v):
    return "是" if v is True else "否" if v is False else v


def eligibility_cases():
    cases = [c for c in load("eligibility")
             if isinstance(c["input"], dict) and set(c["input"]) <= set(FIELDS)
             and all(not isinstance(v, (list, dict)) for v in c["input"].values())
             and any(v is not None and v != "" for v in c["input"].values())]
    assert len(cases) > 50
    return cases


def want_of(data: dict) -> dict:
    """The Python API's result for a row, its cells as the workbook holds them (text)."""
    return calculators.eligibility({k: workbook.text_of(v) for k, v in data.items()
                                    if v is not None and workbook.text_of(v) != ""})


def test_cli_and_python_api_agree_row_by_row_with_the_function(tmp_path):
    cases = eligibility_cases()
    rows = [["小区名称"] + ZH] + [[c["name"][:40]] + [cell(c["input"].get(f)) for f in FIELDS] for c in cases]
    rows.insert(5, ["bad row", "岳阳楼区", "一九九八年前后"] + [None] * (len(FIELDS) - 2))   # a bad row among them
    src = book(tmp_path / "in.xlsx", rows)
    rc, _out, err = cli("eligibility", "--xlsx", str(src), "-o", str(tmp_path / "out.xlsx"))
    got = sheet_rows(tmp_path / "out.xlsx")
    head = got[0]
    assert head[:len(rows[0])] == rows[0] and "结果" in head and "待核实项" in head
    assert len(got) == len(rows)    # one row out per row in
    api_rows = []
    report = workbook.run("eligibility", src, None, PARAMS, on_row=lambda *a: api_rows.append(a))
    assert report.rows == len(rows) - 1 and len(api_rows) == len(rows) - 1
    status_i, failed_i, unknown_i = head.index("结果"), head.index("不符合项"), head.index("待核实项")
    errors = 0
    for data_row, out_row, api in zip(rows[1:], got[1:], api_rows):
        want = want_of(dict(zip(FIELDS, data_row[1:])))
        # input columns unchanged (an empty text cell is no cell in a workbook)
        assert out_row[:len(data_row)] == [None if v == "" else v for v in data_row]
        assert out_row[status_i] == want["status"] == api[3][0], data_row
        if want["status"] == "error":
            errors += 1
            assert out_row[head.index("出错字段")] == want["error"]["field"]
        else:
            assert (out_row[failed_i] or "") == ";".join(want["failed"]) == api[3][2]
            assert (out_row[unknown_i] or "") == ";".join(want["unknown"]) == api[3][3]
    assert errors >= 1 and report.errors == errors
    assert rc == 2 and f"{len(rows) - 1} 行，{errors} 行出错" in err
    assert "第 6 行（completion_year）" in err     # the bad row (list index 5: sheet row 6)


def flat_cases(name):
    valid = set(PARAMS["csv_columns"][name])
    out = []
    for c in load(name):
        if not isinstance(c["input"], dict) or "units" in c["input"]:
            continue
        flat, ok = {}, True
        for k, v in c["input"].items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    if isinstance(v2, dict):
                        flat.update({f"{k}.{k2}.{k3}": v3 for k3, v3 in v2.items()})
                    elif isinstance(v2, list):
                        ok = False
                    else:
                        flat[f"{k}.{k2}"] = v2
            elif isinstance(v, list):
                ok = False
            else:
                flat[k] = v
        if ok and set(flat) <= valid and any(v not in (None, "") for v in flat.values()) and all(
                isinstance(v, (str, int)) and not isinstance(v, bool) or v is None for v in flat.values()):
            out.append((c, flat))
    assert out
    return out


@pytest.mark.parametrize("name", ["consent", "funding"])
def test_consent_and_funding_workbooks_agree_with_the_function(tmp_path, name):
    cases = flat_cases(name)
    header = sorted({k for _, f in cases for k in f})
    src = book(tmp_path / "in.xlsx", [header] + [[f.get(h) for h in header] for _, f in cases])
    rc, _o, err = cli(name, "--xlsx", str(src), "-o", str(tmp_path / "out.xlsx"))
    got = sheet_rows(tmp_path / "out.xlsx")
    head = got[0]
    assert len(got) == len(cases) + 1
    for (c, _f), row in zip(cases, got[1:]):
        want = calculators.calculate(name, c["input"])
        r = dict(zip(head, row))
        assert r["status"] == want["status"], c["name"]
        if name == "funding" and want["status"] == "ok":
            # amounts are written as exact numbers
            assert str(r["city_reward"]) == want["city_reward"] or f"{r['city_reward']:.2f}" == want["city_reward"]
            assert f"{float(r['district_net']):.2f}" == f"{float(want['district_net']):.2f}"


def test_the_output_workbook_colours_the_status_and_carries_notes(tmp_path):
    src = book(tmp_path / "in.xlsx", [["小区名称"] + ZH[:2], ["甲", "岳阳楼区", 2005], ["乙", "岳阳楼区", 1990],
                                     ["丙", "某某区", 1990]])
    rc, _o, _e = cli("eligibility", "--xlsx", str(src), "-o", str(tmp_path / "out.xlsx"))
    assert rc == 2
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    col = head.index("结果") + 1
    fills = {ws.cell(r, col).value: ws.cell(r, col).fill.start_color.rgb for r in range(2, 5)}
    assert fills["ineligible"].endswith("FFC7CE") and fills["undetermined"].endswith("FFEB9C")
    assert fills["error"].endswith("D9D9D9")
    notes = [[c.value for c in r] for r in wb.worksheets[1].iter_rows()]
    assert any("第 4 行" in (r[1] or "") for r in notes)     # the bad row, on the notes sheet


def run_api(path, name="eligibility"):
    rows = []
    report = workbook.run(name, path, None, PARAMS, filename=str(path), on_row=lambda *a: rows.append(a))
    return report, rows


def test_the_first_sheet_with_headings_is_used_and_named(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active.append(["岳阳楼区老旧小区摸底调查"])
    ws = wb.create_sheet("汇总")
    ws.append(["某某区摸底调查表"])            # a title above the heading row
    ws.append(["小区名称"] + ZH[:2])
    ws.append(["甲", "岳阳楼区", 1990])
    wb.save(tmp_path / "s.xlsx")
    report, rows = run_api(tmp_path / "s.xlsx")
    assert report.sheet == "汇总" and report.heading_row == 2
    assert [r[0] for r in rows] == [3]
    assert any(n.code == "sheet" and "封面" in n.zh and "封面" in n.en for n in report.notes)


def test_merged_cells_take_their_top_left_value(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["小区名称"] + ZH[:2])
    ws.append(["甲", "君山区", 1990])
    ws.append(["乙", None, 1992])
    ws.append(["丙", None, 1995])
    ws.merge_cells("B2:B4")
    wb.save(tmp_path / "m.xlsx")
    report, rows = run_api(tmp_path / "m.xlsx")
    assert [r[2][1] for r in rows] == ["君山区"] * 3
    assert [r[3][0] for r in rows] == ["undetermined"] * 3
    assert any(n.code == "merged" and "B2:B4" in n.zh for n in report.notes)


def _with_cached_value(path, ref, value):
    """openpyxl writes formulas without a cached value; give one cell its value as Excel would."""
    data = {}
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            data[n] = z.read(n)
    sheet = "xl/worksheets/sheet1.xml"
    text = data[sheet].decode()
    i = text.index(f'<c r="{ref}"')
    j = text.index("</c>", i)
    cell = text[i:j]
    cell = cell.replace("<v></v>", "").replace("<v />", "") + f"<v>{value}</v>"
    data[sheet] = (text[:i] + cell + text[j:]).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, b in data.items():
            z.writestr(n, b)


def test_formulas_use_cached_values_and_name_the_cells_without(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["小区名称"] + ZH[:2])
    ws.append(["甲", "岳阳楼区", "=1990+5"])
    ws.append(["乙", "岳阳楼区", "=1990+8"])
    wb.save(tmp_path / "f.xlsx")
    _with_cached_value(tmp_path / "f.xlsx", "C2", 1995)
    report, rows = run_api(tmp_path / "f.xlsx")
    assert rows[0][2][2] == "1995" and rows[1][2][2] == ""
    assert rows[1][3][0] == "undetermined"      # a missing year is unknown, not wrong
    formula_notes = [n for n in report.notes if n.code == "formula_no_value"]
    assert len(formula_notes) == 1 and "C3" in formula_notes[0].zh and "C3" in formula_notes[0].en


def test_a_date_in_the_year_column_is_read_as_its_year(tmp_path):
    src = book(tmp_path / "d.xlsx", [ZH[:2], ["岳阳楼区", datetime.datetime(1998, 6, 1)],
                                    ["岳阳楼区", datetime.date(2003, 1, 1)]])
    report, rows = run_api(src)
    assert [r[2][1] for r in rows] == ["1998", "2003"]
    assert rows[1][3][0] == "ineligible"
    assert sum(n.code == "date_as_year" for n in report.notes) == 2


def test_numbers_stored_as_text_give_the_same_results_as_numbers(tmp_path):
    src = book(tmp_path / "n.xlsx", [ZH[:2], ["岳阳楼区", 1998], ["岳阳楼区", "1998"], ["岳阳楼区", " 1998 "],
                                    ["岳阳楼区", 1998.0]])
    _r, rows = run_api(src)
    assert len({tuple(r[3]) for r in rows}) == 1


def test_blank_rows_are_skipped_and_counted_unknown_headings_carried_and_listed(tmp_path):
    src = book(tmp_path / "b.xlsx", [["小区名称", "户数", "建筑面积（㎡）"] + ZH[:2], ["甲", 120, 5000, "岳阳楼区", 1990],
                                    [None] * 5, ["", " ", None, None, None], ["乙", 80, 3000, "云溪区", 1999]])
    report, rows = run_api(src)
    assert [r[0] for r in rows] == [2, 5] and report.blank == 2 and report.rows == 2
    assert report.carried == ["小区名称", "户数", "建筑面积（㎡）"]
    assert any(n.code == "carried" and "户数" in n.zh for n in report.notes)
    rc, _o, _e = cli("eligibility", "--xlsx", str(src), "-o", str(tmp_path / "out.xlsx"))
    got = sheet_rows(tmp_path / "out.xlsx")
    assert rc == 0 and [r[:3] for r in got[1:]] == [["甲", 120, 5000], ["乙", 80, 3000]]


def _ole(names):
    """An OLE2 compound file's header and directory, with streams of these names (what an
    encrypted .xlsx, an .xls or a WPS .et file begins with)."""
    header = bytearray(512)
    header[0:8] = workbook.OLE_MAGIC
    header[30:32] = (9).to_bytes(2, "little")    # 512-byte sectors
    header[48:52] = (0).to_bytes(4, "little")    # the directory starts at sector 0
    directory = bytearray()
    for n in ["Root Entry"] + names:
        entry = bytearray(128)
        raw = n.encode("utf-16-le")
        entry[0:len(raw)] = raw
        entry[64:66] = (len(raw) + 2).to_bytes(2, "little")
        directory += entry
    return bytes(header) + bytes(directory) + bytes(512 * 2)


@pytest.mark.parametrize("filename,data,code,words_zh,words_en", [
    ("protected.xlsx", _ole(["EncryptionInfo", "EncryptedPackage"]), "password_protected", "密码", "password"),
    ("old.xls", _ole(["Workbook"]), "not_xlsx", ".xlsx", "save as"),
    ("wps.et", _ole(["Workbook"]), "not_xlsx", ".xlsx", "save as"),
    ("renamed.xlsx", b"just some text, not a workbook\n", "corrupt_workbook", ".xlsx", "save as .xlsx"),
])
def test_files_that_are_not_xlsx_are_refused_with_what_to_do(tmp_path, filename, data, code, words_zh, words_en):
    path = tmp_path / filename
    path.write_bytes(data)
    with pytest.raises(FileError) as e:
        run_api(path)
    assert e.value.err.code == code and words_zh in e.value.err.zh and words_en in e.value.err.en
    rc, out, err = cli("eligibility", "--xlsx", str(path))
    assert rc == 2 and code.encode() in out and "Traceback" not in err


def test_a_truncated_workbook_is_refused_as_corrupt(tmp_path):
    src = book(tmp_path / "t.xlsx", [ZH[:2], ["岳阳楼区", 1990]])
    data = src.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    rc, out, err = cli("eligibility", "--xlsx", str(tmp_path / "cut.xlsx"))
    assert rc == 2 and b"corrupt_workbook" in out and "Traceback" not in err


def test_a_workbook_without_headings_says_so(tmp_path):
    src = book(tmp_path / "h.xlsx", [["名称", "地址"], ["甲", "某路"]])
    with pytest.raises(FileError) as e:
        run_api(src)
    assert e.value.err.code == "no_known_column"


def test_text_cells_that_look_like_formulas_stay_text(tmp_path):
    src = book(tmp_path / "x.xlsx", [["备注"] + ZH[:2], ["'=HYPERLINK(\"http://x\")", "岳阳楼区", 1990]])
    wb = openpyxl.load_workbook(src)
    wb.active["A2"].value = "=cmd|' /C calc'!A0"
    wb.active["A2"].data_type = "s"
    wb.save(src)
    rc, _o, _e = cli("eligibility", "--xlsx", str(src), "-o", str(tmp_path / "out.xlsx"))
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")
    c = out.worksheets[0]["A2"]
    assert c.value == "=cmd|' /C calc'!A0" and c.data_type == "s"
    rc, _o, _e = cli("eligibility", "--xlsx", str(src), "-o", str(tmp_path / "out.csv"))
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "\"'=cmd|' /C calc'!A0\"" in text or "'=cmd|' /C calc'!A0" in text


def test_workbook_on_standard_input_to_standard_output(tmp_path):
    src = book(tmp_path / "s.xlsx", [ZH[:2], ["岳阳楼区", 1990]])
    rc, out, _e = cli("eligibility", "--xlsx", "-", stdin=src.read_bytes())
    assert rc == 0
    wb = openpyxl.load_workbook(io.BytesIO(out))
    assert wb.worksheets[0]["C2"].value == "undetermined"


def test_calculators_import_no_workbook_library_at_module_level():
    code = ("import sys, calculators, calculators.batch, calculators.workbook, calculators.workbook_out, "
            "calculators.cli; print('openpyxl' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.stdout.strip() == "False"
