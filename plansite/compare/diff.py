"""Two versions of the plan and what changed between them, clause by clause and, inside a
changed clause, character by character (Chinese) or word by word (English)."""
from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from plansite import plandoc
from plansite.numbering import strip_marker

TAG_RE = re.compile(r"^plan-v(\d+)$")
WORKTREE = "WORKTREE"
SIMILAR = 0.75      # a deleted and an added clause this alike are one clause that moved


# -- reading versions --------------------------------------------------------------------------

@dataclass
class Version:
    rev: str                       # as given (tag, commit, WORKTREE)
    commit: str                    # short commit id ("" for the working tree)
    meta: dict                     # lang -> version, status, date from the preamble's front matter
    clauses: dict[str, list[tuple[str, str, str]]]  # lang -> [(id, page name, text)] in order


def git(repo: Path, *args: str, binary: bool = False):
    out = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return out.stdout if binary else out.stdout.decode("utf-8").strip()


def plan_tags(repo: Path) -> list[str]:
    """plan-v1, plan-v2, … in version order (an empty list outside git or without tags)."""
    try:
        names = git(repo, "tag", "--list", "plan-v*").split()
    except (RuntimeError, OSError):
        return []
    tags = [t for t in names if TAG_RE.match(t)]
    return sorted(tags, key=lambda t: int(TAG_RE.match(t).group(1)))


def plan_pages(docs: Path, lang: str) -> list[tuple[str, Path]]:
    """The plan's pages in reading order: plandoc.PLAN_PAGES, then any other page under
    docs/plan/ (a section added later) except the one-page full text."""
    out = [(n, plandoc.page_path(n, lang, docs)) for n in plandoc.PLAN_PAGES]
    out = [(n, p) for n, p in out if p.exists()]
    known = {n for n, _ in out}
    for p in sorted((docs / "plan").glob(f"*.{lang}.md")) if (docs / "plan").is_dir() else []:
        name = "plan/" + p.name[: -len(f".{lang}.md")]
        if name not in known and not name.startswith("plan/full"):
            out.append((name, p))
    return out


def read_docs(docs: Path, rev: str, commit: str) -> Version:
    clauses: dict[str, list[tuple[str, str, str]]] = {}
    meta: dict[str, dict] = {}
    for lang in plandoc.LANGS:
        rows = []
        for name, path in plan_pages(docs, lang):
            page = plandoc.parse_page(path)
            if name == "plan/preamble":
                m = page.meta
                meta[lang] = {
                    "version": str(m.get("version") or ""),
                    # `status` before the key became `document_status`
                    "status": str(m.get("document_status") or m.get("status") or ""),
                    "date": str(m.get("date") or ""),
                }
            rows += [(c.id, name, c.text) for c in page.clauses]
        clauses[lang] = rows
    return Version(rev, commit, meta, clauses)


def read_version(repo: Path, rev: str) -> Version:
    """A version of the plan: a git revision, or the working tree (WORKTREE)."""
    if rev == WORKTREE:
        return read_docs(repo / "docs", rev, "")
    commit = git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    data = git(repo, "archive", "--format=tar", commit, "docs/plan", binary=True)
    with tempfile.TemporaryDirectory(prefix="plan-compare-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        return read_docs(Path(tmp) / "docs", rev, commit[:7])


# -- comparing clauses ---------------------------------------------------------------------------

@dataclass
class Row:
    kind: str                 # changed | added | deleted | moved
    id: str                   # the clause's id (new id when it has one)
    old_id: str | None
    new_id: str | None
    old_text: str
    new_text: str
    old_page: str | None
    new_page: str | None
    moved: bool = False       # a changed clause may also have moved
    ops: list = field(default_factory=list)   # [(op, old text, new text)], op "=" or "~"
    sort_key: tuple = ()


def unnumbered(text: str) -> str:
    """A clause's words without its number (a renumbered clause is still the same clause)."""
    return strip_marker(text)


def compare_clauses(old: list[tuple[str, str, str]], new: list[tuple[str, str, str]]) -> list[Row]:
    """Rows of the comparison of one language, in the reading order of the new version
    (deleted clauses after the clause that preceded them)."""
    o = {cid: (i, page, text) for i, (cid, page, text) in enumerate(old)}
    n = {cid: (i, page, text) for i, (cid, page, text) in enumerate(new)}
    old_common = [cid for cid, _, _ in old if cid in n]
    new_common = [cid for cid, _, _ in new if cid in o]
    sm = difflib.SequenceMatcher(None, old_common, new_common, autojunk=False)
    in_order = {old_common[b.a + k] for b in sm.get_matching_blocks() for k in range(b.size)}

    rows: list[Row] = []
    for cid in new_common:
        oi, opage, otext = o[cid]
        ni, npage, ntext = n[cid]
        moved = cid not in in_order or opage != npage
        if otext != ntext:
            rows.append(Row("changed", cid, cid, cid, otext, ntext, opage, npage, moved))
        elif moved:
            rows.append(Row("moved", cid, cid, cid, otext, ntext, opage, npage, True))
    deleted = [cid for cid, _, _ in old if cid not in n]
    added = [cid for cid, _, _ in new if cid not in o]
    # a clause given a new id: as alike as one clause edited, it is one clause that moved
    for d in list(deleted):
        best, best_r = None, SIMILAR
        for a in added:
            r = difflib.SequenceMatcher(None, unnumbered(o[d][2]), unnumbered(n[a][2]), autojunk=False).ratio()
            if r >= best_r:
                best, best_r = a, r
        if best is not None:
            deleted.remove(d)
            added.remove(best)
            rows.append(Row("moved", best, d, best, o[d][2], n[best][2], o[d][1], n[best][1], True))
    for cid in added:
        rows.append(Row("added", cid, None, cid, "", n[cid][2], None, n[cid][1]))
    for cid in deleted:
        rows.append(Row("deleted", cid, cid, None, o[cid][2], "", o[cid][1], None))

    # reading order: by the new position; a deleted clause right after its old predecessor
    for r in rows:
        if r.new_id is not None:
            r.sort_key = (n[r.new_id][0], 0, 0)
        else:
            i = o[r.old_id][0]
            prev = next((old[k][0] for k in range(i - 1, -1, -1) if old[k][0] in n), None)
            r.sort_key = ((n[prev][0] if prev else -1), 1, i)
        r.ops = diff_ops(r.old_text, r.new_text)
    rows.sort(key=lambda r: r.sort_key)
    return rows


# -- character-level differences -----------------------------------------------------------------

# Numbers (with their decimal point, thousands separators, % and fractions) and Latin words are
# kept whole; every other character is its own token, which for Chinese means one character.
TOKEN_RE = re.compile(r"\d+(?:[.,/]\d+)*\s*[%％]?|[A-Za-z]+(?:['’\-][A-Za-z]+)*|\s+|.", re.S)


def tokens(s: str) -> list[str]:
    return TOKEN_RE.findall(s)


def diff_ops(a: str, b: str) -> list[tuple[str, str, str]]:
    """[(op, old, new)]: "=" unchanged text, "~" old text replaced by new text (either may be
    empty), after the clean-up that makes highlights readable."""
    ta, tb = tokens(a), tokens(b)
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    ops: list[list[str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        x, y = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if tag == "equal":
            ops.append(["=", x, y])
        else:
            ops.append(["~", x, y])
    return [tuple(op) for op in cleanup(ops)]


def _size(op) -> int:
    return max(len(op[1]), len(op[2]))


def cleanup(ops: list[list[str]]) -> list[list[str]]:
    """Semantic clean-up, after diff-match-patch's: an unchanged stretch between two changes
    that is no longer than the changes on both sides of it (or a single character) is folded
    into one change, so that 将“意愿强烈”改为“意愿较为迫切” is shown as one replacement and not
    as a scatter of single characters."""
    ops = _merge(ops)
    changed = True
    while changed:
        changed = False
        for k in range(1, len(ops) - 1):
            eq, left, right = ops[k], ops[k - 1], ops[k + 1]
            if eq[0] != "=" or left[0] != "~" or right[0] != "~":
                continue
            n = len(eq[1])
            if n <= 1 or (n <= _size(left) and n <= _size(right)):
                ops[k - 1: k + 2] = [["~", left[1] + eq[1] + right[1], left[2] + eq[2] + right[2]]]
                changed = True
                break
    # give back what a replacement starts or ends with unchanged (after folding)
    out: list[list[str]] = []
    for op in ops:
        if op[0] == "~" and op[1] and op[2]:
            p = _common_prefix_tokens(op[1], op[2])
            s = _common_suffix_tokens(op[1][len(p):], op[2][len(p):])
            if p:
                out.append(["=", p, p])
            mid = ["~", op[1][len(p): len(op[1]) - len(s)], op[2][len(p): len(op[2]) - len(s)]]
            if mid[1] or mid[2]:
                out.append(mid)
            if s:
                out.append(["=", s, s])
        else:
            out.append(op)
    return _merge(out)


def _common_prefix_tokens(a: str, b: str) -> str:
    ta, tb = tokens(a), tokens(b)
    k = 0
    while k < min(len(ta), len(tb)) and ta[k] == tb[k]:
        k += 1
    return "".join(ta[:k])


def _common_suffix_tokens(a: str, b: str) -> str:
    ta, tb = tokens(a), tokens(b)
    k = 0
    while k < min(len(ta), len(tb)) and ta[-1 - k] == tb[-1 - k]:
        k += 1
    return "".join(ta[len(ta) - k:]) if k else ""


def _merge(ops: list[list[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for op in ops:
        if not op[1] and not op[2]:
            continue
        if out and out[-1][0] == op[0]:
            out[-1] = [op[0], out[-1][1] + op[1], out[-1][2] + op[2]]
        else:
            out.append(list(op))
    return out


def changes_of(row: Row) -> list[tuple[str, str]]:
    """The (old, new) fragments that changed inside a clause."""
    return [(op[1], op[2]) for op in row.ops if op[0] == "~"]


@dataclass
class Comparison:
    old: Version
    new: Version
    rows: dict[str, list[Row]]     # lang -> rows


def compare(old: Version, new: Version) -> Comparison:
    return Comparison(old, new, {lang: compare_clauses(old.clauses.get(lang, []), new.clauses.get(lang, []))
                                 for lang in plandoc.LANGS})

