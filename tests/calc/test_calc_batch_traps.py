"""Batch files that lose nothing (issue 13): the traps careful users found, as fixture files
(tests/fixtures/batch/) run through the command line, and properties of the CSV writer."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

import calculators
from calculators import batch, roster

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "batch"
P = calculators.load_params()


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin,
                          capture_output=True, timeout=120)


def table_of(data: bytes, delimiter=","):
    assert data.startswith(b"\xef\xbb\xbf"), data[:20]
    return list(csv.reader(io.StringIO(data.decode("utf-8")[1:], newline=""), delimiter=delimiter))


def test_an_unclosed_quote_refuses_the_file_naming_the_row_where_it_opens():
    p = run("eligibility", "--csv", str(FIXTURES / "unclosed-quote.csv"))
    assert p.returncode == 2
    err = json.loads(p.stdout)["error"]
    assert err["code"] == "unclosed_quote"
    assert "第 3 行" in err["message"]["zh"] and "Row 3" in err["message"]["en"]
    assert "4 行" in err["message"]["zh"]  # rows b, c, d and e would be one cell
    stderr = p.stderr.decode("utf-8")
    assert "第 3 行" in stderr and "row 3" in stderr.lower()


def test_an_unclosed_quote_in_the_last_row_without_a_line_break_is_refused_too():
    with __import__("pytest").raises(batch.FileError) as e:
        batch.run("eligibility", 'district,name\nyunxi,a\nnanhu,"b', io.StringIO(), P)
    assert e.value.err.code == "unclosed_quote" and "第 3 行" in e.value.err.zh


def test_an_unclosed_quote_that_swallows_a_big_file_is_refused_at_its_row():
    # the swallowed rows exceed the csv reader's field size limit before the end of the file
    rows = ["district,name", "yunxi,a", 'nanhu,"b'] + ["junshan,c" * 3] * 20000
    with __import__("pytest").raises(batch.FileError) as e:
        batch.run("eligibility", "\n".join(rows) + "\n", io.StringIO(), P)
    assert e.value.err.code == "unclosed_quote" and "第 3 行" in e.value.err.zh


def test_a_quoted_cell_over_several_lines_that_closes_is_kept_as_one_cell():
    report = batch.run("eligibility", 'district,note\nyunxi,"line one\nline two, with a comma"\nnanhu,x\n',
                       out := io.StringIO(), P)
    assert report.rows == 2 and report.errors == 0
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert table[1][1] == "line one\nline two, with a comma"


def test_the_users_own_columns_named_like_results_are_carried_and_results_get_free_names():
    p = run("eligibility", "--csv", str(FIXTURES / "own-result-columns.csv"))
    table = table_of(p.stdout)
    head, row = table[0], table[1]
    given_head = ["小区名称", "小区所在区", "建成年份", "说明", "结果", "status", "explanation", "结果_2"]
    assert head[:8] == given_head
    assert row[:8] == ["东方小区", "云溪区", "1999", "我们的备注", "上次：待定", "自填", "own words", "x"]
    results = dict(zip(head[8:], row[8:]))
    # 结果 and 结果_2 are the user's: the status goes to 结果_3; 说明 → 说明_2, explanation → explanation_2
    assert results["结果_3"] == "undetermined"
    assert "说明_2" in results and "explanation_2" in results
    assert len(set(batch.norm_heading(h) for h in head)) == len(head)


def test_formula_like_cells_are_written_as_text_unless_they_are_plain_numbers():
    p = run("eligibility", "--csv", str(FIXTURES / "formulas.csv"))
    table = table_of(p.stdout)
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    assert rows[0]["name"] == "'=HYPERLINK(\"https://example.invalid/\",\"x\")"
    assert rows[0]["note"] == "+3.5"            # a plain number stays a number
    assert rows[1]["name"] == "'@SUM(A1)"
    assert rows[1]["completion_year"] == "-5"   # plain number, though the row is an error
    assert rows[1]["note"] == "'-1+2"
    assert rows[2]["name"] == "'\tlead" and rows[2]["note"] == "'-"
    assert rows[3]["name"] == "'+86 730 1234" and rows[3]["note"] == "1e5"
    assert rows[3]["completion_year"] == "'\r1999"
    for r in rows:
        for cell in r.values():
            assert not cell[:1] or cell[0] not in "=+-@\t\r" or batch.safe_cell(cell) == cell


def test_a_results_file_read_again_gives_the_same_results():
    first = run("eligibility", "--csv", str(FIXTURES / "formulas.csv")).stdout
    again = run("eligibility", "--csv", "-", stdin=first).stdout
    t1, t2 = table_of(first), table_of(again)
    n = len(t1[0])
    # every column of the first output carried unchanged; the new results are the same
    assert [r[:n] for r in t2] == t1
    status = t1[0].index("status")
    assert [r[n + status - 4] for r in t2[1:]] == [r[status] for r in t1[1:]]


def test_in_a_semicolon_file_a_comma_number_that_may_be_a_decimal_comma_is_refused():
    p = run("consent", "--csv", str(FIXTURES / "semicolon-thousands.csv"))
    assert p.returncode == 2
    table = table_of(p.stdout, delimiter=";")
    rows = {r[0]: dict(zip(table[0], r)) for r in table[1:]}
    a = rows["a"]
    assert a["status"] == "error" and a["error_field"] == "total_area"
    assert "“total_area”" in a["error_zh"] and "1500" in a["error_zh"] and "1.500" in a["error_zh"]
    assert "semicolon" in a["error_en"]
    # the same figures written without the ambiguity are read
    assert rows["b"]["status"] == "passed"  # 1000 / 1500 = 2/3 exactly
    assert rows["c"]["status"] == rows["b"]["status"]   # 1,500.00: the point says it is thousands
    assert rows["c"]["area.percent"] == rows["b"]["area.percent"]
    # 1,500,000: two groups cannot be a decimal comma
    assert rows["d"]["status"] == "not_passed" and rows["d"]["area.percent"] == "0.07"


def test_a_tab_separated_file_is_read_and_written_with_tabs():
    text = "name\tdistrict\tcompletion_year\na\tyunxi\t1,999\nb\tnanhu\t1999\n"
    out = io.StringIO()
    report = batch.run("eligibility", text, out, P)
    assert report.errors == 1 and report.bad[0][1].code == "ambiguous_number"
    table = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter="\t"))
    assert table[1][3] == "error" and table[2][3] == "undetermined"
    assert "制表符" in table[1][-2]


def test_every_output_starts_with_a_bom_even_for_an_input_without_one(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"district\nyunxi\n")
    out = tmp_path / "out.csv"
    assert run("eligibility", "--csv", str(src), "-o", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run("eligibility", "--csv", str(src)).stdout.startswith(b"\xef\xbb\xbf")


def test_blank_rows_before_the_heading_row_are_skipped_and_rows_keep_their_numbers():
    out = io.StringIO()
    report = batch.run("eligibility", "\n,,\ndistrict,completion_year\nyunxi,1999\nnowhere,1999\n", out, P)
    assert report.rows == 2 and [r for r, _ in report.bad] == [5]


def test_the_rows_of_a_batch_give_headings_and_result_cells_a_workbook_writer_can_use():
    b = batch.prepare("consent", "total_area,signed_area,total_owners,signed_owners\n300,200,3,2\n", P)
    got = list(batch.rows(b, batch.Report()))
    assert b.out_head[:4] == b.headings and len(b.out_head) == 4 + len(b.result_head)
    (rownum, cells, results), = got
    assert rownum == 2 and cells == ["300", "200", "3", "2"]
    assert len(results) == len(b.result_head) and results[0] == "passed"


cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_text, min_size=1, max_size=5))
def test_a_safe_row_never_starts_a_cell_with_a_formula_sign_unless_a_plain_number(cells):
    for c in batch.safe_row(list(cells)):
        if c[:1] and c[0] in "=+-@\t\r":
            float(c.replace(",", ""))  # a plain number
    # and nothing but a leading ' is ever added
    for before, after in zip(cells, batch.safe_row(list(cells))):
        assert after == before or after == "'" + before


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell_text, min_size=2, max_size=2), min_size=1, max_size=6))
def test_every_row_of_any_table_comes_out_with_every_cell(rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([["district", "note"]] + rows)
    out = io.StringIO()
    report = batch.run("eligibility", buf.getvalue(), out, P)
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    # a row whose cells are all blank is skipped; every other row is written, cells unchanged
    kept = [r for r in rows if any(r)]
    assert report.rows == len(kept) == len(table) - 1
    for r, got in zip(kept, table[1:]):
        assert got[:2] == batch.safe_row(r)


def test_consent_rows_with_the_vote_columns_get_the_civil_code_columns_and_the_plans_status_stays():
    text = ("总面积,签字面积,业主总数,签字人数,参与表决面积,参与表决人数\n"
            # everyone voted: 3/4 of all needed; 700/1000 and 70/100 agree: the plan passes, the code does not
            "1000,700,100,70,1000,100\n"
            # exactly 2/3 took part, 1/2 of all agreed: 3/4 of those voting, on both counts
            "900,450,90,45,600,60\n"
            # without the vote columns: blank, and the explanation says what the article would need
            "300,200,3,2,,\n")
    out = io.StringIO()
    report = batch.run("consent", text, out, P)
    assert report.errors == 0
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    assert [r["结果"] for r in rows] == ["passed", "not_passed", "passed"]
    assert [r["民法典参与表决达到"] for r in rows] == ["是", "是", ""]
    assert [r["民法典表决同意达到"] for r in rows] == ["否", "是", ""]
    assert [r["民法典表决通过"] for r in rows] == ["否", "是", ""]
    assert all("民法典" in r["民法典对照说明"] for r in rows)
    assert "civil_code_explanation" in table[0]
    want = calculators.consent({"total_area": "900", "signed_area": "450", "total_owners": 90,
                                "signed_owners": 45, "voted_area": "600", "voted_owners": 60})
    assert want["civil_code_278"]["passed"] is True and want["status"] == "not_passed"


# -- rosters -----------------------------------------------------------------------------------

def test_a_roster_after_blank_lines_is_read_and_its_unknown_signatures_are_counted_apart():
    p = run("consent", "--roster", str(FIXTURES / "roster-blank-line-unknown.csv"))
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    # 张三 and 钱七 signed (175 of 435 m²); 李四 待核实, 王五 ?: to be verified; 赵六 not signed
    assert r["owners"]["signed"] == 2 and r["owners"]["total"] == 5
    assert r["roster"]["unknown_owners"] == 2 and r["roster"]["unknown_area"] == "170.00"
    # 345 of 435 m² and 4 of 5 owners if both turn out signed
    assert r["status"] == "not_passed" and r["roster"]["passed_if_verified_signed"] is True
    listed = {o["owner"]: o for o in r["roster"]["not_signed"]}
    assert listed["李四"] == {"owner": "李四", "units": ["1-102"], "area": "70.00", "signed": None, "rows": [5]}
    assert listed["赵六"]["signed"] is False and listed["赵六"]["rows"] == [7]
    assert "另有 2 名业主（170.00 m²）的签字待核实" in r["roster"]["message"]["zh"]


def roster_error(text: str) -> dict:
    return roster.consent_from_roster(text.encode("utf-8"), P)["error"]


def test_roster_messages_say_row_n_and_use_the_readers_labels():
    err = roster_error("\n房号,业主,面积,是否签字\n1,A,100,是\n2,,100,是\n")
    assert err["row"] == 4 and err["column"] == "业主"
    assert err["message"]["zh"].startswith("第 4 行的“业主”") and err["message"]["en"].startswith("Row 4: the owner")
    err = roster_error("房号,业主,面积,是否签字\n1,A,100,是\n2,B,1 0,是\n")
    assert err["row"] == 3 and "第 3 行的“面积（m²）”" in err["message"]["zh"]
    assert "The area (m²) of row 3" in err["message"]["en"] and "units[" not in err["message"]["en"]
    err = roster_error("房号,业主,面积,是否签字\n1,A,100,是\n2,B,100,是\n1,C,100,否\n")
    assert err["message"]["zh"] == "第 4 行：房号“1”重复（第 2 行已有）。"
    assert err["message"]["en"] == "Row 4: unit '1' is listed twice (row 2 has it already)."
    err = roster_error("房号,业主,面积,是否签字\n1,A,100,是\n2,A,100,否\n")
    assert "第 3 行：业主“A”在第 2 行已签字" in err["message"]["zh"]
    assert "items" not in err["message"]["en"] and "units[" not in err["message"]["en"]


def test_a_roster_without_a_column_names_its_label_and_the_heading_row():
    err = roster_error("\n\n房号,业主,面积\n1,A,100\n")
    assert err["code"] == "missing_column" and err["field"] == "signed"
    assert "第 3 行（标题行）缺少“是否签字”列" in err["message"]["zh"]


def test_a_roster_with_an_unclosed_quote_is_refused_at_its_row():
    err = roster_error('房号,业主,面积,是否签字\n1,A,100,是\n2,"B,100,是\n3,C,100,是\n')
    assert err["code"] == "unclosed_quote" and "第 3 行" in err["message"]["zh"]


def test_a_consent_file_without_the_vote_columns_says_how_to_compare_on_every_row():
    out = io.StringIO()
    batch.run("consent", "total_area,signed_area,total_owners,signed_owners\n300,200,3,2\n1000,600,100,66\n", out, P)
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    for r in rows:
        assert r["civil_code_278.passed"] == "" and r["civil_code_278.participation.passed"] == ""
        assert "voted_area" in r["civil_code_explanation_en"] and "参与表决面积" in r["civil_code_explanation_zh"]
