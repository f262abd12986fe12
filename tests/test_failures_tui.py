"""A database failure in the middle of a session: one clear message, the app stays up,
the typed text stays in the form, and nothing acknowledged is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool
from textual.widgets import Static

from facilitator.live_session import LiveSession
from facilitator.services import live
from screens.agenda import AgendaScreen
from screens.takeaway_form import TakeawayFormScreen
from screens.talks import TalksScreen

from conftest import FROZEN_NOW
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
    """Wait less than the real time for a lock another process holds."""
    if db.engine.dialect.name == "sqlite":
        statement = f"PRAGMA busy_timeout={milliseconds}"
    else:
        statement = f"SET lock_timeout = {milliseconds}"

    def shorter(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute(statement)
        cursor.close()
        if db.engine.dialect.name != "sqlite":
            connection.commit()

    event.listen(db.engine, "connect", shorter)
    db.engine.dispose()


@contextmanager
def another_cop_writing(db) -> Iterator[None]:
    """Another process holding the write lock: SQLite's, or on the server the takeaway
    table against writers (readers still read)."""
    if db.engine.dialect.name == "sqlite":
        other = sqlite3.connect(db.location.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    other = create_engine(db.location.url, poolclass=NullPool)
    with other.connect() as conn:
        transaction = conn.begin()
        conn.execute(text("LOCK TABLE takeaway IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            transaction.rollback()
    other.dispose()


def takeaway_texts(db) -> list[str]:
    with db.snapshot() as conn:
        return list(conn.execute(text("SELECT text FROM takeaway ORDER BY created_at")).scalars())


async def test_a_locked_database_keeps_the_typed_takeaway_in_the_form(db, running):
    shorter_busy_timeout(db, 100)
    app = make_app(db, running)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("y")  # resume
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        with another_cop_writing(db):
            await pilot.press("t")
            await pilot.pause()
            await type_text(pilot, "Typed while locked")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TakeawayFormScreen)  # still open
            assert app.screen.query_one("#text").value == "Typed while locked"
            error = str(app.screen.query_one("#error", Static).render())
            assert "is busy: another cop is writing to it; nothing was saved" in error
        await pilot.press("enter")  # the same text, saved once the lock is gone
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        assert app.is_running
    assert takeaway_texts(db) == ["Acknowledged before the failure", "Typed while locked"]


async def test_a_disk_error_while_opening_a_screen_is_reported_and_the_app_stays_up(db, running):
    failing = {"on": False}
    driver_error = db.engine.dialect.loaded_dbapi.OperationalError  # sqlite3's or psycopg's

    @event.listens_for(db.engine, "before_cursor_execute")
    def disk_error(conn, cursor, statement, parameters, context, executemany):
        if failing["on"]:
            raise driver_error("disk I/O error")

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
    assert len(takeaway_texts(db)) == 2
