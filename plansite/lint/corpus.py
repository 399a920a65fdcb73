"""The corpus: everything the lint reads, loaded once, before any rule runs.

The plan's pages of both languages (parsed with plansite.plandoc, the one parser of the plan),
every other page under docs/, the policy files with their quotes, the glossary and the lint's
own settings (policy/lint.yaml). Rules only read it; nothing a rule computes is kept here for
another rule. What cannot be read (broken YAML, a missing page) is kept as a Problem, which the
registry reports under the rule it names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from plansite import plandoc
from plansite.lint.text import yaml_lines


@dataclass(frozen=True)
class Problem:
    """Something that could not be read, reported by the rule `rule`."""
    rule: str
    path: Path
    line: int
    zh: str
    en: str


@dataclass(frozen=True)
class Quote:
    """A `quote` (or `*_quote`) of a mapping with a `clause` in policy/*.yaml."""
    path: Path
    line: int                   # the line of the quote
    clause: str
    text: str
    key: str                    # "quote", or e.g. "reason_quote"
    value: yaml.Node | None     # the mapping's `value`, if it has one


@dataclass(frozen=True)
class Term:
    """A term of policy/glossary.yaml."""
    zh: str
    en: str
    plural: str | None


@dataclass(frozen=True)
class LintConfig:
    """policy/lint.yaml as written (data is None when there is no such file or it is not YAML)."""
    path: Path
    data: object
    lines: dict[tuple, int]     # key path -> line

    def line(self, *keys, default: int = 1) -> int:
        return self.lines.get(keys, default)


class Corpus:
    """Everything under one root (a repository, or a copy of it: DIR/docs, DIR/policy)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.docs = self.root / "docs"
        self.policy = self.root / "policy"
        self.problems: list[Problem] = []
        self.files: set[Path] = set()                       # the files checked (the summary's count)
        self.texts: dict[Path, str] = {}                    # raw text of every file read
        self.front_lines: dict[Path, dict[tuple, int]] = {}  # page -> front matter key path -> line
        self.doc_pages = self._doc_pages()
        # the plan: (name, lang) -> page, for every page that exists and could be read
        self.pages: dict[tuple[str, str], plandoc.Page] = {}
        self.missing_pages: list[tuple[str, str, Path]] = []
        self._load_plan()
        self.unlisted_plan_pages = self._unlisted_plan_pages()
        self.zh_index: dict[str, tuple[str, plandoc.Clause]] = {
            c.id: (name, c) for (name, lang), p in self.pages.items() if lang == "zh" for c in p.clauses}
        self._load_other_front_matter()
        self.policy_files = self._policy_files()
        self.quotes: list[Quote] = []
        for path in self.policy_files:
            self._load_policy(path)
        self.glossary: list[Term] = self._load_glossary()
        self.config = self._load_config()

    # -- reporting helpers ---------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def fm_line(self, path: Path, *keys) -> int:
        """The line of a front matter key (or of the nearest key above it); 1 if unknown."""
        lines = self.front_lines.get(path, {})
        while keys:
            if keys in lines:
                return lines[keys]
            keys = keys[:-1]
        return 1

    def plan_pairs(self):
        """(name, Chinese page, English page) of each part of the plan that has both."""
        for name in plandoc.PLAN_PAGES:
            zh, en = self.pages.get((name, "zh")), self.pages.get((name, "en"))
            if zh is not None and en is not None:
                yield name, zh, en

    def renumbered(self, name: str) -> dict[str, int]:
        """The Chinese page's record of renumbered clauses (clause id -> number shown)."""
        zh = self.pages.get((name, "zh"))
        ren = (zh.meta.get("renumbered") if zh else None) or {}
        return {str(k): v for k, v in ren.items()} if isinstance(ren, dict) else {}

    def problem(self, rule: str, path: Path, line: int, zh: str, en: str) -> None:
        self.problems.append(Problem(rule, path, line, zh, en))

    def read(self, path: Path) -> str:
        if path not in self.texts:
            self.texts[path] = path.read_text(encoding="utf-8")
        return self.texts[path]

    # -- loading -------------------------------------------------------------------------------

    def _doc_pages(self) -> list[Path]:
        if not self.docs.is_dir():
            return []
        return sorted(p for p in self.docs.rglob("*.md")
                      if not any(part.startswith(".") for part in p.relative_to(self.docs).parts))

    def _load_page(self, path: Path) -> plandoc.Page | None:
        self.files.add(path)
        m = plandoc.FRONT_RE.match(self.read(path))
        if m:
            try:
                node = yaml.compose(m.group(1))
            except yaml.YAMLError as e:
                mark = getattr(e, "problem_mark", None)
                line = (mark.line + 2) if mark else 1
                self.problem("front-matter", path, line,
                             f"前置元数据不是有效的 YAML：{getattr(e, 'problem', e)}。请检查缩进、冒号和引号。",
                             f"The front matter is not valid YAML: {getattr(e, 'problem', e)}. Check indentation, colons and quotes.")
                return None
            # line numbers in the file: the front matter starts on line 2
            self.front_lines[path] = {k: v + 1 for k, v in yaml_lines(node).items()} if node else {}
        try:
            page = plandoc.parse_page(path)
        except yaml.YAMLError as e:
            self.problem("front-matter", path, 1, f"前置元数据无法读取：{e}", f"The front matter cannot be read: {e}")
            return None
        if not isinstance(page.meta, dict):
            self.problem("front-matter", path, 1, "前置元数据必须是键值映射（key: value）。",
                         "The front matter must be a mapping (key: value).")
            page.meta = {}
        return page

    def _load_plan(self) -> None:
        for name in plandoc.PLAN_PAGES:
            for lang in plandoc.LANGS:
                path = plandoc.page_path(name, lang, self.docs)
                if not path.exists():
                    self.missing_pages.append((name, lang, path))
                    continue
                page = self._load_page(path)
                if page is not None:
                    self.pages[(name, lang)] = page

    def _unlisted_plan_pages(self) -> list[Path]:
        """Pages under docs/plan/ that are not part of the plan (PLAN_PAGES) nor its full text."""
        plan_dir = self.docs / "plan"
        if not plan_dir.is_dir():
            return []
        known = {f"{n}.{lang}.md" for n in plandoc.PLAN_PAGES for lang in plandoc.LANGS}
        out = [p for p in sorted(plan_dir.glob("*.md"))
               if p.relative_to(self.docs).as_posix() not in known and not p.name.startswith("full.")]
        for p in out:
            self.read(p)
        return out

    def _load_other_front_matter(self) -> None:
        """Every page is read; those outside the plan are parsed only for their front matter,
        which must at least be valid YAML and a mapping (else MkDocs prints it as page text)."""
        plan = {plandoc.page_path(n, lang, self.docs) for n in plandoc.PLAN_PAGES for lang in plandoc.LANGS}
        for path in self.doc_pages:
            self.files.add(path)
            if path not in plan and plandoc.FRONT_RE.match(self.read(path)):
                self._load_page(path)

    def _policy_files(self) -> list[Path]:
        if not self.policy.is_dir():
            return []
        return [p for p in sorted(self.policy.glob("*.yaml")) if p.name not in ("lint.yaml", "glossary.yaml")]

    def _load_policy(self, path: Path) -> None:
        self.files.add(path)
        try:
            node = yaml.compose(self.read(path))
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            self.problem("quote", path, (mark.line + 1) if mark else 1,
                         f"不是有效的 YAML：{getattr(e, 'problem', e)}", f"Not valid YAML: {getattr(e, 'problem', e)}")
            return
        if node is not None:
            self.quotes.extend(yaml_quotes(path, node))

    def _load_glossary(self) -> list[Term]:
        path = self.policy / "glossary.yaml"
        if not path.exists():
            return []
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            self.problem("glossary", path, 1, f"术语表不是有效的 YAML：{e}", f"The glossary is not valid YAML: {e}")
            return []
        terms = (data.get("terms") if isinstance(data, dict) else None) or []
        if not isinstance(data, dict) or not isinstance(terms, list):
            self.problem("glossary", path, 1, "术语表须为含 `terms` 列表的映射。",
                         "The glossary must be a mapping with a list under `terms`.")
            return []
        return [Term(t["zh"], t["en"], t.get("plural") if isinstance(t.get("plural"), str) else None)
                for t in terms if isinstance(t, dict) and t.get("zh") and t.get("en")
                and isinstance(t["zh"], str) and isinstance(t["en"], str)]

    def _load_config(self) -> LintConfig:
        path = self.policy / "lint.yaml"
        if not path.exists():
            return LintConfig(path, None, {})
        self.files.add(path)
        try:
            raw = path.read_text(encoding="utf-8")
            data = yaml.safe_load(raw) or {}
            node = yaml.compose(raw)
            lines = yaml_lines(node) if node is not None else {}
        except yaml.YAMLError as e:
            self.problem("lint-config", path, 1, f"不是有效的 YAML：{e}", f"Not valid YAML: {e}")
            return LintConfig(path, None, {})
        if not isinstance(data, dict):
            self.problem("lint-config", path, 1, "policy/lint.yaml 须为键值映射（numbers:、rules:）。",
                         "policy/lint.yaml must be a mapping (numbers:, rules:).")
            return LintConfig(path, None, lines)
        return LintConfig(path, data, lines)


def yaml_quotes(path: Path, node):
    """Every quote in a YAML tree: each mapping with a `clause` and a `quote` (or `*_quote`)."""
    if isinstance(node, yaml.MappingNode):
        mapping = {k.value: v for k, v in node.value}
        clause = mapping.get("clause")
        if isinstance(clause, yaml.ScalarNode):
            for k, v in node.value:
                if (k.value == "quote" or k.value.endswith("_quote")) and isinstance(v, yaml.ScalarNode):
                    yield Quote(path, v.start_mark.line + 1, str(clause.value), str(v.value), k.value,
                                mapping.get("value"))
        for k, v in node.value:
            yield from yaml_quotes(path, v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            yield from yaml_quotes(path, v)
