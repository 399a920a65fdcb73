"""The calculator pages and the application form as people use them (issue 14), in a real
browser on the built site: the result lands in view below the fixed header (desktop and phone);
"forget my answers" deletes every stored answer; crafted stored data does not stop a page; the
result copies as a table and downloads as CSV; the funding shares have a total row; the
undetermined eligibility result says which answer meets each condition; the form pre-fills what
the calculators accepted and prints long answers whole; tap areas; axe in dark mode.
"""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import RequestLog, axe_violations, screenshot, wait_until
from test_browser_calculators import ELIGIBLE, WORKED_EXAMPLE, fill, open_calculator, submit
from test_print import pdf_lines, print_pdf, squash

ROOT = Path(__file__).resolve().parent.parent
PARAMS = json.loads((ROOT / "calculators" / "params.json").read_text(encoding="utf-8"))
ANSWERS_KEY = "yy-renovation:answers"
FORM_KEY = "yy-renovation:application-form"
COMMENTS_KEY = "yy-renovation:comments"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
UNDETERMINED = {"district": "junshan", "completion_year": "1995"}
CONSENT = {"total_area": "1000.00", "signed_area": "700", "total_owners": "100", "signed_owners": "66"}
CASES = {"eligibility": UNDETERMINED, "consent": CONSENT, "funding": WORKED_EXAMPLE}
FORM = "forms/application/"


def conditions():
    def find(o):
        if isinstance(o, dict):
            if "conditions" in o:
                return o["conditions"]
            for v in o.values():
                r = find(v)
                if r:
                    return r
        return None
    return find(PARAMS)


@pytest.fixture
def make_page(browser, server):
    """Pages in a context of one's choosing (phone, dark, ...); fails on any foreign request."""
    contexts = []

    def make(**options):
        ctx = browser.new_context(locale="zh-CN", accept_downloads=True, **{**DESKTOP, **options})
        log = RequestLog(server)
        ctx.on("request", lambda r: log.append(r.url))
        pg = ctx.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        contexts.append((ctx, log))
        return pg

    yield make
    for ctx, log in contexts:
        ctx.close()
        assert not log.foreign(), f"requests to other hosts: {log.foreign()}"


def wait_still(pg):
    """Wait until the page has stopped scrolling."""
    wait_until(pg, """() => new Promise(r => { const y = scrollY;
        setTimeout(() => r(Math.abs(scrollY - y) < 1), 250); })""", timeout_ms=10000, every_ms=0)


def stored_keys(pg) -> list[str]:
    return pg.evaluate("""() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]
        .filter(k => k.startsWith('yy-renovation:'))""")


# -- 1. the result lands in view ------------------------------------------------------------
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", ["eligibility", "consent", "funding"])
def test_the_result_heading_lands_in_view_below_the_header(make_page, server, name, device):
    pg = make_page(**(PHONE if device == "phone" else DESKTOP))
    open_calculator(pg, server, "zh", name)
    fill(pg, CASES[name])
    # from the bottom of the page, so that the page scrolls up and the back-to-top button shows
    pg.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    pg.evaluate("document.querySelector('form[data-calculator]').requestSubmit()")
    pg.wait_for_selector("[data-result][data-status]", state="attached", timeout=30000)
    wait_still(pg)
    box = pg.evaluate("""() => {
        const r = e => e.getBoundingClientRect();
        const h = r(document.querySelector('#calc-result-heading'));
        const top = document.querySelector('.md-top');
        const shown = top && !top.hidden && getComputedStyle(top).opacity !== '0'
            && !top.classList.contains('md-top--hidden');
        return {top: h.top, bottom: h.bottom, left: h.left, right: h.right, height: innerHeight, width: innerWidth,
                header: r(document.querySelector('.md-header')).bottom, button: shown ? r(top).bottom : 0};
    }""")
    assert box["top"] >= box["header"], box
    assert box["top"] >= box["button"], f"the back-to-top button covers the heading: {box}"
    assert box["bottom"] <= box["height"] and box["left"] >= 0 and box["right"] <= box["width"], box
    assert pg.evaluate("document.activeElement.id") == "calc-result-heading"
    screenshot(pg, f"pages-{name}-result-{device}")
    assert not pg.errors


# -- 2. forget ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["calculators/eligibility/", "calculators/consent/", "calculators/funding/",
                                  "en/calculators/funding/", FORM, "en/" + FORM])
def test_forget_deletes_every_stored_answer_but_the_comments(page, server, path):
    page.goto(server + "calculators/eligibility/")
    page.wait_for_selector("form[data-calculator]")
    fill(page, ELIGIBLE)
    page.goto(server + "calculators/consent/")
    page.wait_for_selector("form[data-calculator]")
    fill(page, CONSENT)
    page.goto(server + FORM)
    page.wait_for_selector("#application-form[data-ready='true']")
    page.fill("#f-community_name", "南湖测试小区")
    page.evaluate("""k => { sessionStorage.setItem('yy-renovation:draft', '1');
        localStorage.setItem(k, JSON.stringify({version: 1, comments: {}})); }""", COMMENTS_KEY)
    assert {ANSWERS_KEY, FORM_KEY} <= set(stored_keys(page))
    page.goto(server + path)
    control = page.locator("[data-forget]")
    assert control.count() == 1
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        control.click()
    page.wait_for_selector("[data-forget-status]")
    assert page.text_content("[data-forget-status]").strip()
    page.reload()
    page.wait_for_selector("[data-forget]")
    assert stored_keys(page) == [COMMENTS_KEY]
    for other in ["calculators/eligibility/", "calculators/consent/", FORM]:
        page.goto(server + other)
        page.wait_for_selector("[data-forget]")
        filled = page.evaluate("""() => [...document.querySelectorAll('form input, form select, form textarea')]
            .filter(e => (e.type === 'radio' || e.type === 'checkbox') ? e.checked && e.value !== '' :
                         e.type !== 'file' && e.type !== 'button' && e.type !== 'submit' && e.value !== '')
            .map(e => e.name)""")
        assert filled == [], f"{other}: fields came back: {filled}"
    assert stored_keys(page) == [COMMENTS_KEY]
    assert not page.errors


def test_clearing_the_form_keeps_it_empty_after_a_reload(page, server):
    page.goto(server + "calculators/eligibility/")
    page.wait_for_selector("form[data-calculator]")
    fill(page, ELIGIBLE)
    page.goto(server + FORM)
    page.wait_for_selector("#application-form[data-ready='true']")
    assert page.input_value("#f-completion_year") == "2000"
    page.once("dialog", lambda d: d.accept())
    page.click("button[data-action='clear']")
    said = page.text_content("[data-status]")
    assert "计算器中的回答仍保存在本机" in said
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']")
    assert page.input_value("#f-completion_year") == ""
    assert page.input_value("#f-district") == ""
    assert not page.is_checked("input[name='infrastructure_deficient'][value='true']")
    # the button still fills it in on request
    page.click("button[data-action='prefill']")
    assert page.input_value("#f-completion_year") == "2000"


# -- 3. stored data is validated ----------------------------------------------------------------
CRAFTED = [
    (ANSWERS_KEY, '{"consent": {"total_owners": {"toString": 1}}}'),
    (ANSWERS_KEY, '{"consent": {"units": [{"owner": "a", "area": {"toString": 1}, "signed": true}]}}'),
    (ANSWERS_KEY, '{"consent": {"units": [null, 5, "x"]}}'),
    (ANSWERS_KEY, '{"eligibility": {"district": "constructor", "completion_year": [1998]}}'),
    (ANSWERS_KEY, '{"eligibility": {"district": "__proto__", "has_owners_committee": {"a": 1}}}'),
    (ANSWERS_KEY, '{"eligibility": "x", "consent": [1], "funding": 7}'),
    (ANSWERS_KEY, '{"funding": {"costs": {"environment": {"a": 1}}, "contributions": [null]}}'),
    (ANSWERS_KEY, "[1, 2, 3]"),
    (ANSWERS_KEY, "not json {"),
    (FORM_KEY, '{"fields": {"items": 5, "district": {"x": 1}, "community_name": ["a"]}}'),
    (FORM_KEY, '{"fields": {"total_owners": {"toString": 1}, "signed_owners": [2]}, "noPrefill": "yes"}'),
    (FORM_KEY, '{"fields": null}'),
    (FORM_KEY, '"a string"'),
]


@pytest.mark.parametrize("key,value", CRAFTED, ids=[f"{i}" for i in range(len(CRAFTED))])
def test_a_crafted_stored_value_does_not_stop_the_form(page, server, key, value):
    page.goto(server + FORM)
    page.wait_for_selector("#application-form[data-ready='true']")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']", timeout=10000)
    assert not page.errors, page.errors
    # and it still works: typing is saved
    page.fill("#f-community_name", "南湖测试小区")
    assert json.loads(page.evaluate(f"localStorage.getItem('{FORM_KEY}')"))["fields"]["community_name"] == "南湖测试小区"
    assert page.input_value("#f-district") in ("", "other", "yueyanglou", "jingkai", "nanhu", "yunxi", "junshan")


@pytest.mark.parametrize("name", ["eligibility", "consent", "funding"])
def test_a_crafted_stored_value_does_not_stop_a_calculator(page, server, name):
    page.goto(server + f"calculators/{name}/")
    page.wait_for_selector("form[data-calculator]")
    crafted = {name: {"district": {"a": 1}, "total_area": [1], "costs": {"environment": {"x": 1}},
                      "infrastructure_deficient": "maybe", "contributions": None}, "updated": 5}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [ANSWERS_KEY, json.dumps(crafted)])
    page.reload()
    page.wait_for_selector(f"form[data-calculator={name}][data-ready=true]", state="attached", timeout=60000)
    assert not page.errors, page.errors
    fill(page, CASES[name])
    assert submit(page) in ("undetermined", "not_passed", "ok")


# -- 4. copy as a table, CSV, the total row ----------------------------------------------------
def test_funding_result_copies_as_a_table_and_downloads_as_csv_with_a_total_row(make_page, server):
    pg = make_page()
    pg.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    open_calculator(pg, server, "zh", "funding")
    fill(pg, WORKED_EXAMPLE)
    assert submit(pg) == "ok"
    shares = pg.eval_on_selector_all("table.calc-shares tbody tr td:nth-child(2)", "els => els.map(e => e.textContent)")
    total = pg.text_content("table.calc-shares tfoot [data-total=amount]")
    assert Decimal(total.replace(",", "")) == sum(Decimal(s.replace(",", "")) for s in shares)
    assert Decimal(total.replace(",", "")) == Decimal(pg.text_content("[data-figure=total_cost]").replace(",", ""))
    assert pg.text_content("table.calc-shares tfoot [data-total=percent]") == "100.00%"
    assert pg.text_content("table.calc-shares tfoot th") == "合计"

    pg.click("[data-copy-table]")
    pg.wait_for_function("() => document.querySelector('.result-tools-note').textContent.length > 0")
    text = pg.evaluate("navigator.clipboard.readText()")
    rows = [r.split("\t") for r in text.rstrip("\r\n").split("\r\n")]
    assert ["改造总费用", "2,350,000.00"] in rows
    assert ["合计", "2,350,000.00", "100.00%", ""] in rows
    header = next(r for r in rows if r[:2] == ["出资方", "金额（元）"])
    assert header[2:4] == ["占比", "依据"]
    pipeline = next(r for r in rows if r[0] == "管线单位")
    assert pipeline[1:3] == ["240,000.00", "10.21%"] and pipeline[3].startswith("第六条")
    assert pipeline[4].startswith(server) and "#clause-6" in pipeline[4]

    with pg.expect_download() as info:
        pg.click("[data-download-csv]")
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM"
    assert info.value.suggested_filename.endswith(".csv")
    csv_rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r for r in csv_rows if r] == [r for r in rows if r != [""]]
    screenshot(pg, "pages-funding-total-row")


@pytest.mark.parametrize("name", ["eligibility", "consent"])
def test_other_results_download_as_csv(make_page, server, name):
    pg = make_page()
    open_calculator(pg, server, "en", name)
    fill(pg, CASES[name])
    submit(pg)
    with pg.expect_download() as info:
        pg.click("[data-download-csv]")
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][0].startswith("Result:")
    steps = pg.eval_on_selector_all("ol.calc-steps .calc-step-text", "els => els.map(e => e.textContent)")
    texts = [c for r in rows for c in r]
    assert steps and all(s in texts for s in steps)


def test_shares_columns_stay_apart_on_a_phone(make_page, server):
    pg = make_page(**PHONE)
    open_calculator(pg, server, "zh", "funding")
    fill(pg, WORKED_EXAMPLE)
    submit(pg)
    gaps = pg.evaluate("""() => [...document.querySelectorAll('table.calc-shares tr')].map(tr => {
        const c = [...tr.cells].map(x => x.getBoundingClientRect());
        return c.slice(1).map((x, i) => x.left - c[i].right); })""")
    assert all(g >= 0 for row in gaps for g in row)
    padding = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('table.calc-shares td')).paddingLeft)")
    assert padding >= 8
    # the page itself does not scroll sideways; the table may
    assert pg.evaluate("document.documentElement.scrollWidth <= innerWidth")


# -- 5. what to find out ----------------------------------------------------------------------
@pytest.mark.parametrize("lang,yes,no", [("zh", "是", "否"), ("en", "Yes", "No")])
def test_undetermined_result_says_which_answer_meets_each_condition(page, server, lang, yes, no):
    open_calculator(page, server, lang, "eligibility")
    fill(page, UNDETERMINED)
    assert submit(page) == "undetermined"
    items = page.eval_on_selector_all("[data-find-out]", "els => els.map(e => [e.dataset.findOut, e.textContent])")
    want = {c["field"]: (c["kind"] == "condition" and c["required"]) for c in conditions()}
    assert [f for f, _ in items] == [f for f in want]
    for field, text in items:
        legend = page.text_content(f"fieldset:has(input[name='{field}']) legend").strip()
        assert text.startswith(legend)
        answer = yes if want[field] else no
        assert f"“{answer}”" in text, (field, text)


def test_each_conditions_meeting_answer_on_the_page_is_the_parameters(site):
    want = {c["field"]: "true" if c["kind"] == "condition" and c["required"] else "false" for c in conditions()}
    for page in ["calculators/eligibility/index.html", "en/calculators/eligibility/index.html"]:
        html = (site / page).read_text(encoding="utf-8")
        got = {}
        for fs in re.findall(r"<fieldset[^>]*data-meets=\"(\w+)\"[^>]*>(.*?)</fieldset>", html, re.S):
            name = re.search(r'name="(\w+)"', fs[1]).group(1)
            got[name] = fs[0]
        assert got == want, page


# -- 6. the form: pre-filling what the calculators accepted, printing long answers whole ---------
def test_the_form_prefills_the_values_the_calculators_accepted(page, server):
    page.goto(server + FORM)
    page.wait_for_selector("#application-form[data-ready='true']")
    answers = {"eligibility": {"district": "君山区", "completion_year": "1998年"},
               "consent": {"total_area": "1,000,000.00", "signed_area": "７００,０００.５", "total_owners": "１２３",
                           "signed_owners": "100"}}
    page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }", [ANSWERS_KEY, json.dumps(answers)])
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']")
    assert page.input_value("#f-completion_year") == "1998"
    assert page.input_value("#f-total_area") == "1000000.00"
    assert page.input_value("#f-signed_area") == "700000.5"
    assert page.input_value("#f-total_owners") == "123"
    assert page.input_value("#f-signed_owners") == "100"
    assert page.input_value("#f-district") == "junshan"
    assert "6 项" in page.text_content("[data-status]")
    # a value no field can take is neither filled in nor counted
    answers["eligibility"]["completion_year"] = "一九九八"
    page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }", [ANSWERS_KEY, json.dumps(answers)])
    page.reload()
    page.wait_for_selector("#application-form[data-ready='true']")
    assert page.input_value("#f-completion_year") == ""
    assert "5 项" in page.text_content("[data-status]")


def test_the_printed_form_shows_long_single_line_answers_whole(page, server):
    page.goto(server + FORM)
    page.wait_for_selector("#application-form[data-ready='true']")
    name = "岳阳市岳阳楼区五里牌街道南湖社区金鹗东路岳阳楼区第二人民医院职工宿舍小区业主委员会（第一届）"
    manage = "原产权单位代管至2015年，此后由业主自治管理小组自行管理，部分楼栋委托保洁公司提供清扫服务，无专业物业服务企业"
    page.fill("#f-organisation_name", name)
    page.fill("#f-property_management_now", manage)
    r = print_pdf(page, "pages-form-long-answers")
    text = squash("".join("".join(p) for p in pdf_lines(r)))
    assert squash(name) in text
    assert squash(manage) in text


# -- 7. phones and older readers ----------------------------------------------------------------
def test_tap_areas_on_a_phone_are_at_least_44_px(make_page, server):
    pg = make_page(**PHONE)
    pg.goto(server + "plan/section-7/")
    pg.wait_for_selector(".clause-copy")
    pg.wait_for_selector(".clause-comment")
    sizes = pg.evaluate("""() => [...document.querySelectorAll('.clause-copy, .clause-comment')].slice(0, 40)
        .map(b => { const r = b.getBoundingClientRect(); return [b.className, r.width, r.height]; })""")
    assert sizes
    small = [s for s in sizes if s[1] < 44 or s[2] < 44]
    assert not small, small[:5]
    pg.click(".clause-comment >> nth=0")
    pg.wait_for_selector(".comment-form .md-button")
    small = pg.evaluate("""() => [...document.querySelectorAll('.comment-form .md-button')]
        .map(b => { const r = b.getBoundingClientRect(); return [b.textContent, r.width, r.height]; })
        .filter(s => s[1] < 44 || s[2] < 44)""")
    assert not small, small
    screenshot(pg, "pages-plan-phone-taps")


def test_help_text_is_readable_and_radios_show_focus_apart_from_selection(page, server):
    open_calculator(page, server, "zh", "eligibility")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.calc-help')).fontSize)")
    assert size >= 15
    page.check("input[name='infrastructure_deficient'][value='true']")
    page.focus("input[name='property_management_inadequate'][value='true']")
    page.keyboard.press("ArrowRight")  # keyboard focus: focus-visible
    focused = page.evaluate("""() => { const l = document.activeElement.closest('label'); const s = getComputedStyle(l);
        return [s.outlineStyle, s.outlineWidth, document.activeElement.checked]; }""")
    selected = page.evaluate("""() => getComputedStyle(document.querySelector(
        "input[name='infrastructure_deficient'][value='true']").closest('label')).outlineStyle""")
    assert focused[0] == "solid" and float(focused[1].rstrip("px")) >= 2
    assert selected == "none"


DARK_PAGES = ["calculators/", "calculators/consent/", "plan/section-6/", "plan/section-7/", FORM,
              "en/calculators/funding/", "en/" + FORM, "forms/cost-sharing/"]


@pytest.mark.parametrize("scheme", ["dark", "light"])
@pytest.mark.parametrize("path", DARK_PAGES)
def test_no_serious_accessibility_violations_in_dark_and_light(make_page, server, path, scheme):
    pg = make_page(color_scheme=scheme)
    pg.goto(server + path)
    pg.wait_for_load_state("load")
    assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    pg.wait_for_timeout(400)  # let the theme's colour transitions finish
    violations = axe_violations(pg)
    assert not violations, violations


@pytest.mark.parametrize("name", ["eligibility", "consent", "funding"])
def test_calculator_results_in_dark_mode_have_no_serious_accessibility_violations(make_page, server, name):
    pg = make_page(color_scheme="dark")
    open_calculator(pg, server, "zh", name)
    fill(pg, CASES[name])
    submit(pg)
    wait_still(pg)
    pg.wait_for_timeout(300)
    violations = axe_violations(pg)
    screenshot(pg, f"pages-{name}-dark")
    assert not violations, violations
