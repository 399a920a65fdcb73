"""The lint's rules, one module each, in the order the drafters' page lists them.

A rule module has:

    id           the name printed in brackets ([numbering]) and used by --select, --ignore and
                 `rules:` in policy/lint.yaml
    severity     "error" or "warning": the default severity of what it finds
    description  {"zh": ..., "en": ...}: what it looks at, one paragraph (Markdown)
    fix          {"zh": ..., "en": ...}: how a drafter fixes what it finds (Markdown)
    check(corpus)  yields plansite.lint.findings.Issue for what is wrong

To add a rule: write its module here, add it to MODULES, and regenerate the drafters' page
(python -m plansite.lint.guide).
"""
from plansite.lint.rules import (
    clause_id, clauses, cross_reference, front_matter, glossary, link, lint_config, number,
    numbering, parameter, punctuation, quote, translation,
)

MODULES = [
    front_matter,
    clause_id,
    numbering,
    punctuation,
    clauses,
    translation,
    glossary,
    quote,
    parameter,
    number,
    link,
    cross_reference,
    lint_config,
]
