# Thin wrapper: every target calls a script that can also be run by hand.
# First use on a fresh Debian/Ubuntu machine: `make serve` or `make test` sets everything up.
.PHONY: setup build serve test
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
