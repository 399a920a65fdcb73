"""The command line's workbook batch: ``python -m calculators NAME --xlsx IN.xlsx [-o OUT.xlsx]``.

The same rules as ``--csv`` (calculators.cli): every input column carried, the results beside
them, an error row for a bad row, bad rows and notes (the sheet read, merged cells, formulas
without a value, dates read as years, blank rows, columns carried) on standard error; exit 2
when any row (or the file) was bad. The output is a workbook (-o OUT.xlsx, or standard output),
or CSV when -o names a .csv file.
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile

from . import workbook, workbook_out
from .batch import FileError
from .cli_io import write_bad_rows
from .core.errors import InvalidInput


def run(name, path, output, params, stdin, stdout, stderr, fail, file_error) -> int:
    """`fail(err, stdout, stderr)` and `file_error(path, OSError)` are the CLI's own."""
    if path == "-":
        source = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        shutil.copyfileobj(stdin, source)
    else:
        try:
            source = open(path, "rb")
        except OSError as e:
            return fail(file_error(path, e), stdout, stderr)
    with source:
        try:
            wb = workbook.open_workbook(source, "" if path == "-" else path)
        except FileError as e:
            return fail(e.err, stdout, stderr)
        try:
            try:
                src = workbook.prepare(name, wb, params)
            except FileError as e:
                return fail(e.err, stdout, stderr)
            as_csv = bool(output) and output.lower().endswith(".csv")
            tmp = None
            if output and path != "-" and os.path.exists(output) and os.path.samefile(output, path):
                tmp = output + ".tmp"
            try:
                if as_csv:
                    fh = open(tmp or output, "w", encoding="utf-8", newline="")
                    writer = workbook_out.CsvWriter(src, fh)
                else:
                    fh = None
                    writer = workbook_out.Writer(src)
                for _rownum, values, _cells, results, _err in workbook.rows(src, params):
                    writer.row(values, results)
                workbook.finish(src)
                if as_csv:
                    fh.close()
                elif output:
                    writer.save(tmp or output)
                else:
                    buf = io.BytesIO()
                    writer.save(buf)
                    stdout.write(buf.getvalue())
                    stdout.flush()
                if tmp:
                    os.replace(tmp, output)
            except OSError as e:
                return fail(file_error(output or "-", e), stdout, stderr)
        finally:
            wb.close()
    report = src.report
    stderr.write(f"工作表 / sheet: {report.sheet}（标题行 / heading row {report.heading_row}）\n")
    write_bad_rows(report, stderr)
    for n in report.notes:
        stderr.write(f"注意 / note: {n.zh} / {n.en}\n")
    if report.notes_total > len(report.notes):
        stderr.write(f"……另有 {report.notes_total - len(report.notes)} 条 / … and "
                     f"{report.notes_total - len(report.notes)} more notes\n")
    stderr.write(f"{name}: {report.rows} 行，{report.errors} 行出错 / {report.rows} rows, "
                 f"{report.errors} with errors\n")
    return 2 if report.errors else 0
