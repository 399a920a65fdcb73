"""Drafting lint: the defects that Chinese policy drafts really contain, found before review.

    python -m plansite.lint                 # the repository's docs/ and policy/
    python -m plansite.lint --format json   # the same findings as JSON
    python -m plansite.lint --root DIR      # a copy of the repository (DIR/docs, DIR/policy)

Each finding names the file and line, says what is wrong and how to fix it, in Chinese and in
English, e.g.

    docs/plan/section-3.zh.md:29: error [numbering] 条款 3.2 …… / Clause 3.2 …

Errors make the exit status 1 (`make lint`, `make test` and the pre-commit hook fail);
warnings are reported and do not. The checks (see docs/drafting/lint.*.md):

    front-matter     front matter against the schema: required keys, types, known status values,
                     one version and status for the whole plan, editorial changes that exist
    clause-id        clause ids unique, on the page of their section, below their parent
    numbering        一、 （一） 1、 numbering complete, in order, at the level of the clause id
    punctuation      full-width （）：，； in Chinese text; balanced brackets and quotes
    clauses          the Chinese and English page of each section have the same clauses
    translation      English clauses whose recorded hash of the Chinese text no longer matches
    glossary         a glossary term in a Chinese clause has its glossary English in the English one
    quote            every `quote` in policy/*.yaml is in the text of its `clause`
    parameter        a parameter's value agrees with the number in its quote
    number           a percentage, amount, year or other number that no quote or allowlist
                     entry (policy/lint.yaml) accounts for (warning)
    link             Markdown links between pages and to anchors resolve, in every docs/ page
    cross-reference  citations in prose (第三条第（二）项, Section III, item (2)) name real clauses
    lint-config      policy/lint.yaml itself

The plan's pages are read with plansite/plandoc.py, the one parser of the plan.
"""
from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import yaml

from plansite import plandoc
from plansite import translation_sync

# -- what the lint knows -------------------------------------------------------------------------

# The life of a Chinese policy document, and the English the English pages use for each stage.
STATUSES = {
    "征求意见稿": "draft for public comment",
    "送审稿": "draft submitted for approval",
    "正式文件": "adopted",
    "已废止": "repealed",
}

# The plan's status is `document_status`: Material for MkDocs reads `status` as a nav badge.
STATUS_KEY = "document_status"

# Front matter of a plan page: key -> (required, languages it belongs to).
PLAN_KEYS = {
    "section": (True, ("zh", "en")),
    "title": (True, ("zh", "en")),
    "document_status": (True, ("zh", "en")),
    "version": (True, ("zh", "en")),
    "date": (True, ("zh", "en")),
    "source": (False, ("zh", "en")),
    "editorial": (False, ("zh",)),
    "renumbered": (False, ("zh",)),
    "translates": (False, ("en",)),
    "search": (False, ("zh", "en")),
    "hide": (False, ("zh", "en")),
}

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—"
CJK_RE = re.compile(f"[{HAN}{CJK_PUNCT}]")
HAN_RE = re.compile(f"[{HAN}]")

CN_DIGITS = "零〇一二两三四五六七八九十百千万"
CN_NUM = f"[零〇一二两三四五六七八九十][{CN_DIGITS}]*"
AR_NUM = r"\d+(?:\.\d+)?"

# Numbers in the text: percentages, fractions, amounts, years and other durations, any other
# Arabic number. Chinese numerals count only with a unit (四年, 三分之二): alone they are
# ordinals and counts of words (一次, 五级联动).
NUMBER_RE = re.compile(
    rf"(?:{AR_NUM}\s*[%％]|百分之{CN_NUM})"                       # percent
    rf"|(?:\d+/\d+|{CN_NUM}分之{CN_NUM})"                        # fraction
    rf"|(?:(?:{AR_NUM}|{CN_NUM})\s*(?:万|亿)?元)"                 # amount
    rf"|(?:(?:{AR_NUM}|{CN_NUM})\s*个?(?:年|月|日|天|周))"         # date or duration
    rf"|{AR_NUM}"                                               # any other number
)

# Numbering markers at the start of a clause, by level: 1 一、 2 （一） 3 1、 4 （1）.
ZH_MARKERS = [
    (1, re.compile(r"^([一二三四五六七八九十]+)、")),
    (2, re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")),
    (3, re.compile(r"^(\d+)\s*([、.．])")),
    (4, re.compile(r"^[（(](\d+)[）)]")),
]
EN_MARKERS = [
    (1, re.compile(r"^([IVXLC]+)\.\s")),
    (2, re.compile(r"^\((\d+)\)\s")),
    (3, re.compile(r"^(\d+)\\?\.\s")),
]
ROMAN_VALUES = {v: i for i, v in enumerate(plandoc.ROMAN) if v}

OPEN = {"（": "）", "(": ")", "【": "】", "《": "》", "〔": "〕", "[": "]", "「": "」", "『": "』",
        "“": "”", "‘": "’"}
CLOSE = {v: k for k, v in OPEN.items()}

LINK_RE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFDEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
ATTR_ID_RE = re.compile(r"\{:?[^}\n]*?#([A-Za-z][\w\-:.]*)[^}\n]*\}")
HTML_ID_RE = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

ZH_XREF_RE = re.compile(
    r"(?<!》)第([一二三四五六七八九十]+)条"
    r"(?:第?（([一二三四五六七八九十]+)）项?)?"
    r"(?:第(\d+)目)?"
    r"(?:第([一二三四五六七八九十]+)款)?"
)
EN_XREF_RE = re.compile(
    r"\bSection ([IVX]+)\b(?:,? item \((\d+)\)| \((\d+)\))?(?:,? point (\d+))?(?:,? paragraph (\d+))?"
)
ANNEX_XREF_RE = re.compile(r"附件\s*(\d+)|\bAnnex (\d+)\b")


@dataclass(frozen=True)
class Finding:
    path: str        # relative to the root, with forward slashes
    line: int
    severity: str    # "error" | "warning"
    check: str
    zh: str
    en: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} [{self.check}] {self.zh} / {self.en}"


# -- small helpers -------------------------------------------------------------------------------

def cn_to_int(s: str) -> int:
    """一 .. 九十九 -> int (the numerals used in numbering)."""
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (plandoc.CN_NUM.index(tens) if tens else 1) * 10 + (plandoc.CN_NUM.index(ones) if ones else 0)
    return plandoc.CN_NUM.index(s)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def line_of(text: str, pos: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, pos)


def marker_zh(level: int, n: int) -> str:
    return {1: f"{plandoc.cn_number(n)}、", 2: f"（{plandoc.cn_number(n)}）", 3: f"{n}、", 4: f"（{n}）"}[level]


def marker_en(level: int, n: int) -> str:
    return {1: f"{plandoc.ROMAN[n] if n < len(plandoc.ROMAN) else n}.", 2: f"({n})", 3: f"{n}."}.get(level, str(n))


LEVEL_NAMES = {
    1: ("条（一、二、……）", "a section (I, II, …)"),
    2: ("项（（一）（二）……）", "an item ((1), (2), …)"),
    3: ("目（1、2、……）", "a point (1., 2., …)"),
    4: ("（1）（2）……", "a sub-point (（1）（2）… in Chinese)"),
}


def find_marker(text: str, lang: str) -> tuple[int, int, str, str] | None:
    """(level, number, marker text, style) of the numbering at the start of a clause."""
    for level, rx in (ZH_MARKERS if lang == "zh" else EN_MARKERS):
        m = rx.match(text)
        if not m:
            continue
        raw = m.group(1)
        if lang == "zh":
            n = cn_to_int(raw) if level in (1, 2) else int(raw)
            style = m.group(2) if level == 3 else ""
        else:
            if level == 1:
                if raw not in ROMAN_VALUES:
                    continue
                n = ROMAN_VALUES[raw]
            else:
                n = int(raw)
            style = ""
        return level, n, m.group(0), style
    return None


def id_position(cid: str) -> tuple[int, str, int] | None:
    """(level, parent key, number) that a clause id gives its clause; None for unnumbered ones."""
    if cid in ("preamble", "annexes"):
        return None
    if cid.startswith("annex-"):
        return 3, "annexes", int(cid.split("-", 1)[1])
    parts = cid.split(".")
    if parts[-1].startswith("p"):
        return None
    return len(parts), ".".join(parts[:-1]), int(parts[-1])


def id_parent(cid: str) -> str | None:
    if cid in ("preamble", "annexes"):
        return None
    if cid.startswith("annex-"):
        return "annexes"
    parts = cid.split(".")
    return ".".join(parts[:-1]) or None


def page_of_id(cid: str) -> str:
    if cid == "preamble":
        return "plan/preamble"
    if cid == "annexes" or cid.startswith("annex-"):
        return "plan/annexes"
    return f"plan/section-{cid.split('.')[0]}"


def expected_section(name: str) -> str:
    return name.split("/", 1)[1].removeprefix("section-")


def blank_code(body: str) -> str:
    """The body with fenced code blocks and inline code spans blanked (lines kept)."""
    out, fence = [], None
    for line in body.split("\n"):
        m = FENCE_RE.match(line)
        if fence:
            if m and m.group(1) == fence:
                fence = None
            out.append("")
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        out.append(re.sub(r"(`+)(.+?)\1", lambda mm: " " * len(mm.group(0)), line))
    return "\n".join(out)


def blank_markup(text: str) -> str:
    """Inline code, link targets, attribute lists and HTML tags replaced by NUL characters, so
    that Markdown's own ASCII brackets are not taken for punctuation of the text. Positions
    are kept (one NUL per character), and NUL is neither a space nor a mark."""
    def blank(m: re.Match) -> str:
        return "\0" * len(m.group(0))
    text = re.sub(r"(`+)(.+?)\1", blank, text)

    def link(m: re.Match) -> str:  # keep the link text, blank its brackets and target
        start, end = m.span(2)
        return "\0" * (start - m.start()) + m.group(2) + "\0" * (m.end() - end)
    text = LINK_RE.sub(link, text)
    text = re.sub(r"\{[:#.][^}]*\}", blank, text)
    text = re.sub(r"<[^>\n]+>", blank, text)
    return text


def yaml_lines(node, path=(), out=None) -> dict:
    """path (keys and list indexes) -> 1-based line, for every node of a composed YAML document."""
    if out is None:
        out = {}
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            out[path + (key,)] = k.start_mark.line + 1
            yaml_lines(v, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            yaml_lines(v, path + (i,), out)
    return out


def yaml_quotes(node, path=()):
    """Every (clause, quote, line of the quote, mapping path, mapping node) in a YAML tree:
    each mapping with a `clause` and a `quote` (or a `*_quote`) key."""
    if isinstance(node, yaml.MappingNode):
        keys = {k.value: v for k, v in node.value}
        clause = keys.get("clause")
        if isinstance(clause, yaml.ScalarNode):
            for k, v in node.value:
                if (k.value == "quote" or k.value.endswith("_quote")) and isinstance(v, yaml.ScalarNode):
                    yield str(clause.value), str(v.value), v.start_mark.line + 1, path, node, k.value
        for k, v in node.value:
            yield from yaml_quotes(v, path + (k.value,))
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            yield from yaml_quotes(v, path + (i,))


def number_value(token: str) -> tuple[str, Fraction] | None:
    """('percent' | 'fraction' | 'int', value) of a number token or a parameter value."""
    t = squash(str(token))
    try:
        if t.endswith(("%", "％")):
            return "percent", Fraction(t[:-1]) / 100
        m = re.fullmatch(rf"百分之({CN_NUM})", t)
        if m:
            return "percent", Fraction(cn_amount(m.group(1)), 100)
        m = re.fullmatch(r"(\d+)/(\d+)", t)
        if m:
            return "fraction", Fraction(int(m.group(1)), int(m.group(2)))
        m = re.fullmatch(rf"({CN_NUM})分之({CN_NUM})", t)
        if m:
            return "fraction", Fraction(cn_amount(m.group(2)), cn_amount(m.group(1)))
        m = re.fullmatch(rf"({AR_NUM})\D*", t)
        if m:
            return "int", Fraction(m.group(1))
        m = re.fullmatch(rf"({CN_NUM})\D*", t)
        if m:
            return "int", Fraction(cn_amount(m.group(1)))
    except (ValueError, ZeroDivisionError):
        return None
    return None


def cn_amount(s: str) -> int:
    """Chinese numerals with 十百千万 -> int (二〇一九 read digit by digit)."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits.update({"零": 0, "两": 2})
    if all(c in digits for c in s):
        return int("".join(str(digits[c]) for c in s))
    total, section, num = 0, 0, 0
    for c in s:
        if c in digits:
            num = digits[c]
        elif c in "十百千":
            section += (num or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            num = 0
        elif c == "万":
            total += (section + num) * 10000
            section, num = 0, 0
    return total + section + num


# -- the lint ------------------------------------------------------------------------------------

class Lint:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.docs = self.root / "docs"
        self.policy = self.root / "policy"
        self.findings: list[Finding] = []
        self.pages: dict[tuple[str, str], plandoc.Page] = {}   # (name, lang) -> page
        self.front_lines: dict[Path, dict] = {}
        self.files_checked: set[Path] = set()

    # reporting
    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path, line: int, severity: str, check: str, zh: str, en: str) -> None:
        self.findings.append(Finding(self.rel(path), int(line), severity, check, zh, en))

    def error(self, path, line, check, zh, en):
        self.add(path, line, "error", check, zh, en)

    def warn(self, path, line, check, zh, en):
        self.add(path, line, "warning", check, zh, en)

    # loading
    def load_page(self, path: Path) -> plandoc.Page | None:
        self.files_checked.add(path)
        raw = path.read_text(encoding="utf-8")
        m = plandoc.FRONT_RE.match(raw)
        if m:
            try:
                node = yaml.compose(m.group(1))
            except yaml.YAMLError as e:
                mark = getattr(e, "problem_mark", None)
                line = (mark.line + 2) if mark else 1
                self.error(path, line, "front-matter",
                           f"前置元数据不是有效的 YAML：{getattr(e, 'problem', e)}。请检查缩进、冒号和引号。",
                           f"The front matter is not valid YAML: {getattr(e, 'problem', e)}. Check indentation, colons and quotes.")
                return None
            # line numbers in the file: the front matter starts on line 2
            self.front_lines[path] = {k: v + 1 for k, v in yaml_lines(node).items()} if node else {}
        try:
            page = plandoc.parse_page(path)
        except yaml.YAMLError as e:  # pragma: no cover - compose succeeded above
            self.error(path, 1, "front-matter", f"前置元数据无法读取：{e}", f"The front matter cannot be read: {e}")
            return None
        if not isinstance(page.meta, dict):
            self.error(path, 1, "front-matter", "前置元数据必须是键值映射（key: value）。",
                       "The front matter must be a mapping (key: value).")
            page.meta = {}
        return page

    def check_other_front_matter(self) -> None:
        """Pages outside the plan: their front matter must at least be valid YAML and a mapping,
        or MkDocs prints it as text at the top of the page (an unquoted ': ' is the usual cause)."""
        plan = {p.path for p in self.pages.values()}
        for path in self.doc_pages():
            if path not in plan and plandoc.FRONT_RE.match(path.read_text(encoding="utf-8")):
                self.load_page(path)

    def fm_line(self, path: Path, *keys) -> int:
        lines = self.front_lines.get(path, {})
        while keys:
            if keys in lines:
                return lines[keys]
            keys = keys[:-1]
        return 1

    def load_plan(self) -> None:
        for name in plandoc.PLAN_PAGES:
            for lang in plandoc.LANGS:
                path = plandoc.page_path(name, lang, self.docs)
                if not path.exists():
                    other = plandoc.page_path(name, "zh" if lang == "en" else "en", self.docs)
                    self.error(other if other.exists() else path, 1, "clauses",
                               f"缺少页面 {self.rel(path)}：方案的每一部分都须有中文页和英文页。",
                               f"Page {self.rel(path)} is missing: every part of the plan has a Chinese and an English page.")
                    continue
                page = self.load_page(path)
                if page is not None:
                    self.pages[(name, lang)] = page
        plan_dir = self.docs / "plan"
        if plan_dir.is_dir():
            known = {f"{n}.{l}.md" for n in plandoc.PLAN_PAGES for l in plandoc.LANGS}
            for path in sorted(plan_dir.glob("*.md")):
                if path.relative_to(self.docs).as_posix() in known or path.name.startswith("full."):
                    continue
                if ATTR_ID_RE.search(path.read_text(encoding="utf-8")) and "#clause-" in path.read_text(encoding="utf-8"):
                    self.warn(path, 1, "clause-id",
                              "此页面含有条款锚点，但不在 plansite/plandoc.py 的 PLAN_PAGES 中，其条款不属于方案正文。新增一条时请把页面加入 PLAN_PAGES。",
                              "This page has clause anchors but is not listed in PLAN_PAGES in plansite/plandoc.py, so its clauses are not part of the plan. When adding a section, add its page to PLAN_PAGES.")

    def policy_files(self) -> list[Path]:
        if not self.policy.is_dir():
            return []
        return [p for p in sorted(self.policy.glob("*.yaml")) if p.name not in ("lint.yaml", "glossary.yaml")]

    # -- checks ----------------------------------------------------------------------------------

    def run(self) -> list[Finding]:
        self.load_plan()
        self.zh_index = {c.id: (name, c) for (name, lang), p in self.pages.items() if lang == "zh" for c in p.clauses}
        self.check_front_matter()
        self.check_other_front_matter()
        self.check_clause_ids()
        self.check_numbering()
        self.check_punctuation()
        self.check_same_clauses()
        self.check_translation()
        self.check_glossary()
        self.quotes = self.check_quotes()
        self.allow = self.load_allowlist()
        self.check_numbers()
        self.check_links()
        self.check_cross_references()
        self.findings.sort(key=lambda f: (f.path, f.line, f.check, f.zh))
        return self.findings

    # front matter ---------------------------------------------------------------------------------

    def check_front_matter(self) -> None:
        versions: dict[str, dict[str, list[Path]]] = {"zh": {}, "en": {}}
        statuses: dict[str, dict[str, list[Path]]] = {"zh": {}, "en": {}}
        for (name, lang), page in self.pages.items():
            path, meta = page.path, page.meta
            for key, (required, langs) in PLAN_KEYS.items():
                if required and lang in langs and key not in meta:
                    self.error(path, 1, "front-matter",
                               f"前置元数据缺少必填项 `{key}`。请补上，例如 {self.example(key, lang)}。",
                               f"The front matter lacks the required key `{key}`. Add it, e.g. {self.example(key, lang)}.")
            for key in meta:
                line = self.fm_line(path, key)
                if key == "status":
                    self.error(path, line, "front-matter",
                               f"方案状态写在 `{STATUS_KEY}` 中，不用 `status`（主题会把 `status` 显示为导航栏图标）。请改为 {STATUS_KEY}: {meta[key]}。",
                               f"The plan's status goes under `{STATUS_KEY}`, not `status` (the theme shows `status` as a badge in the navigation). Write {STATUS_KEY}: {meta[key]}.")
                elif key not in PLAN_KEYS:
                    near = difflib.get_close_matches(str(key), list(PLAN_KEYS), n=1)
                    hint_zh = f"是否应为 `{near[0]}`？" if near else "如不需要请删除。"
                    hint_en = f"Did you mean `{near[0]}`?" if near else "Remove it if it is not needed."
                    self.warn(path, line, "front-matter", f"未知的前置元数据项 `{key}`。{hint_zh}",
                              f"Unknown front matter key `{key}`. {hint_en}")
                elif lang not in PLAN_KEYS[key][1]:
                    where = "中文" if PLAN_KEYS[key][1] == ("zh",) else "英文"
                    where_en = "Chinese" if PLAN_KEYS[key][1] == ("zh",) else "English"
                    self.error(path, line, "front-matter", f"`{key}` 只能写在{where}页面的前置元数据中。",
                               f"`{key}` belongs in the front matter of the {where_en} page only.")
            for key in ("section", "title", STATUS_KEY, "version", "source"):
                if key in meta and not isinstance(meta[key], str):
                    v = meta[key]
                    self.error(path, self.fm_line(path, key), "front-matter",
                               f"`{key}` 必须是字符串，现为 {type(v).__name__}。请加引号：{key}: '{v}'。",
                               f"`{key}` must be a string, not {type(v).__name__}. Quote it: {key}: '{v}'.")
            if isinstance(meta.get("section"), str) and meta["section"] != expected_section(name):
                self.error(path, self.fm_line(path, "section"), "front-matter",
                           f"`section` 为 '{meta['section']}'，但本页是 {name}，应为 '{expected_section(name)}'。",
                           f"`section` is '{meta['section']}' but this page is {name}: it should be '{expected_section(name)}'.")
            status = meta.get(STATUS_KEY)
            if isinstance(status, str):
                known = list(STATUSES) if lang == "zh" else list(STATUSES.values())
                if status not in known:
                    near = difflib.get_close_matches(status, known, n=1, cutoff=0.3)
                    self.error(path, self.fm_line(path, STATUS_KEY), "front-matter",
                               f"未知的状态“{status}”。可用的状态：{'、'.join(known)}。" + (f"是否应为“{near[0]}”？" if near else ""),
                               f"Unknown status '{status}'. Known: {', '.join(known)}." + (f" Did you mean '{near[0]}'?" if near else ""))
                else:
                    statuses[lang].setdefault(status, []).append(path)
            version = meta.get("version")
            if isinstance(version, str):
                if not re.fullmatch(r"\d+(?:\.\d+)*", version):
                    self.error(path, self.fm_line(path, "version"), "front-matter",
                               f"版本号“{version}”格式不对，应为数字，如 '2'。",
                               f"Version '{version}' is not a version number such as '2'.")
                else:
                    versions[lang].setdefault(version, []).append(path)
            if "date" in meta:
                d = meta["date"]
                ok = isinstance(d, dt.date)
                if isinstance(d, str):
                    try:
                        dt.date.fromisoformat(d)
                        ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d))
                    except ValueError:
                        ok = False
                if not ok:
                    self.error(path, self.fm_line(path, "date"), "front-matter",
                               f"日期“{d}”不是有效日期，应写作 'YYYY-MM-DD'，如 '2026-12-01'。",
                               f"Date '{d}' is not a valid date: write 'YYYY-MM-DD', e.g. '2026-12-01'.")
            if lang == "zh":
                self.check_editorial(page)
                self.check_renumbered(page)
            else:
                tr = meta.get("translates")
                if tr is not None and not (isinstance(tr, dict) and all(
                        isinstance(v, str) and re.fullmatch(r"[0-9a-f]{12}", v) for v in tr.values())):
                    self.error(path, self.fm_line(path, "translates"), "front-matter",
                               "`translates` 必须是“条款编号: 12位校验值”的映射。请用 plansite/translation_sync.py 生成，不要手写。",
                               "`translates` must map clause ids to 12-character hashes. Let plansite/translation_sync.py write it; do not edit it by hand.")
            # the Chinese and English page of a section carry the same version and status
            if lang == "en" and (name, "zh") in self.pages:
                zmeta = self.pages[(name, "zh")].meta
                if isinstance(status, str) and STATUSES.get(zmeta.get(STATUS_KEY)) not in (None, status):
                    self.error(path, self.fm_line(path, STATUS_KEY), "front-matter",
                               f"英文页状态“{status}”与中文页“{zmeta.get(STATUS_KEY)}”不一致，应为“{STATUSES[zmeta[STATUS_KEY]]}”。",
                               f"Status '{status}' does not match the Chinese page's '{zmeta.get(STATUS_KEY)}': it should be '{STATUSES[zmeta[STATUS_KEY]]}'.")
                if isinstance(version, str) and isinstance(zmeta.get("version"), str) and version != zmeta["version"]:
                    self.error(path, self.fm_line(path, "version"), "front-matter",
                               f"英文页版本 '{version}' 与中文页 '{zmeta['version']}' 不一致。",
                               f"Version '{version}' differs from the Chinese page's '{zmeta['version']}'.")
        # the plan has one version and one status
        for lang in plandoc.LANGS:
            for what, table in (("version", versions[lang]), (STATUS_KEY, statuses[lang])):
                if len(table) > 1:
                    common = max(table, key=lambda v: len(table[v]))
                    for value, paths in table.items():
                        if value == common:
                            continue
                        for p in paths:
                            self.error(p, self.fm_line(p, what), "front-matter",
                                       f"方案各页的 `{what}` 应一致：本页为“{value}”，其他页为“{common}”。发布新版本时请同时修改所有页面。",
                                       f"Every page of the plan has the same `{what}`: this page has '{value}', the others '{common}'. Change all pages together when releasing a version.")

    @staticmethod
    def example(key: str, lang: str) -> str:
        return {
            "section": "section: '3'",
            "title": "title: 三、改造范围" if lang == "zh" else "title: III. Scope of Renovation",
            STATUS_KEY: f"{STATUS_KEY}: 征求意见稿" if lang == "zh" else f"{STATUS_KEY}: draft for public comment",
            "version": "version: '2'",
            "date": "date: '2026-12-01'",
        }.get(key, f"{key}: …")

    def check_editorial(self, page: plandoc.Page) -> None:
        entries = page.meta.get("editorial")
        if entries is None:
            return
        path = page.path
        if not isinstance(entries, list):
            self.error(path, self.fm_line(path, "editorial"), "front-matter",
                       "`editorial` 必须是列表，每项含 clause、kind、source、text。",
                       "`editorial` must be a list of entries with clause, kind, source and text.")
            return
        for i, e in enumerate(entries):
            line = self.fm_line(path, "editorial", i)
            if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("clause", "kind", "source", "text")):
                self.error(path, line, "front-matter",
                           "编辑处理记录须有字符串类型的 clause、kind、source、text 四项。",
                           "An editorial entry needs clause, kind, source and text, all strings.")
                continue
            if e["kind"] not in plandoc.EDITORIAL_KINDS:
                self.error(path, self.fm_line(path, "editorial", i, "kind"), "front-matter",
                           f"未知的编辑处理类型“{e['kind']}”，可用：{'、'.join(plandoc.EDITORIAL_KINDS)}。",
                           f"Unknown kind of editorial change '{e['kind']}'; known: {', '.join(plandoc.EDITORIAL_KINDS)}.")
            if "count" in e and not isinstance(e["count"], int):
                self.error(path, self.fm_line(path, "editorial", i, "count"), "front-matter",
                           "`count` 必须是整数。", "`count` must be an integer.")
            clause = page.clause(e["clause"])
            if clause is None:
                self.error(path, self.fm_line(path, "editorial", i, "clause"), "front-matter",
                           f"编辑处理记录所指条款 {e['clause']} 不在本页。",
                           f"The editorial entry names clause {e['clause']}, which is not on this page.")
            elif clause.text.count(e["text"]) < int(e.get("count", 1) if isinstance(e.get("count", 1), int) else 1):
                self.error(path, self.fm_line(path, "editorial", i, "text"), "front-matter",
                           f"编辑处理记录的“{e['text']}”在条款 {e['clause']} 中找不到。改动已标明编辑处理的文字时，请同时更新或删除该记录。",
                           f"The editorial entry's text '{e['text']}' is not in clause {e['clause']}. When you change words that carry a marked editorial change, update or remove its entry too.")

    def check_renumbered(self, page: plandoc.Page) -> None:
        ren = page.meta.get("renumbered")
        if ren is None:
            return
        path = page.path
        if not isinstance(ren, dict) or not all(isinstance(v, int) for v in ren.values()):
            self.error(path, self.fm_line(path, "renumbered"), "front-matter",
                       "`renumbered` 须为“条款编号: 显示序号”的映射，如 '3.6': 3。",
                       "`renumbered` must map clause ids to the number shown, e.g. '3.6': 3.")
            return
        for cid in ren:
            if page.clause(str(cid)) is None:
                self.error(path, self.fm_line(path, "renumbered", cid), "front-matter",
                           f"`renumbered` 中的条款 {cid} 不在本页。",
                           f"Clause {cid} under `renumbered` is not on this page.")

    # clause ids -----------------------------------------------------------------------------------

    def check_clause_ids(self) -> None:
        for lang in plandoc.LANGS:
            seen: dict[str, Path] = {}
            for name in plandoc.PLAN_PAGES:
                page = self.pages.get((name, lang))
                if page is None:
                    continue
                ids_before: set[str] = set()
                for c in page.clauses:
                    if c.id in seen:
                        self.error(page.path, c.line, "clause-id",
                                   f"条款编号 {c.id} 重复（已见于 {self.rel(seen[c.id])}）。新增条款请取一个新编号。",
                                   f"Clause id {c.id} is used twice (also in {self.rel(seen[c.id])}). Give a new clause a new id.")
                    seen.setdefault(c.id, page.path)
                    if page_of_id(c.id) != name:
                        self.error(page.path, c.line, "clause-id",
                                   f"条款 {c.id} 不属于本页（{name}），应在 {page_of_id(c.id)}。",
                                   f"Clause {c.id} does not belong on this page ({name}); it belongs on {page_of_id(c.id)}.")
                    parent = id_parent(c.id)
                    if parent and page_of_id(c.id) == name and parent not in ids_before:
                        self.error(page.path, c.line, "clause-id",
                                   f"条款 {c.id} 之前没有其上级条款 {parent}。",
                                   f"Clause {c.id} does not come after its parent clause {parent}.")
                    ids_before.add(c.id)

    # numbering ------------------------------------------------------------------------------------

    def check_numbering(self) -> None:
        for lang in plandoc.LANGS:
            position: dict[str, int] = {}
            for name in plandoc.PLAN_PAGES:
                page = self.pages.get((name, lang))
                if page is None:
                    continue
                zh_page = self.pages.get((name, "zh"))
                ren = (zh_page.meta.get("renumbered") if zh_page else None) or {}
                ren = {str(k): v for k, v in ren.items()} if isinstance(ren, dict) else {}
                first_blocks = {c.line for c in page.clauses}
                for c in page.clauses:
                    self.check_clause_number(page, c, lang, position, ren)
                if lang == "zh":
                    # a numbered paragraph that is not the start of a clause has lost its anchor
                    for b in page.blocks:
                        if b.line in first_blocks or b.kind != "para":
                            continue
                        m = find_marker(b.text, "zh")
                        if m and m[0] in (2, 3, 4):
                            self.error(page.path, b.line, "numbering",
                                       f"带编号“{m[2].strip()}”的段落没有自己的条款锚点。请在段末另起一行加 {{ #clause-… }}（新条款取新编号）。",
                                       f"A paragraph numbered '{m[2].strip()}' has no clause anchor of its own. Add {{ #clause-… }} on a line after it (a new clause takes a new id).")

    def check_clause_number(self, page, c, lang, position, ren) -> None:
        text = c.paragraphs[0] if c.paragraphs else ""
        pos = id_position(c.id)
        m = find_marker(text, lang)
        mk = marker_zh if lang == "zh" else marker_en
        path = page.path
        if pos is None:
            if m and c.id not in ("preamble", "annexes"):
                self.error(path, c.line, "numbering",
                           f"条款 {c.id} 是不编号的段落，但以编号“{m[2].strip()}”开头。请给它一个带编号的条款编号，或删去编号。",
                           f"Clause {c.id} is an unnumbered paragraph but begins with the number '{m[2].strip()}'. Give it a numbered id, or remove the number.")
            return
        level, parent, id_n = pos
        key = f"{level}:{parent}"
        position[key] = position.get(key, 0) + 1
        nth = position[key]
        want = ren.get(c.id, id_n)
        if m is None:
            self.error(path, c.line, "numbering",
                       f"条款 {c.id} 缺少编号，应以“{mk(level, nth)}”开头。",
                       f"Clause {c.id} has no number: it should begin with '{mk(level, nth)}'.")
            return
        got_level, got_n, raw, style = m
        raw = raw.strip()
        if got_level != level:
            self.error(path, c.line, "numbering",
                       f"编号层级错误：条款 {c.id} 是{LEVEL_NAMES[level][0]}，却编为“{raw}”（{LEVEL_NAMES[got_level][0]}）；应为“{mk(level, nth)}”。",
                       f"Wrong numbering level: clause {c.id} is {LEVEL_NAMES[level][1]} but is numbered '{raw}' ({LEVEL_NAMES[got_level][1]}); it should be '{mk(level, nth)}'.")
            return
        if got_n != nth:
            prev = f"“{mk(level, nth - 1)}”之后" if nth > 1 else "第一项"
            prev_en = f"after '{mk(level, nth - 1)}'" if nth > 1 else "as the first"
            self.error(path, c.line, "numbering",
                       f"编号不连续或顺序错误：{prev}应为“{mk(level, nth)}”，此处为“{raw}”。",
                       f"Numbering incomplete or out of order: {prev_en} comes '{mk(level, nth)}', not '{raw}'.")
            return
        if got_n != want:
            self.error(path, c.line, "numbering",
                       f"编号“{raw}”与条款编号 {c.id} 不符。若因增删条款而重新编排了序号，条款编号不变，请在中文页前置元数据中登记：renumbered: {{'{c.id}': {got_n}}}；否则请改正序号。",
                       f"The number '{raw}' does not match clause id {c.id}. If inserting or deleting a clause renumbered the list, keep the ids and record it in the Chinese page's front matter: renumbered: {{'{c.id}': {got_n}}}; otherwise correct the number.")
            return
        if lang == "zh" and level == 3 and style in (".", "．"):
            self.warn(path, c.line, "numbering",
                      f"本方案的“目”用“{got_n}、”编号，此处为“{raw}”。",
                      f"This plan numbers its points '{got_n}、', not '{raw}'.")
        if level == 1 and page.clauses and c is page.clauses[0]:
            title = page.meta.get("title")
            if isinstance(title, str) and title.strip() != text.strip():
                self.warn(path, self.fm_line(path, "title"), "front-matter",
                          f"`title`“{title}”与本条标题“{text.strip()}”不一致。",
                          f"`title` '{title}' differs from the section's heading '{text.strip()}'.")

    # punctuation ----------------------------------------------------------------------------------

    def check_punctuation(self) -> None:
        for (name, lang), page in self.pages.items():
            for b in page.blocks:
                text = blank_markup(b.text)
                if lang == "zh":
                    self.punct_zh(page.path, b.line, text)
                else:
                    self.punct_en(page.path, b.line, text)
                self.balance(page.path, b.line, text, lang)

    def punct_zh(self, path: Path, first: int, text: str) -> None:
        def near_cjk(i: int) -> bool:
            j = i - 1
            while j >= 0 and text[j] == " ":
                j -= 1
            k = i + 1
            while k < len(text) and text[k] == " ":
                k += 1
            return (j >= 0 and bool(CJK_RE.match(text[j]))) or (k < len(text) and bool(CJK_RE.match(text[k])))

        # half-width brackets: each pair judged by its content and its neighbours
        stack: list[int] = []
        flagged: set[int] = set()
        for i, ch in enumerate(text):
            if ch == "(":
                stack.append(i)
            elif ch == ")" and stack:
                o = stack.pop()
                inner = text[o + 1:i]
                if HAN_RE.search(inner) or near_cjk(o) or near_cjk(i):
                    flagged.add(o)
        for o in sorted(flagged):
            close = text.find(")", o)
            snippet = text[max(0, o - 4): close + 1 + 2] if close > 0 else text[o:o + 8]
            self.error(path, line_of(text, o, first), "punctuation",
                       f"中文行文中的括号应为全角“（ ）”：…{snippet.strip()}…。按本站体例改为全角；如改动原文文字，请在前置元数据 editorial 中登记。",
                       f"Brackets in Chinese text are full-width （ ）: …{snippet.strip()}…. Make them full-width (house rule); if the words come from the source, record the change under `editorial` in the front matter.")
        rules = {
            ",": ("逗号", "“，”", "comma", "，"),
            ";": ("分号", "“；”", "semicolon", "；"),
            "?": ("问号", "“？”", "question mark", "？"),
            "!": ("叹号", "“！”", "exclamation mark", "！"),
        }
        for i, ch in enumerate(text):
            if ch in rules and near_cjk(i):
                if ch == "," and i > 0 and i + 1 < len(text) and text[i - 1].isdigit() and text[i + 1].isdigit():
                    continue  # 1,000
                zn, zfull, en, efull = rules[ch]
                sev = self.error if ch in ",;" else self.warn
                sev(path, line_of(text, i, first), "punctuation",
                    f"中文行文中应使用全角{zn}{zfull}，此处为半角“{ch}”：…{text[max(0, i - 6):i + 4].strip()}…",
                    f"Use the full-width {en} {efull} in Chinese text, not '{ch}': …{text[max(0, i - 6):i + 4].strip()}…")
            elif ch == ":" and i > 0 and CJK_RE.match(text[i - 1]):
                self.error(path, line_of(text, i, first), "punctuation",
                           f"中文行文中的冒号应为全角“：”（本站体例），此处为半角“:”：…{text[max(0, i - 6):i + 4].strip()}…",
                           f"Colons in Chinese text are full-width ：(house rule), not ':': …{text[max(0, i - 6):i + 4].strip()}…")
            elif ch == '"':
                self.error(path, line_of(text, i, first), "punctuation",
                           f"中文行文中的引号应为“ ”，此处为直引号 \"：…{text[max(0, i - 6):i + 4].strip()}…",
                           f"Quotation marks in Chinese text are “ ”, not the straight \": …{text[max(0, i - 6):i + 4].strip()}…")
            elif ch in " \t" and 0 < i < len(text) - 1 and CJK_RE.match(text[i - 1]) and CJK_RE.match(text[i + 1]):
                self.warn(path, line_of(text, i, first), "punctuation",
                          f"中文字符之间有多余的空格：…{text[max(0, i - 6):i + 5].strip()}…（如原文如此，可保留）。",
                          f"A stray space between Chinese characters: …{text[max(0, i - 6):i + 5].strip()}… (keep it if the source has it).")

    def punct_en(self, path: Path, first: int, text: str) -> None:
        for i, ch in enumerate(text):
            if ch in "（），：；。" and not (
                    (i > 0 and HAN_RE.match(text[i - 1])) or (i + 1 < len(text) and HAN_RE.match(text[i + 1]))):
                self.error(path, line_of(text, i, first), "punctuation",
                           f"英文行文中不应使用全角标点“{ch}”：…{text[max(0, i - 8):i + 4].strip()}…",
                           f"Full-width '{ch}' in English text: …{text[max(0, i - 8):i + 4].strip()}…; use the ASCII mark.")

    def balance(self, path: Path, first: int, text: str, lang: str) -> None:
        pairs = dict(OPEN)
        if lang == "en":
            pairs.pop("‘")  # ’ is also the apostrophe in English
        closers = {v: k for k, v in pairs.items()}
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(text):
            if ch in pairs:
                stack.append((ch, i))
            elif ch in closers:
                if stack and stack[-1][0] == closers[ch]:
                    stack.pop()
                    continue
                if stack and any(o == closers[ch] for o, _ in stack):
                    o, oi = stack.pop()
                    self.error(path, line_of(text, oi, first), "punctuation",
                               f"括号或引号不配对：“{o}”没有对应的“{pairs[o]}”（在“{ch}”之前）。",
                               f"Unbalanced brackets or quotes: '{o}' is not closed by '{pairs[o]}' before '{ch}'.")
                    while stack and stack[-1][0] != closers[ch]:
                        stack.pop()
                    if stack:
                        stack.pop()
                    continue
                self.error(path, line_of(text, i, first), "punctuation",
                           f"括号或引号不配对：“{ch}”前面没有对应的“{closers[ch]}”：…{text[max(0, i - 8):i + 2].strip()}…",
                           f"Unbalanced brackets or quotes: '{ch}' has no opening '{closers[ch]}': …{text[max(0, i - 8):i + 2].strip()}…")
        for o, oi in stack:
            self.error(path, line_of(text, oi, first), "punctuation",
                       f"括号或引号不配对：“{o}”没有对应的“{pairs[o]}”：…{text[oi:oi + 10].strip()}…",
                       f"Unbalanced brackets or quotes: '{o}' is never closed by '{pairs[o]}': …{text[oi:oi + 10].strip()}…")
        if lang == "en" and text.count('"') % 2:
            i = text.rfind('"')
            self.error(path, line_of(text, i, first), "punctuation",
                       "直引号 \" 的数目为奇数，有引号未闭合。",
                       "An odd number of straight quotes \": one is not closed.")

    # zh/en clauses, translation, glossary ---------------------------------------------------------

    def check_same_clauses(self) -> None:
        for name in plandoc.PLAN_PAGES:
            zh, en = self.pages.get((name, "zh")), self.pages.get((name, "en"))
            if zh is None or en is None:
                continue
            zids = [c.id for c in zh.clauses]
            eids = [c.id for c in en.clauses]
            for cid in zids:
                if cid not in eids:
                    self.error(en.path, self.en_insert_line(zh, en, cid), "clauses",
                               f"英文页缺少条款 {cid}（中文页第 {zh.clause(cid).line} 行）。请补译该条并加锚点 {{ #{plandoc.id_to_anchor(cid)} }}。",
                               f"The English page lacks clause {cid} (Chinese page, line {zh.clause(cid).line}). Translate it and give it the anchor {{ #{plandoc.id_to_anchor(cid)} }}.")
            for c in en.clauses:
                if c.id not in zids:
                    self.error(en.path, c.line, "clauses",
                               f"英文页的条款 {c.id} 在中文页中不存在。请删除，或核对条款编号。",
                               f"Clause {c.id} of the English page is not on the Chinese page. Remove it, or check its id.")
            common_z = [i for i in zids if i in eids]
            common_e = [i for i in eids if i in zids]
            if common_z != common_e:
                for a, b in zip(common_z, common_e):
                    if a != b:
                        self.error(en.path, en.clause(b).line, "clauses",
                                   f"英文页条款顺序与中文页不同：此处为 {b}，中文页此处为 {a}。",
                                   f"The English page has its clauses in another order: {b} here, where the Chinese page has {a}.")
                        break

    @staticmethod
    def en_insert_line(zh, en, cid) -> int:
        zids = [c.id for c in zh.clauses]
        before = zids[: zids.index(cid)]
        for prev in reversed(before):
            c = en.clause(prev)
            if c:
                return c.line
        return en.body_line

    def check_translation(self) -> None:
        for name in plandoc.PLAN_PAGES:
            zh, en = self.pages.get((name, "zh")), self.pages.get((name, "en"))
            if zh is None or en is None:
                continue
            recorded = en.meta.get("translates")
            if not isinstance(recorded, dict):
                recorded = {}
            try:
                problems = translation_sync.stale(name, self.docs)
            except Exception as e:  # a page that cannot be parsed is reported elsewhere
                self.error(en.path, 1, "translation", f"无法核对译文：{e}", f"Cannot check the translation: {e}")
                continue
            for cid, why in problems:
                ec = en.clause(cid)
                if ec is None:
                    continue  # reported by the `clauses` check
                zc = zh.clause(cid)
                if why == "missing":
                    self.error(en.path, ec.line, "translation",
                               f"英文条款 {cid} 没有记录其所译中文文本的校验值。核对译文后运行：python -m plansite.translation_sync {name}",
                               f"English clause {cid} has no recorded hash of the Chinese text it translates. Once the translation is right, run: python -m plansite.translation_sync {name}")
                else:
                    self.error(en.path, ec.line, "translation",
                               f"译文过期：中文条款 {cid}（{self.rel(zh.path)} 第 {zc.line} 行）已修改，英文尚未更新。请更新英文后运行：python -m plansite.translation_sync {name}",
                               f"Stale translation: Chinese clause {cid} ({self.rel(zh.path)}, line {zc.line}) has changed since this English was written. Update the English, then run: python -m plansite.translation_sync {name}")
            zids = {c.id for c in zh.clauses}
            for cid in recorded:
                if str(cid) not in zids:
                    self.warn(en.path, self.fm_line(en.path, "translates", cid), "translation",
                              f"`translates` 记录了中文页中已不存在的条款 {cid}。运行 python -m plansite.translation_sync {name} 更新记录。",
                              f"`translates` records clause {cid}, which is no longer on the Chinese page. Run python -m plansite.translation_sync {name} to update the record.")

    def check_glossary(self) -> None:
        path = self.policy / "glossary.yaml"
        if not path.exists():
            return
        try:
            terms = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("terms") or []
        except yaml.YAMLError as e:
            self.error(path, 1, "glossary", f"术语表不是有效的 YAML：{e}", f"The glossary is not valid YAML: {e}")
            return
        terms = [t for t in terms if isinstance(t, dict) and t.get("zh") and t.get("en")]
        for name in plandoc.PLAN_PAGES:
            zh, en = self.pages.get((name, "zh")), self.pages.get((name, "en"))
            if zh is None or en is None:
                continue
            for zc in zh.clauses:
                ec = en.clause(zc.id)
                if ec is None:
                    continue
                etext = ec.text.lower().replace("’", "'")
                for t in terms:
                    if t["zh"] not in zc.text:
                        continue
                    forms = [t["en"]] + ([t["plural"]] if t.get("plural") else [])
                    if not any(f.lower().replace("’", "'") in etext for f in forms):
                        self.error(en.path, ec.line, "glossary",
                                   f"中文条款 {zc.id} 含术语“{t['zh']}”，英文条款中没有术语表规定的译法“{t['en']}”。请按 policy/glossary.yaml 翻译。",
                                   f"Chinese clause {zc.id} uses the term {t['zh']}; the English clause lacks its glossary rendering '{t['en']}'" + (f" (or '{t['plural']}')" if t.get("plural") else "") + ". Translate it as policy/glossary.yaml says.")

    # policy quotes, parameters, numbers -----------------------------------------------------------

    def check_quotes(self) -> dict[str, list[str]]:
        """Every policy quote is in its clause; returns clause id -> quotes found there."""
        found: dict[str, list[str]] = {}
        for path in self.policy_files():
            self.files_checked.add(path)
            try:
                node = yaml.compose(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as e:
                mark = getattr(e, "problem_mark", None)
                self.error(path, (mark.line + 1) if mark else 1, "quote",
                           f"不是有效的 YAML：{getattr(e, 'problem', e)}", f"Not valid YAML: {getattr(e, 'problem', e)}")
                continue
            if node is None:
                continue
            for clause, quote, line, _, mapping, key in yaml_quotes(node):
                hit = self.zh_index.get(clause)
                if hit is None:
                    self.error(path, line, "quote",
                               f"引文所注条款“{clause}”不存在。条款编号见 docs/about/clause-ids.zh.md，如 3.2、7.1.3、3.p2。",
                               f"The quote's clause '{clause}' does not exist. See docs/about/clause-ids.en.md for ids such as 3.2, 7.1.3, 3.p2.")
                    continue
                text = hit[1].text
                if squash(quote) in squash(text):
                    found.setdefault(clause, []).append(quote)
                    if key == "quote":
                        self.check_parameter(path, mapping, quote, clause)
                    continue
                near = closest(quote, text)
                self.error(path, line, "quote",
                           f"引文不在条款 {clause} 中：“{quote}”。条款现为“…{near}…”。修改条文时，请同时更新 policy/ 中的参数与引文。",
                           f"The quote is not in clause {clause}: '{quote}'. The clause now reads '…{near}…'. When you change the text, change the parameter and its quote in policy/ too.")
        return found

    def check_parameter(self, path: Path, mapping, quote: str, clause: str) -> None:
        keys = {k.value: v for k, v in mapping.value}
        v = keys.get("value")
        if not isinstance(v, yaml.ScalarNode) or v.tag.endswith(":bool"):
            return
        value = number_value(v.value)
        if value is None:
            return
        kind, val = value
        tokens = [number_value(m.group(0)) for m in NUMBER_RE.finditer(quote)]
        comparable = {"percent": ("percent", "fraction"), "fraction": ("fraction", "percent"), "int": ("int",)}[kind]
        seen = [t[1] for t in tokens if t and t[0] in comparable]
        if seen and val not in seen:
            self.error(path, v.start_mark.line + 1, "parameter",
                       f"参数值 {v.value} 与其引文（条款 {clause}）中的数字不一致：“{quote}”。请使二者一致。",
                       f"The value {v.value} disagrees with the number in its quote (clause {clause}): '{quote}'. Make them agree.")

    def load_allowlist(self) -> dict[str, list[str]]:
        path = self.policy / "lint.yaml"
        allow: dict[str, list[str]] = {}
        self.allow_entries: list[tuple[Path, int, str, str]] = []
        if not path.exists():
            return allow
        self.files_checked.add(path)
        try:
            raw = path.read_text(encoding="utf-8")
            data = yaml.safe_load(raw) or {}
            lines = yaml_lines(yaml.compose(raw)) if raw.strip() else {}
        except yaml.YAMLError as e:
            self.error(path, 1, "lint-config", f"不是有效的 YAML：{e}", f"Not valid YAML: {e}")
            return allow
        entries = data.get("numbers") or []
        if not isinstance(entries, list):
            self.error(path, lines.get(("numbers",), 1), "lint-config",
                       "`numbers` 必须是列表。", "`numbers` must be a list.")
            return allow
        for i, e in enumerate(entries):
            line = lines.get(("numbers", i), 1)
            if not isinstance(e, dict) or not isinstance(e.get("clause"), str) or not isinstance(e.get("text"), str):
                self.error(path, line, "lint-config",
                           "允许清单的每一项须有字符串类型的 clause 和 text。",
                           "Each allowlist entry needs a clause and a text, both strings.")
                continue
            reason = e.get("reason")
            if not (isinstance(reason, dict) and isinstance(reason.get("zh"), str) and reason["zh"].strip()
                    and isinstance(reason.get("en"), str) and reason["en"].strip()):
                self.error(path, line, "lint-config",
                           f"允许清单项“{e['text']}”缺少理由：请写明 reason 的 zh 与 en（如“文件编号”/“a document number”）。",
                           f"Allowlist entry '{e['text']}' gives no reason: add reason with zh and en (e.g. 文件编号 / a document number).")
                continue
            hit = self.zh_index.get(e["clause"])
            if hit is None:
                self.error(path, lines.get(("numbers", i, "clause"), line), "lint-config",
                           f"允许清单项所注条款“{e['clause']}”不存在。",
                           f"The allowlist entry's clause '{e['clause']}' does not exist.")
                continue
            if squash(e["text"]) not in squash(hit[1].text):
                self.error(path, lines.get(("numbers", i, "text"), line), "lint-config",
                           f"允许清单项的文字不在条款 {e['clause']} 中：“{e['text']}”。条文已改的，请更新或删除此项。",
                           f"The allowlist entry's text is not in clause {e['clause']}: '{e['text']}'. If the text changed, update or remove the entry.")
                continue
            allow.setdefault(e["clause"], []).append(e["text"])
            self.allow_entries.append((path, lines.get(("numbers", i, "text"), line), e["clause"], e["text"]))
        return allow

    def check_numbers(self) -> None:
        used_allow: set[tuple[str, str]] = set()
        for name in plandoc.PLAN_PAGES:
            page = self.pages.get((name, "zh"))
            if page is None:
                continue
            # which blocks belong to which clause
            owner: list[tuple[plandoc.Block, plandoc.Clause]] = []
            current = None
            for b in page.blocks:
                if b.anchor:
                    current = page.clause(plandoc.anchor_to_id(b.anchor))
                if current is not None:
                    owner.append((b, current))
            for b, c in owner:
                text = b.text
                start = 0
                if b.line == c.line:
                    m = find_marker(text, "zh")
                    if m:
                        start = len(m[2])
                covers = [(q, "quote") for q in self.quotes.get(c.id, [])] + [(a, "allow") for a in self.allow.get(c.id, [])]
                spans = []
                for q, kind in covers:
                    for s, e in find_all_squashed(text, q):
                        spans.append((s, e, kind, q))
                for m in NUMBER_RE.finditer(text, start):
                    s, e = m.span()
                    cover = [sp for sp in spans if sp[0] <= s and e <= sp[1]]
                    for sp in cover:
                        if sp[2] == "allow":
                            used_allow.add((c.id, sp[3]))
                    if cover:
                        continue
                    tok = m.group(0)
                    ctx = text[max(0, s - 6): e + 6].replace("\n", "")
                    self.warn(page.path, line_of(text, s, b.line), "number",
                              f"条款 {c.id} 中的“{tok}”（…{ctx}…）不在任何参数的引文中：如是规则，请在 policy/*.yaml 加参数（clause、quote）；如是日期、文件编号等，请列入 policy/lint.yaml 并写明理由。",
                              f"'{tok}' in clause {c.id} (…{ctx}…) is in no parameter's quote: if it is a rule, add a parameter to policy/*.yaml (clause, quote); if it is a date, a document number or the like, list it in policy/lint.yaml with a reason.")
        for path, line, clause, text in getattr(self, "allow_entries", []):
            if (clause, text) not in used_allow:
                self.warn(path, line, "lint-config",
                          f"允许清单项“{text}”（条款 {clause}）已不涵盖任何数字，可以删除。",
                          f"Allowlist entry '{text}' (clause {clause}) no longer covers any number and can be removed.")

    # links and cross-references -------------------------------------------------------------------

    def doc_pages(self) -> list[Path]:
        if not self.docs.is_dir():
            return []
        return sorted(p for p in self.docs.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(self.docs).parts))

    @staticmethod
    def lang_of(path: Path) -> str | None:
        m = re.search(r"\.(zh|en)\.md$", path.name)
        return m.group(1) if m else None

    def anchors_of(self, path: Path) -> tuple[set[str], bool]:
        """Ids a page will have once built, and whether it has generated content."""
        cache = self.__dict__.setdefault("_anchors", {})
        if path in cache:
            return cache[path]
        raw = path.read_text(encoding="utf-8")
        m = plandoc.FRONT_RE.match(raw)  # not parsed: broken YAML is reported elsewhere
        body = blank_code(raw[m.end():] if m else raw)
        ids = set(ATTR_ID_RE.findall(body)) | set(HTML_ID_RE.findall(body))
        slug = slugifier()
        for line in body.split("\n"):
            hm = plandoc.HEADING_RE.match(line)
            if hm:
                text = re.sub(r"\{[^}]*\}\s*$", "", hm.group(2)).strip()
                text = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text)
                ids.add(slug(text, "-"))
        generated = "<!--" in body
        lang = self.lang_of(path) or "zh"
        rel = path.relative_to(self.docs).as_posix()
        name = re.sub(r"\.(zh|en)\.md$", "", rel)
        if name in plandoc.PLAN_PAGES:
            zh = self.pages.get((name, "zh"))
            if zh and zh.meta.get("editorial"):
                ids.add("editorial-notes")
                ids.update(f"editorial-{i}" for i in range(1, len(zh.meta["editorial"]) + 1))
        if "<!-- plan:full-text -->" in body:
            for n in plandoc.PLAN_PAGES:
                p = self.pages.get((n, lang))
                if p:
                    ids.update(c.anchor for c in p.clauses)
                    ids.update(self.anchors_of(p.path)[0])
        cache[path] = (ids, generated)
        return cache[path]

    def resolve(self, src: Path, target: str) -> Path | None:
        lang = self.lang_of(src) or "zh"
        base = src.parent
        t = target.split("?", 1)[0]
        if t.startswith("/"):
            cand_base = self.docs / t.lstrip("/")
        else:
            cand_base = (base / t)
        cand_base = Path(_normpath(cand_base))
        cands = []
        if t.endswith(".md"):
            stem = str(cand_base)[:-3]
            if re.search(r"\.(zh|en)$", stem):
                cands.append(Path(stem + ".md"))
            cands.append(Path(f"{stem}.{lang}.md"))
        elif t.endswith("/") or t == "" or "." not in Path(t).name:
            d = Path(str(cand_base).rstrip("/"))
            cands += [d / f"index.{lang}.md", Path(f"{d}.{lang}.md"), d / "index.md"]
        else:
            cands.append(cand_base)
        for c in cands:
            if c.exists() and c.resolve().is_relative_to(self.docs.resolve()):
                return c
        return None

    def check_links(self) -> None:
        for path in self.doc_pages():
            self.files_checked.add(path)
            raw = path.read_text(encoding="utf-8")
            body_start = 1
            body = raw
            m = plandoc.FRONT_RE.match(raw)
            if m:
                body_start = m.group(0).count("\n") + 1
                body = raw[m.end():]
            body = blank_code(body)
            for i, line in enumerate(body.split("\n")):
                targets = [mm.group(3) for mm in LINK_RE.finditer(line)]
                rm = REFDEF_RE.match(line)
                if rm:
                    targets.append(rm.group(1))
                for target in targets:
                    self.check_link(path, body_start + i, target)

    def check_link(self, src: Path, line: int, target: str) -> None:
        if not target or SCHEME_RE.match(target) or target.startswith("//"):
            return
        path_part, _, frag = target.partition("#")
        if path_part:
            dest = self.resolve(src, path_part)
            if dest is None:
                lang = self.lang_of(src) or "zh"
                self.error(src, line, "link",
                           f"链接目标“{target}”不存在。链接其他页面时写源文件路径（不带语言后缀），如 plan/section-3.md#clause-3-2；{lang} 页面须有对应的 .{lang}.md 文件。",
                           f"The link target '{target}' does not exist. Link to the source file without the language suffix, e.g. plan/section-3.md#clause-3-2; the {lang} page needs its .{lang}.md file.")
                return
        else:
            dest = src
        if not frag or dest.suffix != ".md":
            return
        ids, generated = self.anchors_of(dest)
        if frag in ids:
            return
        if frag.startswith("clause-"):
            cid = plandoc.anchor_to_id(frag)
            where = self.zh_index.get(cid)
            hint_zh = f"条款 {cid} 在 {where[0]}，请链接 {where[0]}.md#{frag}。" if where else f"方案中没有条款 {cid}。"
            hint_en = f"Clause {cid} is on {where[0]}: link {where[0]}.md#{frag}." if where else f"The plan has no clause {cid}."
            self.error(src, line, "link", f"锚点“#{frag}”在 {self.rel(dest)} 中不存在。{hint_zh}",
                       f"Anchor '#{frag}' does not exist on {self.rel(dest)}. {hint_en}")
        elif generated:
            self.warn(src, line, "link",
                      f"锚点“#{frag}”不在 {self.rel(dest)} 的源文件中（该页有构建时生成的内容，无法确认）。",
                      f"Anchor '#{frag}' is not in the source of {self.rel(dest)} (which has content generated at build time, so it cannot be confirmed).")
        else:
            self.error(src, line, "link", f"锚点“#{frag}”在 {self.rel(dest)} 中不存在。请核对标题或 {{ #id }}。",
                       f"Anchor '#{frag}' does not exist on {self.rel(dest)}. Check the heading or its {{ #id }}.")

    def check_cross_references(self) -> None:
        all_ids = set(self.zh_index)
        files = [(p, True) for p in self.doc_pages()] + [(p, False) for p in self.policy_files()]
        for path, is_md in files:
            raw = path.read_text(encoding="utf-8")
            first = 1
            if is_md:
                m = plandoc.FRONT_RE.match(raw)
                if m:
                    first = m.group(0).count("\n") + 1
                    raw = raw[m.end():]
                raw = blank_code(raw)
            for i, line in enumerate(raw.split("\n")):
                for m in ZH_XREF_RE.finditer(line):
                    cid = zh_xref_id(m)
                    if cid and cid not in all_ids:
                        self.error(path, first + i, "cross-reference",
                                   f"引用“{m.group(0)}”所指的条款 {cid} 不存在。请核对条款编号（见“条款编号”页）。",
                                   f"The citation '{m.group(0)}' names clause {cid}, which does not exist. Check the clause (see Clause identifiers).")
                for m in EN_XREF_RE.finditer(line):
                    cid = en_xref_id(m)
                    if cid and cid not in all_ids:
                        self.error(path, first + i, "cross-reference",
                                   f"引用“{m.group(0)}”所指的条款 {cid} 不存在。",
                                   f"The citation '{m.group(0)}' names clause {cid}, which does not exist. Check the clause (see Clause identifiers).")
                for m in ANNEX_XREF_RE.finditer(line):
                    n = m.group(1) or m.group(2)
                    if self.zh_index and f"annex-{n}" not in all_ids:
                        self.error(path, first + i, "cross-reference",
                                   f"引用“{m.group(0)}”所指的附件不存在。",
                                   f"The citation '{m.group(0)}' names an annex that does not exist.")


def zh_xref_id(m: re.Match) -> str | None:
    try:
        cid = str(cn_to_int(m.group(1)))
        if m.group(2):
            cid += f".{cn_to_int(m.group(2))}"
            if m.group(3):
                cid += f".{int(m.group(3))}"
        if m.group(4):
            cid += f".p{cn_to_int(m.group(4))}"
        return cid
    except ValueError:
        return None


def en_xref_id(m: re.Match) -> str | None:
    if m.group(1) not in ROMAN_VALUES:
        return None
    cid = str(ROMAN_VALUES[m.group(1)])
    item = m.group(2) or m.group(3)
    if item:
        cid += f".{int(item)}"
        if m.group(4):
            cid += f".{int(m.group(4))}"
    if m.group(5):
        cid += f".p{int(m.group(5))}"
    return cid


def _normpath(p: Path) -> str:
    return os.path.normpath(str(p))


_SLUG = None


def slugifier():
    """The site's heading slugs: toc's slugify is pymdownx.slugs.slugify(case=lower)."""
    global _SLUG
    if _SLUG is None:
        try:
            from pymdownx.slugs import slugify
            _SLUG = slugify(case="lower")
        except ImportError:  # pragma: no cover - without pymdownx, the Markdown default
            from markdown.extensions.toc import slugify_unicode
            _SLUG = slugify_unicode
    return _SLUG


def find_all_squashed(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `needle` in `text`, ignoring whitespace in both."""
    pattern = r"\s*".join(re.escape(ch) for ch in squash(needle))
    return [m.span() for m in re.finditer(pattern, text)] if pattern else []


def closest(quote: str, text: str) -> str:
    """The stretch of `text` most like `quote` (for a helpful message)."""
    q, t = squash(quote), squash(text)
    if not t:
        return ""
    n = len(q)
    best, best_i = -1.0, 0
    for i in range(0, max(1, len(t) - n + 1)):
        r = difflib.SequenceMatcher(None, q, t[i:i + n], autojunk=False).ratio()
        if r > best:
            best, best_i = r, i
    return t[best_i:best_i + n]


# -- command line ----------------------------------------------------------------------------------

def run(root: Path = plandoc.ROOT) -> tuple[list[Finding], int]:
    lint = Lint(root)
    findings = lint.run()
    return findings, len(lint.files_checked)


def summary(findings: list[Finding], files: int, seconds: float) -> str:
    e = sum(f.severity == "error" for f in findings)
    w = sum(f.severity == "warning" for f in findings)
    verdict_zh = "未通过" if e else "通过"
    verdict_en = "failed" if e else "passed"
    return (f"lint: {e} 个错误、{w} 个警告，检查 {files} 个文件，{verdict_zh} / "
            f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)} in {files} files, {verdict_en} ({seconds:.2f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Drafting lint for the plan's pages and policy/ (起草检查).")
    ap.add_argument("--root", type=Path, default=plandoc.ROOT, help="repository root holding docs/ and policy/")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--errors-only", action="store_true", help="do not list warnings (still counted)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    findings, files = run(args.root)
    seconds = time.perf_counter() - t0
    if args.format == "json":
        out = {
            "findings": [asdict(f) for f in findings],
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "files": files,
            "seconds": round(seconds, 3),
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            if args.errors_only and f.severity != "error":
                continue
            print(f.format())
        print(summary(findings, files, seconds))
    return 1 if any(f.severity == "error" for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
