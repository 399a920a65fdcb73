"""Build the finished site into site/ (what gets published).

    python -m plansite.build          # = make build

Steps after `mkdocs build --strict`:

1. Search in the reader's language (plansite/search.py): one index per language, a clause
   per document, loaded by the site's search worker on the first search. (Every English page
   is also pointed at the English root by its theme configuration's `base`; search works
   with or without that.)
2. Extra build steps registered in EXTRA_STEPS (the browser calculators, the PDFs), each a
   module of plansite that a drafter can also run by hand (`python -m plansite.<module>`).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from plansite import ROOT, search
SITE = ROOT / "site"

# Modules run (python -m) after the MkDocs build, in order: (module, arguments). Each must exit 0.
EXTRA_STEPS: list[tuple[str, list[str]]] = [
    ("plansite.browser", []),  # the calculators in the browser: Pyodide, the wheel, site/assets/pyodide/
    ("plansite.pdf", []),   # the plan as A4 PDFs into site/pdf/
    ("plansite.compare", ["--site", "site"]),  # 修订对照表: current text vs the previous plan-vN tag
]

BASE_RE = re.compile(r'("base":\s*")([^"]*)(")')


def mkdocs_build() -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"],
                   cwd=ROOT, env=env, check=True)


def point_english_pages_at_their_index(site: Path = SITE) -> int:
    """Material loads `${base}/search/search_index.json`: make base the English root.

    The trailing slash matters: Material resolves base with `new URL(base, location)`.
    It also reads `${base}/sitemap.xml`; the English root gets a copy of the sitemap.
    """
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        (site / "en" / "sitemap.xml").write_bytes(sitemap.read_bytes())
    count = 0
    for page in (site / "en").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        start = text.find('<script id="__config"')
        if start < 0:
            continue
        end = text.find("</script>", start)
        block = text[start:end]
        new_block, n = BASE_RE.subn(lambda m: m.group(1) + m.group(2).rstrip("/") + "/en/" + m.group(3), block, count=1)
        if n != 1:
            raise RuntimeError(f"{page}: no base in the theme configuration")
        page.write_text(text[:start] + new_block + text[end:], encoding="utf-8")
        count += 1
    return count


def main() -> int:
    t0 = time.perf_counter()
    mkdocs_build()
    search.main()
    pages = point_english_pages_at_their_index()
    print(f"build_site: {pages} English pages re-pointed")
    for module, args in EXTRA_STEPS:
        subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, check=True)
    print(f"build_site: site/ built in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
