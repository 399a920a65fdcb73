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
from calculators.core.words import Text

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


FIELDS = [("money", "funding", "costs.building"), ("area", "consent", "signed_area"),
          ("count", "consent", "total_owners"), ("year", "eligibility", "completion_year")]
LABELS = calculators.load_params()["labels"]


def label(calc, field) -> Text:
    return Text(**LABELS[f"{calc}.{field}"])


def read(kind, calc, field, s):
    if kind == "count":
        return values.parse_count(s, field, label(calc, field))
    if kind == "year":
        return values.parse_year(s, field, label(calc, field))
    return values.parse_amount(s, field, kind, label(calc, field))


@SETTINGS
@given(n=st.integers(10, 99999), where=st.integers(1, 4), space=st.sampled_from([" ", "\u3000", "\u00a0", "\u2009", "\t"]),
       fk=st.sampled_from(FIELDS))
def test_a_space_inside_a_number_is_refused_in_every_field(n, where, space, fk):
    s = str(n)
    where = min(where, len(s) - 1)
    kind, calc, field = fk
    with pytest.raises(InvalidInput) as e:
        read(kind, calc, field, s[:where] + space + s[where:])
    zh, en = label(calc, field)
    assert e.value.field == field and f"“{zh}”" in e.value.zh and en.lower() in e.value.en.lower()
    assert "不能有空格" in e.value.zh


@SETTINGS
@given(n=st.integers(1000, 9999), where=st.integers(0, 3),
       digit=st.sampled_from("١٢٣٤٥٦٧٨٩٠۱۲३४৫๑၁１２３"), fk=st.sampled_from(FIELDS))
def test_mixed_digit_scripts_are_refused_in_every_field(n, where, digit, fk):
    s = str(n)
    kind, calc, field = fk
    with pytest.raises(InvalidInput) as e:
        read(kind, calc, field, s[:where] + digit + s[where + 1:])
    assert e.value.code in ("invalid_number", "invalid_year")
    assert f"“{label(calc, field).zh}”" in e.value.zh


# --- the labels are the page's labels ----------------------------------------------------------

UNITS = re.compile(r"（元）$|元，| \(yuan\)$|yuan, ")


def page_labels(lang: str) -> dict:
    """The form labels of the calculator pages, by `<calculator>.<field>`, without the unit 元."""
    out = {}
    for p in (ROOT / "docs" / "calculators").glob(f"*.{lang}.md"):
        calc = p.name.split(".")[0]
        for fid, text in re.findall(r'<label for="f-([^"]+)">([^<]+)</label>', p.read_text(encoding="utf-8")):
            out[f"{calc}.{fid.replace('-', '.')}"] = UNITS.sub("", text.strip())
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pages_label_every_field_as_the_parameters_do(lang):
    """One label per field: the form's label (less the unit 元) is the label of policy/."""
    checked = 0
    for field, text in page_labels(lang).items():
        if field == "consent.units":   # the file input: 签字名册（CSV 文件）
            continue
        assert LABELS[field][lang] == text, (field, LABELS[field][lang], text)
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("field", [f for f in page_labels("zh") if f != "consent.units"])
def test_a_bad_number_in_any_field_is_named_by_the_label_on_the_page(field):
    calc, path = field.split(".", 1)
    base = {"consent": {"total_area": "1000", "signed_area": "700", "total_owners": 100, "signed_owners": 70},
            "funding": {}, "eligibility": {}}[calc]
    data = json.loads(json.dumps(base))
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = "1 0"
    if field == "consent.voted_area":
        data["voted_owners"] = 80
    if field == "consent.voted_owners":
        data["voted_area"] = "800"
    out = calculators.calculate(calc, data)
    assert out["status"] == "error", out
    err = out["error"]
    assert err["field"] == path
    assert f"“{LABELS[field]['zh']}”" in err["message"]["zh"], err
    en = LABELS[field]["en"]
    assert en[:1].upper() + en[1:] in err["message"]["en"], err
