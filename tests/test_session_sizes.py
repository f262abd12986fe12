"""A whole session by keys at every size the room uses, with few and many takeaways.

Ending a session at 80×24 once replaced the closing screen with a traceback: the takeaways
table laid itself out after its screen had gone. Each run here goes start (two days early on
the sample data) → check-in → follow-up → talks → takeaways → commitments → next host →
closing → end → history, and must end on the ended session's summary with nothing raised.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from rich.console import Console
from sqlmodel import select
from textual.widgets import Static

from facilitator.services import captures
from screens.agenda import AgendaScreen
from screens.checkin import CheckInScreen
from screens.closing import ClosingScreen
from screens.commitment_form import CommitmentFormScreen
from screens.follow_up import FollowUpScreen
from screens.history import HistoryScreen
from screens.next_host import NextHostScreen
from screens.start import StartScreen
from screens.talks import TalksScreen
from store.models import StudySession

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app, type_text, until, until_shown

SIZES = [(80, 24), (100, 32), (160, 48)]
TAKEAWAYS = [0, 1, 5, 40]
LONG = (
    "A prompt that asks the model to list its assumptions first, then answer, "
    "and to say which assumption it is least sure of — it caught two wrong premises "
    'in our quarterly planning draft & one | pipe, <angle> and "quotes"'
)


def text_of(screen, selector: str) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(screen.query_one(selector, Static).content)
    return console.file.getvalue()


async def back_to_agenda(pilot) -> None:
    await until_shown(pilot, AgendaScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("takeaways", TAKEAWAYS)
async def test_a_whole_session_ends_on_its_summary_at_every_size(demo_db, size, takeaways):
    fake = FakeTime(FROZEN_NOW + timedelta(days=10, hours=1))  # Tue 1 Dec: Thu 3 Dec early
    app = make_app(demo_db, fake)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.screen.is_mounted and app.screen.query("#next-session"))
        await pilot.press("s")
        await until_shown(pilot, StartScreen)
        assert "session now?" in text_of(app.screen, "#title")  # the planned one, early
        assert "esc cancel" in text_of(app.screen, "#hint")
        await pilot.press("ctrl+s")
        await until_shown(pilot, CheckInScreen)
        await pilot.press("space", "down", "space", "escape")
        await until_shown(pilot, FollowUpScreen)  # the earlier commitments come up first
        await pilot.press("d", "c", "escape")
        await back_to_agenda(pilot)
        session_id = app.screen.live.id

        for number in range(max(0, takeaways - 1)):
            captures.add_takeaway(demo_db, session_id, f"{number + 1}. {LONG}\nsecond line")
        if takeaways:
            await pilot.press("t")
            await until(pilot, lambda: not isinstance(app.screen, AgendaScreen))
            await type_text(pilot, LONG[:60])
            await pilot.press("enter")
            await back_to_agenda(pilot)

        await pilot.press("l")
        await until_shown(pilot, TalksScreen)
        await pilot.press("escape")
        await back_to_agenda(pilot)

        await pilot.press("n", "n", "n")  # to Handoff
        await until(pilot, lambda: "Handoff" in text_of(app.screen, "#part-name"))
        await pilot.press("c")
        for _ in range(12):  # everyone present in turn
            await until(pilot, lambda: app.screen.is_mounted)
            if not isinstance(app.screen, CommitmentFormScreen):
                break
            await type_text(pilot, "Try the assumptions prompt")
            await pilot.press("enter")
            await pilot.pause()
        await back_to_agenda(pilot)

        await pilot.press("h")
        await until_shown(pilot, NextHostScreen)
        await pilot.press("escape")
        await back_to_agenda(pilot)

        await pilot.press("e")
        await until_shown(pilot, ClosingScreen)
        await pilot.press("ctrl+s")
        await until_shown(pilot, HistoryScreen)
        await pilot.pause()
        await until(pilot, lambda: "Commitments" in text_of(app.screen, "#summary-text"))
        summary = text_of(app.screen, "#summary-text")
        assert ("Takeaways" in summary) == bool(takeaways)
        assert app.return_code is None  # still running: nothing raised

    with demo_db.session() as s:
        ended = s.get(StudySession, session_id)
        upcoming = s.exec(
            select(StudySession)
            .where(StudySession.status == "planned")
            .order_by(StudySession.scheduled_at)
        ).first()
    assert ended.status == "ended"
    assert ended.cadence_on is not None and ended.cadence_on > fake.wall_now.date()
    assert upcoming.cadence_on == ended.cadence_on + timedelta(weeks=2)  # not the same date
