"""The site's page 修订对照表 (docs/changes/): the current text against the previous tagged
version, filled in after the MkDocs build (python -m plansite.compare --site site)."""
from __future__ import annotations

import html
from pathlib import Path

from plansite import plandoc
from plansite.compare.diff import WORKTREE, Comparison, compare, compare_clauses, plan_tags, read_version
from plansite.compare.render import counts_text, fragment_html, page_html

PLACEHOLDER = '<div class="plan-compare" data-compare="{lang}"></div>'


SITE_TEXT = {
    "zh": {
        "intro": "下表对照当前文本与上一个已标记的版本 {tag}。",
        "print": "可打印的对照表（A4 横向，中英文）",
        "first": "当前文本即第一个版本 {tag}，尚无更早的版本可以对照。",
        "notags": ("本次构建中找不到已标记的版本（git 标签 plan-v1、plan-v2……），因此没有生成对照表。"
                   "持续集成通常只取出最新一次提交而不带标签；在完整的仓库中构建网站，"
                   "或运行 make compare OLD=plan-v1 NEW=HEAD，即可得到对照表。"),
        "error": "生成对照表时出错：{error}",
    },
    "en": {
        "intro": "The table compares the current text with the previous tagged version, {tag}.",
        "print": "Printable table of changes (A4 landscape, Chinese and English)",
        "first": "The current text is the first version, {tag}: there is no earlier version to compare it with.",
        "notags": ("This build found no tagged version (git tags plan-v1, plan-v2, …), so there is no table "
                   "of changes. Continuous integration usually checks out the latest commit without tags; "
                   "build the site from a full clone, or run make compare OLD=plan-v1 NEW=HEAD."),
        "error": "The table of changes could not be made: {error}",
    },
}


def site_base(repo: Path) -> tuple[str | None, str | None]:
    """(the tag to compare the current text with, or None; the first tag when the current text
    is that first version). The current text is the working tree: if it differs from the latest
    tag, it is the next version's draft and is compared with that tag; if it is the latest
    tag's text, it is compared with the tag before."""
    tags = plan_tags(repo)
    if not tags:
        return None, None
    current = read_version(repo, WORKTREE)
    latest = read_version(repo, tags[-1])
    if any(compare_clauses(latest.clauses[l], current.clauses[l]) for l in plandoc.LANGS):
        return tags[-1], None
    if len(tags) >= 2:
        return tags[-2], None
    return None, tags[-1]


def site_block(repo: Path, lang: str, cmp: Comparison | None, first: str | None,
               error: str | None, printable: str) -> str:
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
             ".plan-compare .versions dt{font-weight:bold}.plan-compare .versions dd{margin-left:1em}</style>")
    if error:
        body = f"<p>{html.escape(t['error'].format(error=error))}</p>"
    elif cmp is None and first:
        body = f"<p>{html.escape(t['first'].format(tag=first))}</p>"
    elif cmp is None:
        body = f"<p>{html.escape(t['notags'])}</p>"
    else:
        body = (f"<p>{html.escape(t['intro'].format(tag=cmp.old.rev))} "
                f'<a href="{printable}">{html.escape(t["print"])}</a></p>'
                + fragment_html(cmp, lang, heading_level=3))
    return f'<div class="plan-compare" data-compare="{lang}" data-base="{html.escape(cmp.old.rev) if cmp else ""}">{style}{body}</div>'


def build_site_page(repo: Path, site: Path) -> str:
    """Fill the site's 修订对照表 page (both languages) and write the printable table."""
    cmp, first, error = None, None, None
    try:
        base, first = site_base(repo)
        if base:
            cmp = compare(read_version(repo, base), read_version(repo, WORKTREE))
    except (RuntimeError, OSError, ValueError) as e:
        error = str(e)
    out_dir = site / "changes"
    printable = "compare.html"
    if cmp is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / printable).write_text(page_html(cmp), encoding="utf-8")
    for lang, page in (("zh", site / "changes" / "index.html"), ("en", site / "en" / "changes" / "index.html")):
        if not page.exists():
            raise RuntimeError(f"{page} not found: is docs/changes/index.{lang}.md in the nav?")
        text = page.read_text(encoding="utf-8")
        ph = PLACEHOLDER.format(lang=lang)
        if ph not in text:
            raise RuntimeError(f"{page}: no placeholder {ph}")
        link = printable if lang == "zh" else "../../changes/" + printable
        text = text.replace(ph, site_block(repo, lang, cmp, first, error, link))
        page.write_text(text, encoding="utf-8")
    if error:
        return f"compare: no table of changes ({error})"
    if cmp is None:
        return "compare: " + (f"the current text is the first version, {first}" if first else "no plan-v* tag: no table of changes")
    return f"compare: site/changes/: {cmp.old.rev} → current text: {counts_text(cmp.rows['en'], 'en')}"
