"""Benchmark the workbook batch (issue 12; not a test): the command line on a generated
10,000-row survey workbook, and the screening page in a real browser on a 5,000-row one.

    python -m plansite.bench.workbook                      # both
    python -m plansite.bench.workbook --rows 10000 --browser-rows 5000 --no-browser

Prints, for ``python -m calculators eligibility --xlsx IN.xlsx -o OUT.xlsx``, rows per second
counting the whole command (start-up, reading, evaluating, writing the workbook) by the wall
clock and by its CPU time, and its peak memory (MB); for the browser (needs the built site,
chromium), the seconds from choosing the file (set_input_files) to the summary
([data-batch-summary]) with Python already loaded, and the Python part of it.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from plansite import ROOT

FIELDS = ["基础设施和功能明显不足", "物业管理不完善", "居民改造意愿强烈", "近5年实施过综合改造",
          "已纳入今后5年规划征迁改造范围", "违章建筑拆除情况较好", "已产生小区业主委员会或自治小组",
          "已纳入城镇棚户区改造计划、拟拆除新建（改建、扩建、翻建）", "以居民自建住房为主的区域", "城中村"]
DISTRICTS = ["岳阳楼区", "岳阳经开区", "南湖新区", "云溪区", "君山区", "平江县"]


def survey(n: int, seed: int = 9) -> bytes:
    from openpyxl import Workbook
    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("摸底调查表")
    ws.append(["小区名称", "街道（乡镇）", "小区所在区", "建成年份", *FIELDS, "户数", "建筑面积（平方米）"])
    for i in range(n):
        good = ["是"] * 3 + ["否", "否", "是", "是", "否", "否", "否"]
        answers = [g if rnd.random() < 0.85 else rnd.choice(["是", "否", "不清楚", None]) for g in good]
        ws.append([f"小区{i + 1}", f"街道{i % 17}", rnd.choice(DISTRICTS), rnd.randint(1980, 2010), *answers,
                   rnd.randint(20, 800), round(rnd.uniform(1000, 60000), 2)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def bench_cli(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "survey.xlsx"
        src.write_bytes(survey(rows))
        out = Path(tmp) / "out.xlsx"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "calculators", "eligibility", "--xlsx", str(src), "-o", str(out)],
                              capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 2):
            raise SystemExit(proc.stderr)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"cli: {rows} rows in {wall:.2f} s wall ({rows / wall:,.0f} rows/s), {cpu:.2f} s CPU "
              f"({rows / cpu:,.0f} rows/s); peak memory {after.ru_maxrss / 1024:.0f} MB; "
              f"input {src.stat().st_size / 1e6:.2f} MB, output {out.stat().st_size / 1e6:.2f} MB")


def bench_browser(rows: int, site: Path) -> None:
    from playwright.sync_api import sync_playwright

    if not (site / "calculators" / "screening" / "index.html").exists():
        raise SystemExit("bench: build the site first (python -m plansite.build)")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                          ".mjs": "text/javascript", ".js": "text/javascript"}

        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    data = survey(rows)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            pg = b.new_page()
            pg.goto(f"http://127.0.0.1:{httpd.server_address[1]}/calculators/screening/")
            t0 = time.perf_counter()
            pg.wait_for_selector('form[data-batch="eligibility"][data-ready="true"]', timeout=300_000)
            ready = time.perf_counter() - t0
            t1 = time.perf_counter()
            pg.set_input_files('form[data-batch="eligibility"] input[type="file"]',
                               files=[{"name": "survey.xlsx", "mimeType": "application/octet-stream", "buffer": data}])
            pg.wait_for_selector("[data-batch-summary]", timeout=600_000)
            secs = time.perf_counter() - t1
            times = pg.evaluate("window.yyScreeningTimes.eligibility")
            b.close()
    finally:
        httpd.shutdown()
    print(f"browser: {rows} rows, {len(data) / 1e6:.2f} MB: {secs:.2f} s from choosing the file to the summary "
          f"(Python {times['python_ms'] / 1000:.2f} s, drawing the page {times['render_ms'] / 1000:.2f} s); Python and the workbook library ready {ready:.1f} s "
          "after the page loaded")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--browser-rows", type=int, default=5_000)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--site", type=Path, default=ROOT / "site")
    args = ap.parse_args(argv)
    bench_cli(args.rows)
    if not args.no_browser:
        bench_browser(args.browser_rows, args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
