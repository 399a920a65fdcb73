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
def _text() -> str:
    # the file's text, read once: a str cannot be changed by anyone
    return resources.files(__package__).joinpath("params.json").read_text(encoding="utf-8")


def load_params() -> dict:
    """The plan's parameters as a plain dict of its own: parsed afresh on every call (about
    0.3 ms), so that what one caller changes in it is never seen by the next."""
    return json.loads(_text())
