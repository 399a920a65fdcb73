"""Measure how the consent page copes with a big signature roster (issue 13; not a test).

    python -m plansite.bench.not_signed [--site site] [--units 100000 1000000]

For each roster size, in headless Chromium (Debian's /usr/bin/chromium) on the built site
(run `python -m plansite.build` first), over loopback: the time from pressing the button to
the first rows of the list of owners who have not signed, the time to sort that list by owner
and by 房号, and the longest main-thread task over all of it (a PerformanceObserver of
"longtask" entries: any task over 50 ms, during which the page cannot answer the reader).
The roster is generated (one owner in three has not signed or is to be verified), so runs are
comparable.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from plansite import ROOT
from plansite.bench.browser import serve

CHROMIUM = "/usr/bin/chromium"
LONGTASKS = """() => { window.__long = []; new PerformanceObserver(l => {
  for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({type: "longtask"}); }"""


def roster(n: int) -> bytes:
    lines = ["房号,业主,面积,是否签字"]
    for i in range(n):
        signed = "是" if i % 3 else ("否" if i % 2 else "待核实")
        lines.append(f"{i // 100 + 1}-{i % 100 + 1},业主{i:07d},{50 + i % 90}.{i % 100:02d},{signed}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def measure(browser, url: str, n: int) -> dict:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url + "calculators/consent/")
    page.wait_for_selector("form[data-calculator=consent][data-ready=true]", state="attached", timeout=120000)
    page.set_input_files('input[name="units"]', files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": roster(n)}])
    page.wait_for_selector("form[data-roster=loaded]", state="attached")
    page.evaluate(LONGTASKS)
    t0 = time.perf_counter()
    page.click("form[data-calculator] [type=submit]")
    page.wait_for_selector("[data-not-signed] tbody tr", state="attached", timeout=600000)
    result = time.perf_counter() - t0
    sorts = {}
    for key in ("owner", "unit"):
        t0 = time.perf_counter()
        page.click(f"[data-not-signed] button[data-sort-by={key}]")
        page.wait_for_selector(f"[data-not-signed]:not([aria-busy])[data-sort={key}][data-rendered]",
                               state="attached", timeout=600000)
        sorts[key] = time.perf_counter() - t0
    out = {"listed": int(page.get_attribute("[data-not-signed]", "data-count")),
           "result_s": result, "sort_s": sorts,
           "longest_ms": page.evaluate("Math.max(0, ...window.__long)"),
           "long_tasks": page.evaluate("window.__long.length")}
    page.context.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site")
    ap.add_argument("--units", type=int, nargs="+", default=[100_000])
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright
    httpd, url, _stats = serve(args.site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
            for n in args.units:
                m = measure(browser, url, n)
                print(f"{n:,} units ({m['listed']:,} owners listed): first rows {m['result_s']:.1f} s after the "
                      f"button; sort by owner {m['sort_s']['owner']:.2f} s, by 房号 {m['sort_s']['unit']:.2f} s; "
                      f"longest main-thread task {m['longest_ms']:.0f} ms ({m['long_tasks']} over 50 ms)")
            browser.close()
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
