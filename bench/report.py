"""The figures, their targets, and how one run's results are printed (table or JSON)."""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass


class Skipped(Exception):
    """A figure cannot be measured on this machine (missing data, browser or module)."""


@dataclass(frozen=True)
class Figure:
    """One headline figure: its JSON key, what it is, its unit and its target (if any)."""

    key: str
    label: str
    unit: str
    target: float | None = None
    at_most: bool = True  # target is an upper bound (else a lower bound)

    def meets(self, value: float | None) -> bool | None:
        """Whether `value` meets the target; None without a value or a target."""
        if value is None or self.target is None:
            return None
        return (operator.le if self.at_most else operator.ge)(value, self.target)

    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{'<=' if self.at_most else '>='} {self.target:g}"


FIGURES = (
    Figure(
        "interaction_ratio_max",
        "Slider key press to new number, slowest page / one slider",
        "x",
        1.5,
    ),
    # a diagnostic (issue 12): AppTest reruns the whole page and does not see what a person feels
    Figure("rerun_ratio_max", "Slowest page rerun / trivial page rerun (AppTest)", "x"),
    Figure("audit_ads_per_s", "Audits per second (1,429 job ads)", "ads/s"),
    Figure("audit_vs_tfidf", "Audit rate / TF-IDF+LR predict rate", "x", 1.5, at_most=False),
    Figure("audit_1mb_s", "Audit of 1 MB of text", "s", 0.15),
    Figure("audit_hostile_worst_s", "Audit of the worst hostile 1 MB", "s", 0.3),
    Figure("cold_start_ratio", "Cold start to home page / one-line app", "x", 1.5),
    Figure("history_1m_ms", "Home history query (newest 200), 1M rows / 50 profiles", "ms", 50),
    Figure("history_mb_per_100k_rows", "History file size per 100,000 rows", "MB"),
    Figure(
        "history_1m_pg_ms",
        "The same query on PostgreSQL (newest 200), 1M rows / 50 profiles",
        "ms",
        50,
    ),
)
KEYS = tuple(f.key for f in FIGURES)


def reason_key(key: str) -> str:
    """The JSON key that says why figure `key` is null."""
    return f"{key}_reason"


def as_json(results: dict) -> str:
    """Every figure key (null when not measured, with its reason), then the extras."""
    out = {key: results.get(key) for key in KEYS}
    for key in KEYS:
        if out[key] is None:
            out[reason_key(key)] = results.get(reason_key(key), "not measured in this run")
    out |= {k: v for k, v in results.items() if k not in out}
    out["targets"] = {f.key: f.target_text() for f in FIGURES if f.target is not None}
    out["missed"] = [f.key for f in FIGURES if f.meets(out[f.key]) is False]
    return json.dumps(out, indent=2, default=str, allow_nan=False)


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"


def as_table(results: dict) -> str:
    """A plain-text table: figure, value, target, status, and why a figure is missing."""
    rows = [("figure", "value", "target", "status")]
    for fig in FIGURES:
        value = results.get(fig.key)
        met = fig.meets(value)
        status = {True: "ok", False: "MISSED", None: ""}[met]
        if value is None:
            status = str(results.get(reason_key(fig.key), "not measured in this run"))
        shown = "-" if value is None else f"{_number(value)} {fig.unit}"
        rows.append((f"{fig.label} [{fig.key}]", shown, fig.target_text(), status))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    extras = [k for k in results if k not in KEYS and not k.endswith("_reason")]
    if extras:
        lines += ["", "details:"]
        lines += [f"  {k}: {json.dumps(results[k], default=str)}" for k in extras]
    return "\n".join(line.rstrip() for line in lines)
