"""The command line: ``python -m calculators eligibility|consent|funding [FILE|-]``.

One JSON object in (FILE or standard input), one JSON object out (UTF-8, Chinese not
escaped), exit status 0. Invalid input: exit status 2, a JSON object with an ``error`` key on
standard output and a one-line message on standard error; never a traceback.

    python -m calculators eligibility --csv IN.csv [-o OUT.csv]   # one case per row
    python -m calculators consent --roster units.csv              # a signature roster

A batch exits 0 when every row was valid and 2 when any row (or the file) was not; the output
file has every row either way, bad rows with status ``error`` and the reason. A batch streams:
each row is written before the next is read (standard input is first copied to a temporary
file, spilled to disk past a few megabytes, as the encoding is found in a first pass).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile

from . import CALCULATORS, load_params
from .batch import FileError, Report, open_table, prepare, write
from .roster import consent_from_roster
from .core.consent import UNIT_FIELDS
from .core.errors import InvalidInput
from .cli_io import encode_json_text, lone_surrogate, std_streams, surrogate_error, write_bad_rows  # issue 13 C

USAGE = ("python -m calculators {eligibility,consent,funding} [FILE|-] "
         "[--csv IN.csv [-o OUT.csv]] [--xlsx IN.xlsx [-o OUT.xlsx]] [--roster UNITS.csv]")


class Usage(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Usage(message)


def parser(params: dict) -> Parser:
    roster_headings = ", ".join(params["labels"]["consent.units." + f]["zh"] for f in UNIT_FIELDS)
    p = Parser(prog="python -m calculators", usage=USAGE,
               description="岳阳市城区老旧小区改造 calculators: eligibility (三), consent (七（二）), funding (六).")
    p.add_argument("calculator", choices=sorted(CALCULATORS))
    p.add_argument("file", nargs="?", default="-", help="JSON input file, or - for standard input")
    p.add_argument("--csv", metavar="IN.csv", help="evaluate one case per row of this CSV file")
    p.add_argument("--xlsx", metavar="IN.xlsx", help="evaluate one case per row of this workbook (Excel, WPS)")  # workbook adapter
    p.add_argument("-o", "--output", metavar="OUT.csv", help="where to write the batch results (default: standard output)")
    p.add_argument("--roster", metavar="UNITS.csv",
                   help=f"consent only: a signature roster with columns {', '.join(UNIT_FIELDS)} ({roster_headings})")
    return p


def _emit_json(obj, stream) -> None:
    stream.write(encode_json_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n"))  # issue 13 C
    stream.flush()


def _fail(err: InvalidInput, stdout, stderr, extra: dict | None = None) -> int:
    body = {"status": "error", "error": err.to_dict()}
    if extra:
        body["error"].update(extra)
    _emit_json(body, stdout)
    line = f"错误 / error: {err.zh} / {err.en}"
    stderr.write(" ".join(line.splitlines()) + "\n")
    return 2


def _read_bytes(path: str, stdin) -> bytes:
    if path == "-":
        return stdin.read()
    with open(path, "rb") as fh:
        return fh.read()


def _file_error(path: str, e: OSError) -> InvalidInput:
    return InvalidInput(
        "file_not_readable", None,
        f"无法读取文件“{path}”：{e.strerror or e}。",
        f"Cannot read file '{path}': {e.strerror or e}.")


def main(argv=None, stdin=None, stdout=None, stderr=None) -> int:
    stdin, stdout, err_text, closed = std_streams(stdin, stdout, stderr)  # issue 13 C: closed, broken pipes
    if closed:  # issue 13 C
        err_text.write("错误 / error: 标准输出已关闭，无处写出结果。 / standard output is closed: nowhere to write the result.\n")
        return 2
    try:
        return _main(argv, stdin, stdout, err_text)
    except Exception as e:  # a real bug: still no traceback, but a distinct exit status
        body = InvalidInput("internal_error", None, f"内部错误：{type(e).__name__}: {e}",
                            f"Internal error: {type(e).__name__}: {e}")
        _emit_json({"status": "error", "error": body.to_dict()}, stdout)
        err_text.write(f"internal error: {type(e).__name__}: {e}\n")
        return 1


def _main(argv, stdin, stdout, stderr) -> int:
    params = load_params()
    try:
        args = parser(params).parse_args(argv)
    except Usage as e:
        return _fail(InvalidInput("usage", None, f"命令用法有误：{e}。用法：{USAGE}",
                                  f"Wrong usage: {e}. Usage: {USAGE}"), stdout, stderr)
    name = args.calculator
    if args.roster and name != "consent":
        return _fail(InvalidInput("usage", "--roster", "--roster 只能与 consent 一起使用。",
                                  "--roster only goes with consent."), stdout, stderr)
    if sum(bool(x) for x in (args.csv, args.xlsx, args.roster, args.file != "-")) > 1:
        return _fail(InvalidInput("usage", None, "请只给出一个输入：JSON 文件、--csv、--xlsx 或 --roster。",
                                  "Give one input only: a JSON file, --csv, --xlsx or --roster."), stdout, stderr)
    if args.xlsx:  # workbook adapter
        from . import workbook_cli
        return workbook_cli.run(name, args.xlsx, args.output, params, stdin, stdout, stderr, _fail, _file_error)
    if args.output and not args.csv:
        return _fail(InvalidInput("usage", "-o", "-o 只用于 --csv 批量计算。",
                                  "-o is for --csv batches only."), stdout, stderr)

    if args.csv:
        return _batch(name, args, params, stdin, stdout, stderr)
    if args.roster:
        return _roster(args.roster, params, stdin, stdout, stderr)

    try:
        raw = _read_bytes(args.file, stdin)
    except OSError as e:
        return _fail(_file_error(args.file, e), stdout, stderr)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as e:
        # ValueError covers bad JSON, bad UTF-8 and integers too long to read
        return _fail(InvalidInput("invalid_json", None, f"输入不是有效的 JSON：{_short(e)}",
                                  f"The input is not valid JSON: {_short(e)}"), stdout, stderr)
    if lone_surrogate(data) is not None:  # issue 13 C
        return _fail(surrogate_error(lone_surrogate(data)), stdout, stderr)
    result = CALCULATORS[name](data, params)
    if result.get("status") == "error":
        err = result["error"]
        _emit_json(result, stdout)
        line = f"错误 / error: {err['message']['zh']} / {err['message']['en']}"
        stderr.write(" ".join(line.splitlines()) + "\n")
        return 2
    _emit_json(result, stdout)
    return 0


def _short(e: Exception) -> str:
    s = str(e)
    return s if len(s) <= 200 else s[:200] + "…"


def _batch(name, args, params, stdin, stdout, stderr) -> int:
    try:
        source = _open_input(args.csv, stdin)
    except OSError as e:
        return _fail(_file_error(args.csv, e), stdout, stderr)
    with source:
        try:
            batch = prepare(name, open_table(source), params)
        except FileError as e:
            return _fail(e.err, stdout, stderr)
        try:
            with _Output(args.output, args.csv, stdout) as out:
                # always a byte-order mark: Excel and WPS then read the file as UTF-8
                out.write("\ufeff")
                report = write(batch, out, Report())
        except OSError as e:
            return _fail(_file_error(args.output, e), stdout, stderr)
    write_bad_rows(report, stderr)
    stderr.write(f"{name}: {report.rows} 行，{report.errors} 行出错 / {report.rows} rows, "
                 f"{report.errors} with errors\n")
    return 2 if report.errors else 0


def _open_input(path: str, stdin):
    """The batch's input as a seekable binary file (standard input is copied to a temporary
    file, in memory up to 8 MB)."""
    if path != "-":
        return open(path, "rb")
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    shutil.copyfileobj(stdin, spool)
    return spool


class _Output:
    """The results as a text stream: the -o file, or standard output. A file that is also the
    input is written beside it and put in its place at the end."""

    def __init__(self, path, input_path, stdout):
        self.path, self.stdout = path, stdout
        self.tmp = None
        if path and input_path != "-" and os.path.exists(path) and os.path.samefile(path, input_path):
            self.tmp = path + ".tmp"

    def __enter__(self):
        if self.path:
            self.fh = open(self.tmp or self.path, "wb")
            self.text = io.TextIOWrapper(self.fh, encoding="utf-8", newline="")
        else:
            self.text = io.TextIOWrapper(self.stdout, encoding="utf-8", newline="", write_through=False)
        return self.text

    def __exit__(self, *exc):
        if self.path:
            self.text.close()
            if self.tmp and exc[0] is None:
                os.replace(self.tmp, self.path)
        else:
            # give standard output back to the caller open
            self.text.flush()
            self.text.detach()
            self.stdout.flush()
        return False


def _roster(path, params, stdin, stdout, stderr) -> int:
    try:
        raw = _read_bytes(path, stdin)
    except OSError as e:
        return _fail(_file_error(path, e), stdout, stderr)
    result = consent_from_roster(raw, params)
    _emit_json(result, stdout)
    if result.get("status") == "error":
        err = result["error"]
        stderr.write(f"错误 / error: {err['message']['zh']} / {err['message']['en']}\n")
        return 2
    return 0
