"""parameter: a parameter's value agrees with the number in its quote."""
from __future__ import annotations

import yaml

from plansite.lint.accounting import NUMBER_RE, number_value, quote_holds
from plansite.lint.findings import Issue

id = "parameter"
severity = "error"
description = {
    "zh": "参数的 `value` 与其引文中的数字一致（如 `value: 50%` 与“……的50%”）。",
    "en": "A parameter's `value` agrees with the number in its quote (`value: 50%` with “……的50%”).",
}
fix = {
    "zh": "使二者一致。",
    "en": "Make the two agree.",
}

# A value of one kind compares with the numbers of the quote of these kinds.
COMPARABLE = {"percent": ("percent", "fraction"), "fraction": ("fraction", "percent"), "int": ("int",)}


def check(corpus):
    for q in corpus.quotes:
        if q.key != "quote" or not quote_holds(corpus, q):
            continue   # a quote not in its clause is the quote rule's to report
        v = q.value
        if not isinstance(v, yaml.ScalarNode) or v.tag.endswith(":bool"):
            continue
        value = number_value(v.value)
        if value is None:
            continue
        kind, val = value
        tokens = [number_value(m.group(0)) for m in NUMBER_RE.finditer(q.text)]
        seen = [t[1] for t in tokens if t and t[0] in COMPARABLE[kind]]
        if seen and val not in seen:
            yield Issue(q.path, v.start_mark.line + 1,
                        f"参数值 {v.value} 与其引文（条款 {q.clause}）中的数字不一致：“{q.text}”。请使二者一致。",
                        f"The value {v.value} disagrees with the number in its quote (clause {q.clause}): '{q.text}'. Make them agree.")
