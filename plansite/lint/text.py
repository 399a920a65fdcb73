"""Reading Markdown and YAML for the lint: what is text, what is markup, where a line is."""
from __future__ import annotations

import re

import yaml

LINK_RE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
ATTR_ID_RE = re.compile(r"\{:?[^}\n]*?#([A-Za-z][\w\-:.]*)[^}\n]*\}")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


def squash(s: str) -> str:
    """The text without any whitespace (quotes are compared this way)."""
    return re.sub(r"\s+", "", s)


def line_of(text: str, pos: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, pos)


def blank_code(body: str) -> str:
    """The body with fenced code blocks and inline code spans blanked (lines kept)."""
    out, fence = [], None
    for line in body.split("\n"):
        m = FENCE_RE.match(line)
        if fence:
            if m and m.group(1) == fence:
                fence = None
            out.append("")
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        out.append(re.sub(r"(`+)(.+?)\1", lambda mm: " " * len(mm.group(0)), line))
    return "\n".join(out)


def blank_markup(text: str) -> str:
    """Inline code, link targets, attribute lists and HTML tags replaced by NUL characters, so
    that Markdown's own ASCII brackets are not taken for punctuation of the text. Positions
    are kept (one NUL per character), and NUL is neither a space nor a mark."""
    def blank(m: re.Match) -> str:
        return "\0" * len(m.group(0))
    text = re.sub(r"(`+)(.+?)\1", blank, text)

    def link(m: re.Match) -> str:  # keep the link text, blank its brackets and target
        start, end = m.span(2)
        return "\0" * (start - m.start()) + m.group(2) + "\0" * (m.end() - end)
    text = LINK_RE.sub(link, text)
    text = re.sub(r"\{[:#.][^}]*\}", blank, text)
    text = re.sub(r"<[^>\n]+>", blank, text)
    return text


def yaml_lines(node, path=(), out=None) -> dict:
    """path (keys and list indexes) -> 1-based line, for every node of a composed YAML document."""
    if out is None:
        out = {}
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            out[path + (key,)] = k.start_mark.line + 1
            yaml_lines(v, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            yaml_lines(v, path + (i,), out)
    return out


def find_all_squashed(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `needle` in `text`, ignoring whitespace in both."""
    pattern = r"\s*".join(re.escape(ch) for ch in squash(needle))
    return [m.span() for m in re.finditer(pattern, text)] if pattern else []
