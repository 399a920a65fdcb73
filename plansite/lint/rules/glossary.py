"""glossary: a term of the glossary in a Chinese clause has its glossary English in the
English clause."""
from __future__ import annotations

from plansite.lint.findings import Issue

id = "glossary"
severity = "error"
description = {
    "zh": "中文条款中出现 `policy/glossary.yaml` 的术语时，对应英文条款使用术语表规定的译法。",
    "en": "Where a Chinese clause uses a term of `policy/glossary.yaml`, the English clause uses the glossary's English.",
}
fix = {
    "zh": "按术语表改译文。",
    "en": "Translate the term as the glossary says.",
}


def fold(s: str) -> str:
    return s.lower().replace("’", "'")


def check(corpus):
    for _, zh, en in corpus.plan_pairs():
        for zc in zh.clauses:
            ec = en.clause(zc.id)
            if ec is None:
                continue
            etext = fold(ec.text)
            for t in corpus.glossary:
                if t.zh not in zc.text:
                    continue
                forms = [t.en] + ([t.plural] if t.plural else [])
                if not any(fold(f) in etext for f in forms):
                    yield Issue(en.path, ec.line,
                                f"中文条款 {zc.id} 含术语“{t.zh}”，英文条款中没有术语表规定的译法“{t.en}”。请按 policy/glossary.yaml 翻译。",
                                f"Chinese clause {zc.id} uses the term {t.zh}; the English clause lacks its glossary rendering '{t.en}'"
                                + (f" (or '{t.plural}')" if t.plural else "") + ". Translate it as policy/glossary.yaml says.")
