"""Measure how fast the calculator pages get going, against a naive Pyodide page, over nginx.

    python -m plansite.bench.browser [--site site] [--runs 3] [--page calculators/eligibility/]

Prints figures; it is not a test (times depend on the machine). In one run, in headless
Chromium (Debian's /usr/bin/chromium), both pages are served by the project's own nginx
configuration (plansite/serve.py, deploy/nginx/: what `make serve` and production run: brotli
files made at build time, immutable caching of content-hashed files, the CSP), over loopback:

- our calculator page, as built in site/ (run `make build` first);
- a naive baseline page, generated into a temporary directory and never published: it calls
  `loadPyodide()` on the main thread with Pyodide's stock standard library and lock file, then
  fetches and unpacks the same calculators wheel and imports the package (pre-compressed like
  the site, so the server is the same).

Two profiles: unthrottled, and a simulated 4G phone (Chrome DevTools Protocol:
Network.emulateNetworkConditions 9 Mbit/s down, 40 ms latency; Emulation.setCPUThrottlingRate 4,
applied to the page and, by auto-attaching, to its workers). For each, in a fresh browser
profile (service workers allowed, as for a reader): the first visit (navigation start → the form
ready, Python loaded; and → the first result, the button pressed as soon as it is ready), then a
second calculator in the same profile, then a return to the first; medians of --runs profiles.
Bytes are those nginx sent (its access log: $bytes_sent, headers included) between the
navigation and the result. On the first visit the reader then stays until the service worker
controls the page and the worker has kept its snapshot of the started Python; what moves
meanwhile (the service worker's background precache) is counted apart. The second and return
visits say whether they started from that snapshot.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from plansite import ROOT, compress, serve

SITE = ROOT / "site"
PYODIDE = ROOT / "node_modules" / "pyodide"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions",
]
# the simulated phone: 4G as DevTools' "Fast 4G"-like preset the issue names
PHONE = {"network": {"offline": False, "latency": 40, "downloadThroughput": 9e6 / 8,
                     "uploadThroughput": 3e6 / 8},
         "cpu": 4}

BASELINE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Naive Pyodide baseline</title>
<script src="pyodide/pyodide.js"></script></head>
<body>
<form data-calculator="eligibility"><input name="district" value="yueyanglou">
<button type="submit" disabled>Check</button></form>
<pre data-result></pre>
<script src="baseline.js"></script>
</body></html>
"""
# a file, not inline: nginx sends the site's CSP, which allows no inline script
BASELINE_JS = """// The naive way: Pyodide on the main thread, stock standard library and lock file, then the
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
"""


def baseline_dir(tmp: Path, site: Path) -> Path:
    root = tmp / "baseline"
    (root / "pyodide").mkdir(parents=True)
    for name in ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json"):
        shutil.copyfile(PYODIDE / name, root / "pyodide" / name)
    wheel = next((site / "assets" / "pyodide").glob("*/calculators-*.whl"))
    shutil.copyfile(wheel, root / wheel.name)
    (root / "index.html").write_text(BASELINE_HTML, encoding="utf-8")
    (root / "baseline.js").write_text(BASELINE_JS.replace("WHEEL", wheel.name), encoding="utf-8")
    compress.compress_site(root)
    return root


AUTO_SUBMIT = """new MutationObserver((_, observer) => {
    const form = document.querySelector('form[data-calculator][data-ready=true]');
    if (form) { observer.disconnect(); form.requestSubmit(); }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});"""


def throttle(context, pg, profile: dict | None) -> None:
    """The phone profile on the page and on every worker it starts (auto-attached, paused until
    throttled)."""
    if not profile:
        return
    cdp = context.new_cdp_session(pg)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", profile["network"])
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})


def visit(context, url: str, profile: dict | None, server: serve.Server, stay: bool = False) -> dict:
    """Load the page, press the button as soon as it is ready: the marks (ms) and the bytes nginx
    sent until the result. With stay=True the reader then stays on the page until the service
    worker controls it and the worker has kept its snapshot of the started Python (both in the
    background, after the result): what moved meanwhile is counted apart ("after")."""
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    throttle(context, pg, profile)
    # press the button the moment the form says it is ready (from inside the page: the
    # figure is the page's, not the remote control's reaction time)
    pg.add_init_script(AUTO_SUBMIT)
    mark = server.mark()
    pg.goto(url, wait_until="commit")
    pg.wait_for_selector("[data-result][data-status]", state="attached", timeout=180000)
    sent = sent_bytes(server, mark)
    marks = pg.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
        .filter(m => m.name.startsWith('calculator:')).map(m => [m.name.slice(11), m.startTime]))""")
    times = pg.evaluate("() => window.yyCalculatorTimes || null")
    after = 0
    if stay:
        mark = server.mark()
        # a function, not a string: the page's CSP allows no eval; a plain value, not a promise
        # (Playwright would take a promise for true)
        pg.wait_for_function("""() => !navigator.serviceWorker || (!!navigator.serviceWorker.controller
            && (performance.getEntriesByName('calculator:snapshot').length > 0 || !window.caches
                || !document.querySelector('form[data-calculator]')))""", timeout=180000, polling=250)
        after = sent_bytes(server, mark)
    pg.close()
    if errors:
        raise RuntimeError(f"{url}: {errors}")
    return {"ready": marks["ready"], "result": marks["result"], "bytes": sent, "after": after,
            "snapshot": bool(times and times.get("phases", {}).get("snapshot"))}


def sent_bytes(server: serve.Server, since: int) -> int:
    """What nginx sent since the mark (headers included)."""
    return sum(size for _, size, _ in server.sent(since))


def one_profile_run(pw, server: serve.Server, pages: list[str], profile: dict | None, tmp: Path,
                    stay: bool) -> dict:
    """A fresh browser profile: the first page, the second, then the first again (stay: the reader
    stays on the first until the site has kept what it keeps; the baseline keeps nothing)."""
    profile_dir = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    context = pw.chromium.launch_persistent_context(
        str(profile_dir), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 390, "height": 844} if profile else {"width": 1280, "height": 900},
        locale="zh-CN", service_workers="allow")
    out = {}
    try:
        for label, url in (("first", pages[0]), ("second", pages[1]), ("return", pages[0])):
            out[label] = visit(context, server.url + url, profile, server, stay=stay and label == "first")
        out["precache_bytes"] = out["first"]["after"]
    finally:
        context.close()
    return out


def measure(pw, server: serve.Server, pages: list[str], profile: dict | None, runs: int, tmp: Path,
            stay: bool = True) -> dict:
    rows = [one_profile_run(pw, server, pages, profile, tmp, stay) for _ in range(runs)]

    def med(label, key):
        return round(statistics.median(r[label][key] for r in rows))
    return {
        label: {"ready": med(label, "ready"), "result": med(label, "result"), "bytes": med(label, "bytes"),
                "runs": [round(r[label]["ready"]) for r in rows],
                "snapshot": sum(r[label]["snapshot"] for r in rows)}
        for label in ("first", "second", "return")
    } | {"precache_bytes": round(statistics.median(r.get("precache_bytes", 0) for r in rows))}


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
    ap.add_argument("--second", default="calculators/consent/", help="the second calculator")
    ap.add_argument("--runs", type=int, default=3, help="fresh browser profiles per profile and page")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    if not (args.site / args.page / "index.html").exists() or not (args.site / "assets" / "pyodide").exists():
        print(f"bench_browser: {args.site} has no built calculators: run `make build` first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    load_before = "%.2f %.2f %.2f" % os.getloadavg()
    results = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # nginx started as root serves as nobody, who must be able to read the baseline
        tmp.chmod(0o755)
        ours = serve.start(args.site, tmp / "nginx-ours")
        base = serve.start(baseline_dir(tmp, args.site), tmp / "nginx-baseline")
        try:
            with sync_playwright() as pw:
                for name, profile in (("unthrottled", None), ("phone", PHONE)):
                    results[name] = {
                        "ours": measure(pw, ours, [args.page, args.second], profile, args.runs, tmp),
                        "baseline": measure(pw, base, ["", ""], profile, args.runs, tmp, stay=False),
                    }
        finally:
            ours.stop()
            base.stop()

    figures = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "pyodide": json.loads((PYODIDE / "package.json").read_text())["version"],
        "page": args.page, "second": args.second,
        "load_before": load_before,
        "load_after": "%.2f %.2f %.2f" % os.getloadavg(),
        "results": results,
    }
    mb = lambda n: f"{n / 1e6:.2f} MB"  # noqa: E731
    print(f"bench_browser: {figures['date']}, {figures['machine']}, Pyodide {figures['pyodide']}, nginx")
    print(f"  load average before/after: {figures['load_before']} / {figures['load_after']}"
          " (other work on the machine slows every figure)")
    print(f"  {args.page}, then {args.second}, then {args.page} again; medians of {args.runs} fresh profiles")
    print(f"  phone: {PHONE['network']['downloadThroughput'] * 8 / 1e6:.0f} Mbit/s, "
          f"{PHONE['network']['latency']} ms, CPU ÷{PHONE['cpu']}")
    for name in ("unthrottled", "phone"):
        o, b = results[name]["ours"], results[name]["baseline"]
        print(f"  -- {name}")
        print(f"  {'':36}{'ours':>12}{'baseline':>12}")
        for label, key in (("first visit: navigation → ready", "first"), ("second calculator: → ready", "second"),
                           ("return visit: → ready", "return")):
            print(f"  {label:36}{str(o[key]['ready']) + ' ms':>12}{str(b[key]['ready']) + ' ms':>12}")
        print(f"  {'first visit: navigation → result':36}{str(o['first']['result']) + ' ms':>12}"
              f"{str(b['first']['result']) + ' ms':>12}")
        for label, key in (("first visit, sent", "first"), ("second calculator, sent", "second"),
                           ("return visit, sent", "return")):
            print(f"  {label:36}{mb(o[key]['bytes']):>12}{mb(b[key]['bytes']):>12}")
        print(f"  {'then, staying: offline precache':36}{mb(o['precache_bytes']):>12}{mb(b['precache_bytes']):>12}")
        print(f"  started from the kept snapshot: second {o['second']['snapshot']}/{args.runs},"
              f" return {o['return']['snapshot']}/{args.runs}")
        print(f"  runs (first, ms): ours {o['first']['runs']}, baseline {b['first']['runs']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
