"""Portfolio case study: one page of Markdown in which user text stays inert."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore.casestudy import CaseStudy, escape_line, render_case_study, tool_list

CS = CaseStudy(
    title="A booking site for a bakery",
    client="Crumb & Co",
    brief="They took orders by phone.\nHalf were lost.",
    approach="Mapped the order flow.\n\nBuilt a one-page booking form.",
    tools="Figma, Webflow",
    outcome="Orders now arrive by form.",
    metric="38% more orders in 6 weeks",
    quote="Best money we spent.",
    before="Orders by phone",
    after="Orders by form",
)


def test_a_full_page():
    page = render_case_study(CS)
    assert page.startswith("# A booking site for a bakery\n")
    assert "**Client:** Crumb &amp; Co" in page
    assert "**Result:** 38% more orders in 6 weeks" in page
    assert "They took orders by phone.  \nHalf were lost." in page  # a hard line break
    assert "Mapped the order flow.\n\nBuilt a one-page booking form." in page  # two paragraphs
    assert "## Tools\n\nFigma, Webflow" in page
    assert "**Before:** Orders by phone" in page and "**After:** Orders by form" in page
    assert "> Best money we spent.\n>\n> — Crumb &amp; Co" in page


def test_empty_parts_are_left_out_and_a_title_is_needed():
    page = render_case_study(CaseStudy("Logo", outcome="A logo the owner likes."))
    assert "## The outcome" in page and "## The brief" not in page and "Client" not in page
    with pytest.raises(ValueError, match="title"):
        render_case_study(CaseStudy("  ", outcome="x"))
    with pytest.raises(ValueError, match="at least the brief"):
        render_case_study(CaseStudy("Logo", client="Acme"))
    with pytest.raises(ValueError, match="longer than"):
        render_case_study(CaseStudy("Logo", brief="x" * 5000))
    with pytest.raises(ValueError, match="must be text"):
        render_case_study(CaseStudy("Logo", brief=5))


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", r"\[click\](javascript:alert(1))"),
        ("![x](http://e.vil/p.png)", r"!\[x\](http://e.vil/p.png)"),
        ("# big", r"\# big"),
        ("1. first", r"1\. first"),
        ("- item", r"\- item"),
        ("===", r"\==="),
        ("**bold** _it_ `code` ~~s~~", r"\*\*bold\*\* \_it\_ \`code\` \~\~s\~\~"),
        ("$5 and $6", r"\$5 and \$6"),
        (":red[alarm]", r":red\[alarm\]"),
        ("a | b", r"a \| b"),
        ("&amp;", "&amp;amp;"),
        ("    indented", "indented"),
        ("back\\slash", r"back\\slash"),
    ],
)
def test_escaping(typed, escaped):
    assert escape_line(typed) == escaped


def test_tools_from_text_or_a_list():
    assert tool_list("Figma, , Webflow\nNotion") == ["Figma", "Webflow", "Notion"]
    assert tool_list(["  Figma ", ""]) == ["Figma"]


markdown_it = pytest.importorskip("markdown_it")
PIECES = [*"ab1 .#-+=*_`~[]()!<>&|$\\:/\n\t", "<http://x.y>", "&lt;", "&#60;", "<!--", "    "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
SAFE_TYPES = {
    "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline", "text",
    "strong_open", "strong_close", "softbreak", "hardbreak", "blockquote_open",
    "blockquote_close",
}  # fmt: skip


def tokens(page: str):
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for token in md.parse(page):
        yield token
        yield from token.children or []


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT, TEXT)
def test_user_text_never_becomes_markup(title, brief, quote, tool):
    cs = CaseStudy(title=title or "t", client=quote, brief=brief or "b", quote=quote, tools=tool)
    try:
        page = render_case_study(cs)
    except ValueError:  # a title of only spaces and new lines
        return
    found = list(tokens(page))
    assert {t.type for t in found} <= SAFE_TYPES, page
    # only the page's own headings: the title and the section names
    headings = [t for t in found if t.type == "heading_open"]
    assert headings[0].tag == "h1" and all(h.tag == "h2" for h in headings[1:])
    assert sum(t.type == "heading_open" for t in found) == page.count("\n## ") + 1
    # what was typed reads back as typed (spaces aside)
    text = "".join(t.content for t in found if t.type == "text")
    squeeze = "".join(title.split()) or "t"
    assert squeeze in "".join(text.split())


def test_a_title_ending_in_hashes_keeps_them():
    # "# a #" would be the heading "a": an ATX heading's closing #s are not text
    assert render_case_study(CaseStudy("C #", brief="b")).startswith(r"# C \#" + "\n")
