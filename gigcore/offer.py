"""Productized offer: one named package with a clear price, deliverables and a revision limit.

The price is the person's walk-away rate for the package's hours, grossed up for the platform's
fee and rounded UP to a clean price point, so after the fee it never pays less than the walk-away
rate. Basic, standard and premium tiers are cut from the package; every tier is priced the same
way from its own hours, so none of them pays below the walk-away rate either. Price points and
tier shares live in `data/offer.toml`.

Arithmetic is exact on the numbers as written (0.1 is one tenth, not the nearest binary float, so
45 $/h x 6 h / (1 - 10%) is exactly $300), and the price is also at least the floating-point value
of walk-away x hours / (1 - fee), so a check written in floats holds too. In the rare case that
float sum lands just above a price point (50 x 7 / (1 - 0.3) gives 500.00000000000006), the price
is the next point up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction

from gigcore.checks import finite
from gigcore.params import DataFileError, load_data, load_params, value

TIER_IDS = ("basic", "standard", "premium")
TIER_LABELS = {"basic": "Basic", "standard": "Standard", "premium": "Premium"}


def _p(name: str) -> float:
    return load_params("offer")[name].value


def price_points() -> list[tuple[float, float]]:
    """(up_to, step) brackets, checked: increasing, and each up_to a multiple of its step."""
    rows = load_data("offer").get("price_points") or []
    out, last = [], 0.0
    for n, row in enumerate(rows, start=1):
        up_to, step = row.get("up_to"), row.get("step")
        if not all(isinstance(x, int | float) and x > 0 for x in (up_to, step)):
            raise DataFileError(f"offer.toml price_points[{n}]: up_to and step must be above 0")
        if up_to <= last or Fraction(up_to) % Fraction(step):
            raise DataFileError(
                f"offer.toml price_points[{n}]: up_to must increase and be a multiple of its step"
            )
        out.append((float(up_to), float(step)))
        last = up_to
    if not out:
        raise DataFileError("offer.toml: no price_points")
    return out


def clean_price(floor: float | Fraction) -> float:
    """The smallest clean price point at or above `floor` (a floor of 0 or less gives 0)."""
    floor = Fraction(floor)
    if floor <= 0:
        return 0.0
    step = Fraction(_p("top_step"))
    for up_to, bracket_step in price_points():
        if floor <= Fraction(up_to):
            step = Fraction(bracket_step)
            break
    return float(math.ceil(floor / step) * step)


@dataclass(frozen=True)
class OfferInputs:
    """One package: what it delivers, the hours it takes and the walk-away rate it must beat."""

    name: str
    deliverables: Sequence[str]
    hours: float  # all hours the package takes, talk and revisions included
    revisions: int  # revision rounds included
    walk_away_rate: float  # $/h after the platform's fee (from the rate calculator)
    platform_fee: float = 0.0  # share of the price the platform keeps
    monthly_target: float | None = None  # $ a month after fees, for packages per month

    def as_dict(self) -> dict:
        out = asdict(self)
        out["deliverables"] = list(self.deliverables)
        return out


@dataclass(frozen=True)
class Tier:
    """Basic, standard or premium: what it includes and what it costs."""

    id: str
    label: str
    deliverables: tuple[str, ...]
    revisions: int  # the revision limit of this tier
    hours: float
    price: float
    effective_hourly_rate: float  # price after the fee, per hour

    @property
    def revision_limit(self) -> int:
        return self.revisions


@dataclass(frozen=True)
class Offer:
    """A priced package. `floor` is walk-away x hours / (1 - fee) before rounding."""

    name: str
    deliverables: tuple[str, ...]
    hours: float
    revisions: int
    walk_away_rate: float
    platform_fee: float
    floor: float
    price: float
    net_price: float  # what is left after the platform's fee
    effective_hourly_rate: float  # net price per hour, never below the walk-away rate
    tiers: dict[str, Tier]
    monthly_target: float | None
    packages_per_month: int | None  # packages to sell for the monthly target
    hours_per_month: float | None
    capacity_hours_per_month: float  # typical billable hours a month at most
    summary: str

    @property
    def over_capacity(self) -> bool:
        return self.hours_per_month is not None and (
            self.hours_per_month > self.capacity_hours_per_month
        )

    def packages_for(self, monthly_target: float) -> int:
        """Standard packages a month (rounded up) to keep `monthly_target` after fees."""
        return packages_for_target(self.net_price, self.hours, monthly_target)[0]

    def record(self) -> dict:
        """What the history keeps."""
        return {
            "summary": self.summary,
            "price": self.price,
            "effective_hourly_rate": self.effective_hourly_rate,
            "packages_per_month": self.packages_per_month,
            "tiers": {
                t.id: {"price": t.price, "revisions": t.revisions} for t in self.tiers.values()
            },
        }


def _check(inputs: OfferInputs) -> tuple[str, tuple[str, ...], float, int, float, float]:
    if not isinstance(inputs, OfferInputs):
        raise ValueError(f"price_offer needs OfferInputs, got {type(inputs).__name__}")
    name = inputs.name if isinstance(inputs.name, str) else None
    if name is None or not name.strip():
        raise ValueError("give the package a name, such as 'Book cover, print and ebook'")
    name = " ".join(name.split())
    if isinstance(inputs.deliverables, str):
        raise ValueError("deliverables must be a list, one deliverable each")
    items = tuple(" ".join(str(d).split()) for d in inputs.deliverables or () if str(d).strip())
    if not items:
        raise ValueError("list at least one deliverable: what the client gets")
    most = int(_p("max_deliverables"))
    if len(items) > most:
        raise ValueError(f"a package lists at most {most} deliverables, got {len(items)}")
    hours = finite("hours", inputs.hours)
    if hours <= 0:
        raise ValueError(f"hours must be above 0, got {hours:g}")
    if hours > _p("max_hours"):
        raise ValueError(f"a package takes at most {_p('max_hours'):g} hours, got {hours:g}")
    revisions = finite("revisions", inputs.revisions)
    if revisions != int(revisions) or revisions < 0:
        raise ValueError(f"revisions must be a whole number of 0 or more, got {revisions:g}")
    if revisions > _p("max_revisions"):
        raise ValueError(
            f"a package includes at most {_p('max_revisions'):g} revision rounds, "
            f"got {revisions:g}: state a limit"
        )
    rate = finite("walk-away rate", inputs.walk_away_rate)
    if rate <= 0:
        raise ValueError(f"walk-away rate must be above 0 $/h, got {rate:g}")
    fee = finite("platform fee", inputs.platform_fee)
    if fee < 0:
        raise ValueError(f"platform fee cannot be negative, got {fee:.0%}")
    if fee >= 1:
        raise ValueError(f"platform fee must be below 100%, got {fee:.0%}")
    return name, items, hours, int(revisions), rate, fee


def _dec(x: float) -> Fraction:
    """A number as written: Fraction(repr(0.1)) is exactly 1/10."""
    return Fraction(repr(float(x)))


def _price(rate: float, hours: float, fee: float, markup: float = 1.0) -> tuple[float, float]:
    """(floor, clean price) for `hours` at `rate` after `fee`, times `markup`."""
    exact = _dec(markup) * _dec(rate) * _dec(hours) / (1 - _dec(fee))
    floating = markup * rate * hours / (1 - fee)  # the same sum as a float, as a check writes it
    return float(exact), clean_price(max(exact, Fraction(floating)))


def _net_rate(price: float, fee: float, hours: float) -> float:
    return float(Fraction(price) * (1 - _dec(fee)) / _dec(hours))


def _tier(tid: str, items, revisions: int, hours: float, rate: float, fee: float, markup=1.0):
    _, price = _price(rate, hours, fee, markup)
    return Tier(
        tid, TIER_LABELS[tid], tuple(items), revisions, hours, price, _net_rate(price, fee, hours)
    )


def _tiers(items, hours: float, revisions: int, rate: float, fee: float) -> dict[str, Tier]:
    keep = max(1, math.ceil(len(items) * _p("basic_deliverables_share")))
    extras = tuple(load_data("offer")["tiers"]["premium_extras"])
    return {
        "basic": _tier(
            "basic",
            items[:keep],
            max(0, revisions + int(_p("basic_revisions_delta"))),
            round(hours * _p("basic_hours_share"), 2),
            rate,
            fee,
        ),
        "standard": _tier("standard", items, revisions, hours, rate, fee),
        "premium": _tier(
            "premium",
            (*items, *extras),
            revisions + int(_p("premium_revisions_delta")),
            round(hours * _p("premium_hours_share"), 2),
            rate,
            fee,
            _p("premium_markup"),
        ),
    }


def capacity_hours_per_month() -> float:
    """Typical billable hours a month at most (the high end of billable hours a year / 12)."""
    return value("rates", "billable_hours_high") / 12


def packages_for_target(net_price: float, hours: float, target: float) -> tuple[int, float]:
    """Packages a month (rounded up) to keep `target` after fees, and the hours they take."""
    target = finite("monthly target", target)
    if target < 0:
        raise ValueError(f"monthly target cannot be negative, got {target:g}")
    count = math.ceil(Fraction(target) / Fraction(net_price)) if target else 0
    return count, count * hours


def rounds(n: int) -> str:
    return f"{n} revision round{'' if n == 1 else 's'}"


def price_offer(inputs: OfferInputs) -> Offer:
    """Price a package at a clean price point that beats the walk-away rate after the fee."""
    name, items, hours, revisions, rate, fee = _check(inputs)
    floor, price = _price(rate, hours, fee)
    net = float(Fraction(price) * (1 - _dec(fee)))
    hourly = _net_rate(price, fee, hours)
    target = inputs.monthly_target
    count = month_hours = None
    if target is not None:
        count, month_hours = packages_for_target(net, hours, target)
        target = float(target)
    summary = (
        f"{name}: ${price:,.0f} for {', '.join(items)} with {rounds(revisions)} "
        f"({hours:g} h). After the {fee:.0%} platform fee you keep ${net:,.2f}, "
        f"${hourly:,.2f}/h against your walk-away rate of ${rate:,.2f}/h."
    )
    return Offer(
        name=name,
        deliverables=items,
        hours=hours,
        revisions=revisions,
        walk_away_rate=rate,
        platform_fee=fee,
        floor=floor,
        price=price,
        net_price=net,
        effective_hourly_rate=hourly,
        tiers=_tiers(items, hours, revisions, rate, fee),
        monthly_target=target,
        packages_per_month=count,
        hours_per_month=month_hours,
        capacity_hours_per_month=capacity_hours_per_month(),
        summary=summary,
    )
