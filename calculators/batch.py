"""CSV batches: one case per row, results appended as columns; and signature rosters.

Files as spreadsheet programs write them (Excel, WPS, LibreOffice): UTF-8 with or without a
byte-order mark (GB18030 is accepted too, as Chinese Excel writes it), comma, semicolon or tab
separated. Columns are named after the JSON fields (dots for nesting: ``costs.environment``),
by their labels (policy/labels.yaml) or by the other Chinese headings of policy/csv_columns.yaml.
Other columns (a community's name, notes) are carried through unchanged; a heading that looks
like a misspelt field name is an error.

A bad row is reported with its row number as the spreadsheet shows it (the heading row is
row 1) and does not stop the others. Blank rows are skipped.

A batch streams: each row is read, evaluated and written before the next is read, so memory
does not grow with the file. Repeated answers are checked once (the eligibility columns are
memoised here, per column, never in the core).

This module reads and writes streams handed to it; opening files is the CLI's business.
"""
from __future__ import annotations

import csv
import difflib
import io
import itertools
import re
from typing import NamedTuple, TextIO

from .batch_rows import ROWS, _nest
from .core.errors import InvalidInput, plain

_SPACES = re.compile(r"[\s\u3000\ufeff]+")
_UNIT_SUFFIX = re.compile(r"[（(][^（）()]*[）)]$")
BOM = b"\xef\xbb\xbf"
CHUNK = 1024 * 1024  # bytes read at a time
BAD_KEPT = 100          # bad rows kept in a Report (all are counted)


class FileError(Exception):
    """The file as a whole cannot be used (no heading row, a misspelt heading, ...)."""

    def __init__(self, err: InvalidInput):
        super().__init__(err.en)
        self.err = err


def _not_text() -> FileError:
    return FileError(InvalidInput(
        "invalid_encoding", None,
        "文件不是 UTF-8（或 GB18030）编码的文本，请在电子表格程序中另存为“CSV UTF-8”。",
        "The file is not UTF-8 (or GB18030) text: save it as \"CSV UTF-8\" from your spreadsheet program."))


def decode(data: bytes) -> tuple[str, bool]:
    """Text of a CSV file, and whether it began with a byte-order mark."""
    bom = data.startswith(BOM)
    try:
        return data.decode("utf-8-sig"), bom
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page (GBK)
        return data.decode("gb18030"), True
    except UnicodeDecodeError:
        raise _not_text() from None


class Table(NamedTuple):
    """A CSV file ready to read: its lines as text, its separator, and whether its results
    should start with a byte-order mark (a file that came with one, or from Chinese Excel)."""

    lines: TextIO
    delimiter: str
    bom: bool


def table_from_text(text: str) -> Table:
    """A Table of text already decoded (decode()); FileError for a quote that is never closed."""
    delimiter = _scan(io.StringIO(text, newline=""))
    return Table(io.StringIO(text, newline=""), delimiter, False)


def open_table(binary) -> Table:
    """A Table of a seekable binary file, read as decode() reads it, without holding it whole:
    a first pass finds the encoding, the heading line's separator and any quote that is never
    closed (FileError, before a single row is written); a second streams."""
    for encoding in ("utf-8-sig", "gb18030"):
        binary.seek(0)
        text = io.TextIOWrapper(binary, encoding=encoding, newline="")
        try:
            delimiter = _scan(text)
        except UnicodeDecodeError:
            continue
        finally:
            text.detach()
        binary.seek(0)
        bom = binary.read(len(BOM)) == BOM if encoding == "utf-8-sig" else True
        binary.seek(0)
        lines = io.TextIOWrapper(binary, encoding=encoding, newline="")
        return Table(lines, delimiter, bom)
    raise _not_text()


def _scan(lines) -> str:
    """The separator of the heading line (the first line that is not blank), after a pass of
    the csv reader over every line (nothing evaluated) that refuses a quote never closed."""
    it = iter(lines)
    head: list[str] = []
    for line in it:
        head.append(line)
        if line.strip():
            break
    delimiter = sniff_delimiter(head[-1].rstrip("\r\n") if head else "")
    check_quotes(itertools.chain(head, it), delimiter)
    return delimiter


def check_quotes(lines, delimiter: str) -> None:
    """FileError naming the row (as a spreadsheet numbers it) where a quote opens that is never
    closed: Python's csv reader would read the rest of the file into that one cell, silently.
    A quoted cell may hold line breaks; one that reaches the end of the file, or runs past the
    reader's field size limit across lines, is taken as unclosed."""
    source = _Lines(lines)
    reader = csv.reader(source, delimiter=delimiter)
    rownum = 0
    while True:
        source.record.clear()
        try:
            next(reader)
        except StopIteration:
            return
        except csv.Error:
            rownum += 1
            if len(source.record) > 1:
                raise FileError(_unclosed_quote(rownum, len(source.record))) from None
            continue  # a bad row, reported when the rows are read
        rownum += 1
        if source.eof:
            raise FileError(_unclosed_quote(rownum, len(source.record)))


def norm_heading(h: str) -> str:
    return _SPACES.sub("", h).lower()


def heading_map(params, section: str) -> dict[str, str]:
    """Normalised heading -> field name, for one calculator's columns: the field's name, its
    label (labels.yaml) and the other headings of csv_columns.yaml."""
    prefix = ("consent.units." if section == "roster" else section + ".")
    labels = params["labels"]
    out = {}
    for field, names in params["csv_columns"][section].items():
        out[norm_heading(field)] = field
        label = labels.get(prefix + field)
        if label is not None:
            out[norm_heading(label["zh"])] = field
        for n in names:
            out[norm_heading(str(n))] = field
    return out


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def map_columns(headings: list[str], hmap: dict[str, str], reserved: set[str]):
    """For each column: the field it holds, or None for a column carried through."""
    fields: list = []
    seen: dict[str, int] = {}
    known = sorted(set(hmap))
    for i, h in enumerate(headings):
        key = norm_heading(h)
        field = hmap.get(key)
        if field is None and _UNIT_SUFFIX.search(key):
            field = hmap.get(_UNIT_SUFFIX.sub("", key))
        if field is None and key and key not in reserved:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
            if close:
                guess = hmap[close[0]]
                raise FileError(InvalidInput(
                    "unknown_column", h,
                    f"第 {i + 1} 列标题“{plain(h)}”无法识别，是否应为“{guess}”？其他列会原样保留，"
                    "但与字段名相近的标题视为笔误。",
                    f"Column {i + 1}, '{plain(h)}', is not recognised. Did you mean '{guess}'? Other columns "
                    "are carried through, but a heading this close to a field name is taken as a typo.",
                    suggestion=guess))
        if field is not None:
            if field in seen:
                raise FileError(InvalidInput(
                    "duplicate_column", h,
                    f"第 {seen[field] + 1} 列与第 {i + 1} 列都是“{field}”。",
                    f"Columns {seen[field] + 1} and {i + 1} both give '{field}'."))
            seen[field] = i
        fields.append(field)
    return fields


class Report:
    """What a batch did: rows evaluated, bad rows (the first BAD_KEPT of them, and how many),
    and the columns carried through."""

    def __init__(self):
        self.rows = 0
        self.errors = 0
        self.bad: list[tuple[int, InvalidInput]] = []
        self.carried: list[str] = []

    def add_bad(self, rownum: int, err: InvalidInput) -> None:
        self.errors += 1
        if len(self.bad) < BAD_KEPT:
            self.bad.append((rownum, err))


def result_columns(params, name: str) -> list[str]:
    res = params["csv_columns"]["results"]
    return ["status"] + res[name] + res["errors"]


def result_heading(params, name: str, column: str) -> str:
    """The Chinese heading of a result column: its label, or the heading of a text column."""
    res = params["csv_columns"]["results"]
    if column in res["text_columns"]:
        return res["text_columns"][column]
    key = "common.status" if column == "status" else f"{name}.{column}"
    return params["labels"][key]["zh"]


def result_headings(params, name: str, chinese: bool, taken) -> list[str]:
    """The headings of the result columns: their names (their Chinese headings for a file with
    Chinese headings), none the same as a heading in `taken` (the input's) or as another result's,
    compared as headings are read (norm_heading). A heading already taken gets "_2" (or "_3",
    ...: the first that is free), so every input column is carried as it is and the results
    never overwrite one."""
    used = {norm_heading(h) for h in taken}
    out = []
    for column in result_columns(params, name):
        base = result_heading(params, name, column) if chinese else column
        heading, n = base, 1
        while norm_heading(heading) in used:
            n += 1
            heading = f"{base}_{n}"
        used.add(norm_heading(heading))
        out.append(heading)
    return out


class _Lines:
    """The text lines of a CSV file as the csv reader takes them, keeping the lines of the
    record being read (for an error row, and to tell where a quote opened) and noting the end of
    the file."""

    __slots__ = ("lines", "record", "eof", "taken")

    def __init__(self, lines):
        self.lines = iter(lines)
        self.record: list[str] = []
        self.eof = False
        self.taken = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        try:
            line = next(self.lines)
        except StopIteration:
            self.eof = True
            raise
        self.record.append(line)
        self.taken += 1
        return line


class Batch(NamedTuple):
    """A CSV file whose heading row has been read: what each column holds, and how to write it."""

    name: str
    table: Table
    reader: object          # the csv reader, positioned after the heading row
    source: _Lines          # the lines it reads
    heading_row: int        # the heading row's number (after any blank rows before it)
    headings: list[str]
    fields: list            # per column: the field it gives, or None
    result_head: list[str]  # the headings of the result columns (never one of `headings`)
    chinese: bool
    params: dict

    @property
    def out_head(self) -> list[str]:
        """The heading row of the results: every input heading, then the result headings."""
        return self.headings + self.result_head

    @property
    def keep(self) -> range:
        """The input columns written out: every one of them."""
        return range(len(self.headings))


def _unclosed_quote(rownum: int, lines: int) -> InvalidInput:
    return InvalidInput(
        "unclosed_quote", None,
        f"第 {rownum} 行有一个没有闭合的引号（\"）：从这一行起的 {lines:,} 行会被读成一个单元格，"
        f"其后的行都会丢失。请在第 {rownum} 行补上闭合的引号，或删去多余的引号，再重新保存为 CSV。",
        f"Row {rownum} opens a quote (\") that is never closed: the {lines:,} lines from there on "
        f"would be read as one cell and the rows after it lost. Close the quote in row {rownum}, or "
        "remove the stray one, and save the file as CSV again.")


def _heading_row(reader, source: _Lines):
    """(row number, cells) of the heading row: the first row that is not blank."""
    rownum = 0
    while True:
        source.record.clear()
        try:
            cells = next(reader)
        except StopIteration:
            raise FileError(InvalidInput("empty_file", None, "文件为空，没有标题行。",
                                         "The file is empty: it has no heading row.")) from None
        except csv.Error as e:
            rownum += 1
            if len(source.record) > 1:
                raise FileError(_unclosed_quote(rownum, len(source.record))) from None
            raise FileError(_csv_error(rownum, e)) from None
        rownum += 1
        if source.eof:
            raise FileError(_unclosed_quote(rownum, len(source.record)))
        if cells:
            cells[0] = cells[0].lstrip("\ufeff")
        if any(c.strip() for c in cells):
            return rownum, cells


def prepare(name: str, source, params) -> Batch:
    """Read the heading row of `source` (a Table, or the file's decoded text) for the
    calculator `name`; FileError when the file cannot be used at all."""
    table = source if isinstance(source, Table) else table_from_text(source)
    lines = _Lines(table.lines)
    reader = csv.reader(lines, delimiter=table.delimiter)
    heading_row, headings = _heading_row(reader, lines)
    # headings of results (of this program, or of earlier versions of it) are not taken for
    # misspelt field names; they are carried like any other column
    reserved = set()
    for r in result_columns(params, name):
        reserved.add(norm_heading(r))
        reserved.add(norm_heading(result_heading(params, name, r)))
    for key, names in params["csv_columns"]["results"]["former_headings"].items():
        if key.startswith(name + "."):
            reserved.update(norm_heading(n) for n in names)
    hmap = heading_map(params, name)
    fields = map_columns(headings, hmap, reserved)
    if not any(fields):
        raise FileError(InvalidInput(
            "no_known_column", None,
            "没有可识别的列标题；列标题应为 JSON 字段名或其中文名称（见参数页）。",
            "No column heading is recognised: headings must be the JSON field names or their "
            "Chinese names (see the parameters page).", valid=sorted(set(hmap.values()))))
    chinese = any(fields[i] is not None and not headings[i].isascii() for i in range(len(headings)))
    result_head = result_headings(params, name, chinese, headings)
    return Batch(name, table, reader, lines, heading_row, headings, fields, result_head, chinese, params)


def run(name: str, source, out, params, report: Report | None = None) -> Report:
    """Evaluate every row of a CSV file with the calculator `name`; write the result CSV to `out`.

    `source` is a Table (open_table) or the file's decoded text."""
    return write(prepare(name, source, params), out, report or Report())


# -- CSV output: cells a spreadsheet would run as a formula are written as text ---------------

_RISKY = frozenset("=+-@\t\r")
_RISKY_AFTER_LF = re.compile(r"\n[=+\-@\t\r]")  # a literal first: re scans for it fast
_PLAIN_NUMBER = re.compile(r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")  # after the sign


def safe_cell(cell: str) -> str:
    """A cell as a CSV for a spreadsheet should hold it: one beginning with =, +, -, @, a tab or
    a carriage return gets a leading ' (Excel, WPS and LibreOffice then show it as text, not run
    it as a formula), unless it is a plain number ("-5", "+3.5", "-1,000.00")."""
    if cell and cell[0] in _RISKY and not (cell[0] in "+-" and len(cell) > 1 and _PLAIN_NUMBER.match(cell, 1)):
        return "'" + cell
    return cell


def safe_row(cells: list) -> list:
    """safe_cell of every cell (a row with none to change is given back as it is)."""
    probe = "\n".join(cells)
    if probe[:1] not in _RISKY and _RISKY_AFTER_LF.search(probe) is None:
        return cells
    return [safe_cell(c) for c in cells]


def write(batch: Batch, out, report: Report) -> Report:
    """Stream the rows of a prepared batch to `out` (a text stream) as CSV: one row in, one row
    out; every input cell as it was (but formula-like cells made text: safe_cell), then the
    results. The caller writes the byte-order mark (the CLI always does)."""
    writerow = csv.writer(out, delimiter=batch.table.delimiter, lineterminator="\r\n").writerow
    writerow(safe_row(batch.out_head))
    for _rownum, cells, results, risky, _err in _rows(batch, report):
        # results are the calculators' own words and figures; an error row's quote the input
        if risky:
            cells = [safe_cell(c) for c in cells]
        writerow(cells + (safe_row(results) if results[0] == "error" else results))
    return report


# -- the rows of a batch, for any writer (CSV here; a workbook writer may use the same) -------

_AMBIGUOUS = re.compile(r"[+-]?\d{1,3}[,，]\d{3}\Z")
_SEPARATORS = {";": ("分号", "semicolon"), "\t": ("制表符", "tab")}


def _ambiguous_number(heading: str, field: str, cell: str, delimiter: str) -> InvalidInput:
    zh, en = _SEPARATORS.get(delimiter, ("“" + delimiter + "”", f"'{delimiter}'"))
    whole = cell.replace(",", "").replace("，", "")
    decimal = cell.replace(",", ".").replace("，", ".")
    return InvalidInput(
        "ambiguous_number", field,
        f"“{plain(heading)}”一栏的“{plain(cell)}”有歧义：本文件以{zh}分隔，其中的逗号可能是千位分隔符"
        f"（{whole}），也可能是小数点（{decimal}）。请写成 {whole} 或 {decimal}。",
        f"'{plain(heading)}': '{plain(cell)}' is ambiguous in a {en}-separated file: the comma may "
        f"group thousands ({whole}) or be a decimal comma ({decimal}). Write {whole} or {decimal}.")


def error_cells(params, name: str, err: InvalidInput) -> list[str]:
    """The result cells of a row that could not be evaluated: status `error`, the field at
    fault and the message."""
    n = len(result_columns(params, name))
    return ["error"] + [""] * (n - 4) + [err.field or "", err.zh, err.en]


def rows(batch: Batch, report: Report):
    """(row number, cells, result cells) of every row after the heading row, blank rows skipped:
    the row's cells as read (padded to the heading row's width), and its results, or the error
    results of a bad row (which the report counts). Streams: one row at a time. A writer of
    another format (a workbook) takes the headings from `batch.out_head` and the rows from here."""
    for rownum, cells, results, _risky, _err in _rows(batch, report):
        yield rownum, cells, results


def evaluated(batch: Batch, report: Report):
    """rows(), with the InvalidInput of a bad row (None for a good one): for a caller that
    shows each bad row's message beside it (calculators.screening)."""
    for rownum, cells, results, _risky, err in _rows(batch, report):
        yield rownum, cells, results, err


def _rows(batch: Batch, report: Report):
    """rows(), with whether a cell of the row's input begins as a formula would (safe_row), and
    the row's error."""
    params, name, delim = batch.params, batch.name, batch.table.delimiter
    headings, fields = batch.headings, batch.fields
    n_head = len(headings)
    columns = [(i, f) for i, f in enumerate(fields) if f is not None]
    yes, no = ("是", "否") if batch.chinese else ("true", "false")
    evaluate = ROWS[name](params, columns, yes, no)
    comma_check = delim != ","
    report.carried = [headings[i] for i, f in enumerate(fields) if f is None]
    for rownum, cells, err in _records(batch):
        if err is None and not any(cells):
            continue
        report.rows += 1
        if len(cells) != n_head:
            cells, cut = _fit(cells, n_head)
            err = err or cut
        probe = "\n".join(cells)
        risky = probe[:1] in _RISKY or _RISKY_AFTER_LF.search(probe) is not None
        if err is None:
            try:
                if "'" in probe or (comma_check and ("," in probe or "，" in probe)):
                    given = _field_cells(cells, columns, headings, delim, comma_check)
                else:
                    given = cells
                results = evaluate(given)
            except InvalidInput as e:
                err = e
        if err is not None:
            report.add_bad(rownum, err)
            results = error_cells(params, name, err)
        yield rownum, cells, results, risky, err


def _field_cells(cells: list, columns, headings, delim: str, comma_check: bool) -> list:
    """The cells the calculator reads: a leading ' that made a formula-like cell text (safe_cell)
    is taken off; an ambiguous number in a file not separated by commas is refused."""
    given = cells
    for i, field in columns:
        c = cells[i]
        if c[:1] == "'" and c[1:2] in _RISKY:
            if given is cells:
                given = list(cells)
            given[i] = c = c[1:]
        if comma_check and _AMBIGUOUS.match(c.strip()):
            raise _ambiguous_number(headings[i], field, c.strip(), delim)
    return given


def _records(batch: Batch):
    """(row number, cells, None) of each record after the heading row, or (row number, the cells
    as far as they can be read, the error) for a malformed one; FileError for a quote that is
    never closed."""
    reader, source, delim = batch.reader, batch.source, batch.table.delimiter
    rownum = batch.heading_row
    while True:
        source.record.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            rownum += 1
            if len(source.record) > 1:
                # only a quoted cell runs over a line break: this quote was still open
                raise FileError(_unclosed_quote(rownum, len(source.record))) from None
            yield rownum, _cells_of("".join(source.record), delim), _csv_error(rownum, e)
            continue
        rownum += 1
        if source.eof:
            # the reader asked for more lines to finish this record: a quoted cell ran to the end
            raise FileError(_unclosed_quote(rownum, len(source.record)))
        yield rownum, cells, None


def _cells_of(line: str, delim: str) -> list:
    """The cells of one line the csv reader refused (a cell over its field size limit, ...), to
    carry them into the error row."""
    old = csv.field_size_limit()
    try:
        csv.field_size_limit(max(old, len(line) + 1))
        got = next(csv.reader([line], delimiter=delim), [])
    except csv.Error:
        got = line.rstrip("\r\n").split(delim)
    finally:
        csv.field_size_limit(old)
    return got


def _fit(cells: list, n_head: int):
    """A row padded or cut to the heading row's width; an error if cut cells held anything."""
    if len(cells) < n_head:
        return cells + [""] * (n_head - len(cells)), None
    extra = cells[n_head:]
    cells = cells[:n_head]
    if any(c.strip() for c in extra):
        return cells, InvalidInput(
            "too_many_cells", None,
            f"本行有 {n_head + len(extra)} 个单元格，多于标题行的 {n_head} 列。",
            f"This row has {n_head + len(extra)} cells, more than the {n_head} columns of the heading row.")
    return cells, None


def _csv_error(rownum: int, e: Exception) -> InvalidInput:
    """A record the csv reader refused (the row number is given where the error is reported)."""
    if "field limit" in str(e):
        limit = csv.field_size_limit()
        return InvalidInput(
            "cell_too_long", None,
            f"本行有一个单元格超过 {limit:,} 个字符，无法作为 CSV 读取；本行未计算，其余各行照常计算。",
            f"A cell of this row is longer than {limit:,} characters and cannot be read as CSV; "
            "this row was not evaluated, the others were.")
    return InvalidInput("invalid_csv", None, f"本行不是有效的 CSV：{e}。本行未计算，其余各行照常计算。",
                        f"This row is not valid CSV: {e}. It was not evaluated; the others were.")




# workbook adapter: the columns and the row evaluation of prepare() and write() for rows that
# come from elsewhere than CSV text (calculators.workbook reads .xlsx); results as lists of cells
def row_evaluator(name: str, headings: list[str], params):
    """(Batch, evaluate) for a heading row: evaluate(cells), cells a list of text as wide as the
    heading row, gives (the result cells of the row, None) or (an error row's cells, InvalidInput).
    FileError when the heading row cannot be used (as prepare())."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerow(headings)
    b = prepare(name, buf.getvalue(), params)
    columns = [(i, f) for i, f in enumerate(b.fields) if f is not None]
    yes, no = ("是", "否") if b.chinese else ("true", "false")
    row = ROWS[name](params, columns, yes, no)

    def evaluate(cells):
        try:
            return row(cells), None
        except InvalidInput as e:
            return error_cells(params, name, e), e
    return b, evaluate
