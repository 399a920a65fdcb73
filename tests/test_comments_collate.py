"""Collation of exported comments (make comments / python -m plansite.comments) on files the real
site exported in a real browser: Word, CSV and JSON of the same comments (duplicates, counted
once), an English export, a form edited in Word, an edited and re-exported comment, a CSV saved
again by Excel in GB18030, and files it cannot read (named with the reason, the rest collated)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from plansite import comments, plandoc
from conftest import ROOT

STORAGE_KEY = "yy-renovation:comments"
FORMULA = "=1+1 不应成为公式"
A = [  # one reader's comments, stored as the site stores them
    {"id": "a-32", "clause": "3.2", "comment": "“意愿强烈”宜有可核查的标准。", "reason": "便于审核",
     "plan_version": "1", "lang": "zh", "created": "2026-12-01T01:00:00.000Z", "updated": "2026-12-01T01:00:00.000Z"},
    {"id": "a-63", "clause": "6.3", "comment": "建议写明出资上限。<script>alert(1)</script>", "reason": "",
     "plan_version": "1", "lang": "zh", "created": "2026-12-01T01:01:00.000Z", "updated": "2026-12-01T01:01:00.000Z"},
    {"id": "a-8213", "clause": "8.2.13", "comment": FORMULA, "reason": "测试",
     "plan_version": "1", "lang": "zh", "created": "2026-12-01T01:02:00.000Z", "updated": "2026-12-01T01:02:00.000Z"},
]
WHO_A = {"name": "张三", "organisation": "某社区居委会", "contact": "0730-0000000"}
B = [  # another reader, on the English pages, one clause in common with A
    {"id": "b-32", "clause": "3.2", "comment": "Say who judges the residents' wish.", "reason": "",
     "plan_version": "1", "lang": "en", "created": "2026-12-02T01:00:00.000Z", "updated": "2026-12-02T01:00:00.000Z"},
    {"id": "b-61", "clause": "6.1", "comment": "Give the rate of the city reward as a table.", "reason": "Clarity",
     "plan_version": "1", "lang": "en", "created": "2026-12-02T01:01:00.000Z", "updated": "2026-12-02T01:01:00.000Z"},
]
WHO_B = {"name": "Li Si", "organisation": "", "contact": ""}


def export(page, server, lang: str, items, who, out, stem: str, kinds=("docx", "csv", "json")) -> dict:
    page.goto(server + "comments/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [STORAGE_KEY, json.dumps({"format": 1, "comments": items, "commenter": who}, ensure_ascii=False)])
    page.goto(server + ("en/comments/" if lang == "en" else "comments/"))
    page.wait_for_selector("[data-comments-page][data-ready]")
    files = {}
    for kind in kinds:
        with page.expect_download() as d:
            page.click(f'[data-comment-export="{kind}"]')
        files[kind] = out / f"{stem}.{kind}"
        d.value.save_as(files[kind])
    return files


@pytest.fixture(scope="module")
def exported(browser, server, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    files = {"a": export(page, server, "zh", A, WHO_A, out, "a"),
             "b": export(page, server, "en", B, WHO_B, out, "b", kinds=("docx", "json"))}
    # A edits one comment and exports JSON again: the same id, a later time
    later = [dict(c) for c in A]
    later[0].update(comment="“意愿强烈”宜以户数比例表述。", updated="2026-12-03T01:00:00.000Z")
    files["a2"] = export(page, server, "zh", later, WHO_A, out, "a-edited", kinds=("json",))
    context.close()
    return out, files


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plansite.comments", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_same_comments_as_word_csv_and_json_count_once(exported, tmp_path):
    _, f = exported
    clauses = comments.Clauses()
    items, problems, read = comments.collect([f["a"]["docx"], f["a"]["csv"], f["a"]["json"]], clauses)
    assert not problems and read == 9
    kept, dropped = comments.collate(items, clauses)
    assert dropped == 6 and [c.clause for c in kept] == ["3.2", "6.3", "8.2.13"]
    assert [c.comment for c in kept] == [c["comment"] for c in A]
    assert all(len(c.sources) == 3 and c.name == WHO_A["name"] for c in kept)
    assert {c.id for c in kept} == {c["id"] for c in A}, "the Word file carries the ids too"


def test_collation_of_a_mix_with_a_duplicate_an_edit_and_broken_files(exported, tmp_path):
    folder, f = exported
    broken = tmp_path / "broken.docx"
    broken.write_bytes(f["a"]["docx"].read_bytes()[:600])
    (tmp_path / "notes.txt").write_text("意见：同意", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"comments": []}), encoding="utf-8")
    old_word = tmp_path / "old.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0")
    # a reader adds a row to the Word form by hand: no id, a citation typed with half-width brackets
    edited = tmp_path / "edited-in-word.docx"
    document = docx.Document(str(f["b"]["docx"]))
    row = document.tables[1].add_row().cells
    for cell, text in zip(row, ["3", "Section IX (第九条)", "", "Add a date of entry into force.", ""]):
        cell.text = text
    row = document.tables[1].add_row().cells
    for cell, text in zip(row, ["4", "第十二条第(一)项", "", "这一条不存在。", ""]):
        cell.text = text
    document.save(str(edited))
    # Excel opens the CSV and saves it again in the Chinese default encoding
    gbk = tmp_path / "a-excel.csv"
    gbk.write_bytes(f["a"]["csv"].read_bytes().decode("utf-8-sig").encode("gb18030"))

    out = tmp_path / "summary"
    files = [f["a"]["docx"], f["a"]["json"], gbk, f["a2"]["json"], f["b"]["json"], edited,
             broken, tmp_path / "notes.txt", other, old_word, tmp_path / "missing.csv"]
    proc = run(*files, "--out", out)
    assert proc.returncode == 1, proc.stderr
    for name, reason in [("broken.docx", "不是有效的 Word"), ("notes.txt", "不支持的文件类型"),
                         ("other.json", "不是本站导出的意见文件"), ("old.doc", "另存为 .docx"),
                         ("missing.csv", "文件不存在")]:
        assert any(name in line and reason in line for line in proc.stderr.splitlines()), (name, proc.stderr)
    assert "第十二条第(一)项" in proc.stderr  # the comment on no clause is named, not lost
    assert "Traceback" not in proc.stderr

    md = (out / "summary.md").read_text(encoding="utf-8")
    # 3.2: A's edited version (the earlier one superseded) and B's; 6.1 B; 6.3 A; 8.2.13 A; 9 B's added row
    order = ["第三条第（二）项（3.2） · 2 条意见", "第六条第（一）项（6.1） · 1 条意见", "第六条第（三）项（6.3） · 1 条意见",
             "第八条第（二）项第13目（8.2.13） · 1 条意见", "第九条（9） · 1 条意见", "条款不明"]
    at = [md.index("## " + h) for h in order]
    assert at == sorted(at), "grouped by clause in the plan's order, the unplaced last"
    assert "“意愿强烈”宜以户数比例表述。" in md and "宜有可核查的标准" not in md
    assert "已由本条取代" in md
    assert "&lt;script&gt;" in md and "<script>" not in md
    assert "处理意见（采纳/部分采纳/不采纳）" in md and "张三（某社区居委会；0730-0000000）" in md
    assert plandoc.clause_index("zh")["6.3"][1].text[:20] in md

    book = openpyxl.load_workbook(out / "summary.xlsx")
    sheet = book["意见汇总"]
    heads = [c.value for c in sheet[1]]
    rows = [dict(zip(heads, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    assert [r["条款编号"] or "" for r in rows] == ["3.2", "3.2", "6.1", "6.3", "8.2.13", "9", ""]
    formula = next(r for r in rows if r["条款编号"] == "8.2.13")
    assert formula["意见"] == FORMULA, "a comment starting with = stays text"
    assert sheet.cell(row=rows.index(formula) + 2, column=heads.index("意见") + 1).data_type == "s"
    assert heads[-2:] == ["处理意见", "处理理由"]
    rules = sheet.data_validations.dataValidation
    assert rules and '"采纳,部分采纳,不采纳"' == rules[0].formula1
    counts = {r[1].value: r[2].value for r in book["按条款统计"].iter_rows(min_row=2)}
    assert counts["第三条第（二）项（3.2）"] == 2 and counts["合计"] == 7
    assert [r[0].value for r in book["未能读取的文件"].iter_rows(min_row=2)] == [str(p) for p in files[6:]]

    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>" not in html and "size: A4 landscape" in html
    text = "".join(p.extract_text() for p in PdfReader(str(out / "summary.pdf")).pages)
    assert "意见汇总" in text and "第三条第（二）项" in text.replace(" ", "")


def test_make_comments_calls_the_collation(exported, tmp_path):
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    _, f = exported
    # the target runs setup first; point it at the same interpreter and check what it writes
    proc = subprocess.run(["make", "-n", "comments", f'FILES={f["a"]["json"]}'], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and f"-m plansite.comments {f['a']['json']}" in proc.stdout
    proc = run(f["a"]["json"], "--out", tmp_path, "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    assert "1 个文件，3 条意见（去除重复 0 条）" in proc.stdout
    assert (tmp_path / "summary.xlsx").exists() and not (tmp_path / "summary.pdf").exists()


def test_no_files_is_a_clear_error():
    proc = run()
    assert proc.returncode == 2 and "make comments FILES=" in proc.stderr and "Traceback" not in proc.stderr


def test_the_clause_data_comes_from_the_plan_model(site):
    for lang in plandoc.LANGS:
        data = json.loads((site / "assets" / "data" / f"clauses.{lang}.json").read_text(encoding="utf-8"))
        index = plandoc.clause_index(lang)
        assert [c["id"] for c in data["clauses"]] == list(index)
        for c in data["clauses"]:
            assert c["text"] == index[c["id"]][1].text
            assert c["cite"] == plandoc.citation(c["id"], lang) and c["cite_zh"] == plandoc.citation(c["id"], "zh")
            page, anchor = c["url"].split("#")
            assert (site / page / "index.html").exists() and f'id="{anchor}"' in (site / page / "index.html").read_text("utf-8")
        served = site / data["docx"]
        assert served.read_bytes() == (ROOT / "node_modules" / "docx" / "dist" / "index.iife.js").read_bytes()
        assert (served.parent / "LICENSE").exists()
