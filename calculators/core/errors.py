"""Invalid input, reported as plain data in Chinese and English (Chinese first).

Every invalid input raises InvalidInput inside the core; the calculators' entry points catch it
and return ``{"status": "error", "error": {...}}``: never an exception to the caller.
"""
from __future__ import annotations

import difflib


class InvalidInput(Exception):
    """An input the calculators cannot evaluate: which field, what is valid, and a fix."""

    def __init__(self, code: str, field: str | None, zh: str, en: str,
                 valid: list | None = None, suggestion: str | None = None):
        super().__init__(en)
        self.code = code
        self.field = field
        self.zh = zh
        self.en = en
        self.valid = valid
        self.suggestion = suggestion

    def to_dict(self) -> dict:
        err: dict = {"code": self.code}
        if self.field is not None:
            err["field"] = self.field
        err["message"] = {"zh": self.zh, "en": self.en}
        if self.valid is not None:
            err["valid"] = list(self.valid)
        if self.suggestion is not None:
            err["suggestion"] = self.suggestion
        return err

    def result(self) -> dict:
        return {"status": "error", "error": self.to_dict()}


def plain(text: str, limit: int = 60) -> str:
    """A user-given name (field, heading, owner) fit for a one-line message."""
    s = text if len(text) <= limit else text[:limit] + "…"
    if not s.isprintable():
        s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    return s


def shown(value) -> str:
    """A short, safe rendering of a received value for a message."""
    if isinstance(value, str):
        # keep messages on one line: control characters are shown escaped
        return "“" + plain(value, 40) + "”"
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        # very long integers cannot even be printed (int max str digits)
        if abs(value) >= 10 ** 30:
            return "a very large number"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


# A name longer than this gets no "did you mean": difflib's cost grows with its length (a 10 MB
# district name cost 459 MB), and no valid name is near one so long.
NEAREST_MAX = 100


def nearest(word, candidates) -> str | None:
    """The valid name nearest to a typo, if any is close enough (difflib)."""
    if not isinstance(word, str) or len(word) > NEAREST_MAX:  # issue 13: bound the cost
        return None
    got = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not got:
        low = {c.lower(): c for c in candidates}
        got = [low[m] for m in difflib.get_close_matches(word.lower(), list(low), n=1, cutoff=0.6)]
    return got[0] if got else None


def not_an_object(value, field: str | None = None) -> InvalidInput:
    where_zh = f"“{field}”" if field else "输入"
    where_en = f"'{field}'" if field else "The input"
    return InvalidInput(
        "not_an_object", field,
        f"{where_zh}须为 JSON 对象（{{…}}），您填写的是{shown(value)}。",
        f"{where_en} must be a JSON object ({{…}}); you entered {shown(value)}.")


def unknown_field(key, valid: list, prefix: str = "") -> InvalidInput:
    field = prefix + str(key)
    name = plain(field)
    guess = nearest(str(key), valid)
    hint_zh = f"是否应为“{prefix}{guess}”？" if guess else ""
    hint_en = f" Did you mean '{prefix}{guess}'?" if guess else ""
    return InvalidInput(
        "unknown_field", field,
        f"未知字段“{name}”。{hint_zh}可用字段：{'、'.join(valid)}。",
        f"Unknown field '{name}'.{hint_en} Valid fields: {', '.join(valid)}.",
        valid=valid, suggestion=(prefix + guess) if guess else None)


def check_object(value, allowed, valid=None, field: str | None = None) -> dict:
    """`value` must be a JSON object whose keys are all in `allowed`; the error names the
    unknown key (with `field.` before it) and suggests the nearest of `valid` (default: allowed)."""
    if type(value) is not dict:
        raise not_an_object(value, field)
    bad = first_unknown(value, allowed)
    if bad is not None:
        raise unknown_field(bad, list(allowed if valid is None else valid), prefix=f"{field}." if field else "")
    return value


def first_unknown(data: dict, allowed) -> str | None:
    """The unknown key to report, independent of key order (the smallest one)."""
    extra = [k for k in data if k not in allowed]
    if not extra:
        return None
    return min(extra, key=lambda k: (str(type(k)), str(k)))


def missing_field(field: str, label_zh: str, label_en: str) -> InvalidInput:
    return InvalidInput(
        "missing_field", field,
        f"缺少“{field}”（{label_zh}）。",
        f"'{field}' ({label_en}) is missing.")
