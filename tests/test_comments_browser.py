"""Comments on the draft in a real browser: written beside clauses of two Chinese pages and one
English page, kept on the device across a reload, listed on both comments pages in the plan's
clause order, edited, exported as Word, CSV and JSON and read back (the Word file with
python-docx), printed, copied, forgotten; no request carries what was typed, and markup typed
into a comment is shown as text. The `page` fixture also fails a test on any request to another
host."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

import docx
import pytest

from conftest import axe_violations, screenshot
from plansite import plandoc

STORAGE_KEY = "yy-renovation:comments"
MARKUP = '<b>粗体</b><img src="x" data-injected="1">'
# (page, clause, comment, reason), written in an order that is not the plan's
WRITTEN = [
    ("plan/section-6/", "6.3", "建议写明居民出资的比例上限。" + MARKUP, "便于居民测算"),
    ("plan/section-3/", "3.2", "“居民改造意愿强烈”宜有可核查的标准。", ""),
    ("en/plan/section-1/", "1", "The guiding ideology should name the residents first.", "Clarity"),
]
PLAN_ORDER = ["1", "3.2", "6.3"]
EDITED = "“居民改造意愿强烈”宜以户数比例表述，如三分之二以上住户同意。"
WHO = {"name": "张三", "organisation": "岳阳楼区某社区居委会", "contact": "0730-0000000"}


def zh_text(cid: str) -> str:
    return plandoc.clause_index("zh")[cid][1].text


def en_text(cid: str) -> str:
    return plandoc.clause_index("en")[cid][1].text


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def record_requests(pg) -> list[tuple[str, str]]:
    sent: list[tuple[str, str]] = []
    pg.on("request", lambda r: sent.append((r.url, r.post_data or "")))
    return sent


def assert_nothing_typed_was_sent(sent, texts):
    for url, body in sent:
        for t in texts:
            for form in {t, quote(t), quote(t, safe=""), t[:12], quote(t[:12])}:
                assert form not in url and form not in body, f"{t[:12]!r} left the page in {url}"


def write_comment(pg, cid: str, comment: str, reason: str, *, keyboard: bool = False):
    control = pg.locator(f'[data-comment-clause="{cid}"]')
    if keyboard:
        control.focus()
        pg.keyboard.press("Enter")
        form = pg.locator(f'[data-comment-form][data-clause="{cid}"]')
        form.wait_for()
        assert pg.evaluate("document.activeElement.name") == "comment"
        pg.keyboard.insert_text(comment)
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.name") == "reason"
        pg.keyboard.insert_text(reason)
        pg.keyboard.press("Tab")   # the link to the comments page
        pg.keyboard.press("Tab")   # save
        assert pg.evaluate("document.activeElement.type") == "submit"
        pg.keyboard.press("Enter")
    else:
        control.click()
        form = pg.locator(f'[data-comment-form][data-clause="{cid}"]')
        form.locator("textarea[name=comment]").fill(comment)
        form.locator("textarea[name=reason]").fill(reason)
        form.locator("button[type=submit]").click()
    form.wait_for(state="detached")


def clause_el(pg, cid: str):
    return pg.locator(f'[data-clause="{cid}"][data-cite]')


def stored(pg) -> dict:
    return json.loads(pg.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") or "null")


def download(pg, selector: str, path):
    with pg.expect_download() as d:
        pg.click(selector)
    d.value.save_as(path)
    return path


def docx_rows(path) -> tuple[list[list[str]], list[list[str]]]:
    """(commenter table, comment table) of an exported Word file."""
    tables = docx.Document(str(path)).tables
    cells = lambda t: [["\n".join(p.text for p in c.paragraphs) for c in r.cells] for r in t.rows]  # noqa: E731
    return cells(tables[0]), cells(tables[1])


def test_the_control_sits_beside_the_copy_citation_control_on_every_clause(page, server):
    page.goto(server + "plan/section-7/")
    clauses = page.locator("[data-clause][data-cite]")
    n = clauses.count()
    assert n == len(plandoc.parse_page(plandoc.page_path("plan/section-7", "zh")).clauses)
    pairs = page.eval_on_selector_all(
        "[data-clause][data-cite]",
        "els => els.map(e => { const b = e.querySelector(':scope > .clause-copy');"
        " const c = b && b.nextElementSibling; return [e.dataset.clause, c && c.dataset.commentClause, c && c.textContent]; })")
    assert all(p[0] == p[1] and p[2] == "提意见" for p in pairs), pairs
    page.goto(server + "en/plan/section-7/")
    assert page.locator('[data-comment-clause="7.1.3"]').text_content() == "Comment"


def test_comment_on_three_pages_reload_list_edit_export_forget(page, server, tmp_path):
    sent = record_requests(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))

    # -- write: two Chinese pages (one by keyboard only) and an English page
    for i, (url, cid, comment, reason) in enumerate(WRITTEN):
        page.goto(server + url)
        write_comment(page, cid, comment, reason, keyboard=(i == 1))
        assert clause_el(page, cid).get_attribute("data-has-comment") is not None
        control = page.locator(f'[data-comment-clause="{cid}"]')
        assert control.text_content() == ("Commented" if url.startswith("en/") else "已提意见")
        assert page.evaluate("document.activeElement.dataset.commentClause") == cid  # focus comes back
    page.goto(server + "en/plan/section-1/")
    # an empty comment is refused with the field's own label, in the page's language
    page.click('[data-comment-clause="1"]')
    form = page.locator('[data-comment-form][data-clause="1"]')
    assert form.locator("label").first.text_content() == "Comment or proposed change"
    form.locator("textarea[name=comment]").fill("  ")
    form.locator("button[type=submit]").click()
    assert "Comment or proposed change" in form.locator("[role=alert]").text_content()
    page.keyboard.press("Escape")
    form.wait_for(state="detached")
    assert stored(page)["comments"][2]["comment"] == WRITTEN[2][2]  # the refused save changed nothing

    # -- reload: still there, the form opens with the comment
    page.goto(server + "plan/section-3/")
    page.reload()
    assert clause_el(page, "3.2").get_attribute("data-has-comment") is not None
    assert clause_el(page, "3.1").get_attribute("data-has-comment") is None
    page.click('[data-comment-clause="3.2"]')
    assert page.locator('[data-comment-form][data-clause="3.2"] textarea[name=comment]').input_value() == WRITTEN[1][2]
    page.keyboard.press("Escape")
    assert page.locator("[data-comments-link] [data-comment-count]").text_content() == "3"

    # -- the comments page, in the plan's order, with each clause's citation and own words
    page.goto(server + "comments/")
    page.wait_for_selector("[data-comments-page][data-ready]")
    items = page.locator("[data-comment-item]")
    assert [items.nth(i).get_attribute("data-clause") for i in range(items.count())] == PLAN_ORDER
    for i, cid in enumerate(PLAN_ORDER):
        item = items.nth(i)
        assert item.locator(".comment-item__cite").text_content() == plandoc.citation(cid, "zh")
        assert flat(zh_text(cid)) in flat(item.locator(".comment-item__text").text_content())
    assert "3" in page.locator("[data-comment-total]").text_content()
    item63 = page.locator('[data-comment-item][data-clause="6.3"]')
    assert item63.locator("[data-comment-text]").text_content() == WRITTEN[0][2]
    assert item63.locator("b, img").count() == 0 and page.locator("[data-injected]").count() == 0
    ids = {c["clause"]: c["id"] for c in stored(page)["comments"]}

    # -- edit one; its id stays
    item32 = page.locator('[data-comment-item][data-clause="3.2"]')
    item32.locator("[data-comment-edit]").click()
    edit = item32.locator("[data-comment-form]")
    edit.locator("textarea[name=comment]").fill(EDITED)
    edit.locator("button[type=submit]").click()
    item32 = page.locator('[data-comment-item][data-clause="3.2"]')
    assert item32.locator("[data-comment-text]").text_content() == EDITED
    assert item32.get_attribute("data-comment-id") == ids["3.2"]
    assert {c["clause"]: c["id"] for c in stored(page)["comments"]} == ids

    # -- the commenter, optional
    for key, value in WHO.items():
        page.fill(f"#commenter-{key}", value)
        page.press(f"#commenter-{key}", "Tab")
    assert stored(page)["commenter"] == WHO
    assert page.locator("[data-consultation-none]").count() >= 1  # no channel set: the site says it sends nothing
    screenshot(page, "comments-page-desktop")

    # -- exports
    docx_path = download(page, '[data-comment-export="docx"]', tmp_path / "zh.docx")
    who, table = docx_rows(docx_path)
    assert table[0] == ["序号", "条款", "原文", "修改意见", "理由"]
    assert [r[1] for r in table[1:]] == [plandoc.citation(c, "zh") for c in PLAN_ORDER]
    assert [flat(r[2]) for r in table[1:]] == [flat(zh_text(c)) for c in PLAN_ORDER]
    assert [r[3] for r in table[1:]] == [WRITTEN[2][2], EDITED, WRITTEN[0][2]]
    assert [r[4] for r in table[1:]] == [WRITTEN[2][3], "", WRITTEN[0][3]]
    assert who[0] == ["姓名", WHO["name"], "单位", WHO["organisation"]] and who[1][1] == WHO["contact"]
    document = docx.Document(str(docx_path))
    assert round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].page_height.mm) == 297
    assert document.paragraphs[0].text == "意见反馈表"
    assert plandoc.TITLE["zh"] in document.paragraphs[1].text and "版本 1" in document.paragraphs[2].text
    fonts = document.styles.element.xml
    assert 'w:eastAsia="宋体"' in fonts, "the text is set in 宋体"
    assert 'w:eastAsia="黑体"' in document.element.xml, "the title and the table's head in 黑体"

    csv_path = download(page, '[data-comment-export="csv"]', tmp_path / "zh.csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, as Excel wants it"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["条款编号"] for r in rows] == PLAN_ORDER
    assert [r["修改意见"] for r in rows] == [WRITTEN[2][2], EDITED, WRITTEN[0][2]]
    assert {r["意见编号"] for r in rows} == set(ids.values()) and {r["姓名"] for r in rows} == {WHO["name"]}

    json_path = download(page, '[data-comment-export="json"]', tmp_path / "zh.json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["format"] == "yy-renovation-comments" and data["plan"]["version"] == "1"
    assert data["commenter"] == WHO
    got = {c["clause"]: c for c in data["comments"]}
    assert list(got) == PLAN_ORDER
    assert {k: v["id"] for k, v in got.items()} == ids
    assert all(c["plan_version"] == "1" for c in data["comments"])
    assert got["3.2"]["comment"] == EDITED and got["6.3"]["clause_text"] == zh_text("6.3")

    # -- print view: the same table, nothing else
    page.emulate_media(media="print")
    assert page.locator("[data-comment-print]").is_visible()
    assert not page.locator("[data-comment-list]").is_visible() and not page.locator("h1").is_visible()
    assert page.locator("[data-comment-print] tbody tr").count() == 3
    page.pdf(path=str(tmp_path / "print.pdf"), format="A4")
    page.emulate_media(media="screen")

    # -- plain text to the clipboard
    page.click("[data-comment-copy]")
    text = page.evaluate("navigator.clipboard.readText()")
    assert EDITED in text and WRITTEN[0][2] in text and plandoc.citation("6.3", "zh") in text
    assert text.index(plandoc.citation("3.2", "zh")) < text.index(plandoc.citation("6.3", "zh"))

    # -- the English comments page lists the same comments; its exports are in English
    page.goto(server + "en/comments/")
    page.wait_for_selector("[data-comments-page][data-ready]")
    items = page.locator("[data-comment-item]")
    assert [items.nth(i).get_attribute("data-clause") for i in range(items.count())] == PLAN_ORDER
    assert items.nth(1).locator(".comment-item__cite").text_content() == \
        f'{plandoc.citation("3.2", "en")} ({plandoc.citation("3.2", "zh")})'
    assert flat(en_text("3.2")) in flat(items.nth(1).locator(".comment-item__text").text_content())
    _, table = docx_rows(download(page, '[data-comment-export="docx"]', tmp_path / "en.docx"))
    assert table[0] == ["No.", "Clause", "Text", "Comment", "Reason"]
    assert table[2][1] == f'{plandoc.citation("3.2", "en")} ({plandoc.citation("3.2", "zh")})'
    assert flat(table[2][2]) == flat(en_text("3.2")) and table[2][3] == EDITED
    en_rows = list(csv.DictReader(io.StringIO(
        download(page, '[data-comment-export="csv"]', tmp_path / "en.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["Clause (Chinese citation)"] for r in en_rows] == [plandoc.citation(c, "zh") for c in PLAN_ORDER]
    en_json = json.loads(download(page, '[data-comment-export="json"]', tmp_path / "en.json").read_text("utf-8"))
    assert [c["id"] for c in en_json["comments"]] == [ids[c] for c in PLAN_ORDER], "ids are stable"

    # -- nothing typed ever left the page
    assert_nothing_typed_was_sent(sent, [w[2] for w in WRITTEN] + [EDITED] + list(WHO.values()))

    # -- forget: everything goes
    page.click("[data-comment-forget]")
    page.click("[data-comment-forget-confirm]")
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    assert page.locator("[data-comment-item]").count() == 0
    assert page.locator("[data-comment-count]").first.text_content() == "0"
    page.goto(server + "plan/section-6/")
    assert clause_el(page, "6.3").get_attribute("data-has-comment") is None


def test_delete_and_undo_on_the_comments_page(page, server):
    page.goto(server + "plan/section-8/")
    write_comment(page, "8.2.13", "建议写明牵头部门。", "")
    write_comment(page, "8.1", "同意。", "")
    page.goto(server + "comments/")
    page.wait_for_selector("[data-comments-page][data-ready]")
    page.locator('[data-comment-item][data-clause="8.1"] [data-comment-delete]').click()
    assert page.locator("[data-comment-item]").count() == 1
    page.click("[data-comment-undo]")
    items = page.locator("[data-comment-item]")
    assert [items.nth(i).get_attribute("data-clause") for i in range(items.count())] == ["8.1", "8.2.13"]


@pytest.mark.parametrize("width,height,name", [(390, 844, "phone"), (1280, 900, "desktop")])
def test_screenshots_of_a_clause_with_its_form(browser, server, width, height, name):
    for scheme in ("light", "dark"):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height},
                                      color_scheme=scheme, device_scale_factor=1,
                                      has_touch=(name == "phone"), is_mobile=(name == "phone"))
        pg = context.new_page()
        pg.goto(server + "plan/section-6/")
        write_comment(pg, "6.3", "建议写明居民出资的比例上限。", "便于居民测算")
        pg.click('[data-comment-clause="6.2"]')
        pg.fill('[data-comment-form][data-clause="6.2"] textarea[name=comment]', "“五年内不得再破土施工”宜写明例外情形。")
        pg.locator("#clause-6-2").scroll_into_view_if_needed()
        pg.evaluate("document.querySelector('#clause-6-2').scrollIntoView({block: 'start'}); window.scrollBy(0, -70)")
        assert pg.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
        screenshot(pg, f"comments-clause-form-{name}-{scheme}")
        assert not axe_violations(pg), axe_violations(pg)
        pg.goto(server + "comments/")
        pg.wait_for_selector("[data-comments-page][data-ready]")
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(pg, f"comments-page-{name}-{scheme}")
        assert not axe_violations(pg), axe_violations(pg)
        context.close()
