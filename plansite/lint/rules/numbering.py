"""numbering: 一、 （一） 1、 numbering complete, in order, at the level of the clause id."""
from __future__ import annotations

from plansite import plandoc
from plansite.lint.findings import Issue
from plansite.numbering import LEVEL_NAMES, find_marker, id_position, marker

id = "numbering"
severity = "error"
description = {
    "zh": "各级序号（一、 （一） 1、）连续、按顺序、层级与条款编号一致。原文第三条“（一）、1.、1.、1.、（五）”这类错误会被发现。",
    "en": "The numbers of each level (一、 （一） 1、) complete, in order, and at the level of the clause id. A defect like the source's “（一）, 1., 1., 1., （五）” in Section III is caught.",
}
fix = {
    "zh": "按提示改正序号；若因增删条款而重排了序号，在中文页前置元数据的 `renumbered` 中登记。",
    "en": "Correct the number; if adding or deleting a clause renumbered a list, record it under `renumbered` in the Chinese page's front matter.",
}


def check(corpus):
    for lang in plandoc.LANGS:
        position: dict[str, int] = {}   # "level:parent" -> how many clauses so far
        for name in plandoc.PLAN_PAGES:
            page = corpus.pages.get((name, lang))
            if page is None:
                continue
            ren = corpus.renumbered(name)
            for c in page.clauses:
                yield from check_clause(page, c, lang, position, ren)
            if lang == "zh":
                yield from unanchored(page)


def unanchored(page: plandoc.Page):
    """A numbered paragraph that is not the start of a clause has lost its anchor."""
    first_blocks = {c.line for c in page.clauses}
    for b in page.blocks:
        if b.line in first_blocks or b.kind != "para":
            continue
        m = find_marker(b.text, "zh")
        if m and m.level in (2, 3, 4):
            yield Issue(page.path, b.line,
                        f"带编号“{m.text.strip()}”的段落没有自己的条款锚点。请在段末另起一行加 {{ #clause-… }}（新条款取新编号）。",
                        f"A paragraph numbered '{m.text.strip()}' has no clause anchor of its own. Add {{ #clause-… }} on a line after it (a new clause takes a new id).")


def check_clause(page: plandoc.Page, c: plandoc.Clause, lang: str, position: dict, ren: dict):
    text = c.paragraphs[0] if c.paragraphs else ""
    pos = id_position(c.id)
    m = find_marker(text, lang)
    path = page.path
    if pos is None:
        if m and c.id not in ("preamble", "annexes"):
            yield Issue(path, c.line,
                        f"条款 {c.id} 是不编号的段落，但以编号“{m.text.strip()}”开头。请给它一个带编号的条款编号，或删去编号。",
                        f"Clause {c.id} is an unnumbered paragraph but begins with the number '{m.text.strip()}'. Give it a numbered id, or remove the number.")
        return
    level, parent, id_n = pos
    key = f"{level}:{parent}"
    position[key] = position.get(key, 0) + 1
    nth = position[key]
    want = ren.get(c.id, id_n)

    def mk(lv: int, n: int) -> str:
        return marker(lv, n, lang)
    if m is None:
        yield Issue(path, c.line, f"条款 {c.id} 缺少编号，应以“{mk(level, nth)}”开头。",
                    f"Clause {c.id} has no number: it should begin with '{mk(level, nth)}'.")
        return
    raw = m.text.strip()
    if m.level != level:
        yield Issue(path, c.line,
                    f"编号层级错误：条款 {c.id} 是{LEVEL_NAMES[level][0]}，却编为“{raw}”（{LEVEL_NAMES[m.level][0]}）；应为“{mk(level, nth)}”。",
                    f"Wrong numbering level: clause {c.id} is {LEVEL_NAMES[level][1]} but is numbered '{raw}' ({LEVEL_NAMES[m.level][1]}); it should be '{mk(level, nth)}'.")
        return
    if m.number != nth:
        prev = f"“{mk(level, nth - 1)}”之后" if nth > 1 else "第一项"
        prev_en = f"after '{mk(level, nth - 1)}'" if nth > 1 else "as the first"
        yield Issue(path, c.line, f"编号不连续或顺序错误：{prev}应为“{mk(level, nth)}”，此处为“{raw}”。",
                    f"Numbering incomplete or out of order: {prev_en} comes '{mk(level, nth)}', not '{raw}'.")
        return
    if m.number != want:
        yield Issue(path, c.line,
                    f"编号“{raw}”与条款编号 {c.id} 不符。若因增删条款而重新编排了序号，条款编号不变，请在中文页前置元数据中登记：renumbered: {{'{c.id}': {m.number}}}；否则请改正序号。",
                    f"The number '{raw}' does not match clause id {c.id}. If inserting or deleting a clause renumbered the list, keep the ids and record it in the Chinese page's front matter: renumbered: {{'{c.id}': {m.number}}}; otherwise correct the number.")
        return
    if lang == "zh" and level == 3 and m.style in (".", "．"):
        yield Issue(path, c.line, f"本方案的“目”用“{m.number}、”编号，此处为“{raw}”。",
                    f"This plan numbers its points '{m.number}、', not '{raw}'.", hint=True)
