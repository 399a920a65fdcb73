"""The number reader (issue 13; contract "Numbers are read..."): one grammar in every field.

Table-driven cases (cases/numbers-*.yaml) and Hypothesis properties: every accepted spelling of a
number gives the same exact value; spaces inside a number and mixed digit scripts are refused in
every field; every refusal names the field by the label the reader sees on the page.
"""
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculators
from calc_casefiles import load, matches, strings
from calculators.core import values
from calculators.core.errors import InvalidInput

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]
FILES = {"numbers-eligibility": "eligibility", "numbers-consent": "consent", "numbers-funding": "funding"}
ALL = [(f, FILES[f], case) for f in FILES for case in load(f)]


@pytest.mark.parametrize("file,name,case", ALL, ids=[f"{f}: {c['name']}" for f, _n, c in ALL])
def test_case(file, name, case):
    out = calculators.calculate(name, case["input"])
    problems = matches(case["expect"], out)
    assert not problems, "\n".join(problems) + "\n" + json.dumps(out, ensure_ascii=False, indent=1)[:3000]
    text = list(strings(out))
    for needle in case.get("contains", []):
        assert any(needle in s for s in text), f"{needle!r} not in any message"


@pytest.mark.parametrize("file", FILES)
def test_case_names_are_unique_sentences(file):
    seen = set()
    for case in load(file):
        assert set(case) <= {"name", "input", "expect", "contains"}, case["name"]
        assert case["name"] not in seen and len(case["name"].split()) >= 6, case["name"]
        seen.add(case["name"])


# --- spellings of one number -------------------------------------------------------------------

FULL = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def grouped(n: int) -> str:
    return f"{n:,}"


def spellings(d: Decimal, kind: str) -> list:
    """Ways people write the non-negative Decimal `d` (2 decimals) in a field of `kind`."""
    whole = int(d)
    frac = f"{d:.2f}".split(".")[1]
    plain_s = f"{d:.2f}"
    out = [plain_s, f"{grouped(whole)}.{frac}", plain_s.translate(FULL), f"{grouped(whole)}.{frac}".translate(FULL),
           f"  {plain_s}  ", f"\u3000{plain_s}\u3000"]
    if frac == "00":
        out += [str(whole), grouped(whole), str(whole).translate(FULL), whole, float(whole) if whole < 2 ** 53 else whole]
    else:
        out.append(float(plain_s))  # repr of a 2-decimal float is what was typed
    units = {"money": ["元"], "area": ["㎡", "m²", "m2", "平方米", " ㎡"]}[kind]
    out += [plain_s + u for u in units] + [grouped(whole) + "." + frac + units[0]]
    if kind == "money":
        wan = d / 10000
        out += [f"{wan.normalize():f}万", f"{wan.normalize():f}万元", f"{wan.normalize():f}".translate(FULL) + "万"]
    return out


amounts = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)


@SETTINGS
@given(d=amounts, kind=st.sampled_from(["money", "area"]))
def test_every_accepted_spelling_of_an_amount_gives_the_same_exact_value(d, kind):
    for s in spellings(d, kind):
        got = values.parse_amount(s, "costs.environment" if kind == "money" else "total_area", kind)
        assert got == d and str(got) == f"{d:.2f}", (s, got)


@SETTINGS
@given(n=st.integers(0, values.MAX_COUNT))
def test_every_accepted_spelling_of_an_owner_count_gives_the_same_integer(n):
    for s in [n, float(n), str(n), grouped(n), str(n).translate(FULL), grouped(n).translate(FULL),
              f"{n}人", f"{grouped(n)}名", f"{n}.0", f" {n} "]:
        assert values.parse_count(s, "total_owners") == n, s


@SETTINGS
@given(y=st.integers(1000, 9999))
def test_every_accepted_spelling_of_a_year_gives_the_same_year(y):
    for s in [y, float(y), str(y), grouped(y), str(y).translate(FULL), f"{y}年", f"{y}".translate(FULL) + "年",
              f"{y} 年"]:
        assert values.parse_year(s) == y, s


def _inside(draw_text: str, i: int, c: str) -> str:
    return draw_text[:i] + c + draw_text[i:]


FIELDS = [("money", "costs.building"), ("area", "signed_area"), ("count", "total_owners"), ("year", "completion_year")]


def read(kind, field, s):
    if kind == "count":
        return values.parse_count(s, field)
    if kind == "year":
        return values.parse_year(s, field)
    return values.parse_amount(s, field, kind)


@SETTINGS
@given(n=st.integers(10, 99999), where=st.integers(1, 4), space=st.sampled_from([" ", "\u3000", "\u00a0", "\u2009", "\t"]),
       fk=st.sampled_from(FIELDS))
def test_a_space_inside_a_number_is_refused_in_every_field(n, where, space, fk):
    s = str(n)
    where = min(where, len(s) - 1)
    kind, field = fk
    with pytest.raises(InvalidInput) as e:
        read(kind, field, s[:where] + space + s[where:])
    zh, en = values.label_of(field)
    assert e.value.field == field and f"“{zh}”" in e.value.zh and en.lower() in e.value.en.lower()
    assert "不能有空格" in e.value.zh


@SETTINGS
@given(n=st.integers(1000, 9999), where=st.integers(0, 3),
       digit=st.sampled_from("١٢٣٤٥٦٧٨٩٠۱۲३४৫๑၁１２３"), fk=st.sampled_from(FIELDS))
def test_mixed_digit_scripts_are_refused_in_every_field(n, where, digit, fk):
    s = str(n)
    kind, field = fk
    with pytest.raises(InvalidInput) as e:
        read(kind, field, s[:where] + digit + s[where + 1:])
    assert e.value.code in ("invalid_number", "invalid_year")
    assert f"“{values.label_of(field)[0]}”" in e.value.zh


# --- the labels are the page's labels ----------------------------------------------------------

def page_labels(lang: str) -> dict:
    out = {}
    for p in (ROOT / "docs" / "calculators").glob(f"*.{lang}.md"):
        for fid, text in re.findall(r'<label for="f-([^"]+)">([^<]+)</label>', p.read_text(encoding="utf-8")):
            out[fid.replace("-", ".")] = text.strip()
    return out


@pytest.mark.parametrize("lang,index", [("zh", 0), ("en", 1)])
def test_the_number_reader_names_fields_by_the_labels_on_the_pages(lang, index):
    labels = page_labels(lang)
    checked = 0
    for field, pair in values.FIELD_LABELS.items():
        if field in labels:
            assert pair[index].lower() == labels[field].lower(), (field, pair[index], labels[field])
            checked += 1
    assert checked >= 15
