"""The built site: every clause anchored in both languages, glossary kept, nothing external."""
from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pytest
import yaml

from plansite import plandoc

ROOT = plandoc.ROOT
ZH_CLAUSES = plandoc.clause_index("zh")
EN_CLAUSES = plandoc.clause_index("en")


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_mkdocs_config_is_strict_and_self_contained():
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^strict: true$", cfg, re.M)
    assert re.search(r"^\s+font: false$", cfg, re.M), "theme.font must be false (no web fonts)"
    assert "repo_url" not in re.sub(r"#.*", "", cfg)
    assert "navigation.instant" not in cfg
    assert "mermaid" not in cfg.lower()


def test_every_chinese_page_has_its_english_counterpart():
    for zh in (ROOT / "docs").rglob("*.zh.md"):
        en = zh.with_name(zh.name[: -len(".zh.md")] + ".en.md")
        assert en.exists(), f"{zh.relative_to(ROOT)} has no English page"
    for en in (ROOT / "docs").rglob("*.en.md"):
        zh = en.with_name(en.name[: -len(".en.md")] + ".zh.md")
        assert zh.exists(), f"{en.relative_to(ROOT)} has no Chinese page"


def test_same_clauses_in_both_languages():
    for name in plandoc.PLAN_PAGES:
        zh = [c.id for c in plandoc.parse_page(plandoc.page_path(name, "zh")).clauses]
        en = [c.id for c in plandoc.parse_page(plandoc.page_path(name, "en")).clauses]
        assert zh == en, f"{name}: clause ids differ between zh and en"


def test_the_plan_has_the_expected_clause_ids():
    ids = list(ZH_CLAUSES)
    expected = (
        ["preamble", "1", "2", "2.1", "2.2", "2.3", "2.4",
         "3", "3.p1", "3.1", "3.2", "3.3", "3.4", "3.5", "3.p2", "4",
         "5", "5.p1", "5.1", "5.2", "5.3", "5.4", "6", "6.p1", "6.1", "6.2", "6.3", "6.4", "6.5",
         "7", "7.1", "7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.1.5", "7.2", "7.3", "7.4", "7.5",
         "8", "8.1", "8.2"] + [f"8.2.{i}" for i in range(1, 14)]
        + ["8.3", "8.4", "8.5", "9", "annexes", "annex-1", "annex-2", "annex-3"]
    )
    assert ids == expected


@pytest.mark.parametrize("lang", plandoc.LANGS)
def test_every_clause_has_its_anchor_and_citation_on_the_built_page(site, lang):
    for cid, (page, clause) in (ZH_CLAUSES if lang == "zh" else EN_CLAUSES).items():
        name = page.path.name[: -len(f".{lang}.md")]
        url = plandoc.page_url("plan/" + name, lang)
        html = html_of(site, url)
        anchor = plandoc.id_to_anchor(cid)
        m = re.search(rf'<(?:p|h\d)[^>]*\bid="{anchor}"[^>]*>', html)
        assert m, f"{url}: no element with id {anchor}"
        assert f'data-clause="{cid}"' in m.group(0)
        cite = html_lib.escape(plandoc.full_citation(cid, lang))
        assert f'data-cite="{cite}"' in m.group(0)


@pytest.mark.parametrize("lang", plandoc.LANGS)
def test_full_text_page_holds_every_clause(site, lang):
    html = html_of(site, ("en/" if lang == "en" else "") + "plan/full")
    for cid in ZH_CLAUSES:
        assert f'id="{plandoc.id_to_anchor(cid)}"' in html, f"full text ({lang}) lacks {cid}"


def test_editorial_changes_are_explained_on_both_languages(site):
    for lang in plandoc.LANGS:
        html = html_of(site, ("en/" if lang == "en" else "") + "plan/section-3")
        assert 'id="editorial-notes"' in html
        assert plandoc.EDITORIAL_KINDS["numbering"][lang].split("，")[0].split(",")[0] in html
        assert 'class="admonition note"' in html


def load_glossary() -> list[dict]:
    return yaml.safe_load((ROOT / "policy" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]


def test_glossary_is_well_formed():
    terms = load_glossary()
    seen = set()
    for t in terms:
        assert t["zh"] and t["en"], t
        assert t["zh"] not in seen, f"glossary has {t['zh']} twice"
        seen.add(t["zh"])


def glossary_misses() -> list[str]:
    misses = []
    for t in load_glossary():
        forms = [t["en"].lower()] + ([t["plural"].lower()] if t.get("plural") else [])
        for cid, (_, zc) in ZH_CLAUSES.items():
            if t["zh"] in zc.text:
                en_text = EN_CLAUSES[cid][1].text.lower().replace("’", "'")
                if not any(f.replace("’", "'") in en_text for f in forms):
                    misses.append(f"{cid}: {t['zh']} -> {t['en']!r}")
    return misses


def test_glossary_terms_are_used_as_the_glossary_says():
    misses = glossary_misses()
    assert not misses, "English clauses not using the glossary term:\n" + "\n".join(misses)


def test_search_index_is_split_by_language(site):
    """One search index per language (plansite/search.py); each page's search box asks for its
    own language's (tests/test_search.py has the rest)."""
    bundle = next(d for d in (site / "assets" / "search").iterdir() if d.is_dir())
    zh = json.loads((bundle / "zh.json").read_text(encoding="utf-8"))
    en = json.loads((bundle / "en.json").read_text(encoding="utf-8"))
    assert zh["docs"] and en["docs"]
    assert not [d for d in zh["docs"] if d["location"].startswith("en/")]
    assert all(d["location"].startswith("en/") for d in en["docs"])
    assert any(d["location"].startswith("en/plan/section-6/") for d in en["docs"])
    page = html_of(site, "en/plan/section-6")
    cfg = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert cfg["search"].endswith("?lang=en")


EXTERNAL = re.compile(r'''(?:src|href|srcset|action|content)\s*=\s*["']\s*(?:https?:)?//(?!127\.0\.0\.1[:/])''', re.I)


def test_no_page_references_another_host(site):
    bad = []
    for f in site.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        # <link rel="canonical"> is never fetched; it names the site's own address
        text = re.sub(r'<link rel="canonical"[^>]*>', "", text)
        for m in EXTERNAL.finditer(text):
            bad.append(f"{f.relative_to(site)}: {text[m.start():m.start() + 80]}")
    for f in list(site.rglob("*.css")):
        for m in re.finditer(r"@import|url\(\s*['\"]?(?:https?:)?//", f.read_text(encoding="utf-8", errors="replace")):
            bad.append(f"{f.relative_to(site)}: {m.group(0)}")
    assert not bad, "\n".join(bad[:20])


def scripts_of(site: Path, url: str) -> set[str]:
    return set(re.findall(r'<script src="(?:\.\./)*(assets/js/[\w.-]+\.js)"', html_of(site, url)))


def test_page_scripts_load_only_where_the_page_uses_them(site):
    """plansite/hook.py's PAGE_SCRIPTS: each page-specific script is one MkDocs lists (else the
    filter would silently stop applying to it) and loads on its pages only."""
    from plansite.hook import PAGE_SCRIPTS
    # (mkdocs.yml's !ENV tag keeps yaml.safe_load out: its list entries, read as lines)
    listed = re.findall(r"^\s+- (assets/js/[\w.-]+\.js)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert set(PAGE_SCRIPTS) <= set(listed)
    everywhere = {"assets/js/clause.js", "assets/js/comments.js", "assets/js/network.js"}
    for lang in ("", "en/"):
        plan = scripts_of(site, lang + "plan/section-3")
        assert everywhere <= plan and not plan & set(PAGE_SCRIPTS)
        consent = scripts_of(site, lang + "calculators/consent")
        assert {"assets/js/calculator-client.js", "assets/js/calculator.js", "assets/js/civil-code.js",
                "assets/js/not-signed.js", "assets/js/result-tools.js"} <= consent
        assert "assets/js/screening.js" not in consent
        form = scripts_of(site, lang + "forms/application")
        assert {"assets/js/calculator-client.js", "assets/js/forget.js"} <= form
        assert "assets/js/calculator.js" not in form
        screening = scripts_of(site, lang + "calculators/screening")
        assert {"assets/js/calculator-client.js", "assets/js/screening.js",
                "assets/js/screening-chart.js"} <= screening
        assert "assets/js/calculator.js" not in screening
