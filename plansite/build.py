"""Build the finished site into site/ (what gets published).

    python -m plansite.build          # = make build

Steps after `mkdocs build --strict`:

1. Search in the reader's language. mkdocs-static-i18n writes one index for both languages,
   so a Chinese reader gets English results and the reverse. The index is split in two:
   site/search/search_index.json (Chinese pages) and site/en/search/search_index.json
   (English pages, locations relative to /en/); every English page is pointed at its own
   index by its theme configuration's `base`, which the MkDocs hook sets (plansite/hook.py).
2. Extra build steps registered in EXTRA_STEPS (the PDFs), each a module of plansite that a
   drafter can also run by hand (`python -m plansite.<module>`). The browser calculators'
   runtime and the table of changes are part of the MkDocs build itself (plansite/hook.py,
   plansite/browser.py, plansite/compare.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from plansite import ROOT
SITE = ROOT / "site"

# Modules run (python -m) after the MkDocs build, in order: (module, arguments). Each must exit 0.
EXTRA_STEPS: list[tuple[str, list[str]]] = [
    ("plansite.pdf", []),   # the plan as A4 PDFs into site/pdf/
    ("plansite.comments_site", []),  # comments: clause data for the comments page, the docx library
]


def mkdocs_build() -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"],
                   cwd=ROOT, env=env, check=True)


def split_search_index(site: Path = SITE) -> tuple[int, int]:
    """One search index per language; returns (zh docs, en docs)."""
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    zh_docs, en_docs = [], []
    for doc in index["docs"]:
        loc = doc["location"]
        if loc == "en/" or loc.startswith("en/") or loc.startswith("en#"):
            en_docs.append(dict(doc, location=loc[3:] if loc.startswith("en/") else loc[2:]))
        else:
            zh_docs.append(doc)
    zh = dict(index, docs=zh_docs, config=dict(index["config"], lang=["zh"]))
    # No stemmer in either language: Material adds a wildcard to the query's last word, and
    # lunr does not stem wildcard terms, so with a stemmer whole English words find nothing.
    en_config = dict(index["config"], lang=["en"], pipeline=["stopWordFilter", "trimmer"])
    en = dict(index, docs=en_docs, config=en_config)
    path.write_text(json.dumps(zh, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    en_path = site / "en" / "search" / "search_index.json"
    en_path.parent.mkdir(parents=True, exist_ok=True)
    en_path.write_text(json.dumps(en, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(zh_docs), len(en_docs)


def main() -> int:
    t0 = time.perf_counter()
    mkdocs_build()
    zh, en = split_search_index()
    print(f"build_site: search index split: {zh} zh entries, {en} en entries")
    for module, args in EXTRA_STEPS:
        subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, check=True)
    print(f"build_site: site/ built in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
