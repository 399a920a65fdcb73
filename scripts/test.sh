#!/usr/bin/env bash
# Run every test: builds the real site, then pytest (site, browser, calculators, PDFs).
#   scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The drafting lint: errors fail the tests, warnings are only reported.
.venv/bin/python -m plansite.lint --errors-only
.venv/bin/python -m plansite.build
cd tests
exec ../.venv/bin/python -m pytest -q "$@"
