"""Read the plan's Markdown pages as clauses.

One parser for everything that needs the plan's structure: the site hooks, the fidelity
and anchor tests, the drafting lint, the version comparison and the PDF builder.

Clause ids (see docs/about/clause-ids.*.md):

    preamble            序言 (the paragraph before 一)
    3                   三、改造范围 (a section; its heading and any body directly under it)
    3.2                 三（二）
    7.1.3               七（一）3、
    3.p1, 3.p2          unnumbered paragraphs of a section that stand on their own
                        (3.p2 is the exclusion paragraph at the end of 三)
    annexes, annex-1    附件 and 附件1

A clause starts at a block carrying the attribute ``{ #clause-<id> }`` (dots of the id
written as dashes: ``#clause-7-1-3``, ``#clause-3-p2``). Unmarked paragraphs that follow
belong to the same clause. Admonitions (``!!!``) and HTML comments are editorial matter,
never clause text.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from plansite import ROOT
# Numerals, numbering markers and citations: the plan's numbering grammar, in one module.
from plansite.numbering import CN_NUM, ROMAN, citation, cn_number  # noqa: F401 (re-exported)
DOCS = ROOT / "docs"
SOURCE_ID = "000_28ab3feb3714a830"

# The plan's pages in reading order (paths under docs/, without the language suffix).
PLAN_PAGES = [
    "plan/preamble",
    "plan/section-1",
    "plan/section-2",
    "plan/section-3",
    "plan/section-4",
    "plan/section-5",
    "plan/section-6",
    "plan/section-7",
    "plan/section-8",
    "plan/section-9",
    "plan/annexes",
]
LANGS = ("zh", "en")


# What each kind of marked editorial change means; pages list their changes in front matter
# (`editorial: [{clause, kind, source, text, count?}]`) and the site explains them with these.
EDITORIAL_KINDS = {
    "numbering": {
        "zh": "原文将本条五项条件依次编号为（一）、1.、1.、1.、（五），编号有误；本站按其层级更正为（一）至（五），文字未作改动。",
        "en": "The source numbers the five conditions of this section (1), 1., 1., 1., (5), a numbering "
              "defect of the draft; this site shows them as (1) to (5) by their level. The words are unchanged.",
    },
    "punctuation": {
        "zh": "本站体例：中文行文中的括号、冒号统一使用全角符号。原文此处为半角符号，本站改为全角，文字未作改动。",
        "en": "House style: brackets and colons in Chinese text are full-width. The source has half-width "
              "marks here, which this site makes full-width; the words are unchanged.",
    },
    "spacing": {
        "zh": "中文行文不留空格。原文此处有一个多余的空格，本站删去，文字未作改动。",
        "en": "Chinese text takes no spaces. The source has a stray space here, which this site removes; "
              "the words are unchanged.",
    },
}

# The body of a clause anchor: clause-preamble, clause-3, clause-7-1-3, clause-3-p2, clause-annex-1
ANCHOR_BODY = r"(?:preamble|annexes|annex-\d+|\d+(?:-p?\d+)*)"
ATTR_RE = re.compile(r"\{\s*#clause-(" + ANCHOR_BODY + r")\s*\}\s*$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def anchor_to_id(anchor: str) -> str:
    """'clause-7-1-3' -> '7.1.3'; 'clause-annex-1' -> 'annex-1'; 'clause-3-p2' -> '3.p2'."""
    body = anchor[len("clause-"):] if anchor.startswith("clause-") else anchor
    if body.startswith("annex-"):
        return body
    return body.replace("-", ".")


def id_to_anchor(clause_id: str) -> str:
    return "clause-" + clause_id.replace(".", "-")


def full_citation(clause_id: str, lang: str, title: dict | None = None) -> str:
    """A clause cited with the plan's title (TITLE, or `title` for another version's)."""
    title = title or TITLE
    if lang == "zh":
        return f"《{title['zh']}》{citation(clause_id, 'zh')}"
    return f"{title['en']}, {citation(clause_id, 'en')}"


def text_hash(text: str) -> str:
    """Short, whitespace-insensitive hash of a clause's text (for translation sync)."""
    norm = re.sub(r"\s+", "", text)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]


@dataclass
class Block:
    kind: str          # "heading" | "para"
    text: str          # plain text, Markdown heading marks and attribute removed
    line: int          # 1-based line in the file where the block starts
    anchor: str | None = None
    level: int = 0     # heading level (1..6); 0 for paragraphs


@dataclass
class Clause:
    id: str
    anchor: str
    kind: str
    line: int
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def hash(self) -> str:
        return text_hash(self.text)


@dataclass
class Page:
    path: Path
    meta: dict
    body_line: int        # 1-based line where the body starts
    blocks: list[Block]
    clauses: list[Clause]

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


def split_front_matter(text: str) -> tuple[dict, str, int]:
    m = FRONT_RE.match(text)
    if not m:
        return {}, text, 1
    meta = yaml.safe_load(m.group(1)) or {}
    return meta, text[m.end():], m.group(0).count("\n") + 1


def parse_blocks(body: str, first_line: int) -> list[Block]:
    """Split a page body into headings and paragraphs, skipping editorial matter."""
    blocks: list[Block] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("!!!") or line.startswith("???"):
            i += 1
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                i += 1
            continue
        if line.lstrip().startswith("<!--"):
            while i < len(lines) and "-->" not in lines[i]:
                i += 1
            i += 1
            continue
        start = i
        hm = HEADING_RE.match(line)
        if hm:
            text = hm.group(2)
            am = ATTR_RE.search(text)
            anchor = None
            if am:
                anchor = "clause-" + am.group(1)
                text = text[: am.start()].rstrip()
            blocks.append(Block("heading", text.strip(), first_line + start, anchor, len(hm.group(1))))
            i += 1
            continue
        para = []
        while i < len(lines) and lines[i].strip() and not HEADING_RE.match(lines[i]):
            para.append(lines[i])
            i += 1
        anchor = None
        if para and ATTR_RE.fullmatch(para[-1].strip()):
            anchor = "clause-" + ATTR_RE.search(para[-1]).group(1)
            para = para[:-1]
        text = "\n".join(p.strip() for p in para)
        if text:
            blocks.append(Block("para", text, first_line + start, anchor))
    return blocks


def parse_page(path: Path) -> Page:
    raw = path.read_text(encoding="utf-8")
    meta, body, body_line = split_front_matter(raw)
    blocks = parse_blocks(body, body_line)
    clauses: list[Clause] = []
    for b in blocks:
        if b.anchor:
            clauses.append(Clause(anchor_to_id(b.anchor), b.anchor, b.kind, b.line, [b.text]))
        elif clauses:
            clauses[-1].paragraphs.append(b.text)
    return Page(path, meta, body_line, blocks, clauses)


def page_path(name: str, lang: str, docs: Path = DOCS) -> Path:
    return docs / f"{name}.{lang}.md"


def load_plan(lang: str, docs: Path = DOCS) -> list[Page]:
    return [parse_page(page_path(n, lang, docs)) for n in PLAN_PAGES]


def clause_index(lang: str, docs: Path = DOCS) -> dict[str, tuple[Page, Clause]]:
    """Every clause of the plan by id, with the page it is on."""
    out: dict[str, tuple[Page, Clause]] = {}
    for page in load_plan(lang, docs):
        for c in page.clauses:
            out[c.id] = (page, c)
    return out


def page_url(name: str, lang: str) -> str:
    """Site URL (relative to the site root) of a plan page."""
    return ("en/" if lang == "en" else "") + name + "/"


def revert_editorial(text: str, entries: list[dict]) -> str:
    """Undo the marked editorial changes of one clause, giving back the source's words.

    Changes are listed in the order they were made, so they are undone last first.
    """
    for e in reversed(entries):
        count = int(e.get("count", 1))
        found = text.count(e["text"])
        if found < count:
            raise ValueError(f"editorial change {e['text']!r} -> {e['source']!r} not found {count}x")
        text = text.replace(e["text"], e["source"], count)
    return text


# -- the plan's status and title -------------------------------------------------------------------

# What the plan's status (`document_status` in the front matter of its pages, the preamble's
# read here) means. A draft's title carries its status in brackets, as the source's does
# (（征求意见稿）); an adopted or repealed plan's title does not. `short` names it in a footer.
STATUSES = {
    "征求意见稿": {"en": "draft for public comment", "short": "Draft", "draft": True,
                   "note": {"zh": "公开征求意见的草案，并非正式施行的文件",
                            "en": "a draft issued for comment, not an adopted policy"}},
    "送审稿": {"en": "draft submitted for approval", "short": "Draft", "draft": True,
               "note": {"zh": "报送审议的草案，并非正式施行的文件",
                        "en": "a draft submitted for approval, not an adopted policy"}},
    "正式文件": {"en": "adopted", "short": "Adopted", "draft": False,
                 "note": {"zh": "正式印发施行的文件", "en": "the adopted policy, in force"}},
    "已废止": {"en": "repealed", "short": "Repealed", "draft": False,
               "note": {"zh": "已废止、不再施行的文件", "en": "a repealed policy, no longer in force"}},
}
SMALL_WORDS = {"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to"}


def title_case(s: str) -> str:
    """'draft for public comment' -> 'Draft for Public Comment'."""
    words = s.split()
    return " ".join(w if (i and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def plan_facts(metas: dict[str, dict], names: dict[str, str]) -> dict:
    """The plan's status, version, date and title in each language, from the front matter of
    its preamble page (`metas`: lang -> front matter) and the name the page's heading gives it
    (`names`: lang -> 岳阳市城区老旧小区改造工作实施方案 ...). A status this table does not know
    raises: a new status needs its words here first."""
    status = str(metas["zh"].get("document_status", ""))
    if status not in STATUSES:
        raise ValueError(f"plan/preamble.zh.md: document_status {status!r} is not one of {', '.join(STATUSES)}")
    s = STATUSES[status]
    en_status = str(metas["en"].get("document_status", ""))
    if en_status != s["en"]:
        raise ValueError(f"plan/preamble.en.md: document_status {en_status!r} should be {s['en']!r} ({status})")
    out = {"status": {"zh": status, "en": s["en"]}, "note": dict(s["note"]), "short": s["short"],
           "draft": s["draft"], "name": dict(names), "title": {}}
    for lang in LANGS:
        meta = metas[lang]
        out.setdefault("version", {})[lang] = str(meta.get("version", ""))
        out.setdefault("date", {})[lang] = str(meta.get("date", ""))
    out["title"]["zh"] = names["zh"] + (f"（{status}）" if s["draft"] else "")
    out["title"]["en"] = names["en"] + (f" ({title_case(s['en'])})" if s["draft"] else "")
    return out


def read_plan_facts(docs: Path = DOCS) -> dict:
    """plan_facts() of the plan in `docs`: its preamble page's front matter and first heading."""
    metas, names = {}, {}
    for lang in LANGS:
        page = parse_page(page_path("plan/preamble", lang, docs))
        metas[lang] = page.meta
        heading = next((b for b in page.blocks if b.kind == "heading" and b.level == 1), None)
        if heading is None:
            raise ValueError(f"{page.path}: no title heading (# ...)")
        names[lang] = heading.text
    return plan_facts(metas, names)


# The plan's title in each language, e.g. 岳阳市城区老旧小区改造工作实施方案（征求意见稿）: what
# citations, the site's pages and the PDFs call it. It follows `document_status`.
TITLE = read_plan_facts()["title"]
