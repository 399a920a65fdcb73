"""Benchmark the batch CLI: generate CSV files of communities and time
``python -m calculators NAME --csv IN.csv -o OUT.csv`` on them (not a test).

    python -m plansite.bench.batch                 # 100,000 rows, eligibility
    python -m plansite.bench.batch --rows 20000 --calculators eligibility consent funding

Prints rows per second for each calculator, counting the whole command (start-up, reading,
evaluating, writing), by the wall clock and by the command's CPU time (on a busy shared machine
the two differ). The rows are random but seeded, so runs are comparable.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
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


def bench(name: str, rows: int, tmp: Path) -> tuple[float, float]:
    src = tmp / f"{name}.csv"
    out = tmp / f"{name}.out.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(GENERATORS[name](rows, random.Random(2019)))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "calculators", name, "--csv", str(src), "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"{name}: exit status {proc.returncode}")
    return rows / elapsed, rows / cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--calculators", nargs="+", default=["eligibility"], choices=sorted(GENERATORS))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.calculators:
            wall, cpu = bench(name, args.rows, Path(tmp))
            # on a shared machine the wall clock includes waiting for a core; CPU time does not
            print(f"{name}: {args.rows:,} rows, {wall:,.0f} rows/s (wall clock), "
                  f"{cpu:,.0f} rows/s (CPU time of the command)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
