"""A whole session driven by key presses, then checked in the database."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from sqlmodel import select
from textual import events
from textual.widgets import DataTable, Static

from facilitator.live_session import LiveSession
from facilitator.services import home_overview, live
from screens.agenda import AgendaScreen
from screens.big_clock import BigClock
from screens.checkin import CheckInScreen
from screens.closing import ClosingScreen
from screens.commitment_form import CommitmentFormScreen
from screens.confirm import ConfirmScreen
from screens.history import HistoryScreen
from screens.resume import ResumeScreen
from screens.start import StartScreen
from screens.takeaway_form import TakeawayFormScreen
from screens.talks import TalksScreen
from store.models import Commitment, LightningTalk, StudySession, Takeaway, TimerEvent

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app, type_text, until, until_shown

NASTY = "[b]not bold[/b] <x> | y 🧪 שלום"


@pytest.fixture
def circle(berlin_circle, db):
    return db


def clock_events(db) -> list[str]:
    with db.session() as s:
        return [e.kind for e in s.exec(select(TimerEvent).order_by(TimerEvent.seq)).all()]


def countdown(app) -> str:
    agenda = next(s for s in app.screen_stack if isinstance(s, AgendaScreen))
    return agenda.query_one("#countdown", BigClock).value


def plain(renderable) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()


async def paste(pilot, text: str) -> None:
    """What the terminal sends when text is pasted (or typed through an input method)."""
    pilot.app.screen.focused.post_message(events.Paste(text))
    await pilot.pause()


async def start_session(pilot, app) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, StartScreen)
    await type_text(pilot, "ana")
    await pilot.press("right", "tab")  # accept the completion, go to the topic
    await type_text(pilot, "Prompt patterns")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, CheckInScreen)
    await type_text(pilot, "ben")
    await pilot.press("space", "escape")
    await pilot.pause()
    assert isinstance(app.screen, AgendaScreen)


async def test_a_whole_session_by_keys(circle):
    fake = FakeTime()
    app = make_app(circle, fake)
    bells = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.bell = lambda: bells.append(1)
        await start_session(pilot, app)
        assert countdown(app) == "15:00"

        fake.advance(13 * 60 + 30)
        digits = app.screen.query_one("#countdown", BigClock)
        await until(pilot, lambda: digits.value == "1:30")
        assert digits.value == "1:30" and digits.has_class("-warning")
        fake.advance(100)
        await until(pilot, lambda: digits.value == "+0:10")
        assert digits.value == "+0:10" and digits.has_class("-overtime")
        assert bells == [1]

        await pilot.press("space")  # pause
        fake.advance(600)
        await pilot.press("space")  # resume
        await pilot.press("plus", "plus", "minus")
        assert "16 min" in str(app.screen.query_one("#part-name", Static).render())

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TakeawayFormScreen)
        await type_text(pilot, NASTY[:24])
        await paste(pilot, NASTY[24:])  # emoji and Hebrew arrive as a paste
        await pilot.press("tab")
        await type_text(pilot, "ben")
        await pilot.press("right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        table = app.screen.query_one("#takeaways", DataTable)
        assert str(table.get_row_at(0)[1]) == NASTY and str(table.get_row_at(0)[2]) == "Ben Okafor"

        await pilot.press("n", "l")
        await pilot.pause()
        assert isinstance(app.screen, TalksScreen)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "chen")
        await pilot.press("right", "tab")
        await type_text(pilot, "Prompt linting")
        await pilot.press("tab")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TalksScreen)
        await pilot.press("enter")  # start the talk
        await pilot.press("escape")
        fake.advance(200)
        await until(pilot, lambda: countdown(app) == "+0:20")  # the talk's own clock is big
        assert "Talk  Chen Wei" in str(app.screen.query_one("#part-name", Static).render())
        assert "Prompt linting" in str(app.screen.query_one("#talk", Static).render())

        await pilot.press("r")  # about 13 minutes late: a proposal
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Handoff stays 5 min" in str(app.screen.query_one("#detail", Static).render())
        await pilot.press("y")
        await pilot.pause()

        await pilot.press("n", "n")  # the running talk is marked given on the way
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CommitmentFormScreen)
        await type_text(pilot, "Write a rubric prompt")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommitmentFormScreen)  # Ben is next
        await pilot.press("ctrl+n")  # Ben passes
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        summary = plain(app.screen.query_one("#summary", Static).content)
        assert NASTY in summary and "Passed this time: Ben Okafor" in summary
        await type_text(pilot, "Agents")
        await pilot.press("tab")
        await type_text(pilot, "Chen Wei")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)  # the summary, ready to send

    with circle.session() as s:
        ended = s.exec(select(StudySession).where(StudySession.status == "ended")).one()
        nxt = s.exec(select(StudySession).where(StudySession.status == "planned")).one()
        takeaway = s.exec(select(Takeaway)).one()
        commitment = s.exec(select(Commitment)).one()
        talk = s.exec(select(LightningTalk)).one()
    assert ended.topic == "Prompt patterns" and ended.next_topic == "Agents"
    assert nxt.topic == "Agents" and nxt.facilitator_id is not None
    assert (takeaway.text, takeaway.kind) == (NASTY, "tip")
    assert commitment.text == "Write a rubric prompt"
    assert (talk.title, talk.minutes, talk.status) == ("Prompt linting", 3, "given")
    kinds = clock_events(circle)
    assert kinds[:3] == ["start", "pause", "resume"]
    assert kinds.count("adjust") >= 4 and kinds[-1] == "end"
    assert {"talk_start", "talk_end", "goto"} <= set(kinds)


async def test_the_clock_keeps_running_behind_a_modal(circle):
    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        fake.advance(65)
        await until(pilot, lambda: countdown(app) == "13:55")
        assert isinstance(app.screen, TakeawayFormScreen)
        assert countdown(app) == "13:55"


async def test_an_empty_takeaway_is_refused_in_the_form(circle):
    app = make_app(circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("t", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TakeawayFormScreen)
        assert "The takeaway is empty" in str(app.screen.query_one("#error", Static).render())
    with circle.session() as s:
        assert s.exec(select(Takeaway)).all() == []


async def test_a_takeaway_is_edited_and_deleted_after_asking(circle):
    app = make_app(circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("t")
        await type_text(pilot, "first")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#takeaways", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TakeawayFormScreen)
        await pilot.press("end", *" edited", "enter")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        with circle.session() as s:
            assert s.exec(select(Takeaway.text)).all() == ["first edited"]
        await pilot.press("delete", "y")
        await pilot.pause()
    with circle.session() as s:
        assert s.exec(select(Takeaway)).all() == []


async def test_closing_the_terminal_keeps_a_half_typed_note(circle):
    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("t")
        await type_text(pilot, "half a tho")
        app.keep_drafts_and_exit()  # what SIGHUP and SIGTERM do
        await pilot.pause()
    again = make_app(circle, fake)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeScreen)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert again.screen.query_one("#text").value == "half a tho"
        await type_text(pilot, "ught")
        await pilot.press("enter")
        await pilot.pause()
    with circle.session() as s:
        assert s.exec(select(Takeaway.text)).all() == ["half a thought"]


async def test_relaunch_offers_to_resume_and_restores_the_part_and_clock(circle):
    fake = FakeTime()
    session_id = live.begin_session(circle, None, FROZEN_NOW, "Ana Lima", None)
    session = LiveSession(circle, session_id, fake.session_time())
    session.start()
    fake.advance(120)
    session.goto(+1)
    fake.advance(60)  # the app died here, 60 s into Practice sharing
    app = make_app(circle, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        shown = " ".join(str(b.label) for b in app.screen.query("Button"))
        assert "Resume" in shown and "Not now, keep it live" in shown and "Abandon" in shown
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        assert countdown(app) == "24:00"
        assert "Practice sharing" in str(app.screen.query_one("#part-name", Static).render())


async def test_sleep_is_asked_about_and_can_be_taken_off(circle):
    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        fake.advance(60)
        fake.sleep(600)
        await until_shown(pilot, ConfirmScreen)
        assert isinstance(app.screen, ConfirmScreen)
        assert "asleep for about 10 min" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await pilot.pause()
        assert countdown(app) == "14:00"
    assert "sleep" in clock_events(circle)


async def test_a_newcomer_is_added_from_check_in(circle):
    app = make_app(circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter", "enter")  # no host, no topic
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await type_text(pilot, "zoe")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Zoe Adams")
        await pilot.press("enter")
        await type_text(pilot, "Legal")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert "1 present" in str(app.screen.query_one("#count", Static).render())
    session_id, _ = home_overview.left_live(circle)
    rows = {r.name: r for r in live.attendance(circle, session_id)}
    assert rows["Zoe Adams"].newcomer and rows["Zoe Adams"].status == "present"
    assert rows["Zoe Adams"].department == "Legal"


async def test_cop_session_start_opens_the_start_form(circle):
    app = make_app(circle, start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_paused_is_said_everywhere_and_space_is_named_for_what_it_does(circle):
    from screens.key_bar import KeyBar
    from screens.presentation import PresentationScreen

    def keys() -> str:
        return plain(app.screen.query_one(KeyBar).render())

    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, app)
        await until(pilot, lambda: "Pause" in keys())
        assert "Resume" not in keys()
        await pilot.press("space")
        await until(pilot, lambda: "Resume" in keys())
        assert "Pause " not in keys() and "PAUSED" in plain(
            app.screen.query_one("#part-name", Static).render()
        )
        await pilot.press("z")
        await until_shown(pilot, PresentationScreen)
        await until(pilot, lambda: "Resume" in keys())
        assert "PAUSED" in plain(app.screen.query_one("#part", Static).render())
        assert "PAUSED" in plain(app.screen.query_one("#status", Static).render())
        await pilot.press("space")  # resumes from presentation mode too
        await until(pilot, lambda: "Pause" in keys())
        assert "PAUSED" not in plain(app.screen.query_one("#status", Static).render())
    assert clock_events(circle)[:3] == ["start", "pause", "resume"]


async def test_rebalancing_an_early_session_says_it_runs_early(circle):
    fake = FakeTime()
    app = make_app(circle, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, app)
        said: list[str] = []
        app.screen.notify = lambda message, **_: said.append(str(message))
        fake.advance(5 * 60)
        await pilot.press("n")  # Input ends 10 minutes early
        await pilot.press("r")
        await until(pilot, lambda: bool(said))
    assert said == ["The session runs 10 min early; nothing to rebalance."]
