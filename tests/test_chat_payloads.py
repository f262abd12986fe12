"""What cop posts to Slack and Teams: golden payloads for the sample data, Slack's and
Teams' limits, and any user text arriving as the text it is."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_samples import full_report
from test_announcement_text import EMPTY, _announcement
from test_insights import NOW, Q4, circle  # noqa: F401  (the fixture, used by name)

from exporters import chat_content, slack_payload, teams_payload
from exporters.chat_message import ChatLink, ChatMessage, ChatSection
from facilitator.domain import FollowUpItem
from facilitator.services.insight_report import insight_report

GOLDEN = Path(__file__).parent / "golden" / "chat"
RENDER = {"slack": slack_payload.payloads, "teams": teams_payload.payloads}
PAGE = "https://example.atlassian.net/wiki/spaces/AI/pages/2001?a=1&b=<2>"


def _nudges() -> ChatMessage:
    def item(owner: str, text: str, due: date, overdue: bool = False) -> FollowUpItem:
        return FollowUpItem(
            "c" * 32, "cccccccc", owner, None, text, date(2026, 11, 5), due, 0, 16, overdue
        )

    items = [
        item("Ben Okafor", "Share one prompt", date(2026, 11, 19), overdue=True),
        item("Ana Lima", "Try the rubric prompt | twice", date(2026, 12, 3)),
        item("Ana Lima", "Ask <!here> about *that* tool", date(2026, 12, 3)),
    ]
    return chat_content.nudges("AI Practice Circle", items, date(2026, 12, 3))


MESSAGES = {
    "summary": lambda: chat_content.summary(full_report(), PAGE),
    "announce-full": lambda: chat_content.announcement(_announcement()),
    "announce-empty": lambda: chat_content.announcement(_announcement(**EMPTY)),
    "nudges": _nudges,
}


def _check_golden(name: str, platform: str, bodies: list[dict]) -> None:
    path = GOLDEN / f"{name}.{platform}.json"
    rendered = json.dumps(bodies, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("COP_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("platform", list(RENDER))
@pytest.mark.parametrize("name", list(MESSAGES))
def test_payloads_match_their_golden_files(name, platform):
    """Set COP_UPDATE_GOLDEN=1 to rewrite them on purpose, then review the diff."""
    bodies = RENDER[platform](MESSAGES[name]())
    _check_golden(name, platform, bodies)
    assert RENDER[platform](MESSAGES[name]()) == bodies  # the same data, the same bytes


@pytest.mark.parametrize("platform", list(RENDER))
def test_the_report_payload_matches_its_golden_file(circle, platform):  # noqa: F811
    report = insight_report(circle, None, Q4, NOW)
    bodies = RENDER[platform](chat_content.report(report, Q4.label, PAGE))
    _check_golden("report", platform, bodies)


def test_the_summary_says_what_the_session_gave():
    message = chat_content.summary(full_report(), PAGE)
    headings = [section.heading for section in message.sections]
    assert headings[0] == "Lightning talks" and "Try this week" in headings
    assert "Pulse" in headings
    assert message.links == (ChatLink("The notes in Confluence", PAGE),)
    assert chat_content.summary(full_report(), None).links == ()


def test_slack_escapes_the_three_characters_and_keeps_links_whole():
    body = slack_payload.payloads(chat_content.summary(full_report(), PAGE))[0]
    texts = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    link = texts[-1]
    assert link == (
        "<https://example.atlassian.net/wiki/spaces/AI/pages/2001?a=1&amp;b=&lt;2&gt;"
        "|The notes in Confluence>"
    )
    assert slack_payload.escape("a & <b> > c") == "a &amp; &lt;b&gt; &gt; c"


def test_teams_escapes_adaptive_card_markdown():
    assert teams_payload.escape("**bold** [x](y) _i_ #1 <at>") == (
        r"\*\*bold\*\* \[x\]\(y\) \_i\_ \#1 \<at\>"
    )
    assert teams_payload.escape("- not a list\n1. nor this") == "\\- not a list\n\\1. nor this"
    assert teams_payload.escape("a - b 1. c") == "a - b 1. c"


def _takeaway_message(text: str, count: int = 1) -> ChatMessage:
    return ChatMessage("Title", "summary", (ChatSection("Tips", (text,) * count),))


def slack_text(bodies: list[dict]) -> str:
    """The sections' text of every message, unescaped, without the headings."""
    out = []
    for body in bodies:
        for block in body["blocks"]:
            if block["type"] == "section":
                text = block["text"]["text"]
                out.append(text.removeprefix("*Tips*").removeprefix("\n"))
    joined = "".join(out)
    return joined.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


HOSTILE = [
    "<!channel> <!here> <@U123> <#C42|general>",
    "*bold* _italic_ ~strike~ `code` ```block``` > quote",
    "**md** [link](https://evil.test) ![img](x) <script>alert(1)</script> &amp;",
    "مرحبا بالعالم — שלום עולם — mixed עברית and English",
    "emoji 🎉👩🏽‍💻🏳️‍🌈 and :tada: and \u200b zero width",
    "x" * 10_000,
    "&" * 3_500,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_stays_text_on_both(text):
    slack = slack_payload.payloads(_takeaway_message(text))
    assert slack_text(slack) == text.replace("\n", "")
    for body in slack:
        for block in body["blocks"]:
            if block["type"] == "section":
                section = block["text"]["text"]
                assert len(section) <= 3000 and "<" not in section and ">" not in section
    teams = teams_payload.payloads(_takeaway_message(text))
    runs = [
        inline["text"]
        for body in teams
        for element in body["attachments"][0]["content"]["body"]
        if element["type"] == "RichTextBlock"
        for inline in element["inlines"]
    ]
    assert runs == [text]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=4000).filter(lambda t: "\n" not in t))
def test_any_text_is_split_and_escaped_without_losing_a_character(text):
    bodies = slack_payload.payloads(_takeaway_message(text))
    assert slack_text(bodies) == text
    for body in bodies:
        assert len(body["blocks"]) <= slack_payload.MAX_BLOCKS


def test_a_long_summary_goes_out_as_several_messages_each_within_the_limits():
    message = _takeaway_message("a takeaway that takes room " * 100, count=120)
    slack = slack_payload.payloads(message)
    assert len(slack) > 1
    for number, body in enumerate(slack, 1):
        assert len(body["blocks"]) <= 50
        assert body["blocks"][0]["text"]["text"] == f"Title ({number} of {len(slack)})"
    teams = teams_payload.payloads(message)
    assert len(teams) > 1
    for body in teams:
        assert len(json.dumps(body, ensure_ascii=False).encode()) < 28 * 1024
    assert "actions" not in teams[0]["attachments"][0]["content"]


def test_a_long_title_is_shortened_for_slack_headers_only():
    message = ChatMessage("T" * 200, "s")
    header = slack_payload.payloads(message)[0]["blocks"][0]["text"]["text"]
    assert len(header) == 150 and header.endswith("…")
    assert teams_payload.payloads(message)[0]["attachments"][0]["content"]["body"][0]["text"] == (
        "T" * 200
    )
