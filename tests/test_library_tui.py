"""The library screen: search as you type, filter, read an entry, open its session; and
the same search in front of a live session, whose clock keeps running."""

from __future__ import annotations

import pytest
from test_live_tui import countdown, plain
from textual.widgets import DataTable, Static

from facilitator.live_session import LiveSession
from facilitator.services import live
from screens.agenda import AgendaScreen
from screens.history import HistoryScreen
from screens.library import LibraryScreen

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app, type_text, until, until_shown


@pytest.fixture
def demo(demo_db):
    return demo_db


async def open_library(pilot) -> None:
    await pilot.pause()
    await pilot.press("k")
    await until_shown(pilot, LibraryScreen)


def rows(app) -> list[str]:
    return [e.text for e in app.screen.results.entries]


def detail(app) -> str:
    return plain(app.screen.query_one("#entry-text", Static).content)


async def test_typing_filters_and_the_pane_shows_the_whole_entry(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        assert "The most recent" in plain(app.screen.query_one("#status", Static).render())
        everything = len(rows(app))
        await type_text(pilot, "rewrite custom")
        await until(pilot, lambda: 0 < len(rows(app)) < everything)
        assert all("Rewrite" in text and "customer" in text for text in rows(app))
        await pilot.press("down")  # from the search box to the results
        await pilot.pause()
        assert app.screen.query_one("#entries", DataTable).has_focus
        shown = detail(app)
        assert "Rewrite this e-mail for a customer who is upset" in shown
        assert "From Thu" in shown and "Said by" in shown
        await pilot.press("enter")
        await until_shown(pilot, HistoryScreen)
        assert app.screen.wanted == app.screen_stack[-2].results.entries[0].session_id
        await pilot.press("escape")
        await until_shown(pilot, LibraryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LibraryScreen)


async def test_the_kind_filter_is_chosen_with_keys(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("tab")  # to the kind filter
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Every kind, tip, prompt
        await until(pilot, lambda: {e.kind.value for e in app.screen.results.entries} == {"prompt"})
        assert {e.kind.value for e in app.screen.results.entries} == {"prompt"}


async def test_searching_during_a_session_keeps_the_clock_running_and_links_an_entry(demo):
    fake = FakeTime()
    session_id = live.begin_session(demo, None, FROZEN_NOW, "Ana Lima", "Prompts")
    LiveSession(demo, session_id, fake.session_time()).start()
    app = make_app(demo, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("y")  # resume
        await until_shown(pilot, AgendaScreen)
        before = countdown(app)
        await pilot.press("k")
        await until_shown(pilot, LibraryScreen)
        await type_text(pilot, "spreadsheet")
        await until(pilot, lambda: bool(rows(app)))
        fake.advance(90)
        await pilot.press("down", "enter")  # Enter shows it; it does not leave the session
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        found = app.screen.selected()
        await pilot.press("l")  # link it to this session's discussion
        await until(pilot, lambda: "Linked to this session" in status(app))
        await pilot.press("l")  # twice is refused, in words
        await until(pilot, lambda: "already links" in status(app))
        await pilot.press("escape")
        await until_shown(pilot, AgendaScreen)
        revisit = f"Revisited from {found.session_day:%Y-%m-%d}: {found.text.splitlines()[0]}"
        assert [t.text for t in app.screen.live.takeaways()] == [revisit]
        await until(pilot, lambda: countdown(app) != before)
        assert countdown(app) == "13:30"  # 15:00 of Input, 90 s gone while searching


async def test_the_review_queue_and_verifying_an_entry(demo):
    from facilitator.services.library_curation import EntryFields, edit_entry, stale_entries
    from screens.prompt import PromptScreen

    newest = search_ids(demo)[0]
    edit_entry(demo, newest, EntryFields(title="Keep it current"), FROZEN_NOW)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("down", "v")
        await until(pilot, lambda: [e.id for e in app.screen.results.entries] == [newest])
        assert "Keep it current" in detail(app) and "never verified" in detail(app)
        await pilot.press("y")
        await until_shown(pilot, PromptScreen)
        await type_text(pilot, "Ana Lima")
        await pilot.press("enter")
        await until_shown(pilot, LibraryScreen)
        await until(pilot, lambda: "Verified today by Ana Lima" in status(app))
        assert "verified 2026-11-21 by Ana Lima" in detail(app)
    assert stale_entries(demo, None, FROZEN_NOW) == []


def search_ids(db) -> list[str]:
    from facilitator.services.library import search

    return [e.id for e in search(db, "").entries]


def status(app) -> str:
    return plain(app.screen.query_one("#status", Static).render())


async def test_an_entry_is_curated_from_its_pane(demo):
    from facilitator.services.library import search
    from screens.curation_form import CurationFormScreen

    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("down", "e")
        await until_shown(pilot, CurationFormScreen)
        chosen = app.screen.entry.id
        await pilot.press("tab")  # title kept: its first line
        await type_text(pilot, "style, writing")
        await pilot.press("tab", "tab", "tab")  # tool, model left empty; to the owner
        await type_text(pilot, "Hugo Martin")
        await pilot.press("ctrl+s")
        await until_shown(pilot, LibraryScreen)
        await until(pilot, lambda: "Saved:" in status(app))
        assert "tags: style, writing" in detail(app) and "owner: Hugo Martin" in detail(app)
    [entry] = [e for e in search(demo, "", limit=None).entries if e.id == chosen]
    assert entry.curation.tags == ("style", "writing") and entry.curation.owner == "Hugo Martin"
    assert entry.curation.status == "draft"
