"""修订对照表: a clause-by-clause comparison of two versions of the plan, from git.

    python -m plansite.compare OLD [NEW]      # = make compare OLD=plan-v1 NEW=HEAD
    python -m plansite.compare                # the latest plan-vN tag against the working tree
    python -m plansite.compare --site site    # build step: the page "修订对照表" of the site

OLD and NEW are git revisions (tags such as plan-v1, branches, commits); NEW defaults to the
working tree, uncommitted edits included. Both versions are read with `git archive` into a
temporary directory and parsed with plansite/plandoc.py, the one parser of the plan.

Writes build/compare/OLD..NEW.html, the table (条款 / 修改前 / 修改后, then the same for the
English text) for printing on A4 landscape, and build/compare/OLD..NEW.md, a short summary for
a pull request description, which is also printed.

Clauses are matched by their id (ids never change, see docs/about/clause-ids.zh.md):
changed (same id, other words), added, deleted, and moved (same id in another place; or, when
a drafter gave an existing clause a new id, a deleted and an added clause with nearly the same
words). Inside a changed clause the difference is shown character by character for Chinese
(it has no spaces, so words cannot be diffed) and word by word for English, with numbers kept
whole and tiny islands of unchanged text merged into the change around them, so that the
highlights read as the drafter's edit.

Versions are recorded in policy/versions.yaml (git tags plan-v1, plan-v2, … where that file is
missing); the site lists them and compares the current text with the previous recorded version
(--site), and says so plainly when there is none.

    diff.py     the two versions (from git or the working tree) and what changed between them
    render.py   the table: HTML for A4 landscape and the site, Markdown for a pull request
    site.py     the site's page 修订对照表, filled in after the MkDocs build
    __init__    the command line, and the names the rest of the project uses
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from plansite import plandoc
from plansite.compare.diff import (  # noqa: F401 (the package's interface)
    SIMILAR, TAG_RE, WORKTREE, Comparison, Row, Version, changes_of, cleanup, compare,
    compare_clauses, diff_ops, git, plan_pages, plan_tags, read_docs, read_version, tokens,
    unnumbered,
)
from plansite.compare.render import (  # noqa: F401
    CSS, LABELS, counts, counts_text, fragment_html, markdown_summary, page_html, table_html,
    version_line,
)
from plansite.compare.versions import VERSIONS_FILE, Recorded, VersionsError, recorded_versions  # noqa: F401
from plansite.compare.site import (  # noqa: F401
    PLACEHOLDER, SITE_TEXT, SiteChanges, build_site_page, site_base, site_block, site_comparison, site_html,
    site_summary, write_printables,
)

# -- command line ----------------------------------------------------------------------------------

def safe_name(rev: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", rev)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="修订对照表: compare two versions of the plan from git.")
    ap.add_argument("old", nargs="?", help="the earlier revision (default: the latest recorded version)")
    ap.add_argument("new", nargs="?", default=WORKTREE, help="the later revision (default: the working tree)")
    ap.add_argument("--repo", type=Path, default=plandoc.ROOT, help="the git repository (default: this one)")
    ap.add_argument("--out", type=Path, default=None, help="output directory (default: REPO/build/compare)")
    ap.add_argument("--site", type=Path, default=None,
                    help="build step: fill SITE/changes/ with the comparison of the current text "
                         "and the previous tagged version")
    args = ap.parse_args(argv)
    repo = args.repo.resolve()
    if args.site is not None:
        print(build_site_page(repo, args.site.resolve()))
        return 0
    old = args.old
    if not old:
        try:
            versions = recorded_versions(repo)
        except VersionsError as e:
            print(f"compare: {e}", file=sys.stderr)
            return 2
        if not versions:
            print("compare: no recorded version (policy/versions.yaml) and no plan-v* tag; give OLD, e.g. "
                  "make compare OLD=<commit>\n没有版本记录（policy/versions.yaml）也没有 plan-v* 标签，"
                  "请指定 OLD，例如 make compare OLD=<提交>", file=sys.stderr)
            return 2
        old = versions[-1].rev
    new = args.new or WORKTREE
    try:
        cmp = compare(read_version(repo, old), read_version(repo, new))
    except RuntimeError as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    out = args.out or repo / "build" / "compare"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{safe_name(old)}..{safe_name(new if new != WORKTREE else 'worktree')}"
    html_path, md_path = out / f"{stem}.html", out / f"{stem}.md"
    html_path.write_text(page_html(cmp), encoding="utf-8")
    summary = markdown_summary(cmp)
    md_path.write_text(summary, encoding="utf-8")
    print(summary)
    print(f"compare: wrote {html_path} and {md_path}", file=sys.stderr)
    return 0

