"""The site's page 修订对照表 (docs/changes/): the list of the plan's recorded versions
(policy/versions.yaml), each with what changed and its files, and the current text against the
previous recorded version; filled in after the MkDocs build (python -m plansite.compare --site site)."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from plansite import plandoc
from plansite.compare.diff import WORKTREE, Comparison, compare, compare_clauses, read_version
from plansite.compare.versions import Recorded, VersionsError, recorded_versions
from plansite.compare.render import counts_text, fragment_html, page_html

PLACEHOLDER = '<div class="plan-compare" data-compare="{lang}"></div>'


SITE_TEXT = {
    "zh": {
        "intro": "下表对照当前文本与{label}（{date}）。",
        "print": "可打印的对照表（A4 横向，中英文）",
        "first": "方案目前只有这一个版本：{label}（{status}，{date}）。没有更早的版本可以对照；方案修订后，本页将逐条列出修改之处。",
        "none": "方案的版本记录暂缺，因此本页暂无对照表。",
        "error": "暂时无法生成对照表：{error}",
        "label": "第{n}版",
        "versions": "版本记录",
        "cols": ("版本", "日期", "状态", "修改内容", "文件"),
        "current": "（当前）",
        "pdf": "PDF：",
        "pdfs": (("zh", "中文版"), ("en", "英文版"), ("zh-en", "中英对照版")),
        "pair": "与{label}对照",
    },
    "en": {
        "intro": "The table compares the current text with {label} ({date}).",
        "print": "Printable table of changes (A4 landscape, Chinese and English)",
        "first": ("The plan has one version so far: {label} ({status}, {date}). There is no earlier version to "
                  "compare it with; once the plan is revised, this page will list every change, clause by clause."),
        "none": "The plan's record of versions is missing, so this page has no table of changes yet.",
        "error": "The table of changes cannot be made at the moment: {error}",
        "label": "version {n}",
        "versions": "Versions",
        "cols": ("Version", "Date", "Status", "What changed", "Files"),
        "current": " (current)",
        "pdf": "PDF: ",
        "pdfs": (("zh", "Chinese"), ("en", "English"), ("zh-en", "Chinese–English")),
        "pair": "compared with {label}",
    },
}
STATUS_EN = {"征求意见稿": "draft for public comment"}
PDF_FILE = "yueyang-renovation-plan-draft.{edition}.pdf"


def label(v: Recorded, lang: str) -> str:
    return SITE_TEXT[lang]["label"].format(n=v.version)


def site_base(repo: Path) -> tuple[Recorded | None, Recorded | None]:
    """(the recorded version to compare the current text with, or None; the only version when
    the current text is that first version). The current text is the working tree: if it
    differs from the latest recorded version, it is compared with that one; if it is the latest
    version's text, it is compared with the version before."""
    versions = recorded_versions(repo)
    if not versions:
        return None, None
    current = read_version(repo, WORKTREE)
    latest = read_version(repo, versions[-1].rev)
    if any(compare_clauses(latest.clauses[l], current.clauses[l]) for l in plandoc.LANGS):
        return versions[-1], None
    if len(versions) >= 2:
        return versions[-2], None
    return None, versions[-1]


def pair_file(old: Recorded, new: Recorded) -> str:
    return f"compare-v{old.version}-v{new.version}.html"


def versions_html(versions: list[Recorded], lang: str, prefix: str, pairs: set[str]) -> str:
    """The list of versions, newest first, each with what changed and its files."""
    t = SITE_TEXT[lang]
    if not versions:
        return ""
    rows = []
    for i in range(len(versions) - 1, -1, -1):
        v = versions[i]
        status = v.status if lang == "zh" else STATUS_EN.get(v.status, v.status)
        files = []
        if i == len(versions) - 1:
            sep = "、" if lang == "zh" else ", "
            files.append(t["pdf"] + sep.join(f'<a href="{prefix}pdf/{PDF_FILE.format(edition=e)}">{html.escape(n)}</a>'
                                             for e, n in t["pdfs"]))
        if i > 0 and pair_file(versions[i - 1], v) in pairs:
            files.append(f'<a href="{prefix}changes/{pair_file(versions[i - 1], v)}">'
                         f'{html.escape(t["pair"].format(label=label(versions[i - 1], lang)))}</a>')
        name = html.escape(label(v, lang)) + (t["current"] if i == len(versions) - 1 else "")
        rows.append(f"<tr><td>{name}</td><td>{html.escape(v.date)}</td><td>{html.escape(status)}</td>"
                    f"<td>{html.escape(v.changes.get(lang, ''))}</td><td>{'<br>'.join(files)}</td></tr>")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in t["cols"])
    return (f'<h2 id="versions">{html.escape(t["versions"])}</h2>'
            f'<table class="versions"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def site_block(repo: Path, lang: str, cmp: Comparison | None, first: Recorded | None,
               error: str | None, printable: str, base: Recorded | None = None,
               versions_block: str = "") -> str:
    t = SITE_TEXT[lang]
    style = ("<style>.plan-compare table.compare{width:100%;table-layout:fixed;font-size:.7rem;border-collapse:collapse}"
             ".plan-compare th,.plan-compare td{border:1px solid var(--md-default-fg-color--lighter);padding:.3em .5em;text-align:left}"
             ".plan-compare thead th{background:var(--md-default-fg-color--lightest)}"
             ".plan-compare table.compare col.clause{width:14%}"
             ".plan-compare td{vertical-align:top;overflow-wrap:anywhere}"
             ".plan-compare td.clause .cite,.plan-compare td.clause .note{display:block;font-size:.85em}"
             ".plan-compare .kind{display:inline-block;padding:0 .3em;border:1px solid currentColor;border-radius:.2em;font-size:.85em}"
             ".plan-compare del{background:#fbd5d5;color:#7a0000}"
             ".plan-compare ins{background:#d4f0d4;color:#004d00;text-decoration:underline}"
             ".plan-compare table.versions{border-collapse:collapse;font-size:.75rem}"
             ".plan-compare table.versions td{vertical-align:top}</style>")
    if error:
        body = f"<p>{html.escape(t['error'].format(error=error))}</p>"
    elif cmp is None and first:
        status = first.status if lang == "zh" else STATUS_EN.get(first.status, first.status)
        body = f"<p>{html.escape(t['first'].format(label=label(first, lang), status=status, date=first.date))}</p>"
    elif cmp is None:
        body = f"<p>{html.escape(t['none'])}</p>"
    else:
        when = base.date if base and base.date else cmp.old.commit
        body = (f"<p>{html.escape(t['intro'].format(label=label(base, lang) if base else cmp.old.rev, date=when))} "
                f'<a href="{printable}">{html.escape(t["print"])}</a></p>'
                + fragment_html(cmp, lang, heading_level=3))
    body += versions_block
    return f'<div class="plan-compare" data-compare="{lang}" data-base="{html.escape(base.rev if base else (cmp.old.rev if cmp else ""))}">{style}{body}</div>'


@dataclass
class SiteChanges:
    """What the site's 修订对照表 page shows, computed once per build."""
    versions: list[Recorded] = field(default_factory=list)
    base: Recorded | None = None     # the version the current text is compared with
    first: Recorded | None = None    # the only version, when the current text is it
    cmp: Comparison | None = None    # the current text against `base`
    pairs: dict[str, Comparison] = field(default_factory=dict)  # file name -> consecutive versions
    error: str | None = None


def site_comparison(repo: Path) -> SiteChanges:
    ch = SiteChanges()
    try:
        ch.versions = recorded_versions(repo)
        ch.base, ch.first = site_base(repo)
        if ch.base:
            ch.cmp = compare(read_version(repo, ch.base.rev), read_version(repo, WORKTREE))
        for old, new in zip(ch.versions, ch.versions[1:]):
            ch.pairs[pair_file(old, new)] = compare(read_version(repo, old.rev), read_version(repo, new.rev))
    except (RuntimeError, OSError, ValueError, VersionsError) as e:
        ch.error = str(e)
    return ch


PRINTABLE = "compare.html"


def site_html(ch: SiteChanges, lang: str, root: str) -> str:
    """The page's block in one language; `root` is the relative path from the page to the site's
    root ("../" for changes/, "../../" for en/changes/)."""
    block = versions_html(ch.versions, lang, root, set(ch.pairs))
    return site_block(None, lang, ch.cmp, ch.first, ch.error, root + "changes/" + PRINTABLE, ch.base, block)


def write_printables(site: Path, ch: SiteChanges) -> None:
    """The printable tables (A4 landscape): the current text's, and one per pair of versions."""
    out_dir = site / "changes"
    if ch.cmp is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / PRINTABLE).write_text(page_html(ch.cmp), encoding="utf-8")
    for name, pair in ch.pairs.items():
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / name).write_text(page_html(pair), encoding="utf-8")


def site_summary(ch: SiteChanges) -> str:
    if ch.error:
        return f"compare: no table of changes ({ch.error})"
    if ch.cmp is None:
        return "compare: " + (f"the current text is the first version, {ch.first.version}" if ch.first
                              else "no recorded version: no table of changes")
    return f"compare: site/changes/: version {ch.base.version} → current text: {counts_text(ch.cmp.rows['en'], 'en')}"


def build_site_page(repo: Path, site: Path) -> str:
    """Fill the 修订对照表 page (both languages) of a built site and write the printable tables.
    (The site's own build does this in the MkDocs hook, plansite/hook.py, with the same parts.)"""
    ch = site_comparison(repo)
    write_printables(site, ch)
    for lang, page in (("zh", site / "changes" / "index.html"), ("en", site / "en" / "changes" / "index.html")):
        if not page.exists():
            raise RuntimeError(f"{page} not found: is docs/changes/index.{lang}.md in the nav?")
        text = page.read_text(encoding="utf-8")
        ph = PLACEHOLDER.format(lang=lang)
        if ph not in text:
            raise RuntimeError(f"{page}: no placeholder {ph}")
        text = text.replace(ph, site_html(ch, lang, "../" if lang == "zh" else "../../"))
        page.write_text(text, encoding="utf-8")
    return site_summary(ch)
