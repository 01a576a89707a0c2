"""Portfolio case study: turn one job into one page of Markdown.

Every piece of user text is escaped before it goes into the page, so a title, a brief or a quote
is shown as typed and never becomes HTML, a link, an image, a heading, a list, a table, code, a
formula (Streamlit reads `$...$` as one) or a Streamlit colour directive:

- `&`, `<` and `>` become HTML entities (no tag, comment or entity survives);
- Markdown's inline punctuation is backslash-escaped wherever it appears: backslash, backtick,
  `*`, `_`, `[`, `]`, `~`, `|`, `$`, and `#` (a heading's closing `#`s would be dropped);
- at the start of a line (after its leading spaces are dropped, so nothing is indented code)
  `-`, `+` and `=` are escaped, as is the `.` or `)` after a number ("1." lists);
- control characters are dropped; paragraphs are kept (a blank line), single line breaks become
  Markdown hard breaks.

The page's own structure (headings, labels, the quote block) is the only Markdown left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from gigcore.params import load_params

_INLINE = re.compile(r"([\\`*_\[\]~|$#])")
_LINE_START = re.compile(r"^([+=-])")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
FIELDS = ("title", "client", "brief", "approach", "tools", "outcome", "metric", "quote")


def _p(name: str) -> float:
    return load_params("casestudy")[name].value


@dataclass(frozen=True)
class CaseStudy:
    """One job as a portfolio page. Only the title is required; empty parts are left out."""

    title: str
    client: str = ""  # a name, or a description such as "a Berlin bakery"
    brief: str = ""  # what the client needed
    approach: str = ""  # what you did and why
    tools: Sequence[str] | str = ()  # a list, or text separated by commas
    outcome: str = ""  # what changed
    metric: str = ""  # the number that shows it, e.g. "signups up 38% in 6 weeks"
    quote: str = ""  # the client's words
    before: str = ""
    after: str = ""

    def as_dict(self) -> dict:
        out = asdict(self)
        out["tools"] = tool_list(self.tools)
        return out


def _text(name: str, value: object, most: float) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(value) > most:
        raise ValueError(f"{name} is longer than {most:,.0f} characters ({len(value):,})")
    return value


def tool_list(tools: Sequence[str] | str | None) -> list[str]:
    """The tools as a list of names (text is split on commas and new lines)."""
    if tools is None:
        return []
    if isinstance(tools, str):
        tools = re.split(r"[,\n]", tools)
    out = []
    for tool in tools:
        if not isinstance(tool, str):
            raise ValueError("each tool must be text")
        name = " ".join(_CONTROL.sub("", tool).split())
        if name:
            out.append(name)
    return out


def escape_line(line: str) -> str:
    """One line of user text as inert Markdown (see the module's notes)."""
    line = line.strip()
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    line = _INLINE.sub(r"\\\1", line)
    line = _NUMBERED.sub(r"\1\\\2", line)
    return _LINE_START.sub(r"\\\1", line)


def escape_block(text: str) -> str:
    """User text of any length as inert Markdown paragraphs with hard line breaks."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(
        "  \n".join(escape_line(line) for line in p.split("\n") if line.strip()) for p in paragraphs
    )


def escape_inline(text: str) -> str:
    """User text joined into one line, as inert Markdown."""
    return escape_line(" ".join(text.split()))


def check(cs: CaseStudy) -> CaseStudy:
    """The case study with its text cleaned and length-checked; ValueError naming the field."""
    if not isinstance(cs, CaseStudy):
        raise ValueError(f"render_case_study needs a CaseStudy, got {type(cs).__name__}")
    most = _p("max_field_chars")
    title = " ".join(_text("title", cs.title, _p("max_title_chars")).split())
    if not title:
        raise ValueError("give the case study a title, such as 'A booking site for a bakery'")
    fields = {
        name: _text(name, getattr(cs, name), most)
        for name in ("client", "brief", "approach", "outcome", "metric", "quote", "before", "after")
    }
    if not any(fields[name] for name in ("brief", "approach", "outcome")):
        raise ValueError("write at least the brief, the approach or the outcome")
    tools = tool_list(cs.tools)
    if len(tools) > _p("max_tools"):
        raise ValueError(f"list at most {_p('max_tools'):g} tools, got {len(tools)}")
    return CaseStudy(title=title, tools=tuple(tools), **fields)


def render_case_study(cs: CaseStudy) -> str:
    """The case study as one page of Markdown, every piece of user text escaped."""
    cs = check(cs)
    lines = [f"# {escape_inline(cs.title)}", ""]
    if cs.client:
        lines += [f"**Client:** {escape_inline(cs.client)}", ""]
    if cs.metric:
        lines += [f"**Result:** {escape_inline(cs.metric)}", ""]
    for heading, text in (
        ("The brief", cs.brief),
        ("The approach", cs.approach),
    ):
        if text:
            lines += [f"## {heading}", "", escape_block(text), ""]
    if cs.tools:
        lines += ["## Tools", "", ", ".join(escape_inline(t) for t in cs.tools), ""]
    if cs.outcome:
        lines += ["## The outcome", "", escape_block(cs.outcome), ""]
    if cs.before or cs.after:
        lines += ["## Before and after", ""]
        if cs.before:
            lines += [f"**Before:** {escape_inline(cs.before)}", ""]
        if cs.after:
            lines += [f"**After:** {escape_inline(cs.after)}", ""]
    if cs.quote:
        quoted = escape_block(cs.quote).split("\n")
        lines += ["## What the client said", ""]
        lines += [f"> {line}" if line.strip() else ">" for line in quoted]
        if cs.client:
            lines += [">", f"> — {escape_inline(cs.client)}"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
