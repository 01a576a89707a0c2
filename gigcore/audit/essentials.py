"""The "10-second audit": can the person name the deliverable, the deadline and the payment?

Each part is a set of concepts in the rules (nouns of work; weekdays, dates, durations and launch
dates; amounts; payment methods), plus numeric dates read here. An amount counts as the gig's
pay only when it is not a cost the worker is asked to pay (the sentences of a fee flag). The
implied hourly rate (for `lowball_rate`) is read from the amounts and hours the text states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import compress, islice

from gigcore.audit.engine import MONEY, Hit, match_clause
from gigcore.audit.rules import ESSENTIALS, NamedChannel, Rules
from gigcore.audit.tokens import (
    CURRENCY_BEFORE,
    CURRENCY_WORDS,
    NUMBER_VALUES,
    USD_PER_UNIT,
    Tokens,
)

Span = tuple[int, int]
NUMERIC_DATE = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,2}/\d{1,2})\b"
)
HOUR_WORDS = {"hour", "hours", "hr", "hrs", "h", "hourly", "ph"}
PER_WORDS = {"per", "a", "an", "each", "every"}
PERIOD_WORDS = {
    "day", "days", "daily", "week", "weeks", "weekly", "wk", "month", "months", "monthly", "mo",
    "year", "years", "yr", "annum", "annually", "task", "item", "word", "page", "article", "post",
    "piece", "video", "minute", "min", "survey", "hit", "image", "question", "review",
}  # fmt: skip
BUDGET_WORDS = {"budget", "fixed", "price", "pay", "paid", "paying", "total", "offer", "flat",
                "compensation", "rate", "for"}  # fmt: skip


@dataclass(frozen=True)
class RateCheck:
    """The hourly rate the gig implies, and where it came from."""

    hourly_rate: float
    source: str  # "stated hourly rate" | "budget / hours"
    budget: float | None
    hours: float | None
    evidence: list[Span]


def _word(tokens: Tokens, i: int) -> str:
    return tokens.words[i] if 0 <= i < len(tokens) else ""


ADVERBS = {"hourly": "hour", "ph": "hour", "daily": "day", "weekly": "week", "monthly": "month"}
UNITS = {
    "hour": HOUR_WORDS,
    "day": {"day", "days", "daily"},
    "week": {"week", "weeks", "wk", "weekly", "weekend", "weekends"},
    "month": {"month", "months", "mo", "monthly"},
}


def _per(tokens: Tokens, j: int, units: set[str]) -> bool:
    """Words after word j say "per <unit>" ("/h", "an hour", "hourly" for hours)."""
    nxt = j + 1
    for _ in range(4):  # skip "USD", "k", a range's upper end ("to $500") and "extra"
        word = _word(tokens, nxt)
        if (
            word in CURRENCY_WORDS
            or word in ("k", "to", "extra", "more", "plus", "for", "are", "is", "paid", "disbursed")
            or (word[:1].isdigit() and nxt > j + 1)
        ):
            nxt += 1
    sep = tokens.parts[2 * nxt] if 2 * nxt < len(tokens.parts) else ""
    if _word(tokens, nxt) in units and "/" in sep:
        return True
    if _word(tokens, nxt) in PER_WORDS:
        unit = (
            nxt + 2
            if _word(tokens, nxt + 1) in ("single", "working", "business", "calendar")
            else nxt + 1
        )
        if _word(tokens, unit) in units:
            return True
    word = _word(tokens, nxt)
    return word in units and word in ADVERBS


MAX_PAY_READ = 200  # amounts read for "too good" pay and the rate, the first in the text
EARN_WORDS = frozenset({"earn", "earns", "earning", "make", "makes", "making", "paid", "pays",
                        "paying", "pay", "get", "getting", "receive", "receiving", "income",
                        "salary", "pocket"})  # fmt: skip


def _written_number(tokens: Tokens, k: int) -> tuple[float, int] | None:
    """A number starting at word k, in digits or words ("500", "twelve hundred", "a grand"):
    its value and last word."""
    words = tokens.words
    if words[k][:1].isdigit():
        value = _number(tokens, k)
        return None if value is None else (value, k)
    end = k
    if words[k] in ("a", "an"):  # "a thousand", "a grand"
        end += 1
    elif words[k] not in NUMBER_VALUES:
        return None
    while end + 1 < len(words) and (
        words[end + 1] in NUMBER_VALUES
        or (words[end + 1] == "and" and _word(tokens, end + 2) in NUMBER_VALUES)
    ):
        end += 1
    if _word(tokens, end) == "and":
        end -= 1
    value = tokens.number_value(end)
    if _word(tokens, end + 1) == "grand":  # "two grand" is 2,000, "a grand" 1,000
        return (value or 1.0) * 1000, end + 1
    return None if value is None else (value, end)


def _earned_numbers(tokens: Tokens) -> list[tuple[int, float, int]]:
    """Bare numbers just after an earning word ("make 500 a day", "making like 2k a week",
    "pocket twelve hundred a week", "getting like a grand a week"): first word, value, last
    word."""
    words, out = tokens.words, []
    for i in compress(range(len(words)), map(EARN_WORDS.__contains__, words)):
        for k in range(i + 1, min(i + 4, len(words))):
            found = _written_number(tokens, k)
            if found is not None:
                joined = tokens.parts[2 * found[1] + 2] == "-"  # "a 4-second intro": a size
                if not joined or _word(tokens, found[1] + 1)[:1].isdigit():  # "300-800 USD"
                    out.append((k, *found))
                break
            if words[k][:1].isdigit():
                break
        if len(out) >= MAX_PAY_READ:  # all that high_pay reads
            break
    return out


# words that may stand between a period and its amount ("weekly pay of USD 2,500")
PAY_LEAD = frozenset({
    "pay", "income", "salary", "compensation", "remuneration", "earnings", "earning", "wage",
    "wages", "rate", "stipend", "allowance", "of", "is", "fixed", "guaranteed", "base", "up", "to",
    "about", "around", "approx", "approximately", "at", "least", "minimum", "the", "a", "an",
    "your", "total", "you", "will", "can", "could", "would", "receive", "get", "earn", "make",
    "be", "paid", "honorarium", "fee", "retainer", "for", "this", "role", "position",
})  # fmt: skip


def _period_before(tokens: Tokens, i: int) -> str | None:
    """The period named just before an amount in its sentence ("weekly pay of $3,500", "daily
    income 300-800 USD", "a fixed monthly compensation of EUR 4,800")."""
    for k in range(i - 1, max(-1, i - 7), -1):
        word = _word(tokens, k)
        if word in ADVERBS and not tokens.breaks(k, i):
            return ADVERBS[word]
        if word not in PAY_LEAD and word not in CURRENCY_WORDS and word not in CURRENCY_BEFORE:
            return None
    return None


def _period_minutes(tokens: Tokens, i: int, end: int) -> float | None:
    """Minutes of work stated for the pay beside them in one sentence ("$3,500 for roughly 10
    hours of this work"), not a day's or a week's ("2 hours a day", read by _daily_minutes)."""
    hi = tokens.sentence_range(i)[1]
    words = tokens.words
    for k in range(end + 1, min(hi, end + EFFORT_REACH)):
        if words[k] in HOUR_WORDS and _word(tokens, k - 1) != "per":
            value = _number(tokens, k - 1)
            after = set(words[k + 1 : k + 3])
            if value and not (after & (UNITS["day"] | UNITS["week"] | PER_WORDS)):
                return value * 60
    return None


def high_pay(tokens: Tokens, money: list[Hit], thresholds: dict[str, float]) -> list[Hit]:
    """Pay stated per hour, day, week or month at or above the "too good" thresholds, or far
    above the minutes of work it pays for (beside it, or a day's minutes the text states):
    amounts of money, and bare numbers right after an earning word. A period's pay over the
    hours the text states for it is an hourly rate, held to the hourly threshold."""
    found = []
    daily = cache(lambda: _daily_minutes(tokens))  # read once, only if a period's pay needs it
    amounts = [(h.i, tokens.amount(h.i), tokens.amount_end(h.i)) for h in money[:MAX_PAY_READ]]
    amounts += _earned_numbers(tokens)[:MAX_PAY_READ]
    for i, amount, end in amounts:
        if amount is None:
            continue
        amount *= usd_per_unit(tokens, i, end)
        period = next((u for u in UNITS if _per(tokens, end, UNITS[u])), None)
        period = period or _period_before(tokens, i)
        if not period and _per(tokens, end, YEAR_WORDS):
            period = "year"
        if period in thresholds and amount >= thresholds[period]:
            found.append(Hit(i, min(len(tokens), end + 3)))
        elif (
            not period  # pay for a task, not a time
            and (minutes := _effort_minutes(tokens, i, end))
            and amount * 60 / minutes >= thresholds["effort"]
        ):
            found.append(Hit(i, end + 1))
        elif (not period and amount >= thresholds["task"] and _per(tokens, end, MICRO_TASKS)) or (
            period
            and period != "hour"
            and (
                (minutes := _period_minutes(tokens, i, end) or (daily() or 0) * PERIOD_DAYS[period])
                and amount * 60 / minutes >= thresholds["hour"]
            )
        ):
            found.append(Hit(i, min(len(tokens), end + 3)))
    return found


def usd_per_unit(tokens: Tokens, i: int, end: int) -> float:
    """US dollars of purchasing power per unit of the currency written around the number at
    words i..end ("₹", "Rs", "naira"); 1 when none is written (a bare number after an earning
    word)."""
    parts, words = tokens.parts, tokens.words
    marks = [
        parts[2 * i].rstrip(" ")[-1:],
        parts[2 * end + 2][:1] if 2 * end + 2 < len(parts) else "",
    ]
    names = [tokens.currency_prefix(i)]  # "R650"
    names += [words[k] for k in (i - 1, end + 1, end + 2) if 0 <= k < len(words)]
    for mark in (*marks, *names):
        if mark in USD_PER_UNIT:
            return USD_PER_UNIT[mark]
    return 1.0


YEAR_WORDS = {"year", "years", "yr", "annum", "annually", "annual"}
# small tasks whose pay is never more than a few dollars ("$120 per caption", "$45 for every email")
MICRO_TASKS = {"survey", "caption", "like", "click", "comment", "form", "entry", "rating",
               "captcha", "screenshot", "share", "follow", "hit"}  # fmt: skip
# days of work a period's pay covers, at most (a year's pay has no threshold of its own)
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
DAY_REACH = 8  # words between the time a task takes and the "a day" it is said per
MAX_DAILY_MINUTES = 240


DAY_WORDS = UNITS["day"] | {"evening", "evenings", "night", "nights", "morning", "mornings"}


def _count_before(tokens: Tokens, k: int) -> float | None:
    """How many units the word before word k counts: a number, "an" or "a" (one), "half an"
    (a half)."""
    if k == 0:
        return None
    if _word(tokens, k - 1) in ("a", "an"):
        return 0.5 if _word(tokens, k - 2) == "half" else 1
    return _number(tokens, k - 1)


def _daily_minutes(tokens: Tokens) -> float | None:
    """Minutes a day the text says the work takes ("20 minutes a day", "each day, which takes
    fifteen to twenty minutes", "1 hour daily"; "10 hours per week" is a seventh of that), the
    first such statement; None without one."""
    words = tokens.words
    scale = {**MINUTE_WORDS, **dict.fromkeys(HOUR_WORDS - {"hourly", "ph", "h"}, 60)}
    for k in compress(range(len(words)), map(scale.__contains__, words)):
        value = (_count_before(tokens, k) or 0) * scale[words[k]]
        lo, hi = tokens.sentence_range(k)
        near = set(words[max(lo, k - DAY_REACH) : min(hi, k + 4)])
        per_day = value if DAY_WORDS & near else value / 7 if UNITS["week"] & near else 0
        if 0 < per_day <= MAX_DAILY_MINUTES:
            return per_day
    return None


EFFORT_REACH = 20  # words between an amount and the minutes of work it pays for
MAX_EFFORT_MINUTES = 60
MINUTE_WORDS = {"minute": 1, "minutes": 1, "min": 1, "mins": 1, "second": 1 / 60, "seconds": 1 / 60,
                "sec": 1 / 60, "secs": 1 / 60}  # fmt: skip
MEETING_WORDS = frozenset({"call", "calls", "meeting", "meetings", "interview", "chat", "zoom",
                           "screener", "screening", "application", "signup",
                           "registration"})  # fmt: skip


def _effort_minutes(tokens: Tokens, i: int, end: int) -> float | None:
    """Minutes of work stated beside an amount in its sentence or the next ("takes about 5
    minutes and pays $75", "$150 per survey! Each survey takes about 5 minutes", "every
    30-second clip"), not the length of a call or meeting."""
    lo, hi = tokens.sentence_range(i)
    if hi < len(tokens):
        hi = tokens.sentence_range(hi)[1]
    words = tokens.words
    found = []  # (distance from the amount, minutes): the nearest statement is the one it pays
    for k in range(max(lo, i - EFFORT_REACH), min(hi, end + EFFORT_REACH)):
        if words[k] in MINUTE_WORDS and k and not tokens.is_money(k - 1):
            value = (_number(tokens, k - 1) or 0) * MINUTE_WORDS[words[k]]
            if (
                value
                and value <= MAX_EFFORT_MINUTES
                and not MEETING_WORDS & set(words[k + 1 : k + 3])
            ):
                found.append((i - k if k < i else k - end, value))
    return min(found)[1] if found else None


def read_rate(tokens: Tokens, money: list[Hit]) -> tuple[list, list, list]:
    """Hourly rates, budgets and hours of work stated in the text, each with its span."""
    hourly, budgets, fixed = [], [], []
    for hit in money[:MAX_PAY_READ]:
        amount, end = tokens.amount(hit.i), hit.j - 1
        if amount is None:
            continue
        sep = tokens.parts[2 * hit.j] if 2 * hit.j < len(tokens.parts) else ""
        if sep.strip(" $£€") in ("-", "–") or (_word(tokens, hit.j) == "to"):
            k = hit.j + (1 if _word(tokens, hit.j) == "to" else 0)
            upper = tokens.amount(k) if tokens.is_money(k) else _number(tokens, k)
            if upper is not None and upper > amount:
                amount, end = upper, tokens.amount_end(k)
        span = tokens.amount_span(hit.i, end + 1)
        if _per(tokens, end, HOUR_WORDS):
            hourly.append((amount, span))
        elif not _per(tokens, end, PERIOD_WORDS):
            fixed.append((amount, span))
            before = {tokens.words[k] for k in range(max(0, hit.i - 6), hit.i)}
            if before & BUDGET_WORDS:
                budgets.append((amount, span))
    if not budgets and len(fixed) == 1:
        budgets = fixed
    return hourly, budgets, _fewest_hours(tokens)


def _fewest_hours(tokens: Tokens) -> list[tuple[float, Span]]:
    """The fewest hours of work stated ("3 hours", "ten hrs"; not "$40/h" nor "8 hours a day")
    with its span, the first in the text among equals, as a list of at most one.

    Candidates are read by value, smallest first, so a megabyte of "1 hours" stops at the first;
    the checks of a candidate's words around it are remembered by those words.
    """
    words, parts = tokens.words, tokens.parts
    units, periods = HOUR_WORDS - ADVERBS.keys(), PERIOD_WORDS - {"hour"}
    values: dict[str, float | None] = {}
    by_value: dict[float, list[int]] = {}
    for i in compress(range(len(words)), map(units.__contains__, words)):
        if i and (words[i - 1][:1].isdigit() or words[i - 1] in NUMBER_VALUES):
            word = words[i - 1]
            if word not in values:
                values[word] = _number(tokens, i - 1)
            value = values[word]
            if value:
                by_value.setdefault(value, []).append(i)
    seen: dict[tuple[str, ...], bool] = {}
    for value in sorted(by_value):
        for i in by_value[value]:
            # everything the two checks read: words i-2 .. i+6 and the separators between
            key = tuple(parts[2 * i - 3 : 2 * i + 14]) if 2 <= i < len(words) - 6 else None
            skip = seen.get(key) if key is not None else None
            if skip is None:
                skip = _per(tokens, i, periods) or tokens.is_money(i - 1)
                if key is not None:
                    seen[key] = skip
            if not skip:
                return [(value, tokens.span(i - 1, i + 1))]
    return []


def _number(tokens: Tokens, i: int) -> float | None:
    word = _word(tokens, i)
    if word in NUMBER_VALUES:
        return tokens.number_value(i)
    try:
        return float(word.rstrip("k")) * (1000 if word.endswith("k") else 1)
    except ValueError:
        return None


def rate_check(
    tokens: Tokens, money: list[Hit], budget: float | None, hours: float | None, job: bool
) -> RateCheck | None:
    """The implied hourly rate: the person's budget and hours first, then what the text says.

    A salaried job posting implies no rate from its numbers (a relocation package over a
    2-hour exercise is not a budget).
    """
    if budget is not None and hours is not None:
        return RateCheck(budget / hours, "budget / hours", budget, hours, [])
    if job:
        return None
    stated_hourly, budgets, stated_hours = read_rate(tokens, money)
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


def _outside(spans: list[Span], fee_ranges: list[Span]) -> list[Span]:
    return [s for s in spans if not any(lo <= s[0] < hi for lo, hi in fee_ranges)]


def named_channels(
    tokens: Tokens, channel: NamedChannel, money: list[Hit], limit: int
) -> list[Span]:
    """Payment methods named in a sentence that states an amount: "by|via|through" and a
    capitalised name ("by Pix", "through bKash", "via our Nequi account")."""
    words, found, seen = tokens.words, [], set()
    for hit in money[:limit]:
        lo, hi = tokens.sentence_range(hit.i)
        if lo in seen:
            continue
        seen.add(lo)
        for k in range(lo, hi - 1):
            if words[k] not in channel.before:
                continue
            n = k + 1
            while n < hi - 1 and n - k <= 2 and words[n] in channel.skip:
                n += 1
            name = words[n]
            if name in channel.not_names or name[0].isdigit() or len(name) < 2:
                continue
            if not tokens.written(n).islower():  # "Pix", "bKash", "MTN"
                found.append(tokens.span(k, n + 1))
                if len(found) >= limit:
                    return found
    return found


def check_essentials(
    tokens: Tokens,
    rules: Rules,
    hits: dict[str, list[Hit]],
    fee_ranges: list[Span],
    budget: float | None,
    platform: str | None,
    short: bool,
) -> tuple[dict[str, list[Span]], set[str], list[str]]:
    """Evidence of the essentials found, the essentials missing, and which parts to ask about.

    `fee_ranges` are the sentences where the worker is asked to pay: amounts there are costs,
    not the gig's pay.
    """
    limit = rules.max_evidence
    spans = {}
    for key, rule in rules.essentials.items():
        found: list[Span] = []
        for clause in rule.clauses:
            found += match_clause(tokens, clause, hits, limit, short)
        spans[key] = sorted(set(found))
    spans["payment_amount"] = _outside(spans["payment_amount"], fee_ranges)
    if not spans["payment_method"] and spans["payment_amount"]:
        pay = [h for h in hits.get(MONEY, []) if _outside([tokens.span(h.i)], fee_ranges)]
        spans["payment_method"] = named_channels(tokens, rules.named_channel, pay, limit)
    if not spans["deadline"]:
        low = tokens.low  # a numeric date needs a "/", "-" or "." (else skip the scan)
        if "/" in low or "-" in low or "." in low:
            spans["deadline"] = [m.span() for m in islice(NUMERIC_DATE.finditer(low), limit)]
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
