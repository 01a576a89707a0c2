"""Tokens of a gig text: words lowered and stemmed once, with their spans found only on demand.

One C-speed `re.split` cuts the lowered text into separators and words (letters or digits, with
one apostrophe part: "don't"). Words are stemmed with the Snowball English stemmer
(`snowballstemmer`, which uses the C-backed PyStemmer when it is installed), each distinct word
once per process, so "paying", "paid" and "pays" all meet the lexicon's "pay".

Nothing is computed per token beyond that split: character offsets come from per-block length
sums, and sentence or clause boundaries are read from the separators between two tokens, so a
megabyte costs a few list operations at C speed. A sentence ends at `.`, `!` or `?` before a
space, and at a line break; a clause also ends at `,`, `;`, `:`, brackets and a spaced dash.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, cached_property
from itertools import accumulate, compress

import snowballstemmer
from text_to_num import text2num

from gigcore.params import load_data

WORD_RE = re.compile(r"([a-z0-9\u00c0-\u024f]+(?:'[a-z]+)?)")
# a sentence ends at ".", "!" or "?" before a space, or at a line break (not in "29.99")
EMOJI = "\u2600-\u27bf\U0001f300-\U0001faff"  # an emoji then a space ends a chat sentence
SENTENCE_MARK = re.compile(rf"[.!?{EMOJI}]\s|\n")
PHRASE_MARK = re.compile(rf"[.!?;{EMOJI}]\s|\n")  # where a phrase stops: a sentence end or ";"
QUOTE_CHARS = 200
QUOTE_RE = re.compile(rf'"[^"\n]{{1,{QUOTE_CHARS}}}"|\u201c[^\u201d\n]{{1,{QUOTE_CHARS}}}\u201d')
# a quotation after "he said:" or "they texted", or a term in a sentence that reports what was
# said ("it said I hit a \"lucky order\""), is what someone said to the worker, not copy
# ... unless a text said it ("our last post said \"various tasks\"")
SPEECH_REACH = 45  # characters before a quotation read for a verb of speech
SPEECH_RE = re.compile(
    r"(?<!post )(?<!ad )(?<!listing )(?<!page )"
    r"(?:said|say|says|wrote|writes|told me|told us|texted|messaged|replied|asked|sent"
    r"|call it|called it)"
    r"\b[^.!?\n\"\u201c\u201d]{0,30}$"
)
# the question line of a Q&A, answered by the post ("Q: Do I need to pay a fee?")
QUESTION_RE = re.compile(  # up to its answer when that follows on the same line
    rf"^[ \t]*Q[ \t]*[:.][ \t]*((?:(?![ \t]A[ \t]*[:.])[^\n]){{1,{QUOTE_CHARS}}})", re.MULTILINE
)
# speaker labels of a pasted conversation ("Client: ...", "[10:02] Me: ..."), from
# data/audit_rules.toml [dialogue]
_DIALOGUE = load_data("audit_rules")["dialogue"]
WORKER_LABELS = frozenset(_DIALOGUE["worker"])
SPEAKER_RE = re.compile(
    r"^[ \t]*(?:\[[^\]\n]{0,24}\][ \t]*)?("
    + "|".join(
        sorted(map(re.escape, {*WORKER_LABELS, *_DIALOGUE["others"]}), key=len, reverse=True)
    )
    + r")[ \t]*:",
    re.MULTILINE,
)
CLAUSE_MARK = re.compile(r"[,;:()\[\]]|\s[-–—]\s|[.!?]\s|\n|^[-–—•*]")
APOSTROPHE_FORMS = ("\u2019", "\u2018", "\u02bc", "`")
APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHE_FORMS, "'"))
# Currencies read as money, and what a unit buys in US dollars (data/audit_rules.toml
# [currencies], purchasing-power parity).
_CURRENCIES = load_data("audit_rules")["currencies"]
USD_PER_UNIT: dict[str, float] = dict(_CURRENCIES["usd_per_unit"])
CURRENCY_SIGNS = "".join(k for k in USD_PER_UNIT if len(k) == 1 and not k.isalnum())
CURRENCY_WORDS = frozenset(k for k in USD_PER_UNIT if k.isalpha())
CURRENCY_BEFORE = frozenset(_CURRENCIES["before"])  # names that may stand before the number
AMBIGUOUS_BEFORE = frozenset(_CURRENCIES["ambiguous"])  # "PHP 8.2" is a version, "PHP 500" pesos
# a name written against the number, as one word: "R650", "Rs500", "USD1,200"
PREFIXED_AMOUNT = re.compile(
    "(" + "|".join(sorted(CURRENCY_BEFORE, key=len, reverse=True)) + r")(?=\d)"
)
NUMBER_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000,
}  # fmt: skip
NUMBER_WORDS = frozenset({*NUMBER_VALUES, "few", "couple"})
SCALE_WORDS = frozenset({"hundred", "thousand"})
RUN_LENGTH = 8  # number words read at most in one written number ("seven thousand five hundred")
THOUSANDS = re.compile(r"\d{3}k?")  # a group of a number's thousands ("200" in "1,200")
CENTS = re.compile(r"\d{1,2}k?")  # its decimals ("50" in "1,200.50")
DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?k?")  # "1.200,50"
BLOCK = 512  # parts per block of offset sums
STEM_CACHE_LIMIT = 300_000  # distinct words remembered between texts (reset when full)

# Words the stemmer would merge with a word of another meaning ("accountant" with "account"):
# their own stems, from data/audit_rules.toml [stemming].
KEEP_APART: dict[str, str] = dict(load_data("audit_rules")["stemming"]["keep_apart"])
_STEMS: dict[str, str] = dict(KEEP_APART)


@cache
def _stemmer():
    return snowballstemmer.stemmer("english")


_PREFIXED: set[str] = set()  # the words seen so far that are amounts such as "r650"


def stems_of(words) -> dict[str, str]:
    """The process-wide word -> stem dictionary, with every word of `words` in it (and each new
    word that is a currency name against a number, "r650", noted once)."""
    new = set(words).difference(_STEMS)
    if new:
        if len(_STEMS) + len(new) > STEM_CACHE_LIMIT:
            _STEMS.clear()
            _STEMS.update(KEEP_APART)
            _PREFIXED.clear()
            new = set(words).difference(KEEP_APART)
        new_list = list(new)
        _STEMS.update(zip(new_list, _stemmer().stemWords(new_list), strict=True))
        _PREFIXED.update(w for w in new_list if _currency_prefix(w))
    return _STEMS


def _currency_prefix(word: str) -> str:
    """The currency name written against a number ("r" in "r650"), or ""."""
    m = PREFIXED_AMOUNT.match(word)
    return m.group(1) if m and word[m.end() :].isdigit() else ""


def lowered(text: str) -> str:
    """The text lowered with every character kept in place (spans stay valid)."""
    low = text.lower()
    for curly in APOSTROPHE_FORMS:
        if curly in low:
            low = low.replace(curly, "'")
    if len(low) == len(text):
        return low
    # Some characters lower to two ("İ" -> "i̇"): those stay as they are. Each distinct character
    # is lowered on its own (as a character, not in context), once per text.
    table = {ord(ch): ch if len(c := ch.lower()) != 1 else c for ch in set(text)}
    return text.translate(table).translate(APOSTROPHES)


def unlabelled(low: str) -> tuple[str, list[tuple[int, int]]]:
    """The lowered text with the speaker labels of a conversation blanked (same offsets), and
    the character ranges of the worker's own lines. A text is a conversation when at least two
    lines carry labels of two different speakers; otherwise nothing changes."""
    if ":" not in low:
        return low, []
    labels = list(SPEAKER_RE.finditer(low))
    if len(labels) < 2 or len({m.group(1) for m in labels}) < 2:
        return low, []
    pieces, worker, last = [], [], 0
    for m in labels:
        pieces += [low[last : m.start(1)], " " * (m.end(1) - m.start(1))]
        last = m.end(1)
        if m.group(1) in WORKER_LABELS:
            end = low.find("\n", m.end())
            worker.append((m.end(), len(low) if end < 0 else end))
    return "".join([*pieces, low[last:]]), worker


def is_number(word: str) -> bool:
    """Digits ("3", "2026"), a digit-led word ("3rd", "10am") or a number word ("two")."""
    return word[:1].isdigit() or word in NUMBER_WORDS


class Tokens:
    """The words of one text with lazy spans, stems and boundaries.

    `parts` alternates separators and words: parts[2i] is the separator before word i and
    parts[2i + 1] is word i.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.low, self.worker_lines = unlabelled(lowered(text))
        self.parts = WORD_RE.split(self.low)
        self.words = self.parts[1::2]
        self.stem = stems_of(self.words)
        self._block_ends: dict[int, list[int]] = {}
        blocks = range(0, len(self.parts), BLOCK)
        self._block_starts = [
            0,
            *accumulate(sum(map(len, self.parts[b : b + BLOCK])) for b in blocks),
        ]

    def __len__(self) -> int:
        return len(self.words)

    def stem_at(self, i: int) -> str:
        """The stem of word i."""
        return self.stem[self.words[i]]

    def _ends(self, block: int) -> list[int]:
        """Where each part of a block ends (character offsets), computed once per block."""
        ends = self._block_ends.get(block)
        if ends is None:
            first = block * BLOCK
            ends = self._block_ends[block] = list(
                accumulate(map(len, self.parts[first : first + BLOCK]),
                           initial=self._block_starts[block])
            )[1:]  # fmt: skip
        return ends

    def start(self, i: int) -> int:
        """Character offset where word i starts."""
        part = 2 * i + 1
        block = part // BLOCK
        return self._ends(block)[part - block * BLOCK - 1]  # the separator before it ends there

    def span(self, i: int, j: int | None = None) -> tuple[int, int]:
        """Character span of words i..j-1 (just word i when j is None)."""
        last = i if j is None else j - 1
        end = self.start(last) + len(self.words[last])
        return self.start(i), end

    def amount_span(self, i: int, j: int) -> tuple[int, int]:
        """Span of words i..j-1 widened over a currency sign just before or after ("$75", "5€")."""
        start, end = self.span(i, j)
        before = self.parts[2 * i].rstrip(" ")
        if before and before[-1] in CURRENCY_SIGNS:
            start = self.low.rfind(before[-1], 0, start)
        after = self.parts[2 * j] if 2 * j < len(self.parts) else ""
        if after.strip(" ")[:1] in CURRENCY_SIGNS and after.strip(" "):
            end = self.low.find(after.strip(" ")[0], end) + 1
        return start, end

    def index_at(self, offset: int) -> int:
        """The index of the word at or after character `offset` (len(self) past the end)."""
        block = max(0, bisect_right(self._block_starts, offset) - 1)
        part = block * BLOCK + bisect_right(self._ends(block), offset)
        if part % 2 == 0:  # inside a separator: the next word
            part += 1
        return min(part // 2, len(self.words))

    def breaks(self, i: int, j: int, marks: re.Pattern = SENTENCE_MARK) -> bool:
        """True when a boundary of `marks` stands between words i and j (i < j)."""
        return any(marks.search(self.parts[2 * k]) for k in range(i + 1, j + 1))

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Word ranges [i, j) inside quotation marks ("Only 3 spots left", a slogan), at most
        QUOTE_CHARS characters each, the questions of a Q&A ("Q: Do I pay a fee?") and the
        worker's own lines of a conversation ("Me: Is there a fee?"): words the post quotes or
        answers, not words it says. Sorted by start."""
        quotes = [
            (self.index_at(m.start() + 1), self.index_at(m.end() - 1))
            for m in QUOTE_RE.finditer(self.text)
            if not SPEECH_RE.search(self.text, max(0, m.start() - SPEECH_REACH), m.start())
            and m.end() - m.start() < len(self.text) / 2
        ]
        questions = [
            (self.index_at(m.start(1)), self.index_at(m.end(1)))
            for m in QUESTION_RE.finditer(self.text)
            if m.end() < len(self.text.rstrip())  # a question the post goes on to answer
        ]
        worker = [(self.index_at(i), self.index_at(j)) for i, j in self.worker_lines]
        return sorted(quotes + questions + worker)

    def in_quotes(self, i: int, j: int) -> bool:
        """Words i..j-1 lie inside one quotation."""
        k = bisect_right(self.quoted, (i, len(self.words) + 1)) - 1
        return k >= 0 and self.quoted[k][0] <= i and j <= self.quoted[k][1]

    def same_sentence(self, i: int, j: int) -> bool:
        """True when words i and j stand in one sentence."""
        return not self.breaks(min(i, j), max(i, j))

    def same_clause(self, i: int, j: int) -> bool:
        """True when words i and j stand in one clause."""
        return not self.breaks(min(i, j), max(i, j), CLAUSE_MARK)

    def sentence_range(self, i: int, reach: int = 60) -> tuple[int, int]:
        """Word indexes [lo, hi) of word i's sentence, at most `reach` words each side."""
        lo = i
        while lo > 0 and i - lo < reach and not SENTENCE_MARK.search(self.parts[2 * lo]):
            lo -= 1
        hi = i + 1
        while (
            hi < len(self.words) and hi - i < reach and not SENTENCE_MARK.search(self.parts[2 * hi])
        ):
            hi += 1
        return lo, hi

    def currency_prefix(self, i: int) -> str:
        """The currency name written against the number of word i ("r" in "R650", "usd" in
        "USD1", "r" in "R1,200"), or ""; a name of one letter needs three digits or a thousands
        group and one of two letters two ("R12" is a software release, "RS3" a car)."""
        word = self.words[i]
        name = _currency_prefix(word) if word in _PREFIXED else ""
        digits = {1: 3, 2: 2}.get(len(name), 1)  # "R12" is a release, "R650" rand
        if name and len(word) - len(name) < digits and self.amount_end(i) == i:
            return ""
        return name

    def prefixed_amounts(self) -> list[int]:
        """Indexes of the words that are a currency name against a number ("R650")."""
        found = _PREFIXED.intersection(self.words)
        return (
            list(compress(range(len(self.words)), map(found.__contains__, self.words)))
            if found
            else []
        )

    def is_name(self, i: int) -> bool:
        """Word i is written with a capital inside a sentence and is not all capitals
        ("Priya", "Kim"; not "USD", not the first word of a sentence): a name."""
        word = self.words[i]
        if i == 0 or not word[0].isalpha() or SENTENCE_MARK.search(self.parts[2 * i]):
            return False
        if word == "i" or word.startswith("i'"):  # "I", "I'll"
            return False
        written = self.written(i)
        return written[0].isupper() and not written.isupper()

    def written(self, i: int) -> str:
        """Word i as the text writes it (its capitals kept)."""
        start = self.start(i)
        return self.text[start : start + len(self.words[i])]

    def is_money(self, i: int) -> bool:
        """Word i is an amount of money: "$75", "75 USD", "USD 1,200", "€40", "3k dollars",
        "R650"."""
        before, word = self.parts[2 * i], self.words[i]
        if word[:1].isalpha() and not word[-1:].isalpha():  # "r650", never "k" or "kit"
            return bool(self.currency_prefix(i))
        if word in NUMBER_WORDS:  # "seventy dollars"
            nxt = self.words[i + 1] if i + 1 < len(self.words) else ""
            return nxt in CURRENCY_WORDS and not self.parts[2 * i + 2].strip()
        if not word[:1].isdigit() or (
            i and before in (",", ".") and self.words[i - 1][:1].isdigit()
        ):
            return False
        if before.rstrip(" ")[-1:] in CURRENCY_SIGNS and before.strip(" "):
            return True
        if i and self.words[i - 1] in CURRENCY_BEFORE and not before.strip(" ."):
            whole = len(word) >= 2 or (self.amount_end(i) > i and self.parts[2 * i + 2] == ",")
            return self.words[i - 1] not in AMBIGUOUS_BEFORE or whole  # "PHP 8.2" is no price
        j = self.amount_end(i)
        after = self.parts[2 * j + 2] if 2 * j + 2 < len(self.parts) else ""
        if after.strip(" ")[:1] in CURRENCY_SIGNS and after.strip(" "):
            return True
        nxt = j + 1
        if nxt < len(self.words) and self.words[nxt] == "k" and not after.strip(" "):
            after, nxt = self.parts[2 * nxt + 2] if 2 * nxt + 2 < len(self.parts) else "", nxt + 1
        return nxt < len(self.words) and self.words[nxt] in CURRENCY_WORDS and not after.strip()

    def amount_end(self, i: int) -> int:
        """The last word of the number starting at word i: "1,200.50" spans three words, and so
        do "1.200,50" (a dot for thousands), "2,50,000" (lakh) and "1.200.000"."""
        j, n, group = i, len(self.words), ""
        while j + 1 < n:
            sep, nxt = self.parts[2 * j + 2], self.words[j + 1]
            lakh = (
                sep == ","
                and len(nxt) == 2
                and nxt.isdigit()
                and j + 2 < n
                and self.parts[2 * j + 4] == ","
                and THOUSANDS.fullmatch(self.words[j + 2]) is not None
            )
            if sep in ",." and group in ("", sep) and (THOUSANDS.fullmatch(nxt) or lakh):
                group, j = sep, j + 1
            else:
                break
        decimal = "," if group == "." else "."
        if j + 1 < n and self.parts[2 * j + 2] == decimal and CENTS.fullmatch(self.words[j + 1]):
            j += 1
        return j

    def number_value(self, i: int) -> float | None:
        """The value of the number written in words that ends at word i ("seven hundred and
        fifty", "a thousand", "twenty-five"), read with text2num; None when word i is not a
        number word."""
        words = self.words
        if words[i] not in NUMBER_VALUES:
            return None
        k = i
        while k > 0 and i - k < RUN_LENGTH and self.parts[2 * k].strip(" ") in ("", "-"):
            before = words[k - 1]
            if before in NUMBER_VALUES or (
                before == "and" and k > 1 and words[k - 2] in SCALE_WORDS
            ):
                k -= 1
            elif before in ("a", "an") and words[k] in SCALE_WORDS:
                k -= 1
                break
            else:
                break
        run = ["one" if w in ("a", "an") else w for w in words[k : i + 1]]
        try:
            return float(text2num(" ".join(run), "en")) if k < i else float(NUMBER_VALUES[words[i]])
        except ValueError:  # not one number ("two three"): the last word alone
            return float(NUMBER_VALUES[words[i]])

    def amount(self, i: int) -> float | None:
        """The amount of a money word ("$1,200.50" is 1200.5; "3k" is 3000), else None."""
        if not self.is_money(i):
            return None
        j = self.amount_end(i)
        raw = "".join(
            (self.parts[2 * k] if k > i else "") + self.words[k] for k in range(i, j + 1)
        )[len(self.currency_prefix(i)) :]
        if DOT_THOUSANDS.fullmatch(raw):  # "1.200.000", "1.200,50"
            raw = raw.replace(".", "").replace(",", ".")
        raw = raw.replace(",", "")
        k_suffix = raw.endswith("k") or (
            j + 1 < len(self.words)
            and self.words[j + 1] == "k"
            and not self.parts[2 * j + 2].strip(" ")
        )
        if raw in NUMBER_VALUES:
            return self.number_value(i)
        try:
            return float(raw.rstrip("k")) * (1000 if k_suffix else 1)
        except ValueError:
            return None


PLACEHOLDER_RE = re.compile(r"#num|#money|#name|[a-z0-9\u00c0-\u024f]+(?:'[a-z]+)?")


def phrase_items(phrase: str) -> list[list[str]]:
    """A lexicon phrase as a list of alternatives per position, stemmed like a text.

    "pay|send (a|the|_) fee" -> [["pay", "send"], ["a", "the", "_"], ["fee"]]; "_" marks an
    optional position; "#num" and "#money" stand for any number and any amount of money, and
    "#name" for a capitalised word inside a sentence ("our editor Priya").
    """
    items = []
    for part in phrase.split():
        alts = []
        for alt in part.strip("()").split("|"):
            if alt.startswith("#"):  # "#num", "#money", and "#num-day", "#num%", "#num/#num"
                found = PLACEHOLDER_RE.findall(lowered(alt))
                if not found or not found[0].startswith("#"):
                    raise ValueError(
                        f"lexicon phrase {phrase!r}: {alt!r} is no #num, #money or #name"
                    )
                alts.append([t if t.startswith("#") else stems_of([t])[t] for t in found])
            elif alt == "_" or alt == "*":
                alts.append([alt])
            else:
                words = WORD_RE.findall(lowered(alt))
                stems = stems_of(words)
                alts.append([stems[w] for w in words])
        if any(len(a) != 1 for a in alts):  # "top-up" is two words: only alone at a position
            if len(alts) != 1:
                raise ValueError(f"lexicon phrase {phrase!r}: {part!r} mixes several words")
            items.extend([w] for w in alts[0])
        else:
            items.append([a[0] for a in alts])
    return items
