"""The audit's rules from `data/audit_rules.toml`, checked and compiled once.

The file holds concepts (lexicons of words and short phrases, or entity kinds), flags and green
signs as clauses over concepts (see `gigcore.audit.engine`), the essentials as concepts, the
kinds of post, the score weights, where to report a scam, and the reply template.
"""

from __future__ import annotations

import atexit
import gc
from dataclasses import dataclass
from functools import cache

from gigcore.audit.engine import HIGH_PAY, MONEY, Clause, Concept, Lexicon
from gigcore.audit.tokens import phrase_items
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
ESSENTIAL_PARTS = ("deliverable", "deadline", "payment_amount", "payment_method")
CLAUSE_KEYS = {
    "all", "unless", "near", "sentence", "short", "unless_near", "unless_of", "unless_text",
    "unless_anywhere", "unless_close", "unless_sentence", "unless_others", "worker",
    "unless_quoted",
}  # fmt: skip


@dataclass(frozen=True)
class FlagRule:
    """One red flag: the clauses that raise it and the words shown when it is raised."""

    id: str
    category: str
    severity: str
    title: str
    clauses: tuple[Clause, ...]
    why: str
    advice: str
    question: str
    escalates_with: tuple[str, ...] = ()
    covers: str = ""  # an essential whose question this flag's question already asks
    computed: bool = False
    job_question: str = ""  # the question for a salaried job posting, when it differs


@dataclass(frozen=True)
class SignRule:
    """A green sign or an essential part: clauses (or concepts) and a question."""

    id: str
    title: str
    clauses: tuple[Clause, ...]
    question: str = ""
    job_question: str = ""


@dataclass(frozen=True)
class NamedChannel:
    """A payment method the lexicon does not list: a capitalised name after one of `before`
    (past words of `skip`) in a sentence that states an amount, unless it is one of `not_names`."""

    before: frozenset[str]
    skip: frozenset[str]
    not_names: frozenset[str]


@dataclass(frozen=True)
class Rules:
    """Everything the audit reads from data, compiled."""

    lexicon: Lexicon
    flags: tuple[FlagRule, ...]
    green: tuple[SignRule, ...]
    essentials: dict[str, SignRule]
    job_posting: tuple[str, int, str]  # concept, the distinct hits that make a post a job ad,
    # and a concept whose hit makes it a freelance or contract gig all the same
    job_not_flags: tuple[str, ...]  # flags about a freelance contract, not raised on a job ad
    worker_fee_flags: tuple[str, ...]  # flags whose amounts are the worker's own costs
    report_to: tuple[dict, ...]
    reply: dict[str, str]
    protected_platforms: tuple[str, ...]
    max_chars: int
    max_evidence: int
    max_amounts: int
    max_hits: int
    high_pay: dict[str, float]  # "hour", "day", "week", "month", "effort", "task" -> "too good" pay
    named_channel: NamedChannel

    def flag(self, flag_id: str) -> FlagRule:
        """The rule of one flag id."""
        return next(rule for rule in self.flags if rule.id == flag_id)


def _text(where: str, raw: dict, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: '{key}' must be non-empty text")
    return value


def _concept(cid: str, raw: dict) -> Concept:
    where = f"{RULES_FILE}.toml [concepts.{cid}]"
    terms, entities = raw.get("terms", []), raw.get("entities", [])
    if not terms and not entities:
        raise DataFileError(f"{where}: needs terms or entities")
    if set(raw) - {"terms", "entities", "negatable", "description"}:
        raise DataFileError(f"{where}: unknown keys {sorted(set(raw) - {'terms', 'entities'})}")
    try:
        phrases = tuple(tuple(tuple(a) for a in phrase_items(t)) for t in terms)
    except ValueError as exc:
        raise DataFileError(f"{where}: {exc}") from None
    if any(not p for p in phrases):
        raise DataFileError(f"{where}: a term has no words")
    return Concept(cid, phrases, tuple(entities), bool(raw.get("negatable", True)))


def _clauses(where: str, raw: list, concepts: dict, near: int) -> tuple[Clause, ...]:
    out = []
    for c in raw:
        if set(c) - CLAUSE_KEYS or not c.get("all"):
            raise DataFileError(f"{where}: a clause needs 'all' and only {sorted(CLAUSE_KEYS)}")
        named = (*c["all"], *c.get("unless", ()), *c.get("unless_text", ()),
                 *c.get("unless_anywhere", ()), *c.get("unless_close", ()),
                 *c.get("unless_sentence", ()), *c.get("unless_others", ()),
                 *c.get("worker", ()))  # fmt: skip
        unknown = {n for n in named if n not in concepts} | (
            {c["unless_of"]} - set(c["all"]) if c.get("unless_of") else set()
        )
        if unknown:
            raise DataFileError(f"{where}: unknown concepts {sorted(unknown)}")
        out.append(
            Clause(
                tuple(c["all"]),
                tuple(c.get("unless", ())),
                int(c.get("near", near)),
                bool(c.get("sentence", False)),
                bool(c.get("short", True)),
                c.get("unless_near"),
                c.get("unless_of", ""),
                tuple(c.get("unless_text", ())),
                tuple(c.get("unless_anywhere", ())),
                tuple(c.get("unless_close", ())),
                tuple(c.get("unless_sentence", ())),
                tuple(c.get("unless_others", ())),
                tuple(c.get("worker", ())),
                bool(c.get("unless_quoted", False)),
            )
        )
    return tuple(out)


def _flag_rule(raw: dict, concepts: dict, near: int) -> FlagRule:
    where = f"{RULES_FILE}.toml flag {raw.get('id', '?')}"
    severity, category = raw.get("severity"), raw.get("category")
    if severity not in SEVERITIES:
        raise DataFileError(f"{where}: severity must be one of {SEVERITIES}")
    if category not in CATEGORIES:
        raise DataFileError(f"{where}: category must be one of {CATEGORIES}")
    clauses = _clauses(where, raw.get("when", []), concepts, near)
    if not clauses and not raw.get("computed"):
        raise DataFileError(f"{where}: needs 'when' clauses unless it is computed")
    return FlagRule(
        id=_text(where, raw, "id"),
        category=category,
        severity=severity,
        title=_text(where, raw, "title"),
        clauses=clauses,
        why=_text(where, raw, "why"),
        advice=_text(where, raw, "advice"),
        question=_text(where, raw, "question"),
        escalates_with=tuple(raw.get("escalates_with", ())),
        covers=raw.get("covers", ""),
        computed=bool(raw.get("computed", False)),
        job_question=raw.get("job_question", ""),
    )


def _sign_rule(where: str, sign_id: str, raw: dict, concepts: dict, near: int) -> SignRule:
    clauses = _clauses(f"{where} {sign_id}", raw.get("when", []), concepts, near)
    clauses += tuple(Clause((c,)) for c in raw.get("concepts", ()) if c in concepts)
    unknown = [c for c in raw.get("concepts", ()) if c not in concepts]
    if unknown or not clauses:
        raise DataFileError(f"{where} {sign_id}: needs known concepts or clauses ({unknown})")
    return SignRule(
        sign_id, _text(where, raw, "title"), clauses, raw.get("question", ""),
        raw.get("job_question", ""),
    )  # fmt: skip


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
    p = {k: v.value for k, v in load_params(RULES_FILE).items()}
    near = int(p["near_words"])
    concepts = {cid: _concept(cid, raw) for cid, raw in doc.get("concepts", {}).items()}
    concepts[MONEY] = Concept(MONEY, (((MONEY,),),))
    concepts[HIGH_PAY] = Concept(HIGH_PAY, ())  # found from amounts (essentials.high_pay)
    lexicon = Lexicon(
        concepts=concepts,
        negations=frozenset(doc["negation"]["words"]),
        negation_reach=int(p["negation_reach"]),
        short_words=int(p["short_message_words"]),
    )
    flags = tuple(_flag_rule(raw, concepts, near) for raw in doc.get("flags", []))
    _check_ids(flags)
    green = tuple(
        _sign_rule("green", raw.get("id", "?"), raw, concepts, near) for raw in doc["green"]
    )
    if len({g.id for g in green}) != len(green):
        raise DataFileError(f"{RULES_FILE}.toml: green sign ids are not unique")
    essentials = {
        key: _sign_rule("essentials", key, raw, concepts, near)
        for key, raw in doc.get("essentials", {}).items()
    }
    if set(essentials) != set(ESSENTIAL_PARTS):
        raise DataFileError(f"{RULES_FILE}.toml: [essentials] must define {ESSENTIAL_PARTS}")
    channel = doc["essentials"]["payment_method"]["named_channel"]
    kind = doc["post_kinds"]["job"]
    if {kind["concept"], kind.get("unless", kind["concept"])} - set(concepts):
        raise DataFileError(f"{RULES_FILE}.toml [post_kinds.job]: unknown concept")
    fee_flags = tuple(doc["post_kinds"].get("worker_fee_flags", ()))
    not_flags = tuple(kind.get("not_flags", ()))
    if set(fee_flags) - set(FLAG_IDS) or set(not_flags) - set(FLAG_IDS):
        raise DataFileError(f"{RULES_FILE}.toml [post_kinds]: names unknown flags")
    rules = Rules(
        lexicon=lexicon,
        flags=flags,
        green=green,
        essentials=essentials,
        job_posting=(kind["concept"], int(kind["min_hits"]), kind.get("unless", "")),
        job_not_flags=not_flags,
        worker_fee_flags=fee_flags,
        report_to=tuple(doc.get("report_to", ())),
        reply={k: _text(f"{RULES_FILE}.toml [reply]", doc["reply"], k) for k in doc["reply"]},
        protected_platforms=tuple(doc.get("platforms", {}).get("protected", ())),
        max_chars=int(p["max_chars"]),
        max_evidence=int(p["max_evidence"]),
        max_amounts=int(p["max_amounts"]),
        max_hits=int(p["max_concept_hits"]),
        high_pay={
            unit: p[f"high_pay_per_{unit}"]
            for unit in ("hour", "day", "week", "month", "effort", "task")
        },
        named_channel=NamedChannel(
            *(frozenset(channel[k]) for k in ("before", "skip", "not_names"))
        ),
    )
    keep_out_of_collector()
    return rules


def keep_out_of_collector() -> None:
    """Move what is alive now (the rules and weights above all, which live as long as the
    process) out of the cyclic collector's passes: a megabyte's audit allocates enough to
    trigger full passes, and each one walked the lexicon's trie of about 190,000 nodes again.
    At exit they are handed back, so objects of compiled modules are freed as usual."""
    gc.freeze()
    _unfreeze_at_exit()


@cache
def _unfreeze_at_exit() -> None:
    atexit.register(gc.unfreeze)
