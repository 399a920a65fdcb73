"""Collate the comments readers exported from the site (意见汇总), for the drafters.

    python -m plansite.comments FILE... [--out build/comments]
    make comments FILES="a.docx b.json c.csv"

Readers comment clause by clause on the site; the comments stay on their device until they export
them (docs/assets/js/comments-page.js) and send the files through the consultation's channel. This
reads any mix of those files: the Word 意见反馈表 (.docx, also after the commenter edited it in Word
or WPS), the CSV table (UTF-8 with a byte-order mark; also as Excel saves it again, in GB18030) and
the JSON data, in Chinese or English, and writes into build/comments/:

    summary.md     grouped by clause in the plan's order, a count per clause, each comment with its
                   commenter and file, and columns for the drafters' 处理意见 (采纳 / 部分采纳 /
                   不采纳, and why): the start of the published 征求意见采纳情况说明
    summary.xlsx   the same as a workbook (the 处理意见 column offers the three answers)
    summary.html   the same on A4 landscape, and summary.pdf printed from it (WeasyPrint)

The same comment exported twice (say as .docx and as .json) counts once: the exports carry each
comment's stable id (the Word file in a custom document property), and a comment without one is
the same as another when its clause, text, reason and commenter are. A comment edited and exported
again keeps its id: the later version counts, the earlier one is named as superseded. A file that
cannot be read is named with the reason; the others are still collated. Exit status: 0 when every
file was read, 1 when any could not be (the summary is written all the same), 2 for bad arguments.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from plansite import ROOT
from plansite import plandoc

OUT = ROOT / "build" / "comments"
JSON_FORMAT = "yy-renovation-comments"
DOCX_PROPERTY = "yy-renovation-comments"
SUFFIXES = (".docx", ".csv", ".json")

# Column headings of the exports in both languages (docs/assets/js/comments-page.js, CSV_HEAD),
# by the field they hold.
CSV_COLUMNS = {
    "n": ("序号", "No."),
    "clause": ("条款编号", "Clause id"),
    "citation": ("条款", "Clause"),
    "citation_zh": ("Clause (Chinese citation)",),
    "text": ("原文", "Text"),
    "comment": ("修改意见", "Comment"),
    "reason": ("理由", "Reason"),
    "id": ("意见编号", "Comment id"),
    "plan_version": ("方案版本", "Plan version"),
    "updated": ("修改时间", "Updated"),
    "name": ("姓名", "Name"),
    "organisation": ("单位", "Organisation"),
    "contact": ("联系方式", "Contact"),
}
# The Word form's table heads (a match is by the start of the cell's text, so a commenter's
# "修改意见或建议" still counts) and the labels of its commenter table.
DOCX_COLUMNS = {
    "n": ("序号", "no"),
    "citation": ("条款", "clause"),
    "text": ("原文", "text"),
    "comment": ("修改意见", "意见", "comment"),
    "reason": ("理由", "reason"),
}
DOCX_WHO = {"name": ("姓名", "name"), "organisation": ("单位", "organisation", "organization"),
            "contact": ("联系方式", "contact"), "date": ("填写日期", "date")}


@dataclass
class Comment:
    clause: str | None          # the clause id, None when the citation names no clause of the plan
    citation: str               # as the file gives it
    comment: str
    reason: str = ""
    name: str = ""
    organisation: str = ""
    contact: str = ""
    id: str | None = None
    plan_version: str = ""
    updated: str = ""
    sources: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)   # earlier versions of the same comment
    conflict: bool = False      # another comment has the same id with other words, none later

    def content_key(self) -> tuple:
        return (self.clause or norm(self.citation), norm(self.comment), norm(self.reason))

    def commenter_key(self) -> tuple:
        return (norm(self.name), norm(self.organisation), norm(self.contact))

    @property
    def commenter(self) -> str:
        extra = "；".join(x for x in (self.organisation, self.contact) if x)
        if self.name and extra:
            return f"{self.name}（{extra}）"
        return self.name or extra


@dataclass
class Problem:
    path: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.path}：{self.zh} / {self.en}"


class Unreadable(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def norm(s: str | None) -> str:
    """Text compared for sameness: NFKC, no whitespace (Chinese takes none, Word adds some)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def unguard(s: str) -> str:
    """The CSV export puts an apostrophe before text a spreadsheet would take as a formula."""
    return s[1:] if len(s) > 1 and s[0] == "'" and s[1] in "=+-@\t\r" else s


def split_last_parenthesis(s: str) -> tuple[str, ...]:
    """'A (B (c))' -> ('A', 'B (c)'): the text before the last balanced parenthesis, and inside it."""
    s = s.strip()
    if not s.endswith(")"):
        return ()
    depth = 0
    for i in range(len(s) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(s[i], 0)
        if depth == 0:
            return (s[:i], s[i + 1:-1])
    return ()


class Clauses:
    """The plan's clauses: their order, and every way the exports cite them."""

    def __init__(self) -> None:
        index = plandoc.clause_index("zh")
        self.order = {cid: i for i, cid in enumerate(index)}
        self.text = {cid: c.text for cid, (_, c) in index.items()}
        self.by_citation: dict[str, str] = {}
        for cid in index:
            for lang in plandoc.LANGS:
                self.by_citation[norm(plandoc.citation(cid, lang))] = cid
        meta = plandoc.parse_page(plandoc.page_path("plan/preamble", "zh")).meta
        self.version = str(meta["version"])
        self.version_label = f"{meta['document_status']} · 版本 {meta['version']} · {meta['date']}"

    def place(self, clause_id: str | None, citation: str) -> str | None:
        if clause_id and clause_id in self.order:
            return clause_id
        cite = norm(citation)
        if cite in self.by_citation:
            return self.by_citation[cite]
        # "Section III, item (2) (第三条第（二）项)": either half names the clause
        for part in split_last_parenthesis(unicodedata.normalize("NFKC", citation)):
            hit = self.by_citation.get(norm(part))
            if hit:
                return hit
        return None

    def sort_key(self, c: Comment) -> tuple:
        return (self.order.get(c.clause, len(self.order)) if c.clause else len(self.order), c.citation)


# -- reading -------------------------------------------------------------------------------------
def read_json(path: Path, clauses: Clauses) -> list[Comment]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as e:
        raise Unreadable(f"不是 UTF-8 编码的文本（{e.reason}）", f"not UTF-8 text ({e.reason})")
    except json.JSONDecodeError as e:
        raise Unreadable(f"不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{e.msg}）",
                         f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})")
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT or not isinstance(data.get("comments"), list):
        raise Unreadable(f"不是本站导出的意见文件（缺少 \"format\": \"{JSON_FORMAT}\" 和 comments 列表）",
                         f"not a comment file exported by this site (no \"format\": \"{JSON_FORMAT}\" and comments list)")
    who = data.get("commenter") if isinstance(data.get("commenter"), dict) else {}
    out = []
    for i, c in enumerate(data["comments"], start=1):
        if not isinstance(c, dict) or not isinstance(c.get("comment"), str):
            raise Unreadable(f"第 {i} 条意见没有意见文字（comment）", f"comment {i} has no text (comment)")
        cite = str(c.get("citation_zh") or c.get("citation") or c.get("clause") or "")
        out.append(Comment(
            clause=clauses.place(str(c.get("clause") or ""), cite), citation=cite, comment=c["comment"],
            reason=str(c.get("reason") or ""), name=str(who.get("name") or ""),
            organisation=str(who.get("organisation") or ""), contact=str(who.get("contact") or ""),
            id=str(c.get("id") or "") or None, plan_version=str(c.get("plan_version") or ""),
            updated=str(c.get("updated") or ""), sources=[f"{path.name}#{i}"]))
    return out


def decode_csv(raw: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise Unreadable("既不是 UTF-8 也不是 GB18030 编码的文本", "neither UTF-8 nor GB18030 text")


def read_csv(path: Path, clauses: Clauses) -> list[Comment]:
    text = decode_csv(path.read_bytes())
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise Unreadable(f"不是有效的 CSV（{e}）", f"not valid CSV ({e})")
    if not rows:
        raise Unreadable("文件是空的", "the file is empty")
    head = [h.strip() for h in rows[0]]
    col = {}
    for key, names in CSV_COLUMNS.items():
        for j, h in enumerate(head):
            if h in names:
                col[key] = j
    if "comment" not in col or not ({"clause", "citation"} & col.keys()):
        raise Unreadable("不是本站导出的意见表格：第一行缺少“修改意见”和“条款”列",
                         "not a comment table exported by this site: the first row has no Comment and Clause columns")
    out = []
    for i, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        get = lambda k: unguard(row[col[k]]).strip() if k in col and col[k] < len(row) else ""  # noqa: E731
        cite = get("citation_zh") or get("citation") or get("clause")
        out.append(Comment(
            clause=clauses.place(get("clause"), cite), citation=cite, comment=get("comment"),
            reason=get("reason"), name=get("name"), organisation=get("organisation"), contact=get("contact"),
            id=get("id") or None, plan_version=get("plan_version"), updated=get("updated"),
            sources=[f"{path.name}:{i}"]))
    return out


def docx_ids(path: Path) -> dict[str, dict]:
    """The ids the site wrote into the Word file's custom property, by clause id."""
    try:
        with zipfile.ZipFile(path) as z:
            if "docProps/custom.xml" not in z.namelist():
                return {}
            root = ElementTree.fromstring(z.read("docProps/custom.xml"))
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError):
        return {}
    for prop in root:
        if prop.get("name") == DOCX_PROPERTY:
            try:
                data = json.loads("".join(prop.itertext()))
                return {str(c["clause"]): c for c in data.get("comments", []) if isinstance(c, dict) and "clause" in c}
            except (ValueError, TypeError, KeyError):
                return {}
    return {}


def cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def match_heads(cells: list[str], spec: dict) -> dict[str, int]:
    col: dict[str, int] = {}
    for j, h in enumerate(cells):
        h = norm(h).lower()
        for key, names in spec.items():
            if key not in col and any(h.startswith(norm(n).lower()) for n in names):
                col[key] = j
                break
    return col


def read_docx(path: Path, clauses: Clauses) -> list[Comment]:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise Unreadable("不是有效的 Word（.docx）文件：文件已损坏或不完整，或是其他格式改了扩展名",
                         "not a valid Word (.docx) file: damaged, incomplete, or another format renamed") from e
    who = {"name": "", "organisation": "", "contact": ""}
    table = col = None
    for t in document.tables:
        rows = [[cell_text(c) for c in r.cells] for r in t.rows]
        if not rows:
            continue
        heads = match_heads(rows[0], DOCX_COLUMNS)
        if {"citation", "comment"} <= heads.keys() and table is None:
            table, col = rows, heads
            continue
        for r in rows:  # the commenter's table: label, value, label, value
            for j in range(0, len(r) - 1):
                labels = match_heads([r[j]], {k: v for k, v in DOCX_WHO.items()})
                for key in labels:
                    if key in who and not who[key]:
                        who[key] = r[j + 1].strip()
    if table is None:
        raise Unreadable("文件中没有意见表（表头应有“条款”“修改意见”等列）",
                         "the file has no comment table (a table headed Clause, Comment ...)")
    ids = docx_ids(path)
    out = []
    for i, r in enumerate(table[1:], start=1):
        get = lambda k: r[col[k]].strip() if k in col and col[k] < len(r) else ""  # noqa: E731
        if not get("comment") and not get("citation"):
            continue
        cid = clauses.place(None, get("citation"))
        known = ids.get(cid or "", {})
        out.append(Comment(
            clause=cid, citation=get("citation"), comment=get("comment"), reason=get("reason"),
            id=str(known.get("id") or "") or None, updated=str(known.get("updated") or ""),
            sources=[f"{path.name}#{i}"], **who))
    return out


READERS = {".docx": read_docx, ".csv": read_csv, ".json": read_json}


def read_file(path: Path, clauses: Clauses) -> list[Comment]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise Unreadable("文件不存在", "no such file")
    if suffix == ".doc":
        raise Unreadable("是旧版 Word（.doc）文件：请在 Word 或 WPS 中另存为 .docx",
                         "an old Word (.doc) file: save it as .docx in Word or WPS")
    if suffix not in READERS:
        raise Unreadable(f"不支持的文件类型“{path.suffix or '（无）'}”：只读取本站导出的 .docx、.csv、.json",
                         f"unsupported file type '{path.suffix or '(none)'}': only .docx, .csv and .json exported by this site")
    out = READERS[suffix](path, clauses)
    for c in out:
        if not c.comment.strip():
            raise Unreadable(f"{c.sources[0]} 没有意见文字", f"{c.sources[0]} has no comment text")
    return out


# -- collating -----------------------------------------------------------------------------------
def same(a: Comment, b: Comment) -> bool:
    if a.content_key() != b.content_key():
        return False
    if a.id and b.id:
        return a.id == b.id
    return a.commenter_key() == b.commenter_key()


def collate(items: list[Comment], clauses: Clauses) -> tuple[list[Comment], int]:
    """One entry per comment, in the plan's clause order; returns them and the duplicates dropped."""
    kept: list[Comment] = []
    dropped = 0
    for c in items:
        dup = next((k for k in kept if same(k, c)), None)
        if dup:
            dup.sources += c.sources
            dup.id = dup.id or c.id
            dup.updated = dup.updated or c.updated
            dup.plan_version = dup.plan_version or c.plan_version
            dropped += 1
            continue
        twin = next((k for k in kept if c.id and k.id == c.id), None)
        if twin and c.updated and twin.updated and c.updated != twin.updated:
            dropped += 1
            if c.updated > twin.updated:
                c.superseded = twin.superseded + twin.sources
                kept[kept.index(twin)] = c
            else:
                twin.superseded += c.sources
            continue
        if twin:
            c.conflict = twin.conflict = True
        kept.append(c)
    kept.sort(key=clauses.sort_key)
    return kept, dropped


def collect(paths: list[Path], clauses: Clauses) -> tuple[list[Comment], list[Problem], int]:
    items: list[Comment] = []
    problems: list[Problem] = []
    for p in paths:
        try:
            items += read_file(p, clauses)
        except Unreadable as e:
            problems.append(Problem(str(p), e.zh, e.en))
        except (OSError, zipfile.BadZipFile, ElementTree.ParseError) as e:
            problems.append(Problem(str(p), f"无法读取（{e}）", f"cannot be read ({e})"))
    return items, problems, len(items)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m plansite.comments",
        description="意见汇总 / Collate comments exported from the site (.docx, .csv, .json).")
    ap.add_argument("files", nargs="*", type=Path, help="exported comment files")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: build/comments)")
    ap.add_argument("--no-pdf", action="store_true", help="skip summary.pdf")
    args = ap.parse_args(argv)
    if not args.files:
        print('comments: 请给出要汇总的文件，例如 make comments FILES="a.docx b.json c.csv" / '
              'name the files to collate, e.g. make comments FILES="a.docx b.json c.csv"', file=sys.stderr)
        return 2
    from plansite import comments_report
    clauses = Clauses()
    items, problems, read = collect(args.files, clauses)
    kept, dropped = collate(items, clauses)
    written = comments_report.write_all(args.out, kept, problems, clauses, files=len(args.files),
                                        read=read, dropped=dropped, pdf=not args.no_pdf)
    for p in problems:
        print(f"comments: 无法读取 / cannot read {p}", file=sys.stderr)
    for c in kept:
        if c.clause is None:
            print(f"comments: {', '.join(c.sources)}：条款“{c.citation}”不在现行方案中 / "
                  f"clause '{c.citation}' is not in the current plan", file=sys.stderr)
    print(f"comments: {len(args.files)} 个文件，{len(kept)} 条意见（去除重复 {dropped} 条），"
          f"{len(problems)} 个文件未能读取 / {len(args.files)} file(s), {len(kept)} comment(s) "
          f"({dropped} duplicate(s) dropped), {len(problems)} file(s) unreadable")
    for path in written:
        print(f"comments: {path}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
