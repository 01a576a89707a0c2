"""The gig-audit rules of `data/audit_rules.toml`, checked and compiled once.

Patterns are written in lowercase and matched on a lowered copy of the text that keeps every
character in place, so matching is case-insensitive and match positions are evidence spans into
what the person pasted. A match preceded by a negation cue in the same
sentence ("no fees", "we never ask for your password") does not count unless the rule says
`negatable = false`.

Speed: Python regexes cost time at every position of the text, and a megabyte times dozens of
rules is seconds. So each rule names anchor words (one of them is in every match), a `Scanner`
finds them with plain substring search on the lowered text, and the rule runs only within
`match_reach` characters of them. Patterns have bounded gaps only, so no match is longer than
that and windowed scanning finds exactly what a full scan finds (a test checks this).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gigcore.params import DataFileError, load_data, load_params

RULES_FILE = "audit_rules"
SEVERITIES = ("stop", "caution")
CATEGORIES = ("money", "scope", "talk", "access", "client")
FLAG_IDS = (
    "pay_to_work",
    "off_platform_payment",
    "check_overpayment",
    "reshipping",
    "task_scam",
    "too_good_pay",
    "unpaid_work",
    "files_before_payment",
    "lowball_rate",
    "vague_scope",
    "unlimited_revisions",
    "scope_creep",
    "off_platform_contact",
    "urgency_pressure",
    "invisible_decision_maker",
    "no_contract",
    "sensitive_access",
    "personal_info",
    "account_rental",
    "unverified_client",
)
ESSENTIALS = ("deliverable", "deadline", "payment")
SENTENCE_MARKS = ".!?\n"
DOTTED_CAPITAL_I = "\u0130"  # the one character whose lowercase is two characters


@dataclass(frozen=True)
class FlagRule:
    """One red flag: its patterns and the words shown when it is raised."""

    id: str
    category: str
    severity: str
    title: str
    pattern: re.Pattern | None
    anchors: tuple[str, ...]
    negatable: bool
    why: str
    advice: str
    question: str
    escalates_with: tuple[str, ...] = ()
    covers: str = ""  # an essential whose question this flag's question already asks


@dataclass(frozen=True)
class SignRule:
    """A green sign or an essential: a title, patterns and (essentials only) a question."""

    id: str
    title: str
    pattern: re.Pattern
    anchors: tuple[str, ...]
    question: str = ""


@dataclass(frozen=True)
class RatePatterns:
    """Patterns that read amounts of money, hours of work and hourly rates."""

    money: re.Pattern
    range_tail: re.Pattern
    hourly_suffix: re.Pattern
    period_suffix: re.Pattern
    budget_context: re.Pattern
    hours: re.Pattern
    hours_period_suffix: re.Pattern
    budget_window: int
    money_anchors: tuple[str, ...]
    hours_anchors: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """Everything the audit reads from data, compiled."""

    flags: tuple[FlagRule, ...]
    green: tuple[SignRule, ...]
    essentials: dict[str, SignRule]
    negation: re.Pattern
    rate: RatePatterns
    reply: dict[str, str]
    protected_platforms: tuple[str, ...]
    max_chars: int
    negation_window: int
    max_evidence: int
    match_reach: int

    def flag(self, flag_id: str) -> FlagRule:
        """The rule of one flag id."""
        return next(rule for rule in self.flags if rule.id == flag_id)


def compile_patterns(where: str, patterns: list[str]) -> re.Pattern | None:
    """Join a rule's patterns into one case-insensitive alternation (None when empty)."""
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise DataFileError(f"{where}: 'patterns' must be a list of non-empty strings")
    if not patterns:
        return None
    for pattern in patterns:
        if any(ch.isupper() for ch in re.sub(r"\\[A-Za-z]", "", pattern)):
            raise DataFileError(
                f"{where}: patterns are matched on lowered text; write {pattern!r} in lowercase"
            )
    try:
        for pattern in patterns:
            re.compile(pattern)
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error as exc:
        raise DataFileError(f"{where}: pattern does not compile: {exc}") from None


def _anchors(where: str, raw: dict, pattern: re.Pattern | None) -> tuple[str, ...]:
    anchors = raw.get("anchors", [])
    if pattern is None:
        return ()
    if not anchors or not all(
        isinstance(a, str) and a and a == a.lower() and not any(c.isspace() for c in a)
        for a in anchors
    ):
        raise DataFileError(f"{where}: 'anchors' must be a non-empty list of lowercase words")
    return tuple(anchors)


def _text(where: str, raw: dict, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: '{key}' must be non-empty text")
    return value


def _flag_rule(raw: dict) -> FlagRule:
    where = f"{RULES_FILE}.toml flag {raw.get('id', '?')}"
    severity, category = raw.get("severity"), raw.get("category")
    if severity not in SEVERITIES:
        raise DataFileError(f"{where}: severity must be one of {SEVERITIES}")
    if category not in CATEGORIES:
        raise DataFileError(f"{where}: category must be one of {CATEGORIES}")
    pattern = compile_patterns(where, raw.get("patterns", []))
    if pattern is None and not raw.get("computed"):
        raise DataFileError(f"{where}: needs patterns unless it is computed")
    return FlagRule(
        id=_text(where, raw, "id"),
        category=category,
        severity=severity,
        title=_text(where, raw, "title"),
        pattern=pattern,
        anchors=_anchors(where, raw, pattern),
        negatable=bool(raw.get("negatable", True)),
        why=_text(where, raw, "why"),
        advice=_text(where, raw, "advice"),
        question=_text(where, raw, "question"),
        escalates_with=tuple(raw.get("escalates_with", ())),
        covers=raw.get("covers", ""),
    )


def _sign_rule(where: str, sign_id: str, raw: dict) -> SignRule:
    pattern = compile_patterns(f"{where} {sign_id}", raw.get("patterns", []))
    if pattern is None:
        raise DataFileError(f"{where} {sign_id}: needs patterns")
    anchors = _anchors(f"{where} {sign_id}", raw, pattern)
    return SignRule(sign_id, _text(where, raw, "title"), pattern, anchors, raw.get("question", ""))


def _rate_patterns(raw: dict) -> RatePatterns:
    def rx(key: str) -> re.Pattern:
        return re.compile(_text(f"{RULES_FILE}.toml [rate]", raw, key))

    return RatePatterns(
        money=rx("money"),
        range_tail=rx("range_tail"),
        hourly_suffix=rx("hourly_suffix"),
        period_suffix=rx("period_suffix"),
        budget_context=rx("budget_context"),
        hours=rx("hours"),
        hours_period_suffix=rx("hours_period_suffix"),
        budget_window=int(raw["budget_window"]),
        money_anchors=tuple(raw["money_anchors"]),
        hours_anchors=tuple(raw["hours_anchors"]),
    )


def _check_ids(flags: tuple[FlagRule, ...]) -> None:
    ids = [rule.id for rule in flags]
    if len(set(ids)) != len(ids):
        raise DataFileError(f"{RULES_FILE}.toml: flag ids are not unique")
    if set(ids) != set(FLAG_IDS):
        missing, extra = set(FLAG_IDS) - set(ids), set(ids) - set(FLAG_IDS)
        raise DataFileError(
            f"{RULES_FILE}.toml: flag ids differ from DESIGN ({missing=}, {extra=})"
        )
    for rule in flags:
        if rule.covers and rule.covers not in ESSENTIALS:
            raise DataFileError(f"{RULES_FILE}.toml flag {rule.id}: covers must be an essential")
        unknown = set(rule.escalates_with) - set(ids)
        if unknown:
            raise DataFileError(f"{RULES_FILE}.toml flag {rule.id}: unknown ids {unknown}")


@cache
def load_rules() -> Rules:
    """Read, check and compile the audit rules (once per process)."""
    doc = load_data(RULES_FILE)
    params = load_params(RULES_FILE)
    flags = tuple(_flag_rule(raw) for raw in doc.get("flags", []))
    _check_ids(flags)
    green = tuple(_sign_rule("green", raw.get("id", "?"), raw) for raw in doc.get("green", []))
    if len({g.id for g in green}) != len(green):
        raise DataFileError(f"{RULES_FILE}.toml: green sign ids are not unique")
    essentials = {
        key: _sign_rule("essentials", key, raw) for key, raw in doc.get("essentials", {}).items()
    }
    needed = {"deliverable", "deadline", "payment_amount", "payment_method"}
    if set(essentials) != needed:
        raise DataFileError(f"{RULES_FILE}.toml: [essentials] must define {sorted(needed)}")
    return Rules(
        flags=flags,
        green=green,
        essentials=essentials,
        negation=re.compile(_text(RULES_FILE, doc.get("negation", {}), "pattern")),
        rate=_rate_patterns(doc.get("rate", {})),
        reply={k: _text(f"{RULES_FILE}.toml [reply]", doc["reply"], k) for k in doc["reply"]},
        protected_platforms=tuple(doc.get("platforms", {}).get("protected", ())),
        max_chars=int(params["max_chars"].value),
        negation_window=int(params["negation_window"].value),
        max_evidence=int(params["max_evidence"].value),
        match_reach=int(params["match_reach"].value),
    )


def negated(text: str, start: int, rules: Rules) -> bool:
    """True when a negation cue stands shortly before `start` in the same sentence."""
    before = text[max(0, start - rules.negation_window) : start]
    sentence_start = 1 + max(before.rfind(mark) for mark in SENTENCE_MARKS)
    return rules.negation.search(before, sentence_start) is not None


def lower_in_place(text: str) -> str:
    """The text in lowercase with every character at its original position."""
    lowered = text.replace(DOTTED_CAPITAL_I, "i").lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


class Scanner:
    """Runs rule patterns over one text, only near the rules' anchor words."""

    def __init__(self, text: str, rules: Rules, *, windowed: bool = True):
        self.text, self.rules, self.windowed = text, rules, windowed
        self.lowered = lower_in_place(text)
        self._cache: dict[str, list[tuple[int, int]]] = {}
        self._vocabulary: str | None = None

    def _anchor_windows(self, anchor: str) -> list[tuple[int, int]]:
        """Stretches within reach of one anchor word (found once per text, shared by rules)."""
        if anchor not in self._cache:
            n, reach, low = len(self.text), self.rules.match_reach, self.lowered
            if self._vocabulary is None:  # distinct words: small, so absent anchors cost little
                self._vocabulary = "\n".join(set(low.split()))
            found, hit = [], low.find(anchor) if anchor in self._vocabulary else -1
            while hit != -1:
                # covers every match around any occurrence in [hit, hit + reach), so skip ahead
                found.append((max(0, hit - reach), min(n, hit + len(anchor) + 2 * reach)))
                hit = low.find(anchor, hit + reach)
            self._cache[anchor] = found
        return self._cache[anchor]

    def windows(self, anchors: tuple[str, ...]) -> list[tuple[int, int]]:
        """Merged (start, end) stretches of text within reach of any of the anchors."""
        if not self.windowed or not anchors:
            return [(0, len(self.text))]
        found = sorted(w for anchor in anchors for w in self._anchor_windows(anchor))
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def finditer(self, pattern: re.Pattern, anchors: tuple[str, ...]):
        """Matches of `pattern` near its anchors, in text order."""
        for start, end in self.windows(anchors):
            yield from pattern.finditer(self.lowered, start, end)

    def spans(
        self, pattern: re.Pattern, anchors: tuple[str, ...], *, negatable: bool = True
    ) -> list[tuple[int, int]]:
        """Spans that are not negated, the earliest `max_evidence` of them."""
        spans: list[tuple[int, int]] = []
        for match in self.finditer(pattern, anchors):
            if match.end() == match.start():
                continue
            if negatable and negated(self.lowered, match.start(), self.rules):
                continue
            spans.append(match.span())
            if len(spans) >= self.rules.max_evidence:
                break
        return spans
