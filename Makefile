# Thin wrapper: every target calls a script that can also be run by hand.
# First use on a fresh Debian/Ubuntu machine: `make serve` or `make test` sets everything up.
.PHONY: setup build serve test pdf lint compare
PY := .venv/bin/python
PORT ?= 8000

setup:
	scripts/setup.sh

build: setup
	$(PY) -m plansite.build

# nginx (Debian's, with its brotli module), configured as in production (deploy/nginx/): the
# pre-compressed files, cache headers, the Content-Security-Policy; on 127.0.0.1:$(PORT).
serve: build
	$(PY) -m plansite.serve --port $(PORT)

test: setup
	scripts/test.sh

# The plan as A4 PDFs (zh, en, bilingual) into site/pdf/; `make build` makes them too.
pdf: setup
	$(PY) -m plansite.pdf

# The drafting lint (errors fail; warnings are reported): also run by `make test` and by the
# pre-commit hook (ln -s ../../scripts/pre-commit .git/hooks/pre-commit).
lint: setup
	$(PY) -m plansite.lint

# 修订对照表 between two versions: make compare OLD=plan-v1 NEW=HEAD (NEW defaults to the
# working tree); writes build/compare/*.html (A4 landscape) and *.md (for a pull request).
compare: setup
	$(PY) -m plansite.compare $(OLD) $(NEW)

# 意见汇总: collate the comment files readers exported from the site (.docx, .csv, .json, any mix):
# make comments FILES="a.docx b.json c.csv"; writes build/comments/summary.{md,xlsx,html,pdf}.
.PHONY: comments
comments: setup
	$(PY) -m plansite.comments $(FILES)
