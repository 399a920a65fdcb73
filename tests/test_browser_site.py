"""The site in a real browser (Debian's chromium via Playwright): search in both languages,
citations, the language switcher, accessibility. Every request is logged by the `page`
fixture, which fails the test on any host but the local server."""
from __future__ import annotations

import pytest

from conftest import axe_violations, screenshot

# (query, page the reader must find among the results)
ZH_QUERIES = [
    ("资金", "plan/section-6/"),
    ("加装电梯", "plan/section-5/"),
    ("业主委员会", "plan/section-3/"),
    ("双三分之二", "plan/section-7/"),
    ("以奖代补", "plan/section-6/"),
    ("老旧小区", "plan/section-3/"),
]
EN_QUERIES = [
    ("funding", "en/plan/section-6/"),
    ("elevator", "en/plan/section-5/"),
    ("owners' committee", "en/plan/section-3/"),
    ("double two-thirds", "en/plan/section-7/"),
    ("pipeline", "en/plan/section-6/"),
]


def search(pg, server, start: str, query: str) -> list[str]:
    """Type a query into the site's search box; return the result links (site-relative)."""
    pg.goto(server + start)
    box = pg.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # headless Chinese input sends no keyup of its own
    # Wait for a verdict (n results / none), not the placeholder or "initialising" states.
    pg.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /符合条件|matching document/.test(m.textContent); }",
        timeout=30000,
    )
    links = pg.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [l.removeprefix(server) for l in links]


@pytest.mark.parametrize("query,expected", ZH_QUERIES)
def test_chinese_search_finds_the_right_page_in_chinese_only(page, server, query, expected):
    results = search(page, server, "plan/section-1/", query)
    assert any(r.startswith(expected) for r in results), f"{query}: {results}"
    assert not [r for r in results if r.startswith("en/")], f"{query}: English results {results}"


@pytest.mark.parametrize("query,expected", EN_QUERIES)
def test_english_search_finds_the_right_page_in_english_only(page, server, query, expected):
    results = search(page, server, "en/plan/section-1/", query)
    assert any(r.startswith(expected) for r in results), f"{query}: {results}"
    assert all(r.startswith("en/") for r in results), f"{query}: non-English results {results}"


def test_search_screenshots(page, server):
    search(page, server, "", "以奖代补")
    screenshot(page, "search-zh")
    search(page, server, "en/", "elevator")
    screenshot(page, "search-en")


def test_copy_citation_gives_citation_and_permalink(page, server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(server + "plan/section-3/#clause-3-2")
    button = page.locator("#clause-3-2 > .clause-copy")
    button.click()
    copied = button.get_attribute("data-copied")
    assert copied == ("《岳阳市城区老旧小区改造工作实施方案（征求意见稿）》第三条第（二）项 "
                      + server + "plan/section-3/#clause-3-2")
    assert page.evaluate("navigator.clipboard.readText()") == copied
    page.goto(server + "en/plan/section-3/#clause-3-2")
    button = page.locator("#clause-3-2 > .clause-copy")
    assert button.text_content() == "Copy citation"
    button.click()
    assert button.get_attribute("data-copied").endswith(
        "(Draft for Public Comment), Section III, item (2) " + server + "en/plan/section-3/#clause-3-2")


def test_language_switcher_keeps_the_reader_on_the_same_page(page, server):
    page.goto(server + "plan/section-6/")
    href = page.locator("a.md-select__link[hreflang='en']").get_attribute("href")
    page.goto(page.url + href if not href.startswith("http") else href)
    assert page.url.rstrip("/").endswith("en/plan/section-6")
    href = page.locator("a.md-select__link[hreflang='zh']").get_attribute("href")
    page.goto(page.url + href)
    assert page.url.rstrip("/").endswith("plan/section-6") and "/en/" not in page.url


@pytest.mark.parametrize("url,name", [
    ("", "home-zh"), ("plan/section-3/", "section-3-zh"), ("en/", "home-en"),
    ("en/plan/section-6/", "section-6-en"),
])
def test_pages_have_no_serious_accessibility_violations(page, server, url, name):
    page.goto(server + url)
    page.wait_for_selector(".clause-copy" if "plan/" in url else "article")
    screenshot(page, name)
    assert axe_violations(page) == []
    assert not page.errors, page.errors


def test_phone_width_shows_the_text_without_horizontal_scroll(browser, server):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    pg = ctx.new_page()
    pg.goto(server + "plan/section-7/")
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    pg.screenshot(path=str(screenshot.__globals__["ARTIFACTS"] / "section-7-phone.png"))
    ctx.close()
    assert overflow <= 0
