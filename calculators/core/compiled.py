"""The parameters (params.json, generated from policy/) prepared once for fast evaluation.

Everything that does not depend on a single case is done here: district look-up tables,
message templates filled with the conditions' labels, rates as Decimal, thresholds as Fraction.
The calculators accept the raw parameters and compile them on first use (a one-slot cache:
the same parameters object is compiled once).
"""
from __future__ import annotations

import re
from fractions import Fraction

from .values import fmt_rate, percent_value

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"

_SPACE_RE = re.compile(r"[\s\u3000]+")
_PREFIXES = ("湖南省", "岳阳市")


def norm_place(name: str) -> str:
    s = _SPACE_RE.sub("", name).lower()
    for p in _PREFIXES:
        if s.startswith(p) and len(s) > len(p):
            s = s[len(p):]
    return s


class District:
    __slots__ = ("code", "zh", "en", "in_plan", "clause", "info")

    def __init__(self, rec: dict, in_plan: bool, clause: str):
        self.code = rec["code"]
        self.zh = rec["zh"]
        self.en = rec["en"]
        self.in_plan = in_plan
        self.clause = clause
        self.info = (("code", self.code), ("zh", self.zh), ("en", self.en), ("in_plan", in_plan))


class Condition:
    __slots__ = ("field", "clause", "required", "kind", "label", "messages", "quote", "by_answer", "by_text")

    def __init__(self, rec: dict, templates: dict):
        self.field = rec["field"]
        self.clause = str(rec["clause"])
        self.required = bool(rec["required"])
        self.kind = rec["kind"]
        self.label = rec["label"]
        self.quote = rec["quote"]
        if self.kind == "exclusion":
            t = templates["exclusion"]
        else:
            t = templates["required_true" if self.required else "required_false"]
        self.messages = {o: (t[o]["zh"].format(label=self.label["zh"]),
                             t[o]["en"].format(label=self.label["en"]))
                         for o in (PASS, FAIL, UNKNOWN)}
        # the finished check for each answer: (id, clause, outcome, zh, en)
        self.by_answer = {}
        for answer in (True, False, None):
            o = UNKNOWN if answer is None else (PASS if answer is self.required else FAIL)
            self.by_answer[answer] = (self.field, self.clause, o) + self.messages[o]
        # raw strings seen so far (form values, CSV cells) -> finished check
        self.by_text: dict = {}

    def check_for_text(self, text: str, words: dict):
        """The check for a string answer, or None if it is no yes/no/unknown word."""
        key = text.strip().lower()
        if key not in words:
            return None
        got = self.by_answer[words[key]]
        if len(self.by_text) < 4096:
            self.by_text[text] = got
        return got


class Compiled:
    """Prepared parameters. Attributes are read-only by convention."""

    def __init__(self, raw: dict):
        self.raw = raw
        self._districts(raw["districts"])
        self._booleans(raw["csv_columns"]["booleans"])
        self._eligibility(raw["eligibility"])
        self._consent(raw["consent"])
        self._funding(raw["funding"])

    # -- districts (三（一）, 九)
    def _districts(self, d: dict) -> None:
        self.place_by_name: dict[str, District] = {}
        self.place_names: list[str] = []
        self.in_plan_codes = [x["code"] for x in d["in_plan"]["districts"]]
        self.outside_codes = [x["code"] for x in d["outside_plan"]["places"]]
        groups = [(d["in_plan"]["districts"], True, str(d["in_plan"]["clause"])),
                  (d["outside_plan"]["places"], False, str(d["outside_plan"]["clause"]))]
        for recs, in_plan, clause in groups:
            for rec in recs:
                dist = District(rec, in_plan, clause)
                for name in [rec["code"], rec["zh"], rec["en"], *rec.get("aliases", [])]:
                    key = norm_place(name)
                    if key in self.place_by_name and self.place_by_name[key] is not dist:
                        raise ValueError(f"place name {name!r} is ambiguous")
                    self.place_by_name[key] = dist
                self.place_names += [rec["code"], rec["zh"]]

    # -- yes / no / unknown words (CSV cells and form values)
    def _booleans(self, b: dict) -> None:
        self.bool_words: dict[str, bool | None] = {"": None}
        for word in b["true"]:
            self.bool_words[str(word).lower()] = True
        for word in b["false"]:
            self.bool_words[str(word).lower()] = False
        for word in b["unknown"]:
            self.bool_words[str(word).lower()] = None
        self.bool_valid = ["true", "false", "null", "是", "否", "Y", "N", "1", "0", "（空白 / blank）"]

    # -- eligibility (三)
    def _eligibility(self, e: dict) -> None:
        y = e["completion_year"]
        self.max_year = int(y["value"])
        self.year_inclusive = bool(y["inclusive"])
        self.year_clause = str(y["clause"])
        self.year_messages = y["messages"]
        self.year_unknown = (y["messages"]["unknown"]["zh"].format(max_year=self.max_year),
                             y["messages"]["unknown"]["en"].format(max_year=self.max_year))
        self._year_cache: dict[int, tuple] = {}
        self.year_checks: dict = {}     # raw value (int or str) -> finished check
        self.district_checks: dict = {}  # raw string -> (finished check, District)
        dm = e["district"]["messages"]
        self.district_clause = str(e["district"]["clause"])
        self.district_messages = dm
        self.district_unknown = (dm["unknown"]["zh"], dm["unknown"]["en"])
        self._district_cache: dict[str, tuple] = {}
        self.conditions = [Condition(c, e["templates"]) for c in e["conditions"]]
        self.elig_fields = ["district", "completion_year"] + [c.field for c in self.conditions]
        self.elig_field_set = frozenset(self.elig_fields)
        self.elig_summary = e["summary"]
        # short labels used in summaries and batch files
        self.elig_labels = {"district": ("所在区", "district"),
                            "completion_year": ("建成年份", "completion year")}
        for c in self.conditions:
            self.elig_labels[c.field] = (c.label["zh"], c.label["en"][0].lower() + c.label["en"][1:])

    def year_message(self, year: int) -> tuple:
        """(outcome, zh, en) for a completion year; cached, years are few."""
        got = self._year_cache.get(year)
        if got is None:
            ok = year <= self.max_year if self.year_inclusive else year < self.max_year
            outcome = PASS if ok else FAIL
            m = self.year_messages[outcome]
            got = (outcome,
                   m["zh"].format(year=year, max_year=self.max_year),
                   m["en"].format(year=year, max_year=self.max_year))
            if len(self._year_cache) < 20000:
                self._year_cache[year] = got
        return got

    def district_message(self, dist: District) -> tuple:
        """(outcome, clause, zh, en) for a district."""
        got = self._district_cache.get(dist.code)
        if got is None:
            m = self.district_messages["pass" if dist.in_plan else "outside"]
            got = (PASS if dist.in_plan else FAIL,
                   self.district_clause if dist.in_plan else dist.clause,
                   m["zh"].format(name_zh=dist.zh, name_en=dist.en),
                   m["en"].format(name_zh=dist.zh, name_en=dist.en))
            self._district_cache[dist.code] = got
        return got

    # -- consent (七（二）)
    def _consent(self, c: dict) -> None:
        self.area_threshold = Fraction(str(c["area_threshold"]["value"]))
        self.owners_threshold = Fraction(str(c["owners_threshold"]["value"]))
        self.consent_inclusive = bool(c["inclusive"]["value"])
        self.consent_clause = str(c["area_threshold"]["clause"])
        self.consent_messages = c["messages"]

    # -- funding (六)
    def _funding(self, f: dict) -> None:
        self.city_rate = percent_value(f["city_reward_rate"]["value"])
        self.pipeline_rate = percent_value(f["district_pipeline_reward_rate"]["value"])
        label = f["district_pipeline_reward_rate"]["label"]
        self.pipeline_reward_label = (label["zh"], label["en"])
        self.road_rate = percent_value(f["road_works_district_rate"]["value"])
        self.city_rate_text = fmt_rate(self.city_rate)
        self.pipeline_rate_text = fmt_rate(self.pipeline_rate)
        self.road_rate_text = fmt_rate(self.road_rate)
        self.costs = [(c["key"], c["pool"], c["label"]["zh"], c["label"]["en"]) for c in f["costs"]]
        self.cost_keys = [c["key"] for c in f["costs"]]
        self.cost_key_set = frozenset(self.cost_keys)
        self.contribution_keys = [c["key"] for c in f["contributions"]]
        self.contribution_key_set = frozenset(self.contribution_keys)
        self.contribution_labels = {c["key"]: (c["label"]["zh"], c["label"]["en"])
                                    for c in f["contributions"]}
        self.payers = [(p["key"], str(p["clause"]), p["label"]["zh"], p["label"]["en"])
                       for p in f["payers"]]
        self.funding_text = f["explanation"]
        self.rate_clauses = {"city": str(f["city_reward_rate"]["clause"]),
                             "pipeline": str(f["district_pipeline_reward_rate"]["clause"]),
                             "road": str(f["road_works_district_rate"]["clause"])}


_last: list = [None, None]


def compiled(params) -> Compiled:
    """The compiled form of `params` (raw dict or already Compiled)."""
    if isinstance(params, Compiled):
        return params
    if _last[0] is params:
        return _last[1]
    cp = Compiled(params)
    _last[0], _last[1] = params, cp
    return cp
