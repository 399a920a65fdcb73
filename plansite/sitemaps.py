"""The site's address, its sitemaps and robots.txt (a build step, after MkDocs).

    SITE_URL=https://plan.example.org/ make build     # canonical links, hreflang, sitemap for it
    python -m plansite.sitemaps [--site site]

`site_url` comes from the environment (mkdocs.yml: `!ENV [SITE_URL, ...]`); without it the build
is for `make serve` on this machine (http://127.0.0.1:8000/), and the hreflang links stay relative
so that the same files work on any local port. With SITE_URL set, every page's hreflang links are
made absolute for that address (search engines want them so; plansite/hook.py, `absolute_alternates`).

Material's language selector fetches `sitemap.xml` beside every language version of the page it
shows (`new URL("sitemap.xml", <hreflang link>)`), to find the same page in the other language:
with per-page alternates (mkdocs-static-i18n) that is `<page>/sitemap.xml`, which MkDocs does not
write, so every page logged two 404s. This step writes, beside each page, a sitemap of that page
alone (its address and its language versions, the sitemap protocol's own format), and robots.txt
naming the site's sitemap.
"""
from __future__ import annotations

import argparse
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from plansite import ROOT

SITE = ROOT / "site"
LOCAL_URL = "http://127.0.0.1:8000/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def site_url() -> str:
    """The address the site is built for: SITE_URL, or the local one of `make serve`."""
    url = os.environ.get("SITE_URL", "").strip() or LOCAL_URL
    return url if url.endswith("/") else url + "/"


def is_production() -> bool:
    return bool(os.environ.get("SITE_URL", "").strip())


def entry_xml(loc: str, lastmod: str | None, alternates: list[tuple[str, str]]) -> str:
    lines = ["    <url>", f"        <loc>{loc}</loc>"]
    if lastmod:
        lines.append(f"        <lastmod>{lastmod}</lastmod>")
    lines += [f'        <xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>' for lang, href in alternates]
    lines.append("    </url>")
    return "\n".join(lines) + "\n"


def page_dir(site: Path, base: str, url: str) -> Path | None:
    """The directory of site/ that the page at `url` is (None: not under the site's address)."""
    if not url.startswith(base):
        return None
    rel = url[len(base):]
    target = site / rel
    return target if (target / "index.html").exists() else None


def write_page_sitemaps(site: Path) -> int:
    root_map = site / "sitemap.xml"
    tree = ET.parse(root_map)
    # the address the sitemap was written for (site_url at build time)
    first = tree.getroot().find("s:url/s:loc", NS)
    base = f"{urlsplit(first.text).scheme}://{urlsplit(first.text).netloc}{urlsplit(first.text).path}"
    base = base if base.endswith("/") else base + "/"
    written = 0
    for url in tree.getroot().findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        lastmod = url.find("s:lastmod", NS)
        alternates = [(a.get("hreflang"), a.get("href")) for a in url.findall("x:link", NS)]
        text = HEAD + entry_xml(loc, lastmod.text if lastmod is not None else None, alternates) + "</urlset>\n"
        for href in {loc, *(h for _, h in alternates)}:
            target = page_dir(site, base, href)
            if target is None or (target / "sitemap.xml").exists() and target in (site, site / "en"):
                continue  # the languages' own sitemaps stay as MkDocs wrote them
            (target / "sitemap.xml").write_text(text, encoding="utf-8")
            written += 1
    return written


def write_robots(site: Path) -> None:
    (site / "robots.txt").write_text(
        "# The plan's site: every page may be indexed.\n"
        "User-agent: *\nAllow: /\n\n"
        f"Sitemap: {site_url()}sitemap.xml\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE)
    args = ap.parse_args(argv)
    if not (args.site / "sitemap.xml").exists():
        print(f"sitemaps: {args.site}/sitemap.xml is missing: run `make build`", file=sys.stderr)
        return 1
    n = write_page_sitemaps(args.site)
    write_robots(args.site)
    print(f"sitemaps: {n} page sitemaps and robots.txt for {site_url()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
