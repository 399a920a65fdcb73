"""The batch path (calculators.batch, lean per-row loop) agrees with the functions."""
import csv
import io

import pytest

import calculators
from calculators import batch
from calc_casefiles import load

FIELDS = ["district", "completion_year", "infrastructure_deficient", "property_management_inadequate",
          "strong_willingness", "renovated_last_5_years", "in_demolition_plan_5_years",
          "illegal_structures_cleared", "has_owners_committee", "in_shantytown_plan",
          "mainly_self_built", "urban_village"]


def cell(v):
    return "" if v is None else ("true" if v is True else "false" if v is False else str(v))


def run_batch(name, header, rows):
    buf = io.StringIO()
    csv.writer(buf).writerows([header] + rows)
    out = io.StringIO()
    report = batch.run(name, buf.getvalue(), out, calculators.load_params())
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    return report, [dict(zip(table[0], r)) for r in table[1:]]


def test_eligibility_batch_rows_agree_with_the_function():
    cases = [c for c in load("eligibility")
             if isinstance(c["input"], dict) and set(c["input"]) <= set(FIELDS)
             and all(not isinstance(v, (list, dict)) for v in c["input"].values())
             and any(cell(v) for v in c["input"].values())]  # an all-blank row is skipped
    assert len(cases) > 50
    rows = [[cell(c["input"].get(f)) for f in FIELDS] for c in cases]
    # twice over, so that memoised results are exercised as well
    report, out = run_batch("eligibility", FIELDS, rows + rows)
    assert report.rows == 2 * len(cases)
    for c, got in zip(cases + cases, out):
        want = calculators.eligibility({k: (cell(v) if v is not None else None) for k, v in c["input"].items()})
        assert got["status"] == want["status"], c["name"]
        if want["status"] == "error":
            assert got["error_field"] == want["error"]["field"]
        else:
            assert got["failed"] == ";".join(want["failed"]), c["name"]
            assert got["unknown"] == ";".join(want["unknown"]), c["name"]
            assert got["explanation_zh"].startswith(want["summary"]["zh"])


def test_a_cell_over_the_field_limit_gets_an_error_row_and_the_rest_still_run():
    long = "x" * (csv.field_size_limit() + 10)
    text = "district,name\nyunxi,a\njunshan," + long + "\nnanhu,c\n"
    out = io.StringIO()
    report = batch.run("eligibility", text, out, calculators.load_params())
    assert report.rows == 3 and [r for r, _ in report.bad] == [3]
    assert report.bad[0][1].code == "cell_too_long"
    old = csv.field_size_limit()
    try:
        csv.field_size_limit(len(long) + 10)
        table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    finally:
        csv.field_size_limit(old)
    assert [r[0] for r in table[1:]] == ["yunxi", "junshan", "nanhu"]
    bad = dict(zip(table[0], table[2]))
    # the row's own cells are carried into its error row, unchanged
    assert bad["name"] == long and bad["status"] == "error" and "131,072" in bad["error_zh"]
    assert csv.field_size_limit() == old


@pytest.mark.parametrize("name", ["consent", "funding"])
def test_consent_and_funding_batch_rows_agree_with_the_function(name):
    cases = [c for c in load(name) if isinstance(c["input"], dict) and "units" not in c["input"]]
    flat_cases = []
    for c in cases:
        flat = {}
        ok = True
        for k, v in c["input"].items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    if isinstance(v2, dict):
                        for k3, v3 in v2.items():
                            flat[f"{k}.{k2}.{k3}"] = v3
                    elif isinstance(v2, list):
                        ok = False
                    else:
                        flat[f"{k}.{k2}"] = v2
            elif isinstance(v, list):
                ok = False
            else:
                flat[k] = v
        # CSV cells are text: keep the cases whose values survive as text
        valid = set(calculators.load_params()["csv_columns"][name])
        if ok and set(flat) <= valid and any(cell(v) for v in flat.values()) and all(
                isinstance(v, (str, int)) and not isinstance(v, bool) or v is None for v in flat.values()):
            flat_cases.append((c, flat))
    assert flat_cases
    header = sorted({k for _, f in flat_cases for k in f})
    report, out = run_batch(name, header, [[cell(f.get(h)) for h in header] for _, f in flat_cases])
    assert report.rows == len(flat_cases)
    for (c, _f), got in zip(flat_cases, out):
        want = calculators.calculate(name, c["input"])
        assert got["status"] == want["status"], c["name"]
        if name == "funding" and want["status"] == "ok":
            assert got["city_reward"] == want["city_reward"] and got["district_net"] == want["district_net"]
        if name == "consent" and want["status"] != "error":
            assert got["area.additional_needed"] == want["area"]["additional_needed"]
            assert got["owners.additional_needed"] == str(want["owners"]["additional_needed"])


class _Lines:
    """The lines of a CSV file, counting how many the batch has taken."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.taken = 0

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self.lines)
        self.taken += 1
        return line


class _Out:
    """An output stream noting, for each line written, how many input lines had been read."""

    def __init__(self, source):
        self.source = source
        self.read_when_written = []

    def write(self, text):
        self.read_when_written += [self.source.taken] * text.count("\r\n")


def test_the_batch_writes_each_row_before_it_reads_the_next():
    n = 2000
    lines = _Lines(["district,completion_year\r\n"] + [f"yunxi,{1990 + i % 20}\r\n" for i in range(n)])
    out = _Out(lines)
    report = batch.run("eligibility", batch.Table(lines, ",", False), out, calculators.load_params())
    assert report.rows == n and len(out.read_when_written) == n + 1
    # output row k (after the heading row) is written once input row k is read, before row k + 1
    # (the csv reader may look one line ahead)
    for k, taken in enumerate(out.read_when_written):
        assert taken <= k + 2, (k, taken)


def _table_text(data: bytes):
    table = batch.open_table(io.BytesIO(data))
    return table.lines.read(), table.bom, table.delimiter


def test_open_table_reads_files_as_decode_does_even_across_its_chunks():
    big = "district;completion_year\n" + "yunxi;1999\n" * (batch.CHUNK // 11 + 10)
    cases = [
        ("\ufeff" + big).encode("utf-8"),
        big.encode("utf-8"),
        # Chinese text straddling the boundaries of the chunks the first pass reads
        ("小区所在区,建成年份\n" + "云溪区,1999\n" * (batch.CHUNK // 5)).encode("utf-8"),
        # UTF-8 for the first chunks, then a byte that is not: the whole file is GB18030
        (big + "云溪区;1999\n").encode("gb18030"),
        ("名称\t小区所在区\r岳阳楼\t云溪区\r").encode("gb18030"),
        b"",
    ]
    for data in cases:
        text, bom = batch.decode(data)
        assert _table_text(data) == (text, bom, batch.sniff_delimiter(text.split("\n", 1)[0]))
    with pytest.raises(batch.FileError):
        batch.open_table(io.BytesIO(b"district\n\xff\xfe\x81\x00\n"))
