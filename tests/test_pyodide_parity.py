"""The calculators give the same answers in the browser as here.

Every YAML case of the calculators (tests/calc/cases/*.yaml) and a set of signature
rosters run under CPython and under Pyodide, and the JSON outputs must be identical, byte for
byte. Pyodide runs in Node (tests/pyodide_runner.mjs) as it runs in the calculator pages:
Pyodide from node_modules, and the trimmed standard library, the wheel and the glue module that
the site serves; fetch is disabled, so nothing can come from the network. Every case runs twice
in Pyodide: in Python started as on a first visit, and in Python restored from the memory
snapshot that the calculator pages keep on the reader's device for later visits.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

import calculators
from calculators import cli

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "pyodide_runner.mjs"
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
GLUE = ROOT / "docs" / "assets" / "js" / "calculator_glue.py"
CASES = ROOT / "tests" / "calc" / "cases"
NAMES = ("eligibility", "consent", "funding")

CASE_LIST = [(name, case) for name in NAMES
             for case in yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))]

HEAD_ZH = "房号,业主,面积,是否签字\r\n"
# (name, file bytes): the ways people hand in a roster, and the ways it goes wrong
ROSTERS = [
    ("Chinese headings, UTF-8 with a byte-order mark, as Excel writes 'CSV UTF-8'",
     ("\ufeff" + HEAD_ZH + "1-101,张三,86.50,是\r\n1-102,李四,92.00,否\r\n1-201,张三,64.20,是\r\n"
      "1-202,王五,92.00,是\r\n").encode("utf-8")),
    ("Chinese headings in GB18030, as Excel on Chinese Windows saves CSV",
     (HEAD_ZH + "101,甲,80,是\r\n102,乙,70,是\r\n103,丙,50,否\r\n").encode("gb18030")),
    ("English headings separated by semicolons, blanks as not signed",
     b"unit;owner;area;signed\n1;A;100;\xe6\x98\xaf\n2;B;100;\n3;C;100;\xe6\x98\xaf\n"),
    ("An owner of two units signed for one only (invalid: the row is named)",
     (HEAD_ZH + "101,甲,80,是\r\n102,甲,70,否\r\n").encode("utf-8")),
    ("A roster without the signed column (invalid)",
     "房号,业主,面积\r\n101,甲,80\r\n".encode("utf-8")),
    ("An empty file (invalid)", b""),
    ("Only the heading row (invalid: no units)", HEAD_ZH.encode("utf-8")),
    ("A misspelt heading (invalid: the nearest name is suggested)",
     b"unit,owner,areaa,signed\n1,A,100,\xe6\x98\xaf\n"),
    ("An area with three decimals (invalid)", (HEAD_ZH + "101,甲,80.125,是\r\n").encode("utf-8")),
    ("Bytes that are neither UTF-8 nor GB18030 (invalid)", b"\xff\xfe\x00\x81\x00"),
] + [(f"The site's example roster ({p.name})", p.read_bytes())
     for p in sorted((ROOT / "docs" / "calculators").glob("roster-example.*.csv"))]


def runtime_dir(site: Path) -> Path:
    dirs = [d for d in (site / "assets" / "pyodide").iterdir() if d.is_dir()]
    assert len(dirs) == 1, f"one runtime directory expected, found {dirs}"
    return dirs[0]


def wheel_path(runtime: Path) -> Path:
    wheels = list(runtime.glob("calculators-*-py3-none-any.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module", params=["started", "restored"])
def pyodide_out(site, request):
    """Every case's answer in Pyodide: from Python started as on a first visit, and from Python
    restored from the memory snapshot the calculator pages keep for later visits."""
    if not shutil.which("node"):
        pytest.fail("node is not installed: run scripts/setup.sh")
    runtime = runtime_dir(site)
    requests = [{"calculator": name, "input": json.dumps(case["input"], ensure_ascii=False)}
                for name, case in CASE_LIST]
    requests += [{"roster": base64.b64encode(data).decode("ascii")} for _, data in ROSTERS]
    cmd = ["node", str(RUNNER), "--pyodide", str(NODE_PYODIDE), "--stdlib", str(runtime / "python_stdlib.zip"),
           "--wheel", str(wheel_path(runtime)), "--glue", str(GLUE), "--pyc", str(runtime / "calculators_pyc.zip")]
    if request.param == "restored":
        cmd += ["--snapshot", "1"]
    proc = subprocess.run(cmd, input=json.dumps(requests), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert len(out["results"]) == len(requests)
    assert (out["snapshot"] > 0) == (request.param == "restored")
    return out


@pytest.mark.parametrize("index", range(len(CASE_LIST)),
                         ids=[f"{n}: {c['name']}" for n, c in CASE_LIST])
def test_case_gives_the_same_json_in_cpython_and_pyodide(pyodide_out, index):
    name, case = CASE_LIST[index]
    text = json.dumps(case["input"], ensure_ascii=False)
    here = json.dumps(calculators.calculate(name, json.loads(text)), ensure_ascii=False)
    there = pyodide_out["results"][index]
    assert there == here


@pytest.mark.parametrize("index", range(len(ROSTERS)), ids=[r[0] for r in ROSTERS])
def test_roster_gives_the_command_lines_answer_in_pyodide(pyodide_out, tmp_path, index):
    _, data = ROSTERS[index]
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    stdout, stderr = io.BytesIO(), io.StringIO()
    status = cli.main(["consent", "--roster", str(path)], stdout=stdout, stderr=stderr)
    here = json.loads(stdout.getvalue().decode("utf-8"))
    there = json.loads(pyodide_out["results"][len(CASE_LIST) + index])
    assert there == here
    assert (status == 0) == (here["status"] != "error")


def test_the_browser_imports_the_very_files_the_tests_import(pyodide_out):
    """Each module of the package that Pyodide imported, and params.json, is byte for byte the
    file that CPython imports here (the repository's calculators/)."""
    assert Path(calculators.__file__).resolve().parent == ROOT / "calculators"
    files = pyodide_out["files"]
    for module in ("calculators/__init__.py", "calculators/batch.py", "calculators/params.json",
                   "calculators/core/eligibility.py", "calculators/core/consent.py",
                   "calculators/core/funding.py"):
        assert module in files, f"{module} was not imported in Pyodide"
    for rel, digest in files.items():
        assert digest == hashlib.sha256((ROOT / rel).read_bytes()).hexdigest(), f"{rel} differs"


def test_the_wheel_holds_the_package_unchanged(site):
    wheel = wheel_path(runtime_dir(site))
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if not n.startswith("calculators-")]
        # every file the package runs with: its modules and its parameters (not its docs)
        on_disk = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "calculators").rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".json"))
        assert sorted(names) == on_disk
        for name in names:
            assert zf.read(name) == (ROOT / name).read_bytes(), name
        record = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/RECORD"))).decode()
        assert all(n in record for n in names)


def test_the_runtime_is_the_pinned_npm_package(site):
    runtime = runtime_dir(site)
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["pyodide"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), f"pyodide must be pinned exactly, not {pinned!r}"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/pyodide"]
    assert entry["version"] == pinned and entry["integrity"].startswith("sha512-")
    installed = json.loads((NODE_PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == pinned, "node_modules is stale: run scripts/setup.sh (npm ci)"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert (runtime / name).read_bytes() == (NODE_PYODIDE / name).read_bytes(), name


@pytest.mark.parametrize("page", ["calculators/eligibility", "en/calculators/funding", "forms/application"])
def test_the_worker_is_configured_for_the_runtime_the_site_serves(site, page):
    """The pages that run Python hand the worker its configuration from their page-data block
    (plansite/hook.py, from plansite/browser.py): it names the runtime the site serves."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert m, f"{page}: no page-data block"
    config = json.loads(m.group(1)).get("runtime")
    assert config, f"{page}: the page-data block names no runtime (plansite/hook.py)"
    worker = (site / page / config["worker"]).resolve()
    assert worker == (site / "assets" / "js" / "calculator-worker.js").resolve() and worker.is_file()
    runtime = (worker.parent / config["base"]).resolve()
    assert runtime == runtime_dir(site).resolve()
    for key in ("stdlib", "wheel", "glue"):
        assert (runtime / config[key]).is_file(), config[key]
    assert (runtime / config["glue"]).read_text(encoding="utf-8") == GLUE.read_text(encoding="utf-8")
    assert config["lock"]["packages"] == {}
    # content-hashed: the directory name changes with the contents
    assert re.fullmatch(r"[0-9a-f]{12}", runtime.name)


def test_pyodide_runs_the_python_it_claims(pyodide_out):
    assert pyodide_out["python"].startswith("3.14"), pyodide_out["python"]
    assert pyodide_out["pyodide"] == json.loads((NODE_PYODIDE / "package.json").read_text())["version"]
