"""Turn stored results into rows a person can scan: one headline number per result."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

RECENT = 200  # results the home page reads: its table and trend charts; the CSV has them all

# tool -> (result key of its headline number, what the number is, format)
HEADLINES = {
    "rates": ("hourly_rate", "Break-even rate ($/h)", "${:,.2f}/h"),
    "quiz": ("micro_share", "Time suggested for micro-tasks", "{:.0%}"),
    "audit": ("score", "Gig risk score (0-100)", "{:.0f}/100"),
    "readiness": ("green_signals", "Readiness signals in the green", "{:.0f} of 7 signals green"),
}
TOOL_NAMES = {
    "rates": "Rate calculator",
    "quiz": "Which path fits me",
    "audit": "Red-flag audit",
    "readiness": "Switch readiness",
}


def headline(tool: str, result: dict) -> tuple[str, float | None, str]:
    """(what, number, text) for one stored result; number None when the tool has none."""
    key, what, fmt = HEADLINES.get(tool, ("", "Result", "{}"))
    value = result.get(key) if key else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return what, None, str(result.get("summary") or result.get("verdict") or "saved")
    text = fmt.format(value)
    for extra in ("path", "level", "verdict"):
        if isinstance(result.get(extra), str):
            text += f" ({result[extra].replace('_', ' ')})"
    return what, float(value), text


def overview(history: pd.DataFrame, sessions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Saved results and logged work sessions as one table, newest first:
    when, tool, what, value, summary."""
    import pandas as pd

    rows = []
    for row in history.itertuples():
        what, value, text = headline(row.tool, row.result)
        rows.append((row.created_at, TOOL_NAMES.get(row.tool, row.tool), what, value, text))
    for row in (sessions if sessions is not None else pd.DataFrame()).itertuples():
        text = f"{row.lane} session: {row.minutes:,.0f} min, ${row.earned:,.2f}"
        rows.append((pd.Timestamp(row.day), "Experiment log", "Work session", None, text))
    table = pd.DataFrame(rows, columns=["when", "tool", "what", "value", "summary"])
    return table.sort_values("when", ascending=False, kind="stable", ignore_index=True)


def export_csv(history: pd.DataFrame) -> str:
    """A person's whole history as CSV text, inputs and results as JSON columns."""
    frame = history.copy()
    for column in ("inputs", "result"):
        frame[column] = [json.dumps(v, ensure_ascii=False) for v in frame[column]]
    return frame.to_csv(index=False)
