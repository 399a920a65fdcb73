"""District screening (摸底调查, 七（一）1) and an annual programme's funding (七（一）5, 六): a
batch's rows summed up by district, for the screening page and its tests.

`screen(name, data, filename, params)` reads a workbook (.xlsx) or a CSV file's bytes with the
same code as the command line (calculators.workbook, calculators.batch) and gives, as one plain
dict: the report (the sheet read, notes, bad rows), one compact record per row (for the page's
table), and the summary by district:

- eligibility: rows, eligible, ineligible, undetermined and errors, per district and in all,
  and for the undetermined communities the answers most often missing (what the survey still
  has to find out);
- funding: per district the sums of total cost, district input, city reward, the district's
  net burden and each payer's share (pipeline units, residents, original property units,
  social capital, central and provincial subsidies, district, city), exact (Decimal).

The file's bytes are kept (one at a time) so that `download("xlsx" | "csv")` writes the
results as the command line would. Standard library only at module level.
"""
from __future__ import annotations

import csv
import io
from decimal import Decimal

from . import batch as _batch
from . import batch_rows as _rows
from .core.errors import InvalidInput
from .core.places import norm_place, places

STATUSES = ("eligible", "ineligible", "undetermined", "error")
TOP_MISSING = 5
NAME_HEADINGS = ("小区名称", "小区名", "项目名称", "名称", "name", "community", "project")
UNKNOWN_DISTRICT = "?"
_last: dict = {}


def district_rows(params) -> list[dict]:
    d = params["districts"]
    out = [{"code": r["code"], "zh": r["zh"], "en": r["en"], "in_plan": True} for r in d["in_plan"]["districts"]]
    out += [{"code": r["code"], "zh": r["zh"], "en": r["en"], "in_plan": False} for r in d["outside_plan"]["places"]]
    out += [{"code": UNKNOWN_DISTRICT, "zh": "未能识别的区", "en": "District not recognised", "in_plan": False},
            {"code": "", "zh": "未填所在区", "en": "District not given", "in_plan": False}]
    return out


class EligibilitySummary:
    """Counts by district of a screening batch's statuses, and what the undetermined lack."""

    def __init__(self, params):
        self.params = params
        self.by: dict[str, dict] = {}

    def add(self, district: str, status: str, unknown: list[str]) -> None:
        d = self.by.get(district)
        if d is None:
            d = self.by[district] = {"rows": 0, **{s: 0 for s in STATUSES}, "missing": {}}
        d["rows"] += 1
        d[status] += 1
        if status == "undetermined":
            for f in unknown:
                d["missing"][f] = d["missing"].get(f, 0) + 1

    def as_dict(self) -> dict:
        labels = self.params["labels"]
        totals = {"rows": 0, **{s: 0 for s in STATUSES}}
        missing_all: dict[str, int] = {}
        districts = []
        for rec in district_rows(self.params):
            d = self.by.get(rec["code"])
            if d is None:
                continue
            for k in totals:
                totals[k] += d[k]
            for f, n in d["missing"].items():
                missing_all[f] = missing_all.get(f, 0) + n
            districts.append({**rec, **{k: d[k] for k in totals}, "missing": _top(d["missing"], labels)})
        return {"totals": {**totals, "errors": totals["error"]}, "districts": districts,
                "missing": _top(missing_all, labels)}


def _top(counts: dict, labels) -> list[dict]:
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_MISSING]
    return [{"field": f, "count": n, "zh": labels.get("eligibility." + f, {}).get("zh", f),
             "en": labels.get("eligibility." + f, {}).get("en", f)} for f, n in order]


FUNDING_SUMS = ("total_cost", "district_input", "city_reward", "district_net")


class FundingSummary:
    """Sums by district of each project's cost and who pays it (六), exact."""

    def __init__(self, params):
        self.params = params
        self.by: dict[str, dict] = {}
        self.payers: list[dict] = []

    def add(self, district: str, result: dict | None) -> None:
        d = self.by.get(district)
        if d is None:
            d = self.by[district] = {"rows": 0, "ok": 0, "error": 0, "sums": {}, "shares": {}}
        d["rows"] += 1
        if result is None or result.get("status") != "ok":
            d["error"] += 1
            return
        d["ok"] += 1
        values = {"total_cost": result["total_cost"], "district_input": result["district_input"]["total"],
                  "city_reward": result["city_reward"], "district_net": result["district_net"]}
        for k, v in values.items():
            d["sums"][k] = d["sums"].get(k, Decimal(0)) + Decimal(v)
        if not self.payers:
            self.payers = [{"payer": s["payer"], "label": s["label"], "clause": s["clause"]} for s in result["shares"]]
        for s in result["shares"]:
            d["shares"][s["payer"]] = d["shares"].get(s["payer"], Decimal(0)) + Decimal(s["amount"])

    def as_dict(self) -> dict:
        totals = {"rows": 0, "ok": 0, "error": 0, "sums": {}, "shares": {}}
        districts = []
        for rec in district_rows(self.params):
            d = self.by.get(rec["code"])
            if d is None:
                continue
            for k in ("rows", "ok", "error"):
                totals[k] += d[k]
            for part in ("sums", "shares"):
                for k, v in d[part].items():
                    totals[part][k] = totals[part].get(k, Decimal(0)) + v
            districts.append({**rec, **_money(d)})
        return {"totals": {**_money(totals), "errors": totals["error"]}, "districts": districts, "payers": self.payers}


def _money(d: dict) -> dict:
    total = d["sums"].get("total_cost", Decimal(0))
    return {"rows": d["rows"], "ok": d["ok"], "error": d["error"],
            "sums": {k: f"{d['sums'].get(k, Decimal(0)):.2f}" for k in FUNDING_SUMS},
            "shares": {k: {"amount": f"{v:.2f}", "percent": f"{(v * 100 / total):.2f}" if total else None}
                       for k, v in d["shares"].items()}}


def _is_workbook(data: bytes, filename: str) -> bool:
    from .workbook import OLE_MAGIC, ZIP_MAGIC
    return data.startswith((ZIP_MAGIC, OLE_MAGIC)) or filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".et"))


def screen(name: str, data: bytes, filename: str, params) -> dict:
    """A batch of `name` ("eligibility" or "funding"; "consent" gets no summary by district)
    on a file's bytes: {"status": "ok", "kind", "report", "rows", "summary", "columns"}, or
    {"status": "error", "error"} for a file that cannot be used."""
    _last.pop(name, None)
    try:
        if _is_workbook(data, filename):
            kind, rows, report, head = "xlsx", *_workbook_rows(name, data, filename, params)
        else:
            kind, rows, report, head = "csv", *_csv_rows(name, data, params)
    except _batch.FileError as e:
        return e.err.result()
    _last[name] = dict(name=name, data=data, filename=filename, kind=kind, params=params)
    summary = EligibilitySummary(params) if name != "funding" else FundingSummary(params)
    records = []
    ctx = None
    for rownum, cells, results, err, b in rows:
        if ctx is None:
            ctx = _Context(params, b)
        records.append(_record(name, params, ctx, rownum, cells, results, err, summary))
    out = {"status": "ok", "kind": kind, "calculator": name, "columns": head, "rows": records,
           "summary": summary.as_dict(), "report": _report(report)}
    return out


def _report(report) -> dict:
    return {"rows": report.rows, "errors": report.errors, "sheet": getattr(report, "sheet", ""),
            "heading_row": getattr(report, "heading_row", 1), "blank": getattr(report, "blank", 0),
            "carried": report.carried,
            "bad": [{"row": r, "field": e.field, "message": {"zh": e.zh, "en": e.en}} for r, e in report.bad],
            "notes": [n.as_dict() for n in getattr(report, "notes", [])]}


def _workbook_rows(name, data, filename, params):
    from . import workbook
    wb = workbook.open_workbook(data, filename)
    try:
        src = workbook.prepare(name, wb, params)
        rows = [(rownum, cells, results, err, src.batch)
                for rownum, _values, cells, results, err in workbook.rows(src, params)]
        workbook.finish(src)
    finally:
        wb.close()
    return rows, src.report, src.batch.out_head


def _csv_rows(name, data, params):
    text, _bom = _batch.decode(data)
    b = _batch.prepare(name, text, params)   # as the CSV batch reads it
    report = _batch.Report()
    rows = [(rownum, cells, results, err, b)
            for rownum, cells, results, err in _batch.evaluated(b, report)]
    return rows, report, b.out_head


class _Context:
    """What every row of one file shares: its district and name columns, the places."""

    def __init__(self, params, b):
        self.fields = b.fields
        district_headings = _district_headings(params)
        self.district_cols = [i for i, h in enumerate(b.headings)
                              if b.fields[i] == "district"
                              or (b.fields[i] is None and _batch.norm_heading(h) in district_headings)]
        self.name_col = next((i for i, h in enumerate(b.headings)
                              if b.fields[i] is None and _batch.norm_heading(h) in NAME_HEADINGS), None)
        self.by_name = places(params["districts"]).by_name
        self.codes: dict[str, str] = {}

    def district(self, text: str) -> str:
        code = self.codes.get(text)
        if code is None:
            if not text or not text.strip():
                code = ""
            else:
                pl = self.by_name.get(norm_place(text))
                code = pl.code if pl is not None else UNKNOWN_DISTRICT
            if len(self.codes) < 4096:
                self.codes[text] = code
        return code


def _record(name, params, ctx, rownum, cells, results, err, summary) -> dict:
    fields = ctx.fields
    district_text = next((cells[i] for i in ctx.district_cols if cells[i]), "")
    label = cells[ctx.name_col] if ctx.name_col is not None else ""
    district = ctx.district(district_text)
    rec = {"row": rownum, "name": label, "district": district, "district_text": district_text,
           "status": results[0]}
    if err is not None:
        rec["error"] = {"field": err.field, "message": {"zh": err.zh, "en": err.en}}
    if name == "eligibility":
        res = params["csv_columns"]["results"]["eligibility"]
        r = dict(zip(["status"] + res, results))
        rec["failed"] = [f for f in r["failed"].split(";") if f]
        rec["unknown"] = [f for f in r["unknown"].split(";") if f]
        rec["explanation"] = {"zh": r["explanation_zh"], "en": r["explanation_en"]}
        summary.add(district, results[0], rec["unknown"])
    elif name == "funding":
        import calculators  # noqa: F811 (the package's own API, as the tests call it)
        result = None
        if err is None:
            flat = {f: cells[i] for i, f in enumerate(fields) if f is not None and cells[i]}
            result = calculators.funding(_rows._nest(flat), params)
            rec["total_cost"] = result.get("total_cost")
            rec["district_net"] = result.get("district_net")
            rec["city_reward"] = result.get("city_reward")
            rec["shares"] = {s["payer"]: s["amount"] for s in result.get("shares", [])}
        summary.add(district, result)
    else:
        summary.add(district, results[0] if results[0] in STATUSES else "eligible", [])
    return rec


def _district_headings(params) -> set:
    hm = _batch.heading_map(params, "eligibility")
    return {k for k, v in hm.items() if v == "district"}


def download(kind: str, name: str = "") -> bytes:
    """The results of the last screen() of `name` (default: the last file screened) as a
    workbook ("xlsx") or CSV ("csv") file's bytes, as the command line writes them
    (`--xlsx IN -o OUT.xlsx`, `--csv IN -o OUT.csv`)."""
    if not _last or (name and name not in _last):
        raise ValueError("no file has been screened")
    last = _last[name] if name else list(_last.values())[-1]
    name, data, params = last["name"], last["data"], last["params"]
    if last["kind"] == "xlsx":
        from . import workbook, workbook_out
        wb = workbook.open_workbook(data, last["filename"])
        try:
            src = workbook.prepare(name, wb, params)
            if kind == "csv":
                out = io.StringIO(newline="")
                w = workbook_out.CsvWriter(src, out)
            else:
                w = workbook_out.Writer(src)
            for _rownum, values, _cells, results, _err in workbook.rows(src, params):
                w.row(values, results)
            workbook.finish(src)
        finally:
            wb.close()
        if kind == "csv":
            return out.getvalue().encode("utf-8")
        buf = io.BytesIO()
        w.save(buf)
        return buf.getvalue()
    text, _bom = _batch.decode(data)
    if kind == "csv":
        out = io.StringIO(newline="")
        out.write("\ufeff")
        _batch.run(name, text, out, params)
        return out.getvalue().encode("utf-8")
    # a CSV file's results as a workbook: its cells (text) and the results
    from . import workbook_out
    b = _batch.prepare(name, text, params)
    report = _WorkbookReport()
    w = workbook_out.Writer(_Src(b, "结果", report))
    for _rownum, cells, results in _batch.rows(b, report):
        w.row(cells, results)
    buf = io.BytesIO()
    w.save(buf)
    return buf.getvalue()


class _WorkbookReport(_batch.Report):
    sheet = "CSV"
    heading_row = 1
    blank = 0
    notes: list = []


class _Src:
    def __init__(self, batch, sheet, report):
        self.batch, self.sheet, self.report = batch, sheet, report


__all__ = ["screen", "download", "EligibilitySummary", "FundingSummary", "InvalidInput"]
