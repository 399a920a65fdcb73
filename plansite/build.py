"""Build the finished site into site/ (what gets published).

    python -m plansite.build          # = make build

Steps after `mkdocs build --strict`:

1. Search in the reader's language (plansite/search.py): one index per language, a clause
   per document, loaded by the site's search worker on the first search. Every English page
   also gets the English root as its theme configuration's `base` (plansite/hook.py).
2. Extra build steps registered in EXTRA_STEPS (the PDFs, the comments' data), each a module of
   plansite that a drafter can also run by hand (`python -m plansite.<module>`). The browser
   calculators' runtime and the table of changes are part of the MkDocs build itself
   (plansite/hook.py, plansite/browser.py, plansite/compare.py).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from plansite import ROOT, search
SITE = ROOT / "site"

# Modules run (python -m) after the MkDocs build, in order: (module, arguments). Each must exit 0.
EXTRA_STEPS: list[tuple[str, list[str]]] = [
    ("plansite.pdf", []),   # the plan as A4 PDFs into site/pdf/
    ("plansite.comments_site", []),  # comments: clause data for the comments page, the docx library
    ("plansite.survey", []),  # the screening page's templates into site/downloads/ (issue 12)
    # a sitemap beside every page (Material's language selector asks for it), robots.txt
    ("plansite.sitemaps", []),
    # the service worker (Workbox): offline after one visit
    ("plansite.offline", []),
    # last: .br and .gz beside every text, JSON and wasm file, for the server to send as they are
    ("plansite.compress", []),
]


def mkdocs_build() -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"],
                   cwd=ROOT, env=env, check=True)




def main() -> int:
    t0 = time.perf_counter()
    mkdocs_build()
    search.main()
    for module, args in EXTRA_STEPS:
        subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, check=True)
    print(f"build_site: site/ built in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
