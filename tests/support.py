"""Helpers for tests: repository paths and page AppTests. (Fixtures live in conftest.py.)"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def page(name: str):
    """An AppTest for one page file, run on its own (as DESIGN section 6 advises)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)


# Quiz personas: every answer leaning one way (arithmetic in tests/test_quiz.py).
MICRO = dict(
    cash_soon="two_weeks", skill="none", client_talk="dread", time_shape="pockets",
    hours="under_5", horizon="this_month", irregular="cannot", runway="under_1",
    selling="avoid", variety="variety", portfolio="not_important", deadlines="unpredictable",
    rate_need="any", repetition="calming",
)  # fmt: skip
FREELANCE = dict(
    cash_soon="no_rush", skill="paid_before", client_talk="enjoy", time_shape="blocks",
    hours="over_20", horizon="next_year", irregular="normal", runway="over_6",
    selling="like_pitching", variety="depth", portfolio="main_goal", deadlines="yes",
    rate_need="professional", repetition="draining",
)  # fmt: skip
MIXED = dict(
    cash_soon="month", skill="unpaid", client_talk="nervous", time_shape="mixed",
    hours="from_10_to_20", horizon="few_months", irregular="stressful", runway="from_1_to_3",
    selling="small_doses", variety="mix", portfolio="nice", deadlines="mostly",
    rate_need="min_wage", repetition="short_doses",
)  # fmt: skip
