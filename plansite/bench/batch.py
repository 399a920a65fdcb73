"""Benchmark the batch CLI: generate CSV files of communities and time
``python -m calculators NAME --csv IN.csv -o OUT.csv`` on them (not a test).

    python -m plansite.bench.batch                 # 300,000 rows, eligibility
    python -m plansite.bench.batch --rows 1000000 --calculators consent
    python -m plansite.bench.batch --rows 20000 --calculators eligibility consent funding

Prints, for each calculator, rows per second counting the whole command (start-up, reading,
evaluating, writing), by the wall clock and by the command's CPU time (on a busy shared machine
the two differ), and the command's peak memory (maximum resident set size, MB). The targets
(issue 9): 300,000 eligibility rows at 20,000 rows/s or more, under 250 MB. The rows are random
but seeded, so runs are comparable.
"""
from __future__ import annotations

import argparse
import csv
import random
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plansite import ROOT

DISTRICTS = ["yueyanglou", "岳阳楼区", "jingkai", "南湖新区", "yunxi", "君山区", "岳阳县", "汨罗市"]
ANSWERS = ["是", "否", "", "true", "false", "Y", "N", "1", "0"]
BOOLS = ["infrastructure_deficient", "property_management_inadequate", "strong_willingness",
         "renovated_last_5_years", "in_demolition_plan_5_years", "illegal_structures_cleared",
         "has_owners_committee", "in_shantytown_plan", "mainly_self_built", "urban_village"]


def eligibility_rows(n: int, rnd: random.Random):
    yield ["name", "district", "completion_year", *BOOLS]
    for i in range(n):
        # mostly the answers that make a community eligible, so every check is exercised
        row = [f"小区{i}", rnd.choice(DISTRICTS), str(rnd.randint(1980, 2010))]
        for j, _ in enumerate(BOOLS):
            good = "是" if j < 3 or j in (5, 6) else "否"
            row.append(good if rnd.random() < 0.85 else rnd.choice(ANSWERS))
        yield row


def consent_rows(n: int, rnd: random.Random):
    yield ["name", "total_area", "signed_area", "total_owners", "signed_owners"]
    for i in range(n):
        total = rnd.randint(1000, 500000)
        owners = rnd.randint(10, 3000)
        yield [f"小区{i}", f"{total / 100:.2f}", f"{rnd.randint(0, total) / 100:.2f}", owners,
               rnd.randint(0, owners)]


def funding_rows(n: int, rnd: random.Random):
    keys = ["costs.environment", "costs.building", "costs.elevator", "costs.public_facilities",
            "costs.pipeline_relocation", "costs.road_works", "contributions.residents.general",
            "contributions.residents.elevator", "contributions.original_property_unit"]
    yield ["name", *keys]
    for i in range(n):
        yield [f"小区{i}"] + [f"{rnd.randint(0, 10 ** 8) / 100:.2f}" for _ in keys]


GENERATORS = {"eligibility": eligibility_rows, "consent": consent_rows, "funding": funding_rows}


def bench(name: str, rows: int, tmp: Path, module: str = "calculators") -> tuple[float, float, float]:
    """(rows/s by the wall clock, rows/s by CPU time, peak RSS in MB) of one batch command."""
    src = tmp / f"{name}.csv"
    out = tmp / f"{name}.out.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(GENERATORS[name](rows, random.Random(2019)))
    err = tmp / f"{name}.err"
    with open(err, "wb") as errfh:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", module, name, "--csv", str(src), "-o", str(out)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errfh)
        # wait4 gives this command's own resource usage (CPU time, peak resident set)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    if proc.returncode != 0:
        print(err.read_text(encoding="utf-8")[-2000:], file=sys.stderr)
        raise SystemExit(f"{name}: exit status {proc.returncode}")
    # ru_maxrss is in kilobytes on Linux
    return rows / elapsed, rows / cpu, usage.ru_maxrss / 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--calculators", nargs="+", default=["eligibility"], choices=sorted(GENERATORS))
    ap.add_argument("--module", default="calculators",
                    help="the package to run (to compare with another copy of it on PYTHONPATH)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.calculators:
            wall, cpu, peak = bench(name, args.rows, Path(tmp), args.module)
            # on a shared machine the wall clock includes waiting for a core; CPU time does not
            print(f"{name}: {args.rows:,} rows, {wall:,.0f} rows/s (wall clock), "
                  f"{cpu:,.0f} rows/s (CPU time of the command), peak memory {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
