"""Printing the site (chromium's print-to-PDF via Playwright), and the printable forms:
the application form kept in the browser and never sent anywhere, pre-filled from the
calculators' answers; the derived cost-sharing table citing a clause in every cell."""
from __future__ import annotations

import difflib
import functools
import html as html_lib
import json
import re
import unicodedata
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from pypdf import PdfReader

from plansite import plandoc
from conftest import ARTIFACTS, axe_violations, screenshot

ROOT = plandoc.ROOT
A4 = (595.28, 841.89)
FORM_KEY = "yy-renovation:application-form"
ANSWERS_KEY = "yy-renovation:answers"


def squash(s: str) -> str:
    """The text without white space, typographic ligatures (ﬃ, ﬁ) spelt out as letters."""
    s = "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in s)
    return re.sub(r"\s+", "", s)


def print_pdf(pg, name: str) -> PdfReader:
    """Print the page as chromium does (print media, A4), keep the PDF and a PNG of page 1."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"print-{name}.pdf"
    pg.pdf(path=str(path), format="A4", print_background=True, prefer_css_page_size=True)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
                        str(ARTIFACTS / f"print-{name}")], check=False)
    return PdfReader(str(path))


@functools.lru_cache(maxsize=1)
def radical_map() -> dict[int, str]:
    """Kangxi and supplementary radicals -> the ideograph drawn with the same glyph.

    Chromium's print-to-PDF writes, for a glyph that the font maps from several code points, the
    lowest of them into the text layer: 见 then copies out as the radical ⻅ (U+2EC5). It looks right
    on paper; the WeasyPrint PDFs (tests/test_pdf.py) do not have this defect. To compare text,
    map such radicals back to their ideographs, glyph by glyph, from the installed Noto CJK fonts."""
    from fontTools.ttLib import TTCollection

    out: dict[int, str] = {}
    for path in sorted(Path("/usr/share/fonts/opentype/noto").glob("Noto*CJK-Regular.ttc")):
        for face in TTCollection(str(path)).fonts:
            by_glyph: dict[str, list[int]] = {}
            for cp, glyph in face.getBestCmap().items():
                by_glyph.setdefault(glyph, []).append(cp)
            for cps in by_glyph.values():
                radicals = [c for c in cps if 0x2E80 <= c <= 0x2FDF]
                ideographs = [c for c in cps if 0x4E00 <= c <= 0x9FFF]
                for r in radicals:
                    if ideographs:
                        out.setdefault(r, chr(ideographs[0]))
    return out


def pdf_lines(r: PdfReader) -> list[list[str]]:
    table = radical_map()
    return [[l.strip().translate(table) for l in (p.extract_text() or "").splitlines() if l.strip()]
            for p in r.pages]


def assert_a4(r: PdfReader, name: str) -> None:
    for i, p in enumerate(r.pages):
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - A4[0]) < 1.5 and abs(h - A4[1]) < 1.5, f"{name} page {i + 1}: {w} x {h}"


# -- every page prints cleanly ---------------------------------------------------------------

HIDDEN_IN_PRINT = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                   ".md-footer", ".clause-copy", ".md-top", "nav.md-nav"]


@pytest.mark.parametrize("url,lang", [("plan/section-3/", "zh"), ("en/plan/section-7/", "en")])
def test_a_section_page_prints_cleanly(page, server, url, lang):
    page.goto(server + url)
    page.wait_for_selector(".clause-copy")
    page.emulate_media(media="print")
    for sel in HIDDEN_IN_PRINT:
        shown = page.eval_on_selector_all(
            sel, "els => els.filter(e => getComputedStyle(e).display !== 'none' && e.offsetParent !== null).length")
        assert shown == 0, f"{url}: {sel} is printed"
    buttons = page.eval_on_selector_all(
        "article button, article .md-button",
        "els => els.filter(e => getComputedStyle(e).display !== 'none').length")
    assert buttons == 0, f"{url}: buttons are printed"
    r = print_pdf(page, url.strip("/").replace("/", "-"))
    assert_a4(r, url)
    assert 1 <= len(r.pages) <= 4
    lines = pdf_lines(r)
    text = "\n".join("\n".join(p) for p in lines)
    flat = squash(text)
    index = plandoc.clause_index(lang)
    section = url.rstrip("/").rsplit("-", 1)[-1]
    clauses = [(cid, c) for cid, (pg_, c) in index.items() if pg_.path.name.startswith(f"section-{section}.")]
    assert clauses
    for cid, clause in clauses:
        m = re.search(rf"(?m)^{re.escape(cid)}\s", text)
        assert m, f"{url}: clause id {cid} not printed"
        # Chromium's text layer for CJK is not exact (see radical_map): compare loosely
        want = squash(re.sub(r"\\(.)", r"\1", clause.paragraphs[0]))[:30]
        got = squash(text[m.end():])[:len(want)]
        ratio = difflib.SequenceMatcher(None, want, got).ratio()
        assert ratio > 0.85, f"{url}: clause {cid} text not printed after its id: {got!r}"
    for chrome in ("复制引用", "Copy citation", "搜索", "Search", "跳转至", "Skip to content"):
        assert chrome not in text, f"{url}: {chrome!r} is printed"
    # no heading alone at the foot of a page
    headings = {squash(t) for t in page.eval_on_selector_all(
        "article h1, article h2, article h3", "els => els.map(e => e.innerText)")}
    for i, p in enumerate(lines[:-1]):
        assert p and squash(p[-1]) not in headings, f"{url}: page {i + 1} ends with the heading {p[-1]!r}"


def test_print_shows_where_links_to_other_pages_lead(page, server):
    page.goto(server)
    page.wait_for_selector("article")
    page.emulate_media(media="print")
    after = page.evaluate("""() => {
        const a = [...document.querySelectorAll('article a')].find(a => a.getAttribute('href') === 'plan/section-3/');
        return [a.dataset.printHref, getComputedStyle(a, '::after').content];
    }""")
    assert after[0] == server + "plan/section-3/"
    assert server + "plan/section-3/" in after[1]
    # clause ids stay visible; citations of a clause are not followed by an address
    page.goto(server + "plan/section-3/")
    page.emulate_media(media="print")
    ids = page.eval_on_selector_all(
        ".clause-id", "els => els.filter(e => getComputedStyle(e).display !== 'none').length")
    assert ids >= 8
    cites = page.eval_on_selector_all("a[href*='#clause-']:not(.clause-id)",
                                      "els => els.filter(e => e.dataset.printHref).length")
    assert cites == 0


# -- the application form --------------------------------------------------------------------

FORM_ZH = "forms/application/"
FORM_EN = "en/forms/application/"


def open_form(pg, server, url=FORM_ZH):
    pg.goto(server + url)
    pg.wait_for_selector("#application-form[data-ready='true']", timeout=60000)


def tally_text(pg) -> str:
    """The tally once it shows what the form holds: the calculators' package computes it in the
    page's Web Worker, a moment after the figures change (and after Python has loaded)."""
    pg.wait_for_selector("[data-tally]:not([data-tally-state='busy']):not([data-tally-state='loading'])",
                         state="attached", timeout=60000)
    return pg.text_content("[data-tally]")


def watch_requests(pg) -> list[tuple[str, str, str]]:
    seen: list[tuple[str, str, str]] = []
    pg.on("request", lambda r: seen.append((r.method, r.url, r.post_data or "")))
    return seen


def fill_some(pg):
    pg.fill("#f-community_name", "南湖测试小区")
    pg.select_option("#f-district", "nanhu")
    pg.fill("#f-completion_year", "1998")
    pg.fill("#f-households", "240")
    pg.check("input[name='has_owners_committee'][value='true']")
    pg.check("input[name='strong_willingness'][value='']")
    pg.check("input[name='items'][value='building.elevator']")
    pg.check("input[name='items'][value='env.drainage']")
    pg.fill("#f-residents_opinions", "希望加装电梯，改造排水管网。")


def test_form_keeps_what_was_entered_across_a_reload_and_sends_nothing(page, server):
    requests = watch_requests(page)
    open_form(page, server)
    fill_some(page)
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    assert page.input_value("#f-community_name") == "南湖测试小区"
    assert page.input_value("#f-district") == "nanhu"
    assert page.input_value("#f-completion_year") == "1998"
    assert page.input_value("#f-households") == "240"
    assert page.is_checked("input[name='has_owners_committee'][value='true']")
    assert page.is_checked("input[name='strong_willingness'][value='']")
    assert not page.is_checked("input[name='strong_willingness'][value='true']")
    assert page.is_checked("input[name='items'][value='building.elevator']")
    assert page.is_checked("input[name='items'][value='env.drainage']")
    assert not page.is_checked("input[name='items'][value='env.parking']")
    assert page.input_value("#f-residents_opinions") == "希望加装电梯，改造排水管网。"
    stored = json.loads(page.evaluate(f"localStorage.getItem('{FORM_KEY}')"))
    assert stored["version"] == 1 and stored["fields"]["district"] == "nanhu"
    # the English page shares the storage: the same answers are there
    page.goto(server + FORM_EN)
    page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    assert page.input_value("#f-community_name") == "南湖测试小区"
    # pressing Enter in a field submits nothing
    page.press("#f-households", "Enter")
    page.wait_for_timeout(200)
    assert page.url == server + FORM_EN
    posts = [r for r in requests if r[0] != "GET"]
    assert not posts, f"non-GET requests: {posts}"
    leaks = [r for r in requests if "南湖测试小区" in r[1] + r[2] or "%E5%8D%97%E6%B9%96" in r[1]
             or "1998" in r[1] + r[2]]
    assert not leaks, f"requests carrying the form's data: {leaks}"
    assert not page.errors, page.errors


def test_form_clears_on_request(page, server):
    open_form(page, server)
    fill_some(page)
    page.once("dialog", lambda d: d.accept())
    page.click("button[data-action='clear']")
    assert page.input_value("#f-community_name") == ""
    assert not page.is_checked("input[name='items'][value='building.elevator']")
    # what the form saved is gone; the record left only remembers not to pre-fill it again
    kept = json.loads(page.evaluate(f"localStorage.getItem('{FORM_KEY}')"))
    assert kept["fields"] == {} and kept["noPrefill"] is True
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    assert page.input_value("#f-community_name") == ""


ANSWERS = {
    "eligibility": {"district": "君山区", "completion_year": 1995, "infrastructure_deficient": True,
                    "property_management_inadequate": None, "has_owners_committee": False,
                    "urban_village": False},
    "consent": {"units": [
        {"unit": "1-101", "owner": "甲", "area": "50.50", "signed": True},
        {"unit": "1-102", "owner": "甲", "area": 49.5, "signed": True},
        {"unit": "2-101", "owner": "乙", "area": "100.00", "signed": False},
    ]},
    "updated": "2026-11-26T08:00:00Z",
}


def test_form_is_prefilled_from_the_calculators_answers(page, server):
    page.goto(server + FORM_ZH)
    page.evaluate("([k, v, fk]) => { localStorage.clear(); localStorage.setItem(k, v);"
                  " localStorage.setItem(fk, JSON.stringify({version: 1, fields: {completion_year: '1990',"
                  " community_name: '已填小区'}})); }",
                  [ANSWERS_KEY, json.dumps(ANSWERS, ensure_ascii=False), FORM_KEY])
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    assert page.input_value("#f-district") == "junshan"
    assert page.input_value("#f-completion_year") == "1990", "a value the reader entered was overwritten"
    assert page.input_value("#f-community_name") == "已填小区"
    assert page.is_checked("input[name='infrastructure_deficient'][value='true']")
    assert page.is_checked("input[name='property_management_inadequate'][value='']")
    assert page.is_checked("input[name='has_owners_committee'][value='false']")
    assert page.is_checked("input[name='urban_village'][value='false']")
    assert not page.eval_on_selector_all("input[name='strong_willingness']", "els => els.some(e => e.checked)")
    # the roster counts 甲 once, sums the areas
    assert page.input_value("#f-total_owners") == "2"
    assert page.input_value("#f-signed_owners") == "1"
    assert page.input_value("#f-total_area") == "200.00"
    assert page.input_value("#f-signed_area") == "100.00"
    assert "预填" in page.text_content("[data-status]")
    # the button overwrites with the answers
    button = page.locator("button[data-action='prefill']")
    assert button.is_visible()
    button.click()
    assert page.input_value("#f-completion_year") == "1995"


@pytest.mark.parametrize("written,code", [
    ("湖南省岳阳市 南湖", "nanhu"), ("岳阳经济技术开发区", "jingkai"), ("Yunxi District", "yunxi"),
    ("岳阳县", "other"),
])
def test_form_reads_a_district_by_any_name_the_calculators_accept(page, server, written, code):
    page.goto(server + FORM_ZH)
    page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }",
                  [ANSWERS_KEY, json.dumps({"eligibility": {"district": written}}, ensure_ascii=False)])
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    assert page.input_value("#f-district") == code


def test_form_is_prefilled_from_what_the_reader_typed_into_the_calculator_pages(page, server, site):
    if not (site / "calculators/eligibility/index.html").exists():
        pytest.skip("the calculator pages are not built")
    page.goto(server + "calculators/eligibility/")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.select_option("form[data-calculator] [name='district']", "yunxi")
    page.fill("form[data-calculator] [name='completion_year']", "1997")
    page.check("form[data-calculator] [name='illegal_structures_cleared'][value='false']")
    page.goto(server + "calculators/consent/")
    page.fill("form[data-calculator] [name='total_owners']", "150")
    page.fill("form[data-calculator] [name='signed_owners']", "100")
    open_form(page, server, FORM_EN)
    assert page.input_value("#f-district") == "yunxi"
    assert page.input_value("#f-completion_year") == "1997"
    assert page.is_checked("input[name='illegal_structures_cleared'][value='false']")
    assert page.input_value("#f-total_owners") == "150"
    assert page.input_value("#f-signed_owners") == "100"
    assert "two-thirds reached" in tally_text(page)


def test_form_without_answers_hides_the_prefill_button(page, server):
    page.goto(server + FORM_ZH)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    assert not page.locator("button[data-action='prefill']").is_visible()


@pytest.mark.parametrize("url,owners,area", [
    (FORM_ZH, "未达到三分之二，尚需 1 人", "尚需 66.67 m²"),
    (FORM_EN, "two-thirds not reached, 1 more needed", "66.67 m² more needed"),
])
def test_form_tallies_the_double_two_thirds_as_the_plan_counts_it(page, server, url, owners, area):
    open_form(page, server, url)
    page.fill("#f-total_owners", "100")
    page.fill("#f-signed_owners", "66")
    page.fill("#f-total_area", "1000.00")
    page.fill("#f-signed_area", "600.00")
    tally = tally_text(page)
    assert owners in tally and area in tally, tally
    page.fill("#f-total_owners", "150")
    page.fill("#f-signed_owners", "100")       # exactly 2/3 passes
    tally = tally_text(page)
    assert ("已达到三分之二" if url == FORM_ZH else "two-thirds reached") in tally, tally


# (total_owners, signed_owners, total_area, signed_area): exactly 2/3, just below and above,
# areas whose 2/3 is not a whole hundredth, and a percentage that rounds half up
TALLY_CASES = [
    ("150", "100", "1000.00", "666.67"),
    ("150", "99", "1000.00", "666.66"),
    ("3", "2", "0.03", "0.02"),
    ("7", "5", "1000.01", "666.67"),
    ("101", "67", "100.01", "66.67"),
    ("2000", "1333", "12345.67", "8230.45"),
    ("8", "1", "0.08", "0.01"),
]


def test_form_tally_agrees_with_the_package_at_the_boundaries(page, server):
    """The live tally says what calculators.consent says: pass, percentage, and what is needed."""
    import calculators
    open_form(page, server, FORM_EN)
    for to, so, ta, sa in TALLY_CASES:
        page.fill("#f-total_owners", to)
        page.fill("#f-signed_owners", so)
        page.fill("#f-total_area", ta)
        page.fill("#f-signed_area", sa)
        tally = tally_text(page)
        r = calculators.consent({"total_owners": to, "signed_owners": so,
                                 "total_area": ta, "signed_area": sa})
        owners_part, area_part = tally.split("; ")[:2]
        o, a = r["owners"], r["area"]
        assert f"({o['percent']}%)" in owners_part, (to, so, tally)
        assert ("two-thirds reached" in owners_part) == o["passed"], (to, so, tally)
        if not o["passed"]:
            assert f"{o['additional_needed']} more needed" in owners_part, (to, so, tally)
        assert f"({a['percent']}%)" in area_part, (ta, sa, tally)
        assert ("two-thirds reached" in area_part) == a["passed"], (ta, sa, tally)
        if not a["passed"]:
            assert f"{a['additional_needed']} m² more needed" in area_part, (ta, sa, tally)
        assert (": reached" in tally) == r["passed"], tally

@pytest.mark.parametrize("url", [FORM_ZH, FORM_EN])
def test_form_prints_on_a4_with_what_was_entered(page, server, url):
    open_form(page, server, url)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    fill_some(page)
    r = print_pdf(page, "form-" + ("zh" if url == FORM_ZH else "en"))
    assert_a4(r, url)
    assert 1 <= len(r.pages) <= 4, f"{url}: {len(r.pages)} pages"
    text = "\n".join("\n".join(p) for p in pdf_lines(r))
    assert "南湖测试小区" in text and "1998" in text
    if url == FORM_ZH:
        assert "这不是官方的附件2" in squash(text) and "申请单位" in text and "街道（乡镇）受理意见" in squash(text)
        assert "清空表格" not in text and "使用方法" not in text
    else:
        assert "nottheofficialAnnex2" in squash(text) and "Receivedbythesub-district" in squash(text)
        assert "Clear the form" not in text


@pytest.mark.parametrize("url", [FORM_ZH, FORM_EN, "forms/cost-sharing/", "en/forms/cost-sharing/"])
def test_form_pages_have_no_serious_accessibility_violations(page, server, url):
    page.goto(server + url)
    page.wait_for_selector("article")
    if "application" in url:
        page.wait_for_selector("#application-form[data-ready='true']", timeout=60000)
    screenshot(page, url.strip("/").replace("/", "-"))
    assert axe_violations(page) == []
    assert not page.errors, page.errors


# -- the form's fields, in both languages and against the rules ------------------------------

def form_controls(md: str) -> list[tuple[str, str]]:
    """(name, value) of every control of the form in a page's source."""
    out = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", md):
        name = re.search(r'\bname="([^"]+)"', tag).group(1)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        choice = 'type="radio"' in tag or 'type="checkbox"' in tag
        out.append((name, value.group(1) if choice and value else ""))
    return out


def test_form_has_the_same_fields_in_both_languages_and_those_the_rules_ask_for():
    zh = (ROOT / "docs/forms/application.zh.md").read_text(encoding="utf-8")
    en = (ROOT / "docs/forms/application.en.md").read_text(encoding="utf-8")
    assert form_controls(zh) == form_controls(en)
    names = {n for n, _ in form_controls(zh)}
    eligibility = {"district", "completion_year", "infrastructure_deficient", "property_management_inadequate",
                   "strong_willingness", "renovated_last_5_years", "in_demolition_plan_5_years",
                   "illegal_structures_cleared", "has_owners_committee", "in_shantytown_plan",
                   "mainly_self_built", "urban_village"}
    consent = {"total_area", "signed_area", "total_owners", "signed_owners"}
    basics = {"community_name", "street", "buildings", "households", "floor_area", "organisation_name",
              "residents_opinions", "items"}
    assert eligibility | consent | basics <= names, sorted((eligibility | consent | basics) - names)
    for md in (zh, en):
        assert 'action=' not in md.split("<form", 1)[1].split(">", 1)[0], "the form must not be sent anywhere"
        assert not re.search(r'type="submit"', md)


def test_form_offers_every_item_of_the_renovation_menu():
    path = ROOT / "policy" / "renovation_menu.yaml"
    if not path.exists():
        pytest.skip("policy/renovation_menu.yaml not there yet")
    menu = yaml.safe_load(path.read_text(encoding="utf-8"))
    zh = (ROOT / "docs/forms/application.zh.md").read_text(encoding="utf-8")
    labels = {html_lib.unescape(l).strip() for l in
              re.findall(r'<input type="checkbox" name="items" value="[^"]+">([^<]+)</label>', zh)}
    for cat in menu["categories"]:
        for item in cat["items"]:
            assert item["zh"] in labels, f"{cat['id']}: {item['zh']} is not on the form"


@pytest.mark.parametrize("lang", plandoc.LANGS)
def test_form_and_table_say_they_are_compiled_from_the_text(site, lang):
    prefix = "en/" if lang == "en" else ""
    form = (site / prefix / "forms/application/index.html").read_text(encoding="utf-8")
    table = (site / prefix / "forms/cost-sharing/index.html").read_text(encoding="utf-8")
    if lang == "zh":
        assert "这不是官方的附件2" in form and "未公布附件内容" in form
        assert "这不是官方的附件1" in table and "未公布附件内容" in table
    else:
        assert "This is not the official Annex 2" in form and "did not publish" in form
        assert "This is not the official Annex 1" in table and "did not publish" in table


# -- the derived cost-sharing table ------------------------------------------------------------

@pytest.mark.parametrize("lang", plandoc.LANGS)
def test_every_cell_of_the_cost_sharing_table_cites_its_clause(site, lang):
    url = ("en/" if lang == "en" else "") + "forms/cost-sharing/"
    page_html = (site / url / "index.html").read_text(encoding="utf-8")
    table = re.search(r"<table>.*?</table>", page_html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) >= 7
    cache: dict[str, str] = {}
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert len(cells) == 8, row[:80]
        for cell in cells:
            links = re.findall(r'<a href="([^"]+#clause-[^"]+)"', cell)
            assert links, f"{lang}: a cell cites no clause: {cell[:80]}"
            for href in links:
                target = urljoin("http://x/" + url, href).removeprefix("http://x/")
                path, anchor = target.split("#")
                cache.setdefault(path, (site / path / "index.html").read_text(encoding="utf-8"))
                assert f'id="{anchor}"' in cache[path], f"{lang}: {href} leads nowhere"
    # the clause each cell cites says what the cell says: 50% and 20% come from 六（一）and 六（二）
    assert re.search(r"50%[^<]*<br>\s*<a href=\"[^\"]*#clause-6-1\"", table)
    assert re.search(r"20%[^<]*<br>\s*<a href=\"[^\"]*#clause-6-2\"", table)


def test_cost_sharing_rates_agree_with_the_text_and_the_policy_data():
    zh6 = plandoc.clause_index("zh")["6.1"][1].text + plandoc.clause_index("zh")["6.2"][1].text
    table = (ROOT / "docs/forms/cost-sharing.zh.md").read_text(encoding="utf-8")
    assert "50%" in zh6 and "以奖代补20%" in zh6
    assert "50%" in table and "20%" in table and "80%" in table and "100%" in table
    path = ROOT / "policy" / "funding.yaml"
    if path.exists():
        funding = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert str(funding["city_reward_rate"]["value"]) == "50%"
        assert str(funding["district_pipeline_reward_rate"]["value"]) == "20%"
        assert str(funding["road_works_district_rate"]["value"]) == "100%"
