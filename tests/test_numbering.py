"""The plan's numbering grammar (plansite/numbering.py): numerals, markers, clause ids and
citations, each way round, and the one place that writes them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from plansite import numbering, plandoc
from plansite.numbering import (
    Citation, Marker, citation, cn_amount, cn_number, cn_to_int, find_citations, find_marker,
    id_parent, id_position, marker, strip_marker,
)


def test_chinese_numerals_of_numbering_both_ways():
    assert [cn_number(n) for n in (1, 9, 10, 11, 13, 20, 21, 99)] == \
        ["一", "九", "十", "十一", "十三", "二十", "二十一", "九十九"]
    for n in range(1, 100):
        assert cn_to_int(cn_number(n)) == n
    with pytest.raises(ValueError):
        cn_to_int("两")


@pytest.mark.parametrize("text,value", [
    ("三", 3), ("十", 10), ("十五", 15), ("二十", 20), ("三百二十", 320), ("两千", 2000),
    ("一万二千", 12000), ("二〇一九", 2019), ("二零二二", 2022), ("三分", 3),
])
def test_chinese_numerals_of_amounts(text, value):
    assert cn_amount(text) == value


@pytest.mark.parametrize("text,lang,found", [
    ("三、改造范围", "zh", Marker(1, 3, "三、", "")),
    ("十二、附则", "zh", Marker(1, 12, "十二、", "")),
    ("（二）改造意愿强烈", "zh", Marker(2, 2, "（二）", "")),
    ("(二)半角括号", "zh", Marker(2, 2, "(二)", "")),
    ("3、市住建局", "zh", Marker(3, 3, "3、", "、")),
    ("1. 原文的编号", "zh", Marker(3, 1, "1.", ".")),
    ("（4）细目", "zh", Marker(4, 4, "（4）", "")),
    ("III. Scope", "en", Marker(1, 3, "III. ", "")),
    ("(2) The residents", "en", Marker(2, 2, "(2) ", "")),
    ("3. The bureau", "en", Marker(3, 3, "3. ", "")),
    ("3\\. Escaped for Markdown", "en", Marker(3, 3, "3\\. ", "")),
    ("改造范围", "zh", None),
    ("IIII. Not a numeral", "en", None),
    ("(2)No space", "en", None),
])
def test_the_marker_at_the_start_of_a_clause(text, lang, found):
    assert find_marker(text, lang) == found


@pytest.mark.parametrize("lang,levels", [("zh", (1, 2, 3, 4)), ("en", (1, 2, 3))])
def test_a_marker_written_by_the_grammar_is_read_back_at_its_level(lang, levels):
    for level in levels:
        for n in range(1, 11):
            m = find_marker(marker(level, n, lang) + " text", lang)
            assert m is not None and (m.level, m.number) == (level, n), (level, n)


def test_strip_marker_takes_the_number_of_either_language_off():
    assert strip_marker("（二）改造意愿强烈") == "改造意愿强烈"
    assert strip_marker("14、市应急管理局") == "市应急管理局"
    assert strip_marker("(2) The residents") == "The residents"
    assert strip_marker("IV. Tasks") == "Tasks"
    assert strip_marker("改造意愿强烈") == "改造意愿强烈"


@pytest.mark.parametrize("cid,position,parent", [
    ("3", (1, "", 3), None),
    ("3.2", (2, "3", 2), "3"),
    ("7.1.3", (3, "7.1", 3), "7.1"),
    ("3.p2", None, "3"),
    ("annex-1", (3, "annexes", 1), "annexes"),
    ("preamble", None, None),
    ("annexes", None, None),
])
def test_what_a_clause_id_says_of_its_place(cid, position, parent):
    assert id_position(cid) == position
    assert id_parent(cid) == parent


@pytest.mark.parametrize("cid,zh,en", [
    ("3", "第三条", "Section III"),
    ("3.2", "第三条第（二）项", "Section III, item (2)"),
    ("7.1.3", "第七条第（一）项第3目", "Section VII, item (1), point 3"),
    ("3.p2", "第三条第二款", "Section III, paragraph 2"),
    ("annex-1", "附件1", "Annex 1"),
    ("preamble", "序言", "Preamble"),
])
def test_citations(cid, zh, en):
    assert (citation(cid, "zh"), citation(cid, "en")) == (zh, en)


@pytest.mark.parametrize("lang", plandoc.LANGS)
def test_every_clause_of_the_plan_is_cited_in_words_the_grammar_reads_back(lang):
    ids = [c.id for page in plandoc.load_plan("zh") for c in page.clauses]
    assert len(ids) > 50
    for cid in ids:
        if cid in ("preamble", "annexes"):
            continue
        found = list(find_citations(citation(cid, lang)))
        kind = "annex" if cid.startswith("annex-") else lang
        assert found == [Citation(kind, citation(cid, lang), cid)], cid


def test_citations_in_prose():
    text = "依据第三条第（二）项及《住房城乡建设部办公厅关于做好2019年老旧小区改造工作的通知》第二条，见 Section IV, item (1) 和附件 2。"
    assert list(find_citations(text)) == [
        Citation("zh", "第三条第（二）项", "3.2"),
        Citation("en", "Section IV, item (1)", "4.1"),
        Citation("annex", "附件 2", "annex-2"),
    ]
    assert [c.clause_id for c in find_citations("Section IIII")] == [None]


def test_plandoc_uses_the_grammar_and_keeps_its_names():
    assert plandoc.citation is numbering.citation and plandoc.cn_number is numbering.cn_number
    assert plandoc.CN_NUM == numbering.CN_NUM and plandoc.ROMAN == numbering.ROMAN


def test_no_other_module_of_the_plan_model_lint_or_comparison_writes_numerals_of_its_own():
    package = Path(numbering.__file__).parent
    files = [package / "plandoc.py", *sorted((package / "lint").rglob("*.py")), *sorted((package / "compare").rglob("*.py"))]
    own = re.compile(r"一二三|\[IVX|\"IV\"|〇一二")
    offenders = [f"{p.relative_to(package)}:{i}" for p in files
                 for i, line in enumerate(p.read_text(encoding="utf-8").split("\n"), 1) if own.search(line)]
    assert offenders == []
