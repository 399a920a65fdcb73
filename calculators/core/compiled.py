"""Kept only for plansite.hook, which imports ``norm_place`` and ``_PREFIXES`` from here: the
place names live in calculators.core.places. Point the hook there and delete this module."""
from .places import PREFIXES as _PREFIXES  # noqa: F401
from .places import norm_place  # noqa: F401
