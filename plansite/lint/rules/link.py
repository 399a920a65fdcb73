"""link: Markdown links between pages and to anchors resolve, in every page under docs/."""
from __future__ import annotations

import os
import re
from pathlib import Path

from plansite import plandoc
from plansite.lint.findings import Issue
from plansite.lint.text import ATTR_ID_RE, LINK_RE, blank_code

id = "link"
severity = "error"
description = {
    "zh": "`docs/` 中所有页面（包括以后新增的）的 Markdown 链接指向存在的页面和锚点，如 `plan/section-3.md#clause-3-2`。",
    "en": "Markdown links in every page under `docs/` (including pages added later) lead to pages and anchors that exist, e.g. `plan/section-3.md#clause-3-2`.",
}
fix = {
    "zh": "改正路径或锚点。",
    "en": "Correct the path or the anchor.",
}

REFDEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_ID_RE = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def lang_of(path: Path) -> str | None:
    m = re.search(r"\.(zh|en)\.md$", path.name)
    return m.group(1) if m else None


def check(corpus):
    anchors = Anchors(corpus)
    for path in corpus.doc_pages:
        raw = corpus.texts[path]
        body_start, body = 1, raw
        m = plandoc.FRONT_RE.match(raw)
        if m:
            body_start = m.group(0).count("\n") + 1
            body = raw[m.end():]
        for i, line in enumerate(blank_code(body).split("\n")):
            targets = [mm.group(3) for mm in LINK_RE.finditer(line)]
            rm = REFDEF_RE.match(line)
            if rm:
                targets.append(rm.group(1))
            for target in targets:
                yield from check_link(corpus, anchors, path, body_start + i, target)


def check_link(corpus, anchors: "Anchors", src: Path, line: int, target: str):
    if not target or SCHEME_RE.match(target) or target.startswith("//"):
        return
    path_part, _, frag = target.partition("#")
    if path_part:
        dest = resolve(corpus.docs, src, path_part)
        if dest is None:
            lang = lang_of(src) or "zh"
            yield Issue(src, line,
                        f"链接目标“{target}”不存在。链接其他页面时写源文件路径（不带语言后缀），如 plan/section-3.md#clause-3-2；{lang} 页面须有对应的 .{lang}.md 文件。",
                        f"The link target '{target}' does not exist. Link to the source file without the language suffix, e.g. plan/section-3.md#clause-3-2; the {lang} page needs its .{lang}.md file.")
            return
    else:
        dest = src
    if not frag or dest.suffix != ".md":
        return
    ids, generated = anchors.of(dest)
    if frag in ids:
        return
    if frag.startswith("clause-"):
        cid = plandoc.anchor_to_id(frag)
        where = corpus.zh_index.get(cid)
        hint_zh = f"条款 {cid} 在 {where[0]}，请链接 {where[0]}.md#{frag}。" if where else f"方案中没有条款 {cid}。"
        hint_en = f"Clause {cid} is on {where[0]}: link {where[0]}.md#{frag}." if where else f"The plan has no clause {cid}."
        yield Issue(src, line, f"锚点“#{frag}”在 {corpus.rel(dest)} 中不存在。{hint_zh}",
                    f"Anchor '#{frag}' does not exist on {corpus.rel(dest)}. {hint_en}")
    elif generated:
        yield Issue(src, line,
                    f"锚点“#{frag}”不在 {corpus.rel(dest)} 的源文件中（该页有构建时生成的内容，无法确认）。",
                    f"Anchor '#{frag}' is not in the source of {corpus.rel(dest)} (which has content generated at build time, so it cannot be confirmed).",
                    hint=True)
    else:
        yield Issue(src, line, f"锚点“#{frag}”在 {corpus.rel(dest)} 中不存在。请核对标题或 {{ #id }}。",
                    f"Anchor '#{frag}' does not exist on {corpus.rel(dest)}. Check the heading or its {{ #id }}.")


def resolve(docs: Path, src: Path, target: str) -> Path | None:
    """The source page a link target names, as MkDocs with the i18n plugin resolves it."""
    lang = lang_of(src) or "zh"
    t = target.split("?", 1)[0]
    base = docs / t.lstrip("/") if t.startswith("/") else src.parent / t
    base = Path(os.path.normpath(str(base)))
    cands = []
    if t.endswith(".md"):
        stem = str(base)[:-3]
        if re.search(r"\.(zh|en)$", stem):
            cands.append(Path(stem + ".md"))
        cands.append(Path(f"{stem}.{lang}.md"))
    elif t.endswith("/") or t == "" or "." not in Path(t).name:
        d = Path(str(base).rstrip("/"))
        cands += [d / f"index.{lang}.md", Path(f"{d}.{lang}.md"), d / "index.md"]
    else:
        cands.append(base)
    for c in cands:
        if c.exists() and c.resolve().is_relative_to(docs.resolve()):
            return c
    return None


class Anchors:
    """The ids each page will have once built (headings, attribute lists, HTML ids, the
    editorial notes the hook adds, the clauses of the one-page full text)."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.known: dict[Path, tuple[set[str], bool]] = {}
        self.slug = slugifier()

    def of(self, path: Path) -> tuple[set[str], bool]:
        """(ids, whether the page has content generated at build time)."""
        if path not in self.known:
            self.known[path] = self._find(path)
        return self.known[path]

    def _find(self, path: Path) -> tuple[set[str], bool]:
        corpus = self.corpus
        raw = corpus.read(path)
        m = plandoc.FRONT_RE.match(raw)  # not parsed: broken YAML is reported elsewhere
        body = blank_code(raw[m.end():] if m else raw)
        ids = set(ATTR_ID_RE.findall(body)) | set(HTML_ID_RE.findall(body))
        for line in body.split("\n"):
            hm = plandoc.HEADING_RE.match(line)
            if hm:
                text = re.sub(r"\{[^}]*\}\s*$", "", hm.group(2)).strip()
                text = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text)
                ids.add(self.slug(text, "-"))
        generated = "<!--" in body
        lang = lang_of(path) or "zh"
        name = re.sub(r"\.(zh|en)\.md$", "", path.relative_to(corpus.docs).as_posix())
        if name in plandoc.PLAN_PAGES:
            zh = corpus.pages.get((name, "zh"))
            if zh and zh.meta.get("editorial"):
                ids.add("editorial-notes")
                ids.update(f"editorial-{i}" for i in range(1, len(zh.meta["editorial"]) + 1))
        if "<!-- plan:full-text -->" in body:
            for n in plandoc.PLAN_PAGES:
                p = corpus.pages.get((n, lang))
                if p:
                    ids.update(c.anchor for c in p.clauses)
                    ids.update(self.of(p.path)[0])
        return ids, generated


def slugifier():
    """The site's heading slugs: toc's slugify is pymdownx.slugs.slugify(case=lower)."""
    try:
        from pymdownx.slugs import slugify
        return slugify(case="lower")
    except ImportError:  # pragma: no cover - without pymdownx, the Markdown default
        from markdown.extensions.toc import slugify_unicode
        return slugify_unicode
