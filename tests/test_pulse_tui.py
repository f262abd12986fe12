"""The pulse in the room: votes tallied by keys at Handoff, at 80×24."""

from __future__ import annotations

from sqlmodel import select
from test_live_tui import plain
from test_rotation_tui import at_handoff, open_at_handoff  # noqa: F401  (a fixture)
from textual.widgets import Static

from screens.agenda import AgendaScreen
from screens.closing import ClosingScreen
from screens.confirm import ConfirmScreen
from screens.prompt import PromptScreen
from screens.pulse_panel import PulsePanel
from store.models import PulseNote, SessionPulse

from tui_helpers import make_app, type_text, until, until_shown

SIZE = (80, 24)


def stored(db) -> tuple[int, ...]:
    with db.session() as s:
        row = s.exec(select(SessionPulse)).first()
        if row is None:
            return (0, 0, 0, 0, 0)
        return (row.score_1, row.score_2, row.score_3, row.score_4, row.score_5)


def tally(app) -> str:
    return plain(app.screen.query_one("#tally", Static).render())


def error(app) -> str:
    return plain(app.screen.query_one("#error", Static).render())


async def open_pulse(pilot, app) -> None:
    """Resume the live session (in Handoff) and open the pulse panel with `v`."""
    await open_at_handoff(pilot, app)
    await pilot.press("v")
    await until_shown(pilot, PulsePanel)


async def test_votes_by_keys_with_undo_and_a_confirmation_past_the_room(db, at_handoff):  # noqa: F811
    app = make_app(db, at_handoff)
    async with app.run_test(size=SIZE) as pilot:
        await open_pulse(pilot, app)
        assert "0 votes · 0 of 3 present (0%)" in tally(app)
        await pilot.press("5", "4", "4")
        await until(pilot, lambda: "3 votes" in tally(app))
        assert stored(db) == (0, 0, 0, 2, 1)  # each vote on disk before it is shown
        assert "3 votes · 3 of 3 present (100%) · average 4.3 · spread 0.5" in tally(app)
        assert "5 ███████████████ 1" in tally(
            app
        ) and "4 ██████████████████████████████ 2" in tally(app)

        await pilot.press("3")  # a fourth vote in a room of three: asked, not refused
        await until_shown(pilot, ConfirmScreen)
        await pilot.press("n")
        await until_shown(pilot, PulsePanel)
        assert stored(db) == (0, 0, 0, 2, 1)
        await pilot.press("3")
        await until_shown(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: stored(db) == (0, 0, 1, 2, 1))
        assert "4 of 3 present (133%)" in tally(app)

        await pilot.press("backspace")  # the last vote entered (the 3) is taken back
        await until(pilot, lambda: stored(db) == (0, 0, 0, 2, 1))
        await pilot.press("backspace", "backspace", "backspace")
        await until(pilot, lambda: stored(db) == (0, 0, 0, 0, 0))
        await pilot.press("backspace")
        await until(pilot, lambda: "No vote entered here" in error(app))
        assert stored(db) == (0, 0, 0, 0, 0)

        await pilot.press("n")
        await until_shown(pilot, PromptScreen)
        await type_text(pilot, "Less [b]slides[/b]")
        await pilot.press("enter")
        await until_shown(pilot, PulsePanel)
        with db.session() as s:
            assert s.exec(select(PulseNote.text)).all() == ["Less [b]slides[/b]"]
        assert "1 note: Less [b]slides[/b]" in tally(app)
        await pilot.press("escape")
        await until_shown(pilot, AgendaScreen)


async def test_the_votes_survive_a_restart_in_the_middle_of_handoff(db, at_handoff):  # noqa: F811
    app = make_app(db, at_handoff)
    async with app.run_test(size=SIZE) as pilot:
        await open_pulse(pilot, app)
        await pilot.press("5", "2")
        await until(pilot, lambda: stored(db) == (0, 1, 0, 0, 1))
    # The app is gone (as after a kill): a new one on the same database resumes Handoff.
    again = make_app(db, at_handoff)
    async with again.run_test(size=SIZE) as pilot:
        await open_pulse(pilot, again)
        assert "2 votes · 2 of 3 present (67%) · average 3.5 · spread 1.5" in tally(again)
        await pilot.press("backspace")  # anonymous: which vote came last is not stored
        await until(pilot, lambda: "only those entered since the app started" in error(again))
        assert stored(db) == (0, 1, 0, 0, 1)
        await pilot.press("4")
        await until(pilot, lambda: stored(db) == (0, 1, 0, 1, 1))
        await pilot.press("escape")
        await until_shown(pilot, AgendaScreen)
        await pilot.press("e")
        await until_shown(pilot, ClosingScreen)
        shown = plain(again.screen.query_one("#summary", Static).content)
        assert "Pulse: 3 of 3 present voted (100%) · average 3.7" in shown
        assert "5: 1 · 4: 1 · 3: 0 · 2: 1 · 1: 0" in shown


async def test_the_pulse_key_belongs_to_handoff(db, at_handoff):  # noqa: F811
    app = make_app(db, at_handoff)
    async with app.run_test(size=SIZE) as pilot:
        await open_at_handoff(pilot, app)
        assert app.screen.check_action("pulse", ()) is True
        await pilot.press("b")  # back to Dialogue
        await until(pilot, lambda: app.screen.check_action("pulse", ()) is False)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
