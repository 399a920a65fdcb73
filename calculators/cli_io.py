"""The command line's own plumbing (issue 13): standard streams that may be closed or cut short,
and input text that JSON can hold but UTF-8 cannot (a lone surrogate escape such as "\\ud800").

Whatever happens here, the command exits 0 or 2 with a message, never with a traceback.
"""
from __future__ import annotations

import io
import os
import sys

from .core.errors import InvalidInput


class _Closed(io.RawIOBase):
    """Stands in for a standard stream that is closed (``>&-``): writes go nowhere."""

    def writable(self):
        return True

    def readable(self):
        return True

    def write(self, b):
        return len(b)

    def readinto(self, b):
        return 0


def std_streams(stdin=None, stdout=None, stderr=None):
    """(stdin bytes, stdout bytes, stderr text, stdout_closed): closed streams become sinks."""
    closed = False
    if stdin is None:
        stdin = sys.stdin.buffer if sys.stdin is not None else io.BufferedReader(_Closed())
    if stdout is None:
        if sys.stdout is None:
            closed = True
            stdout = io.BufferedWriter(_Closed())
        else:
            stdout = sys.stdout.buffer
    if stderr is None:
        stderr = sys.stderr if sys.stderr is not None else io.TextIOWrapper(io.BufferedWriter(_Closed()))
    return stdin, SafeOut(stdout), SafeText(stderr), closed


def _silence(fd: int) -> None:
    """After a broken pipe, point the descriptor at /dev/null so that the interpreter's own
    flush at exit does not print "Exception ignored ... BrokenPipeError"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass


class SafeOut:
    """A binary output that ignores a reader who stopped reading (``| head``)."""

    def __init__(self, raw):
        self.raw = raw
        self.broken = False

    def write(self, b: bytes) -> int:
        if self.broken:
            return len(b)
        try:
            n = self.raw.write(b)
            return len(b) if n is None else n
        except (BrokenPipeError, ValueError):
            self._broke()
            return len(b)

    def flush(self) -> None:
        if self.broken:
            return
        try:
            self.raw.flush()
        except (BrokenPipeError, ValueError):
            self._broke()

    # what io.TextIOWrapper asks of the binary stream it wraps (the batch writes text through one)
    def readable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return False

    def _broke(self) -> None:
        self.broken = True
        try:
            fd = self.raw.fileno()
        except (OSError, ValueError, AttributeError):
            return
        _silence(fd)


class SafeText:
    """A text output (standard error) that cannot fail: unencodable characters are escaped,
    and a closed or broken stream is ignored."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, s: str) -> int:
        try:
            enc = getattr(self.raw, "encoding", None) or "utf-8"
            s = s.encode(enc, "backslashreplace").decode(enc)
            self.raw.write(s)
            self.raw.flush()
        except (BrokenPipeError, ValueError, OSError):
            try:
                _silence(self.raw.fileno())
            except (OSError, ValueError, AttributeError):
                pass
        return len(s)

    def flush(self) -> None:
        pass


def encode_json_text(text: str) -> bytes:
    """UTF-8, with any lone surrogate left as its JSON escape (still valid JSON)."""
    return text.encode("utf-8", "backslashreplace")


def lone_surrogate(value):
    """The first string (key or value) in a JSON value that holds a lone surrogate, or None."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _has_surrogate(v):
                return v
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return None


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def surrogate_error(s: str) -> InvalidInput:
    i = next(i for i, c in enumerate(s) if 0xD800 <= ord(c) <= 0xDFFF)
    esc = f"\\u{ord(s[i]):04x}"
    return InvalidInput(
        "invalid_json", None,
        f"输入中含有单独的代理项转义（{esc}），它不是一个字符：请直接写出该字符，或写成完整的代理对。",
        f"The input holds a lone surrogate escape ({esc}), which is not a character: write the "
        f"character itself, or a complete surrogate pair.")


def write_bad_rows(report, stderr) -> None:
    """A batch's bad rows on standard error, one line each (Chinese / English), and how many more
    there were than the report keeps (batch.BAD_KEPT)."""
    for rownum, e in report.bad:
        where = f"（{e.field}）" if e.field else ""
        line = (f"第 {rownum} 行{where}：{e.zh} / row {rownum}"
                f"{' (' + e.field + ')' if e.field else ''}: {e.en}")
        stderr.write(" ".join(line.splitlines()) + "\n")
    if report.errors > len(report.bad):
        more = report.errors - len(report.bad)
        stderr.write(f"……另有 {more} 行出错 / … and {more} more rows with errors\n")
