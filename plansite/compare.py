"""修订对照表: a clause-by-clause comparison of two versions of the plan, from git.

    python -m plansite.compare OLD [NEW]      # = make compare OLD=plan-v1 NEW=HEAD
    python -m plansite.compare                # the latest plan-vN tag against the working tree
    python -m plansite.compare --site site    # build step: the page "修订对照表" of the site

OLD and NEW are git revisions (tags such as plan-v1, branches, commits); NEW defaults to the
working tree, uncommitted edits included. Both versions are read with `git archive` into a
temporary directory and parsed with plansite/plandoc.py, the one parser of the plan.

Writes build/compare/OLD..NEW.html, the table (条款 / 修改前 / 修改后, then the same for the
English text) for printing on A4 landscape, and build/compare/OLD..NEW.md, a short summary for
a pull request description, which is also printed.

Clauses are matched by their id (ids never change, see docs/about/clause-ids.zh.md):
changed (same id, other words), added, deleted, and moved (same id in another place; or, when
a drafter gave an existing clause a new id, a deleted and an added clause with nearly the same
words). Inside a changed clause the difference is shown character by character for Chinese
(it has no spaces, so words cannot be diffed) and word by word for English, with numbers kept
whole and tiny islands of unchanged text merged into the change around them, so that the
highlights read as the drafter's edit.

Versions are tagged plan-v1, plan-v2, …; the site compares the current text with the previous
tagged version (--site), and says so plainly when there is none.
"""
from __future__ import annotations

import argparse
import difflib
import html
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from plansite import plandoc

TAG_RE = re.compile(r"^plan-v(\d+)$")
WORKTREE = "WORKTREE"
SIMILAR = 0.75      # a deleted and an added clause this alike are one clause that moved
PLACEHOLDER = '<div class="plan-compare" data-compare="{lang}"></div>'

LABELS = {
    "zh": {
        "title": "修订对照表",
        "clause": "条款", "before": "修改前", "after": "修改后",
        "changed": "修改", "added": "新增", "deleted": "删除", "moved": "移动",
        "none_before": "（无）", "none_after": "（删除）",
        "same": "两个版本的条文相同。",
        "text": "中文文本",
        "moved_from": "原在 {where}",
        "id_changed": "原编号 {old}；条款编号不应改变",
    },
    "en": {
        "title": "Table of changes",
        "clause": "Clause", "before": "Before", "after": "After",
        "changed": "changed", "added": "added", "deleted": "deleted", "moved": "moved",
        "none_before": "(none)", "none_after": "(deleted)",
        "same": "The two versions have the same text.",
        "text": "English text",
        "moved_from": "was at {where}",
        "id_changed": "was {old}; clause ids should never change",
    },
}


# -- reading versions --------------------------------------------------------------------------

@dataclass
class Version:
    rev: str                       # as given (tag, commit, WORKTREE)
    commit: str                    # short commit id ("" for the working tree)
    meta: dict                     # lang -> version, status, date from the preamble's front matter
    clauses: dict[str, list[tuple[str, str, str]]]  # lang -> [(id, page name, text)] in order


def git(repo: Path, *args: str, binary: bool = False):
    out = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return out.stdout if binary else out.stdout.decode("utf-8").strip()


def plan_tags(repo: Path) -> list[str]:
    """plan-v1, plan-v2, … in version order (an empty list outside git or without tags)."""
    try:
        names = git(repo, "tag", "--list", "plan-v*").split()
    except (RuntimeError, OSError):
        return []
    tags = [t for t in names if TAG_RE.match(t)]
    return sorted(tags, key=lambda t: int(TAG_RE.match(t).group(1)))


def plan_pages(docs: Path, lang: str) -> list[tuple[str, Path]]:
    """The plan's pages in reading order: plandoc.PLAN_PAGES, then any other page under
    docs/plan/ (a section added later) except the one-page full text."""
    out = [(n, plandoc.page_path(n, lang, docs)) for n in plandoc.PLAN_PAGES]
    out = [(n, p) for n, p in out if p.exists()]
    known = {n for n, _ in out}
    for p in sorted((docs / "plan").glob(f"*.{lang}.md")) if (docs / "plan").is_dir() else []:
        name = "plan/" + p.name[: -len(f".{lang}.md")]
        if name not in known and not name.startswith("plan/full"):
            out.append((name, p))
    return out


def read_docs(docs: Path, rev: str, commit: str) -> Version:
    clauses: dict[str, list[tuple[str, str, str]]] = {}
    meta: dict[str, dict] = {}
    for lang in plandoc.LANGS:
        rows = []
        for name, path in plan_pages(docs, lang):
            page = plandoc.parse_page(path)
            if name == "plan/preamble":
                m = page.meta
                meta[lang] = {
                    "version": str(m.get("version") or ""),
                    # `status` before the key became `document_status`
                    "status": str(m.get("document_status") or m.get("status") or ""),
                    "date": str(m.get("date") or ""),
                }
            rows += [(c.id, name, c.text) for c in page.clauses]
        clauses[lang] = rows
    return Version(rev, commit, meta, clauses)


def read_version(repo: Path, rev: str) -> Version:
    """A version of the plan: a git revision, or the working tree (WORKTREE)."""
    if rev == WORKTREE:
        return read_docs(repo / "docs", rev, "")
    commit = git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    data = git(repo, "archive", "--format=tar", commit, "docs/plan", binary=True)
    with tempfile.TemporaryDirectory(prefix="plan-compare-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        return read_docs(Path(tmp) / "docs", rev, commit[:7])


# -- comparing clauses ---------------------------------------------------------------------------

@dataclass
class Row:
    kind: str                 # changed | added | deleted | moved
    id: str                   # the clause's id (new id when it has one)
    old_id: str | None
    new_id: str | None
    old_text: str
    new_text: str
    old_page: str | None
    new_page: str | None
    moved: bool = False       # a changed clause may also have moved
    ops: list = field(default_factory=list)   # [(op, old text, new text)], op "=" or "~"
    sort_key: tuple = ()


MARKER_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\\?[、.．]|[IVX]+\.)\s*")


def unnumbered(text: str) -> str:
    return MARKER_RE.sub("", text)


def compare_clauses(old: list[tuple[str, str, str]], new: list[tuple[str, str, str]]) -> list[Row]:
    """Rows of the comparison of one language, in the reading order of the new version
    (deleted clauses after the clause that preceded them)."""
    o = {cid: (i, page, text) for i, (cid, page, text) in enumerate(old)}
    n = {cid: (i, page, text) for i, (cid, page, text) in enumerate(new)}
    old_common = [cid for cid, _, _ in old if cid in n]
    new_common = [cid for cid, _, _ in new if cid in o]
    sm = difflib.SequenceMatcher(None, old_common, new_common, autojunk=False)
    in_order = {old_common[b.a + k] for b in sm.get_matching_blocks() for k in range(b.size)}

    rows: list[Row] = []
    for cid in new_common:
        oi, opage, otext = o[cid]
        ni, npage, ntext = n[cid]
        moved = cid not in in_order or opage != npage
        if otext != ntext:
            rows.append(Row("changed", cid, cid, cid, otext, ntext, opage, npage, moved))
        elif moved:
            rows.append(Row("moved", cid, cid, cid, otext, ntext, opage, npage, True))
    deleted = [cid for cid, _, _ in old if cid not in n]
    added = [cid for cid, _, _ in new if cid not in o]
    # a clause given a new id: as alike as one clause edited, it is one clause that moved
    for d in list(deleted):
        best, best_r = None, SIMILAR
        for a in added:
            r = difflib.SequenceMatcher(None, unnumbered(o[d][2]), unnumbered(n[a][2]), autojunk=False).ratio()
            if r >= best_r:
                best, best_r = a, r
        if best is not None:
            deleted.remove(d)
            added.remove(best)
            rows.append(Row("moved", best, d, best, o[d][2], n[best][2], o[d][1], n[best][1], True))
    for cid in added:
        rows.append(Row("added", cid, None, cid, "", n[cid][2], None, n[cid][1]))
    for cid in deleted:
        rows.append(Row("deleted", cid, cid, None, o[cid][2], "", o[cid][1], None))

    # reading order: by the new position; a deleted clause right after its old predecessor
    for r in rows:
        if r.new_id is not None:
            r.sort_key = (n[r.new_id][0], 0, 0)
        else:
            i = o[r.old_id][0]
            prev = next((old[k][0] for k in range(i - 1, -1, -1) if old[k][0] in n), None)
            r.sort_key = ((n[prev][0] if prev else -1), 1, i)
        r.ops = diff_ops(r.old_text, r.new_text)
    rows.sort(key=lambda r: r.sort_key)
    return rows


# -- character-level differences -----------------------------------------------------------------

# Numbers (with their decimal point, thousands separators, % and fractions) and Latin words are
# kept whole; every other character is its own token, which for Chinese means one character.
TOKEN_RE = re.compile(r"\d+(?:[.,/]\d+)*\s*[%％]?|[A-Za-z]+(?:['’\-][A-Za-z]+)*|\s+|.", re.S)


def tokens(s: str) -> list[str]:
    return TOKEN_RE.findall(s)


def diff_ops(a: str, b: str) -> list[tuple[str, str, str]]:
    """[(op, old, new)]: "=" unchanged text, "~" old text replaced by new text (either may be
    empty), after the clean-up that makes highlights readable."""
    ta, tb = tokens(a), tokens(b)
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    ops: list[list[str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        x, y = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if tag == "equal":
            ops.append(["=", x, y])
        else:
            ops.append(["~", x, y])
    return [tuple(op) for op in cleanup(ops)]


def _size(op) -> int:
    return max(len(op[1]), len(op[2]))


def cleanup(ops: list[list[str]]) -> list[list[str]]:
    """Semantic clean-up, after diff-match-patch's: an unchanged stretch between two changes
    that is no longer than the changes on both sides of it (or a single character) is folded
    into one change, so that 将“意愿强烈”改为“意愿较为迫切” is shown as one replacement and not
    as a scatter of single characters."""
    ops = _merge(ops)
    changed = True
    while changed:
        changed = False
        for k in range(1, len(ops) - 1):
            eq, left, right = ops[k], ops[k - 1], ops[k + 1]
            if eq[0] != "=" or left[0] != "~" or right[0] != "~":
                continue
            n = len(eq[1])
            if n <= 1 or (n <= _size(left) and n <= _size(right)):
                ops[k - 1: k + 2] = [["~", left[1] + eq[1] + right[1], left[2] + eq[2] + right[2]]]
                changed = True
                break
    # give back what a replacement starts or ends with unchanged (after folding)
    out: list[list[str]] = []
    for op in ops:
        if op[0] == "~" and op[1] and op[2]:
            p = _common_prefix_tokens(op[1], op[2])
            s = _common_suffix_tokens(op[1][len(p):], op[2][len(p):])
            if p:
                out.append(["=", p, p])
            mid = ["~", op[1][len(p): len(op[1]) - len(s)], op[2][len(p): len(op[2]) - len(s)]]
            if mid[1] or mid[2]:
                out.append(mid)
            if s:
                out.append(["=", s, s])
        else:
            out.append(op)
    return _merge(out)


def _common_prefix_tokens(a: str, b: str) -> str:
    ta, tb = tokens(a), tokens(b)
    k = 0
    while k < min(len(ta), len(tb)) and ta[k] == tb[k]:
        k += 1
    return "".join(ta[:k])


def _common_suffix_tokens(a: str, b: str) -> str:
    ta, tb = tokens(a), tokens(b)
    k = 0
    while k < min(len(ta), len(tb)) and ta[-1 - k] == tb[-1 - k]:
        k += 1
    return "".join(ta[len(ta) - k:]) if k else ""


def _merge(ops: list[list[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for op in ops:
        if not op[1] and not op[2]:
            continue
        if out and out[-1][0] == op[0]:
            out[-1] = [op[0], out[-1][1] + op[1], out[-1][2] + op[2]]
        else:
            out.append(list(op))
    return out


def changes_of(row: Row) -> list[tuple[str, str]]:
    """The (old, new) fragments that changed inside a clause."""
    return [(op[1], op[2]) for op in row.ops if op[0] == "~"]


# -- output: HTML ----------------------------------------------------------------------------------

CSS = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 280mm; padding: 8mm; color: #111; background: #fff;
  font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC",
    "Songti SC", "SimSun", serif;
  font-size: 10.5pt; line-height: 1.6; }
[lang="en"] { font-family: "Noto Serif", "DejaVu Serif", "Noto Serif CJK SC", serif; }
h1 { font-size: 16pt; margin: 0 0 .2em; line-height: 1.35; }
h1 .en { display: block; font-size: 11pt; font-weight: normal; color: #333; }
h2 { font-size: 12.5pt; margin: 1.2em 0 .4em; break-after: avoid; page-break-after: avoid; }
.versions { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: .6em 0; }
.versions dt { font-weight: bold; }
.versions dd { margin: 0; }
.counts { margin: .4em 0 .8em; }
table.compare { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.compare col.clause { width: 13%; }
table.compare col.text { width: 43.5%; }
table.compare thead { display: table-header-group; }
table.compare th { background: #e8e8e8; text-align: left; }
table.compare th, table.compare td { border: 1px solid #888; padding: 4pt 6pt; vertical-align: top;
  overflow-wrap: anywhere; }
table.compare tr { break-inside: avoid; page-break-inside: avoid; }
td.clause .id { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-weight: bold; }
td.clause .cite, td.clause .note { display: block; font-size: 8.5pt; color: #333; }
.kind { display: inline-block; margin-top: 2pt; padding: 0 4pt; border: 1px solid #555; border-radius: 2pt;
  font-size: 8.5pt; }
.kind-added { background: #e3f4e3; } .kind-deleted { background: #fbe3e3; }
.kind-changed { background: #fff3cd; } .kind-moved { background: #e3ecfb; }
.empty { color: #555; font-style: italic; }
del { background: #fbd5d5; color: #7a0000; text-decoration: line-through; }
ins { background: #d4f0d4; color: #004d00; text-decoration: underline; font-weight: bold; }
.legend { font-size: 9pt; color: #333; }
footer { margin-top: 1.2em; font-size: 8.5pt; color: #444; }
@media print {
  section + section { break-before: page; page-break-before: always; }
  body { max-width: none; padding: 0; }
  del, ins { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(s: str) -> str:
    return html.escape(s).replace("\n", "<br>")


def render_side(row: Row, side: str, lang: str) -> str:
    lab = LABELS[lang]
    if side == "old" and row.old_id is None:
        return f'<span class="empty">{lab["none_before"]}</span>'
    if side == "new" and row.new_id is None:
        return f'<span class="empty">{lab["none_after"]}</span>'
    out = []
    for op, a, b in row.ops:
        text = a if side == "old" else b
        if op == "=":
            out.append(esc(text))
        elif text:
            tag = "del" if side == "old" else "ins"
            out.append(f"<{tag}>{esc(text)}</{tag}>")
    return "".join(out)


def clause_cell(row: Row, lang: str) -> str:
    lab = LABELS[lang]
    cite = plandoc.citation(row.id, lang) if _citable(row.id) else ""
    parts = [f'<span class="id">{html.escape(row.id)}</span>']
    if cite:
        parts.append(f'<span class="cite">{html.escape(cite)}</span>')
    kinds = [row.kind] + (["moved"] if row.kind == "changed" and row.moved else [])
    parts.append(" ".join(f'<span class="kind kind-{k}">{lab[k]}</span>' for k in kinds))
    if row.old_id and row.new_id and row.old_id != row.new_id:
        parts.append(f'<span class="note">{html.escape(lab["id_changed"].format(old=row.old_id))}</span>')
    elif row.moved and row.old_page != row.new_page and row.old_page:
        parts.append(f'<span class="note">{html.escape(lab["moved_from"].format(where=row.old_page))}</span>')
    return "".join(parts)


def _citable(cid: str) -> bool:
    try:
        plandoc.citation(cid, "zh")
        return True
    except (ValueError, IndexError):
        return False


def table_html(rows: list[Row], lang: str) -> str:
    lab = LABELS[lang]
    if not rows:
        return f'<p class="same">{lab["same"]}</p>'
    body = []
    for r in rows:
        body.append(
            f'<tr class="row-{r.kind}" data-clause="{html.escape(r.id)}" data-kind="{r.kind}">'
            f'<td class="clause">{clause_cell(r, lang)}</td>'
            f'<td class="before">{render_side(r, "old", lang)}</td>'
            f'<td class="after">{render_side(r, "new", lang)}</td></tr>'
        )
    return (
        f'<table class="compare" lang="{"zh-Hans" if lang == "zh" else "en"}">'
        '<colgroup><col class="clause"><col class="text"><col class="text"></colgroup>'
        f'<thead><tr><th scope="col">{lab["clause"]}</th><th scope="col">{lab["before"]}</th>'
        f'<th scope="col">{lab["after"]}</th></tr></thead>'
        "<tbody>" + "".join(body) + "</tbody></table>"
    )


def counts(rows: list[Row]) -> dict[str, int]:
    c = {k: 0 for k in ("changed", "added", "deleted", "moved")}
    for r in rows:
        c[r.kind] += 1
    return c


def counts_text(rows: list[Row], lang: str) -> str:
    c = counts(rows)
    if lang == "zh":
        return f"修改 {c['changed']} 条，新增 {c['added']} 条，删除 {c['deleted']} 条，移动 {c['moved']} 条。"
    return (f"{c['changed']} changed, {c['added']} added, {c['deleted']} deleted, "
            f"{c['moved']} moved.")


def version_line(v: Version, lang: str) -> str:
    """plan-v1（版本 1，征求意见稿，2026-11-26；提交 70bfc64）"""
    m = v.meta.get(lang) or v.meta.get("zh") or {}
    if lang == "zh":
        name = "当前文本（工作区）" if v.rev == WORKTREE else v.rev
        bits = [f"版本 {m['version']}" if m.get("version") else "", m.get("status", ""), m.get("date", "")]
        bits = "，".join(b for b in bits if b)
        if v.commit and v.commit != v.rev:
            bits += f"；提交 {v.commit}"
        return f"{name}（{bits}）" if bits else name
    name = "the current text (working tree)" if v.rev == WORKTREE else v.rev
    bits = [f"version {m['version']}" if m.get("version") else "", m.get("status", ""), m.get("date", "")]
    bits = ", ".join(b for b in bits if b)
    if v.commit and v.commit != v.rev:
        bits += f"; commit {v.commit}"
    return f"{name} ({bits})" if bits else name


@dataclass
class Comparison:
    old: Version
    new: Version
    rows: dict[str, list[Row]]     # lang -> rows


def compare(old: Version, new: Version) -> Comparison:
    return Comparison(old, new, {lang: compare_clauses(old.clauses.get(lang, []), new.clauses.get(lang, []))
                                 for lang in plandoc.LANGS})


def fragment_html(cmp: Comparison, lang: str, heading_level: int = 2) -> str:
    """The versions, the counts and the table of one language (for the site's page)."""
    lab = LABELS[lang]
    h = f"h{heading_level}"
    before, after = lab["before"], lab["after"]
    return (
        f'<dl class="versions"><dt>{before}</dt><dd>{html.escape(version_line(cmp.old, lang))}</dd>'
        f'<dt>{after}</dt><dd>{html.escape(version_line(cmp.new, lang))}</dd></dl>'
        f'<p class="counts">{counts_text(cmp.rows[lang], lang)}</p>'
        + (f"<{h}>{lab['text']}</{h}>" if heading_level == 2 else "")
        + table_html(cmp.rows[lang], lang)
    )


def page_html(cmp: Comparison) -> str:
    """The whole comparison as one HTML page that prints on A4 landscape."""
    zh, en = LABELS["zh"], LABELS["en"]
    title_zh = f"《{plandoc.TITLE['zh']}》{zh['title']}"
    vz = f"{version_line(cmp.old, 'zh')} → {version_line(cmp.new, 'zh')}"
    return f"""<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title_zh)}：{html.escape(vz)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{html.escape(title_zh)}<span class="en" lang="en">{html.escape(plandoc.TITLE['en'])}: {en['title']}</span></h1>
<dl class="versions">
<dt>{zh['before']} <span lang="en">{en['before']}</span></dt><dd>{html.escape(version_line(cmp.old, 'zh'))}<br><span lang="en">{html.escape(version_line(cmp.old, 'en'))}</span></dd>
<dt>{zh['after']} <span lang="en">{en['after']}</span></dt><dd>{html.escape(version_line(cmp.new, 'zh'))}<br><span lang="en">{html.escape(version_line(cmp.new, 'en'))}</span></dd>
</dl>
<p class="legend"><del>删除的文字</del> <ins>新增的文字</ins> · <span lang="en"><del>deleted words</del> <ins>inserted words</ins></span></p>
</header>
<main>
<section lang="zh-Hans">
<h2>{zh['text']}</h2>
<p class="counts">{counts_text(cmp.rows['zh'], 'zh')}</p>
{table_html(cmp.rows['zh'], 'zh')}
</section>
<section lang="en">
<h2>{en['text']}</h2>
<p class="counts">{counts_text(cmp.rows['en'], 'en')}</p>
{table_html(cmp.rows['en'], 'en')}
</section>
</main>
<footer>
<p>由 plansite/compare.py 根据 git 中的两个版本逐条生成；条款按编号对应，中文按字比较，英文按词比较。以中文为准。</p>
<p lang="en">Generated by plansite/compare.py from the two versions in git; clauses are matched by id,
Chinese is compared character by character and English word by word. The Chinese prevails.</p>
</footer>
</body>
</html>
"""


# -- output: Markdown summary (for a pull request) -------------------------------------------------

def short(s: str, n: int = 40) -> str:
    s = s.replace("\n", " ").replace("|", "\\|")
    return s if len(s) <= n else s[: n - 1] + "…"


def markdown_summary(cmp: Comparison) -> str:
    rows = cmp.rows["zh"]
    zh_ids = {r.id for r in rows}
    en_only = [r for r in cmp.rows["en"] if r.id not in zh_ids]
    lines = [
        f"## 修订对照表摘要 / Summary of changes: {cmp.old.rev} → {cmp.new.rev if cmp.new.rev != WORKTREE else 'working tree'}",
        "",
        f"- 修改前：{version_line(cmp.old, 'zh')} / Before: {version_line(cmp.old, 'en')}",
        f"- 修改后：{version_line(cmp.new, 'zh')} / After: {version_line(cmp.new, 'en')}",
        f"- 中文：{counts_text(rows, 'zh')} / Chinese text: {counts_text(rows, 'en')}",
        f"- 英文：{counts_text(cmp.rows['en'], 'zh')} / English text: {counts_text(cmp.rows['en'], 'en')}",
    ]
    lag = sorted(zh_ids - {r.id for r in cmp.rows["en"]}, key=str)
    if lag:
        lines.append(f"- 中文已改、英文未改的条款 / Changed in Chinese but not in English: {', '.join(lag)}")
    if not rows and not en_only:
        lines += ["", "两个版本的条文相同。/ The two versions have the same text."]
        return "\n".join(lines) + "\n"
    lines += ["", "| 条款 Clause | 变化 Change | 修改内容 What changed |", "|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r.id}` | {kind_label(r)} | {what_changed(r)} |")
    for r in en_only:
        lines.append(f"| `{r.id}` | 仅英文 English only: {kind_label(r)} | {what_changed(r)} |")
    return "\n".join(lines) + "\n"


def kind_label(r: Row) -> str:
    kind = f"{LABELS['zh'][r.kind]} {r.kind}"
    if r.kind == "changed" and r.moved:
        kind += "，移动 moved"
    return kind


def what_changed(r: Row) -> str:
    if r.kind == "added":
        return f"**{short(r.new_text)}**"
    if r.kind == "deleted":
        return f"~~{short(r.old_text)}~~"
    if r.kind == "moved":
        return f"{r.old_id} → {r.new_id}" if r.old_id != r.new_id else f"{r.old_page} → {r.new_page}"
    frags = changes_of(r)
    what = "；".join(
        (f"~~{short(a, 20)}~~" if a.strip() else "") + (" → " if a.strip() and b.strip() else "")
        + (f"**{short(b, 20)}**" if b.strip() else "")
        for a, b in frags[:3]
    ) + ("……" if len(frags) > 3 else "")
    return what or "—"


# -- the site's page ---------------------------------------------------------------------------------

SITE_TEXT = {
    "zh": {
        "intro": "下表对照当前文本与上一个已标记的版本 {tag}。",
        "print": "可打印的对照表（A4 横向，中英文）",
        "first": "当前文本即第一个版本 {tag}，尚无更早的版本可以对照。",
        "notags": ("本次构建中找不到已标记的版本（git 标签 plan-v1、plan-v2……），因此没有生成对照表。"
                   "持续集成通常只取出最新一次提交而不带标签；在完整的仓库中构建网站，"
                   "或运行 make compare OLD=plan-v1 NEW=HEAD，即可得到对照表。"),
        "error": "生成对照表时出错：{error}",
    },
    "en": {
        "intro": "The table compares the current text with the previous tagged version, {tag}.",
        "print": "Printable table of changes (A4 landscape, Chinese and English)",
        "first": "The current text is the first version, {tag}: there is no earlier version to compare it with.",
        "notags": ("This build found no tagged version (git tags plan-v1, plan-v2, …), so there is no table "
                   "of changes. Continuous integration usually checks out the latest commit without tags; "
                   "build the site from a full clone, or run make compare OLD=plan-v1 NEW=HEAD."),
        "error": "The table of changes could not be made: {error}",
    },
}


def site_base(repo: Path) -> tuple[str | None, str | None]:
    """(the tag to compare the current text with, or None; the first tag when the current text
    is that first version). The current text is the working tree: if it differs from the latest
    tag, it is the next version's draft and is compared with that tag; if it is the latest
    tag's text, it is compared with the tag before."""
    tags = plan_tags(repo)
    if not tags:
        return None, None
    current = read_version(repo, WORKTREE)
    latest = read_version(repo, tags[-1])
    if any(compare_clauses(latest.clauses[l], current.clauses[l]) for l in plandoc.LANGS):
        return tags[-1], None
    if len(tags) >= 2:
        return tags[-2], None
    return None, tags[-1]


def site_block(repo: Path, lang: str, cmp: Comparison | None, first: str | None,
               error: str | None, printable: str) -> str:
    t = SITE_TEXT[lang]
    style = ("<style>.plan-compare table.compare{width:100%;table-layout:fixed;font-size:.7rem;border-collapse:collapse}"
             ".plan-compare th,.plan-compare td{border:1px solid var(--md-default-fg-color--lighter);padding:.3em .5em;text-align:left}"
             ".plan-compare thead th{background:var(--md-default-fg-color--lightest)}"
             ".plan-compare table.compare col.clause{width:14%}"
             ".plan-compare td{vertical-align:top;overflow-wrap:anywhere}"
             ".plan-compare td.clause .cite,.plan-compare td.clause .note{display:block;font-size:.85em}"
             ".plan-compare .kind{display:inline-block;padding:0 .3em;border:1px solid currentColor;border-radius:.2em;font-size:.85em}"
             ".plan-compare del{background:#fbd5d5;color:#7a0000}"
             ".plan-compare ins{background:#d4f0d4;color:#004d00;text-decoration:underline}"
             ".plan-compare .versions dt{font-weight:bold}.plan-compare .versions dd{margin-left:1em}</style>")
    if error:
        body = f"<p>{html.escape(t['error'].format(error=error))}</p>"
    elif cmp is None and first:
        body = f"<p>{html.escape(t['first'].format(tag=first))}</p>"
    elif cmp is None:
        body = f"<p>{html.escape(t['notags'])}</p>"
    else:
        body = (f"<p>{html.escape(t['intro'].format(tag=cmp.old.rev))} "
                f'<a href="{printable}">{html.escape(t["print"])}</a></p>'
                + fragment_html(cmp, lang, heading_level=3))
    return f'<div class="plan-compare" data-compare="{lang}" data-base="{html.escape(cmp.old.rev) if cmp else ""}">{style}{body}</div>'


def site_comparison(repo: Path) -> tuple[Comparison | None, str | None, str | None]:
    """What the site's 修订对照表 page shows: (the comparison, or None; the first tag when the
    current text is that first version; an error that prevented the comparison)."""
    cmp, first, error = None, None, None
    try:
        base, first = site_base(repo)
        if base:
            cmp = compare(read_version(repo, base), read_version(repo, WORKTREE))
    except (RuntimeError, OSError, ValueError) as e:
        error = str(e)
    return cmp, first, error


def site_summary(cmp: Comparison | None, first: str | None, error: str | None) -> str:
    if error:
        return f"compare: no table of changes ({error})"
    if cmp is None:
        return "compare: " + (f"the current text is the first version, {first}" if first else "no plan-v* tag: no table of changes")
    return f"compare: site/changes/: {cmp.old.rev} → current text: {counts_text(cmp.rows['en'], 'en')}"


def build_site_page(repo: Path, site: Path) -> str:
    """Fill the 修订对照表 page (both languages) of a built site and write the printable table.
    (The site's build does this in the MkDocs hook, plansite/hook.py, with the same parts.)"""
    cmp, first, error = site_comparison(repo)
    out_dir = site / "changes"
    printable = "compare.html"
    if cmp is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / printable).write_text(page_html(cmp), encoding="utf-8")
    for lang, page in (("zh", site / "changes" / "index.html"), ("en", site / "en" / "changes" / "index.html")):
        if not page.exists():
            raise RuntimeError(f"{page} not found: is docs/changes/index.{lang}.md in the nav?")
        text = page.read_text(encoding="utf-8")
        ph = PLACEHOLDER.format(lang=lang)
        if ph not in text:
            raise RuntimeError(f"{page}: no placeholder {ph}")
        link = printable if lang == "zh" else "../../changes/" + printable
        text = text.replace(ph, site_block(repo, lang, cmp, first, error, link))
        page.write_text(text, encoding="utf-8")
    return site_summary(cmp, first, error)


# -- command line ----------------------------------------------------------------------------------

def safe_name(rev: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", rev)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="修订对照表: compare two versions of the plan from git.")
    ap.add_argument("old", nargs="?", help="the earlier revision (default: the latest plan-vN tag)")
    ap.add_argument("new", nargs="?", default=WORKTREE, help="the later revision (default: the working tree)")
    ap.add_argument("--repo", type=Path, default=plandoc.ROOT, help="the git repository (default: this one)")
    ap.add_argument("--out", type=Path, default=None, help="output directory (default: REPO/build/compare)")
    ap.add_argument("--site", type=Path, default=None,
                    help="build step: fill SITE/changes/ with the comparison of the current text "
                         "and the previous tagged version")
    args = ap.parse_args(argv)
    repo = args.repo.resolve()
    if args.site is not None:
        print(build_site_page(repo, args.site.resolve()))
        return 0
    old = args.old
    if not old:
        tags = plan_tags(repo)
        if not tags:
            print("compare: no plan-v* tag; give OLD, e.g. make compare OLD=<commit>\n"
                  "没有 plan-v* 标签，请指定 OLD，例如 make compare OLD=<提交>", file=sys.stderr)
            return 2
        old = tags[-1]
    new = args.new or WORKTREE
    try:
        cmp = compare(read_version(repo, old), read_version(repo, new))
    except RuntimeError as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    out = args.out or repo / "build" / "compare"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{safe_name(old)}..{safe_name(new if new != WORKTREE else 'worktree')}"
    html_path, md_path = out / f"{stem}.html", out / f"{stem}.md"
    html_path.write_text(page_html(cmp), encoding="utf-8")
    summary = markdown_summary(cmp)
    md_path.write_text(summary, encoding="utf-8")
    print(summary)
    print(f"compare: wrote {html_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
