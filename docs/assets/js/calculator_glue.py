"""The browser's side of the calculators: JSON text in, JSON text out, as `python -m calculators`.

Runs in Pyodide, in the calculator pages' Web Worker (assets/js/calculator-worker.js), and in
the parity test's Node runner. It holds no rule of the plan: every rule, check and message is
the `calculators` package's; this only moves text across the JavaScript/Python boundary.
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
    from calculators import batch  # only the consent page's roster needs it
    return _dumps(batch.consent_from_roster(raw, calculators.load_params()))


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
