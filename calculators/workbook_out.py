"""A batch's results as a workbook (.xlsx): the input sheet's columns unchanged, the result
columns beside them, the 结果 (status) cell coloured by its status, and a second sheet of notes
(the sheet read, bad rows, what was done with merged cells, formulas, dates, blank rows).

Written by openpyxl in write-only mode (``Workbook(write_only=True)``): rows go to disk as they
come, so memory does not grow with the file. openpyxl is imported only inside functions.

Also the same results as CSV text (the browser's CSV download): UTF-8 with a byte-order mark
(Excel and WPS), and a cell a spreadsheet would run as a formula written with a leading '.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from decimal import Decimal

from . import batch as _batch

# fill colours of the status cell (Excel's own "good", "bad", "neutral" styles)
FILLS = {"eligible": "C6EFCE", "passed": "C6EFCE", "ok": "C6EFCE",
         "ineligible": "FFC7CE", "not_passed": "FFC7CE",
         "undetermined": "FFEB9C", "error": "D9D9D9"}
FONTS = {"eligible": "006100", "passed": "006100", "ok": "006100", "ineligible": "9C0006",
         "not_passed": "9C0006", "undetermined": "9C5700", "error": "000000"}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# result columns that hold amounts or percentages: written as numbers (exact, as Decimal)
NUMERIC = {"total_cost", "pipeline_units", "district_pipeline_reward", "district_input.general",
           "district_input.elevator", "district_input.total", "city_reward", "district_net", "surplus",
           "area.percent", "owners.percent", "area.additional_needed", "owners.additional_needed"}


class Writer:
    """Rows of one batch into a write-only workbook; save() writes the notes sheet and the file."""

    def __init__(self, source):
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        self.source = source
        b = source.batch
        self.keep = b.keep
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet(title=(source.sheet or "结果")[:31])
        self.results = _batch.result_columns(b.params, b.name)
        self.numeric = [c in NUMERIC for c in self.results]
        self.styles = {s: (PatternFill("solid", start_color=FILLS[s], end_color=FILLS[s]), Font(color=FONTS[s]))
                       for s in FILLS}
        self.bold = Font(bold=True)
        self.ws.freeze_panes = "A2"
        self.ws.append([self._cell(h, bold=True) for h in b.out_head])

    def _cell(self, value, bold=False):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"     # text, never a formula
        if bold:
            cell.font = self.bold
        return cell

    def row(self, values, results) -> None:
        out = [self._cell(values[i]) if isinstance(values[i], str) else values[i] for i in self.keep]
        for j, r in enumerate(results):
            if j == 0:
                cell = self._cell(r)
                style = self.styles.get(r)
                if style:
                    cell.fill, cell.font = style
                out.append(cell)
            elif self.numeric[j] and isinstance(r, str) and _NUMBER.fullmatch(r):
                out.append(Decimal(r))
            else:
                out.append(self._cell(r) if isinstance(r, str) else r)
        self.ws.append(out)

    def save(self, target) -> None:
        notes = self.wb.create_sheet(title="说明 notes")
        rep = self.source.report
        notes.append([self._cell(h, bold=True) for h in ("项目 / item", "说明", "note")])
        notes.append(["sheet", f"读取的工作表：“{rep.sheet}”，标题行第 {rep.heading_row} 行",
                      f"Sheet read: '{rep.sheet}', heading row {rep.heading_row}"])
        notes.append(["rows", f"共 {rep.rows} 行，出错 {rep.errors} 行，空行 {rep.blank} 行",
                      f"{rep.rows} rows, {rep.errors} with errors, {rep.blank} blank"])
        for rownum, e in rep.bad:
            notes.append([f"row {rownum}", self._cell(f"第 {rownum} 行：{e.zh}"), self._cell(f"Row {rownum}: {e.en}")])
        for n in rep.notes:
            notes.append([n.code, self._cell(n.zh), self._cell(n.en)])
        self.wb.save(target)


def _safe(text: str) -> str:
    """A CSV cell that a spreadsheet would not run as a formula."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text_of(value) -> str:
    from .workbook import text_of
    return text_of(value)


class CsvWriter:
    """The same rows as CSV text (with a byte-order mark, CRLF line ends)."""

    def __init__(self, source, out):
        self.keep = source.batch.keep
        self.out = out
        out.write("\ufeff")
        self.w = csv.writer(out, lineterminator="\r\n")
        self.w.writerow([_safe(h) for h in source.batch.out_head])

    def row(self, values, results) -> None:
        self.w.writerow([_safe(csv_text_of(values[i])) for i in self.keep] + [_safe(str(r)) for r in results])


def results_csv(source_rows, source) -> str:
    """CSV text of rows already evaluated: (values, results) pairs."""
    out = io.StringIO(newline="")
    w = CsvWriter(source, out)
    for values, results in source_rows:
        w.row(values, results)
    return out.getvalue()
