"""The default parameters: calculators/params.json, read from inside the package.

params.json is generated from policy/*.yaml by plansite/params.py (a test fails when it
is out of date). It is read with importlib.resources, so the same code works from a source
checkout, an installed wheel, and a wheel unpacked in Pyodide.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def load_params() -> dict:
    """The plan's parameters as a plain dict (cached: one object per process)."""
    text = resources.files(__package__).joinpath("params.json").read_text(encoding="utf-8")
    return json.loads(text)
