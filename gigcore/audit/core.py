"""Red-flag gig audit: flags with evidence, missing essentials, a 0-100 risk score and a level.

The rules live in `data/audit_rules.toml` (see `gigcore.audit.rules`). A flag is a signal, never
an accusation: each one carries why it matters and what to do. When the optional learned signal
`gigcore.audit.model` is present, its probability and top words are added as `model` and nudge the
score by a bounded amount; the level itself comes from the rules.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from itertools import islice

from gigcore.audit import model as scam_model
from gigcore.audit.rules import ESSENTIALS, Rules, Scanner, load_rules
from gigcore.params import load_params

Span = tuple[int, int]
LEVELS = ("low", "caution", "stop")


@dataclass(frozen=True)
class Flag:
    """A red flag raised by the text (or by the person's own numbers)."""

    id: str
    category: str
    severity: str  # "caution" | "stop"
    evidence: list[Span]  # (start, end) character spans into the audited text
    why: str
    advice: str
    title: str = ""
    detail: str = ""  # specifics, e.g. the implied hourly rate


@dataclass(frozen=True)
class GreenSign:
    """A sign that protects the freelancer (escrow, milestones, contract, revision limit)."""

    id: str
    title: str
    evidence: list[Span]


@dataclass(frozen=True)
class ClientChecks:
    """What the person saw on the client's profile; None means not checked."""

    payment_verified: bool | None = None
    reviews: int | None = None
    hire_rate: float | None = None  # share of posted jobs that led to a hire, 0..1
    account_age_days: int | None = None


@dataclass(frozen=True)
class RateCheck:
    """The hourly rate the gig implies, and where it came from."""

    hourly_rate: float
    source: str  # "stated hourly rate" | "budget / hours"
    budget: float | None
    hours: float | None
    evidence: list[Span]


@dataclass
class AuditReport:
    """Everything the audit found in one text."""

    score: int
    level: str
    flags: list[Flag]
    missing: set[str]
    questions: list[str]
    green: list[GreenSign] = field(default_factory=list)
    # evidence of essentials found: deliverable, deadline, payment (amount and method both),
    # and the parts payment_amount and payment_method on their own
    found: dict[str, list[Span]] = field(default_factory=dict)
    rate: RateCheck | None = None
    model: object | None = None  # scam_model.ModelSignal (probability, top_words) when available
    text_length: int = 0

    def flag_ids(self) -> list[str]:
        """Ids of the flags raised, in report order."""
        return [f.id for f in self.flags]

    def to_dict(self) -> dict:
        """A JSON-ready dictionary of the report."""
        return {
            "score": self.score,
            "level": self.level,
            "flags": [asdict(f) | {"evidence": [list(s) for s in f.evidence]} for f in self.flags],
            "missing": sorted(self.missing),
            "questions": list(self.questions),
            "green": [asdict(g) | {"evidence": [list(s) for s in g.evidence]} for g in self.green],
            "found": {k: [list(s) for s in v] for k, v in self.found.items()},
            "rate": None if self.rate is None else asdict(self.rate),
            "model": None
            if self.model is None
            else {
                "probability": float(self.model.probability),
                "top_words": [[w, float(c)] for w, c in self.model.top_words],
            },
            "text_length": self.text_length,
        }


def _number(name: str, value: object, *, positive: bool = True) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if value < 0 or (positive and value == 0):
        raise ValueError(f"{name} must be {'above' if positive else 'at least'} zero")
    return float(value)


def _check_text(text: object, rules: Rules) -> str:
    if not isinstance(text, str):
        raise ValueError(f"the gig text must be text (a str), not {type(text).__name__}")
    if len(text) > rules.max_chars:
        raise ValueError(
            f"the text has {len(text):,} characters; the audit reads at most "
            f"{rules.max_chars:,}. Paste the gig description only."
        )
    return text


def _amount(match_groups: tuple[str | None, ...]) -> float:
    whole, cents, thousands = match_groups
    amount = float(whole.replace(",", "")) + (float(f"0.{cents}") if cents else 0.0)
    return amount * 1000 if thousands else amount


def read_rate(scan: Scanner) -> tuple[list, list, list]:
    """Hourly rates, fixed budgets and total hours stated in the text, each with its span.

    Only the first `max_amounts` amounts and hour counts are read (a gig states a handful).
    """
    text, rx = scan.lowered, scan.rules.rate
    limit = int(load_params("audit_rules")["max_amounts"].value)
    hourly, budgets, fixed = [], [], []
    for match in islice(scan.finditer(rx.money), limit):
        amount, end = _amount(match.groups()), match.end()
        tail = rx.range_tail.match(text, end)
        if tail:  # "$300-500": the upper end, to give the client the benefit of the doubt
            amount, end = max(amount, _amount((tail.group(1), None, tail.group(2)))), tail.end()
        span = (match.start(), end)
        if rx.hourly_suffix.match(text, end):
            hourly.append((amount, span))
        elif not rx.period_suffix.match(text, end):
            fixed.append((amount, span))
            if rx.budget_context.search(text, max(0, match.start() - rx.budget_window), end):
                budgets.append((amount, span))
    hours = [
        (float(m.group(1)), m.span())
        for m in islice(scan.finditer(rx.hours), limit)
        if not rx.hours_period_suffix.match(text, m.end())
    ]
    if not budgets and len(fixed) == 1:
        budgets = fixed
    return hourly, budgets, hours


def rate_check(scan: Scanner, budget: float | None, hours: float | None) -> RateCheck | None:
    """The implied hourly rate: the person's budget and hours first, then what the text says."""
    if budget is not None and hours is not None:
        return RateCheck(budget / hours, "budget / hours", budget, hours, [])
    stated_hourly, budgets, stated_hours = read_rate(scan)
    if stated_hourly and budget is None and hours is None:
        rate, span = max(stated_hourly)
        return RateCheck(rate, "stated hourly rate", None, None, [span])
    spans = []
    if budget is None and budgets:
        budget, span = max(budgets)
        spans.append(span)
    if hours is None and stated_hours:
        hours, span = min(stated_hours)
        spans.append(span)
    if budget is None or not hours:
        return None
    return RateCheck(budget / hours, "budget / hours", budget, hours, sorted(spans))


def _client_reasons(client: ClientChecks | None) -> list[str]:
    if client is None:
        return []
    p = load_params("audit_rules")
    reviews = _number("reviews", client.reviews, positive=False)
    hire = _number("hire rate", client.hire_rate, positive=False)
    age = _number("account age", client.account_age_days, positive=False)
    if hire is not None and hire > 1:
        raise ValueError("hire rate is a share between 0 and 1 (0.4 = 40%)")
    reasons = []
    if client.payment_verified is False:
        reasons.append("payment method not verified")
    if reviews == 0:
        reasons.append("no reviews yet")
    if hire is not None and hire < p["min_client_hire_rate"].value:
        reasons.append(f"hire rate {hire:.0%}")
    if age is not None and age < p["min_client_account_days"].value:
        reasons.append(f"account {age:.0f} days old")
    return reasons


def _computed_detail(
    rule_id: str, rate: RateCheck | None, min_rate: float | None, client_reasons: list[str]
) -> tuple[bool, list[Span], str]:
    """Flags raised by numbers rather than words: (raised, evidence, detail)."""
    if rule_id == "lowball_rate" and rate and min_rate and rate.hourly_rate < min_rate:
        detail = (
            f"Implied rate {rate.hourly_rate:,.2f}/h ({rate.source}) is below your walk-away "
            f"rate of {min_rate:,.2f}/h (same currency assumed)."
        )
        return True, rate.evidence, detail
    if rule_id == "unverified_client" and client_reasons:
        return True, [], "From your client checklist: " + ", ".join(client_reasons) + "."
    return False, [], ""


def _raise_flags(
    scan: Scanner, rate: RateCheck | None, min_rate: float | None, client_reasons: list[str]
) -> list[Flag]:
    found: dict[str, Flag] = {}
    for rule in scan.rules.flags:
        spans = scan.spans(rule.matcher, negatable=rule.negatable) if rule.matcher else []
        computed, evidence, detail = _computed_detail(rule.id, rate, min_rate, client_reasons)
        if spans or computed:
            evidence = sorted(set(spans) | set(evidence))
            found[rule.id] = Flag(
                rule.id, rule.category, rule.severity, evidence, rule.why, rule.advice,
                rule.title, detail,
            )  # fmt: skip
    return [_escalate(flag, scan.rules, found) for flag in found.values()]


def _escalate(flag: Flag, rules: Rules, found: dict[str, Flag]) -> Flag:
    triggers = [i for i in rules.flag(flag.id).escalates_with if i in found]
    if flag.severity == "stop" or not triggers:
        return flag
    names = "; ".join(rules.flag(i).title.lower() for i in triggers)
    note = f"Raised to stop because it comes with: {names}."
    detail = f"{flag.detail} {note}".strip()
    return Flag(
        flag.id, flag.category, "stop", flag.evidence, flag.why, flag.advice, flag.title, detail
    )


def _essentials(
    scan: Scanner, budget: float | None, platform: str | None
) -> tuple[dict[str, list[Span]], set[str], list[str]]:
    """Evidence of essentials found, the essentials missing, and which parts to ask about."""
    rules = scan.rules
    spans = {
        key: scan.spans(rule.matcher, negatable=False) for key, rule in rules.essentials.items()
    }
    has_amount = bool(spans["payment_amount"]) or budget is not None
    has_method = bool(spans["payment_method"]) or (
        platform is not None
        and platform.casefold() in {p.casefold() for p in rules.protected_platforms}
    )
    found = {k: v for k, v in spans.items() if v}
    if has_amount and has_method:
        found["payment"] = sorted(spans["payment_amount"] + spans["payment_method"])
    missing = set(ESSENTIALS) - set(found)
    asks = [k for k in ("deliverable", "deadline") if k in missing]
    if "payment" in missing:
        asks += [k for k, ok in (("payment_amount", has_amount), ("payment_method", has_method))
                 if not ok]  # fmt: skip
    return found, missing, asks


def model_available() -> bool:
    """True when the learned signal and its shipped weights are both present."""
    if scam_model is None:
        return False
    weights = getattr(scam_model, "MODEL_PATH", None)  # weights may not be shipped yet
    return weights is None or weights.exists()


def _model_signal(text: str, use_model: bool):
    return scam_model.predict(text) if use_model and model_available() else None


def _score(flags: list[Flag], missing: set[str], green: list, model) -> tuple[int, str]:
    """Score and level. The level comes from the rules alone; the score is kept in its band."""
    p = {k: v.value for k, v in load_params("audit_rules").items()}
    raw = (
        p["weight_stop"] * sum(f.severity == "stop" for f in flags)
        + p["weight_caution"] * sum(f.severity == "caution" for f in flags)
        + p["weight_missing"] * len(missing)
        - p["weight_green"] * len(green)
        + (p["weight_model"] * float(model.probability) if model is not None else 0.0)
    )
    if any(f.severity == "stop" for f in flags):
        level, lo, hi = "stop", p["stop_score"], 100
    elif flags or len(missing) >= p["missing_for_caution"]:
        level, lo, hi = "caution", p["caution_score"], p["stop_score"] - 1
    else:
        level, lo, hi = "low", 0, p["caution_score"] - 1
    return round(min(max(raw, lo), hi)), level


def audit_text(
    text: str,
    min_hourly_rate: float | None = None,
    *,
    budget: float | None = None,
    hours: float | None = None,
    platform: str | None = None,
    client: ClientChecks | None = None,
    use_model: bool = True,
    windowed: bool = True,
) -> AuditReport:
    """Audit a gig description.

    `min_hourly_rate` is the person's walk-away rate; with it, a budget and hours (stated in the
    text or passed as `budget` and `hours`) below that rate raise `lowball_rate`. `platform` names
    where the gig was posted: a marketplace with payment protection counts as the payment method.
    `client` holds what the person saw on the client's profile. Texts above the documented cap
    (`max_chars` in data/audit_rules.toml) raise ValueError. `use_model=False` gives the
    rules-only report; `windowed=False` scans the whole text for every rule (slow; for tests).
    """
    rules = load_rules()
    text = _check_text(text, rules)
    min_rate = _number("walk-away rate", min_hourly_rate, positive=False)
    budget = _number("budget", budget)
    hours = _number("estimated hours", hours)
    client_reasons = _client_reasons(client)
    scan = Scanner(text, rules, windowed=windowed)
    rate = rate_check(scan, budget, hours)
    flags = _raise_flags(scan, rate, min_rate, client_reasons)
    flags.sort(key=lambda f: f.severity != "stop")  # stop first, then data order
    green = [
        GreenSign(g.id, g.title, spans) for g in rules.green if (spans := scan.spans(g.matcher))
    ]
    found, missing, asks = _essentials(scan, budget, platform)
    model = _model_signal(text, use_model)
    score, level = _score(flags, missing, green, model)
    covered = {rules.flag(f.id).covers for f in flags}
    questions = [rules.flag(f.id).question for f in flags]
    questions += [rules.essentials[k].question for k in asks if k not in covered]
    questions = list(dict.fromkeys(questions))
    return AuditReport(
        score, level, flags, missing, questions, green, found, rate, model, len(text)
    )
