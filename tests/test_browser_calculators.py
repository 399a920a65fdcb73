"""The calculator pages in a real browser (Debian's chromium, the built site, a local server).

Each calculator in both languages with passing, failing, undetermined and invalid answers: the
result's data-status, its clause links (each pointing at an anchor that exists on the plan's
page, in the page's language), and the error message next to the field at fault. Also: the
roster is read in the browser and no request carries it; answers survive a reload; the print
sheet; phones; axe-core. The `page` fixture fails any test that requests another host.
"""
from __future__ import annotations

import json
import re
import sys
import urllib.parse
import urllib.request
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import axe_violations, screenshot, wait_until

ROOT = Path(__file__).resolve().parent.parent
from plansite import plandoc

STORAGE_KEY = "yy-renovation:answers"
PREFIX = {"zh": "", "en": "en/"}
ALL_CONDITIONS = ["infrastructure_deficient", "property_management_inadequate", "strong_willingness",
                  "illegal_structures_cleared", "has_owners_committee"]
NOT_CONDITIONS = ["renovated_last_5_years", "in_demolition_plan_5_years", "in_shantytown_plan",
                  "mainly_self_built", "urban_village"]
ELIGIBLE = {"district": "yueyanglou", "completion_year": "2000",
            **{k: "true" for k in ALL_CONDITIONS}, **{k: "false" for k in NOT_CONDITIONS}}
WORKED_EXAMPLE = {  # the contract's worked example for funding
    "costs.environment": "1000000", "costs.building": "500000", "costs.elevator": "400000",
    "costs.public_facilities": "100000", "costs.pipeline_relocation": "300000",
    "costs.road_works": "50000", "contributions.residents.general": "100000",
    "contributions.residents.elevator": "150000", "contributions.original_property_unit.general": "50000",
}

# (calculator, case, answers, expected status, field at fault for invalid input)
SCENARIOS = [
    ("eligibility", "passing", ELIGIBLE, "eligible", None),
    ("eligibility", "failing", {**ELIGIBLE, "completion_year": "2001"}, "ineligible", None),
    ("eligibility", "outside", {**ELIGIBLE, "district": "pingjiang"}, "ineligible", None),
    ("eligibility", "undetermined", {"district": "junshan", "completion_year": "1995"}, "undetermined", None),
    ("eligibility", "invalid", {**ELIGIBLE, "completion_year": "two thousand"}, "error", "completion_year"),
    ("consent", "passing", {"total_area": "90", "signed_area": "60", "total_owners": "3", "signed_owners": "2"},
     "passed", None),
    ("consent", "failing", {"total_area": "1000.00", "signed_area": "700", "total_owners": "100",
                            "signed_owners": "66"}, "not_passed", None),
    ("consent", "invalid", {"total_area": "100", "signed_area": "120", "total_owners": "3", "signed_owners": "2"},
     "error", "signed_area"),
    ("consent", "missing", {"total_area": "100", "signed_area": "80", "total_owners": "3"}, "error", "signed_owners"),
    ("funding", "worked example", WORKED_EXAMPLE, "ok", None),
    ("funding", "no city reward", {**WORKED_EXAMPLE, "city_reward_eligible": "false"}, "ok", None),
    ("funding", "invalid", {**WORKED_EXAMPLE, "costs.environment": "1000000.005"}, "error", "costs.environment"),
]


def open_calculator(pg, server, lang: str, name: str):
    pg.goto(server + PREFIX[lang] + f"calculators/{name}/")
    form = pg.locator(f"form[data-calculator={name}]")
    form.wait_for()
    pg.wait_for_selector(f"form[data-calculator={name}][data-ready=true]", state="attached", timeout=60000)
    return form


def fill(pg, answers: dict):
    for field, value in answers.items():
        control = pg.locator(f'[name="{field}"]')
        kind = control.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind == "radio":
            pg.locator(f'input[name="{field}"][value="{value}"]').check()
        elif kind == "select":
            control.select_option(value)
        else:
            control.fill(value)


def submit(pg) -> str:
    pg.evaluate("document.querySelector('[data-result]').removeAttribute('data-status')")
    pg.click("form[data-calculator] [type=submit]")
    pg.wait_for_selector("[data-result][data-status]", state="attached", timeout=30000)
    return pg.get_attribute("[data-result]", "data-status")


@lru_cache(maxsize=None)
def page_ids(url: str) -> frozenset:
    html = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    return frozenset(re.findall(r'\bid="([^"]+)"', html))


def check_clause_links(pg, server: str, lang: str) -> int:
    links = pg.eval_on_selector_all(
        "[data-result] a[data-clause-link]", "els => els.map(e => [e.dataset.clauseLink, e.href, e.textContent])")
    assert links, "the result cites no clause"
    for clause, href, text in links:
        path, _, anchor = href.partition("#")
        assert path.startswith(server + PREFIX[lang] + "plan/"), f"{href}: not a plan page in {lang}"
        assert anchor == plandoc.id_to_anchor(clause), href
        assert anchor in page_ids(path), f"{href}: no such anchor on the page"
        assert text == plandoc.citation(clause, lang), (clause, text)
    return len(links)


@pytest.fixture(scope="module")
def calculator_page(browser, server):
    """One page per (language, calculator), loaded once and reset between scenarios: Python
    starts once per page instead of once per scenario. Fails on any request to another host."""
    from conftest import RequestLog
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    log = RequestLog(server)
    context.on("request", lambda r: log.append(r.url))
    pages = {}

    def get(lang: str, name: str):
        pg = pages.get((lang, name))
        if pg is None:
            pg = context.new_page()
            pg.errors = []
            pg.on("pageerror", lambda e, errors=pg.errors: errors.append(str(e)))
            open_calculator(pg, server, lang, name)
            pages[(lang, name)] = pg
        else:
            pg.evaluate("""() => {
                document.querySelector('form[data-calculator]').reset();
                localStorage.clear();
            }""")
        return pg

    yield get
    context.close()
    assert not log.foreign(), f"requests to other hosts: {log.foreign()}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name,case,answers,status,field", SCENARIOS,
                         ids=[f"{s[0]}-{s[1]}" for s in SCENARIOS])
def test_calculator_gives_its_result_with_clauses(calculator_page, server, lang, name, case, answers, status, field):
    page = calculator_page(lang, name)
    fill(page, answers)
    assert submit(page) == status
    if status == "error":
        note = page.locator(f'[data-field-error="{field}"]')
        assert note.is_visible(), f"no message next to {field}"
        text = note.text_content()
        assert re.search(r"[\u4e00-\u9fff]", text) if lang == "zh" else not re.search(r"[\u4e00-\u9fff]{2}", text), text
        control = page.locator(f'[name="{field}"]').first
        assert control.get_attribute("aria-invalid") == "true"
        assert note.get_attribute("id") in (control.get_attribute("aria-describedby") or "").split()
        # fixing the answer clears the message
        fix = {"completion_year": "1990", "signed_area": "60", "signed_owners": "2", "costs.environment": "1000000"}
        fill(page, {field: fix[field]})
        assert submit(page) != "error"
        assert page.locator("[data-field-error]").count() == 0
    else:
        n = check_clause_links(page, server, lang)
        if name == "eligibility":
            steps = page.locator("[data-result] [data-next-step]")
            assert n == 12 + steps.count()  # district, year, 3.2 ×3, 3.3 ×2, 3.4, 3.5, 3.p2 ×3; next steps
            assert page.locator("[data-result] [data-outcome]").count() == 12
            # what comes next: apply (the application form), consent (the calculator), decide
            assert steps.count() == {"passing": 3, "undetermined": 4}.get(case, 0), case
            for sid, path in (("apply", "forms/application/"), ("consent", "calculators/consent/")) if steps.count() else ():
                href = page.get_attribute(f'[data-next-step="{sid}"] a.calc-next-tool', "href")
                assert href == server + PREFIX[lang] + path, href
                assert (ROOT / "site" / (PREFIX[lang] + path) / "index.html").exists()
        if case == "worked example":
            figures = dict(page.eval_on_selector_all(
                "[data-figure]", "els => els.map(e => [e.dataset.figure, e.textContent])"))
            assert figures["district_net"] == "1,030,000.00"
            assert figures["city_reward"] == "780,000.00"
            assert figures["pipeline_units"] == "240,000.00"
            assert figures["total_cost"] == "2,350,000.00"
        if case == "no city reward":
            assert page.text_content('[data-figure="city_reward"]') == "0.00"
        assert page.locator("[data-result] [data-print]").is_visible()
    assert not page.errors, page.errors


def test_the_form_shows_at_once_and_is_enabled_when_python_is_ready(page, server):
    page.goto(server + "calculators/consent/", wait_until="commit")
    page.wait_for_selector("form[data-calculator=consent]")
    # the fields can be filled in before Python has loaded
    page.fill('[name="total_area"]', "90")
    page.wait_for_selector("form[data-ready=true]", state="attached", timeout=60000)
    assert page.locator("form [type=submit]").is_enabled()
    assert page.input_value('[name="total_area"]') == "90"
    assert "就绪" in page.text_content("[data-calc-status]")


ROSTER = ("房号,业主,面积,是否签字\r\n"
          "1-101,保密业主甲,86.50,是\r\n1-102,保密业主乙,92.00,否\r\n"
          "1-201,保密业主甲,64.20,是\r\n1-202,保密业主丙,92.00,是\r\n").encode("utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_roster_is_read_in_the_browser_and_never_sent(page, server, lang):
    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))
    open_calculator(page, server, lang, "consent")
    page.set_input_files('input[name="units"]', files=[
        {"name": "名册.csv", "mimeType": "text/csv", "buffer": ROSTER}])
    page.wait_for_selector("form[data-roster=loaded]", state="attached")
    assert submit(page) == "passed"
    text = page.text_content("[data-result]")
    assert "保密业主乙" in text  # listed as not signed
    assert page.input_value('[name="total_owners"]') == "3"
    assert page.input_value('[name="signed_area"]') == "242.70"
    check_clause_links(page, server, lang)
    # nothing left the page: no request carries the roster, or any part of it
    assert all(method == "GET" for method, _, _ in sent), [s[:2] for s in sent if s[0] != "GET"]
    for _, url, body in sent:
        for needle in ("保密业主", "1-101", "86.50"):
            assert needle not in urllib.parse.unquote(url), url
            assert needle.encode("utf-8") not in body, url
    # only the totals are kept, never the roster
    stored = page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")
    assert "保密业主" not in stored
    assert json.loads(stored)["consent"] == {"total_area": "334.70", "signed_area": "242.70",
                                             "total_owners": "3", "signed_owners": "2"}
    assert not page.errors, page.errors


def test_a_bad_roster_names_its_row_next_to_the_file(page, server):
    open_calculator(page, server, "en", "consent")
    bad = "unit,owner,area,signed\n1,A,100,是\n2,A,50,否\n".encode("utf-8")
    page.set_input_files('input[name="units"]', files=[{"name": "r.csv", "mimeType": "text/csv", "buffer": bad}])
    page.wait_for_selector("form[data-roster=loaded]", state="attached")
    assert submit(page) == "error"
    note = page.locator('[data-field-error="units"]')
    assert note.is_visible() and "Row 3" in note.text_content()


def test_answers_survive_a_reload_and_are_stored_for_the_application_form(page, server):
    open_calculator(page, server, "zh", "eligibility")
    fill(page, {"district": "nanhu", "completion_year": "1996", "strong_willingness": "true",
                "urban_village": "false"})
    page.reload()
    page.wait_for_selector("form[data-ready=true]", state="attached", timeout=60000)
    assert page.input_value('[name="district"]') == "nanhu"
    assert page.input_value('[name="completion_year"]') == "1996"
    assert page.is_checked('input[name="strong_willingness"][value="true"]')
    assert page.is_checked('input[name="urban_village"][value="false"]')
    assert page.is_checked('input[name="has_owners_committee"][value=""]')
    stored = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
    answers = stored["eligibility"]
    assert answers["district"] == "nanhu" and answers["completion_year"] == "1996"
    assert answers["strong_willingness"] is True and answers["urban_village"] is False
    assert answers["has_owners_committee"] is None
    # the other calculators' answers are kept beside these, in the same object
    open_calculator(page, server, "en", "funding")
    fill(page, {"costs.environment": "5000"})
    stored = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
    assert set(stored) >= {"eligibility", "funding"}
    assert stored["funding"]["costs"] == {"environment": "5000"}


def test_the_application_form_prefills_from_the_calculators_answers(page, server):
    """The printable application form (docs/forms/application) reads yy-renovation:answers."""
    open_calculator(page, server, "zh", "eligibility")
    fill(page, {"district": "nanhu", "completion_year": "1996", "has_owners_committee": "true"})
    open_calculator(page, server, "zh", "consent")
    fill(page, {"total_area": "1200.00", "signed_area": "800.00", "total_owners": "30", "signed_owners": "20"})
    assert submit(page) == "passed"
    page.goto(server + "forms/application/")
    page.wait_for_function("() => document.querySelector('[name=completion_year]').value === '1996'", timeout=10000)
    assert page.input_value("[name=signed_owners]") == "20"
    assert page.input_value("[name=total_area]") == "1200.00"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_sheet_has_answers_result_steps_date_and_version(page, server, lang):
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    open_calculator(page, server, lang, "eligibility")
    fill(page, {**ELIGIBLE, "completion_year": "2001"})
    submit(page)
    page.click("[data-result] [data-print]")
    assert page.evaluate("window.__printed") == 1
    sheet = page.locator(".calc-sheet")
    text = sheet.text_content()
    assert "2001" in text  # the answers
    assert ("不符合" if lang == "zh" else "Does not meet") in text  # the result
    for clause in ("3.1", "3.2", "3.3", "3.4", "3.5", "3.p2"):
        assert plandoc.citation(clause, lang) in text, clause  # every step's clause, on paper
    assert ("版本 1" if lang == "zh" else "version 1") in text
    assert re.search(r"20\d\d年\d{1,2}月\d{1,2}日" if lang == "zh" else r"\d{1,2} \w+ 20\d\d", text)
    # on paper only the sheet shows, on A4
    page.emulate_media(media="print")
    assert sheet.is_visible()
    assert not page.locator("form[data-calculator]").is_visible()
    assert not page.locator(".md-header").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


def test_on_a_phone_nothing_overflows_and_answers_are_easy_to_tap(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    try:
        pg = context.new_page()
        for lang in ("zh", "en"):
            for name in ("eligibility", "consent", "funding"):
                open_calculator(pg, server, lang, name)
                width = pg.evaluate("document.documentElement.scrollWidth")
                assert width <= 360, f"{lang} {name}: the page is {width}px wide"
                sizes = pg.eval_on_selector_all(
                    "form[data-calculator] input[type=text], form[data-calculator] select",
                    "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
                assert min(sizes) >= 16, "inputs under 16px make phones zoom in"
                heights = pg.eval_on_selector_all(
                    ".calc-options label, form[data-calculator] [type=submit]",
                    "els => els.map(e => e.getBoundingClientRect().height)")
                assert not heights or min(heights) >= 40, f"tap targets too small: {min(heights)}"
            fill(pg, WORKED_EXAMPLE)
            submit(pg)
            assert pg.evaluate("document.documentElement.scrollWidth") <= 360
            screenshot(pg, f"calculator-funding-phone-{lang}")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ["eligibility", "consent", "funding"])
def test_accessibility_of_calculator_pages_with_a_result(calculator_page, lang, name):
    page = calculator_page(lang, name)
    fill(page, {"eligibility": {**ELIGIBLE, "completion_year": "x"}, "consent": SCENARIOS[6][2],
                "funding": WORKED_EXAMPLE}[name])
    submit(page)  # the result (or the error next to its field) must be accessible too
    # the page scrolls smoothly to the result: measure colours once it is still, not while the
    # sticky header passes over the text
    # (polled by evaluate: wait_for_function would take the promise for true at once)
    wait_until(page, """() => new Promise((done) => {
        let y = window.scrollY, still = 0;
        (function frame() {
            if (window.scrollY === y) { if (++still > 10) return done(true); } else { y = window.scrollY; still = 0; }
            requestAnimationFrame(frame);
        })();
    })""")
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("path", ["calculators/", "en/calculators/", "about/performance/", "en/about/performance/"])
def test_accessibility_of_the_other_pages(page, server, path):
    page.goto(server + path)
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_citations_in_the_page_match_the_sites_own(page, server, lang):
    """The page's JavaScript names and links clauses as plansite/plandoc.py does."""
    open_calculator(page, server, lang, "eligibility")
    ids = sorted(plandoc.clause_index(lang))
    got = page.evaluate("ids => ids.map(id => [window.yyClause.citation(id, %r), window.yyClause.href(id)])"
                        % lang, ids)
    for cid, (cite, href) in zip(ids, got):
        assert cite == plandoc.citation(cid, lang), cid
        page_path, _, anchor = href.partition("#")
        assert anchor in page_ids(page_path), href


def test_quotes_on_the_calculator_pages_are_the_plans_words(site):
    """Every <q data-quote="ID"> on a calculator page is found, word for word, in that clause."""
    count = 0
    for lang in ("zh", "en"):
        clauses = plandoc.clause_index(lang)
        for name in ("eligibility", "consent", "funding"):
            html = (site / PREFIX[lang] / "calculators" / name / "index.html").read_text(encoding="utf-8")
            for cid, quote in re.findall(r'<q data-quote="([^"]+)">(.*?)</q>', html, re.S):
                text = re.sub(r"\s+", " ", clauses[cid][1].text)
                quote = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", quote)).replace("&quot;", '"').replace("&#39;", "'")
                assert quote in text, f"{lang} {name}: {quote!r} is not in clause {cid}"
                count += 1
    assert count >= 50


def test_each_calculator_page_states_the_interpretations_it_applies(site):
    import yaml
    items = yaml.safe_load((ROOT / "policy" / "interpretations.yaml").read_text(encoding="utf-8"))
    for lang in ("zh", "en"):
        for name in ("eligibility", "consent", "funding"):
            html = (site / PREFIX[lang] / "calculators" / name / "index.html").read_text(encoding="utf-8")
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&quot;", '"').replace("&#39;", "'")
            for it in items:
                if it["applies_to"] == name:
                    assert it[lang] in text, f"{lang} {name}: interpretation {it['id']} is not stated"


def page_data(html: str) -> dict:
    """The page's page-data block (plansite/hook.py page_data)."""
    m = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert m, "the page has no page-data block"
    return json.loads(m.group(1))


def test_pages_carry_the_plans_version(site):
    for lang in ("zh", "en"):
        meta = plandoc.parse_page(plandoc.page_path("plan/preamble", lang)).meta
        for name in ("eligibility", "consent", "funding"):
            html = (site / PREFIX[lang] / "calculators" / name / "index.html").read_text(encoding="utf-8")
            plan = page_data(html)["plan"]
            assert plan["line"] == f"{meta['document_status']} · {'版本' if lang == 'zh' else 'version'} {meta['version']} · {meta['date']}"
            assert plan["title"] == plandoc.TITLE[lang]
