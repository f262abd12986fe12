"""Posting to chat from the app at 80×24: the summary from the history (where ending a
session lands), asked before it goes twice, a channel picked among several, the call for
talks from home's empty talk queue, and the palette's "Post summary to NAME"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from chat_server import FakeChat, Fault
from sqlmodel import select
from test_invitation_tui import card
from test_live_tui import plain
from textual.widgets import Static

from facilitator.chat_config import ChatChannel, save_channel, store_webhook
from facilitator.services.sessions import plan_session
from facilitator.vocabulary import ChatPlatform
from screens.channel_picker import ChannelPicker
from screens.confirm import ConfirmScreen
from screens.history import HistoryScreen
from screens.home import HomeScreen
from store.models import ChatPost

from conftest import FROZEN_NOW
from tui_helpers import make_app, until, until_shown

SIZE = (80, 24)


@pytest.fixture
def chat():
    with FakeChat() as server:
        yield server
        assert server.violations == []


def channel(chat, name: str, platform: str = "slack") -> ChatChannel:
    added = ChatChannel(name, ChatPlatform(platform), "AI Practice Circle", "…/AbCd")
    save_channel(added)
    store_webhook(added, chat.url(platform))
    return added


def posts(db) -> list[ChatPost]:
    with db.session() as s:
        return list(s.exec(select(ChatPost)).all())


def status(app) -> str:
    """The status line's words, however the line wraps at 80 columns."""
    return " ".join(plain(app.screen.query_one("#status", Static).render()).split())


async def open_history(pilot, app) -> None:
    await until_shown(pilot, HomeScreen)
    await pilot.press("h")
    await until_shown(pilot, HistoryScreen)


async def test_the_summary_goes_to_chat_and_is_asked_about_before_going_twice(
    demo_db, chat, memory_keyring
):
    channel(chat, "ai")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        assert "Post summary to chat" in plain(app.screen.query_one("KeyBar").render())
        await pilot.press("c")
        await until(pilot, lambda: "Posted the summary of" in status(app))
        assert "to ai" in status(app) and len(chat.taken("slack")) == 1
        assert [p.subject for p in posts(demo_db)] == ["summary"]
        await pilot.press("c")
        await until_shown(pilot, ConfirmScreen)
        await pilot.press("n")
        await until_shown(pilot, HistoryScreen)
        assert len(posts(demo_db)) == 1 and "The summary of AI Practice Circle" in status(app)
        assert "went to ai on" in status(app)
        await pilot.press("c")
        await until_shown(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: len(posts(demo_db)) == 2)
        await until(pilot, lambda: "Posted the summary of" in status(app))


async def test_a_channel_is_picked_when_there_are_several(demo_db, chat, memory_keyring):
    channel(chat, "ai")
    channel(chat, "leads", "teams")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        await pilot.press("down")  # an older session
        await pilot.press("c")
        await until_shown(pilot, ChannelPicker)
        await pilot.press("escape")
        await until_shown(pilot, HistoryScreen)
        assert chat.received == []
        await pilot.press("c")
        await until_shown(pilot, ChannelPicker)
        await pilot.press("down", "enter")
        await until(pilot, lambda: "Posted the summary of" in status(app))
        assert status(app).endswith("to leads") and "2026-11-05" in status(app)
        assert len(chat.taken("teams")) == 1 and chat.taken("slack") == []


async def test_no_channel_or_a_failure_is_said_on_the_status_line(demo_db, chat, memory_keyring):
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        await pilot.press("c")
        await until(pilot, lambda: "No chat channel for this community yet" in status(app))
        channel(chat, "ai")
        chat.faults.append(Fault(404, body=b"channel_not_found"))
        await pilot.press("c")
        await until(pilot, lambda: "refused the post (404)" in status(app))
        assert "secretToken" not in status(app) and posts(demo_db) == []


async def test_the_palette_offers_post_summary_to_each_channel(demo_db, chat, memory_keyring):
    channel(chat, "ai")
    channel(chat, "leads", "teams")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"post summary to leads")
        await until(pilot, lambda: "Post summary to leads" in _palette(app))
        await pilot.press("enter")
        await until(pilot, lambda: "Posted the summary of" in status(app))
        assert len(chat.taken("teams")) == 1 and status(app).endswith("to leads")


def _palette(app) -> str:
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found:
        return ""
    return " ".join(str(option.prompt) for option in found.first().options)


async def test_home_offers_to_post_the_call_for_talks_when_the_queue_is_empty(
    demo_db, chat, memory_keyring
):
    soon = FROZEN_NOW + timedelta(days=2)
    plan_session(demo_db, None, FROZEN_NOW, soon.strftime("%Y-%m-%d %H:%M"), "Soon")
    channel(chat, "ai")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_shown(pilot, HomeScreen)
        await until(pilot, lambda: "c posts the call for talks" in card(app))
        await pilot.press("c")
        # recorded once the service has answered: after the server has taken it
        await until(pilot, lambda: [p.subject for p in posts(demo_db)] == ["announce"])
        (body,) = chat.taken("slack")
        assert "next session" in body["blocks"][0]["text"]["text"]
