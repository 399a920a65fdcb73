"""The consent page's collapsed comparison with Article 278 of the Civil Code (issue 13), in a
real browser on the real site: the optional inputs, the block's result rendered, the plan's own
status unchanged. The `page` fixture fails the test on any request to another host."""
from __future__ import annotations

import pytest

from conftest import axe_violations, screenshot
from test_browser_calculators import PREFIX, fill, open_calculator, submit

SUMMARY = {"zh": "对照《民法典》第二百七十八条", "en": "Compared with Article 278 of the Civil Code"}
BASE = {"total_area": "900", "signed_area": "450", "total_owners": "12", "signed_owners": "6"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_comparison_is_collapsed_and_renders_the_block(page, server, lang):
    open_calculator(page, server, lang, "consent")
    details = page.locator("details[data-civil-code]")
    assert details.locator("summary").inner_text().strip() == SUMMARY[lang]
    assert details.get_attribute("open") is None
    assert not page.locator('[name="voted_area"]').is_visible()

    # without the vote inputs: the plan's result, and the block says what the article needs
    fill(page, BASE)
    assert submit(page) == "not_passed"
    box = page.locator("[data-civil-code-result]")
    assert box.get_attribute("data-civil-code-status") == "not_evaluated"
    details.locator("summary").click()
    text = box.inner_text()
    assert ("675.00 m²" in text and "450.00 m²" in text)
    assert ("仅供对照，不是本方案的规定" if lang == "zh" else "For comparison only, not a rule of this plan") in text

    # exactly 2/3 taking part and exactly 3/4 of them agreeing: reached, while the plan is not
    fill(page, {"voted_area": "600", "voted_owners": "8"})
    assert submit(page) == "not_passed"
    assert box.get_attribute("data-civil-code-status") == "passed"
    assert box.locator("li[data-outcome=pass]").count() == 4
    text = box.inner_text()
    assert ("参与表决面积 600.00 ÷ 总面积 900.00 = 66.67%（2/3）≥ 2/3，达到。" if lang == "zh"
            else "Participating area 600.00 ÷ total area 900.00 = 66.67% (2/3) ≥ 2/3: reached.") in text
    screenshot(page, f"civil-code-{lang}-desktop")

    # one owner short of 2/3 taking part
    fill(page, {"voted_owners": "7"})
    submit(page)
    assert box.get_attribute("data-civil-code-status") == "not_passed"
    assert box.locator("li[data-outcome=fail]").count() == 1
    # the pointer off the result's buttons: axe would measure a hover colour in its transition
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    assert not axe_violations(page)


def test_a_bad_vote_input_opens_the_section_and_names_the_field(page, server):
    open_calculator(page, server, "zh", "consent")
    fill(page, {**BASE})
    page.evaluate("document.querySelector('[name=voted_area]').value = '1 000'")
    page.evaluate("document.querySelector('[name=voted_owners]').value = '8'")
    assert submit(page) == "error"
    assert page.locator("details[data-civil-code]").get_attribute("open") is not None
    msg = page.locator(".calc-error-summary").inner_text()
    assert "“参与表决业主的专有部分面积（m²）”" in msg and "不能有空格" in msg
    assert page.locator('[name="voted_area"]').get_attribute("aria-invalid") == "true"
    assert page.locator("[data-civil-code-result]").is_hidden()


def test_on_a_phone_in_dark_mode_the_comparison_fits(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark", locale="zh-CN")
    pg = ctx.new_page()
    try:
        open_calculator(pg, server, "zh", "consent")
        fill(pg, BASE)
        pg.locator("details[data-civil-code] summary").click()
        fill(pg, {"voted_area": "600", "voted_owners": "8"})
        submit(pg)
        wide = pg.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, wide
        pg.locator("details[data-civil-code]").scroll_into_view_if_needed()
        screenshot(pg, "civil-code-zh-phone-dark")
    finally:
        ctx.close()
