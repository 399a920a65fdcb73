"""The Chinese pages are the source, word for word, but for the marked editorial changes."""
import re
from pathlib import Path

import pytest

from plansite import plandoc

SOURCE = Path(__file__).resolve().parent.parent / "policy" / "source" / f"{plandoc.SOURCE_ID}.txt"

# Every editorial change the Chinese pages make, named one by one: (clause, source, shown).
EXPECTED_EDITORIAL = sorted([
    ("3.2", "1. ", "（二）"), ("3.3", "1. ", "（三）"), ("3.4", "1. ", "（四）"),
    ("2.1", "(乡镇)", "（乡镇）"),
    ("5.1", "(通信、有线电视等)", "（通信、有线电视等）"),
    ("7.1.1", "(乡镇)", "（乡镇）"), ("7.1.2", "(乡镇)", "（乡镇）"), ("7.1.3", "(乡镇)", "（乡镇）"),
    ("7.2", "(二)", "（二）"),
    ("7.3", "(三)", "（三）"), ("7.3", "(包括立项、设计、财评、招标施工、结算审计等)", "（包括立项、设计、财评、招标施工、结算审计等）"),
    ("7.3", "） 由", "）由"),
    ("7.4", "(四)", "（四）"), ("7.4", "(乡镇)", "（乡镇）"),
    ("7.5", "(五)", "（五）"), ("7.5", "(乡镇)", "（乡镇）"),
    ("8.2.7", "局:", "局："),
    ("8.3", "(乡镇)", "（乡镇）"),
])


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def source_lines() -> list[str]:
    return [squash(l) for l in SOURCE.read_text(encoding="utf-8").splitlines() if l.strip()]


def page_lines(page: plandoc.Page) -> list[str]:
    """The page's blocks as source lines, editorial changes undone."""
    by_clause: dict[str, list[dict]] = {}
    for e in page.meta.get("editorial", []):
        by_clause.setdefault(str(e["clause"]), []).append(e)
    out, current = [], None
    for b in page.blocks:
        if b.anchor:
            current = plandoc.anchor_to_id(b.anchor)
        text = b.text
        entries = by_clause.pop(current, []) if current else []
        # an entry applies to the first block of its clause that contains it
        pending = [e for e in entries if e["text"] not in text]
        applied = [e for e in entries if e["text"] in text]
        text = plandoc.revert_editorial(text, applied)
        if pending:
            by_clause[current] = pending
        out.append(squash(text))
    assert not by_clause, f"editorial entries not found in their clause: {by_clause}"
    return out


SOURCE_VERSION = "1"  # the version of the pages that is the faithful import of the source
FIRST_TAG = "plan-v1"


def faithful_docs(tmp_path) -> Path:
    """The docs of the version that must equal the source word for word.

    While every plan page is still at the source's version, that is the working tree. Once
    drafters revise the plan (a page's `version` moves on), the source no longer describes
    the text; the check then applies to the first tagged version, and the revisions are
    shown by the 修订对照表 (plansite/compare.py) instead.
    """
    versions = {str(p.meta.get("version")) for p in plandoc.load_plan("zh")}
    if versions == {SOURCE_VERSION}:
        return plandoc.DOCS
    import subprocess
    tags = subprocess.run(["git", "tag", "--list", FIRST_TAG], cwd=plandoc.ROOT,
                          capture_output=True, text=True).stdout.split()
    if FIRST_TAG not in tags:
        pytest.skip(f"the plan has been revised and tag {FIRST_TAG} is not in this checkout")
    archive = subprocess.run(["git", "archive", FIRST_TAG, "docs/plan"], cwd=plandoc.ROOT,
                             capture_output=True, check=True).stdout
    import io
    import tarfile
    tarfile.open(fileobj=io.BytesIO(archive)).extractall(tmp_path)
    return tmp_path / "docs"


def test_chinese_text_equals_source_except_marked_changes(tmp_path):
    lines = []
    for page in plandoc.load_plan("zh", faithful_docs(tmp_path)):
        lines += page_lines(page)
    src = source_lines()
    for i, (mine, theirs) in enumerate(zip(lines, src)):
        assert mine == theirs, f"line {i + 1} differs:\n site:   {mine}\n source: {theirs}"
    assert len(lines) == len(src)


def test_editorial_changes_are_exactly_the_known_ones(tmp_path):
    found = []
    for page in plandoc.load_plan("zh", faithful_docs(tmp_path)):
        for e in page.meta.get("editorial", []):
            assert e["kind"] in plandoc.EDITORIAL_KINDS
            found.append((str(e["clause"]), e["source"], e["text"]))
    assert sorted(found) == EXPECTED_EDITORIAL


@pytest.mark.parametrize("name", plandoc.PLAN_PAGES)
def test_front_matter(name):
    for lang in plandoc.LANGS:
        meta = plandoc.parse_page(plandoc.page_path(name, lang)).meta
        for key in ("section", "title", "document_status", "version", "date"):
            assert meta.get(key), f"{name}.{lang}: front matter lacks {key}"
