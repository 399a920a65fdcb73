"""Build meeting-ready A4 PDFs of the plan: Chinese, English and bilingual.

    python -m plansite.pdf                 # = make pdf: all three into site/pdf/
    python -m plansite.pdf --lang zh       # one of them (zh | en | zh-en)
    python -m plansite.pdf --out /tmp/pdf --html   # elsewhere, keeping the HTML too

The PDFs are made with WeasyPrint from HTML generated here from the plan's Markdown pages as
plansite/plandoc.py reads them (never from the built site), with the print stylesheet
plansite/pdf_templates/print.css and the template plansite/pdf_templates/plan.html.j2. Each has a cover (title,
status, version, dates), a contents list with page numbers, bookmarks named as the headings, a
running header, "第 n 页 / 共 N 页" (Page n of N) footers, every clause's id (序言, 附件1 in the
Chinese edition, never an English label), and the editorial notes the site shows. Where it was
built from (the git commit, flagged when the plan's files have uncommitted changes, and the
source file's id) is in the document's properties (Creator) and a small colophon at the end,
not on the cover or in the footers: a reader at a meeting needs the version and the date.

Fonts: the body is set in Noto Serif CJK SC, headings in Noto Sans CJK SC (fonts-noto-cjk),
named explicitly so that Chinese never gets the Japanese glyph forms.

A clause of the Chinese text that its English page lacks stops the build of the English and
bilingual PDFs with an error that names it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markdown

from plansite import plandoc

ROOT = plandoc.ROOT
PDF_DIR = Path(__file__).resolve().parent / "pdf_templates"
DEFAULT_OUT = ROOT / "site" / "pdf"

# The editions: file name (stable: the site links to it) and the languages shown, in order.
EDITIONS = {
    "zh": {"file": "yueyang-renovation-plan-draft.zh.pdf", "langs": ("zh",)},
    "en": {"file": "yueyang-renovation-plan-draft.en.pdf", "langs": ("en",)},
    "zh-en": {"file": "yueyang-renovation-plan-draft.zh-en.pdf", "langs": ("zh", "en")},
}

# The files a PDF is made from: "uncommitted changes" on the cover refers to these.
INPUTS = ["docs/plan", "plansite/plandoc.py", "plansite/numbering.py", "plansite/pdf.py", "plansite/pdf_templates"]

# Text of the cover, the contents and the page furniture, per edition.
LABELS = {
    "zh": {
        "html_lang": "zh-Hans",
        "contents": "目录",
        "preamble": "序言",
        "version": "版本",
        "text_date": "文本日期",
        "built": "生成日期",
        "revision": "源修订",
        "dirty": "含未提交的修改",
        "clean": "与该提交一致",
        "unknown": "未知（不在 git 仓库中）",
        "source": "原文",
        "colophon": "版本记录",
        "annex": "附件{n}",
        "edition": "本册",
        "edition_name": "中文版",
        "page_fmt": ('"第 " counter(page) " 页 / 共 " counter(pages) " 页"'),
        "notes": "编辑说明",
        "source_was": "原文",
        "shown_as": "本册",
        "about": [
            "中文为原文，逐字照录。仅作三类编辑处理：更正第三条条件的编号错误；将中文行文中的半角括号、冒号统一为全角；删去一处多余的空格。"
            "每处均以 † 标出，并在所在章节末尾的“编辑说明”中列明。",
            "每一条款左侧的编号（如 3.2）与网站上的条款编号和锚点一致，可据以引用，例如：《{title}》第三条第（二）项。",
            "征求意见稿仅列出附件名称，未公布附件内容。",
        ],
    },
    "en": {
        "html_lang": "en",
        "contents": "Contents",
        "preamble": "Preamble",
        "version": "Version",
        "text_date": "Text dated",
        "built": "Built",
        "revision": "Source revision",
        "dirty": "with uncommitted changes",
        "clean": "as committed",
        "unknown": "unknown (not built from a git repository)",
        "source": "Source text",
        "colophon": "Colophon",
        "annex": "Annex {n}",
        "edition": "This edition",
        "edition_name": "English",
        "page_fmt": '"Page " counter(page) " of " counter(pages)',
        "notes": "Editorial notes",
        "source_was": "source",
        "shown_as": "shown",
        "about": [
            "The English is this site's translation, for reference; the Chinese text prevails.",
            "The Chinese is the source, reproduced word for word but for three kinds of marked editorial change: "
            "the numbering of the conditions in Section III is corrected, half-width brackets and colons in "
            "Chinese text are made full-width, and one stray space is removed. Each is marked † and listed under "
            "\"Editorial notes\" at the end of its section.",
            "The identifier beside each clause (such as 3.2) is the clause's identifier and anchor on the website; "
            "cite it, for example, as: Section III, item (2).",
            "The draft lists its annexes by title only; their contents were not published.",
        ],
    },
}
LABELS["zh-en"] = dict(
    LABELS["zh"],
    edition_name="中英对照版 / Chinese–English",
    contents="目录 / Contents",
    page_fmt='"第 " counter(page) " 页 / 共 " counter(pages) " 页 · Page " counter(page) " of " counter(pages)',
    about=LABELS["zh"]["about"] + ["英文为本站译文，仅供参考，以中文为准。The English is this site's translation, "
                                   "for reference; the Chinese text prevails."],
)



def status_labels(lab: dict, facts: dict, lang: str) -> dict:
    """An edition's labels with the plan's status (from its front matter) and its title filled in."""
    status = facts["status"][lang]
    return dict(lab, status=status[:1].upper() + status[1:], status_long=facts["note"][lang],
                about=[p.replace("{title}", facts["title"]["zh"]) for p in lab["about"]])


def labels_for(facts: dict) -> dict:
    return {k: status_labels(v, facts, "en" if k == "en" else "zh") for k, v in LABEL_TEMPLATES.items()}


# The status and the title follow the plan's front matter (`document_status`, plandoc.STATUSES);
# LABELS are those of the plan in docs/, render_html() fills them in for the plan it renders.
LABEL_TEMPLATES = LABELS
LABELS = labels_for(plandoc.read_plan_facts())


class TranslationMissing(SystemExit):
    """The English pages lack (or add) clauses of the Chinese text."""


# -- reading the plan ------------------------------------------------------------------------

_MD = markdown.Markdown(extensions=[])


def inline_html(text: str) -> str:
    """One paragraph of the plan's Markdown as inline HTML (escapes such as `1\\.` undone)."""
    _MD.reset()
    out = _MD.convert(text).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4].replace("\n", " " if not re.search(r"[\u4e00-\u9fff]", text) else "")
    # anything but a single paragraph (a list, say) would change the text: keep it literal
    return html.escape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text))


@dataclass
class Unit:
    """A clause (or the unanchored blocks before a page's first clause) in one language."""
    clause: str | None
    blocks: list[plandoc.Block] = field(default_factory=list)


def units_of(page: plandoc.Page) -> list[Unit]:
    units: list[Unit] = []
    for b in page.blocks:
        if b.anchor or not units:
            units.append(Unit(plandoc.anchor_to_id(b.anchor) if b.anchor else None))
        units[-1].blocks.append(b)
    return units


def check_translation(zh_pages: list[plandoc.Page], en_pages: list[plandoc.Page]) -> None:
    """Every clause of the Chinese pages must be on the English page, and no other: or raise."""
    problems = []
    for name, zp, ep in zip(plandoc.PLAN_PAGES, zh_pages, en_pages):
        zids = [c.id for c in zp.clauses]
        eids = [c.id for c in ep.clauses]
        missing = [c for c in zids if c not in eids]
        extra = [c for c in eids if c not in zids]
        if missing:
            problems.append(f"{name}.en.md lacks clause(s) {', '.join(missing)}")
        if extra:
            problems.append(f"{name}.en.md has clause(s) {', '.join(extra)} that the Chinese text has not")
        if not missing and not extra and zids != eids:
            problems.append(f"{name}.en.md has the clauses in another order")
        for c in ep.clauses:
            if not c.text.strip():
                problems.append(f"{name}.en.md: clause {c.id} is empty")
    if problems:
        raise TranslationMissing(
            "build_pdf: the English translation does not match the Chinese text:\n  "
            + "\n  ".join(problems)
            + "\nTranslate the missing clauses (docs/plan/*.en.md) before building the English PDFs.")


# -- the document model handed to the template -----------------------------------------------

@dataclass
class Text:
    lang: str
    kind: str          # "heading" | "para" | "doc-title" | "doc-subtitle"
    level: int
    html: str
    plain: str


@dataclass
class ClauseView:
    id: str | None
    anchor: str | None
    kind: str                          # "heading" or "para" (the kind of its first block)
    level: int
    texts: list[Text]
    edited: bool = False
    note_before: list[tuple[str, str]] = field(default_factory=list)   # (lang, text) boxes


@dataclass
class SectionView:
    name: str                          # plan/section-3
    id: str                            # "3", "preamble", "annexes"
    dom_id: str                        # anchor of the section in the PDF
    toc: dict[str, str]                # lang -> contents entry
    running: str                       # running header text
    clauses: list[ClauseView]
    subsections: list[tuple[str, dict[str, str]]]   # (dom id, lang -> entry) for h2 clauses
    notes: list[dict]                  # editorial notes: {clause, cite, source, text, note}


def heading_text(page: plandoc.Page) -> str:
    first = next((b for b in page.blocks if b.kind == "heading"), None)
    return first.text if first else str(page.meta.get("title", ""))


def build_sections(langs: tuple[str, ...], docs: Path = plandoc.DOCS) -> list[SectionView]:
    pages = {lang: plandoc.load_plan(lang, docs) for lang in plandoc.LANGS if lang in langs or lang == "zh"}
    if "en" in langs:
        check_translation(pages["zh"], pages["en"])
    sections = []
    for i, name in enumerate(plandoc.PLAN_PAGES):
        zh_page = pages["zh"][i]
        editorial = list(zh_page.meta.get("editorial") or [])
        edited = {str(e["clause"]) for e in editorial}
        numbering = [str(e["clause"]) for e in editorial if e["kind"] == "numbering"]
        sec_id = str(zh_page.meta.get("section") or name.rsplit("/", 1)[-1])
        by_lang = {lang: units_of(pages[lang][i]) for lang in langs}
        clause_order = [u.clause for u in units_of(zh_page)]
        clauses: list[ClauseView] = []
        subsections = []
        for pos, cid in enumerate(clause_order):
            texts: list[Text] = []
            kind, level = "para", 0
            for lang in langs:
                unit = next((u for u in by_lang[lang] if u.clause == cid), None) if cid else \
                    (by_lang[lang][0] if by_lang[lang] and by_lang[lang][0].clause is None else None)
                if unit is None:
                    continue
                for j, b in enumerate(unit.blocks):
                    k = b.kind
                    if cid is None and name == "plan/preamble":
                        k = "doc-title" if b.kind == "heading" else "doc-subtitle"
                    if j == 0:
                        kind, level = b.kind, b.level
                    texts.append(Text(lang, k, b.level, inline_html(b.text), plain_text(b.text)))
            # In the bilingual edition a clause's headings come first, in both languages, then its
            # text in Chinese followed by its English (sorted() is stable: languages keep order).
            texts = sorted(texts, key=lambda t: t.kind not in ("heading", "doc-title"))
            view = ClauseView(cid, plandoc.id_to_anchor(cid) if cid else None, kind, level, texts,
                              edited=cid in edited)
            if numbering and cid == numbering[0]:
                view.note_before = [(lang, plandoc.EDITORIAL_KINDS["numbering"][lang]) for lang in langs]
            if cid and kind == "heading" and level == 2:
                subsections.append((view.anchor, {t.lang: t.plain for t in texts if t.kind == "heading"}))
            clauses.append(view)
        toc, running = {}, []
        for lang in langs:
            if name == "plan/preamble":
                toc[lang] = LABELS[lang]["preamble"]
            else:
                toc[lang] = plain_text(heading_text(pages[lang][i])).rstrip("：:")   # 附件： -> 附件
            running.append(toc[lang])
        notes = []
        for e in editorial:
            cid = str(e["clause"])
            notes.append({
                "clause": cid,
                "anchor": plandoc.id_to_anchor(cid),
                "cite": {lang: plandoc.citation(cid, lang) for lang in langs},
                "source": e["source"].strip(),
                "text": e["text"],
                "note": {lang: plandoc.EDITORIAL_KINDS[e["kind"]][lang] for lang in langs},
            })
        dom_id = plandoc.id_to_anchor(sec_id) if name != "plan/preamble" else "plan-title"
        sections.append(SectionView(name, sec_id, dom_id, toc, " · ".join(running),
                                    clauses, subsections, notes))
    return sections


def plain_text(md_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", inline_html(md_text)))


# -- provenance ------------------------------------------------------------------------------

def git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def source_revision() -> dict:
    """The commit the PDFs are built from, and whether the plan's files differ from it."""
    commit = git("rev-parse", "HEAD")
    if not commit:
        return {"commit": None, "short": None, "dirty": None, "date": None}
    status = git("status", "--porcelain", "--untracked-files=all", "--", *INPUTS)
    return {
        "commit": commit,
        "short": git("rev-parse", "--short", "HEAD") or commit[:7],
        "dirty": bool(status),
        "date": git("log", "-1", "--format=%cs", "HEAD"),
    }


def plan_meta(docs: Path = plandoc.DOCS) -> dict:
    """Version and date of the text: the preamble page's, and the latest date of any page."""
    metas = [plandoc.parse_page(plandoc.page_path(n, "zh", docs)).meta for n in plandoc.PLAN_PAGES]
    return {
        "version": str(metas[0].get("version", "")),
        "date": max(str(m.get("date", "")) for m in metas),
        "source": str(metas[0].get("source", plandoc.SOURCE_ID)),
    }


# -- rendering -------------------------------------------------------------------------------

def render_html(edition: str, docs: Path = plandoc.DOCS, revision: dict | None = None,
                built: str | None = None) -> str:
    langs = EDITIONS[edition]["langs"]
    # the status and the title follow the plan's front matter (`document_status`)
    facts = plandoc.read_plan_facts(docs)
    labels = labels_for(facts)
    lab = labels[edition]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(PDF_DIR)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    revision = revision or source_revision()
    meta = plan_meta(docs)
    css = (PDF_DIR / "print.css").read_text(encoding="utf-8")
    footer = f'{labels[langs[0]]["status"]} · {LABELS[langs[0]]["version"]} {meta["version"]}'
    if len(langs) == 2:
        footer = f'{facts["status"]["zh"]} {facts["short"]} · 版本 Version {meta["version"]}'
    page_css = (
        "@page { @bottom-right { content: " + lab["page_fmt"] + "; } "
        "@bottom-left { content: " + css_string(footer) + "; } "
        "@top-left { content: " + css_string(short_title(langs, facts)) + "; } }\n"
    )
    title_parts = {lang: split_title(t) for lang, t in facts["title"].items()}
    provenance = "plansite" + (f" (git {revision['commit']}{', uncommitted changes' if revision['dirty'] else ''})"
                               if revision.get("commit") else "") + f"; source {meta['source']}"
    return env.get_template("plan.html.j2").render(
        edition=edition, langs=langs, lab=lab, labels=labels, title=facts["title"], title_parts=title_parts,
        sections=build_sections(langs, docs), meta=meta, revision=revision,
        built=built or dt.date.today().isoformat(), css=css + page_css, provenance=provenance,
        cid_label=lambda cid: clause_label(cid, langs[0]),
    )


def clause_label(cid: str, lang: str) -> str:
    """The id shown beside a clause: numbered ids as they are (3.2), the others in the edition's
    first language (序言, 附件1), never an English word in the Chinese edition; none beside 附件：
    itself, whose heading already says it."""
    if cid == "preamble":
        return LABELS[lang]["preamble"]
    if cid == "annexes":
        return ""
    m = re.fullmatch(r"annex-(\d+)", cid)
    return LABELS[lang]["annex"].format(n=m.group(1)) if m else cid


def split_title(title: str) -> tuple[str, str]:
    """'...方案（征求意见稿）' -> ('...方案', '（征求意见稿）'), for a two-line cover title."""
    m = re.match(r"^(.*?)\s*([（(][^（()）]*[)）])$", title)
    return (m.group(1), m.group(2)) if m else (title, "")


def short_title(langs: tuple[str, ...], facts: dict | None = None) -> str:
    facts = facts or plandoc.read_plan_facts()
    if langs == ("en",):
        return "Yueyang Old Residential Community Renovation Plan" + (f" ({facts['short']})" if facts["draft"] else "")
    return facts["title"]["zh"]


def css_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_one(edition: str, out_dir: str, keep_html: bool = False, revision: dict | None = None,
              built: str | None = None, docs: str | None = None) -> tuple[str, float, int, int]:
    """Write one edition's PDF; returns (path, seconds, pages, bytes)."""
    import weasyprint  # imported here: the worker processes each load it once

    t0 = time.perf_counter()
    doc_html = render_html(edition, Path(docs) if docs else plandoc.DOCS, revision, built)
    out = Path(out_dir) / EDITIONS[edition]["file"]
    out.parent.mkdir(parents=True, exist_ok=True)
    if keep_html:
        out.with_suffix(".html").write_text(doc_html, encoding="utf-8")
    document = weasyprint.HTML(string=doc_html, base_url=str(PDF_DIR)).render()
    document.write_pdf(str(out), pdf_identifier=False)
    return str(out), time.perf_counter() - t0, len(document.pages), out.stat().st_size


def build(editions: list[str], out_dir: Path = DEFAULT_OUT, jobs: int | None = None,
          keep_html: bool = False, docs: Path | None = None) -> list[tuple[str, float, int, int]]:
    revision = source_revision()
    built = dt.date.today().isoformat()
    # Check the translation once, before any worker starts, so that the error is not repeated.
    if any("en" in EDITIONS[e]["langs"] for e in editions):
        d = docs or plandoc.DOCS
        check_translation(plandoc.load_plan("zh", d), plandoc.load_plan("en", d))
    jobs = jobs or min(len(editions), os.cpu_count() or 1, 3)
    args = [(e, str(out_dir), keep_html, revision, built, str(docs) if docs else None) for e in editions]
    if jobs <= 1 or len(editions) == 1:
        return [build_one(*a) for a in args]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(build_one, *a) for a in args]
        return [f.result() for f in futures]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", action="append", choices=list(EDITIONS),
                    help="edition to build (repeatable); default: all three")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: site/pdf)")
    ap.add_argument("--jobs", type=int, default=None, help="parallel processes (default: up to 3)")
    ap.add_argument("--html", action="store_true", help="also write the generated HTML beside each PDF")
    ap.add_argument("--docs", type=Path, default=None, help="docs folder to read the plan from (default: docs/)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    results = build(args.lang or list(EDITIONS), args.out, args.jobs, args.html, args.docs)
    for path, secs, pages, size in results:
        print(f"build_pdf: {Path(path).relative_to(ROOT) if Path(path).is_relative_to(ROOT) else path}: "
              f"{pages} pages, {size / 1024:.0f} KiB, {secs:.1f} s")
    print(f"build_pdf: {len(results)} PDF(s) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
