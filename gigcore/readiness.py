"""Switch readiness: seven green/amber/red signals, a verdict, the gaps and a dated plan.

Thresholds, signal texts and the switching playbook live in `data/readiness.toml`; the rules
(which way each measure points, how the verdict follows from the signals) are code.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

from gigcore.checks import limit
from gigcore.params import load_data, load_params

CORE = ("revenue_coverage", "runway", "utilization")
SIGNAL_IDS = (*CORE, "repeat_clients", "client_concentration", "pricing_power", "productized_offer")
PRICE_OPTIONS = ("held", "not_tried", "lost_clients")
VERDICTS = ("not_yet", "almost", "ready")
GREEN, AMBER, RED = "green", "amber", "red"
_TOL = 1e-9  # relative slack so that 0.1 + 0.2 style rounding never moves a boundary


@dataclass(frozen=True)
class ReadinessInputs:
    """A person's last three months; money per month unless the name says otherwise."""

    monthly_revenue: Sequence[float]  # last three months, oldest first
    monthly_expenses: float  # baseline living + business costs per month
    savings: float
    billable_hours_per_week: float
    repeat_clients: int  # repeat or referral clients in the last three months
    largest_client_share: float  # 0..1 share of revenue from the biggest client
    price_increase: str  # "held" | "not_tried" | "lost_clients"
    productized_offer: bool
    # how the form names the three months ("Sep 2026"), for messages; not part of the check
    month_labels: Sequence[str] = field(default=(), compare=False)

    def as_dict(self) -> dict:
        out = asdict(self)
        out.pop("month_labels")
        out["monthly_revenue"] = [float(x) for x in self.monthly_revenue]
        return out


@dataclass(frozen=True)
class Signal:
    """One readiness signal. `gap` is "" when green; `flip` says what would move it."""

    id: str
    status: str  # "green" | "amber" | "red"
    value: float | str | bool
    gap: str
    title: str = ""
    flip: str = ""
    shown: str = ""  # the value in words, e.g. "93% of expenses"
    to_amber: str = ""  # the change that makes a red signal amber
    to_green: str = ""  # the change that makes it green


@dataclass(frozen=True)
class Readiness:
    """Verdict, its signals in table order, and what would lift the verdict one step."""

    verdict: str  # "not_yet" | "almost" | "ready"
    signals: list[Signal]
    title: str
    summary: str
    next_verdict: str | None = None
    next_steps: list[str] = field(default_factory=list)

    def signal(self, signal_id: str) -> Signal:
        return next(s for s in self.signals if s.id == signal_id)

    def as_dict(self) -> dict:
        return asdict(self)

    def counts(self) -> dict[str, int]:
        """How many signals are green, amber and red."""
        return {c: sum(s.status == c for s in self.signals) for c in (GREEN, AMBER, RED)}

    def record(self) -> dict:
        """What the history keeps: verdict, counts (green_signals is the headline) and signals."""
        counts = self.counts()
        return {
            "verdict": self.verdict,
            "summary": f"{self.title}: {counts[GREEN]} green, {counts[AMBER]} amber, "
            f"{counts[RED]} red",
            "green_signals": counts[GREEN],
            "amber_signals": counts[AMBER],
            "red_signals": counts[RED],
            "signals": {
                s.id: {"status": s.status, "shown": s.shown, "gap": s.gap} for s in self.signals
            },
            "next_steps": self.next_steps,
        }


@dataclass(frozen=True)
class PlanStep:
    """One dated item of the switching plan."""

    id: str
    title: str
    detail: str
    start: dt.date
    due: dt.date
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class WhatIf:
    """A readiness check before and after some changes, and the signals that moved."""

    before: Readiness
    after: Readiness
    moved: list[tuple[str, str, str]]  # (signal id, status before, status after)

    @property
    def flips_verdict(self) -> bool:
        return self.before.verdict != self.after.verdict


# -- validation ---------------------------------------------------------------------------------
def _number(name: str, value: object, lo: float | None = 0.0, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    if lo is not None and number < lo:
        raise ValueError(f"{name} cannot be below {lo:g} (got {number:g})")
    if hi is not None and number > hi:
        raise ValueError(f"{name} cannot be above {_plain(hi)} (got {_plain(number)})")
    return number


def _plain(number: float) -> str:
    """1,000,000 for whole amounts a person types; 2e+15 for the absurd ones."""
    return f"{number:,.0f}" if number == int(number) and abs(number) < 1e13 else f"{number:g}"


def _month_names(inputs: ReadinessInputs) -> list[str]:
    """How the person sees the three months ("Sep 2026"), or "month 1".. when not given."""
    labels = inputs.month_labels
    if (
        not isinstance(labels, str | bytes)
        and isinstance(labels, Sequence)
        and len(labels) == 3
        and all(isinstance(x, str) and x.strip() for x in labels)
    ):
        return [x.strip() for x in labels]
    return [f"month {i}" for i in range(1, 4)]


def validate(inputs: ReadinessInputs) -> ReadinessInputs:
    """Return `inputs` with plain floats, or raise ValueError saying what to fix."""
    revenue = inputs.monthly_revenue
    if isinstance(revenue, str | bytes) or not isinstance(revenue, Sequence):
        raise ValueError("monthly revenue must be a list of the last 3 months, oldest first")
    if len(revenue) != 3:
        raise ValueError(
            f"monthly revenue needs exactly 3 months (oldest first), got {len(revenue)}"
        )
    monthly_max, names = limit("money_per_month_max"), _month_names(inputs)
    months = [
        _number(f"revenue of {name}", x, hi=monthly_max)
        for name, x in zip(names, revenue, strict=True)
    ]
    expenses = _number("monthly expenses", inputs.monthly_expenses, lo=None, hi=monthly_max)
    if expenses <= 0:
        raise ValueError(
            "monthly expenses must be above 0: enter your baseline living and business costs "
            "per month"
        )
    repeat = inputs.repeat_clients
    if isinstance(repeat, bool) or not isinstance(repeat, numbers.Real) or repeat != int(repeat):
        raise ValueError(f"repeat clients must be a whole number, got {repeat!r}")
    share = inputs.largest_client_share
    if isinstance(share, numbers.Real) and not isinstance(share, bool) and 1 < share <= 100:
        raise ValueError(
            f"largest client's share must be a fraction between 0 and 1 (0.35 means 35%), "
            f"got {share:g}"
        )
    if inputs.price_increase not in PRICE_OPTIONS:
        raise ValueError(
            f"price increase must be one of {', '.join(PRICE_OPTIONS)}; "
            f"got {inputs.price_increase!r}"
        )
    if not isinstance(inputs.productized_offer, bool):
        raise ValueError("productized offer must be True (yes) or False (no)")
    return replace(
        inputs,
        monthly_revenue=months,
        monthly_expenses=expenses,
        savings=_number("savings", inputs.savings, hi=limit("savings_max")),
        billable_hours_per_week=_number(
            "billable hours per week", inputs.billable_hours_per_week, hi=168
        ),
        repeat_clients=int(_number("repeat clients", repeat, hi=limit("clients_max"))),
        largest_client_share=_number("largest client's share", share, hi=1),
    )


# -- formatting ---------------------------------------------------------------------------------
def _money(amount: float) -> str:
    return f"${amount:,.0f}"


def _up(amount: float, step: float = 1.0) -> float:
    """Round up to `step`, ignoring float dust, so the amount always reaches the line."""
    return math.ceil(amount / step - 1e-6) * step


def _num(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def _pct(share: float, down: bool) -> str:
    """A share in whole percent, rounded toward the side that does not flatter it."""
    scaled = share * 100
    return f"{math.floor(scaled + 1e-6) if down else math.ceil(scaled - 1e-6)}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _at_least(value: float, line: float) -> bool:
    return value >= line - _TOL * max(1.0, abs(line))


def _rising(value: float, green: float, amber: float) -> str:
    return GREEN if _at_least(value, green) else AMBER if _at_least(value, amber) else RED


def _gap(status: str, to_amber: str, to_green: str) -> str:
    if status == GREEN:
        return ""
    if status == AMBER or not to_amber:
        return to_green
    return f"{to_amber} for amber; {to_green} for green"


# -- signals ------------------------------------------------------------------------------------
def _revenue(k: ReadinessInputs, p: dict) -> tuple:
    avg = sum(k.monthly_revenue) / 3
    coverage = avg / k.monthly_expenses
    green, amber = p["revenue_coverage_green"], p["revenue_coverage_amber"]
    status = _rising(coverage, green, amber)

    def to(line: float) -> str:
        need = _up(line * k.monthly_expenses - avg)
        return f"{_money(need)} more average monthly revenue (to {_pct(line, True)} of expenses)"

    shown = f"{_pct(coverage, True)} of expenses ({_money(avg)} average a month)"
    return coverage, status, shown, to(amber), to(green)


def _runway(k: ReadinessInputs, p: dict) -> tuple:
    months = k.savings / k.monthly_expenses
    green, amber = p["runway_green"], p["runway_amber"]
    status = _rising(months, green, amber)

    def to(line: float) -> str:
        dollars = _up(line * k.monthly_expenses - k.savings)
        return f"{_up(line - months, 0.1):.1f} more months of savings ({_money(dollars)})"

    shown = f"{math.floor(months * 10 + 1e-6) / 10:.1f} months"
    return months, status, shown, to(amber), to(green)


def _utilization(k: ReadinessInputs, p: dict) -> tuple:
    hours = k.billable_hours_per_week
    green, amber = p["utilization_green"], p["utilization_amber"]
    status = _rising(hours, green, amber)

    def to(line: float) -> str:
        return f"{_num(_up(line - hours, 0.1))} more billable hours a week"

    return hours, status, f"{_num(hours)} hours a week", to(amber), to(green)


def _repeat(k: ReadinessInputs, p: dict) -> tuple:
    n = k.repeat_clients
    green, amber = p["repeat_clients_green"], p["repeat_clients_amber"]
    status = _rising(n, green, amber)

    def to(line: float) -> str:
        return f"{_plural(math.ceil(line - n), 'more repeat or referral client')}"

    return float(n), status, _plural(n, "client"), to(amber), to(green)


def _concentration(k: ReadinessInputs, p: dict) -> tuple:
    share = k.largest_client_share
    green, amber = p["client_concentration_green"], p["client_concentration_amber"]
    if share < green - _TOL:
        status = GREEN
    elif share <= amber + _TOL:
        status = AMBER
    else:
        status = RED
    avg = sum(k.monthly_revenue) / 3

    def to(line: float, strict: bool) -> str:
        text = f"biggest client {'under' if strict else 'at most'} {_pct(line, True)} of revenue"
        if avg > 0:
            # largest = share * avg stays; other revenue X must satisfy share*avg/(avg+X) vs line
            extra = avg * (share / line - 1)
            need = math.floor(extra + 1e-6) + 1 if strict else _up(extra)
            text += f": about {_money(need)} more a month from other clients"
        return text

    shown = f"{_pct(share, False)} of revenue"
    return share, status, shown, to(amber, strict=False), to(green, strict=True)


def _pricing(k: ReadinessInputs, texts: dict) -> tuple:
    choice = k.price_increase
    status = texts["status"][choice]
    gap = texts.get("gap", {}).get(choice, "")
    return choice, status, texts["label"][choice], "", gap


def _productized(k: ReadinessInputs, texts: dict) -> tuple:
    status = GREEN if k.productized_offer else AMBER
    shown = "yes" if k.productized_offer else "no"
    return k.productized_offer, status, shown, "", texts["gap"]["no"]


_NUMERIC = {
    "revenue_coverage": _revenue,
    "runway": _runway,
    "utilization": _utilization,
    "repeat_clients": _repeat,
    "client_concentration": _concentration,
}
_CHOICE = {"pricing_power": _pricing, "productized_offer": _productized}


def _thresholds() -> dict[str, float]:
    return {name: p.value for name, p in load_params("readiness").items()}


def _signal(signal_id: str, k: ReadinessInputs, p: dict, texts: dict) -> Signal:
    text = texts[signal_id]
    if signal_id in _NUMERIC:
        value, status, shown, to_amber, to_green = _NUMERIC[signal_id](k, p)
    else:
        value, status, shown, to_amber, to_green = _CHOICE[signal_id](k, text)
    return Signal(
        id=signal_id,
        status=status,
        value=value,
        gap=_gap(status, to_amber, to_green),
        title=text["title"],
        flip=text["keep"] if status == GREEN else text["advice"],
        shown=shown,
        to_amber=to_amber if status == RED else "",
        to_green=to_green if status != GREEN else "",
    )


def verdict_of(signals: Sequence[Signal]) -> str:
    """not_yet if a core signal is red; ready if the core is green and nothing is red."""
    status = {s.id: s.status for s in signals}
    if any(status[c] == RED for c in CORE):
        return "not_yet"
    if all(status[c] == GREEN for c in CORE) and RED not in status.values():
        return "ready"
    return "almost"


def _next_steps(verdict: str, signals: Sequence[Signal]) -> tuple[str | None, list[str]]:
    if verdict == "not_yet":
        return "almost", [
            f"{s.title}: {s.to_amber}" for s in signals if s.id in CORE and s.status == RED
        ]
    if verdict == "almost":
        core = [f"{s.title}: {s.to_green}" for s in signals if s.id in CORE and s.status != GREEN]
        rest = [
            f"{s.title}: {s.to_amber or s.to_green}"
            for s in signals
            if s.id not in CORE and s.status == RED
        ]
        return "ready", core + rest
    return None, []


def check(inputs: ReadinessInputs) -> Readiness:
    """Score the seven signals and the verdict; raise ValueError on unusable input."""
    k = validate(inputs)
    doc = load_data("readiness")
    p = _thresholds()
    signals = [_signal(sid, k, p, doc["signals"]) for sid in SIGNAL_IDS]
    verdict = verdict_of(signals)
    text = doc["verdicts"][verdict]
    nxt, steps = _next_steps(verdict, signals)
    return Readiness(verdict, signals, text["title"], text["summary"], nxt, steps)


@dataclass(frozen=True)
class WhatIfRanges:
    """The largest change each what-if slider offers, so the changed inputs stay valid."""

    extra_revenue: int
    extra_savings: int
    extra_hours: int


def what_if_ranges(base: ReadinessInputs) -> WhatIfRanges:
    """Slider tops for `what_if`: twice the expenses of extra revenue (at least $1,000), eight
    times of extra savings (at least $5,000) and 40 more hours, each cut to what keeps the
    changed inputs inside their limits (data/limits.toml, and 168 hours a week)."""
    k = validate(base)
    revenue = min(max(1000.0, 2 * k.monthly_expenses), limit("money_per_month_max"))
    revenue = min(revenue, limit("money_per_month_max") - max(k.monthly_revenue))
    savings = min(max(5000.0, 8 * k.monthly_expenses), limit("savings_max") - k.savings)
    hours = min(40.0, 168 - k.billable_hours_per_week)
    # a slider needs some room; at the very limit its first step is refused with a message
    return WhatIfRanges(
        *(max(lo, math.floor(x)) for x, lo in ((revenue, 50), (savings, 250), (hours, 1)))
    )


def what_if(
    base: ReadinessInputs,
    extra_revenue: float = 0.0,
    extra_savings: float = 0.0,
    extra_hours: float = 0.0,
    **fields,
) -> WhatIf:
    """Check `base` and `base` changed (extra revenue each month, savings, hours, any field)."""
    before = check(base)
    k = validate(base)
    changed = replace(
        k,
        monthly_revenue=[m + extra_revenue for m in k.monthly_revenue],
        savings=k.savings + extra_savings,
        billable_hours_per_week=k.billable_hours_per_week + extra_hours,
        **fields,
    )
    after = check(changed)
    moved = [
        (b.id, b.status, a.status)
        for b, a in zip(before.signals, after.signals, strict=True)
        if b.status != a.status
    ]
    return WhatIf(before, after, moved)


# -- plan ---------------------------------------------------------------------------------------
def _offset(anchor: int | str, p: dict) -> int:
    if isinstance(anchor, int):
        return anchor
    sprint_start = int(p["productize_days"] + p["systemize_days"])
    anchors = {
        "sprint_start": sprint_start,
        "sprint_end": sprint_start + 7 * int(p["sprint_weeks"]),
    }
    return anchors[anchor] if anchor in anchors else int(p[anchor])


def action_plan(result: Readiness, start: dt.date) -> list[PlanStep]:
    """The switching playbook as dated steps for a not-yet or almost verdict ([] when ready)."""
    if result.verdict == "ready":
        return []
    p = _thresholds()
    status = {s.id: s for s in result.signals}
    weeks = int(p["sprint_weeks"])
    steps: list[PlanStep] = []
    for raw in load_data("readiness")["playbook"]:
        skip = raw.get("skip_if_green", [])
        if skip and all(status[sid].status == GREEN for sid in skip):
            continue
        gap = "; ".join(status[sid].to_green for sid in skip if status[sid].to_green)
        first = _offset(raw["start"], p)
        days = _offset(raw["days"], p)
        for week in range(1, weeks + 1) if raw.get("weekly") else [None]:
            begin = start + dt.timedelta(days=first + 7 * ((week or 1) - 1))
            words = {
                "pitches": int(p["sprint_pitches_per_week"]),
                "followups": int(p["sprint_followups_per_week"]),
                "referral_asks": int(p["sprint_referral_asks_per_week"]),
                "weeks": weeks,
                "week": week,
                "gap": gap,
            }
            steps.append(
                PlanStep(
                    id=raw["id"] if week is None else f"{raw['id']}_{week}",
                    title=raw["title"].format(**words),
                    detail=raw["detail"].format(**words),
                    start=begin,
                    due=begin + dt.timedelta(days=days - 1),
                    signals=tuple(skip),
                )
            )
    return sorted(steps, key=lambda s: (s.start, s.due))


def plan_markdown(steps: Sequence[PlanStep], verdict_title: str) -> str:
    """The plan as a Markdown checklist to download."""
    lines = [f"# My switching plan (readiness today: {verdict_title})", ""]
    if not steps:
        lines.append("The numbers support the switch: no plan steps needed.")
    for step in steps:
        when = f"{step.start:%a %d %b %Y}"
        if step.due != step.start:
            when += f" to {step.due:%a %d %b %Y}"
        lines.append(f"- [ ] **{step.title}** ({when}): {step.detail}")
    return "\n".join(lines) + "\n"


# -- prefill ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Prefill:
    """Starting values for the form and, per field, where each one came from."""

    values: dict
    sources: dict[str, str]


def prefill(
    saved: dict | None,
    saved_on: str = "",
    log_months: Sequence[tuple[str, float | None]] = (),
    log_hours: float | None = None,
) -> Prefill:
    """Merge the experiment log (three (label, earned or None) months, hours a week), the last
    saved check and the example inputs, in that order of preference."""
    example = {k: v for k, v in load_data("readiness")["example"].items() if k != "source"}
    if saved:  # a saved check from an older or damaged record is skipped, not trusted
        try:
            validate(ReadinessInputs(**saved))
        except (TypeError, ValueError):
            saved = None
    fallback = "your last saved check" + (f" ({saved_on})" if saved_on else "")
    base = {**example, **(saved or {})}
    base_source = fallback if saved else "example numbers: replace them with yours"
    values = dict(base)
    sources = dict.fromkeys(base, base_source)
    months = list(log_months)
    if len(months) == 3 and any(amount is not None for _, amount in months):
        revenue = [float(x) for x in base["monthly_revenue"]]
        from_log = []
        for i, (label, amount) in enumerate(months):
            if amount is not None:
                revenue[i] = amount
                from_log.append(label)
        values["monthly_revenue"] = revenue
        sources["monthly_revenue"] = (
            f"freelance earnings in your experiment log for {', '.join(from_log)}"
        )
        if len(from_log) < 3:
            sources["monthly_revenue"] += f"; other months from {base_source}"
    if log_hours is not None:
        values["billable_hours_per_week"] = round(log_hours, 1)
        sources["billable_hours_per_week"] = "paid freelance hours in your experiment log"
    return Prefill(values, sources)
