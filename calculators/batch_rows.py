"""One row of a batch for each calculator: the cells of the row's input columns in, the
result cells out (calculators.batch writes them after the row's own cells). Answers that recur
down a column (是, 否, a district's name) are read once and remembered (MEMO_LIMIT per column).
"""
from __future__ import annotations

from typing import Callable

from .core import civil_code as _civil_code
from .core import consent as _consent
from .core import eligibility as _eligibility
from .core import funding as _funding
from .core.eligibility import FAIL, UNKNOWN
from .core.errors import InvalidInput

MEMO_LIMIT = 4096       # distinct answers remembered per column


def _nest(flat: dict) -> dict:
    """{'costs.environment': x} -> {'costs': {'environment': x}}."""
    out: dict = {}
    for key, value in flat.items():
        parts = key.split(".")
        d = out
        for p in parts[:-1]:
            nxt = d.get(p)
            if nxt is None:
                nxt = d[p] = {}
            elif type(nxt) is not dict:
                raise _conflict(key)
            d = nxt
        if parts[-1] in d:
            raise _conflict(key)
        d[parts[-1]] = value
    return out


def _conflict(key: str) -> InvalidInput:
    base = key.rsplit(".", 1)[0]
    return InvalidInput(
        "conflicting_columns", key,
        f"“{base}”一栏与“{key}”一栏不能同时填写：请只填总额，或分别填写 general 与 elevator。",
        f"'{base}' and '{key}' cannot both be filled in: give either the whole amount or its "
        "general and elevator parts.")


RowFunction = Callable[[list], list]


def _memoised(check: Callable) -> Callable:
    """`check` of one column's cell, remembering the checks of the answers seen (a column holds
    few distinct answers). Errors are not remembered: they are raised again."""
    seen: dict = {}

    def checked(cell):
        got = seen.get(cell)
        if got is None:
            got = check(cell or None)   # a blank cell is no answer
            if len(seen) < MEMO_LIMIT:
                seen[cell] = got
        return got
    return checked


def _eligibility_rows(params, columns, yes, no) -> RowFunction:
    rules = _eligibility.rules_from(params)
    column_of = {f: i for i, f in columns}
    checks_of = [(column_of.get(field), _memoised(check)) for field, check in _eligibility.checkers(rules)]

    if set(column_of) <= set(rules.fields):
        def assessed(cells) -> _eligibility.Assessment:
            checks = tuple(check(cells[i] if i is not None else "") for i, check in checks_of)
            return _eligibility.Assessment(_eligibility.status_of(checks), checks)
    else:
        # headings (of a caller's own parameters) that name no field of 三: the calculator
        # itself refuses a row that fills them in
        def assessed(cells) -> _eligibility.Assessment:
            return _eligibility.assess(rules, {f: cells[i] for i, f in columns if cells[i]})

    seen: dict = {}   # results by the row's checks (memoised per cell: the same objects recur)

    def row(cells) -> list:
        a = assessed(cells)
        got = seen.get(a.checks)
        if got is None:
            got = results_of(a)
            if len(seen) < MEMO_LIMIT:
                seen[a.checks] = got
        return got

    def results_of(a: _eligibility.Assessment) -> list:
        s = _eligibility.summary(rules, a)
        zh, en = s.zh, s.en
        failed = [c for c in a.checks if c.outcome == FAIL]
        if failed:
            # the undetermined summary already lists what to find out; failures get their reason
            zh = zh + " " + "；".join(c.message.zh for c in failed)
            en = en + " " + " ".join(c.message.en for c in failed)
        return [a.status, yes if a.status == "eligible" else (no if a.status == "ineligible" else ""),
                ";".join(c.id for c in failed),
                ";".join(c.id for c in a.checks if c.outcome == UNKNOWN), zh, en, "", "", ""]
    return row


def _consent_rows(params, columns, yes, no) -> RowFunction:
    rules = _consent.rules_from(params)
    b = {True: yes, False: no, None: ""}
    cc_params = params.get("civil_code")
    # the comparison is worked out for the rows of a file with the vote columns; a file without
    # them gets its note once per row (what the article would need of each row's totals costs a
    # third of the row's time, and is the same sentence for every community)
    if cc_params is not None and not any(f in _civil_code.FIELDS for _, f in columns):
        m = cc_params["messages"]["comparison"]
        hint = ("填写“参与表决面积”“参与表决人数”两列即可对照。", "Give the columns voted_area and voted_owners "
                "(参与表决面积, 参与表决人数) to compare.")
        no_votes = ["", "", "", m["zh"] + " " + hint[0], m["en"] + " " + hint[1]]
        cc_params = None
    else:
        no_votes = ["", "", "", "", ""]

    def row(cells) -> list:
        data = {f: cells[i] for i, f in columns if cells[i]}
        figures = _consent.read(rules, data)
        r = _consent.result(rules, figures)
        a, o = r["area"], r["owners"]
        out = [r["status"], b[r["passed"]], b[a["passed"]], a["percent"], a["additional_needed"],
               b[o["passed"]], o["percent"], str(o["additional_needed"]),
               r["summary"]["zh"] + " " + a["message"]["zh"] + " " + o["message"]["zh"],
               r["summary"]["en"] + " " + a["message"]["en"] + " " + o["message"]["en"]]
        # the Civil Code beside the plan (comparison only): its own columns, never the status
        if cc_params is not None:
            cc = _civil_code.compare(cc_params, data, figures.total_area, figures.signed_area,
                                     figures.total_owners, figures.signed_owners, rules.labels)
            if cc["evaluated"]:
                out += [b[cc["participation"]["passed"]], b[cc["agreement"]["passed"]], b[cc["passed"]],
                        cc["note"]["zh"] + " " + cc["summary"]["zh"], cc["note"]["en"] + " " + cc["summary"]["en"]]
            else:
                out += ["", "", "", cc["note"]["zh"] + " " + cc["needs"]["zh"],
                        cc["note"]["en"] + " " + cc["needs"]["en"]]
        else:
            out += no_votes
        return out + ["", "", ""]
    return row


def _funding_rows(params, columns, yes, no) -> RowFunction:
    rules = _funding.rules_from(params)

    def row(cells) -> list:
        r = _funding.assess(rules, _nest({f: cells[i] for i, f in columns if cells[i]}), explained=False)
        d = r["district_input"]
        return [r["status"], r["total_cost"], r["pipeline_units"], r["district_pipeline_reward"],
                d["general"], d["elevator"], d["total"], r["city_reward"], r["district_net"],
                r["surplus"], "", "", ""]
    return row


ROWS = {"eligibility": _eligibility_rows, "consent": _consent_rows, "funding": _funding_rows}
