"""What the comment feature needs in site/ (a step of plansite/build.py, after `mkdocs build`).

    python -m plansite.comments_site [--site DIR]

Readers comment on the plan clause by clause, in their own browser (docs/assets/js/comments*.js);
nothing is sent anywhere. The comments page and the exported files show each clause's citation
and its own words, and they come from here, from the plan model (plansite.plandoc), never a copy:

    site/assets/data/clauses.zh.json, clauses.en.json
        the plan's title, version and status, and every clause in the plan's order: id, citation
        (and the Chinese citation on the English side), link, text
    site/assets/vendor/docx-<version>/index.iife.js, LICENSE
        the npm package `docx` (pinned exactly in package-lock.json), byte for byte from
        node_modules: the browser writes the Word 意见反馈表 with it. It is loaded only when a
        reader asks for a Word file.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from plansite import ROOT
from plansite import plandoc

SITE = ROOT / "site"
DOCX = ROOT / "node_modules" / "docx"
DOCX_FILES = ("dist/index.iife.js", "LICENSE")
DATA_FORMAT = 1


def docx_version(package: Path = DOCX) -> str:
    meta = package / "package.json"
    if not meta.exists():
        raise SystemExit(f"comments_site: {package} is missing: run scripts/setup.sh (npm ci)")
    return json.loads(meta.read_text(encoding="utf-8"))["version"]


def plan_meta(lang: str) -> dict:
    meta = plandoc.parse_page(plandoc.page_path("plan/preamble", lang)).meta
    word = "版本" if lang == "zh" else "version"
    return {
        "title": plandoc.TITLE[lang],
        "title_zh": plandoc.TITLE["zh"],
        "status": meta["document_status"],
        "version": str(meta["version"]),
        "date": str(meta["date"]),
        "version_label": f"{meta['document_status']} · {word} {meta['version']} · {meta['date']}",
    }


def clause_data(lang: str, docx_path: str) -> dict:
    """Every clause of the plan, in the plan's order, as the comments page shows it."""
    clauses = []
    for page in plandoc.load_plan(lang):
        name = "plan/" + page.path.name.rsplit(".", 2)[0]
        for c in page.clauses:
            clauses.append({
                "id": c.id,
                "cite": plandoc.citation(c.id, lang),
                "cite_zh": plandoc.citation(c.id, "zh"),
                "url": plandoc.page_url(name, lang) + "#" + c.anchor,
                "text": c.text,
            })
    return {
        "format": DATA_FORMAT,
        "lang": lang,
        "plan": plan_meta(lang),
        "comments_page": plandoc.page_url("comments", lang),
        "docx": docx_path,
        "clauses": clauses,
    }


def write(site: Path) -> dict:
    version = docx_version()
    vendor = Path("assets") / "vendor" / f"docx-{version}"
    (site / vendor).mkdir(parents=True, exist_ok=True)
    for rel in DOCX_FILES:
        shutil.copyfile(DOCX / rel, site / vendor / Path(rel).name)
    docx_path = (vendor / "index.iife.js").as_posix()
    out = {"docx": (site / docx_path).stat().st_size}
    data_dir = site / "assets" / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    for lang in plandoc.LANGS:
        path = data_dir / f"clauses.{lang}.json"
        path.write_text(json.dumps(clause_data(lang, docx_path), ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")
        out[lang] = path.stat().st_size
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, default=SITE, help="the built site (default: site/)")
    args = ap.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"comments_site: {args.site} has no index.html: run mkdocs build first", file=sys.stderr)
        return 1
    sizes = write(args.site)
    print(f"comments_site: clause data {sizes['zh']} B (zh), {sizes['en']} B (en); "
          f"docx library {sizes['docx']} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
