"""The plan's numbering and clause grammar: numerals, numbering markers, clause ids, citations.

The one place that knows how the plan writes its numbers. plandoc (the plan model), the lint
and the comparison use it; nothing else writes a Chinese numeral, a numbering marker or a
citation pattern of its own.

    level  Chinese  English  clause id  cited as
    1      一、     I.       3          第三条 / Section III
    2      （一）   (1)      3.2        第三条第（二）项 / Section III, item (2)
    3      1、      1.       7.1.3      第七条第（一）项第3目 / Section VII, item (1), point 3
    4      （1）    -        -          sub-points inside a clause (Chinese only)
    -      -        -        3.p2       第三条第二款 / Section III, paragraph 2 (unnumbered)
    -      -        -        annex-1    附件1 / Annex 1

Clause ids are explained in docs/about/clause-ids.*.md.
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

# -- numerals ------------------------------------------------------------------------------------

CN_NUM = "〇一二三四五六七八九十"      # a numeral's index is its value: CN_NUM[3] == "三"
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
ROMAN_VALUES = {v: i for i, v in enumerate(ROMAN) if v}

# Regular-expression fragments.
CN_ORDINAL = "[一二三四五六七八九十]+"                         # numerals of numbering: 一 .. 九十九
CN_AMOUNT = "[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*"  # numerals of amounts
AR_NUM = r"\d+(?:\.\d+)?"                                     # an Arabic number, maybe decimal

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals as used in section numbering (一 ... 十三)."""
    if n <= 10:
        return CN_NUM[n]
    tens, ones = divmod(n, 10)
    return (CN_NUM[tens] if tens > 1 else "") + "十" + (CN_NUM[ones] if ones else "")


def cn_to_int(s: str) -> int:
    """一 .. 九十九 -> int (the numerals used in numbering); ValueError for anything else."""
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_NUM.index(tens) if tens else 1) * 10 + (CN_NUM.index(ones) if ones else 0)
    return CN_NUM.index(s)


def cn_amount(s: str) -> int:
    """Chinese numerals with 十百千万 -> int (三百二十 -> 320; 二〇一九 is read digit by digit)."""
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, section, num = 0, 0, 0
    for c in s:
        if c in _CN_DIGITS:
            num = _CN_DIGITS[c]
        elif c in "十百千":
            section += (num or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            num = 0
        elif c == "万":
            total += (section + num) * 10000
            section, num = 0, 0
    return total + section + num


# -- numbering markers ---------------------------------------------------------------------------

# The marker at the start of a clause, by level.
ZH_MARKERS = [
    (1, re.compile(rf"^({CN_ORDINAL})、")),
    (2, re.compile(rf"^[（(]({CN_ORDINAL})[）)]")),
    (3, re.compile(r"^(\d+)\s*([、.．])")),
    (4, re.compile(r"^[（(](\d+)[）)]")),
]
EN_MARKERS = [
    (1, re.compile(r"^([IVXLC]+)\.\s")),
    (2, re.compile(r"^\((\d+)\)\s")),
    (3, re.compile(r"^(\d+)\\?\.\s")),
]
# Any marker of either language, with the space after it (what a clause's words start after).
ANY_MARKER_RE = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\\?[、.．]|[IVX]+\.)\s*")

LEVEL_NAMES = {
    1: ("条（一、二、……）", "a section (I, II, …)"),
    2: ("项（（一）（二）……）", "an item ((1), (2), …)"),
    3: ("目（1、2、……）", "a point (1., 2., …)"),
    4: ("（1）（2）……", "a sub-point (（1）（2）… in Chinese)"),
}


class Marker(NamedTuple):
    level: int      # 1..4, as in the table above
    number: int     # the number it shows
    text: str       # the marker as written, e.g. "（二）", "1."
    style: str      # Chinese level 3: the mark after the number ("、", "." or "．"); else ""


def find_marker(text: str, lang: str) -> Marker | None:
    """The numbering marker at the start of a clause's text, or None."""
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
        return Marker(level, n, m.group(0), style)
    return None


def marker(level: int, n: int, lang: str) -> str:
    """How the plan writes number `n` at `level`: 三、 （二） 3、 （1） / III. (2) 3."""
    if lang == "zh":
        return {1: f"{cn_number(n)}、", 2: f"（{cn_number(n)}）", 3: f"{n}、", 4: f"（{n}）"}[level]
    return {1: f"{ROMAN[n] if n < len(ROMAN) else n}.", 2: f"({n})", 3: f"{n}."}.get(level, str(n))


def strip_marker(text: str) -> str:
    """The text without the numbering marker it starts with (in either language)."""
    return ANY_MARKER_RE.sub("", text)


# -- clause ids ----------------------------------------------------------------------------------

def id_position(cid: str) -> tuple[int, str, int] | None:
    """(level, parent id, number) that a clause id gives its clause: '7.1.3' -> (3, '7.1', 3);
    None for the unnumbered ones (preamble, annexes, 3.p2)."""
    if cid in ("preamble", "annexes"):
        return None
    if cid.startswith("annex-"):
        return 3, "annexes", int(cid.split("-", 1)[1])
    parts = cid.split(".")
    if parts[-1].startswith("p"):
        return None
    return len(parts), ".".join(parts[:-1]), int(parts[-1])


def id_parent(cid: str) -> str | None:
    """The clause a clause belongs to: '7.1.3' -> '7.1', '3.p2' -> '3', 'annex-1' -> 'annexes'."""
    if cid in ("preamble", "annexes"):
        return None
    if cid.startswith("annex-"):
        return "annexes"
    parts = cid.split(".")
    return ".".join(parts[:-1]) or None


# -- citations -----------------------------------------------------------------------------------

def citation(clause_id: str, lang: str) -> str:
    """How a clause is cited in prose, e.g. 第三条第（二）项 / Section III, item (2)."""
    if clause_id == "preamble":
        return "序言" if lang == "zh" else "Preamble"
    if clause_id == "annexes":
        return "附件" if lang == "zh" else "Annexes"
    if clause_id.startswith("annex-"):
        n = clause_id.split("-", 1)[1]
        return f"附件{n}" if lang == "zh" else f"Annex {n}"
    parts = clause_id.split(".")
    sec = int(parts[0])
    if lang == "zh":
        out = f"第{cn_number(sec)}条"
        for depth, p in enumerate(parts[1:], start=1):
            if p.startswith("p"):
                out += f"第{cn_number(int(p[1:]))}款"
            elif depth == 1:
                out += f"第（{cn_number(int(p))}）项"
            else:
                out += f"第{int(p)}目"
        return out
    out = f"Section {ROMAN[sec]}"
    for depth, p in enumerate(parts[1:], start=1):
        if p.startswith("p"):
            out += f", paragraph {int(p[1:])}"
        elif depth == 1:
            out += f", item ({int(p)})"
        else:
            out += f", point {int(p)}"
    return out


# Citations in prose, the reverse of citation(). A citation right after 《…》 names a clause
# of another document and is not read.
ZH_CITATION_RE = re.compile(
    rf"(?<!》)第({CN_ORDINAL})条"
    rf"(?:第?（({CN_ORDINAL})）项?)?"
    r"(?:第(\d+)目)?"
    rf"(?:第({CN_ORDINAL})款)?"
)
EN_CITATION_RE = re.compile(
    r"\bSection ([IVX]+)\b(?:,? item \((\d+)\)| \((\d+)\))?(?:,? point (\d+))?(?:,? paragraph (\d+))?"
)
ANNEX_CITATION_RE = re.compile(r"附件\s*(\d+)|\bAnnex (\d+)\b")


class Citation(NamedTuple):
    kind: str               # "zh", "en" or "annex"
    text: str               # as written
    clause_id: str | None   # the clause it names; None when it names no possible clause


def _zh_cited(m: re.Match) -> str | None:
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


def _en_cited(m: re.Match) -> str | None:
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


def find_citations(text: str) -> Iterator[Citation]:
    """Every citation of a clause in `text`: Chinese, English, then annexes."""
    for m in ZH_CITATION_RE.finditer(text):
        yield Citation("zh", m.group(0), _zh_cited(m))
    for m in EN_CITATION_RE.finditer(text):
        yield Citation("en", m.group(0), _en_cited(m))
    for m in ANNEX_CITATION_RE.finditer(text):
        yield Citation("annex", m.group(0), f"annex-{m.group(1) or m.group(2)}")
