"""lint-config: policy/lint.yaml itself, the allowlist of numbers and the rules' severities."""
from __future__ import annotations

from plansite.lint.accounting import account, allowlist
from plansite.lint.findings import Issue

id = "lint-config"
severity = "error"
description = {
    "zh": "`policy/lint.yaml` 本身：每项有条款、文字和中英文理由；不再涵盖任何数字的项（警告）；`rules` 中的检查名称与级别有效。",
    "en": "`policy/lint.yaml` itself: each entry has a clause, its words and a reason in both languages; an entry that no longer covers any number (a warning); the checks and severities under `rules` exist.",
}
fix = {
    "zh": "补全或删除该项。",
    "en": "Complete or remove the entry.",
}


def check(corpus):
    allowed, issues = allowlist(corpus)
    yield from issues
    _, used = account(corpus)
    for a in allowed:
        if (a.clause, a.text) not in used:
            yield Issue(corpus.config.path, a.line,
                        f"允许清单项“{a.text}”（条款 {a.clause}）已不涵盖任何数字，可以删除。",
                        f"Allowlist entry '{a.text}' (clause {a.clause}) no longer covers any number and can be removed.",
                        hint=True)
