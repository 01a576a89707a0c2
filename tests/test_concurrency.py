"""Twenty people at once on one app process: threads share the app's store through `ui.session`.

In the running app every browser session is a thread of one process, reading and writing the
process-wide store that `ui.session.store()` caches, under the profile `ui.session.profile()`
takes from the signed-in user. Here twenty threads do what the pages do at the same moment
(compute a rate scenario, save it with `ui.session.save`, log work sessions, read their history),
one more deletes its own profile meanwhile, and afterwards: no errors, every row each session was
told was saved is in the file, and no session saw another's rows.

AppTest cannot drive pages from several threads at once (it swaps one global runtime per run),
so the pages themselves are covered per page and in the browser suite; this is the shared path
underneath them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor

import pytest
import streamlit as st

from gigcore.rates import FreelanceInputs, MicrotaskInputs, scenario
from gigcore.store import open_store
from ui import session

SESSIONS = 20
SAVES_EACH = 5
LOGS_EACH = 5
ISSUER = "https://issuer.example"
DAY = dt.date(2026, 11, 2)


class PerThreadUser(Mapping):
    """Stands in for `st.user`, which the real server binds to each session's thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def sign_in(self, subject: str) -> None:
        self._local.info = {"is_logged_in": True, "iss": ISSUER, "sub": subject}

    def _info(self) -> dict:
        return getattr(self._local, "info", {"is_logged_in": False})

    def __getitem__(self, key):
        return self._info()[key]

    def __iter__(self):
        return iter(self._info())

    def __len__(self) -> int:
        return len(self._info())


@pytest.fixture
def users(app_db, monkeypatch) -> Iterator[PerThreadUser]:
    fake = PerThreadUser()
    monkeypatch.setattr(st, "user", fake)
    yield fake


def person(n: int) -> str:
    return f"person-{n}"


def target(n: int, k: int) -> float:
    """Person n's k-th scenario: a take-home that says whose it is."""
    return 10_000.0 * (n + 1) + k


def one_session(n: int, users: PerThreadUser, start: threading.Barrier) -> dict:
    users.sign_in(person(n))
    me = session.profile()
    start.wait()  # everyone at the same moment
    told = []
    for k in range(SAVES_EACH):
        result = scenario(
            FreelanceInputs(target(n, k), 3_000, 40, 6, 0.3, 0.15, 0.1),
            MicrotaskInputs(0.5, 3, 0.33, 0.02, 0.0),
            margin=0.1,
            daily_target=30,
        )
        told.append(session.save("rates", result.inputs_dict(), result.result_dict()))
        session.store().add_session(me, lane="micro", day=DAY, minutes=100 * n + k + 1,
                                    earned=float(n), stress=2, joy=3)  # fmt: skip
    return {
        "profile": me,
        "told": told,
        "history": session.store().history(me),
        "sessions": session.store().sessions(me),
    }


def leaver(users: PerThreadUser, start: threading.Barrier) -> int:
    """Someone who saved things earlier deletes their profile while the others write."""
    users.sign_in("leaver")
    me = session.profile()
    for k in range(10):
        session.store().record("rates", {"k": k}, {"hourly_rate": 1.0}, profile=me)
    start.wait()
    return session.store().delete_profile(me)


def test_twenty_sessions_at_once_lose_nothing_and_stay_private(users, app_db):
    start = threading.Barrier(SESSIONS + 1)
    with ThreadPoolExecutor(max_workers=SESSIONS + 1) as pool:
        gone = pool.submit(leaver, users, start)
        futures = [pool.submit(one_session, n, users, start) for n in range(SESSIONS)]
        outcomes = [f.result(timeout=120) for f in futures]  # re-raises any session's error
    assert gone.result() == 10

    assert len({o["profile"] for o in outcomes}) == SESSIONS  # one profile per person
    for n, seen in enumerate(outcomes):
        assert seen["profile"] == f"{ISSUER}|{person(n)}"
        assert None not in seen["told"]  # every save reported success
        # what each person read back is theirs, all of it, and nothing else
        assert sorted(seen["history"]["id"]) == sorted(seen["told"])
        targets = {r["freelance"]["target_net_income"] for r in seen["history"]["inputs"]}
        assert targets == {target(n, k) for k in range(SAVES_EACH)}
        assert sorted(seen["sessions"]["minutes"]) == [100 * n + k + 1 for k in range(LOGS_EACH)]

    session.store().close()
    st.cache_resource.clear()
    reopened = open_store(app_db)  # what is on disk after the rush
    try:
        for seen in outcomes:
            assert sorted(reopened.history(seen["profile"])["id"]) == sorted(seen["told"])
            assert len(reopened.sessions(seen["profile"])) == LOGS_EACH
        count = reopened._cur().execute("SELECT count(*) FROM records").fetchone()[0]
        assert count == SESSIONS * SAVES_EACH  # the leaver's ten are gone, nothing else
        assert reopened.history(f"{ISSUER}|leaver").empty
        assert reopened.history("local").empty  # nobody fell back to the shared local profile
    finally:
        reopened.close()
