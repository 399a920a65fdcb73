"""The collated comments (plansite/comments.py) as summary.md, summary.xlsx, summary.html and .pdf.

Grouped by clause in the plan's order, a count per clause, each comment with its commenter and
the files it came from, and empty columns for the drafters' 处理意见 (采纳 / 部分采纳 / 不采纳)
and its reason, so that the table can become the published 征求意见采纳情况说明. Every text a
commenter typed is escaped in Markdown and HTML, and written to the workbook as text, never as a
formula.
"""
from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path

from plansite import plandoc

DECISIONS = ("采纳", "部分采纳", "不采纳")
HEADS = ["序号", "意见", "理由", "提出人", "来源", "处理意见（采纳/部分采纳/不采纳）", "处理理由"]
UNKNOWN = "条款不明"


def groups(kept, clauses) -> list[tuple[str | None, list]]:
    out: list[tuple[str | None, list]] = []
    for c in kept:
        if out and out[-1][0] == c.clause:
            out[-1][1].append(c)
        else:
            out.append((c.clause, [c]))
    return out


def title_of(cid: str | None, items) -> str:
    if cid is None:
        return f"{UNKNOWN}：" + "、".join(sorted({c.citation or "（空）" for c in items}))
    return f"{plandoc.citation(cid, 'zh')}（{cid}）"


def notes_of(c, clauses) -> list[str]:
    notes = []
    if c.plan_version and c.plan_version != clauses.version:
        notes.append(f"针对方案第 {c.plan_version} 版")
    if c.superseded:
        notes.append("较早版本（已由本条取代）：" + "、".join(c.superseded))
    if c.conflict:
        notes.append("与另一条意见编号相同而文字不同，请核对")
    return notes


def today() -> str:
    return _dt.date.today().isoformat()


# -- Markdown ------------------------------------------------------------------------------------
def md_cell(s: str) -> str:
    return html.escape(s or "", quote=False).replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def markdown(kept, problems, clauses, files: int, read: int, dropped: int) -> str:
    lines = [
        "# 意见汇总 / Collated comments",
        "",
        f"《{plandoc.TITLE['zh']}》 · 现行方案：{clauses.version_label} · 汇总日期：{today()}",
        "",
        f"读取文件 {files} 个，读出意见 {read} 条，去除重复 {dropped} 条，汇总 {len(kept)} 条；"
        f"未能读取的文件 {len(problems)} 个。 / {files} file(s), {read} comment(s) read, {dropped} duplicate(s) "
        f"dropped, {len(kept)} collated; {len(problems)} file(s) could not be read.",
        "",
    ]
    if problems:
        lines += ["## 未能读取的文件 / Files that could not be read", ""]
        lines += [f"- `{md_cell(p.path)}`：{md_cell(p.zh)} / {md_cell(p.en)}" for p in problems]
        lines.append("")
    lines += ["## 各条款意见数 / Comments per clause", "", "| 条款 | 意见数 |", "|---|---|"]
    for cid, items in groups(kept, clauses):
        lines.append(f"| {md_cell(title_of(cid, items))} | {len(items)} |")
    lines += [f"| 合计 | {len(kept)} |", ""]
    n = 0
    for cid, items in groups(kept, clauses):
        lines += [f"## {md_cell(title_of(cid, items))} · {len(items)} 条意见", ""]
        if cid is not None:
            lines += ["> " + md_cell(clauses.text[cid]).replace("<br>", "<br>\n> "), ""]
        lines += ["| " + " | ".join(HEADS) + " |", "|" + "---|" * len(HEADS)]
        for c in items:
            n += 1
            source = "、".join(c.sources) + ("<br>" + "；".join(md_cell(x) for x in notes_of(c, clauses)) if notes_of(c, clauses) else "")
            lines.append(f"| {n} | {md_cell(c.comment)} | {md_cell(c.reason)} | {md_cell(c.commenter)} | "
                         f"{source} |  |  |")
        lines.append("")
    return "\n".join(lines)


# -- Excel ---------------------------------------------------------------------------------------
def xlsx(path: Path, kept, problems, clauses) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "意见汇总"
    heads = ["序号", "条款编号", "条款", "原文", "意见", "理由", "姓名", "单位", "联系方式", "方案版本",
             "意见编号", "来源文件", "说明", "处理意见", "处理理由"]
    widths = [6, 9, 18, 40, 40, 28, 10, 16, 16, 8, 12, 22, 20, 12, 30]
    ws.append(heads)
    bold = Font(bold=True)
    for j, w in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=j)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="E7E6E6")
        ws.column_dimensions[cell.column_letter].width = w
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, c in enumerate(kept, start=1):
        values = [n, c.clause or "", plandoc.citation(c.clause, "zh") if c.clause else f"{UNKNOWN}：{c.citation}",
                  clauses.text.get(c.clause, "") if c.clause else "", c.comment, c.reason, c.name,
                  c.organisation, c.contact, c.plan_version, c.id or "", "、".join(c.sources),
                  "；".join(notes_of(c, clauses)), "", ""]
        for j, v in enumerate(values, start=1):
            cell = ws.cell(row=n + 1, column=j)
            cell.value = v
            if isinstance(v, str):
                cell.data_type = "s"   # text stays text: "=..." typed by a commenter is no formula
            cell.alignment = wrap
    choice = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="处理意见", error="请选择：采纳、部分采纳或不采纳")
    ws.add_data_validation(choice)
    if kept:
        choice.add(f"N2:N{len(kept) + 1}")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(heads)).column_letter}{len(kept) + 1}"

    per = wb.create_sheet("按条款统计")
    per.append(["条款编号", "条款", "意见数"])
    for j, w in enumerate([10, 30, 8], start=1):
        per.cell(row=1, column=j).font = bold
        per.column_dimensions[per.cell(row=1, column=j).column_letter].width = w
    for cid, items in groups(kept, clauses):
        per.append([cid or "", title_of(cid, items), len(items)])
        for j in (1, 2):
            per.cell(row=per.max_row, column=j).data_type = "s"
    per.append(["", "合计", len(kept)])
    if problems:
        bad = wb.create_sheet("未能读取的文件")
        bad.append(["文件", "原因", "Reason"])
        for p in problems:
            bad.append([p.path, p.zh, p.en])
            for j in (1, 2, 3):
                bad.cell(row=bad.max_row, column=j).data_type = "s"
        for col, w in zip("ABC", (30, 50, 50)):
            bad.column_dimensions[col].width = w
    wb.properties.title = "意见汇总"
    wb.properties.subject = plandoc.TITLE["zh"]
    wb.save(str(path))


# -- HTML and PDF ----------------------------------------------------------------------------------
CSS = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm;
  @bottom-right { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 8pt; color: #555; } }
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 280mm; padding: 8mm; color: #111; background: #fff;
  font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", serif;
  font-size: 10pt; line-height: 1.55; }
h1, h2, th { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", sans-serif; }
h1 { font-size: 16pt; margin: 0 0 .3em; }
h2 { font-size: 12pt; margin: 1.2em 0 .3em; break-after: avoid; page-break-after: avoid; }
p.meta { margin: .2em 0; color: #333; }
.problems { border: 1px solid #b35c00; background: #fff4e5; padding: .3em .8em; }
blockquote { margin: .2em 0 .5em; padding: .2em .8em; border-left: 3pt solid #999; color: #333; font-size: 9.5pt;
  break-after: avoid; page-break-after: avoid; }
h2 + table, blockquote + table { break-before: avoid; page-break-before: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .3em 0 .8em; }
thead { display: table-header-group; }
th { background: #e7e6e6; font-weight: normal; }
th, td { border: 1px solid #777; padding: 3pt 5pt; vertical-align: top; overflow-wrap: anywhere; text-align: left; }
tr { break-inside: avoid; page-break-inside: avoid; }
col.n { width: 4%; } col.c { width: 25%; } col.r { width: 15%; } col.w { width: 12%; } col.s { width: 13%; }
col.d { width: 10%; } col.dr { width: 21%; }
table.counts { width: auto; min-width: 50%; }
.note { display: block; font-size: 8.5pt; color: #8a4b00; }
"""


def esc(s: str) -> str:
    return html.escape(s or "").replace("\n", "<br>")


def html_page(kept, problems, clauses, files: int, read: int, dropped: int) -> str:
    out = [f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>意见汇总</title>'
           f"<style>{CSS}</style></head><body>",
           "<h1>意见汇总</h1>",
           f'<p class="meta">《{esc(plandoc.TITLE["zh"])}》</p>',
           f'<p class="meta">现行方案：{esc(clauses.version_label)} · 汇总日期：{today()}</p>',
           f'<p class="meta">读取文件 {files} 个，读出意见 {read} 条，去除重复 {dropped} 条，'
           f"汇总 {len(kept)} 条；未能读取的文件 {len(problems)} 个。</p>"]
    if problems:
        out.append('<div class="problems"><h2>未能读取的文件</h2><ul>')
        out += [f"<li><code>{esc(p.path)}</code>：{esc(p.zh)}</li>" for p in problems]
        out.append("</ul></div>")
    out.append('<h2>各条款意见数</h2><table class="counts"><thead><tr><th>条款</th><th>意见数</th></tr></thead><tbody>')
    gs = groups(kept, clauses)
    out += [f"<tr><td>{esc(title_of(cid, items))}</td><td>{len(items)}</td></tr>" for cid, items in gs]
    out.append(f"<tr><td>合计</td><td>{len(kept)}</td></tr></tbody></table>")
    n = 0
    for cid, items in gs:
        out.append(f'<section data-clause="{esc(cid or "")}"><h2>{esc(title_of(cid, items))} · {len(items)} 条意见</h2>')
        if cid is not None:
            out.append(f"<blockquote>{esc(clauses.text[cid])}</blockquote>")
        out.append('<table><colgroup><col class="n"><col class="c"><col class="r"><col class="w"><col class="s">'
                   '<col class="d"><col class="dr"></colgroup><thead><tr>'
                   + "".join(f"<th>{h}</th>" for h in HEADS) + "</tr></thead><tbody>")
        for c in items:
            n += 1
            notes = "".join(f'<span class="note">{esc(x)}</span>' for x in notes_of(c, clauses))
            out.append(f"<tr><td>{n}</td><td>{esc(c.comment)}</td><td>{esc(c.reason)}</td><td>{esc(c.commenter)}</td>"
                       f"<td>{esc('、'.join(c.sources))}{notes}</td><td></td><td></td></tr>")
        out.append("</tbody></table></section>")
    out.append("</body></html>")
    return "\n".join(out)


def write_all(out: Path, kept, problems, clauses, *, files: int, read: int, dropped: int, pdf: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    md = out / "summary.md"
    md.write_text(markdown(kept, problems, clauses, files, read, dropped), encoding="utf-8")
    book = out / "summary.xlsx"
    xlsx(book, kept, problems, clauses)
    page = out / "summary.html"
    text = html_page(kept, problems, clauses, files, read, dropped)
    page.write_text(text, encoding="utf-8")
    written = [md, book, page]
    if pdf:
        import weasyprint
        target = out / "summary.pdf"
        weasyprint.HTML(string=text, base_url=str(out)).write_pdf(str(target), pdf_identifier=False)
        written.append(target)
    return written
