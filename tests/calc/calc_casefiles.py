"""Loading and matching the table-driven cases of tests/calc/cases/*.yaml.

The matching rule is documented at the top of each case file; the Pyodide runner implements
the same rule, so keep it simple.
"""
from __future__ import annotations

from pathlib import Path

import yaml

CASES = Path(__file__).resolve().parent / "cases"


def load(name: str) -> list[dict]:
    with open(CASES / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def matches(expect, actual, path: str = "$") -> list[str]:
    """Differences between `expect` and `actual` under the subset rule (empty if they match)."""
    if isinstance(expect, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        out = []
        for k, v in expect.items():
            if k not in actual:
                out.append(f"{path}.{k}: missing")
            else:
                out += matches(v, actual[k], f"{path}.{k}")
        return out
    if isinstance(expect, list):
        if not isinstance(actual, list) or len(actual) != len(expect):
            return [f"{path}: expected a list of {len(expect)}, got {actual!r}"]
        out = []
        for i, (e, a) in enumerate(zip(expect, actual)):
            out += matches(e, a, f"{path}[{i}]")
        return out
    same = (expect == actual and type(expect) is type(actual)) or (
        isinstance(expect, (int, float)) and not isinstance(expect, bool)
        and isinstance(actual, (int, float)) and not isinstance(actual, bool) and expect == actual)
    return [] if same else [f"{path}: expected {expect!r}, got {actual!r}"]


def strings(obj):
    """Every string value in a JSON value."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)
