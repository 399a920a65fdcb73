"""cross-reference: citations in prose (第三条第（二）项, Section III, item (2), 附件1) name
clauses that exist."""
from __future__ import annotations

from plansite import plandoc
from plansite.lint.findings import Issue
from plansite.lint.text import blank_code
from plansite.numbering import find_citations

id = "cross-reference"
severity = "error"
description = {
    "zh": "正文中的引用（“第三条第（二）项”“Section III, item (2)”“附件1”）所指条款存在。",
    "en": "Citations in prose (第三条第（二）项, Section III, item (2), 附件1) name clauses that exist.",
}
fix = {
    "zh": "改正引用。",
    "en": "Correct the citation.",
}


def check(corpus):
    all_ids = set(corpus.zh_index)
    files = [(p, True) for p in corpus.doc_pages] + [(p, False) for p in corpus.policy_files]
    for path, is_md in files:
        raw = corpus.texts[path]
        first = 1
        if is_md:
            m = plandoc.FRONT_RE.match(raw)
            if m:
                first = m.group(0).count("\n") + 1
                raw = raw[m.end():]
            raw = blank_code(raw)
        for i, line in enumerate(raw.split("\n")):
            for c in find_citations(line):
                if c.kind == "annex":
                    if all_ids and c.clause_id not in all_ids:
                        yield Issue(path, first + i, f"引用“{c.text}”所指的附件不存在。",
                                    f"The citation '{c.text}' names an annex that does not exist.")
                elif c.clause_id and c.clause_id not in all_ids:
                    yield Issue(path, first + i,
                                f"引用“{c.text}”所指的条款 {c.clause_id} 不存在。"
                                + ("请核对条款编号（见“条款编号”页）。" if c.kind == "zh" else ""),
                                f"The citation '{c.text}' names clause {c.clause_id}, which does not exist. Check the clause (see Clause identifiers).")
