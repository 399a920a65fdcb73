"""The screening page's templates, generated from policy/ and the plan (never by hand):

    python -m plansite.survey [--site site]      # site/downloads/survey-eligibility.xlsx, survey-funding.xlsx

- survey-eligibility.xlsx, 摸底调查表 (七（一）1): one row per community; the headings are the
  Chinese labels of policy/labels.yaml (params["labels"]) for every field of 三, so that the
  batch (calculators.workbook) reads them back, and the survey's own columns (小区名称, 户数,
  建筑面积 ...), carried through; drop-down lists for 是/否/不清楚 and for the district; a sheet
  of instructions quoting 三 and 七（一）1 word for word (as the site shows them) with their
  citations.
- survey-funding.xlsx, 年度计划资金表 (七（一）5, 六): one row per project; the cost and
  contribution headings of 六, the district for the summary by district; instructions quoting
  七（一）5 and 六.

A build step (plansite.build EXTRA_STEPS). Bytes are reproducible: the workbook's dates are fixed.
"""
from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

from calculators import load_params
from plansite import ROOT, plandoc

SITE = ROOT / "site"
ROWS = 1000                 # rows given drop-down lists
YES_NO = ("是", "否", "不清楚")
FIXED = datetime.datetime(2020, 1, 1)
SURVEY_COLUMNS = ["小区名称", "街道（乡镇）", "社区"]
SURVEY_AFTER = ["户数", "建筑面积（平方米）", "楼栋数", "填表人", "备注"]
ELIGIBILITY_QUOTES = ["3", "3.p1", "3.1", "3.2", "3.3", "3.4", "3.5", "3.p2", "7.1.1"]


def _quotes(ids: list[str]) -> list[tuple[str, str]]:
    """(text, citation) of each clause, as the site shows it (plandoc)."""
    idx = plandoc.clause_index("zh")
    return [(idx[cid][1].text, plandoc.citation(cid, "zh")) for cid in ids]


def funding_quote_ids() -> list[str]:
    idx = plandoc.clause_index("zh")
    return ["7.1.5"] + [cid for cid in idx if cid == "6" or cid.startswith("6.")]


def eligibility_columns(p: dict) -> list[tuple[str, str]]:
    """(heading, kind) of the survey: kind 'district', 'yes_no', 'year' or '' (carried)."""
    from calculators.core import eligibility
    labels = p["labels"]
    rules = eligibility.rules_from(p)
    cols = [(h, "") for h in SURVEY_COLUMNS]
    cols += [(labels["eligibility.district"]["zh"], "district"), (labels["eligibility.completion_year"]["zh"], "year")]
    cols += [(labels["eligibility." + c.field]["zh"], "yes_no") for c in rules.conditions]
    cols += [(h, "") for h in SURVEY_AFTER]
    return cols


def funding_columns(p: dict) -> list[tuple[str, str]]:
    labels = p["labels"]
    cols = [("项目名称", ""), (labels["eligibility.district"]["zh"], "district")]
    for field in p["csv_columns"]["funding"]:
        if field.count(".") > 1:
            continue   # the parts of a contribution: the template asks for the whole
        key = "funding." + field
        if key in labels:
            cols.append((labels[key]["zh"], "yes_no" if field == "city_reward_eligible" else "money"))
    cols += [("备注", "")]
    return cols


def _workbook(title: str, columns, instructions: list[str], quotes, p: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = title
    head_fill = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
    for i, (h, kind) in enumerate(columns, start=1):
        c = ws.cell(1, i, h)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        c.fill = head_fill
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(28, len(h) * 2 + 2))
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "B2"
    districts = [d["zh"] for d in p["districts"]["in_plan"]["districts"]]
    lists = {
        "yes_no": DataValidation(type="list", formula1='"' + ",".join(YES_NO) + '"', allow_blank=True,
                                 errorTitle="请选择", error="请选择 是、否 或 不清楚。", showErrorMessage=True),
        "district": DataValidation(type="list", formula1='"' + ",".join(districts) + '"', allow_blank=True,
                                   errorStyle="warning", errorTitle="所在区",
                                   error="本方案适用于" + "、".join(districts) + "（第三条第（一）项、第九条）。",
                                   showErrorMessage=True),
        "year": DataValidation(type="whole", operator="between", formula1="1900", formula2="2100", allow_blank=True,
                               errorStyle="warning", errorTitle="建成年份", error="请填四位数年份，例如 1998。",
                               showErrorMessage=True),
        "money": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                errorTitle="金额", error="请填不小于 0 的金额（万元）。", showErrorMessage=True),
    }
    for i, (_h, kind) in enumerate(columns, start=1):
        if kind in lists:
            col = get_column_letter(i)
            lists[kind].add(f"{col}2:{col}{ROWS + 1}")
    for dv in lists.values():
        if dv.sqref:
            ws.add_data_validation(dv)

    notes = wb.create_sheet("填表说明")
    notes.column_dimensions["A"].width = 100
    notes.column_dimensions["B"].width = 24
    notes.append([title])
    notes["A1"].font = Font(bold=True, size=14)
    for line in instructions:
        notes.append([line])
    notes.append([])
    notes.append(["方案原文（摘录）", "条款"])
    notes.cell(notes.max_row, 1).font = Font(bold=True)
    notes.cell(notes.max_row, 2).font = Font(bold=True)
    for text, cite in quotes:
        notes.append([text, cite])
        notes.cell(notes.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    notes.append([])
    notes.append(["本表由本站据 policy/ 中的参数和方案原文生成；列标题与命令行 python -m calculators --xlsx 和“摸底调查与年度计划汇总”页面读取的标题一致。"])
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "plansite.survey"
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_dates(buf.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The same workbook with every zip entry dated 1980-01-01, so the same sources give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":   # openpyxl stamps the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2020-01-01T00:00:00Z\g<2>", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def eligibility_template(p: dict | None = None) -> bytes:
    p = p or load_params()
    return _workbook("摸底调查表", eligibility_columns(p), [
        "每行填写一个小区。“是/否/不清楚”各列和“小区所在区”可从下拉列表选择；不清楚的请选“不清楚”或留空，结果会列出还需核实的事项。",
        "“建成年份”填四位数年份，例如 1998。小区名称、户数、建筑面积等其他列原样保留在结果中。",
        "填好后在本站“计算器 → 摸底调查与年度计划汇总”页面选择本文件（文件不会上传），或运行 "
        "python -m calculators eligibility --xlsx 本文件.xlsx -o 结果.xlsx。",
    ], _quotes(ELIGIBILITY_QUOTES), p)


def funding_template(p: dict | None = None) -> bytes:
    p = p or load_params()
    return _workbook("年度计划资金表", funding_columns(p), [
        "每行填写一个改造项目，金额单位与方案一致（万元或元均可，全表一致即可）。“小区所在区”用于按区汇总。",
        "各项费用和出资按第六条填写；“符合市财政奖补范畴”可从下拉列表选择。",
        "填好后在本站“计算器 → 摸底调查与年度计划汇总”页面选择本文件（文件不会上传），或运行 "
        "python -m calculators funding --xlsx 本文件.xlsx -o 结果.xlsx。",
    ], _quotes(funding_quote_ids()), p)


TEMPLATES = {"survey-eligibility.xlsx": eligibility_template, "survey-funding.xlsx": funding_template}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE)
    args = ap.parse_args(argv)
    out = args.site / "downloads"
    out.mkdir(parents=True, exist_ok=True)
    p = load_params()
    for name, make in TEMPLATES.items():
        (out / name).write_bytes(make(p))
        print(f"survey: {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
