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


def is_whole(value: object) -> bool:
    """A finite whole number (3 or 3.0), not a bool, a fraction or text."""
    return (
        not isinstance(value, bool)
        and isinstance(value, numbers.Real)
        and math.isfinite(value)
        and value == int(value)
    )


def limit(name: str) -> float:
    """The largest value the app accepts for a kind of input (`data/limits.toml`)."""
    from gigcore.params import load_params

    return load_params("limits")[name].value


def amount(name: str, value: object, most: str, low: float = 0.0) -> float:
    """A finite amount from `low` up to the limit `most`; ValueError naming `name` otherwise."""
    number = finite(name, value)
    if number < low:
        raise ValueError(f"{name} cannot be negative" if low == 0 else f"{name} must be >= {low}")
    top = limit(most)
    if number > top:
        raise ValueError(f"{name} must be at most {top:,.0f} (got {number:,.0f})")
    return number
