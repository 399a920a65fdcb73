"""Measure how fast the calculator pages get going, against a naive Pyodide page.

    python -m plansite.bench.browser [--site site] [--cold 3] [--warm 5] [--page calculators/eligibility/]

Prints figures; it is not a test (times depend on the machine). In one run, in headless
Chromium (Debian's /usr/bin/chromium), over loopback, with gzip:

- our calculator page, as built in site/ (run `make build` first);
- a naive baseline page, generated into a temporary directory and never published: it calls
  `loadPyodide()` on the main thread with Pyodide's stock standard library and lock file, then
  fetches and unpacks the same calculators wheel and imports the package.

For each page: navigation start to "ready" (Python loaded and the package imported) and to the
first result (the button pressed as soon as the page is ready), and the time from pressing the
button to the result, cold (a fresh browser profile: empty HTTP and code caches) and warm (the
same profile again), as medians; and the bytes transferred on a first visit (HTTP bodies and
headers as sent, gzip-compressed where the client accepts it).

The server is a small static server written for this benchmark: gzip (level 9, compressed once
per file), ETag revalidation, and `Cache-Control: public, max-age=31536000, immutable` for
versioned files (content-hashed names: assets/pyodide/<hash>/, Material's *.<hash>.min.js/css),
`no-cache` for the rest, as a production server would be configured.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plansite import ROOT
SITE = ROOT / "site"
PYODIDE = ROOT / "node_modules" / "pyodide"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions",
]
TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
    ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm",
    ".zip": "application/zip", ".whl": "application/zip", ".svg": "image/svg+xml",
    ".png": "image/png", ".ico": "image/x-icon", ".xml": "application/xml", ".csv": "text/csv",
    ".pdf": "application/pdf", ".map": "application/json", ".py": "text/x-python",
}
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".whl", ".svg", ".xml",
                ".csv", ".map", ".py"}
VERSIONED = [re.compile(r"(^|/)assets/pyodide/[0-9a-f]{12}/"),
             re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0
        self.not_modified = 0

    def reset(self):
        with self.lock:
            self.bytes = self.requests = self.not_modified = 0

    def add(self, n: int, not_modified: bool = False):
        with self.lock:
            self.bytes += n
            self.requests += 1
            self.not_modified += not_modified


def make_handler(root: Path, stats: Stats):
    cache: dict = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _file(self) -> Path | None:
            path = unquote(urlsplit(self.path).path)
            target = (root / path.lstrip("/")).resolve()
            if root.resolve() not in target.parents and target != root.resolve():
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None

        def _send(self, status: int, headers: dict, body: bytes = b""):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
            # bytes on the wire: status line and headers as sent, and the body
            head = len(f"HTTP/1.1 {status} OK\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in headers.items()) + 2
            stats.add(head + len(body), status == 304)

        def do_GET(self):
            target = self._file()
            if target is None:
                self._send(404, {"Content-Length": "0", "Cache-Control": "no-cache"})
                return
            key = (str(target), target.stat().st_mtime_ns)
            entry = cache.get(key)
            if entry is None:
                raw = target.read_bytes()
                etag = '"' + hashlib.sha256(raw).hexdigest()[:20] + '"'
                packed = gzip.compress(raw, 9, mtime=0) if target.suffix in COMPRESSIBLE else None
                entry = cache[key] = (raw, packed, etag)
            raw, packed, etag = entry
            rel = target.relative_to(root.resolve()).as_posix()
            immutable = any(p.search(rel) for p in VERSIONED)
            headers = {
                "Content-Type": TYPES.get(target.suffix, "application/octet-stream"),
                "Cache-Control": "public, max-age=31536000, immutable" if immutable else "no-cache",
                "ETag": etag,
                "Vary": "Accept-Encoding",
            }
            if self.headers.get("If-None-Match") == etag:
                self._send(304, headers)
                return
            body = raw
            if packed is not None and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = packed
                headers["Content-Encoding"] = "gzip"
            headers["Content-Length"] = str(len(body))
            self._send(200, headers, body)

        do_HEAD = do_GET

    return Handler


def serve(root: Path):
    stats = Stats()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(root, stats))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/", stats


BASELINE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Naive Pyodide baseline</title>
<script src="pyodide/pyodide.js"></script></head>
<body>
<form data-calculator="eligibility"><input name="district" value="yueyanglou">
<button type="submit" disabled>Check</button></form>
<pre data-result></pre>
<script>
// The naive way: Pyodide on the main thread, stock standard library and lock file, then the
// same wheel, installed after Python has started.
(async () => {
  const pyodide = await loadPyodide({ indexURL: "pyodide/" });
  const wheel = await (await fetch("WHEEL")).arrayBuffer();
  pyodide.unpackArchive(new Uint8Array(wheel), "wheel");
  pyodide.runPython("import json, calculators");
  performance.mark("calculator:ready");
  const form = document.querySelector("form");
  form.setAttribute("data-ready", "true");
  form.querySelector("button").disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    performance.mark("calculator:submit");
    const input = JSON.stringify({ district: form.district.value });
    const out = pyodide.runPython(`json.dumps(calculators.calculate("eligibility", json.loads(${JSON.stringify(input)})))`);
    const result = JSON.parse(out);
    const box = document.querySelector("[data-result]");
    box.textContent = out;
    box.setAttribute("data-status", result.status);
    performance.mark("calculator:result");
  });
})();
</script>
</body></html>
"""


def baseline_dir(tmp: Path, site: Path) -> Path:
    root = tmp / "baseline"
    (root / "pyodide").mkdir(parents=True)
    for name in ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json"):
        shutil.copyfile(PYODIDE / name, root / "pyodide" / name)
    wheel = next((site / "assets" / "pyodide").glob("*/calculators-*.whl"))
    shutil.copyfile(wheel, root / wheel.name)
    (root / "index.html").write_text(BASELINE_HTML.replace("WHEEL", wheel.name), encoding="utf-8")
    return root


def visit(context, url: str) -> dict:
    """Load the page, press the button as soon as it is ready, return the marks (ms)."""
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # press the button the moment the form says it is ready (from inside the page: the
    # figure is the page's, not the remote control's reaction time)
    pg.add_init_script("""new MutationObserver((_, observer) => {
        const form = document.querySelector('form[data-calculator][data-ready=true]');
        if (form) { observer.disconnect(); form.requestSubmit(); }
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});""")
    pg.goto(url, wait_until="commit")
    pg.wait_for_selector("[data-result][data-status]", state="attached", timeout=120000)
    marks = pg.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
        .filter(m => m.name.startsWith('calculator:')).map(m => [m.name.slice(11), m.startTime]))""")
    worker = pg.evaluate("window.yyCalculatorTimes || null")
    pg.close()
    if errors:
        raise RuntimeError(f"{url}: {errors}")
    out = {"ready": marks["ready"], "result": marks["result"], "latency": marks["result"] - marks["submit"]}
    if worker:  # our page: when the worker started, and its phases (ms after that)
        out["phases"] = {"worker starts": round(marks["worker"]), **worker["phases"],
                         "answer": round(marks["answer"] - marks["submit"])}
    return out


def measure(pw, url: str, stats: Stats, cold: int, warm: int, tmp: Path) -> dict:
    colds, warms, sent = [], [], []
    for i in range(cold):
        profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, locale="zh-CN")
        try:
            stats.reset()
            colds.append(visit(context, url))
            sent.append((stats.bytes, stats.requests))
            if i == 0:
                # warm visits: the same profile, its HTTP and code caches filled
                for _ in range(warm):
                    stats.reset()
                    warms.append(visit(context, url) | {"bytes": stats.bytes, "requests": stats.requests,
                                                        "not_modified": stats.not_modified})
        finally:
            context.close()

    def med(rows, key):
        return round(statistics.median(r[key] for r in rows))
    return {
        "cold": {"ready": med(colds, "ready"), "result": med(colds, "result"), "latency": med(colds, "latency"),
                 "runs": [round(r["ready"]) for r in colds]},
        "warm": {"ready": med(warms, "ready"), "result": med(warms, "result"), "latency": med(warms, "latency"),
                 "runs": [round(r["ready"]) for r in warms],
                 "bytes": med(warms, "bytes"), "requests": med(warms, "requests")},
        "phases_cold": colds[0].get("phases"),
        "phases_warm": warms[-1].get("phases"),
        "first_visit_bytes": statistics.median(b for b, _ in sent),
        "first_visit_requests": statistics.median(n for _, n in sent),
    }


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "chromium"
    distro = ""
    try:
        distro = dict(l.split("=", 1) for l in Path("/etc/os-release").read_text().splitlines() if "=" in l) \
            .get("PRETTY_NAME", "").strip('"')
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu or platform.machine()}), {distro or platform.platform()}, {chromium}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE)
    ap.add_argument("--page", default="calculators/eligibility/", help="the calculator page to measure")
    ap.add_argument("--cold", type=int, default=3, help="cold visits, each with a fresh profile")
    ap.add_argument("--warm", type=int, default=5, help="warm visits after the first cold one")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    if not (args.site / args.page / "index.html").exists() or not (args.site / "assets" / "pyodide").exists():
        print(f"bench_browser: {args.site} has no built calculators: run `make build` first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    load_before = "%.2f %.2f %.2f" % os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ours_httpd, ours_url, ours_stats = serve(args.site)
        base_httpd, base_url, base_stats = serve(baseline_dir(tmp, args.site))
        try:
            with sync_playwright() as pw:
                ours = measure(pw, ours_url + args.page, ours_stats, args.cold, args.warm, tmp)
                base = measure(pw, base_url, base_stats, args.cold, args.warm, tmp)
        finally:
            ours_httpd.shutdown()
            base_httpd.shutdown()

    figures = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "pyodide": json.loads((PYODIDE / "package.json").read_text())["version"],
        "page": args.page,
        "load_before": load_before,
        "load_after": "%.2f %.2f %.2f" % os.getloadavg(),
        "ours": ours,
        "baseline": base,
    }
    mb = lambda n: f"{n / 1e6:.2f} MB"  # noqa: E731
    print(f"bench_browser: {figures['date']}, {figures['machine']}, Pyodide {figures['pyodide']}")
    print(f"  load average before/after: {figures['load_before']} / {figures['load_after']}"
          " (other work on the machine slows every figure)")
    print(f"  page {args.page}; medians of {args.cold} cold visits (fresh profile) and {args.warm} warm visits")
    print(f"  {'':28}{'ours':>12}{'baseline':>12}")
    rows = [
        ("cold: navigation → ready", ours["cold"]["ready"], base["cold"]["ready"], " ms"),
        ("cold: navigation → result", ours["cold"]["result"], base["cold"]["result"], " ms"),
        ("warm: navigation → ready", ours["warm"]["ready"], base["warm"]["ready"], " ms"),
        ("warm: navigation → result", ours["warm"]["result"], base["warm"]["result"], " ms"),
        ("button → result (warm)", ours["warm"]["latency"], base["warm"]["latency"], " ms"),
    ]
    for label, a, b, unit in rows:
        print(f"  {label:28}{str(a) + unit:>12}{str(b) + unit:>12}")
    print(f"  {'first visit, transferred':28}{mb(ours['first_visit_bytes']):>12}{mb(base['first_visit_bytes']):>12}")
    print(f"  {'first visit, requests':28}{ours['first_visit_requests']:>12}{base['first_visit_requests']:>12}")
    print(f"  {'warm visit, transferred':28}{mb(ours['warm']['bytes']):>12}{mb(base['warm']['bytes']):>12}")
    print(f"  cold runs (ready, ms): ours {ours['cold']['runs']}, baseline {base['cold']['runs']}")
    print(f"  warm runs (ready, ms): ours {ours['warm']['runs']}, baseline {base['warm']['runs']}")
    if ours.get("phases_warm"):
        print(f"  ours, where the time goes (ms; Python phases counted from the worker's start):")
        print(f"    cold: {ours['phases_cold']}")
        print(f"    warm: {ours['phases_warm']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
