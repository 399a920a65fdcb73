"""The comparison as a table: HTML for A4 landscape and the site, Markdown for a pull request."""
from __future__ import annotations

import html
import re

from plansite import plandoc
from plansite.compare.diff import WORKTREE, Comparison, Row, Version, changes_of

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
    recorded = re.fullmatch(r"[0-9a-f]{40}", v.rev) and m.get("version")  # a version of policy/versions.yaml
    if recorded:
        name = f"第{m['version']}版" if lang == "zh" else f"version {m['version']}"
        m = {k: val for k, val in m.items() if k != "version"}
    if lang == "zh":
        name = "当前文本（工作区）" if v.rev == WORKTREE else (name if recorded else v.rev)
        bits = [f"版本 {m['version']}" if m.get("version") else "", m.get("status", ""), m.get("date", "")]
        bits = "，".join(b for b in bits if b)
        if v.commit and v.commit != v.rev:
            bits += f"；提交 {v.commit}"
        return f"{name}（{bits}）" if bits else name
    name = "the current text (working tree)" if v.rev == WORKTREE else (name if recorded else v.rev)
    bits = [f"version {m['version']}" if m.get("version") else "", m.get("status", ""), m.get("date", "")]
    bits = ", ".join(b for b in bits if b)
    if v.commit and v.commit != v.rev:
        bits += f"; commit {v.commit}"
    return f"{name} ({bits})" if bits else name


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
<p>由 plansite.compare 根据 git 中的两个版本逐条生成；条款按编号对应，中文按字比较，英文按词比较。以中文为准。</p>
<p lang="en">Generated by plansite.compare from the two versions in git; clauses are matched by id,
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
