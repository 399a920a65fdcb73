"""Shared fixtures: the built site, a local server for it, and a real browser that logs
every request and fails the test on any request to another host."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

SITE = ROOT / "site"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions",
]


@pytest.fixture(scope="session")
def site() -> Path:
    """The site as `make build` writes it (scripts/test.sh builds it, strictly, first)."""
    if not (SITE / "index.html").exists():
        from plansite import build as build_site
        build_site.main()
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def server(site):
    """Serve site/ on 127.0.0.1 (a free port) for the whole session; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _NoServiceWorkers:
    """The browser, whose new contexts block the site's service worker unless a test asks for it
    (service_workers="allow": the offline tests): with it, every other test would start the
    worker's precaching of the whole site in the background, and see pages from its cache."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **opts):
        opts.setdefault("service_workers", "block")
        return self._browser.new_context(**opts)

    def new_page(self, **opts):
        opts.setdefault("service_workers", "block")
        return self._browser.new_page(**opts)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is not installed: run scripts/setup.sh as root, or apt-get install chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield _NoServiceWorkers(b)
        b.close()


class RequestLog(list):
    """Every URL the page requested; `foreign()` lists those not served by our server."""

    def __init__(self, origin: str):
        super().__init__()
        self.origin = urlsplit(origin)

    def foreign(self) -> list[str]:
        out = []
        for url in self:
            u = urlsplit(url)
            if u.scheme in ("data", "blob", "about"):
                continue
            if (u.scheme, u.hostname, u.port) != (self.origin.scheme, self.origin.hostname, self.origin.port):
                out.append(url)
        return out


@pytest.fixture
def page(browser, server, request):
    """A fresh browser page; after the test, fails if any request left the local server."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    log = RequestLog(server)
    context.on("request", lambda r: log.append(r.url))
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.requests = log
    pg.errors = errors
    yield pg
    context.close()
    assert not log.foreign(), f"requests to other hosts: {log.foreign()}"


def wait_until(pg, expression: str, arg=None, timeout_ms: int = 60000, every_ms: int = 250):
    """Poll an expression (a function, async or not) in the page until its value is truthy.

    Playwright's wait_for_function takes a promise for a truthy value and returns at once, so an
    async condition (caches, the service worker's registration) is polled here instead."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        value = pg.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout_ms} ms: {expression[:200]}")
        pg.wait_for_timeout(every_ms)


def axe_violations(pg, severities=("serious", "critical")) -> list[dict]:
    """Run axe-core (from node_modules, injected locally) and return grave violations."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    # colours are judged as they settle: a button caught mid-transition (Material fades colours
    # in over .25 s, longer on a loaded machine) would read as a contrast failure
    pg.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # evaluated by the test's remote control, not as an inline <script>: the pages' CSP forbids those
    pg.evaluate("(source) => { (0, eval)(source); }", axe.read_text(encoding="utf-8"))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in severities
    ]


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path
