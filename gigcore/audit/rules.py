"""The gig-audit rules of `data/audit_rules.toml`, checked and compiled once.

Patterns are written in lowercase and matched on a lowered copy of the text that keeps every
character in place, so matching is case-insensitive and match positions are evidence spans into
what the person pasted. A match preceded by a negation cue in the same
sentence ("no fees", "we never ask for your password") does not count unless the rule says
`negatable = false`.

Speed: a Python regex costs time at every position of the text it scans, and a megabyte times
dozens of rules is seconds. So each rule is compiled into a `Matcher` whose anchors, worked out
from the parsed patterns, are literal strings one of which is in every match ("fee" in
"registration fee"). One regex pass finds all anchors in the text. A rule whose matches all start a
fixed distance before an anchor is tried only at those starts; any other rule runs only in the
stretches its matches can reach around its anchors. Unbounded repeats are allowed only over
whitespace and word characters, and a longer run of those than `RUN_LIMITS` widens a stretch by
its extra length. Either way the audit finds exactly what a scan of the whole text with each rule
finds (tests check this).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import chain
from re import _constants as sre
from re import _parser as sre_parse

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
# Longest whitespace run and word-character run counted as such in match widths; longer runs in
# a text widen the scanned stretches instead. Unbounded repeats may only be over these classes.
SPACE_RUN, WORD_RUN = 4, 24
RUN_LIMITS = {
    sre.CATEGORY_SPACE: SPACE_RUN,
    sre.CATEGORY_WORD: WORD_RUN,
    sre.CATEGORY_DIGIT: WORD_RUN,
}
LONG_RUN = re.compile(rf"\s{{{SPACE_RUN + 1},}}|\w{{{WORD_RUN + 1},}}")
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
DENSE_HITS = 16  # anchors every 16 characters or closer: scanning the whole text costs less
COMMON_RARITY = 2.5  # how rare `_strength` takes a common word (data) to be, in letters
MIN_START_RARITY = 2.5  # rarer starting anchors only (not "in", "as"): try a match at each one
MAX_PREFIXES = 64  # most literal prefixes listed for one pattern element


@dataclass(frozen=True, eq=False)
class Matcher:
    """A rule's patterns compiled into one regex, and where in a text it can match.

    Every match contains one of `anchors`. When `exact`, each anchor maps to the distances from a
    match's start to it. Otherwise a match starts at most `before` characters ahead of an anchor,
    and the regex engine, trying one, reads at most `after` characters from the anchor's start
    (runs longer than `RUN_LIMITS` add their extra length to both).
    """

    regex: re.Pattern
    anchors: dict[str, frozenset[int]]  # anchor -> distances from match starts (when exact)
    before: int
    after: int
    exact: bool


@dataclass(frozen=True)
class FlagRule:
    """One red flag: its patterns and the words shown when it is raised."""

    id: str
    category: str
    severity: str
    title: str
    matcher: Matcher | None
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
    matcher: Matcher
    question: str = ""


@dataclass(frozen=True)
class RatePatterns:
    """Patterns that read amounts of money, hours of work and hourly rates."""

    money: Matcher
    range_tail: re.Pattern
    hourly_suffix: re.Pattern
    period_suffix: re.Pattern
    budget_context: re.Pattern
    hours: Matcher
    hours_period_suffix: re.Pattern
    budget_window: int


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
    anchor_finder: re.Pattern  # finds, at every position, the longest anchor starting there
    # anchor found -> (matcher it anchors, distances from match starts) for it and its prefixes
    owners: dict[str, tuple[tuple[Matcher, frozenset[int]], ...]]

    def flag(self, flag_id: str) -> FlagRule:
        """The rule of one flag id."""
        return next(rule for rule in self.flags if rule.id == flag_id)


def _widths(where: str, items) -> tuple[int, int]:
    """Fewest and most characters parsed regex items can match (or read, failing)."""
    lo = hi = 0
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
            a = b = 1
        elif op is sre.AT:
            a = b = 0
        elif op is sre.SUBPATTERN:
            a, b = _widths(where, av[-1])
        elif op is sre.BRANCH:
            a, b = zip(*(_widths(where, alt) for alt in av[1]), strict=True)
            a, b = min(a), max(b)
        elif op in REPEATS:
            low, high, sub = av
            if high == sre.MAXREPEAT:
                classes = [c for o, v in sub if o is sre.IN for c in v]
                if len(sub) != 1 or len(classes) != 1 or classes[0][1] not in RUN_LIMITS:
                    raise DataFileError(f"{where}: unbounded repeats only of \\s, \\w or \\d")
                high = RUN_LIMITS[classes[0][1]]
            a, b = _widths(where, sub)
            a, b = low * a, high * b
        else:
            raise DataFileError(f"{where}: the audit does not support the regex construct {op}")
        lo, hi = lo + a, hi + b
    return lo, hi


def _prefixes(items) -> tuple[set[str], bool]:
    """Literal strings one of which starts every match of the items; True when that is all."""
    found = {""}
    for op, av in items:
        if op is sre.AT:
            continue
        if op is sre.LITERAL:
            nxt, whole = {chr(av)}, True
        elif op is sre.IN and all(o is sre.LITERAL for o, _ in av):
            nxt, whole = {chr(v) for _, v in av}, True
        elif op is sre.SUBPATTERN:
            nxt, whole = _prefixes(av[-1])
        elif op is sre.BRANCH:
            parts = [_prefixes(alt) for alt in av[1]]
            nxt, whole = set().union(*(p for p, _ in parts)), all(w for _, w in parts)
        elif op in REPEATS and av[:2] == (0, 1):
            nxt, whole = _prefixes(av[2])
            nxt = nxt | {""}
        else:
            return found, False
        if nxt == {""} or len(found) * len(nxt) > MAX_PREFIXES:
            return found, False
        found = {a + b for a in found for b in nxt}
        if not whole:
            return found, False
    return found, True


def _anchor_set(items) -> set[str]:
    """The literal prefixes of the items, or none when a match may start without one."""
    found = _prefixes(items)[0]
    return set() if "" in found else found


def _inside_word(items, i: int) -> bool:
    """True when item i continues a literal run (anchors start where a literal starts)."""
    return i > 0 and items[i][0] is sre.LITERAL and items[i - 1][0] is sre.LITERAL


def _strength(anchors: set[str], common: frozenset[str]) -> tuple[float, int]:
    """How rare a set of anchors is: by its most frequent member, then by how many there are.

    Symbols are rare, longer strings rarer than short ones, and a common word (data) counts as
    rare as a string of at most COMMON_RARITY letters.
    """
    if not anchors:
        return (-1, 0)
    rarity = min(
        min(len(a), COMMON_RARITY) if a in common else len(a) + 3 * sum(not c.isalpha() for c in a)
        for a in anchors
    )
    return rarity, -len(anchors)


def _required(where: str, items, common: frozenset[str]) -> tuple[set[str], int, int]:
    """Anchors one of which every match contains, and the least and most characters before it."""
    items, best = list(items), (set(), 0, 0)
    for i, (op, av) in enumerate(items):
        options = [] if _inside_word(items, i) else [(_anchor_set(items[i:]), 0, 0)]
        if op is sre.SUBPATTERN:
            options.append(_required(where, av[-1], common))
        elif op in REPEATS and av[0] >= 1:
            options.append(_required(where, av[2], common))
        elif op is sre.BRANCH:
            alts = [_required(where, alt, common) for alt in av[1]]
            if all(a for a, _, _ in alts):
                anchors = set().union(*(a for a, _, _ in alts))
                options.append((anchors, min(a[1] for a in alts), max(a[2] for a in alts)))
        lo, hi = _widths(where, items[:i])
        for anchors, a, b in options:
            if _strength(anchors, common) > _strength(best[0], common):
                best = (anchors, lo + a, hi + b)
    return best


def _fixed_start(where: str, items, common: frozenset[str]) -> tuple[set[str], int]:
    """Anchors a fixed number of characters into every match, and that number (or no anchors)."""
    items, best = list(items), (set(), 0)
    for i in range(len(items)):
        lo, hi = _widths(where, items[:i])
        if lo != hi:
            break
        anchors = set() if _inside_word(items, i) else _anchor_set(items[i:])
        if _strength(anchors, common) > _strength(best[0], common):
            best = (anchors, lo)
    return best


@cache
def _common_words() -> frozenset[str]:
    words = load_data(RULES_FILE).get("anchors", {}).get("common", [])
    if not all(isinstance(w, str) and w == w.lower() for w in words):
        raise DataFileError(f"{RULES_FILE}.toml [anchors]: 'common' must list lowercase words")
    return frozenset(words)


def compile_matcher(where: str, patterns: list[str]) -> Matcher | None:
    """Join a rule's patterns into one alternation with its anchors (None when empty)."""
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
        parsed = [sre_parse.parse(pattern) for pattern in patterns]
        regex = re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error as exc:
        raise DataFileError(f"{where}: pattern does not compile: {exc}") from None
    fixed = [_fixed_start(where, items, _common_words()) for items in parsed]
    if all(_strength(a, _common_words())[0] >= MIN_START_RARITY for a, _ in fixed):
        # every match starts a known distance before an anchor: try matching only there
        starts: dict[str, set[int]] = {}
        for anchors, offset in fixed:
            for anchor in anchors:
                starts.setdefault(anchor, set()).add(offset)
        return Matcher(regex, {a: frozenset(o) for a, o in starts.items()}, 0, 0, exact=True)
    required = [_required(where, items, _common_words()) for items in parsed]
    if not all(anchors for anchors, _, _ in required):
        raise DataFileError(f"{where}: every pattern needs literal text that all its matches share")
    longest = max(_widths(where, items)[1] for items in parsed)
    return Matcher(
        regex,
        dict.fromkeys(set().union(*(anchors for anchors, _, _ in required)), frozenset()),
        before=max(hi for _, _, hi in required),
        after=longest - min(lo for _, lo, _ in required) + 1,
        exact=False,
    )


def _trie_regex(words: set[str]) -> str:
    """A regex matching the longest of the words that starts at a position (greedy trie)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


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
    matcher = compile_matcher(where, raw.get("patterns", []))
    if matcher is None and not raw.get("computed"):
        raise DataFileError(f"{where}: needs patterns unless it is computed")
    return FlagRule(
        id=_text(where, raw, "id"),
        category=category,
        severity=severity,
        title=_text(where, raw, "title"),
        matcher=matcher,
        negatable=bool(raw.get("negatable", True)),
        why=_text(where, raw, "why"),
        advice=_text(where, raw, "advice"),
        question=_text(where, raw, "question"),
        escalates_with=tuple(raw.get("escalates_with", ())),
        covers=raw.get("covers", ""),
    )


def _sign_rule(where: str, sign_id: str, raw: dict) -> SignRule:
    matcher = compile_matcher(f"{where} {sign_id}", raw.get("patterns", []))
    if matcher is None:
        raise DataFileError(f"{where} {sign_id}: needs patterns")
    return SignRule(sign_id, _text(where, raw, "title"), matcher, raw.get("question", ""))


def _rate_patterns(raw: dict) -> RatePatterns:
    where = f"{RULES_FILE}.toml [rate]"

    def rx(key: str) -> re.Pattern:
        return re.compile(_text(where, raw, key))

    return RatePatterns(
        money=compile_matcher(f"{where} money", [_text(where, raw, "money")]),
        range_tail=rx("range_tail"),
        hourly_suffix=rx("hourly_suffix"),
        period_suffix=rx("period_suffix"),
        budget_context=rx("budget_context"),
        hours=compile_matcher(f"{where} hours", [_text(where, raw, "hours")]),
        hours_period_suffix=rx("hours_period_suffix"),
        budget_window=int(raw["budget_window"]),
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
    rate = _rate_patterns(doc.get("rate", {}))
    matchers = [r.matcher for r in (*flags, *green, *essentials.values()) if r.matcher]
    matchers += [rate.money, rate.hours]
    anchors = {a for m in matchers for a in m.anchors}
    owners = {  # the finder reports the longest anchor at a position; shorter ones are prefixes
        found: tuple(
            (m, frozenset().union(*(o for a, o in m.anchors.items() if found.startswith(a))))
            for m in matchers
            if any(found.startswith(a) for a in m.anchors)
        )
        for found in anchors
    }
    return Rules(
        flags=flags,
        green=green,
        essentials=essentials,
        negation=re.compile(_text(RULES_FILE, doc.get("negation", {}), "pattern")),
        rate=rate,
        reply={k: _text(f"{RULES_FILE}.toml [reply]", doc["reply"], k) for k in doc["reply"]},
        protected_platforms=tuple(doc.get("platforms", {}).get("protected", ())),
        max_chars=int(params["max_chars"].value),
        negation_window=int(params["negation_window"].value),
        max_evidence=int(params["max_evidence"].value),
        anchor_finder=re.compile(f"(?=({_trie_regex(anchors)}))"),
        owners=owners,
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


def _long_runs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, extra length) of whitespace and word runs longer than `RUN_LIMITS`."""
    words = text.split()  # a cheap test first: most texts have no such run
    spaces = len(text) - sum(map(len, words))
    if max(map(len, words), default=0) <= WORD_RUN and spaces - len(words) < SPACE_RUN - 1:
        return []
    return [
        (m.start(), m.end(), m.end() - m.start() - (SPACE_RUN if m[0][0].isspace() else WORD_RUN))
        for m in LONG_RUN.finditer(text)
    ]


def _starts(hits: list[tuple[list[int], frozenset[int]]]) -> list[int]:
    """Where matches can start: anchor positions less the distances, sorted, from 0 on."""
    if len(hits) == 1 and len(hits[0][1]) == 1:  # the usual case: already in order
        ((positions, (offset,)),) = hits
        return [h - offset for h in positions if h >= offset]
    return sorted(
        {h - o for positions, offsets in hits for h in positions for o in offsets if h >= o}
    )


class Scanner:
    """Runs rule matchers over one text, only where their anchors say they can match."""

    def __init__(self, text: str, rules: Rules, *, windowed: bool = True):
        self.rules, self.windowed = rules, windowed
        self.lowered = lower_in_place(text)
        found: dict[str, list[int]] = {}  # longest anchor at a position -> its positions
        for hit in rules.anchor_finder.finditer(self.lowered) if windowed else ():
            found.setdefault(hit[1], []).append(hit.start())
        # per matcher: (sorted anchor positions, distances back to where a match starts)
        self._hits: dict[Matcher, list[tuple[list[int], frozenset[int]]]] = {}
        self._counts: dict[Matcher, int] = {}
        for anchor, positions in found.items():
            for matcher, offsets in rules.owners[anchor]:
                self._hits.setdefault(matcher, []).append((positions, offsets))
                self._counts[matcher] = self._counts.get(matcher, 0) + len(positions)
        self._runs: list[tuple[int, int, int]] | None = None

    def _widen(self, start: int, hit: int, end: int) -> tuple[int, int]:
        """Widen a stretch around an anchor by the extra length of the long runs it reaches."""
        runs = self._runs
        for run_start, _, extra in runs[bisect_right(self._run_ends, hit) :]:
            if run_start >= end:
                break
            end += extra
        for _, run_end, extra in reversed(runs[: bisect_left(self._run_starts, hit)]):
            if run_end <= start:
                break
            start -= extra
        return start, end

    def windows(self, matcher: Matcher) -> list[tuple[int, int]]:
        """Merged (start, end) stretches of text where the matcher can match."""
        n, lists = len(self.lowered), [p for p, _ in self._hits.get(matcher, ())]
        hits = lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists))
        if hits and self._runs is None:
            self._runs = _long_runs(self.lowered)
            self._run_starts = [start for start, _, _ in self._runs]
            self._run_ends = [end for _, end, _ in self._runs]
        stretches = [(h - matcher.before, h, h + matcher.after) for h in hits]
        if self._runs:
            stretches = sorted(self._widen(*stretch) for stretch in stretches)
        merged: list[list[int]] = []
        for start, *_, end in stretches:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([max(start, 0), end])
        return [(start, min(end, n)) for start, end in merged]

    def finditer(self, matcher: Matcher):
        """Matches of the matcher's regex, in text order: those a scan of the whole text finds."""
        low, hits = self.lowered, self._hits.get(matcher)
        if self.windowed and not hits:
            return
        if not self.windowed or self._counts[matcher] * DENSE_HITS > len(low):
            yield from matcher.regex.finditer(low)  # anchors all over: scanning it all costs less
        elif matcher.exact:  # try where matches can start, in order, as a full scan would
            end = 0
            for start in _starts(hits):
                if start >= end and (match := matcher.regex.match(low, start)):
                    end = match.end()
                    yield match
        else:
            for start, end in self.windows(matcher):
                yield from matcher.regex.finditer(low, start, end)

    def spans(self, matcher: Matcher, *, negatable: bool = True) -> list[tuple[int, int]]:
        """Spans that are not negated, the earliest `max_evidence` of them."""
        spans: list[tuple[int, int]] = []
        for match in self.finditer(matcher):
            if match.end() == match.start():
                continue
            if negatable and negated(self.lowered, match.start(), self.rules):
                continue
            spans.append(match.span())
            if len(spans) >= self.rules.max_evidence:
                break
        return spans
