"""The renderers: golden files, and any user text kept as text (hypothesis)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from report_samples import busy_report, full_report, minimal_report

from exporters import confluence, markdown
from exporters.text import lines, one_line
from facilitator.pulse_tally import Pulse
from facilitator.report_data import (
    ReportCommitment,
    ReportFollowUp,
    ReportPerson,
    ReportTakeaway,
    ReportTalk,
)

GOLDEN = Path(__file__).parent / "golden"
NAMESPACES = {
    "ac": "http://atlassian.com/content",
    "ri": "http://atlassian.com/resource/identifier",
}
RENDERINGS = {
    "md": markdown.render,
    "cloud.xml": lambda r: confluence.render(r, "cloud"),
    "datacenter.xml": lambda r: confluence.render(r, "datacenter"),
}


@pytest.mark.parametrize("suffix", list(RENDERINGS))
@pytest.mark.parametrize("name", ["full", "minimal", "busy"])
def test_golden_files(name, suffix):
    """Set COP_UPDATE_GOLDEN=1 to rewrite them on purpose, then review the diff."""
    report = {"full": full_report, "minimal": minimal_report, "busy": busy_report}[name]()
    rendered = RENDERINGS[suffix](report)
    path = GOLDEN / f"{name}.{suffix}"
    if os.environ.get("COP_UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")
    assert RENDERINGS[suffix](report) == rendered  # the same data, the same bytes


def parse_markdown(text: str):
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def split_front_matter(text: str) -> tuple[dict, str]:
    """The YAML between the first two lines that are exactly `---`, and the rest."""
    assert text.startswith("---\n")
    end = text.index("\n---\n", 3)
    return yaml.safe_load(text[4:end]), text[end + 5 :]


def test_markdown_front_matter_and_structure():
    text = markdown.render(full_report())
    meta, body = split_front_matter(text)
    assert meta["community"] == "AI Practice Circle" and meta["date"] == "2026-11-19"
    assert meta["counts"] == {"present": 3, "talks": 2, "takeaways": 3, "commitments": 3}
    assert meta["status"] == "abandoned" and meta["co_host"] == "Ben Okafor"
    assert "- [x] **Ana Lima**: Try the rubric prompt \\| twice (due 2026-12-03)" in text
    assert "- [ ] **Ben Okafor**: Share one prompt (due 2026-12-03)" in text
    tokens = parse_markdown(body)
    assert not [t for t in tokens if t.type.startswith("html")]
    rows = [t for t in tokens if t.type == "tr_open"]
    # the agenda (header + 4), follow-up (header + 2), topics (header + 2), pulse (header + 5)
    assert len(rows) == 5 + 3 + 3 + 6


def test_confluence_mentions_follow_the_deployment():
    report = full_report()
    cloud = confluence.render(report, "cloud")
    center = confluence.render(report, "datacenter")
    assert '<ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" />' in cloud
    assert "ri:userkey" not in cloud and "Chen Wei:" in cloud  # Chen has no Cloud identity
    assert '<ri:user ri:userkey="ff8080817a1b2c3d" />' in center
    assert '<ri:user ri:userkey="8a7f808a6bcd" />' in center
    assert '<time datetime="2026-12-03" />' in cloud
    assert "<ac:task-status>complete</ac:task-status>" in cloud
    assert '<ac:parameter ac:name="title">Partly</ac:parameter>' in cloud
    assert '<ac:structured-macro ac:name="info">' in cloud
    assert "&nbsp;" not in cloud and "]]>" not in cloud
    with pytest.raises(ValueError, match="unknown Confluence deployment"):
        confluence.render(report, "server")


def parse_storage(body: str) -> ET.Element:
    declared = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
    return ET.fromstring(f"<page {declared}>{body}</page>")


def text_with_breaks(element: ET.Element) -> str:
    """An element's text with <br /> as a newline, as a reader of the page sees it."""
    out = [element.text or ""]
    for child in element:
        out.append("\n" if child.tag == "br" else text_with_breaks(child))
        out.append(child.tail or "")
    return "".join(out)


def inline_text(token) -> str:
    out = []
    for child in token.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        else:
            raise AssertionError(f"user text became {child.type}")
    return "".join(out)


SPECIALS = st.sampled_from(
    [
        # XML and HTML
        "<", ">", "&", "&amp;", "&nbsp;", '"', "'", "]]>", "<script>",
        # Markdown, inline and at a line start
        "|", "\\", "*", "_", "`", "```", "~~", "$", "[", "]", "[x]", "](http://x)", "![",
        "# ", "- ", "+ ", "* ", "> ", "1. ", "1) ", "    ", "---", "===",
        # iCalendar
        ",", ";", "\\n", "\n", "\r\n", "\t",
        # Unicode: case pairs, combining marks, right-to-left, emoji, odd code points
        "ß", "İ", "ﬁ", "e\u0301", "שלום", "\u202e", "🧪", "👩🏽‍💻", "\u2028", "\ufffe",
        "\x00", "\x1b[31m", "  ",
    ]
)  # fmt: skip
"""Every character that is special to some output cop writes, so a generator meets each
escape (XML attributes and text, Markdown line starts, iCalendar's , ; \\ and breaks)."""
USER_TEXT = st.lists(st.one_of(SPECIALS, st.text(max_size=12)), max_size=12).map("".join)


def with_text(text: str):
    """A report where this text is a takeaway, a commitment, a name, a title, a note and
    a pulse note."""
    who = ReportPerson(text, "Dept", text, text)
    pulse = Pulse(
        session_id="s", scheduled_at=datetime(2026, 2, 1, tzinfo=UTC), present=2, notes=(text,)
    )
    return replace(
        minimal_report(),
        pulse=pulse,
        topic=text,
        talks=[ReportTalk(text, text, "given")],
        takeaways=[ReportTakeaway("tip", text, None)],
        commitments=[ReportCommitment(who, text, date(2026, 2, 1), None)],
        follow_up=[ReportFollowUp(who, text, "partly", text)],
    )


@settings(max_examples=150, deadline=None)
@given(USER_TEXT)
@example("x" * 9_000 + "|<&\n" * 250)
def test_markdown_keeps_any_user_text_as_text(text):
    assume(lines(text))
    meta, body = split_front_matter(markdown.render(with_text(text)))
    assert meta["topic"] == one_line(text)
    tokens = parse_markdown(body)
    assert not [t for t in tokens if t.type.startswith("html")]
    cells = [i for i, t in enumerate(tokens) if t.type in ("th_open", "td_open")]
    assert len(cells) == 8  # the follow-up table: 4 headers, 4 cells, whatever the text
    row = [inline_text(tokens[i + 1]) for i in cells[4:]]
    assert row == [one_line(text), one_line(text), "Partly", one_line(text)]
    items = [i for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert len(items) == 5  # present (nobody), the talk, the takeaway, the commitment, a note
    talk = next(t for t in tokens[items[1] :] if t.type == "inline")
    kept = "\n".join(lines(text))
    assert inline_text(talk) == f"{kept} — {kept} (given)"
    takeaway = next(t for t in tokens[items[2] :] if t.type == "inline")
    assert inline_text(takeaway) == kept
    note = next(t for t in tokens[items[4] :] if t.type == "inline")
    assert inline_text(note) == kept


@settings(max_examples=150, deadline=None)
@given(USER_TEXT)
@example("x" * 9_000 + "]]>\n" * 250)
def test_confluence_keeps_any_user_text_as_text(text):
    assume(lines(text))
    for deployment in ("cloud", "datacenter"):
        page = parse_storage(confluence.render(with_text(text), deployment))
        kept = "\n".join(lines(text))
        assert text_with_breaks(page.find("ul[2]/li")) == f"{kept} — {kept} (given)"
        assert text_with_breaks(page.find("ul[3]/li")) == kept
        body = page.find("ac:task-list/ac:task/ac:task-body", NAMESPACES)
        user = body.find("ac:link/ri:user", NAMESPACES)
        key = "account-id" if deployment == "cloud" else "userkey"
        assert user.get(f"{{{NAMESPACES['ri']}}}{key}") == one_line(text)
        assert text_with_breaks(body).startswith(": " + "\n".join(lines(text)) + " — due")
        note = page.findall("table")[-1].findall("tbody/tr")[1].findall("td")[-1]
        assert text_with_breaks(note) == "\n".join(lines(text))
        assert text_with_breaks(page.findall("ul")[-1].find("li")) == kept  # the pulse note


def test_the_markdown_body_ends_with_its_last_character_and_one_newline():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from facilitator.report_data import ReportNext

    upcoming = ReportNext(datetime(2026, 2, 5, 9, 30, tzinfo=ZoneInfo("UTC")), "Dr. X", None)
    text = markdown.render(replace(minimal_report(), next_session=upcoming))
    assert text.endswith("Host: Dr. X\n") and not text.endswith("\n\n")


def test_absentees_counted_and_not_named_say_so_in_both_formats():
    """A large roster's absentees are a number (the report names none of them); the
    other attendance lines stay as they were."""
    from facilitator.report_data import NOT_NAMED

    report = replace(full_report(), absent=[], absent_count=2042)
    text = markdown.render(report)
    assert "**Absent (2042):** not named (more than 40)\n" in text
    assert "**Excused (1):** Chen Wei\n" in text and "**New (1):** Zoe\n" in text
    page = confluence.render(report)
    assert f"<p><strong>Absent (2042):</strong> {NOT_NAMED}</p>" in page
    assert "<p><strong>Excused (1):</strong> Chen Wei</p>" in page
    nobody = replace(full_report(), absent=[], excused=[], newcomers=[])
    assert "Absent" not in markdown.render(nobody) and "Excused" not in confluence.render(nobody)
