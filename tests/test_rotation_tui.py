"""The next host in the app: the home screen, the Handoff suggestion, and the closing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from test_live_tui import plain
from test_rotation import held, records
from textual.widgets import Input, Static

from facilitator.live_session import LiveSession
from facilitator.services import live
from screens.agenda import AgendaScreen
from screens.closing import ClosingScreen
from screens.history import HistoryScreen
from screens.next_host import NextHostScreen
from screens.prompt import PromptScreen
from store.models import Member, StudySession

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app, type_text, until

NEXT = date(2026, 12, 10)
"""Every other Thursday in phase with 12 Nov: today's session (Sat 21 Nov, nothing planned)
takes 26 Nov, the nearest free cadence date, so the next one is 10 Dec."""


@pytest.fixture
def at_handoff(db, berlin_circle) -> FakeTime:
    """Ana hosted on 12 Nov; today Chen hosts, everyone present, and Handoff has begun."""
    held(db, date(2026, 11, 12), "Ana Lima")
    fake = FakeTime()
    session_id = live.begin_session(db, None, FROZEN_NOW, "Chen Wei", "Agents")
    session = LiveSession(db, session_id, fake.session_time())
    for row in session.attendance():
        session.set_attendance(row.member_id, "present")
    session.start()
    for _ in range(3):
        fake.advance(600)
        session.goto(+1)
    return fake


def next_host(db) -> str | None:
    with db.session() as s:
        row = s.exec(select(StudySession).where(StudySession.status == "planned")).first()
        if row is None or row.facilitator_id is None:
            return None
        assert row.scheduled_at.date() == NEXT
        return s.get(Member, row.facilitator_id).name


def text_of(screen, selector: str) -> str:
    return plain(screen.query_one(selector, Static).render())


async def open_at_handoff(pilot, app) -> None:
    await pilot.pause()
    await pilot.press("y")  # resume the live session
    await pilot.pause()
    assert isinstance(app.screen, AgendaScreen)


async def test_accepting_the_suggestion_at_handoff(db, at_handoff):
    app = make_app(db, at_handoff)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at_handoff(pilot, app)
        await until(pilot, lambda: "Next host" in text_of(app.screen, "#talk"))
        assert "Next host: suggested Ben Okafor  h: accept, pick or skip" in text_of(
            app.screen, "#talk"
        )
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, NextHostScreen)
        shown = text_of(app.screen, "#rotation")
        assert "Suggested: Ben Okafor (Sales)" in shown
        assert "fewest turns so far (0; Ana Lima has 1)" in shown
        assert "Chen Wei: hosted the previous session" in shown
        assert next_host(db) is None  # looking records nothing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        assert next_host(db) == "Ben Okafor"
        await until(pilot, lambda: "h: change" in text_of(app.screen, "#talk"))
        assert "Next host: Ben Okafor  h: change" in text_of(app.screen, "#talk")

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert app.screen.query_one("#next-host", Input).value == "Ben Okafor"
        assert "Ben Okafor hosts next time (chosen by rule: fewest turns" in text_of(
            app.screen, "#host-note"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)  # the summary, ready to send
    assert [(name, action) for name, action, _ in records(db)] == [("Ben Okafor", "chosen")]


async def test_skipping_then_picking_another_at_handoff(db, at_handoff):
    app = make_app(db, at_handoff)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at_handoff(pilot, app)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")  # no reason: refused, nothing recorded
        await pilot.pause()
        assert "Say why Ben Okafor is skipped" in text_of(app.screen, "#error")
        assert records(db) == []

        await pilot.press("k")
        await pilot.pause()
        await type_text(pilot, "on holiday")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextHostScreen)
        shown = text_of(app.screen, "#rotation")
        assert "Suggested: Ana Lima" in shown and "Ben Okafor: skipped: on holiday" in shown

        await pilot.press("p")
        await type_text(pilot, "zed")
        await pilot.press("enter")
        await pilot.pause()
        assert "No member named 'zed'" in text_of(app.screen, "#error")
        app.screen.query_one("#pick", Input).value = ""
        await type_text(pilot, "chen")
        await pilot.press("right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await until(pilot, lambda: "Chen Wei" in text_of(app.screen, "#talk"))
        assert "Next host: Chen Wei" in text_of(app.screen, "#talk")
    assert next_host(db) == "Chen Wei"
    assert records(db) == [
        ("Ben Okafor", "skipped", "on holiday"),
        ("Chen Wei", "picked", "picked by hand (the rule suggested Ana Lima)"),
    ]


async def test_changing_the_name_at_closing_records_a_pick(db, at_handoff):
    app = make_app(db, at_handoff)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at_handoff(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        assert "The rotation suggests Ben Okafor: fewest turns" in text_of(app.screen, "#host-note")
        await pilot.press("tab")  # to the host, all of it selected
        await type_text(pilot, "Ana Lima")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)  # the summary, ready to send
    assert next_host(db) == "Ana Lima"
    assert records(db) == [("Ana Lima", "picked", "picked by hand (the rule suggested Ben Okafor)")]


async def test_home_shows_the_upcoming_host_or_the_suggestion(db, berlin_circle, cop):
    held(db, date(2026, 11, 12), "Ana Lima")
    assert cop("session", "plan").code == 0
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "suggested" in text_of(app.screen, "#next-session"))
        card = text_of(app.screen, "#next-session")
        assert "Host: not assigned · suggested Ben Okafor" in card
        assert "tied with Chen Wei on turns and joining date" in card
        home = app.screen
        home.rotation = None  # as first painted, before the rotation is worked out
        home.show_next()
        assert "Host: …" in text_of(home, "#next-session")
        assert cop("rotate", "--pick", "Chen Wei").code == 0
        await pilot.press("f5")
        await pilot.pause()
        assert "Host: Chen Wei" in text_of(app.screen, "#next-session")  # stored, at once
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Host: Chen Wei" in text_of(app.screen, "#next-session")  # and the rule's


async def test_an_assignment_the_rule_now_refuses_is_flagged_with_the_rules_pick(
    db, at_handoff, cop
):
    """Chen hosts today and was also assigned the next session: hosting twice in a row."""
    assert cop("rotate", "--date", "2026-12-10", "--pick", "Chen Wei").code == 0
    app = make_app(db, at_handoff)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at_handoff(pilot, app)
        await until(pilot, lambda: "Next host" in text_of(app.screen, "#talk"))
        assert "Chen Wei — hosted the previous session!" in text_of(app.screen, "#talk")
        await pilot.press("h")
        await pilot.pause()
        shown = text_of(app.screen, "#rotation")
        assert "Assigned: Chen Wei — but hosted the previous session." in shown
        assert "The rule now suggests Ben Okafor" in shown
        assert "Next host: Chen Wei" not in shown
        assert "enter Ben Okafor instead" in text_of(app.screen, "#keys")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
    assert next_host(db) == "Ben Okafor"
    assert [(name, action) for name, action, _ in records(db)][-1] == ("Ben Okafor", "chosen")


async def test_closing_proposes_the_rules_pick_over_a_refused_assignment(db, at_handoff, cop):
    assert cop("rotate", "--date", "2026-12-10", "--pick", "Chen Wei").code == 0
    app = make_app(db, at_handoff)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at_handoff(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#next-host", Input).value == "Ben Okafor"
        note = text_of(app.screen, "#host-note")
        assert "Chen Wei was assigned, but hosted the previous session" in note
