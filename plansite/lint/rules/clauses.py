"""clauses: the Chinese and the English page of each part of the plan have the same clauses,
in the same order."""
from __future__ import annotations

from plansite import plandoc
from plansite.lint.findings import Issue

id = "clauses"
severity = "error"
description = {
    "zh": "每一部分的中文页与英文页条款相同、顺序相同。",
    "en": "The Chinese and English page of each part have the same clauses in the same order.",
}
fix = {
    "zh": "补译缺少的条款，删去多余的条款。",
    "en": "Translate the missing clause; remove the extra one.",
}


def check(corpus):
    for name, lang, path in corpus.missing_pages:
        other = plandoc.page_path(name, "zh" if lang == "en" else "en", corpus.docs)
        yield Issue(other if other.exists() else path, 1,
                    f"缺少页面 {corpus.rel(path)}：方案的每一部分都须有中文页和英文页。",
                    f"Page {corpus.rel(path)} is missing: every part of the plan has a Chinese and an English page.")
    for _, zh, en in corpus.plan_pairs():
        zids = [c.id for c in zh.clauses]
        eids = [c.id for c in en.clauses]
        for cid in zids:
            if cid not in eids:
                yield Issue(en.path, insert_line(zh, en, cid),
                            f"英文页缺少条款 {cid}（中文页第 {zh.clause(cid).line} 行）。请补译该条并加锚点 {{ #{plandoc.id_to_anchor(cid)} }}。",
                            f"The English page lacks clause {cid} (Chinese page, line {zh.clause(cid).line}). Translate it and give it the anchor {{ #{plandoc.id_to_anchor(cid)} }}.")
        for c in en.clauses:
            if c.id not in zids:
                yield Issue(en.path, c.line, f"英文页的条款 {c.id} 在中文页中不存在。请删除，或核对条款编号。",
                            f"Clause {c.id} of the English page is not on the Chinese page. Remove it, or check its id.")
        common_z = [i for i in zids if i in eids]
        common_e = [i for i in eids if i in zids]
        for a, b in zip(common_z, common_e):
            if a != b:
                yield Issue(en.path, en.clause(b).line, f"英文页条款顺序与中文页不同：此处为 {b}，中文页此处为 {a}。",
                            f"The English page has its clauses in another order: {b} here, where the Chinese page has {a}.")
                break


def insert_line(zh: plandoc.Page, en: plandoc.Page, cid: str) -> int:
    """Where a missing English clause belongs: after the clause that precedes it in Chinese."""
    zids = [c.id for c in zh.clauses]
    for prev in reversed(zids[: zids.index(cid)]):
        c = en.clause(prev)
        if c:
            return c.line
    return en.body_line
