"""Conversion sprint: send a set number of outreach messages a week and measure what converts.

Each logged week counts the outreach messages sent, the replies, the calls (or meetings), the
clients won, the revenue those wins brought and the hours the outreach took. The funnel is read
from the messages: reply rate = replies / messages, call rate = calls / messages, conversion =
won / messages. Revenue per outreach hour is compared with the break-even rate.

Before `sprint_weeks` weeks (six, from `data/sprint.toml`) the verdict is "keep_going". Then it is
"scale" when the sprint's revenue per outreach hour is at or above the break-even rate (add
capacity: more messages, or more hours for the work), and "change_offer" when it is below (the
niche, the message, the package or the price must change first). A week with no messages is a
week of the sprint all the same: skipped weeks count toward the six.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from gigcore.checks import finite, is_whole
from gigcore.params import load_params

VERDICTS = ("keep_going", "scale", "change_offer")
VERDICT_TITLES = {
    "keep_going": "Keep going",
    "scale": "Scale up",
    "change_offer": "Change the offer",
}


def _p(name: str) -> float:
    return load_params("sprint")[name].value


def _count(name: str, value: object, most: float) -> int:
    if not is_whole(value):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative, got {int(value)}")
    if value > most:
        raise ValueError(f"{name} must be at most {most:,.0f} in a week, got {int(value):,}")
    return int(value)


@dataclass(frozen=True)
class SprintWeek:
    """One week of outreach. `revenue` is what the sprint's wins paid this week (a client won in
    week 2 may pay in week 3)."""

    messages: int
    replies: int
    calls: int
    won: int
    revenue: float
    hours: float  # hours spent on outreach this week

    def __post_init__(self) -> None:
        most = _p("max_messages")
        messages = _count("messages", self.messages, most)
        replies = _count("replies", self.replies, most)
        calls = _count("calls", self.calls, most)
        won = _count("clients won", self.won, most)
        if replies > messages:
            raise ValueError(f"replies ({replies}) cannot be more than messages ({messages})")
        if calls > replies:
            raise ValueError(f"calls ({calls}) cannot be more than replies ({replies})")
        if won > replies:
            raise ValueError(f"clients won ({won}) cannot be more than replies ({replies})")
        revenue = finite("revenue", self.revenue)
        if revenue < 0:
            raise ValueError(f"revenue cannot be negative, got {revenue:,.2f}")
        if revenue > _p("max_week_revenue"):
            raise ValueError(f"revenue must be at most ${_p('max_week_revenue'):,.0f} in a week")
        hours = finite("hours", self.hours)
        if hours < 0:
            raise ValueError(f"hours cannot be negative, got {hours:g}")
        if hours > _p("max_week_hours"):
            raise ValueError(f"hours must be at most {_p('max_week_hours'):g} in a week")
        if messages and hours == 0:
            raise ValueError("outreach takes time: give the hours the messages took")
        for name, value in (
            ("messages", messages),
            ("replies", replies),
            ("calls", calls),
            ("won", won),
            ("revenue", revenue),
            ("hours", hours),
        ):
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class SprintSummary:
    """The sprint so far: totals, funnel rates, revenue per outreach hour and the verdict."""

    weeks: int
    of: int  # weeks before the verdict
    messages: int
    replies: int
    calls: int
    won: int
    revenue: float
    hours: float
    reply_rate: float  # replies / messages (0 without messages)
    call_rate: float  # calls / messages
    conversion: float  # won / messages
    revenue_per_hour: float  # revenue / outreach hours (0 without hours)
    break_even_rate: float
    verdict: str  # "keep_going" | "scale" | "change_offer"
    reason: str
    messages_per_week_for_target: int | None  # for a monthly revenue target, at this sprint's pace
    weekly: tuple[dict, ...]  # per week: the counts and rates, for a chart

    @property
    def title(self) -> str:
        return VERDICT_TITLES[self.verdict]

    @property
    def revenue_per_outreach_hour(self) -> float:
        return self.revenue_per_hour

    @property
    def above_break_even(self) -> bool:
        return self.revenue_per_hour >= self.break_even_rate

    def record(self) -> dict:
        """What the history keeps."""
        return {
            "summary": f"{self.title} after {self.weeks} week(s): {self.conversion:.1%} converted",
            "verdict": self.verdict,
            "conversion": self.conversion,
            "revenue_per_hour": self.revenue_per_hour,
            "weeks": self.weeks,
        }


def _rate(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _funnel(s) -> str:
    sent = s["messages"]
    return (
        f"{sent} messages, {s['replies']} replies ({_rate(s['replies'], sent):.1%}), "
        f"{s['calls']} calls, {s['won']} won ({_rate(s['won'], sent):.1%})"
    )


def _verdict(totals: dict, weeks: int, of: int, per_hour: float, rate: float) -> tuple[str, str]:
    funnel = _funnel(totals)
    if weeks < of:
        return "keep_going", (
            f"Week {weeks} of {of}: keep sending your messages every week; the verdict comes "
            f"after {of} weeks, not after one good or bad week. So far: {funnel}."
        )
    if not totals["messages"]:
        return "keep_going", f"No outreach messages in {weeks} weeks: the sprint has not started."
    if per_hour >= rate:
        return "scale", (
            f"After {weeks} weeks, outreach brought ${per_hour:,.2f} per outreach hour, at or "
            f"above your break-even rate of ${rate:,.2f}/h ({funnel}). Conversion holds: add "
            "capacity (more messages a week, or hours freed for the work)."
        )
    if not totals["replies"]:
        why = "nobody replied: change who you write to and the first line of the message"
    elif not totals["won"]:
        why = "replies came but no client bought: sharpen the package, its price or its proof"
    else:
        why = "the clients won do not pay for the time: raise the price or aim at a better niche"
    return "change_offer", (
        f"After {weeks} weeks, outreach brought ${per_hour:,.2f} per outreach hour, below your "
        f"break-even rate of ${rate:,.2f}/h ({funnel}); {why} before adding capacity."
    )


def sprint_summary(
    weeks: Iterable[SprintWeek], break_even_rate: float, monthly_target: float | None = None
) -> SprintSummary:
    """Totals, funnel rates, revenue per outreach hour against break-even, and the verdict."""
    weeks = list(weeks)
    for w in weeks:
        if not isinstance(w, SprintWeek):
            raise ValueError(f"sprint_summary needs SprintWeek entries, got {type(w).__name__}")
    if not weeks:
        raise ValueError("log at least one week of outreach")
    if len(weeks) > _p("max_weeks"):
        raise ValueError(f"a sprint has at most {_p('max_weeks'):g} weeks, got {len(weeks)}")
    rate = finite("break-even rate", break_even_rate)
    if rate <= 0:
        raise ValueError(f"break-even rate must be above 0 $/h, got {rate:g}")
    totals = {
        key: sum(getattr(w, key) for w in weeks)
        for key in ("messages", "replies", "calls", "won", "revenue", "hours")
    }
    per_hour = _rate(totals["revenue"], totals["hours"])
    of = int(_p("sprint_weeks"))
    verdict, reason = _verdict(totals, len(weeks), of, per_hour, rate)
    per_week = None
    if monthly_target is not None:
        target = finite("monthly target", monthly_target)
        if target < 0:
            raise ValueError(f"monthly target cannot be negative, got {target:g}")
        per_message = _rate(totals["revenue"], totals["messages"])
        weekly_target = target * 12 / 52
        per_week = math.ceil(round(weekly_target / per_message, 9)) if per_message else None
        if target == 0:
            per_week = 0
    weekly = tuple(
        {
            "week": n,
            **asdict(w),
            "reply_rate": _rate(w.replies, w.messages),
            "conversion": _rate(w.won, w.messages),
            "revenue_per_hour": _rate(w.revenue, w.hours),
        }
        for n, w in enumerate(weeks, start=1)
    )
    return SprintSummary(
        weeks=len(weeks),
        of=of,
        messages=totals["messages"],
        replies=totals["replies"],
        calls=totals["calls"],
        won=totals["won"],
        revenue=totals["revenue"],
        hours=totals["hours"],
        reply_rate=_rate(totals["replies"], totals["messages"]),
        call_rate=_rate(totals["calls"], totals["messages"]),
        conversion=_rate(totals["won"], totals["messages"]),
        revenue_per_hour=per_hour,
        break_even_rate=rate,
        verdict=verdict,
        reason=reason,
        messages_per_week_for_target=per_week,
        weekly=weekly,
    )
