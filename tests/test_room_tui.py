"""The live session in a real room, by keys: literal text everywhere, pasted lines kept, the
plan as run in the export, presentation mode, undo, the palette, and nothing surprising."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import select
from test_followup import held
from test_live_tui import countdown, paste, plain, start_session
from textual.containers import VerticalScroll
from textual.widgets import Select, Static

from facilitator.live_session import LiveSession
from facilitator.services import export, live
from screens.agenda import AgendaScreen
from screens.big_clock import BigClock
from screens.closing import ClosingScreen
from screens.commitment_form import CommitmentFormScreen
from screens.confirm import ConfirmScreen
from screens.follow_up import FollowUpScreen
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.home import HomeScreen
from screens.presentation import PresentationScreen
from screens.start import StartScreen
from screens.takeaway_form import TakeawayFormScreen
from screens.talks import TalksScreen
from store.models import Attendance, Commitment, CommitmentReview, Member, StudySession, Takeaway

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app, type_text, until, until_shown

MARKUP = "My linter <v2> | [red]demo[/red] 🧪"


@pytest.fixture
def circle(berlin_circle, db):
    return db


def toasts(app) -> list[str]:
    """What the toasts show: their text, as long as none is read as markup."""
    notifications = list(app._notifications)
    assert not any(n.markup for n in notifications)
    return [n.message for n in notifications]


async def test_user_text_is_literal_in_toasts_options_headers_and_the_palette(circle, cop):
    assert cop("community", "create", "[b]Guild[/b] <x>", "--cadence", "weekly on monday").code == 0
    app = make_app(circle)
    async with app.run_test(size=(120, 36)) as pilot:
        app.workspace.community = "Circle"
        await start_session(pilot, app)
        app.sub_title = ""
        await pilot.press("n", "l")  # Practice sharing, the talk queue
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "chen")
        await pilot.press("right", "tab")
        await paste(pilot, MARKUP)
        await pilot.press("enter")
        await pilot.pause()
        assert any(f"Chen Wei signed up: {MARKUP}" in t for t in toasts(app))
        await pilot.press("enter")  # start it
        await pilot.pause()
        assert any(f"Talk started: {MARKUP}" in t for t in toasts(app))
        await pilot.press("escape", "c")  # a commitment, inspired by the talk
        await pilot.pause()
        assert isinstance(app.screen, CommitmentFormScreen)
        options = app.screen.query_one("#inspired", Select)._options
        labels = [plain(label).strip() for label, _ in options]
        assert f"talk: {MARKUP}" in labels
        await pilot.press("escape")
        await pilot.pause()
        header = plain(app.format_title("cop", "Circle · " + MARKUP))
        assert MARKUP in header
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Switch")
        await until(pilot, lambda: app.screen.query_one("CommandList").option_count > 0)
        first = app.screen.query_one("CommandList").get_option_at_index(0)
        assert "Switch to [b]Guild[/b] <x>" in plain(first.prompt)


async def test_pasted_lines_stay_lines_in_the_form_the_database_and_the_export(circle):
    pasted = "Ask for a rubric first\nthen the draft\n| and a table |"
    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        await paste(pilot, pasted)
        assert app.screen.query_one("#text").value == pasted
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        detail = plain(app.screen.query_one("#takeaway-detail", Static).render())
        assert "then the draft" in detail  # the whole text, below the table
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "ben")
        await pilot.press("right", "tab")
        await paste(pilot, "Try it on\ntwo reports")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        session_id = app.screen.live.id
    with circle.session() as s:
        assert s.exec(select(Takeaway.text)).one() == pasted
        assert s.exec(select(Commitment.text)).one() == "Try it on\ntwo reports"
    LiveSession(circle, session_id, fake.session_time()).end(None, None)
    markdown = export.render(export.report_by_id(circle, session_id), "markdown")
    kept = r"Ask for a rubric first\\\n\s*then the draft\\\n\s*\\\| and a table"
    assert re.search(kept, markdown)


async def test_a_whole_session_exports_the_plan_as_run_and_the_actual_minutes(circle):
    """+ six times in Input, rebalance, a running talk, - four times in Handoff, close."""
    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press(*["plus"] * 6)
        fake.advance(21 * 60)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = plain(app.screen.query_one("#question").render())
        assert "Running 6 min late" in question
        await pilot.press("y")
        await pilot.pause()
        panel = app.screen.query_one("#session-clock", Static)
        await until(pilot, lambda: "on time" in plain(panel.render()))
        await pilot.press("n", "l", "a")
        await pilot.pause()
        await type_text(pilot, "chen")
        await pilot.press("right", "tab")
        await type_text(pilot, "Prompt linting")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter", "escape")  # the talk runs
        fake.advance(5 * 60)
        await until(pilot, lambda: countdown(app) == "0:00")
        await pilot.press("n")  # the talk is marked given on the way
        fake.advance(10 * 60)
        await pilot.press("n")
        await pilot.press(*["minus"] * 4)
        fake.advance(60)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        shown = plain(app.screen.query_one("#summary", Static).content)
        assert "21 min (planned 15)" in shown and "1 min (planned 5)" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
    with circle.session() as s:
        ended = s.exec(select(StudySession).where(StudySession.status == "ended")).one()
    report = export.report_by_id(circle, ended.id)
    plans = {p.name: (p.plan, p.actual_minutes) for p in report.parts}
    assert plans["Input"] == ("21 min (planned 15)", 21.0)
    assert plans["Practice sharing"][1] == 5.0 and plans["Dialogue"][1] == 10.0
    assert plans["Handoff"] == ("1 min (planned 5)", 1.0)
    cut = sum(int(re.match(r"\d+", plans[p][0]).group()) for p in ("Practice sharing", "Dialogue"))
    assert cut == 25 + 15 - 6  # the rebalance took six minutes before Handoff
    markdown = export.render(report, "markdown")
    assert "| Input | 21 min (planned 15) | 21 min |" in markdown


async def test_presentation_mode_fills_the_screen_and_shows_a_running_talk(circle):
    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, app)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, PresentationScreen)
        big = app.screen.query_one("#big", BigClock)
        assert big.value == "15:00" and big.size.height >= 9
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        session = app.screen.live
        session.goto(+1)
        talk = session.add_talk("Chen Wei", "Prompt linting", minutes=3)
        session.start_talk(talk.id)
        fake.advance(200)
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.query_one("#big", BigClock).value == "+0:20"
        assert "Chen Wei" in plain(app.screen.query_one("#part", Static).render())
        assert "talk running" in plain(app.screen.query_one("#status", Static).render())
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)


async def test_help_on_the_agenda_lists_its_keys_and_leaves_the_clock_uncovered(circle):
    app = make_app(circle)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, app)
        clock = app.screen.query_one("#countdown", BigClock).region
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        panel = app.screen.query_one("#help").region
        assert not clock.overlaps(panel)
        shown = plain(app.screen.query_one("#keys", Static).content)
        assert shown.index("space") < shown.index("Everywhere") and "Cursor" not in shown


async def test_the_history_summary_scrolls_from_the_keyboard(db):
    from facilitator.services.demo import load_demo

    load_demo(db, FROZEN_NOW)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        summary = app.screen.query_one("#summary", VerticalScroll)
        await until(pilot, lambda: summary.max_scroll_y > 0)
        assert summary.scroll_y == 0
        await pilot.press("space")
        await until(pilot, lambda: summary.scroll_y > 0)
        assert summary.scroll_y > 0
        await pilot.press("end")
        await until(pilot, lambda: summary.scroll_y == summary.max_scroll_y)
        await pilot.press("down")  # ↑/↓ still choose the session
        await until(pilot, lambda: summary.scroll_y == 0)


async def test_a_one_key_outcome_is_undone_with_u_within_seconds(berlin_circle, db):
    held(db, date(2026, 11, 12), {"Ana Lima": ["Rubric prompt"], "Ben Okafor": ["Summaries"]})
    fake = FakeTime()
    live.begin_session(db, None, FROZEN_NOW, "Ana Lima", "Agents")
    app = make_app(db, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await type_text(pilot, "ben")
        await pilot.press("space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("d")
        await pilot.pause()
        assert any("u undoes it" in t for t in toasts(app))
        await pilot.press("u")
        await pilot.pause()
        with db.session() as s:
            assert s.exec(select(CommitmentReview)).all() == []
        assert app.screen.query_one("#open").row_count == 2
        await pilot.press("c")  # carried: a successor is created …
        await pilot.pause()
        fake.advance(11)  # … and the window closes
        await pilot.press("u")
        await pilot.pause()
        assert "Too late to undo" in plain(app.screen.query_one("#message", Static).render())
    with db.session() as s:
        assert [r.outcome for r in s.exec(select(CommitmentReview)).all()] == ["carried"]


async def test_a_commitment_for_someone_absent_asks_to_check_them_in(circle):
    app = make_app(circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)  # Ana hosts, Ben is checked in; Chen is not
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "Chen Wei")
        await pilot.press("tab")
        await type_text(pilot, "Try it")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Chen Wei is not checked in" in plain(app.screen.query_one("#question").render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CommitmentFormScreen)  # the text is still there
        assert app.screen.query_one("#text").value == "Try it"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
    with circle.session() as s:
        chen = s.exec(select(Member).where(Member.name == "Chen Wei")).one()
        mark = s.exec(select(Attendance).where(Attendance.member_id == chen.id)).one()
        assert mark.status == "present"
        assert s.exec(select(Commitment.text)).all() == ["Try it"]


async def test_quitting_during_a_live_session_asks_first(circle):
    app = make_app(circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert not app.is_running


async def test_the_palette_reaches_screens_and_live_actions(circle, cop):
    app = make_app(circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Presentation mode")
        await pilot.pause()
        await pilot.press("enter")
        await until_shown(pilot, PresentationScreen)
        assert isinstance(app.screen, PresentationScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Plan a session")
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, (AgendaScreen, HomeScreen)))
        await type_text(pilot, "Agents")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with circle.session() as s:
        planned = s.exec(select(StudySession).where(StudySession.status == "planned")).one()
    assert planned.topic == "Agents"


async def test_start_offers_the_planned_session_of_the_coming_days(circle, cop):
    assert cop("session", "plan", "--date", "2026-11-26", "--topic", "Agents").code == 0
    app = make_app(circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "Start the 26 Nov session now?" in plain(app.screen.query_one("#title").render())
        assert "it moves to 10:30 today" in plain(app.screen.query_one("#when").render())
        await type_text(pilot, "ana")
        await pilot.press("right", "enter", "enter")
        await pilot.pause()
    with circle.session() as s:
        rows = s.exec(select(StudySession)).all()
    assert len(rows) == 1 and rows[0].status == "live" and rows[0].topic == "Agents"


async def test_the_big_clock_grows_with_the_terminal(circle):
    app = make_app(circle)
    async with app.run_test(size=(160, 48)) as pilot:
        await start_session(pilot, app)
        assert app.screen.query_one("#countdown", BigClock).size.height >= 15
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.query_one("#big", BigClock).size.height >= 18
        assert isinstance(app.screen, PresentationScreen)
    _ = TakeawayFormScreen, TalksScreen


async def test_help_in_presentation_mode_stays_below_the_figures(circle):
    from screens.big_clock import render_big

    app = make_app(circle)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, app)
        await pilot.press("z")
        await pilot.pause()
        big = app.screen.query_one("#big", BigClock)
        drawn = [y for y, line in enumerate(render_big(big.value, *big.size)) if line.strip()]
        last_row = big.region.y + drawn[-1]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help").region.y > last_row
