"""The registry: the rules, which of them run and at what severity, and the run itself."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from plansite.lint.corpus import Corpus
from plansite.lint.findings import Finding, Issue
from plansite.lint.rules import MODULES

SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str                   # the default: "error" or "warning"
    description: dict[str, str]     # zh, en: what it looks at
    fix: dict[str, str]             # zh, en: how to fix what it finds
    check: Callable[[Corpus], Iterable[Issue]]


def _rule(module) -> Rule:
    rule = Rule(module.id, module.severity, module.description, module.fix, module.check)
    if rule.severity not in ("error", "warning"):
        raise ValueError(f"{module.__name__}: severity {rule.severity!r} is not error or warning")
    for what in (rule.description, rule.fix):
        if set(what) != {"zh", "en"} or not all(isinstance(v, str) and v.strip() for v in what.values()):
            raise ValueError(f"{module.__name__}: description and fix need zh and en")
    return rule


RULES: list[Rule] = [_rule(m) for m in MODULES]
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
if len(BY_ID) != len(RULES):
    raise ValueError("two rules have the same id")


class UnknownRule(ValueError):
    """--select or --ignore names a rule that does not exist."""


def choose(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """The rules to run, in the registry's order: those selected (default all) but not ignored."""
    select, ignore = list(select or []), list(ignore or [])
    unknown = [i for i in select + ignore if i not in BY_ID]
    if unknown:
        raise UnknownRule(", ".join(unknown))
    return [r for r in RULES if (not select or r.id in select) and r.id not in ignore]


def severities(corpus: Corpus) -> tuple[dict[str, str], list[Issue]]:
    """The severities `rules:` in policy/lint.yaml sets, and what is wrong with that section."""
    cfg = corpus.config
    data = cfg.data if isinstance(cfg.data, dict) else {}
    table = data.get("rules")
    if table is None:
        return {}, []
    if not isinstance(table, dict):
        return {}, [Issue(cfg.path, cfg.line("rules"), "`rules` 必须是“检查名称: error、warning 或 off”的映射。",
                          "`rules` must map check names to error, warning or off.")]
    out, issues = {}, []
    for key, value in table.items():
        line = cfg.line("rules", key)
        if value is False:   # YAML reads an unquoted off as false
            value = "off"
        if key not in BY_ID:
            near = difflib.get_close_matches(str(key), list(BY_ID), n=1)
            issues.append(Issue(cfg.path, line,
                                f"没有名为 `{key}` 的检查。" + (f"是否应为 `{near[0]}`？" if near else "")
                                + f"可用的检查：{'、'.join(BY_ID)}。",
                                f"There is no check `{key}`." + (f" Did you mean `{near[0]}`?" if near else "")
                                + f" The checks: {', '.join(BY_ID)}."))
        elif value not in SEVERITIES:
            issues.append(Issue(cfg.path, line,
                                f"检查 `{key}` 的级别“{value}”无效，应为 error、warning 或 off。",
                                f"The severity '{value}' of `{key}` is not error, warning or off."))
        else:
            out[key] = value
    return out, issues


def issues_of(rule: Rule, corpus: Corpus, config_issues: list[Issue]) -> Iterator[Issue]:
    """What the corpus could not read that is this rule's to report, then what the rule finds."""
    for p in corpus.problems:
        if p.rule == rule.id:
            yield Issue(p.path, p.line, p.zh, p.en)
    if rule.id == "lint-config":
        yield from config_issues
    yield from rule.check(corpus)


def run(corpus: Corpus, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding of the rules on the corpus, sorted by file, line and rule."""
    overrides, config_issues = severities(corpus)
    findings = []
    for rule in rules:
        level = overrides.get(rule.id, rule.severity)
        if level == "off":
            continue
        for issue in issues_of(rule, corpus, config_issues):
            findings.append(Finding(corpus.rel(issue.path), int(issue.line),
                                    "warning" if issue.hint else level, rule.id, issue.zh, issue.en))
    findings.sort(key=lambda f: (f.path, f.line, f.check, f.zh))
    return findings
