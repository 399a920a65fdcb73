# Thin wrapper: every target calls a script that can also be run by hand.
# First use on a fresh Debian/Ubuntu machine: `make serve` or `make test` sets everything up.
.PHONY: setup build serve test pdf
PY := .venv/bin/python
PORT ?= 8000

setup:
	scripts/setup.sh

build: setup
	$(PY) scripts/build_site.py

serve: build
	$(PY) -m http.server --bind 127.0.0.1 --directory site $(PORT)

test: setup
	scripts/test.sh

# The plan as A4 PDFs (zh, en, bilingual) into site/pdf/; `make build` makes them too.
pdf: setup
	$(PY) scripts/build_pdf.py
