"""Pre-compress the built site: a .br and a .gz beside every text, JSON, JS, CSS, SVG and wasm file.

    python -m plansite.compress [--site site]      # the last step of `make build`

A web server that finds `page.html.br` beside `page.html` sends it, with `Content-Encoding: br`,
to a browser that accepts brotli, and `page.html.gz` to one that accepts only gzip (nginx:
`brotli_static on; gzip_static on;`, deploy/nginx/site.conf.in). Compressing once at build time
lets the slowest, best settings be used (brotli quality 11, gzip level 9), where a server
compressing on the fly uses fast ones for every request. The biggest file by far is Pyodide's
wasm (9.6 MB, 2.6 MB as brotli).

A file whose compressed form is not smaller than 95 % of it is left alone (nothing is written),
and so is every file under 256 bytes. Stale .br/.gz files are removed first, so a rebuilt site
never serves an old compressed copy beside a new file. Brotli is the `brotli` package (Google's
reference encoder, pinned in requirements.txt); gzip is Python's own zlib.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from plansite import ROOT

SITE = ROOT / "site"
# What is worth compressing: text formats, and the wasm (binary, but it compresses to a quarter).
# PDFs, images and zips (the .docx library is a zip, the wheel a zip) are already compressed,
# except the runtime's own zips of compiled modules (the trimmed standard libraries, the package's
# .pyc files), stored uncompressed on purpose (plansite/browser.py).
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".wasm", ".py", ".csv",
            ".map", ".webmanifest", ".ico"}
NAMES = {"python_stdlib.zip", "python_stdlib_workbook.zip", "calculators_pyc.zip"}
MIN_SIZE = 256
MIN_SAVING = 0.95
CACHE = ROOT / ".cache" / "compress"
CACHE_FROM = 1_000_000


def wanted(path: Path) -> bool:
    return path.suffix in SUFFIXES or path.name in NAMES


def _cached(raw: bytes, suffix: str, make) -> bytes:
    """Big files (Pyodide's wasm: half a minute at brotli's best) are compressed once per content,
    kept in .cache/compress/ under their hash."""
    if len(raw) < CACHE_FROM:
        return make()
    path = CACHE / (hashlib.sha256(raw).hexdigest()[:24] + suffix)
    if path.exists():
        return path.read_bytes()
    data = make()
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp" + suffix)
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return data


def compress_one(path: Path) -> tuple[int, int, int]:
    """Write path.br and path.gz when they are worth it; returns (raw, br, gz) sizes (0: none)."""
    raw = path.read_bytes()
    if len(raw) < MIN_SIZE:
        return len(raw), 0, 0
    # text mode (hint) for everything but the wasm; quality 11 is brotli's best
    mode = brotli.MODE_GENERIC if path.suffix in {".wasm", ".zip"} else brotli.MODE_TEXT
    out = []
    for suffix, data in ((".br", _cached(raw, ".br", lambda: brotli.compress(raw, mode=mode, quality=11))),
                         (".gz", _cached(raw, ".gz", lambda: gzip.compress(raw, 9, mtime=0)))):
        target = path.with_name(path.name + suffix)
        if len(data) < len(raw) * MIN_SAVING:
            target.write_bytes(data)
            # the same modification time as the original, so a server's ETag/Last-Modified for
            # either agrees with the file it stands for
            st = path.stat()
            os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
            out.append(len(data))
        else:
            out.append(0)
    return len(raw), out[0], out[1]


def compress_site(site: Path = SITE) -> dict:
    for stale in list(site.rglob("*.br")) + list(site.rglob("*.gz")):
        stale.unlink()
    files = sorted(p for p in site.rglob("*") if p.is_file() and wanted(p))
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        sizes = list(pool.map(compress_one, files))
    return {
        "files": len(files),
        "raw": sum(s[0] for s in sizes),
        "br": sum(s[1] or s[0] for s in sizes),
        "gz": sum(s[2] or s[0] for s in sizes),
        "br_files": sum(1 for s in sizes if s[1]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE)
    args = ap.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"compress: {args.site} is not a built site: run `make build`", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    s = compress_site(args.site)
    print(f"compress: {s['br_files']} of {s['files']} files pre-compressed: "
          f"{s['raw'] / 1e6:.1f} MB → brotli {s['br'] / 1e6:.1f} MB, gzip {s['gz'] / 1e6:.1f} MB "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
