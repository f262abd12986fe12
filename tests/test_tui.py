"""Pilot tests that press real keys and then look in the database."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from test_live_tui import plain
from textual.widgets import DataTable, Static

from facilitator.services.demo import load_demo
from facilitator.services.roster import MemberFields, add_member
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.member_form import MemberFormScreen
from screens.onboarding import OnboardingScreen
from screens.roster import RosterScreen
from store.models import Community, Member

from conftest import FROZEN_NOW
from tui_helpers import make_app, type_text


def members(db) -> dict[str, Member]:
    with db.session() as s:
        return {m.name: m for m in s.exec(select(Member)).all()}


async def test_onboarding_creates_the_community_and_first_members(db):
    app = make_app(db)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, OnboardingScreen)
        await type_text(pilot, "AI Circle")
        await pilot.press("tab", "tab", "tab", "tab")  # cadence, time, time zone, members
        await type_text(pilot, "Ana Lima, Engineering")
        await pilot.press("enter")
        await type_text(pilot, "Ben Okafor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with db.session() as s:
        community = s.exec(select(Community)).one()
    assert community.name == "AI Circle" and community.cadence == "every other thursday"
    assert members(db)["Ana Lima"].department == "Engineering"
    assert "Ben Okafor" in members(db)


async def test_onboarding_explains_a_problem_and_writes_nothing(db):
    app = make_app(db)
    async with app.run_test() as pilot:
        await type_text(pilot, "AI Circle")
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "Ana Lima, Engineering, not-an-email")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)
        error = str(app.screen.query_one("#error", Static).render())
        assert "Member line 1: 'not-an-email' is not a valid e-mail address" in error
    with db.session() as s:
        assert s.exec(select(Community)).all() == []


async def test_onboarding_can_load_the_sample(db):
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#recent", DataTable).row_count == 5
    assert len(members(db)) == 18


def _demo(db):
    load_demo(db, FROZEN_NOW)


async def test_adding_a_member_from_the_roster(db):
    _demo(db)
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("a")
        assert isinstance(app.screen, MemberFormScreen)
        await type_text(pilot, "Zoe Adams")
        await pilot.press("tab")
        await type_text(pilot, "zoe@example.com")
        await pilot.press("tab")
        await type_text(pilot, "Legal")
        await pilot.press("tab", "space")  # tick Champion
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 19
    zoe = members(db)["Zoe Adams"]
    assert (zoe.email, zoe.department, zoe.roles) == ("zoe@example.com", "Legal", "member,champion")
    assert zoe.joined_on == date(2026, 11, 21)


async def test_a_refused_member_keeps_the_form_open_with_the_reason(db):
    _demo(db)
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("r", "a")
        await type_text(pilot, "ana lima")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberFormScreen)
        assert "already on the roster" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, RosterScreen)
    assert len(members(db)) == 18


async def test_editing_the_selected_member(db):
    _demo(db)
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("r", "down")  # Ben Okafor, second by name
        await pilot.press("e")
        await pilot.press("tab", "tab")  # department
        await pilot.press("ctrl+u")
        await type_text(pilot, "Platform")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
    assert members(db)["Ben Okafor"].department == "Platform"


async def test_deactivating_asks_first(db):
    _demo(db)
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("r", "d", "n")
        assert members(db)["Ana Lima"].active
        await pilot.press("d", "y")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 17
        await pilot.press("i")
        assert app.screen.query_one(DataTable).row_count == 18
    assert not members(db)["Ana Lima"].active


async def test_typing_filters_the_roster(db):
    _demo(db)
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("r", "slash")
        await type_text(pilot, "finance")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("escape")  # clears the filter first
        assert table.row_count == 18
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_user_text_is_never_read_as_markup(db):
    _demo(db)
    add_member(
        db, None, MemberFields(name="[b]Eve[/b] <x> | y", department="[red]Ops"), date(2026, 1, 1)
    )
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("r", "slash")
        await type_text(pilot, "eve")
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "[b]Eve[/b] <x> | y"
        assert str(table.get_row_at(0)[1]) == "[red]Ops"


async def test_question_mark_shows_the_keys(db):
    _demo(db)
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = plain(app.screen.query_one("#keys", Static).content)
        assert shown.index("Roster") < shown.index("Everywhere")  # cop's keys first
        assert "Cursor up" not in shown
        await pilot.press("question_mark")
        assert isinstance(app.screen, HomeScreen)


async def test_a_long_roster_reads_a_page_draws_a_screenful_first_and_reads_on(db):
    """150 members: the screen reads the first 100 (their figures count the history), draws
    a screenful of them before the paint and the rest right after; scrolling near the end
    reads the next page; an edit of a member far down the list keeps the cursor on them."""
    from screens.roster import LOAD_AHEAD, PAGE
    from screens.text_table import FIRST_ROWS

    from tui_helpers import until

    _demo(db)
    for number in range(132):
        add_member(db, None, MemberFields(name=f"Zz Member {number:03}"), date(2026, 1, 5))
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count == PAGE)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        count = str(screen.query_one("#count", Static).render())
        assert count == "150 of 150 active members · 100 read, more as you scroll"
        while table.cursor_row < PAGE - LOAD_AHEAD - 1:
            await pilot.press("pagedown")
            await pilot.pause()
        assert len(screen.members) in (PAGE, 150)
        await pilot.press("pagedown")
        await until(pilot, lambda: table.row_count == 150)
        assert str(screen.query_one("#count", Static).render()) == "150 of 150 active members"
        assert [m.name for m in screen.members] == sorted(m.name for m in screen.members)
        assert FIRST_ROWS < 150
        last = next(m for m in screen.members if m.name == "Zz Member 131")
        screen.fill(select=last.id)
        assert table.row_count == FIRST_ROWS  # the rest follows the next paint
        await until(pilot, lambda: table.row_count == 150)
        assert screen.selected().name == "Zz Member 131"
