"""A database failure in the middle of a session: one clear message, the app stays up,
the typed text stays in the form, and nothing acknowledged is lost."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event
from textual.widgets import Static

from facilitator.live_session import LiveSession
from facilitator.services import live
from screens.agenda import AgendaScreen
from screens.takeaway_form import TakeawayFormScreen
from screens.talks import TalksScreen

from conftest import FROZEN_NOW, sqlite_only
from tui_helpers import FakeTime, make_app, type_text


@pytest.fixture
def running(berlin_circle, db) -> FakeTime:
    fake = FakeTime()
    session_id = live.begin_session(db, None, FROZEN_NOW, "Ana Lima", "Agents")
    session = LiveSession(db, session_id, fake.session_time())
    session.start()
    session.add_takeaway("Acknowledged before the failure", "tip", None)
    return fake


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


def shorter_busy_timeout(db, milliseconds: int) -> None:
    """Wait less than the real five seconds for a lock another process holds."""
    event.listen(
        db.engine,
        "connect",
        lambda connection, _: connection.execute(f"PRAGMA busy_timeout={milliseconds}"),
    )
    db.engine.dispose()


@sqlite_only
async def test_a_locked_database_keeps_the_typed_takeaway_in_the_form(db, db_path, running):
    shorter_busy_timeout(db, 100)
    app = make_app(db, running)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("y")  # resume
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another cop holds the write lock
        await pilot.press("t")
        await pilot.pause()
        await type_text(pilot, "Typed while locked")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TakeawayFormScreen)  # still open
        assert app.screen.query_one("#text").value == "Typed while locked"
        error = str(app.screen.query_one("#error", Static).render())
        assert "is busy: another cop is writing to it; nothing was saved" in error
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("enter")  # the same text, saved once the lock is gone
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        assert app.is_running
    with sqlite3.connect(db_path) as conn:
        texts = [r[0] for r in conn.execute("SELECT text FROM takeaway ORDER BY created_at")]
    assert texts == ["Acknowledged before the failure", "Typed while locked"]


@sqlite_only
async def test_a_disk_error_while_opening_a_screen_is_reported_and_the_app_stays_up(
    db, db_path, running
):
    failing = {"on": False}

    @event.listens_for(db.engine, "before_cursor_execute")
    def disk_error(conn, cursor, statement, parameters, context, executemany):
        if failing["on"]:
            raise sqlite3.OperationalError("disk I/O error")

    app = make_app(db, running)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        failing["on"] = True
        await pilot.press("l")  # the talk queue reads the database as it opens
        await pilot.pause()
        assert any("disk I/O error" in t and "nothing was saved" in t for t in toasts(app))
        assert app.is_running
        if isinstance(app.screen, TalksScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        failing["on"] = False
        await pilot.press("t")
        await pilot.pause()
        await type_text(pilot, "Typed on a failing disk")
        failing["on"] = True
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TakeawayFormScreen)
        assert app.screen.query_one("#text").value == "Typed on a failing disk"
        failing["on"] = False
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen) and app.is_running
    assert app.return_code in (0, None)
    with sqlite3.connect(db_path) as conn:
        count = conn.execute("SELECT count(*) FROM takeaway").fetchone()[0]
    assert count == 2
