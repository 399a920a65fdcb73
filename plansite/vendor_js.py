"""Front-end libraries the site serves itself (a step of plansite/build.py, after `mkdocs build`).

    python -m plansite.vendor_js [--site DIR]

    site/assets/vendor/write-excel-file/write-excel-file.min.js, LICENSE, VERSION
        the npm package `write-excel-file` (pinned exactly in package-lock.json; its one
        dependency, fflate, is inside the bundle), byte for byte from node_modules: the consent
        page writes the .xlsx list of owners who have not signed with it
        (docs/assets/js/not-signed.js). It is loaded only when a reader asks for that file.

No page loads anything from another host; the path has no version in it, so the page need not
know the version (VERSION says which one it is).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from plansite import ROOT

SITE = ROOT / "site"
PACKAGES = {
    # npm package: (files to copy, relative to the package), the folder under site/assets/vendor
    "write-excel-file": (("bundle/write-excel-file.min.js", "LICENSE"), "write-excel-file"),
}


def version(package: str) -> str:
    meta = ROOT / "node_modules" / package / "package.json"
    if not meta.exists():
        raise SystemExit(f"vendor_js: {meta.parent} is missing: run scripts/setup.sh (npm ci)")
    return json.loads(meta.read_text(encoding="utf-8"))["version"]


def write(site: Path) -> dict:
    sizes = {}
    for package, (files, folder) in PACKAGES.items():
        v = version(package)
        out = site / "assets" / "vendor" / folder
        out.mkdir(parents=True, exist_ok=True)
        for rel in files:
            shutil.copyfile(ROOT / "node_modules" / package / rel, out / Path(rel).name)
        (out / "VERSION").write_text(f"{package} {v}\n", encoding="utf-8")
        sizes[f"{package} {v}"] = sum((out / Path(rel).name).stat().st_size for rel in files)
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, default=SITE, help="the built site (default: site/)")
    args = ap.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"vendor_js: {args.site} has no index.html: run mkdocs build first", file=sys.stderr)
        return 1
    for name, size in write(args.site).items():
        print(f"vendor_js: {name}, {size:,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
