"""Every data file: metadata, sourced and dated parameters, unique ids, full-stop descriptions."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

import pytest

from gigcore.params import DataFileError, _param, data_files, load_data, load_params

FILES = data_files()


def walk(node, path=""):
    """Yield (path, key, value) for every key of every table in a TOML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for n, item in enumerate(node):
            yield from walk(item, f"{path}[{n}]")


def test_there_are_data_files():
    assert {"rates", "tax_us_2026"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_meta_and_params(name):
    doc = load_data(name)
    assert isinstance(doc["meta"]["as_of"], dt.date)
    for param in (load_params(name) if "params" in doc else {}).values():
        assert param.source.strip() and isinstance(param.as_of, dt.date)
        if param.min is not None:
            assert param.value >= param.min
        if param.max is not None:
            assert param.value <= param.max


@pytest.mark.parametrize("name", FILES)
def test_descriptions_end_with_full_stop(name):
    for path, key, value in walk(load_data(name)):
        if key == "description":
            assert isinstance(value, str) and value.rstrip().endswith("."), f"{name}{path}"


@pytest.mark.parametrize("name", FILES)
def test_ids_unique_within_each_list(name):
    for path, _, value in walk(load_data(name)):
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            ids = [v["id"] for v in value if "id" in v]
            assert len(ids) == len(set(ids)), f"duplicate ids in {name}{path}"


@pytest.mark.parametrize("name", FILES)
def test_patterns_compile(name):
    for path, key, value in walk(load_data(name)):
        if key in ("pattern", "patterns", "regex", "regexes"):
            for pattern in value if isinstance(value, list) else [value]:
                if isinstance(pattern, str):
                    re.compile(pattern)
                else:
                    pytest.fail(f"{name}{path}.{key}: pattern is not text")


GOOD = {
    "title": "T",
    "description": "D.",
    "unit": "share",
    "value": 0.5,
    "source": "seed text",
    "as_of": dt.date(2026, 1, 1),
    "min": 0,
    "max": 1,
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": ""}, "'source' must be non-empty"),
        ({"description": "No stop"}, "full stop"),
        ({"as_of": "2026-01-01"}, "TOML date"),
        ({"value": 2}, "outside its valid range"),
        ({"value": True}, "must be a number"),
    ],
)
def test_validator_rejects_bad_parameters(change, message):
    with pytest.raises(DataFileError, match=message):
        _param("x", "p", {**GOOD, **change})
    bad = dict(GOOD)
    del bad["unit"]
    with pytest.raises(DataFileError, match="lacks 'unit'"):
        _param("x", "p", bad)


def _repeated_alternatives(term: str) -> set[str]:
    """Words a lexicon phrase offers at two positions where neither is optional and one offers
    alternatives: "can't pay you|for it" reads as [can't] [pay] [you|for] [it], never as
    "can't pay you" or "can't pay for it" (spaces separate positions, even inside a list)."""
    alts = [part.split("|") for part in term.split()]
    return {
        word
        for i, a in enumerate(alts)
        for b in alts[i + 1 :]
        if "_" not in a and "_" not in b and (len(a) > 1 or len(b) > 1)
        for word in set(a) & set(b)
        if word not in ("*", "#num", "#money")
    }


def test_no_lexicon_phrase_writes_alternatives_of_several_words():
    concepts = load_data("audit_rules")["concepts"]
    suspicious = {
        (cid, term): words
        for cid, concept in concepts.items()
        for term in concept.get("terms", [])
        if (words := _repeated_alternatives(term))
    }
    assert not suspicious, suspicious


def test_the_repeated_alternatives_check_finds_the_mistake():
    assert _repeated_alternatives("can't pay you|for it|for samples") == {"for"}
    assert _repeated_alternatives("my|our legal team|marketing team") == {"team"}
    assert not _repeated_alternatives("as soon as")  # one word twice, no list: meant so
    assert not _repeated_alternatives("you _|will|also _|be|also paid")  # optional positions


NEGATIVE_FORMS = frozenset(
    {"dont", "wont", "cant", "isnt", "arent", "doesnt", "didnt", "never", "no", "cannot"}
)
GLUED = (  # a word of the next position that only a two-word alternative would need
    ("not", lambda alt: alt.endswith("n't") or alt in NEGATIVE_FORMS),  # "won't|will not"
    ("will", lambda alt: alt.endswith("'ll")),  # "we'll|we will" -> "we'll will"
    ("be", lambda alt: alt in ("is", "are", "was", "were")),  # "is|will be" -> "is be"
)


def _split_two_word_alternative(term: str) -> bool:
    """A list with a one-word form beside the first half of a two-word one: "won't|will not
    reopen" reads as [won't|will] [not] [reopen], so "won't reopen" never matches."""
    alts = [part.split("|") for part in term.split()]
    glued = any(
        word in after and any(needs(a) for a in here)
        for here, after in pairwise(alts)
        if "_" not in here and "_" not in after  # an optional position lets either form through
        for word, needs in GLUED
    )
    # "after you are|you've been" reads as [after] [you] [are|you've] [been]: "you you've"
    doubled = any(
        a.split("'")[0] in before or (a.endswith("n't") and a[:-3] in before)  # "do don't"
        for before, here in pairwise(alts)
        for a in here
        if "'" in a
    )
    return glued or doubled


def test_no_lexicon_phrase_splits_a_two_word_alternative():
    concepts = load_data("audit_rules")["concepts"]
    bad = [
        (cid, term)
        for cid, concept in concepts.items()
        for term in concept.get("terms", [])
        if _split_two_word_alternative(term)
    ]
    assert not bad, bad


def test_the_split_alternative_check_finds_the_mistake():
    assert _split_two_word_alternative("won't|will not reopen")
    assert _split_two_word_alternative("we'll|we will pick the best")
    assert _split_two_word_alternative("offer is|will be withdrawn")
    assert _split_two_word_alternative("after you are|you've been selected")
    assert _split_two_word_alternative("do not|don't pay deposits")
    assert not _split_two_word_alternative("i|we will send the payment")  # "i will", "we will"
    assert not _split_two_word_alternative("does|will not take part")  # both take "not"
