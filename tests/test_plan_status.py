"""A change of the plan's status (`document_status` in its pages' front matter) changes every
page: the status banner, every page's title, the plan's title in citations and on result sheets
(the page-data block), and the PDFs' cover, running header and footer.

The site is built for real, with MkDocs and the project's own hook, theme overrides and
configuration, from a copy of docs/ in which the draft for public comment (征求意见稿) has
become the draft submitted for approval (送审稿)."""
from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plansite import hook, pdf, plandoc

ROOT = plandoc.ROOT
NEW = {"zh": "送审稿", "en": "draft submitted for approval"}
NEW_TITLE = {
    "zh": "岳阳市城区老旧小区改造工作实施方案（送审稿）",
    "en": "Implementation Plan for the Renovation of Old Residential Communities in the Urban "
          "Districts of Yueyang (Draft Submitted for Approval)",
}
OLD = {"zh": "征求意见稿", "en": "draft for public comment"}


def restatus(docs: Path) -> int:
    """Every plan page of `docs` gets the new status in its front matter; returns how many."""
    n = 0
    for name in plandoc.PLAN_PAGES:
        for lang in plandoc.LANGS:
            path = plandoc.page_path(name, lang, docs)
            text = path.read_text(encoding="utf-8")
            new, count = re.subn(r"^document_status: .*$", f"document_status: {NEW[lang]}", text, count=1, flags=re.M)
            assert count == 1, path
            path.write_text(new, encoding="utf-8")
            n += 1
    return n


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """The site built from a copy of docs/ with the new status; returns the site's directory."""
    tmp = tmp_path_factory.mktemp("status")
    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs)
    assert restatus(docs) == 2 * len(plandoc.PLAN_PAGES)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # the same configuration, reading the copy and writing beside it
    config = re.sub(r"^docs_dir: .*$", f"docs_dir: {docs}", config, flags=re.M)
    config = re.sub(r"^site_dir: .*$", f"site_dir: {tmp / 'site'}", config, flags=re.M)
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    for hook in sorted((ROOT / "hooks").glob("*.py")):  # every hook of the real build, by absolute path
        config = config.replace(f"  - hooks/{hook.name}", f"  - {hook}")
    config = config.replace("jieba_dict_user: policy/", f"jieba_dict_user: {ROOT / 'policy'}/")
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp / "mkdocs.yml")],
                          cwd=tmp, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return tmp / "site"


def page_data(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert m, "no page-data block"
    return json.loads(m.group(1))


def test_a_new_status_changes_every_page(rebuilt):
    pages = sorted(rebuilt.rglob("index.html"))
    assert len(pages) > 40
    for path in pages:
        lang = "en" if path.relative_to(rebuilt).parts[0] == "en" else "zh"
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(rebuilt)
        title = html_lib.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
        suffix = "（送审稿）" if lang == "zh" else "(Draft Submitted for Approval)"
        assert title.endswith(suffix), (where, title)
        banner = re.search(r'<p class="plan-status" role="note">(.*?)</p>', text, re.S)
        assert banner, f"{where}: no status banner"
        words = re.sub(r"<[^>]+>", "", banner.group(1))
        if lang == "zh":
            assert words == "送审稿。本文为报送审议的草案，并非正式施行的文件。", (where, words)
        else:
            assert words == "Draft submitted for approval. This is a draft submitted for approval, not an adopted policy.", (where, words)
        plan = page_data(text)["plan"]
        assert plan["status"] == NEW[lang] and plan["title"] == NEW_TITLE[lang], where
        assert plan["line"].startswith(NEW[lang] + " · "), where
        assert OLD[lang] not in plan["line"]


def test_citations_carry_the_new_title(rebuilt):
    for lang, prefix in (("zh", ""), ("en", "en/")):
        text = (rebuilt / prefix / "plan" / "section-3" / "index.html").read_text(encoding="utf-8")
        cites = [html_lib.unescape(c) for c in re.findall(r'data-cite="([^"]+)"', text)]
        assert cites and all(NEW_TITLE[lang] in c for c in cites), cites[:2]
        # the calculators' result sheets print the plan's title and version line from page-data
        calc = page_data((rebuilt / prefix / "calculators" / "consent" / "index.html").read_text(encoding="utf-8"))
        assert calc["plan"]["title"] == NEW_TITLE[lang]


def test_the_pdfs_follow_the_status(rebuilt, tmp_path):
    docs = rebuilt.parent / "docs"
    for edition, langs in (("zh", ["zh"]), ("en", ["en"]), ("zh-en", ["zh", "en"])):
        out = pdf.render_html(edition, docs=docs, revision={"commit": None, "short": None, "dirty": None, "date": None},
                              built="2026-12-01")
        cover = re.search(r'<p class="cover-status">(.*?)</p>', out, re.S).group(1)
        for lang in langs:
            word = NEW[lang][:1].upper() + NEW[lang][1:]
            assert word in cover, (edition, cover)
            assert OLD[lang].lower() not in cover.lower(), (edition, cover)
        assert NEW_TITLE["zh" if "zh" in langs else "en"].split("（")[0].split(" (")[0] in out
        footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\")", out).group(1)
        assert ("送审稿" if langs[0] == "zh" else "Draft submitted for approval") in footer, footer
        assert "征求意见稿" not in footer and "public comment" not in footer
        if "zh" in langs:
            assert "《" + NEW_TITLE["zh"] + "》第三条第（二）项" in out  # the cover's example citation


def test_facts_follow_the_front_matter_and_refuse_an_unknown_status():
    names = {"zh": "岳阳市城区老旧小区改造工作实施方案",
             "en": "Implementation Plan for the Renovation of Old Residential Communities in the Urban Districts of Yueyang"}
    facts = plandoc.plan_facts({"zh": {"document_status": "送审稿", "version": "2", "date": "2027-01-05"},
                                "en": {"document_status": "draft submitted for approval", "version": "2",
                                       "date": "2027-01-05"}}, names)
    assert facts["title"] == NEW_TITLE
    assert hook.plan_banner(facts, "zh") == {"status": "送审稿。", "note": "本文为报送审议的草案，并非正式施行的文件。"}
    assert hook.site_name("Yueyang Old Residential Community Renovation Plan", facts, "en") == \
        "Yueyang Old Residential Community Renovation Plan (Draft Submitted for Approval)"
    # an adopted plan's title carries no status
    adopted = plandoc.plan_facts({"zh": {"document_status": "正式文件"}, "en": {"document_status": "adopted"}}, names)
    assert adopted["title"] == names
    assert hook.site_name("岳阳市城区老旧小区改造工作实施方案（征求意见稿）", adopted, "zh") == names["zh"]
    with pytest.raises(ValueError, match="document_status"):
        plandoc.plan_facts({"zh": {"document_status": "草稿"}, "en": {"document_status": "draft"}}, names)
    with pytest.raises(ValueError, match="should be"):
        plandoc.plan_facts({"zh": {"document_status": "送审稿"}, "en": {"document_status": "draft for public comment"}}, names)
