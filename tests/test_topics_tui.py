"""The Dialogue topic board by keys at 80×24: add, vote up to the room's dots, start the
most voted, run over, go on, move on, roll over at the end; and the same topic with the
same time left after the app is killed in the middle of it."""

from __future__ import annotations

import pytest
from test_live_tui import plain
from test_topics import in_dialogue
from textual.widgets import DataTable, Static

from facilitator.services.export import session_report
from screens.agenda import AgendaScreen
from screens.big_clock import BigClock
from screens.prompt import PromptScreen
from screens.topic_board import TopicBoardScreen

from tui_helpers import FakeTime, make_app, type_text, until, until_shown

SIZE = (80, 24)


@pytest.fixture
def dialogue(db, berlin_circle) -> tuple[FakeTime, str]:
    fake = FakeTime()
    session = in_dialogue(db, fake, present=1)  # the host and one more: 6 dots
    return fake, session.id


def shown(app, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).render())


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#topics", DataTable)
    return [[plain(cell).strip() for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_board(pilot, app) -> None:
    await pilot.pause()
    await pilot.press("y")  # resume the live session
    await until_shown(pilot, AgendaScreen)
    await until(pilot, lambda: "d Topics" in plain(app.screen.query_one("KeyBar").render()))
    await pilot.press("d")
    await until_shown(pilot, TopicBoardScreen)


async def add(pilot, text: str) -> None:
    await pilot.press("a")
    await until_shown(pilot, PromptScreen)
    await type_text(pilot, text)
    await pilot.press("enter")
    await until_shown(pilot, TopicBoardScreen)


async def test_a_whole_dialogue_by_keys(db, dialogue):
    fake, _ = dialogue
    app = make_app(db, fake)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot, app)
        assert "votes cast 0 of 6" in shown(app, "#votes")
        await add(pilot, "Agents [b]in[/b] HR")
        await add(pilot, "Which model?")
        await until(pilot, lambda: len(rows(app)) == 2)
        await pilot.press("down", "plus", "plus")  # two dots for "Which model?"
        await until(pilot, lambda: rows(app)[0][:2] == ["2", "Which model?"])
        await pilot.press("plus", "plus", "plus", "plus")
        await until(pilot, lambda: "votes cast 6 of 6" in shown(app, "#votes"))
        await pilot.press("plus")  # the room's dots are spent
        await until(pilot, lambda: "every dot is used" in shown(app, "#error"))
        assert rows(app)[0][0] == "6"
        await pilot.press("minus")
        await until(pilot, lambda: "votes cast 5 of 6" in shown(app, "#votes"))

        await pilot.press("enter")  # the most voted starts, 5 minutes
        await until(pilot, lambda: "Talking: Which model?" in shown(app, "#running"))
        assert "5:00 left" in shown(app, "#running")
        fake.advance(5 * 60 + 20)  # it runs over
        await until(pilot, lambda: "TIME'S UP" in shown(app, "#running"))
        assert "y go on (3 min) · n move on" in shown(app, "#running")
        await pilot.press("y")
        await until(pilot, lambda: "2:40 left" in shown(app, "#running"))
        fake.advance(3 * 60)
        await until(pilot, lambda: "TIME'S UP" in shown(app, "#running"))
        await pilot.press("n")  # move on: the next topic starts
        await until(pilot, lambda: "Talking: Agents [b]in[/b] HR" in shown(app, "#running"))
        assert rows(app)[1][3] == "✓ 8 min"  # 5:20 + 3:00, rounded

        await pilot.press("escape")
        await until_shown(pilot, AgendaScreen)
        await until(pilot, lambda: "Topic  Agents [b]in[/b] HR" in shown(app, "#part-name"))
        assert app.screen.query_one("#countdown", BigClock).value in ("5:00", "4:59")
        await add_in_agenda(pilot, app)
        await pilot.press("n")  # on to Handoff: the topic was talked through
        await until(pilot, lambda: "Handoff" in shown(app, "#part-name"))


async def add_in_agenda(pilot, app) -> None:
    """A third topic nobody reaches: it rolls over when the session ends."""
    await pilot.press("d")
    await until_shown(pilot, TopicBoardScreen)
    await add(pilot, "Not reached")
    await pilot.press("escape")
    await until_shown(pilot, AgendaScreen)


async def test_ending_rolls_over_what_the_room_did_not_reach(db, dialogue):
    fake, session_id = dialogue
    app = make_app(db, fake)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot, app)
        await add(pilot, "Not reached")
        await pilot.press("escape")
        await until_shown(pilot, AgendaScreen)
        app.screen.live.end(None, None)
    report = session_report(db, None, session_id)
    assert [t.text for t in report.rolled_over_topics] == ["Not reached"]


async def test_after_a_kill_the_same_topic_runs_with_the_time_it_had_left(db, dialogue):
    fake, _ = dialogue
    app = make_app(db, fake)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot, app)
        await add(pilot, "Survives")
        await pilot.press("enter")
        await until(pilot, lambda: "Talking: Survives" in shown(app, "#running"))
        fake.advance(100)
    # The app is gone without closing anything; a new one reads the stored events.
    again = make_app(db, fake)
    async with again.run_test(size=SIZE) as pilot:
        await open_board(pilot, again)
        await until(pilot, lambda: "Talking: Survives  3:20 left" in shown(again, "#running"))


async def test_the_closing_says_what_was_talked_through_and_what_rolls_over(db, dialogue):
    from screens.closing import ClosingScreen

    fake, _ = dialogue
    app = make_app(db, fake)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot, app)
        await add(pilot, "Talked")
        await pilot.press("enter")
        await until(pilot, lambda: "Talking: Talked" in shown(app, "#running"))
        await add(pilot, "Not reached")
        await pilot.press("escape")
        await until_shown(pilot, AgendaScreen)
        await pilot.press("n")  # Handoff
        await until(pilot, lambda: "Handoff" in shown(app, "#part-name"))
        await pilot.press("e")
        await until_shown(pilot, ClosingScreen)
        from rich.console import Console

        console = Console(width=76, record=True, file=__import__("io").StringIO())
        console.print(app.screen.query_one("#summary", Static).content)
        drawn = console.export_text()
        assert "Dialogue topics (1)\n  ✓ Talked" in drawn
        assert "Rolling over to the next session: Not reached" in drawn
