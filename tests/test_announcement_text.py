"""The call for talks, exactly as it is pasted into a chat: golden files for a full and an
empty announcement in both formats, and the sign-up command for every community name."""

from __future__ import annotations

import os
import shlex
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from test_exporters import USER_TEXT, parse_markdown

from exporters import announcement as announce_text
from exporters.text import lines
from facilitator.announcement_data import Announcement

GOLDEN = Path(__file__).parent / "golden"
BERLIN = ZoneInfo("Europe/Berlin")
AGENDA = [("Input", 15), ("Practice sharing", 20), ("Dialogue", 15), ("Handoff", 10)]


def _announcement(**changes) -> Announcement:
    values = {
        "community": "Berlin AI Circle",
        "session_id": "s1",
        "start": datetime(2026, 12, 3, 16, 0, tzinfo=BERLIN),
        "timezone": "Europe/Berlin",
        "minutes": 60,
        "topic": "Prompts that *review* code",
        "host": "Ana <Lima>",
        "agenda": AGENDA,
        "talks": [("Ben", "My [prompt] linter", 5), ("Chloé", "#1 tip", 7)],
        "due": [("Dana", "try `pytest -x` on + every PR"), ("Eli", "write > one prompt")],
        "topics": [("Which *model* for [review]?", "Ben", 3), ("Agents | risks", None, 0)],
    }
    return Announcement(**(values | changes))


EMPTY = {"community": "", "topic": None, "host": None, "talks": [], "due": [], "topics": []}


@pytest.mark.parametrize("case", ["full", "empty"])
@pytest.mark.parametrize(("fmt", "suffix"), [("plain", "txt"), ("markdown", "md")])
def test_the_announcement_matches_its_golden_file(case, fmt, suffix):
    """Set COP_UPDATE_GOLDEN=1 to rewrite them on purpose, then review the diff."""
    a = _announcement(**(EMPTY if case == "empty" else {}))
    text = getattr(announce_text, fmt)(a)
    golden = GOLDEN / f"announce-{case}.{suffix}"
    if os.environ.get("COP_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["Berlin AI Circle", "O'Brien's \"AI\" club", "a;b $(x)"])
def test_the_sign_up_command_names_the_community_as_the_shell_reads_it(name):
    command = announce_text.sign_up(_announcement(community=name, talks=[]))
    words = shlex.split(command)
    assert words[:4] == ["cop", "talk", "add", "Your Name"]
    assert words[words.index("--date") + 1] == "2026-12-03"
    assert words[words.index("--community") + 1] == name


def test_without_a_community_name_the_sign_up_names_none():
    command = announce_text.sign_up(_announcement(community=""))
    assert command == 'cop talk add "Your Name" "Your title" --date 2026-12-03'


def _read(token) -> str:
    """An inline token as a reader sees it: the call's own bold labels are no user text."""
    out = []
    for child in token.children or []:
        if child.type in ("strong_open", "strong_close"):
            continue
        if child.type not in ("text", "softbreak", "hardbreak"):
            raise AssertionError(f"user text became {child.type}")
        out.append(child.content if child.type == "text" else "\n")
    return "".join(out)


@settings(max_examples=100, deadline=None)
@given(USER_TEXT)
def test_any_user_text_stays_text_in_the_markdown_call_for_talks(text):
    """Topic, host, a talk and a commitment due, each the same text: parsed back by a real
    Markdown parser, every one reads as typed (its lines joined by hard breaks)."""
    assume(lines(text))
    a = _announcement(
        topic=text,
        host=text,
        talks=[(text, text, 5)],
        due=[(text, text)],
        community="C",
        topics=[(text, text, 1)],
    )
    tokens = parse_markdown(announce_text.markdown(a))
    assert not [t for t in tokens if t.type.startswith("html")]
    kept = "\n".join(lines(text))
    ours = "cop topic add"  # the command to propose a topic: cop's own code span
    shown = [_read(t) for t in tokens if t.type == "inline" and ours not in t.content]
    assert f"Topic: {kept}" in shown and f"Host: {kept}" in shown
    assert f"{kept} — {kept} (5 min)" in shown  # the talk, as an ordered list item
    assert f"{kept}: {kept}" in shown  # the commitment due
    assert f"{kept} ({kept})" in shown  # the Dialogue topic and who proposed it
