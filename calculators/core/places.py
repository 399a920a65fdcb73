"""The places of 岳阳: the five districts of the plan (三（一）, 九) and the others, by every name
people write for them (policy/districts.yaml).

Names match whatever the spaces, the letter case and a leading 湖南省 or 岳阳市.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_SPACE_RE = re.compile(r"[\s\u3000]+")
PREFIXES = ("湖南省", "岳阳市")


def norm_place(name: str) -> str:
    """A place name as it is looked up: no spaces, lower case, 湖南省 / 岳阳市 taken off the front."""
    s = _SPACE_RE.sub("", name).lower()
    for p in PREFIXES:
        if s.startswith(p) and len(s) > len(p):
            s = s[len(p):]
    return s


class District(NamedTuple):
    """A district or county of 岳阳, inside the plan (3.1) or outside it (9)."""

    code: str
    zh: str
    en: str
    in_plan: bool
    clause: str  # the clause that says where it stands: 3.1 in the plan, 9 outside

    def as_dict(self) -> dict:
        return {"code": self.code, "zh": self.zh, "en": self.en, "in_plan": self.in_plan}


class Places(NamedTuple):
    by_name: dict[str, District]  # normalised name -> place
    names: list[str]              # code and Chinese name of each, for suggestions
    in_plan: list[District]
    outside: list[District]


def places(districts: dict) -> Places:
    """The places of policy/districts.yaml, each under its code, names and aliases."""
    by_name: dict[str, District] = {}
    names: list[str] = []
    groups = {True: [], False: []}
    for recs, in_plan, clause in ((districts["in_plan"]["districts"], True, districts["in_plan"]["clause"]),
                                  (districts["outside_plan"]["places"], False, districts["outside_plan"]["clause"])):
        for rec in recs:
            place = District(rec["code"], rec["zh"], rec["en"], in_plan, str(clause))
            for name in [rec["code"], rec["zh"], rec["en"], *rec.get("aliases", [])]:
                key = norm_place(name)
                if by_name.get(key, place) != place:
                    raise ValueError(f"place name {name!r} is ambiguous")
                by_name[key] = place
            names += [rec["code"], rec["zh"]]
            groups[in_plan].append(place)
    return Places(by_name, names, groups[True], groups[False])
