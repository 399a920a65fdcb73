"""修订对照表 (plansite/compare.py) on a small fixture repository made in tmp_path: the known
edits of tests/fixtures/compare/v2 (a changed number, a reworded clause, an inserted and a
deleted clause) are reported, exactly those; the page prints on A4 landscape; the site's page
says what it compares, or that there is nothing to compare with. Independent of this
repository's own tags."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from plansite import compare
from plansite import plandoc

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compare"
KNOWN_EDITS = {("changed", "3.2"), ("changed", "6.1"), ("added", "8.2.14"), ("deleted", "6.5")}
ENV = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org",
           GIT_AUTHOR_DATE="2026-12-01T10:00:00Z", GIT_COMMITTER_DATE="2026-12-01T10:00:00Z")


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
                         cwd=repo, capture_output=True, text=True, env=ENV, check=True)
    return out.stdout.strip()


def put(repo: Path, version: str) -> None:
    shutil.copytree(FIXTURES / version, repo, dirs_exist_ok=True)


def make_repo(path: Path, tags: dict[str, str] | None = None, commit_v2: bool = True) -> Path:
    """v1 committed, then v2 committed (or left in the working tree); `tags` maps a tag to
    the version it marks ("v1" or "v2")."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    put(path, "v1")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "v1")
    tags = tags or {}
    for tag, v in tags.items():
        if v == "v1":
            git(path, "tag", "-a", tag, "-m", tag)
    put(path, "v2")
    if commit_v2:
        git(path, "add", ".")
        git(path, "commit", "-q", "-m", "v2")
        for tag, v in tags.items():
            if v == "v2":
                git(path, "tag", "-a", tag, "-m", tag)
    return path


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return make_repo(tmp_path_factory.mktemp("compare") / "repo", {"plan-v1": "v1"})


@pytest.fixture(scope="module")
def cmp(repo) -> compare.Comparison:
    return compare.compare(compare.read_version(repo, "plan-v1"), compare.read_version(repo, "HEAD"))


# -- what is reported --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", plandoc.LANGS)
def test_the_known_edits_are_reported_and_nothing_else(cmp, lang):
    assert {(r.kind, r.id) for r in cmp.rows[lang]} == KNOWN_EDITS


def test_rows_follow_the_reading_order_with_a_deleted_clause_where_it_was(cmp):
    assert [r.id for r in cmp.rows["zh"]] == ["3.2", "6.1", "6.5", "8.2.14"]


def test_a_changed_number_is_highlighted_whole(cmp):
    row = next(r for r in cmp.rows["zh"] if r.id == "6.1")
    assert compare.changes_of(row) == [("50%", "40%")]
    en = next(r for r in cmp.rows["en"] if r.id == "6.1")
    assert compare.changes_of(en) == [("50%", "40%")]


def test_a_reworded_clause_is_highlighted_as_the_drafter_edited_it(cmp):
    row = next(r for r in cmp.rows["zh"] if r.id == "3.2")
    assert compare.changes_of(row) == [("、", "，且"), ("强烈", "较为迫切")]
    en = next(r for r in cmp.rows["en"] if r.id == "3.2")
    assert compare.changes_of(en) == [(" strongly wish to have them renovated", "' wish for renovation is fairly pressing")]


def test_added_and_deleted_clauses_keep_their_whole_text(cmp):
    added = next(r for r in cmp.rows["zh"] if r.kind == "added")
    deleted = next(r for r in cmp.rows["zh"] if r.kind == "deleted")
    assert added.old_text == "" and added.new_text.startswith("14、市应急管理局")
    assert deleted.new_text == "" and deleted.old_text.startswith("（五）其它符合规定的资金")


@pytest.mark.parametrize("old,new,ops", [
    ("改造意愿强烈", "改造意愿较为迫切", [("=", "改造意愿", "改造意愿"), ("~", "强烈", "较为迫切")]),
    ("的50%对", "的40%对", [("=", "的", "的"), ("~", "50%", "40%"), ("=", "对", "对")]),
    # a lone unchanged character between two changes is folded into one change
    ("甲乙丙丁", "子乙寅丁", [("~", "甲乙丙", "子乙寅"), ("=", "丁", "丁")]),
    ("相同", "相同", [("=", "相同", "相同")]),
    ("", "新增", [("~", "", "新增")]),
])
def test_character_differences_are_cleaned_up_to_read_well(old, new, ops):
    assert compare.diff_ops(old, new) == ops


def test_a_clause_moved_or_given_a_new_id_is_reported_as_moved():
    old = [("1", "p", "甲"), ("2", "p", "乙乙乙乙"), ("3", "p", "丙丙丙丙"), ("4", "p", "丁丁丁丁丁丁"),
           ("5", "p", "戊")]
    # 2 goes after 3 and 5; 4 keeps its words and place but is given the id 9
    new = [("1", "p", "甲"), ("3", "p", "丙丙丙丙"), ("9", "p", "丁丁丁丁丁丁"), ("5", "p", "戊"),
           ("2", "p", "乙乙乙乙")]
    rows = {(r.kind, r.old_id, r.new_id) for r in compare.compare_clauses(old, new)}
    assert rows == {("moved", "2", "2"), ("moved", "4", "9")}


# -- outputs ---------------------------------------------------------------------------------------

def test_the_markdown_summary_lists_each_change_for_a_pull_request(cmp):
    md = compare.markdown_summary(cmp)
    assert "- 中文：修改 2 条，新增 1 条，删除 1 条，移动 0 条。 / Chinese text: 2 changed, 1 added, 1 deleted, 0 moved." in md
    assert "- 英文：修改 2 条，新增 1 条，删除 1 条，移动 0 条。 / English text: 2 changed, 1 added, 1 deleted, 0 moved." in md
    assert "| `6.1` | 修改 changed | ~~50%~~ → **40%** |" in md
    assert "| `3.2` | 修改 changed | ~~、~~ → **，且**；~~强烈~~ → **较为迫切** |" in md
    assert "| `8.2.14` | 新增 added | **14、市应急管理局" in md
    assert "| `6.5` | 删除 deleted | ~~（五）其它符合规定的资金" in md
    assert "plan-v1（版本 1，征求意见稿，2026-11-26；提交" in md


def test_the_html_page_is_a_bilingual_table_made_for_a4_landscape(cmp):
    page = compare.page_html(cmp)
    assert "<th scope=\"col\">条款</th><th scope=\"col\">修改前</th><th scope=\"col\">修改后</th>" in page
    assert "<th scope=\"col\">Clause</th><th scope=\"col\">Before</th><th scope=\"col\">After</th>" in page
    assert "size: A4 landscape" in page
    assert "thead { display: table-header-group; }" in page
    assert "break-inside: avoid" in page
    assert "Noto Serif CJK SC" in page and "@font-face" not in page and "://" not in page
    assert "<del>50%</del>" in page and "<ins>40%</ins>" in page
    assert 'data-clause="8.2.14" data-kind="added"' in page


def test_the_printed_table_is_a4_landscape_with_the_header_on_every_page(browser, tmp_path):
    # a long comparison: 60 changed clauses in each language
    old = [(f"8.2.{i}", "plan/section-8", f"{i}、市某局：负责老旧小区改造的相关工作，" + "指导各区推进。" * 12) for i in range(1, 61)]
    new = [(cid, page, text.replace("相关工作", "有关工作")) for cid, page, text in old]
    old_en = [(cid, page, f"{cid}. The bureau handles the related work. " * 6) for cid, page, _ in old]
    new_en = [(cid, page, text.replace("related", "relevant")) for cid, page, text in old_en]
    v_old = compare.Version("plan-v1", "aaaaaaa", {}, {"zh": old, "en": old_en})
    v_new = compare.Version("plan-v2", "bbbbbbb", {}, {"zh": new, "en": new_en})
    path = tmp_path / "table.html"
    path.write_text(compare.page_html(compare.compare(v_old, v_new)), encoding="utf-8")
    pg = browser.new_page()
    pg.goto(path.as_uri())
    pdf = tmp_path / "table.pdf"
    pg.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pg.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(w), round(h)) == (842, 595), info        # A4 landscape, in points
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 4
    for n in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "修改前" in text or "Before" in text, f"page {n} has no table header"


def test_the_command_line_writes_the_table_and_the_summary(repo, tmp_path, capsys):
    assert compare.main(["plan-v1", "HEAD", "--repo", str(repo), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "plan-v1..HEAD.html").exists()
    md = (tmp_path / "plan-v1..HEAD.md").read_text(encoding="utf-8")
    assert md == capsys.readouterr().out.rstrip("\n") + "\n"


def test_a_revision_that_does_not_exist_is_a_message_not_a_traceback(repo, tmp_path, capsys):
    assert compare.main(["plan-v9", "HEAD", "--repo", str(repo), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("compare: ") and "Traceback" not in err


def test_without_new_the_working_tree_is_compared_uncommitted_edits_included(tmp_path):
    repo = make_repo(tmp_path / "wt", {"plan-v1": "v1"}, commit_v2=False)
    cmp = compare.compare(compare.read_version(repo, "plan-v1"), compare.read_version(repo, compare.WORKTREE))
    assert {(r.kind, r.id) for r in cmp.rows["zh"]} == KNOWN_EDITS
    assert compare.version_line(cmp.new, "zh").startswith("当前文本（工作区）")


# -- the site's page -------------------------------------------------------------------------------

def fake_site(path: Path) -> Path:
    for lang, page in (("zh", path / "changes" / "index.html"), ("en", path / "en" / "changes" / "index.html")):
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<html><body>{compare.PLACEHOLDER.format(lang=lang)}</body></html>", encoding="utf-8")
    return path


def site_pages(site: Path) -> tuple[str, str]:
    return ((site / "changes" / "index.html").read_text(encoding="utf-8"),
            (site / "en" / "changes" / "index.html").read_text(encoding="utf-8"))


def test_the_site_compares_a_draft_with_the_latest_tag(tmp_path):
    repo = make_repo(tmp_path / "r", {"plan-v1": "v1"})
    site = fake_site(tmp_path / "site")
    compare.build_site_page(repo, site)
    zh, en = site_pages(site)
    assert 'data-base="plan-v1"' in zh and "<ins>40%</ins>" in zh and "对照当前文本与第1版" in zh
    assert "with version 1" in en and 'href="../../changes/compare.html"' in en
    assert (site / "changes" / "compare.html").exists()


def test_the_site_compares_a_tagged_version_with_the_tag_before(tmp_path):
    repo = make_repo(tmp_path / "r", {"plan-v1": "v1", "plan-v2": "v2"})
    site = fake_site(tmp_path / "site")
    compare.build_site_page(repo, site)
    zh, _ = site_pages(site)
    assert 'data-base="plan-v1"' in zh and "修改 2 条，新增 1 条，删除 1 条" in zh


def test_the_site_says_when_the_current_text_is_the_first_version(tmp_path):
    repo = make_repo(tmp_path / "r", {"plan-v1": "v2"})
    site = fake_site(tmp_path / "site")
    compare.build_site_page(repo, site)
    zh, en = site_pages(site)
    assert "方案目前只有这一个版本：第1版" in zh and "one version so far: version 1" in en
    assert not (site / "changes" / "compare.html").exists()


@pytest.mark.parametrize("with_git", [True, False])
def test_the_site_says_so_honestly_when_there_is_no_tag(tmp_path, with_git):
    if with_git:
        repo = make_repo(tmp_path / "r")
    else:  # a source tarball: no git at all
        repo = tmp_path / "r"
        put(repo, "v2")
    site = fake_site(tmp_path / "site")
    compare.build_site_page(repo, site)
    zh, en = site_pages(site)
    assert "版本记录暂缺" in zh and "record of versions is missing" in en
    assert "git" not in zh.split("<style>")[0] + zh.split("</style>")[-1], "the reader gets no git explanation"
    assert compare.PLACEHOLDER.format(lang="zh") not in zh


def record(repo: Path, entries: list[dict]) -> None:
    (repo / "policy").mkdir(exist_ok=True)
    (repo / "policy" / "versions.yaml").write_text(yaml.safe_dump({"versions": entries}, allow_unicode=True),
                                                   encoding="utf-8")


def entry(repo: Path, version: int, rev: str) -> dict:
    return {"version": version, "date": f"2026-0{version}-01", "status": "征求意见稿",
            "commit": git(repo, "rev-parse", rev),
            "changes": {"zh": f"第{version}版的修改", "en": f"what version {version} changed"}}


def test_the_site_lists_recorded_versions_and_compares_with_the_previous_one(tmp_path):
    # versions.yaml, not tags: v1 and v2 recorded, the current text is v2's
    repo = make_repo(tmp_path / "r")
    record(repo, [entry(repo, 1, "HEAD~1"), entry(repo, 2, "HEAD")])
    site = fake_site(tmp_path / "site")
    compare.build_site_page(repo, site)
    zh, en = site_pages(site)
    assert "对照当前文本与第1版（2026-01-01）" in zh and "修改 2 条，新增 1 条，删除 1 条" in zh
    assert "with version 1 (2026-01-01)" in en
    # the list, newest first, each with what changed; the current one with its PDFs
    assert zh.index("第2版（当前）") < zh.index("<td>第1版</td>") and "第2版的修改" in zh and "第1版的修改" in zh
    assert 'href="../pdf/yueyang-renovation-plan-draft.zh.pdf"' in zh
    assert 'href="../../pdf/yueyang-renovation-plan-draft.en.pdf"' in en and "version 2 (current)" in en
    # each pair of consecutive versions has its own printable table, linked from the later one
    assert (site / "changes" / "compare-v1-v2.html").exists()
    assert 'href="../changes/compare-v1-v2.html"' in zh and "与第1版对照" in zh


def test_the_site_says_in_a_readers_words_when_only_one_version_is_recorded(tmp_path):
    repo = make_repo(tmp_path / "r")
    record(repo, [entry(repo, 1, "HEAD")])
    site = fake_site(tmp_path / "site")
    compare.build_site_page(repo, site)
    zh, en = site_pages(site)
    assert "方案目前只有这一个版本：第1版（征求意见稿，2026-01-01）" in zh
    assert "one version so far: version 1 (draft for public comment, 2026-01-01)" in en
    assert not (site / "changes" / "compare.html").exists()


@pytest.mark.parametrize("bad, words", [
    ({"version": 1, "date": "2026-01-01", "commit": "abc", "changes": {"zh": "a", "en": "b"}}, "40-character"),
    ({"version": 0, "date": "2026-01-01", "commit": "0" * 40, "changes": {"zh": "a", "en": "b"}}, "whole number"),
    ({"version": 1, "date": "1 Jan", "commit": "0" * 40, "changes": {"zh": "a", "en": "b"}}, "YYYY-MM-DD"),
    ({"version": 1, "date": "2026-01-01", "commit": "0" * 40, "changes": {"zh": "a"}}, "zh and an en"),
])
def test_a_bad_record_of_versions_is_named_on_the_page_not_a_crash(tmp_path, bad, words):
    repo = make_repo(tmp_path / "r")
    record(repo, [bad])
    site = fake_site(tmp_path / "site")
    assert "no table of changes" in compare.build_site_page(repo, site)
    zh, en = site_pages(site)
    assert words in zh and "暂时无法生成对照表" in zh and "cannot be made at the moment" in en


def test_the_repository_records_its_versions_and_version_1_is_in_git():
    versions = compare.recorded_versions(plandoc.ROOT)
    assert versions and versions[0].version == 1
    current = plandoc.parse_page(plandoc.page_path("plan/preamble", "zh")).meta
    assert versions[-1].version == int(current["version"]), "the current version is not recorded"
    for v in versions:
        assert subprocess.run(["git", "cat-file", "-e", v.rev + "^{commit}"], cwd=plandoc.ROOT).returncode == 0, v


def test_the_built_site_has_its_table_of_changes_page_filled(site):
    for page in (site / "changes" / "index.html", site / "en" / "changes" / "index.html"):
        text = page.read_text(encoding="utf-8")
        assert '<div class="plan-compare" data-compare=' in text
        assert "></div>" not in text.split('<div class="plan-compare"', 1)[1][:200], "placeholder left empty"


def serious_axe_violations(pg) -> list[dict]:
    """axe-core from node_modules (served by nobody else), serious and critical violations."""
    axe = plandoc.ROOT / "node_modules" / "axe-core" / "axe.min.js"
    # evaluated by the test's remote control, not as an inline <script>: the pages' CSP forbids those
    pg.evaluate("(source) => { (0, eval)(source); }", axe.read_text(encoding="utf-8"))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("url", ["changes/", "en/changes/", "drafting/", "en/drafting/lint/"])
def test_drafting_pages_have_no_serious_accessibility_violations(page, server, url):
    page.goto(server + url)
    page.wait_for_selector("article")
    assert serious_axe_violations(page) == []
    assert not page.errors, page.errors
