"""MkDocs hook: turns the plan's Markdown pages into citable, annotated pages.

- Each clause (a block carrying `{ #clause-<id> }`) gets a visible id link and the data the
  copy-citation button needs (`data-clause`, `data-cite`). The id is drawn by CSS from
  `data-label` and the button by assets/js/clause.js, so neither enters the search index
  nor the text a reader copies.
- The marked editorial changes listed in a Chinese page's front matter are explained on both
  language versions of the page: a note where a change is made, and a list at the end.
- The one-page full text (`plan/full.*.md`) is assembled from the section pages.
- Every page learns its last-updated date from git (the front matter date as fallback).
- The plan's title and status come from its front matter (`document_status`, read by
  plandoc.read_plan_facts): every page's title (site_name) and its status banner
  (overrides/main.html) follow a change of status.
- Every page carries one JSON block, `<script type="application/json" id="page-data">`
  (overrides/main.html), that `page_data()` writes: the only way facts of the plan (the
  districts, the result labels, the clauses, the plan's version) and the calculators' runtime
  reach the browser's scripts (assets/js/calculator-client.js, application-form.js). No data is
  written into the pages' HTML by rewriting it.
- A calculator page's list of the interpretations it applies is written where its Markdown
  holds `<!-- calculator:interpretations -->` (plansite/reference.py), from interpretations.yaml.
- The page 修订对照表 (docs/changes/) gets the versions and the table of changes (plansite.compare)
  where its Markdown holds the placeholder, and the printable table beside it.
- After the build, the calculators' runtime (plansite/browser.py, staged when the pages are
  written) is copied into site/assets/pyodide/<hash>/; English pages load the English search
  index (the theme's configuration `base`, see plansite/build.py's split of the index).

A clause id the hook cannot place raises: it never guesses.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from plansite import ROOT
from plansite import browser, compare, deploy, plandoc, reference, sitemaps
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
def zh_meta(name: str, docs: Path = plandoc.DOCS) -> dict:
    path = plandoc.page_path(name, "zh", docs)
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


def editorial_entries(name: str, docs: Path = plandoc.DOCS) -> list[dict]:
    return list(zh_meta(name, docs).get("editorial") or [])


def editorial_notes_markdown(name: str, lang: str, docs: Path = plandoc.DOCS) -> str:
    """The list of marked editorial changes at the end of a plan page."""
    entries = editorial_entries(name, docs)
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


def numbering_admonition(name: str, lang: str, markdown: str, docs: Path = plandoc.DOCS) -> str:
    """A visible note just before the first clause whose numbering the site corrects."""
    entries = [e for e in editorial_entries(name, docs) if e["kind"] == "numbering"]
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


def full_text_markdown(lang: str, docs: Path = plandoc.DOCS) -> str:
    """All plan pages in order, headings one level down, for the one-page full text."""
    parts = []
    for name in plandoc.PLAN_PAGES:
        raw = plandoc.page_path(name, lang, docs).read_text(encoding="utf-8")
        _, body, _ = plandoc.split_front_matter(raw)
        if name != "plan/preamble":  # the preamble's h1 is the document's title
            body = re.sub(r"^(#{1,5}) ", r"#\1 ", body, flags=re.M)
        body = numbering_admonition(name, lang, body, docs)
        parts.append(body.strip())
    return "\n\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    lang = page_lang(page)
    docs = docs_dir(config)
    name = page_name(page)
    if FULL_TEXT_MARKER in markdown:
        return markdown.replace(FULL_TEXT_MARKER, full_text_markdown(lang, docs))
    if name in plandoc.PLAN_PAGES:
        markdown = numbering_admonition(name, lang, markdown, docs)
        markdown += editorial_notes_markdown(name, lang, docs)
    if reference.CALCULATOR_MARKER in markdown:
        calc = name.rsplit("/", 1)[-1]
        markdown = markdown.replace(reference.CALCULATOR_MARKER,
                                    reference.calculator_interpretations(calc, lang))
    marker = compare.PLACEHOLDER.format(lang=lang)
    if marker in markdown:
        markdown = markdown.replace(marker, changes_block(page, lang))
    return markdown


# -- the table of changes (修订对照表) --------------------------------------------------------------

_CHANGES: dict = {}


@lru_cache(maxsize=2)
def _comparison(stamp: tuple) -> "compare.SiteChanges":
    return compare.site_comparison(ROOT)


def changes_block(page, lang: str) -> str:
    """The page 修订对照表: the recorded versions and the current text against the previous one
    (plansite.compare, policy/versions.yaml), where the page's Markdown holds its placeholder. Left out of the
    search index: the clauses it shows are found on the plan's own pages."""
    plan = ROOT / "docs" / "plan"
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in [*sorted(plan.glob("*.md")), ROOT / compare.VERSIONS_FILE]
                  if p.exists())
    ch = _CHANGES["result"] = _comparison(stamp)
    root = "../" * page.url.count("/")  # changes/ -> ../, en/changes/ -> ../../
    return f"<div data-search-exclude>{compare.site_html(ch, lang, root)}</div>"


def on_page_content(html_text, page, config, files):
    lang = page_lang(page)
    title = plan_facts(config)["title"]
    name = page_name(page)
    edited: dict[str, int] = {}  # clause id -> number of its first editorial note
    if name in plandoc.PLAN_PAGES:
        for i, e in enumerate(editorial_entries(name, docs_dir(config)), start=1):
            edited.setdefault(str(e["clause"]), i)

    def annotate(m: re.Match) -> str:
        tag, before, anchor, after = m.group(1), m.group(2) or "", m.group(3), m.group(4)
        cid = plandoc.anchor_to_id(anchor)
        cite = plandoc.full_citation(cid, lang, title)
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
    context["page_data"] = page_data(page, config)
    context["plan_banner"] = plan_banner(plan_facts(config), page_lang(page))
    return context


# -- the plan's facts, and the page-data block ---------------------------------------------------

def docs_dir(config) -> Path:
    return Path(config["docs_dir"])


@lru_cache(maxsize=4)
def _plan_facts(docs: Path, stamp: tuple) -> dict:
    return plandoc.read_plan_facts(docs)


def plan_facts(config) -> dict:
    """The plan's status, version, date and title (plandoc.read_plan_facts) of the plan being
    built, read again when its preamble pages change (mkdocs serve)."""
    docs = docs_dir(config)
    paths = [plandoc.page_path("plan/preamble", lang, docs) for lang in plandoc.LANGS]
    return _plan_facts(docs, tuple(p.stat().st_mtime_ns for p in paths))


def plan_banner(facts: dict, lang: str) -> dict:
    """The status line on every page (overrides/main.html), from the plan's front matter."""
    status = facts["status"][lang]
    if lang == "zh":
        return {"status": f"{status}。", "note": f"本文为{facts['note']['zh']}。"}
    return {"status": f"{status[:1].upper()}{status[1:]}.", "note": f"This is {facts['note']['en']}."}


def figure_labels(p: dict, lang: str) -> list[dict]:
    """The funding result's figures in the order of its CSV columns, each with its one label in
    the page's language (params["labels"], from policy/labels.yaml and policy/funding.yaml)."""
    return [{"key": key, "label": p["labels"][f"funding.{key}"][lang]}
            for key in p["csv_columns"]["results"]["funding"]]


def district_options(p: dict, lang: str) -> dict:
    """The districts of the plan (3.1, 9) and the other places of 岳阳 (9), as the package knows
    them: {"in_plan": [{code, name}], "outside_plan": [...]}, names in the page's language."""
    d = p["districts"]
    return {
        "in_plan": [{"code": x["code"], "name": x[lang]} for x in d["in_plan"]["districts"]],
        "outside_plan": [{"code": x["code"], "name": x[lang]} for x in d["outside_plan"]["places"]],
    }


def clause_links(page, lang: str, docs: Path) -> dict:
    """Every clause's citation and its link from this page, as plandoc writes them:
    {id: [citation, link]}, so that no script formats a citation of its own."""
    clauses = {}
    for cid, (plan_page, _) in plandoc.clause_index(lang, docs).items():
        name = "plan/" + plan_page.path.name.rsplit(".", 2)[0]
        target = plandoc.page_url(name, lang) + "#" + plandoc.id_to_anchor(cid)
        clauses[cid] = [plandoc.citation(cid, lang), get_relative_url(target, page.url)]
    return clauses


WORKER = "assets/js/calculator-worker.js"
_RUNTIME: dict = {}


def runtime_config(page) -> dict:
    """Where the calculators' runtime is, for the worker: plansite/browser.py's configuration
    (its paths relative to the worker) and the worker's own address from this page."""
    runtime = browser.stage()
    _RUNTIME["staged"] = runtime
    return {"worker": get_relative_url(WORKER, page.url), **runtime["config"]}


def runtime_prefetch(page) -> dict:
    """Every page: where the calculators' runtime is (its directory, relative to the page, and its
    files, the largest first), so that assets/js/network.js can fetch it ahead when the reader
    shows intent (a touch or hover on a link to a calculator) and cache it once a calculator has
    run."""
    runtime = browser.stage()
    _RUNTIME["staged"] = runtime
    base = get_relative_url(f"assets/pyodide/{runtime['version']}/{WORKER_ANCHOR}", page.url)
    # the screening page's workbook files are its own: not fetched ahead for the calculators
    workbook = runtime["config"].get("workbook") or {}
    own = set(workbook.get("wheels", [])) | ({workbook["stdlib"]} if workbook.get("stdlib") else set())
    # the largest first: the wasm's download is the longest, and the browser compiles it as it comes
    sizes = runtime["config"]["sizes"]
    files = sorted((f for f in sizes if f not in own), key=lambda f: (-sizes[f], f))
    return {"base": base[: -len(WORKER_ANCHOR)], "version": runtime["version"], "cache": runtime["config"]["cache"],
            "files": files}


WORKER_ANCHOR = "x"


def page_data(page, config) -> dict:
    """The page-data block of one page: everything the browser's scripts learn about the plan.

    Every page:        lang; plan {title, status, version, date, line} from the front matter of
                       the plan's preamble page (document_status, version, date) and its heading;
                       prefetch {base, version, files}: the runtime's place (runtime_prefetch).
    Pages that run the calculators' Python (a `data-calculator` form, the application form):
                       runtime (plansite/browser.py), districts (params: districts.in_plan.
                       districts[].code/zh/en, districts.outside_plan.places[].code/zh/en).
    Calculator pages:  start {workbook}: the worker starts from the head (overrides/main.html);
                       clauses {id: [citation, link]} (plandoc), figures [{key, label}] of the
                       funding result (params: csv_columns.results.funding; labels when present).

    One function, so that a new fact, or a better source of one, changes this and nothing else.
    """
    lang = page_lang(page)
    facts = plan_facts(config)
    word = "版本" if lang == "zh" else "version"
    status, version, date = facts["status"][lang], facts["version"][lang], facts["date"][lang]
    data = {
        "lang": lang,
        "plan": {"title": facts["title"][lang], "status": status, "version": version, "date": date,
                 # printed on result sheets
                 "line": f"{status} · {word} {version} · {date}"},
    }
    data["prefetch"] = runtime_prefetch(page)
    content = page.content or ""
    calculator = "data-calculator=" in content
    batch = "data-batch=" in content   # the screening page (issue 12)
    if calculator or batch or 'data-form="application"' in content:
        p = load_params()
        data["runtime"] = runtime_config(page)
        data["districts"] = district_options(p, lang)
        if calculator or batch:
            # overrides/main.html starts the worker from the head (calculator-start.js)
            data["start"] = {"workbook": batch}
            data["clauses"] = clause_links(page, lang, docs_dir(config))
            data["figures"] = figure_labels(p, lang)
        if batch:
            data["checks"] = eligibility_checks(p, lang)
    return data


def eligibility_checks(p: dict, lang: str) -> list[dict]:
    """The checks of 三 in the plan's order, each with its clause and label in the page's
    language (the screening page's rows expand to them)."""
    from calculators.core import eligibility
    rules = eligibility.rules_from(p)
    labels = p["labels"]
    out = [{"id": "district", "clause": rules.district_clause, "label": labels["eligibility.district"][lang]},
           {"id": "completion_year", "clause": rules.year_clause, "label": labels["eligibility.completion_year"][lang]}]
    out += [{"id": c.field, "clause": c.clause, "label": labels["eligibility." + c.field][lang]} for c in rules.conditions]
    return out


# -- the site's title, the English pages' search, the runtime ------------------------------------

def build_lang(config) -> str:
    """The language MkDocs is building now (mkdocs-static-i18n builds one after the other)."""
    i18n = config.plugins.get("i18n") if hasattr(config, "plugins") else None
    return getattr(i18n, "current_language", None) or config.theme.get("language") or "zh"


STATUS_IN_NAME_RE = re.compile(r"\s*[（(][^（()）]*[)）]$")


def site_name(configured: str, facts: dict, lang: str) -> str:
    """The site's name (mkdocs.yml, per language) with the plan's status as its title shows it:
    岳阳市城区老旧小区改造工作实施方案（征求意见稿）. A status written in mkdocs.yml is replaced."""
    name = STATUS_IN_NAME_RE.sub("", configured)
    status = facts["title"][lang][len(facts["name"][lang]):]
    return name + status


@event_priority(-110)  # after mkdocs-static-i18n (-100), which sets each language's site_name
def on_config(config):
    """Every page's title ends with the site's name, which carries the plan's status from its
    front matter."""
    lang = "en" if build_lang(config) == "en" else "zh"
    config["site_name"] = site_name(config["site_name"], plan_facts(config), lang)
    return config


CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def english_search_base(output: str) -> str:
    """Material loads `${base}/search/search_index.json`: an English page's base is the English
    root, where plansite/build.py writes the English half of the index. The trailing slash
    matters: Material resolves base with `new URL(base, location)`."""
    m = CONFIG_RE.search(output)
    if not m:
        raise RuntimeError("no theme configuration (__config) in an English page")
    cfg = json.loads(m.group(2))
    cfg["base"] = cfg["base"].rstrip("/") + "/en/"
    # as Jinja's tojson writes it: safe inside <script>
    text = json.dumps(cfg, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026").replace("'", "\\u0027")
    return output[:m.start(2)] + text + output[m.end(2):]


def with_csp_meta(output: str) -> str:
    """The Content-Security-Policy as a <meta> (plansite/deploy.py), right after the charset, before
    anything it governs: for hosts that cannot send it as a header (nginx does, deploy/nginx/)."""
    charset = '<meta charset="utf-8">'
    at = output.find(charset)
    if at < 0:
        charset = "<head>"
        at = output.find(charset)
    if at < 0:
        raise RuntimeError("a page without <meta charset>: nowhere to put the CSP")
    at += len(charset)
    return output[:at] + "\n    " + deploy.csp_meta() + output[at:]


ALTERNATE_RE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="[^"]+">)')


def absolute_alternates(output: str, page_url: str) -> str:
    """hreflang links as full addresses (search engines want them so), for a build with SITE_URL
    (plansite/sitemaps.py); a local build keeps them relative, to work on any port."""
    return ALTERNATE_RE.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)) + m.group(3), output)


# The site's scripts that act on some pages only (mkdocs.yml extra_javascript: each does nothing
# where its markup is missing), with what in a page's content calls for them. A page without any
# of them does not load the script: a plan page is spared 8 requests and ~100 kB of JavaScript
# to parse. calculator-client.js (the page's facts and its Python) serves the calculator forms,
# the screening page and the application form.
PAGE_SCRIPTS = {
    "assets/js/calculator-client.js": ("data-calculator", "data-batch", 'id="application-form"'),
    "assets/js/calculator.js": ("data-calculator",),
    "assets/js/result-tools.js": ("data-calculator",),
    "assets/js/forget.js": ("data-calculator", 'id="application-form"'),
    "assets/js/screening-chart.js": ("data-batch",),
    "assets/js/screening.js": ("data-batch",),
    "assets/js/civil-code.js": ("data-civil-code",),
    "assets/js/not-signed.js": ('data-calculator="consent"',),
    "assets/js/comments-page.js": ("data-comments-page",),
}
SCRIPT_TAG_RE = re.compile(r'[ \t]*<script src="(?:\.\./)*(assets/js/[\w.-]+\.js)"></script>\n?')


def page_scripts_only(output: str, content: str) -> str:
    """Leave out the page-specific scripts (PAGE_SCRIPTS) that this page's content does not call
    for. The order of the others, which some rely on (network.js after calculator-client.js),
    stays."""
    def keep(m: re.Match) -> str:
        markers = PAGE_SCRIPTS.get(m.group(1))
        if markers is None or any(marker in content for marker in markers):
            return m.group(0)
        return ""
    return SCRIPT_TAG_RE.sub(keep, output)


def on_post_page(output, page, config):
    output = page_scripts_only(output, page.content or "")
    if page_lang(page) == "en":
        output = english_search_base(output)
    if sitemaps.is_production():
        output = absolute_alternates(output, urljoin(config["site_url"], page.url))
    return with_csp_meta(output)


def on_post_template(output, template_name, config):
    """Static templates (Material's 404.html) get the CSP too."""
    if template_name.endswith(".html"):
        output = with_csp_meta(output)
    return output


def on_post_build(config):
    site = Path(config["site_dir"])
    if "staged" in _RUNTIME:
        browser.install(site, _RUNTIME["staged"])
    # the printable table of changes (A4 landscape), linked from the page 修订对照表
    if "result" in _CHANGES:
        compare.write_printables(site, _CHANGES["result"])
        for printable in (site / "changes").glob("*.html"):  # not pages of MkDocs: the CSP here too
            text = printable.read_text(encoding="utf-8")
            if "Content-Security-Policy" not in text:
                printable.write_text(with_csp_meta(text), encoding="utf-8")
        if build_lang(config) == "zh":
            print(compare.site_summary(_CHANGES["result"]))
    # Material also reads `${base}/sitemap.xml`: the English root gets a copy of the sitemap
    sitemap = site / "sitemap.xml"
    if build_lang(config) == "en" and sitemap.exists():
        (site / "en" / "sitemap.xml").write_bytes(sitemap.read_bytes())
