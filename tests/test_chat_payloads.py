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


def test_every_text_of_a_teams_card_is_a_text_run_never_read_as_markdown():
    for body in teams_payload.payloads(chat_content.summary(full_report(), PAGE)):
        card = body["attachments"][0]["content"]
        assert {element["type"] for element in card["body"]} == {"RichTextBlock"}
        assert all(len(element["inlines"]) == 1 for element in card["body"])


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
    assert text in runs


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
    title = teams_payload.payloads(message)[0]["attachments"][0]["content"]["body"][0]
    assert title["inlines"][0]["text"] == "T" * 200


ENTITY = __import__("re").compile(r"&(?!(?:amp|lt|gt);)")


def test_no_section_ends_inside_an_entity():
    """Each section is sent on its own: `&amp;` cut in two would show as text."""
    for shift in range(6):
        text = "x" * shift + "&" * 1200
        for body in slack_payload.payloads(_takeaway_message(text)):
            for block in body["blocks"]:
                if block["type"] == "section":
                    assert not ENTITY.search(block["text"]["text"]), shift


def test_sections_fill_up_to_exactly_the_limit():
    exact = ChatMessage("T", "s", (ChatSection(None, ("x" * 1000, "y" * 999, "z" * 999)),))
    sections = [b for b in slack_payload.payloads(exact)[0]["blocks"] if b["type"] == "section"]
    assert [len(b["text"]["text"]) for b in sections] == [3000]
    one_line = ChatMessage("T", "s", (ChatSection(None, ("x" * 3000,)),))
    sections = [b for b in slack_payload.payloads(one_line)[0]["blocks"] if b["type"] == "section"]
    assert [b["text"]["text"] for b in sections] == ["x" * 3000]


def test_a_message_holds_exactly_fifty_blocks_before_a_second_is_needed():
    def message(lines: int) -> ChatMessage:  # the context, then one section per line
        return ChatMessage("T", "s", tuple(ChatSection(None, ("x" * 2999,)) for _ in range(lines)))

    (full,) = slack_payload.payloads(message(48))
    assert len(full["blocks"]) == 50 and full["blocks"][0]["text"]["text"] == "T"
    two = slack_payload.payloads(message(49))
    assert [len(b["blocks"]) for b in two] == [50, 2]
    assert [b["blocks"][0]["text"]["text"] for b in two] == ["T (1 of 2)", "T (2 of 2)"]


def test_a_header_keeps_its_part_within_150_characters():
    many = ChatMessage("T" * 200, "s", tuple(ChatSection(None, ("x" * 2999,)) for _ in range(60)))
    headers = [b["blocks"][0]["text"]["text"] for b in slack_payload.payloads(many)]
    assert all(len(h) == 150 and h.endswith("… (1 of 2)"[-len(h[-10:]) :]) for h in headers[:1])
    assert headers[1].endswith("(2 of 2)") and len(headers[1]) == 150
    exact = slack_payload.payloads(ChatMessage("T" * 150, "s"))[0]["blocks"][0]["text"]["text"]
    assert exact == "T" * 150


def test_a_link_with_a_bar_stays_one_link():
    message = ChatMessage("T", "s", links=(ChatLink("Page", "https://x.test/a|b>c"),))
    link = slack_payload.payloads(message)[0]["blocks"][-1]["text"]["text"]
    assert link == "<https://x.test/a%7Cb&gt;c|Page>"


def _card_bodies(message: ChatMessage) -> list[list[dict]]:
    return [body["attachments"][0]["content"]["body"] for body in teams_payload.payloads(message)]


def test_a_teams_card_holds_exactly_its_size_before_a_second_is_needed():
    summary = teams_payload._run("s", spacing="None", isSubtle=True)

    def size(element) -> int:
        return len(json.dumps(element, ensure_ascii=False).encode("utf-8"))

    rest = size(summary) + size(teams_payload._run("x" * 9000))
    fill = teams_payload.MAX_CARD_BYTES - rest - size(teams_payload._run("", spacing="Small"))
    lines = ("x" * 9000, "y" * fill)
    assert len(_card_bodies(ChatMessage("T", "s", (ChatSection(None, lines),)))) == 1
    longer = ("x" * 9000, "y" * (fill + 1))
    bodies = _card_bodies(ChatMessage("T", "s", (ChatSection(None, longer),)))
    assert [b[0]["inlines"][0]["text"] for b in bodies] == ["T (1 of 2)", "T (2 of 2)"]


def test_nudges_are_in_name_order_whatever_the_case_and_end_well_without_a_next_session():
    def item(owner: str) -> FollowUpItem:
        return FollowUpItem(
            "c" * 32, "c" * 8, owner, None, "t", date(2026, 11, 5), date(2026, 12, 3), 0, 1, False
        )

    message = chat_content.nudges("C", [item("ben"), item("Ana"), item("Cleo")], None)
    assert [s.heading for s in message.sections] == ["Ana", "ben", "Cleo"]
    assert message.summary.endswith("How did it go? One line is plenty.")


def test_no_link_without_a_page_and_no_pulse_without_votes(circle):  # noqa: F811
    from dataclasses import replace

    from facilitator.pulse_tally import Pulse

    report = insight_report(circle, None, Q4, NOW)
    assert chat_content.report(report, Q4.label, None).links == ()
    session = full_report()
    noted = replace(
        session,
        pulse=Pulse(session_id="s", scheduled_at=session.scheduled_at, present=3, notes=("x",)),
    )
    assert "Pulse" not in [s.heading for s in chat_content.summary(noted, None).sections]
