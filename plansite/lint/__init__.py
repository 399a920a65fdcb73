"""Drafting lint: the defects that Chinese policy drafts really contain, found before review.

    python -m plansite.lint                 # the repository's docs/ and policy/
    python -m plansite.lint --format json   # the same findings as JSON
    python -m plansite.lint --root DIR      # a copy of the repository (DIR/docs, DIR/policy)
    python -m plansite.lint --select numbering,punctuation   # only these rules
    python -m plansite.lint --ignore number                  # all rules but these
    python -m plansite.lint --list-rules    # the rules, their default severity, what they check

Each finding names the file and line, says what is wrong and how to fix it, in Chinese and in
English, e.g.

    docs/plan/section-3.zh.md:29: error [numbering] 条款 3.2 …… / Clause 3.2 …

Errors make the exit status 1 (`make lint`, `make test` and the pre-commit hook fail);
warnings are reported and do not. `rules:` in policy/lint.yaml changes a rule's severity.

The house:

    corpus.py      everything the lint reads, loaded once (the plan's pages parsed with
                   plansite.plandoc, the other pages, policy/, the glossary, policy/lint.yaml)
    rules/         one module per rule: id, severity, description, fix, check(corpus)
    registry.py    the rules in order; --select, --ignore and `rules:` decide what runs, how severe
    accounting.py  which numbers of the text policy/ accounts for (rules number and lint-config)
    guide.py       the drafters' page (docs/drafting/lint.*.md) generated from the registry
    cli.py         the command line
"""
from plansite.lint.cli import main, run, summary
from plansite.lint.findings import Finding, Issue

__all__ = ["Finding", "Issue", "main", "run", "summary"]
