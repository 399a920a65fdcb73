"""quote: every `quote` in policy/*.yaml is in the text of its `clause`."""
from __future__ import annotations

import difflib

from plansite.lint.accounting import quote_holds
from plansite.lint.findings import Issue
from plansite.lint.text import squash

id = "quote"
severity = "error"
description = {
    "zh": "`policy/*.yaml` 中每个参数的 `quote`（引文）一字不差地出现在其 `clause` 所指的条款中。",
    "en": "Each parameter's `quote` in `policy/*.yaml` appears word for word in the clause its `clause` names.",
}
fix = {
    "zh": "修改条文时同时更新参数的引文，见[修改数字](numbers.md)。",
    "en": "When you change the text, change the parameter's quote too: see [Changing a number](numbers.md).",
}


def check(corpus):
    for q in corpus.quotes:
        hit = corpus.zh_index.get(q.clause)
        if hit is None:
            yield Issue(q.path, q.line,
                        f"引文所注条款“{q.clause}”不存在。条款编号见 docs/about/clause-ids.zh.md，如 3.2、7.1.3、3.p2。",
                        f"The quote's clause '{q.clause}' does not exist. See docs/about/clause-ids.en.md for ids such as 3.2, 7.1.3, 3.p2.")
        elif not quote_holds(corpus, q):
            near = closest(q.text, hit[1].text)
            yield Issue(q.path, q.line,
                        f"引文不在条款 {q.clause} 中：“{q.text}”。条款现为“…{near}…”。修改条文时，请同时更新 policy/ 中的参数与引文。",
                        f"The quote is not in clause {q.clause}: '{q.text}'. The clause now reads '…{near}…'. When you change the text, change the parameter and its quote in policy/ too.")


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
