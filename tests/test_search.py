"""Search: clause-level results, in the reader's language, found as a reader types, ranked plan
first, loaded only when a search starts (plansite/search.py, docs/assets/search/worker.js).

The relevance set (tests/fixtures/search/relevance.yaml) runs in the real site in a real
browser; `python -m plansite.bench.search` prints the same figures for Material's stock search
and Pagefind. Every request is logged by the `page` fixture, which fails a test on any host
but the local server."""
from __future__ import annotations

import gzip
import json
import re

import pytest

from conftest import axe_violations, screenshot
from plansite import plandoc
from plansite.bench.search import (QUERY_JS, RESULTS_JS, START, clause_places, load_relevance,
                                   rank, scores, site_path)

RELEVANCE = load_relevance()
# the reader's first three results hold an answering clause for at least this share of queries
FIRST_THREE = 0.95


def bundle(site):
    dirs = [d for d in (site / "assets" / "search").iterdir() if re.fullmatch(r"[0-9a-f]{12}", d.name)]
    assert len(dirs) == 1, dirs
    return dirs[0]


def open_search(pg, server, start):
    pg.goto(server + start)
    pg.wait_for_load_state("networkidle")
    pg.locator("input.md-search__input").click()


def query(pg, q) -> list[str]:
    """Type a query into the open search box; the result links as the reader sees them."""
    assert pg.evaluate(QUERY_JS, q) is not None, f"{q}: no results shown"
    return pg.evaluate(RESULTS_JS)


def tier(path: str) -> int:
    path = path.removeprefix("en/")
    return 0 if path.startswith("plan/") else 1 if path.startswith("calculators/") else 2


# Records every element the page marks on arrival (the mark itself lasts 2.6 s, which a
# loaded machine may spend before the test looks).
RECORD_ARRIVALS = """window.__arrived = [];
new MutationObserver(records => { for (const r of records)
    if (r.target.classList && r.target.classList.contains('clause-arrived')) window.__arrived.push(r.target.id || r.target.tagName);
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['class']});"""


def arrived(pg, clause_id):
    pg.wait_for_function("id => (window.__arrived || []).includes(id)", arg=clause_id, timeout=15000)
    return pg.evaluate("window.__arrived")


# -- the built files ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_clause_is_a_search_document_and_the_full_text_is_not(site, lang):
    data = json.loads((bundle(site) / f"{lang}.json").read_text(encoding="utf-8"))
    assert data["lang"] == lang
    docs = {d["location"]: d for d in data["docs"]}
    for cid, (page, clause) in plandoc.clause_index(lang).items():
        name = "plan/" + page.path.name.rsplit(".", 2)[0]
        loc = plandoc.page_url(name, lang) + "#" + clause.anchor
        assert loc in docs, f"{cid} is not a search document"
        assert docs[loc]["title"].startswith(plandoc.citation(cid, lang)), docs[loc]["title"]
        assert docs[loc]["tier"] == 0
    assert not [l for l in docs if "plan/full/" in l], "the one-page full text is indexed"
    other = "zh" if lang == "en" else "en"
    assert all(l.startswith("en/") == (lang == "en") for l in docs), f"{other} documents in the {lang} index"
    # sections of the other pages are there too, ranked after the plan
    assert any(d["location"].startswith(("calculators/", "en/calculators/")) and d["tier"] == 1 for d in data["docs"])
    assert any(d["location"].startswith(("reference/", "en/reference/")) and d["tier"] == 2 for d in data["docs"])


def test_aliases_come_from_policy_and_the_glossary(site):
    zh = json.loads((bundle(site) / "zh.json").read_text(encoding="utf-8"))["aliases"]
    assert ["业主委员会", "业委会"] in zh["same"]           # policy/search_aliases.yaml
    assert ["违章建筑", "违建"] in zh["same"]               # the glossary: one English rendering
    en = json.loads((bundle(site) / "en.json").read_text(encoding="utf-8"))["aliases"]
    assert ["elevator", "lift"] in en["same"]


def test_first_search_weighs_at_most_150_kb_compressed_per_language(site):
    files = bundle(site)
    mini = len(gzip.compress((files / "minisearch.js").read_bytes(), 9))
    for lang in ("zh", "en"):
        size = mini + len(gzip.compress((files / f"{lang}.json").read_bytes(), 9))
        assert size <= 150 * 1024, f"{lang}: {size} bytes gzip on the first search"


def test_pages_point_the_search_box_at_the_sites_worker_and_material_gets_no_documents(site):
    for url, lang in [("", "zh"), ("plan/section-6/", "zh"), ("en/", "en"), ("en/plan/section-6/", "en")]:
        text = (site / url / "index.html").read_text(encoding="utf-8")
        cfg = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S).group(1))
        assert cfg["search"].endswith(f"assets/search/worker.js?lang={lang}"), cfg["search"]
    for stub in (site / "search" / "search_index.json", site / "en" / "search" / "search_index.json"):
        data = json.loads(stub.read_text(encoding="utf-8"))
        assert data["docs"] == [] and data["config"]["separator"]


def test_search_scripts_need_no_eval_and_no_other_host(site):
    for path in [site / "assets" / "search" / "worker.js", site / "assets" / "search" / "search.js",
                 bundle(site) / "minisearch.js"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\beval\s*\(|new Function\s*\(", text), path
        assert not re.search(r"https?://(?!127\.0\.0\.1)", re.sub(r"//.*|/\*.*?\*/", "", text, flags=re.S)), path
    assert "__SEARCH_BUNDLE__" not in (site / "assets" / "search" / "worker.js").read_text(encoding="utf-8")


# -- in the browser ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_relevance_set_finds_an_answering_clause_in_the_first_three(page, server, lang):
    rows = RELEVANCE[lang]
    places = clause_places(lang)
    for _, wanted in rows:
        assert all(cid in places for cid in wanted), wanted
    open_search(page, server, START[lang])
    ranks, misses = [], []
    for q, wanted in rows:
        links = query(page, q)
        # results only in the page's language, never the one-page full text
        wrong = [l for l in links if site_path(l)[0].startswith("en/") != (lang == "en")]
        assert not wrong, f"{q}: results in the other language: {wrong}"
        assert not [l for l in links if "/plan/full/" in l], f"{q}: the full text as a hit"
        r = rank(links, wanted, lang, places)
        ranks.append(r)
        if not r or r > 3:
            misses.append(f"{q} ({r or 'none'}): {[site_path(l) for l in links[:3]]}")
    s = scores(ranks)
    print(f"{lang}: top-1 {s['top1']:.1%}, first three {s['top3']:.1%}, MRR {s['mrr']:.3f}; misses: {misses}")
    assert s["top3"] >= FIRST_THREE, f"{lang}: first three {s['top3']:.1%} < {FIRST_THREE:.0%}: {misses}"
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang,q,expected", [
    # substrings, numbers with units, short forms, multi-word queries
    ("zh", "公积金", {"6.3", "8.2.10"}),
    ("zh", "2000年", {"3.1", "7.1.1"}),
    ("zh", "加装电梯", {"5.2", "8.2.5", "6.1"}),
    ("zh", "双2/3", {"7.2"}),
    ("en", "elevators", {"5.2", "8.2.5", "6.1"}),
    ("en", "owners committee", {"3.5", "7.1.3", "5.4", "7.5", "8.2.2", "2.4", "6.3"}),
])
def test_every_plan_result_holds_the_query_and_leads_to_its_clause(page, server, lang, q, expected):
    """The plan's results are exactly the clauses that hold the query (or its alias), each
    named by its citation, its hit marked, linked to its anchor."""
    open_search(page, server, START[lang])
    query(page, q)
    items = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item a.md-search-result__link')]
        .map(a => ({href: a.href, title: (a.querySelector('h1,h2') || {}).textContent || '',
                    marks: [...a.querySelectorAll('mark')].map(m => m.textContent)}))""")
    clauses = {}
    for it in items:
        path, frag = site_path(it["href"])
        if frag.startswith("clause-"):
            clauses[plandoc.anchor_to_id(frag)] = it
    assert set(clauses) == expected, f"{q}: {sorted(clauses)}"
    for cid, it in clauses.items():
        assert it["title"].startswith(plandoc.citation(cid, lang)), it["title"]
        assert it["marks"], f"{q}: nothing marked in {cid}"


@pytest.mark.parametrize("lang,q", [("zh", "双三分之二"), ("zh", "以奖代补"), ("en", "consent"), ("en", "elevator")])
def test_results_list_the_plan_first_then_the_calculators_then_the_rest(page, server, lang, q):
    open_search(page, server, START[lang])
    tiers = [tier(site_path(l)[0]) for l in query(page, q)]
    assert tiers and tiers[0] == 0, tiers
    assert tiers == sorted(tiers), tiers


def test_nothing_is_fetched_for_search_until_the_reader_opens_it(page, server):
    page.goto(server + "plan/section-3/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert not [u for u in page.requests if "/assets/search/" in u and u.endswith(".json")], page.requests
    assert not [u for u in page.requests if "minisearch" in u]
    page.locator("input.md-search__input").click()
    query(page, "业委会")
    fetched = [u for u in page.requests if re.search(r"/assets/search/[0-9a-f]{12}/", u)]
    assert sorted(u.rsplit("/", 1)[1] for u in fetched) == ["minisearch.js", "zh.json"], fetched


def test_keyboard_slash_arrows_enter_and_escape(page, server):
    page.add_init_script(RECORD_ARRIVALS)
    page.goto(server + "plan/section-1/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("自建")   # the box has focus: keystrokes go to it
    page.keyboard.press("End")   # headless Chinese input sends no keyup of its own
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.wait_for_timeout(300)   # Material reads focus changes a moment late: a reader's pause
    page.keyboard.press("/")
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.keyboard.press("Enter")   # Enter opens the best result: the clause, marked on arrival
    page.wait_for_url(re.compile(r"plan/section-3/.*#clause-3-p2$"))
    arrived(page, "clause-3-p2")
    assert page.locator("#clause-3-p2 mark").count() >= 1   # Material's highlighting of the hit
    assert not page.errors, page.errors


def test_a_result_deep_in_a_section_lands_on_its_clause(page, server):
    page.add_init_script(RECORD_ARRIVALS)
    open_search(page, server, "plan/section-1/")
    links = query(page, "领导小组下设办公室")
    assert site_path(links[0]) == ("plan/section-8/", "clause-8-1")
    page.goto(links[0])
    marked = arrived(page, "clause-8-1")
    # the clause's own paragraph after its heading is marked with it
    assert "P" in marked, marked


@pytest.mark.parametrize("lang,q", [("zh", "公积金"), ("en", "lift")])
def test_results_open_have_no_serious_accessibility_violations(page, server, lang, q):
    open_search(page, server, START[lang])
    query(page, q)
    screenshot(page, f"search-results-{lang}")
    assert axe_violations(page) == []
    assert not page.errors, page.errors


def test_phone_and_dark_screenshots(browser, server):
    for name, opts in [("search-phone-zh", {"viewport": {"width": 390, "height": 844}, "is_mobile": True}),
                       ("search-dark-en", {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"})]:
        ctx = browser.new_context(**opts)
        pg = ctx.new_page()
        start = START["zh"] if name.endswith("zh") else START["en"]
        pg.goto(server + start)
        pg.wait_for_load_state("networkidle")
        if opts.get("is_mobile"):
            pg.locator("label.md-header__button[for='__search']").first.click()
        pg.locator("input.md-search__input").click()
        pg.evaluate(QUERY_JS, "业委会" if name.endswith("zh") else "owners committee")
        screenshot(pg, name)
        ctx.close()


# -- under a strict Content-Security-Policy ---------------------------------------------------

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; connect-src 'self'; "
       "worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


@pytest.fixture(scope="module")
def csp_server(site):
    """The site served with a strict CSP: scripts from 'self' only, no eval, connections to
    'self' only. Material's own few inline scripts are let through by their hashes (moving
    them out of the pages is another change); search adds none."""
    import base64
    import functools
    import hashlib
    import http.server
    import threading
    from conftest import _QuietHandler

    class Handler(_QuietHandler):
        def end_headers(self):
            hashes = []
            path = self.translate_path(self.path)
            if path.endswith("/"):
                path += "index.html"
            if path.endswith(".html"):
                try:
                    text = open(path, encoding="utf-8").read()
                except OSError:
                    text = ""
                for body in INLINE_SCRIPT.findall(text):
                    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                    hashes.append(f"'sha256-{digest}'")
            self.send_header("Content-Security-Policy", CSP.format(hashes=" ".join(hashes)))
            super().end_headers()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.parametrize("lang,q", [("zh", "公积金"), ("en", "lift")])
def test_search_works_under_a_strict_content_security_policy(browser, csp_server, lang, q):
    ctx = browser.new_context()
    pg = ctx.new_page()
    violations, errors = [], []
    pg.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                       "console.log('csp-violation ' + e.violatedDirective + ' ' + e.blockedURI))")
    pg.on("console", lambda m: violations.append(m.text) if m.text.startswith("csp-violation") else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    open_search(pg, csp_server, START[lang])
    links = query(pg, q)
    ctx.close()
    assert links and site_path(links[0])[1].startswith("clause-"), links
    assert not violations and not errors, (violations, errors)
