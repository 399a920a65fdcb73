"""Build the site's search: one index per language, a clause per document, loaded on first search.

    python -m plansite.search        # a step of plansite/build.py (make build), after MkDocs

What the reader gets (the search box is Material's; docs/about/performance.*.md says why this
design and not Material's own search or Pagefind):

- `docs/assets/search/worker.js` is the search worker. It speaks Material's worker protocol
  (SETUP/READY, QUERY/RESULT), so Material's search box, keyboard handling, result list and
  highlighting stay as they are. MkDocs hands every page its address (`on_post_page` below
  rewrites the `search` entry of the theme's configuration), with the page's language.
- `site/assets/search/<hash>/`: MiniSearch (the npm package, pinned in package-lock.json) and
  `zh.json`, `en.json`, the documents of each language. Nothing is fetched until the reader
  types a query; then the worker fetches its language's file and MiniSearch, and indexes there.
  The directory is named by a hash of its contents, so browsers may keep it for good.
- `site/search/search_index.json` (and the same under `en/`) keeps only Material's search
  configuration, no documents: Material fetches it on every page for its highlighter.

The documents: every clause of the plan (`plandoc`: numbered items and unnumbered paragraphs,
by their id) is one document, named by its citation and linked to its anchor; other pages are
split by section as MkDocs' search plugin splits them (its index is read, not rebuilt). The
one-page full text is left out: it repeats every clause. Each document has a tier (plan 0,
calculators 1, the rest 2): the worker lists the plan's clauses first.

The aliases of policy/search_aliases.yaml and the glossary's terms that share one English
rendering go into each file; the worker applies them to the query only.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

from plansite import ROOT, plandoc

SITE = ROOT / "site"
POLICY = ROOT / "policy"
# Material's own index as MkDocs wrote it, kept for `python -m plansite.bench.search` (never
# published): the benchmark compares Material's stock search with this one.
STOCK = ROOT / "build" / "search" / "material_search_index.json"
MINISEARCH = ROOT / "node_modules" / "minisearch"
WORKER = "assets/search/worker.js"
BUNDLE_MARK = "__SEARCH_BUNDLE__"
LANGS = ("zh", "en")

CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
TAG_RE = re.compile(r"<[^>]+>")
# the numbering a plan heading starts with: （二） 七、 (2) VII.
HEADING_NUMBER_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|[IVX]+\.)\s*")
# Markdown backslash escapes in the plan's text (`1\.` keeps "1." from becoming a list)
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def page_lang(page) -> str:
    return "en" if page.file.src_uri.endswith(".en.md") else "zh"


def on_post_page(output: str, page, config) -> str:
    """Point the page's search box at our worker (hooks/search.py hands this to MkDocs).

    Material reads the worker's address from its configuration block; it is written relative
    to the page, like the stock worker's address it replaces."""
    m = CONFIG_RE.search(output)
    if not m:
        return output
    cfg = json.loads(m.group(2))
    stock = cfg.get("search") or ""
    at = stock.find("assets/")
    if at < 0:
        raise ValueError(f"{page.file.src_uri}: unexpected search worker address {stock!r}")
    cfg["search"] = f"{stock[:at]}{WORKER}?lang={page_lang(page)}"
    text = json.dumps(cfg, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return output[:m.start(2)] + text + output[m.end(2):]


def tier(location: str) -> int:
    """0 the plan's clauses, 1 the calculators, 2 everything else (forms, reference, guides)."""
    path = location.removeprefix("en/")
    if path.startswith("calculators/"):
        return 1
    return 2


def plain(text: str) -> str:
    """Material's index text (HTML, with jieba's zero-width spaces) as plain text."""
    text = TAG_RE.sub(" ", text.replace("\u200b", ""))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def unescape_markdown(text: str) -> str:
    return ESCAPE_RE.sub(r"\1", text)


def short_citations(cid: str, lang: str) -> list[str]:
    """What a reader types for a clause besides its citation: 七（二）, 7.2, 第七条."""
    out = [cid]
    parts = cid.split(".")
    if parts[0].isdigit():
        sec = int(parts[0])
        if lang == "zh":
            out.append(f"第{plandoc.cn_number(sec)}条")
            if len(parts) > 1 and parts[1].isdigit():
                out.append(f"{plandoc.cn_number(sec)}（{plandoc.cn_number(int(parts[1]))}）")
        else:
            out.append(f"Section {plandoc.ROMAN[sec]}")
    return out


def clause_docs(lang: str) -> list[dict]:
    """Every clause of the plan, one document each, in reading order."""
    docs = []
    for name in plandoc.PLAN_PAGES:
        page = plandoc.parse_page(plandoc.page_path(name, lang))
        url = plandoc.page_url(name, lang)
        for c in page.clauses:
            paragraphs = [unescape_markdown(p) for p in c.paragraphs]
            cite = plandoc.citation(c.id, lang)
            if c.kind == "heading":
                heading = HEADING_NUMBER_RE.sub("", paragraphs[0])
                title = f"{cite} {heading}" if heading and heading not in cite else cite
                body = paragraphs[1:]
            else:
                title, body = cite, paragraphs
            docs.append({
                "location": f"{url}#{c.anchor}",
                "title": title,
                "text": " ".join(body),
                "cite": " ".join(short_citations(c.id, lang)),
                "page": url,
                "page_title": str(page.meta.get("title") or plandoc.TITLE[lang]),
                "tier": 0,
                "clause": c.id,
            })
    return docs


def section_docs(material: dict, lang: str) -> list[dict]:
    """The other pages of one language, by section, from MkDocs' search index."""
    docs, titles = [], {}
    for d in material["docs"]:
        loc = d["location"]
        is_en = loc == "en/" or loc.startswith(("en/", "en#"))
        if is_en != (lang == "en"):
            continue
        page = loc.split("#", 1)[0]
        path = page.removeprefix("en/")
        if path.startswith("plan/") and "#editorial-" not in loc:
            continue  # the plan is indexed by clause; the one-page full text not at all
        title = plain(d["title"])
        if "#" not in loc:
            titles[page] = title
        docs.append({
            "location": loc,
            "title": title,
            "text": plain(d["text"]),
            "page": page,
            "page_title": "",
            "tier": tier(loc),
        })
    for d in docs:
        d["page_title"] = titles.get(d["page"], d["title"])
    # a page's own entry has no text of its own when its first section repeats its title
    return [d for d in docs if d["text"] or "#" not in d["location"]]


def glossary_groups(lang: str) -> list[list[str]]:
    """Chinese terms of the glossary that share one English rendering mean the same."""
    if lang != "zh":
        return []
    terms = yaml.safe_load((POLICY / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    by_en: dict[str, list[str]] = {}
    for t in terms:
        by_en.setdefault(t["en"].lower(), []).append(t["zh"])
    return [zh for zh in by_en.values() if len(zh) > 1]


def aliases(lang: str) -> dict:
    data = yaml.safe_load((POLICY / "search_aliases.yaml").read_text(encoding="utf-8"))[lang]
    same = [list(map(str, g)) for g in data.get("same", [])] + glossary_groups(lang)
    means = {str(k): list(map(str, v)) for k, v in (data.get("means") or {}).items()}
    return {"same": same, "means": means, "ignore": list(map(str, data.get("ignore", [])))}


def dictionary() -> list[str]:
    """The plan's terms: policy/search_terms.txt (also jieba's dictionary for MkDocs' index)
    and the glossary's Chinese terms."""
    words = []
    for line in (POLICY / "search_terms.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            words.append(line.split()[0])
    terms = yaml.safe_load((POLICY / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    words += [str(t["zh"]) for t in terms]
    return sorted(set(words), key=words.index)


def language_index(material: dict, lang: str) -> dict:
    docs = clause_docs(lang) + section_docs(material, lang)
    for i, d in enumerate(docs):
        d["id"] = i
    data = {"lang": lang, "docs": docs, "aliases": aliases(lang)}
    if lang == "zh":
        data["terms"] = dictionary()
    return data


def stub(material: dict) -> dict:
    """What Material fetches on every page: its configuration only (its highlighter needs it)."""
    return {"config": material["config"], "docs": []}


def dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build(site: Path = SITE) -> dict:
    """Write the search files into site/; returns what was written."""
    index_path = site / "search" / "search_index.json"
    material = json.loads(index_path.read_text(encoding="utf-8"))
    if not material.get("docs"):
        raise RuntimeError(f"{index_path}: no documents (has this step run already?)")
    STOCK.parent.mkdir(parents=True, exist_ok=True)
    STOCK.write_text(dump(material), encoding="utf-8")

    files = {f"{lang}.json": dump(language_index(material, lang)).encode("utf-8") for lang in LANGS}
    mini = (MINISEARCH / "dist" / "umd" / "index.js").read_bytes()
    version = json.loads((MINISEARCH / "package.json").read_text(encoding="utf-8"))["version"]
    files["minisearch.js"] = f"/* MiniSearch {version} (MIT), npm package minisearch */\n".encode() + mini
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    key = digest.hexdigest()[:12]

    out = site / "assets" / "search"
    for old in out.glob("*/"):
        if re.fullmatch(r"[0-9a-f]{12}", old.name):
            shutil.rmtree(old)
    (out / key).mkdir(parents=True)
    for name, body in files.items():
        (out / key / name).write_bytes(body)
    worker = site / WORKER
    text = worker.read_text(encoding="utf-8")
    if BUNDLE_MARK not in text:
        raise RuntimeError(f"{worker}: no {BUNDLE_MARK} to fill in")
    worker.write_text(text.replace(BUNDLE_MARK, key + "/"), encoding="utf-8")

    stub_text = dump(stub(material))
    index_path.write_text(stub_text, encoding="utf-8")
    # English pages whose theme `base` is the English root fetch it from there
    (site / "en" / "search").mkdir(parents=True, exist_ok=True)
    (site / "en" / "search" / "search_index.json").write_text(stub_text, encoding="utf-8")
    return {"bundle": f"assets/search/{key}/",
            "docs": {lang: len(json.loads(files[f"{lang}.json"])["docs"]) for lang in LANGS},
            "bytes": {name: len(body) for name, body in files.items()}}


def main(argv: list[str] | None = None) -> int:
    info = build()
    print(f"search: {info['bundle']}: " + ", ".join(f"{k} {v} documents" for k, v in info["docs"].items())
          + "; " + ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in info["bytes"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
