"""plansite: what builds and checks the site of 岳阳市城区老旧小区改造工作实施方案（征求意见稿）.

Build-time only; the reader's browser never sees it. It may import the runtime package
``calculators``; ``calculators`` never imports it. See ARCHITECTURE.md.

    plandoc          the plan model: pages, clauses, ids, citations (the one parser of the plan)
    numbering        the one numbering grammar: numerals, markers by level, clause ids, citations
    params           policy/*.yaml -> calculators/params.json (the policy loader and its checks)
    hook             the MkDocs hook's logic (hooks/plan.py only re-exports it)
    build            make build: MkDocs, then the browser bundle, the PDFs, the table of changes
    browser          the calculators in the browser: Pyodide, the wheel, the worker's configuration
    pdf              the plan as A4 PDFs
    reference        docs/reference/*.md generated from policy/
    lint             the drafting lint: a corpus loaded once, one module per rule (lint/rules/)
    compare          修订对照表 between two versions (diff, render, site)
    comments         collating the public's exported comments (make comments)
    translation_sync the hashes that tell a stale translation
    import_source    the audit trail of the first import of the source text
    bench            speed figures (printed, not tested)
"""
from pathlib import Path

# The repository this package is installed from (editable): docs/, policy/, site/ live here.
ROOT = Path(__file__).resolve().parent.parent
