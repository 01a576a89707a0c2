"""Which path fits me: load the question bank (`data/quiz.toml`) and score answers.

Every option carries signed weights on three axes (money, time, sanity): positive leans toward
micro-tasks, negative toward freelancing. The overall lean is the sum of the chosen options'
weights divided by the most the answered questions could push (their "reach"), so it lies in
[-1, 1]; the suggested micro-task share of working time is (1 + lean) / 2, raised to any floor an
answer sets (cash needed now), kept inside the experiment's bounds and rounded to the split step.
The share is computed in exact fractions of the decimals written in the data file, so a share
exactly between two splits is a true tie, and one rule settles it: a tie goes to the split nearer
an even one (0.65 gives 0.6 and 0.35 gives 0.4: keep both lanes while unsure).
Path thresholds, bounds and the 7-day playbook are data; the rule is code.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

from gigcore.params import DataFileError, load_data, load_params

BANK = "quiz"
AXES = ("money", "time", "sanity")
PATHS = ("micro", "hybrid", "freelance")
CONFIDENCE_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True, eq=False)
class Option:
    """One answer: its text, signed axis weights (+ micro, - freelance) and the reason it gives."""

    id: str
    text: str
    reason: str
    weights: Mapping[str, float]
    min_micro_share: float | None = None
    prefill_rates: Mapping[str, float] = field(default_factory=dict)
    prefill_experiment: Mapping[str, float] = field(default_factory=dict)

    @property
    def lean(self) -> float:
        """Total push of this answer: positive toward micro-tasks, negative toward freelancing."""
        return sum(self.weights.values())


@dataclass(frozen=True, eq=False)
class Question:
    """One question with its decision factor, help text and options."""

    id: str
    text: str
    factor: str
    help: str
    options: tuple[Option, ...]

    @property
    def axes(self) -> tuple[str, ...]:
        """The axes any of its options push on."""
        return tuple(a for a in AXES if any(o.weights.get(a) for o in self.options))

    @property
    def reach(self) -> float:
        """The largest total push any option can give."""
        return max(abs(o.lean) for o in self.options)

    def axis_reach(self, axis: str) -> float:
        """The largest push any option can give on one axis."""
        return max(abs(o.weights.get(axis, 0.0)) for o in self.options)

    def option(self, option_id: str) -> Option:
        """The option with this id; ValueError names the valid ones otherwise."""
        for opt in self.options:
            if opt.id == option_id:
                return opt
        valid = ", ".join(o.id for o in self.options)
        raise ValueError(f"question '{self.id}' has no option '{option_id}' (valid: {valid})")


@dataclass(frozen=True)
class Alternative:
    """The result had this question been answered with `option_id` (all else unchanged)."""

    option_id: str
    text: str
    micro_share: float
    path: str
    chosen: bool


@dataclass(frozen=True)
class Contribution:
    """How one question moved the result, and what each of its options would give."""

    question_id: str
    question: str
    answer: str | None  # the chosen option's text, None when unanswered
    push: float  # change in micro-task share (unrounded) against leaving it unanswered
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class PlanDay:
    day: int
    freelance_move: str
    micro_sprint: str


@dataclass(frozen=True)
class Plan:
    """The first week: one freelance move and one micro-task sprint per session."""

    session_minutes: int
    micro_minutes: int
    freelance_minutes: int
    days: tuple[PlanDay, ...]
    goal_90_days: str
    flip_rule: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class QuizResult:
    path: str  # "micro" | "hybrid" | "freelance"
    micro_share: float  # suggested share of working time on micro-tasks, 0..1
    title: str
    summary: str
    reasons: list[str]  # strongest first
    axes: dict[str, float]  # per axis, -1 (freelance) .. +1 (micro); 0 when unanswered
    axis_answered: dict[str, int]  # answered questions that push on each axis
    answered: int
    total: int
    confidence: float  # share of the quiz's answer weight answered, 0..1
    confidence_label: str  # "low" | "medium" | "high"
    confidence_note: str
    close_call: bool  # one different answer would change the path
    contributions: list[Contribution]
    plan: Plan
    prefill_rates: dict[str, float]
    prefill_experiment: dict[str, float]
    # where each prefilled rate-calculator value came from, in words ("your quiz answer ...")
    prefill_sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain JSON-ready dictionary for the history store."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class _Bank:
    questions: tuple[Question, ...]
    params: dict[str, float]
    axes: dict[str, dict]
    paths: dict[str, dict]
    playbook: dict


@dataclass(frozen=True)
class _Core:
    share: float  # unrounded, after floors and bounds
    micro_share: float  # rounded to the split step
    path: str
    axes: dict[str, float]
    axis_answered: dict[str, int]
    floor: tuple[float, str] | None  # (floor, reason) when an answer's floor raised the share


# --- loading -------------------------------------------------------------------------------------


def _text(where: str, raw: dict, key: str, full_stop: bool = False) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"quiz.toml {where}: '{key}' must be non-empty text")
    if full_stop and not value.rstrip().endswith("."):
        raise DataFileError(f"quiz.toml {where}: '{key}' must end with a full stop")
    return value


def _numbers(where: str, raw: object) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in raw.values()
    ):
        raise DataFileError(f"quiz.toml {where}: must be a table of numbers")
    return {k: float(v) for k, v in raw.items()}


def _option(where: str, raw: dict, limit: float) -> Option:
    weights = _numbers(f"{where} weights", raw.get("weights"))
    for axis, w in weights.items():
        if axis not in AXES:
            raise DataFileError(f"quiz.toml {where}: unknown axis '{axis}' (use {AXES})")
        if abs(w) > limit:
            raise DataFileError(f"quiz.toml {where}: weight {axis}={w} beyond +/-{limit:g}")
    floor = raw.get("min_micro_share")
    if floor is not None and not (isinstance(floor, int | float) and 0 <= floor <= 1):
        raise DataFileError(f"quiz.toml {where}: min_micro_share must be between 0 and 1")
    return Option(
        id=_text(where, raw, "id"),
        text=_text(where, raw, "text"),
        reason=_text(where, raw, "reason", full_stop=True),
        weights=weights,
        min_micro_share=None if floor is None else float(floor),
        prefill_rates=_numbers(f"{where} prefill_rates", raw.get("prefill_rates")),
        prefill_experiment=_numbers(f"{where} prefill_experiment", raw.get("prefill_experiment")),
    )


def _question(raw: dict, limit: float) -> Question:
    qid = _text("[[questions]]", raw, "id")
    where = f"question '{qid}'"
    options = tuple(
        _option(f"{where} option {i + 1}", o, limit) for i, o in enumerate(raw.get("options", []))
    )
    if len(options) < 2:
        raise DataFileError(f"quiz.toml {where}: needs at least two options")
    if len({o.id for o in options}) != len(options):
        raise DataFileError(f"quiz.toml {where}: option ids must be unique")
    question = Question(
        id=qid,
        text=_text(where, raw, "text"),
        factor=_text(where, raw, "factor", full_stop=True),
        help=_text(where, raw, "help", full_stop=True),
        options=options,
    )
    if question.reach == 0:
        raise DataFileError(f"quiz.toml {where}: no option carries any weight")
    return question


@cache
def _bank() -> _Bank:
    doc = load_data(BANK)
    params = {k: p.value for k, p in load_params(BANK).items()}
    questions = tuple(_question(q, params["weight_limit"]) for q in doc.get("questions", []))
    if len({q.id for q in questions}) != len(questions):
        raise DataFileError("quiz.toml: question ids must be unique")
    for name in ("axes", "paths"):
        missing = set(AXES if name == "axes" else PATHS) - set(doc.get(name, {}))
        if missing:
            raise DataFileError(f"quiz.toml: [{name}] lacks {sorted(missing)}")
    return _Bank(questions, params, doc["axes"], doc["paths"], doc["playbook"])


def load_questions() -> list[Question]:
    """The question bank, in the order the quiz asks it."""
    return list(_bank().questions)


def axis_titles() -> dict[str, tuple[str, str]]:
    """(title, description) of each axis."""
    return {a: (t["title"], t["description"]) for a, t in _bank().axes.items()}


def path_title(path: str) -> str:
    """The plain-words title of a path ("micro" -> "Micro-tasks first")."""
    if not isinstance(path, str) or path not in PATHS:
        raise ValueError(f"path must be one of {', '.join(PATHS)}, got {path!r}")
    return _bank().paths[path]["title"]


# --- scoring -------------------------------------------------------------------------------------


def _exact(x: float) -> Fraction:
    """A data-file number as the exact decimal it was written as (0.1 is 1/10, not 0.1000...06)."""
    return Fraction(repr(float(x)))


def _lean_exact(o: Option) -> Fraction:
    return sum((_exact(w) for w in o.weights.values()), Fraction(0))


def _reach_exact(q: Question) -> Fraction:
    return max(abs(_lean_exact(o)) for o in q.options)


HALF = Fraction(1, 2)


def _round_step(x: Fraction, step: Fraction) -> Fraction:
    """`x` to the nearest multiple of `step`; an exact tie goes to the one nearer 1/2 (an even
    split), and if both are as near, to the lower."""
    k = math.floor(x / step)
    lo, hi = k * step, (k + 1) * step
    if x - lo != hi - x:
        return lo if x - lo < hi - x else hi
    return hi if abs(hi - HALF) < abs(lo - HALF) else lo


def _path(share: Fraction, p: Mapping[str, float]) -> str:
    if share >= _exact(p["micro_path_min_share"]):
        return "micro"
    if share <= _exact(p["freelance_path_max_share"]):
        return "freelance"
    return "hybrid"


def _core(bank: _Bank, chosen: Mapping[Question, Option]) -> _Core:
    p = bank.params
    reach = sum((_reach_exact(q) for q in chosen), Fraction(0))
    lean = sum((_lean_exact(o) for o in chosen.values()), Fraction(0)) / reach if reach else 0
    share = (1 + lean) / 2
    floors = [
        (_exact(o.min_micro_share), o.reason)
        for o in chosen.values()
        if o.min_micro_share is not None
    ]
    floor = max(floors, default=None)
    raised = floor if floor is not None and floor[0] > share else None
    share = max(share, raised[0]) if raised else share
    share = min(max(share, _exact(p["share_min"])), _exact(p["share_max"]))
    rounded = _round_step(share, _exact(p["split_step"]))
    micro_share = float(rounded)
    axes, answered = {}, {}
    for axis in AXES:
        touching = [q for q in chosen if q.axis_reach(axis)]
        room = sum(q.axis_reach(axis) for q in touching)
        push = sum(chosen[q].weights.get(axis, 0.0) for q in touching)
        axes[axis] = push / room if room else 0.0
        answered[axis] = len(touching)
    floor_out = (float(raised[0]), raised[1]) if raised else None
    return _Core(float(share), micro_share, _path(rounded, p), axes, answered, floor_out)


def _chosen(bank: _Bank, answers: Mapping[str, str]) -> dict[Question, Option]:
    if not isinstance(answers, Mapping):
        raise ValueError("answers must map question ids to option ids")
    by_id = {q.id: q for q in bank.questions}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise ValueError(f"unknown question id(s): {', '.join(map(str, unknown))}")
    chosen = {q: q.option(answers[q.id]) for q in bank.questions if answers.get(q.id) is not None}
    if not chosen:
        raise ValueError("answer at least one question")
    return chosen


def _contributions(bank: _Bank, chosen: dict[Question, Option], core: _Core) -> list[Contribution]:
    neutral = 0.5
    out = []
    for q in bank.questions:
        current = chosen.get(q)
        if current is None:
            push = 0.0
        else:
            rest = {k: v for k, v in chosen.items() if k is not q}
            push = core.share - (_core(bank, rest).share if rest else neutral)
        alternatives = []
        for opt in q.options:
            alt = _core(bank, {**chosen, q: opt})
            alternatives.append(
                Alternative(opt.id, opt.text, alt.micro_share, alt.path, opt is current)
            )
        out.append(
            Contribution(
                q.id, q.text, current.text if current else None, round(push, 6), tuple(alternatives)
            )
        )
    return out


def _neighbours(c: Contribution) -> list[Alternative]:
    """The answers next to the chosen one: options are listed in order along their scale."""
    alts = c.alternatives
    at = next((i for i, a in enumerate(alts) if a.chosen), None)
    return [] if at is None else [alts[i] for i in (at - 1, at + 1) if 0 <= i < len(alts)]


def _confidence(
    bank: _Bank, chosen: dict[Question, Option], contributions: list[Contribution], path: str
) -> tuple[float, str, str, bool]:
    p = bank.params
    coverage = sum(q.reach for q in chosen) / sum(q.reach for q in bank.questions)
    level = (
        2 if coverage >= p["confidence_high"] else 1 if coverage >= p["confidence_medium"] else 0
    )
    n, total = len(chosen), len(bank.questions)
    words = [f"You answered {n} of {total} questions."]
    if n < total:
        words.append(
            f"The {total - n} unanswered ones could still move the split, so treat this as a "
            "first guess and answer the rest for a firmer result."
        )
    flips = [
        (c.question, a.text, a.path)
        for c in contributions
        for a in _neighbours(c)
        if a.path != path
    ]
    if flips:
        level = max(level - 1, 0)
        question, text, other = flips[0]
        words.append(
            f"It is a close call: {len(flips)} one-step change(s) to your answers would change "
            f'the path; for example, answering "{text}" to "{question}" would make it '
            f"{bank.paths[other]['title'].lower()}."
        )
    label = CONFIDENCE_LEVELS[level]
    return round(coverage, 6), label, f"Confidence is {label}. " + " ".join(words), bool(flips)


def micro_floor() -> float:
    """The least a micro-task should pay per hour, unpaid time counted: Prolific's minimum
    (data/rates.toml prolific_minimum). The walk-away rate is a freelance rate and would drop
    every micro-task."""
    return load_params("rates")["prolific_minimum"].value


def _matches(when: Mapping[str, list[str]], answers: Mapping[str, str]) -> bool:
    """True when every question in `when` was answered with one of its listed options."""
    return all(answers.get(qid) in options for qid, options in when.items())


def _minutes(x: float) -> int:
    return int(5 * round(x / 5))


def _plan(bank: _Bank, chosen: dict[Question, Option], core: _Core, path: str) -> Plan:
    p, book = bank.params, bank.playbook
    session = int(p["default_session_minutes"])
    for opt in chosen.values():
        session = int(opt.prefill_experiment.get("session_minutes", session))
    block = int(p["min_block_minutes"])
    micro = min(max(_minutes(session * core.micro_share), block), session - block)
    fill = {
        "micro_minutes": micro,
        "freelance_minutes": session - micro,
        "flip_weeks": int(p["flip_weeks"]),
        "flip_step_pct": round(100 * p["flip_step"]),
        "micro_floor": f"{micro_floor():g}",
    }
    answers = {q.id: o.id for q, o in chosen.items()}
    days = []
    for d in book["days"]:
        texts = {"freelance": d["freelance"], "micro": d["micro"]}
        for lane in texts:  # the first variant for these answers that says something of it
            for variant in d.get("variants", []):
                if lane in variant and _matches(variant["when"], answers):
                    texts[lane] = variant[lane]
                    break
        days.append(
            PlanDay(int(d["day"]), texts["freelance"].format(**fill), texts["micro"].format(**fill))
        )
    days = tuple(days)
    parts = [*book["days"], book["flip_rule"], book["goals"][path]]
    sources = tuple(dict.fromkeys(f"{x['source']} (as of {x['as_of']})" for x in parts))
    return Plan(
        session_minutes=session,
        micro_minutes=micro,
        freelance_minutes=session - micro,
        days=days,
        goal_90_days=book["goals"][path]["text"],
        flip_rule=book["flip_rule"]["text"].format(**fill),
        sources=sources,
    )


def _reasons(chosen: dict[Question, Option], core: _Core) -> list[str]:
    ranked = sorted(chosen.values(), key=lambda o: -abs(o.lean))  # stable: bank order on ties
    reasons = [o.reason for o in ranked]
    if core.floor is not None:
        floor, why = core.floor
        reasons.remove(why)
        reasons.insert(
            0,
            f"{why} That keeps at least {round(100 * floor)}% of your time on micro-tasks for now.",
        )
    return reasons


def score(answers: Mapping[str, str]) -> QuizResult:
    """Score answers {question id: option id}; unanswered questions may be left out (or None).

    Raises ValueError for unknown question or option ids, or when nothing is answered.
    """
    bank = _bank()
    chosen = _chosen(bank, answers)
    core = _core(bank, chosen)
    contributions = _contributions(bank, chosen, core)
    confidence, label, note, close = _confidence(bank, chosen, contributions, core.path)
    plan = _plan(bank, chosen, core, core.path)
    micro_pct = round(100 * core.micro_share)
    path_text = bank.paths[core.path]
    prefill_rates: dict[str, float] = {}
    prefill_experiment: dict[str, float] = {}
    prefill_sources: dict[str, str] = {}
    for q, opt in chosen.items():
        prefill_rates.update(opt.prefill_rates)
        prefill_experiment.update(opt.prefill_experiment)
        for key in opt.prefill_rates:
            prefill_sources[key] = f'your quiz answer "{opt.text}" to "{q.text}"'
    prefill_experiment.update(
        micro_share=core.micro_share,
        session_minutes=plan.session_minutes,
        micro_minutes=plan.micro_minutes,
        freelance_minutes=plan.freelance_minutes,
        days=len(plan.days),
    )
    return QuizResult(
        path=core.path,
        micro_share=core.micro_share,
        title=path_text["title"],
        summary=path_text["summary"].format(micro_pct=micro_pct, freelance_pct=100 - micro_pct),
        reasons=_reasons(chosen, core),
        axes={a: round(v, 6) for a, v in core.axes.items()},
        axis_answered=core.axis_answered,
        answered=len(chosen),
        total=len(bank.questions),
        confidence=confidence,
        confidence_label=label,
        confidence_note=note,
        close_call=close,
        contributions=contributions,
        plan=plan,
        prefill_rates=prefill_rates,
        prefill_experiment=prefill_experiment,
        prefill_sources=prefill_sources,
    )


# --- reporting -----------------------------------------------------------------------------------


def split_words(micro_share: float, short: bool = False) -> str:
    """'60/40 micro-tasks/freelance' (or just '60/40' when short) for a share of 0.6."""
    micro = round(100 * micro_share)
    return f"{micro}/{100 - micro}" + ("" if short else " micro-tasks/freelance")


@dataclass(frozen=True)
class AnswerEffect:
    """What one answered question does to the split: the split with each of its answers."""

    question_id: str
    question: str
    answer: str
    now: float  # the suggested micro-task share with the answer given
    low: float  # the smallest and largest share any answer to it would give, the others kept
    high: float

    @property
    def spread(self) -> float:
        return self.high - self.low

    @property
    def words(self) -> str:
        """'no other answer changes it' or '10/90 to 40/60' (micro/freelance, rounded splits)."""
        if self.spread < 1e-9:
            return "no other answer changes it"
        return f"{split_words(self.low, short=True)} to {split_words(self.high, short=True)}"


def answer_effects(result: QuizResult) -> list[AnswerEffect]:
    """For each answered question, the range of splits its answers give with every other
    answer kept, biggest range first. Unlike a contribution's push (the answer against no
    answer), this shows a change even when the split sits at its bound."""
    effects = [
        AnswerEffect(
            c.question_id,
            c.question,
            c.answer,
            result.micro_share,
            min(a.micro_share for a in c.alternatives),
            max(a.micro_share for a in c.alternatives),
        )
        for c in result.contributions
        if c.answer is not None
    ]
    return sorted(effects, key=lambda e: -e.spread)  # stable: bank order on ties


def plan_markdown(result: QuizResult) -> str:
    """The result and its first-week plan as a Markdown document."""
    plan = result.plan
    lines = [
        f"# Which path fits me: {result.title}",
        "",
        result.summary,
        "",
        f"*{result.confidence_note}*",
        "",
        "## Why",
        *[f"- {r}" for r in result.reasons],
        "",
        f"## Your first 7 days ({plan.session_minutes}-minute sessions)",
        "",
        f"Each session: freelance move {plan.freelance_minutes} min, micro-task sprint "
        f"{plan.micro_minutes} min. Log both in the experiment log.",
        "",
        "| Day | Freelance move | Micro-task sprint |",
        "|---|---|---|",
        *[f"| {d.day} | {d.freelance_move} | {d.micro_sprint} |" for d in plan.days],
        "",
        "## 90-day goal",
        plan.goal_90_days,
        "",
        "## When to move the split",
        plan.flip_rule,
        "",
        "Sources: " + "; ".join(plan.sources) + ".",
        "",
    ]
    return "\n".join(lines)


def changes_since(
    previous_answers: Mapping[str, str],
    previous_result: Mapping,
    result: QuizResult,
    answers: Mapping[str, str],
) -> list[str]:
    """Plain sentences on what changed since a saved quiz: path, split and each changed answer.

    Tolerates saved answers to questions or options the bank no longer has (they are skipped).
    """
    bank = _bank()
    old_share = previous_result.get("micro_share")
    old_path = previous_result.get("path")
    now = f"{result.title.lower()} ({split_words(result.micro_share)})"
    if old_path not in PATHS or not isinstance(old_share, int | float) or math.isnan(old_share):
        lines = [f"Now: {now}."]
    elif old_path == result.path and math.isclose(old_share, result.micro_share):
        lines = [f"Same result as last time: {now}."]
    else:
        then = f"{bank.paths[old_path]['title'].lower()} ({split_words(old_share)})"
        lines = [f"Last time: {then}. Now: {now}."]
    for q in bank.questions:
        before, after = previous_answers.get(q.id), answers.get(q.id)
        if before == after:
            continue
        names = {o.id: o.text for o in q.options}
        old_text = names.get(before, "no answer") if before else "no answer"
        new_text = names.get(after, "no answer") if after else "no answer"
        if old_text != new_text:
            lines.append(f'"{q.text}": {old_text} → {new_text}.')
    if len(lines) == 1:
        lines.append("Your answers are the same as last time.")
    return lines
