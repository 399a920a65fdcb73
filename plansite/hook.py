"""MkDocs hook: turns the plan's Markdown pages into citable, annotated pages.

- Each clause (a block carrying `{ #clause-<id> }`) gets a visible id link and the data the
  copy-citation button needs (`data-clause`, `data-cite`). The id is drawn by CSS from
  `data-label` and the button by assets/js/clause.js, so neither enters the search index
  nor the text a reader copies.
- The marked editorial changes listed in a Chinese page's front matter are explained on both
  language versions of the page: a note where a change is made, and a list at the end.
- The one-page full text (`plan/full.*.md`) is assembled from the section pages.
- Every page learns its last-updated date from git (the front matter date as fallback).
- The application form's live double-two-thirds tally (`[data-tally]`) is given the consent
  thresholds of the calculators' own parameters (params.json, from policy/consent.yaml), so
  assets/js/application-form.js holds no number of the plan.

A clause id the hook cannot place raises: it never guesses.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from plansite import ROOT
from plansite import plandoc
from calculators import load_params

FULL_TEXT_MARKER = "<!-- plan:full-text -->"
CLAUSE_TAG_RE = re.compile(r'<(p|h[1-6])( [^>]*?)?\bid="(clause-' + plandoc.ANCHOR_BODY + r')"([^>]*)>')

LABELS = {
    "zh": {
        "notes": "编辑说明",
        "marker": "编辑说明",
        "clause": "条款",
    },
    "en": {
        "notes": "Editorial notes",
        "marker": "editorial note",
        "clause": "Clause",
    },
}


def page_lang(page) -> str:
    return "en" if page.file.src_uri.endswith(".en.md") else "zh"


def page_name(page) -> str:
    return re.sub(r"\.(zh|en)\.md$", "", page.file.src_uri)


@lru_cache(maxsize=None)
def zh_meta(name: str) -> dict:
    path = plandoc.page_path(name, "zh")
    return plandoc.parse_page(path).meta if path.exists() else {}


@lru_cache(maxsize=None)
def git_date(path: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path],
            cwd=ROOT, capture_output=True, text=True, timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def editorial_entries(name: str) -> list[dict]:
    return list(zh_meta(name).get("editorial") or [])


def editorial_notes_markdown(name: str, lang: str) -> str:
    """The list of marked editorial changes at the end of a plan page."""
    entries = editorial_entries(name)
    if not entries:
        return ""
    lab = LABELS[lang]
    rows = []
    for i, e in enumerate(entries, start=1):
        cid = str(e["clause"])
        link = f'<a href="#{plandoc.id_to_anchor(cid)}">{html.escape(plandoc.citation(cid, lang))}</a>'
        src = f'<code>{html.escape(e["source"].strip())}</code>'
        shown = f'<code>{html.escape(e["text"])}</code>'
        note = html.escape(plandoc.EDITORIAL_KINDS[e["kind"]][lang])
        if lang == "zh":
            line = f"{link}：原文 {src} → 本站 {shown}。{note}"
        else:
            line = f"{link}: source {src} → shown {shown}. {note}"
        rows.append(f'<li id="editorial-{i}">{line}</li>')
    return (
        f'\n\n## {lab["notes"]} {{ #editorial-notes .editorial-notes }}\n\n'
        f'<ol class="editorial-list">\n' + "\n".join(rows) + "\n</ol>\n"
    )


def numbering_admonition(name: str, lang: str, markdown: str) -> str:
    """A visible note just before the first clause whose numbering the site corrects."""
    entries = [e for e in editorial_entries(name) if e["kind"] == "numbering"]
    if not entries:
        return markdown
    first = plandoc.id_to_anchor(str(entries[0]["clause"]))
    lab = LABELS[lang]
    note = plandoc.EDITORIAL_KINDS["numbering"][lang]
    box = f'!!! note "{lab["notes"]}"\n\n    {note}\n\n'
    # the block carrying the anchor starts after the last blank line before it
    at = markdown.find("{ #" + first + " }")
    if at < 0:
        raise ValueError(f"{name}.{lang}: no clause {first} for its editorial note")
    start = markdown.rfind("\n\n", 0, at) + 2
    return markdown[:start] + box + markdown[start:]


def full_text_markdown(lang: str) -> str:
    """All plan pages in order, headings one level down, for the one-page full text."""
    parts = []
    for name in plandoc.PLAN_PAGES:
        raw = plandoc.page_path(name, lang).read_text(encoding="utf-8")
        _, body, _ = plandoc.split_front_matter(raw)
        if name != "plan/preamble":  # the preamble's h1 is the document's title
            body = re.sub(r"^(#{1,5}) ", r"#\1 ", body, flags=re.M)
        body = numbering_admonition(name, lang, body)
        parts.append(body.strip())
    return "\n\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    lang = page_lang(page)
    name = page_name(page)
    if FULL_TEXT_MARKER in markdown:
        return markdown.replace(FULL_TEXT_MARKER, full_text_markdown(lang))
    if name in plandoc.PLAN_PAGES:
        markdown = numbering_admonition(name, lang, markdown)
        markdown += editorial_notes_markdown(name, lang)
    return markdown


TALLY_RE = re.compile(r"<(\w+)\b([^>]*)\sdata-tally\b")


def consent_tally_attributes(html_text: str) -> str:
    """`data-tally` gets the thresholds of 七（二） as the package reads them (7.2)."""
    c = load_params()["consent"]
    attrs = (f' data-area-threshold="{html.escape(str(c["area_threshold"]["value"]))}"'
             f' data-owners-threshold="{html.escape(str(c["owners_threshold"]["value"]))}"'
             f' data-inclusive="{"true" if c["inclusive"]["value"] else "false"}"')
    return TALLY_RE.sub(lambda m: m.group(0) + attrs, html_text)


APP_FORM_RE = re.compile(r'<form\b[^>]*\sdata-form="application"')


def application_form_attributes(html_text: str) -> str:
    """The application form pre-fills from the calculators' stored answers: it gets the
    districts of the plan (every name the package accepts, normalised as the package does)
    and the eligibility yes/no fields from the parameters, instead of copies in its script."""
    from calculators.core.compiled import _PREFIXES, norm_place
    p = load_params()
    names = {}
    for d in p["districts"]["in_plan"]["districts"]:
        for name in [d["code"], d["zh"], d["en"], *d.get("aliases", [])]:
            names[norm_place(name)] = d["code"]
    fields = [c["field"] for c in p["eligibility"]["conditions"]]
    attrs = (f' data-districts="{html.escape(json.dumps(names, ensure_ascii=False))}"'
             f' data-place-prefixes="{html.escape(json.dumps(list(_PREFIXES), ensure_ascii=False))}"'
             f' data-yes-no-fields="{html.escape(json.dumps(fields))}"')
    return APP_FORM_RE.sub(lambda m: m.group(0) + attrs, html_text)


CALC_FORM_RE = re.compile(r'<form\b[^>]*\sdata-calculator="[a-z]+"')


def calculator_clause_attributes(html_text: str, page, lang: str) -> str:
    """A calculator's results cite clauses: the form gets every clause's citation and its link
    from this page, as plandoc writes them, so the script formats no citation of its own."""
    from mkdocs.utils import get_relative_url
    clauses = {}
    for cid, (plan_page, _) in plandoc.clause_index(lang).items():
        name = "plan/" + plan_page.path.name.rsplit(".", 2)[0]
        target = plandoc.page_url(name, lang) + "#" + plandoc.id_to_anchor(cid)
        clauses[cid] = [plandoc.citation(cid, lang), get_relative_url(target, page.url)]
    attr = f' data-clauses="{html.escape(json.dumps(clauses, ensure_ascii=False))}"'
    return CALC_FORM_RE.sub(lambda m: m.group(0) + attr, html_text)


PLAN_ATTR_RE = re.compile(r'data-plan-(version|title)="[^"]*"')


def plan_attributes(html_text: str, lang: str) -> str:
    """Fill `data-plan-version` / `data-plan-title` (printed on result sheets) from the plan's
    own front matter, so a new version needs no edit of the pages that show it."""
    meta = plandoc.parse_page(plandoc.page_path("plan/preamble", lang)).meta
    word = "版本" if lang == "zh" else "version"
    values = {
        "version": f"{meta['document_status']} · {word} {meta['version']} · {meta['date']}",
        "title": f"《{plandoc.TITLE['zh']}》" if lang == "zh" else plandoc.TITLE["en"],
    }
    return PLAN_ATTR_RE.sub(lambda m: f'data-plan-{m.group(1)}="{html.escape(values[m.group(1)])}"', html_text)


def on_page_content(html_text, page, config, files):
    if "data-tally" in html_text:
        html_text = consent_tally_attributes(html_text)
    lang = page_lang(page)
    if "data-plan-" in html_text:
        html_text = plan_attributes(html_text, lang)
    if "data-calculator=" in html_text:
        html_text = calculator_clause_attributes(html_text, page, lang)
    if 'data-form="application"' in html_text:
        html_text = application_form_attributes(html_text)
    name = page_name(page)
    edited: dict[str, int] = {}  # clause id -> number of its first editorial note
    if name in plandoc.PLAN_PAGES:
        for i, e in enumerate(editorial_entries(name), start=1):
            edited.setdefault(str(e["clause"]), i)

    def annotate(m: re.Match) -> str:
        tag, before, anchor, after = m.group(1), m.group(2) or "", m.group(3), m.group(4)
        cid = plandoc.anchor_to_id(anchor)
        cite = plandoc.full_citation(cid, lang)
        attrs = f'{before} id="{anchor}"{after} data-clause="{cid}" data-cite="{html.escape(cite)}"'
        label = html.escape(plandoc.citation(cid, lang))
        marker = ""
        if cid in edited:
            marker = (f'<a class="clause-edited" href="#editorial-{edited[cid]}" '
                      f'title="{LABELS[lang]["marker"]}" aria-label="† {LABELS[lang]["marker"]}" '
                      f'data-label="†"></a>')
        return (f'<{tag}{attrs}><a class="clause-id" href="#{anchor}" '
                f'title="{label}" aria-label="{html.escape(cid)} {label}" data-label="{html.escape(cid)}"></a>{marker}')

    return CLAUSE_TAG_RE.sub(annotate, html_text)


def on_page_context(context, page, config, nav):
    src = Path(page.file.abs_src_path)
    rel = src.relative_to(ROOT).as_posix() if src.is_relative_to(ROOT) else None
    date = git_date(rel) if rel else None
    page.meta.setdefault("updated", date or str(page.meta.get("date") or ""))
    return context
