"""The browser's side of the calculators: JSON text in, JSON text out, as `python -m calculators`.

Runs in Pyodide, in the calculator pages' Web Worker (assets/js/calculator-worker.js), and in
the parity test's Node runner. It holds no rule of the plan: every rule, check and message is
the `calculators` package's; this only moves text across the JavaScript/Python boundary (and,
for the application form's live tally, weighs only the halves of the consent the reader has
filled in so far).
"""
from __future__ import annotations

import json

import calculators


def run(name: str, text: str) -> str:
    """One calculator on one JSON object; the result as JSON text (`python -m calculators NAME`)."""
    return _dumps(calculators.calculate(name, json.loads(text)))


def roster(data) -> str:
    """Consent from a signature roster file's bytes (`python -m calculators consent --roster`):
    the package's own roster reader (headings in English or Chinese, UTF-8 or GB18030), so the
    page and the command line accept the same files and give the same answers."""
    # from JavaScript a Uint8Array arrives as a proxy with to_bytes(); from Python, bytes
    raw = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
    from calculators import roster as roster_csv  # only the consent page's roster needs it
    return _dumps(roster_csv.consent_from_roster(raw, calculators.load_params()))


def screen(name: str, data, filename: str) -> str:
    """The screening page (issue 12): a workbook's or CSV file's bytes evaluated row by row by
    the package's batch code, with the summary by district (calculators.screening)."""
    raw = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
    from calculators import screening  # only the screening page needs it (and the workbook library)
    return _dumps(screening.screen(name, raw, filename, calculators.load_params()))


def download(kind: str, name: str = "") -> bytes:
    """The last screened file's results as .xlsx or .csv bytes (calculators.screening.download)."""
    from calculators import screening
    return screening.download(kind, name)


# The two halves of 七（二）'s double two-thirds, each the reader's pair of figures.
HALVES = {"owners": ("total_owners", "signed_owners"), "area": ("total_area", "signed_area")}


def tally(text: str) -> str:
    """The application form's live double two-thirds tally: `calculators.consent` on the figures
    the reader has given so far, {"total_owners", "signed_owners", "total_area", "signed_area"},
    each optional. Returns {"owners": ..., "area": ..., "passed": ..., "error": ...}: a half is
    the package's result for it (null until both its figures are there), `passed` the package's
    verdict once both halves are given, `error` the package's error for what was given.

    The package weighs both halves at once; while one half is still blank it is weighed on a
    stand-in of 1 signed of 1 (which can be neither wrong nor short of anything) and left out
    of the answer, so each half the reader has filled in is shown as the package counts it."""
    given = json.loads(text)
    present = {half: all(given.get(k) not in (None, "") for k in keys) for half, keys in HALVES.items()}
    out = {"owners": None, "area": None, "passed": None, "error": None}
    if not any(present.values()):
        return _dumps(out)
    data = {}
    for half, keys in HALVES.items():
        for k in keys:
            data[k] = given[k] if present[half] else "1"
    result = calculators.consent(data)
    if result["status"] == "error":
        out["error"] = result["error"]
        return _dumps(out)
    for half in HALVES:
        if present[half]:
            out[half] = result[half]
    if all(present.values()):
        out["passed"] = result["passed"]
    return _dumps(out)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
