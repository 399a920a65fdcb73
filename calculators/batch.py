"""CSV batches: one case per row, results appended as columns; and signature rosters.

Files as spreadsheet programs write them (Excel, WPS, LibreOffice): UTF-8 with or without a
byte-order mark (GB18030 is accepted too, as Chinese Excel writes it), comma, semicolon or tab
separated. Columns are named after the JSON fields (dots for nesting: ``costs.environment``)
or by their Chinese headings (policy/csv_columns.yaml). Other columns (a community's name, notes)
are carried through unchanged; a heading that looks like a misspelt field name is an error.

A bad row is reported with its row number as the spreadsheet shows it (the heading row is
row 1) and does not stop the others. Blank rows are skipped.

This module reads and writes text streams handed to it; opening files is the CLI's business.
"""
from __future__ import annotations

import csv
import difflib
import io
import re

from .core import consent as _consent
from .core import eligibility as _eligibility
from .core import funding as _funding
from .core.compiled import FAIL, UNKNOWN, compiled
from .core.errors import InvalidInput, plain

_SPACES = re.compile(r"[\s\u3000\ufeff]+")
_UNIT_SUFFIX = re.compile(r"[（(][^（）()]*[）)]$")

class FileError(Exception):
    """The file as a whole cannot be used (no heading row, a misspelt heading, ...)."""

    def __init__(self, err: InvalidInput):
        super().__init__(err.en)
        self.err = err


def decode(data: bytes) -> tuple[str, bool]:
    """Text of a CSV file, and whether it began with a byte-order mark."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), bom
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page (GBK)
        return data.decode("gb18030"), True
    except UnicodeDecodeError:
        raise FileError(InvalidInput(
            "invalid_encoding", None,
            "文件不是 UTF-8（或 GB18030）编码的文本，请在电子表格程序中另存为“CSV UTF-8”。",
            "The file is not UTF-8 (or GB18030) text: save it as \"CSV UTF-8\" from your spreadsheet program.")) from None


def norm_heading(h: str) -> str:
    return _SPACES.sub("", h).lower()


def heading_map(params, section: str) -> dict[str, str]:
    """Normalised heading -> field name, for one calculator's columns."""
    aliases = params["csv_columns"][section]
    out = {}
    for field, names in aliases.items():
        out[norm_heading(field)] = field
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
    def __init__(self):
        self.rows = 0
        self.bad: list[tuple[int, InvalidInput]] = []
        self.carried: list[str] = []


def run(name: str, text: str, out, params, report: Report | None = None) -> Report:
    """Evaluate every row of a CSV text with the calculator `name`; write the result CSV to `out`."""
    report = report or Report()
    cp = compiled(params)
    raw = cp.raw
    first_line = text.split("\n", 1)[0]
    delim = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        headings = next(reader)
    except StopIteration:
        raise FileError(InvalidInput("empty_file", None, "文件为空，没有标题行。",
                                     "The file is empty: it has no heading row.")) from None
    except csv.Error as e:
        raise FileError(_csv_error(1, e)) from None
    if headings:
        headings[0] = headings[0].lstrip("\ufeff")
    res = raw["csv_columns"]["results"]
    result_names = ["status"] + [r for r in res[name]] + [r for r in res["common"] if r != "status"]
    reserved = set()
    for r in result_names:
        reserved.add(norm_heading(r))
        reserved.add(norm_heading({**res["common"], **res[name]}[r]))
    fields = map_columns(headings, heading_map(raw, name), reserved)
    if not any(fields):
        raise FileError(InvalidInput(
            "no_known_column", None,
            "没有可识别的列标题；列标题应为 JSON 字段名或其中文名称（见参数页）。",
            "No column heading is recognised: headings must be the JSON field names or their "
            "Chinese names (see the parameters page).", valid=sorted(set(heading_map(raw, name).values()))))
    # columns named like our results (a file that went through here before) are recomputed
    keep = [i for i, h in enumerate(headings)
            if fields[i] is not None or norm_heading(h) not in reserved]
    report.carried = [headings[i] for i in keep if fields[i] is None]
    chinese = any(fields[i] is not None and not headings[i].isascii() for i in range(len(headings)))
    names_zh = {**res["common"], **res[name]}
    out_head = [headings[i] for i in keep] + [names_zh[r] if chinese else r for r in result_names]
    writer = csv.writer(out, delimiter=delim, lineterminator="\r\n")
    writer.writerow(out_head)
    # rows are formatted as text, and the result columns of identical results only once
    line = csv.writer(_Echo(), delimiter=delim, lineterminator="").writerow
    write = out.write
    yes, no = ("是", "否") if chinese else ("true", "false")
    cols = [(i, f) for i, f in enumerate(fields) if f is not None]
    n_head = len(headings)
    n_results = len(result_names)
    nested = name == "funding"
    all_kept = len(keep) == n_head

    def tail_of(results: list) -> str:
        return delim + line(results) + "\r\n"

    if name == "eligibility":
        row_fn = _eligibility_row(cp, yes, no, tail_of)
    elif name == "consent":
        row_fn = _consent_row(cp, yes, no, tail_of)
    else:
        row_fn = _funding_row(cp, tail_of)
    state = {"rownum": 1}
    while True:
        try:
            _rows(reader, state, report, n_head, cols, keep, all_kept, nested, row_fn, tail_of,
                  n_results, line, write)
            break
        except csv.Error as e:
            # the reader goes on with the next record after a malformed one
            state["rownum"] += 1
            report.rows += 1
            report.bad.append((state["rownum"], _csv_error(state["rownum"], e)))
    return report


def _rows(reader, state, report, n_head, cols, keep, all_kept, nested, row_fn, tail_of,
          n_results, line, write) -> None:
    """The per-row loop, kept lean: one dict per row, results formatted once per distinct result."""
    rownum = state["rownum"]
    bad = report.bad
    rows = 0
    try:
        for cells in reader:
            rownum += 1
            if not any(cells):
                continue
            rows += 1
            if len(cells) != n_head:
                cells, err = _fit(cells, n_head)
                if err is not None:
                    bad.append((rownum, err))
                    write(line([cells[i] for i in keep]) + _error_tail(err, n_results, tail_of))
                    continue
            try:
                data = {f: cells[i] for i, f in cols if cells[i]}
                if nested:
                    data = _nest(data)
                tail = row_fn(data)
            except InvalidInput as e:
                bad.append((rownum, e))
                tail = _error_tail(e, n_results, tail_of)
            write(line(cells if all_kept else [cells[i] for i in keep]) + tail)
    finally:
        state["rownum"] = rownum
        report.rows += rows


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


def _eligibility_row(cp, yes, no, tail_of):
    assess = _eligibility.assess
    summary = _eligibility.summary
    tail = ["", "", ""]
    memo: dict = {}

    def row(data):
        status, dist, year, checks = assess(cp, data)
        # identical checks give identical result columns: build them once
        got = memo.get(checks)
        if got is not None:
            return got
        zh, en = summary(cp, status, dist, checks)
        failed = [c for c in checks if c[2] is FAIL]
        unknown = [c for c in checks if c[2] is UNKNOWN]
        if failed:
            # the undetermined summary already lists what to find out; failures get their reason
            zh = zh + " " + "；".join(c[3] for c in failed)
            en = en + " " + " ".join(c[4] for c in failed)
        got = tail_of([status, yes if status == "eligible" else (no if status == "ineligible" else ""),
                       ";".join(c[0] for c in failed), ";".join(c[0] for c in unknown), zh, en] + tail)
        if len(memo) < 50000:
            memo[checks] = got
        return got
    return row


def _consent_row(cp, yes, no, tail_of):
    assess = _consent.assess

    def row(data):
        r = assess(cp, data)
        a, o = r["area"], r["owners"]
        b = {True: yes, False: no}
        return tail_of([r["status"], b[r["passed"]], b[a["passed"]], a["percent"], a["additional_needed"],
                        b[o["passed"]], o["percent"], str(o["additional_needed"]),
                        r["summary"]["zh"] + " " + a["message"]["zh"] + " " + o["message"]["zh"],
                        r["summary"]["en"] + " " + a["message"]["en"] + " " + o["message"]["en"],
                        "", "", ""])
    return row


def _funding_row(cp, tail_of):
    assess = _funding.assess

    def row(data):
        r = assess(cp, data, explain=False)
        d = r["district_input"]
        return tail_of([r["status"], r["total_cost"], r["pipeline_units"], r["district_pipeline_reward"],
                        d["general"], d["elevator"], d["total"], r["city_reward"], r["district_net"],
                        r["surplus"], "", "", ""])
    return row


def read_roster(text: str, params) -> tuple[list[dict], list[int], dict]:
    """A signature roster (columns unit, owner, area, signed, or 房号, 业主, 面积, 是否签字) as
    the `units` of the consent calculator, with each unit's row number."""
    raw = compiled(params).raw
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.split("\n", 1)[0]))
    try:
        headings = next(reader)
    except StopIteration:
        raise FileError(InvalidInput("empty_file", None, "名册文件为空。", "The roster file is empty.")) from None
    except csv.Error as e:
        raise FileError(_csv_error(1, e)) from None
    if headings:
        headings[0] = headings[0].lstrip("\ufeff")
    fields = map_columns(headings, heading_map(raw, "roster"), set())
    labels = {"unit": "房号", "owner": "业主", "area": "面积", "signed": "是否签字"}
    for f in ("unit", "owner", "area", "signed"):
        if f not in fields:
            raise FileError(InvalidInput(
                "missing_column", f,
                f"名册缺少“{labels[f]}”（{f}）列；须有 房号/unit、业主/owner、面积/area、是否签字/signed 四列。",
                f"The roster has no '{f}' ({labels[f]}) column; it needs unit, owner, area and signed."))
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
