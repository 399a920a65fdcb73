"""Signature rosters (七（二）) read from a CSV file: one unit per row, columns unit, owner, area,
signed (or 房号, 业主, 面积, 是否签字), evaluated by the consent calculator with every message
naming the row as the spreadsheet numbers it. The same steps for the command line
(``consent --roster``) and the browser (calculator_glue.roster).

It reads the file as the batch does (calculators.batch: encodings, delimiters, quotes, headings).
"""
from __future__ import annotations

import csv

from .batch import FileError, _csv_error, _heading_row, _Lines, decode, heading_map, map_columns, table_from_text
from .core import consent as _consent
from .core.errors import InvalidInput
from .core.words import Text


def read_roster(text: str, params) -> tuple[list[dict], list[int], dict]:
    """A signature roster (columns unit, owner, area, signed, or 房号, 业主, 面积, 是否签字) as
    the `units` of the consent calculator, with each unit's row number. Blank rows (before the
    heading row too) are skipped; a quote never closed refuses the file (check_quotes)."""
    table = table_from_text(text)
    lines = _Lines(table.lines)
    reader = csv.reader(lines, delimiter=table.delimiter)
    try:
        rownum, headings = _heading_row(reader, lines)
    except FileError as e:
        if e.err.code == "empty_file":
            raise FileError(InvalidInput("empty_file", None, "名册文件为空。", "The roster file is empty.")) from None
        raise
    fields = map_columns(headings, heading_map(params, "roster"), set())
    labels = {f: params["labels"]["consent.units." + f] for f in _consent.UNIT_FIELDS}
    for f in _consent.UNIT_FIELDS:
        if f not in fields:
            raise FileError(InvalidInput(
                "missing_column", f,
                f"名册第 {rownum} 行（标题行）缺少“{labels[f]['zh']}”列；须有 "
                f"{'、'.join(labels[u]['zh'] + '（' + u + '）' for u in _consent.UNIT_FIELDS)} 四列。",
                f"The roster's heading row (row {rownum}) has no '{labels[f]['en']}' ({labels[f]['zh']}, {f}) "
                f"column; it needs {', '.join(labels[u]['en'] + ' (' + labels[u]['zh'] + ')' for u in _consent.UNIT_FIELDS)}."))
    cols = [(i, f) for i, f in enumerate(fields) if f is not None]
    units, rows = [], []
    while True:
        lines.record.clear()
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            err = _csv_error(rownum + 1, e)
            raise FileError(InvalidInput(err.code, None, f"第 {rownum + 1} 行：{err.zh}",
                                         f"Row {rownum + 1}: {err.en}")) from None
        rownum += 1
        if not cells or not any(c.strip() for c in cells):
            continue
        units.append({f: (cells[i] if i < len(cells) else "") or None for i, f in cols})
        rows.append(rownum)
    return units, rows, {f: headings[i] for i, f in cols}


def row_place(rows: list[int]):
    """Where a roster read from a CSV file lists its i-th unit: 第 N 行 / Row N (its row)."""
    return lambda i: Text(f"第 {rows[i]} 行", f"Row {rows[i]}")


def consent_from_roster(raw: bytes, params) -> dict:
    """七（二）from a signature roster file's bytes: the consent result, or an error naming the
    row (as the spreadsheet numbers it) and the column at fault (7.2), in its message and as
    `row` and `column` (the file's own heading).

    The same steps for the command line (``consent --roster``) and the browser.
    """
    try:
        text, _bom = decode(raw)
        units, rows, headings = read_roster(text, params)
    except FileError as e:
        return e.err.result()
    if not units:
        return InvalidInput("zero_total", "units", "名册中没有任何单元。", "The roster lists no units.").result()
    result = _consent.evaluate({"units": units}, params, place=row_place(rows))
    err = result.get("error")
    field = (err or {}).get("field") or ""
    if field.startswith("units["):
        err["row"] = rows[int(field[6:field.index("]")])]
        if "." in field:
            col = field.split(".", 1)[1]
            err["column"] = headings.get(col, col)
    elif result.get("roster"):
        # the owners who have not signed, with the rows that list their units
        row_of = {" ".join(u["unit"].split()): r for u, r in zip(units, rows) if u.get("unit")}
        for o in result["roster"]["not_signed"]:
            o["rows"] = [row_of.get(u, 0) for u in o["units"]]
    return result
