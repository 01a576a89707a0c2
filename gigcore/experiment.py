"""Seven-day experiment: compare micro-tasks and freelancing on cash, stress and joy per hour.

Unpaid sessions (earned 0: searching for tasks, writing proposals) count as time, so they lower
cash per hour. Stress and joy are averaged weighted by minutes. Settings live in
`data/experiment.toml`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from gigcore import csvsafe
from gigcore.checks import finite, is_whole
from gigcore.params import load_data, load_params

LANES = ("micro", "freelance")
CSV_COLUMNS = ("day", "lane", "minutes", "earned", "stress", "joy", "note")
REQUIRED_COLUMNS = ("day", "lane", "minutes", "earned", "stress", "joy")
_MAX_ERRORS_SHOWN = 5


def _param(name: str) -> float:
    return load_params("experiment")[name].value


def lane_label(lane: str) -> str:
    """The lane's name for people ("Micro-tasks", "Freelance")."""
    return load_data("experiment")["lanes"][lane]["label"]


def _whole(name: str, value: object, lo: int, hi: int) -> int:
    if not is_whole(value):
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}, got {int(value)}")
    return int(value)


@dataclass(frozen=True)
class WorkSession:
    """One logged block of work. `earned` 0 means unpaid time (searching, proposals)."""

    lane: str  # "micro" | "freelance"
    minutes: float
    earned: float
    stress: int  # 1..5
    joy: int  # 1..5
    day: dt.date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.lane not in LANES:
            raise ValueError(f"lane must be 'micro' or 'freelance', got {self.lane!r}")
        minutes = finite("minutes", self.minutes)
        shortest, longest = _param("min_session_minutes"), _param("max_session_minutes")
        if not shortest <= minutes <= longest:
            raise ValueError(
                f"minutes must be at least {shortest:g} and at most {longest:g}, got {minutes:g}"
            )
        earned = finite("money earned", self.earned)
        if earned < 0:
            raise ValueError(f"money earned cannot be negative, got {earned:g}")
        most = _param("max_session_earned")
        if earned > most:
            raise ValueError(
                f"money earned in one session must be at most {most:,.0f}, got {earned:g}"
            )
        lo, hi = int(_param("scale_min")), int(_param("scale_max"))
        day = self.day
        if isinstance(day, dt.datetime):
            day = day.date()
        if day is not None and not isinstance(day, dt.date):
            raise ValueError(f"day must be a date, got {day!r}")
        if day is not None and day > dt.date.today():
            raise ValueError(f"the date {day:%Y-%m-%d} is in the future: log work once it is done")
        note = "" if self.note is None else self.note
        if not isinstance(note, str):
            raise ValueError("note must be text")
        note = " ".join(note.split())  # one line: CSV cells and tables stay simple
        if len(note) > _param("note_max_chars"):
            raise ValueError(f"note is longer than {_param('note_max_chars'):g} characters")
        for name, value in (
            ("minutes", minutes),
            ("earned", earned),
            ("stress", _whole("stress", self.stress, lo, hi)),
            ("joy", _whole("joy", self.joy, lo, hi)),
            ("day", day),
            ("note", note),
        ):
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class LaneSummary:
    """Totals of one lane; stress and joy are averages weighted by minutes."""

    lane: str
    label: str
    sessions: int
    hours: float
    earned: float
    cash_per_hour: float  # earned / all hours, unpaid ones included
    stress: float
    joy: float
    unpaid_hours: float

    @property
    def unpaid_share(self) -> float:
        return self.unpaid_hours / self.hours


@dataclass(frozen=True)
class DaySummary:
    """One calendar day: each lane logged that day, the winner on cash per hour, and why."""

    day: dt.date
    lanes: dict[str, LaneSummary]
    winner: str | None  # lane, or None for a tie or a single lane
    verdict: str


@dataclass(frozen=True)
class Progress:
    """Where the person is in the experiment, counted from the first logged day."""

    day: int  # 0 before anything is logged
    of: int
    days_logged: int
    first_day: dt.date | None

    @property
    def complete(self) -> bool:
        return self.day > self.of or self.days_logged >= self.of

    @property
    def text(self) -> str:
        if self.day == 0:
            return f"Not started: log your first session to begin the {self.of}-day experiment"
        logged = f"{self.days_logged} day{'' if self.days_logged == 1 else 's'} logged"
        if self.complete:
            return f"The {self.of} days are done ({logged}): time to decide"
        return f"Day {self.day} of {self.of} ({logged})"


@dataclass(frozen=True)
class Flip:
    """Whether freelance beat micro-tasks on cash per hour consistently enough to flip the split.

    Only days on which both lanes were logged count; a tie is not a win. `ready` needs at least
    `min_days` such days and freelance winning at least `needed_share` of them
    (`data/experiment.toml`: flip_min_days, flip_win_share).
    """

    ready: bool
    freelance_days: int  # days freelance won on cash per hour
    compared_days: int  # days both lanes were logged
    min_days: int
    needed_share: float
    sentence: str

    @property
    def days_won(self) -> int:
        return self.freelance_days

    @property
    def days_compared(self) -> int:
        return self.compared_days

    @property
    def share(self) -> float:
        """Share of the compared days freelance won (0 when none were compared)."""
        return self.freelance_days / self.compared_days if self.compared_days else 0.0

    @property
    def days_needed(self) -> int:
        """Freelance wins needed out of the days compared so far (at least min_days days)."""
        return math.ceil(round(self.needed_share * max(self.compared_days, self.min_days), 9))


@dataclass(frozen=True)
class ExperimentSummary:
    """Per-lane and per-day figures, progress, the overall winner, the flip and a Markdown memo."""

    lanes: dict[str, LaneSummary]
    days: list[DaySummary]
    progress: Progress
    winner: str | None
    verdict: str
    memo: str = field(repr=False)
    flip: Flip | None = None


def _lane(lane: str, sessions: Sequence[WorkSession]) -> LaneSummary:
    minutes = sum(s.minutes for s in sessions)
    earned = sum(s.earned for s in sessions)
    hours = minutes / 60
    return LaneSummary(
        lane=lane,
        label=lane_label(lane),
        sessions=len(sessions),
        hours=hours,
        earned=earned,
        cash_per_hour=earned / hours,
        stress=sum(s.stress * s.minutes for s in sessions) / minutes,
        joy=sum(s.joy * s.minutes for s in sessions) / minutes,
        unpaid_hours=sum(s.minutes for s in sessions if s.earned == 0) / 60,
    )


def _by_lane(sessions: Iterable[WorkSession]) -> dict[str, LaneSummary]:
    groups: dict[str, list[WorkSession]] = {}
    for s in sessions:
        groups.setdefault(s.lane, []).append(s)
    return {lane: _lane(lane, groups[lane]) for lane in LANES if lane in groups}


def compare(lanes: Mapping[str, LaneSummary]) -> tuple[str | None, str]:
    """Winner on cash per hour (None for a tie or one lane) and a sentence saying how it felt."""
    if len(lanes) < 2:
        only = next(iter(lanes.values()), None)
        if only is None:
            return None, "Nothing logged."
        return None, f"Only {only.label} logged (${only.cash_per_hour:,.2f}/h)."
    a, b = (lanes[lane] for lane in LANES)
    if round(a.cash_per_hour, 2) == round(b.cash_per_hour, 2):
        winner, text = None, f"A tie on cash: ${a.cash_per_hour:,.2f}/h each."
    else:
        win, lose = (a, b) if a.cash_per_hour > b.cash_per_hour else (b, a)
        winner = win.lane
        text = (
            f"{win.label} won on cash: ${win.cash_per_hour:,.2f}/h against "
            f"${lose.cash_per_hour:,.2f}/h."
        )
    calmer = min((a, b), key=lambda x: x.stress)
    happier = max((a, b), key=lambda x: x.joy)
    if round(a.stress, 1) != round(b.stress, 1):
        text += f" {calmer.label} felt calmer (stress {calmer.stress:.1f} vs "
        text += f"{max(a.stress, b.stress):.1f})."
    if round(a.joy, 1) != round(b.joy, 1):
        text += f" {happier.label} brought more joy ({happier.joy:.1f} vs "
        text += f"{min(a.joy, b.joy):.1f})."
    return winner, text


def _progress(days: Sequence[dt.date], today: dt.date) -> Progress:
    of = int(_param("protocol_days"))
    if not days:
        return Progress(0, of, 0, None)
    first = min(days)
    return Progress(max(1, (today - first).days + 1), of, len(set(days)), first)


def flip(days: Sequence[DaySummary]) -> Flip:
    """The flip: did freelance win on cash per hour on enough of the days both lanes were logged?"""
    compared = [d for d in days if len(d.lanes) == 2]
    won = sum(d.winner == "freelance" for d in compared)
    least, share = int(_param("flip_min_days")), _param("flip_win_share")
    n = len(compared)
    needed = math.ceil(round(share * max(n, least), 9))
    ready = n >= least and won >= needed
    days = "the 1 day" if n == 1 else f"the {n} days"
    tally = f"Freelance won on cash per hour on {won} of {days} you logged both lanes"
    if ready:
        sentence = (
            f"{tally} ({won / n:.0%}, {share:.0%} needed): it beats micro-tasks consistently. "
            "Time to flip: move more of your hours to freelance work."
        )
    elif n < least:
        sentence = (
            f"{tally}; the flip is judged after {least} such days. Keep logging both lanes "
            "on the same days."
        )
    else:
        sentence = (
            f"{tally} ({won / n:.0%}); flipping needs {share:.0%}, {needed} of {n}. "
            "Not yet: keep the split and rerun later."
        )
    return Flip(ready, won, n, least, share, sentence)


def summarize(sessions: Iterable[WorkSession], today: dt.date | None = None) -> ExperimentSummary:
    """Per-lane and per-day figures, who won, progress from the first logged day, the flip and
    a memo."""
    sessions = list(sessions)
    for s in sessions:
        if not isinstance(s, WorkSession):
            raise ValueError(f"summarize needs WorkSession entries, got {type(s).__name__}")
    dated: dict[dt.date, list[WorkSession]] = {}
    for s in sessions:
        if s.day is not None:
            dated.setdefault(s.day, []).append(s)
    days = []
    for day in sorted(dated):
        lanes = _by_lane(dated[day])
        winner, verdict = compare(lanes)
        days.append(DaySummary(day, lanes, winner, verdict))
    lanes = _by_lane(sessions)
    winner, verdict = compare(lanes)
    progress = _progress(list(dated), today or dt.date.today())
    turn = flip(days)
    summary = ExperimentSummary(lanes, days, progress, winner, verdict, memo="", flip=turn)
    return ExperimentSummary(
        lanes, days, progress, winner, verdict, memo=decision_memo(summary), flip=turn
    )


# -- memo ---------------------------------------------------------------------------------------
def _advice(e: ExperimentSummary) -> str:
    if len(e.lanes) < 2:
        return "Log sessions in both lanes, unpaid ones included, so the two can be compared."
    if e.winner == "freelance":
        return (
            "Freelancing paid more per hour. Before moving more hours to it, run the "
            "switch-readiness check with these numbers."
        )
    if e.winner == "micro":
        unpaid = e.lanes["freelance"].unpaid_share
        return (
            "Micro-tasks paid more per hour this week. "
            f"{unpaid:.0%} of your freelance time was unpaid (searching, proposals); "
            "a productized offer and repeat clients lower that share. Rerun the week later."
        )
    return "Cash per hour was even: let stress and joy decide, and rerun the week later."


def decision_memo(e: ExperimentSummary) -> str:
    """A short Markdown memo: the numbers per lane, days won, and what to do next."""
    p = e.progress
    lines = ["# Micro-tasks or freelancing: my experiment memo", ""]
    if p.first_day is not None:
        last = max(d.day for d in e.days)
        lines.append(f"Logged from {p.first_day:%Y-%m-%d} to {last:%Y-%m-%d}. {p.text}.")
    total = sum(x.sessions for x in e.lanes.values())
    lines += [f"Sessions: {total}. Unpaid time (earned 0) counts as time.", ""]
    if e.lanes:
        lines += [
            "| Lane | Hours | Unpaid hours | Earned | Cash per hour | Stress (1-5) | Joy (1-5) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {x.label} | {x.hours:.1f} | {x.unpaid_hours:.1f} | ${x.earned:,.2f} | "
            f"${x.cash_per_hour:,.2f} | {x.stress:.1f} | {x.joy:.1f} |"
            for x in e.lanes.values()
        ]
        lines.append("")
    lines.append(e.verdict)
    wins = {lane: sum(d.winner == lane for d in e.days) for lane in LANES}
    compared = [d for d in e.days if len(d.lanes) == 2]
    if compared:
        ties = len(compared) - sum(wins.values())
        won = ", ".join(f"{lane_label(lane)} {n}" for lane, n in wins.items())
        lines += ["", f"Days won on cash per hour: {won}, ties {ties}."]
    if e.flip is not None and e.flip.compared_days:
        lines += ["", f"**The flip.** {e.flip.sentence}"]
    lines += ["", "## Next step", ""]
    if p.day and not p.complete:
        lines.append(f"Only day {p.day} of {p.of}: keep logging both lanes before you decide.")
    lines.append(_advice(e))
    return "\n".join(lines) + "\n"


# -- prefill for the readiness check ------------------------------------------------------------
@dataclass(frozen=True)
class MonthEarnings:
    month: dt.date  # first day of the month
    earned: float
    sessions: int


def monthly_earnings(
    sessions: Iterable[WorkSession], today: dt.date, lane: str = "freelance", months: int = 3
) -> list[MonthEarnings]:
    """Earnings of `lane` in the last `months` calendar months up to `today`, oldest first."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    out = []
    for start in reversed(starts):
        picked = [
            s
            for s in sessions
            if s.lane == lane and s.day and (s.day.year, s.day.month) == (start.year, start.month)
        ]
        out.append(MonthEarnings(start, sum((s.earned for s in picked), 0.0), len(picked)))
    return out


def billable_hours_per_week(
    sessions: Iterable[WorkSession],
    lane: str = "freelance",
    until: dt.date | None = None,
    months: int = 3,
) -> float | None:
    """Paid hours of `lane` a week over the logged span; None if no paid session.

    The window is the `months` calendar months ending with `until` (the months the revenue
    uses; by default those ending with the last logged session). The span runs from the first
    to the last session logged in that window, in any lane and paid or not, and is at least one
    week: two paid sessions in week 1 of a 28-day log are 2.5 h a week, not 10.
    """
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ValueError(f"months must be a whole number of at least 1, got {months!r}")
    dated = [s for s in sessions if s.day is not None]
    if not dated:
        return None
    end = until if until is not None else max(s.day for s in dated)
    year, month = end.year, end.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    start = dt.date(year, month, 1)
    window = [s for s in dated if start <= s.day <= end]
    paid = [s for s in window if s.lane == lane and s.earned > 0]
    if not paid:
        return None
    span_days = (max(s.day for s in window) - min(s.day for s in window)).days + 1
    return sum(s.minutes for s in paid) / 60 / (max(7, span_days) / 7)


def weekly_earnings(sessions: Iterable[WorkSession], lane: str = "micro") -> float | None:
    """Money `lane` earned a week over the logged span; None if that lane earned nothing.

    The span runs from the first to the last dated session in any lane and is at least one week,
    so $40 earned over three days is $40 a week, and $80 over 14 days is $40 a week.
    """
    if lane not in LANES:
        raise ValueError(f"lane must be 'micro' or 'freelance', got {lane!r}")
    dated = [s for s in sessions if s.day is not None]
    earned = sum(s.earned for s in dated if s.lane == lane)
    if not earned:
        return None
    span_days = (max(s.day for s in dated) - min(s.day for s in dated)).days + 1
    return earned / (max(7, span_days) / 7)


# -- CSV ----------------------------------------------------------------------------------------
def _plain(number: float) -> str:
    """Short text for a number that reads back to exactly the same float."""
    short = f"{number:g}"
    return short if float(short) == number else repr(number)


def to_csv(sessions: Iterable[WorkSession]) -> str:
    """The log as CSV text with the columns of `CSV_COLUMNS`.

    Every session needs a day, as `from_csv` (and the stored log) require one.
    """
    sessions = list(sessions)
    undated = [n for n, s in enumerate(sessions, start=1) if s.day is None]
    if undated:
        shown = ", ".join(map(str, undated[:_MAX_ERRORS_SHOWN]))
        raise ValueError(
            f"session(s) {shown}{' ...' if len(undated) > _MAX_ERRORS_SHOWN else ''} have no day; "
            "give every session a date before exporting, so the file can be imported back"
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        writer.writerow(
            csvsafe.row(  # a note such as =HYPERLINK(...) must not run in a spreadsheet
                [
                    s.day.isoformat(),
                    s.lane,
                    _plain(s.minutes),
                    _plain(s.earned),
                    s.stress,
                    s.joy,
                    s.note,
                ]
            )
        )
    return out.getvalue()


def _cell_number(row: Mapping[str, str], column: str) -> float:
    text = (row.get(column) or "").strip()
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{column} must be a plain number such as 12.5, got {text!r}") from None


def _cell_whole(row: Mapping[str, str], column: str) -> int:
    text = (row.get(column) or "").strip()
    if not text.lstrip("-").isdigit():
        raise ValueError(f"{column} must be a whole number, got {text!r}")
    return int(text)


def _cell_day(row: Mapping[str, str]) -> dt.date:
    text = (row.get("day") or "").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"day must be a date written YYYY-MM-DD, got {text!r}") from None


def _session_from_row(row: Mapping[str, str]) -> WorkSession:
    return WorkSession(
        lane=(row.get("lane") or "").strip().lower(),
        minutes=_cell_number(row, "minutes"),
        earned=_cell_number(row, "earned"),
        stress=_cell_whole(row, "stress"),
        joy=_cell_whole(row, "joy"),
        day=_cell_day(row),
        note=(row.get("note") or "").strip(),
    )


@dataclass(frozen=True)
class CsvRead:
    """A CSV log read row by row: the good sessions and, for each bad row, what is wrong."""

    sessions: list[WorkSession]
    problems: list[str]  # "row 3: minutes must be ...", row 1 being the header

    def summary(self) -> str:
        """The bad rows in one line (the first few, then how many more)."""
        shown = "; ".join(self.problems[:_MAX_ERRORS_SHOWN])
        more = len(self.problems) - _MAX_ERRORS_SHOWN
        return shown + (f"; and {more} more bad rows" if more > 0 else "")


def read_csv(text: str) -> CsvRead:
    """Parse a CSV log, keeping the good rows and naming every bad one (row 1 is the header).

    A file that cannot be a log at all (empty, wrong header, too many rows, no good row and
    no bad one) raises ValueError.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ValueError("the CSV file is empty")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        sessions, problems = _parse_csv(reader)
    except csv.Error as exc:
        raise ValueError(f"row {reader.line_num + 1}: not readable as CSV ({exc})") from None
    if not sessions and not problems:
        raise ValueError("the CSV file has a header but no sessions")
    return CsvRead(sessions, problems)


def from_csv(text: str) -> list[WorkSession]:
    """Parse a CSV log; raise ValueError naming every bad row (row 1 is the header)."""
    read = read_csv(text)
    if read.problems:
        raise ValueError(read.summary())
    return read.sessions


def _parse_csv(reader: csv.DictReader) -> tuple[list[WorkSession], list[str]]:
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        raise ValueError(f"row 1 (the header): column(s) named twice: {', '.join(doubled)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in (*CSV_COLUMNS, "id")]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s): {', '.join(unknown)}")
        raise ValueError(
            f"row 1 (the header): {'; '.join(problems)}. Expected: {', '.join(CSV_COLUMNS)}"
        )
    reader.fieldnames = header
    limit = int(_param("csv_max_rows"))
    sessions, errors = [], []
    for number, row in enumerate(reader, start=2):
        if number - 1 > limit:
            raise ValueError(f"the file has more than {limit:,} rows; split it into smaller files")
        if None in row:
            errors.append(f"row {number}: more cells than columns")
            continue
        if not any((v or "").strip() for v in row.values()):
            continue  # blank line
        row = {k: csvsafe.uncell(v or "") for k, v in row.items()}  # undo the export's quoting
        try:
            sessions.append(_session_from_row(row))
        except ValueError as exc:
            errors.append(f"row {number}: {exc}")
    return sessions, errors


def from_records(records: Iterable[Mapping]) -> list[WorkSession]:
    """Sessions from store rows (dicts with the session fields; extra keys such as id ignored)."""
    sessions = []
    for number, r in enumerate(records, start=1):
        if not isinstance(r, Mapping):
            raise ValueError(f"record {number} must be a dictionary of session fields")
        missing = [c for c in REQUIRED_COLUMNS if c != "day" and c not in r]
        if missing:
            raise ValueError(f"record {number} lacks the field(s) {', '.join(missing)}")
        sessions.append(
            WorkSession(
                lane=r["lane"],
                minutes=r["minutes"],
                earned=r["earned"],
                stress=r["stress"],
                joy=r["joy"],
                day=r.get("day"),
                note=r.get("note") or "",
            )
        )
    return sessions
