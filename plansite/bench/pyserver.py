"""A small static server that counts the bytes it sends: for the search benchmark, which serves
copies of the site with other engines (plansite/bench/search.py). It answers as deploy/nginx does
in what the figures depend on: gzip for text, immutable caching for content-hashed paths,
revalidation (ETag, 304) for the rest. The calculators' benchmark uses the real nginx
(plansite/bench/browser.py, plansite/serve.py)."""
from __future__ import annotations

import gzip
import hashlib
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
    ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm",
    ".zip": "application/zip", ".whl": "application/zip", ".svg": "image/svg+xml",
    ".png": "image/png", ".ico": "image/x-icon", ".xml": "application/xml", ".csv": "text/csv",
    ".pdf": "application/pdf", ".map": "application/json", ".py": "text/x-python",
}
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".whl", ".svg", ".xml",
                ".csv", ".map", ".py"}
VERSIONED = [re.compile(r"(^|/)assets/pyodide/[0-9a-f]{12}/"), re.compile(r"(^|/)assets/search/[0-9a-f]{12}/"),
             re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0
        self.not_modified = 0

    def reset(self):
        with self.lock:
            self.bytes = self.requests = self.not_modified = 0

    def add(self, n: int, not_modified: bool = False):
        with self.lock:
            self.bytes += n
            self.requests += 1
            self.not_modified += not_modified


def make_handler(root: Path, stats: Stats):
    cache: dict = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _file(self) -> Path | None:
            path = unquote(urlsplit(self.path).path)
            target = (root / path.lstrip("/")).resolve()
            if root.resolve() not in target.parents and target != root.resolve():
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None

        def _send(self, status: int, headers: dict, body: bytes = b""):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
            # bytes on the wire: status line and headers as sent, and the body
            head = len(f"HTTP/1.1 {status} OK\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in headers.items()) + 2
            stats.add(head + len(body), status == 304)

        def do_GET(self):
            target = self._file()
            if target is None:
                self._send(404, {"Content-Length": "0", "Cache-Control": "no-cache"})
                return
            key = (str(target), target.stat().st_mtime_ns)
            entry = cache.get(key)
            if entry is None:
                raw = target.read_bytes()
                etag = '"' + hashlib.sha256(raw).hexdigest()[:20] + '"'
                packed = gzip.compress(raw, 9, mtime=0) if target.suffix in COMPRESSIBLE else None
                entry = cache[key] = (raw, packed, etag)
            raw, packed, etag = entry
            rel = target.relative_to(root.resolve()).as_posix()
            immutable = any(p.search(rel) for p in VERSIONED)
            headers = {
                "Content-Type": TYPES.get(target.suffix, "application/octet-stream"),
                "Cache-Control": "public, max-age=31536000, immutable" if immutable else "no-cache",
                "ETag": etag,
                "Vary": "Accept-Encoding",
            }
            if self.headers.get("If-None-Match") == etag:
                self._send(304, headers)
                return
            body = raw
            if packed is not None and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = packed
                headers["Content-Encoding"] = "gzip"
            headers["Content-Length"] = str(len(body))
            self._send(200, headers, body)

        do_HEAD = do_GET

    return Handler


def serve(root: Path):
    stats = Stats()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(root, stats))
