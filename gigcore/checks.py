"""Input checks shared by the core, with messages a person can act on."""

from __future__ import annotations

import math
import numbers


def finite(name: str, value: object) -> float:
    """`value` as a finite float; ValueError naming `name` for anything else (bools included)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    return number
