"""The hand-written gig corpus of `tests/cases/gigs/` and its per-flag scoring (see its README).

`python tests/gig_corpus.py [tune|heldout]` prints per-flag precision and recall, clean-gig
false flags and levels, and every miss; the tests in test_audit_corpus.py assert on the same.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gigcore.audit import ClientChecks, audit_text

CORPUS = Path(__file__).resolve().parent / "cases" / "gigs"
LEVEL_RANK = {"low": 0, "caution": 1, "stop": 2}


def load_cases(part: str) -> list[dict]:
    """Every case of one part ("tune" or "heldout"), with its file name as `group`."""
    cases = []
    for path in sorted((CORPUS / part).glob("*.toml")):
        with path.open("rb") as fh:
            for case in tomllib.load(fh)["case"]:
                cases.append(case | {"group": path.stem})
    return cases


def run_case(case: dict):
    """The audit report of one case, with its optional arguments."""
    client = ClientChecks(**case["client"]) if "client" in case else None
    return audit_text(
        case["text"],
        case.get("min_hourly_rate"),
        budget=case.get("budget"),
        hours=case.get("hours"),
        client=client,
    )


@dataclass
class Scores:
    """What the audit got right and wrong on one part of the corpus."""

    true_pos: Counter = field(default_factory=Counter)
    false_neg: Counter = field(default_factory=Counter)
    false_pos: Counter = field(default_factory=Counter)
    risky_below_level: list[str] = field(default_factory=list)
    clean_false_flags: list[tuple[str, str]] = field(default_factory=list)
    clean_at_stop: list[str] = field(default_factory=list)
    complete_missing: list[tuple[str, list[str]]] = field(default_factory=list)
    clean_count: int = 0
    misses: list[str] = field(default_factory=list)

    def recall(self, flag: str | None = None) -> float:
        """Share of expected flags raised (of one flag, or overall)."""
        tp = self.true_pos[flag] if flag else sum(self.true_pos.values())
        fn = self.false_neg[flag] if flag else sum(self.false_neg.values())
        return tp / (tp + fn) if tp + fn else 1.0

    def precision(self, flag: str | None = None) -> float:
        """Share of raised flags that were expected (of one flag, or overall)."""
        tp = self.true_pos[flag] if flag else sum(self.true_pos.values())
        fp = self.false_pos[flag] if flag else sum(self.false_pos.values())
        return tp / (tp + fp) if tp + fp else 1.0


def score_part(part: str) -> Scores:
    """Run every case of a part and count hits, misses and false flags."""
    s = Scores()
    for case in load_cases(part):
        report = run_case(case)
        raised, expected = set(report.flag_ids()), set(case["flags"])
        for flag in expected & raised:
            s.true_pos[flag] += 1
        for flag in expected - raised:
            s.false_neg[flag] += 1
            s.misses.append(f"{case['id']}: missed {flag} (got {sorted(raised)})")
        if expected:  # a risky case: other flags it raised are not counted against it
            if LEVEL_RANK[report.level] < LEVEL_RANK[case["level"]]:
                s.risky_below_level.append(f"{case['id']}: {report.level} < {case['level']}")
            continue
        s.clean_count += 1
        for flag in raised:
            s.false_pos[flag] += 1
            s.clean_false_flags.append((case["id"], flag))
        if report.level == "stop":
            s.clean_at_stop.append(case["id"])
        if case.get("complete") and report.missing:
            s.complete_missing.append((case["id"], sorted(report.missing)))
    return s


def main(part: str) -> None:
    s = score_part(part)
    flags = sorted(set(s.true_pos) | set(s.false_neg) | set(s.false_pos))
    print(f"{part}: recall {s.recall():.3f}, precision {s.precision():.3f}")
    for flag in flags:
        print(
            f"  {flag:26} recall {s.recall(flag):.2f} ({s.true_pos[flag]}/"
            f"{s.true_pos[flag] + s.false_neg[flag]})  clean false flags {s.false_pos[flag]}"
        )
    print(f"clean gigs {s.clean_count}: false flags {len(s.clean_false_flags)}, at stop "
          f"{len(s.clean_at_stop)}, complete but missing {len(s.complete_missing)}")  # fmt: skip
    for line in s.misses:
        print("  MISS", line)
    for line in s.risky_below_level:
        print("  LEVEL", line)
    for cid, flag in s.clean_false_flags:
        print("  FALSE", cid, flag)
    for cid, missing in s.complete_missing:
        print("  MISSING", cid, missing)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tune")
