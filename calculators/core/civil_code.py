"""《中华人民共和国民法典》第二百七十八条 beside the plan's 七（二）: a comparison only.

The Civil Code makes 改建、重建建筑物及其附属设施 (first paragraph, item 7) a matter for the owners
together: owners holding at least 2/3 of the exclusive area AND at least 2/3 in number take part
in the vote, and at least 3/4 of the participating area AND 3/4 of the participating owners
agree. The plan (2019) predates the Code; this block is shown beside the plan's own result and
never changes it. Thresholds and words: policy/civil_code.yaml (params["civil_code"]).

Pure: takes the consent figures already read (Decimal areas, int owners) and the optional
``voted_area`` / ``voted_owners`` inputs; returns a plain dict, or raises InvalidInput.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from .errors import InvalidInput
from .values import ZERO, ceil_cent, fmt, fraction_percent, parse_amount, parse_count
from .words import Text

FIELDS = ["voted_area", "voted_owners"]


def _ratio_check(m: dict, key: str, part, whole, threshold: Fraction, inclusive: bool, is_area: bool) -> dict:
    """One ratio of the article: part ÷ whole against threshold, exactly, with what is still needed."""
    ratio = Fraction(part) / Fraction(whole) if whole else Fraction(0)
    ok = bool(whole) and (ratio >= threshold if inclusive else ratio > threshold)
    if is_area:
        need = ZERO
        if not ok:
            gap = Fraction(whole) * threshold - Fraction(part)
            need = ceil_cent(gap)
            if not inclusive and Fraction(need) == gap:
                need += Decimal("0.01")
        needed, shown_part, shown_whole = str(need), fmt(part), fmt(whole)
    else:
        target = math.ceil(whole * threshold)
        if not inclusive and Fraction(target) == whole * threshold:
            target += 1
        needed = max(0, target - part)
        shown_part, shown_whole = f"{part:,}", f"{whole:,}"
    verdict_key = "reached" if ok else ("short_area" if is_area else "short_owners")
    pct = fraction_percent(ratio)
    vals = dict(part=shown_part, whole=shown_whole, percent=pct, ratio=str(ratio),
                cmp="≥" if ok else "<", threshold=str(threshold))
    msg = {lang: m[key][lang].format(verdict=m[verdict_key][lang].format(needed=needed), **vals)
           for lang in ("zh", "en")}
    return {
        "passed": ok,
        "part": str(part) if is_area else part,
        "whole": str(whole) if is_area else whole,
        "ratio": str(ratio),
        "percent": pct,
        "threshold": str(threshold),
        "additional_needed": needed,
        "message": msg,
    }


def _base(cc: dict) -> dict:
    m = cc["messages"]
    return {
        "comparison_only": True,
        "article": {"zh": cc["article"]["zh"], "en": cc["article"]["en"]},
        "item": cc["item"]["value"],
        "quote": {"item": cc["item"]["words"], "participation": cc["participation_area"]["words"],
                  "agreement": cc["agreement_area"]["words"]},
        "source": "policy/" + cc["source"],
        "note": {"zh": m["comparison"]["zh"], "en": m["comparison"]["en"]},
    }


def _refuse(code: str, field: str, label: Text, zh: str, en: str) -> InvalidInput:
    return InvalidInput(code, field, f"“{label.zh}”{zh}", f"{label.en[:1].upper()}{label.en[1:]} {en}")


def compare(cc: dict, data: dict, total_area: Decimal, signed_area: Decimal,
            total_owners: int, signed_owners: int, labels: dict[str, Text]) -> dict:
    """The `civil_code_278` block of the consent result (comparison only); `labels` are the
    consent calculator's (words.labels), naming the fields in messages."""
    th = {k: Fraction(str(cc[k]["value"])) for k in
          ("participation_area", "participation_owners", "agreement_area", "agreement_owners")}
    inclusive = bool(cc["inclusive"]["value"])
    m = cc["messages"]
    out = _base(cc)
    va, vo = data.get("voted_area"), data.get("voted_owners")
    if va is None and vo is None:
        # what the article would need of these totals: all voting -> 3/4 of all; exactly 2/3
        # voting -> 2/3 × 3/4 = 1/2 of all (the least participation the article allows)
        min_voters = math.ceil(total_owners * th["participation_owners"])
        vals = dict(all_area=fmt(ceil_cent(Fraction(total_area) * th["agreement_area"])),
                    all_owners=f"{math.ceil(total_owners * th['agreement_owners']):,}",
                    min_area=fmt(ceil_cent(Fraction(total_area) * th["participation_area"] * th["agreement_area"])),
                    min_owners=f"{math.ceil(min_voters * th['agreement_owners']):,}")
        out.update({
            "evaluated": False,
            "passed": None,
            "needs": {"zh": m["needs"]["zh"].format(**vals), "en": m["needs"]["en"].format(**vals)},
        })
        return out
    if va is None or vo is None:
        missing = "voted_area" if va is None else "voted_owners"
        raise _refuse("missing_field", missing, labels[missing], "未填写：对照《民法典》第二百七十八条须同时填写参与表决的面积和人数（或两项都不填）。",
                      "is missing: the comparison with Article 278 of the Civil Code needs both the participating "
                      "area and the participating owners (or neither).")
    voted_area = parse_amount(va, "voted_area", "area", labels["voted_area"])
    voted_owners = parse_count(vo, "voted_owners", labels["voted_owners"])
    for field, voted, total, signed in (("voted_area", voted_area, total_area, signed_area),
                                        ("voted_owners", voted_owners, total_owners, signed_owners)):
        show = (lambda x: fmt(x)) if field == "voted_area" else (lambda x: f"{x:,}")
        if voted > total:
            raise _refuse("voted_exceeds_total", field, labels[field], f"（{show(voted)}）不能大于总数（{show(total)}）。",
                          f"({show(voted)}) cannot be greater than the total ({show(total)}).")
        if voted < signed:
            raise _refuse("voted_below_signed", field, labels[field],
                          f"（{show(voted)}）不能小于签字同意的数（{show(signed)}）：签字同意的业主都参与了表决。",
                          f"({show(voted)}) cannot be less than those who signed ({show(signed)}): every owner "
                          f"who signed took part in the vote.")
    p_area = _ratio_check(m, "participation_area", voted_area, total_area, th["participation_area"], inclusive, True)
    p_owners = _ratio_check(m, "participation_owners", voted_owners, total_owners, th["participation_owners"],
                            inclusive, False)
    a_area = _ratio_check(m, "agreement_area", signed_area, voted_area, th["agreement_area"], inclusive, True)
    a_owners = _ratio_check(m, "agreement_owners", signed_owners, voted_owners, th["agreement_owners"],
                            inclusive, False)
    part_ok = p_area["passed"] and p_owners["passed"]
    agree_ok = a_area["passed"] and a_owners["passed"]
    passed = part_ok and agree_ok
    if passed:
        summary = {"zh": m["passed"]["zh"], "en": m["passed"]["en"]}
    else:
        keys = ([] if part_ok else ["participation_short"]) + ([] if agree_ok else ["agreement_short"])
        summary = {"zh": m["not_passed"]["zh"].format(items="；".join(m[k]["zh"] for k in keys)),
                   "en": m["not_passed"]["en"].format(items="; ".join(m[k]["en"] for k in keys))}
    out.update({
        "evaluated": True,
        "passed": passed,
        "participation": {"passed": part_ok, "area": p_area, "owners": p_owners},
        "agreement": {"passed": agree_ok, "area": a_area, "owners": a_owners},
        "summary": summary,
    })
    return out
