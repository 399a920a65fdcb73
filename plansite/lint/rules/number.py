"""number: a number in the text that no parameter's quote and no allowlist entry accounts for."""
from __future__ import annotations

from plansite.lint.accounting import account
from plansite.lint.findings import Issue

id = "number"
severity = "warning"
description = {
    "zh": "条文中的百分比、金额、年份、年限等数字，既不在任何参数的引文中，也不在 `policy/lint.yaml` 的允许清单中（警告）。",
    "en": "A percentage, amount, year, period or other number in the text that is in no parameter's quote and not in the allowlist in `policy/lint.yaml` (a warning).",
}
fix = {
    "zh": "是规则的，在 `policy/*.yaml` 加参数；是日期、文件编号等的，加入 `policy/lint.yaml` 并写明理由。",
    "en": "If it is a rule, add a parameter to `policy/*.yaml`; if it is a date, a document number or the like, list it in `policy/lint.yaml` with a reason.",
}


def check(corpus):
    unaccounted, _ = account(corpus)
    for u in unaccounted:
        yield Issue(u.page.path, u.line,
                    f"条款 {u.clause} 中的“{u.token}”（…{u.context}…）不在任何参数的引文中：如是规则，请在 policy/*.yaml 加参数（clause、quote）；如是日期、文件编号等，请列入 policy/lint.yaml 并写明理由。",
                    f"'{u.token}' in clause {u.clause} (…{u.context}…) is in no parameter's quote: if it is a rule, add a parameter to policy/*.yaml (clause, quote); if it is a date, a document number or the like, list it in policy/lint.yaml with a reason.")
