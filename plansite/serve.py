"""Serve the built site with nginx, configured as in production (`make serve`).

    python -m plansite.serve [--port 8000] [--site site]        # PORT= is honoured too
    python -m plansite.serve --print-site-config --root /srv/plan/site --listen 80

The first form writes .cache/nginx/ (nginx.conf from deploy/nginx/nginx.conf.in, site.conf from
deploy/nginx/site.conf.in, filled in) and runs nginx in the foreground as the current user, bound
to 127.0.0.1, until Ctrl-C. The second prints the production configuration (site.conf with the
given root and listen address) for nginx's conf.d/ (README.md, "Deploying").

nginx and its brotli module are Debian's packages (nginx, libnginx-mod-http-brotli-static),
installed by scripts/setup.sh. `start()` is what the tests and the benchmark use: the same
configuration on a port of their choosing, in a directory of their own.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from plansite import ROOT, deploy

SITE = ROOT / "site"
CONF = ROOT / "deploy" / "nginx"
RUN = ROOT / ".cache" / "nginx"
MODULES = Path("/usr/lib/nginx/modules")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise SystemExit("serve: nginx is not installed: run scripts/setup.sh as root, or\n"
                         "  sudo apt-get install nginx libnginx-mod-http-brotli-static\n"
                         "未安装 nginx：请以 root 运行 scripts/setup.sh")
    if not (MODULES / "ngx_http_brotli_static_module.so").exists():
        raise SystemExit("serve: nginx's brotli module is missing: sudo apt-get install libnginx-mod-http-brotli-static")
    return found


def fill(template: str, fields: dict[str, str]) -> str:
    for key, value in fields.items():
        template = template.replace(f"@{key}@", value)
    if "@" in "".join(line.split("#", 1)[0] for line in template.splitlines()):
        leftover = [line for line in template.splitlines() if "@" in line.split("#", 1)[0]]
        raise SystemExit(f"serve: unfilled fields in the nginx configuration: {leftover}")
    return template


def site_config(root: Path | str, listen: str, conf: Path = CONF) -> str:
    """deploy/nginx/site.conf.in with its fields filled in."""
    return fill((conf / "site.conf.in").read_text(encoding="utf-8"), {
        "ROOT": str(root), "LISTEN": listen, "CONF": str(conf),
        "CSP_HEADER": deploy.csp(header=True), "PERMISSIONS": deploy.permissions_policy(),
    })


def write_config(site: Path, port: int, run: Path = RUN, host: str = "127.0.0.1",
                 access_log: str = "off") -> Path:
    """.cache/nginx/nginx.conf (and site.conf beside it); returns nginx.conf's path."""
    run.mkdir(parents=True, exist_ok=True)
    (run / "site.conf").write_text(site_config(site.resolve(), f"{host}:{port}"), encoding="utf-8")
    main = fill((CONF / "nginx.conf.in").read_text(encoding="utf-8"), {
        "RUN": str(run.resolve()), "MODULES": str(MODULES), "ACCESS_LOG": access_log,
    })
    path = run / "nginx.conf"
    path.write_text(main, encoding="utf-8")
    return path


def command(conf: Path) -> list[str]:
    # -e stderr: nginx opens its default error log before it reads the configuration
    return [nginx_binary(), "-e", "stderr", "-p", str(conf.parent.resolve()), "-c", str(conf.resolve())]


def wait_for_port(host: str, port: int, proc: subprocess.Popen | None = None, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {host}:{port} within {timeout} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """nginx serving `site` on 127.0.0.1:port, in the background (tests, benchmarks)."""

    def __init__(self, site: Path, run: Path, port: int | None = None):
        self.port = port or free_port()
        self.log = run / "access.log"
        run.mkdir(parents=True, exist_ok=True)
        self.log.write_text("")
        self.conf = write_config(site, self.port, run, access_log=f"{self.log.resolve()} bytes")
        self.proc = subprocess.Popen(command(self.conf), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        wait_for_port("127.0.0.1", self.port, self.proc)
        self.url = f"http://127.0.0.1:{self.port}/"

    def mark(self) -> int:
        """Where the access log is now: `sent(mark)` counts what was sent after it."""
        return self.log.stat().st_size

    def sent(self, since: int = 0) -> list[tuple[int, int, str]]:
        """(status, bytes sent with headers, path and query) of every response since `since`."""
        with self.log.open("rb") as f:
            f.seek(since)
            rows = f.read().decode("utf-8", "replace").splitlines()
        out = []
        for row in rows:
            status, size, path = row.split(" ", 2)
            out.append((int(status), int(size), path))
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: finish what is being sent
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(site: Path = SITE, run: Path = RUN, port: int | None = None) -> Server:
    return Server(site, run, port)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE)
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    ap.add_argument("--print-site-config", action="store_true",
                    help="print the production server block (with --root and --listen) and exit")
    ap.add_argument("--root", default="/srv/plan/site", help="with --print-site-config: where site/ is")
    ap.add_argument("--listen", default="80", help="with --print-site-config: nginx's listen address")
    args = ap.parse_args(argv)
    if args.print_site_config:
        sys.stdout.write(site_config(args.root, args.listen))
        return 0
    if not (args.site / "index.html").exists():
        print(f"serve: {args.site} is not built: run `make build`", file=sys.stderr)
        return 1
    conf = write_config(args.site, args.port, access_log="/dev/stdout")
    cmd = command(conf)
    print(f"serve: http://127.0.0.1:{args.port}/ (nginx, {conf}; Ctrl-C stops it)", flush=True)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    sys.exit(main())
