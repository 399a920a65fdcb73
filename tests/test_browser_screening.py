"""The screening page in a real browser (Debian's chromium, the built site, a local server):
a workbook made here by openpyxl is chosen with set_input_files and read in the page by the
calculators' own batch code (Pyodide, the workbook library served by the site); the summary's
counts and every row's result equal the Python API's; the downloads open with openpyxl; no
request carries the file (no POST, nothing foreign: the `page` fixture fails on another host)."""
from __future__ import annotations

import csv
import io
import random

import openpyxl
import pytest

import calculators
from calculators import screening, workbook
from conftest import ARTIFACTS, RequestLog, screenshot

PARAMS = calculators.load_params()
LABELS = PARAMS["labels"]
PREFIX = {"zh": "", "en": "en/"}
FIELDS = ["infrastructure_deficient", "property_management_inadequate", "strong_willingness",
          "renovated_last_5_years", "in_demolition_plan_5_years", "illegal_structures_cleared",
          "has_owners_committee", "in_shantytown_plan", "mainly_self_built", "urban_village"]
DISTRICTS = ["岳阳楼区", "岳阳经开区", "南湖新区", "云溪区", "君山区", "平江县", ""]
READY = 180_000


def survey_workbook(n: int, seed: int = 12) -> bytes:
    """A survey of n communities over the districts, with bad rows, blank rows and a merged cell."""
    rnd = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "摸底"
    ws.append(["小区名称", LABELS["eligibility.district"]["zh"], LABELS["eligibility.completion_year"]["zh"]]
              + [LABELS["eligibility." + f]["zh"] for f in FIELDS] + ["户数"])
    for i in range(n):
        if i % 50 == 7:
            ws.append([None] * 14)      # a blank row
            continue
        year = rnd.choice([1985, 1995, 2000, 2003, None, "1998", "一九九八"]) if i % 37 else "not a year"
        answers = [rnd.choice(["是", "否", "不清楚", None]) for _ in FIELDS]
        if i % 3 == 0:   # meets every condition, no exclusion
            answers = ["是"] * 3 + ["否", "否", "是", "是", "否", "否", "否"]
        ws.append([f"小区{i + 1}", rnd.choice(DISTRICTS), year] + answers + [rnd.randint(20, 400)])
    ws.merge_cells("B2:B3")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def funding_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "小区所在区", "小区环境及配套设施", "建筑物本体", "加装电梯", "管线迁改", "居民出资",
               "符合市财政奖补范畴"])
    ws.append(["甲", "岳阳楼区", 1000000, 500000, 400000, 300000, 100000, "是"])
    ws.append(["乙", "岳阳楼区", 200000, 0, 0, 0, 0, "否"])
    ws.append(["丙", "云溪区", 300000, 100000, 0, 50000, 20000, "是"])
    ws.append(["丁", "君山区", "一百万", 0, 0, 0, 0, "是"])     # a bad row
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def open_page(page, server, lang="zh"):
    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))
    page.goto(server + PREFIX[lang] + "calculators/screening/")
    page.wait_for_selector('form[data-batch="eligibility"][data-ready="true"]', timeout=READY)
    return sent


def choose(page, name, filename, data, mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
    page.set_input_files(f'form[data-batch="{name}"] input[type="file"]',
                         files=[{"name": filename, "mimeType": mime, "buffer": data}])


def summary_attrs(page, name="eligibility"):
    el = page.wait_for_selector(f'[data-batch-output="{name}"] [data-batch-summary]', timeout=120_000)
    return {k: int(el.get_attribute("data-" + k)) for k in
            (["rows", "eligible", "ineligible", "undetermined", "errors"] if name == "eligibility" else ["rows", "ok", "errors"])}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_reads_a_workbook_as_the_python_api_does(page, server, lang, tmp_path):
    data = survey_workbook(400)
    want = screening.screen("eligibility", data, "survey.xlsx", PARAMS)
    sent = open_page(page, server, lang)
    before = len(sent)
    choose(page, "eligibility", "survey.xlsx", data)
    got = summary_attrs(page)
    t = want["summary"]["totals"]
    assert got == {"rows": t["rows"], "eligible": t["eligible"], "ineligible": t["ineligible"],
                   "undetermined": t["undetermined"], "errors": t["errors"]}
    assert t["errors"] > 0 and t["eligible"] > 0 and t["undetermined"] > 0
    # row by row: the page's table is the API's, which is calculators.eligibility's
    rows = page.eval_on_selector_all('[data-batch-output="eligibility"] .screening-table tbody tr',
                                     "trs => trs.map(tr => [Number(tr.dataset.row), tr.dataset.status, tr.dataset.district])")
    api = []
    workbook.run("eligibility", data, None, PARAMS, on_row=lambda rownum, v, cells, results, err: api.append((rownum, results[0])))
    assert [(r, s) for r, s, _d in rows] == api
    assert [(r["row"], r["district"]) for r in want["rows"]] == [(r, d) for r, _s, d in rows]
    # the summary by district and the chart
    districts = page.eval_on_selector_all('[data-batch-output="eligibility"] .screening-districts tbody tr',
                                          "trs => trs.map(tr => tr.dataset.district)")
    assert districts == [d["code"] for d in want["summary"]["districts"]]
    assert page.locator('[data-batch-output="eligibility"] svg.screening-chart-svg rect.chart-eligible').count() >= 5
    assert page.locator('[data-batch-output="eligibility"] .screening-missing li').count() > 0
    # bad rows with their row numbers, notes: the merged cell, the blank rows
    bad = page.eval_on_selector_all("[data-batch-bad] li", "lis => lis.map(li => Number(li.dataset.row))")
    assert bad == [b["row"] for b in want["report"]["bad"]]
    notes = page.eval_on_selector_all("[data-note]", "lis => lis.map(li => li.dataset.note)")
    assert {"merged", "blank_rows", "carried"} <= set(notes)
    # filter by status and district
    page.select_option('[data-batch-output="eligibility"] select[data-filter="status"]', "undetermined")
    visible = page.eval_on_selector_all('[data-batch-output="eligibility"] .screening-table tbody tr:not([hidden])',
                                        "trs => trs.map(tr => tr.dataset.status)")
    assert visible and set(visible) == {"undetermined"} and len(visible) == t["undetermined"]
    page.select_option('[data-batch-output="eligibility"] select[data-filter="district"]', "junshan")
    visible = page.eval_on_selector_all('[data-batch-output="eligibility"] .screening-table tbody tr:not([hidden])',
                                        "trs => trs.map(tr => tr.dataset.district + tr.dataset.status)")
    assert visible and set(visible) == {"junshanundetermined"}
    # a row opens to its checks, each with a link to its clause on the plan page
    first = page.locator('[data-batch-output="eligibility"] .screening-table tbody tr:not([hidden]) details').first
    first.locator("summary").click()
    # (filled on the details' toggle event, which comes after the click)
    first.locator("li[data-check] a").first.wait_for(timeout=10000)
    links = first.locator("li[data-check] a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert len(links) == 12 and all("#clause-3" in h or "#clause-9" in h for h in links)
    # downloads: the workbook opens with openpyxl and holds the CLI's results; the CSV likewise
    with page.expect_download() as info:
        page.click('[data-batch-output="eligibility"] [data-batch-download="xlsx"]')
    path = tmp_path / "out.xlsx"
    info.value.save_as(path)
    out = openpyxl.load_workbook(path, read_only=True)
    table = [list(r) for r in out.worksheets[0].iter_rows(values_only=True)]
    status_col = table[0].index("结果")
    assert [r[status_col] for r in table[1:]] == [s for _r, s in api]
    assert table[0][:14] == ["小区名称", "小区所在区", "建成年份"] + [LABELS["eligibility." + f]["zh"] for f in FIELDS] + ["户数"] \
        or table[0][0] == "小区名称"
    with page.expect_download() as info:
        page.click('[data-batch-output="eligibility"] [data-batch-download="csv"]')
    info.value.save_as(tmp_path / "out.csv")
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[table[0].index("结果")] for r in table[1:]] == [s for _r, s in api]
    # the file never left the page: after it was chosen, no request at all carried anything
    after = sent[before:]
    assert not [m for m, _u, _b in sent if m != "GET"], after
    assert all(not body for _m, _u, body in sent)
    assert not page.errors


def test_funding_sums_by_district_as_the_python_api(page, server):
    data = funding_workbook()
    want = screening.screen("funding", data, "f.xlsx", PARAMS)
    open_page(page, server)
    page.wait_for_selector('form[data-batch="funding"][data-ready="true"]')
    choose(page, "funding", "f.xlsx", data)
    got = summary_attrs(page, "funding")
    assert got == {"rows": 4, "ok": 3, "errors": 1} and want["summary"]["totals"]["rows"] == 4
    cells = page.eval_on_selector_all('[data-batch-output="funding"] .screening-districts tbody tr',
                                      "trs => trs.map(tr => [tr.dataset.district, tr.cells[2].textContent])")
    assert [c[0] for c in cells] == [d["code"] for d in want["summary"]["districts"]]
    for (code, text), d in zip(cells, want["summary"]["districts"]):
        assert text.replace(",", "") == d["sums"]["total_cost"]
    assert page.locator('[data-batch-output="funding"] svg rect[data-series]').count() >= 3
    assert page.locator('[data-batch-output="funding"] [data-batch-bad] li[data-row="5"]').count() == 1


@pytest.mark.parametrize("filename,data,code", [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "not_xlsx"),
    ("broken.xlsx", b"PK\x03\x04 this is not a whole workbook", "corrupt_workbook"),
])
def test_a_file_that_is_not_a_workbook_gets_a_clear_message(page, server, filename, data, code):
    open_page(page, server, "en")
    choose(page, "eligibility", filename, data)
    el = page.wait_for_selector(f'[data-batch-output="eligibility"] [data-batch-error="{code}"]', timeout=60_000)
    assert ".xlsx" in el.text_content()


def test_a_csv_file_is_read_too(page, server):
    text = "小区名称,小区所在区,建成年份\r\n甲,岳阳楼区,1990\r\n乙,君山区,2005\r\n丙,云溪区,abc\r\n"
    open_page(page, server)
    choose(page, "eligibility", "s.csv", text.encode("utf-8"), "text/csv")
    assert summary_attrs(page) == {"rows": 3, "eligible": 0, "ineligible": 1, "undetermined": 1, "errors": 1}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_summary_and_its_chart(browser, server, lang, device, scheme):
    viewport = {"width": 390, "height": 844} if device == "phone" else {"width": 1280, "height": 1000}
    ctx = browser.new_context(viewport=viewport, color_scheme=scheme, locale="zh-CN")
    log = RequestLog(server)
    ctx.on("request", lambda r: log.append(r.url))
    pg = ctx.new_page()
    try:
        pg.goto(server + PREFIX[lang] + "calculators/screening/")
        if scheme == "dark":
            pg.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        pg.wait_for_selector('form[data-batch="eligibility"][data-ready="true"]', timeout=READY)
        choose(pg, "eligibility", "survey.xlsx", survey_workbook(300))
        el = pg.wait_for_selector("[data-batch-summary]", timeout=120_000)
        el.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        el.screenshot(path=str(ARTIFACTS / f"screening-{lang}-{device}-{scheme}.png"))
        # the summary fits the phone's width (tables scroll inside their box)
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1
    finally:
        ctx.close()
    assert not log.foreign()
