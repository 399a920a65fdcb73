"""punctuation: full-width marks in Chinese text, ASCII marks in English; brackets and quotes
in pairs."""
from __future__ import annotations

import re
from pathlib import Path

from plansite.lint.findings import Issue
from plansite.lint.text import blank_markup, line_of

id = "punctuation"
severity = "error"
description = {
    "zh": "中文行文用全角标点：括号（ ）、冒号：、逗号，、分号；；不用直引号 \"；括号、书名号、引号成对；中文字符之间无多余空格（警告）。英文页中不出现全角标点。",
    "en": "Full-width punctuation in Chinese text: brackets （ ）, colons ：, commas ，, semicolons ；, no straight quotes \"; brackets, title marks and quotes in pairs; no stray space between Chinese characters (a warning). No full-width marks in English text.",
}
fix = {
    "zh": "改为全角（或英文页中改为半角）。本站体例已定：中文行文中的括号、冒号一律全角。",
    "en": "Use the full-width mark (or, in English, the ASCII one). The house rule is decided: brackets and colons in Chinese text are full-width.",
}

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—"
CJK_RE = re.compile(f"[{HAN}{CJK_PUNCT}]")
HAN_RE = re.compile(f"[{HAN}]")

OPEN = {"（": "）", "(": ")", "【": "】", "《": "》", "〔": "〕", "[": "]", "「": "」", "『": "』",
        "“": "”", "‘": "’"}

# Half-width marks in Chinese text: mark -> (its name, the full-width mark quoted, in English,
# the full-width mark); a comma or semicolon is an error, the others a warning.
HALF_WIDTH = {
    ",": ("逗号", "“，”", "comma", "，"),
    ";": ("分号", "“；”", "semicolon", "；"),
    "?": ("问号", "“？”", "question mark", "？"),
    "!": ("叹号", "“！”", "exclamation mark", "！"),
}


def check(corpus):
    for (_, lang), page in corpus.pages.items():
        for b in page.blocks:
            yield from check_block(page.path, b.line, b.text, lang)


def check_block(path: Path, first: int, text: str, lang: str):
    """The issues of one block of text (Markdown) starting on line `first`."""
    text = blank_markup(text)
    yield from (marks_zh if lang == "zh" else marks_en)(path, first, text)
    yield from balance(path, first, text, lang)


def marks_zh(path: Path, first: int, text: str):
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
            if HAN_RE.search(text[o + 1:i]) or near_cjk(o) or near_cjk(i):
                flagged.add(o)
    for o in sorted(flagged):
        close = text.find(")", o)
        snippet = text[max(0, o - 4): close + 1 + 2] if close > 0 else text[o:o + 8]
        yield Issue(path, line_of(text, o, first),
                    f"中文行文中的括号应为全角“（ ）”：…{snippet.strip()}…。按本站体例改为全角；如改动原文文字，请在前置元数据 editorial 中登记。",
                    f"Brackets in Chinese text are full-width （ ）: …{snippet.strip()}…. Make them full-width (house rule); if the words come from the source, record the change under `editorial` in the front matter.")
    for i, ch in enumerate(text):
        around = text[max(0, i - 6):i + 4].strip()
        if ch in HALF_WIDTH and near_cjk(i):
            if ch == "," and i > 0 and i + 1 < len(text) and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue  # 1,000
            zn, zfull, en, efull = HALF_WIDTH[ch]
            yield Issue(path, line_of(text, i, first),
                        f"中文行文中应使用全角{zn}{zfull}，此处为半角“{ch}”：…{around}…",
                        f"Use the full-width {en} {efull} in Chinese text, not '{ch}': …{around}…",
                        hint=ch not in ",;")
        elif ch == ":" and i > 0 and CJK_RE.match(text[i - 1]):
            yield Issue(path, line_of(text, i, first),
                        f"中文行文中的冒号应为全角“：”（本站体例），此处为半角“:”：…{around}…",
                        f"Colons in Chinese text are full-width ：(house rule), not ':': …{around}…")
        elif ch == '"':
            yield Issue(path, line_of(text, i, first),
                        f"中文行文中的引号应为“ ”，此处为直引号 \"：…{around}…",
                        f"Quotation marks in Chinese text are “ ”, not the straight \": …{around}…")
        elif ch in " \t" and 0 < i < len(text) - 1 and CJK_RE.match(text[i - 1]) and CJK_RE.match(text[i + 1]):
            around = text[max(0, i - 6):i + 5].strip()
            yield Issue(path, line_of(text, i, first),
                        f"中文字符之间有多余的空格：…{around}…（如原文如此，可保留）。",
                        f"A stray space between Chinese characters: …{around}… (keep it if the source has it).",
                        hint=True)


def marks_en(path: Path, first: int, text: str):
    for i, ch in enumerate(text):
        if ch in "（），：；。" and not (
                (i > 0 and HAN_RE.match(text[i - 1])) or (i + 1 < len(text) and HAN_RE.match(text[i + 1]))):
            yield Issue(path, line_of(text, i, first),
                        f"英文行文中不应使用全角标点“{ch}”：…{text[max(0, i - 8):i + 4].strip()}…",
                        f"Full-width '{ch}' in English text: …{text[max(0, i - 8):i + 4].strip()}…; use the ASCII mark.")


def balance(path: Path, first: int, text: str, lang: str):
    """Brackets, title marks and quotes in pairs."""
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
                yield Issue(path, line_of(text, oi, first),
                            f"括号或引号不配对：“{o}”没有对应的“{pairs[o]}”（在“{ch}”之前）。",
                            f"Unbalanced brackets or quotes: '{o}' is not closed by '{pairs[o]}' before '{ch}'.")
                while stack and stack[-1][0] != closers[ch]:
                    stack.pop()
                if stack:
                    stack.pop()
                continue
            yield Issue(path, line_of(text, i, first),
                        f"括号或引号不配对：“{ch}”前面没有对应的“{closers[ch]}”：…{text[max(0, i - 8):i + 2].strip()}…",
                        f"Unbalanced brackets or quotes: '{ch}' has no opening '{closers[ch]}': …{text[max(0, i - 8):i + 2].strip()}…")
    for o, oi in stack:
        yield Issue(path, line_of(text, oi, first),
                    f"括号或引号不配对：“{o}”没有对应的“{pairs[o]}”：…{text[oi:oi + 10].strip()}…",
                    f"Unbalanced brackets or quotes: '{o}' is never closed by '{pairs[o]}': …{text[oi:oi + 10].strip()}…")
    if lang == "en" and text.count('"') % 2:
        i = text.rfind('"')
        yield Issue(path, line_of(text, i, first), "直引号 \" 的数目为奇数，有引号未闭合。",
                    "An odd number of straight quotes \": one is not closed.")
