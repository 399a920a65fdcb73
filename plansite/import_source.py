"""One-off import of the plan's source text into docs/plan/*.zh.md.

Kept so the first version of the Chinese pages can be reproduced and audited:

    python -m plansite.import_source policy/source/000_28ab3feb3714a830.txt

It splits the source into the pages listed in plandoc.PLAN_PAGES, gives every clause its
anchor and applies the two kinds of marked editorial change, recording each one in the page's
front matter (`editorial:`), from where the site shows it and the fidelity test undoes it:

- numbering: 三 numbers its five conditions （一）, 1., 1., 1., （五）; shown as （一）–（五）;
- punctuation (house rule): half-width ( ) and : inside Chinese text become （ ） and ：.

After the import the pages are edited by hand; do not run this over them again.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from plansite import plandoc

VERSION = "1"
DATE = "2026-11-26"

SECTION_RE = re.compile(r"^([一二三四五六七八九])、")
ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
POINT_RE = re.compile(r"^(\d+)[、.]\s*")
CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]"



def cn_to_int(s: str) -> int:
    return plandoc.CN_NUM.index(s) if len(s) == 1 else {"十": 10}.get(s, 0)


def fix_punctuation(line: str) -> tuple[str, list[dict]]:
    """Half-width brackets and colons in Chinese text -> full-width, each change recorded."""
    entries: list[dict] = []
    out = line

    def bracket(m: re.Match) -> str:
        inner = m.group(1)
        new = f"（{inner.strip()}）"
        entries.append({"source": m.group(0), "text": new})
        return new

    out = re.sub(r"\(([^()]*" + CJK + r"[^()]*)\)", bracket, out)
    def colon(m: re.Match) -> str:
        entries.append({"source": m.group(0), "text": m.group(1) + "："})
        return m.group(1) + "："

    out = re.sub(r"(" + CJK + r"):", colon, out)
    return out, entries


def block(text: str, clause_id: str | None) -> str:
    if clause_id is None:
        return text
    return f"{text}\n{{ #{plandoc.id_to_anchor(clause_id)} }}"


def heading(level: int, text: str, clause_id: str | None) -> str:
    attr = f" {{ #{plandoc.id_to_anchor(clause_id)} }}" if clause_id else ""
    return "#" * level + " " + text + attr


def main(src: Path) -> None:
    lines = [l.rstrip("\n") for l in src.read_text(encoding="utf-8").split("\n")]
    lines = [l for l in lines if l.strip()]
    pages: dict[str, dict] = {}

    def new_page(name, section, title):
        pages[name] = {"section": section, "title": title, "blocks": [], "editorial": []}
        return pages[name]

    # preamble: title, status line, the paragraph
    page = new_page("plan/preamble", "preamble", "序言")
    page["blocks"].append(heading(1, lines[0].strip(), None))
    page["blocks"].append(lines[1].strip())
    page["blocks"].append(block(lines[2].strip(), "preamble"))
    sec = None
    item = None
    items_seen = 0
    loose = 0
    for raw in lines[3:]:
        line = raw.strip()
        m = SECTION_RE.match(line)
        if m:
            sec = plandoc.CN_NUM.index(m.group(1))
            page = new_page(f"plan/section-{sec}", str(sec), line)
            page["blocks"].append(heading(1, line, str(sec)))
            item, items_seen, loose = None, 0, 0
            continue
        if line.startswith("附件"):
            page = new_page("plan/annexes", "annexes", line.rstrip("：:"))
            page["blocks"].append(heading(1, line, "annexes"))
            sec = "annex"
            continue
        if sec == "annex":
            n = POINT_RE.match(line).group(1)
            page["blocks"].append(block(line, f"annex-{n}"))
            continue
        text, punct = fix_punctuation(line)
        clause_id = None
        im = ITEM_RE.match(line)
        pm = POINT_RE.match(line)
        numbering = None
        if im:
            items_seen += 1
            item = cn_to_int(im.group(1))
            clause_id = f"{sec}.{item}"
        elif sec == 3 and pm:
            # the numbering defect: 1., 1., 1. stand for （二）（三）（四）
            items_seen += 1
            item = items_seen
            clause_id = f"3.{item}"
            corrected = f"（{plandoc.cn_number(item)}）"
            numbering = {"source": pm.group(0), "text": corrected}
            text = corrected + text[pm.end():]
        elif pm and item is not None and sec in (7, 8):
            clause_id = f"{sec}.{item}.{int(pm.group(1))}"
        elif sec == 6 and item == 1:
            clause_id = None  # second paragraph of 六（一）: part of 6.1
        elif sec in (7, 8) and item is not None:
            clause_id = None  # body of a heading clause
        elif items_seen == 0 and sec in (1, 4, 9):
            clause_id = None  # the body of a one-paragraph section
        else:
            loose += 1
            clause_id = f"{sec}.p{loose}"
        is_heading = bool(im) and sec in (7, 8)
        if is_heading:
            page["blocks"].append(heading(2, text, clause_id))
        else:
            page["blocks"].append(block(text, clause_id))
        owner = clause_id or (f"{sec}.{item}" if item is not None else str(sec))
        if numbering:
            page["editorial"].append({"clause": owner, "kind": "numbering", **numbering})
        for p in punct:
            page["editorial"].append({"clause": owner, "kind": "punctuation", **p})

    for name, page in pages.items():
        meta = {
            "section": page["section"],
            "title": page["title"],
            "document_status": "征求意见稿",
            "version": VERSION,
            "date": DATE,
            "source": plandoc.SOURCE_ID,
        }
        if page["editorial"]:
            meta["editorial"] = page["editorial"]
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        out = plandoc.page_path(name, "zh")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"---\n{front}---\n\n" + "\n\n".join(page["blocks"]) + "\n", encoding="utf-8")
        print("wrote", out.relative_to(plandoc.ROOT))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
