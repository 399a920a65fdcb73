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

import codecs
import csv
import difflib
import io
import re
from typing import Callable, NamedTuple, TextIO

from .core import consent as _consent
from .core import eligibility as _eligibility
from .core import funding as _funding
from .core.eligibility import FAIL, UNKNOWN
from .core.errors import InvalidInput, plain

_SPACES = re.compile(r"[\s\u3000\ufeff]+")
_UNIT_SUFFIX = re.compile(r"[（(][^（）()]*[）)]$")
BOM = b"\xef\xbb\xbf"
CHUNK = 1024 * 1024  # bytes read at a time
BAD_KEPT = 100          # bad rows kept in a Report (all are counted)
MEMO_LIMIT = 4096       # distinct answers remembered per column


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
    """A Table of text already decoded (decode())."""
    return Table(io.StringIO(text, newline=""), sniff_delimiter(text.split("\n", 1)[0]), False)


def open_table(binary) -> Table:
    """A Table of a seekable binary file, read as decode() reads it, without holding it whole:
    a first pass finds the encoding (and the first line's separator), a second streams."""
    for encoding in ("utf-8-sig", "gb18030"):
        binary.seek(0)
        try:
            first_line = _first_line_and_check(binary, encoding)
        except UnicodeDecodeError:
            continue
        binary.seek(0)
        bom = binary.read(len(BOM)) == BOM if encoding == "utf-8-sig" else True
        binary.seek(0)
        lines = io.TextIOWrapper(binary, encoding=encoding, newline="")
        return Table(lines, sniff_delimiter(first_line), bom)
    raise _not_text()


def _first_line_and_check(binary, encoding: str) -> str:
    """The text before the first line feed; raises UnicodeDecodeError if any of it is not `encoding`."""
    decoder = codecs.getincrementaldecoder(encoding)()
    head: list[str] = []
    found = False
    while True:
        chunk = binary.read(CHUNK)
        piece = decoder.decode(chunk, final=not chunk)
        if not found:
            found = "\n" in piece
            head.append(piece.split("\n", 1)[0])
        if not chunk:
            return "".join(head)


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


def _nest(flat: dict) -> dict:
    """{'costs.environment': x} -> {'costs': {'environment': x}}."""
    out: dict = {}
    for key, value in flat.items():
        parts = key.split(".")
        d = out
        for p in parts[:-1]:
            nxt = d.get(p)
            if nxt is None:
                nxt = d[p] = {}
            elif type(nxt) is not dict:
                raise _conflict(key)
            d = nxt
        if parts[-1] in d:
            raise _conflict(key)
        d[parts[-1]] = value
    return out


def _conflict(key: str) -> InvalidInput:
    base = key.rsplit(".", 1)[0]
    return InvalidInput(
        "conflicting_columns", key,
        f"“{base}”一栏与“{key}”一栏不能同时填写：请只填总额，或分别填写 general 与 elevator。",
        f"'{base}' and '{key}' cannot both be filled in: give either the whole amount or its "
        "general and elevator parts.")


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


class Batch(NamedTuple):
    """A CSV file whose heading row has been read: what each column holds, and how to write it."""

    name: str
    table: Table
    reader: object          # the csv reader, positioned after the heading row
    headings: list[str]
    fields: list            # per column: the field it gives, or None
    keep: list[int]         # the columns written back (all but earlier results)
    out_head: list[str]
    chinese: bool
    params: dict


def prepare(name: str, source, params) -> Batch:
    """Read the heading row of `source` (a Table, or the file's decoded text) for the
    calculator `name`; FileError when the file cannot be used at all."""
    table = source if isinstance(source, Table) else table_from_text(source)
    reader = csv.reader(table.lines, delimiter=table.delimiter)
    try:
        headings = next(reader)
    except StopIteration:
        raise FileError(InvalidInput("empty_file", None, "文件为空，没有标题行。",
                                     "The file is empty: it has no heading row.")) from None
    except csv.Error as e:
        raise FileError(_csv_error(1, e)) from None
    if headings:
        headings[0] = headings[0].lstrip("\ufeff")
    result_names = result_columns(params, name)
    reserved = set()
    for r in result_names:
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
    # columns named like our results (a file that went through here before) are recomputed
    keep = [i for i, h in enumerate(headings)
            if fields[i] is not None or norm_heading(h) not in reserved]
    chinese = any(fields[i] is not None and not headings[i].isascii() for i in range(len(headings)))
    out_head = [headings[i] for i in keep] + [result_heading(params, name, r) if chinese else r
                                               for r in result_names]
    return Batch(name, table, reader, headings, fields, keep, out_head, chinese, params)


def run(name: str, source, out, params, report: Report | None = None) -> Report:
    """Evaluate every row of a CSV file with the calculator `name`; write the result CSV to `out`.

    `source` is a Table (open_table) or the file's decoded text."""
    return write(prepare(name, source, params), out, report or Report())


def write(batch: Batch, out, report: Report) -> Report:
    """Stream the rows of a prepared batch to `out` (a text stream): one row in, one row out."""
    delim = batch.table.delimiter
    headings, fields, keep = batch.headings, batch.fields, batch.keep
    report.carried = [headings[i] for i in keep if fields[i] is None]
    csv.writer(out, delimiter=delim, lineterminator="\r\n").writerow(batch.out_head)
    # each line is formatted by csv (quoting as Excel reads it); the result columns of a row
    # are written after its kept cells
    line = csv.writer(_Echo(), delimiter=delim, lineterminator="").writerow
    n_head = len(headings)
    n_results = len(result_columns(batch.params, batch.name))
    all_kept = len(keep) == n_head
    columns = [(i, f) for i, f in enumerate(fields) if f is not None]

    def tail_of(results: list) -> str:
        return delim + line(results) + "\r\n"

    yes, no = ("是", "否") if batch.chinese else ("true", "false")
    evaluate = ROWS[batch.name](batch.params, columns, yes, no, tail_of)
    for rownum, cells in _records(batch.reader):
        if isinstance(cells, csv.Error):
            # a malformed record: reported; the reader goes on with the next record
            report.rows += 1
            report.add_bad(rownum, _csv_error(rownum, cells))
            continue
        if not any(cells):
            continue
        report.rows += 1
        if len(cells) != n_head:
            cells, err = _fit(cells, n_head)
            if err is not None:
                report.add_bad(rownum, err)
                out.write(line([cells[i] for i in keep]) + _error_tail(err, n_results, tail_of))
                continue
        try:
            tail = evaluate(cells)
        except InvalidInput as e:
            report.add_bad(rownum, e)
            tail = _error_tail(e, n_results, tail_of)
        out.write(line(cells if all_kept else [cells[i] for i in keep]) + tail)
    return report


def _records(reader):
    """(row number, cells) of each record after the heading row, or (row number, csv.Error)
    for a malformed one."""
    rownum = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            cells = e
        rownum += 1
        yield rownum, cells


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


def _error_tail(e: InvalidInput, n_results: int, tail_of) -> str:
    return tail_of(["error"] + [""] * (n_results - 4) + [e.field or "", e.zh, e.en])


class _Echo:
    """A 'file' whose write gives back the line: csv.writer(...).writerow then returns it."""

    @staticmethod
    def write(text):
        return text


def _csv_error(rownum: int, e: Exception) -> InvalidInput:
    return InvalidInput("invalid_csv", None, f"CSV 格式错误：{e}", f"Malformed CSV: {e}")


# -- one row of each calculator: cells in, the result columns out ----------------------------

RowFunction = Callable[[list], str]


def _memoised(check: Callable) -> Callable:
    """`check` of one column's cell, remembering the checks of the answers seen (a column holds
    few distinct answers). Errors are not remembered: they are raised again."""
    seen: dict = {}

    def checked(cell):
        got = seen.get(cell)
        if got is None:
            got = check(cell or None)   # a blank cell is no answer
            if len(seen) < MEMO_LIMIT:
                seen[cell] = got
        return got
    return checked


def _eligibility_rows(params, columns, yes, no, tail_of) -> RowFunction:
    rules = _eligibility.rules_from(params)
    column_of = {f: i for i, f in columns}
    checks_of = [(column_of.get(field), _memoised(check)) for field, check in _eligibility.checkers(rules)]

    if set(column_of) <= set(rules.fields):
        def assessed(cells) -> _eligibility.Assessment:
            checks = tuple(check(cells[i] if i is not None else "") for i, check in checks_of)
            return _eligibility.Assessment(_eligibility.status_of(checks), checks)
    else:
        # headings (of a caller's own parameters) that name no field of 三: the calculator
        # itself refuses a row that fills them in
        def assessed(cells) -> _eligibility.Assessment:
            return _eligibility.assess(rules, {f: cells[i] for i, f in columns if cells[i]})

    def row(cells) -> str:
        a = assessed(cells)
        s = _eligibility.summary(rules, a)
        zh, en = s.zh, s.en
        failed = [c for c in a.checks if c.outcome == FAIL]
        if failed:
            # the undetermined summary already lists what to find out; failures get their reason
            zh = zh + " " + "；".join(c.message.zh for c in failed)
            en = en + " " + " ".join(c.message.en for c in failed)
        return tail_of([a.status, yes if a.status == "eligible" else (no if a.status == "ineligible" else ""),
                        ";".join(c.id for c in failed),
                        ";".join(c.id for c in a.checks if c.outcome == UNKNOWN), zh, en, "", "", ""])
    return row


def _consent_rows(params, columns, yes, no, tail_of) -> RowFunction:
    rules = _consent.rules_from(params)
    b = {True: yes, False: no}

    def row(cells) -> str:
        r = _consent.assess(rules, {f: cells[i] for i, f in columns if cells[i]})
        a, o = r["area"], r["owners"]
        return tail_of([r["status"], b[r["passed"]], b[a["passed"]], a["percent"], a["additional_needed"],
                        b[o["passed"]], o["percent"], str(o["additional_needed"]),
                        r["summary"]["zh"] + " " + a["message"]["zh"] + " " + o["message"]["zh"],
                        r["summary"]["en"] + " " + a["message"]["en"] + " " + o["message"]["en"],
                        "", "", ""])
    return row


def _funding_rows(params, columns, yes, no, tail_of) -> RowFunction:
    rules = _funding.rules_from(params)

    def row(cells) -> str:
        r = _funding.assess(rules, _nest({f: cells[i] for i, f in columns if cells[i]}), explained=False)
        d = r["district_input"]
        return tail_of([r["status"], r["total_cost"], r["pipeline_units"], r["district_pipeline_reward"],
                        d["general"], d["elevator"], d["total"], r["city_reward"], r["district_net"],
                        r["surplus"], "", "", ""])
    return row


ROWS = {"eligibility": _eligibility_rows, "consent": _consent_rows, "funding": _funding_rows}


# -- signature rosters -----------------------------------------------------------------------

def read_roster(text: str, params) -> tuple[list[dict], list[int], dict]:
    """A signature roster (columns unit, owner, area, signed, or 房号, 业主, 面积, 是否签字) as
    the `units` of the consent calculator, with each unit's row number."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.split("\n", 1)[0]))
    try:
        headings = next(reader)
    except StopIteration:
        raise FileError(InvalidInput("empty_file", None, "名册文件为空。", "The roster file is empty.")) from None
    except csv.Error as e:
        raise FileError(_csv_error(1, e)) from None
    if headings:
        headings[0] = headings[0].lstrip("\ufeff")
    fields = map_columns(headings, heading_map(params, "roster"), set())
    labels = {f: params["labels"]["consent.units." + f]["zh"] for f in _consent.UNIT_FIELDS}
    for f in _consent.UNIT_FIELDS:
        if f not in fields:
            raise FileError(InvalidInput(
                "missing_column", f,
                f"名册缺少“{labels[f]}”（{f}）列；须有 "
                f"{'、'.join(labels[u] + '/' + u for u in _consent.UNIT_FIELDS)} 四列。",
                f"The roster has no '{f}' ({labels[f]}) column; it needs {', '.join(_consent.UNIT_FIELDS[:-1])} "
                f"and {_consent.UNIT_FIELDS[-1]}."))
    cols = [(i, f) for i, f in enumerate(fields) if f is not None]
    units, rows = [], []
    rownum = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise FileError(_csv_error(rownum + 1, e)) from None
        rownum += 1
        if not cells or not any(c.strip() for c in cells):
            continue
        units.append({f: (cells[i] if i < len(cells) else "") or None for i, f in cols})
        rows.append(rownum)
    return units, rows, {f: headings[i] for i, f in cols}


def consent_from_roster(raw: bytes, params) -> dict:
    """七（二）from a signature roster file's bytes: the consent result, or an error naming the
    row (as the spreadsheet numbers it) and the column at fault (7.2).

    The same steps for the command line (``consent --roster``) and the browser.
    """
    try:
        text, _bom = decode(raw)
        units, rows, headings = read_roster(text, params)
    except FileError as e:
        return e.err.result()
    if not units:
        return InvalidInput("zero_total", "units", "名册中没有任何单元。", "The roster lists no units.").result()
    result = _consent.evaluate({"units": units}, params)
    err = result.get("error")
    field = (err or {}).get("field") or ""
    if field.startswith("units["):
        rownum = rows[int(field[6:field.index("]")])]
        err["row"] = rownum
        if "." in field:
            col = field.split(".", 1)[1]
            err["column"] = headings.get(col, col)
        err["message"]["zh"] = f"第 {rownum} 行：" + err["message"]["zh"]
        err["message"]["en"] = f"Row {rownum}: " + err["message"]["en"]
    return result


# workbook adapter: the columns and the row evaluation of prepare() and write() for rows that
# come from elsewhere than CSV text (calculators.workbook reads .xlsx); results as lists of cells
def row_evaluator(name: str, headings: list[str], params):
    """(Batch, evaluate) for a heading row: evaluate(cells), cells a list of text as wide as the
    heading row, gives (the result cells of the row, None) or (an error row's cells, InvalidInput).
    FileError when the heading row cannot be used (as prepare())."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerow(headings)
    b = prepare(name, Table(io.StringIO(buf.getvalue(), newline=""), ",", False), params)
    columns = [(i, f) for i, f in enumerate(b.fields) if f is not None]
    yes, no = ("是", "否") if b.chinese else ("true", "false")
    n_results = len(result_columns(params, name))
    row = ROWS[name](params, columns, yes, no, list)

    def evaluate(cells):
        try:
            return row(cells), None
        except InvalidInput as e:
            return _error_tail(e, n_results, list), e
    return b, evaluate
