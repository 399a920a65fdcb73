"""Keep each English page's record of the Chinese text it translates.

Every English plan page lists, in its front matter under `translates:`, a short hash of the
Chinese text of each clause it translates. When a drafter changes a Chinese clause, its hash
no longer matches and the lint reports the English clause as a stale translation.

    python -m plansite.translation_sync --check            # list stale or missing clauses
    python -m plansite.translation_sync plan/section-3     # after updating a translation:
                                                          # record the current Chinese hashes

Only run the second form once the English text really says what the Chinese says.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from plansite import plandoc


def stale(name: str, docs: Path = plandoc.DOCS) -> list[tuple[str, str]]:
    """(clause id, problem) for each clause of the English page out of step with the Chinese."""
    zh = plandoc.parse_page(plandoc.page_path(name, "zh", docs))
    en = plandoc.parse_page(plandoc.page_path(name, "en", docs))
    return stale_clauses(zh, en)


def stale_clauses(zh: plandoc.Page, en: plandoc.Page) -> list[tuple[str, str]]:
    """(clause id, "missing" | "stale") for each Chinese clause whose hash the English page
    does not record, or records differently."""
    recorded = {str(k): str(v) for k, v in (en.meta.get("translates") or {}).items()}
    out = []
    for c in zh.clauses:
        if c.id not in recorded:
            out.append((c.id, "missing"))
        elif recorded[c.id] != c.hash:
            out.append((c.id, "stale"))
    return out


def record(name: str, docs: Path = plandoc.DOCS) -> None:
    zh = plandoc.parse_page(plandoc.page_path(name, "zh", docs))
    path = plandoc.page_path(name, "en", docs)
    raw = path.read_text(encoding="utf-8")
    meta, body, _ = plandoc.split_front_matter(raw)
    meta["translates"] = {c.id: c.hash for c in zh.clauses}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="report stale translations, change nothing")
    ap.add_argument("pages", nargs="*", help="pages to record, e.g. plan/section-3 (default: all)")
    args = ap.parse_args(argv)
    pages = [re.sub(r"\.(zh|en)\.md$", "", p).removeprefix("docs/") for p in args.pages] or plandoc.PLAN_PAGES
    if args.check:
        bad = [(p, cid, why) for p in pages for cid, why in stale(p)]
        for p, cid, why in bad:
            print(f"{p}.en.md: clause {cid}: translation {why}")
        return 1 if bad else 0
    for p in pages:
        record(p)
        print("recorded", p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
