"""Build what the calculator pages run in the reader's browser (staged by the MkDocs hook).

    python -m plansite.browser               # stage the runtime and copy it into site/ (the hook does this)
    python -m plansite.browser --wheel DIR   # only write the calculators wheel into DIR

The calculator pages run the very `calculators/` package the tests import, in Pyodide (Python
compiled to WebAssembly), in a Web Worker, served by this site: no other host is ever asked for
anything. This step writes one directory whose name is a hash of its contents, so browsers may
keep it for good (a new build gets a new name):

    site/assets/pyodide/<hash>/
        pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm
                    byte for byte from node_modules/pyodide (the npm package pinned exactly in
                    package-lock.json and installed by `npm ci`)
        python_stdlib.zip
                    Python's standard library cut down to the modules Pyodide's own start-up and
                    the calculators import, compiled ahead of time by Pyodide's own Python (see
                    `trimmed_stdlib`). The stock zip (2.5 MB) holds source files only, and Python
                    compiled the 150 or so that start-up imports on every visit: most of the
                    start-up time.
        calculators-<version>-py3-none-any.whl
                    the package, its .py files and params.json unchanged (a test compares them
                    byte for byte with calculators/)

        calculator_glue.py
                    the browser's side of the calculators (docs/assets/js/calculator_glue.py)
        openpyxl-3.1.5-py2.py3-none-any.whl, et_xmlfile-2.0.0-py3-none-any.whl,
        python_stdlib_workbook.zip
                    the screening page's workbook library (pinned by version and sha256,
                    fetched by pip into .cache/browser/wheels/) and the standard library modules
                    it adds to python_stdlib.zip; loaded only when the page asks the worker
                    for them ({runtime, workbook: true}), never by the other calculator pages

The MkDocs hook (plansite/hook.py) stages this directory before it writes the pages and copies it
into site/ after the build; the pages that run Python carry the worker's configuration (where
the runtime is, its files and an empty lock file) in their page-data block, and hand it to the
worker (assets/js/calculator-worker.js), which fetches the wheel and the glue while Pyodide
starts and unpacks the wheel (`unpackArchive`).

The wheel is built from calculators/pyproject.toml by pip and setuptools (`pip wheel --no-deps
--no-build-isolation`, with a fixed SOURCE_DATE_EPOCH). pyodide-build, named in the original
design, needs Python 3.12 or later and downloads a cross-build environment for `pyodide build`,
which cannot be fetched here (ARCHITECTURE.md). Of its tools only
`lockfile add-wheels` works offline, and a lock file naming the wheel does not earn its place:
Pyodide's package loader then imports importlib.metadata (and what it needs) after installing,
a cost on every visit, where a fetch started beside Pyodide's own gives the same overlap
(docs/about/performance.*.md).

Needs node and node_modules (scripts/setup.sh); the trimmed standard library is cached in
.cache/browser/, keyed by everything it depends on, so a rebuild takes well under a second.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from plansite import ROOT
SITE = ROOT / "site"
PACKAGE = ROOT / "calculators"
PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache" / "browser"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# A fixed date for every zip entry of the wheel, so that the same inputs give the same bytes
# (and hash): 2020-01-01T00:00:00Z.
SOURCE_DATE_EPOCH = 1577836800

# Modules the browser needs that no import statement names: text codecs, looked up by name
# when the roster is decoded (calculators.batch.decode tries UTF-8 with a byte-order mark,
# then GB18030 as Chinese Excel writes it).
EXTRA_MODULES = ("encodings.utf_8_sig", "encodings.gb18030")
# Modules of the package the browser imports (not the command line, nor __main__).
BROWSER_MODULES = ("calculators", "calculators.batch", "calculators.roster")
# The package's modules compiled for Pyodide's Python (compiled_package), served beside the wheel.
PYC_ZIP = "calculators_pyc.zip"
# The browser's side of the calculators (JSON text in and out), served beside the wheel.
GLUE = ROOT / "docs" / "assets" / "js" / "calculator_glue.py"
# The workbook library, for the screening page only (calculators.workbook, issue 12): its
# pure-Python wheels as PyPI serves them, pinned by version (requirements.txt) and by hash here,
# fetched by pip into .cache/browser/wheels/ and served beside the calculators wheel. The
# package's modules that import it (inside their functions) are not imported by other pages.
WORKBOOK_WHEELS = {
    "openpyxl-3.1.5-py2.py3-none-any.whl": "5282c12b107bffeef825f4617dc029afaf41d0ea60823bbb665ef3079dc79de2",
    "et_xmlfile-2.0.0-py3-none-any.whl": "7a91720bc756843502c3b7504c77b8fe44217c85c537d85037f0f536151b2caa",
}
WORKBOOK_FILES = (*WORKBOOK_WHEELS, "python_stdlib_workbook.zip")
WORKBOOK_MODULES = ("calculators.workbook", "calculators.workbook_out", "calculators.screening")
PAGE_ONLY = {"__main__.py", "cli.py", "workbook_cli.py", "workbook.py", "workbook_out.py", "screening.py"}


def package_version() -> str:
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not m:
        raise SystemExit("build_browser: calculators/__init__.py has no __version__")
    return m.group(1)


def build_wheel(out_dir: Path) -> Path:
    """calculators-<version>-py3-none-any.whl in out_dir, built from calculators/pyproject.toml by
    pip and setuptools (both pinned); the same sources give the same bytes.

    The build runs on a copy of the package, so that setuptools' build/ and egg-info folders never
    land in calculators/. SOURCE_DATE_EPOCH fixes every zip entry's date.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "calculators"
        shutil.copytree(PACKAGE, src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH), PIP_DISABLE_PIP_VERSION_CHECK="1")
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir",
             "-q", "-w", str(out_dir), str(src)], env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"build_browser: pip wheel failed:\n{proc.stdout}{proc.stderr}")
    path = out_dir / f"calculators-{package_version()}-py3-none-any.whl"
    if not path.exists():
        raise SystemExit(f"build_browser: pip wheel did not write {path.name}")
    return path


def package_imports() -> list[str]:
    """Every module named by an import statement of the browser's modules (standard library
    and package alike); importing them all in Pyodide shows which files they need."""
    names = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in PAGE_ONLY:   # the command line, or the screening page's own (workbook_stdlib)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    # the workbook modules import openpyxl inside their functions: a wheel of its own, loaded by
    # the screening page only; its standard-library needs go into python_stdlib_workbook.zip (WORKBOOK_SMOKE_PY)
    return sorted(n for n in names if n != "__future__"
                  and (n.split(".")[0] in sys.stdlib_module_names or n.split(".")[0] == "calculators"))


# Runs in Pyodide (Node), with the stock standard library, the wheel installed and the host's
# work directory mounted at /work. Records what start-up and the calculators import, and writes
# python_stdlib.zip with exactly those modules, compiled.
# Shared by the two recipes run in Pyodide that compile modules (TRIM_PY, PYC_PY).
COMPACT_LINES_PY = r'''
def compact_lines(code):
    """The code object with a line table mapping each instruction to the first line of its
    function: a quarter of the size, and tracebacks still name file, function and a line."""
    consts = tuple(compact_lines(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    units = len(code.co_code) // 2
    table = bytearray()
    while units > 0:
        n = min(units, 8)
        # one entry: "no column information" (code 13) for n code units, line delta 0
        table += bytes((0x80 | (13 << 3) | (n - 1), 0))
        units -= n
    return code.replace(co_consts=consts, co_linetable=bytes(table))
'''

TRIM_PY = r'''
import importlib, importlib.util, importlib._bootstrap_external as bootstrap, json, sys, types, zipfile
args = json.loads(open("/work/args.json").read())
for name in args["imports"] + args["browser_modules"] + args["extra"]:
    importlib.import_module(name)
exec(args["smoke"], {})

stock = next(p for p in sys.path if p.endswith(".zip"))
src = zipfile.ZipFile(stock)

''' + COMPACT_LINES_PY + r'''
files = {}
for name, module in sorted(sys.modules.items()):
    path = getattr(module, "__file__", None) or ""
    if not path.startswith(stock + "/"):
        continue
    rel = path[len(stock) + 1:]
    if rel in files:
        continue
    source = src.read(rel)
    code = compile(source, path, "exec", optimize=2, dont_inherit=True)
    code = compact_lines(code)
    files[rel] = bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), False)

with zipfile.ZipFile("/work/python_stdlib.zip", "w", zipfile.ZIP_STORED) as out:
    for rel in sorted(files):
        info = zipfile.ZipInfo(rel[:-3] + ".pyc", (1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        out.writestr(info, files[rel])
open("/work/modules.json", "w").write(json.dumps(sorted(files)))
'''

# One evaluation of each calculator, an invalid input and the roster's text decoding. Run while
# recording (some modules are imported only when first used) and again on the trimmed library,
# as the browser will run it: the build fails here, not in a reader's browser, when the trimmed
# library lacks something.
SMOKE_PY = r'''
import json
import calculator_glue as glue

def status(name, data):
    return json.loads(glue.run(name, json.dumps(data)))["status"]

smoke = {
    "eligibility": status("eligibility", {"district": "yueyanglou", "completion_year": "1998"}),
    "consent": status("consent", {"total_area": "1000", "signed_area": "700", "total_owners": "3",
                                  "signed_owners": "2"}),
    "funding": status("funding", {"costs": {"environment": "100"}}),
    "invalid": status("eligibility", {"distrct": "x"}),
    "roster_gb18030": json.loads(glue.roster("房号,业主,面积,是否签字\r\n1,张三,80,是\r\n2,李四,40,否\r\n"
                                             .encode("gb18030")))["status"],
    "roster_utf8": json.loads(glue.roster("\ufeffunit,owner,area,signed\r\n1,A,80,是\r\n2,B,40,\r\n"
                                          .encode("utf-8")))["status"],
}
'''
SMOKE_WANT = {"eligibility": "undetermined", "consent": "passed", "funding": "ok", "invalid": "error",
              "roster_gb18030": "not_passed", "roster_utf8": "not_passed"}
VERIFY_PY = SMOKE_PY + r'''
import importlib.util, os, sys
if os.path.exists("/work/calculators_pyc.zip"):
    # every module of the package that ran has its compiled file beside it (the worker's case)
    missing = [n for n, m in sys.modules.items() if n.split(".")[0] == "calculators"
               and not os.path.exists(importlib.util.cache_from_source(m.__file__))]
    smoke["pyc"] = "ok" if not missing else "missing: " + " ".join(sorted(missing))
json.dumps(smoke, ensure_ascii=False)
'''

NODE_JS = r'''
import fs from "node:fs";
const [pyodideDir, work, mode, stdlib] = process.argv.slice(1);
const { loadPyodide } = await import(pyodideDir + "/pyodide.mjs");
const options = { indexURL: pyodideDir + "/" };
if (stdlib) options.stdLibURL = stdlib;
const py = await loadPyodide(options);
for (const wheel of fs.readdirSync(work).filter((f) => f.endsWith(".whl")).sort()) {
  py.unpackArchive(new Uint8Array(fs.readFileSync(work + "/" + wheel)), "wheel");
}
// the package's compiled modules, as the worker unpacks them over the wheel
if (fs.existsSync(work + "/calculators_pyc.zip")) {
  py.unpackArchive(new Uint8Array(fs.readFileSync(work + "/calculators_pyc.zip")), "zip");
}
py.FS.writeFile("/home/pyodide/calculator_glue.py", fs.readFileSync(work + "/calculator_glue.py"));
py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: work }, "/work");
const result = py.runPython(fs.readFileSync(work + "/" + mode + ".py", "utf8"));
if (result !== undefined) console.log(result);
'''


# Runs in Pyodide (Node), the wheel unpacked: every module of the package compiled by Pyodide's
# own Python (3.14), as checked hash-based .pyc files (PEP 552): Python reads each beside its .py
# only if the hash of that .py matches, so the code run is always the source's. Written into
# calculators_pyc.zip, which the worker unpacks over the wheel: a first visit's import of the
# package then compiles nothing (compiling was two thirds of that import).
PYC_PY = r'''
import importlib.util, importlib._bootstrap_external as bootstrap, os, types, zipfile
root = "/home/pyodide"

''' + COMPACT_LINES_PY + r'''
entries = {}
for folder, dirs, names in os.walk(os.path.join(root, "calculators")):
    dirs.sort()
    for name in sorted(names):
        # not the command line's modules: a browser never imports them
        if not name.endswith(".py") or name in ("__main__.py", "cli.py", "cli_io.py", "workbook_cli.py"):
            continue
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            source = f.read()
        # asserts and docstrings kept (no -O): the code run is the tests' code
        code = compact_lines(compile(source, path, "exec", dont_inherit=True))
        entries[os.path.relpath(importlib.util.cache_from_source(path), root)] = \
            bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), True)
with zipfile.ZipFile("/work/calculators_pyc.zip", "w", zipfile.ZIP_STORED) as out:
    for rel in sorted(entries):
        info = zipfile.ZipInfo(rel, (1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        out.writestr(info, entries[rel])
str(len(entries))
'''


def compiled_package(wheel: Path) -> Path:
    """calculators_pyc.zip: the wheel's modules compiled in Pyodide (PYC_PY), cached by the
    wheel's and Pyodide's bytes."""
    h = hashlib.sha256(wheel.read_bytes() + PYC_PY.encode("utf-8"))
    h.update(hashlib.sha256((PYODIDE / "pyodide.asm.wasm").read_bytes()).digest())
    return made_in_pyodide(PYC_ZIP, h.hexdigest()[:16], [wheel], "pyc", PYC_PY)


def made_in_pyodide(name: str, key: str, wheels: list[Path], mode: str, code: str, args: dict | None = None) -> Path:
    """The zip `name` that `code` writes into its work directory, run in Pyodide (Node) with the
    wheels and the glue (and args.json), cached in .cache/browser/ as <stem>.<key>.zip; older
    keys of the same stem are deleted, so the cache does not grow."""
    stem = name.removesuffix(".zip")
    cached = CACHE / f"{stem}.{key}.zip"
    if cached.exists():
        return cached
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for w in wheels:
            shutil.copy2(w, work / w.name)
        shutil.copy2(GLUE, work / GLUE.name)
        if args is not None:
            (work / "args.json").write_text(json.dumps(args), encoding="utf-8")
        run_in_pyodide(work, mode, code)
        tmp_zip = cached.with_suffix(".tmp")
        shutil.copy2(work / name, tmp_zip)
        os.replace(tmp_zip, cached)
    for old in CACHE.glob(f"{stem}.*.zip"):
        if old != cached:
            old.unlink(missing_ok=True)
    return cached


def run_in_pyodide(work: Path, mode: str, code: str, stdlib: Path | None = None) -> str:
    (work / f"{mode}.py").write_text(code, encoding="utf-8")
    cmd = ["node", "--input-type=module", "-e", NODE_JS, str(PYODIDE), str(work), mode]
    if stdlib:
        cmd.append(str(stdlib))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        # Pyodide's errors quote its minified source: the last lines say what went wrong
        tail = "\n".join(line[:300] for line in (proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise SystemExit(f"build_browser: Pyodide ({mode}) failed:\n{tail}")
    return proc.stdout.strip()


def stdlib_key(imports: list[str]) -> str:
    """What the trimmed library depends on: Pyodide's files, the imports, this recipe."""
    h = hashlib.sha256()
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "package.json"):
        h.update(hashlib.sha256((PYODIDE / name).read_bytes()).digest())
    h.update(json.dumps([imports, BROWSER_MODULES, EXTRA_MODULES, TRIM_PY, SMOKE_PY,
                         GLUE.read_text(encoding="utf-8")]).encode("utf-8"))
    return h.hexdigest()[:16]


def trimmed_stdlib(wheel: Path) -> Path:
    """python_stdlib.zip with only the modules start-up and the calculators import, as .pyc.

    The modules are those Pyodide has loaded after start-up (the same in Node and in a
    browser) plus those the calculators import, found by importing them in Pyodide, with the
    stock library. Each is compiled by Pyodide's own Python (3.14) with docstrings and asserts
    left out (-OO) and with a small line table, and stored uncompressed: HTTP compresses the
    whole file better than zip compresses each entry, and Python reads it without inflating.
    """
    imports = package_imports()
    return made_in_pyodide("python_stdlib.zip", stdlib_key(imports), [wheel], "trim", TRIM_PY, trim_args(imports))


def trim_args(imports: list[str]) -> dict:
    """What TRIM_PY (and WORKBOOK_TRIM_PY) import and run while recording (args.json)."""
    return {"imports": imports, "browser_modules": list(BROWSER_MODULES), "extra": list(EXTRA_MODULES),
            "smoke": SMOKE_PY}


def verify(wheel: Path, stdlib: Path, pyc: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy2(wheel, work / wheel.name)
        shutil.copy2(GLUE, work / GLUE.name)
        if pyc:
            shutil.copy2(pyc, work / PYC_ZIP)
        out = run_in_pyodide(work, "verify", VERIFY_PY, stdlib)
    got = json.loads(out.splitlines()[-1])
    if got != (SMOKE_WANT | {"pyc": "ok"} if pyc else SMOKE_WANT):
        raise SystemExit(f"build_browser: the calculators do not run on the trimmed runtime: {got}")
    return got


# Runs in Pyodide (Node) with the stock library and the calculators and workbook wheels: the
# modules of the stock library that the screening page adds to what every calculator page loads,
# compiled as TRIM_PY compiles them, into python_stdlib_workbook.zip.
WORKBOOK_TRIM_PY = r'''
import importlib, json, sys
args = json.loads(open("/work/args.json").read())
for name in args["imports"] + args["browser_modules"] + args["extra"]:
    importlib.import_module(name)
exec(args["smoke"], {})
before = set(sys.modules)
for name in args["workbook_modules"]:
    importlib.import_module(name)
exec(args["workbook_smoke"], {})
added = {n: m for n, m in sys.modules.items() if n not in before}
import importlib.util, importlib._bootstrap_external as bootstrap, types, zipfile
''' + TRIM_PY.split("stock = next", 1)[1].join(["stock = next", ""]).replace(
    "for name, module in sorted(sys.modules.items()):", "for name, module in sorted(added.items()):").replace(
    "/work/python_stdlib.zip", "/work/python_stdlib_workbook.zip").replace("/work/modules.json", "/work/workbook_modules.json")

# A workbook made, read and written by the screening page's code: run while recording, and
# again on the two trimmed libraries, as the page runs it.
WORKBOOK_SMOKE_PY = r'''
import io, json
import openpyxl
import calculator_glue as glue
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["小区名称", "小区所在区", "建成年份", "基础设施和功能明显不足"])
ws.append(["甲", "岳阳楼区", 1995, "是"])
ws.append(["乙", "君山区", 2005, "否"])
buf = io.BytesIO()
wb.save(buf)
got = json.loads(glue.screen("eligibility", buf.getvalue(), "a.xlsx"))
assert got["summary"]["totals"]["rows"] == 2, got
assert openpyxl.load_workbook(io.BytesIO(glue.download("xlsx"))).worksheets[0].max_row == 3
assert glue.download("csv").startswith("\ufeff".encode("utf-8"))
got = json.loads(glue.screen("funding", "小区所在区,小区环境及配套设施\r\n岳阳楼区,100\r\n".encode("utf-8"), "b.csv"))
assert got["summary"]["totals"]["rows"] == 1, got
ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)
assert json.loads(glue.screen("eligibility", ole, "a.xls"))["error"]["code"] == "not_xlsx"
assert json.loads(glue.screen("eligibility", b"PK\x03\x04 not a zip", "a.xlsx"))["error"]["code"] == "corrupt_workbook"
workbook_smoke = "ok"
'''


def workbook_wheels() -> list[Path]:
    """The workbook library's wheels (WORKBOOK_WHEELS), fetched by pip once into the cache and
    checked against their pinned hashes."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, sha in WORKBOOK_WHEELS.items():
        path = folder / name
        if not path.exists():
            project, version = name.split("-")[:2]
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                 "-d", str(folder), f"{project}=={version}"], capture_output=True, text=True,
                env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"))
            if proc.returncode != 0 or not path.exists():
                raise SystemExit(f"build_browser: pip download {project}=={version} failed:\n{proc.stderr}")
        got = hashlib.sha256(path.read_bytes()).hexdigest()
        if got != sha:
            path.unlink()
            raise SystemExit(f"build_browser: {name} has sha256 {got}, not the pinned {sha}")
        out.append(path)
    return out


def workbook_stdlib(wheel: Path, wheels: list[Path]) -> Path:
    """python_stdlib_workbook.zip: the modules the screening page needs beyond python_stdlib.zip."""
    imports = package_imports()
    key = hashlib.sha256((stdlib_key(imports) + WORKBOOK_TRIM_PY + WORKBOOK_SMOKE_PY
                          + json.dumps(sorted(WORKBOOK_WHEELS.values()))).encode()).hexdigest()[:16]
    args = trim_args(imports) | {"workbook_modules": list(WORKBOOK_MODULES), "workbook_smoke": WORKBOOK_SMOKE_PY}
    return made_in_pyodide("python_stdlib_workbook.zip", key, [wheel, *wheels], "trim_workbook", WORKBOOK_TRIM_PY, args)


def verify_workbook(wheel: Path, wheels: list[Path], stdlib: Path, extra: Path) -> None:
    """The screening page's code on the two trimmed libraries, as the page runs it."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for w in [wheel, *wheels]:
            shutil.copy2(w, work / w.name)
        shutil.copy2(GLUE, work / GLUE.name)
        shutil.copy2(extra, work / "python_stdlib_workbook.zip")
        code = ("import sys\nsys.path.append('/work/python_stdlib_workbook.zip')\n"
                + WORKBOOK_SMOKE_PY + "workbook_smoke\n")
        out = run_in_pyodide(work, "verify_workbook", code, stdlib)
    if out.splitlines()[-1:] != ["ok"]:
        raise SystemExit(f"build_browser: the screening page's code does not run on the trimmed runtime: {out}")


def sources_key() -> str:
    """What the runtime is made from (the package's files, the glue, Pyodide's, this recipe):
    within one process, the same key gives the same runtime without building it again."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path):
            h.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for path in (GLUE, PYODIDE / "package.json", Path(__file__)):
        h.update(path.read_bytes())
    return h.hexdigest()


_STAGED: dict[str, dict] = {}


def runtime_cache(version: str) -> str:
    """The name of the cache that holds one runtime's files on the reader's device (the service
    worker's, plansite/offline.py; the worker's snapshot, assets/js/calculator-worker.js)."""
    return "yy-runtime-" + version


def stage() -> dict:
    """The runtime the calculator pages load, in .cache/browser/runtime/<hash>/, built if needed.

    Returns {"version": <hash>, "dir": <the directory>, "config": <the worker's configuration>}.
    The MkDocs hook (plansite/hook.py) calls this before it writes the pages, which carry the
    configuration in their page-data block, and copies the directory into the site afterwards:
    nothing in site/ is patched after the build.
    """
    key = sources_key()
    if key in _STAGED and _STAGED[key]["dir"].is_dir():
        return _STAGED[key]
    t0 = time.perf_counter()
    for name in RUNTIME_FILES:
        if not (PYODIDE / name).exists():
            raise SystemExit(f"build_browser: {PYODIDE / name} is missing: run scripts/setup.sh (npm ci)")
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / "runtime"
        wheel = build_wheel(staging)
        stdlib = trimmed_stdlib(wheel)
        shutil.copyfile(stdlib, staging / "python_stdlib.zip")
        for name in RUNTIME_FILES:
            shutil.copyfile(PYODIDE / name, staging / name)
        shutil.copyfile(GLUE, staging / GLUE.name)
        shutil.copyfile(compiled_package(wheel), staging / PYC_ZIP)
        wheels = workbook_wheels()
        extra = workbook_stdlib(wheel, wheels)
        for w in wheels:
            shutil.copyfile(w, staging / w.name)
        shutil.copyfile(extra, staging / "python_stdlib_workbook.zip")
        # checked once per (library, wheel): a few seconds of Node
        verified = CACHE / f"verified.{stdlib.stem}.{hashlib.sha256(wheel.read_bytes() + GLUE.read_bytes() + (staging / PYC_ZIP).read_bytes()).hexdigest()[:16]}"
        if not verified.exists():
            verify(wheel, staging / "python_stdlib.zip", staging / PYC_ZIP)
            verify_workbook(wheel, wheels, staging / "python_stdlib.zip", extra)
            for stale in CACHE.glob("verified.*"):
                stale.unlink(missing_ok=True)
            verified.touch()
        digest = hashlib.sha256()
        for path in sorted(staging.iterdir()):
            digest.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        version = digest.hexdigest()[:12]
        target = CACHE / "runtime" / version
        if not target.is_dir():
            tmp_target = target.with_name(version + ".tmp")
            shutil.rmtree(tmp_target, ignore_errors=True)
            shutil.copytree(staging, tmp_target)
            os.replace(tmp_target, target)
    for old in (CACHE / "runtime").iterdir():  # keep the cache from growing
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    info = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    config = {
        # relative to the worker script (assets/js/calculator-worker.js)
        "base": f"../pyodide/{version}/",
        "stdlib": "python_stdlib.zip",
        "wheel": wheel.name,
        # the package's modules compiled (compiled_package), unpacked over the wheel
        "pyc": PYC_ZIP,
        "glue": GLUE.name,
        # Pyodide's lock file lists the 357 packages of its full distribution, none of which is
        # here; the worker passes this one instead (no packages: nothing to fetch or look up)
        "lock": {"info": info, "packages": {}},
        "pyodide": json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"],
        "calculators": package_version(),
        # the service worker's cache of this runtime (plansite/offline.py), where the worker also
        # keeps the started interpreter's memory snapshot
        "cache": runtime_cache(version),
        # each file's size as the worker reads it (after HTTP decompression): the loading line's
        # progress figure counts the bytes received against these (the workbook library's apart:
        # only the screening page fetches it)
        "sizes": {p.name: p.stat().st_size for p in sorted(target.iterdir()) if p.name not in WORKBOOK_FILES},
        # the screening page's extras (the worker loads them when the page asks: {workbook: true})
        "workbook": {"wheels": sorted(WORKBOOK_WHEELS), "stdlib": "python_stdlib_workbook.zip",
                     "sizes": {p.name: p.stat().st_size for p in sorted(target.iterdir()) if p.name in WORKBOOK_FILES}},
    }
    runtime = {"version": version, "dir": target, "config": config}
    _STAGED.clear()
    _STAGED[key] = runtime
    sizes = {p.name: p.stat().st_size for p in sorted(target.iterdir())}
    print(f"build_browser: assets/pyodide/{version}/ ({sum(sizes.values()) / 1e6:.1f} MB: "
          + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in sizes.items())
          + f") in {time.perf_counter() - t0:.1f} s")
    return runtime


def install(site: Path, runtime: dict) -> Path:
    """Copy the staged runtime into site/assets/pyodide/<hash>/ (the only directory there)."""
    target_root = site / "assets" / "pyodide"
    target = target_root / runtime["version"]
    if not target.is_dir():
        if target_root.exists():
            shutil.rmtree(target_root)
        shutil.copytree(runtime["dir"], target)
    return target


def build(site: Path = SITE) -> dict:
    """Stage the runtime and copy it into an already built site (what the hook does)."""
    runtime = stage()
    install(site, runtime)
    return runtime["config"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=SITE, help="the built site (default: site/)")
    ap.add_argument("--wheel", type=Path, metavar="DIR", help="only write the calculators wheel into DIR")
    args = ap.parse_args(argv)
    if args.wheel:
        print(build_wheel(args.wheel))
        return 0
    build(args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
