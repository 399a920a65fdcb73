"""clause-id: clause ids unique, each on the page of its section, after its parent clause."""
from __future__ import annotations

from plansite import plandoc
from plansite.lint.findings import Issue
from plansite.lint.text import ATTR_ID_RE
from plansite.numbering import id_parent

id = "clause-id"
severity = "error"
description = {
    "zh": "条款编号不重复，条款在其所属条的页面上，且排在上级条款之后。",
    "en": "Clause ids used once, each clause on the page of its section and after its parent clause.",
}
fix = {
    "zh": "新增条款取新编号，见[新增或删除条款](clauses.md)。",
    "en": "A new clause takes a new id: see [Adding or deleting a clause](clauses.md).",
}


def page_of_id(cid: str) -> str:
    """The plan page a clause belongs on: '3.2' -> 'plan/section-3'."""
    if cid == "preamble":
        return "plan/preamble"
    if cid == "annexes" or cid.startswith("annex-"):
        return "plan/annexes"
    return f"plan/section-{cid.split('.')[0]}"


def check(corpus):
    for lang in plandoc.LANGS:
        seen: dict[str, object] = {}
        for name in plandoc.PLAN_PAGES:
            page = corpus.pages.get((name, lang))
            if page is None:
                continue
            ids_before: set[str] = set()
            for c in page.clauses:
                if c.id in seen:
                    yield Issue(page.path, c.line,
                                f"条款编号 {c.id} 重复（已见于 {corpus.rel(seen[c.id])}）。新增条款请取一个新编号。",
                                f"Clause id {c.id} is used twice (also in {corpus.rel(seen[c.id])}). Give a new clause a new id.")
                seen.setdefault(c.id, page.path)
                if page_of_id(c.id) != name:
                    yield Issue(page.path, c.line,
                                f"条款 {c.id} 不属于本页（{name}），应在 {page_of_id(c.id)}。",
                                f"Clause {c.id} does not belong on this page ({name}); it belongs on {page_of_id(c.id)}.")
                parent = id_parent(c.id)
                if parent and page_of_id(c.id) == name and parent not in ids_before:
                    yield Issue(page.path, c.line,
                                f"条款 {c.id} 之前没有其上级条款 {parent}。",
                                f"Clause {c.id} does not come after its parent clause {parent}.")
                ids_before.add(c.id)
    # a page under docs/plan/ with clause anchors that is not part of the plan
    for path in corpus.unlisted_plan_pages:
        text = corpus.texts[path]
        if ATTR_ID_RE.search(text) and "#clause-" in text:
            yield Issue(path, 1,
                        "此页面含有条款锚点，但不在 plansite/plandoc.py 的 PLAN_PAGES 中，其条款不属于方案正文。新增一条时请把页面加入 PLAN_PAGES。",
                        "This page has clause anchors but is not listed in PLAN_PAGES in plansite/plandoc.py, so its clauses are not part of the plan. When adding a section, add its page to PLAN_PAGES.",
                        hint=True)
