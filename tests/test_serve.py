"""The site as production serves it: the project's nginx configuration (deploy/nginx/, run by
plansite/serve.py, what `make serve` runs), over loopback, with a real browser.

Headers on each kind of file (pre-compressed bodies, cache rules, MIME types, the security
headers); the Content-Security-Policy in every page and no violation of it on any kind of page,
calculators run included; what a second calculator moves.
"""
from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from conftest import CHROMIUM_ARGS, RequestLog, wait_until  # noqa: F401
from plansite import deploy, serve, sitemaps

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="session")
def nginx(site, tmp_path_factory):
    """nginx with the project's configuration, serving site/ on a free port of 127.0.0.1."""
    server = serve.start(site, tmp_path_factory.mktemp("nginx"))
    yield server
    server.stop()


def get(url: str, encoding: str | None = "br, gzip") -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def runtime_dir(site: Path) -> Path:
    dirs = [d for d in (site / "assets" / "pyodide").iterdir() if d.is_dir()]
    assert len(dirs) == 1, dirs
    return dirs[0]


def rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def files_by_kind(site: Path) -> dict[str, tuple[str, str]]:
    """One file of each kind: {kind: (path, expected Content-Type prefix)}."""
    rt = runtime_dir(site)
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    css = next((site / "assets" / "stylesheets").glob("main.*.min.css"))
    return {
        "html": ("plan/section-3/", "text/html"),
        "wasm": (rel(site, rt / "pyodide.asm.wasm"), "application/wasm"),
        "runtime js": (rel(site, rt / "pyodide.asm.mjs"), "text/javascript"),
        "stdlib": (rel(site, rt / "python_stdlib.zip"), "application/zip"),
        "wheel": (rel(site, next(rt.glob("*.whl"))), "application/zip"),
        "material js": (rel(site, bundle), "text/javascript"),
        "material css": (rel(site, css), "text/css"),
        "site js": ("assets/js/calculator.js", "text/javascript"),
        "site css": ("assets/css/site.css", "text/css"),
        "json": (rel(site, next((site / "assets" / "search").rglob("*.json"))), "application/json"),
        "sitemap": ("sitemap.xml", "application/xml"),
        "pdf": (rel(site, next((site / "pdf").glob("*.pdf"))), "application/pdf"),
    }


HASHED = {"wasm", "runtime js", "stdlib", "wheel", "material js", "material css", "json"}
COMPRESSED = {"html", "wasm", "runtime js", "stdlib", "material js", "material css", "site js", "site css",
              "json", "sitemap"}


@pytest.mark.parametrize("kind", ["html", "wasm", "runtime js", "stdlib", "wheel", "material js",
                                  "material css", "site js", "site css", "json", "sitemap", "pdf"])
def test_each_kind_of_file_has_its_type_encoding_cache_rule_and_security_headers(site, nginx, kind):
    path, ctype = files_by_kind(site)[kind]
    status, h, body = get(nginx.url + path)
    assert status == 200, (path, status)
    assert h["content-type"].startswith(ctype), (path, h["content-type"])
    # content-hashed files are kept for good; everything else is revalidated
    assert h["cache-control"] == (IMMUTABLE if kind in HASHED else "no-cache"), (path, h["cache-control"])
    assert h["content-security-policy"] == deploy.csp(header=True)
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin"
    assert h["permissions-policy"] == deploy.permissions_policy()
    assert "camera=()" in h["permissions-policy"] and "geolocation=()" in h["permissions-policy"]
    on_disk = (site / path / "index.html") if path.endswith("/") else site / path
    raw = on_disk.read_bytes()
    if kind in COMPRESSED:
        # the .br file make build wrote, sent as it is; what the browser unpacks is the file
        assert h.get("content-encoding") == "br", (path, h)
        assert "Accept-Encoding" in h.get("vary", "")
        assert brotli.decompress(body) == raw
        assert len(body) < len(raw)
    else:
        assert "content-encoding" not in h, (path, h)
        assert body == raw


def test_wasm_goes_as_brotli_to_browsers_that_take_it_gzip_or_plain_to_the_others(site, nginx):
    path = rel(site, runtime_dir(site) / "pyodide.asm.wasm")
    raw = (site / path).read_bytes()
    _, h_br, br_body = get(nginx.url + path, "gzip, deflate, br")
    _, h_gz, gz_body = get(nginx.url + path, "gzip")
    _, h_id, id_body = get(nginx.url + path, None)
    assert h_br["content-encoding"] == "br" and brotli.decompress(br_body) == raw
    assert h_gz["content-encoding"] == "gzip" and gzip.decompress(gz_body) == raw
    assert "content-encoding" not in h_id and id_body == raw
    assert h_id["content-type"] == "application/wasm"
    # brotli moves well under a third of the wasm
    assert len(br_body) < len(raw) * 0.3 < len(gz_body)


def test_every_text_file_has_its_br_and_gz_and_they_are_current(site):
    checked = 0
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".js", ".css", ".json", ".wasm", ".svg", ".xml"}:
            continue
        raw = path.read_bytes()
        if len(raw) < 256:
            continue
        br, gz = path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")
        assert br.exists() and gz.exists(), path
        assert brotli.decompress(br.read_bytes()) == raw, path
        checked += 1
    assert checked > 100


def test_html_revalidates_with_an_etag(site, nginx):
    status, h, _ = get(nginx.url + "calculators/")
    assert status == 200 and h["cache-control"] == "no-cache" and h.get("etag")
    req = urllib.request.Request(nginx.url + "calculators/",
                                 headers={"Accept-Encoding": "br", "If-None-Match": h["etag"]})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 304


def test_a_missing_page_is_the_sites_404_with_the_same_headers(nginx):
    status, h, body = get(nginx.url + "no/such/page/", None)
    assert status == 404
    assert h["content-security-policy"] == deploy.csp(header=True)
    assert "404" in body.decode("utf-8")


def test_the_production_config_prints_with_its_root_and_address(capsys):
    assert serve.main(["--print-site-config", "--root", "/srv/plan/site", "--listen", "8080"]) == 0
    out = capsys.readouterr().out
    assert "root /srv/plan/site;" in out and "listen 8080;" in out
    assert "brotli_static on;" in out and "gzip_static on;" in out
    assert deploy.csp(header=True) in out and "@" not in re.sub(r"#.*", "", out)


# -- the Content-Security-Policy in the pages ---------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def test_every_page_carries_the_policy_and_no_inline_script(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    meta = deploy.csp_meta()
    script_src = dict(deploy.CSP)["script-src"].split()
    assert script_src == ["'self'", "'wasm-unsafe-eval'"], script_src  # no inline script, no eval
    assert dict(deploy.CSP)["object-src"] == "'none'" and dict(deploy.CSP)["connect-src"] == "'self'"
    for path in pages:
        text = path.read_text(encoding="utf-8")
        head = text[:text.find("<script")] if "<script" in text else text
        assert meta in head, f"{path}: no CSP <meta> before the first script"
        for attrs, body in INLINE_SCRIPT.findall(text):
            # JSON blocks are data, not script (page-data, Material's __config)
            assert 'type="application/json"' in attrs, f"{path}: inline script {body[:80]!r}"
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text), f"{path}: inline event handler"


def visit_context(browser, nginx, **opts):
    """A browser context over nginx that records every CSP violation and page error, and fails
    on a request to another host."""
    ctx = browser.new_context(locale="zh-CN", service_workers="block", **opts)
    log = RequestLog(nginx.url)
    ctx.on("request", lambda r: log.append(r.url))
    ctx.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('csp-violation ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));""")
    ctx.requests = log
    return ctx


def watch(pg) -> dict:
    seen = {"violations": [], "errors": [], "console": []}
    pg.on("console", lambda m: (seen["violations"] if "csp-violation" in m.text else seen["console"]).append(m.text)
          if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def run_calculator(pg, name: str):
    from test_browser_calculators import ELIGIBLE, WORKED_EXAMPLE, fill, submit
    pg.wait_for_selector(f"form[data-calculator={name}][data-ready=true]", state="attached", timeout=90000)
    answers = {"eligibility": ELIGIBLE, "funding": WORKED_EXAMPLE,
               "consent": {"total_area": "90", "signed_area": "60", "total_owners": "3", "signed_owners": "2"}}[name]
    fill(pg, answers)
    assert submit(pg) in {"eligible", "passed", "ok"}


PAGE_TYPES = [
    ("home zh", "", None),
    ("plan zh", "plan/section-7/", None),
    ("plan en", "en/plan/section-3/", None),
    ("full text", "plan/full/", None),
    ("eligibility zh", "calculators/eligibility/", "eligibility"),
    ("consent en", "en/calculators/consent/", "consent"),
    ("funding zh", "calculators/funding/", "funding"),
    ("calculators index", "calculators/", None),
    ("comments", "comments/", None),
    ("form", "forms/application/", None),
    ("changes", "changes/", None),
    ("404", "no/such/page/", None),
]


@pytest.mark.parametrize("label,path,calculator", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_no_policy_violation_on_any_kind_of_page(browser, nginx, label, path, calculator):
    ctx = visit_context(browser, nginx)
    pg = ctx.new_page()
    seen = watch(pg)
    pg.goto(nginx.url + path)
    pg.wait_for_load_state("load")
    if calculator:
        run_calculator(pg, calculator)
    if label == "form":
        pg.wait_for_selector("[data-form=application]", state="attached")
    if label.startswith("plan"):
        # the search box: its worker and index under the policy
        from test_search import query
        pg.wait_for_load_state("networkidle")
        pg.locator("input.md-search__input").click()
        assert query(pg, "公积金" if label.endswith("zh") else "lift")
    pg.wait_for_timeout(300)
    ctx.close()
    assert not seen["violations"], seen["violations"]
    assert not seen["errors"], seen["errors"]
    assert not ctx.requests.foreign(), ctx.requests.foreign()
    # no console error either (a 404 page's own status aside)
    errors = [c for c in seen["console"] if label != "404" or "404" not in c]
    assert not [c for c in errors if "Failed to load" in c or "Refused" in c], errors


# -- what a second calculator moves -------------------------------------------------------------

def test_a_second_calculator_fetches_no_byte_of_python_again(browser, nginx, site):
    ctx = visit_context(browser, nginx)
    pg = ctx.new_page()
    start = nginx.mark()
    pg.goto(nginx.url + "calculators/eligibility/")
    pg.wait_for_selector("form[data-calculator=eligibility][data-ready=true]", state="attached", timeout=90000)
    first = nginx.sent(start)
    first_bytes = sum(size for _, size, _ in first)
    mark = nginx.mark()
    pg.goto(nginx.url + "calculators/consent/")
    pg.wait_for_selector("form[data-calculator=consent][data-ready=true]", state="attached", timeout=90000)
    second = nginx.sent(mark)
    ctx.close()
    runtime = "/" + rel(site, runtime_dir(site)) + "/"
    assert any(p.startswith(runtime) for _, _, p in first)
    assert not [p for _, _, p in second if p.startswith(runtime)], second
    second_bytes = sum(size for _, size, _ in second)
    print(f"first calculator: {first_bytes / 1e6:.2f} MB; second: {second_bytes / 1e3:.0f} kB")
    assert first_bytes <= 4.0e6, first_bytes
    assert second_bytes <= 0.3e6, second


# -- the started Python, kept on the device ---------------------------------------------------

SNAPSHOT_KEY = """async (cache) => {
    const keys = await (await caches.open(cache)).keys();
    const hit = keys.find(r => r.url.endsWith('/python-memory.snapshot.gz'));
    return hit ? hit.url : null;
}"""


def started_from_snapshot(pg) -> bool:
    return bool(pg.evaluate("() => !!(window.yyCalculatorTimes && window.yyCalculatorTimes.phases.snapshot)"))


def result_text(pg, name: str) -> str:
    run_calculator(pg, name)
    return pg.locator("[data-result]").first.inner_text()


def test_a_later_visit_starts_from_the_kept_snapshot_and_answers_as_a_fresh_start(browser, nginx, site):
    """The first visit keeps a memory snapshot of the started Python in the runtime's cache
    (assets/js/calculator-worker.js: SNAPSHOT), before any input of the reader; later visits
    start from it, and every answer is the one a freshly started Python gives."""
    ctx = visit_context(browser, nginx)
    cache = "yy-runtime-" + runtime_dir(site).name
    pg = ctx.new_page()
    seen = watch(pg)
    pg.goto(nginx.url + "calculators/eligibility/")
    fresh = {"eligibility": result_text(pg, "eligibility")}
    assert not started_from_snapshot(pg)
    pg.wait_for_function("() => performance.getEntriesByName('calculator:snapshot').length > 0", timeout=60000)
    url = wait_until(pg, SNAPSHOT_KEY, arg=cache)
    kept = pg.evaluate("""async ([cache, url]) => {
        const r = await (await caches.open(cache)).match(url);
        return (await r.arrayBuffer()).byteLength;
    }""", [cache, url])
    assert 1e6 < kept < 20e6, kept
    for name in ("consent", "funding"):
        # the answer of a freshly started Python: a first visit, in a context of its own
        other = visit_context(browser, nginx)
        opg = other.new_page()
        opg.goto(nginx.url + f"calculators/{name}/")
        fresh[name] = result_text(opg, name)
        assert not started_from_snapshot(opg)
        other.close()
        pg.goto(nginx.url + f"calculators/{name}/")
        assert result_text(pg, name) == fresh[name]
        assert started_from_snapshot(pg), name
    pg.goto(nginx.url + "calculators/eligibility/")
    assert result_text(pg, "eligibility") == fresh["eligibility"]
    assert started_from_snapshot(pg)
    ctx.close()
    warnings = [m for m in seen["console"] if "Service Worker registration blocked" not in m]
    assert not seen["violations"] and not seen["errors"] and not warnings, seen


def test_a_snapshot_that_cannot_be_restored_is_replaced_and_python_starts_afresh(browser, nginx, site):
    ctx = visit_context(browser, nginx)
    cache = "yy-runtime-" + runtime_dir(site).name
    pg = ctx.new_page()
    pg.goto(nginx.url + "calculators/consent/")
    fresh = result_text(pg, "consent")
    url = wait_until(pg, SNAPSHOT_KEY, arg=cache)
    # damaged: not gzip at all, then gzip of the wrong bytes
    for damage in ("new Response('not a snapshot')",
                   "new Response(new Blob([new Uint8Array(4096)]).stream().pipeThrough(new CompressionStream('gzip')))"):
        pg.evaluate(f"""async ([cache, url]) => {{
            await (await caches.open(cache)).put(url, {damage});
        }}""", [cache, url])
        seen = watch(pg)
        pg.goto(nginx.url + "calculators/consent/")
        assert result_text(pg, "consent") == fresh
        assert not started_from_snapshot(pg)
        assert any("snapshot" in m for m in seen["console"]), seen
        assert not seen["errors"], seen
        # a good one is kept again
        pg.wait_for_function("() => performance.getEntriesByName('calculator:snapshot').length > 0", timeout=60000)
    pg.goto(nginx.url + "calculators/consent/")
    assert result_text(pg, "consent") == fresh
    assert started_from_snapshot(pg)
    ctx.close()


# -- offline after one visit ------------------------------------------------------------------

def wait_for_offline_ready(pg, timeout_ms: int = 90000):
    """The service worker active and controlling the page, its precache filled."""
    wait_until(pg, """async () => {
        if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return false;
        const names = await caches.keys();
        const pre = names.find(n => n.startsWith('workbox-precache'));
        if (!pre) return false;
        const keys = await (await caches.open(pre)).keys();
        return keys.length > 60;
    }""", timeout_ms=timeout_ms, every_ms=500)


def test_offline_after_one_visit_a_used_calculator_comes_back_ready_and_an_unvisited_page_opens(
        browser, nginx, site):
    ctx = browser.new_context(locale="zh-CN", service_workers="allow")
    log = RequestLog(nginx.url)
    ctx.on("request", lambda r: log.append(r.url))
    pg = ctx.new_page()
    seen = watch(pg)
    failed = []
    pg.on("requestfailed", lambda r: failed.append(r.url))
    # one visit: a calculator, run once
    pg.goto(nginx.url + "calculators/eligibility/")
    run_calculator(pg, "eligibility")
    wait_for_offline_ready(pg)
    runtime = "yy-runtime-" + runtime_dir(site).name
    wait_until(pg, """async (name) => {
        const c = await caches.open(name);
        return (await c.keys()).length >= 6;
    }""", arg=runtime, timeout_ms=60000, every_ms=500)

    # a navigation the worker serves, online, before the network goes
    for _ in range(3):
        pg.goto(nginx.url + "plan/section-1/")
        if pg.evaluate("performance.getEntriesByType('navigation')[0].workerStart > 0"):
            break
        pg.wait_for_timeout(1000)
    wait_for_offline_ready(pg)
    ctx.set_offline(True)
    mark = nginx.mark()
    # the same calculator: ready again, without the network
    pg.goto(nginx.url + "calculators/eligibility/")
    run_calculator(pg, "eligibility")
    assert pg.locator("[data-offline]").is_visible()
    assert "离线" in pg.locator("[data-offline]").inner_text()
    # a page of the plan never visited
    pg.goto(nginx.url + "plan/section-6/")
    assert pg.locator("h1").first.inner_text().strip()
    assert pg.locator("[id^=clause-6]").count() > 3
    # and an English one
    pg.goto(nginx.url + "en/plan/section-2/")
    assert pg.locator("[id^=clause-2]").count() > 1
    assert "offline" in pg.locator("[data-offline]").inner_text()
    # (the browser's own update check of the service worker is not under Playwright's offline
    # emulation: it may reach the server, and is answered 304)
    asked = [(st, path) for st, _, path in nginx.sent(mark) if path.split("?")[0] not in ("/sw.js", "/sw-caches.js")]
    assert asked == [], "offline, yet the server was asked"
    ctx.set_offline(False)
    pg.wait_for_selector("[data-offline]", state="detached", timeout=5000)
    ctx.close()
    assert not seen["violations"] and not seen["errors"], (seen, failed)
    assert not failed, failed
    assert not log.foreign(), log.foreign()


def test_the_loading_line_shows_the_bytes_received_as_a_figure(browser, nginx):
    ctx = visit_context(browser, nginx)
    pg = ctx.new_page()
    pg.add_init_script("""window.__progress = [];
        new MutationObserver(() => {
            const line = document.querySelector('[data-calc-status]');
            if (line && line.dataset.progress && window.__progress.at(-2) !== line.dataset.progress)
                window.__progress.push(line.dataset.progress, line.textContent);
        }).observe(document, {subtree: true, attributes: true, childList: true, characterData: true});""")
    pg.goto(nginx.url + "en/calculators/funding/")
    pg.wait_for_selector("form[data-calculator=funding][data-ready=true]", state="attached", timeout=90000)
    seen = pg.evaluate("window.__progress")
    ctx.close()
    figures = [int(v) for v in seen[0::2]]
    texts = seen[1::2]
    assert figures and figures == sorted(figures), seen
    assert figures[-1] >= 90, seen
    assert any(re.search(r"Downloading the calculator: \d+%", t) for t in texts) or figures == [100], texts


# -- the site's address, sitemaps ---------------------------------------------------------------

def test_every_page_has_the_sitemap_the_language_selector_asks_for(site):
    import xml.etree.ElementTree as ET
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    pages = [p.parent for p in site.rglob("index.html")]
    assert len(pages) > 60
    for page in pages:
        # Material fetches new URL("sitemap.xml", <each hreflang link of the page>)
        text = (page / "index.html").read_text(encoding="utf-8")
        for href in re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="[^"]+">', text):
            target = (page / href).resolve() if not href.startswith("/") else (site / href.lstrip("/")).resolve()
            assert (target / "sitemap.xml").exists(), (page, href)
        root = ET.parse(page / "sitemap.xml").getroot()
        locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
        assert locs and all(loc.startswith(sitemaps.site_url()) for loc in locs), (page, locs)
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {sitemaps.site_url()}sitemap.xml" in robots


def test_site_url_from_the_environment_gives_absolute_hreflang_links(monkeypatch):
    from plansite import hook
    html = ('<link rel="alternate" href="./" hreflang="zh">'
            '<link rel="alternate" href="../../en/plan/section-1/" hreflang="en">'
            '<link rel="alternate" href="/" hreflang="zh">')
    out = hook.absolute_alternates(html, "https://plan.example.org/plan/section-1/")
    assert out == ('<link rel="alternate" href="https://plan.example.org/plan/section-1/" hreflang="zh">'
                   '<link rel="alternate" href="https://plan.example.org/en/plan/section-1/" hreflang="en">'
                   '<link rel="alternate" href="https://plan.example.org/" hreflang="zh">')
    monkeypatch.delenv("SITE_URL", raising=False)
    assert sitemaps.site_url() == "http://127.0.0.1:8000/" and not sitemaps.is_production()
    monkeypatch.setenv("SITE_URL", "https://plan.example.org")
    assert sitemaps.site_url() == "https://plan.example.org/" and sitemaps.is_production()


def test_mkdocs_reads_site_url_from_the_environment(monkeypatch):
    from mkdocs.config import load_config
    monkeypatch.setenv("SITE_URL", "https://plan.example.org/")
    cfg = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    assert cfg["site_url"] == "https://plan.example.org/"
    monkeypatch.delenv("SITE_URL")
    cfg = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    assert cfg["site_url"] == "http://127.0.0.1:8000/"


# -- fetching the runtime ahead, on intent only ---------------------------------------------------

def test_plan_pages_fetch_no_runtime_until_the_reader_points_at_a_calculator(browser, nginx, site):
    runtime = "/" + rel(site, runtime_dir(site)) + "/"
    ctx = visit_context(browser, nginx)
    pg = ctx.new_page()
    mark = nginx.mark()
    pg.goto(nginx.url + "")
    pg.wait_for_load_state("networkidle")
    pg.wait_for_timeout(500)
    assert not [p for _, _, p in nginx.sent(mark) if p.startswith(runtime)], "a plan page fetched the runtime"
    # the reader points at a link to a calculator: the runtime comes ahead, at low priority
    link = pg.locator("a[href*='calculators/eligibility/']:visible").first
    link.hover()
    # every file the page's prefetch list names (page-data: prefetch.files)
    files = pg.evaluate("() => JSON.parse(document.getElementById('page-data').textContent).prefetch.files")
    assert "pyodide.asm.wasm" in files and "calculators_pyc.zip" in files, files
    pg.wait_for_function("(n) => performance.getEntriesByType('resource')"
                         ".filter(e => e.name.includes('/assets/pyodide/')).length >= n",
                         arg=len(files), timeout=60000)
    ctx.close()
    fetched = {p for _, _, p in nginx.sent(mark) if p.startswith(runtime)}
    assert any(p.endswith("pyodide.asm.wasm") for p in fetched), fetched
