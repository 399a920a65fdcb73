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

TITLE = {
    "zh": "岳阳市城区老旧小区改造工作实施方案（征求意见稿）",
    "en": "Implementation Plan for the Renovation of Old Residential Communities "
          "in the Urban Districts of Yueyang (Draft for Public Comment)",
}

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


def full_citation(clause_id: str, lang: str) -> str:
    if lang == "zh":
        return f"《{TITLE['zh']}》{citation(clause_id, 'zh')}"
    return f"{TITLE['en']}, {citation(clause_id, 'en')}"


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
