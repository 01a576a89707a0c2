"""Red-flag gig audit: flags with evidence, missing essentials, a 0-100 risk score and a level.

The pipeline: tokens (`tokens`), the people and links in the post (`entities`), concept hits and
clauses (`engine`) over the rules of `data/audit_rules.toml` (`rules`), the essentials and the
implied rate (`essentials`), the learned text signal (`model`) and the score. A flag is a signal,
never an accusation: each one carries why it matters and what to do.

The level comes from the flags and the essentials alone (DESIGN section 3). Within its band the
score orders posts by risk: the learned signal's logit plus the rules' points, squashed into the
band, so a post with the same flags ranks by how much it reads like the scam ads of the data.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from gigcore.audit import model as scam_model
from gigcore.audit.engine import HIGH_PAY, MONEY, find_hits, match_clause
from gigcore.audit.entities import Entity, find_entities
from gigcore.audit.essentials import RateCheck, check_essentials, high_pay, rate_check
from gigcore.audit.rules import Rules, load_rules
from gigcore.audit.tokens import Tokens
from gigcore.checks import limit
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
    entities: list[Entity] = field(default_factory=list)  # addresses, handles, links, wallets
    kind: str = "gig"  # "gig" | "job" (a salaried job posting)

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
                "probability": shown_probability(self.model),
                "calibrated": bool(getattr(self.model, "calibrated", True)),
                "band": getattr(self.model, "band", None),
                "top_words": [[w, float(c)] for w, c in self.model.top_words],
            },
            "text_length": self.text_length,
            "entities": [asdict(e) | {"span": list(e.span)} for e in self.entities],
            "kind": self.kind,
        }


def shown_probability(signal) -> float | None:
    """The learned signal's probability where it may be shown: None when the text is unlike
    the ads it was calibrated on (short, very long, mostly unknown words). The score still uses
    the signal's logit, which ranks those texts, as a number it would mislead."""
    return float(signal.probability) if getattr(signal, "calibrated", True) else None


MIN_HOURS = 0.01  # estimated hours: under a minute of work is not an estimate


def _number(name: str, value: object, *, positive: bool = True, least: float = 0) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if value < 0 or (positive and value == 0):
        raise ValueError(f"{name} must be {'above' if positive else 'at least'} zero")
    most = limit("money_per_year_max")  # dollars or hours: past it no gig is real
    if value > most or (value and value < least):
        raise ValueError(f"{name} must be between {least:g} and {most:,.0f}")
    return float(value)


def _check_text(text: object, rules: Rules) -> str:
    if not isinstance(text, str):
        raise ValueError(f"the gig text must be text (a str), not {type(text).__name__}")
    if not text.strip():
        raise ValueError("there is nothing to audit: paste a gig description first")
    if len(text) > rules.max_chars:
        raise ValueError(
            f"the text has {len(text):,} characters; the audit reads at most "
            f"{rules.max_chars:,}. Paste the gig description only."
        )
    return text


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


def _funded(hits: dict, rules: Rules) -> bool:
    """The post says the pay is funded in escrow (the escrow green sign's concepts)."""
    sign = next((g for g in rules.green if g.id == "escrow"), None)
    concepts = {c for clause in sign.clauses for c in clause.all} if sign else set()
    return any(not h.negated for c in concepts for h in hits.get(c, ()))


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


def merge_touching(text: str, spans) -> list[Span]:
    """Sorted spans with those separated only by spaces joined ("registration" + "fee")."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and (start <= out[-1][1] or not text[out[-1][1] : start].strip(" ")):
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _raise_flags(
    tokens, hits, rules, rate, min_rate, client_reasons, short, job, skip
) -> list[Flag]:
    found: dict[str, Flag] = {}
    limit = rules.max_evidence
    for rule in rules.flags:
        if (job and rule.id in rules.job_not_flags) or rule.id in skip:
            continue
        spans: set[Span] = set()
        for clause in rule.clauses:
            spans.update(match_clause(tokens, clause, hits, limit, short))
        computed, evidence, detail = _computed_detail(rule.id, rate, min_rate, client_reasons)
        if spans or computed:
            spans = _others_words(tokens, spans)
            evidence = merge_touching(tokens.text, spans | set(evidence))[:limit]
            found[rule.id] = Flag(
                rule.id, rule.category, rule.severity, evidence, rule.why, rule.advice,
                rule.title, detail,
            )  # fmt: skip
    return [_escalate(flag, rules, found) for flag in found.values()]


def _others_words(tokens: Tokens, spans: set[Span]) -> set[Span]:
    """The evidence outside the worker's own lines of a conversation ("Me: before the
    interview?"), when some of it is outside: the words shown are the client's."""
    if not tokens.worker_lines:
        return spans
    theirs = {s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in tokens.worker_lines)}
    return theirs or spans


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


def _fee_ranges(tokens: Tokens, flags: list[Flag], rules: Rules) -> list[Span]:
    """Character ranges of the sentences where the worker is asked to pay."""
    ranges = []
    for flag in flags:
        if flag.id in rules.worker_fee_flags:
            for start, _ in flag.evidence:
                lo, hi = tokens.sentence_range(tokens.index_at(start))
                ranges.append((tokens.start(lo), tokens.span(hi - 1)[1]))
    return ranges


def model_available() -> bool:
    """True when the learned signal and its shipped weights are both present."""
    if scam_model is None:
        return False
    weights = getattr(scam_model, "MODEL_PATH", None)  # weights may not be shipped yet
    return weights is None or weights.exists()


def _model_signal(text: str, use_model: bool):
    return scam_model.predict(text) if use_model and model_available() else None


def _logit(probability: float) -> float:
    p = min(max(probability, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def score_and_level(flags: list[Flag], missing: set[str], green: list, model) -> tuple[int, str]:
    """Score and level. The level comes from the rules alone; the score ranks risk.

    Points from the rules and the learned signal's logit add up to a risk logit. A report with a
    stop flag scores in the stop band [stop_score, 100]; any other report scores below it, ranked
    by the same risk, so a post the learned signal finds scam-like outranks a plain one even
    when both miss an essential (most job ads miss one, DESIGN section 8).
    """
    p = {k: v.value for k, v in load_params("audit_rules").items()}
    points = (
        p["weight_stop"] * sum(f.severity == "stop" for f in flags)
        + p["weight_caution"] * sum(f.severity == "caution" for f in flags)
        + p["weight_missing"] * len(missing)
        - p["weight_green"] * len(green)
    )
    risk = (points - p["points_center"]) / p["points_per_logit"]
    if model is not None:
        risk += p["model_scale"] * (_logit(float(model.probability)) - p["model_center"])
    if any(f.severity == "stop" for f in flags):
        level, lo, hi = "stop", p["stop_score"], 100
    else:
        caution = bool(flags) or len(missing) >= p["missing_for_caution"]
        level, lo, hi = ("caution" if caution else "low"), 0, p["stop_score"] - 1
    share = 1 / (1 + math.exp(-max(min(risk, 50), -50)))
    return round(lo + (hi - lo) * share), level


def audit_text(
    text: str,
    min_hourly_rate: float | None = None,
    *,
    budget: float | None = None,
    hours: float | None = None,
    platform: str | None = None,
    client: ClientChecks | None = None,
    use_model: bool = True,
) -> AuditReport:
    """Audit a gig description.

    `min_hourly_rate` is the person's walk-away rate; with it, a budget and hours (stated in the
    text or passed as `budget` and `hours`) below that rate raise `lowball_rate`. `platform` names
    where the gig was posted: a marketplace with payment protection counts as the payment method.
    `client` holds what the person saw on the client's profile. Empty or blank text, and texts
    above the documented cap (`max_chars` in data/audit_rules.toml), raise ValueError.
    `use_model=False` gives the rules-only report.
    """
    rules = load_rules()
    text = _check_text(text, rules)
    min_rate = _number("walk-away rate", min_hourly_rate, positive=False)
    budget = _number("budget", budget)
    hours = _number("estimated hours", hours, least=MIN_HOURS)
    tokens = Tokens(text)
    entities = find_entities(text)
    by_kind: dict[str, list[Span]] = {}
    for entity in entities:
        by_kind.setdefault(entity.kind, []).append(entity.span)
    hits = find_hits(tokens, rules.lexicon, by_kind, rules.max_hits)
    hits[HIGH_PAY] = high_pay(tokens, hits.get(MONEY, []), rules.high_pay)
    client_reasons = _client_reasons(client)
    if client and client.payment_verified and _funded(hits, rules):
        client_reasons = []  # a verified payer who has funded escrow: a new account is no risk
    short = len(tokens) <= rules.lexicon.short_words
    job_concept, job_hits, gig_concept = rules.job_posting
    job = len({tokens.words[h.i] for h in hits.get(job_concept, ())}) >= job_hits and not any(
        not h.negated for h in hits.get(gig_concept, ())
    )
    rate = rate_check(tokens, hits.get(MONEY, []), budget, hours, job)
    # a client checklist that passes every check outweighs words such as "no reviews" in the text
    # (a product with no reviews yet, a post about badges)
    cleared = client is not None and client.payment_verified is True and not client_reasons
    skip = {"unverified_client"} if cleared else set()
    flags = _raise_flags(tokens, hits, rules, rate, min_rate, client_reasons, short, job, skip)
    flags.sort(key=lambda f: f.severity != "stop")  # stop first, then data order
    green = []
    for sign in rules.green:
        spans = merge_touching(
            text, {s for c in sign.clauses for s in match_clause(tokens, c, hits, 5, short)}
        )
        if spans:
            green.append(GreenSign(sign.id, sign.title, spans))
    fee_ranges = _fee_ranges(tokens, flags, rules)
    found, missing, asks = check_essentials(
        tokens, rules, hits, fee_ranges, budget, platform, short
    )
    model = _model_signal(text, use_model)
    score, level = score_and_level(flags, missing, green, model)
    covered = {rules.flag(f.id).covers for f in flags}
    questions = [rules.flag(f.id).question for f in flags]
    for k in asks:
        if k not in covered:
            rule = rules.essentials[k]
            questions.append(rule.job_question if job and rule.job_question else rule.question)
    questions = list(dict.fromkeys(q for q in questions if q))
    kind = "job" if job else "gig"
    return AuditReport(
        score, level, flags, missing, questions, green, found, rate, model, len(text),
        entities, kind,
    )  # fmt: skip
