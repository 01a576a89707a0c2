"""Starting values the playbook pages take from the other tools, each with where it came from.

Read from this profile's history and settings: the rate calculator's last saved scenario and
walk-away rate, the last saved readiness check, and the experiment log. A history that cannot be
read gives the plain example values: the pages keep working.
"""

from __future__ import annotations

import datetime as dt

from gigcore import experiment as ex
from ui.session import profile, store


def _last(tool: str) -> dict | None:
    try:
        rows = store().history(profile(), tool=tool, limit=1)
    except Exception:  # an unreadable history: use the examples
        return None
    return None if rows.empty else rows.iloc[0].to_dict()


def last_readiness() -> dict | None:
    """The inputs of the last saved readiness check, or None."""
    row = _last("readiness")
    return row["inputs"] if row else None


def rates() -> dict:
    """Walk-away rate after the platform's fee, the fee, the break-even rate, and their source.

    The rate calculator's rates are what you bill, platform fee included; a package's walk-away
    rate is what you keep, so the billed rate is taken less the calculator's fee.
    """
    row = _last("rates")
    try:
        saved_walk = store().get_setting("walk_away_rate", None, profile())
    except Exception:
        saved_walk = None
    out = {
        "walk_away": 45.0,
        "fee": 0.10,
        "break_even": 45.0,
        "source": "an example",
        "break_even_source": "an example",
    }
    result = row["result"] if row else {}
    if row and "hourly_rate" in result and (saved_walk is not None or "walk_away_rate" in result):
        fee = float(row["inputs"].get("freelance", {}).get("platform_fee", 0.0))
        billed = float(saved_walk if saved_walk is not None else result["walk_away_rate"])
        out = {
            "walk_away": round(billed * (1 - fee), 2),
            "fee": fee,
            "break_even": float(result["hourly_rate"]),
            "source": f"the rate calculator (scenario saved {row['created_at']:%Y-%m-%d}: "
            f"${billed:,.2f}/h billed less its {fee:.0%} platform fee)",
            "break_even_source": "the rate calculator "
            f"(scenario saved {row['created_at']:%Y-%m-%d})",
        }
    elif saved_walk is not None:
        out.update(
            walk_away=float(saved_walk),
            fee=0.0,
            break_even=float(saved_walk),
            source="your saved walk-away rate (no saved scenario gives its platform fee)",
            break_even_source="your saved walk-away rate (save a rate scenario for the "
            "break-even rate itself)",
        )
    return out


def sessions() -> list[ex.WorkSession]:
    """This profile's logged work sessions ([] when none or unreadable)."""
    try:
        frame = store().sessions(profile())
        return ex.from_records(frame.to_dict("records"))
    except Exception:
        return []


def months_back(today: dt.date, months: int) -> list[dt.date]:
    """First days of the `months` complete calendar months before `today`, oldest first."""
    out, year, month = [], today.year, today.month
    for _ in range(months):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        out.append(dt.date(year, month, 1))
    return out[::-1]


def monthly_income(
    logged: list[ex.WorkSession], today: dt.date, months: int = 6, least: int = 3
) -> list:
    """(month, earned in both lanes) for the complete months the log covers, oldest first.

    A month counts when it has ended and the log had started before it began (the month of the
    first session is only part logged). Fewer than `least` such months give [], so a week-long
    experiment is never read as a month of income.
    """
    dated = [s.day for s in logged if s.day]
    if not dated:
        return []
    first = min(dated)
    out = []
    for start in months_back(today, months):
        if start < first:
            continue
        month = (start.year, start.month)
        earned = sum(s.earned for s in logged if s.day and (s.day.year, s.day.month) == month)
        out.append((start, earned))
    return out if len(out) >= least else []
