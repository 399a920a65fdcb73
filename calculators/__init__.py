"""The calculators of 岳阳市城区老旧小区改造工作实施方案: eligibility (三), consent (七（二）) and
funding (六).

Each calculator takes a plain dict (parsed JSON, as in calculators/CONTRACT.md) and
returns a plain dict; invalid input gives ``{"status": "error", "error": {...}}``, never an
exception. The parameters default to the plan's own (calculators/params.json, generated from
policy/); pass ``params=`` to evaluate under other parameters. Each call reads the parameters
it is given afresh: a caller may change its own copy between calls.

    >>> import calculators
    >>> calculators.eligibility({"district": "岳阳楼区", "completion_year": 2001})["status"]
    'ineligible'
"""
from __future__ import annotations

from .core import consent as _consent
from .core import eligibility as _eligibility
from .core import funding as _funding
from .params import load_params

__all__ = ["eligibility", "consent", "funding", "calculate", "load_params", "CALCULATORS"]
__version__ = "0.1.0"


def eligibility(data, params=None) -> dict:
    """三、改造范围: whether a community is within the scope of renovation (3)."""
    return _eligibility.evaluate(data, load_params() if params is None else params)


def consent(data, params=None) -> dict:
    """七（二）: whether the owners' signatures reach the double two-thirds (7.2)."""
    return _consent.evaluate(data, load_params() if params is None else params)


def funding(data, params=None) -> dict:
    """六、资金筹措: who pays what for one renovation project (6)."""
    return _funding.evaluate(data, load_params() if params is None else params)


CALCULATORS = {"eligibility": eligibility, "consent": consent, "funding": funding}


def calculate(name: str, data, params=None) -> dict:
    """Run the calculator called `name` ("eligibility", "consent" or "funding")."""
    return CALCULATORS[name](data, params)
