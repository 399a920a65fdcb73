"""Which numbers of the plan's text policy/ accounts for.

A percentage, amount, year or other number in a clause is accounted for when it lies inside
the `quote` of a parameter for that clause (policy/*.yaml), or inside the `text` of an entry of
the allowlist (`numbers:` in policy/lint.yaml). Two rules report from this one account: `number`
(a number nothing accounts for) and `lint-config` (an allowlist entry that is wrong, or that
accounts for nothing).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from plansite import plandoc
from plansite.lint.corpus import Corpus, Quote
from plansite.lint.findings import Issue
from plansite.lint.text import find_all_squashed, line_of, squash
from plansite.numbering import AR_NUM, CN_AMOUNT, cn_amount, find_marker

# Numbers in the text: percentages, fractions, amounts, years and other durations, any other
# Arabic number. Chinese numerals count only with a unit (四年, 三分之二): alone they are
# ordinals and counts of words (一次, 五级联动).
NUMBER_RE = re.compile(
    rf"(?:{AR_NUM}\s*[%％]|百分之{CN_AMOUNT})"                    # percent
    rf"|(?:\d+/\d+|{CN_AMOUNT}分之{CN_AMOUNT})"                   # fraction
    rf"|(?:(?:{AR_NUM}|{CN_AMOUNT})\s*(?:万|亿)?元)"              # amount
    rf"|(?:(?:{AR_NUM}|{CN_AMOUNT})\s*个?(?:年|月|日|天|周))"      # date or duration
    rf"|{AR_NUM}"                                               # any other number
)


def number_value(token: str) -> tuple[str, Fraction] | None:
    """('percent' | 'fraction' | 'int', value) of a number token or a parameter value."""
    t = squash(str(token))
    try:
        if t.endswith(("%", "％")):
            return "percent", Fraction(t[:-1]) / 100
        m = re.fullmatch(rf"百分之({CN_AMOUNT})", t)
        if m:
            return "percent", Fraction(cn_amount(m.group(1)), 100)
        m = re.fullmatch(r"(\d+)/(\d+)", t)
        if m:
            return "fraction", Fraction(int(m.group(1)), int(m.group(2)))
        m = re.fullmatch(rf"({CN_AMOUNT})分之({CN_AMOUNT})", t)
        if m:
            return "fraction", Fraction(cn_amount(m.group(2)), cn_amount(m.group(1)))
        m = re.fullmatch(rf"({AR_NUM})\D*", t)
        if m:
            return "int", Fraction(m.group(1))
        m = re.fullmatch(rf"({CN_AMOUNT})\D*", t)
        if m:
            return "int", Fraction(cn_amount(m.group(1)))
    except (ValueError, ZeroDivisionError):
        return None
    return None


def quote_holds(corpus: Corpus, q: Quote) -> bool:
    """The quote is in the text of its clause (whitespace aside)."""
    hit = corpus.zh_index.get(q.clause)
    return hit is not None and squash(q.text) in squash(hit[1].text)


@dataclass(frozen=True)
class Allowed:
    """An entry of the allowlist that holds: its clause exists and has its words."""
    clause: str
    text: str
    line: int       # the line of its `text` in policy/lint.yaml


def allowlist(corpus: Corpus) -> tuple[list[Allowed], list[Issue]]:
    """The allowlist's entries that hold, and what is wrong with the others."""
    cfg = corpus.config
    if not isinstance(cfg.data, dict):
        return [], []
    entries = cfg.data.get("numbers") or []
    if not isinstance(entries, list):
        return [], [Issue(cfg.path, cfg.line("numbers"), "`numbers` 必须是列表。", "`numbers` must be a list.")]
    allowed, issues = [], []
    for i, e in enumerate(entries):
        line = cfg.line("numbers", i)
        if not isinstance(e, dict) or not isinstance(e.get("clause"), str) or not isinstance(e.get("text"), str):
            issues.append(Issue(cfg.path, line, "允许清单的每一项须有字符串类型的 clause 和 text。",
                                "Each allowlist entry needs a clause and a text, both strings."))
            continue
        reason = e.get("reason")
        if not (isinstance(reason, dict) and isinstance(reason.get("zh"), str) and reason["zh"].strip()
                and isinstance(reason.get("en"), str) and reason["en"].strip()):
            issues.append(Issue(
                cfg.path, line,
                f"允许清单项“{e['text']}”缺少理由：请写明 reason 的 zh 与 en（如“文件编号”/“a document number”）。",
                f"Allowlist entry '{e['text']}' gives no reason: add reason with zh and en (e.g. 文件编号 / a document number)."))
            continue
        hit = corpus.zh_index.get(e["clause"])
        if hit is None:
            issues.append(Issue(cfg.path, cfg.line("numbers", i, "clause", default=line),
                                f"允许清单项所注条款“{e['clause']}”不存在。",
                                f"The allowlist entry's clause '{e['clause']}' does not exist."))
            continue
        if squash(e["text"]) not in squash(hit[1].text):
            issues.append(Issue(
                cfg.path, cfg.line("numbers", i, "text", default=line),
                f"允许清单项的文字不在条款 {e['clause']} 中：“{e['text']}”。条文已改的，请更新或删除此项。",
                f"The allowlist entry's text is not in clause {e['clause']}: '{e['text']}'. If the text changed, update or remove the entry."))
            continue
        allowed.append(Allowed(e["clause"], e["text"], cfg.line("numbers", i, "text", default=line)))
    return allowed, issues


@dataclass(frozen=True)
class Unaccounted:
    """A number of the text that nothing accounts for."""
    page: plandoc.Page
    line: int
    clause: str
    token: str
    context: str


def account(corpus: Corpus) -> tuple[list[Unaccounted], set[tuple[str, str]]]:
    """The numbers of the Chinese text nothing accounts for, and the (clause, text) of the
    allowlist entries that account for at least one number."""
    quotes: dict[str, list[str]] = {}
    for q in corpus.quotes:
        if quote_holds(corpus, q):
            quotes.setdefault(q.clause, []).append(q.text)
    allow: dict[str, list[str]] = {}
    for a in allowlist(corpus)[0]:
        allow.setdefault(a.clause, []).append(a.text)
    unaccounted: list[Unaccounted] = []
    used: set[tuple[str, str]] = set()
    for name in plandoc.PLAN_PAGES:
        page = corpus.pages.get((name, "zh"))
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
            if b.line == c.line:   # the clause's own number is no number of the text
                m = find_marker(text, "zh")
                if m:
                    start = len(m.text)
            covers = [(q, "quote") for q in quotes.get(c.id, [])] + [(a, "allow") for a in allow.get(c.id, [])]
            spans = [(s, e, kind, q) for q, kind in covers for s, e in find_all_squashed(text, q)]
            for m in NUMBER_RE.finditer(text, start):
                s, e = m.span()
                cover = [sp for sp in spans if sp[0] <= s and e <= sp[1]]
                used.update((c.id, sp[3]) for sp in cover if sp[2] == "allow")
                if cover:
                    continue
                ctx = text[max(0, s - 6): e + 6].replace("\n", "")
                unaccounted.append(Unaccounted(page, line_of(text, s, b.line), c.id, m.group(0), ctx))
    return unaccounted, used

