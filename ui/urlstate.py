"""A page's inputs kept in the URL's query parameters: a reload keeps them, a link shares them.

Each page names the inputs it keeps and what each may hold: `(low, high)` for a number,
a tuple of strings for a choice, `bool` for a switch, `str` for short text. A value in the URL
outside that (a hand-edited or old link) is ignored, so a widget never gets a value it refuses.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import streamlit as st

Spec = Mapping[str, object]
TEXT_MAX = 200


def _accept(rule: object, value: object) -> object | None:
    """`value` if `rule` allows it (numbers of the rule's type, within its range), else None."""
    if rule is bool:
        return value if isinstance(value, bool) else None
    if rule is str:
        return value if isinstance(value, str) and len(value) <= TEXT_MAX else None
    if isinstance(rule, tuple) and rule and all(isinstance(x, str) for x in rule):
        return value if value in rule else None
    if isinstance(rule, tuple) and len(rule) == 2:
        lo, hi = rule
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if not math.isfinite(value) or not lo <= value <= hi:
            return None
        return int(value) if isinstance(lo, int) and isinstance(hi, int) else float(value)
    return None


def _is_text(rule: object) -> bool:
    """Text and choices go into the URL as they are; numbers and switches as JSON."""
    return rule is str or (isinstance(rule, tuple) and bool(rule) and isinstance(rule[0], str))


def restore(spec: Spec) -> list[str]:
    """Once per session and page, put the inputs the URL carries into the session state (inputs
    already set in this session win); return the keys restored."""
    flag = "_url_restored_" + ",".join(sorted(spec))
    if st.session_state.get(flag):
        return []
    st.session_state[flag] = True
    restored = []
    for key, rule in spec.items():
        if key not in st.query_params or key in st.session_state:
            continue
        text = st.query_params[key]
        try:
            value = _accept(rule, text if _is_text(rule) else json.loads(text))
        except ValueError:
            continue
        if value is not None:
            st.session_state[key] = value
            restored.append(key)
    return restored


def keep(spec: Spec) -> None:
    """Write the page's current inputs into the URL (only when they changed)."""
    wanted = {
        key: st.session_state[key] if _is_text(rule) else json.dumps(st.session_state[key])
        for key, rule in spec.items()
        if key in st.session_state and _accept(rule, st.session_state[key]) is not None
    }
    if {k: st.query_params.get(k) for k in wanted} != wanted:
        st.query_params.update(wanted)
