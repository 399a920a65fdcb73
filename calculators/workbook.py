"""Workbooks (.xlsx, as Excel and WPS save them) as a batch's source: one case per row, the same
columns, rules and results as a CSV batch (calculators.batch), read by openpyxl.

openpyxl is imported only inside the functions of this module (and of workbook_out), so that
``calculators`` stays standard library at module level and the core never sees it. The sheet is
streamed (``load_workbook(read_only=True, data_only=True)``): each row is read, evaluated and
handed on before the next is read, so memory does not grow with the file.

What a workbook brings that CSV does not, and what is done with it (each told in a Note):

- several sheets: the first sheet whose heading row (within its first rows) names a field is used;
  the sheets before it are named;
- merged cells: every cell of a merged range takes the value of its top-left cell;
- formulas: their cached values are used; a formula without one (a file written by a program
  that never calculated it) counts as blank, and the cell is named;
- dates in the 建成年份 column (a year typed as a date): the year is taken;
- numbers stored as text, and numbers: read as the same text a CSV would hold;
- blank rows: skipped and counted; columns that name no field: carried and listed;
- a password-protected file, a corrupt file, a .xls or .et file (WPS): refused with a message
  that says what to do (save as .xlsx).
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from typing import Callable, NamedTuple

from . import batch as _batch
from .core.errors import InvalidInput, plain

CHUNK = 1_048_576   # bytes of sheet XML scanned at a time for merged ranges and formulas
HEADING_SCAN = 10       # rows of a sheet looked at for its heading row (a title may sit above)
NOTES_KEPT = 100        # notes kept (all are counted)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # .xls, .et, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class Note(NamedTuple):
    """Something the reader did with the workbook that its author should know."""

    code: str   # sheet, merged, formula_no_value, date_as_year, blank_rows, carried
    zh: str
    en: str

    def as_dict(self) -> dict:
        return {"code": self.code, "message": {"zh": self.zh, "en": self.en}}


class Report(_batch.Report):
    """A batch's Report, and what was done with the workbook: the sheet used, blank rows, notes."""

    def __init__(self):
        super().__init__()
        self.sheet = ""
        self.heading_row = 1
        self.blank = 0
        self.notes: list[Note] = []
        self.notes_total = 0

    def note(self, code: str, zh: str, en: str) -> None:
        self.notes_total += 1
        if len(self.notes) < NOTES_KEPT:
            self.notes.append(Note(code, zh, en))


def _refuse(code: str, zh: str, en: str) -> _batch.FileError:
    return _batch.FileError(InvalidInput(code, None, zh, en))


def _not_xlsx(what_zh: str, what_en: str) -> _batch.FileError:
    return _refuse("not_xlsx",
                   f"{what_zh}：请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再试。",
                   f"{what_en}: open it in Excel or WPS and save as an Excel workbook (.xlsx), then try again.")


def check_kind(head: bytes, filename: str = "") -> None:
    """Refuse what is not an .xlsx workbook, from its first bytes (and its name), with a message
    that says what to do."""
    lower = filename.lower()
    if head.startswith(OLE_MAGIC):
        # an OLE2 compound file: an old .xls, a WPS .et, or an .xlsx encrypted with a password
        if "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode("utf-16-le") in head:
            raise _refuse("password_protected",
                          "工作簿设有打开密码，无法读取：请在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿）后另存为 .xlsx 再试。",
                          "The workbook is protected by a password and cannot be read: remove the password "
                          "in Excel or WPS (File → Info → Protect Workbook), save as .xlsx and try again.")
        if lower.endswith(".et"):
            raise _not_xlsx("这是 WPS 表格（.et）文件", "This is a WPS Spreadsheets (.et) file")
        raise _not_xlsx("这是旧版 Excel（.xls）或 WPS（.et）文件，无法直接读取",
                        "This is an old Excel (.xls) or WPS (.et) file, which cannot be read")
    if lower.endswith((".xls", ".et", ".ett")):
        raise _not_xlsx("不支持 .xls / .et 格式", "The .xls / .et format is not supported")
    if not head.startswith(ZIP_MAGIC):
        raise _refuse("corrupt_workbook",
                      "文件不是有效的 .xlsx 工作簿（可能已损坏，或并非电子表格）：请在 Excel 或 WPS 中打开并另存为 .xlsx。",
                      "The file is not a valid .xlsx workbook (it may be damaged, or not a spreadsheet): "
                      "open it in Excel or WPS and save as .xlsx.")


def _head(fh) -> bytes:
    """The first bytes of a file and, for an OLE2 compound file, its first directory sectors
    too (where the names of its streams are: an encrypted workbook's EncryptionInfo)."""
    fh.seek(0)
    head = fh.read(4096)
    if head.startswith(OLE_MAGIC) and len(head) >= 512:
        size = 1 << int.from_bytes(head[30:32], "little")
        first_dir = int.from_bytes(head[48:52], "little")
        if size in (512, 4096) and first_dir < 1 << 24:
            fh.seek((first_dir + 1) * size)
            head += fh.read(4 * size)
    return head


def open_workbook(source, filename: str = ""):
    """An openpyxl workbook, read-only, cached values of formulas; `source` a path, bytes or a
    seekable binary file. FileError for what cannot be read."""
    from openpyxl import load_workbook  # only here: calculators stays stdlib at module level

    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(bytes(source))
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        filename = filename or str(source)
        with open(source, "rb") as fh:
            head = _head(fh)
    else:
        head = _head(source)
        source.seek(0)
    check_kind(head, filename)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError (a part missing), InvalidFileException, XML errors
        raise _refuse("corrupt_workbook",
                      f"工作簿已损坏或格式不对，无法读取（{type(e).__name__}）：请在 Excel 或 WPS 中打开并另存为 .xlsx。",
                      f"The workbook is damaged or not in the .xlsx format and cannot be read "
                      f"({type(e).__name__}): open it in Excel or WPS and save as .xlsx.") from None


def column_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _scan(ws) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The merged ranges (min_row, min_col, max_row, max_col) of a sheet, and whether it holds
    any formula: a quick pass over its XML, which openpyxl's read-only mode does not give."""
    merged, formulas, tail = [], False, b""
    with ws.parent._archive.open(ws._worksheet_path) as src:
        while True:
            chunk = src.read(CHUNK)
            if not chunk:
                break
            text = tail + chunk
            for m in _MERGE.finditer(text):
                rng = (int(m.group(2)), _column_number(m.group(1)), int(m.group(4)), _column_number(m.group(3)))
                if rng not in merged:
                    merged.append(rng)
            formulas = formulas or _FORMULA.search(text) is not None
            tail = text[-200:]
    return merged, formulas


def _formulas_without_value(ws) -> set[tuple[int, int]]:
    """(row, column) of each formula cell that has no cached value."""
    import xml.etree.ElementTree as ET

    out: set[tuple[int, int]] = set()
    with ws.parent._archive.open(ws._worksheet_path) as src:
        for _event, el in ET.iterparse(src):
            if el.tag == _MAIN_NS + "c":
                if el.find(_MAIN_NS + "f") is not None:
                    v = el.find(_MAIN_NS + "v")
                    if v is None or not (v.text or ""):
                        m = re.match(r"([A-Z]+)(\d+)", el.get("r", ""))
                        if m:
                            out.add((int(m.group(2)), _column_number(m.group(1).encode())))
                el.clear()
            elif el.tag == _MAIN_NS + "row":
                el.clear()
    return out


def text_of(value, year: bool = False) -> str:
    """A cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        if year:
            return str(value.year)
        if isinstance(value, _dt.datetime) and value.time() == _dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.isoformat()
    return str(value)


class Source(NamedTuple):
    """A workbook's sheet whose heading row has been read: the batch's columns, and its rows."""

    batch: _batch.Batch
    evaluate: Callable
    sheet: str
    heading_row: int
    headings: list
    rows: object        # iterator of (row number, values), after the heading row
    report: Report


def _blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def prepare(name: str, wb, params, report: Report | None = None) -> Source:
    """The first sheet of `wb` with a usable heading row (within its first HEADING_SCAN rows),
    ready to stream. FileError when no sheet has one (or the heading row cannot be used)."""
    report = report or Report()
    passed: list[str] = []
    first_error = None
    for ws in wb.worksheets:
        if not hasattr(ws, "_worksheet_path"):   # a chart sheet
            continue
        ws.reset_dimensions()    # some programs write a wrong size: read every cell there is
        merged, has_formulas = _scan(ws)
        rows = _stream(ws, merged, _formulas_without_value(ws) if has_formulas else set(), report)
        for rownum, values in rows:
            if rownum > HEADING_SCAN:
                break
            if _blank(values):
                continue
            headings = [text_of(v).strip() for v in values]
            while headings and not headings[-1]:
                headings.pop()
            try:
                b, evaluate = _batch.row_evaluator(name, headings, params)
            except _batch.FileError as e:
                if e.err.code != "no_known_column":
                    first_error = first_error or e
                continue
            report.sheet, report.heading_row = ws.title, rownum
            if passed:
                report.note("sheet",
                            f"使用工作表“{plain(ws.title)}”：之前的工作表（{'、'.join('“' + plain(p) + '”' for p in passed)}）没有可识别的列标题。",
                            f"Used the sheet '{plain(ws.title)}': the sheets before it "
                            f"({', '.join(repr(plain(p)) for p in passed)}) have no heading row that names a field.")
            if rownum > 1:
                report.note("heading_row", f"工作表“{plain(ws.title)}”的标题行是第 {rownum} 行，其上各行未计入。",
                            f"The heading row of '{plain(ws.title)}' is row {rownum}; the rows above it are not counted.")
            for r in merged:
                if r[0] > rownum:
                    rng = f"{column_letter(r[1])}{r[0]}:{column_letter(r[3])}{r[2]}"
                    report.note("merged", f"合并单元格 {rng}：各格都按 {column_letter(r[1])}{r[0]} 的内容计算。",
                                f"Merged cells {rng}: every cell is read as {column_letter(r[1])}{r[0]}.")
            return Source(b, evaluate, ws.title, rownum, headings, rows, report)
        passed.append(ws.title)
    if first_error is not None:
        raise first_error
    raise _batch.FileError(InvalidInput(
        "no_known_column", None,
        "工作簿中没有一个工作表带有可识别的列标题；列标题应为 JSON 字段名或其中文名称（见参数页，或下载调查表模板）。",
        "No sheet of the workbook has a recognised heading row: headings must be the JSON field names or "
        "their Chinese names (see the parameters page, or download the survey template)."))


def _stream(ws, merged, no_value: set, report: Report):
    """(row number, list of values) of each row of a sheet, merged ranges filled from their
    top-left cell; formula cells without a cached value noted (as they are met)."""
    anchors: dict[tuple[int, int], object] = {}
    for rownum, values in enumerate(ws.iter_rows(values_only=True), start=1):
        values = list(values)
        for (r0, c0, r1, c1) in merged:
            if r0 <= rownum <= r1:
                if rownum == r0:
                    anchors[(r0, c0)] = values[c0 - 1] if c0 - 1 < len(values) else None
                fill = anchors.get((r0, c0))
                if len(values) < c1:
                    values += [None] * (c1 - len(values))
                for c in range(c0, c1 + 1):
                    if (rownum, c) != (r0, c0):
                        values[c - 1] = fill
            elif rownum > r1:
                anchors.pop((r0, c0), None)
        if no_value:
            for c in range(1, len(values) + 1):
                if (rownum, c) in no_value:
                    ref = f"{column_letter(c)}{rownum}"
                    report.note("formula_no_value",
                                f"{ref} 是公式，但文件中没有保存计算结果，按空白处理：请在 Excel 或 WPS 中打开、重新计算并保存后再试。",
                                f"{ref} is a formula with no calculated value saved in the file, taken as blank: "
                                "open the file in Excel or WPS, recalculate and save, then try again.")
        yield rownum, values


def rows(source: Source, params):
    """(row number, original values (as wide as the heading row), cells as text, result cells,
    InvalidInput or None) of each non-blank row; blank rows are counted in the report."""
    b, report = source.batch, source.report
    width = len(source.headings)
    year_cols = {i for i, f in enumerate(b.fields) if f == "completion_year"}
    labels = params["labels"]
    for rownum, values in source.rows:
        if _blank(values):
            report.blank += 1
            continue
        report.rows += 1
        extra = values[width:]
        values = (values + [None] * (width - len(values)))[:width]
        cells = []
        for i, v in enumerate(values):
            if i in year_cols and isinstance(v, (_dt.datetime, _dt.date)):
                report.note("date_as_year",
                            f"第 {rownum} 行“{labels['eligibility.completion_year']['zh']}”是日期 {v.date() if isinstance(v, _dt.datetime) else v}，按年份 {v.year} 计。",
                            f"Row {rownum}: {labels['eligibility.completion_year']['en']} is the date "
                            f"{v.date() if isinstance(v, _dt.datetime) else v}, read as the year {v.year}.")
                cells.append(text_of(v, year=True))
            else:
                cells.append(text_of(v))
        if not _blank(extra):
            err = InvalidInput(
                "too_many_cells", None,
                f"本行有 {width + len(extra)} 列有内容，多于标题行的 {width} 列：请给多出的列加上标题。",
                f"This row has cells beyond the {width} columns of the heading row: give those columns a heading.")
            results = _batch.error_cells(params, b.name, err)
        else:
            results, err = source.evaluate(cells)
        if err is not None:
            report.add_bad(rownum, err)
        yield rownum, values, cells, results, err


def finish(source: Source) -> None:
    """Notes of the whole run: blank rows, columns carried."""
    b, report = source.batch, source.report
    report.carried = [b.headings[i] for i in b.keep if b.fields[i] is None and b.headings[i]]
    if report.blank:
        report.note("blank_rows", f"跳过空行 {report.blank} 行。", f"Skipped {report.blank} blank row(s).")
    if report.carried:
        report.note("carried",
                    f"以下列不是计算所需的字段，已原样保留：{'、'.join('“' + plain(h) + '”' for h in report.carried)}。",
                    f"These columns are not fields of the calculator and are carried through unchanged: "
                    f"{', '.join(repr(plain(h)) for h in report.carried)}.")


def run(name: str, source, out, params, filename: str = "", on_row: Callable | None = None) -> Report:
    """Evaluate every row of a workbook (path, bytes or binary file) with the calculator `name`
    and write the results as a workbook to `out` (a path or binary file; None: no output).
    `on_row(rownum, values, cells, results, err)` is called for each row as it is evaluated.
    FileError when the workbook cannot be used at all."""
    from . import workbook_out

    wb = open_workbook(source, filename)
    try:
        src = prepare(name, wb, params)
        writer = workbook_out.Writer(src) if out is not None else None
        for rownum, values, cells, results, err in rows(src, params):
            if writer is not None:
                writer.row(values, results)
            if on_row is not None:
                on_row(rownum, values, cells, results, err)
        finish(src)
        if writer is not None:
            writer.save(out)
        return src.report
    finally:
        wb.close()
