"""Home's next-session card: saving its invitation (x, or the palette) and the empty talk
queue shown from two days before."""

from __future__ import annotations

import io
from datetime import timedelta

import icalendar
import pytest
from textual.widgets import Static

from facilitator.services.sessions import plan_session
from screens.home import HomeScreen
from screens.prompt import PromptScreen

from conftest import FROZEN_NOW
from tui_helpers import exports_of, make_app, type_text, until_shown


@pytest.fixture
def demo(demo_db):
    return demo_db


def card(app) -> str:
    from rich.console import Console

    console = Console(width=300, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#next-session", Static).content)
    return console.export_text()


async def test_x_saves_the_next_sessions_invitation(demo, isolated_home):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shown(pilot, HomeScreen)
        await pilot.press("x")
        await until_shown(pilot, PromptScreen)
        await pilot.press("enter")  # the default place, next to the database
        await until_shown(pilot, HomeScreen)
    [target] = exports_of(demo, isolated_home).glob("*.ics")
    [event] = icalendar.Calendar.from_ical(target.read_text()).walk("VEVENT")
    overview = app.workspace.overview()
    assert event.decoded("dtstart") == overview.next_session.scheduled_at
    assert str(event["summary"]).endswith(overview.next_session.topic)
    assert str(event["uid"]).startswith("session-")


async def test_the_palette_saves_it_too(demo, isolated_home):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shown(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "invitation")
        await pilot.pause()
        await pilot.press("enter")
        await until_shown(pilot, PromptScreen)
        await pilot.press("enter")  # the default place
        await until_shown(pilot, HomeScreen)
    saved = list(exports_of(demo, isolated_home).glob("*.ics"))
    assert [p.name for p in saved] == ["2026-12-03-ai-practice-circle.ics"]


async def test_an_empty_talk_queue_shows_two_days_before(demo):
    soon = FROZEN_NOW + timedelta(days=2)
    plan_session(demo, None, FROZEN_NOW, soon.strftime("%Y-%m-%d %H:%M"), "Soon")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shown(pilot, HomeScreen)
        await pilot.pause()
        assert "No lightning talk yet" in card(app)
