"""Presenting an audit: highlight segments, escaped Markdown, the report and the reply to send.

Pure string work, so the page stays thin and all of it is unit-tested. Pasted text is untrusted:
everything quoted from it goes through `escape_markdown`, which turns HTML into visible text and
neutralises Markdown, LaTeX (`$`) and Streamlit directives (`:red[...]`).
"""

from __future__ import annotations

import html
import re
from itertools import pairwise

from gigcore.audit.core import AuditReport
from gigcore.audit.rules import load_rules

KIND_ORDER = {"stop": 3, "caution": 2, "green": 1}  # a character in several spans takes the highest
VERDICTS = {
    "low": "Low risk: no red flags found.",
    "caution": "Caution: ask the questions below before you accept.",
    "stop": "Stop: this gig shows signs of a scam or of work you would not be paid for.",
}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:<>\"'=^])")
EXCERPT_CHARS = 120


def escape_markdown(text: str) -> str:
    """Text that Markdown (and Streamlit's extensions) will show exactly as written."""
    # html.escape first: its entities (&lt; &gt; &amp;) contain no character escaped below
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def highlight_segments(
    text: str, report: AuditReport, limit: int | None = None
) -> list[tuple[str, str | None]]:
    """The text cut into (piece, kind) runs; kind is "stop", "caution", "green" or None.

    Only the first `limit` characters are covered when given.
    """
    end_of_text = len(text) if limit is None else min(limit, len(text))
    marks = [(s, e, f.severity) for f in report.flags for s, e in f.evidence]
    marks += [(s, e, "green") for g in report.green for s, e in g.evidence]
    cuts = sorted({0, end_of_text} | {p for s, e, _ in marks for p in (s, e) if p < end_of_text})
    segments: list[tuple[str, str | None]] = []
    for start, end in pairwise(cuts):
        covering = [kind for s, e, kind in marks if s <= start and end <= e]
        kind = max(covering, key=KIND_ORDER.__getitem__) if covering else None
        if segments and segments[-1][1] == kind:
            segments[-1] = (segments[-1][0] + text[start:end], kind)
        else:
            segments.append((text[start:end], kind))
    return segments


def highlighted_markdown(segments: list[tuple[str, str | None]], templates: dict[str, str]) -> str:
    """Escaped Markdown of the segments, each highlighted kind put into its template.

    A template such as ":red-background[{}]" receives the escaped words in place of "{}".

    Line breaks are kept (a highlight never spans a line break) and leading spaces are kept.
    """
    out: list[str] = []
    for piece, kind in segments:
        lines = piece.split("\n")
        for i, line in enumerate(lines):
            if i:
                out.append("  \n")
            body = escape_markdown(line)
            if not out or out[-1] == "  \n":
                stripped = body.lstrip(" ")
                body = "&nbsp;" * (len(body) - len(stripped)) + stripped
            out.append(templates[kind].format(body) if kind and body.strip() else body)
    return "".join(out)


def essential_status(report: AuditReport, name: str) -> str:
    """How clear one essential (deliverable, deadline, payment) is, in words."""
    if name not in report.missing:
        return "stated"
    amount, method = "payment_amount" in report.found, "payment_method" in report.found
    if name == "payment" and amount and not method:
        return "amount stated, but not how you are paid"
    if name == "payment" and method and not amount:
        return "how you are paid is stated, but not the amount"
    return "not clear"


def excerpt(text: str, span: tuple[int, int], limit: int = EXCERPT_CHARS) -> str:
    """The words of one evidence span, shortened to `limit` characters."""
    words = " ".join(text[span[0] : span[1]].split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def model_words(report: AuditReport) -> str:
    """The learned signal in words that cannot read as "safe" next to red flags."""
    m = report.model
    band = getattr(m, "band", None)
    calibrated = getattr(m, "calibrated", True)
    if not calibrated:
        return ("The text is too short or too unlike the job ads the signal learned from to give "
                "it a number; judge it by the flags and essentials above.")  # fmt: skip
    share = f"about {m.probability:.0%}"
    if report.flags and band in (None, "low", "unsure"):
        return (f"Ads worded like this one were scams {share} of the time, but this signal only "
                "knows wording: the red flags above matter more than a low number.")  # fmt: skip
    return f"Ads worded like this one were scams {share} of the time in the training data."


def draft_reply(report: AuditReport, platform: str | None = None) -> str:
    """A polite message asking the clarifying questions, ready to paste to the client."""
    rules = load_rules()
    reply = rules.reply
    lines = [reply["greeting"], ""]
    if report.questions:
        lines += [reply["intro"], ""]
        lines += [f"{i}. {q}" for i, q in enumerate(report.questions, 1)]
        lines.append("")
    protected = {p.casefold(): p for p in rules.protected_platforms}
    if platform and platform.casefold() in protected:  # only a marketplace that protects pay
        lines += [reply["on_platform"].format(platform=protected[platform.casefold()]), ""]
    lines.append(reply["job_closing"] if report.kind == "job" else reply["closing"])
    return "\n".join(lines)


def _quote(text: str | None, span: tuple[int, int], markdown: bool) -> str:
    if text is None:
        return f"characters {span[0]}-{span[1]}"
    words = excerpt(text, span)
    return f"“{escape_markdown(words)}”" if markdown else f"“{words}”"


def render_report(
    report: AuditReport,
    text: str | None = None,
    *,
    markdown: bool = True,
    platform: str | None = None,
) -> str:
    """The whole report as Markdown (for download) or plain text (for the terminal).

    With `text`, evidence is quoted; without it, spans are given as character positions.
    """
    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "  - ")
    out = [
        f"{h1}Gig audit: {report.level.upper()} ({report.score}/100)",
        "",
        VERDICTS[report.level],
    ]
    if report.flags:
        out += ["", f"{h2}Red flags"]
        for flag in report.flags:
            out += ["", f"{h2 and '### '}{flag.title} [{flag.severity}] ({flag.id})"]
            quotes = ", ".join(_quote(text, s, markdown) for s in flag.evidence[:5])
            if quotes:
                out.append(f"{bullet}Evidence: {quotes}")
            if flag.detail:
                out.append(f"{bullet}Details: {flag.detail}")
            out += [f"{bullet}Why it matters: {flag.why}", f"{bullet}What to do: {flag.advice}"]
    if report.green:
        out += ["", f"{h2}Green signs"]
        out += [f"{bullet}{g.title}" for g in report.green]
    if report.entities:
        out += ["", f"{h2}People and links in the post"]
        for entity in report.entities:
            value = escape_markdown(entity.value) if markdown else entity.value
            out.append(f"{bullet}{entity.kind.replace('_', ' ')}: {value}. {entity.note}")
    names = ", ".join(sorted(report.missing)) or "none"
    out += ["", f"{h2}Essentials", f"{bullet}Missing: {names}"]
    if report.rate is not None:
        out.append(
            f"{bullet}Implied hourly rate: {report.rate.hourly_rate:,.2f} ({report.rate.source})"
        )
    if report.model is not None:
        words = ", ".join(w for w, c in report.model.top_words if c > 0)
        shown = escape_markdown(words) if markdown else words or "-"
        out += [
            "",
            f"{h2}Learned text signal (a hint, not a verdict)",
            f"{bullet}{model_words(report)}",
            f"{bullet}Words that raised it: {shown}",
        ]
    if report.questions:
        out += ["", f"{h2}Questions to ask"]
        out += [f"{i}. {q}" for i, q in enumerate(report.questions, 1)]
    fence = "```" if markdown else ""
    out += ["", f"{h2}Reply to send"]
    if report.level == "stop":
        out += ["", load_rules().reply["stop_note"], "", f"{h2}Where to report it"]
        out += [f"{bullet}{r['name']} ({r['url']}): {r['what']}" for r in load_rules().report_to]
    out += [fence, draft_reply(report, platform), fence]
    return "\n".join(out).strip() + "\n"
