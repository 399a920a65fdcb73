"""The command line's own plumbing (issue 13 C), as subprocesses: a lone surrogate escape, a
reader who stops reading (| head), a closed standard output, a huge name. Exit 0 or 2, never a
traceback."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "calculators"]
CONSENT = {"total_area": 1000, "signed_area": 700, "total_owners": 150, "signed_owners": 100}


def run(*args, stdin: bytes = b""):
    p = subprocess.run([*CMD, *args], input=stdin, cwd=ROOT, capture_output=True, timeout=300)
    assert b"Traceback" not in p.stderr and b"Exception ignored" not in p.stderr, p.stderr.decode("utf-8", "replace")
    assert p.returncode in (0, 2), (p.returncode, p.stderr)
    return p


@pytest.mark.parametrize("text", ['{"\\ud800": 1}', '{"district": "\\udfff"}',
                                  '{"total_area": "1\\ud800", "signed_area": 1, "total_owners": 1, "signed_owners": 1}',
                                  '[{"\\ud83d": 1}]'])
@pytest.mark.parametrize("name", ["eligibility", "consent", "funding"])
def test_a_lone_surrogate_escape_is_invalid_input_with_exit_2(name, text):
    p = run(name, stdin=text.encode())
    assert p.returncode == 2
    err = json.loads(p.stdout.decode("utf-8"))["error"]
    assert err["code"] == "invalid_json"
    assert "代理" in err["message"]["zh"] and "surrogate" in err["message"]["en"]
    assert p.stderr.decode("utf-8").count("\n") == 1


def test_a_complete_surrogate_pair_is_an_ordinary_character():
    p = run("eligibility", stdin=b'{"district": "\\ud83d\\ude00"}')
    assert p.returncode == 2
    assert json.loads(p.stdout.decode("utf-8"))["error"]["code"] == "unknown_district"


def _big_csv(tmp_path, rows=60000) -> Path:
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["district", "completion_year"])
        for i in range(rows):
            w.writerow(["岳阳楼区", 1990 + i % 20])
    return path


@pytest.mark.parametrize("how", ["json", "error", "csv", "roster"])
def test_a_reader_who_stops_reading_gets_no_traceback(tmp_path, how):
    stdin = b""
    if how == "json":
        args, stdin = ["consent"], json.dumps(CONSENT).encode()
    elif how == "error":
        args, stdin = ["consent"], b'{"total_area": "1 000"}'
    elif how == "csv":
        args = ["eligibility", "--csv", str(_big_csv(tmp_path, 2000))]
    else:
        roster = tmp_path / "units.csv"
        roster.write_text("unit,owner,area,signed\n" + "".join(f"{i},业主{i},88.50,否\n" for i in range(2000)),
                          encoding="utf-8")
        args = ["consent", "--roster", str(roster)]
    # the reader is gone before the first byte is written (`| true`, or `| head` that has finished)
    p = subprocess.Popen([*CMD, *args], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.close()
    _out, err = p.communicate(stdin, timeout=300)
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception ignored" not in err, err.decode()
    assert p.returncode == (2 if how == "error" else 0)


def test_a_pipe_into_a_finished_reader_in_a_real_shell(tmp_path):
    f = tmp_path / "in.json"
    f.write_text(json.dumps(CONSENT), encoding="utf-8")
    p = subprocess.run(["sh", "-c", f'"{sys.executable}" -m calculators consent "{f}" | true'],
                       cwd=ROOT, capture_output=True, timeout=120)
    assert p.returncode == 0
    assert p.stderr == b"", p.stderr.decode()


def test_a_pipe_into_head_prints_only_the_head(tmp_path):
    big = _big_csv(tmp_path)
    p = subprocess.run(["sh", "-c", f'"{sys.executable}" -m calculators eligibility --csv "{big}" | head -n 2'],
                       cwd=ROOT, capture_output=True, timeout=300)
    assert p.stdout.decode("utf-8-sig").count("\n") == 2
    assert b"Traceback" not in p.stderr and b"BrokenPipe" not in p.stderr, p.stderr.decode()


def test_a_closed_standard_output_exits_2_with_a_message(tmp_path):
    f = tmp_path / "in.json"
    f.write_text(json.dumps(CONSENT), encoding="utf-8")
    p = subprocess.run(["sh", "-c", f'"{sys.executable}" -m calculators consent "{f}" >&-'],
                       cwd=ROOT, capture_output=True, timeout=120)
    assert p.returncode == 2
    assert b"Traceback" not in p.stderr and b"AttributeError" not in p.stderr
    assert "standard output is closed" in p.stderr.decode("utf-8")


def test_a_closed_standard_error_still_gives_the_result(tmp_path):
    f = tmp_path / "in.json"
    f.write_text(json.dumps(CONSENT), encoding="utf-8")
    p = subprocess.run(["sh", "-c", f'"{sys.executable}" -m calculators consent "{f}" 2>&-'],
                       cwd=ROOT, capture_output=True, timeout=120)
    assert p.returncode == 0
    assert json.loads(p.stdout.decode("utf-8"))["status"] == "passed"


PEAK = """
import resource, subprocess, sys
p = subprocess.run([sys.executable, "-m", "calculators", "eligibility", sys.argv[1]], capture_output=True)
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_a_10_mb_district_name_is_refused_without_a_memory_blowup(tmp_path):
    f = tmp_path / "huge.json"
    f.write_text(json.dumps({"district": "岳阳" + "x" * 10_000_000}), encoding="utf-8")
    p = subprocess.run([sys.executable, "-c", PEAK, str(f)], cwd=ROOT, capture_output=True, timeout=300, text=True)
    rc, peak_kb = map(int, p.stdout.split())
    assert rc == 2
    # 459 MB before the bound; the input itself is 10 MB (a few copies of it are fine)
    assert peak_kb < 150_000, peak_kb


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00garbage", b"[" * 100000, b"1" * 5000, b"null",
                                  b'{"units": [' + b"{}," * 1000 + b"{}]}"])
def test_odd_inputs_exit_0_or_2_only(data):
    for name in ("eligibility", "consent", "funding"):
        run(name, stdin=data)
