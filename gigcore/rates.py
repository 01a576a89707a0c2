"""Freelance break-even rate, micro-task effective rate, their comparison and chart sweeps."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from functools import cached_property

from gigcore.checks import amount, finite
from gigcore.params import load_params
from gigcore.tax import (
    EstimatedTax,
    Household,
    USTaxBill,
    business_take_home,
    profit_for_net,
    quarterly_schedule,
    tax_bill,
    us_profit_for_take_home,
    us_tax_2026,
    without_business,
)

WEEKS_PER_YEAR = 52
HOURS_PER_WEEK_MAX = 168
TAX_MODELS = ("flat", "us_2026")
US_FIELDS = ("wages", "health_insurance", "retirement", "state_income_tax_rate")
YEARLY = "money_per_year_max"  # the limit every yearly amount shares (data/limits.toml)


def _at_least(name: str, value: object, low: float = 0.0) -> float:
    number = finite(name, value)
    if number < low:
        raise ValueError(f"{name} cannot be negative" if low == 0 else f"{name} must be >= {low}")
    return number


def _share(name: str, value: object) -> float:
    number = finite(name, value)
    if not 0.0 <= number < 1.0:
        raise ValueError(f"{name} must be at least 0% and below 100% (got {number:.0%})")
    return number


def _positive(name: str, value: object) -> float:
    number = finite(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be more than zero")
    return number


@dataclass(frozen=True)
class FreelanceInputs:
    """What a freelancer wants to keep and what it costs them to work.

    tax_model "flat" (the default): `income_tax_rate` on profit, plus US self-employment tax if
    `us_self_employment_tax`. tax_model "us_2026": the 2026 US federal return of the household
    described by `filing_status`, `wages`, `health_insurance`, `retirement`,
    `state_income_tax_rate` and `specified_service` (see `gigcore.tax.Household`); SE tax is
    always on there and `income_tax_rate` / `us_self_employment_tax` are not used. Under it
    the take-home is after the premiums and the retirement contribution too.
    """

    target_net_income: float
    annual_expenses: float
    hours_per_week: float
    weeks_off: float
    non_billable_share: float
    income_tax_rate: float = 0.0
    platform_fee: float = 0.0
    us_self_employment_tax: bool = False
    tax_model: str = "flat"
    filing_status: str = "single"
    wages: float = 0.0
    health_insurance: float = 0.0
    retirement: float = 0.0
    state_income_tax_rate: float = 0.0
    specified_service: bool = False

    def household(self, profit: float = 0.0) -> Household:
        """The US 2026 household these inputs describe, with `profit` from the business."""
        return Household(
            se_profit=profit,
            filing_status=self.filing_status,
            wages=self.wages,
            health_insurance=self.health_insurance,
            retirement=self.retirement,
            state_income_tax_rate=self.state_income_tax_rate,
            specified_service=self.specified_service,
        )

    def checked(self) -> FreelanceInputs:
        """Return self if every field is valid; raise ValueError naming the bad one."""
        amount("target take-home income", self.target_net_income, YEARLY)
        amount("business expenses", self.annual_expenses, YEARLY)
        hours = _positive("hours per week", self.hours_per_week)
        if hours > HOURS_PER_WEEK_MAX:
            raise ValueError(f"hours per week cannot exceed {HOURS_PER_WEEK_MAX}")
        weeks = _at_least("weeks off", self.weeks_off)
        if weeks >= WEEKS_PER_YEAR:
            raise ValueError("weeks off must be fewer than 52, or no week is left to bill")
        _share("non-billable share", self.non_billable_share)
        _share("income-tax rate", self.income_tax_rate)
        _share("platform fee", self.platform_fee)
        if not isinstance(self.us_self_employment_tax, bool):
            raise ValueError("US self-employment tax must be on or off")
        if self.tax_model not in TAX_MODELS:
            raise ValueError(f"tax model must be one of {', '.join(TAX_MODELS)}")
        if self.tax_model == "us_2026":
            self.household().checked()
            for name in ("wages", "health_insurance", "retirement"):
                amount(name.replace("_", " "), getattr(self, name), YEARLY)
        else:
            for name in US_FIELDS:
                value = finite(name.replace("_", " "), getattr(self, name))
                if value != 0:
                    raise ValueError(
                        f"{name.replace('_', ' ')} belongs to the US 2026 tax model; under a "
                        "flat rate put such costs in business costs"
                    )
        return self


@dataclass(frozen=True)
class FreelanceQuote:
    """The break-even rate and where the money goes, per year."""

    hourly_rate: float
    billable_hours: float
    gross_revenue: float
    platform_fees: float
    expenses: float
    profit: float
    se_tax: float
    income_tax: float
    take_home: float
    working_hours: float
    additional_medicare_tax: float = 0.0
    state_tax: float = 0.0
    health_insurance: float = 0.0
    retirement: float = 0.0
    qbi_deduction: float = 0.0
    tax_model: str = "flat"
    bill: USTaxBill | None = None  # the household's whole 2026 return (us_2026 only)

    @property
    def taxes(self) -> float:
        """Every tax the business brings, per year."""
        return self.se_tax + self.additional_medicare_tax + self.income_tax + self.state_tax

    @property
    def set_aside_share(self) -> float:
        """The share of every payout (billing less platform fees) to put away for tax."""
        payout = self.gross_revenue - self.platform_fees
        return self.taxes / payout if payout > 0 else 0.0

    @property
    def after_tax_per_hour_worked(self) -> float:
        """Take-home per working hour, billable or not."""
        return self.take_home / self.working_hours

    @property
    def pre_tax_per_hour_worked(self) -> float:
        """Profit before tax per working hour, billable or not."""
        return self.profit / self.working_hours

    def to_dict(self) -> dict:
        out = asdict(self)
        out.pop("bill")
        return out


@dataclass(frozen=True)
class _Taxes:
    se_tax: float
    additional_medicare_tax: float
    income_tax: float
    state_tax: float
    take_home: float
    qbi_deduction: float
    bill: USTaxBill | None


def _us_taxes(i: FreelanceInputs, profit: float) -> _Taxes:
    """The taxes the business adds to the household's wages-only return, and its take-home."""
    household = i.household(profit)
    bill, alone = us_tax_2026(household), us_tax_2026(without_business(household))
    return _Taxes(
        se_tax=bill.se_tax,
        additional_medicare_tax=bill.additional_medicare_tax - alone.additional_medicare_tax,
        income_tax=bill.income_tax - alone.income_tax,
        state_tax=bill.state_tax - alone.state_tax,
        take_home=bill.net - alone.net,
        qbi_deduction=bill.qbi_deduction,
        bill=bill,
    )


def after_tax(inputs: FreelanceInputs, profit: float) -> float:
    """What a year's `profit` leaves to keep under the inputs' tax model (and, under us_2026,
    after the household's premiums and retirement contribution)."""
    i = inputs.checked()
    if i.tax_model == "us_2026":
        return business_take_home(i.household(profit))
    return tax_bill(profit, i.income_tax_rate, i.us_self_employment_tax).net


def _hours(i: FreelanceInputs) -> tuple[float, float]:
    """(working hours, billable hours) a year of checked inputs."""
    working_hours = i.hours_per_week * (WEEKS_PER_YEAR - i.weeks_off)
    return working_hours, working_hours * (1.0 - i.non_billable_share)


# Inputs that change only the hours a year is billed over, never the profit or the revenue it
# needs (taxes and fees depend on money, not on hours): a rate at another value of one of them
# is the same revenue over other billable hours, with no tax solve again.
HOURS_FIELDS = ("hours_per_week", "weeks_off", "non_billable_share")


def rate_with(quote: FreelanceQuote, inputs: FreelanceInputs, field: str, value: float) -> float:
    """The break-even rate of `inputs` with one hours field set to `value`, from `quote` (the
    quote of `inputs`): exactly `freelance_rate(replace(inputs, field=value)).hourly_rate`,
    which it raises like, without solving the taxes again."""
    if field not in HOURS_FIELDS:
        raise ValueError(f"only {', '.join(HOURS_FIELDS)} keep the revenue")
    return quote.gross_revenue / _hours(replace(inputs, **{field: value}).checked())[1]


def freelance_rate(inputs: FreelanceInputs) -> FreelanceQuote:
    """The hourly rate to bill so that take-home after tax, fees and expenses meets the target.

    billable hours = hours/week x (52 - weeks off) x (1 - non-billable share)
    profit         = the smallest profit whose after-tax remainder is the target (see `tax`;
                     under us_2026 also after premiums and retirement)
    revenue        = (profit + expenses) / (1 - platform fee);  rate = revenue / billable hours
    """
    i = inputs.checked()
    working_hours, billable = _hours(i)
    if i.tax_model == "us_2026":
        profit = us_profit_for_take_home(i.target_net_income, i.household())
        revenue = (profit + i.annual_expenses) / (1.0 - i.platform_fee)
        t = _us_taxes(i, profit)
        return FreelanceQuote(
            hourly_rate=revenue / billable,
            billable_hours=billable,
            gross_revenue=revenue,
            platform_fees=revenue * i.platform_fee,
            expenses=i.annual_expenses,
            profit=profit,
            se_tax=t.se_tax,
            income_tax=t.income_tax,
            take_home=t.take_home,
            working_hours=working_hours,
            additional_medicare_tax=t.additional_medicare_tax,
            state_tax=t.state_tax,
            health_insurance=i.health_insurance,
            retirement=i.retirement,
            qbi_deduction=t.qbi_deduction,
            tax_model="us_2026",
            bill=t.bill,
        )
    profit = profit_for_net(i.target_net_income, i.income_tax_rate, i.us_self_employment_tax)
    revenue = (profit + i.annual_expenses) / (1.0 - i.platform_fee)
    bill = tax_bill(profit, i.income_tax_rate, i.us_self_employment_tax)
    return FreelanceQuote(
        hourly_rate=revenue / billable,
        billable_hours=billable,
        gross_revenue=revenue,
        platform_fees=revenue * i.platform_fee,
        expenses=i.annual_expenses,
        profit=profit,
        se_tax=bill.se_tax,
        income_tax=bill.income_tax,
        take_home=bill.net,
        working_hours=working_hours,
    )


@dataclass(frozen=True)
class MicrotaskInputs:
    """How a micro-task lane pays and how much of the time earns nothing."""

    pay_per_task: float
    minutes_per_task: float
    unpaid_share: float = 0.33
    rejection_rate: float = 0.0
    platform_fee: float = 0.0

    def checked(self) -> MicrotaskInputs:
        """Return self if every field is valid; raise ValueError naming the bad one."""
        amount("pay per task", self.pay_per_task, "pay_per_task_max")
        _positive("minutes per task", self.minutes_per_task)
        amount("minutes per task", self.minutes_per_task, "minutes_per_task_max")
        _share("unpaid share of time", self.unpaid_share)
        _share("rejection rate", self.rejection_rate)
        _share("platform fee", self.platform_fee)
        return self


@dataclass(frozen=True)
class MicrotaskQuote:
    """What micro-tasks really pay per hour once unpaid time is counted."""

    effective_hourly_rate: float
    paid_time_hourly_rate: float
    tasks_per_hour: float
    net_per_task: float

    def tasks_for(self, daily_target: float) -> float:
        """Tasks to submit in a day to earn `daily_target` (rejections and fees counted)."""
        target = amount("daily target", daily_target, YEARLY)
        if target == 0:
            return 0.0
        if self.net_per_task == 0:
            raise ValueError("tasks that pay nothing can never reach a target")
        return target / self.net_per_task

    def hours_for(self, daily_target: float) -> float:
        """Hours of all time (paid and unpaid) to earn `daily_target`."""
        return self.tasks_for(daily_target) / self.tasks_per_hour

    def to_dict(self) -> dict:
        return asdict(self)


def microtask_rate(inputs: MicrotaskInputs) -> MicrotaskQuote:
    """Effective pay per hour of ALL time.

    tasks per hour of all time = 60 / minutes per task x (1 - unpaid share)
    net per submitted task     = pay x (1 - rejection rate) x (1 - platform fee)
    """
    i = inputs.checked()
    net_per_task = i.pay_per_task * (1.0 - i.rejection_rate) * (1.0 - i.platform_fee)
    paid_time_rate = 60.0 / i.minutes_per_task * net_per_task
    tasks_per_hour = 60.0 / i.minutes_per_task * (1.0 - i.unpaid_share)
    return MicrotaskQuote(
        effective_hourly_rate=paid_time_rate * (1.0 - i.unpaid_share),
        paid_time_hourly_rate=paid_time_rate,
        tasks_per_hour=tasks_per_hour,
        net_per_task=net_per_task,
    )


@dataclass(frozen=True)
class Comparison:
    """Both paths on one scale: money per hour of all working time, before and after tax."""

    freelance_needed_per_hour: float  # pre-tax profit per hour worked at break-even
    micro_per_hour: float  # pre-tax
    micro_hours_per_week_for_target: float | None
    freelance_after_tax_per_hour: float = 0.0  # take-home per hour worked at break-even
    micro_after_tax_per_hour: float = 0.0  # micro-tasks for the same hours, same household

    def to_dict(self) -> dict:
        return asdict(self)


def compare(
    freelance: FreelanceInputs, micro: MicrotaskInputs, quote: FreelanceQuote | None = None
) -> Comparison:
    """Pre-tax profit per hour worked that freelancing needs vs what micro-tasks pay, and both
    after tax.

    The micro-task hours are those needed for the same pre-tax profit (so the same take-home
    under the same taxes) in the same working weeks, assuming micro-tasks have no business costs.
    After tax, micro-task pay is self-employment income too: a year of micro-tasks over the same
    working hours is taxed under the same model and household (premiums and retirement paid
    from it as well), and divided by those hours.
    """
    f = quote or freelance_rate(freelance)
    m = microtask_rate(micro)
    weeks = WEEKS_PER_YEAR - freelance.weeks_off
    hours = None if m.effective_hourly_rate == 0 else f.profit / m.effective_hourly_rate / weeks
    micro_year = m.effective_hourly_rate * f.working_hours
    return Comparison(
        f.pre_tax_per_hour_worked,
        m.effective_hourly_rate,
        hours,
        f.after_tax_per_hour_worked,
        after_tax(freelance, micro_year) / f.working_hours,
    )


HOURS_RANGE = (1, 80)  # the rate calculator's working-hours slider, whole hours a week
WEEKS_OFF_MAX = WEEKS_PER_YEAR - 1  # one week at least is left to bill
SHARE_MAX = 0.99  # the share sliders stop at 99%: the core refuses 100%
SWEEPS = {  # (usual low end, high end, step); the curve also reaches down to the current value
    # every swept field is one of HOURS_FIELDS: the curve is one revenue over other hours
    "hours_per_week": (10.0, float(HOURS_RANGE[1]), 2.0),
    "non_billable_share": (0.0, 0.6, 0.02),
}


def sweep(
    inputs: FreelanceInputs, field: str, quote: FreelanceQuote | None = None
) -> list[tuple[float, float]]:
    """(input value, break-even rate) pairs across the field's range, for the curve chart.

    The range runs from the usual low end (or the inputs' own value, when lower, so the
    marked point is always on the curve) to the top of the slider. `quote`, when given, is
    `freelance_rate(inputs)` already computed.
    """
    if field not in SWEEPS:
        raise ValueError(f"can only sweep {', '.join(SWEEPS)}")
    lo, hi, step = SWEEPS[field]
    own = finite(field.replace("_", " "), getattr(inputs, field))
    xs = [round(lo + k * step, 10) for k in range(round((hi - lo) / step) + 1)]
    if lo > own > 0:
        xs = [own, *(x for x in (round(own + k * step, 10) for k in range(1, 100)) if x < lo), *xs]
    quote = quote or freelance_rate(inputs)
    return [(x, rate_with(quote, inputs, field, x)) for x in xs]


SENSITIVITY_LABELS = {
    "target_net_income": "Target take-home",
    "annual_expenses": "Business expenses",
    "hours_per_week": "Hours per week",
    "weeks_off": "Weeks off",
    "non_billable_share": "Non-billable share",
    "income_tax_rate": "Income-tax rate",
    "platform_fee": "Platform fee",
    "health_insurance": "Health premiums",
    "retirement": "Retirement contribution",
    "state_income_tax_rate": "State income-tax rate",
}
SHARE_FIELDS = {"non_billable_share", "income_tax_rate", "platform_fee", "state_income_tax_rate"}
MODEL_FIELDS = {  # the sensitivity rows of each tax model
    "flat": {"income_tax_rate"},
    "us_2026": {"health_insurance", "retirement", "state_income_tax_rate"},
}


@dataclass(frozen=True)
class Sensitivity:
    """How much the break-even rate moves when one input moves by a step, down and up.

    A side that cannot be computed (say a tax rate that leaves nothing to keep) has rate None
    and `problem` says why; the swing then runs from the current rate to the other side.
    """

    field: str
    label: str
    low_value: float
    high_value: float
    rate_at_low: float | None
    rate_at_high: float | None
    rate_now: float | None = None
    problem: str = ""

    @property
    def swing(self) -> float:
        """The full spread of the rate between the low and the high value."""
        ends = [r for r in (self.rate_at_low, self.rate_at_high, self.rate_now) if r is not None]
        if self.rate_at_low is not None and self.rate_at_high is not None:
            ends = [self.rate_at_low, self.rate_at_high]
        return max(ends) - min(ends) if ends else 0.0


def _rate_or_problem(
    inputs: FreelanceInputs, field: str, value: float, quote: FreelanceQuote
) -> tuple[float | None, str]:
    """The rate with `field` at `value` (from `quote` when only the hours change), or why not."""
    try:
        if field in HOURS_FIELDS:
            return rate_with(quote, inputs, field, value), ""
        return freelance_rate(replace(inputs, **{field: value})).hourly_rate, ""
    except ValueError as exc:
        return None, str(exc)


def sensitivity(
    inputs: FreelanceInputs, base_rate: float | None = None, quote: FreelanceQuote | None = None
) -> list[Sensitivity]:
    """Each input moved down and up by the data-file step, largest swing first: amounts by
    that share of their value (10% of it), shares by that many points (10 points).

    Values that would leave the valid range are clamped to it; a side that still cannot be
    computed fails alone (its row says why), never the whole list. `quote`, when given, is
    `freelance_rate(inputs)` already computed.
    """
    step = load_params("rates")["sensitivity_step"].value
    base = inputs.checked()
    wanted = set(SENSITIVITY_LABELS) - set().union(*MODEL_FIELDS.values())
    wanted |= MODEL_FIELDS[base.tax_model]
    quote = quote or freelance_rate(base)
    if base_rate is None:
        base_rate = quote.hourly_rate
    from gigcore.tax import state_rate_max

    rows = []
    for f in fields(FreelanceInputs):
        if f.name not in wanted:
            continue
        value = getattr(base, f.name)
        delta = step if f.name in SHARE_FIELDS else abs(value) * step
        lo, hi = value - delta, value + delta
        ceiling = {"weeks_off": 51.0, "hours_per_week": float(HOURS_PER_WEEK_MAX)}.get(f.name)
        if f.name in SHARE_FIELDS:
            ceiling = state_rate_max() if f.name == "state_income_tax_rate" else 0.99
        lo = max(lo, 0.5 if f.name == "hours_per_week" else 0.0)
        if ceiling is not None:
            hi = min(hi, ceiling)
        rate_lo, why_lo = _rate_or_problem(base, f.name, lo, quote)
        rate_hi, why_hi = _rate_or_problem(base, f.name, hi, quote)
        problem = "; ".join(f"at {x:,.2f}: {why}" for x, why in ((lo, why_lo), (hi, why_hi)) if why)
        rows.append(
            Sensitivity(
                field=f.name,
                label=SENSITIVITY_LABELS[f.name],
                low_value=lo,
                high_value=hi,
                rate_at_low=rate_lo,
                rate_at_high=rate_hi,
                rate_now=base_rate,
                problem=problem,
            )
        )
    return sorted(rows, key=lambda r: r.swing, reverse=True)


def walk_away_rate(quote: FreelanceQuote, margin: float = 0.0) -> float:
    """The lowest hourly rate to accept: break-even plus a safety margin (0.1 = 10%)."""
    rate = quote.hourly_rate * (1.0 + _at_least("safety margin", margin))
    if not math.isfinite(rate):  # a huge break-even rate times a huge margin
        raise ValueError("safety margin is too large: the walk-away rate has no finite value")
    return rate


@dataclass(frozen=True)
class RateScenario:
    """Everything the rate calculator shows for one set of inputs. `curve` and `sensitivity`
    are worked out on first use (a slider move that shows neither does not pay for them)."""

    freelance: FreelanceInputs
    micro: MicrotaskInputs
    quote: FreelanceQuote
    micro_quote: MicrotaskQuote
    comparison: Comparison
    walk_away: float
    margin: float
    daily_target: float
    tasks_per_day: float | None
    micro_hours_per_day: float | None
    estimated_tax: EstimatedTax | None = None  # us_2026 only
    last_year_tax: float | None = None
    last_year_agi: float | None = None
    curve_field: str = "hours_per_week"

    @cached_property
    def curve(self) -> list[tuple[float, float]]:
        """(value of `curve_field`, break-even rate) pairs for the curve chart."""
        return sweep(self.freelance, self.curve_field, self.quote)

    @cached_property
    def sensitivity(self) -> list[Sensitivity]:
        return sensitivity(self.freelance, self.quote.hourly_rate, self.quote)

    def inputs_dict(self) -> dict:
        out = {
            "freelance": asdict(self.freelance),
            "micro": asdict(self.micro),
            "margin": self.margin,
            "daily_target": self.daily_target,
        }
        if self.last_year_tax is not None:
            out["last_year_tax"] = self.last_year_tax
            out["last_year_agi"] = self.last_year_agi
        return out

    def result_dict(self) -> dict:
        return {
            "hourly_rate": self.quote.hourly_rate,
            "walk_away_rate": self.walk_away,
            "billable_hours": self.quote.billable_hours,
            "gross_revenue": self.quote.gross_revenue,
            "micro_effective_hourly_rate": self.micro_quote.effective_hourly_rate,
            "freelance_needed_per_hour_worked": self.comparison.freelance_needed_per_hour,
            "tasks_per_day": self.tasks_per_day,
            "tax_model": self.quote.tax_model,
            "taxes": self.quote.taxes,
            "set_aside_share": self.quote.set_aside_share,
            "freelance_after_tax_per_hour_worked": self.comparison.freelance_after_tax_per_hour,
            "micro_after_tax_per_hour_worked": self.comparison.micro_after_tax_per_hour,
        }


def scenario(
    freelance: FreelanceInputs,
    micro: MicrotaskInputs,
    margin: float = 0.0,
    daily_target: float = 0.0,
    curve_field: str = "hours_per_week",
    last_year_tax: float | None = None,
    last_year_agi: float | None = None,
) -> RateScenario:
    """Compute the whole rate calculator view for one set of inputs.

    Under us_2026 it includes the 2026 estimated-tax schedule, with wages assumed to have the
    tax on the wages alone withheld, and the prior-year safe harbor when `last_year_tax` is given.
    """
    if curve_field not in SWEEPS:  # refused now, though the curve is worked out on first use
        raise ValueError(f"can only sweep {', '.join(SWEEPS)}")
    quote = freelance_rate(freelance)
    micro_quote = microtask_rate(micro)
    target = amount("daily micro-task target", daily_target, YEARLY)
    reachable = micro_quote.net_per_task > 0
    estimated = None
    if quote.bill is not None:
        alone = us_tax_2026(without_business(quote.bill.household))
        estimated = quarterly_schedule(quote.bill, alone.federal, last_year_tax, last_year_agi)
    return RateScenario(
        freelance=freelance,
        micro=micro,
        quote=quote,
        micro_quote=micro_quote,
        comparison=compare(freelance, micro, quote),
        walk_away=walk_away_rate(quote, margin),
        margin=margin,
        daily_target=target,
        tasks_per_day=micro_quote.tasks_for(target) if reachable else None,
        micro_hours_per_day=micro_quote.hours_for(target) if reachable else None,
        estimated_tax=estimated,
        last_year_tax=last_year_tax,
        last_year_agi=last_year_agi,
        curve_field=curve_field,
    )


@dataclass(frozen=True)
class RateView:
    """What the rate calculator can show for one set of inputs, part by part.

    `scenario` is the whole view when every input is valid. Otherwise each part that does not
    depend on a refused input is still there (`quote` without valid micro-task inputs,
    `micro_quote` without valid freelance ones), and `errors` says what was refused, keyed by
    the group of inputs it belongs to: "freelance", "micro", "daily_target" or "margin".
    """

    scenario: RateScenario | None
    quote: FreelanceQuote | None
    micro_quote: MicrotaskQuote | None
    errors: dict[str, str]


def calculate(
    freelance: FreelanceInputs,
    micro: MicrotaskInputs,
    margin: float = 0.0,
    daily_target: float = 0.0,
    **options,
) -> RateView:
    """`scenario` for a page: never raises on bad input; a refused input only hides what
    depends on it (see `RateView`)."""
    errors: dict[str, str] = {}

    def attempt(group: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValueError as exc:
            errors.setdefault(group, str(exc))
            return None

    quote = attempt("freelance", freelance_rate, freelance)
    micro_quote = attempt("micro", microtask_rate, micro)
    attempt("daily_target", amount, "daily micro-task target", daily_target, YEARLY)
    attempt("margin", _at_least, "safety margin", margin)
    whole = None
    if not errors:
        whole = attempt("freelance", scenario, freelance, micro, margin, daily_target, **options)
    return RateView(whole, quote, micro_quote, errors)


def diff_scenarios(first: dict, second: dict) -> list[tuple[str, object, object]]:
    """(name, first, second) for every saved input and result of two scenarios that differ."""

    def flat(prefix: str, value: object, out: dict) -> dict:
        if isinstance(value, dict):
            for key, inner in value.items():
                flat(f"{prefix}.{key}" if prefix else key, inner, out)
        else:
            out[prefix] = value
        return out

    a, b = flat("", first, {}), flat("", second, {})
    return [(k, a.get(k), b.get(k)) for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]


# How each saved value reads in a comparison: (label, kind). Kinds: money (whole dollars),
# cents (dollars and cents), rate ($/h), hours, weeks, minutes, share, count, yes_no, text.
SCENARIO_FIELDS = {
    "hourly_rate": ("Break-even rate", "rate"),
    "walk_away_rate": ("Walk-away rate", "rate"),
    "gross_revenue": ("Revenue needed a year", "money"),
    "billable_hours": ("Billable hours a year", "hours"),
    "taxes": ("Taxes a year", "money"),
    "set_aside_share": ("Set aside for tax", "share"),
    "micro_effective_hourly_rate": ("Micro-tasks pay", "rate"),
    "freelance_needed_per_hour_worked": ("Freelance profit needed per hour worked", "rate"),
    "freelance_after_tax_per_hour_worked": ("Freelance kept per hour worked", "rate"),
    "micro_after_tax_per_hour_worked": ("Micro-tasks kept per hour worked", "rate"),
    "tasks_per_day": ("Micro-tasks a day for the daily target", "count"),
    "freelance.target_net_income": ("Take-home a year", "money"),
    "freelance.annual_expenses": ("Business costs a year", "money"),
    "freelance.hours_per_week": ("Working hours a week", "hours"),
    "freelance.weeks_off": ("Weeks off", "weeks"),
    "freelance.non_billable_share": ("Non-billable share", "share"),
    "freelance.platform_fee": ("Platform fee", "share"),
    "freelance.tax_model": ("Tax", "text"),
    "freelance.income_tax_rate": ("Income-tax rate", "share"),
    "freelance.us_self_employment_tax": ("US self-employment tax", "yes_no"),
    "freelance.filing_status": ("Filing status", "text"),
    "freelance.wages": ("Other wages", "money"),
    "freelance.health_insurance": ("Health premiums", "money"),
    "freelance.retirement": ("Retirement saving", "money"),
    "freelance.state_income_tax_rate": ("State income-tax rate", "share"),
    "freelance.specified_service": ("Specified service", "yes_no"),
    "micro.pay_per_task": ("Pay per task", "cents"),
    "micro.minutes_per_task": ("Minutes per task", "minutes"),
    "micro.unpaid_share": ("Unpaid share of time", "share"),
    "micro.rejection_rate": ("Rejected submissions", "share"),
    "micro.platform_fee": ("Fee on task pay", "share"),
    "margin": ("Safety margin", "share"),
    "daily_target": ("Daily micro-task target", "money"),
    "last_year_tax": ("Last year's tax", "money"),
    "last_year_agi": ("Last year's AGI", "money"),
}
_TEXTS = {
    "us_2026": "United States, 2026",
    "flat": "Flat rate",
    "single": "Single",
    "married_joint": "Married filing jointly",
    "head_of_household": "Head of household",
}
NOT_SHOWN = {"tax_model", "name"}  # the result's copy of the tax model; the scenario's name


def _show(kind: str, value: object) -> str:
    if value is None:
        return "-"
    if kind == "yes_no" or isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "text" or not isinstance(value, int | float):
        return _TEXTS.get(str(value), str(value))
    return {
        "money": f"${value:,.0f}",
        "cents": f"${value:,.2f}",
        "rate": f"${value:,.2f}/h",
        "hours": f"{value:,.0f} h" if abs(value) >= 100 else f"{value:,.1f} h".replace(".0 ", " "),
        "weeks": f"{value:g} weeks",
        "minutes": f"{value:g} min",
        "share": f"{100 * value:.1f}%".replace(".0%", "%"),
        "count": f"{value:,.0f}",
    }[kind]


def _difference(kind: str, first: object, second: object) -> str:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (first, second))
    if not numbers or kind in ("text", "yes_no"):
        return "changed"
    delta = float(second) - float(first)
    sign = "+" if delta >= 0 else "−"
    if kind == "share":
        return f"{sign}{100 * abs(delta):.1f} points".replace(".0 ", " ")
    return sign + _show(kind, abs(delta))


def scenario_rows(first: dict, second: dict) -> list[tuple[str, str, str, str]]:
    """(label, first, second, second less first) in words for every value two saved rate
    scenarios differ in, results first; `first` and `second` are inputs and result merged."""
    rows = []
    for key, a, b in diff_scenarios(first, second):
        if key in NOT_SHOWN:
            continue
        label, kind = SCENARIO_FIELDS.get(key, (key.rsplit(".", 1)[-1].replace("_", " "), "text"))
        if _show(kind, a) == _show(kind, b):  # apart by float dust only: the same as shown
            continue
        rows.append((label, _show(kind, a), _show(kind, b), _difference(kind, a, b)))
    order = list(SCENARIO_FIELDS)
    labels = {v[0]: order.index(k) for k, v in SCENARIO_FIELDS.items()}
    return sorted(rows, key=lambda r: labels.get(r[0], len(order)))
