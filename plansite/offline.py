"""The site offline after one visit: a service worker written at build time (a build step).

    python -m plansite.offline [--site site]

Workbox's generateSW (workbox-build, pinned in package-lock.json; plansite/offline.mjs) writes
site/sw.js. docs/assets/js/offline.js registers it on every page once the page is idle, says on
the page when the reader is offline, and, once a calculator's Python is ready, puts the runtime's
files into the runtime cache (from the HTTP cache: no byte moves again). What the worker keeps:

- precached on the first visit (in the background, after the page): every HTML page of both
  languages (the plan, the guides, the forms, the calculators' pages), the stylesheets and
  scripts they use; a revision per file, so a new build updates what changed and drops the rest;
- cache-first, the first time they are used: Pyodide's files and the wheel
  (assets/pyodide/<hash>/), the search index (assets/search/<hash>/): content-hashed, so a cached
  copy is always right, and a new build has new names. The caches carry the hash in their names
  (yy-runtime-<hash>, yy-search-<hash>); site/sw-caches.js, imported by the worker, deletes
  those of earlier builds when the new worker takes over;
- anything else of this site (PDFs, the comments' data): the network, or the last copy offline.

Offline, a plan page never visited opens (it was precached), and a calculator that ran once comes
back ready. Browsers that have no service workers simply get the site online, as before.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from plansite import ROOT

SITE = ROOT / "site"
SCRIPT = Path(__file__).with_name("offline.mjs")
OTHER_CACHE = "yy-other"

CLEANUP_JS = """// Written by plansite/offline.py with the service worker (sw.js imports it): when a new
// build's worker takes over, delete the runtime caches of earlier builds.
self.addEventListener("activate", (event) => {
  const keep = new Set(%s);
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((n) => n.startsWith("yy-") && !keep.has(n)).map((n) => caches.delete(n)))));
});
"""


def hashed_dir(site: Path, under: str) -> str:
    dirs = [d.name for d in (site / under).iterdir() if d.is_dir() and re.fullmatch(r"[0-9a-f]+", d.name)]
    if len(dirs) != 1:
        raise SystemExit(f"offline: expected one content-hashed directory in {under}/, found {dirs}")
    return dirs[0]


def cache_names(site: Path) -> dict:
    """The runtime caches' names: the page (assets/js/offline.js) derives the same from its page-data."""
    from plansite.browser import runtime_cache
    return {"runtimeCache": runtime_cache(hashed_dir(site, "assets/pyodide")),
            "searchCache": "yy-search-" + hashed_dir(site, "assets/search")}


def build(site: Path = SITE) -> dict:
    names = cache_names(site)
    (site / "sw-caches.js").write_text(
        CLEANUP_JS % json.dumps([names["runtimeCache"], names["searchCache"], OTHER_CACHE]), encoding="utf-8")
    proc = subprocess.run(["node", str(SCRIPT), json.dumps({"site": str(site.resolve()), **names})],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not (site / "sw.js").exists():
        raise SystemExit(f"offline: workbox-build failed:\n{proc.stdout}{proc.stderr}")
    if proc.stderr.strip():
        print(proc.stderr.strip(), file=sys.stderr)
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), **names}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE)
    args = ap.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"offline: {args.site} is not built: run `make build`", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    info = build(args.site)
    print(f"offline: sw.js precaches {info['count']} files ({info['size'] / 1e6:.1f} MB before compression); "
          f"runtime caches {info['runtimeCache']}, {info['searchCache']} ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
