"""Concept engine of the audit: lexicon hits in a token stream, and clauses over them.

A concept is a lexicon of words and short phrases (stemmed, see `gigcore.audit.tokens`), or a kind
of entity (`gigcore.audit.entities`), or `#money`. A clause asks for several concepts to
co-occur near one another: every one within `near` words of the rarest one (the anchor), in one
sentence when the clause says so, and, in a short message, anywhere in it. A hit preceded in its
clause by a negation cue ("no fees", "we never ask for passwords") does not count unless its
concept says `negatable = false`; a clause is cancelled by a hit of one of its `unless` concepts
in the same window ("we pay for the training", a text about scams), or of one of its
`unless_sentence` concepts in the anchor's sentence ("you will never be asked to ..."), or by
someone else acting in the sentences of its words (`unless_others`: "customers pay the fee at
checkout") when those sentences never name the worker (`worker`). Evidence spans are the words
of each concept's hit.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import chain, compress, islice
from operator import itemgetter
from typing import NamedTuple

from gigcore.audit.tokens import (
    CURRENCY_BEFORE,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    NUMBER_WORDS,
    PHRASE_MARK,
    Tokens,
    is_number,
)

CURRENCY_RE = re.compile(f"[{CURRENCY_SIGNS}]")
DIGITS = frozenset("0123456789")

Span = tuple[int, int]
MONEY, NUMBER, NAME, ANY, OPTIONAL = "#money", "#num", "#name", "*", "_"
HIGH_PAY = "big_pay"  # a computed concept: pay far above the work (see essentials.high_pay)
WILD = frozenset({ANY, OPTIONAL, NAME, NUMBER, MONEY})


@dataclass(frozen=True)
class Concept:
    """A lexicon: phrases as alternatives per position, or entity kinds."""

    id: str
    phrases: tuple[tuple[tuple[str, ...], ...], ...]
    entities: tuple[str, ...] = ()
    negatable: bool = True


@dataclass(frozen=True)
class Clause:
    """Concepts that must co-occur, and concepts that cancel them."""

    all: tuple[str, ...]
    unless: tuple[str, ...] = ()
    near: int = 12
    sentence: bool = False
    short: bool = True  # in a short message, the whole message is the window
    unless_near: int | None = None  # reach of `unless` around the hits (default `near`)
    unless_of: str = ""  # measure `unless` around this concept's hit only (default: all hits)
    unless_text: tuple[str, ...] = ()  # all of these anywhere in the text cancel the clause
    unless_anywhere: tuple[str, ...] = ()  # any one of these anywhere in the text cancels it
    unless_close: tuple[str, ...] = ()  # these right beside a hit (CLOSE words) cancel it
    unless_sentence: tuple[str, ...] = ()  # these in the sentence of the anchor cancel it
    # someone else as the actor: a hit of these in a sentence of the clause's words cancels it,
    # unless those sentences also name the worker (`worker`): "customers pay at checkout"
    unless_others: tuple[str, ...] = ()
    worker: tuple[str, ...] = ()
    unless_quoted: bool = False  # a place whose words all stand in quotation marks is quoted


class Hit(NamedTuple):
    """Words i..j-1 matched a concept (a tuple: made and read at C speed)."""

    i: int
    j: int
    negated: bool = False


END = "$end"  # trie key of the concepts a path ends
# Phrases are followed from at most this many places per text (a real megabyte of job ads has
# about 30,000; a pasted megabyte of one phrase repeated has ten times more, all alike).
MAX_WALKS = 60_000
CLOSE = 2  # words: "right beside" for `unless_close` ("the registration form", "PIN field")


@dataclass
class Lexicon:
    """Every concept's phrases in one trie of stems (alternatives expanded, "_" both ways)."""

    concepts: dict[str, Concept]
    negations: frozenset[str]
    negation_reach: int
    short_words: int
    trie: dict = field(init=False)

    def __post_init__(self) -> None:
        self.trie = {}
        self.after_name = {}  # phrases that start with a name, from their second word on
        for concept in self.concepts.values():
            for items in concept.phrases:
                if items[0] == (NAME,) and len(items) > 1 and WILD.isdisjoint(items[1]):
                    self._insert(self.after_name, items[1:], concept.id)
                    continue
                if any(alt in (ANY, OPTIONAL, NAME) for alt in items[0]):
                    raise ValueError(
                        f"concept {concept.id}: a phrase must start with a word, or with a name"
                        " and a word"
                    )
                self._insert(self.trie, items, concept.id)
        # where a walk can start: a one-word term, a literal pair, or a head with a wildcard next
        self.singles = frozenset(h for h, node in self.trie.items() if END in node)
        self.pairs = frozenset((h, n) for h, node in self.trie.items() for n in node
                               if n not in (END, ANY, NUMBER, MONEY, NAME))  # fmt: skip
        self.wild = frozenset(h for h, node in self.trie.items()
                              if node.keys() & {ANY, NUMBER, MONEY, NAME})  # fmt: skip
        self.negatable = frozenset(c.id for c in self.concepts.values() if c.negatable)
        # heads whose phrases go on only with a given word, or a number or an amount next (no
        # wildcard and no name)
        self.fixed_next = frozenset(
            h for h, node in self.trie.items() if not node.keys() & {ANY, NAME}
        )
        self.number_next = frozenset(h for h, node in self.trie.items()
                                     if node.keys() & {NUMBER, MONEY})  # fmt: skip

    def _insert(self, node: dict, items, cid: str) -> None:
        if not items:
            node.setdefault(END, set()).add(cid)
            return
        for alt in items[0]:
            if alt == OPTIONAL:
                self._insert(node, items[1:], cid)
            else:
                self._insert(node.setdefault(alt, {}), items[1:], cid)


def _walk(tokens: Tokens, i: int, node: dict, found: dict[str, int], inner: bool = False) -> None:
    """Record in `found` the longest end of each concept whose phrase starts at word i.

    A phrase never runs on past the end of a sentence or a semicolon ("... direct deposit. Check
    in ...", "a check of $2,000; deposit it")."""
    for cid in node.get(END, ()):
        found[cid] = max(found.get(cid, i), i)
    if i >= len(tokens.words) or (inner and PHRASE_MARK.search(tokens.parts[2 * i])):
        return
    word = tokens.words[i]
    nxt = node.get(tokens.stem[word])
    if nxt is not None:
        _walk(tokens, i + 1, nxt, found, True)
    if ANY in node:
        _walk(tokens, i + 1, node[ANY], found, True)
    if NUMBER in node and is_number(word):
        _walk(tokens, i + 1, node[NUMBER], found, True)
    if MONEY in node and tokens.is_money(i):
        _walk(tokens, tokens.amount_end(i) + 1, node[MONEY], found, True)
    if NAME in node and tokens.is_name(i):
        _walk(tokens, i + 1, node[NAME], found, True)


def find_hits(
    tokens: Tokens, lex: Lexicon, entity_spans: dict[str, list[Span]], limit: int
) -> dict[str, list[Hit]]:
    """Hits of every concept, sorted by position; each concept's hit at a word is the longest.

    At most `limit` hits are kept per concept (and `limit` amounts of money), the first in the
    text: enough for any post, and a bound on hostile pastes of one word repeated.
    """
    words, trie, stem = tokens.words, lex.trie, tokens.stem
    stems = list(map(stem.__getitem__, words))
    distinct = set(words)
    numbers = (
        {w for w in distinct if w[0] in DIGITS or w in NUMBER_WORDS} if NUMBER in trie else set()
    )
    # a hit is negated by the nearest negation word at most negation_reach words before it,
    # when that word stands in the hit's clause: the nearest one before each word that has one
    negations = lex.negations
    cues = {w for w in distinct if w in negations or stem[w] in negations}
    cue_before: dict[int, int] = {}
    if cues and lex.negation_reach > 0:
        for k in compress(range(len(words)), map(cues.__contains__, words)):
            for i in range(k + 1, k + 1 + lex.negation_reach):
                cue_before[i] = k
    pairs = zip(stems, chain(islice(stems, 1, None), ("",)), strict=True)  # (word, next word)
    starts = map(any, zip(
        map(lex.singles.__contains__, stems),
        map(lex.pairs.__contains__, pairs),
        map(lex.wild.__contains__, stems),
        map(numbers.__contains__, words),
        strict=True,
    ))  # fmt: skip
    fixed_next, number_next, negatable = lex.fixed_next, lex.number_next, lex.negatable
    number_node = trie.get(NUMBER, {})  # what may follow a number that starts a phrase
    number_dead = NUMBER in trie and END not in number_node and ANY not in number_node
    number_goes_on = NUMBER in number_node or MONEY in number_node
    hits: dict[str, dict[int, Hit]] = {}
    negation_at: dict[int, bool] = {}
    full: set[str] = set()

    def add(cid: str, i: int, j: int) -> None:
        by_start = hits.setdefault(cid, {})
        old = by_start.get(i)
        if old is not None and j <= old.j:
            return
        if old is None and len(by_start) >= limit:
            full.add(cid)
            return
        negated = False
        if i in cue_before and cid in negatable:
            if i not in negation_at:
                negation_at[i] = tokens.same_clause(cue_before[i], i)
            negated = negation_at[i]
        by_start[i] = Hit(i, j, negated)

    found: dict[str, int] = {}

    def walk_from(i: int) -> None:
        found.clear()
        _walk(tokens, i, trie, found)
        for cid, end in found.items():
            if end > i and cid not in full:
                add(cid, i, end)

    walks = 0
    for i in compress(range(len(words)), starts):
        node = trie.get(stems[i])
        if node is not None and len(node) == 1 and END in node and words[i] not in numbers:
            for cid in node[END]:  # a one-word term: no walk needed
                if cid not in full:
                    add(cid, i, i + 1)
            continue
        walks += 1
        if walks > MAX_WALKS:
            continue
        if node is not None and stems[i] in fixed_next and words[i] not in numbers:
            k = i + 1
            if k == len(words) or (
                stems[k] not in node
                and not (
                    stems[i] in number_next
                    and (is_number(words[k]) or tokens.currency_prefix(k))  # "is R650"
                )
            ):  # no phrase goes on past this word: the walk would find its one-word terms only
                for cid in node.get(END, ()):
                    if cid not in full:
                        add(cid, i, i + 1)
                continue
        elif number_dead and words[i] in numbers:  # a number: phrases of it may go on, or not
            k = i + 1
            after = stems[k] if k < len(words) else ""
            number_after = k < len(words) and is_number(words[k])
            if (
                (node is None or not (END in node or ANY in node or after in node
                                      or (stems[i] in number_next and number_after)))
                and after not in number_node
                and not (number_goes_on and number_after)
                and not (MONEY in trie and tokens.is_money(i))
            ):  # fmt: skip
                continue  # the walk would find nothing (it still counts as one)
        walk_from(i)
    if MONEY in trie:
        for i in money_words(tokens, limit):
            walk_from(i)
    after_name = lex.after_name  # "Aoife Byrne, our managing partner": read from "our" back
    for i in compress(range(1, len(words)), map(after_name.__contains__, islice(stems, 1, None))):
        if tokens.is_name(i - 1):
            found.clear()
            _walk(tokens, i, after_name, found, True)
            for cid, end in found.items():
                if end > i and cid not in full:
                    add(cid, i - 1, end)
    names = _address_names(tokens, entity_spans.get("email", ()))
    if names:  # the name before an email's @ is no word of the post ("maria.research@...")
        for by_start in hits.values():
            for i in [i for i, h in by_start.items() if names.issuperset(range(h.i, h.j))]:
                del by_start[i]
    for concept in lex.concepts.values():
        for kind in concept.entities:
            for start, end in entity_spans.get(kind, ()):
                i = tokens.index_at(start)
                j = max(i + 1, tokens.index_at(max(start, end - 1)) + 1)
                if i < len(tokens):
                    add(concept.id, i, min(j, len(tokens)))
    _negate_lists(tokens, hits, negatable)
    return {cid: sorted(by_start.values(), key=_start) for cid, by_start in hits.items()}


def _address_names(tokens: Tokens, spans) -> set[int]:
    """The words of the names before the @ of email addresses (character spans)."""
    names: set[int] = set()
    for start, _end in spans:
        i = tokens.index_at(start)
        while i < len(tokens) and "@" not in tokens.parts[2 * i + 2]:
            names.add(i)
            i += 1
        names.add(i)
    return names


LIST_JOINS = frozenset({"or", "and", "nor"})


def _negate_lists(tokens: Tokens, hits: dict[str, dict[int, Hit]], negatable) -> None:
    """A negation carries along a list of hits joined by commas and "or"/"and"/"nor" ("we don't
    use WhatsApp, Telegram or personal email", "never via gift cards, crypto or wire"), up to the
    item after the list's last "or": "no upfront or milestone, I pay when ..." stops there."""
    own = [hs for c, hs in hits.items() if c in negatable]
    negated = {(h.i, h.j) for hs in own for h in hs.values() if h.negated}
    if not negated:
        return

    def ends_at(k: int) -> list[int]:  # where the hits starting at word k end
        return [hs[k].j for hs in own if k in hs]

    words, parts, n = tokens.words, tokens.parts, len(tokens.words)
    carried: set[tuple[int, int]] = set()
    for span in sorted(negated):
        chain: list[tuple[tuple[int, int], str]] = [(span, "")]  # (span, how it joins the list)
        start, end = span
        while True:
            inner = [(k, e) for k in range(start + 1, end) for e in ends_at(k)]
            if inner:  # words inside the item
                chain += [(s, "overlap") for s in sorted(inner)]
                start, end = max(inner)[0], max(end, *(e for _, e in inner))
                continue
            sep = parts[2 * end].strip(" ") if end < n else "."
            if sep == ",":
                link, k = "comma", end
            elif (sep == "" and end < n - 1 and words[end] in LIST_JOINS
                  and not parts[2 * end + 2].strip(" ")):  # fmt: skip
                link, k = "join", end + 1
            else:
                break
            item_ends = ends_at(k)
            if not item_ends:
                break
            chain.append(((k, max(item_ends)), link))
            start, end = k, max(item_ends)
        carried.update(_list_after_negation(chain, negated))
    for i, j in carried:  # every hit within the item ("share" in "never rent, sell or share
        for hs in own:  # your login", "account details" in "no ID scans or bank account details")
            for k in range(i, j):
                h = hs.get(k)
                if h is not None and h.j <= j and not h.negated:
                    hs[k] = h._replace(negated=True)


def _list_after_negation(chain: list, negated: set) -> list[tuple[int, int]]:
    """The items of a list after its first negated one, up to the item after its last join."""
    first = next((k for k, (span, _) in enumerate(chain) if span in negated), None)
    last = max((k for k, (_, link) in enumerate(chain) if link == "join"), default=None)
    if first is None or last is None or last <= first:
        return []
    end = last + 1
    while end < len(chain) and chain[end][1] == "overlap":  # words inside the last item
        end += 1
    return [span for span, _ in chain[first + 1 : end]]


def money_words(tokens: Tokens, limit: int) -> list[int]:
    """Indexes of the first `limit` amounts of money (found from currency signs and words)."""
    found: set[int] = set()
    for m in CURRENCY_RE.finditer(tokens.low):
        if len(found) >= limit:
            break
        i = tokens.index_at(m.start())
        for k in (i - 1, i):
            if 0 <= k < len(tokens) and tokens.is_money(k):
                found.add(k)
    found.update(tokens.prefixed_amounts()[:limit])  # "R650": the name and number in one word
    words = tokens.words
    named = CURRENCY_WORDS | CURRENCY_BEFORE
    for i in compress(range(len(words)), map(named.__contains__, words)):
        if len(found) >= limit:
            break
        for k in (i - 2, i - 1, i + 1):
            if 0 <= k < len(words) and tokens.is_money(k):
                found.add(k)
    return sorted(found)[:limit]


def _near(hits: list[Hit], anchor: Hit, near: int) -> list[Hit]:
    lo = bisect_left(hits, anchor.i - near, key=_start)
    return hits[lo : bisect_right(hits, anchor.i + near, lo=lo, key=_start)]


_start = itemgetter(0)  # a hit's first word
LONGEST_VETO = 8  # words: the longest phrase `unless_close` looks back for


def _beside(tokens: Tokens, vetoes: list[Hit], hit: Hit, chosen: list[Hit]) -> bool:
    """A veto hit in the hit's sentence overlaps it or ends or starts within CLOSE words of it
    ("Deliverables: TBD. Timeline: TBD." has no timeline beside the deliverables); one that
    lies within a chosen hit's own words ("customer" in "the customer list") does not count."""
    return any(
        v.i < hit.j + CLOSE
        and v.j > hit.i - CLOSE
        and not _inside(v, chosen)
        and tokens.same_sentence(v.i, hit.i)
        for v in _near(vetoes, hit, CLOSE + LONGEST_VETO)
    )


def _inside(veto: Hit, chosen: list[Hit]) -> bool:
    return any(veto.i >= h.i and veto.j <= h.j for h in chosen)


def _in_sentence(tokens: Tokens, hits: list[Hit], starts: list[int], at: Hit) -> list[Hit]:
    """The hits (sorted by start, `starts` their first words) in the sentence of hit `at`, read
    at most 60 words each side, so a megabyte costs no more than a page."""
    lo, hi = tokens.sentence_range(at.i)
    return [h for h in hits[bisect_left(starts, lo) : bisect_left(starts, hi)]
            if tokens.same_sentence(h.i, at.i)]  # fmt: skip


def _others_act(tokens: Tokens, others: tuple, workers: tuple, chosen: list) -> bool:
    """Someone other than the worker acts in a sentence of the clause's words ("members pay
    the fee in the app") and no sentence of its words names the worker, outside those acts
    ("must" in "users must verify" is the users')."""
    acts = [a for h in chosen for a in _in_sentence(tokens, *others, h)]
    if not acts:
        return False
    return not any(not _inside(w, acts) for h in chosen for w in _in_sentence(tokens, *workers, h))


def match_clause(
    tokens: Tokens, clause: Clause, hits: dict[str, list[Hit]], limit: int, short: bool
) -> list[Span]:
    """Evidence spans of the places where the clause holds (at most `limit` places).

    In a short message (`short`) the whole message is the window, unless the clause opts out.
    """
    if not all(map(hits.get, clause.all)):  # a concept without hits: no need to read the rest
        return []
    live = {c: [h for h in hits.get(c, ()) if not h.negated] for c in clause.all}
    if not all(live.values()):
        return []
    if clause.unless_text and all(
        any(not h.negated for h in hits.get(c, ())) for c in clause.unless_text
    ):
        return []
    if any(not h.negated for c in clause.unless_anywhere for h in hits.get(c, ())):
        return []
    vetoes = sorted(
        (h for c in clause.unless for h in hits.get(c, ()) if not h.negated), key=lambda h: h.i
    )
    close = sorted(
        (h for c in clause.unless_close for h in hits.get(c, ()) if not h.negated), key=_start
    )
    promises = [h for c in clause.unless_sentence for h in hits.get(c, ()) if not h.negated]
    others = sorted(h for c in clause.unless_others for h in hits.get(c, ()) if not h.negated)
    workers = sorted(h for c in clause.worker for h in hits.get(c, ())) if others else []
    others_at = (others, [h.i for h in others])
    workers_at = (workers, [h.i for h in workers])
    whole = short and clause.short
    near = len(tokens) if whole else clause.near
    reach = clause.unless_near if clause.unless_near is not None else near
    anchor_id = min(clause.all, key=lambda c: len(live[c]))

    term_uses: dict[tuple[str, ...], list[Hit]] = {}

    def uses(hit: Hit) -> list[Hit]:
        """The hits of the `unless_of` concept with the words of `hit`, found once per term: a
        term once named as the subject of the work ("our gift card store app") stays it
        wherever it recurs."""
        term = tuple(tokens.words[hit.i : hit.j])
        if term not in term_uses:
            term_uses[term] = [
                h for h in live[clause.unless_of] if tuple(tokens.words[h.i : h.j]) == term
            ]
        return term_uses[term]

    def subject(hit: Hit) -> bool:
        """A veto near some use of the hit's words; one inside the term itself ("store" in
        "Apple store cards") is the term, not what it is about."""
        return any(not _inside(v, [u]) for u in uses(hit) for v in _near(vetoes, u, reach))

    def close_veto(cid: str, hit: Hit, chosen: list[Hit]) -> bool:
        """A close veto beside the hit or, for the `unless_of` concept, beside another use of
        its words: "airtime top-up" names the product, "every top-up" later is the same."""
        if _beside(tokens, close, hit, chosen):
            return True
        return cid == clause.unless_of and any(_beside(tokens, close, u, [u]) for u in uses(hit))

    spans: set[Span] = set()
    places = 0
    order = [anchor_id] + [c for c in clause.all if c != anchor_id]
    for anchor in live[anchor_id]:
        chosen = [anchor]
        for cid in order[1:]:
            options = [
                h
                for h in _near(live[cid], anchor, near)
                if whole or not clause.sentence or tokens.same_sentence(h.i, anchor.i)
            ]
            if not options:
                break
            apart = [h for h in options if all(h.j <= c.i or h.i >= c.j for c in chosen)]
            chosen.append(min(apart or options, key=lambda h: abs(h.i - anchor.i)))
        else:
            around = [h for c, h in zip(order, chosen, strict=True) if c == clause.unless_of]
            if vetoes and (
                any(map(subject, around))
                if around
                else any(_near(vetoes, h, reach) for h in chosen)
            ):
                continue
            if close and any(close_veto(c, h, chosen) for c, h in zip(order, chosen, strict=True)):
                continue
            if any(tokens.same_sentence(h.i, anchor.i) for h in promises):
                continue
            if others and _others_act(tokens, others_at, workers_at, chosen):
                continue
            if clause.unless_quoted and all(tokens.in_quotes(h.i, h.j) for h in chosen):
                continue
            spans.update(tokens.amount_span(h.i, h.j) for h in chosen)
            places += 1
            if places >= limit:
                break
    return sorted(spans)
