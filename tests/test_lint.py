"""The drafting lint (plansite/lint/): the real pages pass, and each kind of injected defect is
reported at the right file and line, in the same words (tests/fixtures/lint/); the rules run
alone or together, at the severity policy/lint.yaml gives them."""
from __future__ import annotations

import collections
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from fractions import Fraction

import pytest
import yaml

from plansite import lint
from plansite import plandoc
from plansite import translation_sync
from plansite.lint import accounting, guide, registry
from plansite.lint.rules import punctuation

ROOT = plandoc.ROOT
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"
EXPECTED_FULL = [tuple(e["at"]) + (e["zh"], e["en"])
                 for e in yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))["findings"]]
EXPECTED = [e[:4] for e in EXPECTED_FULL]


def key(f: lint.Finding) -> tuple:
    return (f.path, f.line, f.severity, f.check)


def fixture_copy(tmp_path: Path, with_defects: bool) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root)
    if with_defects:
        shutil.copytree(FIXTURES / "defects", root, dirs_exist_ok=True)
    return root


def run(root: Path, **kw) -> list[lint.Finding]:
    return lint.run(root, **kw)[0]


def full(f: lint.Finding) -> tuple:
    return (f.path, f.line, f.severity, f.check, f.zh, f.en)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- the real pages ------------------------------------------------------------------------------

def test_the_real_pages_and_policy_have_no_lint_errors():
    findings = run(ROOT)
    errors = [f.format() for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    print(f"real docs: {len(errors)} errors, {len(warnings)} warnings")
    for w in warnings:
        print("  ", w.format())
    assert not errors, "\n".join(errors)


def test_the_real_pages_lint_from_the_command_line_with_a_summary():
    out = subprocess.run([sys.executable, "-m", "plansite.lint"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    last = out.stdout.strip().splitlines()[-1]
    assert re.match(r"lint: 0 个错误、\d+ 个警告，检查 \d+ 个文件，通过 / 0 errors, \d+ warnings? in \d+ files, passed", last), last


# -- the fixtures --------------------------------------------------------------------------------

def test_the_fixture_copy_without_defects_is_clean(tmp_path):
    assert [f.format() for f in run(fixture_copy(tmp_path, with_defects=False))] == []


def test_each_injected_defect_is_reported_at_its_file_and_line_and_nothing_else(tmp_path):
    found = collections.Counter(key(f) for f in run(fixture_copy(tmp_path, with_defects=True)))
    expected = collections.Counter(tuple(e) for e in EXPECTED)
    missing = expected - found
    extra = found - expected
    assert not missing and not extra, f"missing: {sorted(missing)}\nextra: {sorted(extra)}"


def test_each_finding_says_exactly_the_words_of_the_golden_file_in_its_order(tmp_path):
    found = [full(f) for f in run(fixture_copy(tmp_path, with_defects=True))]
    expected = sorted(EXPECTED_FULL, key=lambda e: (e[0], e[1], e[3], e[4]))
    missing = [e for e in expected if e not in found]
    extra = [f for f in found if f not in expected]
    assert not missing and not extra, f"missing: {missing}\nextra: {extra}"
    assert found == expected


def test_the_fixtures_exercise_every_kind_of_check():
    kinds = {e[3] for e in EXPECTED}
    assert kinds >= {"front-matter", "numbering", "punctuation", "clauses", "translation", "glossary",
                     "quote", "parameter", "number", "link", "cross-reference", "lint-config"}


def test_the_source_numbering_defect_in_section_3_is_caught_if_it_comes_back(tmp_path):
    findings = run(fixture_copy(tmp_path, with_defects=True))
    numbering = {f.line: f for f in findings if f.path == "docs/plan/section-3.zh.md" and f.check == "numbering"}
    assert sorted(numbering) == [18, 21, 24]
    for line, shown in zip((18, 21, 24), ("（二）", "（三）", "（四）")):
        f = numbering[line]
        assert f.severity == "error"
        assert "“1.”" in f.zh and f"“{shown}”" in f.zh
        assert "'1.'" in f.en and f"'{shown}'" in f.en


def test_every_finding_says_what_is_wrong_in_chinese_and_in_english(tmp_path):
    for f in run(fixture_copy(tmp_path, with_defects=True)):
        assert re.search(r"[\u4e00-\u9fff]", f.zh), f
        assert f.en and f.en[0].isupper() or f.en[0] in "'`", f
        assert re.fullmatch(rf"{re.escape(f.path)}:{f.line}: (error|warning) \[[a-z-]+\] .+ / .+", f.format(), re.S)


def test_stale_translation_names_the_chinese_clause_and_the_command_to_run(tmp_path):
    findings = run(fixture_copy(tmp_path, with_defects=True))
    stale = next(f for f in findings if f.check == "translation" and f.path == "docs/plan/section-2.en.md")
    assert "2.2" in stale.en and "docs/plan/section-2.zh.md" in stale.en
    assert "python -m plansite.translation_sync plan/section-2" in stale.en


def test_command_line_exit_status_and_json(tmp_path):
    root = fixture_copy(tmp_path, with_defects=True)
    out = subprocess.run([sys.executable, "-m", "plansite.lint", "--root", str(root), "--format", "json"],
                         capture_output=True, text=True)
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["errors"] == sum(e[2] == "error" for e in EXPECTED)
    assert data["warnings"] == sum(e[2] == "warning" for e in EXPECTED)
    assert {"path", "line", "severity", "check", "zh", "en"} <= set(data["findings"][0])
    clean = subprocess.run([sys.executable, "-m", "plansite.lint", "--root", str(fixture_copy(tmp_path / "b", False))],
                           capture_output=True, text=True)
    assert clean.returncode == 0 and "0 errors, 0 warnings" in clean.stdout


# -- the rules, one module each -------------------------------------------------------------------

def test_the_registry_holds_every_kind_of_check_each_described_in_both_languages():
    ids = [r.id for r in registry.RULES]
    # clause-id has its own test below (test_a_duplicated_or_misplaced_clause_id_is_reported)
    assert set(ids) == {e[3] for e in EXPECTED} | {"clause-id"}
    for r in registry.RULES:
        assert r.severity in ("error", "warning")
        assert re.search(r"[\u4e00-\u9fff]", r.description["zh"]) and re.search(r"[\u4e00-\u9fff]", r.fix["zh"]), r.id
        assert r.description["en"][0].isupper() or r.description["en"][0] in "`'", r.id


def test_each_rule_alone_finds_what_it_finds_in_the_whole_run(tmp_path):
    # no rule depends on another having run: the rules alone add up to the whole
    root = fixture_copy(tmp_path, with_defects=True)
    whole = [full(f) for f in run(root)]
    alone = []
    for r in registry.RULES:
        found = run(root, select=[r.id])
        assert {f.check for f in found} <= {r.id}
        alone += [full(f) for f in found]
    assert sorted(alone, key=lambda e: (e[0], e[1], e[3], e[4])) == whole


def test_select_and_ignore_on_the_command_line(tmp_path):
    root = fixture_copy(tmp_path, with_defects=True)

    def cli(*args):
        out = subprocess.run([sys.executable, "-m", "plansite.lint", "--root", str(root), "--format", "json", *args],
                             capture_output=True, text=True)
        return out.returncode, json.loads(out.stdout) if out.stdout else None, out.stderr
    code, data, _ = cli("--select", "numbering,glossary")
    assert code == 1 and {f["check"] for f in data["findings"]} == {"numbering", "glossary"}
    assert len(data["findings"]) == sum(e[3] in ("numbering", "glossary") for e in EXPECTED)
    code, data, _ = cli("--ignore", "number", "--ignore", "lint-config")
    assert {f["check"] for f in data["findings"]} == {e[3] for e in EXPECTED} - {"number", "lint-config"}
    code, data, _ = cli("--select", "number")
    assert code == 0 and data["warnings"] == sum(e[3] == "number" for e in EXPECTED)  # warnings only: passes
    code, data, err = cli("--select", "numberz")
    assert code == 2 and data is None and "numberz" in err and "Traceback" not in err


def test_policy_lint_yaml_sets_the_severity_of_a_rule(tmp_path):
    root = fixture_copy(tmp_path, with_defects=True)
    config = root / "policy" / "lint.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "rules:\n  number: error\n  punctuation: warning\n  glossary: off\n", encoding="utf-8")
    found = {key(f)[:2] + (f.check,): f.severity for f in run(root)}
    for path, line, severity, check in EXPECTED:
        if check == "glossary":
            assert (path, line, check) not in found
        elif check == "number":
            assert found[(path, line, check)] == "error"
        elif check == "punctuation":
            assert found[(path, line, check)] == "warning"
        else:
            assert found[(path, line, check)] == severity
    # advice stays a warning whatever the rule's severity
    config.write_text(config.read_text(encoding="utf-8").replace("punctuation: warning", "punctuation: error"),
                      encoding="utf-8")
    assert found_severity(run(root), "docs/plan/section-7.zh.md", 76) == "warning"


def found_severity(findings, path, line):
    return next(f.severity for f in findings if (f.path, f.line) == (path, line))


def test_a_wrong_severity_setting_is_reported(tmp_path):
    root = fixture_copy(tmp_path, with_defects=False)
    config = root / "policy" / "lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "rules:\n  numbr: off\n  number: fatal\n",
                      encoding="utf-8")
    found = [f for f in run(root)]
    assert [(f.check, f.severity) for f in found] == [("lint-config", "error")] * 2
    assert "`number`" in found[0].en and "fatal" in found[1].en


def test_the_drafters_page_lists_the_rules_of_the_registry():
    out = subprocess.run([sys.executable, "-m", "plansite.lint.guide", "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    for lang in plandoc.LANGS:
        page = (ROOT / guide.PAGES[lang]).read_text(encoding="utf-8")
        for r in registry.RULES:
            assert f"| `{r.id}`<br>{guide.SEVERITY[lang][r.severity]} |" in page and guide.cell(r.description[lang]) in page


# -- adding clauses the right way ----------------------------------------------------------------

def insert_condition(root: Path, record_renumbering: bool) -> None:
    """Insert a new condition between 三（二） and （三）: new id 3.6, shown as （三）, the
    old （三）–（五） renumbered （四）–（六）, in both languages."""
    plan = root / "docs" / "plan"
    zh, en = plan / "section-3.zh.md", plan / "section-3.en.md"
    for old, new in (("（三）近5年", "（四）近5年"), ("（四）违章", "（五）违章"), ("（五）已产生", "（六）已产生")):
        edit(zh, old, new)
    edit(zh, "{ #clause-3-2 }\n", "{ #clause-3-2 }\n\n（三）小区内无重大安全隐患；\n{ #clause-3-6 }\n")
    for old, new in (("(5) An owners'", "(6) An owners'"), ("(4) The demolition", "(5) The demolition"),
                     ("(3) They are residential", "(4) They are residential")):
        edit(en, old, new)
    edit(en, "{ #clause-3-2 }\n", "{ #clause-3-2 }\n\n(3) There is no major safety hazard in the residential community;\n{ #clause-3-6 }\n")
    # the marked editorial changes of 3.3 and 3.4 (the corrected numbers) follow their clauses
    edit(zh, "- clause: '3.3'\n  kind: numbering\n  source: '1. '\n  text: （三）",
         "- clause: '3.3'\n  kind: numbering\n  source: '1. '\n  text: （四）")
    edit(zh, "- clause: '3.4'\n  kind: numbering\n  source: '1. '\n  text: （四）",
         "- clause: '3.4'\n  kind: numbering\n  source: '1. '\n  text: （五）")
    if record_renumbering:
        edit(zh, "editorial:\n", "renumbered:\n  '3.6': 3\n  '3.3': 4\n  '3.4': 5\n  '3.5': 6\neditorial:\n")
    translation_sync.record("plan/section-3", root / "docs")


def test_a_clause_inserted_with_a_new_id_and_its_renumbering_recorded_passes(tmp_path):
    root = fixture_copy(tmp_path, with_defects=False)
    insert_condition(root, record_renumbering=True)
    assert [f.format() for f in run(root)] == []


def test_a_renumbered_list_without_its_record_is_reported(tmp_path):
    root = fixture_copy(tmp_path, with_defects=False)
    insert_condition(root, record_renumbering=False)
    findings = [f for f in run(root) if f.severity == "error"]
    assert {f.check for f in findings} == {"numbering"}
    assert len(findings) == 8   # 3.6, 3.3, 3.4 and 3.5, on each language's page
    assert any("renumbered: {'3.6': 3}" in f.en for f in findings)


def test_invalid_front_matter_on_a_page_outside_the_plan_is_reported(tmp_path):
    # an unquoted ": " in a description makes MkDocs print the front matter as page text
    root = fixture_copy(tmp_path, with_defects=False)
    page = root / "docs" / "index.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n", "---\ndescription: Three tools: a, b and c\n", 1), encoding="utf-8")
    found = [key(f) for f in run(root) if f.check == "front-matter"]
    assert found == [("docs/index.en.md", 2, "error", "front-matter")]


def test_a_duplicated_or_misplaced_clause_id_is_reported(tmp_path):
    root = fixture_copy(tmp_path, with_defects=False)
    page = root / "docs/plan/section-4.zh.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n另一段。\n{ #clause-3-p1 }\n", encoding="utf-8")
    ids = [f for f in run(root) if f.check == "clause-id"]
    assert len(ids) == 2, [f.format() for f in ids]   # used twice, and on the wrong page
    assert all(f.path == "docs/plan/section-4.zh.md" for f in ids)


# -- punctuation, case by case --------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("街道(乡镇)、社区", ["punctuation"]),
    ("街道（乡镇）、社区", []),
    ("面积1,000平方米", []),                  # thousands separator between digits
    ("建设,成立", ["punctuation"]),
    ("市住建局:负责", ["punctuation"]),
    ("时间12:30", []),                          # a colon between digits is not Chinese text
    ("内容;实施", ["punctuation"]),
    ("（由市自然资源和规划局牵头", ["punctuation"]),  # never closed
    ("“实施一批”和“成熟一个", ["punctuation"]),     # an opening quote never closed
    ("按照“实施一批，谋划一批”的原则", []),
    ("称\"双2/3\"", ["punctuation", "punctuation"]),   # two straight quotes
    ("见[第三条](plan/section-3.md)。", []),       # Markdown's own brackets are not text
])
def test_punctuation_in_chinese_text(tmp_path, text, expected):
    issues = list(punctuation.check_block(tmp_path / "x.zh.md", 1, text, "zh"))
    assert [punctuation.id for i in issues] == expected, [i.zh for i in issues]
    assert not any(i.hint for i in issues)   # each an error, not a warning


@pytest.mark.parametrize("token,value", [
    ("50%", ("percent", Fraction(1, 2))),
    ("三分之二", ("fraction", Fraction(2, 3))),
    ("2/3", ("fraction", Fraction(2, 3))),
    ("百分之二十", ("percent", Fraction(1, 5))),
    ("2000年", ("int", Fraction(2000))),
    ("五年", ("int", Fraction(5))),
])
def test_numbers_are_read_the_same_in_the_text_and_in_parameters(token, value):
    assert accounting.number_value(token) == value


# -- the pre-commit hook ---------------------------------------------------------------------------

def git(repo: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, capture_output=True,
                          text=True, check=check, env=env)


def test_the_pre_commit_hook_refuses_a_commit_with_lint_errors(tmp_path):
    repo = fixture_copy(tmp_path, with_defects=False)
    (repo / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "pre-commit", repo / "scripts" / "pre-commit")
    env = dict(os.environ, PYTHON=sys.executable, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    git(repo, "init", "-q")
    (repo / ".git" / "hooks" / "pre-commit").symlink_to("../../scripts/pre-commit")
    git(repo, "add", ".")
    ok = git(repo, "commit", "-q", "-m", "clean", check=False, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # a half-width bracket staged: refused; the working tree alone does not count
    edit(repo / "docs/plan/section-2.zh.md", "街道（乡镇）、社区积极组织", "街道(乡镇)、社区积极组织")
    git(repo, "add", "docs/plan/section-2.zh.md")
    bad = git(repo, "commit", "-q", "-m", "defect", check=False, env=env)
    assert bad.returncode != 0
    # git shows what a hook prints on standard error
    assert "docs/plan/section-2.zh.md:20: error [punctuation]" in bad.stdout + bad.stderr
    assert "pre-commit: the drafting lint found errors" in bad.stderr
