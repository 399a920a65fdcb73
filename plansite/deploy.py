"""What the site asks of the server and the browser: the Content-Security-Policy and the other
security headers, in one place.

The server sends them (deploy/nginx/site.conf.in, filled in by plansite/serve.py); every page also
carries the policy in a <meta http-equiv="Content-Security-Policy"> element (plansite/hook.py,
`csp_meta`), for hosts that cannot set headers. `frame-ancestors` works only as a header
(browsers ignore it in a <meta>, with a console warning), so the <meta> leaves it out.

The policy: everything from this site only; scripts only from files of this site (no inline
script: Material's are moved into files by overrides/partials/javascripts/, the calculators'
early start is assets/js/calculator-start.js), with 'wasm-unsafe-eval' so that Pyodide can
compile its WebAssembly (Pyodide runs without 'unsafe-eval'). The JSON blocks in the pages
(page-data, Material's __config) are data: CSP does not apply to them. Images may be data: URLs
(Material's icons in its stylesheets). Inline styles are allowed (the tables of changes carry
their own <style>); inline scripts are not.
"""
from __future__ import annotations

CSP = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    # styles: the table of changes and its printable tables (plansite/compare/) carry their own
    # <style>, the printables so that they work as files on their own; scripts stay strict
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# header only (ignored in a <meta>)
CSP_HEADER_ONLY = (("frame-ancestors", "'self'"),)

# Everything the site never uses is switched off. Clipboard writing stays (the result's "copy").
PERMISSIONS = ("accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid",
               "magnetometer", "microphone", "midi", "payment", "serial", "usb",
               "xr-spatial-tracking", "browsing-topics")


def csp(header: bool = True) -> str:
    parts = CSP + (CSP_HEADER_ONLY if header else ())
    return "; ".join(f"{k} {v}" for k, v in parts)


def permissions_policy() -> str:
    return ", ".join(f"{name}=()" for name in PERMISSIONS)


def csp_meta() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{csp(header=False)}">'
