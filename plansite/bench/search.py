"""Search: relevance, weight and speed of the site's search, against the alternatives.

    python -m plansite.bench.search [--site site] [--engines ours,material,pagefind] [--json FILE]

Prints figures; it is not a test (tests/test_search.py holds the site's search to the same
relevance set). Run `make build` first. Every engine runs in headless Chromium (Debian's
/usr/bin/chromium) over loopback, served gzip-compressed by plansite.bench.browser's server,
on the relevance set tests/fixtures/search/relevance.yaml:

- `ours`: the site as built (plansite/search.py, docs/assets/search/worker.js), queried in
  Material's search box as a reader would;
- `material`: Material's stock search as the site had it: the same pages, with Material's own
  worker and the index MkDocs wrote (kept in build/search/ by the build), split by language
  as plansite/build.py used to split it, queried in the same search box;
- `pagefind`: Pagefind (the npm package, extended build: ICU segmentation of Chinese) over a
  copy of the built pages, marked up as Pagefind documents it: `data-pagefind-body` on the
  content (not on the one-page full text), `data-pagefind-title` on every clause (so each
  clause is a sub-result), `data-pagefind-weight` 3 on the plan and 2 on the calculators,
  the status banner ignored; queried with its JavaScript API, results in its order, each
  page's sub-results in their order. Pagefind has no aliases.

A result answers a query when it links to an answering clause, or to the page or heading
section that holds it (generous to the engines that cannot link to a clause), also on the
one-page full text. The results are those a reader sees as links: for Material's list, the
sections under each page (the page itself when it has none); the first ten pages rendered.
Figures: top-1 and first-three (share of queries with an answer first, or in the first three),
MRR (mean of 1/rank of the first answer, 0 when none), for Chinese and English separately;
bytes fetched for search on page load and on the first search (gzip, HTTP bodies and
headers); time from the keystroke (keyup) to the results in the page: the first query typed
just after the search box is opened, and each keystroke after that.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from plansite import ROOT, plandoc
from plansite.bench import browser as bench_browser, pyserver
from plansite.search import STOCK, CONFIG_RE

SITE = ROOT / "site"
RELEVANCE = ROOT / "tests" / "fixtures" / "search" / "relevance.yaml"
PAGEFIND = ROOT / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
ENGINES = ("ours", "material", "pagefind")
REPEAT = 5   # first searches measured, each in a fresh browser context
START = {"zh": "plan/section-1/", "en": "en/plan/section-1/"}

# Links of the results as the reader sees them: under each page its sections, or the page
# itself when it has none.
RESULTS_JS = """() => {
  const out = [];
  for (const li of document.querySelectorAll('.md-search-result__item')) {
    const links = [...li.querySelectorAll('a.md-search-result__link')];
    for (const a of (links.length > 1 ? links.slice(1) : links)) out.push(a.href);
  }
  return out;
}"""
# Type a query as a keystroke does (Material reads the box on keyup); resolve with the time
# until the results change in the page (null if they do not within 15 s).
QUERY_JS = """async (q) => {
  const box = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  const t0 = performance.now();
  const done = new Promise(resolve => {
    const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now() - t0); });
    mo.observe(list, {childList: true});
    mo.observe(meta, {childList: true, characterData: true, subtree: true});
    setTimeout(() => { mo.disconnect(); resolve(null); }, 15000);
  });
  box.value = q;
  box.dispatchEvent(new KeyboardEvent('keyup', {key: q.slice(-1) || 'End', bubbles: true}));
  const ms = await done;
  await new Promise(r => setTimeout(r, 20));
  return ms;
}"""
PAGEFIND_HTML = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Pagefind ({lang})</title></head>
<body><script type="module">
// Loaded on the first query, as a search page would.
window.pagefindQuery = async (q) => {{
  const t0 = performance.now();
  if (!window.pagefind) {{ window.pagefind = await import("/pagefind/pagefind.js"); await window.pagefind.init(); }}
  const search = await window.pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  const links = [];
  for (const d of data) for (const s of (d.sub_results.length ? d.sub_results : [d])) links.push(s.url);
  return {{ms: performance.now() - t0, links}};
}};
</script></body></html>
"""


def load_relevance(path: Path = RELEVANCE) -> dict[str, list[tuple[str, list[str]]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: [(str(row["q"]), [str(a) for a in row["a"]]) for row in data[lang]] for lang in ("zh", "en")}


def clause_places(lang: str) -> dict[str, tuple[str, str]]:
    """Clause id -> (its page, relative to the site root; its anchor)."""
    out = {}
    for cid, (page, clause) in plandoc.clause_index(lang).items():
        name = "plan/" + page.path.name.rsplit(".", 2)[0]
        out[cid] = (plandoc.page_url(name, lang), clause.anchor)
    return out


def site_path(link: str) -> tuple[str, str]:
    """A result link as (path relative to the site root, fragment)."""
    u = urlsplit(link)
    return u.path.lstrip("/"), u.fragment


def answers(link: str, cid: str, lang: str, places: dict) -> bool:
    page, anchor = places[cid]
    path, frag = site_path(link)
    full = ("en/" if lang == "en" else "") + "plan/full/"
    if path not in (page, full):
        return False
    if not frag:
        return path == page
    if frag == anchor:
        return True
    # a heading section that holds the clause: #clause-7-1 holds 7.1.3
    return frag.startswith("clause-") and cid.startswith(plandoc.anchor_to_id(frag) + ".")


def rank(links: list[str], wanted: list[str], lang: str, places: dict) -> int | None:
    for i, link in enumerate(links, start=1):
        if any(answers(link, cid, lang, places) for cid in wanted):
            return i
    return None


def scores(ranks: list[int | None]) -> dict:
    n = len(ranks)
    return {
        "queries": n,
        "top1": sum(r == 1 for r in ranks) / n,
        "top3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def open_search(pg, url: str) -> None:
    """Open a page and its search box, as a reader does (click)."""
    pg.goto(url)
    pg.wait_for_load_state("networkidle")
    pg.locator("input.md-search__input").click()


def run_queries(pg, queries: list[str]) -> list[tuple[list[str], float | None]]:
    """Each query typed into the open search box in turn: (result links, ms to results)."""
    out = []
    for q in queries:
        ms = pg.evaluate(QUERY_JS, q)
        out.append((pg.evaluate(RESULTS_JS), ms))
    return out


class Recorder:
    """Bytes sent by a bench_browser server, by path (it only keeps totals)."""

    def __init__(self, handler_class):
        self.rows: list[tuple[str, int]] = []
        recorder = self
        original = handler_class._send

        def _send(handler, status, headers, body=b""):
            original(handler, status, headers, body)
            # counted as bench_browser counts it: status line, headers and body as sent
            head = len(f"HTTP/1.1 {status} OK\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in headers.items()) + 2
            sent = len(body) if body and handler.command != "HEAD" else 0
            recorder.rows.append((urlsplit(handler.path).path, head + sent))
        handler_class._send = _send

    def reset(self):
        self.rows.clear()

    def total(self, pattern: str = "") -> int:
        return sum(n for p, n in self.rows if re.search(pattern, p))

    def files(self, pattern: str = "") -> list[tuple[str, int]]:
        return [(p, n) for p, n in self.rows if re.search(pattern, p)]


def serve(root: Path):
    stats = pyserver.Stats()
    handler = pyserver.make_handler(root, stats)
    recorder = Recorder(handler)
    import http.server
    import threading
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/", recorder


def copy_site(site: Path, dest: Path, page_fn) -> None:
    """The site's pages and assets into dest (not the Pyodide runtime or the PDFs), each HTML
    page passed through page_fn(relative path, text)."""
    for src in site.rglob("*"):
        rel = src.relative_to(site)
        if rel.parts[:2] == ("assets", "pyodide") or rel.parts[:1] == ("pdf",) or src.is_dir():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".html":
            target.write_text(page_fn(rel.as_posix(), src.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(src, target)


def stock_split(material: dict) -> dict[str, dict]:
    """Material's index split by language, as plansite/build.py used to split it."""
    zh, en = [], []
    for doc in material["docs"]:
        loc = doc["location"]
        if loc == "en/" or loc.startswith(("en/", "en#")):
            en.append(dict(doc, location=loc[3:] if loc.startswith("en/") else loc[2:]))
        else:
            zh.append(doc)
    return {
        "zh": dict(material, docs=zh, config=dict(material["config"], lang=["zh"])),
        "en": dict(material, docs=en, config=dict(material["config"], lang=["en"],
                                                  pipeline=["stopWordFilter", "trimmer"])),
    }


def material_site(site: Path, dest: Path) -> Path:
    """The site with Material's stock search, as it was before plansite/search.py."""
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).relative_to(site).as_posix()

    def page(rel: str, text: str) -> str:
        m = CONFIG_RE.search(text)
        if not m:
            return text
        cfg = json.loads(m.group(2))
        prefix = cfg["search"][:cfg["search"].find("assets/")]
        cfg["search"] = prefix + worker
        if rel.startswith("en/") and not cfg["base"].rstrip("/").endswith("en"):
            cfg["base"] = cfg["base"].rstrip("/") + "/en/"
        return text[:m.start(2)] + json.dumps(cfg, ensure_ascii=False) + text[m.end(2):]

    copy_site(site, dest, page)
    split = stock_split(json.loads(STOCK.read_text(encoding="utf-8")))
    for lang, index in split.items():
        path = dest / ("en/" if lang == "en" else "") / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    if (dest / "sitemap.xml").exists():
        shutil.copyfile(dest / "sitemap.xml", dest / "en" / "sitemap.xml")
    return dest


ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">')
CLAUSE_ID_RE = re.compile(r'(<(?:p|h[1-6])\b[^>]*\bid="(clause-' + plandoc.ANCHOR_BODY + r')")')


def pagefind_site(site: Path, dest: Path) -> Path:
    """The built pages marked up for Pagefind, indexed by Pagefind's extended build."""
    def page(rel: str, text: str) -> str:
        lang = "en" if rel.startswith("en/") else "zh"
        path = rel.removeprefix("en/")
        if path.startswith("plan/full/"):
            return text  # not indexed: it repeats every clause
        weight = 3 if path.startswith("plan/") else 2 if path.startswith("calculators/") else 1
        text = ARTICLE_RE.sub(f'<article class="md-content__inner md-typeset" data-pagefind-body'
                              f' data-pagefind-weight="{weight}">', text, count=1)
        text = text.replace('<p class="plan-status"', '<p class="plan-status" data-pagefind-ignore')
        text = text.replace('<p class="page-updated"', '<p class="page-updated" data-pagefind-ignore')

        def title(m):
            cid = plandoc.anchor_to_id(m.group(2))
            return f'{m.group(1)} data-pagefind-title="{plandoc.citation(cid, lang)}"'
        return CLAUSE_ID_RE.sub(title, text)

    copy_site(site, dest, page)
    out = subprocess.run([str(PAGEFIND), "--site", str(dest), "--output-subdir", "pagefind", "--quiet"],
                         capture_output=True, text=True, timeout=600)
    if out.returncode:
        raise RuntimeError(f"pagefind failed: {out.stderr or out.stdout}")
    bench = dest / "__bench__"
    bench.mkdir()
    for lang in ("zh", "en"):
        (bench / f"pagefind-{lang}.html").write_text(PAGEFIND_HTML.format(lang=lang), encoding="utf-8")
    return dest


def new_context(pw_browser):
    return pw_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})


def bench_material_box(pw_browser, base: str, recorder: Recorder, rel: dict) -> dict:
    """An engine behind Material's search box (ours, or Material's own)."""
    out = {}
    for lang, rows in rel.items():
        places = clause_places(lang)
        ctx = new_context(pw_browser)
        pg = ctx.new_page()
        recorder.reset()
        pg.goto(base + START[lang])
        pg.wait_for_load_state("networkidle")
        on_load = recorder.total(r"search|lunr")
        on_load_files = recorder.files(r"search|lunr")
        recorder.reset()
        pg.locator("input.md-search__input").click()
        first_ms = pg.evaluate(QUERY_JS, rows[0][0])   # typed just after opening the box
        pg.wait_for_load_state("networkidle")
        first_bytes = recorder.total()
        first_files = recorder.files()
        results = [(pg.evaluate(RESULTS_JS), first_ms)] + run_queries(pg, [q for q, _ in rows[1:]])
        ranks = [rank(links, wanted, lang, places) for (links, _), (_, wanted) in zip(results, rows)]
        # keystrokes: each query typed one character at a time, after the first search
        keys = []
        for q, _ in rows[:12]:
            pg.evaluate(QUERY_JS, "")
            for i in range(1, len(q) + 1):
                ms = pg.evaluate(QUERY_JS, q[:i])
                if ms is not None:
                    keys.append(ms)
        ctx.close()
        # the first query, typed as soon as the search box opens and a second after (fresh
        # browsers; medians of REPEAT)
        firsts, laters = [first_ms], []
        for i in range(2 * REPEAT - 1):
            ctx = new_context(pw_browser)
            pg = ctx.new_page()
            pg.goto(base + START[lang])
            pg.wait_for_load_state("networkidle")
            pg.locator("input.md-search__input").click()
            wait = i % 2 == 0
            if wait:
                pg.wait_for_timeout(1000)
            (laters if wait else firsts).append(pg.evaluate(QUERY_JS, rows[0][0]))
            ctx.close()
        first_ms = statistics.median(x for x in firsts if x is not None)
        first_later_ms = statistics.median(x for x in laters if x is not None)
        out[lang] = scores(ranks) | {
            "ranks": {q: r for (q, _), r in zip(rows, ranks)},
            "bytes_on_load": on_load, "bytes_first_search": first_bytes,
            "files_on_load": on_load_files, "files_first_search": first_files,
            "first_ms": first_ms, "first_after_1s_ms": first_later_ms,
            "keystroke_ms": statistics.median(keys) if keys else None,
            "keystroke_p90_ms": sorted(keys)[int(len(keys) * 0.9)] if keys else None,
        }
    return out


def bench_pagefind(pw_browser, base: str, recorder: Recorder, rel: dict) -> dict:
    out = {}
    for lang, rows in rel.items():
        places = clause_places(lang)
        ctx = new_context(pw_browser)
        pg = ctx.new_page()
        pg.goto(base + f"__bench__/pagefind-{lang}.html")
        pg.wait_for_load_state("networkidle")
        recorder.reset()
        results = []
        first_bytes = None
        for q, _ in rows:
            r = pg.evaluate("q => window.pagefindQuery(q)", q)
            if first_bytes is None:
                pg.wait_for_load_state("networkidle")
                first_bytes, first_files = recorder.total(), recorder.files()
            results.append(([base.rstrip("/") + u for u in r["links"]], r["ms"]))
        ranks = [rank(links, wanted, lang, places) for (links, _), (_, wanted) in zip(results, rows)]
        ctx.close()
        firsts = [results[0][1]]
        for _ in range(REPEAT - 1):
            ctx = new_context(pw_browser)
            pg = ctx.new_page()
            pg.goto(base + f"__bench__/pagefind-{lang}.html")
            pg.wait_for_load_state("networkidle")
            firsts.append(pg.evaluate("q => window.pagefindQuery(q)", rows[0][0])["ms"])
            ctx.close()
        times = [ms for _, ms in results[1:]]
        out[lang] = scores(ranks) | {
            "ranks": {q: r for (q, _), r in zip(rows, ranks)},
            "bytes_on_load": 0, "bytes_first_search": first_bytes, "first_ms": statistics.median(firsts),
            "first_after_1s_ms": None, "files_on_load": [], "files_first_search": first_files,
            "keystroke_ms": statistics.median(times), "keystroke_p90_ms": sorted(times)[int(len(times) * 0.9)],
        }
    return out


def index_sizes(site: Path) -> dict:
    import gzip
    sizes = {}
    bundle = next((site / "assets" / "search").glob("[0-9a-f]" * 12), None)
    if bundle:
        for f in sorted(bundle.iterdir()):
            raw = f.read_bytes()
            sizes[f.name] = (len(raw), len(gzip.compress(raw, 9)))
    return sizes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--misses", action="store_true", help="list the queries without an answer in the first three")
    ap.add_argument("--files", action="store_true", help="list the files fetched for search, with their sizes")
    args = ap.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    if not (args.site / "assets" / "search").exists() or not STOCK.exists():
        print("bench_search: no search built: run `make build` first", file=sys.stderr)
        return 1
    if "pagefind" in engines and not PAGEFIND.exists():
        print(f"bench_search: {PAGEFIND} missing: run `npm ci`", file=sys.stderr)
        return 1
    rel = load_relevance()
    from playwright.sync_api import sync_playwright

    load_before = "%.2f %.2f %.2f" % os.getloadavg()
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as pw:
        tmp = Path(tmp_name)
        pw_browser = pw.chromium.launch(executable_path=bench_browser.CHROMIUM,
                                        args=bench_browser.CHROMIUM_ARGS, headless=True)
        for engine in engines:
            t0 = time.perf_counter()
            root = {"ours": lambda: args.site,
                    "material": lambda: material_site(args.site, tmp / "material"),
                    "pagefind": lambda: pagefind_site(args.site, tmp / "pagefind")}[engine]()
            httpd, base, recorder = serve(root)
            try:
                run = bench_pagefind if engine == "pagefind" else bench_material_box
                figures[engine] = run(pw_browser, base, recorder, rel)
            finally:
                httpd.shutdown()
            print(f"bench_search: {engine} measured in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        pw_browser.close()

    meta = {"date": dt.date.today().isoformat(), "machine": bench_browser.machine(),
            "load_before": load_before, "load_after": "%.2f %.2f %.2f" % os.getloadavg(),
            "queries": {lang: len(rows) for lang, rows in rel.items()}, "index": index_sizes(args.site)}
    print(f"bench_search: {meta['date']}, {meta['machine']}")
    print(f"  load average before/after: {meta['load_before']} / {meta['load_after']}")
    print(f"  relevance set: {RELEVANCE.relative_to(ROOT)}: {meta['queries']['zh']} Chinese, "
          f"{meta['queries']['en']} English queries")
    pct = lambda x: f"{x * 100:.1f}%"  # noqa: E731
    kb = lambda n: "–" if n is None else f"{n / 1024:.1f} KB"  # noqa: E731
    ms = lambda x: "–" if x is None else f"{x:.0f} ms"  # noqa: E731
    head = (f"  {'engine':10}{'lang':6}{'top-1':>8}{'first 3':>9}{'MRR':>7}{'on load':>10}{'1st search':>12}"
            f"{'1st result':>12}{'after 1 s':>11}{'keystroke':>11}{'p90':>8}")
    print(head)
    for engine in engines:
        for lang in ("zh", "en"):
            f = figures[engine][lang]
            print(f"  {engine:10}{lang:6}{pct(f['top1']):>8}{pct(f['top3']):>9}{f['mrr']:>7.3f}"
                  f"{kb(f['bytes_on_load']):>10}{kb(f['bytes_first_search']):>12}{ms(f['first_ms']):>12}"
                  f"{ms(f['first_after_1s_ms']):>11}"
                  f"{ms(f['keystroke_ms']):>11}{ms(f['keystroke_p90_ms']):>8}")
    print("  on load: bytes fetched for search when a page opens; 1st search: bytes fetched by the first")
    print("  query; 1st result: keyup to results for a query typed just after opening the search box")
    print("  (after 1 s: typed a second after opening it; Pagefind: its first query, from nothing loaded);")
    print(f"  keystroke: keyup to results for each later keystroke (median; p90); first results: medians of")
    print(f"  {REPEAT} fresh browsers. gzip, loopback.")
    for name, (raw, gz) in meta["index"].items():
        print(f"  site/assets/search/…/{name}: {raw / 1024:.0f} KB, {gz / 1024:.1f} KB gzip")
    if args.files:
        for engine in engines:
            for lang in ("zh", "en"):
                f = figures[engine][lang]
                for when in ("on_load", "first_search"):
                    listed = ", ".join(f"{p} {n / 1024:.1f}" for p, n in f[f"files_{when}"])
                    print(f"  {engine} {lang} {when.replace('_', ' ')} (KB): {listed or 'nothing'}")
    if args.misses:
        for engine in engines:
            for lang in ("zh", "en"):
                miss = [f"{q} ({r or '–'})" for q, r in figures[engine][lang]["ranks"].items() if not r or r > 3]
                print(f"  {engine} {lang} not in the first three: {', '.join(miss) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(meta | figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
