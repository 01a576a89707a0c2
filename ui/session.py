"""Per-process store, per-session profile, and the error guard every page uses.

The history file is opened once per process. When it cannot be used as it is (another copy of
the app holds it, the disk is full, it is read-only, ...) every browser session gets a temporary
store of its own, so no tab ever sees another's unsaved rows. A file that may come free (a lock,
a full disk) is tried again on each run of the app; once it opens, each session's rows kept
meanwhile are carried into it on that session's next run, and the person is told.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from gigcore.store import RETRYABLE, HistoryFileError, Store, default_path, open_store

T = TypeVar("T")
LOCAL_PROFILE = "local"
TEMP_KEY = "_gigcore_temporary_store"  # this session's own temporary store
CARRIED_KEY = "_gigcore_carried_over"  # what was carried into the file, to say once


class _Holder:
    """The process's store for one path; replaced when a retried file comes free."""

    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()
        self.store = open_store(path, fallback=True)

    def retry(self) -> bool:
        """Try the file again if that may help; True when the process now has it.

        A history server that stopped answering is swapped for a temporary store (which says
        so, and is tried again on later runs), as if it had been unreachable from the start.
        """
        if self.store.persistent:
            problem = self.store.ping()
            if problem is None:
                return True
            with self.lock:
                lost = self.store
                if lost.persistent:
                    self.store = lost.offline(problem)
                    lost.close()
            return False
        if not self.store.retry:
            return False
        with self.lock:
            if self.store.persistent:
                return True
            try:
                fresh = open_store(self.path)
            except HistoryFileError as exc:  # still held, still full: keep the temporary store
                self.store.kind, self.store.notice = exc.kind, exc.notice
                self.store.retry = exc.kind in RETRYABLE
                return False
            self.store = fresh
            return True


@st.cache_resource(show_spinner=False)
def _holder(path: str) -> _Holder:
    return _Holder(path)


def _path() -> str:
    return os.environ.get("GIGCORE_DB") or str(default_path())


def _shared_store(path: str) -> Store:
    """The process-wide store for `path` (kept for callers that close it, as tests do)."""
    return _holder(path).store


def _session_state():
    try:
        return st.session_state
    except Exception:  # no script run context (a plain thread): no per-session state
        return None


def store() -> Store:
    """The history store this session reads and writes.

    The process-wide store on the history file (one DuckDB connection, a cursor per thread),
    or, while the file cannot be used, this session's own temporary store. When the file has
    come free, what this session kept meanwhile is carried into it first.
    """
    shared = _holder(_path()).store
    state = _session_state()
    temp = state.get(TEMP_KEY) if state is not None else None
    if shared.persistent:
        if temp is not None:
            _carry_over(shared, temp, state)
        return shared
    if state is None:
        return shared
    if temp is None:  # kept for the whole session, whatever the file does meanwhile
        temp = shared.spawn()
        state[TEMP_KEY] = temp
    temp.notice = shared.notice
    return temp


def _carry_over(shared: Store, temp: Store, state) -> None:
    try:
        done = shared.absorb(temp) if temp.kept_in_memory() else {}
    except Exception as exc:  # the file failed again: keep the rows where they are
        state[CARRIED_KEY] = (
            f"What you saved while the file was unavailable is still only kept here: {exc}"
        )
        return
    del state[TEMP_KEY]
    temp.close()
    if any(done.values()):
        where = "database" if shared.backend == "postgres" else "file"
        state[CARRIED_KEY] = (
            f"Your history {where} is available again: what you saved meanwhile is now in it "
            f"({done.get('records', 0)} results, {done.get('sessions', 0)} work sessions, "
            f"{done.get('settings', 0)} settings)."
        )


def retry_file() -> None:
    """Try a locked or full history file again (once per run of the app)."""
    _holder(_path()).retry()


def carried_over_message() -> str | None:
    """What was carried into the file for this session since the last run, said once."""
    state = _session_state()
    return None if state is None else state.pop(CARRIED_KEY, None)


def saved_to_file() -> bool:
    """True when what this session saves goes into the history file."""
    return store().persistent


def auth_configured() -> bool:
    """True when Streamlit authentication (`[auth]` in secrets) is set up: hosted mode."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: local mode
        return False


SIGN_IN = "Sign in to see and save your own results."


def profile() -> str:
    """The profile whose rows this session reads and writes.

    Signed-in users (Streamlit `[auth]` configured) get their issuer and subject, with any `|` or
    `%` in the issuer escaped so that two different users can never share a profile; otherwise
    the single local profile. Never taken from a widget. In hosted mode a session without a
    complete identity gets no profile at all (never the shared local one).
    """
    user = getattr(st, "user", None)
    try:
        signed_in = user is not None and bool(user.get("is_logged_in"))
        issuer, subject = (user.get("iss"), user.get("sub")) if signed_in else (None, None)
    except Exception:  # st.user raises outside a configured auth context
        signed_in, issuer, subject = False, None, None
    if signed_in and isinstance(issuer, str) and isinstance(subject, str) and issuer and subject:
        return f"{issuer.replace('%', '%25').replace('|', '%7C')}|{subject}"
    if signed_in or auth_configured():
        raise PermissionError(SIGN_IN)
    return LOCAL_PROFILE


def guard(fn: Callable[..., T], *args, **kwargs) -> T | None:
    """Call a gigcore function; show a ValueError as `st.error` and return None."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        st.error(f"Please check your input: {exc}")
        return None


NOT_IN_FILE = "Kept in this browser tab only, not in your history file (see the notice at the top)."


SAVED = "Saved to your history."


def save(tool: str, inputs: dict, result: dict, toast: bool = True) -> int | None:
    """Record a result in this profile's history; say where it went (a toast, unless `toast`
    is False: a dialog about to open says it itself, as a toast would cover its title on a
    phone), or why it was not saved."""
    try:
        target = store()
        rid = target.record(tool, inputs, result, profile=profile())
    except Exception as exc:  # the tool keeps working even if saving fails
        st.warning(f"Could not save to history: {exc}")
        return None
    if toast:
        st.toast(SAVED if target.persistent else NOT_IN_FILE)
    return rid
